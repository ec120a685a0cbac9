using Rehab.BuildingBlocks.Domain;
using Rehab.Metrics;
using Rehab.Tracking.Domain;
using Xunit;

namespace Rehab.Tracking.Tests.Metrics;

/// <summary>
/// Lead-time aggregates kept from events equal a brute-force recomputation from the raw events — also when the events are
/// delivered shuffled and several times (DOMAIN §6, §9.6, D15). Property-style: many generated cases per seed.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class LeadTimeAggregationPropertyTests
{
    private static readonly Milestone[] ProcessOrder =
    [
        Milestone.SickCaseStarted, Milestone.CooperationRelevanceAssessed, Milestone.ConsentRequested, Milestone.ConsentGiven,
        Milestone.JointAssessmentRequested, Milestone.RequestReceived, Milestone.JointAssessmentBooked, Milestone.FirstJointAssessmentMeeting,
        Milestone.ParticipationStarted, Milestone.FirstInterventionStarted, Milestone.ParticipationClosed,
    ];

    private static readonly DateTimeOffset Epoch = new(2023, 1, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The query <see cref="BruteForce"/> spells out: every lead time, by quarter, benefit bucket, gender and office.</summary>
    private static readonly LeadTimeQuery FullBreakdown = new([], PeriodKind.Quarter, Breakdown.Benefit | Breakdown.Gender | Breakdown.Office);

    private sealed record RawEvent(string CaseId, CaseObservation Observation);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Aggregates_equal_a_brute_force_recomputation_whatever_the_delivery_order_and_duplicates(int seed)
    {
        var random = new Random(seed);
        var raw = Generate(random, cases: 250);
        var query = FullBreakdown;

        var expected = BruteForce(raw, query);
        Assert.NotEmpty(expected);

        var inOrder = Project(raw);
        var delivery = raw.Concat(raw.Where(_ => random.NextDouble() < 0.3)).OrderBy(_ => random.Next()).ToList();
        var shuffled = Project(delivery);

        Assert.Equal(inOrder.Values.Select(c => c.Milestones), shuffled.Values.Select(c => c.Milestones));
        Assert.Equal(expected, LeadTimeAggregation.Aggregate(inOrder.Select(c => c.Value.ToMetricCase(c.Key)), query));
        Assert.Equal(expected, LeadTimeAggregation.Aggregate(shuffled.Select(c => c.Value.ToMetricCase(c.Key)), query));
    }

    [Fact]
    public void A_late_event_changes_the_aggregate_exactly_as_if_it_had_arrived_in_order()
    {
        var raw = Generate(new Random(42), cases: 120);
        var query = FullBreakdown;
        var late = raw.Where((_, i) => i % 7 == 0).ToList();
        var early = raw.Except(late).ToList();

        var before = Project(early);
        var after = Project(early.Concat(late).ToList());

        Assert.Equal(BruteForce(raw, query), LeadTimeAggregation.Aggregate(after.Select(c => c.Value.ToMetricCase(c.Key)), query));
        Assert.NotEqual(
            LeadTimeAggregation.Aggregate(before.Select(c => c.Value.ToMetricCase(c.Key)), query),
            LeadTimeAggregation.Aggregate(after.Select(c => c.Value.ToMetricCase(c.Key)), query));
    }

    private static SortedDictionary<string, CaseTrack> Project(IReadOnlyList<RawEvent> delivery)
    {
        var cases = new SortedDictionary<string, CaseTrack>(StringComparer.Ordinal);
        foreach (var e in delivery)
        {
            cases[e.CaseId] = cases.TryGetValue(e.CaseId, out var track)
                ? track.Observe(e.Observation).State
                : CaseTrack.Open(e.CaseId, "person-" + e.CaseId, e.Observation).State;
        }

        return cases;
    }

    private static List<RawEvent> Generate(Random random, int cases)
    {
        var events = new List<RawEvent>();
        var eventNo = 0;
        for (var c = 0; c < cases; c++)
        {
            var caseId = $"case-{c:D4}";
            // Some sick cases have several rounds (footnote 13 counts only the latest).
            var sickCase = $"sick-{random.Next(cases * 2 / 3)}";
            var benefits = random.Next(4) switch
            {
                0 => new[] { BenefitType.ActivityCompensation },
                1 => [BenefitType.SicknessBenefit, BenefitType.RehabilitationBenefit],
                2 => [BenefitType.SicknessCompensation],
                _ => [BenefitType.SicknessBenefit],
            };
            var details = new CaseDetails(sickCase, (Gender)random.Next(3), benefits, $"fk-office-{random.Next(3)}");
            var reached = random.Next(2, ProcessOrder.Length + 1);
            var date = new DateOnly(2023, 1, 1).AddDays(random.Next(700));

            foreach (var milestone in ProcessOrder.Take(reached))
            {
                date = date.AddDays(random.Next(0, 60));
                var recorded = Epoch.AddDays(date.DayNumber - new DateOnly(2023, 1, 1).DayNumber + random.Next(0, 40)).AddMinutes(random.Next(600));
                events.Add(Raw(caseId, milestone, date, recorded, details, ++eventNo, random));
                if (random.NextDouble() < 0.25)
                {
                    // Another occurrence: a later meeting of an "earliest" milestone, or a correction recorded later.
                    var other = Milestones.PolicyOf(milestone) == MilestonePolicy.Earliest ? date.AddDays(random.Next(1, 30)) : date.AddDays(random.Next(-20, 20));
                    events.Add(Raw(caseId, milestone, other, recorded.AddDays(random.Next(1, 90)), details, ++eventNo, random));
                }
            }
        }

        return events;
    }

    private static RawEvent Raw(string caseId, Milestone milestone, DateOnly date, DateTimeOffset recorded, CaseDetails details, int no, Random random) =>
        new(caseId, new CaseObservation($"evt-{no:D6}", recorded, date)
        {
            Milestone = milestone,
            Details = details,
            JointAssessmentId = milestone >= Milestone.JointAssessmentBooked ? "ja-" + caseId : null,
            RoundNo = milestone >= Milestone.JointAssessmentBooked ? 1 + int.Parse(caseId[5..], System.Globalization.CultureInfo.InvariantCulture) % 3 : 0,
        });

    /// <summary>Straight from the raw events, with none of the production merge code: the specification, spelt out.</summary>
    private static List<LeadTimeRow> BruteForce(IReadOnlyList<RawEvent> raw, LeadTimeQuery query)
    {
        var byCase = raw.GroupBy(e => e.CaseId).ToDictionary(g => g.Key, g => g.Select(e => e.Observation).ToList());

        DateOnly? DateOf(List<CaseObservation> events, Milestone milestone)
        {
            var of = events.Where(e => e.Milestone == milestone).ToList();
            if (of.Count == 0) return null;
            return milestone is Milestone.SickCaseStarted or Milestone.ParticipationClosed
                ? of.OrderByDescending(e => e.RecordedAt).ThenByDescending(e => e.SourceEventId, StringComparer.Ordinal).First().EffectiveDate
                : of.Min(e => e.EffectiveDate);
        }

        int RoundOf(List<CaseObservation> events) => events.Max(e => e.RoundNo);

        var samples = new List<(string Lt, string Period, BenefitBucket Bucket, Gender Gender, string Office, int Days)>();
        foreach (var definition in LeadTimes.All)
        {
            var eligible = byCase.Keys.ToList();
            if (definition.Id == "LT11")
            {
                eligible = byCase.Where(c => DateOf(c.Value, definition.To) is not null)
                    .GroupBy(c => c.Value[0].Details!.SickCaseId)
                    .Select(g => g.OrderByDescending(c => RoundOf(c.Value)).ThenByDescending(c => c.Key, StringComparer.Ordinal).First().Key)
                    .ToList();
            }

            foreach (var caseId in eligible)
            {
                var events = byCase[caseId];
                var (from, to) = (DateOf(events, definition.From), DateOf(events, definition.To));
                if (from is null || to is null || to < from) continue;
                var details = events[0].Details!;
                var buckets = details.BenefitTypes.Select(b => b switch
                {
                    BenefitType.ActivityCompensation => BenefitBucket.ActivityCompensation,
                    BenefitType.SicknessBenefit => BenefitBucket.SicknessBenefit,
                    _ => BenefitBucket.OtherBenefit,
                }).Distinct();
                var period = $"{to.Value.Year}-Q{(to.Value.Month + 2) / 3}";
                samples.AddRange(buckets.Select(b => (definition.Id, period, b, details.Gender, details.FkOfficeId, to.Value.DayNumber - from.Value.DayNumber)));
            }
        }

        return samples
            .GroupBy(s => (s.Lt, s.Period, s.Bucket, s.Gender, s.Office))
            .Select(g =>
            {
                var sorted = g.Select(s => s.Days).OrderBy(d => d).ToList();
                var n = sorted.Count;
                var stats = new Statistics(n, sorted.Sum() / (double)n, sorted[(int)Math.Ceiling(n * 0.5) - 1], sorted[(int)Math.Ceiling(n * 0.9) - 1]);
                return new LeadTimeRow(g.Key.Lt, g.Key.Period, g.Key.Bucket, g.Key.Gender, g.Key.Office, "", stats);
            })
            .OrderBy(r => int.Parse(r.LeadTimeId[2..], System.Globalization.CultureInfo.InvariantCulture)).ThenBy(r => r.Period, StringComparer.Ordinal)
            .ThenBy(r => r.Benefit).ThenBy(r => r.Gender).ThenBy(r => r.OfficeId, StringComparer.Ordinal)
            .ToList();
    }
}
