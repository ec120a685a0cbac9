using Rehab.BuildingBlocks.Domain;

namespace Rehab.JointAssessment.Domain;

// The commands. Each one checks, in this order: the input (ValidationFailedException, field names as in the proto
// request), the transition from the current state (WrongStateException "joint_assessment.transition", or a named guard),
// then chronology (WrongStateException "chronology"; the §9.1 order of meetings can be overridden with an audited reason,
// ChronologyChecks). It then emits its events and returns the state produced by applying them, so commands and replay share
// one path. Every command takes the fact's effectiveDate and today (Stockholm). Facts that a recorded fact implies (D5) are
// emitted before it as implied events, never silently skipped.
public sealed partial record JointAssessment
{
    public const string TransitionRule = "joint_assessment.transition";
    public const string ProcessVersionRule = "joint_assessment.process_version";
    public const string MeetingRule = "joint_assessment.meeting";
    public const string ConsentRule = "joint_assessment.consent";
    public const string ActivityLevelRule = "joint_assessment.activity_level";
    public const string LabourMarketAssessmentRule = "joint_assessment.labour_market_assessment";
    public const string WorkOrientedThresholdRule = "joint_assessment.work_oriented_threshold";
    public const int MaxNoteLength = 1000;

    private static readonly Participant[] RequiredParticipants = [Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer];

    private static readonly JointAssessmentState[] OpenStates =
        [JointAssessmentState.Scheduled, JointAssessmentState.Informed, JointAssessmentState.InProgress, JointAssessmentState.Planning];

    private static readonly JointAssessmentState[] MeetingHeldStates =
        [JointAssessmentState.Informed, JointAssessmentState.InProgress, JointAssessmentState.Planning];

    /// <summary>
    /// Opens a round from the referral's booking (D7): the booked meeting is its first meeting (an information meeting under
    /// Revised2023, a joint-assessment meeting under Pre2023, by the booked date against the cut-over, T13).
    /// </summary>
    public static Change<JointAssessment> OpenRound(NewRound round, JointAssessmentRules rules)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(round.JointAssessmentId);
        var violations = new Violations()
            .RequireText(round.ReferralId, "referral_id")
            .RequireText(round.PersonId, "person_id")
            .RequireText(round.SickCaseId, "sick_case_id")
            .Require(round.RoundNo >= 1, "round_no", "must be 1 or more")
            .RequireText(round.FkOfficeId, "fk_office_id")
            .RequireText(round.AfOfficeId, "af_office_id")
            .RequireText(round.AfOfficerId, "af_officer_id")
            .RequireDate(round.BookedDate, "effective_date")
            .Require(round.MeetingAt is not null, "meeting_at", "is required (an instant)")
            .RequireKnown(round.Gender, "gender")
            .RequireKnown(round.ConsentState, "consent_state");
        violations.ThrowIfAny();

