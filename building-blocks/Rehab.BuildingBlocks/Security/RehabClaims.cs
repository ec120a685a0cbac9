namespace Rehab.BuildingBlocks.Security;

/// <summary>
/// The claims a caller's token carries. The same names are used by the development issuer and
/// expected from the production identity provider (see docs/authorization.md).
/// </summary>
public static class RehabClaims
{
    /// <summary>The user id (or the system client id).</summary>
    public const string Subject = "sub";

    /// <summary>One or more <see cref="Role"/> names.</summary>
    public const string Role = "role";

    /// <summary>"FK", "AF", or the provider's or samordningsförbund's id.</summary>
    public const string Organisation = "org";

    /// <summary>The office ids an officer serves; one claim per office.</summary>
    public const string Offices = "offices";

    /// <summary>The provider id, for the Provider role.</summary>
    public const string ProviderId = "provider_id";

    /// <summary>Display name; optional, never used for decisions.</summary>
    public const string Name = "name";
}

/// <summary>The organisation values of the two agencies.</summary>
public static class Organisations
{
    public const string Fk = "FK";
    public const string Af = "AF";
}

/// <summary>Request headers the platform reads on every call.</summary>
public static class RehabHeaders
{
    /// <summary>Why the caller reads or changes personal data; required on every personal-data RPC.</summary>
    public const string Purpose = "x-rehab-purpose";

    /// <summary>Correlates the call in logs and the audit trail; the trace id is used when absent.</summary>
    public const string RequestId = "x-request-id";
}
