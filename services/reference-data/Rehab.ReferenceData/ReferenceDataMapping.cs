using Rehab.BuildingBlocks.Domain;
using Rehab.Contracts.ReferenceData.V1;
using Domain = Rehab.ReferenceData.Domain;

namespace Rehab.ReferenceData;

/// <summary>Domain ↔ contract. Domain.Agency mirrors the proto values, so it maps by cast.</summary>
public static class ReferenceDataMapping
{
    public static Region ToContract(Domain.Region r) => new() { RegionId = r.RegionId, Name = r.Name };

    public static Domain.Region ToDomain(this Region r) => new(r.RegionId, r.Name);

    public static Office ToContract(Domain.Office o) => new()
    {
        OfficeId = o.OfficeId, Agency = (Agency)o.Agency, Name = o.Name, RegionId = o.RegionId, Active = o.Active,
    };

    public static Domain.Office ToDomain(this Office o) => new(o.OfficeId, (Domain.Agency)o.Agency, o.Name, o.RegionId, o.Active);

    public static OfficerAssignment ToContract(Domain.OfficerAssignment a) => new()
    {
        OfficerId = a.OfficerId, Agency = (Agency)a.Agency, OfficeIds = { a.OfficeIds },
    };

    public static Domain.OfficerAssignment ToDomain(this OfficerAssignment a) => new(a.OfficerId, (Domain.Agency)a.Agency, [.. a.OfficeIds]);

    public static Provider ToContract(Domain.Provider p) => new()
    {
        ProviderId = p.ProviderId, Name = p.Name, OrganisationNumber = p.OrganisationNumber, Services = { p.Services }, Active = p.Active,
    };

    public static Domain.Provider ToDomain(this Provider p) => new(p.ProviderId, p.Name, p.OrganisationNumber, [.. p.Services], p.Active);

    public static Samordningsforbund ToContract(Domain.Samordningsforbund s) => new()
    {
        SamordningsforbundId = s.SamordningsforbundId, Name = s.Name, RegionId = s.RegionId, Municipalities = { s.Municipalities },
    };

    public static Domain.Samordningsforbund ToDomain(this Samordningsforbund s) =>
        new(s.SamordningsforbundId, s.Name, s.RegionId, [.. s.Municipalities]);

    /// <summary>The resource of an upsert request; a missing one is a field violation.</summary>
    public static T Required<T>(T? resource, string field) where T : class =>
        resource ?? throw new ValidationFailedException(field, "is required");
}
