using Rehab.BuildingBlocks.Domain;
using Rehab.TransitionMeetings.Domain;

namespace Rehab.TransitionMeetings.Tests.Domain;

/// <summary>Fact revisions and projections for domain tests.</summary>
internal static class Facts
{
    public const string Person = "person-1";
    public const string SickCase = "SC-1";
    public static readonly DateTimeOffset Recorded = new(2025, 1, 1, 8, 0, 0, TimeSpan.Zero);

    public static SickCaseFact ChainDay(int day, DateOnly on, string record = "sc-1", int revision = 0) =>
        new("fk", record, Recorded.AddHours(revision), SickCase, day, on);

    public static DecisionFact Refusal(
        BenefitType benefit, DateOnly decided, DateOnly lastBenefitDay, bool firstApplication = false, string record = "d-1", int revision = 0) =>
        new("fk", record, Recorded.AddHours(revision), DecisionKind.Refusal, decided, benefit, firstApplication, 200, lastBenefitDay,
            EmploymentStatus.Unemployed, SickCase);

    public static RegistrationFact Registration(DateOnly registered, string record = "r-1", int revision = 0) =>
        new("af", record, Recorded.AddHours(revision), registered, null, "af-office-1");

    public static PersonFacts Of(params IFactRevision[] facts) =>
        facts.Aggregate(PersonFacts.Empty(Person), (state, fact) => state.Observe(fact, new DateOnly(2025, 1, 1)).State);
}
