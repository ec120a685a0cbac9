using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rehab.BuildingBlocks.Security;

/// <summary>Which objects a caller may touch with an RPC, beyond holding an allowed role.</summary>
public enum ObjectScope
{
    /// <summary>The role alone decides.</summary>
    None,

    /// <summary>Only records of an office the caller serves (claim <c>offices</c>; DOMAIN D3).</summary>
    Office,

    /// <summary>Only records of participants assigned to the caller's provider (claim <c>provider_id</c>).</summary>
    Provider,
}

/// <summary>One row of the matrix: who may call <see cref="Rpc"/>.</summary>
public sealed record RpcRule(string Rpc, IReadOnlyList<Role> Roles, ObjectScope Scope, bool PersonalData, string? Note)
{
    /// <summary>The service's full name, e.g. <c>rehab.referral.v1.ReferralService</c>.</summary>
    public string Service => Rpc.Split('/')[1];

    public string Method => Rpc.Split('/')[2];

    public bool Allows(Role role) => Roles.Contains(role);
}

/// <summary>
/// The authorization matrix, kept as data in <c>Security/authorization-matrix.json</c> (embedded) and
/// enforced by <see cref="AuthorizationInterceptor"/>: every RPC × role, its object scope and whether it
/// touches personal data (then the purpose header is required and the call is audited).
/// </summary>
public sealed class AuthorizationMatrix
{
    private const string ResourceName = "authorization-matrix.json";
    private readonly Dictionary<string, RpcRule> _byRpc;

