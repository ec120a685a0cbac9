using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Testing;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Tests.Messaging;

/// <summary>
/// A service host wired exactly as a real service does it (AddRehabRedis → AddEventLog → AddRehabMessaging →
/// AddEventHandler, MapDaprSubscriptions), on real Kestrel, real Redis and — for the dapr transport — the fake sidecar.
/// Timeouts are short so redelivery and reclaim happen within a test.
/// </summary>
internal sealed class MessagingTestApp : IAsyncDisposable
{
    public const string Context = "thing";
    public const string AppId = "consumer";
    public const string ThingHappened = "rehab.test.v1.ThingHappened";
    public const string OtherThing = "rehab.test.v1.OtherThing";
    public const int MaxAttempts = 3;
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

    private readonly WebApplication _app;
    private readonly FakeDaprSidecar? _sidecar;

    private MessagingTestApp(WebApplication app, FakeDaprSidecar? sidecar, string prefix, string topic)
    {
        BaseAddress = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _app = app;
        _sidecar = sidecar;
        Topic = topic;
        Layout = new KeyLayout(prefix, Context);
        Db = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
    }

    public string Topic { get; }

    /// <summary>The app's HTTP/1 endpoint (where Dapr delivers).</summary>
    public Uri BaseAddress { get; }

    public string DeadLetterTopic => Topic + ".deadletter";

    public KeyLayout Layout { get; }

    public IDatabase Db { get; }

    public IServiceProvider Services => _app.Services;

    public HandlerProbe Probe => _app.Services.GetRequiredService<HandlerProbe>();

    public FakeDaprSidecar Sidecar => _sidecar ?? throw new InvalidOperationException("no sidecar with the redis transport");

    public static async Task<MessagingTestApp> StartAsync(
        string transport, Func<CloudEvent, int, HandlerOutcome>? behaviour = null, bool backgroundRelay = false, string? topic = null)
    {
        var prefix = RedisServer.NewPrefix();
        topic ??= prefix + ".rehab.test.v1";
        var sidecar = transport == MessagingOptions.DaprTransport
            ? await FakeDaprSidecar.StartAsync(maxDeliveryAttempts: MaxAttempts)
            : null;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Redis"] = RedisServer.Shared.ConnectionString,
            ["Persistence:KeyPrefix"] = prefix,
            ["Messaging:Transport"] = transport,
            ["Messaging:AppId"] = AppId,
            ["Messaging:ProcessingTimeout"] = Timeout.ToString(),
            ["Messaging:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging:PollInterval"] = "00:00:00.020",
            ["Messaging:MaxPollInterval"] = "00:00:00.100",
            ["Messaging:Relay:Enabled"] = backgroundRelay ? "true" : "false",
            ["Messaging:Relay:LeaseDuration"] = Timeout.ToString(),
            ["Messaging:Relay:ReclaimAfter"] = Timeout.ToString(),
        });

        builder.Services.AddSingleton(new HandlerProbe(behaviour ?? ((_, _) => HandlerOutcome.Success)));
        builder.Services
            .AddRehabRedis(builder.Configuration)
            .AddEventLog(Context, topic)
            .AddRehabMessaging(builder.Configuration)
            .AddEventHandler<ThingHappenedHandler>(topic, ThingHappened);
        if (sidecar is not null) builder.Services.AddSingleton(sidecar.CreateClient());

        var app = builder.Build();
        app.MapDaprSubscriptions();
        await app.StartAsync();
        var started = new MessagingTestApp(app, sidecar, prefix, topic);
        if (sidecar is not null) await sidecar.AttachAppAsync(started.BaseAddress);
        return started;
    }

    /// <summary>What the aggregate store does when it records an event: one XADD of id/type/ce to the shard's log.</summary>
    public async Task<CloudEvent> StoreEventAsync(int shard = 3, string type = ThingHappened)
    {
        // As the commit script stores them: a shard's log holds events about the shard's aggregates.
        var e = NewEvent(type, Topic) with { Subject = Rehab.BuildingBlocks.Persistence.AggregateId.New(shard, TimeProvider.System) };
        await Db.StreamAddAsync(Layout.Log(shard),
        [
            new NameValueEntry("id", e.Id),
            new NameValueEntry("type", e.Type),
            new NameValueEntry("ce", e.ToJsonBytes()),
        ]);
        return e;
    }

    public static CloudEvent NewEvent(string type, string topic) => new()
    {
        Id = Guid.CreateVersion7().ToString(),
        Source = "producer",
        Type = type,
        Subject = Guid.CreateVersion7().ToString(),
        Time = DateTimeOffset.UtcNow,
        EffectiveAt = "2026-03-02",
        DataSchema = $"urn:rehab:schema:{type}:1",
        Topic = topic,
        PubSubName = "pubsub",
        DataJson = """{"note":"x"}""",
    };

    /// <summary>The app's relay when nothing goes wrong; a test drives it instead of the background loop.</summary>
    public OutboxRelay Relay() => ActivatorUtilities.CreateInstance<OutboxRelay>(Services, Services.GetRequiredService<IEventTransport>());

    /// <summary>Another relay instance (another replica, or the same one after a restart) over a given transport.</summary>
    public OutboxRelay Relay(IEventTransport transport) => ActivatorUtilities.CreateInstance<OutboxRelay>(Services, transport);

    public IEventTransport Transport => Services.GetRequiredService<IEventTransport>();

    /// <summary>Runs the relay until it has published something (the lease and the reclaim wait take a moment).</summary>
    public static async Task<int> RelayUntilPublishedAsync(OutboxRelay relay)
    {
        var published = 0;
        await Eventually.TrueAsync(async () => (published = await relay.RelayOnceAsync(CancellationToken.None)) > 0);
        return published;
    }

    /// <summary>The CloudEvent id of every message that reached the subscriber, in order.</summary>
    public async Task<IReadOnlyList<string>> DeliveredIdsAsync()
    {
        if (_sidecar is not null)
            return _sidecar.Deliveries.Where(d => d.Topic == Topic && d.Attempt == 1).Select(d => d.EventId).ToList();
        var entries = await Db.StreamRangeAsync(Topic);
        return entries.Select(e => CloudEvent.Parse((byte[])e["data"]!).Id).ToList();
    }

    public async Task<IReadOnlyList<string>> DeadLetteredIdsAsync()
    {
        if (_sidecar is not null)
            return _sidecar.PublishedTo(DeadLetterTopic).Select(p => p.Id).ToList();
        var entries = await Db.StreamRangeAsync(DeadLetterTopic);
        return entries.Select(e => CloudEvent.Parse((byte[])e["data"]!).Id).ToList();
    }

    /// <summary>True when every message on the topic has been answered for good (acked, dropped or given up).</summary>
    public async Task<bool> SettledAsync()
    {
        if (_sidecar is not null)
        {
            var published = _sidecar.PublishedTo(Topic).Count();
            var finished = _sidecar.Deliveries.Count(d => d.Topic == Topic
                && (d.Result != FakeDaprSidecar.DeliveryResult.Retry || d.Attempt == _sidecar.MaxDeliveryAttempts));
            return finished == published;
        }

        if (!await Db.KeyExistsAsync(Topic)) return true;
        var group = (await Db.StreamGroupInfoAsync(Topic)).FirstOrDefault(g => g.Name == AppId);
        var last = (await Db.StreamRangeAsync(Topic, count: 1, messageOrder: Order.Descending)).FirstOrDefault();
        return group.PendingMessageCount == 0 && group.LastDeliveredId == last.Id.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_sidecar is not null) await _sidecar.DisposeAsync();
    }
}

