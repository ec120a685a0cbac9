using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts;
using Rehab.Contracts.Referral.V1;
using Rehab.Facts;
using Rehab.Gateway;
using Rehab.TransitionMeetings;
using Rehab.Interventions;
using Rehab.JointAssessment;
using Rehab.PersonRegistry;
using Rehab.Tracking;
using Rehab.Reporting;
using Rehab.ReferenceData;
using Rehab.Referral;
using Rehab.Testing;
using Microsoft.Extensions.Options;
using IConnectionMultiplexer = StackExchange.Redis.IConnectionMultiplexer;
using IDatabase = StackExchange.Redis.IDatabase;
using RedisKey = StackExchange.Redis.RedisKey;

namespace Rehab.Testing.Platform;

/// <summary>
/// The platform as a user meets it: person registry, referral service, reference data (seeded), joint assessment and gateway — each its
/// real Program on real Kestrel over h2c — on the shared redis-server, plus a subscriber app that counts JointAssessmentBooked deliveries
/// and the joint-assessment events. With the dapr transport the services publish through one fake sidecar (standing in for every app's
/// sidecar and the broker) that delivers each message to every attached app: the joint-assessment service and the subscriber.
/// The revised joint-assessment method starts <see cref="RevisedProcessFrom"/> (3 days ago), so a booking dated earlier opens a Pre2023 round.
/// </summary>
public sealed class PlatformHost : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _parts = [];

    private readonly TimeProvider? _trackingTime;

    private readonly PlatformOptions _options;

    private readonly List<IServiceProvider> _services = [];

    private PlatformHost(string transport, TimeProvider? trackingTime, PlatformOptions options)
    {
        Transport = transport;
        _trackingTime = trackingTime;
        _options = options;
    }

    public string Transport { get; }

    public string KeyPrefix { get; } = RedisServer.NewPrefix();

    public CapturedLogs Logs { get; } = new();

    public GrpcChannel Gateway { get; private set; } = null!;

    /// <summary>The gateway's gRPC (h2c) listener, for clients that are not built from this code.</summary>
    public Uri GatewayGrpcAddress { get; private set; } = null!;

    public HttpClient GatewayHttp { get; private set; } = null!;

    public ReferralService.ReferralServiceClient Referrals => new(Gateway);

    public Contracts.ReferenceData.V1.ReferenceDataService.ReferenceDataServiceClient ReferenceData => new(Gateway);

    public BookedProbe Booked { get; } = new();

    /// <summary>Every joint-assessment event delivered to the subscriber app.</summary>
    public BookedProbe JointAssessmentEvents { get; } = new();

    /// <summary>Every interventions event delivered to the subscriber app.</summary>
    public BookedProbe InterventionsEvents { get; } = new();

    public static DateOnly RevisedProcessFrom { get; } = CivilTime.Today(TimeProvider.System).AddDays(-3);

    public Contracts.JointAssessment.V1.JointAssessmentService.JointAssessmentServiceClient JointAssessments => new(Gateway);

    public IServiceProvider JointAssessmentServices { get; private set; } = null!;

    public Contracts.Facts.V1.FactsService.FactsServiceClient Facts => new(Gateway);

    public IServiceProvider FactsServices { get; private set; } = null!;

    /// <summary>Every facts event delivered to the subscriber app.</summary>
    public BookedProbe FactsEvents { get; } = new();

    public Contracts.Transition.V1.TransitionMeetingsService.TransitionMeetingsServiceClient TransitionMeetings => new(Gateway);

    public IServiceProvider TransitionMeetingsServices { get; private set; } = null!;

    public Contracts.Tracking.V1.TrackingService.TrackingServiceClient Tracking => new(Gateway);

    public IServiceProvider TrackingServices { get; private set; } = null!;

    public Contracts.Reporting.V1.ReportingService.ReportingServiceClient Reporting => new(Gateway);

    public IServiceProvider ReportingServices { get; private set; } = null!;

    /// <summary>Every reporting replica (<see cref="PlatformOptions.ReportingReplicas"/>; the first is <see cref="ReportingServices"/>,
    /// the one the gateway routes to): its gRPC address and services. They share the app id, so one consumer group per topic.</summary>
    public IReadOnlyList<(Uri GrpcAddress, IServiceProvider Services)> ReportingReplicas { get; private set; } = [];

    public IServiceProvider ReferralServices { get; private set; } = null!;

    public Contracts.Interventions.V1.InterventionsService.InterventionsServiceClient Interventions => new(Gateway);

    public Contracts.Interventions.V1.ProviderReportingService.ProviderReportingServiceClient ProviderReporting => new(Gateway);

    public IServiceProvider InterventionsServices { get; private set; } = null!;

    /// <summary>The interventions service schedules a follow-up this many days after the start and after each follow-up (D17).</summary>
    public const int FollowUpIntervalDays = 42;

    public IServiceProvider RegistryServices { get; private set; } = null!;

    /// <summary>
    /// Starts the platform. <paramref name="trackingTime"/> replaces the tracking service's clock (e.g. a
    /// <see cref="ManualClock"/>), so a test can move its "now" and watch its timers fire; its timer engine then polls every 50 ms and
    /// remembers fired timers for 400 days.
    /// </summary>
    public static async Task<PlatformHost> StartAsync(
        string transport = MessagingOptions.RedisTransport, TimeProvider? trackingTime = null, PlatformOptions? options = null)
    {
        var host = new PlatformHost(transport, trackingTime, options ?? new PlatformOptions());
        await host.StartPartsAsync();
        return host;
    }

    private async Task StartPartsAsync()
    {
        int registryGrpc = RedisServer.FreePort(), registryHttp = RedisServer.FreePort();
        int referralGrpc = RedisServer.FreePort(), referralHttp = RedisServer.FreePort();
        int referenceGrpc = RedisServer.FreePort(), referenceHttp = RedisServer.FreePort();
        int jointAssessmentGrpc = RedisServer.FreePort(), jointAssessmentHttp = RedisServer.FreePort();
        int interventionsGrpc = RedisServer.FreePort(), interventionsHttp = RedisServer.FreePort();
        int factsGrpc = RedisServer.FreePort(), factsHttp = RedisServer.FreePort();
        int transitionGrpc = RedisServer.FreePort(), transitionHttp = RedisServer.FreePort();
        int trackingGrpc = RedisServer.FreePort(), trackingHttp = RedisServer.FreePort();
        int reportingGrpc = RedisServer.FreePort(), reportingHttp = RedisServer.FreePort();
        int gatewayGrpc = RedisServer.FreePort(), gatewayHttp = RedisServer.FreePort();

        Dictionary<string, string?> Common(string appId, int grpc, int http) => new(DevTokens.Configuration)
        {
            ["Persistence:Redis"] = RedisServer.Shared.ConnectionString,
            ["Persistence:KeyPrefix"] = KeyPrefix,
            ["Messaging:Transport"] = Transport,
            ["Messaging:AppId"] = appId,
            ["Messaging:PollInterval"] = "00:00:00.020",
            ["Messaging:MaxPollInterval"] = "00:00:00.100",
            ["Ports:Grpc"] = AppHost<ReferralApp>.Port(grpc),
            ["Ports:Http"] = AppHost<ReferralApp>.Port(http),
            ["Logging:LogLevel:Default"] = _options.LogLevel.ToString(),
            ["PersonRegistry:LookupKey"] = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("test-lookup-key-test-lookup-key!")),
            ["Services:person-registry"] = $"http://127.0.0.1:{registryGrpc}",
        };

        var registry = AppHost<PersonRegistryApp>.Start(Common("person-registry", registryGrpc, registryHttp), Logs);
        _parts.Add(registry);
        RegistryServices = registry.Services;

        var referenceData = AppHost<ReferenceDataApp>.Start(
            new Dictionary<string, string?>(Common("reference-data", referenceGrpc, referenceHttp)) { ["ReferenceData:SeedOnStart"] = "true" }, Logs);
        _parts.Add(referenceData);

        FakeDaprSidecar? sidecar = null;
        if (Transport == MessagingOptions.DaprTransport)
        {
            sidecar = await FakeDaprSidecar.StartAsync("referral");
            _parts.Add(sidecar);
        }

        var referral = AppHost<ReferralApp>.Start(Common("referral", referralGrpc, referralHttp), Logs,
            s => { if (sidecar is not null) s.AddSingleton(sidecar.CreateClient()); });
        _parts.Add(referral);
        ReferralServices = referral.Services;

        // Its own consumer group on the shared referral stream (like the subscriber app below): the app id is per platform.
        var jointAssessment = AppHost<JointAssessmentApp>.Start(
            new Dictionary<string, string?>(Common("joint-assessment-service-" + KeyPrefix, jointAssessmentGrpc, jointAssessmentHttp))
            {
                ["JointAssessment:RevisedProcessFrom"] = RevisedProcessFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            }, Logs, s => { if (sidecar is not null) s.AddSingleton(sidecar.CreateClient()); });
        _parts.Add(jointAssessment);
        JointAssessmentServices = jointAssessment.Services;

        // Its own consumer group on the shared joint-assessment stream, like the joint-assessment service above.
        var interventions = AppHost<InterventionsApp>.Start(
            new Dictionary<string, string?>(Common("interventions-service-" + KeyPrefix, interventionsGrpc, interventionsHttp))
            {
                ["Interventions:FollowUpIntervalDays"] = FollowUpIntervalDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, Logs);
        _parts.Add(interventions);
        InterventionsServices = interventions.Services;

        // Like joint assessment: its own consumer group on the shared referral stream.
        var facts = AppHost<FactsApp>.Start(Common("facts-service-" + KeyPrefix, factsGrpc, factsHttp), Logs);
        _parts.Add(facts);
        FactsServices = facts.Services;

        // Its own consumer group on the shared facts stream: the app id is per platform.
        var transition = AppHost<TransitionMeetingsApp>.Start(Common("transition-meetings-" + KeyPrefix, transitionGrpc, transitionHttp), Logs);
        _parts.Add(transition);
        TransitionMeetingsServices = transition.Services;

        // Its own consumer groups on the shared referral, joint-assessment and facts streams.
        var trackingSettings = Common("tracking-service-" + KeyPrefix, trackingGrpc, trackingHttp);
        // A failed or retried delivery (e.g. an event about a round or participation whose linking event failed first and waits
        // for its own redelivery) comes back after this timeout; the default minute exceeds the tests' delivery wait under load.
        trackingSettings["Messaging:ProcessingTimeout"] = "00:00:05";
        if (_trackingTime is not null)
        {
            trackingSettings["Timers:PollInterval"] = "00:00:00.050";
            // A test may move the clock by months: keep fired timers, so the live set stays comparable with a rebuild.
            trackingSettings["Timers:FiredRetention"] = "400.00:00:00";
        }
        if (_options.Tracking)
        {
            var tracking = AppHost<TrackingApp>.Start(trackingSettings, Logs, s =>
            {
                if (_trackingTime is null) return;
                s.RemoveAll<TimeProvider>();
                s.AddSingleton(_trackingTime);
            });
            _parts.Add(tracking);
            TrackingServices = tracking.Services;
        }

        // Its own consumer groups on every topic the reports read.
        var reporting = AppHost<ReportingApp>.Start(Common("reporting-service-" + KeyPrefix, reportingGrpc, reportingHttp), Logs);
        _parts.Add(reporting);
        ReportingServices = reporting.Services;
        var replicas = new List<(Uri, IServiceProvider)> { (new Uri($"http://127.0.0.1:{reportingGrpc}"), reporting.Services) };
        for (var i = 1; i < _options.ReportingReplicas; i++)
        {
            int grpc = RedisServer.FreePort(), http = RedisServer.FreePort();
            var replica = AppHost<ReportingApp>.Start(Common("reporting-service-" + KeyPrefix, grpc, http), Logs);
            _parts.Add(replica);
            replicas.Add((new Uri($"http://127.0.0.1:{grpc}"), replica.Services));
        }
        ReportingReplicas = replicas;

        if (sidecar is not null) await sidecar.AttachAppAsync(new Uri($"http://127.0.0.1:{jointAssessmentHttp}"));
        if (_options.Probes)
        {
            var subscriber = await SubscriberApp.StartAsync(Transport, KeyPrefix, Booked, JointAssessmentEvents, InterventionsEvents, FactsEvents);
            _parts.Add(subscriber);
            if (sidecar is not null) await sidecar.AttachAppAsync(subscriber.BaseAddress);
        }

        var gateway = AppHost<GatewayApp>.Start(new Dictionary<string, string?>
        {
            ["Gateway:BindAddress"] = "127.0.0.1",
            ["Gateway:GrpcPort"] = AppHost<GatewayApp>.Port(gatewayGrpc),
            ["Gateway:HttpPort"] = AppHost<GatewayApp>.Port(gatewayHttp),
            ["Gateway:Services:person-registry:GrpcAddress"] = $"http://127.0.0.1:{registryGrpc}",
            ["Gateway:Services:person-registry:HttpAddress"] = $"http://127.0.0.1:{registryHttp}",
            ["Gateway:Services:referral:GrpcAddress"] = $"http://127.0.0.1:{referralGrpc}",
            ["Gateway:Services:referral:HttpAddress"] = $"http://127.0.0.1:{referralHttp}",
            ["Gateway:Services:reference-data:GrpcAddress"] = $"http://127.0.0.1:{referenceGrpc}",
            ["Gateway:Services:reference-data:HttpAddress"] = $"http://127.0.0.1:{referenceHttp}",
            ["Gateway:Services:joint-assessment:GrpcAddress"] = $"http://127.0.0.1:{jointAssessmentGrpc}",
            ["Gateway:Services:joint-assessment:HttpAddress"] = $"http://127.0.0.1:{jointAssessmentHttp}",
            ["Gateway:Services:interventions:GrpcAddress"] = $"http://127.0.0.1:{interventionsGrpc}",
            ["Gateway:Services:interventions:HttpAddress"] = $"http://127.0.0.1:{interventionsHttp}",
            ["Gateway:Services:facts:GrpcAddress"] = $"http://127.0.0.1:{factsGrpc}",
            ["Gateway:Services:facts:HttpAddress"] = $"http://127.0.0.1:{factsHttp}",
            ["Gateway:Services:transition-meetings:GrpcAddress"] = $"http://127.0.0.1:{transitionGrpc}",
            ["Gateway:Services:transition-meetings:HttpAddress"] = $"http://127.0.0.1:{transitionHttp}",
            ["Gateway:Services:tracking:GrpcAddress"] = $"http://127.0.0.1:{trackingGrpc}",
            ["Gateway:Services:tracking:HttpAddress"] = $"http://127.0.0.1:{trackingHttp}",
            ["Gateway:Services:reporting:GrpcAddress"] = $"http://127.0.0.1:{reportingGrpc}",
            ["Gateway:Services:reporting:HttpAddress"] = $"http://127.0.0.1:{reportingHttp}",
            ["Logging:LogLevel:Default"] = _options.LogLevel.ToString(),
        }, Logs);
        _parts.Add(gateway);
        _services.AddRange(new[] { RegistryServices, ReferralServices, JointAssessmentServices, InterventionsServices, FactsServices,
            TransitionMeetingsServices, TrackingServices, ReportingServices, referenceData.Services }.Where(s => s is not null));

        GatewayGrpcAddress = new Uri($"http://127.0.0.1:{gatewayGrpc}");
        Gateway = GrpcChannel.ForAddress(GatewayGrpcAddress);
        GatewayHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gatewayHttp}") };
    }

    public IAuditTrail AuditOf(string service) => (service switch
    {
        "referral" => ReferralServices,
        "joint-assessment" => JointAssessmentServices,
        "facts" => FactsServices,
        "tracking" => TrackingServices,
        "transition-meetings" => TransitionMeetingsServices,
        "interventions" => InterventionsServices,
        _ => RegistryServices,
    }).GetRequiredService<IAuditTrail>();

    /// <summary>
    /// Waits until every started service has relayed its whole outbox and handled every message of every topic it subscribes to:
    /// for each outbox log (group <c>relay</c>) and subscribed topic stream (group = the app id) nothing is pending and the group has
    /// been handed the stream's last entry. Every stage writes downstream before it acknowledges upstream (the relay publishes, then
    /// acknowledges; a subscriber's handler commits, then the message is acknowledged), so all drained at once means nothing is in
    /// flight. False if that did not happen within <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitUntilQuietAsync(TimeSpan timeout, CancellationToken ct = default, Action<string>? progress = null)
    {
        var streams = new List<(RedisKey Stream, string Group)>();
        foreach (var services in _services)
        {
            foreach (var context in services.GetServices<EventLogContext>())
                streams.AddRange(new KeyLayout(KeyPrefix, context.Name).AllLogs.Select(log => ((RedisKey)log, OutboxRelay.Group)));
            if (services.GetService<EventDispatcher>() is not { } dispatcher) continue;
            var appId = services.GetRequiredService<IOptions<MessagingOptions>>().Value.AppId;
            streams.AddRange(dispatcher.Topics.Select(topic => ((RedisKey)topic, appId)));
        }

        var db = RegistryServices.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var deadline = DateTime.UtcNow + timeout;
        var told = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var behind = (await Task.WhenAll(streams.Select(s => BehindAsync(db, s.Stream, s.Group)))).OfType<string>().ToList();
            if (behind.Count == 0) return true;
            if (progress is not null && DateTime.UtcNow - told > TimeSpan.FromSeconds(5))
            {
                progress(string.Join("; ", behind));
                told = DateTime.UtcNow;
            }

            await Task.Delay(250, ct);
        }

        return false;
    }

    /// <summary>Null when the group has handled the whole stream; else what it still has to do.</summary>
    private static async Task<string?> BehindAsync(IDatabase db, RedisKey stream, string group)
    {
        if (!await db.KeyExistsAsync(stream)) return null;
        var info = await db.StreamInfoAsync(stream);
        if (info.Length == 0) return null;
        var groups = await db.StreamGroupInfoAsync(stream);
        var g = groups.FirstOrDefault(x => x.Name == group);
        if (g.Name is null) return $"{stream} {group}: no group yet";
        return g.PendingMessageCount == 0 && g.LastDeliveredId == info.LastGeneratedId.ToString()
            ? null
            : $"{stream} {group}: {g.PendingMessageCount} pending, {g.Lag?.ToString() ?? "?"} not read";
    }

    public static Metadata As(DevCaller caller, string? purpose = DevTokens.DefaultPurpose) =>
        DevTokens.Headers(DevTokens.For(caller), purpose);

    public async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
        GatewayHttp?.Dispose();
        for (var i = _parts.Count - 1; i >= 0; i--) await _parts[i].DisposeAsync();
    }
}

