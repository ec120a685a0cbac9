using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;
using Rehab.Metrics;

namespace Rehab.Tracking.Domain;

/// <summary>Who works the case now: the AF office and officer of the latest booking (a reassignment is a new booking).</summary>
public sealed record CaseAssignment(string FkOfficeId, string AfOfficeId, string AfOfficerId);

/// <summary>What the case is about (from the referral's and the round's events).</summary>
public sealed record CaseDetails(string SickCaseId, Gender Gender, IReadOnlyList<BenefitType> BenefitTypes, string FkOfficeId)
{
    public IReadOnlyList<BenefitType> BenefitTypes { get; init => field = ValueList.From(value); } = ValueList.From(BenefitTypes);
}

/// <summary>
/// One thing another service reported about a case, reduced to what tracking needs: a milestone and/or details, an
/// assignment, the round that belongs to it. <see cref="SourceEventId"/> and <see cref="RecordedAt"/> make every merge
/// order-independent.
/// </summary>
public sealed record CaseObservation(string SourceEventId, DateTimeOffset RecordedAt, DateOnly EffectiveDate)
{
    public Milestone? Milestone { get; init; }
    public CaseDetails? Details { get; init; }
    public CaseAssignment? Assignment { get; init; }
    public string? JointAssessmentId { get; init; }
    public int RoundNo { get; init; }

    /// <summary>The participation opened from the case's plan (interventions' ParticipationPlanned links it).</summary>
    public string? ParticipationId { get; init; }
}

/// <summary>
/// The tracking service's view of one case (a referral and the round booked from it, DOMAIN §3a–§3c): its milestones with
/// effective and recorded time, its details and its assignment. A projection of other services' events: every field is merged
/// by a rule that does not depend on arrival order (milestones: <see cref="MilestoneSet"/>; details and assignment: the latest
/// recorded report), so the same events in any order, any number of times, give the same case.
/// </summary>
public sealed record CaseTrack : IHasUniqueKeys
{
    public string ReferralId { get; init; } = "";
    public string PersonId { get; init; } = "";
    public string JointAssessmentId { get; init; } = "";
    public int RoundNo { get; init; }
    public string ParticipationId { get; init; } = "";
    public CaseDetails? Details { get; init; }
    public DateTimeOffset DetailsRecordedAt { get; init; }
    public string DetailsEventId { get; init; } = "";
    public CaseAssignment? Assignment { get; init; }
    public DateTimeOffset AssignmentRecordedAt { get; init; }
    public string AssignmentEventId { get; init; } = "";
    public IReadOnlyList<MilestoneOccurrence> Milestones { get; init => field = ValueList.From(value); } = ValueList<MilestoneOccurrence>.Empty;

    [JsonIgnore]
    public IReadOnlyCollection<string> UniqueKeys =>
    [
        ReferralKey(ReferralId),
        .. string.IsNullOrEmpty(JointAssessmentId) ? [] : new[] { RoundKey(JointAssessmentId) },
        .. string.IsNullOrEmpty(ParticipationId) ? [] : new[] { ParticipationKey(ParticipationId) },
    ];

    public static string ReferralKey(string referralId) => $"case:referral:{referralId}";

    public static string RoundKey(string jointAssessmentId) => $"case:round:{jointAssessmentId}";

    public static string ParticipationKey(string participationId) => $"case:participation:{participationId}";

    [JsonIgnore]
    public string FkOfficeId => Assignment is { FkOfficeId.Length: > 0 } a ? a.FkOfficeId : Details?.FkOfficeId ?? "";

    [JsonIgnore]
    public string AfOfficeId => Assignment?.AfOfficeId ?? "";

    [JsonIgnore]
    public string AfOfficerId => Assignment?.AfOfficerId ?? "";

    /// <summary>Sent (or received) to AF and neither booked nor closed: the referral waits in AF's booking queue.</summary>
    [JsonIgnore]
    public bool AwaitsBooking =>
        Milestones.DateOf(Milestone.JointAssessmentRequested) is not null
        && Milestones.DateOf(Milestone.JointAssessmentBooked) is null
        && Milestones.DateOf(Milestone.ReferralClosed) is null;

