using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Security;
using Domain = Rehab.TransitionMeetings.Domain;

namespace Rehab.TransitionMeetings;

/// <summary>
/// Object-level rules of the authorization matrix for meetings (DOMAIN D3, §2): FK officers work the meetings of the FK offices
/// they serve, and see the national intake of meetings the service triggered from a refusal (no FK office until one offers it);
/// AF officers work the meetings their AF office attended or offered registration support for.
/// </summary>
public sealed class MeetingAccess(ICallerContext caller)
{
    public bool CanAccess(Domain.Meeting m) =>
        caller.ServesOffice(m.FkOfficeId) || caller.ServesOffice(m.AfOfficeId)
        || (string.IsNullOrEmpty(m.FkOfficeId) && caller.HasRole(Role.FkCaseOfficer));

    public void Ensure(Domain.Meeting m)
    {
        if (!CanAccess(m)) throw new AccessDeniedException("this meeting belongs to offices you do not serve");
    }
}
