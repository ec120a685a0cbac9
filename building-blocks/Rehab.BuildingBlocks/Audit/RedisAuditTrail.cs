using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Audit;

/// <summary>
/// <see cref="IAuditTrail"/> in Redis: one chain per service. Keys share the hash tag <c>{audit:&lt;service&gt;}</c>:
/// <c>&lt;prefix&gt;:{audit:&lt;service&gt;}:log</c> (STREAM; fields <c>prev</c>, <c>hash</c>, <c>entry</c>) and
/// <c>…:head</c> (HASH; <c>hash</c>, <c>seq</c> of the last entry). <c>hash</c> = SHA-256 hex of
/// <c>prev</c> + the entry's canonical JSON; the first entry's <c>prev</c> is 64 zeros.
/// An append is a compare-and-set in one Lua script: it only appends when the head still is the hash the writer
/// chained to, so concurrent writers (other replicas) cannot fork the chain; a writer that lost the race re-chains.
/// </summary>
public sealed class RedisAuditTrail : IAuditTrail, IDisposable
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private const int MaxAttempts = 100;
    private const int PageSize = 500;

    // KEYS: log, head. ARGV: expected head hash, expected head seq, new head seq, then (prev, hash, entry) per entry.
    private const string AppendScript = """
        local head = redis.call('HMGET', KEYS[2], 'hash', 'seq')
        local hash = head[1] or '0000000000000000000000000000000000000000000000000000000000000000'
        local seq = head[2] or '0'
        if hash ~= ARGV[1] or seq ~= ARGV[2] then
          return {0, hash, seq}
        end
        local result = {1}
        for i = 4, #ARGV, 3 do
          result[#result + 1] = redis.call('XADD', KEYS[1], '*', 'prev', ARGV[i], 'hash', ARGV[i + 1], 'entry', ARGV[i + 2])
        end
        redis.call('HSET', KEYS[2], 'hash', ARGV[#ARGV - 1], 'seq', ARGV[3])
        return result
        """;

    private readonly IDatabase _db;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Hash, long Seq) _head = (Genesis, 0);

    public RedisAuditTrail(IConnectionMultiplexer redis, string keyPrefix, string service)
    {
        _db = redis.GetDatabase();
        var tag = $"{{audit:{service}}}";
        LogKey = $"{keyPrefix}:{tag}:log";
        HeadKey = $"{keyPrefix}:{tag}:head";
    }

    public string LogKey { get; }

    public string HeadKey { get; }

    public static string HashOf(string prev, string canonicalEntry) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prev + canonicalEntry)));

    public async Task<AuditRecord> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        (await RecordAsync([entry], cancellationToken))[0];

    public async Task<IReadOnlyList<AuditRecord>> RecordAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0) return [];
        foreach (var entry in entries) entry.Validate();

        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (head, seq) = _head;
                var records = new List<AuditRecord>(entries.Count);
                var args = new List<RedisValue> { head, seq, seq + entries.Count };
                var prev = head;
                foreach (var entry in entries)
                {
                    seq++;
                    var json = entry.ToCanonicalJson(seq);
                    var hash = HashOf(prev, json);
                    args.Add(prev);
                    args.Add(hash);
                    args.Add(json);
                    records.Add(new AuditRecord(seq, "", prev, hash, entry));
                    prev = hash;
                }

                var result = (RedisResult[])(await _db.ScriptEvaluateAsync(AppendScript, [LogKey, HeadKey], args.ToArray()))!;
                if ((long)result[0] == 1)
                {
                    _head = (prev, seq);
                    return records.Select((r, i) => r with { StreamId = (string)result[i + 1]! }).ToList();
                }

                // Another writer appended first: chain to its head and try again.
                _head = ((string)result[1]!, long.Parse((string)result[2]!, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            _gate.Release();
        }

        throw new InvalidOperationException($"Could not append to the audit trail {LogKey}: too much contention");
    }

    public async IAsyncEnumerable<AuditRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (id, prev, hash, json) in ReadStreamAsync(cancellationToken))
        {
            var (seq, entry) = AuditEntry.FromCanonicalJson(json);
            yield return new AuditRecord(seq, id, prev, hash, entry);
        }
    }

    public async Task<AuditChainVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var expectedPrev = Genesis;
        long expectedSeq = 1;
        await foreach (var (id, prev, hash, json) in ReadStreamAsync(cancellationToken))
        {
            AuditChainVerification Broken(string problem) => new(false, expectedSeq - 1, expectedSeq, id, problem);

            if (HashOf(prev, json) != hash) return Broken($"entry {expectedSeq} was changed: its hash does not match its content");
            long seq;
            try
            {
                seq = AuditEntry.FromCanonicalJson(json).Seq;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
            {
                return Broken($"entry {expectedSeq} is not a readable audit entry");
            }

            if (seq != expectedSeq)
            {
                return Broken(seq > expectedSeq
                    ? $"entry {expectedSeq} is missing (deleted): the next entry in the log is {seq}"
                    : $"entry {seq} appears again or out of order where entry {expectedSeq} was expected");
            }

            if (prev != expectedPrev) return Broken($"entry {seq} does not link to the entry before it (reordered or replaced)");
            expectedPrev = hash;
            expectedSeq++;
        }

        var count = expectedSeq - 1;
        var head = await _db.HashGetAsync(HeadKey, ["hash", "seq"]);
        var headHash = head[0].IsNull ? Genesis : (string)head[0]!;
        var headSeq = head[1].IsNull ? 0 : (long)head[1];
        if (headHash != expectedPrev || headSeq != count)
        {
            return new AuditChainVerification(false, count, count + 1, null,
                $"the log ends at entry {count} but its head records entry {headSeq}: entries at the end were deleted or the head was altered");
        }

        return AuditChainVerification.Valid(count);
    }

    private async IAsyncEnumerable<(string Id, string Prev, string Hash, string Json)> ReadStreamAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RedisValue start = "-";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await _db.StreamRangeAsync(LogKey, start, "+", PageSize);
            foreach (var item in page)
            {
                yield return ((string)item.Id!, (string?)item["prev"] ?? "", (string?)item["hash"] ?? "", (string?)item["entry"] ?? "");
            }

            if (page.Length < PageSize) yield break;
            start = "(" + page[^1].Id;
        }
    }

    public void Dispose() => _gate.Dispose();
}
