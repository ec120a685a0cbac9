using Rehab.BuildingBlocks.Domain;

namespace Rehab.Facts.Domain;

public enum RecordOutcome
{
    Recorded = 1,
    Corrected = 2,
    Unchanged = 3,
    Rejected = 4,
}

/// <summary>What the import decided for one record, in the order the records were given.</summary>
public sealed record RecordDecision(RecordOutcome Outcome, IReadOnlyList<FieldViolation> Violations)
{
    public static RecordDecision Rejected(string field, string description) => new(RecordOutcome.Rejected, [new(field, description)]);
}

public sealed record ImportResult(Change<PersonFacts> Change, IReadOnlyList<RecordDecision> Decisions);

/// <summary>
/// Every fact revision about one person, and the offices where the person has a case (for officers' access). One aggregate
/// per person, so the rules that span a person's facts (spells never overlap) are decided atomically. Revisions are kept in a
/// canonical order, so the same revisions give the same state whatever order they arrived in.
/// </summary>
public sealed record PersonFacts(string PersonId, IReadOnlyList<FactRevision> Revisions, IReadOnlyList<string> CaseOffices) : IHasUniqueKeys
{
    public IReadOnlyCollection<string> UniqueKeys => [PersonKey(PersonId)];

    public static string PersonKey(string personId) => "person:" + personId;

    public static PersonFacts Empty(string personId) => new(personId, [], []);

    /// <summary>
    /// Decides a person's share of a batch. Records are taken in recorded order (then by name), not arrival order, so a shuffled
    /// batch decides the same; each record is accepted or rejected on its own, and a rejection never affects the others.
    /// </summary>
    public ImportResult Import(IReadOnlyList<FactRevision> records, DateOnly today, DateTimeOffset now)
    {
        var decisions = new RecordDecision?[records.Count];
        var revisions = Revisions.ToList();
        var events = new List<IDomainEvent>();
        var order = Enumerable.Range(0, records.Count)
            .OrderBy(i => records[i].RecordedAt).ThenBy(i => records[i].SourceSystem, StringComparer.Ordinal)
            .ThenBy(i => records[i].RecordId, StringComparer.Ordinal).ThenBy(i => records[i].Kind);
        foreach (var i in order)
        {
            var record = records[i];
            var violations = record.Validate(today, now);
            if (violations.Count > 0)
            {
                decisions[i] = new RecordDecision(RecordOutcome.Rejected, violations);
                continue;
            }

            decisions[i] = Decide(revisions, record);
            if (decisions[i]!.Outcome is RecordOutcome.Recorded or RecordOutcome.Corrected)
            {
                revisions.Add(record);
                events.Add(new FactRevisionRecorded(PersonId, record));
            }
        }

        var state = this with { Revisions = Canonical(revisions) };
        return new ImportResult(new Change<PersonFacts>(state, events), decisions.Select(d => d!).ToList());
    }

    private static RecordDecision Decide(List<FactRevision> revisions, FactRevision record)
    {
        var history = revisions.Where(r => r.Key == record.Key).ToList();
        if (history.Count > 0 && history[0].Kind != record.Kind)
            return RecordDecision.Rejected("record_id", $"names a {history[0].Kind} fact of {record.SourceSystem}; a fact keeps its kind");

        var same = history.FirstOrDefault(r => r.Recorded == record.Recorded);
        if (same is not null)
        {
            return same == record
                ? new RecordDecision(RecordOutcome.Unchanged, [])
                : RecordDecision.Rejected("recorded_at",
                    "another revision of this fact was recorded at the same instant with other content; a correction needs a later recorded_at");
        }

        var becomesCurrent = history.All(r => r.Recorded < record.Recorded);
        if (record.RegistrationSpell is { } spell && becomesCurrent)
        {
            var overlapping = Current(revisions)
                .Where(r => r.Key != record.Key && r.RegistrationSpell is { } other && spell.Overlaps(other))
                .Select(r => r.RegistrationSpell!.RegistrationSpellId)
                .FirstOrDefault();
            if (overlapping is not null)
                return RecordDecision.Rejected("registration_spell.registration_date",
                    $"the spell overlaps registration spell {overlapping} of the same person; spells never overlap");
        }

        return new RecordDecision(history.Count == 0 ? RecordOutcome.Recorded : RecordOutcome.Corrected, []);
    }

    /// <summary>
    /// The revisions visible at <paramref name="asOf"/> (recorded at or before it): the latest of each fact, or with
    /// <paramref name="includeHistory"/> every one; ordered by effective date.
    /// </summary>
    public IReadOnlyList<FactRevision> AsOf(DateTimeOffset asOf, bool includeHistory)
    {
        var visible = Revisions.Where(r => r.Recorded <= asOf);
        if (!includeHistory) visible = Current(visible);
        return visible.OrderBy(r => r.EffectiveDate).ThenBy(r => r.SourceSystem, StringComparer.Ordinal)
            .ThenBy(r => r.RecordId, StringComparer.Ordinal).ThenBy(r => r.Recorded).ToList();
    }

    /// <summary>The offices where the person has a case, the AF offices of the person's registration spells and the FK offices of
    /// the person's benefit decisions.</summary>
    public IEnumerable<string> Offices =>
        CaseOffices.Concat(Revisions.Select(r => r.RegistrationSpell?.AfOfficeId ?? r.BenefitDecision?.FkOfficeId).OfType<string>().Where(o => o.Length > 0)).Distinct();

    /// <summary>Projects another context's case (a referral or booking) at <paramref name="officeId"/>; kept inside this service.</summary>
    public Change<PersonFacts> LinkCaseOffice(string officeId, DateOnly effectiveDate)
    {
        if (string.IsNullOrWhiteSpace(officeId) || CaseOffices.Contains(officeId)) return new Change<PersonFacts>(this, []);
        var offices = CaseOffices.Append(officeId).Order(StringComparer.Ordinal).ToList();
        return Change<PersonFacts>.Of(this with { CaseOffices = offices }, new CaseOfficeLinked(officeId, effectiveDate));
    }

    private static IEnumerable<FactRevision> Current(IEnumerable<FactRevision> revisions) =>
        revisions.GroupBy(r => r.Key).Select(g => g.MaxBy(r => r.Recorded)!);

    private static List<FactRevision> Canonical(IEnumerable<FactRevision> revisions) =>
        revisions.OrderBy(r => r.Kind).ThenBy(r => r.SourceSystem, StringComparer.Ordinal)
            .ThenBy(r => r.RecordId, StringComparer.Ordinal).ThenBy(r => r.Recorded).ToList();
}

/// <summary>A new revision of a fact: published once, under the revision's own id.</summary>
public sealed record FactRevisionRecorded(string PersonId, FactRevision Revision) : IDomainEvent
{
    public DateOnly EffectiveDate => Revision.EffectiveDate ?? throw new InvalidOperationException("an unvalidated revision");

    public string EventId => Revision.EventId;
}

/// <summary>The person has a case at an office (projected from the referral context); not published.</summary>
public sealed record CaseOfficeLinked(string OfficeId, DateOnly EffectiveDate) : IDomainEvent;
