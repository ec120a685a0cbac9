using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Common.V1;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Channel = Rehab.Contracts.Common.V1.Channel;
using Gender = Rehab.Contracts.Common.V1.Gender;
using Rehab.Contracts.JointAssessment.V1;
using Domain = Rehab.JointAssessment.Domain;
using ConsentState = Rehab.Contracts.Referral.V1.ConsentState;

namespace Rehab.JointAssessment;

/// <summary>Domain events → contract events (joint_assessment_events.proto), adding ids and context from the state.</summary>
public sealed class JointAssessmentEventMapper : IEventMapper<Domain.JointAssessment>
{
    public ContractEvent Map(IDomainEvent domainEvent, string aggregateId, Domain.JointAssessment r)
    {
        var date = domainEvent.EffectiveDate.ToProto();
        var version = (ProcessVersion)r.ProcessVersion;
        MeetingType TypeOf(string meetingId) => (MeetingType)r.Meetings.First(m => m.MeetingId == meetingId).MeetingType;

        Google.Protobuf.IMessage message = domainEvent switch
        {
            Domain.JointAssessmentOpened e => Opened(e, aggregateId, date),
            Domain.MeetingScheduled e => new MeetingScheduled
            {
                JointAssessmentId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, MeetingId = e.MeetingId,
                MeetingType = (MeetingType)e.MeetingType, MeetingAt = e.MeetingAt.ToProto(), ProcessVersion = version, Implied = e.Implied,
                ChronologyOverride = e.ChronologyOverride.ToContract(), AfSpecialistIds = { e.AfSpecialistIds },
            },
            Domain.MeetingRescheduled e => new MeetingRescheduled
            {
                JointAssessmentId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, MeetingId = e.MeetingId,
                MeetingType = TypeOf(e.MeetingId), MeetingAt = e.MeetingAt.ToProto(), ChronologyOverride = e.ChronologyOverride.ToContract(),
            },
            Domain.MeetingCancelled e => new MeetingCancelled
            {
                JointAssessmentId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, MeetingId = e.MeetingId,
                MeetingType = TypeOf(e.MeetingId), Reason = (CancellationReason)e.Reason, CancelledBy = (Participant)e.CancelledBy,
            },
            Domain.MeetingHeld e => Held(e, aggregateId, r, date, TypeOf(e.MeetingId)),
            Domain.MeetingNoShow e => new MeetingNoShow
            {
                JointAssessmentId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, MeetingId = e.MeetingId,
                MeetingType = TypeOf(e.MeetingId), ChronologyOverride = e.ChronologyOverride.ToContract(),
            },
            Domain.ConsentRecorded e => new ConsentRecorded
            {
                JointAssessmentId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, ConsentState = (ConsentState)e.ConsentState,
            },
            Domain.LabourMarketAssessmentCompleted e => new LabourMarketAssessmentCompleted
            {
                JointAssessmentId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, IllnessImpact = e.IllnessImpact,
                AdaptationNeeds = e.AdaptationNeeds,
            },
            Domain.ActivityLevelAssessed e => new ActivityLevelAssessed
            {
                JointAssessmentId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, HoursPerWeek = e.HoursPerWeek,
                Stability = (Stability)e.Stability,
            },
            Domain.RehabilitationPlanEstablished e => Established(e, aggregateId, r, date, version),
            Domain.RehabilitationPlanRevised e => Revised(e, aggregateId, r, date),
            Domain.DecidedNotToProceed e => NotProceeding(e, aggregateId, r, date),
            Domain.ParticipationDeclined e => new ParticipationDeclined
            {
                JointAssessmentId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, ValidReason = e.ValidReason,
                Channel = (Channel)e.Channel,
            },
            Domain.JointAssessmentConcluded e => new JointAssessmentConcluded
            {
                JointAssessmentId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, Conclusion = (Conclusion)e.Conclusion,
                ProcessVersion = version, ReferralId = r.ReferralId, SickCaseId = r.SickCaseId, RoundNo = r.RoundNo,
                FirstMeetingDate = r.FirstMeetingDate.ToProto(),
            },
            Domain.JointAssessmentCancelled e => new JointAssessmentCancelled
            {
                JointAssessmentId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, Reason = (RoundCancellationReason)e.Reason,
                CancelledBy = (Participant)e.CancelledBy, Note = e.Note, CancelledMeetingIds = { e.CancelledMeetingIds },
                ProcessVersion = version, ReferralId = r.ReferralId, SickCaseId = r.SickCaseId, RoundNo = r.RoundNo,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "no contract event"),
        };
        return new ContractEvent(message, r.PersonId);
    }

