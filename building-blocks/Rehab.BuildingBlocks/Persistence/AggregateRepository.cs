using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Persistence;

/// <summary>
/// Loads and stores one kind of aggregate. Every change goes through <see cref="CreateAsync"/> or
/// <see cref="UpdateAsync"/>, which write state, events, request id and uniqueness claims in one atomic step.
/// </summary>
public sealed class AggregateRepository<TState> where TState : class
{
    private readonly IDatabase _db;
    private readonly AggregateDefinition<TState> _definition;
    private readonly IEventMapper<TState> _mapper;
    private readonly TimeProvider _time;

    public AggregateRepository(
        IConnectionMultiplexer redis, IOptions<PersistenceOptions> options, AggregateDefinition<TState> definition,
        IEventMapper<TState> mapper, TimeProvider time)
    {
        _db = redis.GetDatabase();
        _definition = definition;
        _mapper = mapper;
        _time = time;
        Keys = new KeyLayout(options.Value.KeyPrefix, definition.Context);
    }

    public KeyLayout Keys { get; }

    public async Task<Stored<TState>> GetAsync(string id, CancellationToken ct = default) =>
        await FindAsync(id, ct) ?? throw new NotFoundException(_definition.Resource, id ?? "");

    public async Task<Stored<TState>?> FindAsync(string id, CancellationToken ct = default)
    {
        if (!AggregateId.TryShardOf(id, out var shard)) return null;
        var fields = await _db.HashGetAllAsync(Keys.Aggregate(shard, id)).WaitAsync(ct);
        return fields.Length == 0 ? null : Read(id, fields);
    }

    /// <summary>
    /// The aggregate that holds <paramref name="uniqueKey"/> (<see cref="IHasUniqueKeys"/>) in the shard of
    /// <paramref name="partitionKey"/>, or null. Finds an aggregate by a natural key that it claims as unique.
    /// </summary>
    public async Task<Stored<TState>?> FindByUniqueKeyAsync(string partitionKey, string uniqueKey, CancellationToken ct = default)
    {
        var shard = KeyLayout.ShardOfPartition(partitionKey);
        var holder = await _db.StringGetAsync(Keys.Unique(shard, uniqueKey)).WaitAsync(ct);
        return holder.HasValue ? await FindAsync(holder.ToString(), ct) : null;
    }

    /// <summary>
    /// Creates an aggregate in the shard of <paramref name="partitionKey"/>. A retry with the same
    /// <paramref name="requestId"/> returns the aggregate the first call created (AIP-155). <paramref name="recordedAt"/>: as for
    /// <see cref="ImportAsync"/> (a history import creating through a request id).
    /// </summary>
    public async Task<Stored<TState>> CreateAsync(
        string partitionKey, string? requestId, Func<string, Change<TState>> decide, CancellationToken ct = default,
        Func<IDomainEvent, DateTimeOffset?>? recordedAt = null)
    {
        var shard = KeyLayout.ShardOfPartition(partitionKey);
        if (requestId is not null)
        {
            ValidateRequestId(requestId);
            var earlier = await _db.StringGetAsync(Keys.Request(shard, requestId)).WaitAsync(ct);
            if (earlier.HasValue) return await GetAsync(earlier.ToString(), ct);
        }

        var id = AggregateId.New(shard, _time);
        var change = decide(id);
        var outcome = await CommitAsync(shard, id, expectedVersion: 0, previous: null, change, requestId, ct, recordedAt);
        return outcome;
    }

    /// <summary>
    /// For event handlers keeping one aggregate per natural key (a person, a participation): applies <paramref name="decide"/> to
    /// the aggregate holding <paramref name="uniqueKey"/> (<see cref="UpdateLatestAsync"/>), or creates it with
    /// <paramref name="create"/> when none does. When a concurrent first event claims the key between the two, the decision is
    /// applied to the aggregate that won instead of failing with ALREADY_EXISTS — a retry would wait for redelivery, or be
    /// dead-lettered and lose the event's fact.
    /// </summary>
    public async Task<Stored<TState>> CreateOrUpdateAsync(
        string partitionKey, string uniqueKey, Func<string, Change<TState>> create, Func<TState, Change<TState>> decide,
        CancellationToken ct = default)
    {
        if (await FindByUniqueKeyAsync(partitionKey, uniqueKey, ct) is { } held) return await UpdateLatestAsync(held.Id, decide, ct);
        try
        {
            return await CreateAsync(partitionKey, null, create, ct);
        }
        catch (AlreadyExistsException)
        {
            // Not this key's claim that failed (another key the new aggregate claims), or the winner released it meanwhile.
            var winner = await FindByUniqueKeyAsync(partitionKey, uniqueKey, ct);
            if (winner is null) throw;
            return await UpdateLatestAsync(winner.Id, decide, ct);
        }
    }

