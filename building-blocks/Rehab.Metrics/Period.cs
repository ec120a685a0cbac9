using System.Globalization;

namespace Rehab.Metrics;

public enum PeriodKind
{
    Year = 0,
    Quarter = 1,
    Month = 2,
}

/// <summary>A lead time belongs to the period of its end event's effective date (D15).</summary>
public static class Period
{
    public static string Of(DateOnly endDate, PeriodKind kind) => kind switch
    {
        PeriodKind.Year => endDate.Year.ToString("D4", CultureInfo.InvariantCulture),
        PeriodKind.Quarter => $"{endDate.Year:D4}-Q{(endDate.Month - 1) / 3 + 1}",
        PeriodKind.Month => $"{endDate.Year:D4}-{endDate.Month:D2}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
