using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Messaging;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Persistence;

/// <summary>
/// Reads a context's retained event log (all shards, merged in recording order) — the source for replays
/// and for building new projections (DOMAIN D4).
/// </summary>
public sealed class EventLogReader(IConnectionMultiplexer redis, IOptions<PersistenceOptions> options)
{
    private const int BatchSize = 500;

    public async IAsyncEnumerable<CloudEvent> ReadAllAsync(
        string context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var db = redis.GetDatabase();
        var keys = new KeyLayout(options.Value.KeyPrefix, context);
        var all = new List<(string StreamId, CloudEvent Event)>();
        foreach (var log in keys.AllLogs)
        {
            RedisValue from = "-";
            while (true)
            {
                var entries = await db.StreamRangeAsync(log, from, "+", BatchSize).WaitAsync(ct);
                foreach (var entry in entries)
                    all.Add((entry.Id.ToString(), CloudEvent.Parse((byte[])entry["ce"]!)));
                if (entries.Length < BatchSize) break;
                from = "(" + entries[^1].Id;
            }
        }

        foreach (var (_, e) in all.OrderBy(e => StreamIdKey(e.StreamId)))
            yield return e;
    }

    private static (long, long) StreamIdKey(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return (long.Parse(id[..dash], System.Globalization.CultureInfo.InvariantCulture),
                long.Parse(id[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
