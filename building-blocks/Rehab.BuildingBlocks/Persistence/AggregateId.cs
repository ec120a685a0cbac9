using System.Globalization;

namespace Rehab.BuildingBlocks.Persistence;

/// <summary>
/// Aggregate ids are UUIDv7 strings whose last hex digit is the shard (docs/architecture.md). The digit replaces
/// random bits, so the id stays a valid, time-ordered UUIDv7.
/// </summary>
public static class AggregateId
{
    public static string New(int shard, TimeProvider time)
    {
        var text = Guid.CreateVersion7(time.GetUtcNow()).ToString("D");
        return string.Concat(text.AsSpan(0, text.Length - 1), shard.ToString("x", CultureInfo.InvariantCulture));
    }

    public static bool TryShardOf(string? id, out int shard)
    {
        shard = -1;
        if (id is null || !Guid.TryParseExact(id, "D", out _)) return false;
        shard = Convert.ToInt32(id[^1].ToString(), 16);
        return true;
    }
}
