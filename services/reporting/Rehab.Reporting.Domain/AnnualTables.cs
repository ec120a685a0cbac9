using Rehab.BuildingBlocks.Domain;

namespace Rehab.Reporting.Domain;

/// <summary>
/// 000 Tabell 1–5 (DOMAIN §7 M1–M7, §8) for a reporting year from a snapshot of the inputs. Pure: the same snapshot, year and
/// parameters give the same report.
/// </summary>
public static class AnnualTables
{
    /// <summary>Every section of the annual report, in the order the report prints them.</summary>
    public static IReadOnlyList<IReportSection> Sections { get; } = [new FollowUpTables(), new OccupationTables(), new HeadlineKpis(), new CohortOutcomes()];

    public static AnnualReport Compute(InputLog log, int year, DateTimeOffset asOf, ReportParameters? parameters = null) =>
        Compute(log.AsOf(asOf), year, parameters);

    public static AnnualReport Compute(ReportSnapshot snapshot, int year, ReportParameters? parameters = null)
    {
        var p = parameters ?? ReportParameters.Default;
        var cells = Sections.SelectMany(section => section.Compute(snapshot, year, p)).ToList();
        if (p.SmallCellThreshold > 0) cells = cells.Select(c => Suppress(c, p.SmallCellThreshold)).ToList();
        return new AnnualReport(year, snapshot.AsOf, Sections.SelectMany(x => x.Tables).ToList(), cells,
            [.. ReportDefinitions.Common(p), .. Sections.SelectMany(x => x.Definitions(p))], p.Describe());
    }

    private static ReportCell Suppress(ReportCell cell, int threshold)
    {
        var population = cell.Measure == Measure.Count ? cell.Numerator : cell.Denominator;
        return population is > 0 && population < threshold ? cell with { Value = null, Exact = null, Numerator = 0, Denominator = 0, Suppressed = true } : cell;
    }
}

/// <summary>000 Tabell 1–5 (DOMAIN §7 M1–M7, §8).</summary>
public sealed class FollowUpTables : IReportSection
{
    public IReadOnlyList<TableInfo> Tables { get; } =
    [
        new(TableIds.Tabell(1), "Tabell 1 Gemensamma kartläggningar"),
        new(TableIds.Tabell(2), "Tabell 2 Andel till insats"),
        new(TableIds.Tabell(3), "Tabell 3 Resultat efter avslutad rehabiliteringsinsats"),
        new(TableIds.Tabell(4), "Tabell 4 Möten för omställning"),
        new(TableIds.Tabell(5), "Tabell 5 Inskrivna på Arbetsförmedlingen efter omställningsmöte"),
    ];

    public IEnumerable<ReportDefinition> Definitions(ReportParameters parameters) => ReportDefinitions.For(parameters);

    public IEnumerable<ReportCell> Compute(ReportSnapshot snapshot, int year, ReportParameters parameters) =>
        [.. Table1(snapshot, year, parameters), .. Table2(snapshot, year, parameters), .. Table3(snapshot, year, parameters), .. Table4And5(snapshot, year, parameters)];

    // Tabell 1 (M1, M2; footnotes 12–14).
    private static IEnumerable<ReportCell> Table1(ReportSnapshot s, int year, ReportParameters p)
    {
        var gks = s.Rounds.Where(r => r.FirstMeetingDate is not null).ToList();
        var gksByPerson = gks.ToLookup(r => r.PersonId, StringComparer.Ordinal);

        var ae = new RowTally();
        foreach (var (gk, start) in FirstGkPerBenefitPeriod(s, gksByPerson, p.IsActivityCompensation))
            if (gk.FirstMeetingDate!.Value.Year == year) ae.Add(GenderOf(s, gk), Days(start, gk.FirstMeetingDate.Value));

        var total = new RowTally();
        foreach (var (gk, start) in FirstGkPerBenefitPeriod(s, gksByPerson, _ => true))
            if (gk.FirstMeetingDate!.Value.Year == year) total.Add(GenderOf(s, gk), Days(start, gk.FirstMeetingDate.Value));

        var sp = new RowTally();
        var latestPerSickCase = gks.Where(r => r.Opened.SickCaseId.Length > 0)
            .GroupBy(r => r.Opened.SickCaseId, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(r => r.Opened.RoundNo).ThenByDescending(r => r.FirstMeetingDate).ThenBy(r => r.RoundId, StringComparer.Ordinal).First());
        foreach (var gk in latestPerSickCase)
        {
            var date = gk.FirstMeetingDate!.Value;
            if (date.Year != year || !s.SickCaseStarts.TryGetValue(gk.Opened.SickCaseId, out var start) || start > date) continue;
            if (!s.BenefitPeriods[gk.PersonId].Any(b => p.IsSicknessBenefit(b.BenefitType) && b.Covers(date))) continue;
            sp.Add(GenderOf(s, gk), Days(start, date));
        }

        return [.. ae.Means(TableIds.Tabell(1), Rows.AeMeanDays), .. ae.ValueCounts(TableIds.Tabell(1), Rows.AeCount), .. sp.Means(TableIds.Tabell(1), Rows.SpMeanDays), .. sp.ValueCounts(TableIds.Tabell(1), Rows.SpCount),
            .. total.Means(TableIds.Tabell(1), Rows.TotalMeanDays), .. total.ValueCounts(TableIds.Tabell(1), Rows.TotalCount)];
    }

