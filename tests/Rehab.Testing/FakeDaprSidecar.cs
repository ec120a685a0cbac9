using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Dapr.Client;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rehab.Testing;

/// <summary>
/// An in-test Dapr sidecar: a real Kestrel gRPC server answering <c>dapr.proto.runtime.v1.Dapr/PublishEvent</c>, and a
/// delivery loop that calls the app like Dapr does. It reproduces the parts of Dapr's contract our messaging relies on:
/// <list type="bullet">
/// <item>a publish gets a freshly minted CloudEvent id, unless its content type is <c>application/cloudevents+json</c>
/// (then the app's envelope and id are kept; topic, pubsubname and traceparent are added) or metadata
/// <c>cloudevent.id</c> is set;</item>
/// <item>delivery to every attached app (as each app id's sidecar gets each message of a topic it subscribes to):
/// <c>GET /dapr/subscribe</c> once when an app is attached, then <c>POST route</c> with
/// <c>application/cloudevents+json</c>; 2xx with an empty body or SUCCESS = done; RETRY or any other status code
/// (400 included) = redelivered, up to <see cref="MaxDeliveryAttempts"/>; DROP or 404 = dropped. Dropped and
/// exhausted messages go to the subscription's deadLetterTopic when it has one. The redeliveries stand for an inbound
/// retry policy on the pub/sub component (the chart's Resiliency): real Dapr without one dead-letters at the first failed
/// delivery, i.e. <see cref="MaxDeliveryAttempts"/> = 1.</item>
/// </list>
/// Everything published and every delivery attempt is recorded for assertions.
/// </summary>
public sealed class FakeDaprSidecar : IAsyncDisposable
{
    public const string CloudEventsContentType = "application/cloudevents+json";

    private readonly WebApplication _server;
    private readonly Channel<PublishedEvent> _queue = Channel.CreateUnbounded<PublishedEvent>();
    private readonly ConcurrentQueue<PublishedEvent> _published = new();
    private readonly ConcurrentQueue<DeliveryAttempt> _deliveries = new();
    private readonly TaskCompletionSource _firstApp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private volatile AttachedApp[] _apps = [];
    private Task? _deliveryLoop;

    private FakeDaprSidecar(WebApplication server, string appId)
    {
        _server = server;
        AppId = appId;
    }

    /// <summary>The app id Dapr would put in <c>source</c> of envelopes it creates.</summary>
    public string AppId { get; }

    public int MaxDeliveryAttempts { get; init; } = 3;

    public TimeSpan RedeliveryDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The gRPC endpoint to give <c>DaprClientBuilder.UseGrpcEndpoint</c>.</summary>
    public string GrpcEndpoint { get; private set; } = "";

    public IReadOnlyList<PublishedEvent> Published => _published.ToArray();

    public IReadOnlyList<DeliveryAttempt> Deliveries => _deliveries.ToArray();

    /// <summary>The subscriptions of every attached app.</summary>
    public IReadOnlyList<Subscription> Subscriptions => _apps.SelectMany(a => a.Subscriptions).ToArray();

