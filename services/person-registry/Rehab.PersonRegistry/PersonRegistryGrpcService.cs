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

    public override async Task<EnsurePersonsResponse> EnsurePersons(EnsurePersonsRequest request, ServerCallContext context)
    {
        var today = CivilTime.Today(time);
        var violations = new Violations();
        var numbers = new IdentityNumber[request.IdentityNumbers.Count];
        for (var i = 0; i < numbers.Length; i++)
        {
            if (IdentityNumber.TryParse(request.IdentityNumbers[i], today, out var number, out var error)) numbers[i] = number!;
            else violations.Add($"identity_numbers[{i}]", error ?? "is not a valid identity number");
        }

        violations.ThrowIfAny();
        var ct = context.CancellationToken;
        var ensured = await Task.WhenAll(numbers.Select(n => EnsureAsync(n, today, ct)));
        var known = await Task.WhenAll(request.PersonIds.Select(id => people.FindAsync(id, ct)));

        await audit.RecordReadAsync(Resource, ensured.Select(p => p.Id).Distinct(), IdentityFields, ct);
        var response = new EnsurePersonsResponse();
        response.IdentityNumberPersonIds.AddRange(ensured.Select(p => p.State.MergedIntoPersonId ?? p.Id));
        response.UnknownPersonIds.AddRange(request.PersonIds.Where((_, i) => known[i] is null));
        return response;
    }

    private async Task<Stored<Person>> EnsureAsync(IdentityNumber number, DateOnly today, CancellationToken ct)
    {
        var key = lookup.For(number);
        var found = await people.FindByUniqueKeyAsync(key, Person.IdentityKey(key), ct);
        if (found is not null) return found;
        try
        {
            return await people.CreateAsync(key, requestId: null, _ => Person.Register(number, key, today), ct);
        }
        catch (AlreadyExistsException known)
        {
            return await people.GetAsync(known.ExistingId, ct);
        }
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
        Kind = (Contracts.Person.V1.IdentityNumberKind)stored.State.Kind,
        BirthDate = stored.State.BirthDate.ToProto(),
        MergedIntoPersonId = stored.State.MergedIntoPersonId ?? "",
    };
}