    private static JointAssessmentOpened Opened(Domain.JointAssessmentOpened e, string id, Google.Type.Date date)
    {
        var opened = new JointAssessmentOpened
        {
            JointAssessmentId = id, PersonId = e.PersonId, EffectiveDate = date, ReferralId = e.ReferralId, SickCaseId = e.SickCaseId,
            RoundNo = e.RoundNo, Gender = (Gender)e.Gender, FkOfficeId = e.FkOfficeId, AfOfficeId = e.AfOfficeId,
            AfOfficerId = e.AfOfficerId, ProcessVersion = (ProcessVersion)e.ProcessVersion, ConsentState = (ConsentState)e.ConsentState,
            FirstMeeting = e.FirstMeeting.ToContract(), RequestReceivedDate = e.RequestReceivedDate.ToProto(),
            ConsentGivenDate = e.ConsentGivenDate.ToProto(),
        };
        opened.BenefitTypes.AddRange(e.BenefitTypes.Select(b => (BenefitType)b));
        return opened;
    }

    private static MeetingHeld Held(Domain.MeetingHeld e, string id, Domain.JointAssessment r, Google.Type.Date date, MeetingType type)
    {
        var held = new MeetingHeld
        {
            JointAssessmentId = id, PersonId = r.PersonId, EffectiveDate = date, MeetingId = e.MeetingId, MeetingType = type,
            Mode = (MeetingMode)e.Mode, ProcessVersion = (ProcessVersion)r.ProcessVersion,
            // The earliest held meeting (its date is first_meeting_date); a change may hold two (an implied one first).
            FirstMeeting = r.Meetings.Where(m => m.Status == Domain.MeetingStatus.Held).OrderBy(m => m.OccurredDate).First().MeetingId == e.MeetingId,
            Implied = e.Implied, ChronologyOverride = e.ChronologyOverride.ToContract(),
        };
        held.Participants.AddRange(e.Participants.Select(p => (Participant)p));
        held.AfSpecialistIds.AddRange(e.AfSpecialistIds);
        return held;
    }

    private static RehabilitationPlanEstablished Established(
        Domain.RehabilitationPlanEstablished e, string id, Domain.JointAssessment r, Google.Type.Date date, ProcessVersion version)
    {
        var established = new RehabilitationPlanEstablished
        {
            JointAssessmentId = id, PersonId = r.PersonId, EffectiveDate = date, PlanVersion = 1,
            FirstOrientation = (FirstOrientation)e.FirstOrientation, ActivityHoursPerWeek = r.ActivityLevel?.HoursPerWeek ?? 0,
            ProcessVersion = version,
        };
        established.Goals.AddRange(e.Goals.Select(g => g.ToContract()));
        established.PlannedInterventions.AddRange(e.PlannedInterventions.Select(i => i.ToContract()));
        return established;
    }

    private static RehabilitationPlanRevised Revised(Domain.RehabilitationPlanRevised e, string id, Domain.JointAssessment r, Google.Type.Date date)
    {
        var revised = new RehabilitationPlanRevised
        {
            JointAssessmentId = id, PersonId = r.PersonId, EffectiveDate = date, PlanVersion = r.Plan?.PlanVersion ?? 0,
            FirstOrientation = (FirstOrientation)e.FirstOrientation,
        };
        revised.ChangedFields.AddRange(e.ChangedFields);
        revised.Goals.AddRange(e.Goals.Select(g => g.ToContract()));
        revised.PlannedInterventions.AddRange(e.PlannedInterventions.Select(i => i.ToContract()));
        return revised;
    }

    private static DecidedNotToProceed NotProceeding(Domain.DecidedNotToProceed e, string id, Domain.JointAssessment r, Google.Type.Date date)
    {
        var decided = new DecidedNotToProceed { JointAssessmentId = id, PersonId = r.PersonId, EffectiveDate = date, ReferredTo = e.ReferredTo };
        decided.Reasons.AddRange(e.Reasons.Select(x => (NotProceedingReason)x));
        return decided;
    }
}
