using Rehab.BuildingBlocks.Persistence;
using Rehab.ReferenceData.Domain;

namespace Rehab.ReferenceData;

/// <summary>
/// Saves reference records after checking them, including their references to other records (an office's region,
/// an assignment's offices). The one path for the admin API and the seed.
/// </summary>
public sealed class ReferenceDataCatalog(
    ReferenceStore<Region> regions, ReferenceStore<Office> offices, ReferenceStore<OfficerAssignment> assignments,
    ReferenceStore<Provider> providers, ReferenceStore<Samordningsforbund> samordningsforbund)
{
    public ReferenceStore<Region> Regions => regions;
    public ReferenceStore<Office> Offices => offices;
    public ReferenceStore<OfficerAssignment> Assignments => assignments;
    public ReferenceStore<Provider> Providers => providers;
    public ReferenceStore<Samordningsforbund> Samordningsforbund => samordningsforbund;

    public Task<Stored<Region>> SaveRegionAsync(Region region, string? etag, CancellationToken ct) =>
        regions.UpsertAsync(region.Checked(), etag, ct);

    public async Task<Stored<Office>> SaveOfficeAsync(Office office, string? etag, CancellationToken ct) =>
        await offices.UpsertAsync(office.Checked(await regions.ExistsAsync(office.RegionId, ct)), etag, ct);

    public async Task<Stored<OfficerAssignment>> SaveOfficerAssignmentAsync(OfficerAssignment assignment, string? etag, CancellationToken ct)
    {
        var known = new Dictionary<string, Office>(StringComparer.Ordinal);
        foreach (var id in assignment.OfficeIds.Distinct())
        {
            if (await offices.FindAsync(id, ct) is { } office) known[id] = office.State;
        }

        return await assignments.UpsertAsync(assignment.Checked(known), etag, ct);
    }

    public Task<Stored<Provider>> SaveProviderAsync(Provider provider, string? etag, CancellationToken ct) =>
        providers.UpsertAsync(provider.Checked(), etag, ct);

    public async Task<Stored<Samordningsforbund>> SaveSamordningsforbundAsync(Samordningsforbund forbund, string? etag, CancellationToken ct) =>
        await samordningsforbund.UpsertAsync(forbund.Checked(await regions.ExistsAsync(forbund.RegionId, ct)), etag, ct);

    /// <summary>The officer's assignment and the active offices it names (NOT_FOUND without an assignment).</summary>
    public async Task<(OfficerAssignment Assignment, IReadOnlyList<Stored<Office>> Offices)> OfficerOfficesAsync(string officerId, CancellationToken ct)
    {
        var assignment = await assignments.GetAsync(officerId, ct);
        var served = new List<Stored<Office>>();
        foreach (var id in assignment.State.OfficeIds)
        {
            if (await offices.FindAsync(id, ct) is { State.Active: true } office) served.Add(office);
        }

        return (assignment.State, served);
    }
}
