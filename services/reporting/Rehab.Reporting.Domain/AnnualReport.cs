using Rehab.BuildingBlocks.Domain;

namespace Rehab.Reporting.Domain;

/// <summary>The published columns: K = kvinnor, M = män, T = totalt (K + M + unspecified, §9.8).</summary>
public enum Column
{
    K = 0,
    M = 1,
    T = 2,
}

public enum Measure
{
    Count = 0,
    MeanDays = 1,
    /// <summary>A percentage, rounded to the cell's decimals as published (whole percent in Tabell 2–3, one decimal in Tabell 4–5).</summary>
    SharePercent = 2,
    /// <summary>The nearest-rank median of day counts (Rehab.Metrics.Statistics, D15); the denominator is the count.</summary>
    MedianDays = 3,
}

/// <summary>
/// One cell. <see cref="Value"/> is the number at the published precision (compare numbers, not strings: D14); <see cref="Exact"/>
/// is the unrounded value; for shares and means <see cref="Numerator"/>/<see cref="Denominator"/> are the sum or count and the
/// population. A suppressed cell (§9.12) carries no value. A <see cref="Partial"/> cell is a cohort cell whose follow-up window has
/// not closed for every member as of the report (002 censoring, §10 Q9): its value is over the <see cref="Denominator"/> members
/// observable so far (no value when none is).
/// </summary>
public sealed record ReportCell(string TableId, string Row, Column Column, Measure Measure, decimal? Value, decimal? Exact, long Numerator, long Denominator, int Decimals)
{
    /// <summary>Withheld as a small cell (§9.12); a cell with no population has no value either but is not suppressed.</summary>
    public bool Suppressed { get; init; }

    /// <summary>A cohort cell whose follow-up window is not yet over for every member (censored at the as-of date); n is its Denominator.</summary>
    public bool Partial { get; init; }
}

/// <summary>A definition the report rests on: the table ("*" = every table), the row ("*" = every row) and the rule in words.</summary>
public sealed record ReportDefinition(string TableId, string Row, string Text);

/// <summary>A table of the report: its stable id ("000.1" … "000.5", "003.n", "001.n", "002.n") and its title as published.</summary>
public sealed record TableInfo(string TableId, string Title);

/// <summary>The ids of 000 Tabell 1–5.</summary>
public static class TableIds
{
    public static string Tabell(int number) => $"000.{number}";
}

/// <summary>The annual tables for <see cref="Year"/> as recorded at <see cref="AsOf"/>, with their definitions and parameters.</summary>
public sealed record AnnualReport(int Year, DateTimeOffset AsOf, IReadOnlyList<TableInfo> Tables, IReadOnlyList<ReportCell> Cells,
    IReadOnlyList<ReportDefinition> Definitions, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    public ReportCell Cell(string tableId, string row, Column column) =>
        Cells.SingleOrDefault(c => c.TableId == tableId && c.Row == row && c.Column == column)
        ?? throw new KeyNotFoundException($"{tableId} {row} {column}");

    /// <summary>A cell of 000 Tabell <paramref name="table"/>.</summary>
    public ReportCell Cell(int table, string row, Column column) => Cell(TableIds.Tabell(table), row, column);
}

/// <summary>Accumulates the K/M/T values of one row.</summary>
internal sealed class RowTally
{
    private readonly long[] _numerators = new long[3];
    private readonly long[] _denominators = new long[3];

    public void Add(Gender gender, long numerator, long denominator = 1)
    {
        foreach (var column in ColumnsOf(gender))
        {
            _numerators[(int)column] += numerator;
            _denominators[(int)column] += denominator;
        }
    }

    public long Numerator(Column c) => _numerators[(int)c];
    public long Denominator(Column c) => _denominators[(int)c];

    public static IEnumerable<Column> ColumnsOf(Gender gender) => gender switch
    {
        Gender.Woman => [Column.K, Column.T],
        Gender.Man => [Column.M, Column.T],
        _ => [Column.T],
    };

    public IEnumerable<ReportCell> Counts(string table, string row) =>
        Enum.GetValues<Column>().Select(c => new ReportCell(table, row, c, Measure.Count, _numerators[(int)c], _numerators[(int)c], _numerators[(int)c], 0, 0));

    /// <summary>How many values a mean row holds (its denominator), as a count row.</summary>
    public IEnumerable<ReportCell> ValueCounts(string table, string row) =>
        Enum.GetValues<Column>().Select(c => new ReportCell(table, row, c, Measure.Count, _denominators[(int)c], _denominators[(int)c], _denominators[(int)c], 0, 0));

    /// <summary>The mean of day counts: numerator = the sum of days, denominator = the count; rounded to whole days as published.</summary>
    public IEnumerable<ReportCell> Means(string table, string row) => Enum.GetValues<Column>().Select(c =>
    {
        var (sum, n) = (_numerators[(int)c], _denominators[(int)c]);
        decimal? exact = n == 0 ? null : (decimal)sum / n;
        return new ReportCell(table, row, c, Measure.MeanDays, exact is { } e ? Rounding.Round(e, 0) : null, exact, sum, n, 0);
    });

    public IEnumerable<ReportCell> Shares(string table, string row, int decimals) => Enum.GetValues<Column>().Select(c =>
    {
        var (num, den) = (_numerators[(int)c], _denominators[(int)c]);
        decimal? exact = den == 0 ? null : 100m * num / den;
        return new ReportCell(table, row, c, Measure.SharePercent, exact is { } e ? Rounding.Round(e, decimals) : null, exact, num, den, decimals);
    });
}

public static class Rounding
{
    /// <summary>Half away from zero, as the agencies' tables read (a share of exactly x,5 % is published as x+1 %) [INF].</summary>
    public static decimal Round(decimal value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);
}
