using Rehab.BuildingBlocks.Domain;
using Xunit;

namespace Rehab.Referral.Tests.Domain;

using Rehab.Referral.Domain;
using static Scenario;

[Trait("Tier", "Fast")]
public sealed class ReferralTransitionTests
{
    /// <summary>Every command with valid input dated today, so only the state can stop it.</summary>
    private static readonly Dictionary<string, Func<Referral, Change<Referral>>> Commands = new()
    {
        ["assess"] = r => r.AssessCooperationRelevance(Today, Today),
        ["contact"] = r => r.RecordPreparatoryContact(Today, PreparatoryContactType.Phone, Today),
        ["ruleOut"] = r => r.RuleOutEmployerAdaptation(Today, Today),
        ["requestConsent"] = r => r.RequestConsent(Today, Today),
        ["giveConsent"] = r => r.RecordConsentDecision(Today, ConsentState.Given, Channel.Digital, Today),
        ["send"] = r => r.SendRequest(Today, Today),
        ["receive"] = r => r.ReceiveRequest(Today, Today),
        ["book"] = r => r.BookJointAssessment(Today, MeetingAt, "af-office-7", "af-officer-3", Today),
        ["reject"] = r => r.RejectRequest(Today, RejectionReason.IncompleteRequest, null, Today),
        ["withdraw"] = r => r.Withdraw(Today, WithdrawalReason.IndividualRequest, true, Channel.Phone, Today),
    };

    public static TheoryData<ReferralState, string> IllegalTransitions => new()
    {
        { ReferralState.Preparing, "assess" },
        { ReferralState.Sent, "assess" },
        { ReferralState.Withdrawn, "assess" },
        { ReferralState.NeedIdentified, "contact" },
        { ReferralState.Sent, "contact" },
        { ReferralState.Converted, "contact" },
        { ReferralState.NeedIdentified, "ruleOut" },
        { ReferralState.Received, "ruleOut" },
        { ReferralState.NeedIdentified, "requestConsent" },
        { ReferralState.AwaitingConsent, "requestConsent" },
        { ReferralState.ReadyToSend, "requestConsent" },
        { ReferralState.Converted, "requestConsent" },
        { ReferralState.ConsentRefused, "giveConsent" },
        { ReferralState.Withdrawn, "giveConsent" },
        { ReferralState.Rejected, "giveConsent" },
        { ReferralState.NeedIdentified, "send" },
        { ReferralState.Preparing, "send" },
        { ReferralState.Sent, "send" },
        { ReferralState.Converted, "send" },
        { ReferralState.AwaitingConsent, "receive" },
        { ReferralState.ReadyToSend, "receive" },
        { ReferralState.Received, "receive" },
        { ReferralState.Rejected, "receive" },
        { ReferralState.ReadyToSend, "book" },
        { ReferralState.Sent, "book" },
        { ReferralState.Converted, "book" },
        { ReferralState.Preparing, "reject" },
        { ReferralState.ReadyToSend, "reject" },
        { ReferralState.Converted, "reject" },
        { ReferralState.Rejected, "reject" },
        { ReferralState.Converted, "withdraw" },
        { ReferralState.ConsentRefused, "withdraw" },
        { ReferralState.Withdrawn, "withdraw" },
        { ReferralState.Rejected, "withdraw" },
    };

