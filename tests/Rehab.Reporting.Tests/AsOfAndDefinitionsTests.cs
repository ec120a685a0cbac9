using Rehab.BuildingBlocks.Domain;
using Rehab.Reporting.Domain;
using Xunit;

namespace Rehab.Reporting.Tests;

/// <summary>As-of reproducibility (§9.6), the footnote 12–14 counting rules and the stated definitions, on small hand-built inputs.</summary>
[Trait("Tier", "Fast")]
public sealed class AsOfAndDefinitionsTests
{
    [Fact]
    public void Revisions_recorded_at_the_same_instant_are_decided_by_their_reference_not_by_arrival()
    {
        // Replicas fold the same rows in different orders; day-precision source timestamps make equal recorded times common.
        var at = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var woman = new PersonGenderStated("p1", Gender.Woman, new DateOnly(2025, 3, 1), at) { Reference = "fk-sick/0001" };
        var man = new PersonGenderStated("p1", Gender.Man, new DateOnly(2025, 3, 1), at) { Reference = "fk-sick/0002" };

        var oneOrder = InputLog.Latest([woman, man], at.AddDays(1));
        var otherOrder = InputLog.Latest([man, woman], at.AddDays(1));

        Assert.Equal(man, Assert.Single(oneOrder));
        Assert.Equal(man, Assert.Single(otherOrder));
    }

    private static readonly DateTimeOffset Jan2025 = new(2025, 1, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Mar2026 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 12, 0, 0, TimeSpan.Zero);

    private static ParticipationClosed Closure(string id, ClosureOutcome outcome, DateOnly closed, DateTimeOffset recorded) =>
        new(id, "p-" + id, Gender.Woman, BenefitType.SicknessBenefit, outcome, closed, recorded);

    [Fact]
    public void A_late_recorded_closure_changes_the_report_as_of_a_later_instant_and_not_as_of_an_earlier_one()
    {
        var log = new InputLog();
        log.Add(Closure("a", ClosureOutcome.WorkCapacityAchieved, new DateOnly(2024, 5, 2), At(2024, 5, 3)));
        log.Add(Closure("b", ClosureOutcome.RemainsInSicknessInsurance, new DateOnly(2024, 6, 2), At(2024, 6, 3)));
        // Closed in 2024, recorded only in April 2026 (late registration, 000 footnote 11).
        log.Add(Closure("late", ClosureOutcome.WorkCapacityAchieved, new DateOnly(2024, 11, 20), At(2026, 4, 10)));

        var before = AnnualTables.Compute(log, 2024, Mar2026);
        var after = AnnualTables.Compute(log, 2024, At(2026, 5, 1));

        var achieved = Rows.Tabell3("SP", Rows.Achieved, "count");
        Assert.Equal(1, before.Cell(3, achieved, Column.K).Value);
        Assert.Equal(50, before.Cell(3, Rows.Tabell3("SP", Rows.Achieved, "share"), Column.K).Value);
        Assert.Equal(2, after.Cell(3, achieved, Column.K).Value);
        Assert.Equal(67, after.Cell(3, Rows.Tabell3("SP", Rows.Achieved, "share"), Column.K).Value);
        Assert.Equal(before, AnnualTables.Compute(log, 2024, Mar2026) with { }, new ReportComparer());
    }

    [Fact]
    public void A_corrected_outcome_counts_from_its_recorded_time()
    {
        var log = new InputLog();
        log.Add(Closure("a", ClosureOutcome.Unknown, new DateOnly(2024, 5, 2), At(2024, 5, 3)));
        log.Add(new ClosureOutcomeCorrected("a", ClosureOutcome.WorkCapacityAchieved, new DateOnly(2024, 7, 1), At(2024, 7, 1)));
        var row = Rows.Tabell3("SP", Rows.Achieved, "count");
        Assert.Equal(0, AnnualTables.Compute(log, 2024, At(2024, 6, 1)).Cell(3, row, Column.T).Value);
        Assert.Equal(1, AnnualTables.Compute(log, 2024, At(2024, 8, 1)).Cell(3, row, Column.T).Value);
    }

