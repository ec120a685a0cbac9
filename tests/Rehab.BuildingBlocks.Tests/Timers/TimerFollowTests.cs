using Microsoft.Extensions.Time.Testing;
using Rehab.BuildingBlocks.Timers;
using Rehab.Testing;
using StackExchange.Redis;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Timers;

/// <summary>
/// The timer set follows the committed event log (<see cref="TimerSchedule.FollowAsync"/>): a service only commits events
/// that plan timers; the engine's follower applies them. Against a real redis-server.
/// </summary>
[Trait("Tier", "Fault")]
public sealed class TimerFollowTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    /// <summary>
    /// Fault model: the service process dies right after its commit (the events that plan, move and drop deadlines are in
    /// the log; nothing else of it survives — it never scheduled anything); Redis stays up. After a restart, three engine
    /// replicas with their own connections race: every planned timer exists as the log last says, and fires exactly once.
    /// </summary>
    [Fact]
    public async Task A_service_killed_between_its_commit_and_scheduling_leaves_every_timer_scheduled_and_fired_exactly_once_after_restart()
    {
        var rig = new TimerRig(RedisServer.NewPrefix(), _time, options: new TimerOptions { BatchSize = 7 });
        var keys = Enumerable.Range(0, 40).Select(i => new TimerKey(i % 16, $"case-{i}:day-180")).ToList();
        var expected = new Dictionary<TimerKey, DateTimeOffset>();
        for (var i = 0; i < keys.Count; i++)
        {
            var due = Start.AddHours(1 + i % 5);
            await TestTimers.LogAsync(rig.Db, rig.Keys, TestTimers.DeadlineSet, keys[i], due, "p" + i, _time.GetUtcNow());
            expected[keys[i]] = due;
            if (i % 4 == 1)
            {
                // A later commit moves the deadline: only the moved one may ever fire.
                _time.Advance(TimeSpan.FromMilliseconds(1));
                await TestTimers.LogAsync(rig.Db, rig.Keys, TestTimers.DeadlineSet, keys[i], due.AddHours(10), "moved", _time.GetUtcNow());
                expected[keys[i]] = due.AddHours(10);
            }
            else if (i % 4 == 2)
            {
                _time.Advance(TimeSpan.FromMilliseconds(1));
                await TestTimers.LogAsync(rig.Db, rig.Keys, TestTimers.DeadlineDropped, keys[i], default, "", _time.GetUtcNow());
                expected.Remove(keys[i]);
            }

            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var timers = rig.Schedule();
        Assert.Empty(await timers.ListAsync()); // the crash: nothing was scheduled

        var connections = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ConnectionMultiplexer.ConnectAsync(RedisServer.Shared.Endpoint)));
        try
        {
            var engines = connections.Select(c => rig.Engine(rig.Schedule(c))).ToList();
            await Task.WhenAll(engines.Select(e => Task.Run(() => TimerRig.DrainAsync(e))));
            var restored = await timers.ListAsync();
            Assert.Equal(expected.OrderBy(x => x.Key.ToString()), restored.Select(t => KeyValuePair.Create(t.Key, t.Due)).OrderBy(x => x.Key.ToString()));
            Assert.All(restored, t => Assert.Equal(TimerState.Pending, t.State));

            _time.Advance(TimeSpan.FromDays(1));
            var fired = (await Task.WhenAll(engines.Select(e => Task.Run(() => TimerRig.DrainAsync(e))))).SelectMany(f => f).ToList();
            Assert.Equal(expected.Keys.ToHashSet(), fired.Select(f => f.Key).ToHashSet());
            Assert.Equal(expected.Count, fired.Count);
            var logged = await rig.FiringsInLogAsync();
            Assert.Equal(expected.Select(x => TimerSchedule.EventIdFor("cases", x.Key, x.Value)).Order(), logged.Select(l => l.Id).Order());
        }
        finally
        {
            foreach (var c in connections) await c.DisposeAsync();
        }
    }

    /// <summary>
    /// Without any explicit schedule call, the followed set equals the set rebuilt from the log after a mixed workload
    /// (schedules, moves, cancels, firings, schedules after firing), and following on after a rebuild changes nothing.
    /// </summary>
    [Fact]
    public async Task The_followed_set_equals_the_rebuilt_one()
    {
        var rig = new TimerRig(RedisServer.NewPrefix(), _time);
        var timers = rig.Schedule();
        var engine = rig.Engine(timers);
        var keys = Enumerable.Range(0, 30).Select(i => new TimerKey(i % 16, "t" + i)).ToList();
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            await TestTimers.LogAsync(rig.Db, rig.Keys, TestTimers.DeadlineSet, key, Start.AddHours(i % 3 == 0 ? 1 : 50), "p", _time.GetUtcNow());
            if (i % 5 == 4) await TestTimers.LogAsync(rig.Db, rig.Keys, TestTimers.DeadlineDropped, key, default, "", _time.GetUtcNow());
            _time.Advance(TimeSpan.FromMilliseconds(2));
        }

        _time.Advance(TimeSpan.FromHours(2));
        Assert.NotEmpty(await TimerRig.DrainAsync(engine));
        foreach (var key in keys.Where((_, i) => i % 6 == 0))
            await TestTimers.LogAsync(rig.Db, rig.Keys, TestTimers.DeadlineSet, key, Start.AddHours(90), "again", _time.GetUtcNow());
        await TimerRig.DrainAsync(engine);
        var live = TimerFaultTests.Sorted(await timers.ListAsync());
        Assert.Contains(live, t => t.State == TimerState.Fired);
        Assert.Contains(live, t => t.State == TimerState.Pending && t.Version > 1);

        await TimerFaultTests.WipeTimersAsync(rig);
        await timers.RebuildAsync();
        Assert.Equal(live, TimerFaultTests.Sorted(await timers.ListAsync()));
        Assert.Empty(await TimerRig.DrainAsync(engine));
        Assert.Equal(live, TimerFaultTests.Sorted(await timers.ListAsync()));
    }
}
