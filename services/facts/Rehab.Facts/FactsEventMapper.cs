using Google.Protobuf;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts.Facts.V1;
using Rehab.Facts.Domain;
using PersonFacts = Rehab.Facts.Domain.PersonFacts;

namespace Rehab.Facts;

/// <summary>One contract event per stored revision (its kind names the event); office links stay inside the service.</summary>
public sealed class FactsEventMapper : IEventMapper<PersonFacts>
{
    public ContractEvent? Map(IDomainEvent domainEvent, string aggregateId, PersonFacts stateAfter) => domainEvent switch
    {
        FactRevisionRecorded e => new(Message(e.Revision.ToContract(e.PersonId), e.Revision.Kind), e.PersonId),
        CaseOfficeLinked => null,
        _ => throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "no contract event"),
    };

    private static IMessage Message(FactRecord record, FactKind kind) => kind switch
    {
        FactKind.SickCase => new SickCaseRecorded { Record = record },
        FactKind.BenefitPeriod => new BenefitPeriodRecorded { Record = record },
        FactKind.BenefitDecision => new BenefitDecisionRecorded { Record = record },
        _ => new AfRegistrationSpellRecorded { Record = record },
    };
}
