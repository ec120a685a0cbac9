using Grpc.Core;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.Person.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.Facts.Tests.EndToEnd;

/// <summary>The person registry's batch form of EnsurePerson, as the facts import uses it (role System).</summary>
[Trait("Tier", "Redis")]
public sealed class EnsurePersonsThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private PersonRegistryService.PersonRegistryServiceClient Registry => new(fixture.Platform.Gateway);
    private static Metadata Importer => PlatformHost.As(DevTokens.ForRole(Role.System));

    [Fact]
    public async Task Numbers_get_the_same_surrogates_as_one_by_one_and_unknown_ids_are_named()
    {
        var known = ReferralJourney.NewIdentityNumber();
        var fresh = ReferralJourney.NewIdentityNumber();
        var single = await Registry.EnsurePersonAsync(new EnsurePersonRequest { IdentityNumber = known }, Importer);
        var request = new EnsurePersonsRequest
        {
            IdentityNumbers = { known.Replace("-", ""), fresh, fresh[2..] },
            PersonIds = { single.PersonId, "0196a7c4-2f1e-7abc-9def-0123456789ab" },
        };

        var batch = await Registry.EnsurePersonsAsync(request, Importer);

        Assert.Equal(single.PersonId, batch.IdentityNumberPersonIds[0]);
        Assert.Equal(batch.IdentityNumberPersonIds[1], batch.IdentityNumberPersonIds[2]);
        Assert.NotEqual(single.PersonId, batch.IdentityNumberPersonIds[1]);
        Assert.Equal(["0196a7c4-2f1e-7abc-9def-0123456789ab"], batch.UnknownPersonIds);
    }

    [Fact]
    public async Task An_invalid_number_is_named_by_its_position()
    {
        var request = new EnsurePersonsRequest { IdentityNumbers = { ReferralJourney.NewIdentityNumber(), "19121212-1213" } };

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "identity_numbers[1]", () => Registry.EnsurePersonsAsync(request, Importer).ResponseAsync);
    }

    [Fact]
    public async Task Officers_may_not_use_the_batch_form()
    {
        var request = new EnsurePersonsRequest { IdentityNumbers = { ReferralJourney.NewIdentityNumber() } };

        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "",
            () => Registry.EnsurePersonsAsync(request, PlatformHost.As(DevTokens.FkOfficer())).ResponseAsync);
    }
}
