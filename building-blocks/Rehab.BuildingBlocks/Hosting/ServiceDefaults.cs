using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Errors;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Security;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Hosting;

/// <summary>Ports of a service: gRPC needs an HTTP/2-only endpoint for cleartext h2c (ENGINEERING §3).</summary>
public sealed class PortOptions
{
    /// <summary>HTTP/2 only: native gRPC.</summary>
    public int Grpc { get; set; } = 5000;

    /// <summary>HTTP/1.1: health, JSON transcoding, gRPC-Web, Dapr routes.</summary>
    public int Http { get; set; } = 5001;

    /// <summary>Listen on loopback only (local runs) or on every interface (containers).</summary>
    public bool LoopbackOnly { get; set; } = true;
}

public static class ServiceDefaults
{
    /// <summary>
    /// Everything every service has: two Kestrel endpoints, gRPC with the shared interceptors, JSON transcoding,
    /// gRPC-Web, reflection, health (grpc.health.v1 per hosted service name, /health, /alive), structured JSON logs
    /// and OpenTelemetry tracing.
    /// </summary>
    /// <param name="serviceName">The service's name: its audit chain and default app id.</param>
    public static WebApplicationBuilder AddServiceDefaults(
        this WebApplicationBuilder builder, string serviceName, params Google.Protobuf.Reflection.ServiceDescriptor[] hostedServices)
    {
        var ports = builder.Configuration.GetSection("Ports").Get<PortOptions>() ?? new PortOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            void Listen(int port, HttpProtocols protocols)
            {
                if (ports.LoopbackOnly) kestrel.ListenLocalhost(port, o => o.Protocols = protocols);
                else kestrel.ListenAnyIP(port, o => o.Protocols = protocols);
            }

            if (ports.Grpc > 0) Listen(ports.Grpc, HttpProtocols.Http2);
            if (ports.Http > 0) Listen(ports.Http, HttpProtocols.Http1);
        });

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
        // AddAuthentication brings ASP.NET Core data protection along, and its key ring warns at every start of a container
        // (keys in /tmp, no key encryptor). Nothing here protects data with it (JWT bearer only, no cookies or antiforgery).
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddRehabRedis(builder.Configuration);
        builder.Services.AddRehabAuthentication(builder.Configuration);
        builder.Services.AddRehabAuthorization();
        builder.Services.AddRehabAudit(serviceName);
        builder.Services.AddRehabMessaging(builder.Configuration);
        builder.Services.PostConfigure<MessagingOptions>(o => o.AppId = string.IsNullOrWhiteSpace(o.AppId) ? serviceName : o.AppId);
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<ErrorMappingInterceptor>();
            o.MaxReceiveMessageSize = 4 * 1024 * 1024;
        }).AddJsonTranscoding();
        builder.Services.AddGrpcReflection();

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        builder.Services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map("", _ => true);
            foreach (var service in hostedServices) o.Services.Map(service.FullName, _ => true);
        });

        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddAspNetCoreInstrumentation());
        return builder;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapDaprSubscriptions();
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        return app;
    }
}

internal sealed class RedisHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var redis = services.GetService<IConnectionMultiplexer>();
        if (redis is null) return HealthCheckResult.Healthy("no Redis in this service");
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"redis ping {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("redis unreachable");
        }
    }
}
