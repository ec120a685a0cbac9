using Rehab.Contracts.ReferenceData.V1;

namespace Rehab.Client;

/// <summary>Offices, regions and officer assignments (<c>rehab.referencedata.v1.ReferenceDataService</c>).</summary>
public sealed class ReferenceDataClient(ReferenceDataService.ReferenceDataServiceClient grpc)
{
    public ReferenceDataService.ReferenceDataServiceClient Grpc => grpc;

    public async Task<Office> GetOfficeAsync(string officeId, CancellationToken cancellationToken = default) =>
        await grpc.GetOfficeAsync(new GetOfficeRequest { OfficeId = officeId }, cancellationToken: cancellationToken);

    /// <summary>Every office matching <paramref name="filter"/> (active ones unless it says otherwise), newest first.</summary>
    public IAsyncEnumerable<Office> ListOfficesAsync(ListOfficesRequest? filter = null, CancellationToken cancellationToken = default)
    {
        var template = filter ?? new ListOfficesRequest();
        return Paging.AllAsync(
            async (token, ct) =>
            {
                var page = template.Clone();
                page.PageToken = token;
                return await grpc.ListOfficesAsync(page, cancellationToken: ct);
            },
            page => page.Offices, page => page.NextPageToken, cancellationToken);
    }

    /// <summary>The active offices an officer serves; <see cref="Errors.RehabNotFoundException"/> when the officer has no assignment.</summary>
    public async Task<GetOfficerOfficesResponse> GetOfficerOfficesAsync(string officerId, CancellationToken cancellationToken = default) =>
        await grpc.GetOfficerOfficesAsync(new GetOfficerOfficesRequest { OfficerId = officerId }, cancellationToken: cancellationToken);
}
