using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.Facts.Domain;

/// <summary>
/// One revision of one fact (DOMAIN D5, D9, §9.6): the fact is named by (<see cref="SourceSystem"/>, <see cref="RecordId"/>), the
/// revision by its <see cref="RecordedAt"/>. Exactly one of the four facts is set.
/// </summary>
public sealed record FactRevision(
    string SourceSystem, string RecordId, DateOnly? EffectiveDate, DateTimeOffset? RecordedAt,
    SickCase? SickCase = null, BenefitPeriod? BenefitPeriod = null, BenefitDecision? BenefitDecision = null,
    RegistrationSpell? RegistrationSpell = null)
{
    /// <summary>A source system's clock may run slightly ahead of ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public FactKind Kind =>
        SickCase is not null ? FactKind.SickCase
        : BenefitPeriod is not null ? FactKind.BenefitPeriod
        : BenefitDecision is not null ? FactKind.BenefitDecision
        : FactKind.RegistrationSpell;

    /// <summary>The fact's name across its corrections.</summary>
    public FactKey Key => new(SourceSystem, RecordId);

    public DateTimeOffset Recorded => RecordedAt ?? throw new InvalidOperationException("an unvalidated revision has no recorded_at");

    /// <summary>
    /// The id of the event that publishes this revision: a name-based UUID (version 8, SHA-256) of source system, record id and
    /// recorded_at, so however often the revision is sent, it is published under one id.
    /// </summary>
    public string EventId
    {
        get
        {
            var name = string.Join('\n', "rehab.facts.v1", SourceSystem, RecordId,
                Recorded.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16).ToArray();
            bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes, bigEndian: true).ToString("D");
        }
    }

    /// <summary>Every field violation of this record on its own, named like the record's fields.</summary>
    public IReadOnlyList<FieldViolation> Validate(DateOnly today, DateTimeOffset now)
    {
        var v = new Violations()
            .RequireText(RecordId, "record_id").RequireText(SourceSystem, "source_system")
            .RequireDate(EffectiveDate, "effective_date")
            .Require(!(EffectiveDate > today), "effective_date", "must not be after today: a fact cannot be recorded before it happens")
            .Require(RecordedAt is not null, "recorded_at", "is required (when the source system recorded the fact)")
            .Require(!(RecordedAt > now + ClockSkew), "recorded_at", "must not be in the future");
        var facts = new object?[] { SickCase, BenefitPeriod, BenefitDecision, RegistrationSpell }.Count(f => f is not null);
        v.Require(facts == 1, "fact", "exactly one of sick_case, benefit_period, benefit_decision or registration_spell is required");
        SickCase?.Validate(v);
        BenefitPeriod?.Validate(v);
        BenefitDecision?.Validate(v);
        RegistrationSpell?.Validate(v);
        return v.Items.ToList();
    }
}

/// <summary>A fact's name: the source system and its id there.</summary>
public readonly record struct FactKey(string SourceSystem, string RecordId);
