using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Rehab.Contracts.Referral.V1;
using Xunit;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace Rehab.Gateway.Tests;

/// <summary>The gateway with person-registry up and referral not running at all.</summary>
[Trait("Tier", "Fast")]
public sealed class BackendDownTests : IAsyncLifetime
{
    private RoutingTestBackend _person = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _person = await RoutingTestBackend.StartAsync("person-registry", PlatformFixture.PersonService);
        var nobody = $"http://127.0.0.1:{FreePort.Next()}";
        _gateway = GatewayHost.Start(new Dictionary<string, (string, string)>
        {
            ["person-registry"] = (_person.GrpcAddress, _person.HttpAddress),
            ["referral"] = (nobody, nobody),
        });
    }

    [Fact]
    public async Task Health_reports_the_down_backend_as_not_serving_and_the_others_as_serving()
    {
        var health = new Health.HealthClient(_gateway.GrpcChannel);

        Assert.Equal(ServingStatus.NotServing, (await health.CheckAsync(new() { Service = PlatformFixture.ReferralService })).Status);
        Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new() { Service = PlatformFixture.PersonService })).Status);
        Assert.Equal(ServingStatus.NotServing, (await health.CheckAsync(new() { Service = "" })).Status);

        using var healthResponse = await _gateway.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthResponse.StatusCode);
        using var aliveResponse = await _gateway.Http.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, aliveResponse.StatusCode);
    }

    [Fact]
    public async Task A_call_to_the_down_backend_fails_with_unavailable()
    {
        var referrals = new ReferralService.ReferralServiceClient(_gateway.GrpcChannel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await referrals.GetReferralAsync(new GetReferralRequest(), deadline: DateTime.UtcNow.AddSeconds(5)));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _person.DisposeAsync();
    }
}