    public static async Task<FakeDaprSidecar> StartAsync(string appId = "app", int maxDeliveryAttempts = 3)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var holder = new Holder();
        builder.Services.AddSingleton(holder);
        var server = builder.Build();
        var sidecar = new FakeDaprSidecar(server, appId) { MaxDeliveryAttempts = maxDeliveryAttempts };
        holder.Sidecar = sidecar;
        server.MapGrpcService<DaprService>();
        await server.StartAsync();
        var address = server.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sidecar.GrpcEndpoint = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        sidecar._deliveryLoop = Task.Run(sidecar.DeliverLoopAsync);
        return sidecar;
    }

    /// <summary>A DaprClient talking to this sidecar (register it after <c>AddDaprClient</c>, which uses TryAdd).</summary>
    public DaprClient CreateClient() => new DaprClientBuilder().UseGrpcEndpoint(GrpcEndpoint).Build();

    /// <summary>
    /// Connects an app (its HTTP/1 base address): reads its subscriptions, then delivers to it too. Attach every app before
    /// the first publish: like a new consumer group, an app sees the messages published after it was attached.
    /// </summary>
    public async Task AttachAppAsync(Uri appBaseAddress)
    {
        var json = await _http.GetStringAsync(new Uri(appBaseAddress, "/dapr/subscribe"));
        var subscriptions = JsonSerializer.Deserialize<List<Subscription>>(json, JsonSerializerOptions.Web) ?? [];
        lock (_queue) _apps = [.. _apps, new AttachedApp(appBaseAddress, subscriptions)];
        _firstApp.TrySetResult();
    }

    public IEnumerable<PublishedEvent> PublishedTo(string topic) => Published.Where(p => p.Topic == topic);

    public IEnumerable<DeliveryAttempt> DeliveriesOf(string eventId) => Deliveries.Where(d => d.EventId == eventId);

    internal void Publish(PublishEventRequest request, string? traceParent)
    {
        var contentType = string.IsNullOrEmpty(request.DataContentType) ? "text/plain" : request.DataContentType;
        JsonObject envelope;
        if (contentType.StartsWith(CloudEventsContentType, StringComparison.OrdinalIgnoreCase))
        {
            envelope = JsonNode.Parse(request.Data.Span) as JsonObject
                ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "not a CloudEvent JSON object"));
        }
        else
        {
            request.Metadata.TryGetValue("cloudevent.id", out var id);
            request.Metadata.TryGetValue("cloudevent.type", out var type);
            envelope = new JsonObject
            {
                ["specversion"] = "1.0",
                ["id"] = id ?? Guid.NewGuid().ToString(),
                ["source"] = AppId,
                ["type"] = type ?? "com.dapr.event.sent",
                ["datacontenttype"] = contentType,
                ["time"] = DateTimeOffset.UtcNow.ToString("O"),
                ["data"] = contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
                    ? JsonNode.Parse(request.Data.Span)
                    : Encoding.UTF8.GetString(request.Data.Span),
            };
        }

        envelope["topic"] = request.Topic;
        envelope["pubsubname"] = request.PubsubName;
        envelope["traceparent"] = traceParent ?? $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01";
        Enqueue(new PublishedEvent(request.PubsubName, request.Topic, contentType, envelope.ToJsonString()));
    }

    private void Enqueue(PublishedEvent published)
    {
        _published.Enqueue(published);
        _queue.Writer.TryWrite(published);
    }

    private async Task DeliverLoopAsync()
    {
        try
        {
            await _firstApp.Task.WaitAsync(_stop.Token);
            await foreach (var published in _queue.Reader.ReadAllAsync(_stop.Token))
            {
                // Each app independently, as each app's sidecar: one app's retries do not hold up another's delivery.
                await Task.WhenAll(_apps.Select(app => (app.BaseAddress, Subscription: app.Subscriptions.FirstOrDefault(
                        s => s.PubSubName == published.PubSubName && s.Topic == published.Topic)))
                    .Where(a => a.Subscription is not null)
                    .Select(a => DeliverAsync(a.BaseAddress, a.Subscription!, published)));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task DeliverAsync(Uri app, Subscription subscription, PublishedEvent published)
    {
        for (var attempt = 1; attempt <= MaxDeliveryAttempts; attempt++)
        {
            var (code, status, result) = await PostAsync(app, subscription.Route, published.CloudEventJson);
            _deliveries.Enqueue(new DeliveryAttempt(published.Topic, subscription.Route, published.Id, attempt, code, status, result));
            if (result == DeliveryResult.Success) return;
            if (result == DeliveryResult.Drop) break;
            await Task.Delay(RedeliveryDelay, _stop.Token);
        }

        if (!string.IsNullOrEmpty(subscription.DeadLetterTopic))
        {
            var envelope = JsonNode.Parse(published.CloudEventJson)!.AsObject();
            envelope["topic"] = subscription.DeadLetterTopic;
            Enqueue(published with { Topic = subscription.DeadLetterTopic, CloudEventJson = envelope.ToJsonString() });
        }
    }

    private async Task<(int Code, string? Status, DeliveryResult Result)> PostAsync(Uri app, string route, string cloudEventJson)
    {
        try
        {
            using var content = new StringContent(cloudEventJson, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventsContentType);
            using var response = await _http.PostAsync(new Uri(app, route), content, _stop.Token);
            var code = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.NotFound) return (code, null, DeliveryResult.Drop);
            if (!response.IsSuccessStatusCode) return (code, null, DeliveryResult.Retry);
            var body = await response.Content.ReadAsStringAsync(_stop.Token);
            if (string.IsNullOrWhiteSpace(body)) return (code, null, DeliveryResult.Success);
            var status = JsonNode.Parse(body)?["status"]?.GetValue<string>();
            return (code, status, status?.ToUpperInvariant() switch
            {
                null or "" or "SUCCESS" => DeliveryResult.Success,
                "DROP" => DeliveryResult.Drop,
                _ => DeliveryResult.Retry, // RETRY, and any status Dapr does not know
            });
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException)
        {
            return (0, null, DeliveryResult.Retry);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_deliveryLoop is not null) await _deliveryLoop;
        await _server.StopAsync();
        await _server.DisposeAsync();
        _http.Dispose();
        _stop.Dispose();
    }

    public sealed record Subscription(string PubSubName, string Topic, string Route, string? DeadLetterTopic);

    private sealed record AttachedApp(Uri BaseAddress, IReadOnlyList<Subscription> Subscriptions);

    /// <summary>A message as the sidecar put it on the broker (after minting or keeping the envelope).</summary>
    public sealed record PublishedEvent(string PubSubName, string Topic, string ContentType, string CloudEventJson)
    {
        public string Id => JsonNode.Parse(CloudEventJson)!["id"]!.GetValue<string>();
    }

    public sealed record DeliveryAttempt(string Topic, string Route, string EventId, int Attempt, int HttpStatus, string? Status, DeliveryResult Result);

    public enum DeliveryResult { Success, Retry, Drop }

    internal sealed class Holder
    {
        public FakeDaprSidecar? Sidecar { get; set; }
    }

    /// <summary>
    /// Dapr.Protos ships only the client stub, so the server method is bound by hand. grpc-dotnet resolves the handler
    /// as a virtual method declared on the class carrying [BindServiceMethod], hence the base class.
    /// </summary>
    [BindServiceMethod(typeof(DaprServiceBase), nameof(BindService))]
    internal abstract class DaprServiceBase
    {
        private static readonly Method<PublishEventRequest, Empty> PublishEventMethod = new(
            MethodType.Unary, "dapr.proto.runtime.v1.Dapr", "PublishEvent",
            Marshallers.Create(m => m.ToByteArray(), PublishEventRequest.Parser.ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), Empty.Parser.ParseFrom));

        public static void BindService(ServiceBinderBase binder, DaprServiceBase? service) =>
            binder.AddMethod(PublishEventMethod, service is null ? null! : service.PublishEvent);

        public virtual Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context) =>
            throw new RpcException(new Status(StatusCode.Unimplemented, ""));
    }

    internal sealed class DaprService(Holder holder) : DaprServiceBase
    {
        public override Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
        {
            holder.Sidecar!.Publish(request, context.RequestHeaders.GetValue("traceparent"));
            return Task.FromResult(new Empty());
        }
    }
}
