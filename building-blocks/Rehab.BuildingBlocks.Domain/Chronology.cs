using System.Globalization;

namespace Rehab.BuildingBlocks.Domain;

/// <summary>
/// DOMAIN §9.1 and D5: effective dates, not the order of calls, must follow the process,
/// and no fact is recorded before it happened. Field names are the contract's snake_case names.
/// </summary>
public static class Chronology
{
    public const string Rule = "chronology";

    public static void NotInFuture(DateOnly date, DateOnly today)
    {
        if (date > today)
            throw new WrongStateException(Rule,
                $"effective_date {Format(date)} is after today ({Format(today)}): a fact cannot be recorded before it happens");
    }

    public static void NotBefore(DateOnly date, string field, DateOnly? earlier, string earlierField)
    {
        if (earlier is { } milestone && date < milestone)
            throw new WrongStateException(Rule,
                $"{field} {Format(date)} is before {earlierField} {Format(milestone)}");
    }

    public static string Format(DateOnly date) => date.ToString("O", CultureInfo.InvariantCulture);
}
