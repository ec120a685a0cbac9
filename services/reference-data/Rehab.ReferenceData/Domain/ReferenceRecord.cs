using Rehab.BuildingBlocks.Domain;

namespace Rehab.ReferenceData.Domain;

/// <summary>
/// A reference record, named by a natural id that the operator chooses (DOMAIN: offices, regions, officer
/// assignments, providers, samordningsförbund). The id is claimed as a uniqueness key, so the store finds the
/// record by it and two records can never share it.
/// </summary>
public interface IReferenceRecord<TSelf> : IHasUniqueKeys where TSelf : IReferenceRecord<TSelf>
{
    /// <summary>The kind of record, e.g. "office": the resource name in errors and the uniqueness-key prefix.</summary>
    static abstract string Kind { get; }

    /// <summary>The natural id (office_id, region_id, ...).</summary>
    string Id { get; }

    IReadOnlyCollection<string> IHasUniqueKeys.UniqueKeys => [UniqueKey(Id)];

    static string UniqueKey(string id) => $"{TSelf.Kind}:{id}";
}

public enum Agency
{
    Unspecified,
    Fk,
    Af,
}

/// <summary>A reference record was created or changed; carries the record as it now stands.</summary>
public sealed record ReferenceRecordSaved<T>(T Record, bool Created, DateOnly EffectiveDate) : IDomainEvent;

public static class ReferenceRecord
{
    /// <summary>
    /// Records <paramref name="proposed"/> (already checked) in place of <paramref name="current"/>, which is null
    /// for a new record. Reference data takes effect the day it is recorded.
    /// </summary>
    public static Change<T> Save<T>(T? current, T proposed, DateOnly today) where T : class =>
        Change<T>.Of(proposed, new ReferenceRecordSaved<T>(proposed, current is null, today));
}
