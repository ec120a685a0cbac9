using System.Text.Json;
using Rehab.BuildingBlocks.Domain;
using Xunit;

namespace Rehab.Referral.Tests.Domain;

using Rehab.Referral.Domain;
using static Scenario;

[Trait("Tier", "Fast")]
public sealed class ReferralLifecycleTests
{
    private static Journey HappyPathWithEmployer() =>
        Opened(hasEmployer: true)
            .Then(r => r.AssessCooperationRelevance(RelevanceAssessed, Today))
            .Then(r => r.RecordPreparatoryContact(ContactDate, PreparatoryContactType.PersonalMeeting, Today))
            .Then(r => r.RuleOutEmployerAdaptation(AdaptationRuledOut, Today))
            .Then(r => r.RequestConsent(ConsentRequestedOn, Today))
            .Then(r => r.RecordPreparatoryContact(ConsentRequestedOn, PreparatoryContactType.Sassam, Today))
            .Then(r => r.RecordConsentDecision(ConsentGivenOn, ConsentState.Given, Channel.InPerson, Today))
            .Then(r => r.SendRequest(Sent, Today))
            .Then(r => r.ReceiveRequest(Received, Today))
            .Then(r => r.BookJointAssessment(Booked, MeetingAt, "af-office-7", "af-officer-3", Today));

    [Fact]
    public void A_referral_goes_from_identified_need_to_converted_when_AF_books_the_first_meeting()
    {
        var journey = HappyPathWithEmployer();
        var referral = journey.State;

        Assert.Equal(
            [
                typeof(RehabilitationNeedIdentified), typeof(CooperationRelevanceAssessed), typeof(PreparatoryContactRecorded),
                typeof(EmployerAdaptationRuledOut), typeof(ConsentRequested), typeof(PreparatoryContactRecorded),
                typeof(ConsentGiven), typeof(JointAssessmentRequested), typeof(JointAssessmentRequestReceived),
                typeof(JointAssessmentBooked),
            ],
            journey.Events.Select(e => e.GetType()));
        Assert.Equal(ReferralState.Converted, referral.State);
        Assert.Equal(new Booking(MeetingAt, "af-office-7", "af-officer-3", Booked), referral.Booking);
        Assert.Equal(Booked, referral.ClosedDate);
        Assert.Equal(NeedIdentified, referral.NeedIdentifiedDate);
        Assert.Equal(RelevanceAssessed, referral.RelevanceAssessedDate);
        Assert.Equal(AdaptationRuledOut, referral.EmployerAdaptationRuledOutDate);
        Assert.Equal(Sent, referral.RequestSentDate);
        Assert.Equal(Received, referral.RequestReceivedDate);
        Assert.Equal(
            [
                new PreparatoryContact(PreparatoryContactType.PersonalMeeting, ContactDate),
                new PreparatoryContact(PreparatoryContactType.Sassam, ConsentRequestedOn),
            ],
            referral.PreparatoryContacts);
        Assert.Equal(
            new Consent
            {
                State = ConsentState.Given,
                ConsentRequestedDate = ConsentRequestedOn,
                ConsentGivenDate = ConsentGivenOn,
                Channel = Channel.InPerson,
            },
            referral.Consent);
        var booked = Assert.IsType<JointAssessmentBooked>(journey.Events[^1]);
        Assert.Equal(ConsentState.Given, booked.ConsentState);
        Assert.Equal(Booked, booked.EffectiveDate);
    }

    [Fact]
    public void Every_event_carries_the_effective_date_of_the_fact_it_records()
    {
        var dates = HappyPathWithEmployer().Events.Select(e => e.EffectiveDate);

        Assert.Equal(
            [NeedIdentified, RelevanceAssessed, ContactDate, AdaptationRuledOut, ConsentRequestedOn, ConsentRequestedOn,
                ConsentGivenOn, Sent, Received, Booked],
            dates);
    }

    [Fact]
    public void Replaying_the_emitted_events_rebuilds_the_state_the_commands_produced()
    {
        var journey = HappyPathWithEmployer();

        Assert.Equal(journey.State, Referral.Replay(journey.Events));
        Assert.NotEqual(journey.State, Referral.Replay(journey.Events.Where(e => e is not PreparatoryContactRecorded
            { ContactType: PreparatoryContactType.Sassam })));
    }

    [Theory]
    [MemberData(nameof(States))]
    public void Replay_rebuilds_every_reachable_state(ReferralState state)
    {
        var journey = In(state);

        Assert.Equal(state, journey.State.State);
        Assert.Equal(journey.State, Referral.Replay(journey.Events));
    }

    [Theory]
    [MemberData(nameof(States))]
    public void The_state_survives_a_json_round_trip(ReferralState state)
    {
        var referral = In(state).State;

        var json = JsonSerializer.Serialize(referral);
        var restored = JsonSerializer.Deserialize<Referral>(json);

        Assert.Equal(referral, restored);
        Assert.DoesNotContain("UniqueKeys", json, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(States))]
    public void An_open_referral_holds_the_one_open_referral_key_of_its_person_and_sick_case(ReferralState state)
    {
        var referral = In(state).State;

        if (referral.IsTerminal)
            Assert.Empty(referral.UniqueKeys);
        else
            Assert.Equal(["open-referral:person-1:sick-1"], referral.UniqueKeys);
    }

    [Fact]
    public void Converted_consent_refused_withdrawn_and_rejected_are_the_terminal_states()
    {
        var terminal = AllStates.Where(s => In(s).State.IsTerminal);

        Assert.Equal(
            [ReferralState.Converted, ReferralState.ConsentRefused, ReferralState.Withdrawn, ReferralState.Rejected],
            terminal);
    }

    [Fact]
    public void Creating_opens_the_referral_with_every_fact_of_the_identified_need()
    {
        var change = Referral.Create(
            NewReferral() with { BenefitTypes = [BenefitType.ActivityCompensation, BenefitType.NoSgi, BenefitType.NoSgi] },
            Today);

        var referral = change.State;
        Assert.Equal(ReferralState.NeedIdentified, referral.State);
        Assert.Equal(("ref-1", "person-1", "sick-1", "fk-office-1"),
            (referral.ReferralId, referral.PersonId, referral.SickCaseId, referral.FkOfficeId));
        Assert.Equal([BenefitType.ActivityCompensation, BenefitType.NoSgi], referral.BenefitTypes);
        Assert.Equal(SickCaseStart, referral.SickCaseStartDate);
        Assert.Equal(ImpulseSource.CertifyingPhysician, referral.ImpulseSource);
        Assert.Equal(ConsentState.NotRequested, referral.Consent.State);
        Assert.Null(referral.ClosedDate);
        var identified = Assert.IsType<RehabilitationNeedIdentified>(Assert.Single(change.Events));
        Assert.Equal(new DateOnly(1980, 5, 17), identified.BirthDate);
    }

    [Fact]
    public void Apply_refuses_an_event_of_another_context_and_a_second_opening()
    {
        var referral = In(ReferralState.Preparing).State;
        var opening = Opened().Events[0];

        Assert.Throws<ArgumentException>(() => referral.Apply(new ForeignEvent(Today)));
        Assert.Throws<InvalidOperationException>(() => referral.Apply(opening));
    }

    public static TheoryData<ReferralState> States() => new(AllStates);

    private sealed record ForeignEvent(DateOnly EffectiveDate) : IDomainEvent;
}
