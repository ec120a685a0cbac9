using Rehab.BuildingBlocks.Domain;
using Xunit;

namespace Rehab.Referral.Tests.Domain;

using Rehab.Referral.Domain;
using static Scenario;

/// <summary>Bad input fails with every violation at once, named like the proto request fields.</summary>
[Trait("Tier", "Fast")]
public sealed class ReferralValidationTests
{
    private static string[] Fields(ValidationFailedException error) =>
        error.Violations.Select(v => v.Field).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Creating_names_every_missing_field()
    {
        var empty = new NewReferral("ref-1", "person-1", " ", null, [], Gender.Unspecified, null,
            ImpulseSource.Unspecified, false, new DateOnly(1980, 5, 17), null);

        var error = Assert.Throws<ValidationFailedException>(() => Referral.Create(empty, Today));

        Assert.Equal(
            ["benefit_types", "effective_date", "fk_office_id", "impulse_source", "sick_case_id", "sick_case_start_date"],
            Fields(error));
    }

    [Theory]
    [InlineData(BenefitType.Unspecified)]
    [InlineData((BenefitType)99)]
    public void Every_benefit_type_must_be_a_known_choice(BenefitType bad)
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            Referral.Create(NewReferral() with { BenefitTypes = [BenefitType.SicknessBenefit, bad] }, Today));

        Assert.Equal(["benefit_types"], Fields(error));
    }

    [Fact]
    public void An_unknown_gender_is_refused_but_unspecified_is_allowed()
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            Referral.Create(NewReferral() with { Gender = (Gender)7 }, Today));
        var unspecified = Referral.Create(NewReferral() with { Gender = Gender.Unspecified }, Today);

        Assert.Equal(["gender"], Fields(error));
        Assert.Equal(Gender.Unspecified, unspecified.State.Gender);
    }

    [Fact]
    public void Every_command_needs_its_effective_date()
    {
        var preparing = In(ReferralState.Preparing).State;

        var errors = new[]
        {
            Assert.Throws<ValidationFailedException>(() => Opened().State.AssessCooperationRelevance(null, Today)),
            Assert.Throws<ValidationFailedException>(() => preparing.RequestConsent(null, Today)),
            Assert.Throws<ValidationFailedException>(() => In(ReferralState.ReadyToSend).State.SendRequest(null, Today)),
            Assert.Throws<ValidationFailedException>(() => In(ReferralState.Sent).State.ReceiveRequest(null, Today)),
        };

        Assert.All(errors, e => Assert.Equal(["effective_date"], Fields(e)));
    }

    [Fact]
    public void Booking_needs_the_meeting_time_and_the_AF_office_and_officer()
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            In(ReferralState.Received).State.BookJointAssessment(null, null, "", " ", Today));

        Assert.Equal(["af_office_id", "af_officer_id", "effective_date", "meeting_at"], Fields(error));
    }

    [Theory]
    [InlineData(ConsentState.Unspecified, Channel.InPerson, "decision")]
    [InlineData(ConsentState.Requested, Channel.InPerson, "decision")]
    [InlineData(ConsentState.NotRequested, Channel.InPerson, "decision")]
    [InlineData(ConsentState.Given, Channel.Unspecified, "channel")]
    public void A_consent_decision_is_given_refused_or_withdrawn_through_a_channel(
        ConsentState decision, Channel channel, string field)
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            In(ReferralState.AwaitingConsent).State.RecordConsentDecision(Today, decision, channel, Today));

        Assert.Equal([field], Fields(error));
    }

    [Fact]
    public void A_preparatory_contact_needs_its_type()
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            In(ReferralState.Preparing).State.RecordPreparatoryContact(Today, PreparatoryContactType.Unspecified, Today));

        Assert.Equal(["contact_type"], Fields(error));
    }

    [Fact]
    public void A_withdrawal_needs_a_reason()
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            In(ReferralState.Preparing).State.Withdraw(null, WithdrawalReason.Unspecified, false, Channel.Unspecified, Today));

        Assert.Equal(["effective_date", "reason"], Fields(error));
    }
}
