using Rehab.BuildingBlocks.Domain;

namespace Rehab.Interventions.Domain;

// The participation's domain events, named like the contract events in protos/rehab/interventions/v1/interventions_events.proto.
// The service maps them 1:1 and adds participation_id and person_id from the state.

public sealed record ParticipationPlanned(DateOnly EffectiveDate, string ParticipationId, KnownRound Round, PlanCopy Plan) : IDomainEvent;

public sealed record ParticipationStarted(DateOnly EffectiveDate, double InsuredHoursPerWeek) : IDomainEvent;

public sealed record ParticipationPlanUpdated(DateOnly EffectiveDate, int PlanVersion, IReadOnlyList<PlanGoal> Goals, InterventionOrientation FirstOrientation)
    : IDomainEvent
{
    public IReadOnlyList<PlanGoal> Goals { get; init => field = ValueList.From(value); } = ValueList.From(Goals);
}

public sealed record InterventionDecided(DateOnly EffectiveDate, string InterventionId, InterventionDecision Decision, DateOnly PlannedStartDate)
    : IDomainEvent;

public sealed record InterventionStarted(DateOnly EffectiveDate, string InterventionId) : IDomainEvent;

public sealed record InterventionEnded(DateOnly EffectiveDate, string InterventionId, InterventionEndReason EndReason) : IDomainEvent;

public sealed record InterventionCancelled(DateOnly EffectiveDate, string InterventionId) : IDomainEvent;

public sealed record SpecialistContactRecorded(DateOnly EffectiveDate, string SpecialistContactId, SpecialistType SpecialistType) : IDomainEvent;

public sealed record ProgressReported(DateOnly EffectiveDate, ProgressReport Report) : IDomainEvent;

public sealed record FollowUpHeld(DateOnly EffectiveDate, FollowUp FollowUp) : IDomainEvent;

/// <summary>D17: the next follow-up is due; the tracking service alone decides when it is overdue.</summary>
public sealed record FollowUpScheduled(DateOnly EffectiveDate, DateOnly DueDate) : IDomainEvent;

public sealed record ParticipationPaused(DateOnly EffectiveDate) : IDomainEvent;

public sealed record ParticipationConsentWithdrawn(DateOnly EffectiveDate) : IDomainEvent;

public sealed record ParticipationResumed(DateOnly EffectiveDate) : IDomainEvent;

public sealed record ClosureInitiated(DateOnly EffectiveDate, IReadOnlyList<ClosureInitiator> Initiators, Channel Channel) : IDomainEvent
{
    public IReadOnlyList<ClosureInitiator> Initiators { get; init => field = ValueList.From(value); } = ValueList.From(Initiators);
}

public sealed record ClosureDecided(DateOnly EffectiveDate, IReadOnlyList<ClosureReason> ClosureReasons) : IDomainEvent
{
    public IReadOnlyList<ClosureReason> ClosureReasons { get; init => field = ValueList.From(value); } = ValueList.From(ClosureReasons);
}

public sealed record ParticipationClosed(
    DateOnly EffectiveDate,
    Outcome Outcome,
    OccupationAfterClosure Occupation,
    double WorkCapacityHoursPerWeek,
    BenefitType BenefitTypeAtClosure,
    UnknownOutcomeReason UnknownOutcomeReason,
    IReadOnlyList<DataQualityWarning> Warnings) : IDomainEvent
{
    public IReadOnlyList<DataQualityWarning> Warnings { get; init => field = ValueList.From(value); } = ValueList.From(Warnings);
}

public sealed record ClosureOutcomeCorrected(
    DateOnly EffectiveDate, OccupationAfterClosure PreviousOccupation, OccupationAfterClosure Occupation, IReadOnlyList<DataQualityWarning> Warnings)
    : IDomainEvent
{
    public IReadOnlyList<DataQualityWarning> Warnings { get; init => field = ValueList.From(value); } = ValueList.From(Warnings);
}
