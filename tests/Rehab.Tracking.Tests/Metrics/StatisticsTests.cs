using Rehab.Metrics;
using Xunit;

namespace Rehab.Tracking.Tests.Metrics;

/// <summary>Nearest-rank statistics and period assignment (DOMAIN §6, D15).</summary>
[Trait("Tier", "Fast")]
public sealed class StatisticsTests
{
    [Fact]
    public void Percentiles_are_by_nearest_rank_so_the_median_of_an_even_count_is_the_lower_middle_value()
    {
        var s = Statistics.Of([40, 10, 30, 20]);

        Assert.Equal(4, s.Count);
        Assert.Equal(25.0, s.Mean);
        Assert.Equal(20, s.Median);
        Assert.Equal(40, s.P90);
    }

    [Fact]
    public void The_90th_percentile_of_ten_values_is_the_ninth_and_of_eleven_the_tenth()
    {
        var ten = Enumerable.Range(1, 10).ToArray();
        Assert.Equal(9, Statistics.Of(ten).P90);
        Assert.Equal(10, Statistics.Of(Enumerable.Range(1, 11)).P90);
        Assert.Equal(6, Statistics.Of(Enumerable.Range(1, 11)).Median);
    }

    [Fact]
    public void One_value_is_its_own_mean_median_and_p90_and_no_values_count_zero()
    {
        Assert.Equal(new Statistics(1, 7, 7, 7), Statistics.Of([7]));
        Assert.Equal(0, Statistics.Of([]).Count);
    }

    [Theory]
    [InlineData("2025-01-01", PeriodKind.Year, "2025")]
    [InlineData("2025-03-31", PeriodKind.Quarter, "2025-Q1")]
    [InlineData("2025-04-01", PeriodKind.Quarter, "2025-Q2")]
    [InlineData("2024-12-31", PeriodKind.Quarter, "2024-Q4")]
    [InlineData("2024-02-29", PeriodKind.Month, "2024-02")]
    public void A_lead_time_belongs_to_the_period_of_its_end_date(string end, PeriodKind kind, string period) =>
        Assert.Equal(period, Period.Of(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), kind));

    [Fact]
    public void A_lead_time_that_spans_new_year_counts_in_the_year_it_ended()
    {
        var occurrences = new[]
        {
            new MilestoneOccurrence(Milestone.ConsentRequested, new DateOnly(2024, 12, 20), DateTimeOffset.UnixEpoch, "a"),
            new MilestoneOccurrence(Milestone.ConsentGiven, new DateOnly(2025, 1, 3), DateTimeOffset.UnixEpoch, "b"),
        };
        var value = LeadTimes.Of(LeadTimes.LT3, MilestoneSet.Of(occurrences))!;

        Assert.Equal((14, "2025"), (value.Days, Period.Of(value.EndDate, PeriodKind.Year)));
    }

    [Fact]
    public void Dates_that_run_backwards_are_not_a_lead_time()
    {
        var set = MilestoneSet.Of([
            new MilestoneOccurrence(Milestone.ConsentRequested, new DateOnly(2025, 2, 1), DateTimeOffset.UnixEpoch, "a"),
            new MilestoneOccurrence(Milestone.ConsentGiven, new DateOnly(2025, 1, 3), DateTimeOffset.UnixEpoch, "b"),
        ]);
        Assert.Null(LeadTimes.Of(LeadTimes.LT3, set));
    }

    [Fact]
    public void The_definitions_cover_LT1_to_LT11_once_each()
    {
        Assert.Equal(Enumerable.Range(1, 11).Select(i => $"LT{i}"), LeadTimes.All.Select(d => d.Id));
        Assert.All(LeadTimes.All, d => Assert.NotEqual(d.From, d.To));
    }
}
