using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.ReferenceData.Domain;

/// <summary>A samordningsförbund (FINSAM): FK, AF, a region and its member municipalities working together.</summary>
public sealed record Samordningsforbund(string SamordningsforbundId, string Name, string RegionId, IReadOnlyList<string> Municipalities)
    : IReferenceRecord<Samordningsforbund>
{
    public static string Kind => "samordningsforbund";

    [JsonIgnore]
    public string Id => SamordningsforbundId;

    /// <param name="regionExists">Whether <see cref="RegionId"/> names an existing region.</param>
    public Samordningsforbund Checked(bool regionExists)
    {
        var violations = new Violations()
            .RequireId(SamordningsforbundId, "samordningsforbund.samordningsforbund_id")
            .RequireName(Name, "samordningsforbund.name")
            .RequireReference(RegionId, regionExists, "samordningsforbund.region_id", Region.Kind)
            .Require(Municipalities.Count > 0, "samordningsforbund.municipalities", "must name at least one municipality")
            .Require(Municipalities.Distinct().Count() == Municipalities.Count, "samordningsforbund.municipalities", "names a municipality twice");
        for (var i = 0; i < Municipalities.Count; i++) violations.RequireName(Municipalities[i], $"samordningsforbund.municipalities[{i}]");
        violations.ThrowIfAny();
        return this;
    }
}
