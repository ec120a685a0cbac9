using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Persistence;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Timers;

/// <summary>
/// The durable timers of one context: schedule, reschedule and cancel by <see cref="TimerKey"/>, each idempotent, and
/// rebuild the whole set from the context's event log. <see cref="TimerEngine"/> fires them. Inject
/// <see cref="TimerSchedule{TDefinition}"/> (registered by <see cref="TimerRegistration.AddTimers{TDefinition}"/>).
/// Due times and fire times are stored with millisecond precision.
/// </summary>
public class TimerSchedule
{
    private const int RestoreChunk = 500;
    private readonly IDatabase _db;
    private readonly EventLogReader _log;

    public TimerSchedule(
        IConnectionMultiplexer redis, IOptions<PersistenceOptions> persistence, IOptions<TimerOptions> options,
        ITimerDefinition definition, TimeProvider time, EventLogReader log)
    {
        _db = redis.GetDatabase();
        _log = log;
        Definition = definition;
        Options = options.Value;
        Time = time;
        Keys = new KeyLayout(persistence.Value.KeyPrefix, definition.Context);
    }

    public ITimerDefinition Definition { get; }

    public KeyLayout Keys { get; }

    internal TimerOptions Options { get; }

    internal TimeProvider Time { get; }

    /// <summary>
    /// Schedules the timer <paramref name="key"/> to fire at <paramref name="due"/> (a due time in the past fires at the
    /// next pass, marked late if beyond the tolerance). Idempotent: the same key, due time and payload again is
    /// <see cref="ScheduleOutcome.Unchanged"/>; a timer that already fired at this due time stays fired
    /// (<see cref="ScheduleOutcome.AlreadyFired"/>); anything else replaces the pending timer, whose old version can then
    /// never fire, even if a worker has claimed it (<see cref="ScheduleOutcome.Rescheduled"/>).
    /// </summary>
    public async Task<ScheduleResult> ScheduleAsync(TimerKey key, DateTimeOffset due, string payload = "", CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(TimerScripts.Schedule, ShardKeys(key.Shard),
            [key.Name, Ms(due).ToString(CultureInfo.InvariantCulture), payload]).WaitAsync(ct))!;
        var outcome = result[0].ToString() switch
        {
            "scheduled" => ScheduleOutcome.Scheduled,
            "rescheduled" => ScheduleOutcome.Rescheduled,
            "unchanged" => ScheduleOutcome.Unchanged,
            "fired" => ScheduleOutcome.AlreadyFired,
            var other => throw new InvalidOperationException($"unexpected schedule result '{other}'"),
        };
        return new ScheduleResult(outcome, (long)result[1]);
    }

    /// <summary>
    /// Cancels the pending timer <paramref name="key"/>: it will never fire, even if a worker has claimed it. Cancelling
    /// a fired or unknown timer changes nothing and says so.
    /// </summary>
    public async Task<CancelOutcome> CancelAsync(TimerKey key, CancellationToken ct = default)
    {
        var result = (await _db.ScriptEvaluateAsync(TimerScripts.Cancel, ShardKeys(key.Shard), [key.Name]).WaitAsync(ct))!;
        return result.ToString() switch
        {
            "cancelled" => CancelOutcome.Cancelled,
            "fired" => CancelOutcome.AlreadyFired,
            "unknown" => CancelOutcome.NotFound,
            var other => throw new InvalidOperationException($"unexpected cancel result '{other}'"),
        };
    }

    /// <summary>The timer as stored, or null (never scheduled, cancelled, or fired longer ago than the retention).</summary>
    public async Task<TimerInfo?> GetAsync(TimerKey key, CancellationToken ct = default)
    {
        var raw = await _db.HashGetAsync(Keys.Timers(key.Shard), key.Name).WaitAsync(ct);
        return raw.IsNull ? null : Record.Parse(raw.ToString()).ToInfo(key);
    }

    /// <summary>Every stored timer of the context (pending and remembered fired ones), shard by shard.</summary>
    public async Task<IReadOnlyList<TimerInfo>> ListAsync(CancellationToken ct = default)
    {
        var all = new List<TimerInfo>();
        foreach (var shard in Keys.Shards)
        {
            await foreach (var entry in _db.HashScanAsync(Keys.Timers(shard), pageSize: 1000).WithCancellation(ct))
                all.Add(Record.Parse(entry.Value.ToString()).ToInfo(new TimerKey(shard, entry.Name.ToString())));
        }

        return all;
    }

    /// <summary>
    /// Rebuilds the timer set from the context's event log: replays every event, in recording order, through
    /// <see cref="ITimerDefinition.Replay"/> and replaces the stored set with the result. Pending timers whose due time
    /// has passed fire at the next pass, marked late. Run it when the set may be missing or behind the log (after a
    /// Redis data loss, or for a new definition) before the engine runs; run concurrently with an engine, a timer firing
    /// during the rebuild may fire again — with the same event id, which consumers deduplicate. Returns the number of
    /// timers written. A crash midway leaves a partial set: run it again.
    /// </summary>
    public async Task<int> RebuildAsync(CancellationToken ct = default)
    {
        // The rebuild covers the log at least up to here: the follower goes on after it.
        var covered = new Dictionary<int, string>();
        foreach (var shard in Keys.Shards)
        {
            var last = await _db.StreamRangeAsync(Keys.Log(shard), "-", "+", 1, Order.Descending).WaitAsync(ct);
            covered[shard] = last.Length == 0 ? "" : last[0].Id.ToString();
        }

        var timers = new Dictionary<TimerKey, Record>();
        await foreach (var e in _log.ReadAllAsync(Definition.Context, ct))
        {
            foreach (var change in Definition.Replay(e))
                Apply(timers, change, Ms(e.Time));
        }

        foreach (var shard in Keys.Shards)
        {
            var entries = timers.Where(t => t.Key.Shard == shard).ToList();
            var first = true;
            foreach (var chunk in entries.Chunk(RestoreChunk).DefaultIfEmpty([]))
            {
                var args = new List<RedisValue> { first ? 1 : 0, first ? covered[shard] : "" };
                foreach (var (key, record) in chunk)
                {
                    args.Add(key.Name);
                    args.Add(record.ToJson());
                    args.Add(record.S);
                    args.Add(record.S == "p" ? record.D : record.F ?? record.D);
                }

                await _db.ScriptEvaluateAsync(TimerScripts.Restore, [.. ShardKeys(shard), AppliedKey(shard)], args.ToArray()).WaitAsync(ct);
                first = false;
            }
        }

        return timers.Count;
    }

    // The same rules as the scripts, in memory.
    private static void Apply(Dictionary<TimerKey, Record> timers, TimerChange change, long eventTimeMs)
    {
        timers.TryGetValue(change.Key, out var current);
        switch (change)
        {
            case TimerChange.Scheduled s:
                var due = Ms(s.Due).ToString(CultureInfo.InvariantCulture);
                if (current is { S: "p" } && current.D == due && current.P == s.Payload) return;
                if (current is { S: "f" } && current.D == due) return;
                timers[change.Key] = new Record("p", due, s.Payload, (current?.V ?? 0) + 1, null);
                break;
            case TimerChange.Cancelled:
                if (current is { S: "p" }) timers.Remove(change.Key);
                break;
            case TimerChange.Fired f:
                var firedDue = Ms(f.Due).ToString(CultureInfo.InvariantCulture);
                // A firing of a version that a later-logged reschedule already replaced: the pending one stands.
                if (current is { S: "p" } && current.D != firedDue) return;
                timers[change.Key] = new Record(
                    "f", firedDue, current?.P ?? "", current?.V ?? 1,
                    eventTimeMs.ToString(CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>
    /// Follows one shard's event log: reads the entries after the shard's applied position (up to
    /// <see cref="TimerOptions.BatchSize"/>), folds each through <see cref="ITimerDefinition.Replay"/> and applies the changes
    /// together with the new position in one script. So the timer set follows every committed event — a service that
    /// crashes right after its commit loses no timer — and an entry is applied once, however many followers read it.
    /// Returns how many log entries were read.
    /// </summary>
    internal async Task<int> FollowAsync(int shard, Action<string, Exception>? unreadable = null, CancellationToken ct = default)
    {
        var applied = await _db.StringGetAsync(AppliedKey(shard)).WaitAsync(ct);
        var from = applied.IsNullOrEmpty ? "-" : "(" + applied;
        var entries = await _db.StreamRangeAsync(Keys.Log(shard), from, "+", Options.BatchSize).WaitAsync(ct);
        if (entries.Length == 0) return 0;
        var args = new List<RedisValue> { entries[^1].Id };
        foreach (var entry in entries)
        {
            IEnumerable<TimerChange> changes;
            Messaging.CloudEvent e;
            try
            {
                e = Messaging.CloudEvent.Parse((byte[])entry["ce"]!);
                changes = Definition.Replay(e).ToList();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not a valid event, or one the fold cannot read: reported, and skipped rather than blocking the shard.
                unreadable?.Invoke(entry.Id.ToString(), ex);
                continue;
            }

            foreach (var change in changes)
            {
                if (change.Key.Shard != shard)
                    throw new InvalidOperationException(
                        $"{Definition.GetType().Name}.Replay: an event in shard {shard:x} changed timer {change.Key}; a timer lives in the shard of the log that plans it (TimerKey.ForAggregate)");
                var (op, due, payload) = change switch
                {
                    TimerChange.Scheduled s => ("s", Ms(s.Due), s.Payload),
                    TimerChange.Cancelled => ("c", 0L, ""),
                    TimerChange.Fired f => ("f", Ms(f.Due), ""),
                    _ => throw new InvalidOperationException($"unknown timer change {change.GetType().Name}"),
                };
                args.AddRange([entry.Id, op, change.Key.Name, due.ToString(CultureInfo.InvariantCulture), payload, Ms(e.Time)]);
            }
        }

        await _db.ScriptEvaluateAsync(TimerScripts.Follow, [.. ShardKeys(shard), AppliedKey(shard)], args.ToArray()).WaitAsync(ct);
        return entries.Length;
    }

    /// <summary>The log entry id up to which the follower has applied the shard's log.</summary>
    internal RedisKey AppliedKey(int shard) => $"{Keys.Prefix}:{Keys.Tag(shard)}:timers:applied";

    internal RedisKey[] ShardKeys(int shard) => [Keys.TimersDue(shard), Keys.Timers(shard), Keys.TimersFired(shard)];

    /// <summary>Claims up to <paramref name="limit"/> due timers of a shard with a lease. A worker that dies now simply never fires them.</summary>
    internal async Task<TimerClaim> ClaimAsync(int shard, int limit, CancellationToken ct = default)
    {
        var now = Ms(Time.GetUtcNow());
        var token = Guid.NewGuid().ToString("N");
        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(TimerScripts.Claim, ShardKeys(shard),
            [now, now + (long)Options.LeaseDuration.TotalMilliseconds, limit, token,
             now - (long)Options.FiredRetention.TotalMilliseconds]).WaitAsync(ct))!;
        var claimed = result.Select(r => (RedisResult[])r!).Select(r => new ClaimedTimer(
            new TimerKey(shard, r[0].ToString()), (long)r[1],
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(r[2].ToString(), CultureInfo.InvariantCulture)),
            r[3].ToString())).ToList();
        return new TimerClaim(shard, token, claimed);
    }

    /// <summary>
    /// Fires what <paramref name="claim"/> still holds: builds each firing's event and, per timer atomically, appends it
    /// to the shard's log and marks the timer fired. Returns the firings that took effect. A timer whose event cannot be
    /// built is reported to <paramref name="failed"/> (without it, the exception propagates).
    /// </summary>
    internal async Task<IReadOnlyList<TimerFiring>> FireAsync(
        TimerClaim claim, CancellationToken ct = default, Action<TimerFiring, Exception>? failed = null)
    {
        if (claim.Timers.Count == 0) return [];
        var now = DateTimeOffset.FromUnixTimeMilliseconds(Ms(Time.GetUtcNow()));
        var firings = claim.Timers.Select(t =>
        {
            var lateness = now > t.Due ? now - t.Due : TimeSpan.Zero;
            return new TimerFiring(t.Key, t.Due, now, lateness, lateness > Options.LateAfter, t.Payload, t.Version,
                EventIdFor(Definition.Context, t.Key, t.Due));
        }).ToList();

        var built = new List<(TimerFiring Firing, Messaging.CloudEvent Event)>();
        foreach (var firing in firings)
        {
            try
            {
                var e = Definition.ToEvent(firing);
                if (e.Id != firing.EventId)
                    throw new InvalidOperationException($"{Definition.GetType().Name}.ToEvent must use TimerFiring.EventId as the event id");
                built.Add((firing, e));
            }
            catch (Exception ex) when (failed is not null)
            {
                // This timer stays leased and is tried again when the lease lapses; the rest of the batch fires.
                failed(firing, ex);
            }
        }

        if (built.Count == 0) return [];
        var args = new List<RedisValue> { now.ToUnixTimeMilliseconds(), claim.Token, built.Count };
        foreach (var (firing, e) in built)
        {
            args.Add(firing.Key.Name);
            args.Add(firing.Version);
            args.Add(e.Id);
            args.Add(e.Type);
            args.Add(e.ToJsonBytes());
        }

        RedisKey[] keys = [.. ShardKeys(claim.Shard), Keys.Log(claim.Shard)];
        var outcomes = (RedisResult[])(await _db.ScriptEvaluateAsync(TimerScripts.Fire, keys, args.ToArray()).WaitAsync(ct))!;
        return built.Where((_, i) => outcomes[i].ToString() == "ok").Select(b => b.Firing).ToList();
    }

    /// <summary>
    /// The id of the event that records the firing of <paramref name="key"/> at <paramref name="due"/>: a name-based UUID
    /// (version 8, from SHA-256), the same on every retry, replica and rebuild.
    /// </summary>
    public static string EventIdFor(string context, TimerKey key, DateTimeOffset due)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"rehab-timer|{context}|{key.Shard}|{key.Name}|{Ms(due)}"), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }

    private static long Ms(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    private sealed record Record(string S, string D, string P, long V, string? F)
    {
        public static Record Parse(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            string? Str(string name) => root.TryGetProperty(name, out var p) ? p.GetString() : null;
            return new Record(Str("s")!, Str("d")!, Str("p") ?? "", root.GetProperty("v").GetInt64(), Str("f"));
        }

        public string ToJson()
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("s", S);
                w.WriteString("d", D);
                w.WriteString("p", P);
                w.WriteNumber("v", V);
                if (F is not null) w.WriteString("f", F);
                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        public TimerInfo ToInfo(TimerKey key) => new(
            key, S == "f" ? TimerState.Fired : TimerState.Pending, FromMs(D), P, V, F is null ? null : FromMs(F));

        private static DateTimeOffset FromMs(string ms) =>
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ms, CultureInfo.InvariantCulture));
    }
}

/// <summary>The timers of the context defined by <typeparamref name="TDefinition"/> (what services inject).</summary>
public sealed class TimerSchedule<TDefinition>(
    IConnectionMultiplexer redis, IOptions<PersistenceOptions> persistence, IOptions<TimerOptions> options,
    TDefinition definition, TimeProvider time, EventLogReader log)
    : TimerSchedule(redis, persistence, options, definition, time, log)
    where TDefinition : class, ITimerDefinition;

/// <summary>Timers a worker holds under one lease token.</summary>
internal sealed record TimerClaim(int Shard, string Token, IReadOnlyList<ClaimedTimer> Timers);

internal sealed record ClaimedTimer(TimerKey Key, long Version, DateTimeOffset Due, string Payload);
