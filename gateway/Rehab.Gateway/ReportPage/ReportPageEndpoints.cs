using System.Collections.Frozen;
using System.Reflection;

namespace Rehab.Gateway.ReportPage;

/// <summary>
/// The report page (<c>/reports/</c>): static HTML, CSS and JavaScript embedded in the gateway. The page holds no data: its script
/// calls the reporting and tracking JSON routes through the gateway with the bearer token the user gives it, so every number it
/// shows passes the services' own authorization. A strict Content-Security-Policy allows only these files and same-origin fetches.
/// </summary>
public static class ReportPageEndpoints
{
    public const string Path = "/reports";

    /// <summary>No inline script or style, nothing from another origin, no framing; fetches only to the gateway itself.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    public static WebApplication MapReportPage(this WebApplication app)
    {
        // Routing ignores a trailing slash, so /reports and /reports/ are one route; the page's relative links need the slash.
        app.MapGet(Path + "/{file?}", (HttpContext context, string? file) =>
            file is not null ? Serve(context, file)
            : context.Request.Path.Value!.EndsWith('/') ? Serve(context, "index.html")
            : Results.Redirect(Path + "/"));
        return app;
    }

    private static IResult Serve(HttpContext context, string file)
    {
        if (!Assets.TryGetValue(file, out var asset)) return Results.NotFound();
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(ReportPageEndpoints).Assembly;
        const string prefix = "ReportPage/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[prefix.Length..], n => new Asset(Read(assembly, n), ContentTypeOf(n)), StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ContentTypeOf(string name) => System.IO.Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Content, string ContentType);
}
