using Rehab.BuildingBlocks.Domain;
using Rehab.Metrics;

namespace Rehab.Reporting.Domain;

/// <summary>
/// 002 (the AF study of start-year cohorts, DOMAIN §7 M9–M10, §8; seed-002 §4–5): cohort size and composition (Table 1, Table 3),
/// time in cooperation (Figure 5), the outcome at closure (Figure 6) and the states at 18/24/30/36 months (Tables 5–10, B.1, B.2,
/// Figure B.4). A cohort is the participations whose start date (AF's registered start) falls in a start year; the report follows
/// <see cref="ReportParameters.CohortStartYears"/> start years ending with the reporting year. Censored cells are partial (§10 Q9).
/// </summary>
public sealed class CohortOutcomes : IReportSection
{
    public const string Cohorts = "002.1";
    public const string BenefitAtStart = "002.3";
    public const string TimeInCooperation = "002.F5";
    public const string OutcomeAtClosure = "002.F6";

    /// <summary>A cohort member's state at a fixed point (seed-002 §4.5: cooperation first, then the AF registration, then the last deregistration).</summary>
    public enum AfState
    {
        InCooperation,
        SubsidisedEmployment,
        Programme,
        Amu,
        OpenlyUnemployed,
        OtherRegistered,
        DeregisteredKnownReason,
        DeregisteredWorkOrSamhall,
        DeregisteredRegularEducation,
        DeregisteredOther,
        NotRegistered,
    }

    public static readonly IReadOnlyList<(string TableId, string Title, Func<AfState, bool> Counts)> FixedPointTables =
    [
        ("002.5", "Tabell 5 Andel i pågående samverkan (002)", s => s == AfState.InCooperation),
        ("002.6", "Tabell 6 Andel ej inskrivna på Arbetsförmedlingen, senaste avregistreringsorsak känd orsak (002)", s => s == AfState.DeregisteredKnownReason),
        ("002.7", "Tabell 7 Andel avregistrerade till osubventionerat arbete eller Samhall fram till tidpunkten (002)", s => s == AfState.DeregisteredWorkOrSamhall),
        ("002.8", "Tabell 8 Andel inskrivna med subventionerad anställning (002)", s => s == AfState.SubsidisedEmployment),
        ("002.9", "Tabell 9 Andel inskrivna i arbetsmarknadspolitiskt program efter avslutad samverkan (002)", s => s == AfState.Programme),
        ("002.10", "Tabell 10 Andel inskrivna som öppet arbetslösa (002)", s => s == AfState.OpenlyUnemployed),
        ("002.B1", "Tabell B.1 Andel avregistrerade från Arbetsförmedlingen (002)", IsDeregistered),
        ("002.B2", "Tabell B.2 Andel i arbetsmarknadsutbildning (002)", s => s == AfState.Amu),
        ("002.B4", "Figur B.4 Andel avregistrerade till reguljär utbildning (002)", s => s == AfState.DeregisteredRegularEducation),
    ];

    /// <summary>Figure 6's categories (seed-002 §4.4), each the state one window after the end date.</summary>
    public static readonly IReadOnlyList<string> ClosureCategories =
        ["unsubsidised_work", "samhall", "regular_education", "subsidised_employment", "programme", "amu", "openly_unemployed"];

    public static string FixedPointRow(int startYear, int months) => $"{startYear}.m{months}";

    private static bool IsDeregistered(AfState s) =>
        s is AfState.DeregisteredKnownReason or AfState.DeregisteredWorkOrSamhall or AfState.DeregisteredRegularEducation or AfState.DeregisteredOther or AfState.NotRegistered;

    public IReadOnlyList<TableInfo> Tables { get; } =
    [
        new(Cohorts, "Tabell 1 Antal deltagare per startår, kvinnor och män (002)"),
        new(BenefitAtStart, "Tabell 3 Typ av ersättning per startår (002)"),
        new(TimeInCooperation, "Figur 5 Tid i samverkan och andel avslutade per startår (002)"),
        new(OutcomeAtClosure, "Figur 6 Resultat vid avslut per startår (002)"),
        .. FixedPointTables.Select(t => new TableInfo(t.TableId, t.Title)),
    ];

