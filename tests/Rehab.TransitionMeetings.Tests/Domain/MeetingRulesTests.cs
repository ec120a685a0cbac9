using Rehab.BuildingBlocks.Domain;
using Rehab.TransitionMeetings.Domain;
using Xunit;

namespace Rehab.TransitionMeetings.Tests.Domain;

/// <summary>The guards of DOMAIN §3d, §3e and D12 on the domain, each rejected with the rule it names.</summary>
[Trait("Tier", "Fast")]
public sealed class MeetingRulesTests
{
    private static readonly DateOnly Observed = new(2025, 5, 31);

    [Theory]
    [InlineData(90, Meeting.EarliestDayRule)]
    [InlineData(181, Meeting.RiskHorizonRule)]
    public void A_kontaktmote_is_assessed_only_from_chain_day_91_and_before_day_181(int dayOnAssessment, string rule)
    {
        // Day 80 on 31 May; the assessment date is chosen to give the chain day under test.
        var facts = Facts.Of(Facts.ChainDay(80, Observed));
        var error = Assert.Throws<WrongStateException>(() => MeetingJourney.AssessContactMeeting(Observed.AddDays(dayOnAssessment - 80), facts));
        Assert.Equal(rule, error.Rule);
        Assert.Contains($"gives day {dayOnAssessment}", error.Message, StringComparison.Ordinal);

        var eligible = MeetingJourney.AssessContactMeeting(Observed.AddDays(11), facts).State;
        Assert.Equal((MeetingState.Eligible, 91), (eligible.State, eligible.ChainDayAtEligibility));
    }

    [Fact]
    public void A_kontaktmote_needs_FKs_chain_day_and_FKs_assessment_of_the_risk()
    {
        Assert.Equal(Meeting.ChainDayUnknownRule,
            Assert.Throws<WrongStateException>(() => MeetingJourney.AssessContactMeeting(Observed, Facts.Of())).Rule);
        Assert.Equal(Meeting.RiskHorizonRule,
            Assert.Throws<WrongStateException>(() => MeetingJourney.AssessContactMeeting(Observed, Facts.Of(Facts.ChainDay(120, Observed)), risk: false)).Rule);
    }

    [Fact]
    public void A_correction_of_the_chain_day_that_counts_makes_an_offer_before_day_91_fail()
    {
        var meeting = MeetingJourney.AssessContactMeeting(Observed, Facts.Of(Facts.ChainDay(95, Observed))).State;
        // FK corrects the observation (a later recorded revision of the same record): it was day 85.
        var corrected = Facts.Of(Facts.ChainDay(95, Observed), Facts.ChainDay(85, Observed, revision: 1));

        var error = Assert.Throws<WrongStateException>(() => meeting.Offer(Observed.AddDays(2), null, corrected, TransitionRules.Default, MeetingJourney.Today));
        Assert.Equal(Meeting.EarliestDayRule, error.Rule);
        var offered = meeting.Offer(Observed.AddDays(6), null, corrected, TransitionRules.Default, MeetingJourney.Today).State;
        Assert.Equal(91, offered.ChainDayAtOffer);
    }

    [Fact]
    public void A_held_kontaktmote_says_when_day_180_falls_and_how_it_was_counted()
    {
        var facts = Facts.Of(Facts.ChainDay(120, new DateOnly(2025, 1, 30)));
        var meeting = MeetingJourney.AssessContactMeeting(new DateOnly(2025, 2, 1), facts).State
            .Offer(new DateOnly(2025, 2, 3), null, facts, TransitionRules.Default, MeetingJourney.Today).State;
        var held = meeting.RecordHeld(new DateOnly(2025, 2, 10), MeetingMode.Digital, MeetingJourney.Core, "af-office-1", facts, 1,
            TransitionRules.Default, MeetingJourney.Today);

        Assert.Equal(MeetingState.Completed, held.State.State);
        Assert.Equal(new DateOnly(2025, 3, 31), held.State.JobSearch!.UntilDate);
        Assert.Equal("day 180 = 2025-03-31 (chain day 120 on 2025-01-30 + 60 days)", held.State.JobSearch.Explanation);
        Assert.Equal(["MeetingAccepted", "MeetingHeld", "RetainedBenefitJobSearchStarted"], held.Events.Select(e => e.GetType().Name));
        Assert.True(held.State.Response!.Implied);
    }

