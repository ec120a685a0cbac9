using System.Net;
using System.Text.RegularExpressions;
using Rehab.Gateway.ReportPage;
using Xunit;

namespace Rehab.Gateway.Tests;

/// <summary>
/// The report page's files as the gateway serves them: a strict Content-Security-Policy (no inline script or style, fetches
/// only to the gateway), the right content types, nothing else under /reports. The page in a browser: Rehab.ReportPage.Tests.
/// </summary>
[Trait("Tier", "Fast")]
public sealed partial class ReportPageServingTests : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = GatewayHost.Start(new Dictionary<string, (string Grpc, string Http)>());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("/reports/", "text/html")]
    [InlineData("/reports/report.js", "text/javascript")]
    [InlineData("/reports/report.css", "text/css")]
    public async Task Each_file_is_served_with_its_type_and_the_pages_security_headers(string path, string type)
    {
        using var response = await _gateway.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(ReportPageEndpoints.ContentSecurityPolicy, string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("script-src 'self';", ReportPageEndpoints.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", ReportPageEndpoints.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task The_page_has_no_inline_script_or_style_and_no_data()
    {
        var html = await _gateway.Http.GetStringAsync("/reports/");

        Assert.All(ScriptTags().Matches(html), tag => Assert.Contains("src=", tag.Value, StringComparison.Ordinal));
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<td", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/reports/nothing.js")]
    [InlineData("/reports/ReportPageEndpoints.cs")]
    [InlineData("/reports/..%2Fappsettings.json")]
    public async Task Nothing_else_is_served_under_the_reports_path(string path)
    {
        using var response = await _gateway.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_bare_path_redirects_to_the_page()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _gateway.Http.BaseAddress };
        using var response = await http.GetAsync("/reports");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/reports/", response.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTags();
}
