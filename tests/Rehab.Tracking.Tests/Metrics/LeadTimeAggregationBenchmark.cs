using System.Diagnostics;
using Rehab.BuildingBlocks.Domain;
using Rehab.Metrics;
using Xunit;
using Xunit.Abstractions;

namespace Rehab.Tracking.Tests.Metrics;

/// <summary>
/// How long recomputing every lead time from the case milestone sets takes (GetLeadTimeStatistics does this per call).
/// Run: dotnet test tests/Rehab.Tracking.Tests --filter "FullyQualifiedName~LeadTimeAggregationBenchmark" --logger "console;verbosity=detailed"
/// </summary>
[Trait("Tier", "Long")]
public sealed class LeadTimeAggregationBenchmark(ITestOutputHelper output)
{
    [Theory]
    [InlineData(10_000)]
    [InlineData(50_000)]
    public void Aggregating_every_lead_time_by_quarter_benefit_gender_and_office(int caseCount)
    {
        var random = new Random(1);
        var milestones = Enum.GetValues<Milestone>().Where(m => m != Milestone.Unspecified).ToArray();
        var cases = Enumerable.Range(0, caseCount).Select(i =>
        {
            var date = new DateOnly(2023, 1, 1).AddDays(random.Next(700));
            var set = MilestoneSet.Of(milestones.Select(m => new MilestoneOccurrence(m, date = date.AddDays(random.Next(30)), DateTimeOffset.UnixEpoch, $"e{i}-{m}")));
            return new MetricCase($"c{i}", $"s{i % (caseCount / 2)}", 1 + i % 2, (Gender)(i % 3), [BenefitType.SicknessBenefit], $"office-{i % 40}", "", set);
        }).ToList();
        var query = new LeadTimeQuery([], PeriodKind.Quarter, Breakdown.Benefit | Breakdown.Gender | Breakdown.Office);

        LeadTimeAggregation.Aggregate(cases, query); // warm-up (JIT)
        var watch = Stopwatch.StartNew();
        var rows = LeadTimeAggregation.Aggregate(cases, query);
        watch.Stop();

        output.WriteLine($"{caseCount} cases, {rows.Count} rows: {watch.ElapsedMilliseconds} ms");
        Assert.NotEmpty(rows);
    }
}
