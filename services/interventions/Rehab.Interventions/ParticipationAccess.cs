using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Security;
using Domain = Rehab.Interventions.Domain;

namespace Rehab.Interventions;

/// <summary>
/// Object-level rules of the authorization matrix for participations (DOMAIN D3, §2): officers work the participations of the offices
/// they serve (the FK office or the AF office of the round); a provider reaches only participants with an intervention procured from it.
/// The messages name no person: they may reach a caller who must not learn anything about the record.
/// </summary>
public sealed class ParticipationAccess(ICallerContext caller)
{
    public bool CanAccess(Domain.Participation p) => caller.ServesOffice(p.FkOfficeId) || caller.ServesOffice(p.AfOfficeId);

    public void Ensure(Domain.Participation p)
    {
        if (!CanAccess(p)) throw new AccessDeniedException("this participation belongs to offices you do not serve");
    }

    public string? ProviderId => caller.HasRole(Role.Provider) && !string.IsNullOrEmpty(caller.ProviderId) ? caller.ProviderId : null;

    /// <summary>A provider's view is consent-gated (D3): a participation whose consent was withdrawn is no longer assigned to anyone.</summary>
    public bool IsAssigned(Domain.Participation p) =>
        ProviderId is { } provider && p.ConsentWithdrawnDate is null && p.Interventions.Any(i => i.IsProcuredFrom(provider));

    public void EnsureAssigned(Domain.Participation p)
    {
        if (!IsAssigned(p)) throw new AccessDeniedException("this participation is not assigned to your provider, or its consent was withdrawn");
    }
}
