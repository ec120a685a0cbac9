using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Security;
using Domain = Rehab.Referral.Domain;

namespace Rehab.Referral;

/// <summary>
/// Object-level rules of the authorization matrix for referrals (DOMAIN D3): FK officers work the referrals of the
/// offices they serve; AF officers see the national intake (sent, not yet booked) and the referrals booked to their offices.
/// </summary>
public sealed class ReferralAccess(ICallerContext caller)
{
    public bool CanRead(Domain.Referral r) =>
        (caller.HasRole(Role.FkCaseOfficer) && caller.ServesOffice(r.FkOfficeId))
        || (caller.HasRole(Role.AfEmploymentOfficer)
            && (r.State is Domain.ReferralState.Sent or Domain.ReferralState.Received || caller.ServesOffice(r.Booking?.AfOfficeId)));

    public void EnsureCanRead(Domain.Referral r)
    {
        if (!CanRead(r)) throw new AccessDeniedException("this referral belongs to an office you do not serve");
    }

    /// <summary>FK's commands: only on referrals of an office the officer serves.</summary>
    public void EnsureFkOffice(Domain.Referral r) => caller.EnsureServesOffice(r.FkOfficeId);

    /// <summary>AF's intake: the request must have reached AF.</summary>
    public void EnsureAfIntake(Domain.Referral r) => EnsureCanRead(r);
}
