using Grpc.Core;
using Rehab.BuildingBlocks.Security;

namespace Rehab.Testing;

/// <summary>
/// Real signed development tokens for tests. Hosts under test take <see cref="Configuration"/> (section <c>Auth</c>),
/// so the tokens minted here pass the real JWT bearer validation. The key is random per test run.
/// </summary>
public static class DevTokens
{
    public const string Issuer = "https://rehab.local/dev-issuer";
    public const string Audience = "rehab-platform";
    public const string DefaultPurpose = "case handling";

    public static string SigningKey { get; } = DevTokenIssuer.NewSigningKey();

    public static AuthOptions Options => new() { Issuer = Issuer, Audience = Audience, DevSigningKey = SigningKey };

    /// <summary>Configuration entries for a host under test.</summary>
    public static IReadOnlyDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>
    {
        ["Auth:Issuer"] = Issuer,
        ["Auth:Audience"] = Audience,
        ["Auth:DevSigningKey"] = SigningKey,
    };

    public static DevTokenIssuer CreateIssuer(TimeProvider? time = null) => new(Options, time ?? TimeProvider.System);

    public static string For(DevCaller caller, TimeProvider? time = null) => CreateIssuer(time).Issue(caller);

    public static DevCaller FkOfficer(params string[] offices) =>
        new("fk-officer-1", [Role.FkCaseOfficer], Organisations.Fk, offices.Length > 0 ? offices : ["fk-office-1"], Name: "FK Officer");

    public static DevCaller AfOfficer(params string[] offices) =>
        new("af-officer-1", [Role.AfEmploymentOfficer], Organisations.Af, offices.Length > 0 ? offices : ["af-office-1"], Name: "AF Officer");

    /// <summary>A typical caller holding exactly <paramref name="role"/>.</summary>
    public static DevCaller ForRole(Role role) => role switch
    {
        Role.FkCaseOfficer => FkOfficer(),
        Role.AfEmploymentOfficer => AfOfficer(),
        Role.AfSpecialist => new("af-specialist-1", [role], Organisations.Af, ["af-office-1"]),
        Role.Provider => new("provider-user-1", [role], "provider-1", ProviderId: "provider-1"),
        Role.Samordningsforbund => new("sf-user-1", [role], "samordningsforbund-1"),
        Role.Analyst => new("analyst-1", [role], Organisations.Fk),
        Role.DataProtectionOfficer => new("dpo-1", [role], Organisations.Fk),
        Role.Operator => new("operator-1", [role], Organisations.Fk),
        Role.System => new("fk-import", [role], Organisations.Fk),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>gRPC headers: the bearer token, and a purpose unless <paramref name="purpose"/> is null.</summary>
    public static Metadata Headers(string token, string? purpose = DefaultPurpose)
    {
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        if (purpose is not null) headers.Add(RehabHeaders.Purpose, purpose);
        return headers;
    }

    public static Metadata Headers(DevCaller caller, string? purpose = DefaultPurpose) => Headers(For(caller), purpose);
}
