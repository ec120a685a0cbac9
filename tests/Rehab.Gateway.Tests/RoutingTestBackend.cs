using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Rehab.Contracts.Person.V1;

namespace Rehab.Gateway.Tests;

/// <summary>
/// A stand-in backend for testing the gateway's routing, NOT a real service: it has the real services' shape
/// (an HTTP/2-only gRPC endpoint and an HTTP/1 endpoint, the real grpc.health.v1 service, gRPC-Web on the HTTP/1
/// side, a JSON route) and records every request it receives, so a test can see what arrived where.
/// </summary>
public sealed class RoutingTestBackend : IAsyncDisposable
{
    public const string PersonIdFromTestBackend = "0199a1b2-test-backend-person";

    private readonly WebApplication _app;

    private RoutingTestBackend(WebApplication app, string name, int grpcPort, int httpPort)
    {
        _app = app;
        Name = name;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
    }

    public string Name { get; }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public string GrpcAddress => $"http://127.0.0.1:{GrpcPort}";

    public string HttpAddress => $"http://127.0.0.1:{HttpPort}";

    /// <summary>What the backend's health checks report; the health service maps it to SERVING / NOT_SERVING.</summary>
    public bool Serving { get; set; } = true;

    /// <summary>Every request that arrived (headers), whether or not its message was complete.</summary>
    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>x-request-id of every EnsurePerson call the service handler actually ran.</summary>
    public ConcurrentQueue<string> Handled { get; } = new();

    public static async Task<RoutingTestBackend> StartAsync(string name, params string[] grpcServiceNames)
    {
        RoutingTestBackend? backend = null;
        ListenOptions? grpcListen = null, httpListen = null;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, l => { l.Protocols = HttpProtocols.Http2; grpcListen = l; });
            kestrel.Listen(IPAddress.Loopback, 0, l => { l.Protocols = HttpProtocols.Http1; httpListen = l; });
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(_ => backend!); // resolved on the first call, after start
        builder.Services.AddGrpcHealthChecks(o =>
            {
                foreach (var service in grpcServiceNames)
                    o.Services.Map(service, _ => true);
            })
            .AddCheck("test-switch", () => backend!.Serving ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy());

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            backend!.Received.Enqueue(ReceivedRequest.From(context));
            await next(context);
        });
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.MapGrpcService<EchoPersonRegistry>();
        app.MapGrpcHealthChecksService();
        app.MapGet("/v1/referrals/{**rest}", (HttpContext context) => Results.Json(new { backend = backend!.Name, path = context.Request.Path.Value }));
        app.MapPost("/v1/referrals", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            return Results.Json(new { backend = backend!.Name, bodyLength = body.Length });
        });

        await app.StartAsync();
        backend = new RoutingTestBackend(app, name, grpcListen!.IPEndPoint!.Port, httpListen!.IPEndPoint!.Port);
        return backend;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Answers EnsurePerson with a fixed surrogate id; nothing else of the registry.</summary>
    private sealed class EchoPersonRegistry(RoutingTestBackend backend) : PersonRegistryService.PersonRegistryServiceBase
    {
        public override Task<Person> EnsurePerson(EnsurePersonRequest request, ServerCallContext context)
        {
            backend.Handled.Enqueue(context.RequestHeaders.GetValue("x-request-id") ?? "");
            return Task.FromResult(new Person { PersonId = PersonIdFromTestBackend, Kind = IdentityNumberKind.Personnummer });
        }
    }
}

public sealed record ReceivedRequest(
    string Path, string Protocol, int LocalPort, string? ContentType, string? Authorization, string? Purpose, string? RequestId)
{
    public static ReceivedRequest From(HttpContext context) => new(
        context.Request.Path.Value ?? "",
        context.Request.Protocol,
        context.Connection.LocalPort,
        context.Request.ContentType,
        context.Request.Headers.Authorization.FirstOrDefault(),
        context.Request.Headers["x-rehab-purpose"].FirstOrDefault(),
        context.Request.Headers["x-request-id"].FirstOrDefault());
}
