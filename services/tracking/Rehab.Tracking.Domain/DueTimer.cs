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
