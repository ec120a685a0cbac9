namespace Rehab.Metrics;

/// <summary>How the cases of one sick case are counted for a lead time.</summary>
public enum CountingRule
{
    /// <summary>Every case with both milestones.</summary>
    EveryCase,

    /// <summary>
    /// 2025 report footnote 13 (DOMAIN §6): only the latest round of each sick case that has a first joint-assessment meeting,
    /// measured from the sick-case start.
    /// </summary>
    LatestRoundPerSickCase,
}

/// <summary>One lead time of DOMAIN §6: days from one milestone's effective date to another's.</summary>
public sealed record LeadTimeDefinition(string Id, Milestone From, Milestone To, string Description, CountingRule Counting = CountingRule.EveryCase);

/// <summary>LT1–LT11 (DOMAIN §6). [INF] choices are named in the descriptions.</summary>
public static class LeadTimes
{
    public static readonly LeadTimeDefinition LT1 = new("LT1", Milestone.SickCaseStarted, Milestone.CooperationRelevanceAssessed,
        "sick-case start → cooperation relevance assessed");
    public static readonly LeadTimeDefinition LT2 = new("LT2", Milestone.CooperationRelevanceAssessed, Milestone.ConsentRequested,
        "assessed → consent requested");
    public static readonly LeadTimeDefinition LT3 = new("LT3", Milestone.ConsentRequested, Milestone.ConsentGiven,
        "consent requested → consent given");
    public static readonly LeadTimeDefinition LT4 = new("LT4", Milestone.CooperationRelevanceAssessed, Milestone.JointAssessmentRequested,
        "assessed → joint assessment requested");
    public static readonly LeadTimeDefinition LT5 = new("LT5", Milestone.RequestReceived, Milestone.FirstJointAssessmentMeeting,
        "request received → first joint-assessment meeting");
    public static readonly LeadTimeDefinition LT6 = new("LT6", Milestone.FirstJointAssessmentMeeting, Milestone.FirstInterventionStarted,
        "first joint-assessment meeting → first intervention started");
    public static readonly LeadTimeDefinition LT7 = new("LT7", Milestone.CooperationRelevanceAssessed, Milestone.FirstInterventionStarted,
        "assessed → first intervention started");
    public static readonly LeadTimeDefinition LT8 = new("LT8", Milestone.FirstJointAssessmentMeeting, Milestone.ParticipationClosed,
        "first joint-assessment meeting → participation closed");
    public static readonly LeadTimeDefinition LT9 = new("LT9", Milestone.JointAssessmentRequested, Milestone.ParticipationClosed,
        "joint assessment requested (\"initieras\" [INF]) → participation closed");
    public static readonly LeadTimeDefinition LT10 = new("LT10", Milestone.ParticipationStarted, Milestone.ParticipationClosed,
        "AF start date → AF end date (participation started → closed [INF])");
    public static readonly LeadTimeDefinition LT11 = new("LT11", Milestone.SickCaseStarted, Milestone.FirstJointAssessmentMeeting,
        "sick-case start → first joint-assessment meeting of the latest round (footnote 13)", CountingRule.LatestRoundPerSickCase);

    public static IReadOnlyList<LeadTimeDefinition> All { get; } = [LT1, LT2, LT3, LT4, LT5, LT6, LT7, LT8, LT9, LT10, LT11];

    public static LeadTimeDefinition? Find(string id) => All.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The lead time <paramref name="definition"/> of one case, or null when a milestone is missing or the dates run backwards
    /// (a chronology break, DOMAIN §9.1, is a data-quality finding, not a lead time).
    /// </summary>
    public static LeadTimeValue? Of(LeadTimeDefinition definition, IReadOnlyList<MilestoneOccurrence> milestones)
    {
        var from = milestones.DateOf(definition.From);
        var to = milestones.DateOf(definition.To);
        if (from is null || to is null || to < from) return null;
        return new LeadTimeValue(definition.Id, to.Value.DayNumber - from.Value.DayNumber, from.Value, to.Value);
    }

    /// <summary>Every lead time the case has so far (per case, before any counting rule across cases).</summary>
    public static IReadOnlyList<LeadTimeValue> Of(IReadOnlyList<MilestoneOccurrence> milestones) =>
        All.Select(d => Of(d, milestones)).OfType<LeadTimeValue>().ToList();
}

/// <summary>A measured lead time: days from <see cref="FromDate"/> to <see cref="EndDate"/> (the end event's effective date, D15).</summary>
public sealed record LeadTimeValue(string LeadTimeId, int Days, DateOnly FromDate, DateOnly EndDate);
