using Grpc.Core;
using Rehab.BuildingBlocks.Security;
using Rehab.Testing;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Security;

[Trait("Tier", "Fast")]
public sealed class CallerContextTests(CatalogHostFixture fixture) : IClassFixture<CatalogHostFixture>
{
    private const string GetReferral = "/rehab.referral.v1.ReferralService/GetReferral";
    private const string GetPerson = "/rehab.person.v1.PersonRegistryService/GetPerson";

    [Fact]
    public async Task The_service_sees_the_caller_of_the_token_and_headers()
    {
        var caller = new DevCaller("fk-42", [Role.FkCaseOfficer], Organisations.Fk, ["fk-office-1", "fk-office-7"], Name: "Kim");
        var headers = DevTokens.Headers(caller, purpose: "prepare joint assessment");
        headers.Add(RehabHeaders.RequestId, "req-123");

        var seen = await fixture.Host.CallAsync(GetReferral, headers);

        Assert.Equal("fk-42", seen.GetValue("caller-user"));
        Assert.Equal("FkCaseOfficer", seen.GetValue("caller-role"));
        Assert.Equal("FK", seen.GetValue("caller-org"));
        Assert.Equal("fk-office-1,fk-office-7", seen.GetValue("caller-offices"));
        Assert.Equal("prepare joint assessment", seen.GetValue("caller-purpose"));
        Assert.Equal("req-123", seen.GetValue("caller-request-id"));
    }

    [Fact]
    public async Task Without_a_request_id_header_the_trace_id_is_used()
    {
        var seen = await fixture.Host.CallAsync(GetReferral, DevTokens.Headers(DevTokens.FkOfficer()));

        Assert.False(string.IsNullOrEmpty(seen.GetValue("caller-request-id")));
    }

    [Fact]
    public async Task A_caller_with_several_roles_acts_in_the_one_the_rpc_allows()
    {
        var caller = new DevCaller("dpo-fk-1", [Role.Analyst, Role.DataProtectionOfficer], Organisations.Fk);

        var seen = await fixture.Host.CallAsync(GetPerson, DevTokens.Headers(caller));

        Assert.Equal("DataProtectionOfficer", seen.GetValue("caller-role"));
        Assert.Equal("Analyst,DataProtectionOfficer", seen.GetValue("caller-roles"));
    }

    [Fact]
    public async Task A_role_name_the_platform_does_not_know_grants_nothing()
    {
        var caller = new DevCaller("x", [], Organisations.Fk);
        var denied = await Assert.ThrowsAsync<RpcException>(() => fixture.Host.CallAsync(GetReferral, DevTokens.Headers(caller)));

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains("no platform role", denied.Status.Detail);
    }

    [Fact]
    public async Task An_officer_reaches_the_records_of_the_offices_they_serve_only()
    {
        var headers = DevTokens.Headers(DevTokens.FkOfficer("fk-office-1", "fk-office-2"));
        headers.Add("x-test-office", "fk-office-2");
        await fixture.Host.CallAsync(GetReferral, headers);

        var other = DevTokens.Headers(DevTokens.FkOfficer("fk-office-1", "fk-office-2"));
        other.Add("x-test-office", "fk-office-3");
        var denied = await Assert.ThrowsAsync<RpcException>(() => fixture.Host.CallAsync(GetReferral, other));
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains("fk-office-3", denied.Status.Detail);
    }

    [Fact]
    public async Task A_provider_reaches_its_own_participants_only()
    {
        // No RPC of today's contracts allows providers, so the provider scope is checked with a matrix that does.
        var matrix = AuthorizationMatrix.Parse("""
            { "anonymousServices": [], "rules": [ { "rpc": "/rehab.referral.v1.ReferralService/GetReferral",
              "roles": ["Provider", "FkCaseOfficer"], "scope": "provider", "personalData": true } ] }
            """);
        await using var host = await SecuredCatalogHost.StartAsync(matrix: matrix);

        var own = DevTokens.Headers(DevTokens.ForRole(Role.Provider));
        own.Add("x-test-provider", "provider-1");
        Assert.Equal("Provider", (await host.CallAsync(GetReferral, own)).GetValue("caller-role"));

        var foreign = DevTokens.Headers(DevTokens.ForRole(Role.Provider));
        foreign.Add("x-test-provider", "provider-2");
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => host.CallAsync(GetReferral, foreign))).StatusCode);

        var notAProvider = DevTokens.Headers(DevTokens.FkOfficer());
        notAProvider.Add("x-test-provider", "provider-1");
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => host.CallAsync(GetReferral, notAProvider))).StatusCode);
    }
}
