using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Security;
using Domain = Rehab.JointAssessment.Domain;

namespace Rehab.JointAssessment;

/// <summary>
/// Object-level rules of the authorization matrix for rounds (DOMAIN D3, §2): officers (FK, AF, AF specialists) work the rounds
/// of the offices they serve — the round's FK office or its AF office. Which role may change what is the matrix's business.
/// </summary>
public sealed class JointAssessmentAccess(ICallerContext caller)
{
    public bool CanAccess(Domain.JointAssessment r) => caller.ServesOffice(r.FkOfficeId) || caller.ServesOffice(r.AfOfficeId);

    public void Ensure(Domain.JointAssessment r)
    {
        if (!CanAccess(r)) throw new AccessDeniedException("this joint assessment belongs to offices you do not serve");
    }
}
