namespace Rehab.BuildingBlocks.Security;

/// <summary>
/// Configuration section <c>Auth</c>. Exactly one of <see cref="DevSigningKey"/> (local run and tests)
/// and <see cref="Authority"/> (production OIDC provider) must be set.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The expected <c>iss</c>. With <see cref="Authority"/> it may be left empty (taken from the OIDC metadata).</summary>
    public string? Issuer { get; set; }

    /// <summary>The expected <c>aud</c>.</summary>
    public string Audience { get; set; } = "rehab-platform";

    /// <summary>Base64 symmetric key (at least 32 bytes) that signs and validates development tokens.</summary>
    public string? DevSigningKey { get; set; }

    /// <summary>The OIDC authority whose metadata (issuer, signing keys) validates production tokens.</summary>
    public string? Authority { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How long a development token lives.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    internal byte[] DevKeyBytes()
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(DevSigningKey ?? "");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Auth:DevSigningKey is not valid base64");
        }

        if (key.Length < 32) throw new InvalidOperationException("Auth:DevSigningKey must be at least 32 bytes (256 bits)");
        return key;
    }
}
