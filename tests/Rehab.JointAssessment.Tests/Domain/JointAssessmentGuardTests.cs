using Rehab.BuildingBlocks.Domain;
using Xunit;

namespace Rehab.JointAssessment.Tests.Domain;

using Rehab.JointAssessment.Domain;
using static Round;

/// <summary>The guards of issue 5's acceptance: consent (D6), the plan's prerequisites (§9.5), T6, and chronology (§9.1).</summary>
[Trait("Tier", "Fast")]
public sealed class JointAssessmentGuardTests
{
    [Fact]
    public void A_plan_without_the_activity_level_is_rejected_naming_the_rule()
    {
        var planning = PlanningHeld().Then(r => r.RecordLabourMarketAssessment(Assessed, "Fatigue", "Part-time start", Today));

        var error = Assert.Throws<WrongStateException>(() =>
            planning.State.EstablishPlan(PlanningMeeting, Goals, FirstOrientation.WorkPreparatory, Revised, Today));

        Assert.Equal("joint_assessment.activity_level", error.Rule);
    }

    [Fact]
    public void A_plan_without_AFs_labour_market_assessment_is_rejected_naming_the_rule()
    {
        var planning = PlanningHeld().Then(r => r.AssessActivityLevel(Assessed, 15, Stability.Stable, Today));

        var error = Assert.Throws<WrongStateException>(() =>
            planning.State.EstablishPlan(PlanningMeeting, Goals, FirstOrientation.WorkPreparatory, Revised, Today));

        Assert.Equal("joint_assessment.labour_market_assessment", error.Rule);
    }

    [Theory]
    [InlineData(9.5, false)]
    [InlineData(10, true)]
    [InlineData(25, true)]
    public void A_work_oriented_plan_needs_the_T6_activity_level(double hours, bool allowed)
    {
        var assessed = WithAssessment(PlanningHeld(), hours).State;

        if (allowed)
        {
            Assert.Equal(Conclusion.PlanAgreed,
                assessed.EstablishPlan(PlanningMeeting, Goals, FirstOrientation.WorkOriented, Revised, Today).State.Conclusion);
        }
        else
        {
            var error = Assert.Throws<WrongStateException>(() =>
                assessed.EstablishPlan(PlanningMeeting, Goals, FirstOrientation.WorkOriented, Revised, Today));
            Assert.Equal("joint_assessment.work_oriented_threshold", error.Rule);
        }

        // Work-preparatory needs no threshold.
        Assert.Equal(Conclusion.PlanAgreed,
            assessed.EstablishPlan(PlanningMeeting, Goals, FirstOrientation.WorkPreparatory, Revised, Today).State.Conclusion);
    }

    [Fact]
    public void The_work_oriented_threshold_is_configurable_and_also_guards_revisions()
    {
        var assessed = WithAssessment(PlanningHeld(), hours: 12).State;
        var strict = Revised with { WorkOrientedMinimumHours = 15 };
        Assert.Throws<WrongStateException>(() => assessed.EstablishPlan(PlanningMeeting, Goals, FirstOrientation.WorkOriented, strict, Today));

        var preparatory = assessed.EstablishPlan(PlanningMeeting, Goals, FirstOrientation.WorkPreparatory, strict, Today).State;
        var error = Assert.Throws<WrongStateException>(() => preparatory.RevisePlan(Today, [], FirstOrientation.WorkOriented, strict, Today));
        Assert.Equal("joint_assessment.work_oriented_threshold", error.Rule);
    }

    [Fact]
    public void A_plan_needs_at_least_one_goal()
    {
        var assessed = WithAssessment(PlanningHeld()).State;

        var error = Assert.Throws<ValidationFailedException>(() =>
            assessed.EstablishPlan(PlanningMeeting, [], FirstOrientation.WorkPreparatory, Revised, Today));

        Assert.Contains(error.Violations, v => v.Field == "goals");
    }

    [Theory]
    [InlineData(ConsentState.Requested)]
    [InlineData(ConsentState.Withdrawn)]
    [InlineData(ConsentState.Refused)]
    public void A_meeting_cannot_be_held_without_consent_given(ConsentState consent)
    {
        var opened = Opened(consent: consent).State;

        var error = Assert.Throws<WrongStateException>(() => opened.RecordMeetingHeld(FirstMeeting, "m1", MeetingMode.Physical, Core, Today));

        Assert.Equal("joint_assessment.consent", error.Rule);
        // A no-show needs no consent.
        Assert.Equal(MeetingStatus.NoShow, opened.RecordMeetingNoShow(FirstMeeting, "m1", Today).State.Meetings[0].Status);
    }

