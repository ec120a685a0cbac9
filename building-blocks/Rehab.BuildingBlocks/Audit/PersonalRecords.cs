using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;

namespace Rehab.BuildingBlocks.Audit;

/// <summary>
/// Aggregates that hold personal data, as callers reach them: every read and change goes through the caller's
/// object-level rule and leaves its audit entry, so a service cannot forget either.
/// (Event handlers acting for the system use <see cref="AggregateRepository{TState}"/> directly.)
/// </summary>
public sealed class PersonalRecords<TState>(
    AggregateRepository<TState> repository, AggregateDefinition<TState> definition, PersonalDataAudit audit)
    where TState : class
{
    private string RecordType => definition.Resource.Replace(' ', '_');

    public async Task<Stored<TState>> CreateAsync(
        string partitionKey, string? requestId, Func<string, Change<TState>> decide, IReadOnlyList<string> fields, CancellationToken ct)
    {
        var stored = await repository.CreateAsync(partitionKey, requestId, decide, ct);
        await audit.RecordChangeAsync(RecordType, stored.Id, fields, ct);
        return stored;
    }

    /// <param name="authorize">Throws <see cref="AccessDeniedException"/> when the caller may not read this record.</param>
    public async Task<Stored<TState>> ReadAsync(string id, Action<TState> authorize, IReadOnlyList<string> fields, CancellationToken ct)
    {
        var stored = await repository.GetAsync(id, ct);
        authorize(stored.State);
        await audit.RecordReadAsync(RecordType, stored.Id, fields, ct);
        return stored;
    }

    /// <param name="authorize">Checked against the stored state before the decision; throws to deny.</param>
    /// <remarks>Every chronology override the decision's events carry (<see cref="IOverridesChronology"/>) is audited too.</remarks>
    public async Task<Stored<TState>> ChangeAsync(
        string id, string? etag, Action<TState> authorize, Func<TState, Change<TState>> decide, IReadOnlyList<string> fields,
        CancellationToken ct)
    {
        Change<TState>? decided = null;
        var stored = await repository.UpdateAsync(id, etag, state =>
        {
            authorize(state);
            return decided = decide(state);
        }, ct);
        await audit.RecordChangeAsync(RecordType, stored.Id, fields, ct);
        foreach (var overridden in decided!.Events.OfType<IOverridesChronology>().Select(e => e.ChronologyOverride).OfType<ChronologyOverride>())
            await audit.RecordOverrideAsync(RecordType, stored.Id, overridden.Violations, overridden.Reason, ct);
        return stored;
    }

    /// <summary>A page of the records that match <paramref name="filter"/> and that the caller <paramref name="mayRead"/>.</summary>
    public async Task<(IReadOnlyList<Stored<TState>> Items, string NextPageToken)> ListAsync(
        Func<TState, bool> filter, Func<TState, bool> mayRead, int pageSize, string? pageToken, IReadOnlyList<string> fields,
        CancellationToken ct)
    {
        var page = await repository.ListAsync(s => filter(s) && mayRead(s), pageSize, pageToken, ct);
        if (page.Items.Count > 0) await audit.RecordReadAsync(RecordType, page.Items.Select(i => i.Id), fields, ct);
        return page;
    }
}
