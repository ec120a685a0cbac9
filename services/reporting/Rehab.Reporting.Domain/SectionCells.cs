using Rehab.BuildingBlocks.Domain;
using Rehab.Metrics;

namespace Rehab.Reporting.Domain;

/// <summary>Day counts per K/M/T column: the mean (exact sum ÷ n), the nearest-rank median (Rehab.Metrics, D15) and the count.</summary>
internal sealed class DaysTally
{
    private readonly List<int>[] _days = [[], [], []];

    public void Add(Gender gender, int days)
    {
        foreach (var column in RowTally.ColumnsOf(gender)) _days[(int)column].Add(days);
    }

    public int Count(Column column) => _days[(int)column].Count;

    /// <summary>Rows "<paramref name="prefix"/>.mean_days", ".median_days" and ".count".</summary>
    public IEnumerable<ReportCell> Cells(string table, string prefix) => Enum.GetValues<Column>().SelectMany(c =>
    {
        var values = _days[(int)c];
        var n = values.Count;
        var sum = values.Sum(v => (long)v);
        decimal? mean = n == 0 ? null : (decimal)sum / n;
        decimal? median = n == 0 ? null : Statistics.Of(values).Median;
        return new[]
        {
            new ReportCell(table, $"{prefix}.mean_days", c, Measure.MeanDays, mean is { } m ? Rounding.Round(m, 0) : null, mean, sum, n, 0),
            new ReportCell(table, $"{prefix}.median_days", c, Measure.MedianDays, median, median, 0, n, 0),
            new ReportCell(table, $"{prefix}.count", c, Measure.Count, n, n, n, 0, 0),
        };
    });
}

internal static class SectionCells
{
    /// <summary>Each column's count of <paramref name="part"/> as a share of the same column's count of <paramref name="whole"/>.</summary>
    public static IEnumerable<ReportCell> SharesOf(RowTally part, RowTally whole, string table, string row, int decimals) =>
        SharesOf(part, whole.Numerator, table, row, decimals);

    /// <summary>Each column's count of <paramref name="part"/> as a share of <paramref name="denominator"/> of that column.</summary>
    public static IEnumerable<ReportCell> SharesOf(RowTally part, Func<Column, long> denominator, string table, string row, int decimals) => Enum.GetValues<Column>().Select(c =>
    {
        var (num, den) = (part.Numerator(c), denominator(c));
        decimal? exact = den == 0 ? null : 100m * num / den;
        return new ReportCell(table, row, c, Measure.SharePercent, exact is { } e ? Rounding.Round(e, decimals) : null, exact, num, den, decimals);
    });

    /// <summary>Full years of age on <paramref name="date"/>.</summary>
    public static int AgeOn(DateOnly birth, DateOnly date) =>
        date.Year - birth.Year - (date.Month < birth.Month || (date.Month == birth.Month && date.Day < birth.Day) ? 1 : 0);
}