/// <summary>
/// Which optional parts a platform starts and how much its services log. The tracking service (its SGI and follow-up timers) and
/// the probe subscriber app (it keeps every delivered event in memory) are not needed by a test that only reads reports; without
/// them a bulk load does not pay for their consumers. The services' own subscriptions (reporting's included) stay as they are.
/// </summary>
/// <param name="ReportingReplicas">How many reporting services run (one consumer group: each is handed part of the events).</param>
public sealed record PlatformOptions(bool Tracking = true, bool Probes = true, LogLevel LogLevel = LogLevel.Debug, int ReportingReplicas = 1);

/// <summary>Counts deliveries of events per aggregate (by CloudEvent id and subject).</summary>
public sealed class BookedProbe
{
    private readonly ConcurrentQueue<CloudEvent> _delivered = new();

    public IReadOnlyCollection<CloudEvent> Delivered => _delivered.ToArray();

    public void Add(CloudEvent e) => _delivered.Enqueue(e);

    public int CountFor(string referralId) => _delivered.Count(e => e.Subject == referralId);
}

internal sealed class BookedHandler(BookedProbe probe) : IEventHandler
{
    public Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        probe.Add(e);
        return Task.FromResult(HandlerOutcome.Success);
    }
}

internal sealed class JointAssessmentEventsProbe(RoundEvents probe) : IEventHandler
{
    public Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        probe.Probe.Add(e);
        return Task.FromResult(HandlerOutcome.Success);
    }
}

