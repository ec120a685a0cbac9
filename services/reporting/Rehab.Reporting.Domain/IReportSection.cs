namespace Rehab.Reporting.Domain;

/// <summary>
/// A group of the annual report's tables computed from one snapshot (000 Tabell 1–5; the 003 occupation tables; the 001 KPIs; the
/// 002 cohort outcomes). Pure: the same snapshot, year and parameters give the same cells. Register a section in
/// <see cref="AnnualTables.Sections"/>.
/// </summary>
public interface IReportSection
{
    IReadOnlyList<TableInfo> Tables { get; }

    IEnumerable<ReportDefinition> Definitions(ReportParameters parameters);

    IEnumerable<ReportCell> Compute(ReportSnapshot snapshot, int year, ReportParameters parameters);
}
