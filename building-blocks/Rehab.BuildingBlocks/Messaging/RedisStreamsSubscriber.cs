using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Messaging;

/// <summary>
/// Consumes the subscribed topics of the <c>redis</c> transport the way Dapr's pubsub.redis does: one consumer group
/// per app id, created at <c>0</c>. Success or DROP → XACK (DROP also → <c>&lt;topic&gt;.deadletter</c>); an exception
/// or RETRY leaves the message pending, to be reclaimed (XAUTOCLAIM) after <see cref="MessagingOptions.ProcessingTimeout"/>;
/// after <see cref="MessagingOptions.MaxAttempts"/> deliveries it is dead-lettered and acknowledged.
/// </summary>
public sealed class RedisStreamsSubscriber(
    IConnectionMultiplexer redis,
    EventDispatcher dispatcher,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<RedisStreamsSubscriber> logger) : BackgroundService
{
    private readonly MessagingOptions _options = options.Value;

    public string ConsumerName { get; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.UsesDapr || dispatcher.Topics.Count == 0) return Task.CompletedTask;
        if (string.IsNullOrWhiteSpace(_options.AppId))
            throw new InvalidOperationException("Messaging:AppId must be set to subscribe to topics");
        return Task.WhenAll(dispatcher.Topics.Select(topic => ConsumeAsync(topic, stoppingToken)));
    }

    private async Task ConsumeAsync(string topic, CancellationToken ct)
    {
        var groupCreated = false;
        var delay = _options.PollInterval;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var db = redis.GetDatabase();
                if (!groupCreated)
                {
                    await StreamGroups.EnsureAsync(db, topic, _options.AppId);
                    groupCreated = true;
                }

                var handled = await ConsumeOnceAsync(db, topic, ct);
                // A full read: more is waiting, read again at once.
                if (handled >= _options.BatchSize) continue;
                delay = handled > 0 ? _options.PollInterval : Backoff.Next(delay, _options.MaxPollInterval);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Consuming {Topic} failed; will retry", topic);
                if (ex is RedisServerException { Message: var m } && m.StartsWith("NOGROUP", StringComparison.Ordinal))
                    groupCreated = false;
                delay = _options.MaxPollInterval;
            }

            try
            {
                await Task.Delay(delay, time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<int> ConsumeOnceAsync(IDatabase db, string topic, CancellationToken ct)
    {
        var group = _options.AppId;
        var processed = 0;

        // Messages another consumer (or this one) took but did not acknowledge within the processing timeout.
        var claimed = await db.StreamAutoClaimAsync(topic, group, ConsumerName,
            (long)_options.ProcessingTimeout.TotalMilliseconds, "0-0", _options.BatchSize);
        var entries = claimed.ClaimedEntries.Where(e => !e.IsNull).ToArray();
        foreach (var entry in entries)
        {
            // XAUTOCLAIM counted this delivery; XPENDING tells how many there were.
            var pendingInfo = await db.StreamPendingMessagesAsync(topic, group, 1, ConsumerName, entry.Id, entry.Id);
            var attempt = pendingInfo.Length == 1 ? pendingInfo[0].DeliveryCount : 2;
            if (attempt > _options.MaxAttempts)
                await DeadLetterAsync(db, topic, entry, $"not handled after {_options.MaxAttempts} deliveries");
            else
                await ProcessAsync(db, topic, entry, attempt, ct);
            processed++;
        }

        var fresh = (await db.StreamReadGroupAsync(topic, group, ConsumerName, StreamPosition.NewMessages, _options.BatchSize))
            .Select(entry => (Entry: entry, Event: Parse(topic, entry))).ToList();
        // One shard's messages in stream order (the order they were stored in), different shards' concurrently.
        var lanes = fresh.GroupBy(m => LaneOf(m.Entry, m.Event), StringComparer.Ordinal);
        await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.HandlerConcurrency), CancellationToken = ct },
            async (lane, token) =>
            {
                foreach (var (entry, e) in lane) await HandleAsync(db, topic, entry, e, attempt: 1, token);
            });
        return processed + fresh.Count;
    }

    /// <summary>The subject's shard (an aggregate id names it); another subject is its own lane, as is an unparseable entry.</summary>
    private static string LaneOf(StreamEntry entry, CloudEvent? e) =>
        e is null ? "entry:" + entry.Id
        : Persistence.AggregateId.TryShardOf(e.Subject, out var shard) ? "shard:" + shard.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : "subject:" + e.Subject;

    private CloudEvent? Parse(string topic, StreamEntry entry)
    {
        var data = entry[RedisStreamsTransport.DataField];
        try
        {
            if (data.IsNull) throw new FormatException("no data field");
            return CloudEvent.Parse((byte[])data!);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            logger.LogError(ex, "Message {Topic}/{EntryId} is not a CloudEvent", topic, entry.Id);
            return null;
        }
    }

    private Task ProcessAsync(IDatabase db, string topic, StreamEntry entry, int attempt, CancellationToken ct) =>
        HandleAsync(db, topic, entry, Parse(topic, entry), attempt, ct);

    private async Task HandleAsync(IDatabase db, string topic, StreamEntry entry, CloudEvent? e, int attempt, CancellationToken ct)
    {
        if (e is null)
        {
            await DeadLetterAsync(db, topic, entry, "not a CloudEvent");
            return;
        }

        switch (await dispatcher.DispatchAsync(topic, e, ct))
        {
            case HandlerOutcome.Success:
                await db.StreamAcknowledgeAsync(topic, _options.AppId, entry.Id);
                break;
            case HandlerOutcome.Drop:
                await DeadLetterAsync(db, topic, entry, "dropped by handler");
                break;
            case HandlerOutcome.Retry when attempt >= _options.MaxAttempts:
                await DeadLetterAsync(db, topic, entry, $"not handled after {attempt} deliveries");
                break;
            default:
                break; // stays pending; reclaimed after the processing timeout
        }
    }

    /// <summary>Copies the message's <c>data</c> to the dead-letter stream, then acknowledges it.</summary>
    private async Task DeadLetterAsync(IDatabase db, string topic, StreamEntry entry, string reason)
    {
        var data = entry[RedisStreamsTransport.DataField];
        var metadata = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["sourcetopic"] = topic,
            ["reason"] = reason,
            ["appid"] = _options.AppId,
        });
        await db.StreamAddAsync(MessagingOptions.DeadLetterTopic(topic),
        [
            new NameValueEntry(RedisStreamsTransport.DataField, data.IsNull ? RedisValue.EmptyString : data),
            new NameValueEntry(RedisStreamsTransport.MetadataField, metadata),
        ]);
        await db.StreamAcknowledgeAsync(topic, _options.AppId, entry.Id);
        logger.LogWarning("Dead-lettered {Topic}/{EntryId}: {Reason}", topic, entry.Id, reason);
    }
}
