using Rehab.BuildingBlocks.Domain;
using Rehab.Metrics;

namespace Rehab.Reporting.Domain;

/// <summary>
/// 001 (the 2020 return report, DOMAIN §7 M8; seed-001 §5.2–5.3): its Tabell 4–7 and the KPIs it states in the text (ids after
/// the seed's indicator ids M2, M4, M6, M10). Not here: Tabell 1–3 (funds; no contract carries money), M7 (psychiatric diagnosis;
/// medical data is out of scope, D18), M8 (the share to an intervention is 000 Tabell 2, K/M/T by AE/SP/Total).
/// </summary>
public sealed class HeadlineKpis : IReportSection
{
    public const string Results = "001.4";
    public const string GkByGender = "001.5";
    public const string GkByBenefit = "001.6";
    public const string TransitionMeetings = "001.7";
    public const string InIntervention = "001.M2";
    public const string Duration = "001.M4";
    public const string TimeBeforeGk = "001.M6";
    public const string ContactMeetings = "001.M10";

    /// <summary>The rows of 001 Tabell 4 (the gender rows are the K and M columns of every group).</summary>
    public static readonly IReadOnlyList<string> ResultGroups = ["Total", "SP", "AE", "age_18_29", "age_30_65"];

    public static readonly IReadOnlyList<(string Row, Func<ClosureOutcome, bool> Is)> ResultOutcomes =
    [
        ("achieved", o => o == ClosureOutcome.WorkCapacityAchieved),
        ("remains", o => o == ClosureOutcome.RemainsInSicknessInsurance),
        ("no_information", o => o is ClosureOutcome.Unknown or ClosureOutcome.Unspecified),
    ];

    public static string ResultRow(string group, string outcome, string measure) => $"{group}.{outcome}.{measure}";

    /// <summary>The lead times of the duration KPI (§10 Q7: compute LT8–LT10; 001's "372 days" is LT9 [INF]).</summary>
    public static readonly IReadOnlyList<LeadTimeDefinition> DurationLeadTimes = [LeadTimes.LT9, LeadTimes.LT8, LeadTimes.LT10];

    public IReadOnlyList<TableInfo> Tables { get; } =
    [
        new(Results, "Tabell 4 Resultat efter avslutad rehabiliteringsinsats (001)"),
        new(GkByGender, "Tabell 5 Gemensam kartläggning, kvinnor och män (001)"),
        new(GkByBenefit, "Tabell 6 Antal gemensam kartläggning, ersättning (001)"),
        new(TransitionMeetings, "Tabell 7 Antal omställningsmöten, ersättning (001)"),
        new(InIntervention, "Individer i pågående rehabiliteringsinsats, medel per månad och december (001 M2, M3)"),
        new(Duration, "Genomsnittlig tid för det gemensamma stödet (001 M4)"),
        new(TimeBeforeGk, "Tid i sjukförsäkringen före den gemensamma kartläggningen (001 M6)"),
        new(ContactMeetings, "Antal kontaktmöten (001 M10)"),
    ];

