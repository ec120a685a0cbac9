using Rehab.BuildingBlocks.Domain;
using Xunit;

namespace Rehab.Referral.Tests.Domain;

using Rehab.Referral.Domain;
using static Scenario;

/// <summary>DOMAIN §9.1 and D5: effective dates follow the process and never lie in the future.</summary>
[Trait("Tier", "Fast")]
public sealed class ReferralChronologyTests
{
    private static readonly DateOnly Tomorrow = Today.AddDays(1);

    public static TheoryData<ReferralState, string> FutureFacts => new()
    {
        { ReferralState.NeedIdentified, "assess" },
        { ReferralState.Preparing, "contact" },
        { ReferralState.Preparing, "requestConsent" },
        { ReferralState.AwaitingConsent, "giveConsent" },
        { ReferralState.ReadyToSend, "send" },
        { ReferralState.Sent, "receive" },
        { ReferralState.Received, "book" },
        { ReferralState.Received, "reject" },
        { ReferralState.Preparing, "withdraw" },
    };

    private static readonly Dictionary<string, Func<Referral, DateOnly, Change<Referral>>> CommandsOn = new()
    {
        ["assess"] = (r, d) => r.AssessCooperationRelevance(d, Today),
        ["contact"] = (r, d) => r.RecordPreparatoryContact(d, PreparatoryContactType.Reconciliation, Today),
        ["requestConsent"] = (r, d) => r.RequestConsent(d, Today),
        ["giveConsent"] = (r, d) => r.RecordConsentDecision(d, ConsentState.Given, Channel.InPerson, Today),
        ["send"] = (r, d) => r.SendRequest(d, Today),
        ["receive"] = (r, d) => r.ReceiveRequest(d, Today),
        ["book"] = (r, d) => r.BookJointAssessment(d, MeetingAt, "af-office-7", "af-officer-3", Today),
        ["reject"] = (r, d) => r.RejectRequest(d, RejectionReason.IncompleteRequest, null, Today),
        ["withdraw"] = (r, d) => r.Withdraw(d, WithdrawalReason.Other, false, Channel.Unspecified, Today),
    };

