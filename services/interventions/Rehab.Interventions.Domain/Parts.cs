using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.Interventions.Domain;

public sealed record PlanGoal(string Description, IReadOnlyList<string> SubGoals)
{
    public IReadOnlyList<string> SubGoals { get; init => field = ValueList.From(value); } = ValueList.From(SubGoals);
}

/// <summary>This service's copy of the rehabilitation plan (owned by the joint assessment, D8): what follow-ups check against.</summary>
public sealed record PlanCopy
{
    public int PlanVersion { get; init; }
    public IReadOnlyList<PlanGoal> Goals { get; init => field = ValueList.From(value); } = ValueList<PlanGoal>.Empty;
    public InterventionOrientation FirstOrientation { get; init; }
    public double ActivityHoursPerWeek { get; init; }
    public DateOnly EstablishedDate { get; init; }
    public DateOnly? RevisedDate { get; init; }
}

/// <summary>What AF decided for one intervention (DOMAIN §3c InterventionDecided).</summary>
public sealed record InterventionDecision(
    InterventionType Type,
    InterventionOrientation Orientation,
    DeliveryRegi Regi,
    string? ProviderId,
    NamedService NamedService,
    LegalBasis LegalBasis,
    double HoursPerWeek,
    DateOnly? PlannedStartDate,
    DateOnly? PlannedEndDate);

public sealed record Intervention
{
    public string InterventionId { get; init; } = "";
    public InterventionType Type { get; init; }
    public InterventionOrientation Orientation { get; init; }
    public DeliveryRegi Regi { get; init; }
    public string ProviderId { get; init; } = "";
    public NamedService NamedService { get; init; }
    public LegalBasis LegalBasis { get; init; }
    public double HoursPerWeek { get; init; }
    public DateOnly DecidedDate { get; init; }
    public DateOnly PlannedStartDate { get; init; }
    public DateOnly? PlannedEndDate { get; init; }
    public InterventionState State { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public InterventionEndReason EndReason { get; init; }
    public DateOnly? CancelledDate { get; init; }

    [JsonIgnore]
    public bool IsOpen => State is InterventionState.Decided or InterventionState.Ongoing;

    /// <summary>Delivered by this provider under a procurement: the provider reports on it and sees it (D3).</summary>
    public bool IsProcuredFrom(string? providerId) =>
        Regi is DeliveryRegi.Procured or DeliveryRegi.ProcuredPlus && !string.IsNullOrEmpty(providerId) && ProviderId == providerId;
}

public sealed record SpecialistContact(string SpecialistContactId, SpecialistType SpecialistType, DateOnly ContactDate);

public sealed record ProgressReport(
    string InterventionId,
    DateOnly ReportDate,
    DateOnly PeriodStartDate,
    DateOnly PeriodEndDate,
    double AttendedHours,
    double AbsentHours,
    ProgressLevel Progress,
    string ReportedByProviderId);

public sealed record GoalCheck(int GoalIndex, GoalStatus Status);

public sealed record FollowUp
{
    public DateOnly HeldDate { get; init; }
    public FollowUpMode Mode { get; init; }
    public IReadOnlyList<FollowUpParticipant> Participants { get; init => field = ValueList.From(value); } = ValueList<FollowUpParticipant>.Empty;
    public int PlanVersion { get; init; }
    public IReadOnlyList<GoalCheck> GoalChecks { get; init => field = ValueList.From(value); } = ValueList<GoalCheck>.Empty;
    public HealthChange HealthChange { get; init; }
    public bool PlanRevisionNeeded { get; init; }
}

public sealed record ClosureInitiation(IReadOnlyList<ClosureInitiator> Initiators, DateOnly InitiatedDate, Channel Channel)
{
    public IReadOnlyList<ClosureInitiator> Initiators { get; init => field = ValueList.From(value); } = ValueList.From(Initiators);
}

public sealed record OccupationCorrection(OccupationAfterClosure PreviousOccupation, OccupationAfterClosure Occupation, DateOnly EffectiveDate);

/// <summary>FK's closure decision and AF's registered outcome (§9.3). The original occupation is kept when corrected (T10).</summary>
public sealed record Closure
{
    public Outcome Outcome { get; init; }
    public IReadOnlyList<ClosureReason> ClosureReasons { get; init => field = ValueList.From(value); } = ValueList<ClosureReason>.Empty;
    public BenefitType BenefitTypeAtClosure { get; init; }
    public OccupationAfterClosure Occupation { get; init; }
    public OccupationAfterClosure OriginalOccupation { get; init; }
    public double WorkCapacityHoursPerWeek { get; init; }
    public UnknownOutcomeReason UnknownOutcomeReason { get; init; }
    public DateOnly ClosedDate { get; init; }
    public IReadOnlyList<OccupationCorrection> Corrections { get; init => field = ValueList.From(value); } = ValueList<OccupationCorrection>.Empty;
}

/// <summary>A suspicious outcome/occupation pair (§9.4: warn, don't block).</summary>
public sealed record DataQualityWarning(string Rule, Outcome Outcome, OccupationAfterClosure Occupation, string Description);

/// <summary>
/// The configurable rules: the follow-up interval (no default, DOMAIN §4: null means no FollowUpScheduled), T6 (work-oriented
/// from 10 h/week), T7 (a quarter of the insured working hours) and T10 (1 calendar month to correct the occupation).
/// </summary>
public sealed record InterventionsRules(
    int? FollowUpIntervalDays = null,
    double WorkOrientedMinimumHours = 10,
    double ProgrammeMinimumShare = 0.25,
    int CorrectionWindowMonths = 1)
{
    public static InterventionsRules Default { get; } = new();
}

/// <summary>
/// The joint-assessment round a plan belongs to, as its JointAssessmentOpened said: the offices, the benefits and the person.
/// RehabilitationPlanEstablished does not carry them, so the service keeps this projection, one per round.
/// </summary>
public sealed record KnownRound : IHasUniqueKeys
{
    public string JointAssessmentId { get; init; } = "";
    public string PersonId { get; init; } = "";
    public string ReferralId { get; init; } = "";
    public string SickCaseId { get; init; } = "";
    public int RoundNo { get; init; }
    public IReadOnlyList<BenefitType> BenefitTypes { get; init => field = ValueList.From(value); } = ValueList<BenefitType>.Empty;
    public Gender Gender { get; init; }
    public string FkOfficeId { get; init; } = "";
    public string AfOfficeId { get; init; } = "";
    public string AfOfficerId { get; init; } = "";

