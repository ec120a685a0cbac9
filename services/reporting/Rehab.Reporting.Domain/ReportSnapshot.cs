using Rehab.BuildingBlocks.Domain;

namespace Rehab.Reporting.Domain;

/// <summary>A joint-assessment round as of the snapshot.</summary>
public sealed record Round(RoundOpened Opened, DateOnly? FirstMeetingDate, RoundConcluded? Concluded)
{
    public string RoundId => Opened.RoundId;
    public string PersonId => Opened.PersonId;
}

/// <summary>A participation as of the snapshot; the closure's outcome and occupation are their latest recorded revision.</summary>
public sealed record Participation(string ParticipationId, string? RoundId, DateOnly? StartDate, ParticipationClosed? Closure, ClosureOutcome Outcome,
    string PersonId = "", string ReferralId = "", OccupationAfterClosure Occupation = OccupationAfterClosure.Unspecified)
{
    /// <summary>In cooperation on <paramref name="date"/>: started on or before it and not closed by it (002 Table 5).</summary>
    public bool OngoingOn(DateOnly date) => StartDate <= date && (Closure is null || Closure.EffectiveDate > date);
}

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
        var started = new Dictionary<string, ParticipationStarted>(StringComparer.Ordinal);
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
                case ParticipationStarted s: started[s.ParticipationId] = s; break;
                case ParticipationClosed c: closures[c.ParticipationId] = c; break;
                case ClosureOutcomeCorrected c: corrections[c.ParticipationId] = c; break;
                case SickCaseFact s: SickCaseStarts[s.SickCaseId] = s.StartDate; break;
                case BenefitPeriodFact b: periods.Add(b); break;
                case RefusalFact r: refusals.Add(r); break;
                case RegistrationSpellFact s: spells.Add(s); break;
                case TransitionMeetingHeld m: meetings.Add(m); break;
                case PersonBirthDateStated b: BirthDates[b.PersonId] = b.BirthDate; break;
                case JointAssessmentRequested r:
                    if (!JointAssessmentRequests.TryGetValue(r.ReferralId, out var held) || r.EffectiveDate < held.EffectiveDate) JointAssessmentRequests[r.ReferralId] = r;
                    break;
            }
        }

        foreach (var g in genders.Where(g => g.Gender != Gender.Unspecified)) _genders[g.PersonId] = g.Gender;
        RoundsById = new Dictionary<string, Round>(StringComparer.Ordinal);
        Rounds = opened.Select(o => new Round(o, firstMeetings.TryGetValue(o.RoundId, out var d) ? d : null, concluded.GetValueOrDefault(o.RoundId)))
            .OrderBy(r => r.RoundId, StringComparer.Ordinal).ToList();
        foreach (var r in Rounds) RoundsById[r.RoundId] = r;
        var ids = planned.Keys.Concat(started.Keys).Concat(closures.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        Participations = ids.Select(id =>
        {
            var closure = closures.GetValueOrDefault(id);
            var correction = corrections.GetValueOrDefault(id);
            var corrected = correction is not null && (closure is null || correction.RecordedAt >= closure.RecordedAt);
            var outcome = corrected ? correction!.Outcome : closure?.Outcome ?? ClosureOutcome.Unspecified;
            var occupation = corrected && correction!.Occupation != OccupationAfterClosure.Unspecified
                ? correction.Occupation
                : closure?.Occupation ?? OccupationAfterClosure.Unspecified;
            var plan = planned.GetValueOrDefault(id);
            var start = started.GetValueOrDefault(id);
            var person = new[] { plan?.PersonId, start?.PersonId, closure?.PersonId }.FirstOrDefault(p => !string.IsNullOrEmpty(p)) ?? "";
            return new Participation(id, plan?.RoundId, start?.EffectiveDate, closure, outcome, person, plan?.ReferralId ?? "", occupation);
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
    public Dictionary<string, Round> RoundsById { get; }
    public Dictionary<string, DateOnly> BirthDates { get; } = new(StringComparer.Ordinal);

    /// <summary>Per referral, its earliest <c>JointAssessmentRequested</c>.</summary>
    public Dictionary<string, JointAssessmentRequested> JointAssessmentRequests { get; } = new(StringComparer.Ordinal);

    /// <summary>The gender on the event when it states one, else the latest recorded gender any event stated for the person.</summary>
    public Gender GenderOf(string personId, Gender onEvent = Gender.Unspecified) =>
        onEvent != Gender.Unspecified ? onEvent : _genders.GetValueOrDefault(personId);
}