    /// <summary>
    /// History import: stores a new aggregate under <paramref name="id"/>, an id the caller derived from the source's name for it
    /// (<see cref="AggregateId.FromName"/>, in the shard of its partition key), so a retry can never create a second one. When the id
    /// is taken (before or by a concurrent import) nothing is written and the existing aggregate is returned with Created = false.
    /// <paramref name="recordedAt"/> gives an event the time the source system recorded it (null: now), kept as its recorded time.
    /// </summary>
    public async Task<(Stored<TState> Stored, bool Created)> ImportAsync(
        string id, Change<TState> change, Func<IDomainEvent, DateTimeOffset?> recordedAt, CancellationToken ct = default)
    {
        if (!AggregateId.TryShardOf(id, out var shard)) throw new ArgumentException($"'{id}' is not an aggregate id", nameof(id));
        try
        {
            return (await CommitAsync(shard, id, expectedVersion: 0, previous: null, change, requestId: null, ct, recordedAt), true);
        }
        catch (ConcurrencyConflictException)
        {
            return (await GetAsync(id, ct), false);
        }
    }

    /// <summary>
    /// Applies <paramref name="decide"/> to the version the caller read (its <paramref name="etag"/>). A history import passes
    /// <paramref name="recordedAt"/> (as for <see cref="ImportAsync"/>) when it continues an aggregate the platform opened.
    /// </summary>
    public async Task<Stored<TState>> UpdateAsync(
        string id, string? etag, Func<TState, Change<TState>> decide, CancellationToken ct = default,
        Func<IDomainEvent, DateTimeOffset?>? recordedAt = null)
    {
        var expected = Etags.Parse(etag);
        var current = await GetAsync(id, ct);
        if (current.Version != expected) throw new ConcurrencyConflictException(_definition.Resource, id);
        var change = decide(current.State);
        if (change.Events.Count == 0) return current;
        AggregateId.TryShardOf(id, out var shard);
        return await CommitAsync(shard, id, expected, current, change, requestId: null, ct, recordedAt);
    }

