namespace Rehab.BuildingBlocks.Messaging;

/// <summary>Publishes a stored CloudEvent unchanged (same id on every retry) to a topic.</summary>
public interface IEventTransport
{
    Task PublishAsync(string topic, CloudEvent e, CancellationToken ct);

    /// <summary>Publishes <paramref name="events"/> in their order; done when all are published. By default one after another.</summary>
    async Task PublishAllAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        foreach (var e in events) await PublishAsync(topic, e, ct);
    }
}
