using System.Globalization;
using Rehab.Contracts.Reporting.V1;

namespace Rehab.Cli;

/// <summary><c>rehab reports …</c>: the annual follow-up report (tables of K/M/T cells), its CSV export and diffs, and the capacity view.</summary>
internal static class ReportsCommands
{
    private const string Year = "<year>";

    private static readonly OptionSpec Tables = new("tables", "only these tables, e.g. 000.1,003.2 (default: every table)", "ids", Repeatable: true);

    private static readonly OptionSpec Region = new("region", "only this region (default: national; small cells are suppressed below national level)", "region-id");

    public static CommandSpec[] All { get; } =
    [
        new("reports", "annual", "Shows the annual follow-up report of a year: each table's rows by K (women), M (men) and T (total).", [Year],
        [
            new("as-of", "the report as the platform knew it at this instant (yyyy-MM-dd, or a date and time); default now", "date-time"),
            Tables, Region,
            new("csv", "write the service's CSV export (one row per cell, definitions as comments) to this file instead; '-' for standard output", "file"),
        ], AnnualAsync,
        "Aggregates only: an Analyst may run it. A report as of an earlier instant is reproducible: facts recorded later are ignored.\n"
        + "In the tables '..' is a suppressed small cell, '-' a cell without population and '*' a partial cohort value (its follow-up\n"
        + "window has not closed for everyone yet). --output json prints the whole report with its definitions and parameters."),
        new("reports", "diff", "Shows the cells of a year's report that changed between two as-of instants, with the late facts that changed them.", [Year],
        [
            new("from", "the earlier as-of instant (yyyy-MM-dd, or a date and time)", "date-time"),
            new("to", "the later as-of instant (default now)", "date-time"),
            Tables, Region,
        ], DiffAsync, "Late facts are named by their source record or event id, never by the person they are about."),
        new("reports", "capacity", "Shows the joint assessments of a year so far against the planned level, with a projection, per region.", [Year],
        [
            new("as-of", "as the platform knew it at this instant (default now)", "date-time"),
        ], CapacityAsync),
    ];

    private static async Task<int> AnnualAsync(Invocation inv)
    {
        var year = inv.YearArgument(0);
        var asOf = inv.OptionalInstant("as-of");
        var tables = inv.Many("tables");
        var region = inv.Option("region");
        if (inv.Option("csv") is { } csv)
        {
            var export = await inv.Client.Reports.ExportAnnualReportAsync(year, asOf, tables, region);
            if (csv == "-")
            {
                await inv.Out.Writer.WriteAsync(System.Text.Encoding.UTF8.GetString(export.Data));
                return ExitCodes.Ok;
            }

            await File.WriteAllBytesAsync(csv, export.Data);
            await inv.Err.WriteLineAsync($"rehab: wrote the {year} report ({export.Data.Length} bytes, {export.ContentType}) to {csv}");
            return ExitCodes.Ok;
        }

        var report = await inv.Client.Reports.GetAnnualReportAsync(year, asOf, tables, region);
        if (inv.Out.IsJson)
        {
            inv.Out.Record(report, []);
            return ExitCodes.Ok;
        }

        var w = inv.Out.Writer;
        w.WriteLine($"annual report {report.Year} as of {Names.Instant(report.AsOf)}, {(report.RegionId.Length > 0 ? "region " + report.RegionId : "national")}");
        foreach (var table in report.Tables)
        {
            w.WriteLine();
            w.WriteLine($"{table.TableId}  {table.Title}");
            inv.Out.Rows(["ROW", "MEASURE", "K", "M", "T"], Grid(table));
        }

        if (report.Tables.Any(t => t.Cells.Any(c => c.Suppressed || c.Partial)))
        {
            w.WriteLine();
            w.WriteLine(".. suppressed small cell   * partial: the follow-up window has not closed for everyone");
        }

        return ExitCodes.Ok;
    }

    /// <summary>A table's rows (in the order the service gives them) by K, M and T.</summary>
    internal static IReadOnlyList<string[]> Grid(ReportTable table) =>
        table.Cells.GroupBy(c => c.Row).Select(row =>
        {
            string Cell(Column column) => row.FirstOrDefault(c => c.Column == column) is { } cell ? Value(cell) : "";
            return new[] { row.Key, MeasureName(row.First().Measure), Cell(Column.Women), Cell(Column.Men), Cell(Column.Total) };
        }).ToList();

