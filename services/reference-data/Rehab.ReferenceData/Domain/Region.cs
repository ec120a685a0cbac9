using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.ReferenceData.Domain;

/// <summary>A geographical region the agencies' offices and the samordningsförbund belong to.</summary>
public sealed record Region(string RegionId, string Name) : IReferenceRecord<Region>
{
    public static string Kind => "region";

    [JsonIgnore]
    public string Id => RegionId;

    public Region Checked()
    {
        new Violations().RequireId(RegionId, "region.region_id").RequireName(Name, "region.name").ThrowIfAny();
        return this;
    }
}
