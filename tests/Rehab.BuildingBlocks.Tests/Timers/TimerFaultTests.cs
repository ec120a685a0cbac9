using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Tests.Messaging;
using Rehab.BuildingBlocks.Timers;
using Rehab.Testing;
using StackExchange.Redis;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Timers;

/// <summary>
/// Exactly-once firing under concurrency and crashes, against a real redis-server. Each test states its fault model.
/// </summary>
[Trait("Tier", "Fault")]
public sealed class TimerFaultTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    /// <summary>
    /// Fault model: none crashes; four replicas (each its own connection) race for the same due timers over real Redis,
    /// which stays up. Every timer fires exactly once: one firing reported, one event in the log, with the expected id.
    /// </summary>
    [Fact]
    public async Task Engines_racing_on_four_replicas_fire_each_timer_exactly_once()
    {
        var rig = new TimerRig(RedisServer.NewPrefix(), _time, options: new TimerOptions { BatchSize = 25 });
        var keys = Enumerable.Range(0, 3000).Select(i => new TimerKey(i % 16, "t" + i)).ToList();
        var timers = rig.Schedule();
        await Task.WhenAll(keys.Select(k => timers.ScheduleAsync(k, Start.AddMilliseconds(-k.Name.Length))));

        var connections = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ConnectionMultiplexer.ConnectAsync(RedisServer.Shared.Endpoint)));
        try
        {
            var engines = connections.Select(c => rig.Engine(rig.Schedule(c))).ToList();
            var reported = (await Task.WhenAll(engines.Select(e => Task.Run(() => TimerRig.DrainAsync(e))))).ToList();

            Assert.True(reported.Count(r => r.Count > 0) > 1, "only one replica fired anything; the race did not happen");
            var all = reported.SelectMany(r => r).ToList();
            Assert.Equal(keys.Count, all.Count);
            Assert.Equal(keys.ToHashSet(), all.Select(f => f.Key).ToHashSet());
            var logged = (await rig.FiringsInLogAsync()).Select(f => f.Id).ToList();
            Assert.Equal(keys.Count, logged.Count);
            Assert.Equal(keys.Select(k => TimerSchedule.EventIdFor("cases", k, Start.AddMilliseconds(-k.Name.Length))).ToHashSet(), logged.ToHashSet());
        }
        finally
        {
            foreach (var c in connections) await c.DisposeAsync();
        }
    }

    /// <summary>
    /// Fault model: a worker process dies between claiming and completing (its memory, its claim token and its half-built
    /// events are gone; the lease it holds in Redis remains); Redis stays up. Simulated in-process by abandoning the claim
    /// — the only trace a dead process leaves is its lease. Also: a completion whose reply was lost is retried.
    /// </summary>
    [Fact]
    public async Task A_worker_dying_between_claim_and_completion_delays_its_timers_by_at_most_the_lease_and_nothing_fires_twice()
    {
        var rig = new TimerRig(RedisServer.NewPrefix(), _time, options: new TimerOptions { LeaseDuration = TimeSpan.FromSeconds(30) });
        var timers = rig.Schedule();
        var keys = Enumerable.Range(0, 10).Select(i => new TimerKey(5, "t" + i)).ToList();
        foreach (var key in keys) await timers.ScheduleAsync(key, Start);

        var dead = await rig.Schedule().ClaimAsync(5, 100); // the worker that dies now
        Assert.Equal(keys.Count, dead.Timers.Count);
        var survivor = rig.Schedule();
        var engine = rig.Engine(survivor);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await engine.RunOnceAsync()); // still leased to the dead worker
        _time.Advance(TimeSpan.FromSeconds(1));
        var claim = await survivor.ClaimAsync(5, 100); // the lease lapsed: claimable again
        Assert.Equal(keys.Count, claim.Timers.Count);
        Assert.Empty(await rig.Schedule().FireAsync(dead)); // the "dead" worker was only paused and comes back: its claim is void
        Assert.Equal(keys.Count, (await survivor.FireAsync(claim)).Count);

        Assert.Empty(await survivor.FireAsync(claim)); // the same completion again (its reply was lost): no effect
        Assert.Empty(await rig.Schedule().FireAsync(dead));
        Assert.Empty(await engine.RunOnceAsync());
        var logged = await rig.FiringsInLogAsync();
        Assert.Equal(keys.Count, logged.Count);
        Assert.Equal(keys.Count, logged.Select(f => f.Id).Distinct().Count());
        Assert.All(logged, f => Assert.Equal(30_000, f.Data.GetProperty("latenessMs").GetInt64()));
    }

    /// <summary>
    /// Fault model: real worker processes (the benchmark's <c>worker</c> mode) get SIGKILL at random instants while they
    /// claim and fire — between claim and completion, inside a Redis round trip, anywhere; Redis stays up. After a
    /// restart every timer has fired exactly once.
    /// </summary>
    [Fact]
    public async Task Worker_processes_killed_at_random_instants_leave_every_timer_fired_exactly_once_after_restart()
    {
        var prefix = RedisServer.NewPrefix();
        var rig = new TimerRig(prefix, TimeProvider.System, context: "bench", firedType: Rehab.Timers.Benchmark.BenchmarkTimers.TimerFired);
        var timers = rig.Schedule();
        var now = DateTimeOffset.UtcNow;
        var keys = Enumerable.Range(0, 6000).Select(i => new TimerKey(i % 16, "t" + i)).ToList();
        foreach (var chunk in keys.Chunk(2000)) await Task.WhenAll(chunk.Select(k => timers.ScheduleAsync(k, now)));

        // Kill workers until one died holding a claim it had not completed (its timers are leased: scored in the future).
        var abandonedClaims = 0L;
        for (var run = 0; run < 8 && abandonedClaims == 0; run++)
        {
            using var worker = await StartWorkerAsync(prefix);
            await Task.Delay(Random.Shared.Next(20, 200));
            worker.Kill();
            await worker.WaitForExitAsync();
            abandonedClaims = await LeasedAsync(rig);
        }

        Assert.True(abandonedClaims > 0, "no worker died between claim and completion; nothing was tested");
        Assert.True(await PendingAsync(rig) > 0, "the workers finished everything before they were killed");
        using (var restarted = await StartWorkerAsync(prefix))
        {
            Assert.True(await Eventually.TrueAsync(async () => await PendingAsync(rig) == 0, TimeSpan.FromSeconds(60)));
            restarted.Kill();
            await restarted.WaitForExitAsync();
        }

        var logged = await rig.FiringsInLogAsync();
        Assert.Equal(keys.Count, logged.Count);
        Assert.Equal(keys.Select(k => TimerSchedule.EventIdFor("bench", k, now)).ToHashSet(), logged.Select(f => f.Id).ToHashSet());
        Assert.All(await timers.ListAsync(), t => Assert.Equal(TimerState.Fired, t.State));
    }

    /// <summary>
    /// Fault model: the outbox relay dies while publishing timer firings (after publishing, before acknowledging; Redis and
    /// the subscriber stay up). The firings are published again with the same ids, and the subscriber's inbox applies each
    /// exactly once — end to end, from the timer to the handler.
    /// </summary>
    [Fact]
    public async Task Firings_survive_a_relay_killed_during_publish_and_each_is_handled_exactly_once()
    {
        await using var app = await MessagingTestApp.StartAsync(MessagingOptions.RedisTransport);
        var rig = new TimerRig(app.Layout.Prefix, _time, context: MessagingTestApp.Context, firedType: MessagingTestApp.ThingHappened);
        var timers = rig.Schedule();
        var keys = Enumerable.Range(0, 20).Select(i => new TimerKey(i % 4, "t" + i)).ToList();
        foreach (var key in keys) await timers.ScheduleAsync(key, Start);
        var fired = await rig.Engine(timers).RunOnceAsync();
        Assert.Equal(keys.Count, fired.Count);

        await app.Relay(new DiesAfterPublishTransport(app.Transport)).RelayOnceAsync(CancellationToken.None);
        var relay = app.Relay();
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await relay.RelayOnceAsync(CancellationToken.None);
            return fired.All(f => app.Probe.EffectsFor(f.EventId) == 1);
        }, TimeSpan.FromSeconds(15)));

        Assert.True(await Eventually.TrueAsync(app.SettledAsync));
        var delivered = await app.DeliveredIdsAsync();
        Assert.True(delivered.Count > keys.Count, "the relay's death republished nothing; nothing was tested");
        Assert.Equal(fired.Select(f => f.EventId).ToHashSet(), delivered.ToHashSet());
        Assert.All(fired, f => Assert.Equal(1, app.Probe.EffectsFor(f.EventId)));
    }

    /// <summary>
    /// Fault model: Redis lost the timer set (a kill -9 with appendfsync everysec, a restore, a bug) while the event log —
    /// the source of truth for deadlines — is intact. Replaying the log yields exactly the live set (after a mixed workload
    /// of schedules, reschedules, cancels, firings and schedules after firing), and overdue timers then fire at once, late.
    /// </summary>
    [Fact]
    public async Task The_timer_set_rebuilt_from_the_event_log_equals_the_live_one()
    {
        var rig = new TimerRig(RedisServer.NewPrefix(), _time);
        var timers = rig.Schedule();
        var engine = rig.Engine(timers);
        await MixedWorkloadAsync(rig, timers, engine, _time);
        var live = Sorted(await timers.ListAsync());
        Assert.Contains(live, t => t.State == TimerState.Fired);
        Assert.Contains(live, t => t.State == TimerState.Pending && t.Version > 1);

        await WipeTimersAsync(rig);
        Assert.Empty(await timers.ListAsync());
        Assert.Equal(live.Count, await timers.RebuildAsync());
        Assert.Equal(live, Sorted(await timers.ListAsync()));

        Assert.Equal(live.Count, await timers.RebuildAsync()); // idempotent
        Assert.Equal(live, Sorted(await timers.ListAsync()));

        // After the loss the service was down for a day: the pending timers fire at once, marked late.
        _time.Advance(TimeSpan.FromDays(400));
        var overdue = await TimerRig.DrainAsync(engine);
        Assert.Equal(live.Where(t => t.State == TimerState.Pending).Select(t => t.Key).ToHashSet(), overdue.Select(f => f.Key).ToHashSet());
        Assert.All(overdue, f => Assert.True(f.IsLate));
    }

    internal static async Task MixedWorkloadAsync(TimerRig rig, TimerSchedule timers, TimerEngine engine, FakeTimeProvider time)
    {
        async Task Set(TimerKey key, DateTimeOffset due, string payload)
        {
            // The service only commits the event; the engine's follower schedules the timer from the log.
            await TestTimers.LogAsync(rig.Db, rig.Keys, TestTimers.DeadlineSet, key, due, payload, time.GetUtcNow());
        }

        var start = time.GetUtcNow();
        var keys = Enumerable.Range(0, 60).Select(i => new TimerKey(i % 16, "case-" + i + ":day-180")).ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            await Set(keys[i], start.AddHours(i % 6 < 3 ? 1 : 300), "p" + i);
            time.Advance(TimeSpan.FromMilliseconds(3));
        }

        for (var i = 0; i < keys.Count; i++)
        {
            switch (i % 6)
            {
                case 1: // rescheduled before it is due
                    await Set(keys[i], start.AddHours(2), "moved/åäö \"x\" \u0000 🙂");
                    break;
                case 2: // cancelled
                    await TestTimers.LogAsync(rig.Db, rig.Keys, TestTimers.DeadlineDropped, keys[i], default, "", time.GetUtcNow());
                    break;
                case 3: // the same deadline again (a retried command): no change
                    await Set(keys[i], start.AddHours(1), "p" + i);
                    break;
            }

            time.Advance(TimeSpan.FromMilliseconds(3));
        }

        time.Advance(TimeSpan.FromHours(1.5));
        await TimerRig.DrainAsync(engine); // 0 and 3 fire; 1 was moved to +2h
        for (var i = 0; i < keys.Count; i += 6) await Set(keys[i], start.AddHours(500), "again"); // scheduled again after firing
        await engine.RunOnceAsync(); // follows the last schedules
        time.Advance(TimeSpan.FromMinutes(1));
    }

    internal static async Task WipeTimersAsync(TimerRig rig)
    {
        foreach (var shard in rig.Keys.Shards)
            await rig.Db.KeyDeleteAsync([rig.Keys.Timers(shard), rig.Keys.TimersDue(shard), rig.Keys.TimersFired(shard)]);
    }

    internal static List<TimerInfo> Sorted(IEnumerable<TimerInfo> timers) =>
        timers.OrderBy(t => t.Key.Shard).ThenBy(t => t.Key.Name, StringComparer.Ordinal).ToList();

    private static async Task<long> PendingAsync(TimerRig rig)
    {
        long pending = 0;
        foreach (var shard in rig.Keys.Shards) pending += await rig.Db.SortedSetLengthAsync(rig.Keys.TimersDue(shard));
        return pending;
    }

    private static async Task<long> LeasedAsync(TimerRig rig)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long leased = 0;
        foreach (var shard in rig.Keys.Shards)
            leased += await rig.Db.SortedSetLengthAsync(rig.Keys.TimersDue(shard), now, double.PositiveInfinity, Exclude.Start);
        return leased;
    }

    private static async Task<Process> StartWorkerAsync(string prefix)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Rehab.Timers.Benchmark.dll");
        var process = Process.Start(new ProcessStartInfo("dotnet",
            $"\"{dll}\" worker --redis {RedisServer.Shared.Endpoint} --prefix {prefix} --context bench --batch 20 --lease-ms 500")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var started = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("worker started", started);
        return process;
    }
}
