using Rehab.BuildingBlocks.Domain;
using Rehab.Interventions.Domain;
using Xunit;
using static Rehab.Interventions.Tests.Domain.Journey;

namespace Rehab.Interventions.Tests.Domain;

[Trait("Tier", "Fast")]
public sealed class InterventionRuleTests
{
    [Fact]
    public void An_intervention_planned_to_start_before_the_participation_is_rejected_by_chronology()
    {
        var e = Assert.Throws<WrongStateException>(() => Active().DecideIntervention(Day(-46), Own(plannedStart: -51), Rules, Today));
        Assert.Equal(Chronology.Rule, e.Rule);
        Assert.Contains("planned_start_date", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_intervention_decided_before_the_participation_started_is_rejected()
    {
        Assert.Equal(Chronology.Rule, Assert.Throws<WrongStateException>(() => Active().DecideIntervention(Day(-51), Own(), Rules, Today)).Rule);
    }

    [Fact]
    public void An_intervention_cannot_start_before_its_decision_nor_after_closure()
    {
        var decided = Active().DecideIntervention(Day(-46), Own(), Rules, Today).State;
        Assert.Equal(Chronology.Rule, Assert.Throws<WrongStateException>(() => decided.StartIntervention(Day(-47), "i1", Today)).Rule);
        var closed = Close(ClosureProposed()).State;
        Assert.Equal(Participation.TransitionRule, Assert.Throws<WrongStateException>(() => closed.DecideIntervention(Day(-5), Own(plannedStart: -5), Rules, Today)).Rule);
    }

    [Fact]
    public void Interventions_are_decided_only_in_an_active_participation()
    {
        Assert.Equal(Participation.TransitionRule, Assert.Throws<WrongStateException>(() => Planned().DecideIntervention(Day(-46), Own(), Rules, Today)).Rule);
    }

    [Fact]
    public void A_procured_intervention_names_its_provider_and_planned_end_and_an_in_house_one_names_no_provider()
    {
        var noProvider = Assert.Throws<ValidationFailedException>(() =>
            Active().DecideIntervention(Day(-46), Procured() with { ProviderId = null, PlannedEndDate = null }, Rules, Today));
        Assert.Equal(["provider_id", "planned_end_date"], noProvider.Violations.Select(v => v.Field));
        var ownWithProvider = Assert.Throws<ValidationFailedException>(() =>
            Active().DecideIntervention(Day(-46), Own() with { ProviderId = "provider-1" }, Rules, Today));
        Assert.Equal("provider_id", Assert.Single(ownWithProvider.Violations).Field);
    }

    [Fact]
    public void The_type_regi_legal_basis_and_hours_are_required()
    {
        var e = Assert.Throws<ValidationFailedException>(() => Active().DecideIntervention(Day(-46),
            new InterventionDecision(0, InterventionOrientation.WorkPreparatory, 0, null, NamedService.Unspecified, 0, 0, null, null), Rules, Today));
        Assert.Equal(["type", "regi", "legal_basis", "hours_per_week", "planned_start_date"], e.Violations.Select(v => v.Field));
    }

    [Fact]
    public void T6_a_work_oriented_intervention_needs_ten_hours_of_activity()
    {
        var low = Active(activityHours: 8);
        var e = Assert.Throws<WrongStateException>(() =>
            low.DecideIntervention(Day(-46), Own() with { Orientation = InterventionOrientation.WorkOriented }, Rules, Today));
        Assert.Equal(Participation.WorkOrientedThresholdRule, e.Rule);
        Assert.Single(Active(activityHours: 10).DecideIntervention(Day(-46), Own() with { Orientation = InterventionOrientation.WorkOriented }, Rules, Today).State.Interventions);
    }

    [Theory]
    [InlineData(9.9, 40, true)]
    [InlineData(10, 40, false)]
    [InlineData(5, 20, false)]
    [InlineData(4, 20, true)]
    public void T7_is_computed_from_the_insured_hours(double activity, double insured, bool applies) =>
        Assert.Equal(applies, Active(activity, insured).QuarterRuleApplies(Rules));

    [Fact]
    public void T7_applies_to_sickness_benefit_participants_only()
    {
        Assert.False(Active(4, 40, BenefitType.ActivityCompensation).QuarterRuleApplies(Rules));
        Assert.True(Active(4, 40, BenefitType.SicknessBenefitSpecialCases).QuarterRuleApplies(Rules));
    }

    [Fact]
    public void T7_below_a_quarter_allows_only_in_house_interventions_without_programme()
    {
        var quarter = Active(activityHours: 6, insuredHours: 40);
        Assert.Equal(Participation.QuarterRule, Assert.Throws<WrongStateException>(() =>
            quarter.DecideIntervention(Day(-46), Own(), Rules, Today)).Rule);
        Assert.Equal(Participation.QuarterRule, Assert.Throws<WrongStateException>(() =>
            quarter.DecideIntervention(Day(-46), Procured() with { LegalBasis = LegalBasis.NoProgrammeQuarterRule, Type = InterventionType.GroupActivity }, Rules, Today)).Rule);
        Assert.Equal(Participation.QuarterRule, Assert.Throws<WrongStateException>(() =>
            quarter.DecideIntervention(Day(-46), Own(InterventionType.StudyVisit, LegalBasis.NoProgrammeQuarterRule), Rules, Today)).Rule);

        var ok = quarter.DecideIntervention(Day(-46), Own(basis: LegalBasis.NoProgrammeQuarterRule) with { Regi = DeliveryRegi.OwnPlus }, Rules, Today);
        Assert.Equal(LegalBasis.NoProgrammeQuarterRule, Assert.Single(ok.State.Interventions).LegalBasis);
    }

    [Fact]
    public void T7_the_quarter_rule_legal_basis_is_rejected_above_a_quarter()
    {
        var e = Assert.Throws<WrongStateException>(() => Active(12, 40).DecideIntervention(Day(-46), Own(basis: LegalBasis.NoProgrammeQuarterRule), Rules, Today));
        Assert.Equal(Participation.QuarterRule, e.Rule);
    }

    [Fact]
    public void A_provider_reports_only_on_its_own_started_intervention_inside_its_dates()
    {
        var p = WithOngoing("provider-1");
        Assert.Equal(Participation.ProviderRule, Assert.Throws<WrongStateException>(() =>
            p.ReportProgress(Day(-30), "i1", "provider-2", Day(-44), Day(-31), 10, 0, ProgressLevel.AsPlanned, Today)).Rule);
        Assert.Equal(Chronology.Rule, Assert.Throws<WrongStateException>(() =>
            p.ReportProgress(Day(-30), "i1", "provider-1", Day(-45), Day(-31), 10, 0, ProgressLevel.AsPlanned, Today)).Rule);
        Assert.Equal("period_end_date", Assert.Single(Assert.Throws<ValidationFailedException>(() =>
            p.ReportProgress(Day(-30), "i1", "provider-1", Day(-31), Day(-40), 10, 0, ProgressLevel.AsPlanned, Today)).Violations).Field);
        var decidedOnly = Active().DecideIntervention(Day(-46), Procured(), Rules, Today).State;
        Assert.Equal(Participation.InterventionTransitionRule, Assert.Throws<WrongStateException>(() =>
            decidedOnly.ReportProgress(Day(-30), "i1", "provider-1", Day(-44), Day(-31), 10, 0, ProgressLevel.AsPlanned, Today)).Rule);

        var reported = p.ReportProgress(Day(-30), "i1", "provider-1", Day(-44), Day(-31), 28, 2, ProgressLevel.SlowerThanPlanned, Today).State;
        Assert.Equal(("provider-1", 28.0), (reported.ProgressReports[0].ReportedByProviderId, reported.ProgressReports[0].AttendedHours));
    }

    [Fact]
    public void A_follow_up_must_check_every_goal_of_the_current_plan_once()
    {
        var p = Active();
        var missing = Assert.Throws<ValidationFailedException>(() => p.RecordFollowUp(Day(-20), FollowUpMode.Phone,
            [FollowUpParticipant.Individual], [new GoalCheck(0, GoalStatus.Met)], HealthChange.Unchanged, false, Rules, Today));
        Assert.Contains(missing.Violations, v => v.Field == "goal_checks" && v.Description.Contains("every goal", StringComparison.Ordinal));
        var unknown = Assert.Throws<ValidationFailedException>(() => p.RecordFollowUp(Day(-20), FollowUpMode.Phone,
            [FollowUpParticipant.Individual], [.. AllGoals(p), new GoalCheck(7, GoalStatus.Met)], HealthChange.Unchanged, false, Rules, Today));
        Assert.Contains(unknown.Violations, v => v.Field == "goal_checks" && v.Description.Contains("goal_index 7", StringComparison.Ordinal));
        var twice = Assert.Throws<ValidationFailedException>(() => p.RecordFollowUp(Day(-20), FollowUpMode.Phone,
            [FollowUpParticipant.Individual], [.. AllGoals(p), new GoalCheck(0, GoalStatus.Met)], HealthChange.Unchanged, false, Rules, Today));
        Assert.Contains(twice.Violations, v => v.Description.Contains("twice", StringComparison.Ordinal));
        Assert.Equal(Chronology.Rule, Assert.Throws<WrongStateException>(() => p.RecordFollowUp(Day(-51), FollowUpMode.Phone,
            [FollowUpParticipant.Individual], AllGoals(p), HealthChange.Unchanged, false, Rules, Today)).Rule);
    }
}

[Trait("Tier", "Fast")]
public sealed class ClosureRuleTests
{
    [Fact]
    public void Closure_is_initiated_by_someone_and_the_individual_needs_a_channel()
    {
        var p = Active();
        Assert.Equal("initiators", Assert.Single(Assert.Throws<ValidationFailedException>(() =>
            p.InitiateClosure(Day(-15), [], Channel.Unspecified, Today)).Violations).Field);
        Assert.Equal("channel", Assert.Single(Assert.Throws<ValidationFailedException>(() =>
            p.InitiateClosure(Day(-15), [ClosureInitiator.Individual, ClosureInitiator.Healthcare], Channel.Unspecified, Today)).Violations).Field);
        Assert.Equal(ParticipationState.ClosureProposed,
            p.InitiateClosure(Day(-15), [ClosureInitiator.Healthcare], Channel.Unspecified, Today).State.State);
    }

    [Fact]
    public void Closure_without_outcome_reasons_or_benefit_type_is_invalid()
    {
        var e = Assert.Throws<ValidationFailedException>(() => ClosureProposed().DecideClosure(
            Day(-10), Outcome.Unspecified, [], BenefitType.Unspecified, OccupationAfterClosure.Unspecified, 0, UnknownOutcomeReason.Unspecified, Today));
        Assert.Equal(["outcome", "closure_reasons", "benefit_type_at_closure"], e.Violations.Select(v => v.Field));
    }

    [Fact]
    public void Work_capacity_achieved_needs_the_occupation_after_closure()
    {
        var e = Assert.Throws<ValidationFailedException>(() => Close(ClosureProposed(), occupation: OccupationAfterClosure.Unspecified));
        Assert.Equal("occupation_after_closure", Assert.Single(e.Violations).Field);
    }

    [Fact]
    public void Unknown_outcome_only_with_a_reason_code()
    {
        var p = ClosureProposed();
        Assert.Equal("unknown_outcome_reason", Assert.Single(Assert.Throws<ValidationFailedException>(() =>
            Close(p, outcome: Outcome.Unknown, occupation: OccupationAfterClosure.Unspecified)).Violations).Field);
        Assert.Equal("unknown_outcome_reason", Assert.Single(Assert.Throws<ValidationFailedException>(() =>
            Close(p, unknown: UnknownOutcomeReason.LostContact)).Violations).Field);
        var closed = Close(p, outcome: Outcome.Unknown, occupation: OccupationAfterClosure.Unspecified, unknown: UnknownOutcomeReason.MovedAbroad).State;
        Assert.Equal(UnknownOutcomeReason.MovedAbroad, closed.Closure!.UnknownOutcomeReason);
    }

    [Fact]
    public void Closure_needs_an_initiation_every_intervention_ended_and_a_date_after_the_last_fact()
    {
        Assert.Equal(Participation.TransitionRule, Assert.Throws<WrongStateException>(() => Close(WithOngoing())).Rule);
        var withOpen = WithOngoing().InitiateClosure(Day(-15), [ClosureInitiator.Af], Channel.Unspecified, Today).State;
        Assert.Equal(Participation.OpenInterventionsRule, Assert.Throws<WrongStateException>(() => Close(withOpen)).Rule);
        var e = Assert.Throws<WrongStateException>(() => Close(ClosureProposed(), day: -16));
        Assert.Equal(Chronology.Rule, e.Rule);
        Assert.Contains("closed_date", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Outcome.WorkCapacityAchieved, OccupationAfterClosure.ReturnedToFk, true)]
    [InlineData(Outcome.WorkCapacityAchieved, OccupationAfterClosure.None, true)]
    [InlineData(Outcome.RemainsInSicknessInsurance, OccupationAfterClosure.OpenJobSeeker, true)]
    [InlineData(Outcome.RemainsInSicknessInsurance, OccupationAfterClosure.AfProgramme, true)]
    [InlineData(Outcome.RemainsInSicknessInsurance, OccupationAfterClosure.EmploymentSubsidised, false)]
    [InlineData(Outcome.WorkCapacityAchieved, OccupationAfterClosure.EmploymentUnsubsidised, false)]
    public void Suspicious_pairs_warn_but_do_not_block(Outcome outcome, OccupationAfterClosure occupation, bool suspicious)
    {
        var closed = Close(ClosureProposed(), outcome: outcome, occupation: occupation).State;
        Assert.Equal(ParticipationState.Closed, closed.State);
        Assert.Equal(suspicious, closed.Warnings.Count == 1);
        if (suspicious) Assert.Equal(SuspiciousPairs.Rule, closed.Warnings[0].Rule);
    }

    [Fact]
    public void T10_a_correction_within_a_calendar_month_changes_the_occupation_and_keeps_the_original()
    {
        var closed = Close(ClosureProposed(), day: -10, occupation: OccupationAfterClosure.ReturnedToFk).State;
        Assert.Single(closed.Warnings);

        var corrected = closed.CorrectClosureOutcome(Day(-10).AddMonths(1), OccupationAfterClosure.EmploymentSubsidised, Rules, Today.AddDays(30));

        var c = corrected.State.Closure!;
        Assert.Equal((OccupationAfterClosure.EmploymentSubsidised, OccupationAfterClosure.ReturnedToFk), (c.Occupation, c.OriginalOccupation));
        Assert.Equal(OccupationAfterClosure.ReturnedToFk, Assert.Single(c.Corrections).PreviousOccupation);
        Assert.Empty(corrected.State.Warnings);
        Assert.IsType<ClosureOutcomeCorrected>(Assert.Single(corrected.Events));
    }

    [Fact]
    public void T10_a_correction_after_the_window_fails_naming_the_rule_and_one_before_the_closure_is_chronology()
    {
        var closed = Close(ClosureProposed(), day: -10).State;
        var late = Assert.Throws<WrongStateException>(() =>
            closed.CorrectClosureOutcome(Day(-10).AddMonths(1).AddDays(1), OccupationAfterClosure.RegularStudies, Rules, Today.AddDays(60)));
        Assert.Equal(Participation.CorrectionWindowRule, late.Rule);
        Assert.Contains("T10", late.Message, StringComparison.Ordinal);
        Assert.Equal(Chronology.Rule, Assert.Throws<WrongStateException>(() =>
            closed.CorrectClosureOutcome(Day(-11), OccupationAfterClosure.RegularStudies, Rules, Today)).Rule);
        Assert.Equal("occupation_after_closure", Assert.Single(Assert.Throws<ValidationFailedException>(() =>
            closed.CorrectClosureOutcome(Day(-5), OccupationAfterClosure.EmploymentSubsidised, Rules, Today)).Violations).Field);
        Assert.Equal(Participation.TransitionRule, Assert.Throws<WrongStateException>(() =>
            ClosureProposed().CorrectClosureOutcome(Day(-5), OccupationAfterClosure.RegularStudies, Rules, Today)).Rule);
    }
}
