using Rehab.BuildingBlocks.Security;

namespace Rehab.Client.Tokens;

/// <summary>
/// Development tokens for the local run and tests: real JWTs signed with the run's development key
/// (<see cref="DevTokenIssuer"/>, the same issuer the services validate). Reissued shortly before they expire.
/// </summary>
public sealed class DevTokenSource : ITokenSource
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly DevTokenIssuer _issuer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly Lock _lock = new();
    private (string Token, DateTimeOffset Expires)? _current;

    public DevTokenSource(AuthOptions auth, DevCaller caller, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _issuer = new DevTokenIssuer(auth, _time);
        _lifetime = auth.DevTokenLifetime;
        Caller = caller;
    }

    public DevCaller Caller { get; }

    /// <summary>The issuer settings from the variables the services read: <c>Auth__Issuer</c>, <c>Auth__Audience</c>, <c>Auth__DevSigningKey</c>.</summary>
    public static AuthOptions AuthFromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return new AuthOptions
        {
            Issuer = environment("Auth__Issuer") ?? "https://rehab.local/dev-issuer",
            Audience = environment("Auth__Audience") ?? "rehab-platform",
            DevSigningKey = environment("Auth__DevSigningKey")
                ?? throw new InvalidOperationException("Auth__DevSigningKey is not set (./run.sh writes it to .local/dev-signing-key)"),
        };
    }

    /// <summary>A token for <see cref="Caller"/>, valid for at least a few minutes.</summary>
    public string Issue()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_current is not { } c || c.Expires - RenewBefore <= now)
                _current = c = (_issuer.Issue(Caller, _lifetime), now + _lifetime);
            return c.Token;
        }
    }

    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Issue());
}
