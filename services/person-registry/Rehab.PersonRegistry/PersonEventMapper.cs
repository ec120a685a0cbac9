using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts.Person.V1;
using Rehab.PersonRegistry.Domain;
using Person = Rehab.PersonRegistry.Domain.Person;

namespace Rehab.PersonRegistry;

/// <summary>Person events carry surrogates and what the number implies (birth date, legal gender), never the identity number.</summary>
public sealed class PersonEventMapper : IEventMapper<Person>
{
    public ContractEvent Map(IDomainEvent domainEvent, string aggregateId, Person stateAfter) => domainEvent switch
    {
        Domain.PersonRegistered e => new(new Contracts.Person.V1.PersonRegistered
        {
            PersonId = aggregateId,
            Kind = (Contracts.Person.V1.IdentityNumberKind)e.Kind,
            BirthDate = e.BirthDate.ToProto(),
            Gender = (Contracts.Common.V1.Gender)e.Gender,
        }, aggregateId),
        Domain.PersonsMerged e => new(new Contracts.Person.V1.PersonsMerged
        {
            FromPersonId = aggregateId, IntoPersonId = e.IntoPersonId, EffectiveDate = e.EffectiveDate.ToProto(),
        }, aggregateId),
        _ => throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "no contract event"),
    };
}
