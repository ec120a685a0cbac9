using Rehab.Cli;
using Rehab.Contracts.Reporting.V1;
using Rehab.Testing;
using Xunit;

namespace Rehab.Client.Tests;

/// <summary>
/// <c>rehab reports …</c> without the reporting service (its end-to-end tests come with the service): the command line is checked
/// before any call and a table prints its rows by K, M and T as the annual report shows them.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class RehabToolReportsTests
{
    private static readonly string[] Analyst = ["--role", "Analyst"];

    private static Tool Nobody() => new(new Uri($"http://127.0.0.1:{ClosedPort.Reserve()}"));

    [Theory]
    [InlineData("--year: not a year", "reports", "annual", "25", "'25' is not a year (yyyy)")]
    [InlineData("year missing", "reports", "capacity", "", "rehab reports capacity: missing <year>")]
    [InlineData("diff needs --from", "reports", "diff", "2025", "rehab reports diff: --from is required")]
    [InlineData("malformed as-of", "reports", "annual", "2025 --as-of yesterday", "--as-of: 'yesterday' is not a date and time")]
    [InlineData("unknown option", "reports", "capacity", "2025 --tables 000.1", "unknown option --tables for 'rehab reports capacity'")]
    public async Task A_malformed_reports_command_line_exits_2_before_calling_the_platform(string because, string group, string command, string rest, string message)
    {
        var run = await Nobody().RunAsync([.. Analyst, group, command, .. rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.True(run.ExitCode == ExitCodes.Usage, $"{because}\n{run}");
        Assert.Contains(message, run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reports_help_names_the_year_the_options_and_the_table_markers()
    {
        var help = await Nobody().RunAsync("reports", "annual", "--help");
        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.StartsWith("Usage: rehab reports annual <year> [options]", help.Out, StringComparison.Ordinal);
        foreach (var option in new[] { "--as-of <date-time>", "--tables <ids>", "--region <region-id>", "--csv <file>" })
            Assert.Contains("  " + option + " ", help.Out, StringComparison.Ordinal);
        Assert.Contains("'..' is a suppressed small cell", help.Out, StringComparison.Ordinal);

        var group = await Nobody().RunAsync("reports", "--help");
        Assert.Contains("reports diff", group.Out, StringComparison.Ordinal);
        Assert.Contains("reports capacity", group.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_prints_one_line_per_row_with_K_M_and_T_at_the_published_precision()
    {
        ReportCell Cell(string row, Column column, Measure measure, double? value, int decimals = 0, bool suppressed = false, bool partial = false)
        {
            var cell = new ReportCell { Row = row, Column = column, Measure = measure, Decimals = decimals, Suppressed = suppressed, Partial = partial };
            if (value is { } v) cell.Value = v;
            return cell;
        }

        var table = new ReportTable { TableId = "000.1", Title = "Deltagare" };
        table.Cells.AddRange(
        [
            Cell("participants", Column.Women, Measure.Count, 12), Cell("participants", Column.Men, Measure.Count, null, suppressed: true),
            Cell("participants", Column.Total, Measure.Count, 15),
            Cell("mean_days", Column.Total, Measure.MeanDays, 41.24, decimals: 1), Cell("mean_days", Column.Women, Measure.MeanDays, null),
            Cell("work_share", Column.Total, Measure.SharePercent, 33.333, decimals: 1, partial: true),
        ]);

        var rows = ReportsCommands.Grid(table);

        Assert.Equal(["participants", "count", "12", "..", "15"], rows[0]);
        Assert.Equal(["mean_days", "mean days", "-", "", "41.2"], rows[1]);
        Assert.Equal(["work_share", "%", "", "", "33.3*"], rows[2]);
        Assert.Equal(3, rows.Count);
    }
}