    [Theory]
    [MemberData(nameof(FutureFacts))]
    public void A_fact_cannot_be_recorded_before_it_happens(ReferralState state, string command)
    {
        var referral = In(state).State;

        var error = Assert.Throws<WrongStateException>(() => CommandsOn[command](referral, Tomorrow));

        Assert.Equal("chronology", error.Rule);
        Assert.Contains("2025-03-06 is after today (2025-03-05)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_need_cannot_be_identified_in_the_future_or_before_its_sick_case_started()
    {
        var future = Assert.Throws<WrongStateException>(() =>
            Referral.Create(NewReferral() with { EffectiveDate = Tomorrow }, Today));
        var beforeSickCase = Assert.Throws<WrongStateException>(() =>
            Referral.Create(NewReferral() with { EffectiveDate = SickCaseStart.AddDays(-1) }, Today));

        Assert.Equal("chronology", future.Rule);
        Assert.Equal("need_identified_date 2025-01-12 is before sick_case_start_date 2025-01-13", beforeSickCase.Message);
    }

    [Fact]
    public void Late_registration_of_a_fact_dated_long_ago_is_normal()
    {
        var lateToday = new DateOnly(2026, 1, 15);

        var change = In(ReferralState.Preparing).State.RequestConsent(RelevanceAssessed, lateToday);

        Assert.Equal(RelevanceAssessed, change.State.Consent.ConsentRequestedDate);
    }

    public static TheoryData<ReferralState, string, int, string> EarlierThanTheMilestoneBefore => new()
    {
        // state, command, days before the milestone, the message
        { ReferralState.NeedIdentified, "assess", 1, "relevance_assessed_date 2025-02-02 is before need_identified_date 2025-02-03" },
        { ReferralState.Preparing, "requestConsent", 1, "consent_requested_date 2025-02-09 is before relevance_assessed_date 2025-02-10" },
        { ReferralState.AwaitingConsent, "giveConsent", 1, "consent_given_date 2025-02-16 is before consent_requested_date 2025-02-17" },
        { ReferralState.AwaitingConsent, "send", 1, "request_sent_date 2025-02-16 is before consent_requested_date 2025-02-17" },
        { ReferralState.Sent, "receive", 1, "request_received_date 2025-02-23 is before request_sent_date 2025-02-24" },
        { ReferralState.Received, "book", 1, "booked_date 2025-02-25 is before request_received_date 2025-02-26" },
        { ReferralState.Received, "reject", 1, "closed_date 2025-02-25 is before request_received_date 2025-02-26" },
        { ReferralState.ReadyToSend, "withdraw", 1, "closed_date 2025-02-19 is before consent_given_date 2025-02-20" },
    };

    [Theory]
    [MemberData(nameof(EarlierThanTheMilestoneBefore))]
    public void A_milestone_cannot_be_dated_before_the_milestone_it_follows(
        ReferralState state, string command, int daysBefore, string message)
    {
        var referral = In(state).State;
        var milestone = LatestMilestone(referral);

        var error = Assert.Throws<WrongStateException>(() => CommandsOn[command](referral, milestone.AddDays(-daysBefore)));
        var onTheSameDay = CommandsOn[command](referral, milestone);

        Assert.Equal("chronology", error.Rule);
        Assert.Equal(message, error.Message);
        Assert.NotEqual(state, onTheSameDay.State.State);
    }

    [Fact]
    public void A_request_registered_late_may_predate_the_consent_and_then_went_with_consent_pending()
    {
        var ready = In(ReferralState.ReadyToSend).State; // consent given 2025-02-20

        var sentBefore = ready.SendRequest(ConsentGivenOn.AddDays(-1), Today);
        var sentAfter = ready.SendRequest(ConsentGivenOn, Today);

        Assert.Equal(ReferralState.Sent, sentBefore.State.State);
        Assert.Equal(ConsentState.Requested, Assert.IsType<JointAssessmentRequested>(sentBefore.Events[0]).ConsentState);
        Assert.Equal(ConsentState.Given, Assert.IsType<JointAssessmentRequested>(sentAfter.Events[0]).ConsentState);
    }

    [Fact]
    public void Consent_cannot_be_withdrawn_before_it_was_given()
    {
        var ready = In(ReferralState.ReadyToSend).State;

        var error = Assert.Throws<WrongStateException>(() =>
            ready.RecordConsentDecision(ConsentGivenOn.AddDays(-1), ConsentState.Withdrawn, Channel.Phone, Today));

        Assert.Equal("consent_withdrawn_date 2025-02-19 is before consent_given_date 2025-02-20", error.Message);
    }

    [Fact]
    public void The_request_cannot_be_sent_before_adaptation_at_the_employer_was_ruled_out()
    {
        var awaiting = Opened(hasEmployer: true)
            .Then(r => r.AssessCooperationRelevance(RelevanceAssessed, Today))
            .Then(r => r.RequestConsent(ConsentRequestedOn, Today))
            .Then(r => r.RuleOutEmployerAdaptation(Sent, Today));

        var error = Assert.Throws<WrongStateException>(() => awaiting.State.SendRequest(Sent.AddDays(-1), Today));

        Assert.Equal("request_sent_date 2025-02-23 is before employer_adaptation_ruled_out_date 2025-02-24", error.Message);
    }

    [Fact]
    public void The_meeting_may_be_in_the_future_but_its_Stockholm_date_not_before_the_receipt()
    {
        var received = In(ReferralState.Received).State; // received 2025-02-26
        var lateEveningBefore = new DateTimeOffset(2025, 2, 25, 22, 30, 0, TimeSpan.Zero); // 23:30 on the 25th in Stockholm
        var justAfterMidnight = new DateTimeOffset(2025, 2, 25, 23, 30, 0, TimeSpan.Zero); // 00:30 on the 26th in Stockholm
        var nextMonth = new DateTimeOffset(2025, 4, 2, 8, 0, 0, TimeSpan.FromHours(2));

        var error = Assert.Throws<WrongStateException>(() =>
            received.BookJointAssessment(Booked, lateEveningBefore, "af-office-7", "af-officer-3", Today));
        var sameDay = received.BookJointAssessment(Booked, justAfterMidnight, "af-office-7", "af-officer-3", Today);
        var future = received.BookJointAssessment(Booked, nextMonth, "af-office-7", "af-officer-3", Today);

        Assert.Equal("chronology", error.Rule);
        Assert.Contains("meeting_at", error.Message, StringComparison.Ordinal);
        Assert.Equal(ReferralState.Converted, sameDay.State.State);
        Assert.Equal(nextMonth, future.State.Booking!.MeetingAt);
    }

    private static DateOnly LatestMilestone(Referral r) => new[]
    {
        r.NeedIdentifiedDate, r.RelevanceAssessedDate, r.Consent.ConsentRequestedDate, r.Consent.ConsentGivenDate,
        r.RequestSentDate, r.RequestReceivedDate,
    }.Max()!.Value;
}
