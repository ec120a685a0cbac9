using Rehab.BuildingBlocks.Domain;
using Xunit;

namespace Rehab.JointAssessment.Tests.Domain;

using Rehab.JointAssessment.Domain;
using static Round;

/// <summary>Both methods from booking to an agreed plan, and the other two ways a round ends (DOMAIN §3b).</summary>
[Trait("Tier", "Fast")]
public sealed class JointAssessmentLifecycleTests
{
    [Fact]
    public void A_booking_after_the_cut_over_opens_a_revised_round_whose_first_meeting_is_the_information_meeting()
    {
        var round = Opened().State;

        Assert.Equal(ProcessVersion.Revised2023, round.ProcessVersion);
        Assert.Equal(JointAssessmentState.Scheduled, round.State);
        var first = Assert.Single(round.Meetings);
        Assert.Equal(("m1", MeetingType.JaInformation, MeetingStatus.Scheduled, MeetingAt), (first.MeetingId, first.MeetingType, first.Status, first.MeetingAt));
        Assert.Equal(ConsentState.Given, round.ConsentState);
        Assert.Equal(Booked, round.RequestReceivedDate);
        Assert.Equal(["referral:ref-1", "round:sick-1:1"], round.UniqueKeys);
    }

    [Fact]
    public void A_booking_before_the_cut_over_opens_a_pre_2023_round_with_a_joint_assessment_meeting()
    {
        var round = Opened(Pre2023).State;

        Assert.Equal(ProcessVersion.Pre2023, round.ProcessVersion);
        Assert.Equal(MeetingType.JaLegacy, Assert.Single(round.Meetings).MeetingType);
    }

    [Fact]
    public void A_booking_on_the_cut_over_day_follows_the_revised_method()
    {
        var change = JointAssessment.OpenRound(Booking(booked: new DateOnly(2023, 10, 1)), Revised);
        Assert.Equal(ProcessVersion.Revised2023, change.State.ProcessVersion);
        Assert.Equal(ProcessVersion.Pre2023,
            JointAssessment.OpenRound(Booking(booked: new DateOnly(2023, 9, 30)), Revised).State.ProcessVersion);
    }

    [Fact]
    public void Revised2023_goes_information_meeting_then_planning_meeting_then_plan()
    {
        var informed = Informed();
        Assert.Equal(JointAssessmentState.Informed, informed.State.State);
        Assert.Equal(FirstMeeting, informed.State.FirstMeetingDate);

        var planning = informed.Then(r => r.ScheduleMeeting(FirstMeeting, MeetingType.JaPlanning, PlanningAt, Today));
        Assert.Equal(JointAssessmentState.Planning, planning.State.State);

        var agreed = PlanAgreed();
        Assert.Equal((JointAssessmentState.Concluded, Conclusion.PlanAgreed), (agreed.State.State, agreed.State.Conclusion));
        Assert.Equal(FirstMeeting, agreed.State.FirstMeetingDate);
        Assert.Collection(agreed.Events.TakeLast(2),
            e => Assert.Equal(FirstOrientation.WorkOriented, Assert.IsType<RehabilitationPlanEstablished>(e).FirstOrientation),
            e => Assert.Equal(Conclusion.PlanAgreed, Assert.IsType<JointAssessmentConcluded>(e).Conclusion));
        Assert.Equal(1, agreed.State.Plan!.PlanVersion);
        Assert.Equal(Goals, agreed.State.Plan.Goals);
    }

    [Fact]
    public void Pre2023_agrees_the_plan_after_a_joint_assessment_meeting()
    {
        var agreed = WithAssessment(Opened(Pre2023).Then(r => r.RecordMeetingHeld(FirstMeeting, "m1", MeetingMode.Phone, Core, Today)))
            .Then(r => r.EstablishPlan(Assessed, Goals, FirstOrientation.WorkPreparatory, Pre2023, Today));

        Assert.Equal(Conclusion.PlanAgreed, agreed.State.Conclusion);
        Assert.Contains(agreed.Events, e => e is MeetingHeld);
    }

