using Rehab.BuildingBlocks.Domain;

namespace Rehab.JointAssessment.Tests.Domain;

// Inside the namespace: otherwise "JointAssessment" would bind to the namespace Rehab.JointAssessment.
using Rehab.JointAssessment.Domain;

/// <summary>A round as its commands left it, with every event emitted on the way (for replay checks).</summary>
internal sealed record Journey(JointAssessment State, IReadOnlyList<IDomainEvent> Events)
{
    public Journey Then(Func<JointAssessment, Change<JointAssessment>> command)
    {
        var change = command(State);
        return new Journey(change.State, [.. Events, .. change.Events]);
    }
}

/// <summary>One round's dates, in process order, all on or before <see cref="Today"/> (late registration is normal, D5).</summary>
internal static class Round
{
    public static readonly DateOnly Booked = new(2025, 3, 3);
    public static readonly DateOnly FirstMeeting = new(2025, 3, 10);
    public static readonly DateOnly Assessed = new(2025, 3, 12);
    public static readonly DateOnly PlanningMeeting = new(2025, 3, 17);
    public static readonly DateOnly Today = new(2025, 3, 20);

    public static readonly DateTimeOffset MeetingAt = new(2025, 3, 10, 9, 0, 0, TimeSpan.FromHours(1));
    public static readonly DateTimeOffset PlanningAt = new(2025, 3, 17, 13, 0, 0, TimeSpan.FromHours(1));

    /// <summary>The default cut-over (2023-10-01): a 2025 booking follows the revised method.</summary>
    public static readonly JointAssessmentRules Revised = JointAssessmentRules.Default;

    /// <summary>A cut-over after the booking: the round follows the pre-2023 method.</summary>
    public static readonly JointAssessmentRules Pre2023 = Revised with { RevisedProcessFrom = new DateOnly(2025, 6, 1) };

    public static readonly Participant[] Core = [Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer];

    public static readonly Goal[] Goals = [new("Back to work as a warehouse worker", ["Work training 10 h/week", "Increase to 20 h/week"])];

    public static NewRound Booking(ConsentState consent = ConsentState.Given, DateOnly? booked = null, int roundNo = 1) => new(
        JointAssessmentId: "ja-1",
        ReferralId: "ref-1",
        PersonId: "person-1",
        SickCaseId: "sick-1",
        RoundNo: roundNo,
        BenefitTypes: [BenefitType.SicknessBenefit],
        Gender: Gender.Woman,
        FkOfficeId: "fk-office-1",
        AfOfficeId: "af-office-7",
        AfOfficerId: "af-officer-3",
        ConsentState: consent,
        BookedDate: booked ?? Booked,
        MeetingAt: MeetingAt);

    public static Journey Opened(JointAssessmentRules? rules = null, ConsentState consent = ConsentState.Given)
    {
        var change = JointAssessment.OpenRound(Booking(consent), rules ?? Revised);
        return new Journey(change.State, change.Events);
    }

    public static Journey Informed() =>
        Opened().Then(r => r.RecordMeetingHeld(FirstMeeting, "m1", MeetingMode.Physical, Core, Today));

    /// <summary>Revised2023: information meeting held, planning meeting scheduled and held.</summary>
    public static Journey PlanningHeld() => Informed()
        .Then(r => r.ScheduleMeeting(FirstMeeting, MeetingType.JaPlanning, PlanningAt, Today))
        .Then(r => r.RecordMeetingHeld(PlanningMeeting, "m2", MeetingMode.Digital, Core, Today));

    public static Journey WithAssessment(Journey journey, double hours = 12) => journey
        .Then(r => r.RecordLabourMarketAssessment(Assessed, "Pain limits lifting; concentration varies", "Adjustable desk, short shifts", Today))
        .Then(r => r.AssessActivityLevel(Assessed, hours, Stability.Stable, Today));

    public static Journey PlanAgreed() =>
        WithAssessment(PlanningHeld()).Then(r => r.EstablishPlan(PlanningMeeting, Goals, FirstOrientation.WorkOriented, Revised, Today));
}
