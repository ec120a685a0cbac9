using Rehab.BuildingBlocks.Domain;

namespace Rehab.Reporting.Domain;

public sealed record RegionCapacity(string RegionId, string RegionName, long? YearToDate, long? ProjectedForYear, bool Suppressed);

public sealed record CapacityView(int Year, DateTimeOffset AsOf, DateOnly ThroughDate, long PlannedForYear, long YearToDate, long ProjectedForYear,
    decimal PacePercent, IReadOnlyList<RegionCapacity> Regions, IReadOnlyList<ReportDefinition> Definitions);

/// <summary>
/// The capacity view (T16): joint assessments held this year against the planned level. A joint assessment counts on the date
/// of its round's first held meeting (the GK, §10 Q4), as recorded by the as-of instant, from 1 January to the through date
/// (the as-of's civil date in Europe/Stockholm, or 31 December for a past year).
/// </summary>
public static class CapacityPlan
{
    public static CapacityView Compute(IEnumerable<ReportInput> rows, int year, DateTimeOffset asOf, long plannedForYear, int smallCellThreshold)
    {
        var latest = InputLog.Latest(rows, asOf);
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var through = CivilTime.DateOf(asOf) is var today && today < last ? today : last;
        var daysInYear = last.DayNumber - first.DayNumber + 1;
        var elapsed = Math.Max(0, through.DayNumber - first.DayNumber + 1);

        var regions = new RegionView(latest);
        var subjects = new InputSubjects(latest);
        var held = latest.OfType<FirstMeetingHeld>().Where(m => m.EffectiveDate >= first && m.EffectiveDate <= through).ToList();
        var perRegion = held.Select(m => regions.RegionOf(subjects.PersonOf(m))).OfType<string>()
            .GroupBy(r => r, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

        long Project(long ytd) => elapsed == 0 ? 0 : (long)Rounding.Round((decimal)ytd * daysInYear / elapsed, 0);
        var ytd = (long)held.Count;
        var pace = elapsed == 0 || plannedForYear == 0 ? 0m : Rounding.Round(100m * ytd / ((decimal)plannedForYear * elapsed / daysInYear), 1);
        var regionRows = regions.Regions.Keys.Union(perRegion.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(id =>
        {
            var count = perRegion.GetValueOrDefault(id);
            var suppressed = count > 0 && count < smallCellThreshold;
            return new RegionCapacity(id, regions.Regions.GetValueOrDefault(id, id), suppressed ? null : count, suppressed ? null : Project(count), suppressed);
        }).ToList();

        return new CapacityView(year, asOf, through, plannedForYear, ytd, Project(ytd), pace, regionRows,
        [
            new("capacity", "year_to_date", "Joint assessments: rounds whose first meeting (the GK, §10 Q4) was held from 1 January to the through date, as recorded by the as-of instant."),
            new("capacity", "through_date", "The as-of instant's civil date (Europe/Stockholm), or 31 December for a past year."),
            new("capacity", "projected_for_year", "Year to date × days in the year ÷ days elapsed (1 January to the through date), rounded half away from zero."),
            new("capacity", "pace_percent", "Year to date ÷ (planned for the year × days elapsed ÷ days in the year), in percent, one decimal."),
            new("capacity", "planned_for_year", $"The planned level (T16: at least 10 000 a year; configured: {plannedForYear})."),
            new("capacity", "regions", $"A round counts in the region of its person's case office (reference data: office → region); regions with fewer than {smallCellThreshold} joint assessments are suppressed."),
        ]);
    }
}
