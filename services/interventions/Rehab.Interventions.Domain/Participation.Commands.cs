using Rehab.BuildingBlocks.Domain;

namespace Rehab.Interventions.Domain;

// The commands. Each one checks, in this order: the input (ValidationFailedException, field names as in the proto request),
// the transition from the current state (WrongStateException "participation.transition", or a named rule), then chronology
// (WrongStateException "chronology", §9.1). It then emits its events and returns the state produced by applying them, so
// commands and replay share one path. Every command takes the fact's effectiveDate and today (Stockholm).
public sealed partial record Participation
{
    public const string TransitionRule = "participation.transition";
    public const string InterventionTransitionRule = "intervention.transition";
    public const string QuarterRule = "intervention.quarter_rule";
    public const string WorkOrientedThresholdRule = "intervention.work_oriented_threshold";
    public const string ProviderRule = "intervention.provider";
    public const string OpenInterventionsRule = "closure.open_interventions";
    public const string CorrectionWindowRule = "closure.correction_window";

    private static readonly ParticipationState[] Running = [ParticipationState.Active, ParticipationState.OnHold];

    private static readonly ParticipationState[] NotClosed =
        [ParticipationState.Active, ParticipationState.OnHold, ParticipationState.ClosureProposed];

    /// <summary>PlanAgreed opens a participation in Planned (§3b), from RehabilitationPlanEstablished and the round it belongs to.</summary>
    public static Change<Participation> Open(string participationId, KnownRound round, EstablishedPlan plan)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participationId);
        var violations = new Violations()
            .RequireText(round.JointAssessmentId, "joint_assessment_id")
            .RequireText(round.PersonId, "person_id")
            .RequireDate(plan.EstablishedDate, "effective_date")
            .Require(plan.PlanVersion >= 1, "plan_version", "must be 1 or more")
            .Require(double.IsFinite(plan.ActivityHoursPerWeek) && plan.ActivityHoursPerWeek >= 0, "activity_hours_per_week", "must not be negative");
        violations.ThrowIfAny();
        var copy = new PlanCopy
        {
            PlanVersion = plan.PlanVersion, Goals = plan.Goals, FirstOrientation = plan.FirstOrientation,
            ActivityHoursPerWeek = plan.ActivityHoursPerWeek, EstablishedDate = plan.EstablishedDate!.Value,
        };
        var planned = new ParticipationPlanned(plan.EstablishedDate.Value, participationId, round, copy);
        return new Change<Participation>(new Participation().Apply(planned), [planned]);
    }

    /// <summary>AF records the start (Planned → Active) with the person's insured working hours per week, from which T7 is computed.</summary>
    public Change<Participation> Start(DateOnly? effectiveDate, double insuredHoursPerWeek, InterventionsRules rules, DateOnly today)
    {
        var violations = new Violations().Require(double.IsFinite(insuredHoursPerWeek) && insuredHoursPerWeek is > 0 and <= 80,
            "insured_hours_per_week", "must be more than 0 and at most 80 (the person's normal working hours per week)");
        var date = ValidDate(violations, effectiveDate);
        Expect("start", ParticipationState.Planned);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "start_date", PlannedDate, "the plan's established_date");
        return Emit(WithSchedule(rules, date, new ParticipationStarted(date, insuredHoursPerWeek)));
    }

    /// <summary>The plan's owner revised it (D8). Idempotent: an older or the same plan version changes nothing; a closed participation keeps its plan.</summary>
    public Change<Participation> UpdatePlan(int planVersion, IReadOnlyList<PlanGoal> goals, InterventionOrientation orientation, DateOnly effectiveDate)
    {
        if (planVersion <= Plan.PlanVersion || State == ParticipationState.Closed) return new Change<Participation>(this, []);
        return Emit(new ParticipationPlanUpdated(effectiveDate, planVersion, goals.Count > 0 ? goals : Plan.Goals,
            orientation == InterventionOrientation.Unspecified ? Plan.FirstOrientation : orientation));
    }

    /// <summary>
    /// AF alone decides an intervention (§3c). Rules: dated inside the participation (decided and planned start on or after its start,
    /// §9.1/§9.9); procured regi names the provider and a planned end (time-limited); T6: work-oriented only from the threshold activity
    /// level; T7: below a quarter of the insured hours, no programme (legal basis NoProgrammeQuarterRule), in-house regi only and no
    /// study visits or work training (no property-damage cover).
    /// </summary>
    public Change<Participation> DecideIntervention(DateOnly? effectiveDate, InterventionDecision d, InterventionsRules rules, DateOnly today)
    {
        var procured = d.Regi is DeliveryRegi.Procured or DeliveryRegi.ProcuredPlus;
        var violations = new Violations()
            .RequireChoice(d.Type, "type")
            .RequireChoice(d.Orientation, "orientation")
            .RequireChoice(d.Regi, "regi")
            .RequireChoice(d.LegalBasis, "legal_basis")
            .RequireKnown(d.NamedService, "named_service")
            .Require(double.IsFinite(d.HoursPerWeek) && d.HoursPerWeek is > 0 and <= 80, "hours_per_week", "must be more than 0 and at most 80")
            .RequireDate(d.PlannedStartDate, "planned_start_date")
            .Require(!procured || !string.IsNullOrWhiteSpace(d.ProviderId), "provider_id", "is required for a procured intervention")
            .Require(procured || string.IsNullOrWhiteSpace(d.ProviderId), "provider_id", "is only given for a procured intervention")
            .Require(!procured || d.PlannedEndDate is not null, "planned_end_date", "is required for a procured intervention (time-limited)")
            .Require(d.PlannedEndDate is null || d.PlannedStartDate is null || d.PlannedEndDate >= d.PlannedStartDate,
                "planned_end_date", "must not be before planned_start_date");
        var date = ValidDate(violations, effectiveDate);
        Expect("decide an intervention for", ParticipationState.Active);

        if (d.Orientation == InterventionOrientation.WorkOriented && Plan.ActivityHoursPerWeek < rules.WorkOrientedMinimumHours)
            throw new WrongStateException(WorkOrientedThresholdRule,
                $"a work-oriented intervention needs an activity level of at least {rules.WorkOrientedMinimumHours} h/week (T6); the plan's is {Plan.ActivityHoursPerWeek} h/week");
        RequireQuarterRule(d, rules);

        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", StartDate, "the participation's start_date");
        Chronology.NotBefore(d.PlannedStartDate!.Value, "planned_start_date", StartDate, "the participation's start_date");
        var decision = d with { ProviderId = procured ? d.ProviderId!.Trim() : "" };
        return Emit(new InterventionDecided(date, $"i{Interventions.Count + 1}", decision, d.PlannedStartDate.Value));
    }

    public Change<Participation> StartIntervention(DateOnly? effectiveDate, string? interventionId, DateOnly today)
    {
        var date = ValidDate(new Violations(), effectiveDate);
        Expect("start an intervention of", ParticipationState.Active);
        var intervention = InterventionById(interventionId);
        ExpectIntervention(intervention, "start", InterventionState.Decided);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "intervention start date", StartDate, "the participation's start_date");
        Chronology.NotBefore(date, "intervention start date", intervention.DecidedDate, "decided_date");
        return Emit(new InterventionStarted(date, intervention.InterventionId));
    }

    public Change<Participation> EndIntervention(DateOnly? effectiveDate, string? interventionId, InterventionEndReason reason, DateOnly today)
    {
        var date = ValidDate(new Violations().RequireChoice(reason, "end_reason"), effectiveDate);
        Expect("end an intervention of", NotClosed);
        var intervention = InterventionById(interventionId);
        ExpectIntervention(intervention, "end", InterventionState.Ongoing);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "intervention end date", intervention.StartDate, "the intervention's start_date");
        return Emit(new InterventionEnded(date, intervention.InterventionId, reason));
    }

    /// <summary>A decided intervention that will not start.</summary>
    public Change<Participation> CancelIntervention(DateOnly? effectiveDate, string? interventionId, DateOnly today)
    {
        var date = ValidDate(new Violations(), effectiveDate);
        Expect("cancel an intervention of", NotClosed);
        var intervention = InterventionById(interventionId);
        ExpectIntervention(intervention, "cancel", InterventionState.Decided);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", intervention.DecidedDate, "decided_date");
        return Emit(new InterventionCancelled(date, intervention.InterventionId));
    }

    /// <summary>A specialist contact, as its own entry (§5.12).</summary>
    public Change<Participation> RecordSpecialistContact(DateOnly? effectiveDate, SpecialistType type, DateOnly today)
    {
        var date = ValidDate(new Violations().RequireChoice(type, "specialist_type"), effectiveDate);
        Expect("record a specialist contact for", Running);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", StartDate, "the participation's start_date");
        return Emit(new SpecialistContactRecorded(date, $"s{SpecialistContacts.Count + 1}", type));
    }

    /// <summary>
    /// Progress and attendance for one intervention and period. A provider (<paramref name="providerId"/>) reports only on interventions
    /// procured from it; AF (no provider id) on any. The period lies inside the intervention and ends by the report date.
    /// </summary>
    public Change<Participation> ReportProgress(
        DateOnly? effectiveDate, string? interventionId, string? providerId, DateOnly? periodStart, DateOnly? periodEnd, double attendedHours,
        double absentHours, ProgressLevel progress, DateOnly today)
    {
        var violations = new Violations()
            .RequireDate(periodStart, "period_start_date")
            .RequireDate(periodEnd, "period_end_date")
            .Require(periodStart is null || periodEnd is null || periodStart <= periodEnd, "period_end_date", "must not be before period_start_date")
            .Require(double.IsFinite(attendedHours) && attendedHours is >= 0 and <= 1000, "attended_hours", "must be between 0 and 1000")
            .Require(double.IsFinite(absentHours) && absentHours is >= 0 and <= 1000, "absent_hours", "must be between 0 and 1000")
            .RequireChoice(progress, "progress");
        var date = ValidDate(violations, effectiveDate);
        Expect("report progress for", NotClosed);
        var intervention = InterventionById(interventionId);
        if (providerId is not null && !intervention.IsProcuredFrom(providerId))
            throw new WrongStateException(ProviderRule, $"intervention {intervention.InterventionId} is not procured from your provider");
        if (intervention.State is not (InterventionState.Ongoing or InterventionState.Ended))
            throw new WrongStateException(InterventionTransitionRule,
                $"cannot report progress for intervention {intervention.InterventionId}: it is {intervention.State}, not started");
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(periodStart!.Value, "period_start_date", intervention.StartDate, "the intervention's start_date");
        Chronology.NotBefore(date, "report date", periodEnd!.Value, "period_end_date");
        if (intervention.EndDate is { } end && periodEnd > end)
            Chronology.NotBefore(end, "the intervention's end_date", periodEnd, "period_end_date");
        return Emit(new ProgressReported(date, new ProgressReport(
            intervention.InterventionId, date, periodStart.Value, periodEnd.Value, attendedHours, absentHours, progress, providerId ?? "")));
    }

    /// <summary>
    /// A follow-up checked against the current plan: every goal once (met, partly, not). Whether the plan must be revised is recorded;
    /// the revision goes to the plan's owner (D8). With a follow-up interval configured the next one is scheduled (D17).
    /// </summary>
    public Change<Participation> RecordFollowUp(
        DateOnly? effectiveDate, FollowUpMode mode, IReadOnlyList<FollowUpParticipant>? participants, IReadOnlyList<GoalCheck>? goalChecks,
        HealthChange healthChange, bool planRevisionNeeded, InterventionsRules rules, DateOnly today)
    {
        var people = participants ?? [];
        var checks = goalChecks ?? [];
        var violations = new Violations()
            .RequireChoice(mode, "mode")
            .RequireChoice(healthChange, "health_change")
            .Require(people.Count > 0, "participants", "needs at least one participant");
        foreach (var p in people) violations.RequireChoice(p, "participants");
        foreach (var c in checks)
        {
            violations.Require(c.GoalIndex >= 0 && c.GoalIndex < Plan.Goals.Count, "goal_checks",
                $"goal_index {c.GoalIndex} is not a goal of plan version {Plan.PlanVersion} ({Plan.Goals.Count} goals)");
            violations.RequireChoice(c.Status, "goal_checks");
        }

        var checkedGoals = checks.Select(c => c.GoalIndex).ToList();
        violations.Require(checkedGoals.Distinct().Count() == checkedGoals.Count, "goal_checks", "checks a goal twice");
        violations.Require(Enumerable.Range(0, Plan.Goals.Count).All(checkedGoals.Contains), "goal_checks",
            $"must check every goal of plan version {Plan.PlanVersion} ({Plan.Goals.Count} goals)");
        var date = ValidDate(violations, effectiveDate);
        Expect("record a follow-up for", Running);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "follow-up date", StartDate, "the participation's start_date");
        var followUp = new FollowUp
        {
            HeldDate = date, Mode = mode, Participants = people.Distinct().ToArray(), PlanVersion = Plan.PlanVersion,
            GoalChecks = checks.OrderBy(c => c.GoalIndex).ToArray(), HealthChange = healthChange, PlanRevisionNeeded = planRevisionNeeded,
        };
        return Emit(WithSchedule(rules, date, new FollowUpHeld(date, followUp)));
    }

    /// <summary>
    /// The referral's consent was withdrawn (D6, projected from the referral context): no new sharing, so providers lose their view.
    /// The agencies' own work goes on. A repeated withdrawal changes nothing.
    /// </summary>
    public Change<Participation> WithdrawConsent(DateOnly effectiveDate) =>
        ConsentWithdrawnDate is not null ? Change<Participation>.Of(this) : Emit(new ParticipationConsentWithdrawn(effectiveDate));

    /// <summary>No activity is possible for now; the person stays in the cooperation (§3c OnHold).</summary>
    public Change<Participation> Pause(DateOnly? effectiveDate, DateOnly today)
    {
        var date = ValidDate(new Violations(), effectiveDate);
        Expect("pause", ParticipationState.Active);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "pause date", StartDate, "the participation's start_date");
        return Emit(new ParticipationPaused(date));
    }

    public Change<Participation> Resume(DateOnly? effectiveDate, DateOnly today)
    {
        var date = ValidDate(new Violations(), effectiveDate);
        Expect("resume", ParticipationState.OnHold);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "resume date", PausedDate, "paused_date");
        return Emit(new ParticipationResumed(date));
    }

    /// <summary>The individual (recorded on their behalf, with the channel), AF, FK, healthcare or another party initiates closure.</summary>
    public Change<Participation> InitiateClosure(DateOnly? effectiveDate, IReadOnlyList<ClosureInitiator>? initiators, Channel channel, DateOnly today)
    {
        var list = initiators ?? [];
        var violations = new Violations().Require(list.Count > 0, "initiators", "needs at least one initiator");
        foreach (var i in list) violations.RequireChoice(i, "initiators");
        if (list.Contains(ClosureInitiator.Individual)) violations.RequireChoice(channel, "channel");
        else violations.RequireKnown(channel, "channel");
        var date = ValidDate(violations, effectiveDate);
        Expect("initiate closure of", Running);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", StartDate, "the participation's start_date");
        return Emit(new ClosureInitiated(date, list.Distinct().ToArray(), channel));
    }

    /// <summary>
    /// FK decides closure on AF's reasoning (§3c, §9.3): outcome, at least one closure reason and the benefit type at closure are
    /// mandatory; the occupation after closure for WorkCapacityAchieved; Unknown only with a reason code. Every intervention must be
    /// ended or cancelled, and the closed date is on or after every recorded fact (§9.1). Suspicious pairs warn (§9.4).
    /// </summary>
    public Change<Participation> DecideClosure(
        DateOnly? effectiveDate, Outcome outcome, IReadOnlyList<ClosureReason>? reasons, BenefitType benefitTypeAtClosure,
        OccupationAfterClosure occupation, double workCapacityHoursPerWeek, UnknownOutcomeReason unknownReason, DateOnly today)
    {
        var list = reasons ?? [];
        var violations = new Violations()
            .RequireChoice(outcome, "outcome")
            .Require(list.Count > 0, "closure_reasons", "needs at least one closure reason (DOMAIN §9.3)")
            .RequireChoice(benefitTypeAtClosure, "benefit_type_at_closure")
            .RequireKnown(occupation, "occupation_after_closure")
            .RequireKnown(unknownReason, "unknown_outcome_reason")
            .Require(double.IsFinite(workCapacityHoursPerWeek) && workCapacityHoursPerWeek is >= 0 and <= 80,
                "work_capacity_hours_per_week", "must be between 0 and 80");
        foreach (var r in list) violations.RequireChoice(r, "closure_reasons");
        if (outcome == Outcome.WorkCapacityAchieved)
            violations.Require(occupation != OccupationAfterClosure.Unspecified, "occupation_after_closure",
                "is required when the outcome is WORK_CAPACITY_ACHIEVED (D11)");
        if (outcome == Outcome.Unknown)
            violations.Require(unknownReason != UnknownOutcomeReason.Unspecified, "unknown_outcome_reason", "is required when the outcome is UNKNOWN (D11)");
        else
            violations.Require(unknownReason == UnknownOutcomeReason.Unspecified, "unknown_outcome_reason", "is only given when the outcome is UNKNOWN");
        var date = ValidDate(violations, effectiveDate);
        Expect("decide closure of (initiate closure first)", ParticipationState.ClosureProposed);
        if (Interventions.FirstOrDefault(i => i.IsOpen) is { } open)
            throw new WrongStateException(OpenInterventionsRule,
                $"intervention {open.InterventionId} is {open.State}: end or cancel every intervention before closure");
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "closed_date", LastEventDate, "the last recorded fact");
        return Emit(
            new ClosureDecided(date, list.Distinct().ToArray()),
            new ParticipationClosed(date, outcome, occupation, workCapacityHoursPerWeek, benefitTypeAtClosure, unknownReason,
                SuspiciousPairs.Check(outcome, occupation)));
    }

    /// <summary>
    /// Late registration of the occupation after closure (ClosureOutcomeCorrected, D11): its effective date lies within T10 — on or after
    /// the closed date and at most the configured calendar months after it. The original occupation is kept.
    /// </summary>
    public Change<Participation> CorrectClosureOutcome(DateOnly? effectiveDate, OccupationAfterClosure occupation, InterventionsRules rules, DateOnly today)
    {
        var date = ValidDate(new Violations().RequireChoice(occupation, "occupation_after_closure"), effectiveDate);
        Expect("correct the closure outcome of", ParticipationState.Closed);
        var closure = Closure!;
        if (occupation == closure.Occupation)
            throw new ValidationFailedException("occupation_after_closure", $"is already {occupation}: the correction changes nothing");
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", closure.ClosedDate, "closed_date");
        var windowEnd = closure.ClosedDate.AddMonths(rules.CorrectionWindowMonths);
        if (date > windowEnd)
            throw new WrongStateException(CorrectionWindowRule,
                $"the occupation after closure can be corrected only within {rules.CorrectionWindowMonths} calendar month(s) of the closed date " +
                $"{Chronology.Format(closure.ClosedDate)} (T10, until {Chronology.Format(windowEnd)}); effective_date {Chronology.Format(date)} is later");
        return Emit(new ClosureOutcomeCorrected(date, closure.Occupation, occupation, SuspiciousPairs.Check(closure.Outcome, occupation)));
    }

    private void RequireQuarterRule(InterventionDecision d, InterventionsRules rules)
    {
        if (!QuarterRuleApplies(rules))
        {
            if (d.LegalBasis == LegalBasis.NoProgrammeQuarterRule)
                throw new WrongStateException(QuarterRule,
                    $"legal basis NO_PROGRAMME_QUARTER_RULE applies only below a quarter of the insured working hours (T7); the activity level is " +
                    $"{Plan.ActivityHoursPerWeek} h/week of {InsuredHoursPerWeek} insured" + (OnSicknessBenefit ? "" : ", and the person has no sickness benefit"));
            return;
        }

        var why = $"the activity level {Plan.ActivityHoursPerWeek} h/week is below a quarter of the insured {InsuredHoursPerWeek} h/week (T7)";
        if (d.LegalBasis != LegalBasis.NoProgrammeQuarterRule)
            throw new WrongStateException(QuarterRule, $"{why}: no programme assignment, the legal basis is NO_PROGRAMME_QUARTER_RULE");
        if (d.Regi is not (DeliveryRegi.Own or DeliveryRegi.OwnPlus))
            throw new WrongStateException(QuarterRule, $"{why}: in-house interventions only (regi OWN or OWN_PLUS), not {d.Regi}");
        if (d.Type is InterventionType.StudyVisit or InterventionType.WorkTraining)
            throw new WrongStateException(QuarterRule, $"{why}: no property-damage cover, so no study visits or work training");
    }

    private IDomainEvent[] WithSchedule(InterventionsRules rules, DateOnly date, IDomainEvent fact) =>
        rules.FollowUpIntervalDays is { } days ? [fact, new FollowUpScheduled(date, date.AddDays(days))] : [fact];

    private Intervention InterventionById(string? interventionId) =>
        Interventions.FirstOrDefault(i => i.InterventionId == interventionId?.Trim())
        ?? throw new ValidationFailedException("intervention_id", $"this participation has no intervention '{interventionId}'");

    private static void ExpectIntervention(Intervention intervention, string action, InterventionState expected)
    {
        if (intervention.State != expected)
            throw new WrongStateException(InterventionTransitionRule,
                $"cannot {action} intervention {intervention.InterventionId}: it is {Describe(intervention)}, not {expected}");
    }

    private static string Describe(Intervention i) => i.State == InterventionState.Ended ? $"Ended ({i.EndReason})" : i.State.ToString();

    private static DateOnly ValidDate(Violations violations, DateOnly? effectiveDate)
    {
        violations.RequireDate(effectiveDate, "effective_date").ThrowIfAny();
        return effectiveDate!.Value;
    }

    private void Expect(string action, params ParticipationState[] allowed)
    {
        if (!allowed.Contains(State))
            throw new WrongStateException(TransitionRule, $"cannot {action} a participation in state {State}");
    }

    private Change<Participation> Emit(params IDomainEvent[] events) =>
        new(events.Aggregate(this, (state, e) => state.Apply(e)), events);
}
