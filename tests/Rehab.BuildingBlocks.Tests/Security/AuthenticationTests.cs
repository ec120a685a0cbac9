using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Rehab.BuildingBlocks.Security;
using Rehab.Testing;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Security;

[Trait("Tier", "Fast")]
public sealed class AuthenticationTests
{
    private const string GetReferral = "/rehab.referral.v1.ReferralService/GetReferral";

    [Fact]
    public async Task A_token_is_valid_until_it_expires_on_the_services_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        await using var host = await SecuredCatalogHost.StartAsync(time);
        var token = DevTokens.CreateIssuer(time).Issue(DevTokens.FkOfficer(), TimeSpan.FromHours(1));

        await host.CallAsync(GetReferral, DevTokens.Headers(token));

        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(2));
        var expired = await Assert.ThrowsAsync<RpcException>(() => host.CallAsync(GetReferral, DevTokens.Headers(token)));
        Assert.Equal(StatusCode.Unauthenticated, expired.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_rejected()
    {
        await using var host = await SecuredCatalogHost.StartAsync();
        var forger = new DevTokenIssuer(
            new AuthOptions { Issuer = DevTokens.Issuer, Audience = DevTokens.Audience, DevSigningKey = DevTokenIssuer.NewSigningKey() },
            TimeProvider.System);

        var rejected = await Assert.ThrowsAsync<RpcException>(() =>
            host.CallAsync(GetReferral, DevTokens.Headers(forger.Issue(DevTokens.FkOfficer()))));
        Assert.Equal(StatusCode.Unauthenticated, rejected.StatusCode);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_rejected()
    {
        await using var host = await SecuredCatalogHost.StartAsync();
        var other = new DevTokenIssuer(
            new AuthOptions { Issuer = DevTokens.Issuer, Audience = "another-platform", DevSigningKey = DevTokens.SigningKey },
            TimeProvider.System);

        var rejected = await Assert.ThrowsAsync<RpcException>(() =>
            host.CallAsync(GetReferral, DevTokens.Headers(other.Issue(DevTokens.FkOfficer()))));
        Assert.Equal(StatusCode.Unauthenticated, rejected.StatusCode);
    }

    [Fact]
    public async Task An_rpc_without_a_rule_is_denied_even_to_an_authenticated_caller()
    {
        var full = AuthorizationMatrix.Load();
        var withoutGet = AuthorizationMatrix.Parse(System.Text.Json.JsonSerializer.Serialize(new
        {
            anonymousServices = full.AnonymousServices,
            rules = full.Rules.Where(r => r.Rpc != GetReferral).Select(r => new
            {
                rpc = r.Rpc,
                roles = r.Roles.Select(x => x.ToString()),
                scope = r.Scope.ToString().ToLowerInvariant(),
                personalData = r.PersonalData,
            }),
        }));
        await using var host = await SecuredCatalogHost.StartAsync(matrix: withoutGet);

        var denied = await Assert.ThrowsAsync<RpcException>(() => host.CallAsync(GetReferral, DevTokens.Headers(DevTokens.FkOfficer())));

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains("no rule", denied.Status.Detail);
    }

    [Fact]
    public async Task Health_is_answered_without_a_token()
    {
        await using var host = await SecuredCatalogHost.StartAsync();

        // Not rejected by the interceptor (the status itself is the health checks' business).
        var reply = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest());

        Assert.True(Enum.IsDefined(reply.Status));
    }

    [Fact]
    public async Task A_purpose_that_contains_an_identity_number_is_rejected()
    {
        await using var host = await SecuredCatalogHost.StartAsync();

        var rejected = await Assert.ThrowsAsync<RpcException>(() =>
            host.CallAsync(GetReferral, DevTokens.Headers(DevTokens.FkOfficer(), purpose: "follow-up of 19121212-1212")));

        Assert.Equal(StatusCode.InvalidArgument, rejected.StatusCode);
        Assert.Contains("identity number", rejected.Status.Detail);
    }

    [Fact]
    public void Exactly_one_of_dev_key_and_authority_must_be_configured()
    {
        static void Register(Dictionary<string, string?> values) =>
            new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddRehabAuthentication(
                new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(values).Build());

        Assert.Throws<InvalidOperationException>(() => Register(new() { ["Auth:Issuer"] = "i" }));
        Assert.Throws<InvalidOperationException>(() => Register(new()
        {
            ["Auth:Issuer"] = "i", ["Auth:DevSigningKey"] = DevTokens.SigningKey, ["Auth:Authority"] = "https://idp.example",
        }));
        Assert.Throws<InvalidOperationException>(() => Register(new() { ["Auth:Issuer"] = "i", ["Auth:DevSigningKey"] = "c2hvcnQ=" }));
        Register(new() { ["Auth:Authority"] = "https://idp.example", ["Auth:Audience"] = "rehab-platform" });
    }
}
