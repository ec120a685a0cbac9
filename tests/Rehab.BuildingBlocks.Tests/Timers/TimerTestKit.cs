using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Timers;
using Rehab.Testing;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Tests.Timers;

/// <summary>
/// A service's timer definition as a test needs it: a "deadline set" event schedules, "deadline dropped" cancels, and the
/// firing event ("deadline passed", or any type a test chooses) carries the timer, its due time and its lateness.
/// </summary>
internal sealed class TestTimers(string context, string firedType = TestTimers.DeadlinePassed) : ITimerDefinition
{
    public const string DeadlineSet = "rehab.test.v1.DeadlineSet";
    public const string DeadlineDropped = "rehab.test.v1.DeadlineDropped";
    public const string DeadlinePassed = "rehab.test.v1.DeadlinePassed";

    public string Context => context;

    public CloudEvent ToEvent(TimerFiring firing) => Event(firing.EventId, firedType, firing.FiredAt, new Dictionary<string, object>
    {
        ["shard"] = firing.Key.Shard,
        ["name"] = firing.Key.Name,
        ["due"] = firing.Due.ToUnixTimeMilliseconds(),
        ["late"] = firing.IsLate,
        ["latenessMs"] = (long)firing.Lateness.TotalMilliseconds,
        ["payload"] = firing.Payload,
    });

    public IEnumerable<TimerChange> Replay(CloudEvent e)
    {
        using var doc = JsonDocument.Parse(e.DataJson);
        var data = doc.RootElement;
        if (e.Type is not (DeadlineSet or DeadlineDropped) && e.Type != firedType) yield break;
        var key = new TimerKey(data.GetProperty("shard").GetInt32(), data.GetProperty("name").GetString()!);
        DateTimeOffset Due() => DateTimeOffset.FromUnixTimeMilliseconds(data.GetProperty("due").GetInt64());
        if (e.Type == DeadlineSet) yield return new TimerChange.Scheduled(key, Due(), data.GetProperty("payload").GetString()!);
        else if (e.Type == DeadlineDropped) yield return new TimerChange.Cancelled(key);
        else yield return new TimerChange.Fired(key, Due());
    }

    /// <summary>What the owning service's aggregate store does for a deadline change: one XADD to the shard's log.</summary>
    public static async Task LogAsync(IDatabase db, KeyLayout keys, string type, TimerKey key, DateTimeOffset due, string payload, DateTimeOffset at)
    {
        var e = Event(Guid.CreateVersion7(at).ToString(), type, at, new Dictionary<string, object>
        {
            ["shard"] = key.Shard, ["name"] = key.Name, ["due"] = due.ToUnixTimeMilliseconds(), ["payload"] = payload,
        });
        await db.StreamAddAsync(keys.Log(key.Shard),
            [new NameValueEntry("id", e.Id), new NameValueEntry("type", e.Type), new NameValueEntry("ce", e.ToJsonBytes())]);
    }

    private static CloudEvent Event(string id, string type, DateTimeOffset at, Dictionary<string, object> data) => new()
    {
        Id = id,
        Source = "timers-test",
        Type = type,
        Subject = (string)data["name"],
        Time = at,
        EffectiveAt = at.ToString("O", CultureInfo.InvariantCulture),
        DataSchema = $"urn:rehab:schema:{type}:1",
        DataJson = JsonSerializer.Serialize(data),
    };
}

/// <summary>Builds schedules and engines the way <c>AddTimers</c> wires them, against a chosen Redis and clock.</summary>
internal sealed class TimerRig(string prefix, TimeProvider time, IConnectionMultiplexer? redis = null, TimerOptions? options = null,
    string context = "cases", string firedType = TestTimers.DeadlinePassed)
{
    public IConnectionMultiplexer Redis { get; } = redis ?? Connections.Shared;

    public TimerOptions Options { get; } = options ?? new TimerOptions();

    public KeyLayout Keys { get; } = new(prefix, context);

    public IDatabase Db => Redis.GetDatabase();

    /// <summary>A schedule as one replica sees it (each replica has its own instance; state lives in Redis only).</summary>
    public TimerSchedule Schedule(IConnectionMultiplexer? connection = null, ITimerDefinition? definition = null)
    {
        var persistence = Microsoft.Extensions.Options.Options.Create(new PersistenceOptions { KeyPrefix = prefix });
        var conn = connection ?? Redis;
        return new TimerSchedule(conn, persistence, Microsoft.Extensions.Options.Options.Create(Options),
            definition ?? new TestTimers(context, firedType), time, new EventLogReader(conn, persistence));
    }

    public TimerEngine Engine(TimerSchedule? schedule = null) =>
        new([schedule ?? Schedule()], NullLogger<TimerEngine>.Instance);

    /// <summary>Every firing event in the context's log (all shards): its id and data.</summary>
    public async Task<List<(string Id, JsonElement Data)>> FiringsInLogAsync()
    {
        var found = new List<(string, JsonElement)>();
        foreach (var log in Keys.AllLogs)
        {
            foreach (var entry in await Db.StreamRangeAsync(log))
            {
                if (entry["type"] != firedType) continue;
                var e = CloudEvent.Parse((byte[])entry["ce"]!);
                found.Add((e.Id, JsonDocument.Parse(e.DataJson).RootElement.Clone()));
            }
        }

        return found;
    }

    /// <summary>Runs passes until one fires nothing.</summary>
    public static async Task<List<TimerFiring>> DrainAsync(TimerEngine engine)
    {
        var all = new List<TimerFiring>();
        while (true)
        {
            var fired = await engine.RunOnceAsync();
            if (fired.Count == 0) return all;
            all.AddRange(fired);
        }
    }
}