    public IEnumerable<ReportDefinition> Definitions(ReportParameters parameters) =>
    [
        new(Results, "*", "Participations closed in the year (as 000 Tabell 3). Achieved = WorkCapacityAchieved (fått/återfått arbetsförmåga, the 001 headline KPI; its goal is a rise year on year); remains = RemainsInSicknessInsurance; no_information = Unknown (Ingen uppgift); shares divide by all closures of the row (total.count)."),
        new(Results, "*", "Rows: Total; SP and AE by the benefit at closure (other benefits count in Total only, 001 fn 27); age_18_29 and age_30_65 by full years at the closure date from the person registry's birth date (people without a known birth date, or outside the bands, count in Total only). Kvinnor/Män are the K and M columns."),
        new(GkByGender, "*", "GKs held in the year: rounds whose first meeting (§10 Q4) is in the year, every round counted (not the footnote 12–14 rule of 000 Tabell 1). gk.share = the column's count ÷ the T count."),
        new(GkByBenefit, "*", "GKs as in 001.5, by the benefit periods ongoing on the first-meeting date: SP and AE rows per overlap (§10 Q12: a GK with both counts in both), Other = neither AE nor SP ongoing (incl. no known period). Shares divide by the column's GK count, so overlaps can make them sum above 100."),
        new(TransitionMeetings, "*", $"Omställningsmöten held in the year by the meeting's benefit: SP = {string.Join(", ", parameters.SicknessBenefitTypes)}; AE = {string.Join(", ", parameters.ActivityCompensationTypes)}; SE = SicknessCompensation; Other = any other. Shares of the column's total."),
        new(InIntervention, "*", "Distinct persons with a participation started and not closed on the last day of a month [INF: the source does not say which day counts]; mean_per_month = the mean over the year's 12 months (numerator = the sum of the monthly counts, denominator = 12); december = the count on 31 December (001 M3)."),
        new(Duration, "*", "Participations closed in the year, by benefit at closure (Total/SP/AE). LT9 = the referral's earliest JointAssessmentRequested (\"gemensam kartläggning initieras\" [INF], §10 Q7) → the closure date; LT8 = the round's first GK meeting → closure; LT10 = the participation's start → closure. Definitions, chronology guard and nearest-rank median from Rehab.Metrics (the tracking service's lead times)."),
        new(TimeBeforeGk, "*", "Every GK held in the year (not the footnote 12–14 rule; §10 Q5: both variants are computed, do not compare with 000 Tabell 1): SP = days from the round's sick-case start to the GK when a sickness-benefit period is ongoing on that day; AE = days from the start of the (earliest) ongoing activity-compensation period. 001 does not state whether it published a mean or a median: both are given."),
        new(ContactMeetings, "*", "Kontaktmöten held in the year; share = the column's count ÷ the T count (001: 59 % women)."),
    ];

    public IEnumerable<ReportCell> Compute(ReportSnapshot snapshot, int year, ReportParameters parameters) =>
    [
        .. ResultTable(snapshot, year, parameters), .. Gks(snapshot, year, parameters), .. Meetings(snapshot, year, parameters),
        .. PersonsInIntervention(snapshot, year), .. Durations(snapshot, year, parameters), .. TimeInInsuranceBeforeGk(snapshot, year, parameters),
    ];

    private static IEnumerable<ReportCell> ResultTable(ReportSnapshot s, int year, ReportParameters p)
    {
        var totals = ResultGroups.ToDictionary(g => g, _ => new RowTally(), StringComparer.Ordinal);
        var outcomes = ResultGroups.SelectMany(g => ResultOutcomes.Select(o => (g, o.Row))).ToDictionary(k => k, _ => new RowTally());
        foreach (var x in s.Participations.Where(x => x.Closure is { } c && c.EffectiveDate.Year == year))
        {
            var closure = x.Closure!;
            var gender = s.GenderOf(closure.PersonId, closure.Gender);
            int? age = s.BirthDates.TryGetValue(closure.PersonId, out var birth) ? SectionCells.AgeOn(birth, closure.EffectiveDate) : null;
            var groups = new List<string> { "Total" };
            if (p.IsSicknessBenefit(closure.BenefitAtClosure)) groups.Add("SP");
            if (p.IsActivityCompensation(closure.BenefitAtClosure)) groups.Add("AE");
            if (age is >= 18 and <= 29) groups.Add("age_18_29");
            if (age is >= 30 and <= 65) groups.Add("age_30_65");
            foreach (var g in groups)
            {
                totals[g].Add(gender, 1);
                foreach (var o in ResultOutcomes) outcomes[(g, o.Row)].Add(gender, o.Is(x.Outcome) ? 1 : 0);
            }
        }

        var cells = new List<ReportCell>();
        foreach (var g in ResultGroups)
        {
            foreach (var o in ResultOutcomes)
            {
                var tally = outcomes[(g, o.Row)];
                cells.AddRange(tally.Counts(Results, ResultRow(g, o.Row, "count")));
                cells.AddRange(SectionCells.SharesOf(tally, totals[g], Results, ResultRow(g, o.Row, "share"), 0));
            }
            cells.AddRange(totals[g].Counts(Results, ResultRow(g, "total", "count")));
        }
        return cells;
    }