    public IEnumerable<ReportDefinition> Definitions(ReportParameters parameters)
    {
        var p = parameters;
        var months = string.Join("/", p.FollowUpMonths);
        yield return new(Cohorts, "*", $"Cohort = the participations whose start date (ParticipationStarted, AF's registered start) is in the start year; the report follows the {p.CohortStartYears} start years ending with the reporting year. Each participation is one member [INF]. {{year}}.share_of_cohort = the column's count ÷ the T count. Not computed: mean age (no measure for years), education, region of residence and birth region (no contract carries them).");
        yield return new(BenefitAtStart, "*", "Benefit periods ongoing on the start date: SP, AE, SE (sickness compensation), none (no sickness-insurance benefit). A member with overlapping benefits counts in each row [INF]; 002's category \"employed with benefit\" needs the employment status at the start, which no contract carries for participants.");
        yield return new(TimeInCooperation, "*", "Members whose participation closed on or before the cut-off: LT10 (start → closure, Rehab.Metrics) as mean and nearest-rank median; ended.share = ended ÷ cohort. While not every member has ended, the time cells are partial (the mean rises as the rest finish, 002 Figure 5).");
        yield return new(OutcomeAtClosure, "*", $"Members who ended, observed when end + {p.ClosureOutcomeWindowMonths} calendar month(s) ≤ the cut-off (fn 28). At end + window: registered at AF → subsidised_employment / programme / amu / openly_unemployed by the spell's job-seeker category; otherwise the last deregistration dated from the end date to end + window → unsubsidised_work / samhall / regular_education. positive = the sum of these categories. Shares divide by the observed members; a cohort with members not yet observable is partial (fn 29: early leavers may be selected).");
        foreach (var (tableId, _, _) in FixedPointTables)
            yield return new(tableId, "*", $"Share of the whole start-year cohort at start + {months} months (row {{start year}}.m{{months}}). State at the anchor: in cooperation (participation started and not closed) first; else registered at AF (a spell open on the anchor) → its job-seeker category (SKAT group); else the reason of the last deregistration on or before the anchor (känd orsak, unsubsidised work or Samhall, regular education, other; never registered = not registered). Censoring: a member is observable when start + months ≤ the cut-off ({p.FollowUpCutOff?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "the as-of date"}); a cell with unobservable members is partial and divides by the observable n (no value when n = 0, shown as –).");
    }

    public IEnumerable<ReportCell> Compute(ReportSnapshot snapshot, int year, ReportParameters parameters)
    {
        var cutOff = parameters.CutOff(snapshot.AsOf);
        var firstYear = year - Math.Max(1, parameters.CohortStartYears) + 1;
        var byYear = snapshot.Participations.Where(x => x.StartDate is { } d && d.Year >= firstYear && d.Year <= year)
            .GroupBy(x => x.StartDate!.Value.Year).ToDictionary(g => g.Key, g => g.ToList());
        var cells = new List<ReportCell>();
        for (var cohortYear = firstYear; cohortYear <= year; cohortYear++)
        {
            var members = byYear.GetValueOrDefault(cohortYear) ?? [];
            cells.AddRange(Composition(snapshot, cohortYear, members, parameters));
            cells.AddRange(Time(snapshot, cohortYear, members, cutOff));
            cells.AddRange(AtClosure(snapshot, cohortYear, members, cutOff, parameters.ClosureOutcomeWindowMonths));
            cells.AddRange(FixedPoints(snapshot, cohortYear, members, cutOff, parameters.FollowUpMonths));
        }
        return cells;
    }

    private static Gender GenderOf(ReportSnapshot s, Participation x) => s.GenderOf(x.PersonId, x.Closure?.Gender ?? Gender.Unspecified);

