using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Domain = Rehab.TransitionMeetings.Domain;

namespace Rehab.TransitionMeetings;

/// <summary>
/// A person's facts projection and meetings. Both live in the person's shard: the projection claims facts:&lt;person&gt;, each
/// meeting person:&lt;person&gt;:meeting:&lt;n&gt; (n = 1, 2, ...), so a person's meetings are found by probing n until one is missing.
/// </summary>
public sealed class PersonMeetings(AggregateRepository<Domain.Meeting> meetings, AggregateRepository<Domain.PersonFacts> facts)
{
    public async Task<Stored<Domain.PersonFacts>?> FindFactsAsync(string personId, CancellationToken ct) =>
        await facts.FindByUniqueKeyAsync(personId, Domain.PersonFacts.Key(personId), ct);

    public async Task<FactsSnapshot> FactsAsync(string personId, CancellationToken ct) =>
        FactsSnapshot.Of(await FindFactsAsync(personId, ct)) ?? new FactsSnapshot(Domain.PersonFacts.Empty(personId), 0);

    /// <summary>Takes a fact revision into the person's projection (created on first use) and returns the projection.</summary>
    public async Task<FactsSnapshot> ObserveAsync(string personId, Domain.IFactRevision fact, DateOnly effectiveDate, CancellationToken ct)
    {
        var stored = await FindFactsAsync(personId, ct)
            ?? await facts.CreateAsync(personId, "facts-" + personId, _ => Domain.PersonFacts.Empty(personId).Observe(fact, effectiveDate), ct);
        return FactsSnapshot.Of(await facts.UpdateLatestAsync(stored.Id, f => f.Observe(fact, effectiveDate), ct))!;
    }

    public async Task<IReadOnlyList<Stored<Domain.Meeting>>> MeetingsOfAsync(string personId, CancellationToken ct)
    {
        var found = new List<Stored<Domain.Meeting>>();
        for (var sequence = 1; ; sequence++)
        {
            var meeting = await meetings.FindByUniqueKeyAsync(personId, Domain.Meeting.SequenceKey(personId, sequence), ct);
            if (meeting is null) return found;
            found.Add(meeting);
        }
    }

    /// <summary>
    /// Creates a meeting with the person's next sequence number (<paramref name="create"/> is given the number). Two creates racing
    /// for one number: the loser's claim fails (ALREADY_EXISTS) and it tries the next number.
    /// </summary>
    public async Task<Stored<Domain.Meeting>> CreateAsync(string personId, Func<int, Task<Stored<Domain.Meeting>>> create, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var sequence = (await MeetingsOfAsync(personId, ct)).Count + 1;
            try
            {
                return await create(sequence);
            }
            catch (AlreadyExistsException) when (attempt < 3)
            {
                // Another meeting of the person took this sequence number meanwhile.
            }
        }
    }
}

/// <summary>
/// The person's facts projection as read, with the store's version of it (0: the person has no facts yet). A meeting joined with
/// it remembers the version and ignores an older snapshot joined later (<see cref="Domain.Meeting.ObserveFacts"/>).
/// </summary>
public sealed record FactsSnapshot(Domain.PersonFacts Facts, long Version)
{
    public static FactsSnapshot? Of(Stored<Domain.PersonFacts>? stored) => stored is null ? null : new(stored.State, stored.Version);
}
