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

    /// <summary>One pipelined batch: the XADDs go out in order on one connection, so the stream keeps the events' order.</summary>
    public async Task PublishAllAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        var batch = redis.GetDatabase().CreateBatch();
        var adds = events.Select(e => batch.StreamAddAsync(topic, DataField, e.ToJsonBytes())).ToArray();
        batch.Execute();
        await Task.WhenAll(adds).WaitAsync(ct);
    }
}
