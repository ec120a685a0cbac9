using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Messaging;

/// <summary>
/// Sidecar-less transport, wire-compatible with Dapr's pubsub.redis: one stream per topic whose key is exactly the
/// topic name, entries <c>data = CloudEvent JSON</c>.
/// </summary>
public sealed class RedisStreamsTransport(IConnectionMultiplexer redis) : IEventTransport
{
    public const string DataField = "data";
    public const string MetadataField = "metadata";

    public Task PublishAsync(string topic, CloudEvent e, CancellationToken ct) =>
        redis.GetDatabase().StreamAddAsync(topic, DataField, e.ToJsonBytes());
}
