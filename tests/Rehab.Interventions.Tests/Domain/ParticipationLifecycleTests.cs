using Rehab.BuildingBlocks.Domain;
using Rehab.Interventions.Domain;
using Xunit;
using static Rehab.Interventions.Tests.Domain.Journey;

namespace Rehab.Interventions.Tests.Domain;

[Trait("Tier", "Fast")]
public sealed class ParticipationLifecycleTests
{
    [Fact]
    public void The_plan_opens_a_planned_participation_with_the_rounds_offices_and_the_plan_goals()
    {
        var change = Participation.Open("p-1", Round(), Plan());

        var p = change.State;
        Assert.Equal((ParticipationState.Planned, "fk-office-1", "af-office-1", "person-1"), (p.State, p.FkOfficeId, p.AfOfficeId, p.PersonId));
        Assert.Equal((1, 2, Day(-60)), (p.Plan.PlanVersion, p.Plan.Goals.Count, p.PlannedDate));
        Assert.IsType<ParticipationPlanned>(Assert.Single(change.Events));
        Assert.Equal([Participation.RoundKey("ja-1"), Participation.ReferralKey("ref-1")], p.UniqueKeys);
    }

    [Fact]
    public void A_plan_event_without_a_person_cannot_open_a_participation()
    {
        var e = Assert.Throws<ValidationFailedException>(() => Participation.Open("p-1", Round() with { PersonId = "" }, Plan()));
        Assert.Contains(e.Violations, v => v.Field == "person_id");
    }

    [Fact]
    public void AF_records_the_start_with_the_insured_hours_and_the_first_follow_up_is_scheduled_when_an_interval_is_configured()
    {
        var change = Planned().Start(Day(-50), 40, Rules, Today);

        Assert.Equal((ParticipationState.Active, Day(-50), 40.0), (change.State.State, change.State.StartDate, change.State.InsuredHoursPerWeek));
        Assert.Equal([typeof(ParticipationStarted), typeof(FollowUpScheduled)], change.Events.Select(e => e.GetType()));
        Assert.Equal(Day(-50 + 42), ((FollowUpScheduled)change.Events[1]).DueDate);
        Assert.Equal(Day(-8), change.State.NextFollowUpDueDate);
    }

    [Fact]
    public void Without_a_configured_interval_no_follow_up_is_scheduled()
    {
        var change = Planned().Start(Day(-50), 40, InterventionsRules.Default, Today);
        Assert.IsType<ParticipationStarted>(Assert.Single(change.Events));
        Assert.Null(change.State.NextFollowUpDueDate);
    }

    [Theory]
    [InlineData(-61, "chronology")]
    [InlineData(1, "chronology")]
    public void The_start_lies_between_the_plan_and_today(int day, string rule)
    {
        var e = Assert.Throws<WrongStateException>(() => Planned().Start(Day(day), 40, Rules, Today));
        Assert.Equal(rule, e.Rule);
    }

    [Fact]
    public void The_start_needs_the_insured_hours_and_happens_once()
    {
        Assert.Contains(Assert.Throws<ValidationFailedException>(() => Planned().Start(Day(-50), 0, Rules, Today)).Violations,
            v => v.Field == "insured_hours_per_week");
        Assert.Equal(Participation.TransitionRule, Assert.Throws<WrongStateException>(() => Active().Start(Day(-40), 40, Rules, Today)).Rule);
    }

    [Fact]
    public void An_intervention_goes_decided_ongoing_ended_and_the_events_say_so()
    {
        var p = Active();
        p = p.DecideIntervention(Day(-46), Procured(), Rules, Today).State;
        var i = Assert.Single(p.Interventions);
        Assert.Equal((InterventionState.Decided, "provider-1", Day(-45)), (i.State, i.ProviderId, i.PlannedStartDate));
        p = p.StartIntervention(Day(-44), "i1", Today).State;
        Assert.Equal(InterventionState.Ongoing, p.Interventions[0].State);
        var ended = p.EndIntervention(Day(-20), "i1", InterventionEndReason.Replaced, Today);
        Assert.Equal((InterventionState.Ended, InterventionEndReason.Replaced, Day(-20)),
            (ended.State.Interventions[0].State, ended.State.Interventions[0].EndReason, ended.State.Interventions[0].EndDate));
        Assert.IsType<InterventionEnded>(Assert.Single(ended.Events));
    }

    [Fact]
    public void A_decided_intervention_can_be_cancelled_but_an_ongoing_one_must_end()
    {
        var decided = Active().DecideIntervention(Day(-46), Own(), Rules, Today).State;
        Assert.Equal(InterventionState.Cancelled, decided.CancelIntervention(Day(-40), "i1", Today).State.Interventions[0].State);
        var ongoing = decided.StartIntervention(Day(-44), "i1", Today).State;
        Assert.Equal(Participation.InterventionTransitionRule,
            Assert.Throws<WrongStateException>(() => ongoing.CancelIntervention(Day(-40), "i1", Today)).Rule);
        Assert.Equal(Participation.InterventionTransitionRule,
            Assert.Throws<WrongStateException>(() => decided.EndIntervention(Day(-40), "i1", InterventionEndReason.Completed, Today)).Rule);
    }

