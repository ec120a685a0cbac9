namespace Rehab.Testing;

/// <summary>
/// A clock whose "now" moves only when a test says so, for a whole service under test. Unlike FakeTimeProvider, its timers and
/// delays run on the system clock: the service's polling loops (relay, subscribers, timer engine) wait with
/// <c>Task.Delay(…, TimeProvider)</c>, which a FakeTimeProvider would hold until someone advanced it. So the service keeps
/// running in real time while every decision it makes sees the instant the test set.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves now to <paramref name="instant"/>; never backwards (the services' records assume time goes forward).</summary>
    public void SetUtcNow(DateTimeOffset instant)
    {
        if (instant < GetUtcNow()) throw new ArgumentOutOfRangeException(nameof(instant), instant, "the clock never goes back");
        Interlocked.Exchange(ref _utcTicks, instant.UtcTicks);
    }
}