    private static string MeasureName(Measure measure) => measure switch
    {
        Contracts.Reporting.V1.Measure.Count => "count",
        Contracts.Reporting.V1.Measure.MeanDays => "mean days",
        Contracts.Reporting.V1.Measure.MedianDays => "median days",
        Contracts.Reporting.V1.Measure.SharePercent => "%",
        _ => "",
    };

    internal static string Value(ReportCell cell)
    {
        if (cell.Suppressed) return "..";
        if (!cell.HasValue) return "-";
        return Number(cell.Value, cell.Decimals) + (cell.Partial ? "*" : "");
    }

    private static string Number(double value, int decimals) =>
        value.ToString("F" + Math.Clamp(decimals, 0, 6).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static async Task<int> DiffAsync(Invocation inv)
    {
        var year = inv.YearArgument(0);
        var from = inv.InstantOption("from");
        var diff = await inv.Client.Reports.DiffAnnualReportsAsync(year, from, inv.OptionalInstant("to"), inv.Many("tables"), inv.Option("region"));
        if (inv.Out.IsJson)
        {
            inv.Out.Record(diff, []);
            return ExitCodes.Ok;
        }

        inv.Out.Writer.WriteLine($"annual report {diff.Year}: changes from {Names.Instant(diff.FromAsOf)} to {Names.Instant(diff.ToAsOf)}, "
                                 + (diff.RegionId.Length > 0 ? "region " + diff.RegionId : "national"));
        inv.Out.Writer.WriteLine();
        inv.Out.Rows(["TABLE", "ROW", "COLUMN", "FROM", "TO", "LATE_FACTS"], diff.Changes.Select(c => new[]
        {
            c.TableId, c.Row, ColumnName(c.Column), c.HasFromValue ? Number(c.FromValue, 2) : "-", c.HasToValue ? Number(c.ToValue, 2) : "-",
            string.Join(", ", c.LateFacts.Take(3).Select(f => $"{f.Kind} {f.Reference} ({Names.Date(f.EffectiveDate)})"))
                + (c.LateFacts.Count > 3 ? $" and {c.LateFacts.Count - 3} more" : ""),
        }).ToList());
        return ExitCodes.Ok;
    }

    private static string ColumnName(Column column) => column switch
    {
        Contracts.Reporting.V1.Column.Women => "K",
        Contracts.Reporting.V1.Column.Men => "M",
        Contracts.Reporting.V1.Column.Total => "T",
        _ => "",
    };

    private static async Task<int> CapacityAsync(Invocation inv)
    {
        var capacity = await inv.Client.Reports.GetCapacityAsync(inv.YearArgument(0), inv.OptionalInstant("as-of"));
        if (inv.Out.IsJson)
        {
            inv.Out.Record(capacity, []);
            return ExitCodes.Ok;
        }

        string Count(long n) => n.ToString(CultureInfo.InvariantCulture);
        inv.Out.Record(capacity,
        [
            ("year", capacity.Year.ToString(CultureInfo.InvariantCulture)),
            ("as_of", Names.Instant(capacity.AsOf)),
            ("through_date", Names.Date(capacity.ThroughDate)),
            ("planned_for_year", Count(capacity.PlannedForYear)),
            ("year_to_date", Count(capacity.YearToDate)),
            ("projected_for_year", Count(capacity.ProjectedForYear)),
            ("pace_percent", Number(capacity.PacePercent, 1)),
        ]);
        inv.Out.Writer.WriteLine();
        inv.Out.Rows(["REGION", "NAME", "YEAR_TO_DATE", "PROJECTED_FOR_YEAR"], capacity.Regions.Select(r => new[]
        {
            r.RegionId, r.RegionName, r.Suppressed || !r.HasYearToDate ? ".." : Count(r.YearToDate),
            r.Suppressed || !r.HasProjectedForYear ? ".." : Count(r.ProjectedForYear),
        }).ToList());
        return ExitCodes.Ok;
    }
}