    [JsonIgnore]
    public IReadOnlyCollection<string> UniqueKeys => [Key(JointAssessmentId)];

    public static string Key(string jointAssessmentId) => $"round:{jointAssessmentId}";

    /// <summary>Recorded as a projection: no events of its own.</summary>
    public static Change<KnownRound> Record(KnownRound round) => new(round, []);
}

/// <summary>
/// A referral whose consent was withdrawn (D6), kept whether or not its participation exists yet: the withdrawal and the plan
/// that opens the participation arrive on different topics in either order, so each side writes its own record first and then
/// looks for the other's.
/// </summary>
public sealed record ConsentWithdrawal : IHasUniqueKeys
{
    public string ReferralId { get; init; } = "";
    public string PersonId { get; init; } = "";
    public DateOnly EffectiveDate { get; init; }

    [JsonIgnore]
    public IReadOnlyCollection<string> UniqueKeys => [Key(ReferralId)];

    public static string Key(string referralId) => $"withdrawn:{referralId}";

    /// <summary>Recorded as a projection: no events of its own.</summary>
    public static Change<ConsentWithdrawal> Record(ConsentWithdrawal withdrawal) => new(withdrawal, []);
}

/// <summary>The agreed plan, as RehabilitationPlanEstablished says.</summary>
public sealed record EstablishedPlan(
    int PlanVersion, IReadOnlyList<PlanGoal> Goals, InterventionOrientation FirstOrientation, double ActivityHoursPerWeek, DateOnly? EstablishedDate);
