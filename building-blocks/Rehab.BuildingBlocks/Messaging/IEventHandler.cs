namespace Rehab.BuildingBlocks.Messaging;

/// <summary>What a subscriber tells the transport about one delivered event (Dapr's SUCCESS / RETRY / DROP).</summary>
public enum HandlerOutcome
{
    /// <summary>Handled; acknowledge it. The inbox remembers the event id so a redelivery is not handled again.</summary>
    Success,

    /// <summary>Not handled now; redeliver later (bounded, then dead-lettered). An exception means the same.</summary>
    Retry,

    /// <summary>Never handleable; acknowledge it and move it to the dead-letter topic.</summary>
    Drop,
}

/// <summary>
/// A transport-agnostic subscriber, named after the event it handles. Registered with
/// <see cref="MessagingRegistration.AddEventHandler{THandler}"/> for one topic and the event types it wants.
/// </summary>
public interface IEventHandler
{
    Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct);
}

/// <summary>One handler's subscription: the topic, the CloudEvent types it receives, and its inbox name.</summary>
public sealed record EventSubscription(string Topic, Type HandlerType, IReadOnlySet<string> EventTypes)
{
    /// <summary>The inbox is kept per handler, so two handlers of one event are deduplicated independently.</summary>
    public string HandlerName => HandlerType.Name;

    public bool Accepts(string eventType) => EventTypes.Count == 0 || EventTypes.Contains(eventType);
}
