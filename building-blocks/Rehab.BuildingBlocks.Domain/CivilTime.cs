namespace Rehab.BuildingBlocks.Domain;

/// <summary>
/// Legal dates are calendar dates in Sweden. Everything that asks "which day is it" goes through here,
/// with the injected <see cref="TimeProvider"/>.
/// </summary>
public static class CivilTime
{
    public static TimeZoneInfo Stockholm { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());

    public static DateOnly DateOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Stockholm).DateTime);

    /// <summary>Midnight at the start of <paramref name="date"/> in Stockholm, as an instant.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Stockholm.GetUtcOffset(local));
    }
}
