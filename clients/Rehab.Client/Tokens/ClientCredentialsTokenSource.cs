using System.Net.Http.Headers;
using System.Text.Json;

namespace Rehab.Client.Tokens;

/// <summary>Settings of the OAuth 2.0 client-credentials grant against the production identity provider.</summary>
public sealed class ClientCredentialsOptions
{
    public Uri? TokenEndpoint { get; set; }

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Space-separated scopes; omitted from the request when empty.</summary>
    public string? Scope { get; set; }

    /// <summary>A token is renewed this long before it expires.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// OIDC client credentials (RFC 6749 §4.4): posts the client id and secret to the token endpoint and caches the access
/// token until shortly before <c>expires_in</c> runs out. Concurrent callers share one request.
/// </summary>
public sealed class ClientCredentialsTokenSource(ClientCredentialsOptions options, HttpClient http, TimeProvider? time = null)
    : ITokenSource, IDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Cached? _current;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (_current is { } cached && _time.GetUtcNow() < cached.RenewAt) return cached.Token;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && _time.GetUtcNow() < again.RenewAt) return again.Token;
            var (token, expiresIn) = await RequestAsync(cancellationToken);
            _current = new Cached(token, _time.GetUtcNow() + expiresIn - options.RenewBefore);
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    // A reference, so a reader outside the gate never sees half of a renewal.
    private sealed record Cached(string Token, DateTimeOffset RenewAt);

    private async Task<(string Token, TimeSpan ExpiresIn)> RequestAsync(CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (!string.IsNullOrWhiteSpace(options.Scope)) form["scope"] = options.Scope;
        using var request = new HttpRequestMessage(HttpMethod.Post,
            options.TokenEndpoint ?? throw new InvalidOperationException("ClientCredentialsOptions.TokenEndpoint is not set"))
        {
            Content = new FormUrlEncodedContent(form),
        };
        // client_secret_basic (RFC 6749 §2.3.1): id and secret form-encoded, then base64.
        var basic = Uri.EscapeDataString(options.ClientId) + ":" + Uri.EscapeDataString(options.ClientSecret);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(basic)));

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            root = default;
        }

        if (!response.IsSuccessStatusCode || root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("access_token", out var token) || token.GetString() is not { Length: > 0 } value)
        {
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e.GetString() : null;
            throw new Errors.RehabPermissionException(
                $"the token endpoint refused the client credentials ({(int)response.StatusCode}{(error is null ? "" : ", " + error)})");
        }

        // RFC 6749 makes expires_in optional; without it the token is renewed after five minutes.
        var seconds = root.TryGetProperty("expires_in", out var exp) && exp.TryGetInt32(out var s) ? s : 300;
        return (value, TimeSpan.FromSeconds(seconds));
    }
}
