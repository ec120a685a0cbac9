using Rehab.BuildingBlocks.Domain;

namespace Rehab.JointAssessment.Domain;

/// <summary>One round's life as a legacy follow-up system recorded it (the history import); fields named like the import's record.</summary>
public sealed record RoundHistory(
    string JointAssessmentId,
    string ReferralId,
    string? PersonId,
    string? SickCaseId,
    int RoundNo,
    IReadOnlyList<BenefitType> BenefitTypes,
    Gender Gender,
    string? FkOfficeId,
    string? AfOfficeId,
    string? AfOfficerId,
    DateOnly? OpenedDate,
    DateOnly? RequestReceivedDate,
    DateOnly? ConsentGivenDate,
    IReadOnlyList<HistoryMeeting> Meetings,
    HistoryConclusion? Conclusion);

/// <summary>A meeting held; <see cref="MeetingType"/> Unspecified = the type the round expects next.</summary>
public sealed record HistoryMeeting(MeetingType MeetingType, DateOnly? HeldDate, MeetingMode Mode, IReadOnlyList<Participant> Participants);

/// <summary>How the round concluded, with what the concluding command needs.</summary>
public sealed record HistoryConclusion(Conclusion Conclusion, DateOnly? ConcludedDate)
{
    public LabourMarketAssessment? LabourMarketAssessment { get; init; }
    public ActivityLevel? ActivityLevel { get; init; }
    public IReadOnlyList<Goal> Goals { get; init; } = [];
    public FirstOrientation FirstOrientation { get; init; }
    public IReadOnlyList<PlannedIntervention> PlannedInterventions { get; init; } = [];
    public IReadOnlyList<NotProceedingReason> NotProceedingReasons { get; init; } = [];
    public string? ReferredTo { get; init; }
    public bool DeclineValidReason { get; init; }
    public Channel DeclineChannel { get; init; }
}

/// <summary>
/// The round a history replay produced, and for each of its events the step of the history it belongs to: 0 = opened,
/// 1..n = the n-th held meeting, n + 1 = the conclusion (so the import can give each event the time the source recorded its step).
/// </summary>
public sealed record RoundHistoryReplay(Change<JointAssessment> Change, IReadOnlyList<int> StepOfEvent);

public sealed partial record JointAssessment
{
    /// <summary>
    /// Replays a round's history through the live commands — open (from the booking), consent, each held meeting, AF's assessment,
    /// the activity level and the plan, or the no-go or the decline — so it obeys the same rules and emits the same events as a
    /// round recorded live (implied steps included). Any broken rule rejects the whole history: a
    /// <see cref="ValidationFailedException"/> whose violations are named like the history's fields (e.g. "meetings[1].held_date";
    /// a broken state or chronology rule is described as "rule: reason").
    /// </summary>
    public static RoundHistoryReplay FromHistory(RoundHistory history, JointAssessmentRules rules, DateOnly today)
    {
        ValidateHistory(history);
        var meetings = history.Meetings;
        var opened = history.OpenedDate!.Value;
        var consentAtOpening = history.ConsentGivenDate is { } c && c <= opened;
        var firstAt = CivilTime.StartOfDay(meetings.Count > 0 ? meetings[0].HeldDate!.Value : opened);
        var replay = new HistorySteps();

        replay.Step(0, "", "opened_date", _ => OpenRound(new NewRound(
            history.JointAssessmentId, history.ReferralId, history.PersonId, history.SickCaseId, history.RoundNo, history.BenefitTypes,
            history.Gender, history.FkOfficeId, history.AfOfficeId, history.AfOfficerId,
            consentAtOpening ? ConsentState.Given : ConsentState.Requested, opened, firstAt, history.RequestReceivedDate ?? opened,
            consentAtOpening ? history.ConsentGivenDate : null), rules));
        if (!consentAtOpening && history.ConsentGivenDate is { } given)
            replay.Step(0, "", "consent_given_date", round => round.RecordConsent(ConsentState.Given, given));

        for (var i = 0; i < meetings.Count; i++)
        {
            var meeting = meetings[i];
            var prefix = $"meetings[{i}].";
            replay.Step(i + 1, prefix, prefix + "held_date", round =>
            {
                var scheduled = round.Meetings.FirstOrDefault(m => m.Status == MeetingStatus.Scheduled
                    && (meeting.MeetingType == MeetingType.Unspecified || m.MeetingType == meeting.MeetingType));
                var type = meeting.MeetingType != MeetingType.Unspecified ? meeting.MeetingType
                    : round.ProcessVersion == ProcessVersion.Pre2023 ? MeetingType.JaLegacy
                    : round.LastHeld(MeetingType.JaInformation) is null ? MeetingType.JaInformation : MeetingType.JaPlanning;
                return scheduled is not null
                    ? round.RecordMeetingHeld(meeting.HeldDate, scheduled.MeetingId, meeting.Mode, meeting.Participants, today)
                    : round.RecordMeetingHeld(meeting.HeldDate, null, meeting.Mode, meeting.Participants, today, unscheduledType: type);
            });
        }

        if (history.Conclusion is { } end)
            Conclude(replay, end, meetings.Count + 1, rules, today);
        return replay.Result();
    }

