using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Security;
using Rehab.Tracking.Domain;

namespace Rehab.Tracking;

/// <summary>
/// Object-level rules for tracking's personal records (DOMAIN D3, §2): officers read the cases of the offices they serve (the
/// case's FK office or its booked AF office); AF officers also see referrals waiting for a booking (AF's national intake, as in
/// the referral service). A person's SGI protection is readable by the offices of their registration or their cases.
/// </summary>
public sealed class TrackingAccess(ICallerContext caller)
{
    public bool CanRead(CaseTrack c) =>
        caller.ServesOffice(c.FkOfficeId) || caller.ServesOffice(c.AfOfficeId)
        || (caller.ActingRole == Role.AfEmploymentOfficer && c.AwaitsBooking);

    public void Ensure(CaseTrack c)
    {
        if (!CanRead(c)) throw new AccessDeniedException("this case belongs to offices you do not serve");
    }

    public bool CanRead(SgiProtection p, IEnumerable<CaseTrack> casesOfPerson) =>
        caller.ServesOffice(p.OfficeId) || caller.ServesOffice(p.FkOfficeId) || casesOfPerson.Any(CanRead);
}
