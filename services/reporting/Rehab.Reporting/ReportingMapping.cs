using System.Globalization;
using System.Text;
using Rehab.BuildingBlocks.Rpc;
using Domain = Rehab.Reporting.Domain;
using Proto = Rehab.Contracts.Reporting.V1;

namespace Rehab.Reporting;

/// <summary>Domain reports → contract messages, and the CSV export.</summary>
public static class ReportingMapping
{
    public static Proto.AnnualReport ToContract(this Domain.AnnualReport report, string? regionId)
    {
        var message = new Proto.AnnualReport { Year = report.Year, AsOf = report.AsOf.ToProto(), RegionId = regionId ?? "" };
        var cells = report.Cells.ToLookup(c => c.TableId, StringComparer.Ordinal);
        foreach (var table in report.Tables)
        {
            var t = new Proto.ReportTable { TableId = table.TableId, Title = table.Title };
            t.Cells.AddRange(cells[table.TableId].Select(ToContract));
            message.Tables.Add(t);
        }
        message.Definitions.AddRange(report.Definitions.Select(ToContract));
        message.Parameters.AddRange(report.Parameters.Select(p => new Proto.ReportParameter { Name = p.Key, Value = p.Value, Description = Describe(p.Key) }));
        return message;
    }

    public static Proto.ReportCell ToContract(this Domain.ReportCell cell)
    {
        var message = new Proto.ReportCell
        {
            Row = cell.Row, Column = ToContract(cell.Column), Measure = ToContract(cell.Measure), Decimals = cell.Decimals, Suppressed = cell.Suppressed, Partial = cell.Partial,
        };
        if (cell.Value is { } value)
        {
            message.Value = (double)value;
            message.Numerator = cell.Numerator;
            if (cell.Measure != Domain.Measure.Count) message.Denominator = cell.Denominator;
        }
        return message;
    }

    public static Proto.ReportDefinition ToContract(this Domain.ReportDefinition d) => new() { TableId = d.TableId, Row = d.Row, Text = d.Text };

    public static Proto.Column ToContract(Domain.Column column) => column switch
    {
        Domain.Column.K => Proto.Column.Women,
        Domain.Column.M => Proto.Column.Men,
        Domain.Column.T => Proto.Column.Total,
        _ => Proto.Column.Unspecified,
    };

    /// <summary>By name, so a measure a section adds (e.g. MedianDays) maps without an entry here.</summary>
    public static Proto.Measure ToContract(Domain.Measure measure) =>
        Enum.TryParse<Proto.Measure>(measure.ToString(), out var m) ? m : Proto.Measure.Unspecified;

    public static Proto.AnnualReportDiff ToContract(this Domain.AnnualReportDiff diff)
    {
        var message = new Proto.AnnualReportDiff
        {
            Year = diff.Year, FromAsOf = diff.FromAsOf.ToProto(), ToAsOf = diff.ToAsOf.ToProto(), RegionId = diff.RegionId ?? "",
        };
        message.Changes.AddRange(diff.Changes.Select(c =>
        {
            var change = new Proto.CellChange { TableId = c.TableId, Row = c.Row, Column = ToContract(c.Column) };
            if (c.FromValue is { } from) change.FromValue = (double)from;
            if (c.ToValue is { } to) change.ToValue = (double)to;
            change.LateFacts.AddRange(c.LateFacts.Select(f => new Proto.LateFact
            {
                Reference = f.Reference, Kind = f.Kind, EffectiveDate = f.EffectiveDate.ToProto(), RecordedAt = f.RecordedAt.ToProto(),
            }));
            return change;
        }));
        return message;
    }

    public static Proto.Capacity ToContract(this Domain.CapacityView view)
    {
        var message = new Proto.Capacity
        {
            Year = view.Year, AsOf = view.AsOf.ToProto(), ThroughDate = view.ThroughDate.ToProto(), PlannedForYear = view.PlannedForYear,
            YearToDate = view.YearToDate, ProjectedForYear = view.ProjectedForYear, PacePercent = (double)view.PacePercent,
        };
        message.Regions.AddRange(view.Regions.Select(r =>
        {
            var region = new Proto.RegionCapacity { RegionId = r.RegionId, RegionName = r.RegionName, Suppressed = r.Suppressed };
            if (r.YearToDate is { } ytd) region.YearToDate = ytd;
            if (r.ProjectedForYear is { } projected) region.ProjectedForYear = projected;
            return region;
        }));
        message.Definitions.AddRange(view.Definitions.Select(ToContract));
        return message;
    }

    public const string CsvHeader = "table_id,title,row,column,measure,value,numerator,denominator,decimals,suppressed,partial";

    /// <summary>
    /// RFC 4180 CSV (CRLF, quoted where needed, invariant culture), one row per cell; the report's year, as-of, region, parameters
    /// and definitions come first as lines starting with <c>#</c>.
    /// </summary>
    public static string ToCsv(Proto.AnnualReport report)
    {
        var csv = new StringBuilder();
        void Line(params string[] fields) => csv.Append(string.Join(',', fields.Select(Quote))).Append("\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"# year: {report.Year}\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"# as_of: {report.AsOf.ToDateTimeOffset():O}\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"# region: {(report.RegionId.Length == 0 ? "national" : Comment(report.RegionId))}\r\n");
        foreach (var p in report.Parameters) csv.Append(CultureInfo.InvariantCulture, $"# parameter {Comment(p.Name)} = {Comment(p.Value)}\r\n");
        foreach (var d in report.Definitions) csv.Append(CultureInfo.InvariantCulture, $"# definition {Comment(d.TableId)} {Comment(d.Row)}: {Comment(d.Text)}\r\n");
        csv.Append(CsvHeader).Append("\r\n");
        foreach (var table in report.Tables)
            foreach (var c in table.Cells)
                Line(table.TableId, table.Title, c.Row, c.Column.ToString(), c.Measure.ToString(),
                    c.HasValue ? c.Value.ToString("F" + c.Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "",
                    c.HasNumerator ? c.Numerator.ToString(CultureInfo.InvariantCulture) : "",
                    c.HasDenominator ? c.Denominator.ToString(CultureInfo.InvariantCulture) : "",
                    c.Decimals.ToString(CultureInfo.InvariantCulture), c.Suppressed ? "true" : "false", c.Partial ? "true" : "false");
        return csv.ToString();
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) < 0 && !field.StartsWith('#') ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Comment(string text) => text.ReplaceLineEndings(" ");

    private static string Describe(string parameter) => parameter switch
    {
        "activity_compensation_types" => "Benefit types of the AE rows",
        "sickness_benefit_types" => "Benefit types of the SP rows",
        "intervention_within_days" => "Tabell 2: days after the conclusion within which the participation must start",
        "attendance_days_before_refusal" => "Tabell 4: an omställningsmöte counts for a refusal when held at most this many days before it",
        "attendance_days_after_refusal" => "Tabell 4: ... or at most this many days after it",
        "sickness_refusal_from_chain_day" => "Tabell 4/5 SP population: refusals from this rehabilitation-chain day",
        "no_chain_statuses" => "Tabell 4/5 SP population: refusals without a chain in these situations (footnote 24)",
        "registration_within_days" => "Tabell 5: an AF registration counts when open within this many days of the held date",
        "small_cell_threshold" => "Cells whose population is below this are suppressed (0 = the national, published view)",
        _ => "",
    };
}
