using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts;
using Rehab.Contracts.Facts.V1;
using Rehab.Testing.Platform;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;

namespace Rehab.Tracking.Tests.EndToEnd;

/// <summary>
/// Stands in for the facts service (being built in parallel): publishes its contract events on rehab.facts.v1 exactly as its
/// relay would (a CloudEvent per stored revision, the revision's recorded_at in the data).
/// </summary>
internal sealed class FactsFeed(PlatformHost platform)
{
    private IEventTransport Transport => platform.TrackingServices.GetRequiredService<IEventTransport>();

    public async Task RefusalAsync(string personId, DateOnly lastBenefitDay, bool restsOnEmployment = false, string recordId = "decision-1")
    {
        var record = Record(personId, recordId, "fk-mica", lastBenefitDay);
        record.BenefitDecision = new BenefitDecision
        {
            BenefitDecisionId = recordId, Kind = DecisionKind.Refusal, DecisionDate = lastBenefitDay.ToProto(),
            BenefitType = BenefitType.SicknessBenefit, LastBenefitDay = lastBenefitDay.ToProto(), RehabChainDay = 200,
            EmploymentStatus = restsOnEmployment ? EmploymentStatus.Employed : EmploymentStatus.Unemployed, SgiRestsOnEmployment = restsOnEmployment,
        };
        await PublishAsync(new BenefitDecisionRecorded { Record = record }, personId, lastBenefitDay);
    }

    public async Task RegistrationAsync(string personId, DateOnly registered, string afOfficeId, string recordId = "spell-1")
    {
        var record = Record(personId, recordId, "af-midas", registered);
        record.RegistrationSpell = new AfRegistrationSpell
        {
            RegistrationSpellId = recordId, RegistrationDate = registered.ToProto(), SkatCode = "11",
            RegistrationStatus = RegistrationStatus.OpenlyUnemployed, AfOfficeId = afOfficeId,
        };
        await PublishAsync(new AfRegistrationSpellRecorded { Record = record }, personId, registered);
    }

    private static FactRecord Record(string personId, string recordId, string system, DateOnly effective) => new()
    {
        RecordId = recordId, SourceSystem = system, PersonId = personId, EffectiveDate = effective.ToProto(),
        RecordedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
    };

    private Task PublishAsync(Google.Protobuf.IMessage message, string personId, DateOnly effective) => Transport.PublishAsync(Topics.Facts,
        CloudEvent.Create(message, Guid.CreateVersion7().ToString(), "facts", personId, DateTimeOffset.UtcNow, CloudEvent.EffectiveDate(effective),
            personId, Topics.Facts), CancellationToken.None);
}
