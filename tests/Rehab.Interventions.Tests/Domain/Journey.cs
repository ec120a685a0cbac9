using Rehab.BuildingBlocks.Domain;
using Rehab.Interventions.Domain;

namespace Rehab.Interventions.Tests.Domain;

/// <summary>Builds participations for the domain tests. Day(0) is "today"; the plan is agreed at Day(-60), the start is Day(-50).</summary>
internal static class Journey
{
    public static readonly DateOnly Today = new(2026, 3, 20);

    public static readonly InterventionsRules Rules = new(FollowUpIntervalDays: 42);

    public static DateOnly Day(int offset) => Today.AddDays(offset);

    public static KnownRound Round(params BenefitType[] benefits) => new()
    {
        JointAssessmentId = "ja-1", PersonId = "person-1", ReferralId = "ref-1", SickCaseId = "SC-1", RoundNo = 1,
        BenefitTypes = benefits.Length > 0 ? benefits : [BenefitType.SicknessBenefit], Gender = Gender.Woman,
        FkOfficeId = "fk-office-1", AfOfficeId = "af-office-1", AfOfficerId = "af-officer-1",
    };

    public static EstablishedPlan Plan(double activityHours = 12, int goals = 2) => new(
        1, Enumerable.Range(1, goals).Select(i => new PlanGoal($"Goal {i}", [$"Sub-goal {i}"])).ToList(),
        InterventionOrientation.WorkPreparatory, activityHours, Day(-60));

    public static Participation Planned(double activityHours = 12, params BenefitType[] benefits) =>
        Participation.Open("p-1", Round(benefits), Plan(activityHours)).State;

    public static Participation Active(double activityHours = 12, double insuredHours = 40, params BenefitType[] benefits) =>
        Planned(activityHours, benefits).Start(Day(-50), insuredHours, Rules, Today).State;

    public static InterventionDecision Own(
        InterventionType type = InterventionType.GuidanceConversation, LegalBasis basis = LegalBasis.Ordinance2000_634, int plannedStart = -45) =>
        new(type, InterventionOrientation.WorkPreparatory, DeliveryRegi.Own, null, NamedService.Unspecified, basis, 6, Day(plannedStart), null);

    public static InterventionDecision Procured(string provider = "provider-1", int plannedStart = -45) =>
        new(InterventionType.WorkTraining, InterventionOrientation.WorkPreparatory, DeliveryRegi.Procured, provider, NamedService.Sta,
            LegalBasis.Ordinance2000_634, 10, Day(plannedStart), Day(60));

    /// <summary>Active with one ongoing procured intervention i1 (started Day(-44)).</summary>
    public static Participation WithOngoing(string provider = "provider-1") =>
        Active().DecideIntervention(Day(-46), Procured(provider), Rules, Today).State.StartIntervention(Day(-44), "i1", Today).State;

    /// <summary>i1 ended at Day(-20), closure initiated at Day(-15).</summary>
    public static Participation ClosureProposed() =>
        WithOngoing().EndIntervention(Day(-20), "i1", InterventionEndReason.Completed, Today).State
            .InitiateClosure(Day(-15), [ClosureInitiator.Fk, ClosureInitiator.Af], Channel.Unspecified, Today).State;

    public static Change<Participation> Close(
        Participation p, int day = -10, Outcome outcome = Outcome.WorkCapacityAchieved,
        OccupationAfterClosure occupation = OccupationAfterClosure.EmploymentSubsidised, ClosureReason[]? reasons = null,
        UnknownOutcomeReason unknown = UnknownOutcomeReason.Unspecified) =>
        p.DecideClosure(Day(day), outcome, reasons ?? [ClosureReason.WorkWithSupport], BenefitType.SicknessBenefit, occupation, 20, unknown, Today);

    public static IReadOnlyList<GoalCheck> AllGoals(Participation p, GoalStatus status = GoalStatus.PartlyMet) =>
        Enumerable.Range(0, p.Plan.Goals.Count).Select(i => new GoalCheck(i, status)).ToList();
}