    private static IEnumerable<ReportCell> Composition(ReportSnapshot s, int cohortYear, List<Participation> members, ReportParameters p)
    {
        var all = new RowTally();
        var rows = new (string Row, Func<BenefitType, bool> Is)[] { ("SP", p.IsSicknessBenefit), ("AE", p.IsActivityCompensation), ("SE", b => b == BenefitType.SicknessCompensation) };
        var tallies = rows.Select(_ => new RowTally()).ToArray();
        var none = new RowTally();
        foreach (var x in members)
        {
            var gender = GenderOf(s, x);
            all.Add(gender, 1);
            var active = s.BenefitPeriods[x.PersonId].Where(b => b.Covers(x.StartDate!.Value)).Select(b => b.BenefitType).ToList();
            for (var i = 0; i < rows.Length; i++) tallies[i].Add(gender, active.Any(rows[i].Is) ? 1 : 0);
            none.Add(gender, rows.Any(r => active.Any(r.Is)) ? 0 : 1);
        }
        var cells = new List<ReportCell>([.. all.Counts(Cohorts, $"{cohortYear}.count"),
            .. SectionCells.SharesOf(all, _ => all.Numerator(Column.T), Cohorts, $"{cohortYear}.share_of_cohort", 1)]);
        for (var i = 0; i < rows.Length; i++) cells.AddRange(SectionCells.SharesOf(tallies[i], all, BenefitAtStart, $"{cohortYear}.{rows[i].Row}.share", 1));
        cells.AddRange(SectionCells.SharesOf(none, all, BenefitAtStart, $"{cohortYear}.none.share", 1));
        return cells;
    }

    private static IEnumerable<ReportCell> Time(ReportSnapshot s, int cohortYear, List<Participation> members, DateOnly cutOff)
    {
        var (all, ended) = (new RowTally(), new RowTally());
        var days = new DaysTally();
        foreach (var x in members)
        {
            var gender = GenderOf(s, x);
            all.Add(gender, 1);
            var hasEnded = x.Closure is { } c && c.EffectiveDate <= cutOff;
            ended.Add(gender, hasEnded ? 1 : 0);
            if (!hasEnded) continue;
            var milestones = MilestoneSet.Of([
                new MilestoneOccurrence(Milestone.ParticipationStarted, x.StartDate!.Value, s.AsOf, "participation-started:" + x.ParticipationId),
                new MilestoneOccurrence(Milestone.ParticipationClosed, x.Closure!.EffectiveDate, x.Closure.RecordedAt, x.Closure.Key)]);
            if (LeadTimes.Of(LeadTimes.LT10, milestones) is { } value) days.Add(gender, value.Days);
        }
        var partial = Partiality(all, ended);
        return
        [
            .. all.Counts(TimeInCooperation, $"{cohortYear}.cohort.count"),
            .. ended.Counts(TimeInCooperation, $"{cohortYear}.ended.count"),
            .. SectionCells.SharesOf(ended, all, TimeInCooperation, $"{cohortYear}.ended.share", 1),
            .. days.Cells(TimeInCooperation, $"{cohortYear}.time_in_cooperation").Select(c => c with { Partial = partial(c.Column) }),
        ];
    }

    private static IEnumerable<ReportCell> AtClosure(ReportSnapshot s, int cohortYear, List<Participation> members, DateOnly cutOff, int windowMonths)
    {
        var (all, observed, positive) = (new RowTally(), new RowTally(), new RowTally());
        var tallies = ClosureCategories.ToDictionary(c => c, _ => new RowTally(), StringComparer.Ordinal);
        foreach (var x in members)
        {
            var gender = GenderOf(s, x);
            all.Add(gender, 1);
            if (x.Closure is not { } closure || closure.EffectiveDate.AddMonths(windowMonths) > cutOff) continue;
            observed.Add(gender, 1);
            var category = CategoryAtClosure(s.RegistrationSpells[x.PersonId], closure.EffectiveDate, closure.EffectiveDate.AddMonths(windowMonths));
            foreach (var (name, tally) in tallies) tally.Add(gender, name == category ? 1 : 0);
            positive.Add(gender, category is null ? 0 : 1);
        }
        var partial = Partiality(all, observed);
        var cells = new List<ReportCell>(observed.Counts(OutcomeAtClosure, $"{cohortYear}.observed.count"));
        foreach (var (name, tally) in tallies) cells.AddRange(SectionCells.SharesOf(tally, observed, OutcomeAtClosure, $"{cohortYear}.{name}.share", 1));
        cells.AddRange(SectionCells.SharesOf(positive, observed, OutcomeAtClosure, $"{cohortYear}.positive.share", 1));
        return cells.Select(c => c with { Partial = partial(c.Column) });
    }

