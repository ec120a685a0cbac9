using Google.Rpc;
using Grpc.Core;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.ReferenceData.V1;
using Xunit;
using static Rehab.ReferenceData.Tests.Service.ReferenceDataHost;

namespace Rehab.ReferenceData.Tests.Service;

/// <summary>The admin API and the reads, through the real service on Kestrel and Redis, as operators and officers call them.</summary>
[Trait("Tier", "Redis")]
public sealed class ReferenceDataServiceTests(ReferenceDataFixture fixture) : IClassFixture<ReferenceDataFixture>
{
    private ReferenceDataService.ReferenceDataServiceClient Client => fixture.Host.Client;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static Office NewOffice(string id, Agency agency = Agency.Fk) =>
        new() { OfficeId = id, Agency = agency, Name = "Försäkringskassan Uppsala", RegionId = "stockholm", Active = true };

    private async Task<Office> CreateAsync(Office office) =>
        await Client.UpsertOfficeAsync(new UpsertOfficeRequest { Office = office }, AsOperator);

    private static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(error.StatusCode == code, $"expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        return error;
    }

    private static string[] ViolatedFields(RpcException error) =>
        [.. error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task The_seed_is_there_when_the_service_has_started()
    {
        var fk = await Client.GetOfficerOfficesAsync(new GetOfficerOfficesRequest { OfficerId = "fk-handlaggare-17" }, As(Role.FkCaseOfficer));
        var af = await Client.GetOfficerOfficesAsync(new GetOfficerOfficesRequest { OfficerId = "af-officer-1" }, As(Role.AfEmploymentOfficer));
        var provider = await Client.GetProviderAsync(new GetProviderRequest { ProviderId = "stegvis-arbetsliv" }, As(Role.Provider));

        Assert.Equal((Agency.Fk, "fk-stockholm-city", "Försäkringskassan Stockholm City"), (fk.Agency, fk.Offices.Single().OfficeId, fk.Offices.Single().Name));
        Assert.Equal((Agency.Af, "af-office-1"), (af.Agency, af.Offices.Single().OfficeId));
        Assert.Contains("steg-till-arbete", provider.Services);
        Assert.Equal("v1", provider.Etag);
    }

    [Fact]
    public async Task An_operator_updates_with_the_etag_read_and_a_stale_etag_is_aborted()
    {
        var created = await CreateAsync(NewOffice(NewId("fk")));

        var renamed = await Client.UpsertOfficeAsync(new UpsertOfficeRequest { Office = new Office(created) { Name = "FK Uppsala city" } }, AsOperator);
        await FailsWith(StatusCode.Aborted, () => Client.UpsertOfficeAsync(
            new UpsertOfficeRequest { Office = new Office(created) { Name = "FK Uppsala syd" } }, AsOperator).ResponseAsync);

        Assert.Equal(("v1", "v2"), (created.Etag, renamed.Etag));
        var read = await Client.GetOfficeAsync(new GetOfficeRequest { OfficeId = created.OfficeId }, As(Role.AfSpecialist));
        Assert.Equal(("FK Uppsala city", "v2"), (read.Name, read.Etag));
    }

    [Fact]
    public async Task A_create_of_an_existing_id_is_refused_unless_it_repeats_the_stored_record()
    {
        var office = NewOffice(NewId("fk"));
        var first = await CreateAsync(office);

        var retried = await CreateAsync(office);
        await FailsWith(StatusCode.AlreadyExists, () => CreateAsync(new Office(office) { Name = "Another name" }));

        Assert.Equal(first, retried);
        Assert.Single(await fixture.Host.EventsAsync("office"), e => e.DataJson.Contains(office.OfficeId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_change_is_an_event_carrying_the_record()
    {
        var region = new Region { RegionId = NewId("region"), Name = "Region Uppsala" };
        var created = await Client.UpsertRegionAsync(new UpsertRegionRequest { Region = region }, AsOperator);
        await Client.UpsertRegionAsync(new UpsertRegionRequest { Region = new Region(created) { Name = "Region Uppsala län" } }, AsOperator);

        var recorded = (await fixture.Host.EventsAsync("region"))
            .Where(e => e.Type == RegionRecorded.Descriptor.FullName)
            .Select(e => e.Unpack<RegionRecorded>()).Where(e => e.Region.RegionId == region.RegionId).ToList();

        Assert.Equal([(true, "Region Uppsala"), (false, "Region Uppsala län")], recorded.Select(e => (e.Created, e.Region.Name)));
        Assert.All(recorded, e => Assert.Equal("", e.Region.Etag));
    }

    [Fact]
    public async Task Malformed_ids_and_missing_references_are_invalid_arguments_naming_the_fields()
    {
        var badCreate = await FailsWith(StatusCode.InvalidArgument, () => CreateAsync(
            new Office { OfficeId = "FK Uppsala", Agency = Agency.Fk, Name = "FK Uppsala", RegionId = "atlantis", Active = true }));
        var badGet = await FailsWith(StatusCode.InvalidArgument, () =>
            Client.GetProviderAsync(new GetProviderRequest { ProviderId = "Stegvis_AB" }, AsOperator).ResponseAsync);
        var badAssignment = await FailsWith(StatusCode.InvalidArgument, () => Client.UpsertOfficerAssignmentAsync(
            new UpsertOfficerAssignmentRequest
            {
                OfficerAssignment = new OfficerAssignment { OfficerId = NewId("fk"), Agency = Agency.Fk, OfficeIds = { "fk-office-1", "af-office-1" } },
            }, AsOperator).ResponseAsync);

        Assert.Equal(["office.office_id", "office.region_id"], ViolatedFields(badCreate));
        Assert.Equal(["provider_id"], ViolatedFields(badGet));
        Assert.Equal(["officer_assignment.office_ids[1]"], ViolatedFields(badAssignment));
    }

    [Fact]
    public async Task Unknown_records_are_not_found()
    {
        await FailsWith(StatusCode.NotFound, () => Client.GetOfficeAsync(new GetOfficeRequest { OfficeId = "fk-atlantis" }, AsOperator).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => Client.GetOfficerOfficesAsync(
            new GetOfficerOfficesRequest { OfficerId = "fk-nobody" }, As(Role.FkCaseOfficer)).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => Client.UpsertOfficeAsync(
            new UpsertOfficeRequest { Office = new Office(NewOffice(NewId("fk"))) { Etag = "v1" } }, AsOperator).ResponseAsync);
    }

    public static TheoryData<Role> EveryRoleButOperator() => [.. Enum.GetValues<Role>().Where(r => r != Role.Operator)];

    [Theory]
    [MemberData(nameof(EveryRoleButOperator))]
    public async Task Only_an_operator_changes_reference_data(Role role)
    {
        var office = NewOffice(NewId("fk"));

        await FailsWith(StatusCode.PermissionDenied, () => Client.UpsertOfficeAsync(new UpsertOfficeRequest { Office = office }, As(role)).ResponseAsync);

        await FailsWith(StatusCode.NotFound, () => Client.GetOfficeAsync(new GetOfficeRequest { OfficeId = office.OfficeId }, AsOperator).ResponseAsync);
    }

    [Fact]
    public async Task An_officer_serves_the_active_offices_of_the_assignment()
    {
        var kept = await CreateAsync(NewOffice(NewId("fk")));
        var closing = await CreateAsync(NewOffice(NewId("fk")));
        var officer = NewId("fk-handlaggare");
        await Client.UpsertOfficerAssignmentAsync(new UpsertOfficerAssignmentRequest
        {
            OfficerAssignment = new OfficerAssignment { OfficerId = officer, Agency = Agency.Fk, OfficeIds = { kept.OfficeId, closing.OfficeId } },
        }, AsOperator);

        var before = await Client.GetOfficerOfficesAsync(new GetOfficerOfficesRequest { OfficerId = officer }, As(Role.System));
        await Client.UpsertOfficeAsync(new UpsertOfficeRequest { Office = new Office(closing) { Active = false } }, AsOperator);
        var after = await Client.GetOfficerOfficesAsync(new GetOfficerOfficesRequest { OfficerId = officer }, As(Role.System));

        Assert.Equal([kept.OfficeId, closing.OfficeId], before.Offices.Select(o => o.OfficeId));
        Assert.Equal([kept.OfficeId], after.Offices.Select(o => o.OfficeId));
    }

    [Fact]
    public async Task Offices_are_listed_page_by_page_with_filters()
    {
        var seen = new List<Office>();
        var request = new ListOfficesRequest { Agency = Agency.Af, RegionId = "stockholm", PageSize = 1 };
        do
        {
            var page = await Client.ListOfficesAsync(request, As(Role.AfEmploymentOfficer));
            Assert.True(page.Offices.Count <= 1);
            seen.AddRange(page.Offices);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Contains(seen, o => o.OfficeId == "af-stockholm-syd");
        Assert.Contains(seen, o => o.OfficeId == "af-office-1");
        Assert.All(seen, o => Assert.Equal((Agency.Af, "stockholm"), (o.Agency, o.RegionId)));
    }
}
