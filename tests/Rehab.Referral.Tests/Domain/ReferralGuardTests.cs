using Rehab.BuildingBlocks.Domain;
using Xunit;

namespace Rehab.Referral.Tests.Domain;

using Rehab.Referral.Domain;
using static Scenario;

/// <summary>The consent rules (D6) and the employer guard (§3a).</summary>
[Trait("Tier", "Fast")]
public sealed class ReferralGuardTests
{
    [Fact]
    public void FK_may_send_the_request_with_consent_pending_and_record_the_consent_later()
    {
        var journey = In(ReferralState.AwaitingConsent)
            .Then(r => r.SendRequest(Sent, Today))
            .Then(r => r.RecordConsentDecision(Received, ConsentState.Given, Channel.InPerson, Today));

        Assert.Equal(ReferralState.Sent, journey.State.State);
        Assert.Equal(ConsentState.Requested, Assert.IsType<JointAssessmentRequested>(journey.Events[^2]).ConsentState);
        Assert.Equal(ConsentState.Given, journey.State.Consent.State);
        Assert.Equal(Received, journey.State.Consent.ConsentGivenDate);
    }

    [Fact]
    public void AF_may_book_with_consent_still_pending_and_the_booking_says_so()
    {
        var journey = In(ReferralState.AwaitingConsent)
            .Then(r => r.SendRequest(Sent, Today))
            .Then(r => r.ReceiveRequest(Received, Today))
            .Then(r => r.BookJointAssessment(Booked, MeetingAt, "af-office-7", "af-officer-3", Today));

        Assert.Equal(ReferralState.Converted, journey.State.State);
        Assert.Equal(ConsentState.Requested, Assert.IsType<JointAssessmentBooked>(journey.Events[^1]).ConsentState);
    }

    [Fact]
    public void Consent_given_after_conversion_is_recorded_and_the_referral_stays_converted()
    {
        var pendingConverted = In(ReferralState.AwaitingConsent)
            .Then(r => r.SendRequest(Sent, Today))
            .Then(r => r.ReceiveRequest(Received, Today))
            .Then(r => r.BookJointAssessment(Booked, MeetingAt, "af-office-7", "af-officer-3", Today));

        var change = pendingConverted.State.RecordConsentDecision(Today, ConsentState.Given, Channel.InPerson, Today);

        Assert.Equal(ReferralState.Converted, change.State.State);
        Assert.Equal(ConsentState.Given, change.State.Consent.State);
        Assert.IsType<ConsentGiven>(Assert.Single(change.Events));
    }

    [Theory]
    [InlineData(ReferralState.AwaitingConsent)]
    [InlineData(ReferralState.Sent)]
    [InlineData(ReferralState.Received)]
    public void Consent_refused_before_conversion_ends_the_referral_and_releases_its_key(ReferralState state)
    {
        var pending = state == ReferralState.AwaitingConsent
            ? In(state)
            : In(ReferralState.AwaitingConsent).Then(r => r.SendRequest(Sent, Today));
        if (state == ReferralState.Received) pending = pending.Then(r => r.ReceiveRequest(Received, Today));

        var change = pending.State.RecordConsentDecision(Today, ConsentState.Refused, Channel.Phone, Today);

        Assert.Equal(ReferralState.ConsentRefused, change.State.State);
        Assert.Equal(Today, change.State.ClosedDate);
        Assert.Equal(new Consent
        {
            State = ConsentState.Refused,
            ConsentRequestedDate = ConsentRequestedOn,
            ConsentRefusedDate = Today,
            Channel = Channel.Phone,
        }, change.State.Consent);
        Assert.Equal(["open-referral:person-1:sick-1"], pending.State.UniqueKeys);
        Assert.Empty(change.State.UniqueKeys);
    }

    [Fact]
    public void Consent_refused_after_conversion_changes_only_the_consent()
    {
        var pendingConverted = In(ReferralState.AwaitingConsent)
            .Then(r => r.SendRequest(Sent, Today))
            .Then(r => r.ReceiveRequest(Received, Today))
            .Then(r => r.BookJointAssessment(Booked, MeetingAt, "af-office-7", "af-officer-3", Today));

        var change = pendingConverted.State.RecordConsentDecision(Today, ConsentState.Refused, Channel.InPerson, Today);

        Assert.Equal(ReferralState.Converted, change.State.State);
        Assert.Equal(Booked, change.State.ClosedDate);
        Assert.Equal(ConsentState.Refused, change.State.Consent.State);
    }

