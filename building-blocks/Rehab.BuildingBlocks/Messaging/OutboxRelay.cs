using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Persistence;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Messaging;

/// <summary>
/// Publishes the event log (the outbox) of every context this service owns. Each shard's log is read with the
/// consumer group <c>relay</c>; an entry is acknowledged only after its stored CloudEvent was published, so a crash
/// between publish and ack republishes the same event id (consumers deduplicate on it).
/// A replica relays a shard only while it holds the shard's lease, which keeps the shard's order and lets several
/// replicas share the 16 shards; entries a dead replica read but never acknowledged are reclaimed (XAUTOCLAIM)
/// once idle for <see cref="RelayOptions.ReclaimAfter"/> and published again, before anything newer.
/// </summary>
public sealed class OutboxRelay : BackgroundService
{
    public const string Group = "relay";
    internal const string EventIdField = "id";
    internal const string CloudEventField = "ce";

    // Take the lease if it is free, renew it if it is ours.
    private const string HoldLeaseScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder == false or holder == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """;

    private const string ReleaseLeaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly IReadOnlyList<EventLogContext> _contexts;
    private readonly IEventTransport _transport;
    private readonly MessagingOptions _options;
    private readonly string _prefix;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxRelay> _logger;
    private readonly HashSet<string> _groupsCreated = [];
    private readonly HashSet<string> _leasesHeld = [];

    public OutboxRelay(
        IConnectionMultiplexer redis,
        IEnumerable<EventLogContext> contexts,
        IEventTransport transport,
        IOptions<MessagingOptions> options,
        IOptions<PersistenceOptions> persistence,
        TimeProvider time,
        ILogger<OutboxRelay> logger)
    {
        _redis = redis;
        _contexts = contexts.ToList();
        _transport = transport;
        _options = options.Value;
        _prefix = persistence.Value.KeyPrefix;
        _time = time;
        _logger = logger;
    }

    /// <summary>This instance's consumer name in the <c>relay</c> group and its lease value.</summary>
    public string ConsumerName { get; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    /// <summary>One pass over every shard of every owned log; returns how many events were published.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken ct)
    {
        var published = 0;
        foreach (var context in _contexts)
        {
            var layout = new KeyLayout(_prefix, context.Name);
            foreach (var shard in layout.Shards)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    published += await RelayShardAsync(layout, shard, context.Topic, ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    if (ex is RedisServerException && ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
                        _groupsCreated.Remove(layout.Log(shard));
                    // The entry stays pending with this consumer and is published again on a later pass.
                    _logger.LogWarning(ex, "Relaying {Log} to {Topic} failed; will retry", layout.Log(shard), context.Topic);
                }
            }
        }

        return published;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Relay.Enabled || _contexts.Count == 0) return;
        var delay = _options.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await RelayOnceAsync(stoppingToken);
                // At least a batch's worth: a backlog (a bulk import), relay on at once.
                if (published >= _options.BatchSize) continue;
                delay = published > 0 ? _options.PollInterval : Backoff.Next(delay, _options.MaxPollInterval);
                await Task.Delay(delay, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Hands this replica's shards over at once on a graceful stop instead of after the lease lapses.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            var db = _redis.GetDatabase();
            foreach (var lease in _leasesHeld)
                await db.ScriptEvaluateAsync(ReleaseLeaseScript, [lease], [ConsumerName]);
            _leasesHeld.Clear();
        }
        catch (RedisException ex)
        {
            _logger.LogWarning(ex, "Releasing relay leases failed; they lapse by themselves");
        }
    }

    private async Task<int> RelayShardAsync(KeyLayout layout, int shard, string topic, CancellationToken ct)
    {
        var db = _redis.GetDatabase();
        var log = layout.Log(shard);
        var leaseKey = $"{layout.Prefix}:{layout.Tag(shard)}:relay";
        var held = (long)await db.ScriptEvaluateAsync(HoldLeaseScript, [leaseKey],
            [ConsumerName, (long)_options.Relay.LeaseDuration.TotalMilliseconds]);
        if (held != 1)
        {
            _leasesHeld.Remove(leaseKey);
            return 0;
        }

        _leasesHeld.Add(leaseKey);
        await EnsureGroupAsync(db, log);

        var published = 0;
        var pending = await db.StreamPendingAsync(log, Group);
        if (pending.PendingMessageCount > 0)
        {
            // Entries read before but never acknowledged, by this instance or by a dead one: they go first.
            await db.StreamAutoClaimIdsOnlyAsync(log, Group, ConsumerName,
                (long)_options.Relay.ReclaimAfter.TotalMilliseconds, "0-0", _options.BatchSize);
            var mine = await db.StreamReadGroupAsync(log, Group, ConsumerName, "0", _options.BatchSize);
            published += await PublishAsync(db, log, topic, mine, ct);
            if (mine.Length == _options.BatchSize) return published;
            if ((await db.StreamPendingAsync(log, Group)).PendingMessageCount > 0)
                return published; // another relay's entries are not idle long enough yet; keep the order
        }

        var fresh = await db.StreamReadGroupAsync(log, Group, ConsumerName, StreamPosition.NewMessages, _options.BatchSize);
        published += await PublishAsync(db, log, topic, fresh, ct);
        return published;
    }

    /// <summary>
    /// Publishes the entries in their order as one batch, then acknowledges them together: a crash in between republishes them
    /// (same ids; consumers deduplicate), never loses one.
    /// </summary>
    private async Task<int> PublishAsync(IDatabase db, string log, string topic, StreamEntry[] entries, CancellationToken ct)
    {
        if (entries.Length == 0) return 0;
        var events = new List<CloudEvent>(entries.Length);
        foreach (var entry in entries)
        {
            var ce = entry[CloudEventField];
            try
            {
                if (!ce.IsNull)
                {
                    events.Add(CloudEvent.Parse((byte[])ce!));
                    continue;
                }
            }
            catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
            {
                _logger.LogError(ex, "Log entry {Log}/{EntryId} holds no valid CloudEvent", log, entry.Id);
            }

            // Not publishable, ever: skip it rather than block the shard. It stays in the log for replays.
            _logger.LogError("Skipping unpublishable log entry {Log}/{EntryId}", log, entry.Id);
        }

        await _transport.PublishAllAsync(topic, events, ct);
        await db.StreamAcknowledgeAsync(log, Group, entries.Select(e => e.Id).ToArray());
        return entries.Length;
    }

    private async Task EnsureGroupAsync(IDatabase db, string stream)
    {
        if (_groupsCreated.Contains(stream)) return;
        await StreamGroups.EnsureAsync(db, stream, Group);
        _groupsCreated.Add(stream);
    }
}

internal static class StreamGroups
{
    /// <summary>Creates the consumer group at id 0 (so it sees the stream's whole history), creating the stream if needed.</summary>
    public static async Task EnsureAsync(IDatabase db, RedisKey stream, string group)
    {
        try
        {
            await db.StreamCreateConsumerGroupAsync(stream, group, "0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }
}

internal static class Backoff
{
    public static TimeSpan Next(TimeSpan current, TimeSpan max) => current * 2 < max ? current * 2 : max;
}