    private static void Conclude(HistorySteps replay, HistoryConclusion end, int step, JointAssessmentRules rules, DateOnly today)
    {
        const string prefix = "conclusion.";
        const string date = prefix + "concluded_date";
        switch (end.Conclusion)
        {
            case Conclusion.PlanAgreed:
                var assessment = end.LabourMarketAssessment;
                var level = end.ActivityLevel;
                replay.Step(step, prefix + "labour_market_assessment.", prefix + "labour_market_assessment.assessed_date", round =>
                    round.RecordLabourMarketAssessment(assessment?.AssessedDate, assessment?.IllnessImpact, assessment?.AdaptationNeeds, today));
                replay.Step(step, prefix + "activity_level.", prefix + "activity_level.assessed_date", round =>
                    round.AssessActivityLevel(level?.AssessedDate, level?.HoursPerWeek ?? double.NaN, level?.Stability ?? Stability.Unspecified, today));
                replay.Step(step, prefix, date, round =>
                    round.EstablishPlan(end.ConcludedDate, end.Goals, end.FirstOrientation, rules, today, end.PlannedInterventions));
                break;
            case Conclusion.NotProceeding:
                replay.Step(step, prefix, date, round =>
                    round.DecideNotToProceed(end.ConcludedDate, end.NotProceedingReasons, end.ReferredTo, today), ("reasons", "not_proceeding_reasons"));
                break;
            default:
                replay.Step(step, prefix, date, round =>
                    round.RecordDecline(end.ConcludedDate, end.DeclineValidReason, end.DeclineChannel, today), ("channel", "decline_channel"));
                break;
        }
    }

    /// <summary>What the commands cannot name in the history's terms: the record's own shape (required fields, meeting order).</summary>
    private static void ValidateHistory(RoundHistory history)
    {
        var violations = new Violations()
            .RequireText(history.PersonId, "person_id")
            .RequireText(history.SickCaseId, "sick_case_id")
            .Require(history.RoundNo >= 1, "round_no", "must be 1 or more")
            .RequireDate(history.OpenedDate, "opened_date")
            .RequireKnown(history.Gender, "gender")
            .Require(!(history.RequestReceivedDate > history.OpenedDate), "request_received_date", "must not be after opened_date");
        foreach (var benefit in history.BenefitTypes) violations.RequireChoice(benefit, "benefit_types");
        DateOnly? previous = history.OpenedDate;
        for (var i = 0; i < history.Meetings.Count; i++)
        {
            var meeting = history.Meetings[i];
            var field = $"meetings[{i}].held_date";
            violations.RequireDate(meeting.HeldDate, field);
            if (meeting.MeetingType != MeetingType.Unspecified) violations.RequireChoice(meeting.MeetingType, $"meetings[{i}].meeting_type");
            if (meeting.HeldDate < previous)
                violations.Add(field, i == 0 ? "must not be before opened_date" : "meetings must be in date order");
            previous = meeting.HeldDate ?? previous;
        }

        violations.Require(history.Meetings.Count == 0 || history.ConsentGivenDate is not null, "consent_given_date",
            "is required when a meeting was held (D6)");
        if (history.Conclusion is { } end)
        {
            violations.RequireChoice(end.Conclusion, "conclusion.conclusion").RequireDate(end.ConcludedDate, "conclusion.concluded_date");
            if (end.ConcludedDate < previous)
                violations.Add("conclusion.concluded_date", "must not be before opened_date or the last meeting held");
        }

        violations.ThrowIfAny();
    }

    /// <summary>Applies the history's steps one by one, naming a broken rule after the step's fields.</summary>
    private sealed class HistorySteps
    {
        private readonly HistoryReplay<JointAssessment, int> _replay = new(new JointAssessment());

        public void Step(int step, string prefix, string dateField, Func<JointAssessment, Change<JointAssessment>> command,
            params (string From, string To)[] renames) =>
            _replay.Step(step, command, field => Rename(field, prefix, dateField, renames), _ => dateField);

        public RoundHistoryReplay Result()
        {
            var (change, steps) = _replay.Result();
            return new(change, steps);
        }

        private static string Rename(string field, string prefix, string dateField, (string From, string To)[] renames)
        {
            if (field == "effective_date") return dateField;
            if (field == "meeting_at") return "meetings[0].held_date";
            foreach (var (from, to) in renames)
                if (field.StartsWith(from, StringComparison.Ordinal)) return prefix + to + field[from.Length..];
            return prefix + field;
        }
    }
}
