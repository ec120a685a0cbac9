using System.IO.Hashing;
using System.Text;

namespace Rehab.BuildingBlocks.Persistence;

/// <summary>
/// The Redis key layout (docs/architecture.md, "Redis key layout"). Every key of one aggregate — its state,
/// its request-id records, its uniqueness claims — and the event log it appends to share one hash tag
/// <c>{context:shard}</c>, so a single Lua script can write them atomically, also on Redis Cluster.
/// Background workers (outbox relay, replays) iterate over the shards of a context.
/// </summary>
public sealed class KeyLayout(string prefix, string context)
{
    /// <summary>Shards per context. Fixed: the shard is encoded in every aggregate id's last hex digit.</summary>
    public const int ShardCount = 16;

    public string Prefix { get; } = prefix;

    public string Context { get; } = context;

    public static int ShardOfPartition(string partitionKey)
    {
        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(partitionKey));
        return (int)(hash % ShardCount);
    }

    public IEnumerable<int> Shards => Enumerable.Range(0, ShardCount);

    public string Tag(int shard) => $"{{{Context}:{shard:x}}}";

    /// <summary>HASH: v = version, s = serialized state.</summary>
    public string Aggregate(int shard, string aggregateId) => $"{Prefix}:{Tag(shard)}:agg:{aggregateId}";

    /// <summary>STREAM: the shard's append-only event log and outbox; field <c>ce</c> holds the CloudEvent JSON.</summary>
    public string Log(int shard) => $"{Prefix}:{Tag(shard)}:log";

    /// <summary>ZSET: aggregate ids of the shard, scored by creation time (unix ms).</summary>
    public string Index(int shard) => $"{Prefix}:{Tag(shard)}:idx";

    /// <summary>STRING: the aggregate id a create with this request id produced.</summary>
    public string Request(int shard, string requestId) => $"{Prefix}:{Tag(shard)}:req:{requestId}";

    /// <summary>STRING: the aggregate id holding a uniqueness key.</summary>
    public string Unique(int shard, string uniqueKey) => $"{Prefix}:{Tag(shard)}:uniq:{uniqueKey}";

    public IEnumerable<string> AllLogs => Shards.Select(Log);

    /// <summary>HASH: a <see cref="KeyedAppendLog"/> shard, field = entry id, value = the entry (written once).</summary>
    public string Entries(int shard) => $"{Prefix}:{Tag(shard)}:entries";

    /// <summary>STREAM of the ids of new <see cref="Entries"/>, in append order (the append feed, trimmed).</summary>
    public string Appended(int shard) => $"{Prefix}:{Tag(shard)}:appended";

    /// <summary>HASH: the shard's timers, field = timer name, value = the timer record (JSON; see Timers/TimerScripts).</summary>
    public string Timers(int shard) => $"{Prefix}:{Tag(shard)}:timers";

    /// <summary>ZSET: pending timer names, scored by due time (unix ms) or, while claimed, by the claim's lease expiry.</summary>
    public string TimersDue(int shard) => $"{Prefix}:{Tag(shard)}:timers:due";

    /// <summary>ZSET: fired timer names, scored by fire time (unix ms); fired records are forgotten after the retention.</summary>
    public string TimersFired(int shard) => $"{Prefix}:{Tag(shard)}:timers:fired";
}
