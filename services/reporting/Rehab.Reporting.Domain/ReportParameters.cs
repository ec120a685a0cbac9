using System.Globalization;
using Rehab.BuildingBlocks.Domain;
using Rehab.Metrics;

namespace Rehab.Reporting.Domain;

/// <summary>
/// What DOMAIN §10 Q8 leaves open, as parameters with documented defaults ([INF] unless stated). Every report states the values
/// it was computed with (<see cref="Describe"/>).
/// </summary>
public sealed record ReportParameters
{
    public static ReportParameters Default { get; } = new();

    /// <summary>The "Aktivitetsersättning" rows; by default the shared report bucket (Rehab.Metrics, as tracking's lead times use it).</summary>
    public IReadOnlyList<BenefitType> ActivityCompensationTypes { get; init; } = InBucket(BenefitBucket.ActivityCompensation);

    /// <summary>The "Sjukpenning" rows; by default the shared report bucket.</summary>
    public IReadOnlyList<BenefitType> SicknessBenefitTypes { get; init; } = InBucket(BenefitBucket.SicknessBenefit);

    /// <summary>Tabell 2: days after the round's conclusion within which the participation must start; null = any start recorded by as-of (M3).</summary>
    public int? InterventionWithinDays { get; init; }

    /// <summary>Tabell 4 share: an omställningsmöte counts for a refusal when held this many days before the decision at most (D12: SP before the decision).</summary>
    public int AttendanceDaysBeforeRefusal { get; init; } = 180;

    /// <summary>Tabell 4 share: ... or this many days after it at most (D12: AE at the refusal).</summary>
    public int AttendanceDaysAfterRefusal { get; init; } = 90;

    /// <summary>Tabell 4/5 SP population: refusals from this rehabilitation-chain day (footnote 24; §10 Q1: day 180 inclusive).</summary>
    public int SicknessRefusalFromChainDay { get; init; } = 180;

    /// <summary>Tabell 4/5 SP population: refusals with no rehab chain (chain day 0) in these situations (footnote 24).</summary>
    public IReadOnlyList<EmploymentStatus> NoChainStatuses { get; init; } = [EmploymentStatus.Unemployed, EmploymentStatus.Student, EmploymentStatus.ParentalLeave];

    /// <summary>Tabell 5: a registration spell counts when it is open on some day from the held date to held date + this many days (the transition service's default window).</summary>
    public int RegistrationWithinDays { get; init; } = 90;

    /// <summary>Cells below this count are suppressed for analysts (§9.12); 0 = no suppression (the agencies' published tables).</summary>
    public int SmallCellThreshold { get; init; }

    /// <summary>002: how many start-year cohorts the report follows, ending with the reporting year (the AF study follows 7: 2016–2022).</summary>
    public int CohortStartYears { get; init; } = 7;

    /// <summary>002 Tables 5–10: the fixed points, in months after the cohort member's start (M10).</summary>
    public IReadOnlyList<int> FollowUpMonths { get; init; } = [18, 24, 30, 36];

    /// <summary>002: the last day whose state is observable (the AF study's register cut-off); null = the as-of date (Europe/Stockholm).</summary>
    public DateOnly? FollowUpCutOff { get; init; }

    /// <summary>002 Figure 6: the outcome at closure is the AF state within this many calendar months after the end date (fn 28: one, §10 Q8).</summary>
    public int ClosureOutcomeWindowMonths { get; init; } = 1;

    private static List<BenefitType> InBucket(BenefitBucket bucket) =>
        [.. Enum.GetValues<BenefitType>().Where(t => t != default && BenefitBuckets.Of(t) == bucket)];

    public bool IsActivityCompensation(BenefitType type) => ActivityCompensationTypes.Contains(type);

    public bool IsSicknessBenefit(BenefitType type) => SicknessBenefitTypes.Contains(type);

    public IReadOnlyList<KeyValuePair<string, string>> Describe() =>
    [
        new("activity_compensation_types", string.Join(",", ActivityCompensationTypes)),
        new("sickness_benefit_types", string.Join(",", SicknessBenefitTypes)),
        new("intervention_within_days", InterventionWithinDays?.ToString(CultureInfo.InvariantCulture) ?? "any (up to as-of)"),
        new("attendance_days_before_refusal", AttendanceDaysBeforeRefusal.ToString(CultureInfo.InvariantCulture)),
        new("attendance_days_after_refusal", AttendanceDaysAfterRefusal.ToString(CultureInfo.InvariantCulture)),
        new("sickness_refusal_from_chain_day", SicknessRefusalFromChainDay.ToString(CultureInfo.InvariantCulture)),
        new("no_chain_statuses", string.Join(",", NoChainStatuses)),
        new("registration_within_days", RegistrationWithinDays.ToString(CultureInfo.InvariantCulture)),
        new("small_cell_threshold", SmallCellThreshold.ToString(CultureInfo.InvariantCulture)),
        new("cohort_start_years", CohortStartYears.ToString(CultureInfo.InvariantCulture)),
        new("follow_up_months", string.Join(",", FollowUpMonths)),
        new("follow_up_cut_off", FollowUpCutOff?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "the as-of date"),
        new("closure_outcome_window_months", ClosureOutcomeWindowMonths.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>The 002 cut-off for a report as of <paramref name="asOf"/>.</summary>
    public DateOnly CutOff(DateTimeOffset asOf) => FollowUpCutOff ?? CivilTime.DateOf(asOf);
}
