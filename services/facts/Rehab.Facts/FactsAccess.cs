using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Security;
using Rehab.Facts.Domain;

namespace Rehab.Facts;

/// <summary>
/// Object-level rule for reading a person's facts (DOMAIN D3): officers read the facts of people with a case at an office they
/// serve — an FK or AF office of one of the person's referrals, or the AF office of a registration spell. The data protection
/// officer is not office-bound (as in the person registry).
/// </summary>
public sealed class FactsAccess(ICallerContext caller)
{
    public void Ensure(PersonFacts facts)
    {
        if (caller.ActingRole == Role.DataProtectionOfficer) return;
        if (!facts.Offices.Any(caller.ServesOffice))
            throw new AccessDeniedException("this person has no case at an office you serve");
    }
}
