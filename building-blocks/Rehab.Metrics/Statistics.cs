namespace Rehab.Metrics;

/// <summary>Count, mean, median and 90th percentile of a set of day counts. Percentiles by nearest rank (D15).</summary>
public sealed record Statistics(int Count, double Mean, int Median, int P90)
{
    public static Statistics Of(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return new Statistics(0, 0, 0, 0);
        // The sum is exact (integers), so the mean does not depend on the order values arrived in.
        var sum = sorted.Aggregate(0L, (s, v) => s + v);
        return new Statistics(sorted.Length, (double)sum / sorted.Length, NearestRank(sorted, 50), NearestRank(sorted, 90));
    }

    /// <summary>
    /// The nearest-rank percentile: the value at 1-based rank ⌈p/100 · N⌉ of the sorted values (the median is p = 50, so of an
    /// even count it is the lower middle value, never an average).
    /// </summary>
    public static int NearestRank(IReadOnlyList<int> sorted, int percentile)
    {
        if (sorted.Count == 0) throw new ArgumentException("no values", nameof(sorted));
        if (percentile is <= 0 or > 100) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "0 < p ≤ 100");
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
        return sorted[Math.Max(rank, 1) - 1];
    }
}