    [Fact]
    public void A_revised_round_cannot_agree_a_plan_before_any_meeting_is_held()
    {
        var error = Assert.Throws<WrongStateException>(() =>
            Opened().State.EstablishPlan(Assessed, Goals, FirstOrientation.WorkPreparatory, Revised, Today));

        Assert.Equal(JointAssessment.TransitionRule, error.Rule);
        Assert.Contains("information meeting must have been held", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Meetings_can_be_rescheduled_cancelled_and_replaced_and_a_no_show_is_recorded()
    {
        var later = MeetingAt.AddDays(2);
        var journey = Opened()
            .Then(r => r.RescheduleMeeting(Booked.AddDays(1), "m1", later, Today))
            .Then(r => r.CancelMeeting(Booked.AddDays(2), "m1", CancellationReason.ChildIll, Participant.Individual, Today))
            .Then(r => r.ScheduleMeeting(Booked.AddDays(2), MeetingType.JaInformation, later.AddDays(1), Today))
            .Then(r => r.RecordMeetingNoShow(FirstMeeting, "m2", Today))
            .Then(r => r.ScheduleMeeting(FirstMeeting, MeetingType.JaInformation, later.AddDays(3), Today));

        Assert.Equal(JointAssessmentState.Scheduled, journey.State.State);
        Assert.Equal([MeetingStatus.Cancelled, MeetingStatus.NoShow, MeetingStatus.Scheduled], journey.State.Meetings.Select(m => m.Status));
        var cancelled = journey.State.Meetings[0];
        Assert.Equal((later, CancellationReason.ChildIll, Participant.Individual), (cancelled.MeetingAt, cancelled.CancellationReason, cancelled.CancelledBy));
        Assert.Null(journey.State.FirstMeetingDate);
    }

    [Fact]
    public void Only_one_meeting_is_scheduled_at_a_time_and_a_revised_round_only_schedules_its_own_meeting_types()
    {
        var opened = Opened().State;
        Assert.Equal(JointAssessment.MeetingRule, Assert.Throws<WrongStateException>(() =>
            opened.ScheduleMeeting(Booked, MeetingType.JaInformation, MeetingAt, Today)).Rule);
        Assert.Equal(JointAssessment.ProcessVersionRule, Assert.Throws<WrongStateException>(() =>
            Informed().State.ScheduleMeeting(FirstMeeting, MeetingType.JaLegacy, PlanningAt, Today)).Rule);
        Assert.Equal(JointAssessment.ProcessVersionRule, Assert.Throws<WrongStateException>(() =>
            Opened(Pre2023).State.CancelMeeting(Booked, "m1", CancellationReason.Other, Participant.AfOfficer, Today)
                .State.ScheduleMeeting(Booked, MeetingType.JaInformation, MeetingAt, Today)).Rule);
    }

    [Fact]
    public void A_plan_revision_records_what_changed_and_counts_the_version()
    {
        var agreed = PlanAgreed();
        var newGoals = new[] { new Goal("Studies towards a new occupation", ["Preparatory course"]) };

        var revised = agreed.Then(r => r.RevisePlan(Today, newGoals, FirstOrientation.Unspecified, Revised, Today));

        var e = Assert.IsType<RehabilitationPlanRevised>(Assert.Single(revised.Events.Skip(agreed.Events.Count)));
        Assert.Equal(["goals"], e.ChangedFields);
        Assert.Equal(2, revised.State.Plan!.PlanVersion);
        Assert.Equal(FirstOrientation.WorkOriented, revised.State.Plan.FirstOrientation);
        Assert.Equal(Today, revised.State.Plan.RevisedDate);

        var again = revised.Then(r => r.RevisePlan(Today, [], FirstOrientation.WorkPreparatory, Revised, Today));
        Assert.Equal(["first_orientation"], Assert.IsType<RehabilitationPlanRevised>(again.Events[^1]).ChangedFields);
        Assert.Equal(3, again.State.Plan!.PlanVersion);

        Assert.Throws<ValidationFailedException>(() => again.State.RevisePlan(Today, newGoals, FirstOrientation.WorkPreparatory, Revised, Today));
        Assert.Equal(JointAssessment.TransitionRule, Assert.Throws<WrongStateException>(() =>
            Informed().State.RevisePlan(Today, newGoals, FirstOrientation.Unspecified, Revised, Today)).Rule);
    }

    [Fact]
    public void A_decision_not_to_proceed_needs_reasons_and_where_the_person_is_referred_and_ends_the_round()
    {
        var informed = Informed().State;
        var missing = Assert.Throws<ValidationFailedException>(() => informed.DecideNotToProceed(Assessed, [], null, Today));
        Assert.Equal("reasons", Assert.Single(missing.Violations).Field);
        var noDestination = Assert.Throws<ValidationFailedException>(() =>
            informed.DecideNotToProceed(Assessed, [NotProceedingReason.ReferredHealthcare], " ", Today));
        Assert.Equal("referred_to", Assert.Single(noDestination.Violations).Field);

        var change = informed.DecideNotToProceed(
            Assessed, [NotProceedingReason.NotReadyForRehabilitation, NotProceedingReason.ReferredHealthcare], "Vårdcentralen Kungsholmen", Today);

        Assert.Equal((JointAssessmentState.Concluded, Conclusion.NotProceeding), (change.State.State, change.State.Conclusion));
        Assert.Equal("Vårdcentralen Kungsholmen", change.State.NotProceeding!.ReferredTo);
        Assert.IsType<JointAssessmentConcluded>(change.Events[^1]);
        Assert.Equal(JointAssessment.TransitionRule, Assert.Throws<WrongStateException>(() =>
            change.State.ScheduleMeeting(Today, MeetingType.JaPlanning, PlanningAt, Today)).Rule);
    }

    [Fact]
    public void The_individuals_decline_is_recorded_on_their_behalf_and_ends_the_round()
    {
        var change = Opened().State.RecordDecline(Booked.AddDays(2), validReason: true, Channel.Phone, Today);

        Assert.Equal(Conclusion.Declined, change.State.Conclusion);
        Assert.Equal(new Decline(true, Channel.Phone, Booked.AddDays(2)), change.State.Decline);
        Assert.Equal(JointAssessment.TransitionRule, Assert.Throws<WrongStateException>(() =>
            change.State.RecordDecline(Today, false, Channel.Phone, Today)).Rule);
    }
}
