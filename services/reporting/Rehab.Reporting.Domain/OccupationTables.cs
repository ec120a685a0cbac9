using Rehab.BuildingBlocks.Domain;

namespace Rehab.Reporting.Domain;

/// <summary>
/// 003 (FK 2022): "Fördelning av sysselsättning vid avslutat samarbete och positivt utfall", Sjukpenning, Alla / Kvinnor / Män
/// (DOMAIN §7 M5, §8). The same rule gives 000 Figur 1 (SP) and Figur 2 (AE) and 001 Diagram 1 (SP and AE), whose values the
/// sources do not print: 003.1 is the SP table, 003.2 the AE one.
/// </summary>
public sealed class OccupationTables : IReportSection
{
    public const string Sp = "003.1";
    public const string Ae = "003.2";

    /// <summary>The report categories of §5.13 (D14: Samhall counts as subsidised employment in 000/003), then everything else.</summary>
    public static readonly IReadOnlyList<(string Row, string Label, OccupationAfterClosure[] Occupations)> Categories =
    [
        ("open_unemployed", "Öppet arbetslösa Arbetsförmedlingen", [OccupationAfterClosure.OpenJobSeeker]),
        ("af_programme", "Program Arbetsförmedlingen", [OccupationAfterClosure.AfProgramme, OccupationAfterClosure.LabourMarketTraining]),
        ("employment_subsidised", "Anställning (subventionerad)", [OccupationAfterClosure.EmploymentSubsidised, OccupationAfterClosure.SamhallEmployment]),
        ("employment_unsubsidised", "Anställning (osubventionerad)", [OccupationAfterClosure.EmploymentUnsubsidised, OccupationAfterClosure.SelfEmployed]),
        ("regular_studies", "Reguljära studier", [OccupationAfterClosure.RegularStudies]),
    ];

    /// <summary>Work-life introduction, returned to FK, none, not evident, or not recorded: in no published category.</summary>
    public const string OtherRow = "other";

    public const string PopulationRow = "achieved.count";

    public static string Share(string category) => $"{category}.share";

    public static string Count(string category) => $"{category}.count";

    public IReadOnlyList<TableInfo> Tables { get; } =
    [
        new(Sp, "Fördelning av sysselsättning vid avslutat samarbete och positivt utfall, Sjukpenning (003; 000 Figur 1)"),
        new(Ae, "Fördelning av sysselsättning vid avslutat samarbete och positivt utfall, Aktivitetsersättning (000 Figur 2)"),
    ];

    public IEnumerable<ReportDefinition> Definitions(ReportParameters parameters) =>
    [
        new(Sp, "*", "Participations closed in the year with outcome WorkCapacityAchieved (positivt utfall) and a sickness benefit at closure (the SP row of 000 Tabell 3), by the occupation after closure as of the report (a correction within T10 counts from its recorded time, D11)."),
        new(Ae, "*", "As 003.1, with activity compensation at closure (000 Figur 2)."),
        new(Sp, "*", CategoriesText),
        new(Ae, "*", CategoriesText),
    ];

    private const string CategoriesText = "Categories (§5.13): öppet arbetslösa = OpenJobSeeker; program AF = AfProgramme, LabourMarketTraining; anställning (subventionerad) = EmploymentSubsidised, SamhallEmployment (D14); anställning (osubventionerad) = EmploymentUnsubsidised, SelfEmployed [INF]; reguljära studier = RegularStudies; other = every other or missing occupation. Shares divide by all achieved closures (achieved.count), so with no 'other' they sum to 100 up to rounding.";

    public IEnumerable<ReportCell> Compute(ReportSnapshot snapshot, int year, ReportParameters parameters) =>
        [.. Table(snapshot, year, Sp, parameters.IsSicknessBenefit), .. Table(snapshot, year, Ae, parameters.IsActivityCompensation)];

    private static IEnumerable<ReportCell> Table(ReportSnapshot s, int year, string table, Func<BenefitType, bool> benefit)
    {
        var population = new RowTally();
        var tallies = Categories.Select(c => c.Row).Append(OtherRow).ToDictionary(r => r, _ => new RowTally(), StringComparer.Ordinal);
        foreach (var x in s.Participations.Where(x => x.Closure is { } c && c.EffectiveDate.Year == year && benefit(c.BenefitAtClosure)
                     && x.Outcome == ClosureOutcome.WorkCapacityAchieved))
        {
            var gender = s.GenderOf(x.Closure!.PersonId, x.Closure.Gender);
            population.Add(gender, 1);
            var row = Categories.FirstOrDefault(c => c.Occupations.Contains(x.Occupation)).Row ?? OtherRow;
            tallies[row].Add(gender, 1);
        }

        var cells = new List<ReportCell>(population.Counts(table, PopulationRow));
        foreach (var (row, tally) in tallies)
        {
            cells.AddRange(tally.Counts(table, Count(row)));
            cells.AddRange(SectionCells.SharesOf(tally, population, table, Share(row), 0));
        }
        return cells;
    }
}
