using Rehab.BuildingBlocks.Domain;

namespace Rehab.TransitionMeetings.Domain;

// The commands. Each one checks, in this order: the input (ValidationFailedException, field names as in the proto request),
// the transition from the current state (WrongStateException "meeting.transition", or a named guard), then chronology
// (WrongStateException "chronology": offered ≤ answered ≤ held, D5). Every command takes the fact's effective date and today
// (Stockholm); commands that depend on the agencies' facts take the person's projection of them, and those that join an
// omställningsmöte with the facts also the projection's version (its store's version: higher is newer).
public sealed partial record Meeting
{
    public const string TransitionRule = "meeting.transition";
    public const string MeetingTypeRule = "meeting.type";
    public const string ChainDayUnknownRule = "contact_meeting.chain_day_unknown";
    public const string EarliestDayRule = "contact_meeting.earliest_day";
    public const string RiskHorizonRule = "contact_meeting.risk_horizon";
    public const string FirstApplicationRule = "transition_meeting.first_application_refused";
    public const string SgiInformationRule = "transition_meeting.sgi_information";

    private static readonly Participant[] RequiredParticipants = [Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer];

    /// <summary>
    /// FK assesses a kontaktmöte (§3d): the person has sickness benefit in a sick case whose chain day FK reported, the chain day on
    /// the effective date is at least T2 (91) and before T3 (181), and FK sees a risk that the person is not back at the employer
    /// before day 181.
    /// </summary>
    public static Change<Meeting> AssessContactMeetingEligibility(
        string meetingId, int sequence, NewContactMeeting input, PersonFacts facts, TransitionRules rules, DateOnly today)
    {
        var violations = new Violations()
            .RequireText(input.PersonId, "person_id")
            .RequireText(input.SickCaseId, "sick_case_id")
            .RequireText(input.FkOfficeId, "fk_office_id")
            .RequireKnown(input.Gender, "gender")
            .RequireDate(input.EffectiveDate, "effective_date");
        violations.ThrowIfAny();
        var date = input.EffectiveDate!.Value;

        if (!input.RiskOfNotReturningToEmployer)
            throw new WrongStateException(RiskHorizonRule,
                $"a kontaktmöte is for a person at risk of not being back at the employer before day {rules.ContactMeetingHorizonDay} (T3): FK assessed no such risk");
        var observation = facts.LatestChainDay(input.SickCaseId!)
            ?? throw new WrongStateException(ChainDayUnknownRule,
                $"the facts feed has no rehabilitation-chain day for sick case {input.SickCaseId}: eligibility rests on FK's chain day (D9)");
        var day = GuardContactMeetingDay(observation, date, "assessed", rules);
        Chronology.NotInFuture(date, today);

        var assessed = new ContactMeetingEligibilityAssessed(
            date, meetingId, input.PersonId!, input.SickCaseId!, input.FkOfficeId!, input.Gender, sequence, observation, day,
            input.RiskOfNotReturningToEmployer, input.NoReducedCapacityForNormalWork);
        return new Change<Meeting>(new Meeting().Apply(assessed), [assessed]);
    }

    /// <summary>
    /// FK triggers an omställningsmöte while it considers not granting continued sickness benefit (D12, §3e) — never for a refused
    /// first application of sickness benefit (checked against the facts feed).
    /// </summary>
    public static Change<Meeting> TriggerTransitionMeeting(
        string meetingId, int sequence, NewTransitionMeeting input, PersonFacts facts, long factsVersion, TransitionRules rules, DateOnly today)
    {
        var violations = new Violations()
            .RequireText(input.PersonId, "person_id")
            .RequireText(input.SickCaseId, "sick_case_id")
            .RequireText(input.FkOfficeId, "fk_office_id")
            .RequireKnown(input.Gender, "gender")
            .RequireDate(input.EffectiveDate, "effective_date")
            .Require(input.Trigger == TransitionTrigger.SicknessBenefitRefusalConsidered, "trigger",
                "must be SICKNESS_BENEFIT_REFUSAL_CONSIDERED: refusals of activity or sickness compensation trigger from the facts feed");
        violations.ThrowIfAny();
        var date = input.EffectiveDate!.Value;

        if (facts.FirstApplicationRefusal(BenefitType.SicknessBenefit, input.SickCaseId) is { } refused)
            throw new WrongStateException(FirstApplicationRule,
                $"the facts feed holds a refusal of a first application for sickness benefit ({Chronology.Format(refused.DecisionDate)}): "
                + "an omställningsmöte is never offered for a refused first application (D12)");
        Chronology.NotInFuture(date, today);

        var triggered = new TransitionMeetingTriggered(
            date, meetingId, input.PersonId!, input.SickCaseId!, input.FkOfficeId!, input.Gender, sequence, input.Trigger,
            BenefitType.SicknessBenefit, Refusal: null);
        var change = new Meeting().Apply(triggered);
        return change.WithFacts([triggered], facts, factsVersion, rules);
    }

