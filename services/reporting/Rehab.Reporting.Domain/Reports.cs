namespace Rehab.Reporting.Domain;

/// <summary>What a caller asks for: the tables (empty = every table) of a year as of an instant, nationally or for one region.</summary>
public sealed record ReportQuery(int Year, DateTimeOffset AsOf, IReadOnlyList<string> TableIds, string? RegionId)
{
    public bool IsRegional => !string.IsNullOrEmpty(RegionId);

    public bool Includes(string tableId) => TableIds.Count == 0 || TableIds.Contains(tableId);
}

/// <summary>
/// The annual report over an input log: the revisions that count as of the instant, restricted to a region when asked, computed
/// by every section. The national report is the agencies' published view (no suppression); below national level cells whose
/// population is under the threshold are suppressed (§9.12).
/// </summary>
public static class Reports
{
    /// <summary>Every table id the sections compute.</summary>
    public static IReadOnlySet<string> KnownTableIds { get; } = AnnualTables.Sections.SelectMany(s => s.Tables).Select(t => t.TableId).ToHashSet(StringComparer.Ordinal);

    public static AnnualReport Annual(IEnumerable<ReportInput> rows, ReportQuery query, ReportParameters parameters, int smallCellThreshold) =>
        OfLatest(InputLog.Latest(rows, query.AsOf), query, parameters, smallCellThreshold);

    /// <param name="latest">The revisions that count as of <see cref="ReportQuery.AsOf"/>.</param>
    public static AnnualReport OfLatest(IReadOnlyCollection<ReportInput> latest, ReportQuery query, ReportParameters parameters, int smallCellThreshold)
    {
        var rows = query.IsRegional ? RegionView.Restrict(latest, query.RegionId!) : latest;
        var p = parameters with { SmallCellThreshold = query.IsRegional ? smallCellThreshold : 0 };
        var report = AnnualTables.Compute(new ReportSnapshot(query.AsOf, rows), query.Year, p);
        if (query.TableIds.Count == 0) return report;
        return report with
        {
            Tables = report.Tables.Where(t => query.Includes(t.TableId)).ToList(),
            Cells = report.Cells.Where(c => query.Includes(c.TableId)).ToList(),
            Definitions = report.Definitions.Where(d => d.TableId == "*" || query.Includes(d.TableId)).ToList(),
        };
    }
}
