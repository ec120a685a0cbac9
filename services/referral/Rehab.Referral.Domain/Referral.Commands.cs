using Rehab.BuildingBlocks.Domain;

namespace Rehab.Referral.Domain;

// The commands. Each one checks, in this order: the input (ValidationFailedException, field names as in the
// proto request), the transition from the current state (WrongStateException "referral.transition", or a
// named guard), then chronology (WrongStateException "chronology"). It then emits its events and returns the
// state produced by applying them, so commands and replay share one path.
//
// Every command takes the fact's effectiveDate and today (the Stockholm civil date, from CivilTime.Today).
public sealed partial record Referral
{
    public const string TransitionRule = "referral.transition";
    public const string ConsentRule = "referral.consent";
    public const string EmployerAdaptationRule = "referral.employer_adaptation";

    private static readonly ReferralState[] Preparation =
        [ReferralState.Preparing, ReferralState.AwaitingConsent, ReferralState.ReadyToSend];

    /// <summary>FK records an identified rehabilitation need: opens the referral in NeedIdentified.</summary>
    public static Change<Referral> Create(NewReferral request, DateOnly today)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ReferralId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.PersonId);

        var violations = new Violations()
            .RequireText(request.SickCaseId, "sick_case_id")
            .RequireDate(request.SickCaseStartDate, "sick_case_start_date")
            .Require(request.BenefitTypes is { Count: > 0 }, "benefit_types", "needs at least one benefit type")
            .RequireKnown(request.Gender, "gender")
            .RequireText(request.FkOfficeId, "fk_office_id")
            .RequireChoice(request.ImpulseSource, "impulse_source")
            .RequireDate(request.EffectiveDate, "effective_date");
        foreach (var benefit in request.BenefitTypes ?? [])
            violations.RequireChoice(benefit, "benefit_types");
        violations.ThrowIfAny();

        var date = request.EffectiveDate!.Value;
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "need_identified_date", request.SickCaseStartDate, "sick_case_start_date");

        var identified = new RehabilitationNeedIdentified(
            request.ReferralId,
            request.PersonId,
            request.SickCaseId!.Trim(),
            request.SickCaseStartDate!.Value,
            request.BenefitTypes!.Distinct().ToArray(),
            request.Gender,
            request.FkOfficeId!.Trim(),
            request.ImpulseSource,
            request.HasEmployer,
            request.BirthDate,
            date);
        return new Change<Referral>(new Referral().Apply(identified), [identified]);
    }

    /// <summary>FK documents that cooperation is likely relevant (lead-time milestone 1): NeedIdentified → Preparing.</summary>
    public Change<Referral> AssessCooperationRelevance(DateOnly? effectiveDate, DateOnly today)
    {
        var date = ValidDate(new Violations(), effectiveDate);
        Expect("assess cooperation relevance for", ReferralState.NeedIdentified);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "relevance_assessed_date", NeedIdentifiedDate, "need_identified_date");
        return Emit(new CooperationRelevanceAssessed(date));
    }

    /// <summary>FK's personal contact before the joint assessment; recorded while preparation goes on.</summary>
    public Change<Referral> RecordPreparatoryContact(DateOnly? effectiveDate, PreparatoryContactType contactType, DateOnly today)
    {
        var date = ValidDate(new Violations().RequireChoice(contactType, "contact_type"), effectiveDate);
        Expect("record a preparatory contact for", Preparation);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "contact_date", SickCaseStartDate, "sick_case_start_date");
        return Emit(new PreparatoryContactRecorded(date, contactType));
    }

    /// <summary>FK records that adaptation or relocation at the employer is shown impossible (the §3a guard for the employed).</summary>
    public Change<Referral> RuleOutEmployerAdaptation(DateOnly? effectiveDate, DateOnly today)
    {
        var date = ValidDate(new Violations(), effectiveDate);
        Expect("rule out employer adaptation for", Preparation);
        if (!HasEmployer)
            throw new WrongStateException(EmployerAdaptationRule, "the person has no employer: there is no employer adaptation to rule out");
        if (EmployerAdaptationRuledOutDate is { } ruledOut)
            throw new WrongStateException(EmployerAdaptationRule,
                $"employer adaptation was already ruled out on {Chronology.Format(ruledOut)}");
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "employer_adaptation_ruled_out_date", SickCaseStartDate, "sick_case_start_date");
        return Emit(new EmployerAdaptationRuledOut(date));
    }

    /// <summary>FK asks the individual for consent: Preparing → AwaitingConsent.</summary>
    public Change<Referral> RequestConsent(DateOnly? effectiveDate, DateOnly today)
    {
        var date = ValidDate(new Violations(), effectiveDate);
        Expect("request consent for", ReferralState.Preparing);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "consent_requested_date", RelevanceAssessedDate, "relevance_assessed_date");
        return Emit(new ConsentRequested(date));
    }

    /// <summary>
    /// The individual's answer, recorded by FK on their behalf with the channel it came through.
    /// Given (from Requested): AwaitingConsent → ReadyToSend; later states keep their state (D6: consent may follow the request).
    /// Refused (from Requested): terminal ConsentRefused before conversion; after conversion only the consent changes.
    /// Withdrawn (from Given): the referral keeps its state, but it can no longer be sent or booked.
    /// </summary>
    public Change<Referral> RecordConsentDecision(DateOnly? effectiveDate, ConsentState decision, Channel channel, DateOnly today)
    {
        var violations = new Violations()
            .Require(decision is ConsentState.Given or ConsentState.Refused or ConsentState.Withdrawn,
                "decision", "must be GIVEN, REFUSED or WITHDRAWN")
            .RequireChoice(channel, "channel");
        var date = ValidDate(violations, effectiveDate);
        Expect("record a consent decision for", ReferralState.NeedIdentified, ReferralState.Preparing, ReferralState.AwaitingConsent,
            ReferralState.ReadyToSend, ReferralState.Sent, ReferralState.Received, ReferralState.Converted);

        var expected = decision == ConsentState.Withdrawn ? ConsentState.Given : ConsentState.Requested;
        if (Consent.State != expected)
            throw new WrongStateException(ConsentRule,
                $"cannot record consent {decision} when consent is {Consent.State}: it needs consent {expected}");

        Chronology.NotInFuture(date, today);
        switch (decision)
        {
            case ConsentState.Given:
                Chronology.NotBefore(date, "consent_given_date", Consent.ConsentRequestedDate, "consent_requested_date");
                return Emit(new ConsentGiven(date, channel));
            case ConsentState.Refused:
                Chronology.NotBefore(date, "consent_refused_date", Consent.ConsentRequestedDate, "consent_requested_date");
                return Emit(new ConsentRefused(date, channel));
            default:
                Chronology.NotBefore(date, "consent_withdrawn_date", Consent.ConsentGivenDate, "consent_given_date");
                return Emit(new ConsentWithdrawn(date, channel));
        }
    }

    /// <summary>
    /// FK sends the request to AF: AwaitingConsent (consent pending, D6) or ReadyToSend → Sent.
    /// Consent must at least have been requested: from Preparing the request cannot be sent.
    /// </summary>
    public Change<Referral> SendRequest(DateOnly? effectiveDate, DateOnly today)
    {
        var date = ValidDate(new Violations(), effectiveDate);
        Expect("send", ReferralState.AwaitingConsent, ReferralState.ReadyToSend);
        RequireConsentNotWithdrawn("sent");
        if (HasEmployer && EmployerAdaptationRuledOutDate is null)
            throw new WrongStateException(EmployerAdaptationRule,
                "the person has an employer: rule out adaptation at the employer before sending the request");
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "request_sent_date", RelevanceAssessedDate, "relevance_assessed_date");
        Chronology.NotBefore(date, "request_sent_date", Consent.ConsentRequestedDate, "consent_requested_date");
        Chronology.NotBefore(date, "request_sent_date", EmployerAdaptationRuledOutDate, "employer_adaptation_ruled_out_date");
        return Emit(new JointAssessmentRequested(date, ConsentStateOn(date)));
    }

    /// <summary>AF registers the request: Sent → Received.</summary>
    public Change<Referral> ReceiveRequest(DateOnly? effectiveDate, DateOnly today)
    {
        var date = ValidDate(new Violations(), effectiveDate);
        Expect("receive", ReferralState.Sent);
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "request_received_date", RequestSentDate, "request_sent_date");
        return Emit(new JointAssessmentRequestReceived(date));
    }

    /// <summary>
    /// AF books the first meeting: Received → Converted (D7). Consent may still be pending (D6: the first
    /// <em>held</em> meeting needs it, which the joint-assessment service guards), but not withdrawn.
    /// The meeting may lie in the future; only its Stockholm date must not precede the receipt.
    /// </summary>
    public Change<Referral> BookJointAssessment(
        DateOnly? effectiveDate, DateTimeOffset? meetingAt, string? afOfficeId, string? afOfficerId, DateOnly today)
    {
        var violations = new Violations()
            .Require(meetingAt is not null, "meeting_at", "is required (an instant)")
            .RequireText(afOfficeId, "af_office_id")
            .RequireText(afOfficerId, "af_officer_id");
        var date = ValidDate(violations, effectiveDate);
        Expect("book a joint assessment for", ReferralState.Received);
        RequireConsentNotWithdrawn("booked");
        Chronology.NotInFuture(date, today);
        Chronology.NotBefore(date, "booked_date", RequestReceivedDate, "request_received_date");
        Chronology.NotBefore(CivilTime.DateOf(meetingAt!.Value), "meeting_at (Stockholm date)", RequestReceivedDate, "request_received_date");
        return Emit(new JointAssessmentBooked(date, meetingAt.Value, afOfficeId!.Trim(), afOfficerId!.Trim(), ConsentStateOn(date)));
    }

    /// <summary>AF rejects the request: Sent or Received → Rejected. A reason is required; reason Other needs a note.</summary>
    public Change<Referral> RejectRequest(DateOnly? effectiveDate, RejectionReason reason, string? note, DateOnly today)
    {
        var violations = new Violations().RequireChoice(reason, "reason");
        if (reason == RejectionReason.Other) violations.RequireText(note, "note");
        var date = ValidDate(violations, effectiveDate);
        Expect("reject", ReferralState.Sent, ReferralState.Received);
        Chronology.NotInFuture(date, today);
        RequireNotBeforeAnyFact(date);
        return Emit(new JointAssessmentRequestRejected(date, reason, note?.Trim() ?? ""));
    }

    /// <summary>
    /// FK withdraws the referral from any open state, on its own initiative or on the individual's behalf
    /// (then the channel the individual used is required).
    /// </summary>
    public Change<Referral> Withdraw(
        DateOnly? effectiveDate, WithdrawalReason reason, bool onBehalfOfIndividual, Channel channel, DateOnly today)
    {
        var violations = new Violations().RequireChoice(reason, "reason").RequireKnown(channel, "channel");
        if (onBehalfOfIndividual) violations.RequireChoice(channel, "channel");
        var date = ValidDate(violations, effectiveDate);
        if (IsTerminal || State == ReferralState.Unspecified)
            throw new WrongStateException(TransitionRule, $"cannot withdraw a referral in state {State}");
        Chronology.NotInFuture(date, today);
        RequireNotBeforeAnyFact(date);
        return Emit(new ReferralWithdrawn(date, reason, onBehalfOfIndividual, channel));
    }

    private static DateOnly ValidDate(Violations violations, DateOnly? effectiveDate)
    {
        violations.RequireDate(effectiveDate, "effective_date").ThrowIfAny();
        return effectiveDate!.Value;
    }

    private void Expect(string command, params ReferralState[] allowed)
    {
        if (!allowed.Contains(State))
            throw new WrongStateException(TransitionRule, $"cannot {command} a referral in state {State}");
    }

    /// <summary>
    /// The consent as it stood on <paramref name="date"/>: with late registration, consent recorded as given
    /// may have been given after a request dated earlier, which was then sent with consent pending (D6).
    /// </summary>
    private ConsentState ConsentStateOn(DateOnly date) =>
        Consent.State == ConsentState.Given && Consent.ConsentGivenDate > date ? ConsentState.Requested : Consent.State;

    private void RequireConsentNotWithdrawn(string action)
    {
        if (Consent.State == ConsentState.Withdrawn)
            throw new WrongStateException(ConsentRule,
                $"consent was withdrawn on {Chronology.Format(Consent.ConsentWithdrawnDate!.Value)}: the request cannot be {action}");
    }

    /// <summary>A closing fact cannot precede any fact already recorded on the referral.</summary>
    private void RequireNotBeforeAnyFact(DateOnly closedDate)
    {
        Chronology.NotBefore(closedDate, "closed_date", NeedIdentifiedDate, "need_identified_date");
        Chronology.NotBefore(closedDate, "closed_date", RelevanceAssessedDate, "relevance_assessed_date");
        foreach (var contact in PreparatoryContacts)
            Chronology.NotBefore(closedDate, "closed_date", contact.ContactDate, "contact_date");
        Chronology.NotBefore(closedDate, "closed_date", EmployerAdaptationRuledOutDate, "employer_adaptation_ruled_out_date");
        Chronology.NotBefore(closedDate, "closed_date", Consent.ConsentRequestedDate, "consent_requested_date");
        Chronology.NotBefore(closedDate, "closed_date", Consent.ConsentGivenDate, "consent_given_date");
        Chronology.NotBefore(closedDate, "closed_date", Consent.ConsentWithdrawnDate, "consent_withdrawn_date");
        Chronology.NotBefore(closedDate, "closed_date", RequestSentDate, "request_sent_date");
        Chronology.NotBefore(closedDate, "closed_date", RequestReceivedDate, "request_received_date");
    }

    private Change<Referral> Emit(IDomainEvent domainEvent) => new(Apply(domainEvent), [domainEvent]);
}