    private AuthorizationMatrix(IReadOnlyList<RpcRule> rules, IReadOnlyList<string> anonymousServices)
    {
        Rules = rules;
        AnonymousServices = anonymousServices;
        _byRpc = new Dictionary<string, RpcRule>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (!_byRpc.TryAdd(rule.Rpc, rule)) throw new InvalidOperationException($"The authorization matrix has two rules for {rule.Rpc}");
        }
    }

    public IReadOnlyList<RpcRule> Rules { get; }

    /// <summary>Services anyone may call (health, reflection); they are outside the matrix.</summary>
    public IReadOnlyList<string> AnonymousServices { get; }

    /// <summary>The matrix embedded in this assembly.</summary>
    public static AuthorizationMatrix Load()
    {
        using var stream = typeof(AuthorizationMatrix).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }

    public static AuthorizationMatrix Parse(string json)
    {
        var file = JsonSerializer.Deserialize<MatrixFile>(json, JsonOptions)
            ?? throw new InvalidOperationException("The authorization matrix is empty");
        var rules = file.Rules.Select(r =>
        {
            var parts = r.Rpc.Split('/');
            if (parts is not ["", { Length: > 0 }, { Length: > 0 }])
            {
                throw new InvalidOperationException($"'{r.Rpc}' is not a full method name (/package.Service/Method)");
            }

            if (r.Roles.Count == 0) throw new InvalidOperationException($"{r.Rpc} allows no role; remove it instead");
            return new RpcRule(r.Rpc, r.Roles.Distinct().ToList(), r.Scope, r.PersonalData, r.Note);
        }).ToList();
        return new AuthorizationMatrix(rules, file.AnonymousServices);
    }

    public RpcRule? Find(string rpc) => _byRpc.GetValueOrDefault(rpc);

    public bool IsAnonymous(string rpc)
    {
        var parts = rpc.Split('/');
        return parts.Length == 3 && AnonymousServices.Contains(parts[1], StringComparer.Ordinal);
    }

    /// <summary>docs/authorization.md: the matrix as tables, one per service.</summary>
    public string RenderMarkdown()
    {
        var roles = Enum.GetValues<Role>();
        var md = new StringBuilder();
        md.Append("""
            # Authorization

            <!-- Generated from building-blocks/Rehab.BuildingBlocks/Security/authorization-matrix.json by
                 AuthorizationMatrix.RenderMarkdown(). Do not edit by hand: change the JSON, then run
                 REHAB_REGENERATE_DOCS=1 dotnet test tests/Rehab.BuildingBlocks.Tests --filter AuthorizationDoc -->

            Every gRPC call is checked by the shared `AuthorizationInterceptor` against one matrix kept as data
            (`Security/authorization-matrix.json`). A call is allowed when the caller's token is valid and holds one of the
            RPC's roles. An RPC without a rule is denied (fail closed). Status codes:

            | situation | status |
            |---|---|
            | no or invalid bearer token | `UNAUTHENTICATED` |
            | RPC not in the matrix, or no allowed role | `PERMISSION_DENIED` |
            | personal-data RPC without `x-rehab-purpose` | `INVALID_ARGUMENT` (`google.rpc.BadRequest` on `x-rehab-purpose`) |
            | record outside the caller's scope (office, provider) | `PERMISSION_DENIED` (checked by the service via `ICallerContext`) |

            **Scope** is the object-level rule the service enforces after loading the record: `office` = only records of
            an office the caller serves (claim `offices`, DOMAIN D3); `provider` = only participants assigned to the
            caller's provider (claim `provider_id`); `none` = the role alone decides.
            **Personal data** = the RPC reads or changes personal data: the request header `x-rehab-purpose` is required
            and the service records every read and change in the hash-chained audit trail.

            ## Token claims

            | claim | content |
            |---|---|
            | `sub` | user id (or system client id) |
            | `role` | one or more of the roles below (JSON array) |
            | `org` | `FK`, `AF`, or the provider's / samordningsförbund's id |
            | `offices` | the office ids the officer serves (JSON array) |
            | `provider_id` | the provider id (role `Provider`) |
            | `name` | display name (optional, never used for decisions) |

            Production tokens come from the OIDC provider (`Auth:Authority`), which must issue these claims; the local
            run and tests use `DevTokenIssuer` (`Auth:DevSigningKey`). Request headers: `x-rehab-purpose` (why personal
            data is read or changed), `x-request-id` (correlation; the trace id when absent).

            ## Matrix

            """);
        md.Append('\n');

        foreach (var service in Rules.GroupBy(r => r.Service))
        {
            md.Append("### `").Append(service.Key).Append("`\n\n");
            md.Append("| RPC | ").Append(string.Join(" | ", roles)).Append(" | scope | personal data |\n");
            md.Append("|---|").Append(string.Concat(roles.Select(_ => ":-:|"))).Append("---|:-:|\n");
            foreach (var rule in service)
            {
                md.Append("| `").Append(rule.Method).Append("` | ")
                    .Append(string.Join(" | ", roles.Select(role => rule.Allows(role) ? "✓" : "")))
                    .Append(" | ").Append(rule.Scope.ToString().ToLowerInvariant())
                    .Append(" | ").Append(rule.PersonalData ? "yes" : "no").Append(" |\n");
            }

            md.Append('\n');
            foreach (var rule in service.Where(r => !string.IsNullOrWhiteSpace(r.Note)))
            {
                md.Append("- `").Append(rule.Method).Append("`: ").Append(rule.Note).Append('\n');
            }

            md.Append('\n');
        }

        md.Append("## Anonymous services\n\nOutside the matrix, callable without a token: ")
            .Append(string.Join(", ", AnonymousServices.Select(s => $"`{s}`"))).Append(".\n\n");
        md.Append("""
            ## Audit trail

            A service must record every read and change of personal data through `PersonalDataAudit` (`RecordReadAsync`,
            `RecordChangeAsync`) before it answers, so that a failed audit write fails the call. An entry holds who (`sub`),
            organisation, acting role, action (`Read` | `Change`), record type, surrogate record id (an identity number is
            refused), fields, purpose (`x-rehab-purpose`), request id and time.

            Each service keeps one append-only chain in Redis: `<prefix>:{audit:<service>}:log` (STREAM, fields `prev`,
            `hash`, `entry`) and `<prefix>:{audit:<service>}:head` (HASH, `hash` and `seq` of the last entry).
            `hash` = SHA-256 (hex) of `prev` + the entry's canonical JSON (which carries its `seq`); the first entry's
            `prev` is 64 zeros. A Lua script appends only if the head is still the hash the writer chained to, so
            concurrent replicas cannot fork the chain. `IAuditTrail.VerifyAsync()` walks the chain and names the first
            changed, missing or reordered entry, and checks the head against the last entry (a deleted tail).

            The chain makes tampering evident; it does not stop someone who can rewrite the log *and* recompute every
            later hash and the head. Give the services' Redis users no `XDEL`, `XTRIM` or `DEL` on the audit keys (Redis 7
            ACL selectors), and copy the head hash periodically to a store they cannot write.

            """);
        return md.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters =
        {
            new JsonStringEnumConverter<Role>(namingPolicy: null, allowIntegerValues: false),
            new JsonStringEnumConverter<ObjectScope>(JsonNamingPolicy.CamelCase, allowIntegerValues: false),
        },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    private sealed class MatrixFile
    {
        public List<string> AnonymousServices { get; set; } = [];
        public List<RuleEntry> Rules { get; set; } = [];
    }

    private sealed class RuleEntry
    {
        [JsonRequired] public string Rpc { get; set; } = "";
        [JsonRequired] public List<Role> Roles { get; set; } = [];
        [JsonRequired] public ObjectScope Scope { get; set; }
        [JsonRequired] public bool PersonalData { get; set; }
        public string? Note { get; set; }
    }
}