    [Fact]
    public void An_omstallningsmote_is_never_triggered_for_a_refused_first_application_of_sickness_benefit()
    {
        var refusedFirst = Facts.Of(Facts.Refusal(BenefitType.SicknessBenefit, new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 1), firstApplication: true));
        var error = Assert.Throws<WrongStateException>(() => MeetingJourney.TriggeredTransitionMeeting(new DateOnly(2025, 3, 5), refusedFirst));
        Assert.Equal(Meeting.FirstApplicationRule, error.Rule);

        // A refused first application of another benefit, or a refusal of continued sickness benefit, does not stop it.
        var other = Facts.Of(
            Facts.Refusal(BenefitType.ActivityCompensation, new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 1), firstApplication: true),
            Facts.Refusal(BenefitType.SicknessBenefit, new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 1), record: "d-2"));
        Assert.Equal(MeetingState.Triggered, MeetingJourney.TriggeredTransitionMeeting(new DateOnly(2025, 3, 5), other).State);
    }

    [Fact]
    public void A_meeting_recorded_as_held_before_it_was_offered_or_before_it_is_offered_is_rejected()
    {
        var triggered = MeetingJourney.TriggeredTransitionMeeting(new DateOnly(2025, 3, 5));
        Assert.Equal(Meeting.TransitionRule, Assert.Throws<WrongStateException>(() =>
            triggered.RecordHeld(new DateOnly(2025, 3, 6), MeetingMode.Physical, MeetingJourney.Core, "af-1", Facts.Of(), 1, TransitionRules.Default, MeetingJourney.Today)).Rule);

        var offered = triggered.Offer(new DateOnly(2025, 3, 10), null, Facts.Of(), TransitionRules.Default, MeetingJourney.Today).State;
        var error = Assert.Throws<WrongStateException>(() =>
            offered.RecordHeld(new DateOnly(2025, 3, 9), MeetingMode.Physical, MeetingJourney.Core, "af-1", Facts.Of(), 1, TransitionRules.Default, MeetingJourney.Today));
        Assert.Equal(Chronology.Rule, error.Rule);
        Assert.Contains("offered_date 2025-03-10", error.Message, StringComparison.Ordinal);

        var accepted = offered.RecordResponse(new DateOnly(2025, 3, 12), Response.Accepted, Channel.Phone, MeetingJourney.Today).State;
        Assert.Equal(Chronology.Rule, Assert.Throws<WrongStateException>(() =>
            accepted.RecordHeld(new DateOnly(2025, 3, 11), MeetingMode.Physical, MeetingJourney.Core, "af-1", Facts.Of(), 1, TransitionRules.Default, MeetingJourney.Today)).Rule);
    }

    [Theory]
    // Last benefit day 31 May: deadline 25 June. Held 10 June; the Tabell 5 window is 90 days.
    [InlineData("2025-06-20", true, true)]
    [InlineData("2025-06-25", true, true)]
    [InlineData("2025-06-26", false, true)]
    [InlineData("2025-09-09", false, false)]
    public void The_registration_after_the_meeting_is_joined_from_the_facts_with_the_SGI_deadline_and_the_window(
        string registered, bool withinSgi, bool withinWindow)
    {
        var meeting = HeldTransitionMeeting(new DateOnly(2025, 6, 10));
        var facts = Facts.Of(
            Facts.Refusal(BenefitType.SicknessBenefit, new DateOnly(2025, 6, 12), new DateOnly(2025, 5, 31)),
            Facts.Registration(DateOnly.Parse(registered)));

        var joined = meeting.ObserveFacts(facts, 2, TransitionRules.Default).State;

        Assert.Equal(new DateOnly(2025, 6, 12), joined.Refusal!.DecisionDate);
        var outcome = joined.Registration!;
        Assert.True(outcome.RegisteredAfterMeeting);
        Assert.Equal((DateOnly.Parse(registered), new DateOnly(2025, 6, 25)), (outcome.RegistrationDate, outcome.SgiDeadlineDate));
        Assert.Equal((withinSgi, withinWindow), (outcome.RegisteredWithinSgiDeadline, outcome.RegisteredWithinNDays));
        Assert.Empty(joined.ObserveFacts(facts, 2, TransitionRules.Default).Events);
    }

    [Fact]
    public void A_registration_before_the_meeting_is_not_a_registration_after_it()
    {
        var meeting = HeldTransitionMeeting(new DateOnly(2025, 6, 10));
        var joined = meeting.ObserveFacts(Facts.Of(Facts.Registration(new DateOnly(2025, 6, 9))), 2, TransitionRules.Default).State;
        Assert.False(joined.Registration!.RegisteredAfterMeeting);
        Assert.Null(joined.Registration.SgiDeadlineDate);
    }

    [Fact]
    public void Registration_support_is_an_omstallningsmote_step_after_the_meeting_was_held()
    {
        var facts = Facts.Of(Facts.ChainDay(120, new DateOnly(2025, 1, 30)));
        var contact = MeetingJourney.AssessContactMeeting(new DateOnly(2025, 2, 1), facts).State;
        Assert.Equal(Meeting.MeetingTypeRule, Assert.Throws<WrongStateException>(() =>
            contact.OfferRegistrationSupport(new DateOnly(2025, 2, 1), "af-1", MeetingJourney.Today)).Rule);

        var offered = MeetingJourney.OfferedTransitionMeeting(new DateOnly(2025, 3, 1));
        Assert.Equal(Meeting.TransitionRule, Assert.Throws<WrongStateException>(() =>
            offered.OfferRegistrationSupport(new DateOnly(2025, 3, 2), "af-1", MeetingJourney.Today)).Rule);
    }

    [Fact]
    public void Replaying_the_events_gives_the_state_the_commands_produced()
    {
        var events = new List<IDomainEvent>();
        Meeting Step(Change<Meeting> change)
        {
            events.AddRange(change.Events);
            return change.State;
        }

        var facts = Facts.Of(Facts.Refusal(BenefitType.SicknessBenefit, new DateOnly(2025, 6, 12), new DateOnly(2025, 5, 31)),
            Facts.Registration(new DateOnly(2025, 6, 20)));
        var m = Step(Meeting.TriggerTransitionMeeting("m-1", 1,
            new NewTransitionMeeting(Facts.Person, Facts.SickCase, "fk-office-1", Gender.Woman, new DateOnly(2025, 6, 1),
                TransitionTrigger.SicknessBenefitRefusalConsidered), facts, 4, TransitionRules.Default, MeetingJourney.Today));
        m = Step(m.Offer(new DateOnly(2025, 6, 2), null, facts, TransitionRules.Default, MeetingJourney.Today));
        m = Step(m.RecordResponse(new DateOnly(2025, 6, 3), Response.Accepted, Channel.Letter, MeetingJourney.Today));
        m = Step(m.RecordHeld(new DateOnly(2025, 6, 10), MeetingMode.Physical, MeetingJourney.Core, "af-1", facts, 4, TransitionRules.Default, MeetingJourney.Today));
        m = Step(m.OfferRegistrationSupport(new DateOnly(2025, 6, 10), "af-1", MeetingJourney.Today));
        m = Step(m.RecordRegistrationSupportResponse(new DateOnly(2025, 6, 10), Response.Accepted, Channel.InPerson, MeetingJourney.Today));

        Assert.Equal(MeetingState.Completed, m.State);
        Assert.True(m.Registration!.RegisteredWithinSgiDeadline);
        Assert.Equal(m, Meeting.Replay(events));
    }

    private static Meeting HeldTransitionMeeting(DateOnly held) =>
        MeetingJourney.OfferedTransitionMeeting(held.AddDays(-5))
            .RecordHeld(held, MeetingMode.Physical, MeetingJourney.Core, "af-office-1", Facts.Of(), 1, TransitionRules.Default, MeetingJourney.Today).State;
}