    /// <summary>
    /// Applies <paramref name="decide"/> to the latest version, re-reading and deciding again when another writer got there first.
    /// For event handlers acting for the system (they hold no etag a user read); a user's command keeps <see cref="UpdateAsync"/>,
    /// so a stale read answers ABORTED. After <paramref name="attempts"/> conflicts the last one is thrown (the message is redelivered).
    /// </summary>
    public async Task<Stored<TState>> UpdateLatestAsync(
        string id, Func<TState, Change<TState>> decide, CancellationToken ct = default, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(id, ct);
            var change = decide(current.State);
            if (change.Events.Count == 0) return current;
            AggregateId.TryShardOf(id, out var shard);
            try
            {
                return await CommitAsync(shard, id, current.Version, current, change, requestId: null, ct);
            }
            catch (ConcurrencyConflictException) when (attempt < attempts)
            {
            }
        }
    }

    /// <summary>
    /// One page of aggregates, newest first, that match <paramref name="filter"/>. Reads every shard's index;
    /// fine for the volumes of v1 (tens of thousands per context), see docs/architecture.md.
    /// </summary>
    public async Task<(IReadOnlyList<Stored<TState>> Items, string NextPageToken)> ListAsync(
        Func<TState, bool> filter, int pageSize, string? pageToken, CancellationToken ct = default)
    {
        pageSize = pageSize switch { <= 0 => 50, > 500 => 500, _ => pageSize };
        var after = PageToken.Parse(pageToken);
        var entries = new List<(double Score, string Id)>();
        foreach (var shard in Keys.Shards)
        {
            var range = await _db.SortedSetRangeByRankWithScoresAsync(Keys.Index(shard)).WaitAsync(ct);
            entries.AddRange(range.Select(e => (e.Score, e.Element.ToString())));
        }

        var ordered = entries
            .OrderByDescending(e => e.Score).ThenByDescending(e => e.Id, StringComparer.Ordinal)
            .SkipWhile(e => after is not null && !IsAfter(e, after.Value));

        var page = new List<Stored<TState>>();
        (double Score, string Id)? last = null;
        foreach (var entry in ordered)
        {
            if (page.Count == pageSize) return (page, PageToken.Format(last!.Value));
            var item = await FindAsync(entry.Id, ct);
            last = entry;
            if (item is not null && filter(item.State)) page.Add(item);
        }

        return (page, "");
    }

    private static bool IsAfter((double Score, string Id) entry, (double Score, string Id) after) =>
        entry.Score < after.Score || (entry.Score == after.Score && string.CompareOrdinal(entry.Id, after.Id) < 0);

    private async Task<Stored<TState>> CommitAsync(
        int shard, string id, long expectedVersion, Stored<TState>? previous, Change<TState> change, string? requestId,
        CancellationToken ct, Func<IDomainEvent, DateTimeOffset?>? recordedAt = null)
    {
        // Stored with millisecond precision: answer with exactly what a later read returns.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var oldKeys = (previous?.State as IHasUniqueKeys)?.UniqueKeys ?? [];
        var newKeys = (change.State as IHasUniqueKeys)?.UniqueKeys ?? [];
        var claims = newKeys.Except(oldKeys).ToList();
        var releases = oldKeys.Except(newKeys).ToList();

        var keys = new List<RedisKey>
        {
            Keys.Aggregate(shard, id), Keys.Log(shard), Keys.Index(shard),
            requestId is null ? Keys.Aggregate(shard, id) : Keys.Request(shard, requestId),
        };
        keys.AddRange(claims.Select(k => (RedisKey)Keys.Unique(shard, k)));
        keys.AddRange(releases.Select(k => (RedisKey)Keys.Unique(shard, k)));

        var nowMs = now.ToUnixTimeMilliseconds();
        var args = new List<RedisValue>
        {
            expectedVersion,
            JsonSerializer.Serialize(change.State, _definition.Json),
            id,
            nowMs,
            requestId is null ? 0 : 1,
            (long)_definition.RequestIdRetention.TotalSeconds,
            claims.Count,
            releases.Count,
            0,
        };
        var published = 0;
        foreach (var domainEvent in change.Events)
        {
            if (_mapper.Map(domainEvent, id, change.State) is not { } contract) continue;
            var cloudEvent = CloudEvent.Create(
                contract.Message, domainEvent.EventId ?? Guid.CreateVersion7(now).ToString(), _definition.Source, id,
                recordedAt?.Invoke(domainEvent) ?? now,
                CloudEvent.EffectiveDate(domainEvent.EffectiveDate), contract.PersonId, _definition.Topic);
            args.Add(cloudEvent.Id);
            args.Add(cloudEvent.Type);
            args.Add(cloudEvent.ToJsonBytes());
            published++;
        }

        args[8] = published;

        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(CommitScript.Lua, keys.ToArray(), args.ToArray()).WaitAsync(ct))!;
        var status = result[0].ToString();
        switch (status)
        {
            case "ok":
                var version = long.Parse(result[1].ToString(), CultureInfo.InvariantCulture);
                return new Stored<TState>(id, version, change.State, previous?.CreatedAt ?? now, now);
            case "dup":
                return await GetAsync(result[1].ToString(), ct);
            case "conflict":
                throw new ConcurrencyConflictException(_definition.Resource, id);
            case "unique":
                throw new AlreadyExistsException(
                    _definition.Resource,
                    $"another open {_definition.Resource} ({result[2]}) already holds this — at most one may be open (rule: {UniqueRuleName(result[1].ToString())})",
                    result[2].ToString());
            default:
                throw new InvalidOperationException($"unexpected commit result '{status}'");
        }
    }

    private static string UniqueRuleName(string key)
    {
        var marker = key.IndexOf(":uniq:", StringComparison.Ordinal);
        var rule = marker < 0 ? key : key[(marker + 6)..];
        var colon = rule.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? rule : rule[..colon];
    }

    private Stored<TState> Read(string id, HashEntry[] fields)
    {
        string? Field(string name) => fields.FirstOrDefault(f => f.Name == name).Value;
        var state = JsonSerializer.Deserialize<TState>(Field("s")!, _definition.Json)!;
        var version = long.Parse(Field("v")!, CultureInfo.InvariantCulture);
        var created = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Field("c") ?? "0", CultureInfo.InvariantCulture));
        var updated = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Field("u") ?? "0", CultureInfo.InvariantCulture));
        return new Stored<TState>(id, version, state, created, updated);
    }

    private static void ValidateRequestId(string requestId)
    {
        if (requestId.Length is 0 or > 100 || !requestId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ValidationFailedException("request_id", "must be 1–100 characters of letters, digits, '-' or '_' (a UUID is best)");
    }

    private static class PageToken
    {
        public static string Format((double Score, string Id) last) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.Score.ToString("R", CultureInfo.InvariantCulture)}|{last.Id}"));

        public static (double Score, string Id)? Parse(string? token)
        {
            if (string.IsNullOrEmpty(token)) return null;
            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                var bar = text.IndexOf('|', StringComparison.Ordinal);
                return (double.Parse(text[..bar], CultureInfo.InvariantCulture), text[(bar + 1)..]);
            }
            catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
            {
                throw new ValidationFailedException("page_token", "is not a page token this service issued");
            }
        }
    }
}
