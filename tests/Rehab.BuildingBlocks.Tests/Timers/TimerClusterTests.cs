using Microsoft.Extensions.Time.Testing;
using Rehab.BuildingBlocks.Timers;
using Rehab.Testing;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Timers;

/// <summary>
/// The timer engine on a real 3-master Redis Cluster: every script touches one shard's keys and its log only (a
/// CROSSSLOT error would fail this), replicas fire timers of all shards wherever their slots live, and a rebuild from the
/// log (read across the cluster) reproduces the live set.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class TimerClusterTests
{
    [Fact]
    public async Task Timers_are_scheduled_fired_exactly_once_and_rebuilt_on_a_cluster()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var rig = new TimerRig(RedisServer.NewPrefix(), time, RedisCluster.Shared.Connection, new TimerOptions { BatchSize = 3 });
        var timers = rig.Schedule();
        var engines = new[] { rig.Engine(rig.Schedule()), rig.Engine(rig.Schedule()) };

        await TimerFaultTests.MixedWorkloadAsync(rig, timers, engines[0], time);
        var extra = Enumerable.Range(0, 64).Select(i => new TimerKey(i % 16, "extra-" + i)).ToList();
        foreach (var key in extra) await timers.ScheduleAsync(key, time.GetUtcNow());
        var fired = (await Task.WhenAll(engines.Select(e => Task.Run(() => TimerRig.DrainAsync(e))))).SelectMany(f => f).ToList();
        Assert.Equal(extra.ToHashSet(), fired.Select(f => f.Key).ToHashSet());
        Assert.Equal(extra.Count, fired.Count);

        // The extra timers have no schedule events in the log, only their firings: a rebuild knows them as fired.
        var live = TimerFaultTests.Sorted(await timers.ListAsync());
        await TimerFaultTests.WipeTimersAsync(rig);
        await timers.RebuildAsync();
        Assert.Equal(live, TimerFaultTests.Sorted(await timers.ListAsync()));
    }
}
