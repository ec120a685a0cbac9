using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Rehab.Gateway.Tests;

/// <summary>The real gateway app (its Program.cs) on two loopback ports, fronting the given backends.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<GatewayApp> _factory;

    private GatewayHost(WebApplicationFactory<GatewayApp> factory, int grpcPort, int httpPort)
    {
        _factory = factory;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        GrpcChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    /// <summary>A gRPC (h2c) channel to the gateway's HTTP/2 endpoint.</summary>
    public GrpcChannel GrpcChannel { get; }

    /// <summary>An HTTP/1.1 client for the gateway's HTTP/1 endpoint.</summary>
    public HttpClient Http { get; }

    /// <param name="backends">Backend name (as in appsettings: person-registry, referral) → (gRPC address, HTTP address).</param>
    public static GatewayHost Start(
        IReadOnlyDictionary<string, (string Grpc, string Http)> backends,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var grpcPort = FreePort.Next();
        var httpPort = FreePort.Next();
        var config = new Dictionary<string, string?>
        {
            ["Gateway:BindAddress"] = "127.0.0.1",
            ["Gateway:GrpcPort"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:BackendHealthTimeout"] = "00:00:01",
        };
        foreach (var (name, (grpc, http)) in backends)
        {
            config[$"Gateway:Services:{name}:GrpcAddress"] = grpc;
            config[$"Gateway:Services:{name}:HttpAddress"] = http;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;

        var factory = new WebApplicationFactory<GatewayApp>().WithWebHostBuilder(web =>
        {
            web.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(config));
            web.ConfigureLogging(l => l.ClearProviders());
        });
        factory.UseKestrel();
        factory.StartServer();
        return new GatewayHost(factory, grpcPort, httpPort);
    }

    public async ValueTask DisposeAsync()
    {
        GrpcChannel.Dispose();
        Http.Dispose();
        await _factory.DisposeAsync();
    }
}
