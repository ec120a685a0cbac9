using Rehab.BuildingBlocks.Domain;

namespace Rehab.Tracking.Domain;

public enum TimerKind
{
    SgiReminder = 1,
    SgiDeadlineMissed = 2,
    FollowUpOverdue = 3,
}

/// <summary>
/// A timer an aggregate needs, as plain data: a name unique within the aggregate (stable, so scheduling it again is a no-op
/// and a moved deadline reschedules it), the instant it is due (computed from civil dates in Europe/Stockholm) and what its
/// firing calls. The timer engine's adapter schedules exactly these and cancels the aggregate's others.
/// </summary>
/// <param name="ForDate">The civil date the timer concerns (the deadline or due date).</param>
/// <param name="DaysLeft">For a reminder: the offset before <paramref name="ForDate"/> it was configured for.</param>
public sealed record DueTimer(string Name, TimerKind Kind, DateTimeOffset DueAt, DateOnly ForDate, int DaysLeft = 0);

/// <summary>
/// The timers a record needs changed (<see cref="Timers"/>: all it needs now; <see cref="Cancelled"/>: its other names). The
/// durable timer set follows these events from the log, so a timer exists exactly when the commit that planned it does.
/// </summary>
public sealed record TimersPlanned(DateOnly EffectiveDate, IReadOnlyList<DueTimer> Timers, IReadOnlyList<string> Cancelled) : IDomainEvent;

public static class TimerPlan
{
    /// <summary>
    /// Adds <see cref="TimersPlanned"/> to <paramref name="change"/> when the timers its new state needs differ from those of
    /// <paramref name="before"/> (for a new record: the empty start state).
    /// </summary>
    public static Change<T> Follow<T>(
        T before, Change<T> change, Func<T, IReadOnlyList<DueTimer>> timers, IEnumerable<string> names, DateOnly today)
    {
        var planned = timers(change.State);
        if (planned.SequenceEqual(timers(before))) return change;
        var cancelled = names.Except(planned.Select(t => t.Name)).ToList();
        return new Change<T>(change.State, [.. change.Events, new TimersPlanned(today, planned, cancelled)]);
    }
}
