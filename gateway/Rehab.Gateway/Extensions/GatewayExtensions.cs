using System.Net;
using System.Text.Json;
using Grpc.AspNetCore.Server;
using Grpc.Reflection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Rehab.Gateway.PlatformHealth;
using Rehab.Gateway.Limits;
using Rehab.Gateway.ReportPage;
using Yarp.ReverseProxy.Configuration;

namespace Rehab.Gateway;

public static class GatewayExtensions
{
    public const string LivenessTag = "live";

    /// <summary>Options, the two Kestrel endpoints, the gateway's own gRPC services, health checks and the proxy.</summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<GatewayOptions>>((kestrel, gateway) => Listen(kestrel, gateway.Value));

        services.AddGrpc();
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<GatewayOptions>>(
            (grpc, gateway) =>
            {
                grpc.MaxReceiveMessageSize = gateway.Value.MaxGrpcMessageBytes;
                // Otherwise ASP.NET Core gRPC answers every service it does not host itself with UNIMPLEMENTED,
                // ahead of the proxy routes.
                grpc.IgnoreUnknownServices = true;
            });
        services.AddGatewayReflection();
        services.AddSingleton<BackendHealth>();
        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: [LivenessTag])
            .AddCheck<BackendsHealthCheck>("backends");

        services.AddReverseProxy();
        services.AddSingleton<IProxyConfigProvider>(sp =>
        {
            var (routes, clusters) = GatewayRoutes.Build(sp.GetRequiredService<IOptions<GatewayOptions>>().Value);
            return new InMemoryConfigProvider(routes, clusters);
        });
        return builder;
    }

    /// <summary>
    /// The gateway's own endpoints (health, reflection, /health, /alive, the report page at /reports/) and the proxy routes. They never overlap:
    /// the gateway's gRPC services are not under any backend service path, and the validator keeps JSON prefixes
    /// off /health and /alive.
    /// </summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseGrpcWeb(); // only for the gateway's own endpoints marked below; proxied gRPC-Web is the backend's job

        app.MapGrpcService<GatewayHealthService>().EnableGrpcWeb();
        app.MapGrpcService<ReflectionServiceImpl>();
        app.MapGrpcService<ReflectionV1ServiceImpl>();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthJsonAsync });
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LivenessTag) });
        app.MapReportPage();

        app.MapReverseProxy(proxy =>
        {
            proxy.Use(RequestSizeLimits.EnforceAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }

    private static void Listen(KestrelServerOptions kestrel, GatewayOptions gateway)
    {
        kestrel.Limits.MaxRequestBodySize = gateway.MaxRequestBodyBytes;
        // Cleartext HTTP/2 needs an HTTP/2-only endpoint: Http1AndHttp2 without TLS silently serves HTTP/1.1.
        ListenOn(kestrel, gateway, gateway.GrpcPort, HttpProtocols.Http2);
        ListenOn(kestrel, gateway, gateway.HttpPort, HttpProtocols.Http1);
    }

    private static void ListenOn(KestrelServerOptions kestrel, GatewayOptions gateway, int port, HttpProtocols protocols)
    {
        if (string.IsNullOrEmpty(gateway.BindAddress))
            kestrel.ListenAnyIP(port, listen => listen.Protocols = protocols);
        else
            kestrel.Listen(IPAddress.Parse(gateway.BindAddress), port, listen => listen.Protocols = protocols);
    }

    private static Task WriteHealthJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
