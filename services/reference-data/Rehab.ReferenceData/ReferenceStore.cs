using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.ReferenceData.Domain;

namespace Rehab.ReferenceData;

/// <summary>
/// One kind of reference record, stored as an aggregate whose partition key is its natural id and which claims that
/// id as a uniqueness key: the key finds the record, and makes a concurrent second create of the id fail.
/// </summary>
public sealed class ReferenceStore<T>(AggregateRepository<T> repository, RecordKind<T> kind, TimeProvider time)
    where T : class, IReferenceRecord<T>
{
    public RecordKind<T> Kind => kind;

    public async Task<Stored<T>?> FindAsync(string? id, CancellationToken ct) =>
        Rules.IsId(id) ? await repository.FindByUniqueKeyAsync(id!, IReferenceRecord<T>.UniqueKey(id!), ct) : null;

    public async Task<Stored<T>> GetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, ct) ?? throw new NotFoundException(T.Kind, id);

    public async Task<bool> ExistsAsync(string? id, CancellationToken ct) => await FindAsync(id, ct) is not null;

    /// <summary>
    /// Creates (empty <paramref name="etag"/>) or updates (the etag last read) a checked record. A record equal to the
    /// stored one is returned as stored, whatever the etag: that makes a retried upsert safe without a request id.
    /// </summary>
    public async Task<Stored<T>> UpsertAsync(T proposed, string? etag, CancellationToken ct)
    {
        var existing = await FindAsync(proposed.Id, ct);
        if (existing is not null && kind.SameContent(existing.State, proposed)) return existing;
        var today = CivilTime.Today(time);
        if (string.IsNullOrEmpty(etag))
        {
            if (existing is not null) throw Exists(proposed.Id);
            try
            {
                return await repository.CreateAsync(proposed.Id, requestId: null, _ => ReferenceRecord.Save(null, proposed, today), ct);
            }
            catch (AlreadyExistsException)
            {
                throw Exists(proposed.Id); // a concurrent create of the same id won
            }
        }

        if (existing is null) throw new NotFoundException(T.Kind, proposed.Id);
        return await repository.UpdateAsync(existing.Id, etag, current => ReferenceRecord.Save(current, proposed, today), ct);
    }

    public Task<(IReadOnlyList<Stored<T>> Items, string NextPageToken)> ListAsync(
        Func<T, bool> filter, int pageSize, string? pageToken, CancellationToken ct) =>
        repository.ListAsync(filter, pageSize, string.IsNullOrEmpty(pageToken) ? null : pageToken, ct);

    private static AlreadyExistsException Exists(string id) =>
        new(T.Kind, $"{T.Kind} '{id}' already exists; send the etag you read to change it", id);
}
