using Rehab.BuildingBlocks.Domain;
using Rehab.Reporting.Domain;
using Xunit;

namespace Rehab.Reporting.Tests;

/// <summary>Diffs between as-of instants name the changed cells and the late facts that changed them; the capacity view's arithmetic.</summary>
[Trait("Tier", "Fast")]
public sealed class DiffAndCapacityTests
{
    private static readonly DateTimeOffset First = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 12, 0, 0, TimeSpan.Zero);

    private static ParticipationClosed Closure(string id, string person, Gender gender, ClosureOutcome outcome, DateTimeOffset recorded) =>
        new(id, person, gender, BenefitType.SicknessBenefit, outcome, new DateOnly(2024, 10, 1), recorded) { Reference = "event-" + id };

    private static void Gk(List<ReportInput> rows, string round, string person, DateOnly date)
    {
        rows.Add(new RoundOpened(round, person, "sc-" + round, 1, Gender.Man, date.AddDays(-10), At(2024, 1, 2)) { Reference = "open-" + round });
        rows.Add(new FirstMeetingHeld(round, date, At(2024, 1, 2).AddDays(date.DayOfYear)) { Reference = "held-" + round });
        rows.Add(new CaseOfficeStated(person, "fk-1", date, At(2024, 1, 2)));
    }

    [Fact]
    public void A_late_benefit_period_and_a_late_closure_change_exactly_the_cells_the_definitions_say_and_the_diff_names_them()
    {
        var rows = new List<ReportInput>
        {
            new BenefitPeriodFact("fk/bp-1", "bp-1", "p1", BenefitType.SicknessBenefit, new DateOnly(2023, 1, 1), null, new DateOnly(2023, 1, 1), At(2024, 1, 1)),
            Closure("c1", "p3", Gender.Woman, ClosureOutcome.RemainsInSicknessInsurance, At(2024, 10, 2)),
        };
        Gk(rows, "r1", "p1", new DateOnly(2024, 5, 1));
        Gk(rows, "r2", "p2", new DateOnly(2024, 6, 1));
        // Late: p2's benefit period (so r2's GK now counts in Tabell 1) and p4's closure (Tabell 3), recorded between the two as-ofs.
        rows.Add(new BenefitPeriodFact("fk/bp-2", "bp-2", "p2", BenefitType.SicknessBenefit, new DateOnly(2024, 1, 1), null, new DateOnly(2024, 1, 1), At(2025, 4, 1)) { Reference = "fk/bp-2" });
        rows.Add(Closure("c2", "p4", Gender.Woman, ClosureOutcome.WorkCapacityAchieved, At(2025, 5, 1)));
        // Also late, but changes nothing: a revision of p1's period with the same dates.
        rows.Add(new BenefitPeriodFact("fk/bp-1", "bp-1", "p1", BenefitType.SicknessBenefit, new DateOnly(2023, 1, 1), null, new DateOnly(2023, 1, 1), At(2025, 4, 2)) { Reference = "fk/bp-1" });

        var query = new ReportQuery(2024, First, [], null);
        var before = Reports.Annual(rows, query, ReportParameters.Default, 5);
        var diff = ReportDiffs.Compute(rows, query, Second, ReportParameters.Default, 5);

        Assert.Equal(before.Cells, Reports.Annual(rows, query, ReportParameters.Default, 5).Cells);
        var gks = diff.Changes.Single(c => c.TableId == "000.1" && c.Row == Rows.TotalCount && c.Column == Column.M);
        Assert.Equal((1m, 2m), (gks.FromValue, gks.ToValue));
        Assert.Equal(["fk/bp-2"], gks.LateFacts.Select(f => f.Reference));
        Assert.Equal("BenefitPeriodFact", gks.LateFacts[0].Kind);

        var achieved = diff.Changes.Single(c => c.TableId == "000.3" && c.Row == Rows.Tabell3("SP", Rows.Achieved, "count") && c.Column == Column.K);
        Assert.Equal((0m, 1m), (achieved.FromValue, achieved.ToValue));
        Assert.Equal(["event-c2"], achieved.LateFacts.Select(f => f.Reference));
        Assert.Equal("ParticipationClosed", achieved.LateFacts[0].Kind);

        // Only the tables the GK feeds (000 Tabell 1, 001 Tabell 6 by benefit) and those the achieved closure feeds (000 Tabell 3,
        // 001 Tabell 4 results, 003.1 occupation after an SP closure) changed, each naming its own late fact; the no-op revision is named nowhere.
        var feeds = new Dictionary<string, string> { ["000.1"] = "fk/bp-2", ["001.6"] = "fk/bp-2", ["000.3"] = "event-c2", ["001.4"] = "event-c2", ["003.1"] = "event-c2" };
        Assert.All(diff.Changes, c => Assert.True(
            feeds.TryGetValue(c.TableId, out var fact) && c.LateFacts.Select(f => f.Reference).SequenceEqual([fact]), c + ": " + string.Join(", ", c.LateFacts)));
        Assert.Equal(feeds.Keys.Order(StringComparer.Ordinal), diff.Changes.Select(c => c.TableId).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(diff.Changes.SelectMany(c => c.LateFacts), f => f.Reference == "fk/bp-1");
        Assert.DoesNotContain(diff.Changes, c => c.Row.StartsWith("AE.", StringComparison.Ordinal));
        Assert.DoesNotContain(diff.Changes.SelectMany(c => c.LateFacts), f => f.Reference is "p1" or "p2" or "p3" or "p4");
    }

    [Fact]
    public void A_region_counts_the_persons_of_its_offices_and_suppresses_small_cells()
    {
        var rows = new List<ReportInput>
        {
            new OfficeInRegion("fk-1", "north", new DateOnly(2020, 1, 1), At(2020, 1, 1)),
            new OfficeInRegion("fk-2", "south", new DateOnly(2020, 1, 1), At(2020, 1, 1)),
            new RegionNamed("north", "Norr", new DateOnly(2020, 1, 1), At(2020, 1, 1)),
        };
        for (var i = 0; i < 6; i++) Gk(rows, "r" + i, "p" + i, new DateOnly(2024, 3, 1 + i));
        rows.Add(new CaseOfficeStated("p0", "fk-2", new DateOnly(2024, 1, 1), At(2024, 2, 1)));  // p0 moved to the south office
        for (var i = 0; i < 6; i++)
            rows.Add(new BenefitPeriodFact($"fk/bp-{i}", $"bp-{i}", "p" + i, BenefitType.SicknessBenefit, new DateOnly(2023, 1, 1), null, new DateOnly(2023, 1, 1), At(2024, 1, 1)));

        var asOf = At(2025, 1, 1);
        var north = Reports.Annual(rows, new ReportQuery(2024, asOf, ["000.1"], "north"), ReportParameters.Default, 5);
        var south = Reports.Annual(rows, new ReportQuery(2024, asOf, ["000.1"], "south"), ReportParameters.Default, 5);
        var national = Reports.Annual(rows, new ReportQuery(2024, asOf, ["000.1"], null), ReportParameters.Default, 5);
        Assert.Equal(5, north.Cell(1, Rows.TotalCount, Column.M).Value);
        Assert.True(south.Cell(1, Rows.TotalCount, Column.M).Suppressed);
        Assert.Equal(6, national.Cell(1, Rows.TotalCount, Column.M).Value);
        Assert.All(national.Cells, c => Assert.Equal("000.1", c.TableId));
        Assert.False(national.Cell(1, Rows.AeCount, Column.K).Suppressed);
    }

    [Fact]
    public void Capacity_projects_the_year_from_the_days_elapsed()
    {
        var rows = new List<ReportInput> { new OfficeInRegion("fk-1", "north", new DateOnly(2020, 1, 1), At(2020, 1, 1)) };
        for (var i = 0; i < 30; i++) Gk(rows, "r" + i, "p" + i, new DateOnly(2025, 1, 1).AddDays(i * 2));
        Gk(rows, "late", "px", new DateOnly(2025, 1, 2));
        rows.RemoveAll(r => r is FirstMeetingHeld { RoundId: "late" });
        rows.Add(new FirstMeetingHeld("late", new DateOnly(2025, 1, 2), At(2025, 3, 1)));

        // Through 10 February 2025 (41 days): GKs on days 1, 3, …, 41 → 21; recorded by the as-of.
        var view = CapacityPlan.Compute(rows, 2025, new DateTimeOffset(2025, 2, 10, 20, 0, 0, TimeSpan.Zero), 10_000, 5);
        Assert.Equal(new DateOnly(2025, 2, 10), view.ThroughDate);
        Assert.Equal(21, view.YearToDate);
        Assert.Equal(Rounding.Round(21m * 365 / 41, 0), view.ProjectedForYear);
        Assert.Equal(Rounding.Round(100m * 21 / (10_000m * 41 / 365), 1), view.PacePercent);
        Assert.Equal(21, Assert.Single(view.Regions).YearToDate);
        Assert.Contains(view.Definitions, d => d.Text.Contains("first meeting", StringComparison.Ordinal));

        var past = CapacityPlan.Compute(rows, 2025, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), 10_000, 5);
        Assert.Equal(new DateOnly(2025, 12, 31), past.ThroughDate);
        Assert.Equal(31, past.YearToDate);
        Assert.Equal(31, past.ProjectedForYear);
    }
}
