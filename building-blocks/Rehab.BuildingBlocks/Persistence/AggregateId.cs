using System.Globalization;
using System.Security.Cryptography;
using System.Text;

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

    /// <summary>
    /// A name-based id (UUID version 8 from SHA-256 of <paramref name="name"/>) in <paramref name="shard"/>: the same name always gives
    /// the same id, so an import keyed by a source's name for a record can never store it twice.
    /// </summary>
    public static string FromName(int shard, string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var text = new Guid(bytes, bigEndian: true).ToString("D");
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
