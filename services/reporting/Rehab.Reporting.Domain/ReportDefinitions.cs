namespace Rehab.Reporting.Domain;

/// <summary>The row ids of the report (stable: clients and the exactness test name cells by them).</summary>
public static class Rows
{
    public const string AeMeanDays = "AE.mean_days_to_first_gk";
    public const string AeCount = "AE.gk_count";
    public const string SpMeanDays = "SP.mean_days_to_first_gk";
    public const string SpCount = "SP.gk_count";
    public const string TotalMeanDays = "Total.mean_days_to_first_gk";
    public const string TotalCount = "Total.gk_count";
    public const string AeShare = "AE.share_to_intervention";
    public const string SpShare = "SP.share_to_intervention";
    public const string TotalShare = "Total.share_to_intervention";
    public const string Achieved = "work_capacity_achieved";
    public const string Remains = "remains_in_sickness_insurance";
    public const string AeTransitionMeetings = "AE.transition_meetings";
    public const string AeRefusedAttendingShare = "AE.refused_attending_share";
    public const string SpContactMeetings = "SP.contact_meetings";
    public const string SpTransitionMeetings = "SP.transition_meetings";
    public const string SpRefusedAttendingShare = "SP.refused_attending_share";
    public const string AeRegisteredShare = "AE.registered_at_af_share";
    public const string SpRegisteredShare = "SP.registered_at_af_share";

    public static string Tabell3(string bucket, string outcome, string measure) => $"{bucket}.{outcome}.{measure}";
}

/// <summary>The definitions every report states (DOMAIN §10 Q8: publish the definitions with each report).</summary>
public static class ReportDefinitions
{
    /// <summary>The definitions every table shares.</summary>
    public static IReadOnlyList<ReportDefinition> Common(ReportParameters p) =>
    [
        new("*", "*", "As of: every fact counts in the revision with the latest recorded time at or before the as-of instant; facts recorded later are ignored (§9.6)."),
        new("*", "*", "Columns: K = women, M = men, T = K + M + gender unspecified (§9.8, D14). A row's total includes other and overlapping benefits (T ≠ AE + SP)."),
        new("*", "*", $"Benefit rows: AE = {string.Join(", ", p.ActivityCompensationTypes)}; SP = {string.Join(", ", p.SicknessBenefitTypes)}."),
        new("*", "*", "Rounding: means to whole days, shares to the published precision, half away from zero; compare numbers, not strings (D14)."),
        new("*", "*", p.SmallCellThreshold > 0 ? $"Cells whose population is below {p.SmallCellThreshold} are suppressed (§9.12)." : "No small-cell suppression (the agencies' published view)."),
    ];

    /// <summary>The definitions of 000 Tabell 1–5.</summary>
    public static IReadOnlyList<ReportDefinition> For(ReportParameters p) =>
    [
        new(TableIds.Tabell(1), "*", "A GK is a round's first held meeting (§10 Q4), binned by the year of that meeting [INF]. Counts and means describe the same GKs."),
        new(TableIds.Tabell(1), Rows.AeMeanDays, "AE (footnote 12): per AE benefit period, the first GK held while the period was ongoing; days from the period start; at most one GK per period; GKs outside a period or extra GKs in a period are not counted."),
        new(TableIds.Tabell(1), Rows.SpMeanDays, "SP (footnote 13): per sick case, the first GK of its latest round (highest round number), with a sickness-benefit period ongoing on that day [INF]; days from the sick-case start (facts feed)."),
        new(TableIds.Tabell(1), Rows.TotalMeanDays, "Total (footnote 14): as AE, over benefit periods of every type; a GK first in two overlapping periods counts once, from the earlier start [INF]."),
        new(TableIds.Tabell(2), "*", $"Rounds concluded in the year (M3); benefit row by the periods ongoing on the first-meeting date [INF]; share = rounds whose participation started {(p.InterventionWithinDays is { } d ? $"within {d} days of the conclusion" : "at any time recorded by the as-of instant")} ÷ rounds."),
        new(TableIds.Tabell(3), "*", "Participations closed in the year (M4), by benefit at closure. Achieved = WorkCapacityAchieved (leaves fully or partly, Q6); remains = RemainsInSicknessInsurance; shares divide by all closures including Unknown."),
        new(TableIds.Tabell(4), "*", "Meetings held in the year (M6): omställningsmöten by benefit, kontaktmöten (SP)."),
        new(TableIds.Tabell(4), Rows.AeRefusedAttendingShare, $"Persons with an AE refusal decided in the year ÷ of them those with an AE omställningsmöte held from {p.AttendanceDaysBeforeRefusal} days before to {p.AttendanceDaysAfterRefusal} days after a refusal [INF]."),
        new(TableIds.Tabell(4), Rows.SpRefusedAttendingShare, $"Persons with an SP refusal decided in the year from chain day {p.SicknessRefusalFromChainDay}, or with no chain (chain day 0) while {string.Join("/", p.NoChainStatuses)} (footnote 24) ÷ of them those with an SP omställningsmöte in the same window [INF]."),
        new(TableIds.Tabell(5), "*", $"Omställningsmöten held in the year (the Tabell 4 count, D14) ÷ of them those whose person had an AF registration spell open on a day from the held date to {p.RegistrationWithinDays} days after [INF]."),
    ];
}
