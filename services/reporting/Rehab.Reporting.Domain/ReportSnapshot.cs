using Rehab.BuildingBlocks.Domain;

namespace Rehab.Reporting.Domain;

/// <summary>A joint-assessment round as of the snapshot.</summary>
public sealed record Round(RoundOpened Opened, DateOnly? FirstMeetingDate, RoundConcluded? Concluded)
{
    public string RoundId => Opened.RoundId;
    public string PersonId => Opened.PersonId;
}

/// <summary>A participation as of the snapshot; the closure's outcome is its latest recorded revision.</summary>
public sealed record Participation(string ParticipationId, string? RoundId, DateOnly? StartDate, ParticipationClosed? Closure, ClosureOutcome Outcome);

/// <summary>The facts as recorded at <see cref="AsOf"/>, indexed the way the tables read them.</summary>
public sealed class ReportSnapshot
{
    private readonly Dictionary<string, Gender> _genders = new(StringComparer.Ordinal);

    public ReportSnapshot(DateTimeOffset asOf, IEnumerable<ReportInput> rows)
    {
        AsOf = asOf;
        var opened = new List<RoundOpened>();
        var firstMeetings = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        var concluded = new Dictionary<string, RoundConcluded>(StringComparer.Ordinal);
        var planned = new Dictionary<string, ParticipationPlanned>(StringComparer.Ordinal);
        var started = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        var closures = new Dictionary<string, ParticipationClosed>(StringComparer.Ordinal);
        var corrections = new Dictionary<string, ClosureOutcomeCorrected>(StringComparer.Ordinal);
        var periods = new List<BenefitPeriodFact>();
        var refusals = new List<RefusalFact>();
        var spells = new List<RegistrationSpellFact>();
        var meetings = new List<TransitionMeetingHeld>();
        var genders = new List<PersonGenderStated>();
        foreach (var row in rows)
        {
            switch (row)
            {
                case PersonGenderStated g: genders.Add(g); break;
                case RoundOpened r: opened.Add(r); break;
                case FirstMeetingHeld m: firstMeetings[m.RoundId] = m.EffectiveDate; break;
                case RoundConcluded c: concluded[c.RoundId] = c; break;
                case ParticipationPlanned p: planned[p.ParticipationId] = p; break;
                case ParticipationStarted s: started[s.ParticipationId] = s.EffectiveDate; break;
                case ParticipationClosed c: closures[c.ParticipationId] = c; break;
                case ClosureOutcomeCorrected c: corrections[c.ParticipationId] = c; break;
                case SickCaseFact s: SickCaseStarts[s.SickCaseId] = s.StartDate; break;
                case BenefitPeriodFact b: periods.Add(b); break;
                case RefusalFact r: refusals.Add(r); break;
                case RegistrationSpellFact s: spells.Add(s); break;
                case TransitionMeetingHeld m: meetings.Add(m); break;
            }
        }

        foreach (var g in genders.Where(g => g.Gender != Gender.Unspecified)) _genders[g.PersonId] = g.Gender;
        Rounds = opened.Select(o => new Round(o, firstMeetings.TryGetValue(o.RoundId, out var d) ? d : null, concluded.GetValueOrDefault(o.RoundId)))
            .OrderBy(r => r.RoundId, StringComparer.Ordinal).ToList();
        var ids = planned.Keys.Concat(started.Keys).Concat(closures.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        Participations = ids.Select(id =>
        {
            var closure = closures.GetValueOrDefault(id);
            var correction = corrections.GetValueOrDefault(id);
            var outcome = correction is not null && (closure is null || correction.RecordedAt >= closure.RecordedAt)
                ? correction.Outcome
                : closure?.Outcome ?? ClosureOutcome.Unspecified;
            return new Participation(id, planned.GetValueOrDefault(id)?.RoundId, started.TryGetValue(id, out var s) ? s : null, closure, outcome);
        }).ToList();
        BenefitPeriods = periods.ToLookup(p => p.PersonId, StringComparer.Ordinal);
        Refusals = refusals;
        RegistrationSpells = spells.ToLookup(s => s.PersonId, StringComparer.Ordinal);
        TransitionMeetings = meetings;
    }

    public DateTimeOffset AsOf { get; }
    public IReadOnlyList<Round> Rounds { get; }
    public IReadOnlyList<Participation> Participations { get; }
    public Dictionary<string, DateOnly> SickCaseStarts { get; } = new(StringComparer.Ordinal);
    public ILookup<string, BenefitPeriodFact> BenefitPeriods { get; }
    public IReadOnlyList<RefusalFact> Refusals { get; }
    public ILookup<string, RegistrationSpellFact> RegistrationSpells { get; }
    public IReadOnlyList<TransitionMeetingHeld> TransitionMeetings { get; }

    /// <summary>The gender on the event when it states one, else the latest recorded gender any event stated for the person.</summary>
    public Gender GenderOf(string personId, Gender onEvent = Gender.Unspecified) =>
        onEvent != Gender.Unspecified ? onEvent : _genders.GetValueOrDefault(personId);
}
