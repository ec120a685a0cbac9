using Rehab.BuildingBlocks.Security;

namespace Rehab.BuildingBlocks.Audit;

/// <summary>
/// What a service calls when it reads or changes personal data: who, organisation, role, purpose and request id
/// come from the current caller. Scoped per call; only valid inside a call the matrix authorized.
/// </summary>
public sealed class PersonalDataAudit(ICallerContext caller, IAuditTrail trail, TimeProvider time)
{
    public Task RecordReadAsync(string recordType, string recordId, IEnumerable<string> fields, CancellationToken cancellationToken = default) =>
        trail.RecordAsync(Entry(AuditAction.Read, recordType, recordId, fields), cancellationToken);

    /// <summary>One entry per record, appended together (e.g. a list page).</summary>
    public async Task RecordReadAsync(string recordType, IEnumerable<string> recordIds, IEnumerable<string> fields, CancellationToken cancellationToken = default)
    {
        var fieldList = fields.ToList();
        var entries = recordIds.Select(id => Entry(AuditAction.Read, recordType, id, fieldList)).ToList();
        if (entries.Count > 0) await trail.RecordAsync(entries, cancellationToken);
    }

    public Task RecordChangeAsync(string recordType, string recordId, IEnumerable<string> fields, CancellationToken cancellationToken = default) =>
        trail.RecordAsync(Entry(AuditAction.Change, recordType, recordId, fields), cancellationToken);

    /// <summary>A change accepted against <paramref name="rules"/> because the caller gave <paramref name="reason"/>.</summary>
    public Task RecordOverrideAsync(
        string recordType, string recordId, IEnumerable<string> rules, string reason, CancellationToken cancellationToken = default) =>
        trail.RecordAsync(Entry(AuditAction.Override, recordType, recordId, rules) with { Reason = reason }, cancellationToken);
    /// <summary>One entry per record, appended together (e.g. every person a batch import touched).</summary>
    public async Task RecordChangeAsync(string recordType, IEnumerable<string> recordIds, IEnumerable<string> fields, CancellationToken cancellationToken = default)
    {
        var fieldList = fields.ToList();
        var entries = recordIds.Select(id => Entry(AuditAction.Change, recordType, id, fieldList)).ToList();
        if (entries.Count > 0) await trail.RecordAsync(entries, cancellationToken);
    }

    private AuditEntry Entry(AuditAction action, string recordType, string recordId, IEnumerable<string> fields)
    {
        if (!caller.IsAuthenticated || caller.ActingRole is not { } role || caller.Purpose is not { } purpose)
        {
            throw new InvalidOperationException(
                "Personal data can only be audited inside a call authorized by the matrix with an x-rehab-purpose header");
        }

        return new AuditEntry(caller.UserId, caller.Organisation, role, action, recordType, recordId, fields.ToList(),
            purpose, caller.RequestId, time.GetUtcNow());
    }
}
