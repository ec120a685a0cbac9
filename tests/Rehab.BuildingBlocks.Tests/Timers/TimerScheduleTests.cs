using Microsoft.Extensions.Time.Testing;
using Rehab.BuildingBlocks.Timers;
using Rehab.Testing;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Timers;

/// <summary>
/// Scheduling, rescheduling and cancelling by timer key, and firing on a fake clock (real Redis): what a service that
/// sets legal deadlines relies on. Races with a claim are run both as fixed interleavings and truly concurrently.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class TimerScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly TimerRig _rig;

    public TimerScheduleTests() => _rig = new TimerRig(RedisServer.NewPrefix(), _time);

    private static TimerKey Key(string name) => TimerKey.ForPartition("person-" + name, name);

    [Fact]
    public async Task Schedule_reschedule_and_cancel_are_idempotent_by_key_and_say_what_they_did()
    {
        var timers = _rig.Schedule();
        var key = Key("day-180");
        var due = Start.AddDays(180);

        Assert.Equal(new ScheduleResult(ScheduleOutcome.Scheduled, 1), await timers.ScheduleAsync(key, due, "p1"));
        Assert.Equal(new ScheduleResult(ScheduleOutcome.Unchanged, 1), await timers.ScheduleAsync(key, due, "p1"));
        Assert.Equal(new ScheduleResult(ScheduleOutcome.Rescheduled, 2), await timers.ScheduleAsync(key, due.AddDays(1), "p1"));
        Assert.Equal(new ScheduleResult(ScheduleOutcome.Rescheduled, 3), await timers.ScheduleAsync(key, due.AddDays(1), "p2"));
        Assert.Equal(new TimerInfo(key, TimerState.Pending, due.AddDays(1), "p2", 3, null), await timers.GetAsync(key));

        Assert.Equal(CancelOutcome.Cancelled, await timers.CancelAsync(key));
        Assert.Equal(CancelOutcome.NotFound, await timers.CancelAsync(key));
        Assert.Equal(CancelOutcome.NotFound, await timers.CancelAsync(Key("never")));
        Assert.Null(await timers.GetAsync(key));

        _time.Advance(TimeSpan.FromDays(200));
        Assert.Empty(await _rig.Engine(timers).RunOnceAsync());
        Assert.Empty(await _rig.FiringsInLogAsync());
    }

    [Fact]
    public async Task A_payload_comes_back_byte_for_byte_and_the_same_payload_again_changes_nothing()
    {
        var timers = _rig.Schedule();
        var key = Key("payload");
        const string Payload = "{\"case\":\"åäö/ÅÄÖ\",\"quote\":\"\\\"\",\"n\":1e400,\"nul\":\"\u0000\"} 🙂";

        await timers.ScheduleAsync(key, Start, Payload);
        Assert.Equal(ScheduleOutcome.Unchanged, (await timers.ScheduleAsync(key, Start, Payload)).Outcome);
        Assert.Equal(Payload, (await timers.GetAsync(key))!.Payload);
        Assert.Equal(Payload, Assert.Single(await _rig.Engine(timers).RunOnceAsync()).Payload);
    }

    [Fact]
    public async Task A_timer_fires_once_at_its_due_time_and_not_before_with_an_event_id_derived_from_key_and_due()
    {
        var timers = _rig.Schedule();
        var engine = _rig.Engine(timers);
        var key = Key("a");
        await timers.ScheduleAsync(key, Start.AddSeconds(10), "payload");

        _time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.Empty(await engine.RunOnceAsync());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var fired = Assert.Single(await engine.RunOnceAsync());
        Assert.Empty(await engine.RunOnceAsync());

        Assert.Equal(TimeSpan.Zero, fired.Lateness);
        Assert.False(fired.IsLate);
        Assert.Equal("payload", fired.Payload);
        var (id, data) = Assert.Single(await _rig.FiringsInLogAsync());
        Assert.Equal(TimerSchedule.EventIdFor("cases", key, Start.AddSeconds(10)), id);
        Assert.Equal(key.Name, data.GetProperty("name").GetString());
        Assert.Equal(TimerState.Fired, (await timers.GetAsync(key))!.State);
        Assert.Equal(Start.AddSeconds(10), (await timers.GetAsync(key))!.FiredAt);
    }

    [Fact]
    public async Task Overdue_timers_after_downtime_fire_at_once_in_one_pass_marked_late_with_their_lateness()
    {
        var timers = _rig.Schedule();
        var dues = new[] { Start.AddMinutes(1), Start.AddMinutes(30), Start.AddHours(1).AddSeconds(-5) };
        for (var i = 0; i < dues.Length; i++) await timers.ScheduleAsync(Key("t" + i), dues[i]);
        await timers.ScheduleAsync(Key("future"), Start.AddHours(2));

        _time.Advance(TimeSpan.FromHours(1)); // every engine was down for an hour

        var fired = (await _rig.Engine(timers).RunOnceAsync()).OrderBy(f => f.Due).ToList();
        Assert.Equal(dues, fired.Select(f => f.Due));
        Assert.Equal([TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5)], fired.Select(f => f.Lateness));
        Assert.Equal([true, true, false], fired.Select(f => f.IsLate)); // tolerance 30 s
        var logged = (await _rig.FiringsInLogAsync()).ToDictionary(f => f.Data.GetProperty("name").GetString()!, f => f.Data);
        Assert.True(logged[Key("t0").Name].GetProperty("late").GetBoolean());
        Assert.Equal(59 * 60_000, logged[Key("t0").Name].GetProperty("latenessMs").GetInt64());
        Assert.Equal(3, logged.Count);
    }

    [Fact]
    public async Task A_fired_timer_scheduled_again_at_the_same_due_time_stays_fired_and_at_another_fires_again()
    {
        var timers = _rig.Schedule();
        var engine = _rig.Engine(timers);
        var key = Key("k");
        await timers.ScheduleAsync(key, Start);
        Assert.Single(await engine.RunOnceAsync());

        Assert.Equal(ScheduleOutcome.AlreadyFired, (await timers.ScheduleAsync(key, Start, "other payload")).Outcome);
        Assert.Equal(CancelOutcome.AlreadyFired, await timers.CancelAsync(key));
        Assert.Empty(await engine.RunOnceAsync());

        Assert.Equal(new ScheduleResult(ScheduleOutcome.Scheduled, 2), await timers.ScheduleAsync(key, Start.AddMinutes(1)));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(await engine.RunOnceAsync());
        Assert.Equal(2, (await _rig.FiringsInLogAsync()).Select(f => f.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_timer_whose_event_cannot_be_built_holds_up_no_other_and_is_retried_after_its_lease()
    {
        var definition = new FailingTimers(new TestTimers("cases"));
        var timers = _rig.Schedule(definition: definition);
        var engine = new TimerEngine([timers], Microsoft.Extensions.Logging.Abstractions.NullLogger<TimerEngine>.Instance);
        var keys = Enumerable.Range(0, 5).Select(i => new TimerKey(2, "t" + i)).ToList();
        foreach (var key in keys) await timers.ScheduleAsync(key, Start);
        definition.Failing = keys[2];

        Assert.Equal(keys.Except([keys[2]]).ToHashSet(), (await engine.RunOnceAsync()).Select(f => f.Key).ToHashSet());
        definition.Failing = null; // fixed (a deploy, a transient dependency)
        Assert.Empty(await engine.RunOnceAsync()); // still leased
        _time.Advance(_rig.Options.LeaseDuration);
        Assert.Equal(keys[2], Assert.Single(await engine.RunOnceAsync()).Key);
        Assert.Equal(keys.Count, (await _rig.FiringsInLogAsync()).Count);
    }

    private sealed class FailingTimers(TestTimers inner) : ITimerDefinition
    {
        public TimerKey? Failing { get; set; }

        public string Context => inner.Context;

        public Rehab.BuildingBlocks.Messaging.CloudEvent ToEvent(TimerFiring firing) =>
            firing.Key == Failing ? throw new InvalidOperationException("cannot build") : inner.ToEvent(firing);

        public IEnumerable<TimerChange> Replay(Rehab.BuildingBlocks.Messaging.CloudEvent e) => inner.Replay(e);
    }

    [Fact]
    public async Task A_fired_timer_is_forgotten_after_the_retention()
    {
        var rig = new TimerRig(RedisServer.NewPrefix(), _time, options: new TimerOptions { FiredRetention = TimeSpan.FromDays(1) });
        var timers = rig.Schedule();
        var key = Key("old");
        await timers.ScheduleAsync(key, Start);
        Assert.Single(await rig.Engine(timers).RunOnceAsync());

        _time.Advance(TimeSpan.FromDays(1.5));
        await rig.Engine(timers).RunOnceAsync();

        Assert.Equal(CancelOutcome.NotFound, await timers.CancelAsync(key));
    }

    [Fact]
    public async Task A_reschedule_or_cancel_after_a_claim_wins_and_the_claim_fires_nothing()
    {
        var timers = _rig.Schedule();
        var moved = Key("moved");
        var dropped = Key("dropped");
        await timers.ScheduleAsync(moved, Start);
        await timers.ScheduleAsync(dropped, Start);
        var claims = new[] { await timers.ClaimAsync(moved.Shard, 10), await timers.ClaimAsync(dropped.Shard, 10) };

        Assert.Equal(ScheduleOutcome.Rescheduled, (await timers.ScheduleAsync(moved, Start.AddDays(1))).Outcome);
        Assert.Equal(CancelOutcome.Cancelled, await timers.CancelAsync(dropped));
        foreach (var claim in claims) Assert.Empty(await timers.FireAsync(claim));
        Assert.Empty(await _rig.FiringsInLogAsync());

        // The new version fires when it is due, with the id of its own due time.
        _time.Advance(TimeSpan.FromDays(1));
        var fired = Assert.Single(await _rig.Engine(timers).RunOnceAsync());
        Assert.Equal((moved, Start.AddDays(1)), (fired.Key, fired.Due));
        Assert.Equal(TimerSchedule.EventIdFor("cases", moved, Start.AddDays(1)), Assert.Single(await _rig.FiringsInLogAsync()).Id);
    }

    /// <summary>
    /// Cancels race engine passes over real Redis, timer by timer, until both orders have been seen: whichever wins, the
    /// outcome is one of the two serial orders — "Cancelled" and no event, or "AlreadyFired" and exactly one event —
    /// never both, never neither.
    /// </summary>
    [Fact]
    public async Task A_cancel_racing_a_claim_ends_as_one_of_the_two_orders()
    {
        var timers = _rig.Schedule();
        var outcomes = await RaceAsync("c", key => timers.CancelAsync(key));

        var events = await EventsPerTimerAsync();
        foreach (var (key, outcome) in outcomes)
        {
            var expected = outcome switch
            {
                CancelOutcome.Cancelled => 0,
                CancelOutcome.AlreadyFired => 1,
                _ => throw new Xunit.Sdk.XunitException($"{key}: {outcome}"),
            };
            Assert.Equal(expected, events.GetValueOrDefault(key.Name));
        }
    }

    /// <summary>
    /// Reschedules race engine passes: "Rescheduled" means the old version never fires (only the new one, later);
    /// "Scheduled" means the old one had already fired, exactly once, and the new one fires later as well.
    /// </summary>
    [Fact]
    public async Task A_reschedule_racing_a_claim_ends_as_one_of_the_two_orders()
    {
        var timers = _rig.Schedule();
        var later = Start.AddDays(1);
        var outcomes = await RaceAsync("r", async key => (await timers.ScheduleAsync(key, later)).Outcome);
        _time.Advance(TimeSpan.FromDays(1));
        await TimerRig.DrainAsync(_rig.Engine());

        var ids = (await _rig.FiringsInLogAsync()).Select(f => f.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var (key, outcome) in outcomes)
        {
            var oldFired = ids.Contains(TimerSchedule.EventIdFor("cases", key, Start));
            Assert.True(outcome switch
            {
                ScheduleOutcome.Rescheduled => !oldFired,
                ScheduleOutcome.Scheduled => oldFired,
                _ => false,
            }, $"{key}: {outcome}, old version fired: {oldFired}");
            Assert.Contains(TimerSchedule.EventIdFor("cases", key, later), ids);
        }
    }

    /// <summary>
    /// Rounds of: timers due now, two engines passing while <paramref name="act"/> runs on each timer after a random
    /// short pause — until both orders (act first, fire first) have happened.
    /// </summary>
    private async Task<List<(TimerKey Key, T Outcome)>> RaceAsync<T>(string tag, Func<TimerKey, Task<T>> act)
    {
        var timers = _rig.Schedule();
        var engines = new[] { _rig.Engine(_rig.Schedule()), _rig.Engine(_rig.Schedule()) };
        var all = new List<(TimerKey, T)>();
        for (var round = 0; round < 200 && all.Select(o => o.Item2).Distinct().Count() < 2; round++)
        {
            var keys = Enumerable.Range(0, 16).Select(i => new TimerKey(i, $"{tag}{round}-{i}")).ToList();
            foreach (var key in keys) await timers.ScheduleAsync(key, Start);
            var acts = keys.Select(key => Task.Run(async () =>
            {
                await Task.Delay(Random.Shared.Next(0, 4));
                return (key, await act(key));
            })).ToList();
            var passes = engines.Select(e => Task.Run(() => e.RunOnceAsync())).ToList();
            all.AddRange(await Task.WhenAll(acts));
            await Task.WhenAll(passes);
            foreach (var engine in engines) await TimerRig.DrainAsync(engine);
        }

        Assert.True(all.Select(o => o.Item2).Distinct().Count() == 2, "the race never went both ways: " + all[0].Item2);
        return all;
    }

    private async Task<Dictionary<string, int>> EventsPerTimerAsync() =>
        (await _rig.FiringsInLogAsync()).GroupBy(f => f.Data.GetProperty("name").GetString()!).ToDictionary(g => g.Key, g => g.Count());
}
