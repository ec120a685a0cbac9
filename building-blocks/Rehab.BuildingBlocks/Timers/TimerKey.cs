using Rehab.BuildingBlocks.Persistence;

namespace Rehab.BuildingBlocks.Timers;

/// <summary>
/// Identifies a timer within a context: the shard it lives in (and whose event log receives its firing event) and a
/// name unique within that shard. Take the shard from the aggregate the timer belongs to (<see cref="ForAggregate"/>), so
/// the firing event is ordered with that aggregate's own events.
/// </summary>
public readonly record struct TimerKey
{
    /// <summary>Longest accepted name.</summary>
    public const int MaxNameLength = 256;

    public TimerKey(int shard, string name)
    {
        if (shard is < 0 or >= KeyLayout.ShardCount)
            throw new ArgumentOutOfRangeException(nameof(shard), shard, $"a shard is 0–{KeyLayout.ShardCount - 1}");
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
            throw new ArgumentException($"a timer name is 1–{MaxNameLength} characters", nameof(name));
        Shard = shard;
        Name = name;
    }

    public int Shard { get; }

    public string Name { get; }

    /// <summary>The timer <paramref name="timer"/> of an aggregate: in the aggregate's shard, named <c>&lt;aggregateId&gt;:&lt;timer&gt;</c>.</summary>
    public static TimerKey ForAggregate(string aggregateId, string timer)
    {
        if (!AggregateId.TryShardOf(aggregateId, out var shard))
            throw new ArgumentException("not an aggregate id (UUIDv7 with the shard in its last digit)", nameof(aggregateId));
        return new TimerKey(shard, $"{aggregateId}:{timer}");
    }

    /// <summary>A timer in the shard of <paramref name="partitionKey"/> (as <see cref="AggregateRepository{TState}.CreateAsync"/> chooses it).</summary>
    public static TimerKey ForPartition(string partitionKey, string name) => new(KeyLayout.ShardOfPartition(partitionKey), name);

    public override string ToString() => $"{Shard:x}/{Name}";
}