    [Theory]
    [MemberData(nameof(IllegalTransitions))]
    public void A_command_is_refused_in_a_state_that_does_not_allow_it(ReferralState state, string command)
    {
        var referral = In(state).State;

        var error = Assert.Throws<WrongStateException>(() => Commands[command](referral));

        Assert.Equal("referral.transition", error.Rule);
        Assert.EndsWith($"a referral in state {state}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_refusal_names_the_command_and_the_state()
    {
        var error = Assert.Throws<WrongStateException>(() => In(ReferralState.Preparing).State.SendRequest(Today, Today));

        Assert.Equal("cannot send a referral in state Preparing", error.Message);
    }

    [Theory]
    [InlineData(ReferralState.Preparing)]
    [InlineData(ReferralState.AwaitingConsent)]
    [InlineData(ReferralState.ReadyToSend)]
    public void Preparatory_contacts_are_recorded_while_preparation_goes_on(ReferralState state)
    {
        var change = In(state).State.RecordPreparatoryContact(Today, PreparatoryContactType.FmrConsultation, Today);

        Assert.Equal(state, change.State.State);
        Assert.Equal(new PreparatoryContact(PreparatoryContactType.FmrConsultation, Today), change.State.PreparatoryContacts[^1]);
    }

    [Theory]
    [InlineData(ReferralState.NeedIdentified)]
    [InlineData(ReferralState.Preparing)]
    [InlineData(ReferralState.AwaitingConsent)]
    [InlineData(ReferralState.ReadyToSend)]
    [InlineData(ReferralState.Sent)]
    [InlineData(ReferralState.Received)]
    public void FK_may_withdraw_an_open_referral_in_any_state_and_that_releases_its_key(ReferralState state)
    {
        var change = In(state).State.Withdraw(Today, WithdrawalReason.HealthDeteriorated, false, Channel.Unspecified, Today);

        Assert.Equal(ReferralState.Withdrawn, change.State.State);
        Assert.Equal(Today, change.State.ClosedDate);
        Assert.Equal(WithdrawalReason.HealthDeteriorated, change.State.WithdrawalReason);
        Assert.False(change.State.WithdrawnOnBehalfOfIndividual);
        Assert.Empty(change.State.UniqueKeys);
    }

    [Fact]
    public void A_withdrawal_on_the_individuals_behalf_records_the_channel_they_used()
    {
        var change = In(ReferralState.AwaitingConsent).State
            .Withdraw(Today, WithdrawalReason.IndividualRequest, true, Channel.Letter, Today);

        var withdrawn = Assert.IsType<ReferralWithdrawn>(Assert.Single(change.Events));
        Assert.Equal(new ReferralWithdrawn(Today, WithdrawalReason.IndividualRequest, true, Channel.Letter), withdrawn);
        Assert.True(change.State.WithdrawnOnBehalfOfIndividual);
        Assert.Equal(Channel.Letter, change.State.WithdrawalChannel);
    }

    [Fact]
    public void A_withdrawal_on_the_individuals_behalf_needs_the_channel()
    {
        var error = Assert.Throws<ValidationFailedException>(() => In(ReferralState.Preparing).State
            .Withdraw(Today, WithdrawalReason.IndividualRequest, true, Channel.Unspecified, Today));

        Assert.Equal(["channel"], error.Violations.Select(v => v.Field));
    }

    [Theory]
    [InlineData(ReferralState.Sent)]
    [InlineData(ReferralState.Received)]
    public void AF_may_reject_a_sent_or_received_request_with_a_reason(ReferralState state)
    {
        var change = In(state).State.RejectRequest(Today, RejectionReason.AlreadyInCooperation, " already in a round ", Today);

        Assert.Equal(ReferralState.Rejected, change.State.State);
        Assert.Equal(RejectionReason.AlreadyInCooperation, change.State.RejectionReason);
        Assert.Equal("already in a round", change.State.RejectionNote);
        Assert.Equal(Today, change.State.ClosedDate);
        Assert.Empty(change.State.UniqueKeys);
    }

    [Fact]
    public void A_rejection_needs_a_reason_and_reason_other_needs_a_note()
    {
        var received = In(ReferralState.Received).State;

        var noReason = Assert.Throws<ValidationFailedException>(() =>
            received.RejectRequest(Today, RejectionReason.Unspecified, "why", Today));
        var otherWithoutNote = Assert.Throws<ValidationFailedException>(() =>
            received.RejectRequest(Today, RejectionReason.Other, "  ", Today));

        Assert.Equal(["reason"], noReason.Violations.Select(v => v.Field));
        Assert.Equal(["note"], otherWithoutNote.Violations.Select(v => v.Field));
    }

    [Fact]
    public void Input_is_checked_before_the_state()
    {
        var converted = In(ReferralState.Converted).State;

        Assert.Throws<ValidationFailedException>(() => converted.RejectRequest(null, RejectionReason.Other, null, Today));
    }
}