    [Fact]
    public void Specialist_contacts_are_their_own_entries()
    {
        var change = Active().RecordSpecialistContact(Day(-30), SpecialistType.Psychologist, Today);
        var contact = Assert.Single(change.State.SpecialistContacts);
        Assert.Equal(("s1", SpecialistType.Psychologist, Day(-30)), (contact.SpecialistContactId, contact.SpecialistType, contact.ContactDate));
        Assert.Empty(change.State.Interventions);
    }

    [Fact]
    public void A_follow_up_checks_every_goal_records_whether_the_plan_must_be_revised_and_schedules_the_next()
    {
        var p = Active();
        var change = p.RecordFollowUp(Day(-20), FollowUpMode.Digital, [FollowUpParticipant.Individual, FollowUpParticipant.AfOfficer],
            [new GoalCheck(1, GoalStatus.NotMet), new GoalCheck(0, GoalStatus.Met)], HealthChange.Deteriorated, true, Rules, Today);

        var followUp = Assert.Single(change.State.FollowUps);
        Assert.Equal([GoalStatus.Met, GoalStatus.NotMet], followUp.GoalChecks.Select(c => c.Status));
        Assert.True(followUp.PlanRevisionNeeded);
        Assert.Equal(1, followUp.PlanVersion);
        Assert.Equal(Day(22), change.State.NextFollowUpDueDate);
        Assert.Equal([typeof(FollowUpHeld), typeof(FollowUpScheduled)], change.Events.Select(e => e.GetType()));
    }

    [Fact]
    public void A_revised_plan_replaces_the_goals_the_follow_ups_check_and_an_old_version_changes_nothing()
    {
        var p = Active();
        var revised = p.UpdatePlan(2, [new PlanGoal("Only goal", [])], InterventionOrientation.Unspecified, Day(-30));
        Assert.Equal((2, 1, InterventionOrientation.WorkPreparatory), (revised.State.Plan.PlanVersion, revised.State.Plan.Goals.Count, revised.State.Plan.FirstOrientation));
        Assert.Empty(revised.State.UpdatePlan(2, [new PlanGoal("x", [])], InterventionOrientation.WorkOriented, Day(-29)).Events);

        var followUp = revised.State.RecordFollowUp(Day(-20), FollowUpMode.Phone, [FollowUpParticipant.Individual],
            [new GoalCheck(0, GoalStatus.Met)], HealthChange.Improved, false, Rules, Today);
        Assert.Equal(2, followUp.State.FollowUps[0].PlanVersion);
    }

    [Fact]
    public void Pause_and_resume_and_nothing_new_is_decided_while_on_hold()
    {
        var onHold = Active().Pause(Day(-30), Today).State;
        Assert.Equal((ParticipationState.OnHold, Day(-30)), (onHold.State, onHold.PausedDate));
        Assert.Equal(Participation.TransitionRule,
            Assert.Throws<WrongStateException>(() => onHold.DecideIntervention(Day(-29), Own(), Rules, Today)).Rule);
        Assert.Equal(Chronology.Rule, Assert.Throws<WrongStateException>(() => onHold.Resume(Day(-31), Today)).Rule);
        var resumed = onHold.Resume(Day(-25), Today).State;
        Assert.Equal((ParticipationState.Active, (DateOnly?)null), (resumed.State, resumed.PausedDate));
    }

    [Fact]
    public void The_closure_is_initiated_then_decided_and_the_state_replays_from_its_events()
    {
        var events = new List<IDomainEvent>();
        Change<Participation> Step(Change<Participation> change)
        {
            events.AddRange(change.Events);
            return change;
        }

        var p = Step(Participation.Open("p-1", Round(), Plan())).State;
        p = Step(p.Start(Day(-50), 40, Rules, Today)).State;
        p = Step(p.DecideIntervention(Day(-46), Procured(), Rules, Today)).State;
        p = Step(p.StartIntervention(Day(-44), "i1", Today)).State;
        p = Step(p.ReportProgress(Day(-30), "i1", "provider-1", Day(-44), Day(-31), 30, 4, ProgressLevel.AsPlanned, Today)).State;
        p = Step(p.RecordFollowUp(Day(-25), FollowUpMode.Physical, [FollowUpParticipant.Individual], AllGoals(p), HealthChange.Unchanged, false, Rules, Today)).State;
        p = Step(p.EndIntervention(Day(-20), "i1", InterventionEndReason.Completed, Today)).State;
        p = Step(p.InitiateClosure(Day(-15), [ClosureInitiator.Individual], Channel.Phone, Today)).State;
        Assert.Equal(ParticipationState.ClosureProposed, p.State);
        var closed = Step(Close(p, outcome: Outcome.RemainsInSicknessInsurance, occupation: OccupationAfterClosure.EmploymentSubsidised));

        Assert.Equal([typeof(ClosureDecided), typeof(ParticipationClosed)], closed.Events.Select(e => e.GetType()));
        Assert.Equal((ParticipationState.Closed, Day(-10)), (closed.State.State, closed.State.Closure!.ClosedDate));
        Assert.Null(closed.State.NextFollowUpDueDate);
        Assert.Empty(closed.State.Warnings);
        Assert.Equal(closed.State, Participation.Replay(events));
    }
}