        var booked = round.BookedDate!.Value;
        var version = rules.VersionFor(booked);
        var first = new Meeting
        {
            MeetingId = "m1",
            MeetingType = version == ProcessVersion.Revised2023 ? MeetingType.JaInformation : MeetingType.JaLegacy,
            Status = MeetingStatus.Scheduled,
            MeetingAt = round.MeetingAt!.Value,
            ScheduledDate = booked,
        };
        var opened = new JointAssessmentOpened(
            round.JointAssessmentId, round.ReferralId!, round.PersonId!, round.SickCaseId!, round.RoundNo,
            (round.BenefitTypes ?? []).Distinct().ToArray(), round.Gender, round.FkOfficeId!, round.AfOfficeId!, round.AfOfficerId!,
            version, round.ConsentState, first, booked)
        {
            // The referral guarantees both precede the booking; a date after it would be a broken event: the booked date stands in.
            RequestReceivedDate = round.RequestReceivedDate <= booked ? round.RequestReceivedDate : null,
            ConsentGivenDate = round.ConsentState == ConsentState.Given && round.ConsentGivenDate <= booked ? round.ConsentGivenDate : null,
        };
        return new Change<JointAssessment>(new JointAssessment().Apply(opened), [opened]);
    }

    /// <summary>
    /// Schedules a further meeting. Pre2023: joint-assessment meetings. Revised2023: an information meeting until one is held,
    /// then planning meetings (scheduling one moves the round to Planning). One scheduled meeting at a time.
    /// </summary>
    public Change<JointAssessment> ScheduleMeeting(
        DateOnly? effectiveDate, MeetingType meetingType, DateTimeOffset? meetingAt, DateOnly today,
        IReadOnlyList<string>? afSpecialistIds = null, string? chronologyOverrideReason = null)
    {
        var violations = new Violations()
            .RequireChoice(meetingType, "meeting_type")
            .Require(meetingAt is not null, "meeting_at", "is required (an instant)");
        var specialists = ValidSpecialists(violations, afSpecialistIds);
        var checks = ChronologyChecks.For(chronologyOverrideReason, violations);
        var date = ValidDate(violations, effectiveDate);
        Expect("schedule a meeting for", OpenStates);
        var allowed = AllowedMeetingType();
        if (meetingType != allowed)
            throw new WrongStateException(ProcessVersionRule,
                $"a {ProcessVersion} round in state {State} schedules a {allowed} meeting, not {meetingType}");
        if (Meetings.FirstOrDefault(m => m.Status == MeetingStatus.Scheduled) is { } pending)
            throw new WrongStateException(MeetingRule,
                $"meeting {pending.MeetingId} is still scheduled: reschedule or cancel it before scheduling another");
        Chronology.NotInFuture(date, today);
        checks.NotBefore(date, "effective_date", RequestReceivedDate, "request_received_date")
            .NotBefore(CivilTime.DateOf(meetingAt!.Value), "meeting_at (Stockholm date)", RequestReceivedDate, "request_received_date");
        return Emit(new MeetingScheduled(date, NextMeetingId(), meetingType, meetingAt.Value)
        {
            AfSpecialistIds = specialists, ChronologyOverride = checks.Override,
        });
    }

    public Change<JointAssessment> RescheduleMeeting(
        DateOnly? effectiveDate, string? meetingId, DateTimeOffset? meetingAt, DateOnly today, string? chronologyOverrideReason = null)
    {
        var violations = new Violations().Require(meetingAt is not null, "meeting_at", "is required (an instant)");
        var checks = ChronologyChecks.For(chronologyOverrideReason, violations);
        var date = ValidDate(violations, effectiveDate);
        var meeting = ScheduledMeeting(meetingId, "reschedule");
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", meeting.ScheduledDate, "scheduled_date");
        checks.NotBefore(CivilTime.DateOf(meetingAt!.Value), "meeting_at (Stockholm date)", RequestReceivedDate, "request_received_date");
        return Emit(new MeetingRescheduled(date, meeting.MeetingId, meetingAt.Value) { ChronologyOverride = checks.Override });
    }

    public Change<JointAssessment> CancelMeeting(
        DateOnly? effectiveDate, string? meetingId, CancellationReason reason, Participant cancelledBy, DateOnly today)
    {
        var violations = new Violations().RequireChoice(reason, "reason").RequireChoice(cancelledBy, "cancelled_by");
        var date = ValidDate(violations, effectiveDate);
        var meeting = ScheduledMeeting(meetingId, "cancel");
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", meeting.ScheduledDate, "scheduled_date");
        return Emit(new MeetingCancelled(date, meeting.MeetingId, reason, cancelledBy));
    }

    /// <summary>
    /// A meeting was held (on <paramref name="effectiveDate"/>): the scheduled meeting <paramref name="meetingId"/>, or, with an
    /// empty id, a meeting of <paramref name="unscheduledType"/> never scheduled here (late registration, D5). Guard: consent
    /// given (D6, §9.2). The individual, the FK case officer and the AF officer take part; healthcare, employer, municipality
    /// and AF specialists may. A Revised2023 planning meeting held while the information meeting is not recorded as held
    /// implies it (<see cref="ImplyInformationMeetingHeld"/>).
    /// </summary>
    public Change<JointAssessment> RecordMeetingHeld(
        DateOnly? effectiveDate, string? meetingId, MeetingMode mode, IReadOnlyList<Participant>? participants, DateOnly today,
        MeetingType unscheduledType = MeetingType.Unspecified, IReadOnlyList<string>? afSpecialistIds = null,
        string? chronologyOverrideReason = null)
    {
        var violations = new Violations().RequireChoice(mode, "mode");
        var people = participants ?? [];
        foreach (var participant in people) violations.RequireChoice(participant, "participants");
        violations.Require(RequiredParticipants.All(people.Contains), "participants",
            "must include the individual, the FK case officer and the AF officer");
        var specialists = ValidSpecialists(violations, afSpecialistIds);
        violations.Require(specialists.Count == 0 || people.Contains(Participant.AfSpecialist), "af_specialist_ids",
            "needs PARTICIPANT_AF_SPECIALIST among the participants");
        var unscheduled = string.IsNullOrWhiteSpace(meetingId);
        if (unscheduled) violations.RequireChoice(unscheduledType, "meeting_type");
        else violations.Require(unscheduledType == MeetingType.Unspecified, "meeting_type", "only for a meeting without meeting_id");
        var checks = ChronologyChecks.For(chronologyOverrideReason, violations);
        var date = ValidDate(violations, effectiveDate);

        var meeting = unscheduled ? null : ScheduledMeeting(meetingId, "record as held");
        if (unscheduled) Expect("record a held meeting of", OpenStates);
        RequireConsentGiven();
        Chronology.NotInFuture(date, today);

        var steps = new Steps(this);
        if (meeting is null)
        {
            RequireUnscheduledAllowed(unscheduledType);
            if (unscheduledType == MeetingType.JaPlanning) steps.ImplyInformationMeetingHeld(date);
            meeting = steps.ImplyScheduled(unscheduledType, date);
        }
        else if (meeting.MeetingType == MeetingType.JaPlanning)
        {
            steps.ImplyInformationMeetingHeld(date);
        }

        steps.State.CheckHeldChronology(checks, date, meeting.MeetingType);
        return steps.Finish(new MeetingHeld(date, meeting.MeetingId, mode, people.Distinct().ToArray())
        {
            AfSpecialistIds = specialists, ChronologyOverride = checks.Override,
        });
    }

    public Change<JointAssessment> RecordMeetingNoShow(DateOnly? effectiveDate, string? meetingId, DateOnly today, string? chronologyOverrideReason = null)
    {
        var violations = new Violations();
        var checks = ChronologyChecks.For(chronologyOverrideReason, violations);
        var date = ValidDate(violations, effectiveDate);
        var meeting = ScheduledMeeting(meetingId, "record a no-show for");
        Chronology.NotInFuture(date, today);
        checks.NotBefore(date, "meeting date", RequestReceivedDate, "request_received_date");
        return Emit(new MeetingNoShow(date, meeting.MeetingId) { ChronologyOverride = checks.Override });
    }

    /// <summary>AF's complementary labour-market assessment, made inside the joint assessment (after a held meeting).</summary>
    public Change<JointAssessment> RecordLabourMarketAssessment(
        DateOnly? effectiveDate, string? illnessImpact, string? adaptationNeeds, DateOnly today)
    {
        var violations = new Violations().RequireText(illnessImpact, "illness_impact").RequireText(adaptationNeeds, "adaptation_needs");
        var date = ValidDate(violations, effectiveDate);
        Expect("record AF's labour-market assessment for (a meeting must have been held)", MeetingHeldStates);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", FirstMeetingDate, "first_meeting_date");
        return Emit(new LabourMarketAssessmentCompleted(date, illnessImpact!.Trim(), adaptationNeeds!.Trim()));
    }

    /// <summary>The activity level (hours per week and stability). Also re-assessed after the plan is agreed (follow-ups).</summary>
    public Change<JointAssessment> AssessActivityLevel(DateOnly? effectiveDate, double hoursPerWeek, Stability stability, DateOnly today)
    {
        var violations = new Violations()
            .Require(double.IsFinite(hoursPerWeek) && hoursPerWeek is >= 0 and <= 168, "hours_per_week", "must be between 0 and 168")
            .RequireChoice(stability, "stability");
        var date = ValidDate(violations, effectiveDate);
        if (!(MeetingHeldStates.Contains(State) || (State == JointAssessmentState.Concluded && Conclusion == Conclusion.PlanAgreed)))
            throw new WrongStateException(TransitionRule,
                $"cannot assess the activity level of a round in state {Describe()}: a meeting must have been held, and no-go or decline ends the round");
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", FirstMeetingDate, "first_meeting_date");
        return Emit(new ActivityLevelAssessed(date, hoursPerWeek, stability));
    }

    /// <summary>
    /// Establishes the rehabilitation plan, with the interventions it foresees, and concludes the round with PlanAgreed.
    /// Guards (§3b, §9.5): a meeting held, the activity level and AF's assessment recorded, at least one goal, and
    /// work-oriented (the first orientation or a planned intervention) only from T6 hours per week. Under Revised2023 the plan
    /// is agreed at the planning meeting (§3b: PlanningMeetingHeld is part of the transition): one not recorded as held is
    /// recorded as implied on the plan's date.
    /// </summary>
    public Change<JointAssessment> EstablishPlan(
        DateOnly? effectiveDate, IReadOnlyList<Goal>? goals, FirstOrientation orientation, JointAssessmentRules rules, DateOnly today,
        IReadOnlyList<PlannedIntervention>? plannedInterventions = null, string? chronologyOverrideReason = null)
    {
        var violations = new Violations().RequireChoice(orientation, "first_orientation");
        var cleanGoals = ValidGoals(violations, goals, required: true);
        var interventions = ValidInterventions(violations, plannedInterventions, cleanGoals.Count);
        var checks = ChronologyChecks.For(chronologyOverrideReason, violations);
        var date = ValidDate(violations, effectiveDate);

        if (ProcessVersion == ProcessVersion.Revised2023)
            Expect("establish a plan for (the information meeting must have been held)", JointAssessmentState.Informed, JointAssessmentState.Planning);
        else
            Expect("establish a plan for", JointAssessmentState.InProgress);

        if (ActivityLevel is null)
            throw new WrongStateException(ActivityLevelRule,
                "the activity level has not been assessed: a plan cannot be established without it (DOMAIN §9.5)");
        if (LabourMarketAssessment is null)
            throw new WrongStateException(LabourMarketAssessmentRule,
                "AF's labour-market assessment is missing: a plan cannot be established without it");
        RequireWorkOrientedThreshold(orientation, interventions, rules);
        Chronology.NotInFuture(date, today);

        var steps = new Steps(this);
        if (ProcessVersion == ProcessVersion.Revised2023 && LastHeld(MeetingType.JaPlanning) is null)
        {
            RequireConsentGiven();
            var planning = Meetings.LastOrDefault(m => m.MeetingType == MeetingType.JaPlanning && m.Status == MeetingStatus.Scheduled)
                ?? steps.ImplyScheduled(MeetingType.JaPlanning, date);
            steps.State.CheckHeldChronology(checks, date, MeetingType.JaPlanning);
            steps.Add(new MeetingHeld(date, planning.MeetingId, MeetingMode.Unspecified, [])
            {
                Implied = true, ChronologyOverride = checks.Override,
            });
        }

        Chronology.NotBefore(date, "effective_date", steps.State.LastHeldAny(), "last meeting date");
        Chronology.NotBefore(date, "effective_date", ActivityLevel.AssessedDate, "activity level assessed_date");
        Chronology.NotBefore(date, "effective_date", LabourMarketAssessment.AssessedDate, "labour-market assessment assessed_date");
        return steps.Finish(
            new RehabilitationPlanEstablished(date, cleanGoals, orientation) { PlannedInterventions = interventions },
            new JointAssessmentConcluded(date, Conclusion.PlanAgreed));
    }

    /// <summary>
    /// A later revision of an agreed plan (D8): new goals, a new first orientation and/or new planned interventions
    /// (<paramref name="plannedInterventions"/> null keeps them; empty removes them); plan_version + 1.
    /// </summary>
    public Change<JointAssessment> RevisePlan(
        DateOnly? effectiveDate, IReadOnlyList<Goal>? goals, FirstOrientation orientation, JointAssessmentRules rules, DateOnly today,
        IReadOnlyList<PlannedIntervention>? plannedInterventions = null)
    {
        var violations = new Violations();
        if (orientation != FirstOrientation.Unspecified) violations.RequireChoice(orientation, "first_orientation");
        var cleanGoals = ValidGoals(violations, goals, required: false);
        var goalCount = cleanGoals.Count > 0 ? cleanGoals.Count : Plan?.Goals.Count ?? 0;
        var interventions = plannedInterventions is null ? null : ValidInterventions(violations, plannedInterventions, goalCount);
        violations.Require(cleanGoals.Count > 0 || orientation != FirstOrientation.Unspecified || interventions is not null, "goals",
            "nothing to revise: send new goals, a new first_orientation, new planned_interventions, or several");
        var date = ValidDate(violations, effectiveDate);
        if (State != JointAssessmentState.Concluded || Conclusion != Conclusion.PlanAgreed || Plan is null)
            throw new WrongStateException(TransitionRule, $"cannot revise the plan of a round in state {Describe()}: there is no agreed plan");

        var newGoals = cleanGoals.Count > 0 ? cleanGoals : Plan.Goals;
        var newOrientation = orientation != FirstOrientation.Unspecified ? orientation : Plan.FirstOrientation;
        var newInterventions = interventions ?? Plan.PlannedInterventions;
        if (interventions is null && newInterventions.Any(i => i.GoalNo > newGoals.Count))
            throw new ValidationFailedException("planned_interventions",
                "a planned intervention serves a goal the revised goals no longer have: send the planned interventions again");
        var changed = new List<string>();
        if (!newGoals.SequenceEqual(Plan.Goals)) changed.Add("goals");
        if (newOrientation != Plan.FirstOrientation) changed.Add("first_orientation");
        if (!newInterventions.SequenceEqual(Plan.PlannedInterventions)) changed.Add("planned_interventions");
        if (changed.Count == 0)
            throw new ValidationFailedException("goals",
                "the revision changes nothing: goals, first_orientation and planned_interventions are as in the plan");
        RequireWorkOrientedThreshold(newOrientation, changed.Contains("planned_interventions") ? newInterventions : [], rules);

        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", Plan.RevisedDate ?? Plan.EstablishedDate, "the plan's last change");
        return Emit(new RehabilitationPlanRevised(date, newGoals.ToArray(), newOrientation, changed) { PlannedInterventions = newInterventions });
    }

    /// <summary>AF and FK decide not to proceed (§5.10): reasons mandatory, and where the person is referred for a REFERRED_* reason.</summary>
    public Change<JointAssessment> DecideNotToProceed(
        DateOnly? effectiveDate, IReadOnlyList<NotProceedingReason>? reasons, string? referredTo, DateOnly today)
    {
        var list = reasons ?? [];
        var violations = new Violations().Require(list.Count > 0, "reasons", "needs at least one reason (DOMAIN §9.10)");
        foreach (var reason in list) violations.RequireChoice(reason, "reasons");
        var referring = list.Any(r => r is >= NotProceedingReason.ReferredSamordningsforbund and <= NotProceedingReason.ReferredOtherActor);
        violations.Require(!referring || !string.IsNullOrWhiteSpace(referredTo), "referred_to",
            "is required when a reason refers the person elsewhere");
        var date = ValidDate(violations, effectiveDate);
        Expect("decide not to proceed with", OpenStates);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", RequestReceivedDate, "request_received_date");
        Chronology.NotBefore(date, "effective_date", LastHeldAny(), "last meeting date");
        return Emit(
            new DecidedNotToProceed(date, list.Distinct().ToArray(), referredTo?.Trim() ?? ""),
            new JointAssessmentConcluded(date, Conclusion.NotProceeding));
    }

    /// <summary>The individual declines to take part, recorded on their behalf with the channel it came through (D2).</summary>
    public Change<JointAssessment> RecordDecline(DateOnly? effectiveDate, bool validReason, Channel channel, DateOnly today)
    {
        var date = ValidDate(new Violations().RequireChoice(channel, "channel"), effectiveDate);
        Expect("record a decline for", OpenStates);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", RequestReceivedDate, "request_received_date");
        return Emit(new ParticipationDeclined(date, validReason, channel), new JointAssessmentConcluded(date, Conclusion.Declined));
    }

    /// <summary>
    /// Cancels an open round (§3b "Cancelled is also possible"): a reason code (a note with OTHER, §9.10) and who cancelled it —
    /// the individual (recorded on their behalf, D2), FK or AF. Meetings still scheduled are cancelled with it.
    /// </summary>
    public Change<JointAssessment> Cancel(
        DateOnly? effectiveDate, RoundCancellationReason reason, Participant cancelledBy, string? note, DateOnly today)
    {
        var cleanNote = note?.Trim() ?? "";
        var violations = new Violations()
            .RequireChoice(reason, "reason")
            .Require(cancelledBy is Participant.Individual or Participant.FkCaseOfficer or Participant.AfOfficer, "cancelled_by",
                "must be INDIVIDUAL, FK_CASE_OFFICER or AF_OFFICER")
            .Require(reason != RoundCancellationReason.Other || cleanNote.Length > 0, "note", "is required with reason OTHER")
            .Require(cleanNote.Length <= MaxNoteLength, "note", $"must be at most {MaxNoteLength} characters");
        var date = ValidDate(violations, effectiveDate);
        Expect("cancel", OpenStates);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", BookedDate, "booked_date");
        Chronology.NotBefore(date, "effective_date", LastHeldAny(), "last meeting date");
        var pending = Meetings.Where(m => m.Status == MeetingStatus.Scheduled).Select(m => m.MeetingId).ToArray();
        return Emit(new JointAssessmentCancelled(date, reason, cancelledBy, cleanNote, pending));
    }

    /// <summary>
    /// Projects the referral context's consent (D6). Idempotent: the same state on the same date changes nothing. Withdrawn and
    /// Refused are final there (consent is never given again after either), so anything after them is a stale delivery.
    /// Not a chronology check: the fact is owned and checked by the referral context.
    /// </summary>
    public Change<JointAssessment> RecordConsent(ConsentState consent, DateOnly effectiveDate)
    {
        if (consent is not (ConsentState.Given or ConsentState.Refused or ConsentState.Withdrawn))
            throw new ValidationFailedException("consent_state", "must be GIVEN, REFUSED or WITHDRAWN");
        if (ConsentState is ConsentState.Withdrawn or ConsentState.Refused) return new Change<JointAssessment>(this, []);
        if (consent == ConsentState && (consent != ConsentState.Given || ConsentGivenDate == effectiveDate))
            return new Change<JointAssessment>(this, []);
        return Emit(new ConsentRecorded(effectiveDate, consent));
    }

    private MeetingType AllowedMeetingType() => ProcessVersion switch
    {
        ProcessVersion.Pre2023 => MeetingType.JaLegacy,
        _ => State == JointAssessmentState.Scheduled ? MeetingType.JaInformation : MeetingType.JaPlanning,
    };

    private void RequireWorkOrientedThreshold(
        FirstOrientation orientation, IReadOnlyList<PlannedIntervention> interventions, JointAssessmentRules rules)
    {
        if (ActivityLevel is not { } level || level.HoursPerWeek >= rules.WorkOrientedMinimumHours) return;
        var what = orientation == FirstOrientation.WorkOriented ? "a work-oriented plan"
            : interventions.Any(i => i.Orientation == FirstOrientation.WorkOriented) ? "a work-oriented planned intervention"
            : null;
        if (what is not null)
            throw new WrongStateException(WorkOrientedThresholdRule,
                $"{what} needs an activity level of at least {rules.WorkOrientedMinimumHours} h/week (T6); it is {level.HoursPerWeek} h/week");
    }

    private static List<PlannedIntervention> ValidInterventions(Violations violations, IReadOnlyList<PlannedIntervention>? items, int goalCount)
    {
        var list = items ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var field = $"planned_interventions[{i}]";
            violations.RequireChoice(list[i].InterventionType, field + ".intervention_type")
                .RequireChoice(list[i].Orientation, field + ".orientation")
                .Require(double.IsFinite(list[i].HoursPerWeek) && list[i].HoursPerWeek is > 0 and <= 168, field + ".hours_per_week",
                    "must be more than 0 and at most 168")
                .Require(list[i].GoalNo >= 0 && list[i].GoalNo <= goalCount, field + ".goal_no",
                    $"must be 0 (no goal) or the position of one of the plan's {goalCount} goals");
        }

        return list.ToList();
    }

    private static List<string> ValidSpecialists(Violations violations, IReadOnlyList<string>? ids)
    {
        var list = ids ?? [];
        violations.Require(list.All(id => !string.IsNullOrWhiteSpace(id)), "af_specialist_ids", "must not contain an empty id");
        return list.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct().ToList();
    }

    private void RequireConsentGiven()
    {
        if (ConsentState != ConsentState.Given)
            throw new WrongStateException(ConsentRule,
                $"consent is {ConsentState}: a joint-assessment meeting can be held only with consent given (D6)");
    }

    /// <summary>Which meeting may be recorded as held without having been scheduled here, and only when no other waits.</summary>
    private void RequireUnscheduledAllowed(MeetingType type)
    {
        var allowed = ProcessVersion == ProcessVersion.Pre2023
            ? type == MeetingType.JaLegacy
            : type == MeetingType.JaPlanning || (type == MeetingType.JaInformation && LastHeld(MeetingType.JaInformation) is null);
        if (!allowed)
            throw new WrongStateException(ProcessVersionRule, $"a {ProcessVersion} round in state {State} cannot hold a {type} meeting");
        // A planning meeting implies the scheduled information meeting; any other scheduled meeting must be recorded by its id.
        if (Meetings.FirstOrDefault(m => m.Status == MeetingStatus.Scheduled
                && !(type == MeetingType.JaPlanning && m.MeetingType == MeetingType.JaInformation)) is { } pending)
            throw new WrongStateException(MeetingRule,
                $"meeting {pending.MeetingId} is still scheduled: record it as held by its meeting_id, or reschedule or cancel it");
    }

    /// <summary>§9.1 for a held meeting: request_received ≤ meeting, consent_given ≤ meeting, information ≤ planning meeting.</summary>
    private void CheckHeldChronology(ChronologyChecks checks, DateOnly date, MeetingType type)
    {
        checks.NotBefore(date, "meeting date", RequestReceivedDate, "request_received_date")
            .NotBefore(date, "meeting date", ConsentGivenDate, "consent_given_date");
        if (type == MeetingType.JaPlanning)
            checks.NotBefore(date, "planning meeting date", LastHeld(MeetingType.JaInformation), "information meeting date");
    }

    private string NextMeetingId() => $"m{Meetings.Count + 1}";

    /// <summary>A command's events in order, implied steps first, with the state after each.</summary>
    private sealed class Steps(JointAssessment start)
    {
        private readonly List<IDomainEvent> _events = [];

        public JointAssessment State { get; private set; } = start;

        public void Add(IDomainEvent e)
        {
            _events.Add(e);
            State = State.Apply(e);
        }

        public Change<JointAssessment> Finish(params IDomainEvent[] events)
        {
            foreach (var e in events) Add(e);
            return new Change<JointAssessment>(State, _events.ToArray());
        }

        public Meeting ImplyScheduled(MeetingType type, DateOnly date)
        {
            var id = State.NextMeetingId();
            Add(new MeetingScheduled(date, id, type, CivilTime.StartOfDay(date)) { Implied = true });
            return State.MeetingById(id);
        }

        /// <summary>
        /// Revised2023: a planning meeting held means the information meeting was held before it. When none is recorded as held,
        /// the scheduled one (or one scheduled now, implied) is recorded as held, implied: on its booked date when that lies
        /// between the earliest possible day (request received, consent given) and the planning meeting, else on the
        /// planning meeting's date.
        /// </summary>
        public void ImplyInformationMeetingHeld(DateOnly planningDate)
        {
            if (State.ProcessVersion != ProcessVersion.Revised2023 || State.LastHeld(MeetingType.JaInformation) is not null) return;
            var information = State.Meetings.LastOrDefault(m => m.MeetingType == MeetingType.JaInformation && m.Status == MeetingStatus.Scheduled)
                ?? ImplyScheduled(MeetingType.JaInformation, planningDate);
            var booked = CivilTime.DateOf(information.MeetingAt);
            var earliest = State.ConsentGivenDate is { } consent && consent > State.RequestReceivedDate ? consent : State.RequestReceivedDate;
            var date = booked >= earliest && booked <= planningDate ? booked : planningDate;
            Add(new MeetingHeld(date, information.MeetingId, MeetingMode.Unspecified, []) { Implied = true });
        }
    }

    private static List<Goal> ValidGoals(Violations violations, IReadOnlyList<Goal>? goals, bool required)
    {
        var list = goals ?? [];
        if (required) violations.Require(list.Count > 0, "goals", "needs at least one goal");
        for (var i = 0; i < list.Count; i++)
        {
            violations.RequireText(list[i].Description, $"goals[{i}].description");
            if (list[i].SubGoals.Any(string.IsNullOrWhiteSpace))
                violations.Add($"goals[{i}].sub_goals", "must not contain an empty sub-goal");
        }

        return list.Select(g => new Goal(g.Description?.Trim() ?? "", g.SubGoals.Select(s => s?.Trim() ?? "").ToArray())).ToList();
    }

    private Meeting ScheduledMeeting(string? meetingId, string action)
    {
        Expect(action + " a meeting of", OpenStates);
        var meeting = Meetings.FirstOrDefault(m => m.MeetingId == meetingId?.Trim())
            ?? throw new ValidationFailedException("meeting_id", $"this round has no meeting '{meetingId}'");
        if (meeting.Status != MeetingStatus.Scheduled)
            throw new WrongStateException(MeetingRule,
                $"cannot {action} meeting {meeting.MeetingId}: it is {meeting.Status}, not Scheduled");
        return meeting;
    }

    private DateOnly? LastHeld(MeetingType type) =>
        Meetings.Where(m => m.MeetingType == type && m.Status == MeetingStatus.Held).Max(m => m.OccurredDate);

    private DateOnly? LastHeldAny() => Meetings.Where(m => m.Status == MeetingStatus.Held).Max(m => m.OccurredDate);

    private static DateOnly ValidDate(Violations violations, DateOnly? effectiveDate)
    {
        violations.RequireDate(effectiveDate, "effective_date").ThrowIfAny();
        return effectiveDate!.Value;
    }

    private void Expect(string action, params JointAssessmentState[] allowed)
    {
        if (!allowed.Contains(State))
            throw new WrongStateException(TransitionRule, $"cannot {action} a round in state {Describe()}");
    }

    private string Describe() => State == JointAssessmentState.Concluded ? $"Concluded ({Conclusion})" : State.ToString();

    private Change<JointAssessment> Emit(params IDomainEvent[] events) =>
        new(events.Aggregate(this, (state, e) => state.Apply(e)), events);
}
