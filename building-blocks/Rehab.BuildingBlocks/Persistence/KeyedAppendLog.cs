using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Persistence;

/// <summary>
/// An append-only set of opaque entries, each named by an id (e.g. the CloudEvent id of the event it came from), for a projection
/// that keeps its own inputs rather than aggregates (reporting's input log). Appending an id already held changes nothing
/// (<c>HSETNX</c>), so a redelivered or duplicated event is stored once by construction, whatever the inbox remembers. Entries are
/// spread over the context's 16 shards by a hash of the id (key <c>&lt;prefix&gt;:{ctx:s}:entries</c>, a HASH id → payload) and
/// written in pipelined batches; they are never updated or removed.
/// <para>
/// The append feed: every new entry's id is also added, by the same Lua script, to the shard's STREAM
/// <c>&lt;prefix&gt;:{ctx:s}:appended</c> (same hash tag, so atomic on a cluster too), trimmed approximately to
/// <see cref="PersistenceOptions.AppendFeedLength"/> ids per shard. Every replica of a projection can so follow what any replica appended
/// (<see cref="PositionsAsync"/>, <see cref="ReadAppendedAsync"/>), and learns when it fell so far behind that the feed no longer
/// holds what it missed (<see cref="AppendedPage.Gap"/>: rebuild from the entries).
/// </para>
/// </summary>
public sealed class KeyedAppendLog(IConnectionMultiplexer redis, IOptions<PersistenceOptions> options)
{
    private const int PageSize = 2000;

    // KEYS: entries, feed. ARGV: id, payload, feed length. 1 = new, 0 = already held.
    private const string AppendScript = """
        if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'id', ARGV[1])
        return 1
        """;

    // The feed's entries-added (ids ever fed) and length; trimmed = added - length, always the oldest (the feed is never XDELed).
    private const string FeedInfo = """
        local function feed_info(key)
          if redis.call('EXISTS', key) == 0 then return '0-0', 0, 0 end
          local info = redis.call('XINFO', 'STREAM', key)
          local last, added, length
          for i = 1, #info, 2 do
            if info[i] == 'last-generated-id' then last = info[i + 1]
            elseif info[i] == 'entries-added' then added = info[i + 1]
            elseif info[i] == 'length' then length = info[i + 1] end
          end
          return last, added, length
        end
        """;

    // KEYS: feed. → { last id, ids ever fed }.
    private const string PositionScript = FeedInfo + "\n" + """
        local last, added = feed_info(KEYS[1])
        return { last, added }
        """;

    // KEYS: entries, feed. ARGV: after id, ids fed up to it, count, '1' to read payloads.
    // → { 1 } when ids after the position were trimmed away (a gap), else { 0, stream id, entry id[, payload], ... }.
    private const string ReadScript = FeedInfo + "\n" + """
        local _, added, length = feed_info(KEYS[2])
        if added - length > tonumber(ARGV[2]) or added < tonumber(ARGV[2]) then return { 1 } end
        local out = { 0 }
        for _, e in ipairs(redis.call('XRANGE', KEYS[2], '(' .. ARGV[1], '+', 'COUNT', ARGV[3])) do
          out[#out + 1] = e[1]
          out[#out + 1] = e[2][2]
          if ARGV[4] == '1' then out[#out + 1] = redis.call('HGET', KEYS[1], e[2][2]) end
        end
        return out
        """;

    /// <summary>Appends the entries; per entry, true when it was new (false: an entry with that id was already held).</summary>
    public async Task<bool[]> AppendAsync(string context, IReadOnlyList<(string Id, byte[] Payload)> entries)
    {
        var keys = new KeyLayout(options.Value.KeyPrefix, context);
        var batch = redis.GetDatabase().CreateBatch();
        var writes = entries.Select(e =>
        {
            var shard = KeyLayout.ShardOfPartition(e.Id);
            return batch.ScriptEvaluateAsync(AppendScript, [keys.Entries(shard), keys.Appended(shard)], [e.Id, e.Payload, options.Value.AppendFeedLength]);
        }).ToArray();
        batch.Execute();
        return (await Task.WhenAll(writes)).Select(r => (int)r == 1).ToArray();
    }

    /// <summary>Every entry of one shard, in no particular order (the shards can be read concurrently).</summary>
    public async IAsyncEnumerable<(string Id, byte[] Payload)> ReadShardAsync(
        string context, int shard, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var key = new KeyLayout(options.Value.KeyPrefix, context).Entries(shard);
        await foreach (var entry in redis.GetDatabase().HashScanAsync(key, pageSize: PageSize).WithCancellation(ct))
            yield return (entry.Name.ToString(), (byte[])entry.Value!);
    }

