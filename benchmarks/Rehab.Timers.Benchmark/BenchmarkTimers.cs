using System.Globalization;
using System.Text.Json;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Timers;

namespace Rehab.Timers.Benchmark;

/// <summary>The benchmark's timer definition: the firing event carries the timer's shard, name and due time.</summary>
public sealed class BenchmarkTimers(string context) : ITimerDefinition
{
    public const string TimerFired = "rehab.bench.v1.TimerFired";

    public string Context => context;

    public CloudEvent ToEvent(TimerFiring firing) => new()
    {
        Id = firing.EventId,
        Source = "timers-benchmark",
        Type = TimerFired,
        Subject = firing.Key.Name,
        Time = firing.FiredAt,
        EffectiveAt = firing.FiredAt.ToString("O", CultureInfo.InvariantCulture),
        DataSchema = CloudEvent.SchemaOf(Google.Protobuf.WellKnownTypes.Empty.Descriptor),
        DataJson = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["shard"] = firing.Key.Shard,
            ["name"] = firing.Key.Name,
            ["due"] = firing.Due.ToUnixTimeMilliseconds(),
            ["latenessMs"] = (long)firing.Lateness.TotalMilliseconds,
        }),
    };

    public IEnumerable<TimerChange> Replay(CloudEvent e)
    {
        if (e.Type != TimerFired) yield break;
        using var doc = JsonDocument.Parse(e.DataJson);
        var data = doc.RootElement;
        yield return new TimerChange.Fired(
            new TimerKey(data.GetProperty("shard").GetInt32(), data.GetProperty("name").GetString()!),
            DateTimeOffset.FromUnixTimeMilliseconds(data.GetProperty("due").GetInt64()));
    }
}
