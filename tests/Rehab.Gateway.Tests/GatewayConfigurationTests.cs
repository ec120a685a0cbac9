using System.Net;
using Microsoft.Extensions.Configuration;
using Yarp.ReverseProxy.Configuration;
using Xunit;

namespace Rehab.Gateway.Tests;

/// <summary>The routing table built from configuration, and the start-up validation of it. No I/O beyond reading appsettings.json.</summary>
[Trait("Tier", "Fast")]
public sealed class GatewayConfigurationTests
{
    private static GatewayOptions Shipped()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rehab.Platform.sln")))
            dir = dir.Parent;
        var path = Path.Combine(dir!.FullName, "gateway", "Rehab.Gateway", "appsettings.json");
        var options = new GatewayOptions();
        new ConfigurationBuilder().AddJsonFile(path).Build().GetSection(GatewayOptions.Section).Bind(options);
        return options;
    }

    [Fact]
    public void The_shipped_configuration_is_valid_and_fronts_both_services_on_the_local_run_ports()
    {
        var options = Shipped();

        Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((5080, 5081), (options.GrpcPort, options.HttpPort));
        Assert.Equal("http://127.0.0.1:5100", options.Services["person-registry"].GrpcAddress);
        Assert.Equal("http://127.0.0.1:5103", options.Services["referral"].HttpAddress);
    }

    [Fact]
    public void Each_grpc_service_routes_its_unrewritten_path_to_an_http2_only_cluster()
    {
        var (routes, clusters) = GatewayRoutes.Build(Shipped());

        foreach (var service in new[] { "rehab.referral.v1.ReferralService", "rehab.person.v1.PersonRegistryService" })
        {
            var route = Assert.Single(routes, r => r.Match.Path == $"/{service}/{{**method}}" && r.Match.Headers is null && r.Match.Methods is null);
            Assert.Null(route.Transforms);
            var cluster = Assert.Single(clusters, c => c.ClusterId == route.ClusterId);
            Assert.Equal(HttpVersion.Version20, cluster.HttpRequest!.Version);
            Assert.Equal(HttpVersionPolicy.RequestVersionExact, cluster.HttpRequest.VersionPolicy);
        }
    }

    [Fact]
    public void Grpc_web_on_a_service_path_goes_to_the_http1_cluster_ahead_of_plain_grpc()
    {
        var (routes, clusters) = GatewayRoutes.Build(Shipped());
        var path = "/rehab.referral.v1.ReferralService/{**method}";

        var grpc = Assert.Single(routes, r => r.Match.Path == path && r.Match.Headers is null && r.Match.Methods is null);
        var grpcWeb = Assert.Single(routes, r => r.Match.Path == path && r.Match.Headers is not null);
        var header = Assert.Single(grpcWeb.Match.Headers!);
        Assert.Equal(("Content-Type", HeaderMatchMode.HeaderPrefix), (header.Name, header.Mode));
        Assert.Equal(["application/grpc-web"], header.Values!);
        Assert.True(grpcWeb.Order < grpc.Order);
        Assert.Equal("http://127.0.0.1:5103", clusters.Single(c => c.ClusterId == grpcWeb.ClusterId).Destinations!.Single().Value.Address);
    }

    [Fact]
    public void Invalid_backend_tables_are_refused_with_a_reason()
    {
        var options = Shipped();
        options.Services["referral"].GrpcServices.Add("rehab.person.v1.PersonRegistryService");
        options.Services["referral"].GrpcServices.Add("rehab.typo.v1.ReferalService");
        options.Services["person-registry"].JsonPrefixes.Add("/health");
        options.Services["referral"].JsonPrefixes.Add("/reports");
        options.Services["extra"] = new BackendService { GrpcAddress = "not a uri", JsonPrefixes = ["/v1/extras"] };

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("already served by 'person-registry'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'rehab.typo.v1.ReferalService', which is not a service", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'/health' is a path the gateway answers itself", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'/reports' is a path the gateway answers itself", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("extra:GrpcAddress", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("extra:HttpAddress is required", StringComparison.Ordinal));
    }
}
