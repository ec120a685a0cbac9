namespace Rehab.TransitionMeetings.Domain;

/// <summary>
/// The configurable rules (DOMAIN §4): T1 SGI registration window (25 days after the last benefit day), T2 the kontaktmöte's
/// earliest chain day (91), T3 its risk horizon (day 181: offered before it), T4 the last day of job search with retained
/// sickness benefit (180, Q1), the Tabell 5 window in days (a parameter, Q8) and whether a refusal of sickness compensation
/// triggers an omställningsmöte (D12, Q2).
/// </summary>
public sealed record TransitionRules(
    int SgiRegistrationDays, int ContactMeetingEarliestDay, int ContactMeetingHorizonDay, int RetainedBenefitUntilDay,
    int RegistrationWithinDays, bool SicknessCompensationTriggers)
{
    public static TransitionRules Default { get; } = new(25, 91, 181, 180, 90, false);

    /// <summary>The omställningsmöte trigger a refusal of <paramref name="benefit"/> in the facts feed sets off, or null.</summary>
    public TransitionTrigger? TriggerForRefusal(Rehab.BuildingBlocks.Domain.BenefitType benefit) => benefit switch
    {
        Rehab.BuildingBlocks.Domain.BenefitType.ActivityCompensation => TransitionTrigger.ActivityCompensationRefused,
        Rehab.BuildingBlocks.Domain.BenefitType.SicknessCompensation when SicknessCompensationTriggers => TransitionTrigger.SicknessCompensationRefused,
        _ => null,
    };
}
