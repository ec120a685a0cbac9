using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.BuildingBlocks.Security;

/// <summary>Set on the HTTP context by <see cref="AuthorizationInterceptor"/> once a call is allowed.</summary>
internal sealed record CallAuthorization(RpcRule Rule, Role ActingRole);

/// <summary><see cref="ICallerContext"/> read from the current HTTP request (the gRPC call).</summary>
public sealed class CallerContext : ICallerContext
{
    private const int MaxRequestIdLength = 128;
    private readonly HttpContext? _http;

    private CallerContext(HttpContext? http, ClaimsPrincipal? user)
    {
        _http = http;
        var identity = user?.Identity;
        IsAuthenticated = identity?.IsAuthenticated == true;
        if (!IsAuthenticated || user is null)
        {
            UserId = "";
            Organisation = "";
            Roles = new HashSet<Role>();
            Offices = new HashSet<string>(StringComparer.Ordinal);
            return;
        }

        UserId = user.FindFirst(RehabClaims.Subject)?.Value ?? "";
        Organisation = user.FindFirst(RehabClaims.Organisation)?.Value ?? "";
        ProviderId = user.FindFirst(RehabClaims.ProviderId)?.Value;
        Name = user.FindFirst(RehabClaims.Name)?.Value;
        // Unknown role names are ignored: a role the platform does not know grants nothing.
        Roles = user.FindAll(RehabClaims.Role)
            .Select(c => Enum.TryParse<Role>(c.Value, ignoreCase: false, out var role) && Enum.IsDefined(role) ? role : (Role?)null)
            .OfType<Role>()
            .ToHashSet();
        Offices = user.FindAll(RehabClaims.Offices).Select(c => c.Value).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
    }

    public static CallerContext FromHttpContext(HttpContext? http) => new(http, http?.User);

    public bool IsAuthenticated { get; }

    public string UserId { get; }

    public string? Name { get; }

    public IReadOnlySet<Role> Roles { get; }

    public string Organisation { get; }

    public IReadOnlySet<string> Offices { get; }

    public string? ProviderId { get; }

    public Role? ActingRole => Authorization?.ActingRole;

    public RpcRule? Rule => Authorization?.Rule;

    public string? Purpose
    {
        get
        {
            var value = _http?.Request.Headers[RehabHeaders.Purpose].ToString().Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }
    }

    public string RequestId
    {
        get
        {
            var header = _http?.Request.Headers[RehabHeaders.RequestId].ToString().Trim();
            if (!string.IsNullOrEmpty(header) && header.Length <= MaxRequestIdLength) return header;
            return Activity.Current?.TraceId.ToHexString() ?? _http?.TraceIdentifier ?? "";
        }
    }

    private CallAuthorization? Authorization => _http?.Features.Get<CallAuthorization>();

    public bool HasRole(Role role) => Roles.Contains(role);

    public bool ServesOffice(string? officeId) => !string.IsNullOrEmpty(officeId) && Offices.Contains(officeId);

    public void EnsureServesOffice(string officeId)
    {
        if (!ServesOffice(officeId)) throw new AccessDeniedException($"The caller does not serve office '{officeId}'");
    }

    public void EnsureServesAnyOffice(IEnumerable<string?> officeIds)
    {
        var offices = officeIds.Where(o => !string.IsNullOrEmpty(o)).ToList();
        if (!offices.Any(ServesOffice))
        {
            throw new AccessDeniedException($"The caller serves none of the record's offices ({string.Join(", ", offices)})");
        }
    }

    public void EnsureProvider(string providerId)
    {
        if (!HasRole(Role.Provider) || string.IsNullOrEmpty(providerId) || ProviderId != providerId)
        {
            throw new AccessDeniedException($"The caller is not provider '{providerId}'");
        }
    }
}