    private static IEnumerable<ReportCell> Gks(ReportSnapshot s, int year, ReportParameters p)
    {
        var (all, sp, ae, other) = (new RowTally(), new RowTally(), new RowTally(), new RowTally());
        foreach (var round in s.Rounds.Where(r => r.FirstMeetingDate?.Year == year))
        {
            var date = round.FirstMeetingDate!.Value;
            var gender = s.GenderOf(round.PersonId, round.Opened.Gender);
            var active = s.BenefitPeriods[round.PersonId].Where(b => b.Covers(date)).Select(b => b.BenefitType).ToList();
            var (isSp, isAe) = (active.Any(p.IsSicknessBenefit), active.Any(p.IsActivityCompensation));
            all.Add(gender, 1);
            sp.Add(gender, isSp ? 1 : 0);
            ae.Add(gender, isAe ? 1 : 0);
            other.Add(gender, isSp || isAe ? 0 : 1);
        }
        return
        [
            .. all.Counts(GkByGender, "gk.count"), .. SectionCells.SharesOf(all, _ => all.Numerator(Column.T), GkByGender, "gk.share", 0),
            .. sp.Counts(GkByBenefit, "SP.count"), .. SectionCells.SharesOf(sp, all, GkByBenefit, "SP.share", 0),
            .. ae.Counts(GkByBenefit, "AE.count"), .. SectionCells.SharesOf(ae, all, GkByBenefit, "AE.share", 0),
            .. other.Counts(GkByBenefit, "Other.count"), .. SectionCells.SharesOf(other, all, GkByBenefit, "Other.share", 0),
            .. all.Counts(GkByBenefit, "Total.count"),
        ];
    }

    private static IEnumerable<ReportCell> Meetings(ReportSnapshot s, int year, ReportParameters p)
    {
        var rows = new (string Row, Func<BenefitType, bool> Is)[]
        {
            ("SP", p.IsSicknessBenefit), ("AE", p.IsActivityCompensation), ("SE", b => b == BenefitType.SicknessCompensation),
        };
        var all = new RowTally();
        var tallies = rows.Select(_ => new RowTally()).ToArray();
        var other = new RowTally();
        var contact = new RowTally();
        foreach (var m in s.TransitionMeetings.Where(m => m.EffectiveDate.Year == year))
        {
            var gender = s.GenderOf(m.PersonId, m.Gender);
            if (m.MeetingType == TransitionMeetingType.ContactMeeting) contact.Add(gender, 1);
            if (m.MeetingType != TransitionMeetingType.TransitionMeeting) continue;
            all.Add(gender, 1);
            var matched = false;
            for (var i = 0; i < rows.Length; i++)
            {
                var hit = !matched && rows[i].Is(m.BenefitType);
                tallies[i].Add(gender, hit ? 1 : 0);
                matched |= hit;
            }
            other.Add(gender, matched ? 0 : 1);
        }

        var cells = new List<ReportCell>();
        for (var i = 0; i < rows.Length; i++)
            cells.AddRange([.. tallies[i].Counts(TransitionMeetings, $"{rows[i].Row}.count"), .. SectionCells.SharesOf(tallies[i], all, TransitionMeetings, $"{rows[i].Row}.share", 0)]);
        cells.AddRange([.. other.Counts(TransitionMeetings, "Other.count"), .. SectionCells.SharesOf(other, all, TransitionMeetings, "Other.share", 0)]);
        cells.AddRange(all.Counts(TransitionMeetings, "Total.count"));
        cells.AddRange([.. contact.Counts(ContactMeetings, "contact_meetings.count"),
            .. SectionCells.SharesOf(contact, _ => contact.Numerator(Column.T), ContactMeetings, "contact_meetings.share", 0)]);
        return cells;
    }

    private static IEnumerable<ReportCell> PersonsInIntervention(ReportSnapshot s, int year)
    {
        var sums = new long[3];
        var december = new RowTally();
        for (var month = 1; month <= 12; month++)
        {
            var lastDay = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            var persons = s.Participations.Where(x => x.OngoingOn(lastDay))
                .GroupBy(x => x.PersonId.Length > 0 ? x.PersonId : "participation:" + x.ParticipationId, StringComparer.Ordinal)
                .Select(g => s.GenderOf(g.First().PersonId, g.Select(x => x.Closure?.Gender ?? Gender.Unspecified).FirstOrDefault(x => x != Gender.Unspecified)));
            var tally = month == 12 ? december : new RowTally();
            foreach (var gender in persons) tally.Add(gender, 1);
            foreach (var c in Enum.GetValues<Column>()) sums[(int)c] += tally.Numerator(c);
        }
        var means = Enum.GetValues<Column>().Select(c =>
        {
            var exact = sums[(int)c] / 12m;
            return new ReportCell(InIntervention, "mean_per_month", c, Measure.Count, Rounding.Round(exact, 0), exact, sums[(int)c], 12, 0);
        });
        return [.. means, .. december.Counts(InIntervention, "december.count")];
    }

