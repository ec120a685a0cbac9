namespace Rehab.BuildingBlocks.Audit;

/// <summary>
/// The service's append-only, hash-chained record of every read and change of personal data.
/// Each entry carries the hash of the one before it, so a changed, deleted or reordered entry breaks the chain.
/// </summary>
public interface IAuditTrail
{
    Task<AuditRecord> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Appends several entries in one atomic step (e.g. every record of a list page).</summary>
    Task<IReadOnlyList<AuditRecord>> RecordAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    IAsyncEnumerable<AuditRecord> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Walks the whole chain and names the first entry that breaks it.</summary>
    Task<AuditChainVerification> VerifyAsync(CancellationToken cancellationToken = default);
}
