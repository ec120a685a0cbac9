namespace Rehab.TransitionMeetings.Domain;

/// <summary>
/// Day arithmetic on FK's rehabilitation chain (DOMAIN D9, §3g). The chain day is only known from FK's observations ("day N on
/// date D", counted across merged periods): it is never derived from a start date. Between two observations the chain runs one
/// day per civil day, so day N + k falls on D + k. Civil dates only (DateOnly): month ends, leap days and daylight-saving
/// changes need no special case.
/// </summary>
public static class RehabChain
{
    /// <summary>The chain day on <paramref name="date"/>, counted from the observation.</summary>
    public static int DayOn(ChainDayObservation observation, DateOnly date) =>
        observation.RehabChainDay + (date.DayNumber - observation.ChainDayDate.DayNumber);

    /// <summary>The civil date of chain day <paramref name="day"/>, counted from the observation.</summary>
    public static DateOnly DateOfDay(ChainDayObservation observation, int day) =>
        observation.ChainDayDate.AddDays(day - observation.RehabChainDay);

    /// <summary>DOMAIN D10/T1: the last day to register at AF, <paramref name="days"/> calendar days after the last benefit day.</summary>
    public static DateOnly SgiDeadline(DateOnly lastBenefitDay, int days) => lastBenefitDay.AddDays(days);
}
