using Dapr.Client;
using Microsoft.Extensions.Options;

namespace Rehab.BuildingBlocks.Messaging;

/// <summary>
/// Publishes through the Dapr sidecar. The content type <c>application/cloudevents+json</c> makes Dapr keep our
/// envelope and its id; any other content type would make Dapr mint a new id on every publish, and a relay retry
/// after a crash would then be a new event to every consumer.
/// </summary>
public sealed class DaprTransport(DaprClient dapr, IOptions<MessagingOptions> options) : IEventTransport
{
    public Task PublishAsync(string topic, CloudEvent e, CancellationToken ct) =>
        dapr.PublishByteEventAsync(options.Value.PubSubName, topic, e.ToJsonBytes(), CloudEvent.ContentType, cancellationToken: ct);
}
