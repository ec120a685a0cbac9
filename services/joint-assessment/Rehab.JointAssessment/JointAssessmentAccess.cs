using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Security;
using Domain = Rehab.JointAssessment.Domain;

namespace Rehab.JointAssessment;

/// <summary>
/// Object-level rules of the authorization matrix for rounds (DOMAIN D3, §2): FK and AF officers work the rounds of the offices
/// they serve — the round's FK office or its AF office. AF specialists work the rounds they attend ("RU if attending"): a
/// meeting of the round, not cancelled, lists them among its AF specialists. Which role may call what is the matrix's business.
/// </summary>
public sealed class JointAssessmentAccess(ICallerContext caller)
{
    public bool CanAccess(Domain.JointAssessment r) => caller.ActingRole == Role.AfSpecialist
        ? r.IsAttendedBy(caller.UserId)
        : caller.ServesOffice(r.FkOfficeId) || caller.ServesOffice(r.AfOfficeId);

    public void Ensure(Domain.JointAssessment r)
    {
        if (CanAccess(r)) return;
        throw new AccessDeniedException(caller.ActingRole == Role.AfSpecialist
            ? "AF specialists work only the joint assessments whose meetings they attend"
            : "this joint assessment belongs to offices you do not serve");
    }
}