    /// <summary>
    /// Footnotes 12 and 14: per benefit period of the given types, the first GK held while the period was ongoing, measured from
    /// the period start; at most one GK per period, and a GK that is the first of two overlapping periods counts once, from the
    /// earlier start [INF].
    /// </summary>
    private static IEnumerable<(Round Gk, DateOnly PeriodStart)> FirstGkPerBenefitPeriod(ReportSnapshot s, ILookup<string, Round> gksByPerson,
        Func<BenefitType, bool> types)
    {
        var firstPerPeriod = new List<(Round Gk, DateOnly Start)>();
        foreach (var person in gksByPerson)
        {
            foreach (var period in s.BenefitPeriods[person.Key].Where(b => types(b.BenefitType)))
            {
                var first = person.Where(r => period.Covers(r.FirstMeetingDate!.Value))
                    .OrderBy(r => r.FirstMeetingDate).ThenBy(r => r.RoundId, StringComparer.Ordinal).FirstOrDefault();
                if (first is not null) firstPerPeriod.Add((first, period.StartDate));
            }
        }
        return firstPerPeriod.GroupBy(x => x.Gk.RoundId, StringComparer.Ordinal).Select(g => g.OrderBy(x => x.Start).First());
    }

    // Tabell 2 (M3).
    private static IEnumerable<ReportCell> Table2(ReportSnapshot s, int year, ReportParameters p)
    {
        var starts = s.Participations.Where(x => x.RoundId is not null && x.StartDate is not null)
            .GroupBy(x => x.RoundId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(x => x.StartDate!.Value), StringComparer.Ordinal);
        var (ae, sp, total) = (new RowTally(), new RowTally(), new RowTally());
        foreach (var round in s.Rounds.Where(r => r.Concluded?.EffectiveDate.Year == year))
        {
            var concluded = round.Concluded!.EffectiveDate;
            var toIntervention = starts.TryGetValue(round.RoundId, out var start)
                && (p.InterventionWithinDays is not { } within || start <= concluded.AddDays(within)) ? 1 : 0;
            var anchor = round.FirstMeetingDate ?? concluded;
            var active = s.BenefitPeriods[round.PersonId].Where(b => b.Covers(anchor)).Select(b => b.BenefitType).ToList();
            var gender = GenderOf(s, round);
            total.Add(gender, toIntervention);
            if (active.Any(p.IsActivityCompensation)) ae.Add(gender, toIntervention);
            if (active.Any(p.IsSicknessBenefit)) sp.Add(gender, toIntervention);
        }
        return [.. ae.Shares(TableIds.Tabell(2), Rows.AeShare, 0), .. sp.Shares(TableIds.Tabell(2), Rows.SpShare, 0), .. total.Shares(TableIds.Tabell(2), Rows.TotalShare, 0)];
    }

    // Tabell 3 (M4): shares over all closures of the bucket, Unknown included.
    private static IEnumerable<ReportCell> Table3(ReportSnapshot s, int year, ReportParameters p)
    {
        var buckets = new[] { ("AE", (Func<BenefitType, bool>)p.IsActivityCompensation), ("SP", p.IsSicknessBenefit), ("Total", _ => true) };
        var cells = new List<ReportCell>();
        foreach (var (bucket, includes) in buckets)
        {
            var (achieved, remains) = (new RowTally(), new RowTally());
            foreach (var x in s.Participations.Where(x => x.Closure is { } c && c.EffectiveDate.Year == year && includes(c.BenefitAtClosure)))
            {
                var gender = s.GenderOf(x.Closure!.PersonId, x.Closure.Gender);
                achieved.Add(gender, x.Outcome == ClosureOutcome.WorkCapacityAchieved ? 1 : 0);
                remains.Add(gender, x.Outcome == ClosureOutcome.RemainsInSicknessInsurance ? 1 : 0);
            }
            cells.AddRange(CountsOf(achieved, TableIds.Tabell(3), $"{bucket}.{Rows.Achieved}.count"));
            cells.AddRange(achieved.Shares(TableIds.Tabell(3), $"{bucket}.{Rows.Achieved}.share", 0));
            cells.AddRange(CountsOf(remains, TableIds.Tabell(3), $"{bucket}.{Rows.Remains}.count"));
            cells.AddRange(remains.Shares(TableIds.Tabell(3), $"{bucket}.{Rows.Remains}.share", 0));
        }
        return cells;
    }

