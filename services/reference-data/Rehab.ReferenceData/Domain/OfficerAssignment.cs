using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.ReferenceData.Domain;

/// <summary>
/// The offices an officer serves (DOMAIN D3). The officer is named by the token subject; every office must exist,
/// be active and belong to the officer's agency.
/// </summary>
public sealed record OfficerAssignment(string OfficerId, Agency Agency, IReadOnlyList<string> OfficeIds)
    : IReferenceRecord<OfficerAssignment>
{
    public static string Kind => "officer-assignment";

    [JsonIgnore]
    public string Id => OfficerId;

    /// <param name="offices">The existing offices among <see cref="OfficeIds"/>, by id.</param>
    public OfficerAssignment Checked(IReadOnlyDictionary<string, Office> offices)
    {
        var violations = new Violations()
            .RequireId(OfficerId, "officer_assignment.officer_id")
            .RequireAgency(Agency, "officer_assignment.agency")
            .Require(OfficeIds.Count > 0, "officer_assignment.office_ids", "must name at least one office")
            .Require(OfficeIds.Distinct().Count() == OfficeIds.Count, "officer_assignment.office_ids", "names an office twice");
        for (var i = 0; i < OfficeIds.Count; i++)
        {
            var field = $"officer_assignment.office_ids[{i}]";
            offices.TryGetValue(OfficeIds[i], out var office);
            violations.RequireReference(OfficeIds[i], office is not null, field, Office.Kind);
            if (office is null) continue;
            violations.Require(office.Active, field, $"office '{office.OfficeId}' is inactive");
            if (Agency is not Agency.Unspecified)
                violations.Require(office.Agency == Agency, field, $"office '{office.OfficeId}' belongs to {office.Agency}, not to the officer's agency {Agency}");
        }

        violations.ThrowIfAny();
        return this;
    }
}
