using Rehab.Reporting.Domain;

namespace Rehab.Population;

/// <summary>
/// Integer choices that reproduce rounded published figures. The K and M cells are rounded separately and T is rounded from
/// their sums, so each choice is a pair (K, M) whose K, M and T values all round to the published ones.
/// </summary>
public static class Solver
{
    /// <summary>The first pair (in the given preference orders) that satisfies <paramref name="total"/>.</summary>
    public static (int K, int M) Pair(IEnumerable<int> ks, IReadOnlyList<int> ms, Func<int, int, bool> total, string what)
    {
        foreach (var k in ks)
            foreach (var m in ms)
                if (total(k, m)) return (k, m);
        throw new InvalidOperationException($"no integer choice reproduces {what}");
    }

    /// <summary>
    /// As <see cref="Pair"/>; when the published T cannot be reached from any K and M that round as published (the source is
    /// internally inconsistent, like 000 Tabell 3 2024, D14), the best K and M, and the finding is recorded.
    /// </summary>
    public static (int K, int M) PairOrInconsistent(IReadOnlyList<int> ks, IReadOnlyList<int> ms, Func<int, int, bool> total, string what, List<string> findings)
    {
        try
        {
            return Pair(ks, ms, total, what);
        }
        catch (InvalidOperationException)
        {
            findings.Add($"{what}: the published T is not reachable from the published K and M; T is computed from K + M");
            return (ks[0], ms[0]);
        }
    }

    /// <summary>Day sums s whose mean s/n rounds to <paramref name="mean"/>, nearest to n·mean first (exact when possible).</summary>
    public static IReadOnlyList<int> MeanSums(int n, int mean) =>
        Enumerable.Range(-n / 2, n + 1).OrderBy(Math.Abs).ThenBy(d => d).Select(d => n * mean + d)
            .Where(s => RoundsTo(s, n, mean, 0, 1m)).ToList();

    /// <summary>Numerators x of 0..d whose percentage of d rounds to <paramref name="percent"/>.</summary>
    public static IReadOnlyList<int> ShareNumerators(int d, decimal percent, int decimals) =>
        Enumerable.Range(0, d + 1).Where(x => RoundsTo(x, d, percent, decimals, 100m))
            .OrderBy(x => Math.Abs(100m * x / d - percent)).ToList();

    /// <summary>Denominators d ≥ n over which n is <paramref name="percent"/> at the given precision, nearest the ideal first.</summary>
    public static IReadOnlyList<int> ShareDenominators(int n, decimal percent, int decimals)
    {
        var ideal = (int)(100m * n / percent);
        return Enumerable.Range(Math.Max(n, ideal - ideal / 10 - 5), ideal / 5 + 10).Where(d => RoundsTo(n, d, percent, decimals, 100m))
            .OrderBy(d => Math.Abs(d - ideal)).ToList();
    }

    public static bool RoundsTo(long numerator, long denominator, decimal expected, int decimals, decimal scale) =>
        denominator > 0 && Rounding.Round(scale * numerator / denominator, decimals) == expected;
}
