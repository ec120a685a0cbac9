using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.ReferenceData.Domain;

/// <summary>A local office of FK or AF. An inactive office is kept for history; nobody serves it any more.</summary>
public sealed record Office(string OfficeId, Agency Agency, string Name, string RegionId, bool Active) : IReferenceRecord<Office>
{
    public static string Kind => "office";

    [JsonIgnore]
    public string Id => OfficeId;

    /// <param name="regionExists">Whether <see cref="RegionId"/> names an existing region.</param>
    public Office Checked(bool regionExists)
    {
        new Violations()
            .RequireId(OfficeId, "office.office_id")
            .RequireAgency(Agency, "office.agency")
            .RequireName(Name, "office.name")
            .RequireReference(RegionId, regionExists, "office.region_id", Region.Kind)
            .ThrowIfAny();
        return this;
    }
}
