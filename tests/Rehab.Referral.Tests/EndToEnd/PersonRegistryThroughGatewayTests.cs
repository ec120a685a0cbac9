using Grpc.Core;
using Rehab.Contracts.Person.V1;
using Rehab.Testing;
using Xunit;

using Rehab.Testing.Platform;

namespace Rehab.Referral.Tests.EndToEnd;

/// <summary>The person registry (DOMAIN D1) as callers meet it through the gateway.</summary>
[Trait("Tier", "Redis")]
public sealed class PersonRegistryThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private PersonRegistryService.PersonRegistryServiceClient Registry => new(fixture.Platform.Gateway);
    private static Metadata Fk => PlatformHost.As(DevTokens.FkOfficer());
    private static Metadata Dpo => PlatformHost.As(DevTokens.ForRole(BuildingBlocks.Security.Role.DataProtectionOfficer));

    [Fact]
    public async Task The_same_person_always_gets_the_same_surrogate_whatever_the_form_of_the_number()
    {
        var number = ReferralJourney.NewIdentityNumber();            // 19YYMMDD-NNNC
        var twelve = await Registry.EnsurePersonAsync(new EnsurePersonRequest { IdentityNumber = number.Replace("-", "") }, Fk);
        var ten = await Registry.EnsurePersonAsync(new EnsurePersonRequest { IdentityNumber = number[2..] }, Fk);
        var again = await Registry.EnsurePersonAsync(new EnsurePersonRequest { IdentityNumber = number }, Fk);

        Assert.Equal(twelve.PersonId, ten.PersonId);
        Assert.Equal(twelve.PersonId, again.PersonId);
        Assert.Equal(IdentityNumberKind.Personnummer, twelve.Kind);
        Assert.Equal(number.Replace("-", ""), twelve.IdentityNumber);
        Assert.DoesNotContain(number[2..8], twelve.PersonId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_samordningsnummer_person_is_merged_into_the_personnummer_person()
    {
        var coordination = await Registry.EnsurePersonAsync(new EnsurePersonRequest { IdentityNumber = "700161-2386" }, Fk);
        Assert.Equal(IdentityNumberKind.Samordningsnummer, coordination.Kind);
        var survivor = await Registry.EnsurePersonAsync(new EnsurePersonRequest { IdentityNumber = ReferralJourney.NewIdentityNumber() }, Fk);

        var merged = await Registry.MergePersonsAsync(new MergePersonsRequest
        {
            FromPersonId = coordination.PersonId, IntoPersonId = survivor.PersonId, EffectiveDate = ReferralJourney.Day(0),
        }, Dpo);
        Assert.Equal(survivor.PersonId, merged.MergedIntoPersonId);

        // Later lookups by the old number lead to the survivor's record.
        var lookedUp = await Registry.EnsurePersonAsync(new EnsurePersonRequest { IdentityNumber = "700161-2386" }, Fk);
        Assert.Equal(survivor.PersonId, lookedUp.MergedIntoPersonId);

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "already merged",
            () => Registry.MergePersonsAsync(new MergePersonsRequest
            {
                FromPersonId = coordination.PersonId, IntoPersonId = survivor.PersonId, EffectiveDate = ReferralJourney.Day(0),
            }, Dpo).ResponseAsync);
        var another = await Registry.EnsurePersonAsync(new EnsurePersonRequest { IdentityNumber = ReferralJourney.NewIdentityNumber() }, Fk);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "only a samordningsnummer",
            () => Registry.MergePersonsAsync(new MergePersonsRequest
            {
                FromPersonId = survivor.PersonId, IntoPersonId = another.PersonId, EffectiveDate = ReferralJourney.Day(0),
            }, Dpo).ResponseAsync);
    }

    [Fact]
    public async Task Reading_an_identity_number_needs_a_role_that_may_and_is_audited()
    {
        var person = await Registry.EnsurePersonAsync(new EnsurePersonRequest { IdentityNumber = ReferralJourney.NewIdentityNumber() }, Fk);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "GetPerson",
            () => Registry.GetPersonAsync(new GetPersonRequest { PersonId = person.PersonId },
                PlatformHost.As(DevTokens.ForRole(BuildingBlocks.Security.Role.Analyst))).ResponseAsync);

        var read = await Registry.GetPersonAsync(new GetPersonRequest { PersonId = person.PersonId }, Dpo);
        Assert.Equal(person.IdentityNumber, read.IdentityNumber);

        var entries = new List<BuildingBlocks.Audit.AuditEntry>();
        await foreach (var r in fixture.Platform.AuditOf("person-registry").ReadAllAsync()) entries.Add(r.Entry);
        Assert.Contains(entries, e => e.RecordId == person.PersonId && e.UserId == "dpo-1" && e.Fields.Contains("identity_number"));
    }

    [Theory]
    [InlineData("19121212-1213", "check digit")]
    [InlineData("19850229-1233", "real date")]
    [InlineData("abc", "10 or 12 digits")]
    public async Task An_invalid_identity_number_is_rejected_with_the_rule(string number, string rule)
    {
        var error = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, rule,
            () => Registry.EnsurePersonAsync(new EnsurePersonRequest { IdentityNumber = number }, Fk).ResponseAsync);
        Assert.Equal("identity_number", RpcAssert.ViolatedField(error));
    }
}
