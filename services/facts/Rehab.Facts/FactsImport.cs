using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts.Facts.V1;
using Rehab.Facts.Domain;
using PersonFacts = Rehab.Facts.Domain.PersonFacts;
using RecordOutcome = Rehab.Facts.Domain.RecordOutcome;

namespace Rehab.Facts;

/// <summary>
/// The system-to-system import (DOMAIN D2, D9): resolves the batch's persons in one call to the registry, groups the records by
/// person and commits each person once (concurrently), so a person's rules are decided atomically and a bad record never costs
/// the others. Every person whose facts changed gets an audit entry, appended together for the batch.
/// </summary>
public sealed class FactsImport(
    AggregateRepository<PersonFacts> people, PersonDirectory directory, PersonalDataAudit audit, TimeProvider time)
{
    public const int MaxRecords = 5000;
    private const int Parallelism = 32;
    private const int MaxAttempts = 8;

    private static readonly string[] ChangedFields = ["sick_cases", "benefit_periods", "benefit_decisions", "registration_spells"];

    public async Task<ImportFactsResponse> ImportAsync(ImportFactsRequest request, CancellationToken ct)
    {
        new Violations().Require(request.Records.Count <= MaxRecords, "records", $"at most {MaxRecords} records per batch").ThrowIfAny();
        var today = CivilTime.Today(time);
        var now = time.GetUtcNow();
        var count = request.Records.Count;
        var revisions = new FactRevision?[count];
        var decisions = new RecordDecision?[count];
        var personIds = new string?[count];
        var numbers = new List<(int Index, IdentityNumber Number)>();

        for (var i = 0; i < count; i++)
        {
            var record = request.Records[i];
            try
            {
                revisions[i] = record.ToDomain(request.SourceSystem);
            }
            catch (ValidationFailedException invalid)
            {
                decisions[i] = new RecordDecision(RecordOutcome.Rejected, invalid.Violations);
                continue;
            }

            switch (record.Person?.PersonCase)
            {
                case PersonReference.PersonOneofCase.PersonId when !string.IsNullOrWhiteSpace(record.Person.PersonId):
                    personIds[i] = record.Person.PersonId.Trim();
                    break;
                case PersonReference.PersonOneofCase.IdentityNumber:
                    if (IdentityNumber.TryParse(record.Person.IdentityNumber, today, out var number, out var error))
                        numbers.Add((i, number!));
                    else
                        decisions[i] = RecordDecision.Rejected("person.identity_number", error ?? "is not a valid identity number");
                    break;
                default:
                    decisions[i] = RecordDecision.Rejected("person", "is required: a person_id or an identity_number");
                    break;
            }
        }

        var (numberIds, unknown) = await directory.ResolveAsync(
            numbers.Select(n => n.Number).ToList(), personIds.OfType<string>().ToHashSet(StringComparer.Ordinal), ct);
        for (var j = 0; j < numbers.Count; j++) personIds[numbers[j].Index] = numberIds[j];
        for (var i = 0; i < count; i++)
        {
            if (decisions[i] is null && personIds[i] is { } id && unknown.Contains(id))
                decisions[i] = RecordDecision.Rejected("person.person_id", "unknown person: no such person_id in the person registry");
        }

        var groups = Enumerable.Range(0, count).Where(i => decisions[i] is null)
            .GroupBy(i => personIds[i]!, StringComparer.Ordinal).ToList();
        var touched = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (group, token) =>
            {
                var indices = group.ToList();
                var (aggregateId, personDecisions) = await ImportPersonAsync(
                    group.Key, indices.Select(i => revisions[i]!).ToList(), today, now, token);
                for (var k = 0; k < indices.Count; k++) decisions[indices[k]] = personDecisions[k];
                if (aggregateId is not null) touched.Add(aggregateId);
            });

        await audit.RecordChangeAsync("person_facts", touched.Order(StringComparer.Ordinal), ChangedFields, ct);
        return Response(request, decisions.Select(d => d!).ToList());
    }

    /// <returns>The person's aggregate id when something was stored, and the decision per record.</returns>
    private async Task<(string? AggregateId, IReadOnlyList<RecordDecision> Decisions)> ImportPersonAsync(
        string personId, IReadOnlyList<FactRevision> records, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stored = await people.FindByUniqueKeyAsync(personId, PersonFacts.PersonKey(personId), ct);
                var result = (stored?.State ?? PersonFacts.Empty(personId)).Import(records, today, now);
                if (result.Change.Events.Count == 0) return (null, result.Decisions);
                var saved = stored is null
                    ? await people.CreateAsync(personId, null, _ => result.Change, ct)
                    : await people.UpdateAsync(stored.Id, stored.Etag, _ => result.Change, ct);
                return (saved.Id, result.Decisions);
            }
            catch (Exception e) when (e is ConcurrencyConflictException or AlreadyExistsException && attempt < MaxAttempts)
            {
                // Another import (or the office projection) changed this person meanwhile: decide again on the new state.
            }
        }
    }

    private static ImportFactsResponse Response(ImportFactsRequest request, IReadOnlyList<RecordDecision> decisions)
    {
        var response = new ImportFactsResponse { BatchId = request.BatchId };
        for (var i = 0; i < decisions.Count; i++)
        {
            var d = decisions[i];
            var result = new RecordResult { Index = i, RecordId = request.Records[i].RecordId, Outcome = (Contracts.Facts.V1.RecordOutcome)d.Outcome };
            result.Violations.AddRange(d.Violations.Select(v => new Google.Rpc.BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            response.Results.Add(result);
            switch (d.Outcome)
            {
                case RecordOutcome.Recorded: response.Recorded++; break;
                case RecordOutcome.Corrected: response.Corrected++; break;
                case RecordOutcome.Unchanged: response.Unchanged++; break;
                default: response.Rejected++; break;
            }
        }

        return response;
    }
}
