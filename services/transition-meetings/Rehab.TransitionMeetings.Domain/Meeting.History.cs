using Rehab.BuildingBlocks.Domain;

namespace Rehab.TransitionMeetings.Domain;

/// <summary>One meeting's life as a legacy follow-up system recorded it (the history import); fields named like the import's record.</summary>
public sealed record MeetingHistory(
    string MeetingId,
    int Sequence,
    string? PersonId,
    MeetingType MeetingType,
    TransitionTrigger Trigger,
    BenefitType BenefitType,
    Gender Gender,
    string? SickCaseId,
    string? FkOfficeId,
    DateOnly? OpenedDate,
    ChainDayObservation? ChainDay,
    bool RiskOfNotReturningToEmployer,
    DecisionFact? Refusal)
{
    public DateOnly? OfferedDate { get; init; }
    public HistoryAnswer? Response { get; init; }
    public HistoryHeld? Held { get; init; }
    public DateOnly? NoShowDate { get; init; }
    public HistoryAnswer? SgiInformation { get; init; }
    public HistoryRegistrationSupport? RegistrationSupport { get; init; }

    /// <summary>Triggered by a refusal in the facts feed (activity or sickness compensation), not by FK.</summary>
    public bool RefusalTriggered => Trigger is TransitionTrigger.ActivityCompensationRefused or TransitionTrigger.SicknessCompensationRefused;
}

/// <summary>An answer (or the SGI information) with its channel; <see cref="Response"/> is unused for the SGI information.</summary>
public sealed record HistoryAnswer(Response Response, Channel Channel, DateOnly? Date);

public sealed record HistoryHeld(DateOnly? HeldDate, MeetingMode Mode, IReadOnlyList<Participant> Participants, string? AfOfficeId);

public sealed record HistoryRegistrationSupport(DateOnly? OfferedDate, string? AfOfficeId, HistoryAnswer? Response);

/// <summary>The steps of a meeting's history; each event of a replay belongs to one (the source recorded each step at its own time).</summary>
public enum MeetingHistoryStep
{
    Opened,
    Offered,
    Response,
    Held,
    NoShow,
    SgiInformation,
    RegistrationSupportOffered,
    RegistrationSupportResponse,
}

/// <summary>The meeting a history replay produced, and for each of its events the step it belongs to.</summary>
public sealed record MeetingHistoryReplay(Change<Meeting> Change, IReadOnlyList<MeetingHistoryStep> StepOfEvent);

public sealed partial record Meeting
{
    /// <summary>
    /// Replays a meeting's history through the live commands — assess or trigger (FK's, or the service's own at a refusal), offer,
    /// the individual's answer, held or no-show, the SGI information, AF's registration support and its answer — so it obeys the
    /// same rules and emits the same events as a meeting recorded live, joined with the person's facts as they count now. A
    /// refusal-triggered meeting is opened exactly as the facts handler opens it (no FK office, no gender); the offer then states
    /// the FK office and the person's gender. When the service already triggered the meeting for the refusal
    /// (<paramref name="triggered"/>, untouched since), the history continues it instead of opening a second one. Any broken rule
    /// rejects the whole history: a <see cref="ValidationFailedException"/> whose violations are named like the record's fields
    /// (a broken state or chronology rule as "rule: reason" on the step's date).
    /// </summary>
    public static MeetingHistoryReplay FromHistory(
        MeetingHistory history, PersonFacts facts, long factsVersion, TransitionRules rules, DateOnly today, Meeting? triggered = null)
    {
        ValidateHistory(history);
        // A kontaktmöte's day rules take the chain day the record rests on when it names one (what FK knew then); only the
        // omställningsmöte is joined with the other facts.
        var stepFacts = history is { MeetingType: MeetingType.ContactMeeting, ChainDay: { } chain }
            ? PersonFacts.Empty(facts.PersonId)
                .Observe(new SickCaseFact("history", "chain_day", default, chain.SickCaseId, chain.RehabChainDay, chain.ChainDayDate), chain.ChainDayDate).State
            : facts;
        var replay = new HistorySteps();
        if (triggered is not null) replay.Continue(Continuable(history, triggered), facts, factsVersion, rules);
        else Open(replay, history, stepFacts, factsVersion, rules, today);

        if (history.OfferedDate is { } offered)
            replay.Step(MeetingHistoryStep.Offered, "offered.", "offered.date", m => m.Offer(offered, history.FkOfficeId, stepFacts, rules, today,
                history.RefusalTriggered ? history.Gender : Gender.Unspecified), ("fk_office_id", "fk_office_id"));
        if (history.Response is { } answer)
            replay.Step(MeetingHistoryStep.Response, "response.", "response.date", m => m.RecordResponse(answer.Date, answer.Response, answer.Channel, today));
        if (history.Held is { } held)
            replay.Step(MeetingHistoryStep.Held, "held.", "held.held_date", m => m.RecordHeld(
                held.HeldDate, held.Mode, held.Participants, held.AfOfficeId, stepFacts, factsVersion, rules, today));
        if (history.NoShowDate is { } noShow)
            replay.Step(MeetingHistoryStep.NoShow, "no_show.", "no_show.date", m => m.RecordNoShow(noShow, today));
        if (history.SgiInformation is { } sgi)
            replay.Step(MeetingHistoryStep.SgiInformation, "sgi_information.", "sgi_information.date",
                m => m.RecordSgiInformationProvided(sgi.Date, sgi.Channel, today));
        if (history.RegistrationSupport is { } support)
        {
            replay.Step(MeetingHistoryStep.RegistrationSupportOffered, "registration_support.", "registration_support.offered_date",
                m => m.OfferRegistrationSupport(support.OfferedDate, support.AfOfficeId, today));
            if (support.Response is { } supportAnswer)
                replay.Step(MeetingHistoryStep.RegistrationSupportResponse, "registration_support.response.", "registration_support.response.date",
                    m => m.RecordRegistrationSupportResponse(supportAnswer.Date, supportAnswer.Response, supportAnswer.Channel, today));
        }

        return replay.Result();
    }

