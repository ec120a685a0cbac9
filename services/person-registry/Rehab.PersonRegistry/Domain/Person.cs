using Rehab.BuildingBlocks.Domain;

namespace Rehab.PersonRegistry.Domain;

/// <summary>
/// A registered person: the one record that holds an identity number (DOMAIN D1). Everything else in the
/// platform knows the person only by <c>person_id</c>.
/// </summary>
public sealed record Person(
    string IdentityNumber, IdentityNumberKind Kind, DateOnly BirthDate, string LookupKey, string? MergedIntoPersonId)
    : IHasUniqueKeys
{
    /// <summary>The identity number is unique in the registry, through its keyed hash (never the number itself).</summary>
    public IReadOnlyCollection<string> UniqueKeys => [IdentityKey(LookupKey)];

    public static string IdentityKey(string lookupKey) => $"identity:{lookupKey}";

    public static Change<Person> Register(IdentityNumber number, string lookupKey, DateOnly today) =>
        Change<Person>.Of(
            new Person(number.Value, number.Kind, number.BirthDate, lookupKey, null),
            new PersonRegistered(number.Kind, number.BirthDate, number.LegalGender, today));

    /// <summary>A samordningsnummer replaced by a personnummer: this person now points at the survivor.</summary>
    public Change<Person> MergeInto(string survivorId, Person survivor, DateOnly effectiveDate, string selfId)
    {
        if (survivorId == selfId) throw new ValidationFailedException("into_person_id", "must differ from from_person_id");
        if (MergedIntoPersonId is not null)
            throw new WrongStateException("person.merged", $"this person is already merged into {MergedIntoPersonId}");
        if (survivor.MergedIntoPersonId is not null)
            throw new WrongStateException("person.merged", "the surviving person is itself merged; merge into its survivor");
        if (Kind != IdentityNumberKind.Samordningsnummer)
            throw new WrongStateException("person.merge_kind", "only a samordningsnummer person can be merged into another");
        return Change<Person>.Of(this with { MergedIntoPersonId = survivorId }, new PersonsMerged(survivorId, effectiveDate));
    }
}

/// <summary>Registered: the attributes the identity number itself carries (kind, birth date, legal gender), never the number.</summary>
public sealed record PersonRegistered(IdentityNumberKind Kind, DateOnly BirthDate, Gender Gender, DateOnly EffectiveDate) : IDomainEvent;

public sealed record PersonsMerged(string IntoPersonId, DateOnly EffectiveDate) : IDomainEvent;
