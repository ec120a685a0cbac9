using System.Net;
using Grpc.Core;
using Rehab.Contracts.Person.V1;
using Xunit;

namespace Rehab.Gateway.Tests;

/// <summary>The gateway limits are 64 KiB here; the backends would accept 4 MB, so only the gateway can refuse.</summary>
[Trait("Tier", "Fast")]
public sealed class RequestLimitTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static readonly string Oversized = new('1', PlatformFixture.Limit + 1024);

    [Fact]
    public async Task An_oversized_grpc_message_is_refused_with_resource_exhausted_and_never_reaches_the_backend()
    {
        var client = new PersonRegistryService.PersonRegistryServiceClient(platform.Gateway.GrpcChannel);
        var requestId = Guid.NewGuid().ToString();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.EnsurePersonAsync(
            new EnsurePersonRequest { IdentityNumber = Oversized }, new Metadata { { "x-request-id", requestId } }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains($"at most {PlatformFixture.Limit} bytes", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(requestId, platform.Person.Handled);

        // The channel stays usable for the next, normal call.
        var person = await client.EnsurePersonAsync(new EnsurePersonRequest { IdentityNumber = "191212121212" });
        Assert.Equal(RoutingTestBackend.PersonIdFromTestBackend, person.PersonId);
    }

    [Fact]
    public async Task An_oversized_grpc_web_request_is_refused_with_resource_exhausted()
    {
        var reply = await GrpcWeb.CallAsync(
            platform.Gateway.Http,
            "/rehab.person.v1.PersonRegistryService/EnsurePerson",
            new EnsurePersonRequest { IdentityNumber = Oversized });

        Assert.Equal(StatusCode.ResourceExhausted, reply.Status);
        Assert.Contains("larger than the gateway accepts", reply.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_json_body_is_refused_with_413_and_a_reason()
    {
        using var content = new StringContent($$"""{"note":"{{Oversized}}"}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await platform.Gateway.Http.PostAsync("/v1/referrals", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"({PlatformFixture.Limit} bytes)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