    private static IEnumerable<ReportCell> CountsOf(RowTally shares, string table, string row)
    {
        var counts = new RowTally();
        foreach (var c in new[] { (Gender.Woman, Column.K), (Gender.Man, Column.M) }) counts.Add(c.Item1, shares.Numerator(c.Item2));
        counts.Add(Gender.Unspecified, shares.Numerator(Column.T) - shares.Numerator(Column.K) - shares.Numerator(Column.M));
        return counts.Counts(table, row);
    }

    // Tabell 4 (M6) and Tabell 5 (M7; D14: the denominator is the Tabell 4 meeting count).
    private static IEnumerable<ReportCell> Table4And5(ReportSnapshot s, int year, ReportParameters p)
    {
        var held = s.TransitionMeetings.Where(m => m.EffectiveDate.Year == year).ToList();
        var (aeMeetings, spContact, spMeetings) = (new RowTally(), new RowTally(), new RowTally());
        var (aeRegistered, spRegistered) = (new RowTally(), new RowTally());
        foreach (var m in held)
        {
            var gender = s.GenderOf(m.PersonId, m.Gender);
            if (m.MeetingType == TransitionMeetingType.ContactMeeting) spContact.Add(gender, 1);
            if (m.MeetingType != TransitionMeetingType.TransitionMeeting) continue;
            var registered = s.RegistrationSpells[m.PersonId].Any(r => r.Overlaps(m.EffectiveDate, m.EffectiveDate.AddDays(p.RegistrationWithinDays))) ? 1 : 0;
            if (p.IsActivityCompensation(m.BenefitType)) { aeMeetings.Add(gender, 1); aeRegistered.Add(gender, registered); }
            if (p.IsSicknessBenefit(m.BenefitType)) { spMeetings.Add(gender, 1); spRegistered.Add(gender, registered); }
        }

        var aeAttending = RefusedAttending(s, year, p, p.IsActivityCompensation, _ => true);
        var spAttending = RefusedAttending(s, year, p, p.IsSicknessBenefit,
            r => r.RehabChainDay >= p.SicknessRefusalFromChainDay || (r.RehabChainDay == 0 && p.NoChainStatuses.Contains(r.EmploymentStatus)));

        return [.. aeMeetings.Counts(TableIds.Tabell(4), Rows.AeTransitionMeetings), .. aeAttending.Shares(TableIds.Tabell(4), Rows.AeRefusedAttendingShare, 1),
            .. spContact.Counts(TableIds.Tabell(4), Rows.SpContactMeetings), .. spMeetings.Counts(TableIds.Tabell(4), Rows.SpTransitionMeetings),
            .. spAttending.Shares(TableIds.Tabell(4), Rows.SpRefusedAttendingShare, 1),
            .. aeRegistered.Shares(TableIds.Tabell(5), Rows.AeRegisteredShare, 1), .. spRegistered.Shares(TableIds.Tabell(5), Rows.SpRegisteredShare, 1)];
    }

    /// <summary>Persons refused in the year (the population rule applied) and, of them, those who attended an omställningsmöte of the benefit around a refusal.</summary>
    private static RowTally RefusedAttending(ReportSnapshot s, int year, ReportParameters p, Func<BenefitType, bool> benefit, Func<RefusalFact, bool> population)
    {
        var meetings = s.TransitionMeetings.Where(m => m.MeetingType == TransitionMeetingType.TransitionMeeting && benefit(m.BenefitType))
            .ToLookup(m => m.PersonId, StringComparer.Ordinal);
        var tally = new RowTally();
        foreach (var person in s.Refusals.Where(r => r.DecisionDate.Year == year && benefit(r.BenefitType) && population(r)).GroupBy(r => r.PersonId, StringComparer.Ordinal))
        {
            var attended = person.Any(r => meetings[person.Key].Any(m =>
                m.EffectiveDate >= r.DecisionDate.AddDays(-p.AttendanceDaysBeforeRefusal) && m.EffectiveDate <= r.DecisionDate.AddDays(p.AttendanceDaysAfterRefusal)));
            tally.Add(s.GenderOf(person.Key), attended ? 1 : 0);
        }
        return tally;
    }

    private static Gender GenderOf(ReportSnapshot s, Round round) => s.GenderOf(round.PersonId, round.Opened.Gender);

    private static long Days(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber;
}
