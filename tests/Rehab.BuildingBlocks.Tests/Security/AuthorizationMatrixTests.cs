using Google.Rpc;
using Grpc.Core;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts;
using Rehab.Testing;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Security;

public sealed class CatalogHostFixture : IAsyncLifetime
{
    public SecuredCatalogHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SecuredCatalogHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Generated from the contracts and the matrix: every RPC × every role, through the real JWT validation and the real
/// interceptor, is allowed exactly when the matrix says so.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class AuthorizationMatrixTests(CatalogHostFixture fixture) : IClassFixture<CatalogHostFixture>
{
    private static readonly AuthorizationMatrix Matrix = AuthorizationMatrix.Load();

    private static IEnumerable<string> ContractRpcs =>
        ContractCatalog.Services.SelectMany(s => s.Methods).Select(SecuredCatalogHost.FullName);

    public static TheoryData<string, Role> EveryRpcAndRole()
    {
        var data = new TheoryData<string, Role>();
        foreach (var rpc in ContractRpcs)
        {
            foreach (var role in Enum.GetValues<Role>()) data.Add(rpc, role);
        }

        return data;
    }

    public static TheoryData<string> EveryRpc()
    {
        var data = new TheoryData<string>();
        foreach (var rpc in ContractRpcs) data.Add(rpc);
        return data;
    }

    [Fact]
    public void Every_rpc_of_the_contracts_has_a_rule()
    {
        var missing = ContractRpcs.Where(rpc => Matrix.Find(rpc) is null).ToList();
        Assert.True(missing.Count == 0, "RPCs without a rule in authorization-matrix.json: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_rule_names_an_rpc_of_the_contracts()
    {
        var known = ContractRpcs.ToHashSet();
        var stale = Matrix.Rules.Where(r => !known.Contains(r.Rpc)).Select(r => r.Rpc).ToList();
        Assert.True(stale.Count == 0, "Rules for RPCs that do not exist: " + string.Join(", ", stale));
    }

    [Theory]
    [MemberData(nameof(EveryRpcAndRole))]
    public async Task A_role_may_call_an_rpc_exactly_when_the_matrix_allows_it(string rpc, Role role)
    {
        var headers = DevTokens.Headers(DevTokens.ForRole(role));

        if (Matrix.Find(rpc)!.Allows(role))
        {
            var answer = await fixture.Host.CallAsync(rpc, headers);
            Assert.Equal(role.ToString(), answer.GetValue("caller-role"));
        }
        else
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => fixture.Host.CallAsync(rpc, headers));
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
            Assert.Contains(role.ToString(), denied.Status.Detail);
            Assert.Contains(rpc, denied.Status.Detail);
        }
    }

    [Theory]
    [MemberData(nameof(EveryRpc))]
    public async Task A_call_without_a_token_is_unauthenticated(string rpc)
    {
        var denied = await Assert.ThrowsAsync<RpcException>(() => fixture.Host.CallAsync(rpc, new Metadata { { RehabHeaders.Purpose, "x" } }));
        Assert.Equal(StatusCode.Unauthenticated, denied.StatusCode);
    }

    [Theory]
    [MemberData(nameof(EveryRpc))]
    public async Task A_personal_data_rpc_requires_a_purpose(string rpc)
    {
        var rule = Matrix.Find(rpc)!;
        var headers = DevTokens.Headers(DevTokens.ForRole(rule.Roles[0]), purpose: null);

        if (!rule.PersonalData)
        {
            await fixture.Host.CallAsync(rpc, headers);
            return;
        }

        var rejected = await Assert.ThrowsAsync<RpcException>(() => fixture.Host.CallAsync(rpc, headers));
        Assert.Equal(StatusCode.InvalidArgument, rejected.StatusCode);
        var violation = Assert.Single(rejected.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal(RehabHeaders.Purpose, violation.Field);
    }
}
