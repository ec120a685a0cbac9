using Grpc.Core;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts.Person.V1;
using Rehab.PersonRegistry.Domain;
using Person = Rehab.PersonRegistry.Domain.Person;

namespace Rehab.PersonRegistry;

/// <summary>Thin adapter: map the request, call the domain, map the reply.</summary>
public sealed class PersonRegistryGrpcService(
    AggregateRepository<Person> people, IdentityLookupKey lookup, PersonalDataAudit audit, TimeProvider time)
    : PersonRegistryService.PersonRegistryServiceBase
{
    public override async Task<Contracts.Person.V1.Person> EnsurePerson(EnsurePersonRequest request, ServerCallContext context)
    {
        var today = CivilTime.Today(time);
        var number = IdentityNumber.Parse(request.IdentityNumber, today);
        var key = lookup.For(number);
        Stored<Person> stored;
        try
        {
            stored = await people.CreateAsync(key, requestId: null, _ => Person.Register(number, key, today), context.CancellationToken);
        }
        catch (AlreadyExistsException known)
        {
            stored = await people.GetAsync(known.ExistingId, context.CancellationToken);
        }

        await audit.RecordReadAsync(Resource, stored.Id, IdentityFields, context.CancellationToken);
        return ToContract(stored);
    }

    public override async Task<Contracts.Person.V1.Person> GetPerson(GetPersonRequest request, ServerCallContext context)
    {
        new Violations().RequireText(request.PersonId, "person_id").ThrowIfAny();
        var stored = await people.GetAsync(request.PersonId, context.CancellationToken);
        await audit.RecordReadAsync(Resource, stored.Id, IdentityFields, context.CancellationToken);
        return ToContract(stored);
    }

    public override async Task<Contracts.Person.V1.Person> MergePersons(MergePersonsRequest request, ServerCallContext context)
    {
        new Violations()
            .RequireText(request.FromPersonId, "from_person_id")
            .RequireText(request.IntoPersonId, "into_person_id")
            .ThrowIfAny();
        var effective = request.EffectiveDate.ToDateOnly("effective_date");
        var survivor = await people.GetAsync(request.IntoPersonId, context.CancellationToken);
        var from = await people.GetAsync(request.FromPersonId, context.CancellationToken);
        var merged = await people.UpdateAsync(from.Id, from.Etag,
            p => p.MergeInto(survivor.Id, survivor.State, effective, from.Id), context.CancellationToken);
        await audit.RecordChangeAsync(Resource, merged.Id, ["merged_into_person_id"], context.CancellationToken);
        return ToContract(merged);
    }

    private const string Resource = "person";
    private static readonly string[] IdentityFields = ["identity_number", "kind", "birth_date"];

    private static Contracts.Person.V1.Person ToContract(Stored<Person> stored) => new()
    {
        PersonId = stored.Id,
        IdentityNumber = stored.State.IdentityNumber,
        Kind = stored.State.Kind == BuildingBlocks.Domain.IdentityNumberKind.Personnummer
            ? Contracts.Person.V1.IdentityNumberKind.Personnummer
            : Contracts.Person.V1.IdentityNumberKind.Samordningsnummer,
        BirthDate = stored.State.BirthDate.ToProto(),
        MergedIntoPersonId = stored.State.MergedIntoPersonId ?? "",
    };
}
