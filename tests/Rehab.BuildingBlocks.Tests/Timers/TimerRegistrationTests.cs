using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Timers;
using Rehab.Testing;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Timers;

/// <summary>A service wired with <c>AddTimers</c> for two contexts: one background engine fires the timers of both.</summary>
[Trait("Tier", "Redis")]
public sealed class TimerRegistrationTests
{
    [Fact]
    public async Task AddTimers_runs_one_background_engine_that_fires_the_timers_of_every_registered_context()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Redis"] = RedisServer.Shared.ConnectionString,
            ["Persistence:KeyPrefix"] = RedisServer.NewPrefix(),
            ["Timers:PollInterval"] = "00:00:00.050",
        });
        builder.Services.AddSingleton(new TestTimers("cases"));
        builder.Services.AddTimers<TestTimers>(builder.Configuration).AddTimers<OtherTimers>(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();

        Assert.Single(host.Services.GetServices<IHostedService>().OfType<TimerEngineService>());
        var cases = host.Services.GetRequiredService<TimerSchedule<TestTimers>>();
        var others = host.Services.GetRequiredService<TimerSchedule<OtherTimers>>();
        var key = TimerKey.ForPartition("person-1", "deadline");
        await cases.ScheduleAsync(key, DateTimeOffset.UtcNow.AddMilliseconds(100));
        await others.ScheduleAsync(key, DateTimeOffset.UtcNow.AddMilliseconds(100));

        Assert.True(await Eventually.TrueAsync(async () =>
            (await cases.GetAsync(key))?.State == TimerState.Fired && (await others.GetAsync(key))?.State == TimerState.Fired));
        await host.StopAsync();
    }

    private sealed class OtherTimers : ITimerDefinition
    {
        private readonly TestTimers _inner = new("others");

        public string Context => _inner.Context;

        public CloudEvent ToEvent(TimerFiring firing) => _inner.ToEvent(firing);

        public IEnumerable<TimerChange> Replay(CloudEvent e) => _inner.Replay(e);
    }
}