    /// <summary>The date a history's meeting opened on: a refusal trigger opens on the refusal's decision date.</summary>
    public static DateOnly? OpenedOn(MeetingHistory history) => history.RefusalTriggered ? history.Refusal?.DecisionDate : history.OpenedDate;

    private static void Open(HistorySteps replay, MeetingHistory history, PersonFacts facts, long factsVersion, TransitionRules rules, DateOnly today)
    {
        const MeetingHistoryStep step = MeetingHistoryStep.Opened;
        if (history.MeetingType == MeetingType.ContactMeeting)
        {
            replay.Step(step, "", "opened_date", _ => AssessContactMeetingEligibility(history.MeetingId, history.Sequence, new NewContactMeeting(
                history.PersonId, history.SickCaseId, history.FkOfficeId, history.Gender, history.OpenedDate, history.RiskOfNotReturningToEmployer,
                NoReducedCapacityForNormalWork: false), facts, rules, today));
        }
        else if (history.RefusalTriggered)
        {
            // As the facts handler does: from the refusal as the facts feed holds it now, else as the record states it.
            var refusal = facts.Decision(history.Refusal!.SourceSystem, history.Refusal.RecordId) is { IsRefusal: true } known ? known : history.Refusal;
            replay.Step(step, "", "refusal.decision_date", _ =>
            {
                Chronology.NotInFuture(refusal.DecisionDate, today);
                return TriggerFromRefusal(history.MeetingId, history.Sequence, history.PersonId!, refusal, history.Trigger, facts, factsVersion, rules);
            });
        }
        else
        {
            replay.Step(step, "", "opened_date", _ => TriggerTransitionMeeting(history.MeetingId, history.Sequence, new NewTransitionMeeting(
                history.PersonId, history.SickCaseId, history.FkOfficeId, history.Gender, history.OpenedDate, history.Trigger), facts, factsVersion, rules, today));
        }
    }

    /// <summary>A meeting the service triggered for the history's refusal can be continued while nothing has happened to it yet.</summary>
    private static Meeting Continuable(MeetingHistory history, Meeting triggered)
    {
        var name = RecordName(history.Refusal!.SourceSystem, history.Refusal.RecordId);
        if (triggered.TriggeringRefusal != name || triggered.State != MeetingState.Triggered || triggered.Trigger != history.Trigger)
            throw new ValidationFailedException("refusal",
                $"the refusal {name} already triggered meeting {triggered.MeetingId} ({triggered.State}), which the history cannot continue");
        return triggered;
    }

