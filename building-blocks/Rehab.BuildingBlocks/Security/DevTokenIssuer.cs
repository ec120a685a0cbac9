using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Rehab.BuildingBlocks.Security;

/// <summary>Who a development token speaks for.</summary>
public sealed record DevCaller(
    string Subject,
    IReadOnlyList<Role> Roles,
    string Organisation,
    IReadOnlyList<string>? Offices = null,
    string? ProviderId = null,
    string? Name = null);

/// <summary>
/// Mints real HS256-signed JWTs for the local run, tests and the gateway docs. The services validate them
/// with the same key through <see cref="AuthenticationRegistration.AddRehabAuthentication"/>; production
/// uses the OIDC provider instead and never configures a signing key.
/// </summary>
public sealed class DevTokenIssuer
{
    private readonly AuthOptions _options;
    private readonly SigningCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new();

    public DevTokenIssuer(AuthOptions options, TimeProvider time)
    {
        if (string.IsNullOrEmpty(options.Issuer)) throw new InvalidOperationException("Auth:Issuer is required for development tokens");
        _options = options;
        _time = time;
        _credentials = new SigningCredentials(new SymmetricSecurityKey(options.DevKeyBytes()), SecurityAlgorithms.HmacSha256);
    }

    /// <summary>A fresh random key for <see cref="AuthOptions.DevSigningKey"/>.</summary>
    public static string NewSigningKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Issue(DevCaller caller) => Issue(caller, _options.DevTokenLifetime);

    public string Issue(DevCaller caller, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [RehabClaims.Subject] = caller.Subject,
            // Always arrays, so a reader never has to guess between one value and many.
            [RehabClaims.Role] = caller.Roles.Select(r => r.ToString()).ToArray(),
            [RehabClaims.Organisation] = caller.Organisation,
        };
        if (caller.Offices is { Count: > 0 }) claims[RehabClaims.Offices] = caller.Offices.ToArray();
        if (caller.ProviderId is not null) claims[RehabClaims.ProviderId] = caller.ProviderId;
        if (caller.Name is not null) claims[RehabClaims.Name] = caller.Name;

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = _credentials,
        });
    }
}