    /// <summary>
    /// The service's own trigger at a refusal of activity compensation (or, configurable, sickness compensation) in the facts feed
    /// (D12). The meeting has no FK office until an FK officer offers it.
    /// </summary>
    public static Change<Meeting> TriggerFromRefusal(
        string meetingId, int sequence, string personId, DecisionFact refusal, TransitionTrigger trigger, PersonFacts facts, long factsVersion,
        TransitionRules rules)
    {
        var triggered = new TransitionMeetingTriggered(
            refusal.DecisionDate, meetingId, personId, refusal.SickCaseId, "", Gender.Unspecified, sequence, trigger, refusal.BenefitType,
            refusal.ToRefusal());
        return new Meeting().Apply(triggered).WithFacts([triggered], facts, factsVersion, rules);
    }

    /// <summary>
    /// FK offers the meeting. A kontaktmöte is offered only from chain day T2 and before T3, by the facts that count now. A meeting
    /// opened without a gender (triggered from a refusal) takes <paramref name="gender"/> when the offer states one (history import).
    /// </summary>
    public Change<Meeting> Offer(
        DateOnly? effectiveDate, string? fkOfficeId, PersonFacts facts, TransitionRules rules, DateOnly today, Gender gender = Gender.Unspecified)
    {
        var violations = new Violations();
        var office = string.IsNullOrWhiteSpace(FkOfficeId) ? fkOfficeId?.Trim() : FkOfficeId;
        violations.Require(!string.IsNullOrWhiteSpace(office), "fk_office_id", "is required: the meeting has no FK office yet");
        var date = ValidDate(violations, effectiveDate);
        Expect("offer", MeetingState.Eligible, MeetingState.Triggered);
        var dayAtOffer = 0;
        if (MeetingType == MeetingType.ContactMeeting)
        {
            var observation = facts.LatestChainDay(SickCaseId) ?? ChainDay!;
            dayAtOffer = GuardContactMeetingDay(observation, date, "offered", rules);
        }

        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "offered date", OpenedDate, "opened_date");
        return Emit(new MeetingOffered(date, office!, dayAtOffer) { Gender = Gender == Gender.Unspecified ? gender : Gender.Unspecified });
    }

    /// <summary>The individual accepts or declines the offered meeting (recorded on their behalf, D2).</summary>
    public Change<Meeting> RecordResponse(DateOnly? effectiveDate, Response response, Channel channel, DateOnly today)
    {
        var violations = new Violations().RequireChoice(response, "response").RequireChoice(channel, "channel");
        var date = ValidDate(violations, effectiveDate);
        Expect("record the individual's answer for", MeetingState.Offered);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "response date", OfferedDate, "offered_date");
        return response == Domain.Response.Accepted ? Emit(new MeetingAccepted(date, channel, Implied: false)) : Emit(new MeetingDeclined(date, channel));
    }

    /// <summary>
    /// The meeting was held on <paramref name="effectiveDate"/> by FK and AF with the individual. An offered meeting recorded as
    /// held is accepted by implication (D5). A kontaktmöte then starts the job search with retained sickness benefit until day T4;
    /// an omställningsmöte gives the SGI information and is joined with the AF registration facts.
    /// </summary>
    public Change<Meeting> RecordHeld(
        DateOnly? effectiveDate, MeetingMode mode, IReadOnlyList<Participant>? participants, string? afOfficeId, PersonFacts facts,
        long factsVersion, TransitionRules rules, DateOnly today)
    {
        var people = participants ?? [];
        var violations = new Violations().RequireChoice(mode, "mode").RequireText(afOfficeId, "af_office_id");
        foreach (var participant in people) violations.RequireChoice(participant, "participants");
        violations.Require(RequiredParticipants.All(people.Contains), "participants",
            "must include the individual, the FK case officer and the AF officer");
        var date = ValidDate(violations, effectiveDate);
        Expect("record as held", MeetingState.Offered, MeetingState.Accepted);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "held date", OfferedDate, "offered_date");
        Chronology.NotBefore(date, "held date", Response?.ResponseDate, "accepted date");

        var events = new List<IDomainEvent>();
        if (State == MeetingState.Offered) events.Add(new MeetingAccepted(date, ChannelOf(mode), Implied: true));
        events.Add(new MeetingHeld(date, mode, people.Distinct().ToArray(), afOfficeId!.Trim()));
        if (MeetingType == MeetingType.ContactMeeting)
        {
            var basis = facts.LatestChainDay(SickCaseId) ?? ChainDay!;
            events.Add(new RetainedBenefitJobSearchStarted(date, new RetainedBenefitJobSearch(
                rules.RetainedBenefitUntilDay, RehabChain.DateOfDay(basis, rules.RetainedBenefitUntilDay), basis)));
        }
        else if (SgiInformation is null)
        {
            events.Add(new SgiInformationProvided(date, ChannelOf(mode), AtMeeting: true));
        }

        return events.Aggregate(this, (state, e) => state.Apply(e)).WithFacts(events, facts, factsVersion, rules);
    }

    public Change<Meeting> RecordNoShow(DateOnly? effectiveDate, DateOnly today)
    {
        var date = ValidDate(new Violations(), effectiveDate);
        Expect("record a no-show for", MeetingState.Offered, MeetingState.Accepted);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "no-show date", OfferedDate, "offered_date");
        Chronology.NotBefore(date, "no-show date", Response?.ResponseDate, "accepted date");
        return Emit(new MeetingNoShow(date));
    }

    /// <summary>Omställningsmöte: FK gave the SGI information outside the meeting (always given, also to decliners: §3e).</summary>
    public Change<Meeting> RecordSgiInformationProvided(DateOnly? effectiveDate, Channel channel, DateOnly today)
    {
        var date = ValidDate(new Violations().RequireChoice(channel, "channel"), effectiveDate);
        ExpectType(MeetingType.TransitionMeeting, "SGI information is recorded");
        if (SgiInformation is { } given)
            throw new WrongStateException(SgiInformationRule, $"the SGI information was already recorded as given on {Chronology.Format(given.ProvidedDate)}");
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", OpenedDate, "opened_date");
        return Emit(new SgiInformationProvided(date, channel, AtMeeting: false));
    }

    /// <summary>Omställningsmöte: AF offers registration support to the attendee (to every attendee, also people with a job).</summary>
    public Change<Meeting> OfferRegistrationSupport(DateOnly? effectiveDate, string? afOfficeId, DateOnly today)
    {
        var date = ValidDate(new Violations().RequireText(afOfficeId, "af_office_id"), effectiveDate);
        ExpectType(MeetingType.TransitionMeeting, "AF offers registration support");
        Expect("offer registration support for", MeetingState.Held);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", Held!.HeldDate, "held date");
        return Emit(new AfRegistrationSupportOffered(date, afOfficeId!.Trim()));
    }

    public Change<Meeting> RecordRegistrationSupportResponse(DateOnly? effectiveDate, Response response, Channel channel, DateOnly today)
    {
        var violations = new Violations().RequireChoice(response, "response").RequireChoice(channel, "channel");
        var date = ValidDate(violations, effectiveDate);
        ExpectType(MeetingType.TransitionMeeting, "AF offers registration support");
        Expect("record the answer to registration support for", MeetingState.RegistrationSupportOffered);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "effective_date", RegistrationSupport!.OfferedDate, "registration support offered date");
        return Emit(new AfRegistrationSupportAnswered(date, response, channel));
    }

    /// <summary>
    /// Joins an omställningsmöte with the facts that count now: its refusal (the triggering one, or the first refusal of its benefit
    /// decided on or after the trigger) and, once held, whether the attendee registered at AF afterwards. Emits only what changed,
    /// so the same facts seen twice give the same meeting. <paramref name="factsVersion"/> is the projection's version the facts
    /// were read at: a snapshot older than the one the meeting was last joined with is ignored (two facts of a person handled
    /// concurrently each join with their own snapshot, and the older one may land last).
    /// </summary>
    public Change<Meeting> ObserveFacts(PersonFacts facts, long factsVersion, TransitionRules rules) => WithFacts([], facts, factsVersion, rules);

    private Change<Meeting> WithFacts(IReadOnlyList<IDomainEvent> earlier, PersonFacts facts, long factsVersion, TransitionRules rules)
    {
        var events = earlier.ToList();
        var state = this;
        if (MeetingType != MeetingType.TransitionMeeting || factsVersion < FactsVersion) return new Change<Meeting>(state, events);

        var decision = TriggeringRefusal is { } name
            ? facts.Decisions.FirstOrDefault(d => RecordName(d.SourceSystem, d.RecordId) == name)
            : facts.FirstRefusalFrom(BenefitType, OpenedDate);
        if (decision is { IsRefusal: true } && decision.ToRefusal() != state.Refusal)
        {
            var recorded = new MeetingRefusalRecorded(decision.DecisionDate, decision.ToRefusal());
            events.Add(recorded);
            state = state.Apply(recorded);
        }

        if (state.Held is { } held)
        {
            var registration = facts.FirstRegistrationFrom(held.HeldDate);
            var outcome = RegistrationOutcome.Of(held.HeldDate, registration?.RegistrationDate, state.Refusal?.LastBenefitDay, rules);
            if (outcome != state.Registration)
            {
                var recorded = new RegistrationAfterMeetingRecorded(registration?.RegistrationDate ?? held.HeldDate, outcome);
                events.Add(recorded);
                state = state.Apply(recorded);
            }
        }

        // Remembered only with a change the meeting stores anyway: a join that changes nothing writes nothing.
        if (events.Count > 0 && factsVersion > state.FactsVersion)
        {
            var joined = new FactsJoined(events[^1].EffectiveDate, factsVersion);
            events.Add(joined);
            state = state.Apply(joined);
        }

        return new Change<Meeting>(state, events);
    }

    private static int GuardContactMeetingDay(ChainDayObservation observation, DateOnly date, string verb, TransitionRules rules)
    {
        var day = RehabChain.DayOn(observation, date);
        var basis = $"chain day {observation.RehabChainDay} on {Chronology.Format(observation.ChainDayDate)} gives day {day} on {Chronology.Format(date)}";
        if (day < rules.ContactMeetingEarliestDay)
            throw new WrongStateException(EarliestDayRule,
                $"a kontaktmöte can be {verb} from chain day {rules.ContactMeetingEarliestDay} (T2): {basis}");
        if (day >= rules.ContactMeetingHorizonDay)
            throw new WrongStateException(RiskHorizonRule,
                $"a kontaktmöte is {verb} before chain day {rules.ContactMeetingHorizonDay} (T3): {basis}");
        return day;
    }

    private static Channel ChannelOf(MeetingMode mode) => mode switch
    {
        MeetingMode.Digital => Channel.Digital,
        MeetingMode.Phone => Channel.Phone,
        _ => Channel.InPerson,
    };

    private static DateOnly ValidDate(Violations violations, DateOnly? effectiveDate)
    {
        violations.RequireDate(effectiveDate, "effective_date").ThrowIfAny();
        return effectiveDate!.Value;
    }

    private void Expect(string action, params MeetingState[] allowed)
    {
        if (!allowed.Contains(State))
            throw new WrongStateException(TransitionRule,
                $"cannot {action} a {Describe(MeetingType)} in state {State} (allowed from {string.Join(", ", allowed)})");
    }

    private void ExpectType(MeetingType type, string what)
    {
        if (MeetingType != type)
            throw new WrongStateException(MeetingTypeRule, $"{what} only for an {Describe(type)}, and this is a {Describe(MeetingType)}");
    }

    private static string Describe(MeetingType type) => type == MeetingType.ContactMeeting ? "kontaktmöte" : "omställningsmöte";

    private Change<Meeting> Emit(params IDomainEvent[] events) => new(events.Aggregate(this, (state, e) => state.Apply(e)), events);
}
