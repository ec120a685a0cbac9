using Rehab.BuildingBlocks.Domain;

namespace Rehab.Referral.Domain;

// The referral's domain events, named and shaped like the contract events in
// protos/rehab/referral/v1/referral_events.proto. The service maps them 1:1 and adds referral_id,
// person_id (and, for JointAssessmentBooked, the sick-case fields) from the state.

public sealed record RehabilitationNeedIdentified(
    string ReferralId,
    string PersonId,
    string SickCaseId,
    DateOnly SickCaseStartDate,
    IReadOnlyList<BenefitType> BenefitTypes,
    Gender Gender,
    string FkOfficeId,
    ImpulseSource ImpulseSource,
    bool HasEmployer,
    DateOnly BirthDate,
    DateOnly EffectiveDate) : IDomainEvent
{
    public IReadOnlyList<BenefitType> BenefitTypes { get; init => field = ValueList.From(value); } = ValueList.From(BenefitTypes);
}

public sealed record CooperationRelevanceAssessed(DateOnly EffectiveDate) : IDomainEvent;

public sealed record PreparatoryContactRecorded(DateOnly EffectiveDate, PreparatoryContactType ContactType) : IDomainEvent;

public sealed record EmployerAdaptationRuledOut(DateOnly EffectiveDate) : IDomainEvent;

public sealed record ConsentRequested(DateOnly EffectiveDate) : IDomainEvent;

public sealed record ConsentGiven(DateOnly EffectiveDate, Channel Channel) : IDomainEvent;

public sealed record ConsentRefused(DateOnly EffectiveDate, Channel Channel) : IDomainEvent;

public sealed record ConsentWithdrawn(DateOnly EffectiveDate, Channel Channel) : IDomainEvent;

/// <summary>FK sent the request; <see cref="ConsentState"/> is Requested when sent with consent pending (D6).</summary>
public sealed record JointAssessmentRequested(DateOnly EffectiveDate, ConsentState ConsentState) : IDomainEvent;

public sealed record JointAssessmentRequestReceived(DateOnly EffectiveDate) : IDomainEvent;

/// <summary>D7: the referral is Converted; the joint-assessment service opens a round from this event.</summary>
public sealed record JointAssessmentBooked(
    DateOnly EffectiveDate,
    DateTimeOffset MeetingAt,
    string AfOfficeId,
    string AfOfficerId,
    ConsentState ConsentState) : IDomainEvent;

/// <summary>
/// AF rejected the request. <see cref="Note"/> has no field in the contract event (free text stays in the state).
/// </summary>
public sealed record JointAssessmentRequestRejected(DateOnly EffectiveDate, RejectionReason Reason, string Note) : IDomainEvent;

public sealed record ReferralWithdrawn(
    DateOnly EffectiveDate,
    WithdrawalReason Reason,
    bool OnBehalfOfIndividual,
    Channel Channel) : IDomainEvent;
