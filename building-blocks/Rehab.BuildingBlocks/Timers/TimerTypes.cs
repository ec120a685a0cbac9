namespace Rehab.BuildingBlocks.Timers;

/// <summary>What <see cref="TimerSchedule.ScheduleAsync"/> did.</summary>
public enum ScheduleOutcome
{
    /// <summary>There was no timer under the key (or only one that fired at another due time): it is now pending.</summary>
    Scheduled,

    /// <summary>A pending timer had another due time or payload: it was replaced, the old version will never fire.</summary>
    Rescheduled,

    /// <summary>The same timer (due time and payload) was already pending: nothing changed.</summary>
    Unchanged,

    /// <summary>The timer already fired at this due time: nothing changed, it will not fire again.</summary>
    AlreadyFired,
}

/// <summary>The answer of <see cref="TimerSchedule.ScheduleAsync"/>: what happened and the timer's version afterwards.</summary>
public readonly record struct ScheduleResult(ScheduleOutcome Outcome, long Version);

/// <summary>What <see cref="TimerSchedule.CancelAsync"/> did.</summary>
public enum CancelOutcome
{
    /// <summary>The pending timer was removed: it will never fire.</summary>
    Cancelled,

    /// <summary>The timer had already fired; nothing changed.</summary>
    AlreadyFired,

    /// <summary>No timer under the key (never scheduled, already cancelled, or fired longer ago than the retention).</summary>
    NotFound,
}

public enum TimerState
{
    Pending,
    Fired,
}

/// <summary>A timer as stored: pending (possibly claimed by a worker right now) or fired.</summary>
public sealed record TimerInfo(TimerKey Key, TimerState State, DateTimeOffset Due, string Payload, long Version, DateTimeOffset? FiredAt);

/// <summary>
/// A timer being fired, handed to <see cref="ITimerDefinition.ToEvent"/> to build the event that records it.
/// </summary>
/// <param name="Key">The timer.</param>
/// <param name="Due">When it was due.</param>
/// <param name="FiredAt">Now, by the engine's <see cref="TimeProvider"/> (ms precision). Use it as the event's recorded time.</param>
/// <param name="Lateness">FiredAt − Due (zero or more).</param>
/// <param name="IsLate">Lateness exceeds <see cref="TimerOptions.LateAfter"/> (e.g. the timer was overdue after downtime).</param>
/// <param name="Payload">What the caller scheduled with the timer.</param>
/// <param name="Version">The timer's version (each schedule that changes it counts one up).</param>
/// <param name="EventId">The id the event must carry: derived from context, key and due time, so a retried or repeated
/// firing of the same timer can never produce an event with another id (consumers deduplicate on it).</param>
public sealed record TimerFiring(
    TimerKey Key, DateTimeOffset Due, DateTimeOffset FiredAt, TimeSpan Lateness, bool IsLate, string Payload, long Version, string EventId);

/// <summary>
/// What an event of the log means for the timer set, as the owning service's fold (<see cref="ITimerDefinition.Replay"/>)
/// reports it. Replaying these in log order rebuilds the timer set (<see cref="TimerSchedule.RebuildAsync"/>).
/// </summary>
public abstract record TimerChange(TimerKey Key)
{
    /// <summary>The timer is (re)scheduled — same rules as <see cref="TimerSchedule.ScheduleAsync"/>.</summary>
    public sealed record Scheduled(TimerKey Key, DateTimeOffset Due, string Payload = "") : TimerChange(Key);

    /// <summary>The pending timer is cancelled.</summary>
    public sealed record Cancelled(TimerKey Key) : TimerChange(Key);

    /// <summary>The timer fired at <paramref name="Due"/>: report this for the event <see cref="ITimerDefinition.ToEvent"/> built.
    /// Its fire time is taken from the event's <c>time</c>.</summary>
    public sealed record Fired(TimerKey Key, DateTimeOffset Due) : TimerChange(Key);
}
