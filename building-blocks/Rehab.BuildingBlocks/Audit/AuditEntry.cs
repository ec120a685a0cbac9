using System.Globalization;
using System.Text;
using System.Text.Json;
using Rehab.BuildingBlocks.Security;

namespace Rehab.BuildingBlocks.Audit;

public enum AuditAction
{
    Read,
    Change,

    /// <summary>A change accepted against a rule because the caller gave a reason (e.g. a chronology override, DOMAIN §9.1).</summary>
    Override,
}

/// <summary>
/// One read or change of personal data: who (user, organisation, role), what (record type, surrogate record id,
/// fields), why (purpose header), when and in which request. Never an identity number: record ids are surrogates.
/// An <see cref="AuditAction.Override"/> names the rules set aside in <see cref="Fields"/> and the caller's <see cref="Reason"/>.
/// </summary>
public sealed record AuditEntry(
    string UserId,
    string Organisation,
    Role Role,
    AuditAction Action,
    string RecordType,
    string RecordId,
    IReadOnlyList<string> Fields,
    string Purpose,
    string RequestId,
    DateTimeOffset At,
    string Reason = "")
{
    internal void Validate()
    {
        Require(UserId, nameof(UserId));
        Require(RecordType, nameof(RecordType));
        Require(RecordId, nameof(RecordId));
        Require(Purpose, nameof(Purpose));
        Require(RequestId, nameof(RequestId));
        if (IdentityNumberPattern.Whole().IsMatch(RecordId.Trim()))
        {
            throw new ArgumentException("The audit trail takes surrogate record ids only, never an identity number", nameof(RecordId));
        }

        if (IdentityNumberPattern.InText().IsMatch(Purpose))
        {
            throw new ArgumentException("The purpose must not contain an identity number", nameof(Purpose));
        }

        if (IdentityNumberPattern.InText().IsMatch(Reason))
        {
            throw new ArgumentException("The reason must not contain an identity number", nameof(Reason));
        }
    }

    /// <summary>
    /// The canonical JSON the chain hashes: fixed member order, UTC timestamps with 100 ns precision, no whitespace.
    /// The stored text is what is hashed, so verification never depends on re-serialising.
    /// </summary>
    internal string ToCanonicalJson(long seq)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("seq", seq);
            json.WriteString("at", At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("userId", UserId);
            json.WriteString("organisation", Organisation);
            json.WriteString("role", Role.ToString());
            json.WriteString("action", Action.ToString());
            json.WriteString("recordType", RecordType);
            json.WriteString("recordId", RecordId);
            json.WriteStartArray("fields");
            foreach (var field in Fields) json.WriteStringValue(field);
            json.WriteEndArray();
            json.WriteString("purpose", Purpose);
            json.WriteString("requestId", RequestId);
            // Only when present, so entries written before the field existed hash as they did.
            if (Reason.Length > 0) json.WriteString("reason", Reason);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static (long Seq, AuditEntry Entry) FromCanonicalJson(string text)
    {
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        string Text(string name) => root.GetProperty(name).GetString() ?? "";
        var entry = new AuditEntry(
            Text("userId"),
            Text("organisation"),
            Enum.Parse<Role>(Text("role")),
            Enum.Parse<AuditAction>(Text("action")),
            Text("recordType"),
            Text("recordId"),
            root.GetProperty("fields").EnumerateArray().Select(f => f.GetString() ?? "").ToList(),
            Text("purpose"),
            Text("requestId"),
            DateTimeOffset.Parse(Text("at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            root.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : "");
        return (root.GetProperty("seq").GetInt64(), entry);
    }

    private static void Require(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} is required in an audit entry", name);
    }
}

/// <summary>A stored entry with its place in the chain.</summary>
public sealed record AuditRecord(long Seq, string StreamId, string Prev, string Hash, AuditEntry Entry);

/// <summary>The outcome of walking a chain: valid, or where it first breaks and how.</summary>
public sealed record AuditChainVerification(bool IsValid, long EntriesChecked, long? BrokenSeq, string? BrokenStreamId, string? Problem)
{
    public static AuditChainVerification Valid(long entries) => new(true, entries, null, null, null);

    public override string ToString() =>
        IsValid ? $"valid ({EntriesChecked} entries)" : $"broken at entry {BrokenSeq} ({BrokenStreamId}): {Problem}";
}
