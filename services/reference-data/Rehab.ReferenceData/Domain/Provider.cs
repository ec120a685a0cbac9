using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.ReferenceData.Domain;

/// <summary>An organisation that delivers interventions on AF's behalf, and the services it is contracted for.</summary>
public sealed record Provider(string ProviderId, string Name, string OrganisationNumber, IReadOnlyList<string> Services, bool Active)
    : IReferenceRecord<Provider>
{
    public static string Kind => "provider";

    [JsonIgnore]
    public string Id => ProviderId;

    /// <summary>Checks the fields; the result holds the organisation number in its normal form NNNNNN-NNNN.</summary>
    public Provider Checked()
    {
        var violations = new Violations()
            .RequireId(ProviderId, "provider.provider_id")
            .RequireName(Name, "provider.name")
            .Require(Services.Distinct().Count() == Services.Count, "provider.services", "names a service twice");
        var organisationNumber = Domain.OrganisationNumber.Normalise(OrganisationNumber, out var problem);
        if (problem is not null) violations.Add("provider.organisation_number", problem);
        for (var i = 0; i < Services.Count; i++) violations.RequireId(Services[i], $"provider.services[{i}]");
        violations.ThrowIfAny();
        return this with { OrganisationNumber = organisationNumber! };
    }
}
