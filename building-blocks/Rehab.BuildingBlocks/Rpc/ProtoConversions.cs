using Google.Protobuf.WellKnownTypes;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.BuildingBlocks.Rpc;

/// <summary>Contract date/time types to and from domain types, with field-named validation errors.</summary>
public static class ProtoConversions
{
    /// <summary>A required civil date; missing or impossible dates are field violations on <paramref name="field"/>.</summary>
    public static DateOnly ToDateOnly(this Google.Type.Date? date, string field) =>
        date.ToOptionalDateOnly(field) ?? throw new ValidationFailedException(field, "is required (a calendar date)");

    public static DateOnly? ToOptionalDateOnly(this Google.Type.Date? date, string field)
    {
        if (date is null || (date.Year == 0 && date.Month == 0 && date.Day == 0)) return null;
        if (date.Year is < 1900 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 ||
            date.Day > DateTime.DaysInMonth(date.Year, date.Month))
            throw new ValidationFailedException(field, $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2} is not a real calendar date");
        return new DateOnly(date.Year, date.Month, date.Day);
    }

    public static Google.Type.Date? ToProto(this DateOnly? date) => date is { } d ? d.ToProto() : null;

    public static Google.Type.Date ToProto(this DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    public static DateTimeOffset ToInstant(this Timestamp? timestamp, string field)
    {
        if (timestamp is null) throw new ValidationFailedException(field, "is required (a timestamp)");
        if (timestamp.Seconds < -62135596800L || timestamp.Seconds > 253402300799L || timestamp.Nanos is < 0 or > 999_999_999)
            throw new ValidationFailedException(field, "is not a valid timestamp");
        return timestamp.ToDateTimeOffset();
    }

    public static Timestamp ToProto(this DateTimeOffset instant) => Timestamp.FromDateTimeOffset(instant);

    public static Timestamp? ToProto(this DateTimeOffset? instant) => instant is { } i ? Timestamp.FromDateTimeOffset(i) : null;
}
