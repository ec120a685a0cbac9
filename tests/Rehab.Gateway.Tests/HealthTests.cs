using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Xunit;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace Rehab.Gateway.Tests;

/// <summary>grpc.health.v1 for the whole platform, answered by the gateway by asking the backends.</summary>
[Trait("Tier", "Fast")]
public sealed class HealthTests(PlatformFixture platform) : IClassFixture<PlatformFixture>, IDisposable
{
    private readonly Health.HealthClient _health = new(platform.Gateway.GrpcChannel);

    [Fact]
    public async Task The_platform_and_each_service_are_serving_when_every_backend_is()
    {
        Assert.Equal(ServingStatus.Serving, await StatusOf(""));
        Assert.Equal(ServingStatus.Serving, await StatusOf(PlatformFixture.PersonService));
        Assert.Equal(ServingStatus.Serving, await StatusOf(PlatformFixture.ReferralService));
    }

    [Fact]
    public async Task A_backend_that_stops_serving_is_reported_for_its_service_and_for_the_platform()
    {
        platform.Person.Serving = false;

        Assert.Equal(ServingStatus.NotServing, await StatusOf(PlatformFixture.PersonService));
        Assert.Equal(ServingStatus.Serving, await StatusOf(PlatformFixture.ReferralService));
        Assert.Equal(ServingStatus.NotServing, await StatusOf(""));

        using var response = await platform.Gateway.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("person-registry", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_service_name_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => StatusOf("rehab.nothing.v1.NoSuchService"));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Http_health_lists_every_backend_when_all_serve()
    {
        using var response = await platform.Gateway.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"person-registry\":\"Serving\"", body, StringComparison.Ordinal);
        Assert.Contains("\"referral\":\"Serving\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_can_ask_the_gateways_health_over_grpc_web()
    {
        var reply = await GrpcWeb.CallAsync(
            platform.Gateway.Http, "/grpc.health.v1.Health/Check", new HealthCheckRequest { Service = PlatformFixture.ReferralService });

        Assert.Equal(StatusCode.OK, reply.Status);
        Assert.Equal(ServingStatus.Serving, HealthCheckResponse.Parser.ParseFrom(reply.Message).Status);
    }

    private async Task<ServingStatus> StatusOf(string service) =>
        (await _health.CheckAsync(new HealthCheckRequest { Service = service })).Status;

    public void Dispose()
    {
        platform.Person.Serving = true;
        platform.Referral.Serving = true;
    }
}
