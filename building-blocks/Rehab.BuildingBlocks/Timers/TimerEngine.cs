using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Timers;

/// <summary>
/// Fires due timers of every registered <see cref="TimerSchedule"/>. Any number of replicas may run it: a timer is
/// claimed by one worker at a time (a lease), and firing — appending the firing event to the shard's log and marking the
/// timer fired — is one atomic step that only the current claim can take, so each timer fires exactly once. A worker
/// that dies after claiming delays its timers by at most <see cref="TimerOptions.LeaseDuration"/>.
/// "Now" comes from the <see cref="TimeProvider"/>, never from Redis.
/// </summary>
public sealed class TimerEngine(IEnumerable<TimerSchedule> schedules, ILogger<TimerEngine> logger)
{
    private readonly IReadOnlyList<TimerSchedule> _schedules = schedules.ToList();
    private int _start = Random.Shared.Next(Persistence.KeyLayout.ShardCount);

    /// <summary>
    /// One pass: follows each shard's event log (the timers its new events plan, <see cref="TimerSchedule.FollowAsync"/>),
    /// then claims and fires up to <see cref="TimerOptions.BatchSize"/> due timers per shard of every context.
    /// Returns what fired.
    /// </summary>
    public async Task<IReadOnlyList<TimerFiring>> RunOnceAsync(CancellationToken ct = default)
    {
        var (fired, _) = await PassAsync(ct);
        return fired;
    }

    internal async Task<(IReadOnlyList<TimerFiring> Fired, bool More)> PassAsync(CancellationToken ct)
    {
        var fired = new List<TimerFiring>();
        var more = false;
        // Replicas start at different shards, so they rarely contend for the same one.
        var start = Interlocked.Increment(ref _start);
        foreach (var schedule in _schedules)
        {
            for (var i = 0; i < Persistence.KeyLayout.ShardCount; i++)
            {
                ct.ThrowIfCancellationRequested();
                var shard = (start + i) % Persistence.KeyLayout.ShardCount;
                try
                {
                    // First the timers the committed events plan, then the due ones.
                    // Caught up before claiming, so a timer planned and moved by consecutive events never fires in between.
                    int followed;
                    do
                    {
                        followed = await schedule.FollowAsync(shard, (entry, ex) => logger.LogError(ex,
                            "Log entry {Entry} of {Context} shard {Shard} could not be folded into timers; skipped", entry, schedule.Definition.Context, shard), ct);
                    }
                    while (followed == schedule.Options.BatchSize);

                    var claim = await schedule.ClaimAsync(shard, schedule.Options.BatchSize, ct);
                    if (claim.Timers.Count == 0) continue;
                    more |= claim.Timers.Count == schedule.Options.BatchSize;
                    fired.AddRange(await schedule.FireAsync(claim, ct, (firing, ex) => logger.LogError(ex,
                        "Building the event of timer {Timer} of {Context} failed; it is retried after its lease", firing.Key, schedule.Definition.Context)));
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException && !ct.IsCancellationRequested)
                {
                    // Claimed timers stay leased and are claimed again once the lease lapses.
                    logger.LogWarning(ex, "Firing timers of {Context} shard {Shard} failed; will retry", schedule.Definition.Context, shard);
                }
            }
        }

        var late = fired.Where(f => f.IsLate).ToList();
        if (late.Count > 0)
            logger.LogWarning("{Count} timers fired late, by up to {Lateness}", late.Count, late.Max(f => f.Lateness));
        return (fired, more);
    }
}

/// <summary>Runs <see cref="TimerEngine"/> in a loop: at once while timers are due, every <see cref="TimerOptions.PollInterval"/> otherwise.</summary>
public sealed class TimerEngineService(TimerEngine engine, IOptions<TimerOptions> options, TimeProvider time, ILogger<TimerEngineService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (_, more) = await engine.PassAsync(stoppingToken);
                if (!more) await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Timer pass failed");
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
    }
}