/// <summary>Records what the handler saw; its behaviour is scripted per test (nth call for the event id).</summary>
internal sealed class HandlerProbe(Func<CloudEvent, int, HandlerOutcome> behaviour)
{
    private readonly ConcurrentQueue<(string Id, string Type, string Outcome)> _calls = new();

    public IReadOnlyList<(string Id, string Type, string Outcome)> Calls => _calls.ToArray();

    public int CallsFor(string id) => Calls.Count(c => c.Id == id);

    /// <summary>How many times the handler's effect was applied (it answered Success).</summary>
    public int EffectsFor(string id) => Calls.Count(c => c.Id == id && c.Outcome == nameof(HandlerOutcome.Success));

    public HandlerOutcome Handle(CloudEvent e)
    {
        var nth = CallsFor(e.Id) + 1;
        try
        {
            var outcome = behaviour(e, nth);
            _calls.Enqueue((e.Id, e.Type, outcome.ToString()));
            return outcome;
        }
        catch (Exception ex)
        {
            _calls.Enqueue((e.Id, e.Type, ex.GetType().Name));
            throw;
        }
    }
}

internal sealed class ThingHappenedHandler(HandlerProbe probe) : IEventHandler
{
    public Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct) => Task.FromResult(probe.Handle(e));
}

/// <summary>A relay process that dies after reading the log but before publishing.</summary>
internal sealed class DiesBeforePublishTransport : IEventTransport
{
    public Task PublishAsync(string topic, CloudEvent e, CancellationToken ct) => throw new IOException("process died before publishing");
}

/// <summary>A relay process that dies after publishing but before acknowledging the log entry.</summary>
internal sealed class DiesAfterPublishTransport(IEventTransport inner) : IEventTransport
{
    public async Task PublishAsync(string topic, CloudEvent e, CancellationToken ct)
    {
        await inner.PublishAsync(topic, e, ct);
        throw new IOException("process died after publishing, before the ack");
    }
}
