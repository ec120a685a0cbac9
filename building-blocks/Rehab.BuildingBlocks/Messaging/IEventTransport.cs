namespace Rehab.BuildingBlocks.Messaging;

/// <summary>Publishes a stored CloudEvent unchanged (same id on every retry) to a topic.</summary>
public interface IEventTransport
{
    Task PublishAsync(string topic, CloudEvent e, CancellationToken ct);
}
