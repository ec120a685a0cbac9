using Rehab.BuildingBlocks.Rpc;
using Grpc.Core;
using Google.Protobuf;
using Rehab.BuildingBlocks.Domain;
using Rehab.Contracts.ReferenceData.V1;
using static Rehab.ReferenceData.ReferenceDataMapping;
using static Rehab.ReferenceData.Domain.Rules;
using Domain = Rehab.ReferenceData.Domain;

namespace Rehab.ReferenceData;

/// <summary>Thin adapter: map the request, check and save through the catalog, map the reply.</summary>
public sealed class ReferenceDataGrpcService(ReferenceDataCatalog catalog) : ReferenceDataService.ReferenceDataServiceBase
{
    public override async Task<Region> UpsertRegion(UpsertRegionRequest request, ServerCallContext context)
    {
        var region = Required(request.Region, "region");
        return catalog.Regions.Kind.ToReply<Region>(await catalog.SaveRegionAsync(region.ToDomain(), region.Etag, context.CancellationToken));
    }

    public override Task<Region> GetRegion(GetRegionRequest request, ServerCallContext context) =>
        Get<Domain.Region, Region>(catalog.Regions, request.RegionId, "region_id", context);

    public override async Task<ListRegionsResponse> ListRegions(ListRegionsRequest request, ServerCallContext context)
    {
        var (items, next) = await Page<Domain.Region, Region>(catalog.Regions, _ => true, request.PageSize, request.PageToken, context);
        return new ListRegionsResponse { Regions = { items }, NextPageToken = next };
    }

    public override async Task<Office> UpsertOffice(UpsertOfficeRequest request, ServerCallContext context)
    {
        var office = Required(request.Office, "office");
        return catalog.Offices.Kind.ToReply<Office>(await catalog.SaveOfficeAsync(office.ToDomain(), office.Etag, context.CancellationToken));
    }

    public override Task<Office> GetOffice(GetOfficeRequest request, ServerCallContext context) =>
        Get<Domain.Office, Office>(catalog.Offices, request.OfficeId, "office_id", context);

    public override async Task<ListOfficesResponse> ListOffices(ListOfficesRequest request, ServerCallContext context)
    {
        var agency = (Domain.Agency)request.Agency;
        var (items, next) = await Page<Domain.Office, Office>(catalog.Offices, o =>
            (agency == Domain.Agency.Unspecified || o.Agency == agency)
            && (request.RegionId.Length == 0 || o.RegionId == request.RegionId)
            && (request.IncludeInactive || o.Active), request.PageSize, request.PageToken, context);
        return new ListOfficesResponse { Offices = { items }, NextPageToken = next };
    }

    public override async Task<OfficerAssignment> UpsertOfficerAssignment(UpsertOfficerAssignmentRequest request, ServerCallContext context)
    {
        var assignment = Required(request.OfficerAssignment, "officer_assignment");
        var stored = await catalog.SaveOfficerAssignmentAsync(assignment.ToDomain(), assignment.Etag, context.CancellationToken);
        return catalog.Assignments.Kind.ToReply<OfficerAssignment>(stored);
    }

    public override Task<OfficerAssignment> GetOfficerAssignment(GetOfficerAssignmentRequest request, ServerCallContext context) =>
        Get<Domain.OfficerAssignment, OfficerAssignment>(catalog.Assignments, request.OfficerId, "officer_id", context);

    public override async Task<ListOfficerAssignmentsResponse> ListOfficerAssignments(ListOfficerAssignmentsRequest request, ServerCallContext context)
    {
        var (items, next) = await Page<Domain.OfficerAssignment, OfficerAssignment>(catalog.Assignments,
            a => request.OfficeId.Length == 0 || a.OfficeIds.Contains(request.OfficeId), request.PageSize, request.PageToken, context);
        return new ListOfficerAssignmentsResponse { OfficerAssignments = { items }, NextPageToken = next };
    }

    public override async Task<GetOfficerOfficesResponse> GetOfficerOffices(GetOfficerOfficesRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.OfficerId, "officer_id").ThrowIfAny();
        var (assignment, offices) = await catalog.OfficerOfficesAsync(request.OfficerId, context.CancellationToken);
        return new GetOfficerOfficesResponse
        {
            OfficerId = assignment.OfficerId,
            Agency = (Agency)assignment.Agency,
            Offices = { offices.Select(catalog.Offices.Kind.ToReply<Office>) },
        };
    }

    public override async Task<Provider> UpsertProvider(UpsertProviderRequest request, ServerCallContext context)
    {
        var provider = Required(request.Provider, "provider");
        return catalog.Providers.Kind.ToReply<Provider>(await catalog.SaveProviderAsync(provider.ToDomain(), provider.Etag, context.CancellationToken));
    }

    public override Task<Provider> GetProvider(GetProviderRequest request, ServerCallContext context) =>
        Get<Domain.Provider, Provider>(catalog.Providers, request.ProviderId, "provider_id", context);

    public override async Task<ListProvidersResponse> ListProviders(ListProvidersRequest request, ServerCallContext context)
    {
        var (items, next) = await Page<Domain.Provider, Provider>(catalog.Providers, p =>
            (request.Service.Length == 0 || p.Services.Contains(request.Service)) && (request.IncludeInactive || p.Active),
            request.PageSize, request.PageToken, context);
        return new ListProvidersResponse { Providers = { items }, NextPageToken = next };
    }

    public override async Task<Samordningsforbund> UpsertSamordningsforbund(UpsertSamordningsforbundRequest request, ServerCallContext context)
    {
        var forbund = Required(request.Samordningsforbund, "samordningsforbund");
        var stored = await catalog.SaveSamordningsforbundAsync(forbund.ToDomain(), forbund.Etag, context.CancellationToken);
        return catalog.Samordningsforbund.Kind.ToReply<Samordningsforbund>(stored);
    }

    public override Task<Samordningsforbund> GetSamordningsforbund(GetSamordningsforbundRequest request, ServerCallContext context) =>
        Get<Domain.Samordningsforbund, Samordningsforbund>(catalog.Samordningsforbund, request.SamordningsforbundId, "samordningsforbund_id", context);

    public override async Task<ListSamordningsforbundResponse> ListSamordningsforbund(ListSamordningsforbundRequest request, ServerCallContext context)
    {
        var (items, next) = await Page<Domain.Samordningsforbund, Samordningsforbund>(catalog.Samordningsforbund,
            s => request.RegionId.Length == 0 || s.RegionId == request.RegionId, request.PageSize, request.PageToken, context);
        return new ListSamordningsforbundResponse { Samordningsforbund = { items }, NextPageToken = next };
    }

    private static async Task<TMessage> Get<T, TMessage>(ReferenceStore<T> store, string id, string field, ServerCallContext context)
        where T : class, Domain.IReferenceRecord<T>
        where TMessage : IMessage
    {
        new Violations().RequireId(id, field).ThrowIfAny();
        return store.Kind.ToReply<TMessage>(await store.GetAsync(id, context.CancellationToken));
    }

    private static async Task<(IEnumerable<TMessage> Items, string NextPageToken)> Page<T, TMessage>(
        ReferenceStore<T> store, Func<T, bool> filter, int pageSize, string pageToken, ServerCallContext context)
        where T : class, Domain.IReferenceRecord<T>
        where TMessage : IMessage
    {
        ListArguments.ValidatePageSize(pageSize);
        var (items, next) = await store.ListAsync(filter, pageSize, pageToken, context.CancellationToken);
        return (items.Select(store.Kind.ToReply<TMessage>), next);
    }
}
