using Rehab.BuildingBlocks.Domain;
using Xunit;

namespace Rehab.JointAssessment.Tests.Domain;

using Rehab.JointAssessment.Domain;
using static Round;

/// <summary>The plan's planned interventions (issue 5 item 5), cancelling a round (§3b), and who attends (§2 "RU if attending").</summary>
[Trait("Tier", "Fast")]
public sealed class PlanAndCancellationTests
{
    private static readonly PlannedIntervention Training = new(InterventionType.WorkTraining, FirstOrientation.WorkOriented, 10, 1);
    private static readonly PlannedIntervention Guidance = new(InterventionType.GuidanceConversation, FirstOrientation.WorkPreparatory, 2, 0);

    private static Journey Assessed(double hours = 12) => WithAssessment(PlanningHeld(), hours);

    [Fact]
    public void A_plan_lists_its_planned_interventions_and_a_revision_replaces_them_naming_what_changed()
    {
        var agreed = Assessed().Then(r => r.EstablishPlan(PlanningMeeting, Goals, FirstOrientation.WorkOriented, Revised, Today, [Training, Guidance]));
        Assert.Equal([Training, Guidance], agreed.State.Plan!.PlannedInterventions);
        Assert.Equal([Training, Guidance], Assert.IsType<RehabilitationPlanEstablished>(agreed.Events[^2]).PlannedInterventions);

        var revised = agreed.Then(r => r.RevisePlan(Today, [], FirstOrientation.Unspecified, Revised, Today, [Guidance]));
        var e = Assert.IsType<RehabilitationPlanRevised>(revised.Events[^1]);
        Assert.Equal(["planned_interventions"], e.ChangedFields);
        Assert.Equal([Guidance], revised.State.Plan!.PlannedInterventions);
        Assert.Equal(2, revised.State.Plan.PlanVersion);

        // Goals only: the interventions stay, and the event still carries the whole plan.
        var goalsOnly = revised.Then(r => r.RevisePlan(Today, [new Goal("Studies", []), new Goal("Work", [])], FirstOrientation.Unspecified, Revised, Today));
        Assert.Equal(["goals"], Assert.IsType<RehabilitationPlanRevised>(goalsOnly.Events[^1]).ChangedFields);
        Assert.Equal([Guidance], Assert.IsType<RehabilitationPlanRevised>(goalsOnly.Events[^1]).PlannedInterventions);

        var same = Assert.Throws<ValidationFailedException>(() =>
            goalsOnly.State.RevisePlan(Today, [], FirstOrientation.Unspecified, Revised, Today, [Guidance]));
        Assert.Contains("changes nothing", same.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_work_oriented_planned_intervention_needs_the_T6_activity_level()
    {
        var error = Assert.Throws<WrongStateException>(() =>
            Assessed(hours: 8).State.EstablishPlan(PlanningMeeting, Goals, FirstOrientation.WorkPreparatory, Revised, Today, [Training]));

        Assert.Equal(JointAssessment.WorkOrientedThresholdRule, error.Rule);
        Assert.Contains("planned intervention", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Planned_interventions_are_validated_field_by_field()
    {
        var error = Assert.Throws<ValidationFailedException>(() => Assessed().State.EstablishPlan(PlanningMeeting, Goals,
            FirstOrientation.WorkPreparatory, Revised, Today,
            [new PlannedIntervention(InterventionType.Unspecified, FirstOrientation.WorkPreparatory, 0, 2)]));

        Assert.Equal(
            ["planned_interventions[0].intervention_type", "planned_interventions[0].hours_per_week", "planned_interventions[0].goal_no"],
            error.Violations.Select(v => v.Field));
    }

    [Fact]
    public void Revised_goals_that_drop_a_linked_goal_need_the_interventions_sent_again()
    {
        var agreed = Assessed().Then(r => r.EstablishPlan(PlanningMeeting, [.. Goals, new Goal("Second", [])], FirstOrientation.WorkOriented,
            Revised, Today, [Training with { GoalNo = 2 }]));

        var error = Assert.Throws<ValidationFailedException>(() =>
            agreed.State.RevisePlan(Today, [new Goal("Only one", [])], FirstOrientation.Unspecified, Revised, Today));

        Assert.Equal("planned_interventions", Assert.Single(error.Violations).Field);
    }

    [Fact]
    public void Cancelling_a_round_records_reason_and_who_and_cancels_its_scheduled_meetings()
    {
        var planning = Informed().Then(r => r.ScheduleMeeting(FirstMeeting, MeetingType.JaPlanning, PlanningAt, Today));

        var cancelled = planning.Then(r => r.Cancel(Today, RoundCancellationReason.Other, Participant.Individual, " Moved abroad ", Today));

        var e = Assert.IsType<JointAssessmentCancelled>(cancelled.Events[^1]);
        Assert.Equal(["m2"], e.CancelledMeetingIds);
        Assert.Equal(JointAssessmentState.Cancelled, cancelled.State.State);
        Assert.Equal(new Cancellation(RoundCancellationReason.Other, Participant.Individual, "Moved abroad", Today), cancelled.State.Cancellation);
        Assert.Equal((MeetingStatus.Held, MeetingStatus.Cancelled), (cancelled.State.Meetings[0].Status, cancelled.State.Meetings[1].Status));

        var again = Assert.Throws<WrongStateException>(() =>
            cancelled.State.Cancel(Today, RoundCancellationReason.Duplicate, Participant.AfOfficer, null, Today));
        Assert.Equal(JointAssessment.TransitionRule, again.Rule);
        Assert.Throws<WrongStateException>(() => cancelled.State.ScheduleMeeting(Today, MeetingType.JaPlanning, PlanningAt, Today));
    }

    [Fact]
    public void Cancelling_needs_a_reason_a_note_with_other_and_a_party_that_can_cancel()
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            Opened().State.Cancel(Today, RoundCancellationReason.Other, Participant.Healthcare, "", Today));

        Assert.Equal(["cancelled_by", "note"], error.Violations.Select(v => v.Field));
        Assert.Throws<WrongStateException>(() =>
            PlanAgreed().State.Cancel(Today, RoundCancellationReason.Duplicate, Participant.FkCaseOfficer, null, Today));
    }

    [Fact]
    public void An_AF_specialist_attends_a_round_through_a_meeting_that_lists_them_until_it_is_cancelled()
    {
        var invited = Informed().Then(r => r.ScheduleMeeting(FirstMeeting, MeetingType.JaPlanning, PlanningAt, Today, [" af-specialist-1 "]));
        Assert.True(invited.State.IsAttendedBy("af-specialist-1"));
        Assert.False(invited.State.IsAttendedBy("af-specialist-2"));
        Assert.False(Informed().State.IsAttendedBy("af-specialist-1"));

        var cancelled = invited.Then(r => r.CancelMeeting(Today, "m2", CancellationReason.Other, Participant.AfOfficer, Today));
        Assert.False(cancelled.State.IsAttendedBy("af-specialist-1"));

        var error = Assert.Throws<ValidationFailedException>(() =>
            Opened().State.RecordMeetingHeld(FirstMeeting, "m1", MeetingMode.Physical, Core, Today, afSpecialistIds: ["af-specialist-1"]));
        Assert.Equal("af_specialist_ids", Assert.Single(error.Violations).Field);
        Assert.True(Opened().State.RecordMeetingHeld(FirstMeeting, "m1", MeetingMode.Physical, [.. Core, Participant.AfSpecialist], Today,
            afSpecialistIds: ["af-specialist-1"]).State.IsAttendedBy("af-specialist-1"));
    }
}