    private static IEnumerable<ReportCell> Durations(ReportSnapshot s, int year, ReportParameters p)
    {
        var groups = new[] { "Total", "SP", "AE" };
        var tallies = DurationLeadTimes.SelectMany(d => groups.Select(g => (d.Id, g))).ToDictionary(k => k, _ => new DaysTally());
        foreach (var x in s.Participations.Where(x => x.Closure is { } c && c.EffectiveDate.Year == year))
        {
            var closure = x.Closure!;
            var gender = s.GenderOf(closure.PersonId, closure.Gender);
            var milestones = MilestonesOf(s, x);
            var inGroups = groups.Where(g => g == "Total" || (g == "SP" ? p.IsSicknessBenefit(closure.BenefitAtClosure) : p.IsActivityCompensation(closure.BenefitAtClosure))).ToList();
            foreach (var definition in DurationLeadTimes)
            {
                if (LeadTimes.Of(definition, milestones) is not { } value) continue;
                foreach (var g in inGroups) tallies[(definition.Id, g)].Add(gender, value.Days);
            }
        }
        return tallies.SelectMany(t => t.Value.Cells(Duration, $"{t.Key.Id}.{t.Key.g}"));
    }

    /// <summary>The participation's milestones as Rehab.Metrics reads them (the same milestone names the tracking service maps events to).</summary>
    private static IReadOnlyList<MilestoneOccurrence> MilestonesOf(ReportSnapshot s, Participation x)
    {
        var occurrences = new List<MilestoneOccurrence>();
        if (s.JointAssessmentRequests.TryGetValue(x.ReferralId, out var requested))
            occurrences.Add(new(Milestone.JointAssessmentRequested, requested.EffectiveDate, requested.RecordedAt, requested.Key));
        if (x.RoundId is not null && s.RoundsById.TryGetValue(x.RoundId, out var round) && round.FirstMeetingDate is { } gk)
            occurrences.Add(new(Milestone.FirstJointAssessmentMeeting, gk, s.AsOf, "round-first-meeting:" + round.RoundId));
        if (x.StartDate is { } start) occurrences.Add(new(Milestone.ParticipationStarted, start, s.AsOf, "participation-started:" + x.ParticipationId));
        if (x.Closure is { } closure) occurrences.Add(new(Milestone.ParticipationClosed, closure.EffectiveDate, closure.RecordedAt, closure.Key));
        return MilestoneSet.Of(occurrences);
    }

    private static IEnumerable<ReportCell> TimeInInsuranceBeforeGk(ReportSnapshot s, int year, ReportParameters p)
    {
        var (sp, ae) = (new DaysTally(), new DaysTally());
        foreach (var round in s.Rounds.Where(r => r.FirstMeetingDate?.Year == year))
        {
            var date = round.FirstMeetingDate!.Value;
            var gender = s.GenderOf(round.PersonId, round.Opened.Gender);
            var active = s.BenefitPeriods[round.PersonId].Where(b => b.Covers(date)).ToList();
            if (active.Any(b => p.IsSicknessBenefit(b.BenefitType)) && s.SickCaseStarts.TryGetValue(round.Opened.SickCaseId, out var sickCaseStart) && sickCaseStart <= date)
                sp.Add(gender, date.DayNumber - sickCaseStart.DayNumber);
            if (active.Where(b => p.IsActivityCompensation(b.BenefitType)).Select(b => (DateOnly?)b.StartDate).Min() is { } aeStart)
                ae.Add(gender, date.DayNumber - aeStart.DayNumber);
        }
        return [.. sp.Cells(TimeBeforeGk, "SP"), .. ae.Cells(TimeBeforeGk, "AE")];
    }
}
