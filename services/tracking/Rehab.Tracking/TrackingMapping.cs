using Google.Protobuf.WellKnownTypes;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Tracking.V1;
using Rehab.Metrics;
using Domain = Rehab.Tracking.Domain;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Gender = Rehab.Contracts.Common.V1.Gender;
using Milestone = Rehab.Contracts.Tracking.V1.Milestone;

namespace Rehab.Tracking;

/// <summary>Domain ↔ contract. Milestones, statuses and buckets mirror the proto values, so they map by cast.</summary>
internal static class TrackingMapping
{
    public static CaseTimeline ToContract(this Stored<Domain.CaseTrack> stored)
    {
        var c = stored.State;
        var timeline = new CaseTimeline
        {
            ReferralId = c.ReferralId, PersonId = c.PersonId, SickCaseId = c.Details?.SickCaseId ?? "", JointAssessmentId = c.JointAssessmentId,
            RoundNo = c.RoundNo, Gender = (Gender)(c.Details?.Gender ?? BuildingBlocks.Domain.Gender.Unspecified), FkOfficeId = c.FkOfficeId,
            AfOfficeId = c.AfOfficeId, AfOfficerId = c.AfOfficerId, UpdateTime = Timestamp.FromDateTimeOffset(stored.UpdatedAt),
        };
        timeline.BenefitTypes.AddRange((c.Details?.BenefitTypes ?? []).Select(b => (BenefitType)b));
        timeline.Milestones.AddRange(c.Milestones.OrderBy(m => m.EffectiveDate).ThenBy(m => m.Milestone).Select(m => new MilestoneRecord
        {
            Milestone = (Milestone)m.Milestone, EffectiveDate = m.EffectiveDate.ToProto(), RecordedAt = m.RecordedAt.ToProto(),
            SourceEventId = m.SourceEventId,
        }));
        timeline.LeadTimes.AddRange(LeadTimes.Of(c.Milestones).Select(v => new CaseLeadTime
        {
            LeadTimeId = v.LeadTimeId, Days = v.Days, FromDate = v.FromDate.ToProto(), EndDate = v.EndDate.ToProto(),
            Description = LeadTimes.Find(v.LeadTimeId)!.Description,
        }));
        return timeline;
    }

    public static Contracts.Tracking.V1.SgiProtection ToContract(this Stored<Domain.SgiProtection> stored, DateTimeOffset now, Domain.SgiRules rules)
    {
        var p = stored.State;
        var evaluation = p.Evaluate(now, rules);
        var contract = new Contracts.Tracking.V1.SgiProtection
        {
            PersonId = p.PersonId, Status = (SgiStatus)evaluation.Status, OfficeId = p.OfficeId, OfficerId = p.AfOfficerId,
            UpdateTime = Timestamp.FromDateTimeOffset(stored.UpdatedAt),
        };
        if (evaluation.Clock is { } clock)
        {
            contract.LastSicknessBenefitDay = clock.LastBenefitDay.ToProto();
            contract.SgiDeadlineDate = clock.DeadlineDate.ToProto();
            if (evaluation.Status == Domain.SgiStatus.AtRisk)
                contract.DaysLeft = clock.DeadlineDate.DayNumber - CivilTime.DateOf(now).DayNumber;
        }

        if (evaluation.ProtectingSpell is { } spell) contract.AfRegistrationDate = spell.RegistrationDate.ToProto();
        if (evaluation.Status == Domain.SgiStatus.NotApplicable) contract.NotApplicableReason = Domain.SgiNotApplicable.RestsOnEmployment;
        return contract;
    }

    public static LeadTimeStatistics ToContract(this LeadTimeRow row) => new()
    {
        LeadTimeId = row.LeadTimeId, Period = row.Period, BenefitBucket = (Contracts.Tracking.V1.BenefitBucket)row.Benefit,
        Gender = (Gender)row.Gender, OfficeId = row.OfficeId, RegionId = row.RegionId, Count = row.Statistics.Count,
        MeanDays = row.Statistics.Mean, MedianDays = row.Statistics.Median, P90Days = row.Statistics.P90,
    };

    public static Metrics.PeriodKind ToDomain(this Contracts.Tracking.V1.PeriodKind kind) => kind switch
    {
        Contracts.Tracking.V1.PeriodKind.Quarter => Metrics.PeriodKind.Quarter,
        Contracts.Tracking.V1.PeriodKind.Month => Metrics.PeriodKind.Month,
        _ => Metrics.PeriodKind.Year,
    };

    public static Breakdown ToDomain(this IEnumerable<Dimension> dimensions) => dimensions.Aggregate(Breakdown.None, (b, d) => b | d switch
    {
        Dimension.Benefit => Breakdown.Benefit,
        Dimension.Gender => Breakdown.Gender,
        Dimension.Office => Breakdown.Office,
        Dimension.Region => Breakdown.Region,
        _ => Breakdown.None,
    });
}