    /// <summary>
    /// Exactly the entries of one shard appended up to <paramref name="upTo"/> (a position <see cref="PositionsAsync"/> gave before):
    /// those appended since, while the shard is read, are left out, so reading on from <paramref name="upTo"/> with
    /// <see cref="ReadAppendedAsync"/> gives each entry once. Throws <see cref="AppendFeedGapException"/> when the feed was trimmed past
    /// <paramref name="upTo"/> during the read (more appends than the feed holds): start over from a new position.
    /// </summary>
    public async IAsyncEnumerable<(string Id, byte[] Payload)> ReadShardAsync(
        string context, int shard, FeedPosition upTo, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var keys = new KeyLayout(options.Value.KeyPrefix, context);
        var db = redis.GetDatabase();
        // HSCAN returns an element twice only when the hash shrinks under the scan (its reverse-binary cursor covers growth);
        // entries are never removed, so every entry comes once without an id set here.
        // An entry the scan returns was fed (same script) before the page came back: so after each page, the ids fed since
        // upTo are all known, and only those are left out. The set holds just the appends made during the read.
        var appendedSince = new HashSet<string>(StringComparer.Ordinal);
        var fedUpTo = upTo;
        long cursor = 0;
        do
        {
            var reply = (RedisResult[])(await db.ExecuteAsync("HSCAN", (RedisKey)keys.Entries(shard), cursor, "COUNT", PageSize))!;
            cursor = long.Parse((string)reply[0]!, System.Globalization.CultureInfo.InvariantCulture);
            var fields = (RedisResult[])reply[1]!;
            while (true)
            {
                var page = await ReadFeedAsync(db, keys, shard, fedUpTo, PageSize, payloads: false);
                if (page.Gap) throw new AppendFeedGapException(context, shard);
                foreach (var (id, _) in page.Entries) appendedSince.Add(id);
                fedUpTo = page.Position;
                if (page.Entries.Count < PageSize) break;
            }
            for (var i = 0; i < fields.Length; i += 2)
            {
                var id = (string)fields[i]!;
                if (!appendedSince.Contains(id)) yield return (id, (byte[])fields[i + 1]!);
            }
            ct.ThrowIfCancellationRequested();
        }
        while (cursor != 0);
    }

    /// <summary>Each shard's current end of the append feed (<see cref="FeedPosition.Start"/> for a shard nothing was fed to).</summary>
    public async Task<FeedPosition[]> PositionsAsync(string context)
    {
        var keys = new KeyLayout(options.Value.KeyPrefix, context);
        var db = redis.GetDatabase();
        var replies = await Task.WhenAll(keys.Shards.Select(s => db.ScriptEvaluateAsync(PositionScript, [keys.Appended(s)])));
        return replies.Select(r => new FeedPosition((string)r[0]!, (long)r[1])).ToArray();
    }

    /// <summary>
    /// Up to <paramref name="count"/> entries appended to one shard after <paramref name="after"/>, oldest first, with the position
    /// after the last of them; <see cref="AppendedPage.Gap"/> when some appended after it were trimmed from the feed.
    /// </summary>
    public Task<AppendedPage> ReadAppendedAsync(string context, int shard, FeedPosition after, int count = PageSize) =>
        ReadFeedAsync(redis.GetDatabase(), new KeyLayout(options.Value.KeyPrefix, context), shard, after, count, payloads: true);

    public async Task<long> CountAsync(string context)
    {
        var keys = new KeyLayout(options.Value.KeyPrefix, context);
        var db = redis.GetDatabase();
        var counts = await Task.WhenAll(keys.Shards.Select(s => db.HashLengthAsync(keys.Entries(s))));
        return counts.Sum();
    }

    private static async Task<AppendedPage> ReadFeedAsync(IDatabase db, KeyLayout keys, int shard, FeedPosition after, int count, bool payloads)
    {
        var reply = (RedisResult[])(await db.ScriptEvaluateAsync(ReadScript, [keys.Entries(shard), keys.Appended(shard)],
            [after.LastId, after.Fed, count, payloads ? "1" : "0"]))!;
        if ((long)reply[0] == 1) return new AppendedPage([], after, Gap: true);
        var step = payloads ? 3 : 2;
        var entries = new List<(string Id, byte[] Payload)>((reply.Length - 1) / step);
        var last = after.LastId;
        for (var i = 1; i < reply.Length; i += step)
        {
            last = (string)reply[i]!;
            entries.Add(((string)reply[i + 1]!, payloads ? (byte[])reply[i + 2]! : []));
        }
        return new AppendedPage(entries, new FeedPosition(last, after.Fed + entries.Count), Gap: false);
    }
}

/// <summary>
/// A reader's place in one shard's append feed: the stream id of the last id it read ("0-0": none) and how many ids the feed had
/// been given up to it (so trimming past it shows: the feed's ids ever added minus its length exceeds <see cref="Fed"/>).
/// </summary>
public readonly record struct FeedPosition(string LastId, long Fed)
{
    public static FeedPosition Start { get; } = new("0-0", 0);
}

/// <summary>Entries appended after a position, the position after them, or a gap: some were trimmed from the feed unread.</summary>
public sealed record AppendedPage(IReadOnlyList<(string Id, byte[] Payload)> Entries, FeedPosition Position, bool Gap);

/// <summary>The append feed was trimmed past a reader's position while it read: it must start over.</summary>
public sealed class AppendFeedGapException(string context, int shard)
    : Exception($"the append feed of {context} shard {shard} was trimmed past the reader's position");
