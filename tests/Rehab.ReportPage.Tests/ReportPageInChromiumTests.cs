using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rehab.BuildingBlocks.Security;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.ReportPage.Tests;

/// <summary>
/// The report page in headless Chromium against the whole platform: an analyst opens /reports/ on the gateway with a token in the
/// URL fragment; every number the page shows (the annual tables, the lead times, the capacity view) equals, as a number, what the
/// API serves for the same year and as-of instant; the charts are drawn; the page runs under its CSP without a console error; a
/// screenshot at 1366×768 is saved (artifacts/report-page.png; REHAB_REGENERATE_DOCS=1 also refreshes docs/images/report-page.png).
/// </summary>
[Trait("Tier", "Browser")]
public sealed partial class ReportPageInChromiumTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private const int Width = 1366;
    private const int Height = 768;
    private static int Year => ReportData.Year;

    private PlatformHost Platform => fixture.Platform;

    private static string AnalystToken => DevTokens.For(DevTokens.ForRole(Role.Analyst));

    [Fact]
    public async Task The_page_shows_the_numbers_the_API_serves_draws_the_charts_and_is_screenshotted()
    {
        await new ReportData(Platform).PutAsync();
        var asOf = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var token = AnalystToken;

        await using var browser = await HeadlessChromium.StartAsync(Width, Height);
        await browser.NavigateAsync($"{Platform.GatewayHttp.BaseAddress}reports/#token={token}&year={Year}&asOf={Uri.EscapeDataString(asOf)}");
        await browser.WaitForAsync("['ready', 'error'].includes(document.body.dataset.state)", TimeSpan.FromSeconds(60));
        var page = await ShownAsync(browser);
        // Saved before any assertion, so a failing run leaves a picture of what went wrong.
        var screenshot = await browser.ScreenshotAsync();
        var full = await browser.ScreenshotAsync(fullPage: true);
        await SaveAsync("report-page.png", screenshot);
        await SaveAsync("report-page-full.png", full);

        Assert.True(page.State == "ready", $"the page ended in state {page.State}: {page.Status}");
        Assert.True(browser.Problems.Count == 0, "the page logged: " + string.Join(" | ", browser.Problems));
        Assert.DoesNotContain(token, page.Href, StringComparison.Ordinal);

        var report = await GetAsync($"/v1/reports/annual/{Year}?asOf={Uri.EscapeDataString(asOf)}", token);
        AssertTablesShown(report, page);
        var leadTimes = await GetAsync($"/v1/tracking/lead-times?fromDate.year={Year}&fromDate.month=1&fromDate.day=1&toDate.year={Year}&toDate.month=12&toDate.day=31", token);
        AssertLeadTimesShown(leadTimes, page);
        var capacity = await GetAsync($"/v1/reports/capacity/{Year}?asOf={Uri.EscapeDataString(asOf)}", token);
        AssertCapacityShown(capacity, page);
        AssertChartsDrawn(report, page);

        Assert.Equal((Width, Height), Png.SizeOf(screenshot));
        var fullSize = Png.SizeOf(full);
        Assert.True(fullSize is { Width: Width, Height: >= Height }, $"the full-page screenshot is {fullSize}");
    }

    [Fact]
    public async Task A_caller_without_a_reporting_role_sees_the_refusal_and_no_numbers()
    {
        var token = DevTokens.For(DevTokens.ForRole(Role.Provider));

        await using var browser = await HeadlessChromium.StartAsync(Width, Height);
        await browser.NavigateAsync($"{Platform.GatewayHttp.BaseAddress}reports/#token={token}&year={Year}");
        await browser.WaitForAsync("['ready', 'error'].includes(document.body.dataset.state)", TimeSpan.FromSeconds(60));
        var page = await ShownAsync(browser);

        Assert.Equal("error", page.State);
        Assert.Contains("403", page.Status, StringComparison.Ordinal);
        Assert.Empty(page.Cells);
        Assert.Empty(page.LeadTimes);
        Assert.Empty(page.Capacity);
    }

    private static void AssertTablesShown(JsonElement report, Shown page)
    {
        var shown = page.Cells.ToDictionary(c => (c.Table, c.Row, c.Column));
        var cells = report.GetProperty("tables").EnumerateArray()
            .SelectMany(t => t.GetProperty("cells").EnumerateArray().Select(c => (Table: t.GetProperty("tableId").GetString()!, Cell: c)))
            .ToList();
        Assert.NotEmpty(cells);
        Assert.Contains(cells, c => Number(c.Cell, "value") is not null);
        Assert.Equal(cells.Count, page.Cells.Count);
        foreach (var (table, cell) in cells)
        {
            var key = (table, cell.GetProperty("row").GetString()!, ColumnKey(cell.GetProperty("column").GetString()!));
            Assert.True(shown.TryGetValue(key, out var td), $"the page does not show cell {key}");
            var value = Number(cell, "value");
            if (Flag(cell, "suppressed")) Assert.Equal("..", td.Text);
            else if (value is null) Assert.Equal("–", td.Text);
            else
            {
                var decimals = cell.TryGetProperty("decimals", out var d) ? d.GetInt32() : 0;
                AssertSwedish(td.Text, decimals, key.ToString());
                Assert.True(Math.Abs(Swedish(td.Text) - value.Value) < 1e-9, $"{key}: the page shows {td.Text}, the API {value}");
                Assert.Equal(Flag(cell, "partial"), td.Partial);
            }
        }
    }

    private static void AssertLeadTimesShown(JsonElement response, Shown page)
    {
        var rows = response.GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("period").GetString() == Year.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(rows);
        Assert.Equal(rows.Count * 4, page.LeadTimes.Count);
        foreach (var row in rows)
        {
            var id = row.GetProperty("leadTimeId").GetString()!;
            foreach (var (stat, field, decimals) in new[] { ("count", "count", 0), ("mean", "meanDays", 1), ("median", "medianDays", 0), ("p90", "p90Days", 0) })
            {
                var text = Assert.Single(page.LeadTimes, l => l.Id == id && l.Stat == stat).Text;
                AssertSwedish(text, decimals, $"{id} {stat}");
                var api = Number(row, field) ?? 0;
                Assert.True(Math.Abs(Swedish(text) - api) <= 0.05 + 1e-9, $"{id} {stat}: the page shows {text}, the API {api}");
            }
        }
    }

    private static void AssertCapacityShown(JsonElement capacity, Shown page)
    {
        foreach (var (field, decimals) in new[] { ("yearToDate", 0), ("plannedForYear", 0), ("projectedForYear", 0), ("pacePercent", 1) })
        {
            var text = Assert.Single(page.Capacity, c => c.Key == field && c.Region.Length == 0).Text;
            AssertSwedish(text, decimals, field);
            Assert.True(Math.Abs(Swedish(text) - (Number(capacity, field) ?? 0)) <= 0.05 + 1e-9, $"capacity {field}: the page shows {text}");
        }
        Assert.True(Number(capacity, "plannedForYear") > 0, "the capacity view has a planned level");
        if (!capacity.TryGetProperty("regions", out var regions)) return;
        foreach (var region in regions.EnumerateArray())
        {
            var id = region.GetProperty("regionId").GetString()!;
            foreach (var field in new[] { "yearToDate", "projectedForYear" })
            {
                var text = Assert.Single(page.Capacity, c => c.Key == field && c.Region == id).Text;
                if (Flag(region, "suppressed") || Number(region, field) is null) Assert.Equal("..", text);
                else Assert.Equal(Number(region, field), Swedish(text));
            }
        }
    }

    private static void AssertChartsDrawn(JsonElement report, Shown page)
    {
        var expected = new List<string> { "chart-lead-times", "chart-capacity" };
        expected.AddRange(report.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("tableId").GetString()!)
            .Where(id => id.StartsWith("003", StringComparison.Ordinal)).Select(id => "chart-" + id));
        foreach (var id in expected)
        {
            var chart = page.Charts.SingleOrDefault(c => c.Id == id);
            Assert.True(chart is not null, $"no chart {id} on the page");
            Assert.True(chart.Bars > 0, $"chart {id} has no bars");
        }
    }

    private const string ShownScript = """
        JSON.stringify({
          state: document.body.dataset.state,
          status: document.getElementById('status').textContent,
          href: location.href,
          cells: [...document.querySelectorAll('td[data-table]')].map(td => ({
            table: td.dataset.table, row: td.dataset.row, column: td.dataset.column,
            text: td.firstChild ? td.firstChild.textContent : '', partial: td.querySelector('sup.flag') !== null })),
          leadTimes: [...document.querySelectorAll('td[data-lead-time]')].map(td => ({ id: td.dataset.leadTime, stat: td.dataset.stat, text: td.textContent })),
          capacity: [...document.querySelectorAll('[data-capacity]')].map(e => ({ key: e.dataset.capacity, region: e.dataset.region || '', text: e.textContent })),
          charts: [...document.querySelectorAll('svg.chart')].map(s => ({ id: s.id, bars: s.querySelectorAll('rect.bar').length })),
        })
        """;

    private static async Task<Shown> ShownAsync(HeadlessChromium browser) =>
        JsonSerializer.Deserialize<Shown>((await browser.EvaluateAsync(ShownScript)).GetString()!, JsonSerializerOptions.Web)!;

    private async Task<JsonElement> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Platform.GatewayHttp.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string ColumnKey(string column) => column switch
    {
        "COLUMN_WOMEN" => "K",
        "COLUMN_MEN" => "M",
        "COLUMN_TOTAL" => "T",
        _ => column,
    };

    private static bool Flag(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    /// <summary>A JSON number, or an int64 the proto JSON mapping writes as a string.</summary>
    private static double? Number(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble()
        : v.ValueKind == JsonValueKind.String ? double.Parse(v.GetString()!, CultureInfo.InvariantCulture)
        : null;

    /// <summary>Swedish display: groups of three digits separated by a (no-break) space, a decimal comma, the minus sign U+2212.</summary>
    private static void AssertSwedish(string text, int decimals, string what) =>
        Assert.True(SwedishNumber(decimals).IsMatch(text), $"{what}: '{text}' is not a Swedish number with {decimals} decimals");

    private static Regex SwedishNumber(int decimals) =>
        new($"^\u2212?\\d{{1,3}}(\u00a0\\d{{3}})*{(decimals > 0 ? $",\\d{{{decimals}}}" : "")}$");

    private static double Swedish(string text) =>
        double.Parse(text.Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u2212", "-", StringComparison.Ordinal).Replace(',', '.'),
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static async Task SaveAsync(string name, byte[] png)
    {
        var root = RepositoryRoot();
        Directory.CreateDirectory(Path.Combine(root, "artifacts"));
        await File.WriteAllBytesAsync(Path.Combine(root, "artifacts", name), png);
        if (Environment.GetEnvironmentVariable("REHAB_REGENERATE_DOCS") == "1")
            await File.WriteAllBytesAsync(Path.Combine(root, "docs", "images", name), png);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rehab.Platform.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("not inside the repository");
    }

    private sealed record Shown(string State, string Status, string Href, List<ShownCell> Cells, List<ShownLeadTime> LeadTimes,
        List<ShownCapacity> Capacity, List<ShownChart> Charts);

    private sealed record ShownCell(string Table, string Row, string Column, string Text, bool Partial);

    private sealed record ShownLeadTime(string Id, string Stat, string Text);

    private sealed record ShownCapacity(string Key, string Region, string Text);

    private sealed record ShownChart(string Id, int Bars);
}
