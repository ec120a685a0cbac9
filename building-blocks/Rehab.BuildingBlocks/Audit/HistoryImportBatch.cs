using Rehab.BuildingBlocks.Domain;

namespace Rehab.BuildingBlocks.Audit;

/// <summary>What a history import did with one record. Numbered like every history import contract's outcome enum, so a service casts it.</summary>
public enum HistoryImportOutcome
{
    Recorded = 1,
    Unchanged = 2,
    Rejected = 3,
}

/// <summary>The decision on one record: its outcome, the aggregate it is stored as (or "") and why it was rejected.</summary>
public sealed record HistoryRecordDecision(HistoryImportOutcome Outcome, string AggregateId, IReadOnlyList<FieldViolation> Violations)
{
    public static HistoryRecordDecision Recorded(string aggregateId) => new(HistoryImportOutcome.Recorded, aggregateId, []);

    public static HistoryRecordDecision Unchanged(string aggregateId) => new(HistoryImportOutcome.Unchanged, aggregateId, []);

    public static HistoryRecordDecision Rejected(params FieldViolation[] violations) => new(HistoryImportOutcome.Rejected, "", violations);

    /// <summary>The violations as a contract's record result carries them.</summary>
    public IEnumerable<Google.Rpc.BadRequest.Types.FieldViolation> ContractViolations =>
        Violations.Select(v => new Google.Rpc.BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description });
}

/// <summary>A batch's decisions, one per record in the request's order, and their counts.</summary>
public sealed class HistoryImportResult
{
    public HistoryImportResult(IReadOnlyList<HistoryRecordDecision> decisions)
    {
        Decisions = decisions;
        Recorded = decisions.Count(d => d.Outcome == HistoryImportOutcome.Recorded);
        Unchanged = decisions.Count(d => d.Outcome == HistoryImportOutcome.Unchanged);
        Rejected = decisions.Count(d => d.Outcome == HistoryImportOutcome.Rejected);
    }

    public IReadOnlyList<HistoryRecordDecision> Decisions { get; }
    public int Recorded { get; }
    public int Unchanged { get; }
    public int Rejected { get; }
}

/// <summary>One service's history import, as the batch sees it: what the audit entry names and how records may be decided.</summary>
/// <param name="recordType">The audit's record type of the stored aggregates (e.g. "joint_assessment").</param>
/// <param name="changedFields">The fields the audit entry names for every aggregate recorded.</param>
public sealed class HistoryImportDefinition<TRecord>(string recordType, IReadOnlyList<string> changedFields)
{
    public string RecordType { get; } = recordType;
    public IReadOnlyList<string> ChangedFields { get; } = changedFields;

    /// <summary>
    /// Records with the same key (e.g. the person) are decided one after the other in the request's order; different keys
    /// concurrently. Null: every record on its own.
    /// </summary>
    public Func<TRecord, string>? InOrderOf { get; init; }

    /// <summary>The record's history id, when a record repeating one earlier in the batch is REJECTED (history_id) undecided.</summary>
    public Func<TRecord, string>? RejectRepeated { get; init; }
}

/// <summary>
/// The batch half of every history import (role System): checks the envelope (at most <see cref="MaxRecords"/> records), decides the
/// records concurrently (bounded; in order within an <see cref="HistoryImportDefinition{TRecord}.InOrderOf"/> group), collects one
/// decision per record in the request's order — a record whose decision throws <see cref="ValidationFailedException"/> is REJECTED
/// with its violations — and appends one audit entry per batch naming the aggregates recorded. Any other exception fails the batch,
/// after the audit entry for the records stored before it. The service decides a record and maps the result to its contract.
/// </summary>
public sealed class HistoryImportBatch(PersonalDataAudit audit)
{
    public const int MaxRecords = 2000;
    private const int Parallelism = 32;

    /// <param name="envelope">The service's own checks of the request around its records (e.g. source_system); the batch adds its
    /// size and fails once with all of them.</param>
    public async Task<HistoryImportResult> ImportAsync<TRecord>(
        HistoryImportDefinition<TRecord> definition, IReadOnlyList<TRecord> records, Violations envelope,
        Func<TRecord, CancellationToken, Task<HistoryRecordDecision>> decide, CancellationToken ct)
    {
        envelope.Require(records.Count <= MaxRecords, "records", $"at most {MaxRecords} records per batch").ThrowIfAny();
        var decisions = new HistoryRecordDecision?[records.Count];
        var repeated = Repeated(definition, records);
        IEnumerable<IEnumerable<int>> lanes = definition.InOrderOf is { } key
            ? Enumerable.Range(0, records.Count).GroupBy(i => key(records[i]), StringComparer.Ordinal)
            : Enumerable.Range(0, records.Count).Select(i => new[] { i });
        try
        {
            await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                async (lane, token) =>
                {
                    foreach (var i in lane)
                    {
                        decisions[i] = repeated.Contains(i)
                            ? HistoryRecordDecision.Rejected(new FieldViolation("history_id", "appears earlier in this batch"))
                            : await DecideAsync(records[i], decide, token);
                    }
                });
        }
        catch
        {
            // The records stored before the failure stay stored (a resend finds them UNCHANGED), so they are audited now or never.
            await AuditRecordedAsync(definition, decisions, CancellationToken.None);
            throw;
        }

        await AuditRecordedAsync(definition, decisions, ct);
        return new HistoryImportResult(decisions!);
    }

    private Task AuditRecordedAsync<TRecord>(HistoryImportDefinition<TRecord> definition, HistoryRecordDecision?[] decisions, CancellationToken ct) =>
        audit.RecordChangeAsync(definition.RecordType,
            decisions.Where(d => d?.Outcome == HistoryImportOutcome.Recorded).Select(d => d!.AggregateId).Order(StringComparer.Ordinal),
            definition.ChangedFields, ct);

    private static async Task<HistoryRecordDecision> DecideAsync<TRecord>(
        TRecord record, Func<TRecord, CancellationToken, Task<HistoryRecordDecision>> decide, CancellationToken ct)
    {
        try
        {
            return await decide(record, ct);
        }
        catch (ValidationFailedException invalid)
        {
            return new HistoryRecordDecision(HistoryImportOutcome.Rejected, "", invalid.Violations);
        }
    }

    /// <summary>The positions of the records whose history id appeared earlier in the batch.</summary>
    private static HashSet<int> Repeated<TRecord>(HistoryImportDefinition<TRecord> definition, IReadOnlyList<TRecord> records)
    {
        if (definition.RejectRepeated is not { } historyId) return [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return Enumerable.Range(0, records.Count).Where(i => !seen.Add(historyId(records[i]))).ToHashSet();
    }
}
