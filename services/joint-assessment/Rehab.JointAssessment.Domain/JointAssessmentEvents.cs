using Rehab.BuildingBlocks.Domain;

namespace Rehab.JointAssessment.Domain;

// The round's domain events, named and shaped like the contract events in
// protos/rehab/jointassessment/v1/joint_assessment_events.proto. The service maps them 1:1 and adds
// joint_assessment_id, person_id (and the process version, meeting type, ...) from the state.

public sealed record JointAssessmentOpened(
    string JointAssessmentId,
    string ReferralId,
    string PersonId,
    string SickCaseId,
    int RoundNo,
    IReadOnlyList<BenefitType> BenefitTypes,
    Gender Gender,
    string FkOfficeId,
    string AfOfficeId,
    string AfOfficerId,
    ProcessVersion ProcessVersion,
    ConsentState ConsentState,
    Meeting FirstMeeting,
    DateOnly EffectiveDate) : IDomainEvent
{
    public IReadOnlyList<BenefitType> BenefitTypes { get; init => field = ValueList.From(value); } = ValueList.From(BenefitTypes);

    /// <summary>Null in bookings that did not carry it: the booked date stands in.</summary>
    public DateOnly? RequestReceivedDate { get; init; }

    /// <summary>When consent was given (with <see cref="ConsentState"/> Given); null: the booked date stands in.</summary>
    public DateOnly? ConsentGivenDate { get; init; }
}

public sealed record MeetingScheduled(DateOnly EffectiveDate, string MeetingId, MeetingType MeetingType, DateTimeOffset MeetingAt)
    : IOverridesChronology
{
    /// <summary>Scheduled by the platform because a later fact implies the meeting (D5).</summary>
    public bool Implied { get; init; }

    public ChronologyOverride? ChronologyOverride { get; init; }

    public IReadOnlyList<string> AfSpecialistIds { get; init => field = ValueList.From(value); } = ValueList<string>.Empty;
}

public sealed record MeetingRescheduled(DateOnly EffectiveDate, string MeetingId, DateTimeOffset MeetingAt) : IOverridesChronology
{
    public ChronologyOverride? ChronologyOverride { get; init; }
}

public sealed record MeetingCancelled(DateOnly EffectiveDate, string MeetingId, CancellationReason Reason, Participant CancelledBy) : IDomainEvent;

public sealed record MeetingHeld(DateOnly EffectiveDate, string MeetingId, MeetingMode Mode, IReadOnlyList<Participant> Participants)
    : IOverridesChronology
{
    public IReadOnlyList<Participant> Participants { get; init => field = ValueList.From(value); } = ValueList.From(Participants);

    /// <summary>Implied by a later fact (D5) and dated by the platform; mode and participants are then unknown.</summary>
    public bool Implied { get; init; }

    public ChronologyOverride? ChronologyOverride { get; init; }

    /// <summary>The AF specialists who attended; empty keeps those the meeting was scheduled with.</summary>
    public IReadOnlyList<string> AfSpecialistIds { get; init => field = ValueList.From(value); } = ValueList<string>.Empty;
}

public sealed record MeetingNoShow(DateOnly EffectiveDate, string MeetingId) : IOverridesChronology
{
    public ChronologyOverride? ChronologyOverride { get; init; }
}

/// <summary>The referral context's consent changed (D6); the round keeps its own copy to guard held meetings.</summary>
public sealed record ConsentRecorded(DateOnly EffectiveDate, ConsentState ConsentState) : IDomainEvent;

public sealed record LabourMarketAssessmentCompleted(DateOnly EffectiveDate, string IllnessImpact, string AdaptationNeeds) : IDomainEvent;

public sealed record ActivityLevelAssessed(DateOnly EffectiveDate, double HoursPerWeek, Stability Stability) : IDomainEvent;

public sealed record RehabilitationPlanEstablished(DateOnly EffectiveDate, IReadOnlyList<Goal> Goals, FirstOrientation FirstOrientation) : IDomainEvent
{
    public IReadOnlyList<Goal> Goals { get; init => field = ValueList.From(value); } = ValueList.From(Goals);

    public IReadOnlyList<PlannedIntervention> PlannedInterventions { get; init => field = ValueList.From(value); } = ValueList<PlannedIntervention>.Empty;
}

/// <summary>
/// The plan after a revision; <see cref="ChangedFields"/> names what changed ("goals", "first_orientation",
/// "planned_interventions").
/// </summary>
public sealed record RehabilitationPlanRevised(
    DateOnly EffectiveDate, IReadOnlyList<Goal> Goals, FirstOrientation FirstOrientation, IReadOnlyList<string> ChangedFields) : IDomainEvent
{
    public IReadOnlyList<Goal> Goals { get; init => field = ValueList.From(value); } = ValueList.From(Goals);
    public IReadOnlyList<string> ChangedFields { get; init => field = ValueList.From(value); } = ValueList.From(ChangedFields);
    public IReadOnlyList<PlannedIntervention> PlannedInterventions { get; init => field = ValueList.From(value); } = ValueList<PlannedIntervention>.Empty;
}

public sealed record DecidedNotToProceed(DateOnly EffectiveDate, IReadOnlyList<NotProceedingReason> Reasons, string ReferredTo) : IDomainEvent
{
    public IReadOnlyList<NotProceedingReason> Reasons { get; init => field = ValueList.From(value); } = ValueList.From(Reasons);
}

public sealed record ParticipationDeclined(DateOnly EffectiveDate, bool ValidReason, Channel Channel) : IDomainEvent;

public sealed record JointAssessmentConcluded(DateOnly EffectiveDate, Conclusion Conclusion) : IDomainEvent;

/// <summary>The round was cancelled; <see cref="CancelledMeetingIds"/> are its meetings that were still scheduled.</summary>
public sealed record JointAssessmentCancelled(
    DateOnly EffectiveDate, RoundCancellationReason Reason, Participant CancelledBy, string Note, IReadOnlyList<string> CancelledMeetingIds)
    : IDomainEvent
{
    public IReadOnlyList<string> CancelledMeetingIds { get; init => field = ValueList.From(value); } = ValueList.From(CancelledMeetingIds);
}
