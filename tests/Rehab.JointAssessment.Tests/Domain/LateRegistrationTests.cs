using Rehab.BuildingBlocks.Domain;
using Xunit;

namespace Rehab.JointAssessment.Tests.Domain;

using Rehab.JointAssessment.Domain;
using static Round;

/// <summary>
/// D5 and §9.1: facts are recorded late and out of order. A recorded outcome implies the steps before it, which are recorded
/// as implied, never skipped; dates against the §9.1 order are rejected naming the rule unless an officer overrides with a reason.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class LateRegistrationTests
{
    private static readonly DateOnly Received = Booked.AddDays(-5);

    [Fact]
    public void A_planning_meeting_held_without_a_recorded_information_meeting_implies_it_on_its_booked_date()
    {
        var change = Opened().State.RecordMeetingHeld(PlanningMeeting, "", MeetingMode.Physical, Core, Today, MeetingType.JaPlanning);

        Assert.Collection(change.Events,
            e => Assert.Equal((true, "m1", FirstMeeting), (Assert.IsType<MeetingHeld>(e).Implied, ((MeetingHeld)e).MeetingId, e.EffectiveDate)),
            e => Assert.Equal((true, MeetingType.JaPlanning), (Assert.IsType<MeetingScheduled>(e).Implied, ((MeetingScheduled)e).MeetingType)),
            e => Assert.Equal((false, "m2", PlanningMeeting), (Assert.IsType<MeetingHeld>(e).Implied, ((MeetingHeld)e).MeetingId, e.EffectiveDate)));
        var round = change.State;
        Assert.Equal(JointAssessmentState.Planning, round.State);
        Assert.Equal(FirstMeeting, round.FirstMeetingDate);
        Assert.True(round.Meetings[0].Implied);
        Assert.Equal(MeetingStatus.Held, round.Meetings[0].Status);
        Assert.Equal((MeetingStatus.Held, false), (round.Meetings[1].Status, round.Meetings[1].Implied));
    }

    [Fact]
    public void An_implied_information_meeting_booked_after_the_planning_meeting_takes_the_planning_meetings_date()
    {
        var early = FirstMeeting.AddDays(-1);
        var round = Opened().State.RecordMeetingHeld(early, "", MeetingMode.Digital, Core, Today, MeetingType.JaPlanning).State;

        Assert.Equal(early, round.Meetings[0].OccurredDate);
        Assert.Equal(early, round.FirstMeetingDate);
    }

    [Fact]
    public void A_plan_recorded_while_the_planning_meeting_is_not_implies_it_on_the_plans_date()
    {
        var informed = WithAssessment(Informed());
        var scheduled = informed.Then(r => r.ScheduleMeeting(Assessed, MeetingType.JaPlanning, PlanningAt, Today));

        foreach (var before in new[] { informed, scheduled })
        {
            var change = before.State.EstablishPlan(PlanningMeeting, Goals, FirstOrientation.WorkOriented, Revised, Today);

            var held = Assert.Single(change.Events.OfType<MeetingHeld>());
            Assert.True(held.Implied);
            Assert.Equal(PlanningMeeting, held.EffectiveDate);
            var planning = Assert.Single(change.State.Meetings, m => m.MeetingType == MeetingType.JaPlanning);
            Assert.Equal((MeetingStatus.Held, true), (planning.Status, planning.Implied));
            Assert.Equal(Conclusion.PlanAgreed, change.State.Conclusion);
        }

        // Scheduled here: the officer's own meeting is the one held, no second one is invented.
        Assert.DoesNotContain(
            scheduled.State.EstablishPlan(PlanningMeeting, Goals, FirstOrientation.WorkOriented, Revised, Today).Events, e => e is MeetingScheduled);
    }

    [Fact]
    public void An_implied_meeting_still_needs_consent()
    {
        var withdrawn = WithAssessment(Informed()).Then(r => r.RecordConsent(ConsentState.Withdrawn, Assessed));

        var error = Assert.Throws<WrongStateException>(() =>
            withdrawn.State.EstablishPlan(PlanningMeeting, Goals, FirstOrientation.WorkPreparatory, Revised, Today));

        Assert.Equal(JointAssessment.ConsentRule, error.Rule);
    }

    [Fact]
    public void An_unscheduled_meeting_is_refused_while_another_meeting_waits_to_be_recorded()
    {
        var error = Assert.Throws<WrongStateException>(() =>
            Opened(Pre2023).State.RecordMeetingHeld(FirstMeeting, "", MeetingMode.Physical, Core, Today, MeetingType.JaLegacy));
        Assert.Equal(JointAssessment.MeetingRule, error.Rule);

        var wrongMethod = Assert.Throws<WrongStateException>(() =>
            Opened(Pre2023).State.RecordMeetingHeld(FirstMeeting, "", MeetingMode.Physical, Core, Today, MeetingType.JaPlanning));
        Assert.Equal(JointAssessment.ProcessVersionRule, wrongMethod.Rule);
    }

    [Fact]
    public void A_meeting_dated_before_the_request_was_received_is_rejected_naming_the_rule()
    {
        var round = JointAssessment.OpenRound(Booking() with { RequestReceivedDate = Received, ConsentGivenDate = Received }, Revised).State;

        var error = Assert.Throws<WrongStateException>(() =>
            round.RecordMeetingHeld(Received.AddDays(-1), "m1", MeetingMode.Physical, Core, Today));

        Assert.Equal(Chronology.Rule, error.Rule);
        Assert.Contains("request_received_date 2025-02-26", error.Message, StringComparison.Ordinal);
        Assert.Contains("chronology_override_reason", error.Message, StringComparison.Ordinal);
        // The booking's received date, not the booked date, is the bound: a meeting between them is fine.
        Assert.Equal(Received.AddDays(1), round.RecordMeetingHeld(Received.AddDays(1), "m1", MeetingMode.Physical, Core, Today).State.FirstMeetingDate);
    }

    [Fact]
    public void A_meeting_before_consent_was_given_is_rejected_and_accepted_with_an_override_that_is_recorded()
    {
        var round = JointAssessment.OpenRound(Booking() with { RequestReceivedDate = Received, ConsentGivenDate = Booked }, Revised).State;

        var error = Assert.Throws<WrongStateException>(() => round.RecordMeetingHeld(Received, "m1", MeetingMode.Physical, Core, Today));
        Assert.Contains("consent_given_date", error.Message, StringComparison.Ordinal);

        var change = round.RecordMeetingHeld(Received, "m1", MeetingMode.Physical, Core, Today,
            chronologyOverrideReason: "  Consent was given orally at the meeting and registered later  ");
        var held = Assert.IsType<MeetingHeld>(Assert.Single(change.Events));
        var recorded = Assert.IsType<ChronologyOverride>(held.ChronologyOverride);
        Assert.Equal("Consent was given orally at the meeting and registered later", recorded.Reason);
        Assert.Equal(["meeting date 2025-02-26 is before consent_given_date 2025-03-03"], recorded.Violations);
        Assert.Equal(recorded, change.State.Meetings[0].ChronologyOverride);
    }

    [Fact]
    public void An_override_reason_is_not_recorded_when_no_rule_is_broken_and_a_future_date_is_never_overridable()
    {
        var held = Opened().State.RecordMeetingHeld(FirstMeeting, "m1", MeetingMode.Physical, Core, Today, chronologyOverrideReason: "just in case");
        Assert.Null(Assert.IsType<MeetingHeld>(Assert.Single(held.Events)).ChronologyOverride);

        var error = Assert.Throws<WrongStateException>(() =>
            Opened().State.RecordMeetingHeld(Today.AddDays(1), "m1", MeetingMode.Physical, Core, Today, chronologyOverrideReason: "typo"));
        Assert.Contains("after today", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_booking_without_a_received_date_falls_back_to_the_booked_date()
    {
        var round = Opened().State;

        Assert.Equal((Booked, Booked), (round.RequestReceivedDate, round.ConsentGivenDate));
        var withDates = JointAssessment.OpenRound(Booking() with { RequestReceivedDate = Received, ConsentGivenDate = Received.AddDays(1) }, Revised).State;
        Assert.Equal((Received, Received.AddDays(1)), (withDates.RequestReceivedDate, withDates.ConsentGivenDate));
    }
}
