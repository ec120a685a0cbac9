using Rehab.BuildingBlocks.Domain;

namespace Rehab.Metrics;

/// <summary>
/// A step of a case that lead times are measured between (DOMAIN §6, §9.1). The services' events map onto these; a milestone
/// is identified by this name, never by the event type, so a new event source is one mapping entry.
/// </summary>
public enum Milestone
{
    Unspecified = 0,
    SickCaseStarted = 1,
    RehabilitationNeedIdentified = 2,
    CooperationRelevanceAssessed = 3,
    ConsentRequested = 4,
    ConsentGiven = 5,
    JointAssessmentRequested = 6,
    RequestReceived = 7,
    JointAssessmentBooked = 8,
    FirstJointAssessmentMeeting = 9,
    JointAssessmentConcluded = 10,
    ParticipationStarted = 11,
    FirstInterventionStarted = 12,
    ParticipationClosed = 13,
    ReferralClosed = 14,
}

/// <summary>Which of several occurrences of a milestone counts. Both rules are order-independent and idempotent.</summary>
public enum MilestonePolicy
{
    /// <summary>The earliest effective date ("first meeting", "first intervention"; a repeated event changes nothing).</summary>
    Earliest,

    /// <summary>The latest recorded revision (a fact the source may correct, e.g. the sick-case start or the closure date).</summary>
    LatestRecorded,
}

public static class Milestones
{
    public static MilestonePolicy PolicyOf(Milestone milestone) => milestone switch
    {
        Milestone.SickCaseStarted or Milestone.ParticipationClosed => MilestonePolicy.LatestRecorded,
        _ => MilestonePolicy.Earliest,
    };
}

/// <summary>
/// One occurrence of a milestone: when it took effect (a civil date, D5), when it was recorded, and the event that reported it.
/// </summary>
public sealed record MilestoneOccurrence(Milestone Milestone, DateOnly EffectiveDate, DateTimeOffset RecordedAt, string SourceEventId)
{
    /// <summary>The occurrence that counts when both are known, per the milestone's policy; a total order, so merging commutes.</summary>
    public static MilestoneOccurrence Pick(MilestoneOccurrence a, MilestoneOccurrence b)
    {
        if (a.Milestone != b.Milestone) throw new ArgumentException("occurrences of different milestones", nameof(b));
        var aFirst = Milestones.PolicyOf(a.Milestone) == MilestonePolicy.Earliest
            ? Compare(a.EffectiveDate, b.EffectiveDate, a, b)
            : -CompareRecorded(a, b);
        return aFirst <= 0 ? a : b;
    }

    private static int Compare(DateOnly x, DateOnly y, MilestoneOccurrence a, MilestoneOccurrence b)
    {
        var byDate = x.CompareTo(y);
        return byDate != 0 ? byDate : CompareRecorded(a, b);
    }

    private static int CompareRecorded(MilestoneOccurrence a, MilestoneOccurrence b)
    {
        var byRecorded = a.RecordedAt.CompareTo(b.RecordedAt);
        return byRecorded != 0 ? byRecorded : string.CompareOrdinal(a.SourceEventId, b.SourceEventId);
    }
}

/// <summary>
/// The milestones of one case, one occurrence per milestone. <see cref="With"/> is commutative, associative and idempotent:
/// the same events in any order, any number of times, give the same set (DOMAIN §9.6).
/// </summary>
public static class MilestoneSet
{
    public static IReadOnlyList<MilestoneOccurrence> With(IReadOnlyList<MilestoneOccurrence> set, MilestoneOccurrence occurrence)
    {
        var existing = set.FirstOrDefault(o => o.Milestone == occurrence.Milestone);
        var kept = existing is null ? occurrence : MilestoneOccurrence.Pick(existing, occurrence);
        if (existing == kept) return set;
        return ValueList.From(set.Where(o => o.Milestone != occurrence.Milestone).Append(kept).OrderBy(o => o.Milestone));
    }

    public static IReadOnlyList<MilestoneOccurrence> Of(IEnumerable<MilestoneOccurrence> occurrences) =>
        occurrences.Aggregate(ValueList<MilestoneOccurrence>.Empty as IReadOnlyList<MilestoneOccurrence>, With);

    public static DateOnly? DateOf(this IReadOnlyList<MilestoneOccurrence> set, Milestone milestone) =>
        set.FirstOrDefault(o => o.Milestone == milestone)?.EffectiveDate;
}
