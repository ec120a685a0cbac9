using Rehab.BuildingBlocks.Domain;

namespace Rehab.Metrics;

/// <summary>The report buckets of DOMAIN §5.1; <see cref="All"/> is the total (each case once).</summary>
public enum BenefitBucket
{
    All = 0,
    ActivityCompensation = 1,
    SicknessBenefit = 2,
    OtherBenefit = 3,
}

public static class BenefitBuckets
{
    public static BenefitBucket Of(BenefitType type) => type switch
    {
        BenefitType.ActivityCompensation => BenefitBucket.ActivityCompensation,
        BenefitType.SicknessBenefit or BenefitType.SicknessBenefitSpecialCases => BenefitBucket.SicknessBenefit,
        _ => BenefitBucket.OtherBenefit,
    };

    /// <summary>Every bucket of the case's benefits (they overlap; the case counts in each row, DOMAIN §10 Q12).</summary>
    public static IReadOnlyList<BenefitBucket> Of(IEnumerable<BenefitType> types)
    {
        var buckets = types.Select(Of).Distinct().Order().ToList();
        return buckets.Count == 0 ? [BenefitBucket.OtherBenefit] : buckets;
    }
}

/// <summary>One case as the metrics see it: its breakdown dimensions and its milestone set.</summary>
public sealed record MetricCase(
    string CaseId, string SickCaseId, int RoundNo, Gender Gender, IReadOnlyList<BenefitType> BenefitTypes, string OfficeId, string RegionId,
    IReadOnlyList<MilestoneOccurrence> Milestones);

[Flags]
public enum Breakdown
{
    None = 0,
    Benefit = 1,
    Gender = 2,
    Office = 4,
    Region = 8,
}

public sealed record LeadTimeQuery(
    IReadOnlyList<string> LeadTimeIds, PeriodKind PeriodKind, Breakdown Breakdown, DateOnly? From = null, DateOnly? To = null);

/// <summary>One row: a lead time in a period and breakdown cell. Dimensions not broken down are "" (or All / Unspecified).</summary>
public sealed record LeadTimeRow(
    string LeadTimeId, string Period, BenefitBucket Benefit, Gender Gender, string OfficeId, string RegionId, Statistics Statistics);

/// <summary>
/// Aggregated lead times (DOMAIN §6, D15). A pure function of the cases' milestone sets, so a late or duplicated event changes
/// the result exactly as if it had arrived once and in order.
/// </summary>
public static class LeadTimeAggregation
{
    public static IReadOnlyList<LeadTimeRow> Aggregate(IEnumerable<MetricCase> cases, LeadTimeQuery query)
    {
        var all = cases.ToList();
        var definitions = query.LeadTimeIds.Count == 0
            ? LeadTimes.All
            : query.LeadTimeIds.Select(id => LeadTimes.Find(id) ?? throw new ArgumentException($"unknown lead time {id}", nameof(query))).ToList();

        var rows = new List<LeadTimeRow>();
        foreach (var definition in definitions)
        {
            var samples = Samples(definition, all)
                .Where(s => (query.From is null || s.Value.EndDate >= query.From) && (query.To is null || s.Value.EndDate <= query.To));
            var cells = samples.SelectMany(s => CellsOf(s.Case, query.Breakdown).Select(cell => (Cell: cell, s.Value)))
                .GroupBy(x => (Period: Period.Of(x.Value.EndDate, query.PeriodKind), x.Cell));
            rows.AddRange(cells.Select(g => new LeadTimeRow(
                definition.Id, g.Key.Period, g.Key.Cell.Benefit, g.Key.Cell.Gender, g.Key.Cell.Office, g.Key.Cell.Region,
                Statistics.Of(g.Select(x => x.Value.Days)))));
        }

        return rows
            .OrderBy(r => LeadTimeOrder(r.LeadTimeId)).ThenBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.Benefit)
            .ThenBy(r => r.Gender).ThenBy(r => r.OfficeId, StringComparer.Ordinal).ThenBy(r => r.RegionId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The values of one lead time across cases, after its counting rule.</summary>
    public static IEnumerable<(MetricCase Case, LeadTimeValue Value)> Samples(LeadTimeDefinition definition, IEnumerable<MetricCase> cases)
    {
        var measured = cases.Select(c => (Case: c, Value: LeadTimes.Of(definition, c.Milestones)));
        if (definition.Counting == CountingRule.LatestRoundPerSickCase)
        {
            // Among the rounds of a sick case that reached their first meeting, only the latest counts (footnote 13).
            measured = cases
                .Where(c => c.Milestones.DateOf(definition.To) is not null)
                .GroupBy(c => string.IsNullOrEmpty(c.SickCaseId) ? "case:" + c.CaseId : c.SickCaseId)
                .Select(g => g.OrderByDescending(c => c.RoundNo).ThenByDescending(c => c.CaseId, StringComparer.Ordinal).First())
                .Select(c => (Case: c, Value: LeadTimes.Of(definition, c.Milestones)));
        }

        return measured.Where(x => x.Value is not null).Select(x => (x.Case, x.Value!));
    }

    private static IEnumerable<(BenefitBucket Benefit, Gender Gender, string Office, string Region)> CellsOf(MetricCase c, Breakdown breakdown)
    {
        var benefits = breakdown.HasFlag(Breakdown.Benefit) ? BenefitBuckets.Of(c.BenefitTypes) : [BenefitBucket.All];
        var gender = breakdown.HasFlag(Breakdown.Gender) ? c.Gender : Gender.Unspecified;
        var office = breakdown.HasFlag(Breakdown.Office) ? c.OfficeId : "";
        var region = breakdown.HasFlag(Breakdown.Region) ? c.RegionId : "";
        return benefits.Select(b => (b, gender, office, region));
    }

    private static int LeadTimeOrder(string id) => int.TryParse(id.AsSpan(2), out var n) ? n : int.MaxValue;
}
