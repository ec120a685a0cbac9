using Rehab.BuildingBlocks.Messaging;

namespace Rehab.BuildingBlocks.Timers;

/// <summary>
/// The timers of one context, supplied by the service that owns the context (register it with
/// <see cref="TimerRegistration.AddTimers{TDefinition}"/>). The firing event is appended to the context's event log in the
/// same atomic step that completes the timer, and published by the <see cref="OutboxRelay"/> like any other event.
/// </summary>
public interface ITimerDefinition
{
    /// <summary>The owning context (as in <c>AddAggregate</c>/<c>AddEventLog</c>): timers live in its shards.</summary>
    string Context { get; }

    /// <summary>
    /// Builds the event that records a firing (a contract event, e.g. "deadline passed", built with
    /// <see cref="CloudEvent.Create"/>). It must carry <see cref="TimerFiring.EventId"/> as its id and should use
    /// <see cref="TimerFiring.FiredAt"/> as its recorded time. Must be pure: it may run again for the same firing.
    /// </summary>
    CloudEvent ToEvent(TimerFiring firing);

    /// <summary>
    /// The fold that makes timers a projection of the event log: what <paramref name="e"/> (any event of the context's log,
    /// in recording order) does to timers — schedules, cancels, and the firing events <see cref="ToEvent"/> built
    /// (<see cref="TimerChange.Fired"/>). Return nothing for events that do not concern timers.
    /// </summary>
    IEnumerable<TimerChange> Replay(CloudEvent e);
}
