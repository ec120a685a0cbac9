using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Referral.V1;
using Rehab.Facts.Domain;

namespace Rehab.Facts;

/// <summary>
/// Projects where a person has a case from the referral context (its FK office when the need is identified, the AF and FK
/// offices of a booking), so officers of those offices may read the person's facts. Idempotent: a known office is no change.
/// </summary>
public sealed class CaseOfficeHandler(AggregateRepository<PersonFacts> people) : IEventHandler
{
    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        var (personId, offices, date) = Read(e);
        if (string.IsNullOrWhiteSpace(personId)) return HandlerOutcome.Drop;
        var effective = date.ToOptionalDateOnly("effective_date") ?? DateOnly.Parse(e.EffectiveAt, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var office in offices.Where(o => !string.IsNullOrWhiteSpace(o)))
        {
            // A concurrent first event or import of the person may create the record meanwhile: the office is linked on the winner.
            await people.CreateOrUpdateAsync(personId, PersonFacts.PersonKey(personId),
                _ => PersonFacts.Empty(personId).LinkCaseOffice(office, effective), s => s.LinkCaseOffice(office, effective), ct);
        }

        return HandlerOutcome.Success;
    }

    private static (string PersonId, string[] Offices, Google.Type.Date? Date) Read(CloudEvent e)
    {
        if (e.Type == RehabilitationNeedIdentified.Descriptor.FullName)
        {
            var identified = e.Unpack<RehabilitationNeedIdentified>();
            return (identified.PersonId, [identified.FkOfficeId], identified.EffectiveDate);
        }

        var booked = e.Unpack<JointAssessmentBooked>();
        return (booked.PersonId, [booked.FkOfficeId, booked.AfOfficeId], booked.EffectiveDate);
    }
}
