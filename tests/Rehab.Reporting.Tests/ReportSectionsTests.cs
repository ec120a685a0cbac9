using Rehab.BuildingBlocks.Domain;
using Rehab.Reporting.Domain;
using Xunit;

namespace Rehab.Reporting.Tests;

/// <summary>The 003, 001 and 002 sections on small hand-built input logs with known answers.</summary>
[Trait("Tier", "Fast")]
public sealed class ReportSectionsTests
{
    private static readonly DateTimeOffset Mar2025 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 12, 0, 0, TimeSpan.Zero);

    private static ParticipationClosed Closed(string id, Gender gender, BenefitType benefit, ClosureOutcome outcome, OccupationAfterClosure occupation, DateOnly closed) =>
        new(id, "p-" + id, gender, benefit, outcome, closed, At(closed.Year, closed.Month, closed.Day), occupation);

    [Fact]
    public void The_003_table_distributes_the_achieved_sickness_benefit_closures_over_the_occupation_categories()
    {
        var log = new InputLog();
        var d = new DateOnly(2024, 6, 1);
        log.Add(Closed("a", Gender.Woman, BenefitType.SicknessBenefit, ClosureOutcome.WorkCapacityAchieved, OccupationAfterClosure.OpenJobSeeker, d));
        log.Add(Closed("b", Gender.Woman, BenefitType.SicknessBenefit, ClosureOutcome.WorkCapacityAchieved, OccupationAfterClosure.OpenJobSeeker, d));
        log.Add(Closed("c", Gender.Woman, BenefitType.SicknessBenefit, ClosureOutcome.WorkCapacityAchieved, OccupationAfterClosure.EmploymentSubsidised, d));
        // D14: Samhall is subsidised employment in 003.
        log.Add(Closed("d", Gender.Woman, BenefitType.SicknessBenefitSpecialCases, ClosureOutcome.WorkCapacityAchieved, OccupationAfterClosure.SamhallEmployment, d));
        log.Add(Closed("e", Gender.Man, BenefitType.SicknessBenefit, ClosureOutcome.WorkCapacityAchieved, OccupationAfterClosure.RegularStudies, d));
        log.Add(Closed("f", Gender.Man, BenefitType.SicknessBenefit, ClosureOutcome.RemainsInSicknessInsurance, OccupationAfterClosure.ReturnedToFk, d));
        log.Add(Closed("g", Gender.Man, BenefitType.ActivityCompensation, ClosureOutcome.WorkCapacityAchieved, OccupationAfterClosure.SelfEmployed, d));

        var report = AnnualTables.Compute(log, 2024, Mar2025);

        Assert.Equal(5, report.Cell(OccupationTables.Sp, OccupationTables.PopulationRow, Column.T).Value);
        Assert.Equal(50, report.Cell(OccupationTables.Sp, OccupationTables.Share("open_unemployed"), Column.K).Value);
        Assert.Equal(50, report.Cell(OccupationTables.Sp, OccupationTables.Share("employment_subsidised"), Column.K).Value);
        Assert.Equal(100, report.Cell(OccupationTables.Sp, OccupationTables.Share("regular_studies"), Column.M).Value);
        Assert.Equal(40, report.Cell(OccupationTables.Sp, OccupationTables.Share("open_unemployed"), Column.T).Value);
        Assert.Equal(0, report.Cell(OccupationTables.Sp, OccupationTables.Count(OccupationTables.OtherRow), Column.T).Value);
        Assert.Equal(1, report.Cell(OccupationTables.Ae, OccupationTables.Count("employment_unsubsidised"), Column.M).Value);
    }

    [Fact]
    public void A_corrected_occupation_moves_the_closure_only_in_reports_as_of_after_the_correction()
    {
        var log = new InputLog();
        log.Add(Closed("a", Gender.Woman, BenefitType.SicknessBenefit, ClosureOutcome.WorkCapacityAchieved, OccupationAfterClosure.OpenJobSeeker, new DateOnly(2024, 11, 1)));
        log.Add(new ClosureOutcomeCorrected("a", ClosureOutcome.WorkCapacityAchieved, new DateOnly(2025, 1, 10), At(2025, 1, 10), OccupationAfterClosure.EmploymentUnsubsidised));

        var before = AnnualTables.Compute(log, 2024, At(2025, 1, 1));
        var after = AnnualTables.Compute(log, 2024, Mar2025);

        Assert.Equal(100, before.Cell(OccupationTables.Sp, OccupationTables.Share("open_unemployed"), Column.T).Value);
        Assert.Equal(0, after.Cell(OccupationTables.Sp, OccupationTables.Share("open_unemployed"), Column.T).Value);
        Assert.Equal(100, after.Cell(OccupationTables.Sp, OccupationTables.Share("employment_unsubsidised"), Column.T).Value);
    }

    [Fact]
    public void The_001_results_table_has_the_no_information_column_and_the_age_rows()
    {
        var log = new InputLog();
        var d = new DateOnly(2020, 6, 1);
        log.Add(Closed("young", Gender.Woman, BenefitType.ActivityCompensation, ClosureOutcome.WorkCapacityAchieved, OccupationAfterClosure.RegularStudies, d));
        log.Add(new PersonBirthDateStated("p-young", new DateOnly(1991, 6, 1), At(2019, 1, 1)));   // 29 on the closure date
        log.Add(Closed("older", Gender.Man, BenefitType.SicknessBenefit, ClosureOutcome.RemainsInSicknessInsurance, OccupationAfterClosure.ReturnedToFk, d));
        log.Add(new PersonBirthDateStated("p-older", new DateOnly(1990, 6, 2), At(2019, 1, 1)));   // 29 until 2 June: still 18–29
        log.Add(Closed("unknown", Gender.Man, BenefitType.SicknessBenefit, ClosureOutcome.Unknown, OccupationAfterClosure.Unspecified, d));
        log.Add(new PersonBirthDateStated("p-unknown", new DateOnly(1970, 1, 1), At(2019, 1, 1)));
        log.Add(Closed("other", Gender.Woman, BenefitType.SocialAssistance, ClosureOutcome.WorkCapacityAchieved, OccupationAfterClosure.OpenJobSeeker, d));

        var report = AnnualTables.Compute(log, 2020, At(2021, 3, 1));
        ReportCell Cell(string group, string outcome, string measure, Column c) => report.Cell(HeadlineKpis.Results, HeadlineKpis.ResultRow(group, outcome, measure), c);

        Assert.Equal(4, Cell("Total", "total", "count", Column.T).Value);
        Assert.Equal(50, Cell("Total", "achieved", "share", Column.T).Value);
        Assert.Equal(25, Cell("Total", "no_information", "share", Column.T).Value);
        Assert.Equal(100, Cell("Total", "achieved", "share", Column.K).Value);
        Assert.Equal(2, Cell("SP", "total", "count", Column.M).Value);
        Assert.Equal(50, Cell("SP", "no_information", "share", Column.M).Value);
        Assert.Equal(1, Cell("AE", "achieved", "count", Column.T).Value);
        Assert.Equal(2, Cell("age_18_29", "total", "count", Column.T).Value);
        Assert.Equal(1, Cell("age_30_65", "no_information", "count", Column.T).Value);
    }

    [Fact]
    public void The_001_joint_assessment_and_meeting_tables_count_by_gender_and_benefit()
    {
        var log = new InputLog();
        var gk = new DateOnly(2020, 4, 1);
        Round(log, "r1", "p1", "sc1", Gender.Woman, gk);
        Round(log, "r2", "p2", "sc2", Gender.Woman, gk);
        Round(log, "r3", "p3", "sc3", Gender.Man, gk);
        Round(log, "r4", "p4", "sc4", Gender.Man, gk.AddYears(1)); // another year
        log.Add(new SickCaseFact("fk/sc1", "sc1", "p1", new DateOnly(2018, 1, 1), new DateOnly(2018, 1, 1), At(2019, 1, 1)));
        log.Add(Period("bp1", "p1", BenefitType.SicknessBenefit, new DateOnly(2018, 1, 1)));
        log.Add(Period("bp2", "p1", BenefitType.ActivityCompensation, new DateOnly(2017, 1, 1)));
        log.Add(Period("bp3", "p2", BenefitType.SicknessBenefit, new DateOnly(2019, 1, 1)));
        log.Add(Meeting("m1", "p5", TransitionMeetingType.TransitionMeeting, BenefitType.SicknessBenefit, Gender.Woman, new DateOnly(2020, 2, 1)));
        log.Add(Meeting("m2", "p6", TransitionMeetingType.TransitionMeeting, BenefitType.SicknessCompensation, Gender.Man, new DateOnly(2020, 2, 1)));
        log.Add(Meeting("m3", "p7", TransitionMeetingType.TransitionMeeting, BenefitType.ActivityCompensation, Gender.Man, new DateOnly(2020, 2, 1)));
        log.Add(Meeting("m4", "p8", TransitionMeetingType.ContactMeeting, BenefitType.SicknessBenefit, Gender.Woman, new DateOnly(2020, 2, 1)));

        var report = AnnualTables.Compute(log, 2020, At(2021, 3, 1));

        Assert.Equal(3, report.Cell(HeadlineKpis.GkByGender, "gk.count", Column.T).Value);
        Assert.Equal(67, report.Cell(HeadlineKpis.GkByGender, "gk.share", Column.K).Value);
        // r1 has SP and AE (both rows, §10 Q12), r2 SP, r3 no known benefit (Other).
        Assert.Equal(2, report.Cell(HeadlineKpis.GkByBenefit, "SP.count", Column.T).Value);
        Assert.Equal(1, report.Cell(HeadlineKpis.GkByBenefit, "AE.count", Column.T).Value);
        Assert.Equal(33, report.Cell(HeadlineKpis.GkByBenefit, "Other.share", Column.T).Value);
        Assert.Equal(3, report.Cell(HeadlineKpis.TransitionMeetings, "Total.count", Column.T).Value);
        Assert.Equal(1, report.Cell(HeadlineKpis.TransitionMeetings, "SE.count", Column.M).Value);
        Assert.Equal(33, report.Cell(HeadlineKpis.TransitionMeetings, "AE.share", Column.T).Value);
        Assert.Equal(1, report.Cell(HeadlineKpis.ContactMeetings, "contact_meetings.count", Column.K).Value);
        // Time in the insurance before the GK, every GK: SP from the sick-case start, AE from the AE period start.
        Assert.Equal(gk.DayNumber - new DateOnly(2018, 1, 1).DayNumber, report.Cell(HeadlineKpis.TimeBeforeGk, "SP.mean_days", Column.T).Value);
        Assert.Equal(1, report.Cell(HeadlineKpis.TimeBeforeGk, "SP.count", Column.T).Value);
        Assert.Equal(gk.DayNumber - new DateOnly(2017, 1, 1).DayNumber, report.Cell(HeadlineKpis.TimeBeforeGk, "AE.median_days", Column.K).Value);
    }

    [Fact]
    public void The_001_duration_kpi_measures_from_the_request_and_the_first_meeting_to_closure_with_mean_and_nearest_rank_median()
    {
        var log = new InputLog();
        var starts = new[] { 100, 200, 400 };
        for (var i = 0; i < starts.Length; i++)
        {
            var closed = new DateOnly(2020, 10, 1);
            var requested = closed.AddDays(-starts[i]);
            log.Add(new JointAssessmentRequested($"ref{i}", $"p{i}", requested, At(2019, 1, 1)));
            log.Add(new JointAssessmentRequested($"ref{i}", $"p{i}", requested.AddDays(30), At(2019, 1, 1))); // a re-request: the earliest counts
            Round(log, $"r{i}", $"p{i}", $"sc{i}", Gender.Woman, requested.AddDays(20));
            log.Add(new ParticipationPlanned($"pa{i}", $"r{i}", $"p{i}", requested.AddDays(40), At(2019, 1, 1), $"ref{i}"));
            log.Add(new ParticipationStarted($"pa{i}", requested.AddDays(50), At(2019, 1, 1), $"p{i}"));
            log.Add(new ParticipationClosed($"pa{i}", $"p{i}", Gender.Woman, BenefitType.SicknessBenefit, ClosureOutcome.WorkCapacityAchieved, closed, At(2020, 10, 2)));
        }

        var report = AnnualTables.Compute(log, 2020, At(2021, 3, 1));

        Assert.Equal(233, report.Cell(HeadlineKpis.Duration, "LT9.Total.mean_days", Column.T).Value);   // (100 + 200 + 400) / 3
        Assert.Equal(200, report.Cell(HeadlineKpis.Duration, "LT9.SP.median_days", Column.K).Value);
        Assert.Equal(3, report.Cell(HeadlineKpis.Duration, "LT9.Total.count", Column.T).Value);
        Assert.Equal(180, report.Cell(HeadlineKpis.Duration, "LT8.Total.median_days", Column.T).Value);
        Assert.Equal(150, report.Cell(HeadlineKpis.Duration, "LT10.Total.median_days", Column.T).Value);
        Assert.Equal(0, report.Cell(HeadlineKpis.Duration, "LT9.AE.count", Column.T).Value);
        // Persons in an intervention on each month end: started 2019-10-17, 2020-05-04 and 2020-08-12, all closed 2020-10-01:
        // 1 (Jan–Apr) ×4 + 2 (May–Jul) ×3 + 3 (Aug–Sep) ×2 = 16 person-months over 12 months.
        var perMonth = report.Cell(HeadlineKpis.InIntervention, "mean_per_month", Column.T);
        Assert.Equal((16, 12L, 1m), (perMonth.Numerator, perMonth.Denominator, perMonth.Value));
        Assert.Equal(0, report.Cell(HeadlineKpis.InIntervention, "december.count", Column.T).Value);
    }

    [Fact]
    public void The_002_fixed_points_are_partial_with_their_n_while_a_cohort_window_is_open()
    {
        var log = Cohort2022();
        var report = AnnualTables.Compute(log, 2022, At(2024, 7, 1), ReportParameters.Default with { FollowUpCutOff = new DateOnly(2024, 6, 30) });

        ReportCell Cell(string table, int months) => report.Cell(table, CohortOutcomes.FixedPointRow(2022, months), Column.T);
        // 18 months: both observable. A is registered as openly unemployed, B is still in cooperation.
        Assert.Equal(50.0m, Cell("002.10", 18).Value);
        Assert.Equal(50.0m, Cell("002.5", 18).Value);
        Assert.False(Cell("002.5", 18).Partial);
        Assert.Equal(2, Cell("002.5", 18).Denominator);
        // 24 months: only A (B started 2022-12-01: 2024-12-01 is after the cut-off). A was deregistered for a known reason.
        Assert.Equal(100.0m, Cell("002.6", 24).Value);
        Assert.True(Cell("002.6", 24).Partial);
        Assert.Equal(1, Cell("002.6", 24).Denominator);
        Assert.Equal(100.0m, Cell("002.B1", 24).Value);
        // 30 months: nobody observable yet.
        Assert.Null(Cell("002.5", 30).Value);
        Assert.True(Cell("002.5", 30).Partial);

        // Figure 5 and 6: A ended after 415 days and was openly unemployed a month after; B has not ended (partial).
        Assert.Equal(2, report.Cell(CohortOutcomes.TimeInCooperation, "2022.cohort.count", Column.T).Value);
        Assert.Equal(50.0m, report.Cell(CohortOutcomes.TimeInCooperation, "2022.ended.share", Column.T).Value);
        var mean = report.Cell(CohortOutcomes.TimeInCooperation, "2022.time_in_cooperation.mean_days", Column.T);
        Assert.Equal(415, mean.Value);
        Assert.True(mean.Partial);
        Assert.Equal(100.0m, report.Cell(CohortOutcomes.OutcomeAtClosure, "2022.openly_unemployed.share", Column.T).Value);
        Assert.Equal(100.0m, report.Cell(CohortOutcomes.OutcomeAtClosure, "2022.positive.share", Column.T).Value);
        Assert.True(report.Cell(CohortOutcomes.OutcomeAtClosure, "2022.positive.share", Column.T).Partial);
        Assert.Equal(50.0m, report.Cell(CohortOutcomes.Cohorts, "2022.share_of_cohort", Column.K).Value);
        Assert.Equal(50.0m, report.Cell(CohortOutcomes.BenefitAtStart, "2022.SP.share", Column.T).Value);
    }

    [Fact]
    public void A_late_recorded_closure_changes_the_cohort_cell_only_in_the_later_as_of_report()
    {
        var log = Cohort2022();
        // B's participation closed in May 2023 but was recorded only in August 2024.
        log.Add(new ParticipationClosed("pb", "pB", Gender.Man, BenefitType.SicknessBenefit, ClosureOutcome.RemainsInSicknessInsurance, new DateOnly(2023, 5, 1), At(2024, 8, 1)));
        var parameters = ReportParameters.Default with { FollowUpCutOff = new DateOnly(2024, 6, 30) };

        var before = AnnualTables.Compute(log, 2022, At(2024, 7, 1), parameters);
        var after = AnnualTables.Compute(log, 2022, At(2024, 9, 1), parameters);

        var row = CohortOutcomes.FixedPointRow(2022, 18);
        Assert.Equal(50.0m, before.Cell("002.5", row, Column.T).Value);
        Assert.Equal(0.0m, after.Cell("002.5", row, Column.T).Value);
        Assert.Equal(0.0m, before.Cell("002.B1", row, Column.T).Value);
        Assert.Equal(50.0m, after.Cell("002.B1", row, Column.T).Value);
        Assert.Equal(100.0m, after.Cell(CohortOutcomes.TimeInCooperation, "2022.ended.share", Column.T).Value);
        Assert.False(after.Cell(CohortOutcomes.TimeInCooperation, "2022.time_in_cooperation.mean_days", Column.T).Partial);
    }

    [Fact]
    public void Every_section_states_its_definitions_and_the_cohort_parameters()
    {
        var report = AnnualTables.Compute(new InputLog(), 2025, Mar2025, ReportParameters.Default with { FollowUpMonths = [12, 36] });
        foreach (var table in report.Tables) Assert.Contains(report.Definitions, d => d.TableId == table.TableId);
        Assert.Contains(new KeyValuePair<string, string>("follow_up_months", "12,36"), report.Parameters);
        Assert.Contains(new KeyValuePair<string, string>("cohort_start_years", "7"), report.Parameters);
        Assert.Contains(report.Definitions, d => d.TableId == "002.5" && d.Text.Contains("12/36 months", StringComparison.Ordinal));
        Assert.Contains(report.Cells, c => c.TableId == "002.5" && c.Row == CohortOutcomes.FixedPointRow(2019, 12));
        Assert.DoesNotContain(report.Cells, c => c.TableId == "002.5" && c.Row == CohortOutcomes.FixedPointRow(2018, 12));
    }

    /// <summary>
    /// Start-year cohort 2022: A (woman, SP) started 2022-01-10, closed 2023-03-01, registered at AF as openly unemployed from
    /// 2023-03-05 to 2023-09-01 (deregistered, känd orsak); B (man, no known benefit) started 2022-12-01 and has not closed.
    /// </summary>
    private static InputLog Cohort2022()
    {
        var log = new InputLog();
        log.Add(new ParticipationStarted("pa", new DateOnly(2022, 1, 10), At(2022, 1, 11), "pA"));
        log.Add(new PersonGenderStated("pA", Gender.Woman, new DateOnly(2022, 1, 10), At(2022, 1, 11)));
        log.Add(Period("bpA", "pA", BenefitType.SicknessBenefit, new DateOnly(2021, 1, 1)));
        log.Add(new ParticipationClosed("pa", "pA", Gender.Woman, BenefitType.SicknessBenefit, ClosureOutcome.WorkCapacityAchieved, new DateOnly(2023, 3, 1), At(2023, 3, 2),
            OccupationAfterClosure.OpenJobSeeker));
        log.Add(new RegistrationSpellFact("af/1", "pA", new DateOnly(2023, 3, 5), new DateOnly(2023, 9, 1), new DateOnly(2023, 3, 5), At(2023, 9, 2),
            RegistrationStatus.OpenlyUnemployed, DeregistrationReason.KnownReason, "11"));
        log.Add(new ParticipationStarted("pb", new DateOnly(2022, 12, 1), At(2022, 12, 2), "pB"));
        log.Add(new PersonGenderStated("pB", Gender.Man, new DateOnly(2022, 12, 1), At(2022, 12, 2)));
        return log;
    }

    private static void Round(InputLog log, string round, string person, string sickCase, Gender gender, DateOnly firstMeeting)
    {
        log.Add(new RoundOpened(round, person, sickCase, 1, gender, firstMeeting.AddDays(-10), At(2019, 1, 1)));
        log.Add(new FirstMeetingHeld(round, firstMeeting, At(firstMeeting.Year, firstMeeting.Month, firstMeeting.Day)));
    }

    private static BenefitPeriodFact Period(string id, string person, BenefitType type, DateOnly start) =>
        new("fk/" + id, id, person, type, start, null, start, At(start.Year, start.Month, start.Day));

    private static TransitionMeetingHeld Meeting(string id, string person, TransitionMeetingType type, BenefitType benefit, Gender gender, DateOnly held) =>
        new(id, person, type, benefit, gender, held, At(held.Year, held.Month, held.Day));
}
