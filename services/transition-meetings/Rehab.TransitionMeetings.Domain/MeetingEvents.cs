using Rehab.BuildingBlocks.Domain;

namespace Rehab.TransitionMeetings.Domain;

// The meeting's domain events, named and shaped like the contract events in protos/rehab/transition/v1/transition_events.proto.
// The service maps them 1:1 and adds the meeting's reporting facts (type, benefit, trigger, gender, office) from the state.

public sealed record ContactMeetingEligibilityAssessed(
    DateOnly EffectiveDate, string MeetingId, string PersonId, string SickCaseId, string FkOfficeId, Gender Gender, int Sequence,
    ChainDayObservation ChainDay, int ChainDayAtEligibility, bool RiskOfNotReturningToEmployer, bool NoReducedCapacityForNormalWork)
    : IDomainEvent;

public sealed record TransitionMeetingTriggered(
    DateOnly EffectiveDate, string MeetingId, string PersonId, string SickCaseId, string FkOfficeId, Gender Gender, int Sequence,
    TransitionTrigger Trigger, BenefitType BenefitType, Refusal? Refusal) : IDomainEvent;

public sealed record MeetingOffered(DateOnly EffectiveDate, string FkOfficeId, int ChainDayAtOffer) : IDomainEvent
{
    /// <summary>The person's gender, stated with the offer of a meeting opened without one (a refusal's, by the history import).</summary>
    public Gender Gender { get; init; }
}

public sealed record MeetingAccepted(DateOnly EffectiveDate, Channel Channel, bool Implied) : IDomainEvent;

public sealed record MeetingDeclined(DateOnly EffectiveDate, Channel Channel) : IDomainEvent;

public sealed record MeetingHeld(DateOnly EffectiveDate, MeetingMode Mode, IReadOnlyList<Participant> Participants, string AfOfficeId) : IDomainEvent
{
    public IReadOnlyList<Participant> Participants { get; init => field = ValueList.From(value); } = ValueList.From(Participants);
}

public sealed record MeetingNoShow(DateOnly EffectiveDate) : IDomainEvent;

public sealed record RetainedBenefitJobSearchStarted(DateOnly EffectiveDate, RetainedBenefitJobSearch JobSearch) : IDomainEvent;

public sealed record SgiInformationProvided(DateOnly EffectiveDate, Channel Channel, bool AtMeeting) : IDomainEvent;

public sealed record AfRegistrationSupportOffered(DateOnly EffectiveDate, string AfOfficeId) : IDomainEvent;

/// <summary>AfRegistrationSupportAccepted / AfRegistrationSupportDeclined of the contract, told apart by <see cref="Response"/>.</summary>
public sealed record AfRegistrationSupportAnswered(DateOnly EffectiveDate, Response Response, Channel Channel) : IDomainEvent;

public sealed record MeetingRefusalRecorded(DateOnly EffectiveDate, Refusal Refusal) : IDomainEvent;

public sealed record RegistrationAfterMeetingRecorded(DateOnly EffectiveDate, RegistrationOutcome Registration) : IDomainEvent;

/// <summary>
/// The meeting was joined with version <see cref="FactsVersion"/> of the person's facts projection. Recorded with a change the
/// meeting stores anyway; stays inside the service (no contract event).
/// </summary>
public sealed record FactsJoined(DateOnly EffectiveDate, long FactsVersion) : IDomainEvent;
