using Rehab.BuildingBlocks.Domain;

namespace Rehab.BuildingBlocks.Security;

/// <summary>
/// The caller of the current gRPC call, from the validated token and the request headers. Scoped per call.
/// The object-level checks throw <see cref="AccessDeniedException"/> (PERMISSION_DENIED).
/// </summary>
public interface ICallerContext
{
    bool IsAuthenticated { get; }

    /// <summary>Claim <c>sub</c>; empty when not authenticated.</summary>
    string UserId { get; }

    /// <summary>Claim <c>name</c>; for display only, never for decisions.</summary>
    string? Name { get; }

    IReadOnlySet<Role> Roles { get; }

    /// <summary>The role this call was allowed under: the first of the RPC's allowed roles the caller holds.</summary>
    Role? ActingRole { get; }

    /// <summary>Claim <c>org</c>: FK, AF, or the provider's / samordningsförbund's id.</summary>
    string Organisation { get; }

    /// <summary>Claim <c>offices</c>: the offices the caller serves.</summary>
    IReadOnlySet<string> Offices { get; }

    /// <summary>Claim <c>provider_id</c>, for the Provider role.</summary>
    string? ProviderId { get; }

    /// <summary>Header <c>x-rehab-purpose</c>: why personal data is read or changed.</summary>
    string? Purpose { get; }

    /// <summary>Header <c>x-request-id</c>, else the trace id.</summary>
    string RequestId { get; }

    /// <summary>The matrix rule this call was authorized by; null outside an authorized gRPC call.</summary>
    RpcRule? Rule { get; }

    bool HasRole(Role role);

    bool ServesOffice(string? officeId);

    /// <summary>The caller must serve <paramref name="officeId"/> (DOMAIN D3).</summary>
    void EnsureServesOffice(string officeId);

    /// <summary>The caller must serve at least one of the record's offices (e.g. its FK office or its booked AF office).</summary>
    void EnsureServesAnyOffice(IEnumerable<string?> officeIds);

    /// <summary>The caller must be the provider <paramref name="providerId"/>.</summary>
    void EnsureProvider(string providerId);
}
