using System.Collections.Concurrent;
using System.Reflection;

namespace Rehab.Reporting.Domain;

/// <summary>
/// The FK office of a person's case as the latest referral or round states it (<c>RehabilitationNeedIdentified</c>,
/// <c>JointAssessmentOpened</c>): the office whose region a regional report counts the person in.
/// </summary>
public sealed record CaseOfficeStated(string PersonId, string OfficeId, DateOnly EffectiveDate, DateTimeOffset RecordedAt) : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"case-office:{PersonId}";
}

/// <summary>An office and its region as reference data records it (<c>OfficeRecorded</c>).</summary>
public sealed record OfficeInRegion(string OfficeId, string RegionId, DateOnly EffectiveDate, DateTimeOffset RecordedAt) : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"office:{OfficeId}";
}

/// <summary>A region's name as reference data records it (<c>RegionRecorded</c>).</summary>
public sealed record RegionNamed(string RegionId, string Name, DateOnly EffectiveDate, DateTimeOffset RecordedAt) : ReportInput(EffectiveDate, RecordedAt)
{
    public override string Key => $"region:{RegionId}";
}

/// <summary>
/// The person an input row is about: directly (rows with a <c>PersonId</c>), or through the round or participation it names.
/// Rows about no person (offices, regions) give null. Every table is a sum over persons of what that person's rows give, which
/// is what regional restriction and diff lineage rest on.
/// </summary>
public sealed class InputSubjects
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> PersonProperty = new();
    private readonly Dictionary<string, string> _roundPersons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _participationPersons = new(StringComparer.Ordinal);

    public InputSubjects(IEnumerable<ReportInput> rows)
    {
        foreach (var row in rows)
        {
            switch (row)
            {
                case RoundOpened r: _roundPersons[r.RoundId] = r.PersonId; break;
                case ParticipationPlanned p: _participationPersons[p.ParticipationId] = p.PersonId; break;
                case ParticipationClosed c: _participationPersons[c.ParticipationId] = c.PersonId; break;
            }
        }
    }

    public string? PersonOf(ReportInput row) => row switch
    {
        FirstMeetingHeld m => _roundPersons.GetValueOrDefault(m.RoundId),
        RoundConcluded c => _roundPersons.GetValueOrDefault(c.RoundId),
        ParticipationStarted s => _participationPersons.GetValueOrDefault(s.ParticipationId),
        ClosureOutcomeCorrected c => _participationPersons.GetValueOrDefault(c.ParticipationId),
        _ => DirectPerson(row),
    };

    /// <summary>Rows of any section that carry a <c>PersonId</c> (so rows added by later sections need no entry here).</summary>
    private static string? DirectPerson(ReportInput row) =>
        PersonProperty.GetOrAdd(row.GetType(), t => t.GetProperty("PersonId", typeof(string)))?.GetValue(row) as string;
}

/// <summary>The region of each person as of a snapshot: their case office's region (reference data's office → region).</summary>
public sealed class RegionView
{
    private readonly Dictionary<string, string> _personOffices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _officeRegions = new(StringComparer.Ordinal);

    /// <param name="latest">The revisions that count as of the instant (<see cref="InputLog.Latest"/>).</param>
    public RegionView(IEnumerable<ReportInput> latest)
    {
        foreach (var row in latest)
        {
            switch (row)
            {
                case CaseOfficeStated o: _personOffices[o.PersonId] = o.OfficeId; break;
                case OfficeInRegion o: _officeRegions[o.OfficeId] = o.RegionId; break;
                case RegionNamed r: Regions[r.RegionId] = r.Name; break;
            }
        }
        foreach (var regionId in _officeRegions.Values) Regions.TryAdd(regionId, regionId);
    }

    /// <summary>Region id → name, every region reference data has recorded.</summary>
    public SortedDictionary<string, string> Regions { get; } = new(StringComparer.Ordinal);

    public string? RegionOf(string? personId) =>
        personId is not null && _personOffices.TryGetValue(personId, out var office) ? _officeRegions.GetValueOrDefault(office) : null;

    /// <summary>The rows a report restricted to <paramref name="regionId"/> reads: those about its persons, and rows about no person.</summary>
    public static IReadOnlyCollection<ReportInput> Restrict(IReadOnlyCollection<ReportInput> latest, string regionId)
    {
        var view = new RegionView(latest);
        var subjects = new InputSubjects(latest);
        return latest.Where(r => subjects.PersonOf(r) is not { } person || view.RegionOf(person) == regionId).ToList();
    }
}
