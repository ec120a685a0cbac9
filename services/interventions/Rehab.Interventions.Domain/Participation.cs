using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.Interventions.Domain;

/// <summary>
/// The rehabilitation cooperation for one agreed plan (DOMAIN §3c): Planned → Active ⇄ OnHold → ClosureProposed → Closed, with its
/// interventions, specialist contacts, progress reports and follow-ups. Immutable and event-sourced: the state is the fold of its
/// events (<see cref="Replay"/>); every command returns its events and the state they produce.
/// </summary>
public sealed partial record Participation : IHasUniqueKeys
{
    public string ParticipationId { get; init; } = "";
    public string PersonId { get; init; } = "";
    public string JointAssessmentId { get; init; } = "";
    public string ReferralId { get; init; } = "";
    public string SickCaseId { get; init; } = "";
    public int RoundNo { get; init; }
    public IReadOnlyList<BenefitType> BenefitTypes { get; init => field = ValueList.From(value); } = ValueList<BenefitType>.Empty;
    public Gender Gender { get; init; }
    public string FkOfficeId { get; init; } = "";
    public string AfOfficeId { get; init; } = "";
    public string AfOfficerId { get; init; } = "";
    public ParticipationState State { get; init; }
    public PlanCopy Plan { get; init; } = new();
    public DateOnly PlannedDate { get; init; }
    public DateOnly? StartDate { get; init; }
    public double InsuredHoursPerWeek { get; init; }
    public IReadOnlyList<Intervention> Interventions { get; init => field = ValueList.From(value); } = ValueList<Intervention>.Empty;
    public IReadOnlyList<SpecialistContact> SpecialistContacts { get; init => field = ValueList.From(value); } = ValueList<SpecialistContact>.Empty;
    public IReadOnlyList<ProgressReport> ProgressReports { get; init => field = ValueList.From(value); } = ValueList<ProgressReport>.Empty;
    public IReadOnlyList<FollowUp> FollowUps { get; init => field = ValueList.From(value); } = ValueList<FollowUp>.Empty;
    public DateOnly? NextFollowUpDueDate { get; init; }
    public DateOnly? PausedDate { get; init; }

    /// <summary>When the individual withdrew consent to share data (D6); providers no longer see the participation (D3).</summary>
    public DateOnly? ConsentWithdrawnDate { get; init; }
    public ClosureInitiation? ClosureInitiation { get; init; }
    public Closure? Closure { get; init; }
    public IReadOnlyList<DataQualityWarning> Warnings { get; init => field = ValueList.From(value); } = ValueList<DataQualityWarning>.Empty;

    /// <summary>The latest effective date of any fact recorded: closure may not precede it (§9.1).</summary>
    public DateOnly LastEventDate { get; init; }

    /// <summary>One participation per joint-assessment round (its plan). Permanent.</summary>
    [JsonIgnore]
    public IReadOnlyCollection<string> UniqueKeys =>
        string.IsNullOrEmpty(ReferralId) ? [RoundKey(JointAssessmentId)] : [RoundKey(JointAssessmentId), ReferralKey(ReferralId)];

    public static string RoundKey(string jointAssessmentId) => $"plan:{jointAssessmentId}";

    /// <summary>A referral opens one round, whose plan opens one participation: how the referral's consent events find it.</summary>
    public static string ReferralKey(string referralId) => $"referral:{referralId}";

    /// <summary>T7 applies to sickness-benefit participants (DOMAIN §3c, T7 "(SP)").</summary>
    [JsonIgnore]
    public bool OnSicknessBenefit => BenefitTypes.Any(b => b is BenefitType.SicknessBenefit or BenefitType.SicknessBenefitSpecialCases);

    /// <summary>
    /// T7 (D13), computed: an SP participant whose activity level (the plan's hours per week) is below a quarter of their insured working
    /// hours gets no programme assignment. Unknown until the start records the insured hours.
    /// </summary>
    public bool QuarterRuleApplies(InterventionsRules rules) =>
        OnSicknessBenefit && InsuredHoursPerWeek > 0 && Plan.ActivityHoursPerWeek < InsuredHoursPerWeek * rules.ProgrammeMinimumShare;

    public static Participation Replay(IEnumerable<IDomainEvent> events) =>
        events.Aggregate(new Participation(), (state, e) => state.Apply(e));