    private static string? CategoryAtClosure(IEnumerable<RegistrationSpellFact> spells, DateOnly end, DateOnly anchor)
    {
        var list = spells.ToList();
        if (list.Where(sp => sp.RegisteredOn(anchor)).OrderByDescending(sp => sp.RegistrationDate).FirstOrDefault() is { } registered)
        {
            return registered.Status switch
            {
                RegistrationStatus.SubsidisedEmployment => "subsidised_employment",
                RegistrationStatus.Programme => "programme",
                RegistrationStatus.Amu => "amu",
                RegistrationStatus.OpenlyUnemployed => "openly_unemployed",
                _ => null,
            };
        }
        var last = list.Where(sp => sp.DeregistrationDate is { } d && d >= end && d <= anchor).OrderByDescending(sp => sp.DeregistrationDate).FirstOrDefault();
        return last?.Reason switch
        {
            DeregistrationReason.UnsubsidisedWork => "unsubsidised_work",
            DeregistrationReason.Samhall => "samhall",
            DeregistrationReason.RegularEducation => "regular_education",
            _ => null,
        };
    }

    private static IEnumerable<ReportCell> FixedPoints(ReportSnapshot s, int cohortYear, List<Participation> members, DateOnly cutOff, IReadOnlyList<int> followUpMonths)
    {
        var cells = new List<ReportCell>();
        foreach (var months in followUpMonths)
        {
            var (all, observed) = (new RowTally(), new RowTally());
            var tallies = FixedPointTables.Select(_ => new RowTally()).ToArray();
            foreach (var x in members)
            {
                var gender = GenderOf(s, x);
                all.Add(gender, 1);
                var anchor = x.StartDate!.Value.AddMonths(months);
                if (anchor > cutOff) continue;
                observed.Add(gender, 1);
                var state = StateAt(x, s.RegistrationSpells[x.PersonId], anchor);
                for (var i = 0; i < tallies.Length; i++) tallies[i].Add(gender, FixedPointTables[i].Counts(state) ? 1 : 0);
            }
            var partial = Partiality(all, observed);
            for (var i = 0; i < tallies.Length; i++)
                cells.AddRange(SectionCells.SharesOf(tallies[i], observed, FixedPointTables[i].TableId, FixedPointRow(cohortYear, months), 1)
                    .Select(c => c with { Partial = partial(c.Column) }));
        }
        return cells;
    }

    /// <summary>The state rule of seed-002 §4.5 on <paramref name="anchor"/>.</summary>
    public static AfState StateAt(Participation x, IEnumerable<RegistrationSpellFact> spells, DateOnly anchor)
    {
        if (x.OngoingOn(anchor)) return AfState.InCooperation;
        var list = spells.ToList();
        if (list.Where(sp => sp.RegisteredOn(anchor)).OrderByDescending(sp => sp.RegistrationDate).FirstOrDefault() is { } registered)
        {
            return registered.Status switch
            {
                RegistrationStatus.SubsidisedEmployment => AfState.SubsidisedEmployment,
                RegistrationStatus.Programme => AfState.Programme,
                RegistrationStatus.Amu => AfState.Amu,
                RegistrationStatus.OpenlyUnemployed => AfState.OpenlyUnemployed,
                _ => AfState.OtherRegistered,
            };
        }
        var last = list.Where(sp => sp.DeregistrationDate <= anchor).OrderByDescending(sp => sp.DeregistrationDate).FirstOrDefault();
        return last?.Reason switch
        {
            null => AfState.NotRegistered,
            DeregistrationReason.KnownReason => AfState.DeregisteredKnownReason,
            DeregistrationReason.UnsubsidisedWork or DeregistrationReason.Samhall => AfState.DeregisteredWorkOrSamhall,
            DeregistrationReason.RegularEducation => AfState.DeregisteredRegularEducation,
            _ => AfState.DeregisteredOther,
        };
    }

    /// <summary>Per column: partial when some members of the cohort are not (yet) observed.</summary>
    private static Func<Column, bool> Partiality(RowTally all, RowTally observed) => c => observed.Numerator(c) < all.Numerator(c);
}