    [Fact]
    public void Activity_compensation_counts_the_first_gk_during_a_period_once_and_ignores_gks_outside_periods()
    {
        var log = new InputLog();
        log.Add(new BenefitPeriodFact("fk/1", "bp1", "p1", BenefitType.ActivityCompensation, new DateOnly(2022, 1, 1), new DateOnly(2025, 12, 31), new DateOnly(2022, 1, 1), Jan2025));
        Gk(log, "r1", "p1", "sc1", 1, new DateOnly(2025, 3, 1));   // first during the period: 1 155 days
        Gk(log, "r2", "p1", "sc2", 1, new DateOnly(2025, 6, 1));   // a second GK in the same period: not counted
        Gk(log, "r3", "p2", "sc3", 1, new DateOnly(2025, 6, 1));   // no benefit period: not counted
        var report = AnnualTables.Compute(log, 2025, Mar2026);
        Assert.Equal(1, report.Cell(1, Rows.AeCount, Column.K).Value);
        Assert.Equal(new DateOnly(2025, 3, 1).DayNumber - new DateOnly(2022, 1, 1).DayNumber, report.Cell(1, Rows.AeMeanDays, Column.K).Value);
        Assert.Equal(1, report.Cell(1, Rows.TotalCount, Column.T).Value);
    }

    [Fact]
    public void Sickness_benefit_counts_the_latest_round_of_each_sick_case_from_the_sick_case_start()
    {
        var log = new InputLog();
        log.Add(new SickCaseFact("fk/sc", "sc1", "p1", new DateOnly(2023, 1, 1), new DateOnly(2023, 1, 1), Jan2025));
        log.Add(new BenefitPeriodFact("fk/bp", "bp1", "p1", BenefitType.SicknessBenefit, new DateOnly(2023, 1, 1), null, new DateOnly(2023, 1, 1), Jan2025));
        Gk(log, "r1", "p1", "sc1", 1, new DateOnly(2025, 2, 1));
        Gk(log, "r2", "p1", "sc1", 2, new DateOnly(2025, 9, 1));
        var report = AnnualTables.Compute(log, 2025, Mar2026);
        Assert.Equal(1, report.Cell(1, Rows.SpCount, Column.K).Value);
        Assert.Equal(new DateOnly(2025, 9, 1).DayNumber - new DateOnly(2023, 1, 1).DayNumber, report.Cell(1, Rows.SpMeanDays, Column.K).Value);
        // The total follows footnote 14: the first GK in the benefit period, from the period start.
        Assert.Equal(new DateOnly(2025, 2, 1).DayNumber - new DateOnly(2023, 1, 1).DayNumber, report.Cell(1, Rows.TotalMeanDays, Column.K).Value);
    }

    [Fact]
    public void Every_report_states_its_definitions_and_parameters()
    {
        var parameters = ReportParameters.Default with { RegistrationWithinDays = 30, InterventionWithinDays = 365 };
        var report = AnnualTables.Compute(new InputLog(), 2025, Mar2026, parameters);
        foreach (var table in new[] { 1, 2, 3, 4, 5 }) Assert.Contains(report.Definitions, d => d.TableId == TableIds.Tabell(table));
        Assert.Contains(report.Definitions, d => d.TableId == TableIds.Tabell(5) && d.Text.Contains("30 days", StringComparison.Ordinal));
        Assert.Contains(report.Definitions, d => d.TableId == TableIds.Tabell(2) && d.Text.Contains("within 365 days", StringComparison.Ordinal));
        Assert.Contains(new KeyValuePair<string, string>("registration_within_days", "30"), report.Parameters);
        Assert.Contains(new KeyValuePair<string, string>("intervention_within_days", "365"), report.Parameters);
        Assert.Equal(ReportParameters.Default.Describe().Select(p => p.Key), report.Parameters.Select(p => p.Key));
    }

    [Fact]
    public void Small_cells_are_suppressed_for_analysts()
    {
        var log = new InputLog();
        log.Add(Closure("a", ClosureOutcome.WorkCapacityAchieved, new DateOnly(2024, 5, 2), At(2024, 5, 3)));
        var report = AnnualTables.Compute(log, 2024, Mar2026, ReportParameters.Default with { SmallCellThreshold = 5 });
        Assert.True(report.Cell(3, Rows.Tabell3("SP", Rows.Achieved, "count"), Column.K).Suppressed);
        Assert.True(report.Cell(3, Rows.Tabell3("SP", Rows.Achieved, "share"), Column.K).Suppressed);
    }

    private static void Gk(InputLog log, string round, string person, string sickCase, int roundNo, DateOnly date)
    {
        log.Add(new RoundOpened(round, person, sickCase, roundNo, Gender.Woman, date.AddDays(-10), Jan2025));
        log.Add(new FirstMeetingHeld(round, date, At(date.Year, date.Month, date.Day)));
    }

    private sealed class ReportComparer : IEqualityComparer<AnnualReport>
    {
        public bool Equals(AnnualReport? x, AnnualReport? y) => x!.Cells.SequenceEqual(y!.Cells) && x.AsOf == y.AsOf;
        public int GetHashCode(AnnualReport obj) => obj.Cells.Count;
    }
}