    /// <summary>Evolves the state by one event. Facts only: the decisions were taken by the command that emitted it.</summary>
    public Participation Apply(IDomainEvent domainEvent)
    {
        var next = domainEvent switch
        {
            ParticipationPlanned e => Planned(e),
            ParticipationStarted e => this with { State = ParticipationState.Active, StartDate = e.EffectiveDate, InsuredHoursPerWeek = e.InsuredHoursPerWeek },
            ParticipationPlanUpdated e => this with
            {
                Plan = Plan with { PlanVersion = e.PlanVersion, Goals = e.Goals, FirstOrientation = e.FirstOrientation, RevisedDate = e.EffectiveDate },
            },
            InterventionDecided e => this with
            {
                Interventions = [.. Interventions, new Intervention
                {
                    InterventionId = e.InterventionId, Type = e.Decision.Type, Orientation = e.Decision.Orientation, Regi = e.Decision.Regi,
                    ProviderId = e.Decision.ProviderId ?? "", NamedService = e.Decision.NamedService, LegalBasis = e.Decision.LegalBasis,
                    HoursPerWeek = e.Decision.HoursPerWeek, DecidedDate = e.EffectiveDate, PlannedStartDate = e.PlannedStartDate,
                    PlannedEndDate = e.Decision.PlannedEndDate, State = InterventionState.Decided,
                }],
            },
            InterventionStarted e => WithIntervention(e.InterventionId, i => i with { State = InterventionState.Ongoing, StartDate = e.EffectiveDate }),
            InterventionEnded e => WithIntervention(e.InterventionId, i => i with
            {
                State = InterventionState.Ended, EndDate = e.EffectiveDate, EndReason = e.EndReason,
            }),
            InterventionCancelled e => WithIntervention(e.InterventionId, i => i with { State = InterventionState.Cancelled, CancelledDate = e.EffectiveDate }),
            SpecialistContactRecorded e => this with
            {
                SpecialistContacts = [.. SpecialistContacts, new SpecialistContact(e.SpecialistContactId, e.SpecialistType, e.EffectiveDate)],
            },
            ProgressReported e => this with { ProgressReports = [.. ProgressReports, e.Report] },
            FollowUpHeld e => this with { FollowUps = [.. FollowUps, e.FollowUp] },
            FollowUpScheduled e => this with { NextFollowUpDueDate = e.DueDate },
            ParticipationPaused e => this with { State = ParticipationState.OnHold, PausedDate = e.EffectiveDate },
            ParticipationConsentWithdrawn e => this with { ConsentWithdrawnDate = e.EffectiveDate },
            ParticipationResumed => this with { State = ParticipationState.Active, PausedDate = null },
            ClosureInitiated e => this with
            {
                State = ParticipationState.ClosureProposed, ClosureInitiation = new ClosureInitiation(e.Initiators, e.EffectiveDate, e.Channel),
            },
            ClosureDecided e => this with { Closure = new Closure { ClosureReasons = e.ClosureReasons, ClosedDate = e.EffectiveDate } },
            ParticipationClosed e => this with
            {
                State = ParticipationState.Closed,
                NextFollowUpDueDate = null,
                Closure = (Closure ?? new Closure()) with
                {
                    Outcome = e.Outcome, Occupation = e.Occupation, OriginalOccupation = e.Occupation,
                    WorkCapacityHoursPerWeek = e.WorkCapacityHoursPerWeek, BenefitTypeAtClosure = e.BenefitTypeAtClosure,
                    UnknownOutcomeReason = e.UnknownOutcomeReason, ClosedDate = e.EffectiveDate,
                },
                Warnings = e.Warnings,
            },
            ClosureOutcomeCorrected e => this with
            {
                Closure = Closure! with
                {
                    Occupation = e.Occupation,
                    Corrections = [.. Closure.Corrections, new OccupationCorrection(e.PreviousOccupation, e.Occupation, e.EffectiveDate)],
                },
                Warnings = e.Warnings,
            },
            _ => throw new ArgumentException($"{domainEvent.GetType().Name} is not a participation event", nameof(domainEvent)),
        };
        // A plan revision is the owner's fact, not one of this participation's steps: it does not move the closure's lower bound.
        return domainEvent is ParticipationPlanUpdated or FollowUpScheduled || domainEvent.EffectiveDate <= next.LastEventDate
            ? next
            : next with { LastEventDate = domainEvent.EffectiveDate };
    }

    private Participation Planned(ParticipationPlanned e)
    {
        if (State != ParticipationState.Unspecified)
            throw new InvalidOperationException($"participation {ParticipationId} exists; ParticipationPlanned must be its first event");
        var round = e.Round;
        return new Participation
        {
            ParticipationId = e.ParticipationId,
            PersonId = round.PersonId,
            JointAssessmentId = round.JointAssessmentId,
            ReferralId = round.ReferralId,
            SickCaseId = round.SickCaseId,
            RoundNo = round.RoundNo,
            BenefitTypes = round.BenefitTypes,
            Gender = round.Gender,
            FkOfficeId = round.FkOfficeId,
            AfOfficeId = round.AfOfficeId,
            AfOfficerId = round.AfOfficerId,
            State = ParticipationState.Planned,
            Plan = e.Plan,
            PlannedDate = e.EffectiveDate,
            LastEventDate = e.EffectiveDate,
        };
    }

    private Participation WithIntervention(string interventionId, Func<Intervention, Intervention> change) =>
        this with { Interventions = Interventions.Select(i => i.InterventionId == interventionId ? change(i) : i).ToList() };
}