    [Fact]
    public void Consent_given_after_the_booking_lets_the_meeting_be_held_but_not_before_the_consent_date()
    {
        var pending = Opened(consent: ConsentState.Requested).State;
        var consented = pending.RecordConsent(ConsentState.Given, FirstMeeting).State;

        Assert.Equal(MeetingStatus.Held, consented.RecordMeetingHeld(FirstMeeting, "m1", MeetingMode.Physical, Core, Today).State.Meetings[0].Status);
        var error = Assert.Throws<WrongStateException>(() =>
            consented.RecordMeetingHeld(FirstMeeting.AddDays(-1), "m1", MeetingMode.Physical, Core, Today));
        Assert.Equal("chronology", error.Rule);
        Assert.Contains("consent_given_date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_consent_projection_is_idempotent()
    {
        var given = Opened(consent: ConsentState.Requested).State.RecordConsent(ConsentState.Given, FirstMeeting).State;

        Assert.Empty(given.RecordConsent(ConsentState.Given, FirstMeeting).Events);
        Assert.Single(given.RecordConsent(ConsentState.Withdrawn, Today).Events);
    }

    [Theory]
    [InlineData(ConsentState.Withdrawn)]
    [InlineData(ConsentState.Refused)]
    public void A_consent_given_delivered_after_a_withdrawal_or_refusal_changes_nothing(ConsentState final)
    {
        // The referral context never gives consent again after either, so a later GIVEN is a stale or redelivered event
        // (several replicas, or Dapr's concurrent delivery, hand the referral's consent events over in any order).
        var requested = Opened(consent: ConsentState.Requested).State;
        var ended = final == ConsentState.Withdrawn
            ? requested.RecordConsent(ConsentState.Given, FirstMeeting).State.RecordConsent(final, Today).State
            : requested.RecordConsent(final, Today).State;

        var late = ended.RecordConsent(ConsentState.Given, FirstMeeting);

        Assert.Empty(late.Events);
        Assert.Equal(final, late.State.ConsentState);
    }

    [Fact]
    public void A_meeting_dated_before_the_request_was_received_is_rejected()
    {
        var opened = Opened().State;

        var held = Assert.Throws<WrongStateException>(() =>
            opened.RecordMeetingHeld(Booked.AddDays(-1), "m1", MeetingMode.Physical, Core, Today));
        Assert.Equal("chronology", held.Rule);
        Assert.Contains("request_received_date", held.Message, StringComparison.Ordinal);

        var cancelled = opened.CancelMeeting(Booked, "m1", CancellationReason.Other, Participant.FkCaseOfficer, Today).State;
        var scheduled = Assert.Throws<WrongStateException>(() =>
            cancelled.ScheduleMeeting(Booked, MeetingType.JaInformation, MeetingAt.AddDays(-30), Today));
        Assert.Equal("chronology", scheduled.Rule);
    }

    [Fact]
    public void A_held_meeting_or_no_show_cannot_lie_in_the_future()
    {
        var opened = Opened().State;

        Assert.Equal("chronology", Assert.Throws<WrongStateException>(() =>
            opened.RecordMeetingHeld(Today.AddDays(1), "m1", MeetingMode.Physical, Core, Today)).Rule);
        Assert.Equal("chronology", Assert.Throws<WrongStateException>(() =>
            opened.RecordMeetingNoShow(Today.AddDays(1), "m1", Today)).Rule);
    }

    [Fact]
    public void A_held_meeting_needs_the_individual_and_both_officers()
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            Opened().State.RecordMeetingHeld(FirstMeeting, "m1", MeetingMode.Physical, [Participant.Individual, Participant.FkCaseOfficer], Today));

        Assert.Equal("participants", Assert.Single(error.Violations).Field);
    }

    [Fact]
    public void AFs_assessment_and_the_activity_level_come_after_a_held_meeting()
    {
        var opened = Opened().State;

        Assert.Equal(JointAssessment.TransitionRule, Assert.Throws<WrongStateException>(() =>
            opened.RecordLabourMarketAssessment(Booked, "x", "y", Today)).Rule);
        Assert.Equal(JointAssessment.TransitionRule, Assert.Throws<WrongStateException>(() =>
            opened.AssessActivityLevel(Booked, 10, Stability.Stable, Today)).Rule);
        Assert.Equal("chronology", Assert.Throws<WrongStateException>(() =>
            Informed().State.AssessActivityLevel(FirstMeeting.AddDays(-1), 10, Stability.Stable, Today)).Rule);
    }

    [Fact]
    public void A_held_or_cancelled_meeting_cannot_be_held_again()
    {
        var informed = Informed().State;

        var error = Assert.Throws<WrongStateException>(() => informed.RecordMeetingHeld(FirstMeeting, "m1", MeetingMode.Physical, Core, Today));
        Assert.Equal(JointAssessment.MeetingRule, error.Rule);
        Assert.Equal("meeting_id", Assert.Single(Assert.Throws<ValidationFailedException>(() =>
            informed.RecordMeetingNoShow(FirstMeeting, "m9", Today)).Violations).Field);
    }
}