    [Fact]
    public void Consent_withdrawn_after_conversion_is_recorded_for_the_other_services_to_project()
    {
        var change = In(ReferralState.Converted).State
            .RecordConsentDecision(Today, ConsentState.Withdrawn, Channel.Letter, Today);

        Assert.Equal(ReferralState.Converted, change.State.State);
        Assert.Equal(ConsentState.Withdrawn, change.State.Consent.State);
        Assert.Equal(Today, change.State.Consent.ConsentWithdrawnDate);
        Assert.Equal(new ConsentWithdrawn(Today, Channel.Letter), Assert.Single(change.Events));
    }

    [Fact]
    public void After_consent_is_withdrawn_the_request_can_be_neither_sent_nor_booked()
    {
        var ready = In(ReferralState.ReadyToSend)
            .Then(r => r.RecordConsentDecision(Today, ConsentState.Withdrawn, Channel.Phone, Today));
        var received = In(ReferralState.Received)
            .Then(r => r.RecordConsentDecision(Today, ConsentState.Withdrawn, Channel.Phone, Today));

        var send = Assert.Throws<WrongStateException>(() => ready.State.SendRequest(Today, Today));
        var book = Assert.Throws<WrongStateException>(() =>
            received.State.BookJointAssessment(Today, MeetingAt, "af-office-7", "af-officer-3", Today));

        Assert.Equal("referral.consent", send.Rule);
        Assert.Equal("referral.consent", book.Rule);
        Assert.Equal(ReferralState.ReadyToSend, ready.State.State);
    }

    [Theory]
    [InlineData(ReferralState.Preparing, ConsentState.Given)]
    [InlineData(ReferralState.NeedIdentified, ConsentState.Refused)]
    [InlineData(ReferralState.AwaitingConsent, ConsentState.Withdrawn)]
    [InlineData(ReferralState.ReadyToSend, ConsentState.Given)]
    [InlineData(ReferralState.ReadyToSend, ConsentState.Refused)]
    public void A_consent_decision_must_follow_from_the_current_consent(ReferralState state, ConsentState decision)
    {
        var referral = In(state).State;

        var error = Assert.Throws<WrongStateException>(() =>
            referral.RecordConsentDecision(Today, decision, Channel.InPerson, Today));

        Assert.Equal("referral.consent", error.Rule);
    }

    [Fact]
    public void A_person_with_an_employer_is_sent_only_after_adaptation_at_the_employer_is_ruled_out()
    {
        var awaiting = Opened(hasEmployer: true)
            .Then(r => r.AssessCooperationRelevance(RelevanceAssessed, Today))
            .Then(r => r.RequestConsent(ConsentRequestedOn, Today));

        var error = Assert.Throws<WrongStateException>(() => awaiting.State.SendRequest(Sent, Today));
        var sent = awaiting
            .Then(r => r.RuleOutEmployerAdaptation(AdaptationRuledOut, Today))
            .Then(r => r.SendRequest(Sent, Today));

        Assert.Equal("referral.employer_adaptation", error.Rule);
        Assert.Equal(ReferralState.Sent, sent.State.State);
        Assert.Equal(AdaptationRuledOut, sent.State.EmployerAdaptationRuledOutDate);
    }

    [Fact]
    public void Employer_adaptation_is_ruled_out_once_and_only_for_a_person_with_an_employer()
    {
        var ruledOut = Opened(hasEmployer: true)
            .Then(r => r.AssessCooperationRelevance(RelevanceAssessed, Today))
            .Then(r => r.RuleOutEmployerAdaptation(AdaptationRuledOut, Today));

        var twice = Assert.Throws<WrongStateException>(() => ruledOut.State.RuleOutEmployerAdaptation(Today, Today));
        var noEmployer = Assert.Throws<WrongStateException>(() =>
            In(ReferralState.Preparing).State.RuleOutEmployerAdaptation(Today, Today));

        Assert.Equal("referral.employer_adaptation", twice.Rule);
        Assert.Equal("referral.employer_adaptation", noEmployer.Rule);
    }
}