    /// <summary>What the commands cannot name in the record's terms: its own shape (required fields, what belongs to which type).</summary>
    private static void ValidateHistory(MeetingHistory h)
    {
        var violations = new Violations().RequireText(h.PersonId, "person_id").RequireChoice(h.MeetingType, "meeting_type").RequireKnown(h.Gender, "gender");
        if (h.MeetingType == MeetingType.ContactMeeting)
        {
            violations
                .Require(h.Trigger == TransitionTrigger.Unspecified, "trigger", "must be unspecified for a kontaktmöte")
                .Require(h.BenefitType is BenefitType.Unspecified or BenefitType.SicknessBenefit, "benefit_type", "a kontaktmöte is for sickness benefit")
                .Require(h.Refusal is null, "refusal", "only for an omställningsmöte triggered by a refusal")
                .Require(h.RiskOfNotReturningToEmployer, "risk_of_not_returning_to_employer",
                    "must be true: a kontaktmöte is for a person at risk of not being back at the employer before day 181 (T3)")
                .Require(h.ChainDay is null || string.IsNullOrEmpty(h.SickCaseId) || h.ChainDay.SickCaseId == h.SickCaseId, "chain_day.sick_case_id",
                    "must be the record's sick_case_id");
        }
        else if (h.MeetingType == MeetingType.TransitionMeeting)
        {
            violations.RequireChoice(h.Trigger, "trigger").Require(h.ChainDay is null, "chain_day", "only for a kontaktmöte");
            if (h.RefusalTriggered)
            {
                var benefit = h.Trigger == TransitionTrigger.ActivityCompensationRefused ? BenefitType.ActivityCompensation : BenefitType.SicknessCompensation;
                violations.Require(h.BenefitType is BenefitType.Unspecified || h.BenefitType == benefit, "benefit_type", $"must be {benefit} for trigger {h.Trigger}");
                if (h.Refusal is not { } r)
                    violations.Add("refusal", $"is required for trigger {h.Trigger}: the meeting belongs to the refusal");
                else
                    violations.RequireText(r.SourceSystem, "refusal.source_system").RequireText(r.RecordId, "refusal.record_id")
                        .Require(r.DecisionDate != default, "refusal.decision_date", "is required")
                        .Require(r.BenefitType == benefit, "refusal.benefit_type", $"must be {benefit} for trigger {h.Trigger}")
                        .Require(h.OpenedDate is null || h.OpenedDate == r.DecisionDate, "opened_date",
                            "must be the refusal's decision_date (the service triggers at the refusal) or empty");
            }
            else
            {
                violations
                    .Require(h.BenefitType is BenefitType.Unspecified or BenefitType.SicknessBenefit, "benefit_type", $"must be SicknessBenefit for trigger {h.Trigger}")
                    .Require(h.Refusal is null, "refusal", "only for an omställningsmöte triggered by a refusal of activity or sickness compensation");
            }
        }

        violations.Require(h.OfferedDate is not null || (h.Response is null && h.Held is null && h.NoShowDate is null), "offered.date",
                "is required when the meeting was answered, held or a no-show")
            .Require(h.Held is null || h.NoShowDate is null, "no_show", "a meeting is either held or a no-show");
        violations.ThrowIfAny();
    }

    /// <summary>Applies the history's steps one by one, naming a broken rule after the step's fields.</summary>
    private sealed class HistorySteps
    {
        private readonly HistoryReplay<Meeting, MeetingHistoryStep> _replay = new(new Meeting());

        public void Continue(Meeting triggered, PersonFacts facts, long factsVersion, TransitionRules rules)
        {
            _replay.ContinueFrom(triggered);
            Step(MeetingHistoryStep.Opened, "", "refusal", m => m.ObserveFacts(facts, factsVersion, rules));
        }

        public void Step(MeetingHistoryStep step, string prefix, string dateField, Func<Meeting, Change<Meeting>> command,
            params (string From, string To)[] renames) =>
            _replay.Step(step, command, field => Rename(field, prefix, dateField, renames), rule => rule switch
            {
                ChainDayUnknownRule => "chain_day",
                FirstApplicationRule => "trigger",
                _ => dateField,
            });

        public MeetingHistoryReplay Result()
        {
            var (change, steps) = _replay.Result();
            return new(change, steps);
        }

        private static string Rename(string field, string prefix, string dateField, (string From, string To)[] renames)
        {
            if (field == "effective_date") return dateField;
            foreach (var (from, to) in renames)
                if (field.StartsWith(from, StringComparison.Ordinal)) return to + field[from.Length..];
            return prefix + field;
        }
    }
}
