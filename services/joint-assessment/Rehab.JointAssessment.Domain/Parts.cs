using Rehab.BuildingBlocks.Domain;

namespace Rehab.JointAssessment.Domain;

/// <summary>One meeting of the round. <see cref="OccurredDate"/> is when it was held or the individual did not show up.</summary>
public sealed record Meeting
{
    public string MeetingId { get; init; } = "";
    public MeetingType MeetingType { get; init; }
    public MeetingStatus Status { get; init; }
    public DateTimeOffset MeetingAt { get; init; }
    public DateOnly ScheduledDate { get; init; }
    public MeetingMode Mode { get; init; }
    public IReadOnlyList<Participant> Participants { get; init => field = ValueList.From(value); } = ValueList<Participant>.Empty;
    public DateOnly? OccurredDate { get; init; }
    public CancellationReason CancellationReason { get; init; }
    public Participant CancelledBy { get; init; }
    public DateOnly? CancelledDate { get; init; }

    /// <summary>Recorded because a later fact implies it (D5), not by an officer.</summary>
    public bool Implied { get; init; }

    public ChronologyOverride? ChronologyOverride { get; init; }

    /// <summary>The AF specialists (user ids) who attend; they may read and update the round (§2 "RU if attending").</summary>
    public IReadOnlyList<string> AfSpecialistIds { get; init => field = ValueList.From(value); } = ValueList<string>.Empty;
}

/// <summary>AF's complementary labour-market assessment (DOMAIN §3b).</summary>
public sealed record LabourMarketAssessment(string IllnessImpact, string AdaptationNeeds, DateOnly AssessedDate);

public sealed record ActivityLevel(double HoursPerWeek, Stability Stability, DateOnly AssessedDate);

public sealed record Goal(string Description, IReadOnlyList<string> SubGoals)
{
    public IReadOnlyList<string> SubGoals { get; init => field = ValueList.From(value); } = ValueList.From(SubGoals);
}

/// <summary>The rehabilitation plan (D8). <see cref="PlanVersion"/> is 1 when established, +1 per revision.</summary>
public sealed record RehabilitationPlan
{
    public int PlanVersion { get; init; }
    public IReadOnlyList<Goal> Goals { get; init => field = ValueList.From(value); } = ValueList<Goal>.Empty;
    public FirstOrientation FirstOrientation { get; init; }
    public DateOnly EstablishedDate { get; init; }
    public DateOnly? RevisedDate { get; init; }
    public IReadOnlyList<PlannedIntervention> PlannedInterventions { get; init => field = ValueList.From(value); } = ValueList<PlannedIntervention>.Empty;
}

/// <summary>An intervention the plan foresees. <see cref="GoalNo"/> is the goal's position in the plan from 1; 0 = none.</summary>
public sealed record PlannedIntervention(InterventionType InterventionType, FirstOrientation Orientation, double HoursPerWeek, int GoalNo);

/// <summary>Why, when and at whose initiative (the individual, FK or AF) the round was cancelled.</summary>
public sealed record Cancellation(RoundCancellationReason Reason, Participant CancelledBy, string Note, DateOnly CancelledDate);

public sealed record NotProceedingDecision(IReadOnlyList<NotProceedingReason> Reasons, string ReferredTo, DateOnly DecidedDate)
{
    public IReadOnlyList<NotProceedingReason> Reasons { get; init => field = ValueList.From(value); } = ValueList.From(Reasons);
}

public sealed record Decline(bool ValidReason, Channel Channel, DateOnly DeclinedDate);

/// <summary>
/// The configurable rules: the cut-over to the revised method (T13, default 2023-10-01) and the activity level from which a
/// plan may be work-oriented (T6, default 10 h/week).
/// </summary>
public sealed record JointAssessmentRules(DateOnly RevisedProcessFrom, double WorkOrientedMinimumHours)
{
    public static JointAssessmentRules Default { get; } = new(new DateOnly(2023, 10, 1), 10);

    public ProcessVersion VersionFor(DateOnly bookedDate) =>
        bookedDate >= RevisedProcessFrom ? ProcessVersion.Revised2023 : ProcessVersion.Pre2023;
}

/// <summary>
/// What the referral's JointAssessmentBooked says, plus the round number the service counted. Bookings published before the
/// booking carried <see cref="RequestReceivedDate"/> and <see cref="ConsentGivenDate"/> lack them: the booked date then stands
/// in (received ≤ booked and consent given ≤ booked, so the chronology stays sound, only stricter).
/// </summary>
public sealed record NewRound(
    string JointAssessmentId,
    string? ReferralId,
    string? PersonId,
    string? SickCaseId,
    int RoundNo,
    IReadOnlyList<BenefitType>? BenefitTypes,
    Gender Gender,
    string? FkOfficeId,
    string? AfOfficeId,
    string? AfOfficerId,
    ConsentState ConsentState,
    DateOnly? BookedDate,
    DateTimeOffset? MeetingAt,
    DateOnly? RequestReceivedDate = null,
    DateOnly? ConsentGivenDate = null);