internal sealed record RoundEvents(BookedProbe Probe);

internal sealed class InterventionsEventsProbe(ParticipationEvents probe) : IEventHandler
{
    public Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        probe.Probe.Add(e);
        return Task.FromResult(HandlerOutcome.Success);
    }
}

internal sealed record ParticipationEvents(BookedProbe Probe);

internal sealed class FactsEventsProbe(FactsEventsSink sink) : IEventHandler
{
    public Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        sink.Probe.Add(e);
        return Task.FromResult(HandlerOutcome.Success);
    }
}

internal sealed record FactsEventsSink(BookedProbe Probe);

/// <summary>A consuming service as later issues will have them (joint assessment opens a round from the booking).</summary>
internal sealed class SubscriberApp(WebApplication app) : IAsyncDisposable
{
    public Uri BaseAddress { get; } = new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<SubscriberApp> StartAsync(string transport, string prefix, BookedProbe probe, BookedProbe roundEvents, BookedProbe participationEvents,
        BookedProbe factsEvents)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Redis"] = RedisServer.Shared.ConnectionString,
            ["Persistence:KeyPrefix"] = prefix,
            ["Messaging:Transport"] = transport,
            // A consumer group per test platform: the topic stream itself is shared, as with Dapr's pubsub.redis.
            ["Messaging:AppId"] = "joint-assessment-" + prefix,
            ["Messaging:PollInterval"] = "00:00:00.020",
            ["Messaging:MaxPollInterval"] = "00:00:00.100",
        });
        builder.Services.AddSingleton(probe);
        builder.Services.AddSingleton(new RoundEvents(roundEvents));
        builder.Services.AddSingleton(new ParticipationEvents(participationEvents));
        builder.Services.AddSingleton(new FactsEventsSink(factsEvents));
        builder.Services.AddRehabRedis(builder.Configuration)
            .AddRehabMessaging(builder.Configuration)
            .AddEventHandler<BookedHandler>(Topics.Referral, JointAssessmentBooked.Descriptor.FullName)
            .AddEventHandler<JointAssessmentEventsProbe>(Topics.JointAssessment)
            .AddEventHandler<InterventionsEventsProbe>(Topics.Interventions)
            .AddEventHandler<FactsEventsProbe>(Topics.Facts);
        var app = builder.Build();
        app.MapDaprSubscriptions();
        await app.StartAsync();
        return new SubscriberApp(app);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
