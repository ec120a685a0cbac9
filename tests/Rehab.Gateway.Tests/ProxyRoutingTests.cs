using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Rehab.Contracts.Person.V1;
using Xunit;

namespace Rehab.Gateway.Tests;

[Trait("Tier", "Fast")]
public sealed class ProxyRoutingTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private const string EnsurePersonPath = "/rehab.person.v1.PersonRegistryService/EnsurePerson";

    [Fact]
    public async Task A_grpc_call_reaches_the_owning_backend_over_h2c_with_its_path_and_headers_unchanged()
    {
        var client = new PersonRegistryService.PersonRegistryServiceClient(platform.Gateway.GrpcChannel);
        var requestId = Guid.NewGuid().ToString();

        var person = await client.EnsurePersonAsync(
            new EnsurePersonRequest { IdentityNumber = "191212121212" },
            new Metadata
            {
                { "authorization", "Bearer test-token" },
                { "x-rehab-purpose", "case-handling" },
                { "x-request-id", requestId },
            });

        Assert.Equal(RoutingTestBackend.PersonIdFromTestBackend, person.PersonId);
        var received = Assert.Single(platform.Person.Received, r => r.RequestId == requestId);
        Assert.Equal(EnsurePersonPath, received.Path);
        Assert.Equal("HTTP/2", received.Protocol);
        Assert.Equal(platform.Person.GrpcPort, received.LocalPort);
        Assert.Equal("Bearer test-token", received.Authorization);
        Assert.Equal("case-handling", received.Purpose);
        Assert.Contains(requestId, platform.Person.Handled);
        Assert.DoesNotContain(platform.Referral.Received, r => r.RequestId == requestId);
    }

    [Fact]
    public async Task A_grpc_web_call_on_the_http1_endpoint_goes_to_the_backends_http1_endpoint()
    {
        var reply = await GrpcWeb.CallAsync(
            platform.Gateway.Http, EnsurePersonPath, new EnsurePersonRequest { IdentityNumber = "191212121212" });

        Assert.Equal(StatusCode.OK, reply.Status);
        Assert.Equal(RoutingTestBackend.PersonIdFromTestBackend, Person.Parser.ParseFrom(reply.Message).PersonId);
        var received = Assert.Single(platform.Person.Received, r => r.ContentType == GrpcWeb.ContentType && r.Purpose == "gateway-test");
        Assert.Equal(EnsurePersonPath, received.Path);
        Assert.Equal("HTTP/1.1", received.Protocol);
        Assert.Equal(platform.Person.HttpPort, received.LocalPort);
    }

    [Fact]
    public async Task A_json_route_goes_unchanged_to_the_http1_endpoint_of_the_backend_owning_the_prefix()
    {
        var id = Guid.NewGuid();

        var reply = await platform.Gateway.Http.GetFromJsonAsync<JsonEcho>($"/v1/referrals/{id}");

        Assert.Equal(new JsonEcho("referral", $"/v1/referrals/{id}"), reply);
        var received = Assert.Single(platform.Referral.Received, r => r.Path == $"/v1/referrals/{id}");
        Assert.Equal(platform.Referral.HttpPort, received.LocalPort);
    }

    [Fact]
    public async Task A_path_no_backend_serves_is_not_found()
    {
        using var response = await platform.Gateway.Http.GetAsync("/v1/unknown-things/1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private sealed record JsonEcho(string Backend, string Path);
}
