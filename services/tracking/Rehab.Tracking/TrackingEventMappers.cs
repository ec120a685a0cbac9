using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Tracking.V1;
using Domain = Rehab.Tracking.Domain;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Gender = Rehab.Contracts.Common.V1.Gender;

namespace Rehab.Tracking;

/// <summary>Case domain events → contract events (tracking_events.proto).</summary>
public sealed class CaseEventMapper : IEventMapper<Domain.CaseTrack>
{
    public ContractEvent Map(IDomainEvent domainEvent, string aggregateId, Domain.CaseTrack c)
    {
        var date = domainEvent.EffectiveDate.ToProto();
        Google.Protobuf.IMessage message = domainEvent switch
        {
            Domain.CaseOpened e => new CaseOpened { CaseId = aggregateId, PersonId = c.PersonId, EffectiveDate = date, ReferralId = e.ReferralId },
            Domain.CaseRoundLinked e => new CaseRoundLinked
            {
                CaseId = aggregateId, PersonId = c.PersonId, EffectiveDate = date, JointAssessmentId = e.JointAssessmentId, RoundNo = e.RoundNo,
            },
            Domain.CaseParticipationLinked e => new CaseParticipationLinked
            {
                CaseId = aggregateId, PersonId = c.PersonId, EffectiveDate = date, ParticipationId = e.ParticipationId,
            },
            Domain.CaseDetailsUpdated e => Details(e, aggregateId, c, date),
            Domain.CaseAssigned e => new CaseAssigned
            {
                CaseId = aggregateId, PersonId = c.PersonId, EffectiveDate = date, FkOfficeId = e.Assignment.FkOfficeId,
                AfOfficeId = e.Assignment.AfOfficeId, AfOfficerId = e.Assignment.AfOfficerId,
            },
            Domain.CaseMilestoneRecorded e => new CaseMilestoneRecorded
            {
                CaseId = aggregateId, PersonId = c.PersonId, EffectiveDate = date, Milestone = (Milestone)e.Milestone,
                RecordedAt = e.RecordedAt.ToProto(), SourceEventId = e.SourceEventId, ReferralId = c.ReferralId,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "no contract event"),
        };
        return new ContractEvent(message, c.PersonId);
    }

    private static CaseDetailsUpdated Details(Domain.CaseDetailsUpdated e, string id, Domain.CaseTrack c, Google.Type.Date date)
    {
        var updated = new CaseDetailsUpdated
        {
            CaseId = id, PersonId = c.PersonId, EffectiveDate = date, SickCaseId = e.Details.SickCaseId, Gender = (Gender)e.Details.Gender,
            FkOfficeId = e.Details.FkOfficeId,
        };
        updated.BenefitTypes.AddRange(e.Details.BenefitTypes.Select(b => (BenefitType)b));
        return updated;
    }
}

/// <summary>SGI domain events → contract events; each reminder and miss carries the office and officer it is addressed to.</summary>
public sealed class SgiEventMapper : IEventMapper<Domain.SgiProtection>
{
    public ContractEvent Map(IDomainEvent domainEvent, string aggregateId, Domain.SgiProtection p)
    {
        var date = domainEvent.EffectiveDate.ToProto();
        Google.Protobuf.IMessage message = domainEvent switch
        {
            Domain.SgiFactRecorded e => new SgiFactRecorded
            {
                SgiProtectionId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, FactKind = (SgiFactKind)e.Kind, FactKey = e.FactKey,
            },
            Domain.SgiClockStarted e => new SgiClockStarted
            {
                SgiProtectionId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, LastSicknessBenefitDay = e.LastBenefitDay.ToProto(),
                SgiDeadlineDate = e.DeadlineDate.ToProto(), OfficeId = e.OfficeId, OfficerId = e.OfficerId,
            },
            Domain.SgiDeadlineApproaching e => new SgiDeadlineApproaching
            {
                SgiProtectionId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, SgiDeadlineDate = e.DeadlineDate.ToProto(),
                DaysLeft = e.DaysLeft, OfficeId = e.OfficeId, OfficerId = e.OfficerId,
            },
            Domain.SgiProtected e => new SgiProtected
            {
                SgiProtectionId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, AfRegistrationDate = e.RegistrationDate.ToProto(),
                SgiDeadlineDate = e.DeadlineDate.ToProto(), CorrectsMiss = e.CorrectsMiss, OfficeId = e.OfficeId,
            },
            Domain.SgiDeadlineMissed e => new SgiDeadlineMissed
            {
                SgiProtectionId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, SgiDeadlineDate = e.DeadlineDate.ToProto(),
                OfficeId = e.OfficeId, OfficerId = e.OfficerId,
            },
            Domain.SgiNotApplicable e => new SgiNotApplicable { SgiProtectionId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, Reason = e.Reason },
            Domain.TimersPlanned e => TimerMapping.Planned(e, aggregateId, p.PersonId, date),
            Domain.SgiAssigned e => new SgiAssigned
            {
                SgiProtectionId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, OfficeId = e.OfficeId, OfficerId = e.OfficerId,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "no contract event"),
        };
        return new ContractEvent(message, p.PersonId);
    }
}

/// <summary>
/// Follow-up domain events → contract events.
/// </summary>
public sealed class FollowUpEventMapper : IEventMapper<Domain.FollowUp>
{
    public ContractEvent Map(IDomainEvent domainEvent, string aggregateId, Domain.FollowUp f)
    {
        var date = domainEvent.EffectiveDate.ToProto();
        Google.Protobuf.IMessage message = domainEvent switch
        {
            Domain.FollowUpTracked e => new FollowUpTracked
            {
                FollowUpId = f.FollowUpId, PersonId = f.PersonId, EffectiveDate = date, DueDate = e.DueDate.ToProto(), OfficeId = f.OfficeId,
                OfficerId = f.OfficerId,
            },
            Domain.TimersPlanned e => TimerMapping.Planned(e, aggregateId, f.PersonId, date),
            Domain.FollowUpHeldRecorded => new FollowUpHeldRecorded { FollowUpId = f.FollowUpId, PersonId = f.PersonId, EffectiveDate = date },
            Domain.FollowUpEnded => new FollowUpEnded { FollowUpId = f.FollowUpId, PersonId = f.PersonId, EffectiveDate = date, ParticipationId = f.ParticipationId },
            Domain.FollowUpOverdue e => new FollowUpOverdue
            {
                FollowUpId = f.FollowUpId, PersonId = f.PersonId, EffectiveDate = date, DueDate = e.DueDate.ToProto(), OfficeId = e.OfficeId,
                OfficerId = e.OfficerId, ParticipationId = f.ParticipationId,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "no contract event"),
        };
        return new ContractEvent(message, f.PersonId);
    }
}

internal static class TimerMapping
{
    public static TimersPlanned Planned(Domain.TimersPlanned e, string recordId, string personId, Google.Type.Date date)
    {
        var planned = new TimersPlanned { RecordId = recordId, PersonId = personId, EffectiveDate = date };
        planned.Timers.AddRange(e.Timers.Select(t => new PlannedTimer
        {
            Name = t.Name, DueAt = t.DueAt.ToProto(), ForDate = t.ForDate.ToProto(), DaysBefore = t.DaysLeft,
        }));
        planned.Cancelled.AddRange(e.Cancelled);
        return planned;
    }
}