    /// <summary>Days a referral has waited for its booking since it was sent (civil days, today included as 0).</summary>
    public int DaysWaiting(DateOnly today) =>
        Milestones.DateOf(Milestone.JointAssessmentRequested) is { } sent ? Math.Max(0, today.DayNumber - sent.DayNumber) : 0;

    public static Change<CaseTrack> Open(string referralId, string personId, CaseObservation first)
    {
        var change = new CaseTrack { ReferralId = referralId, PersonId = personId }.Observe(first);
        return new Change<CaseTrack>(change.State, [new CaseOpened(first.EffectiveDate, referralId), .. change.Events]);
    }

    /// <summary>Merges one observation. Nothing new (a duplicate, an older report) → no events, and the store writes nothing.</summary>
    public Change<CaseTrack> Observe(CaseObservation o)
    {
        var state = this;
        var events = new List<IDomainEvent>();

        if (o.JointAssessmentId is { Length: > 0 } round && string.IsNullOrEmpty(state.JointAssessmentId))
        {
            state = state with { JointAssessmentId = round, RoundNo = o.RoundNo };
            events.Add(new CaseRoundLinked(o.EffectiveDate, round, o.RoundNo));
        }

        // One participation per agreed plan, one plan per round (DOMAIN §3b): the first link stays.
        if (o.ParticipationId is { Length: > 0 } participation && string.IsNullOrEmpty(state.ParticipationId))
        {
            state = state with { ParticipationId = participation };
            events.Add(new CaseParticipationLinked(o.EffectiveDate, participation));
        }

        // A newer report is taken even when it says the same: its recorded time decides against reports still to come.
        if (o.Details is { } details && IsNewer(o, state.DetailsRecordedAt, state.DetailsEventId))
        {
            state = state with { Details = details, DetailsRecordedAt = o.RecordedAt, DetailsEventId = o.SourceEventId };
            events.Add(new CaseDetailsUpdated(o.EffectiveDate, details));
        }

        if (o.Assignment is { } assignment && IsNewer(o, state.AssignmentRecordedAt, state.AssignmentEventId))
        {
            state = state with { Assignment = assignment, AssignmentRecordedAt = o.RecordedAt, AssignmentEventId = o.SourceEventId };
            events.Add(new CaseAssigned(o.EffectiveDate, assignment));
        }

        if (o.Milestone is { } milestone and not Milestone.Unspecified)
        {
            var merged = MilestoneSet.With(state.Milestones, new MilestoneOccurrence(milestone, o.EffectiveDate, o.RecordedAt, o.SourceEventId));
            if (!merged.SequenceEqual(state.Milestones))
            {
                var counted = merged.First(m => m.Milestone == milestone);
                state = state with { Milestones = merged };
                events.Add(new CaseMilestoneRecorded(counted.EffectiveDate, milestone, counted.RecordedAt, counted.SourceEventId));
            }
        }

        return events.Count == 0 ? Change<CaseTrack>.Of(this) : new Change<CaseTrack>(state, events);
    }

    /// <summary>The case as the shared metric definitions see it.</summary>
    public MetricCase ToMetricCase(string caseId, string regionId = "") => new(
        caseId, Details?.SickCaseId ?? "", RoundNo, Details?.Gender ?? Gender.Unspecified, Details?.BenefitTypes ?? [], FkOfficeId, regionId,
        Milestones);

    private static bool IsNewer(CaseObservation o, DateTimeOffset recordedAt, string eventId) =>
        o.RecordedAt > recordedAt || (o.RecordedAt == recordedAt && string.CompareOrdinal(o.SourceEventId, eventId) > 0);
}

public sealed record CaseOpened(DateOnly EffectiveDate, string ReferralId) : IDomainEvent;

public sealed record CaseRoundLinked(DateOnly EffectiveDate, string JointAssessmentId, int RoundNo) : IDomainEvent;

public sealed record CaseParticipationLinked(DateOnly EffectiveDate, string ParticipationId) : IDomainEvent;

public sealed record CaseDetailsUpdated(DateOnly EffectiveDate, CaseDetails Details) : IDomainEvent;

public sealed record CaseAssigned(DateOnly EffectiveDate, CaseAssignment Assignment) : IDomainEvent;

public sealed record CaseMilestoneRecorded(DateOnly EffectiveDate, Milestone Milestone, DateTimeOffset RecordedAt, string SourceEventId)
    : IDomainEvent;
