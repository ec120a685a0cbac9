using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Persistence;

/// <summary>
/// An append-only set of opaque entries, each named by an id (e.g. the CloudEvent id of the event it came from), for a projection
/// that keeps its own inputs rather than aggregates (reporting's input log). Appending an id already held changes nothing
/// (<c>HSETNX</c>), so a redelivered or duplicated event is stored once by construction, whatever the inbox remembers. Entries are
/// spread over the context's 16 shards by a hash of the id (key <c>&lt;prefix&gt;:{ctx:s}:entries</c>, a HASH id → payload) and
/// written in pipelined batches; they are never updated or removed.
/// </summary>
public sealed class KeyedAppendLog(IConnectionMultiplexer redis, IOptions<PersistenceOptions> options)
{
    private const int PageSize = 2000;

    /// <summary>Appends the entries; per entry, true when it was new (false: an entry with that id was already held).</summary>
    public async Task<bool[]> AppendAsync(string context, IReadOnlyList<(string Id, byte[] Payload)> entries)
    {
        var keys = new KeyLayout(options.Value.KeyPrefix, context);
        var batch = redis.GetDatabase().CreateBatch();
        var writes = entries.Select(e => batch.HashSetAsync(keys.Entries(KeyLayout.ShardOfPartition(e.Id)), e.Id, e.Payload, When.NotExists)).ToArray();
        batch.Execute();
        return await Task.WhenAll(writes);
    }

    /// <summary>Every entry of one shard, in no particular order (the shards can be read concurrently).</summary>
    public async IAsyncEnumerable<(string Id, byte[] Payload)> ReadShardAsync(
        string context, int shard, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var key = new KeyLayout(options.Value.KeyPrefix, context).Entries(shard);
        await foreach (var entry in redis.GetDatabase().HashScanAsync(key, pageSize: PageSize).WithCancellation(ct))
            yield return (entry.Name.ToString(), (byte[])entry.Value!);
    }

    public async Task<long> CountAsync(string context)
    {
        var keys = new KeyLayout(options.Value.KeyPrefix, context);
        var db = redis.GetDatabase();
        var counts = await Task.WhenAll(keys.Shards.Select(s => db.HashLengthAsync(keys.Entries(s))));
        return counts.Sum();
    }
}
