using Google.Protobuf.WellKnownTypes;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Common.V1;
using Rehab.Contracts.JointAssessment.V1;
using Domain = Rehab.JointAssessment.Domain;
using ConsentState = Rehab.Contracts.Referral.V1.ConsentState;

namespace Rehab.JointAssessment;

/// <summary>Domain ↔ contract. The domain enums mirror the proto values, so enums map by cast.</summary>
internal static class JointAssessmentMapping
{
    public static Contracts.JointAssessment.V1.JointAssessment ToContract(this Stored<Domain.JointAssessment> stored)
    {
        var r = stored.State;
        var contract = new Contracts.JointAssessment.V1.JointAssessment
        {
            JointAssessmentId = stored.Id,
            ReferralId = r.ReferralId,
            PersonId = r.PersonId,
            SickCaseId = r.SickCaseId,
            RoundNo = r.RoundNo,
            Gender = (Gender)r.Gender,
            FkOfficeId = r.FkOfficeId,
            AfOfficeId = r.AfOfficeId,
            AfOfficerId = r.AfOfficerId,
            ProcessVersion = (ProcessVersion)r.ProcessVersion,
            State = (JointAssessmentState)r.State,
            Conclusion = (Conclusion)r.Conclusion,
            ConsentState = (ConsentState)r.ConsentState,
            ConsentGivenDate = r.ConsentGivenDate.ToProto(),
            BookedDate = r.BookedDate.ToProto(),
            RequestReceivedDate = r.RequestReceivedDate.ToProto(),
            FirstMeetingDate = r.FirstMeetingDate.ToProto(),
            ConcludedDate = r.ConcludedDate.ToProto(),
            Etag = stored.Etag,
            CreateTime = Timestamp.FromDateTimeOffset(stored.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(stored.UpdatedAt),
        };
        contract.BenefitTypes.AddRange(r.BenefitTypes.Select(b => (BenefitType)b));
        contract.Meetings.AddRange(r.Meetings.Select(ToContract));
        if (r.LabourMarketAssessment is { } a)
            contract.LabourMarketAssessment = new LabourMarketAssessment
            {
                IllnessImpact = a.IllnessImpact, AdaptationNeeds = a.AdaptationNeeds, AssessedDate = a.AssessedDate.ToProto(),
            };
        if (r.ActivityLevel is { } level)
            contract.ActivityLevel = new ActivityLevel
            {
                HoursPerWeek = level.HoursPerWeek, Stability = (Stability)level.Stability, AssessedDate = level.AssessedDate.ToProto(),
            };
        if (r.Plan is { } plan)
        {
            contract.Plan = new RehabilitationPlan
            {
                PlanVersion = plan.PlanVersion, FirstOrientation = (FirstOrientation)plan.FirstOrientation,
                EstablishedDate = plan.EstablishedDate.ToProto(), RevisedDate = plan.RevisedDate.ToProto(),
            };
            contract.Plan.Goals.AddRange(plan.Goals.Select(ToContract));
            contract.Plan.PlannedInterventions.AddRange(plan.PlannedInterventions.Select(ToContract));
        }

        if (r.Cancellation is { } c)
            contract.Cancellation = new Cancellation
            {
                Reason = (RoundCancellationReason)c.Reason, CancelledBy = (Participant)c.CancelledBy, Note = c.Note,
                CancelledDate = c.CancelledDate.ToProto(),
            };

        if (r.NotProceeding is { } no)
        {
            contract.NotProceeding = new NotProceedingDecision { ReferredTo = no.ReferredTo, DecidedDate = no.DecidedDate.ToProto() };
            contract.NotProceeding.Reasons.AddRange(no.Reasons.Select(x => (NotProceedingReason)x));
        }

        if (r.Decline is { } d)
            contract.Decline = new Decline { ValidReason = d.ValidReason, Channel = (Channel)d.Channel, DeclinedDate = d.DeclinedDate.ToProto() };
        return contract;
    }

    public static Meeting ToContract(this Domain.Meeting m)
    {
        var meeting = new Meeting
        {
            MeetingId = m.MeetingId,
            MeetingType = (MeetingType)m.MeetingType,
            Status = (MeetingStatus)m.Status,
            MeetingAt = m.MeetingAt.ToProto(),
            ScheduledDate = m.ScheduledDate.ToProto(),
            Mode = (MeetingMode)m.Mode,
            OccurredDate = m.OccurredDate.ToProto(),
            CancellationReason = (CancellationReason)m.CancellationReason,
            CancelledBy = (Participant)m.CancelledBy,
            CancelledDate = m.CancelledDate.ToProto(),
            Implied = m.Implied,
            ChronologyOverride = m.ChronologyOverride.ToContract(),
        };
        meeting.Participants.AddRange(m.Participants.Select(p => (Participant)p));
        meeting.AfSpecialistIds.AddRange(m.AfSpecialistIds);
        return meeting;
    }

    public static ChronologyOverride? ToContract(this BuildingBlocks.Domain.ChronologyOverride? o)
    {
        if (o is null) return null;
        var contract = new ChronologyOverride { Reason = o.Reason };
        contract.Violations.AddRange(o.Violations);
        return contract;
    }

    public static PlannedIntervention ToContract(this Domain.PlannedIntervention i) => new()
    {
        InterventionType = (InterventionType)i.InterventionType, Orientation = (FirstOrientation)i.Orientation,
        HoursPerWeek = i.HoursPerWeek, GoalNo = i.GoalNo,
    };

    public static Domain.PlannedIntervention ToDomain(this PlannedIntervention i) =>
        new((Rehab.BuildingBlocks.Domain.InterventionType)i.InterventionType, (Domain.FirstOrientation)i.Orientation, i.HoursPerWeek, i.GoalNo);

    public static Goal ToContract(this Domain.Goal g)
    {
        var goal = new Goal { Description = g.Description };
        goal.SubGoals.AddRange(g.SubGoals);
        return goal;
    }

    public static Domain.Goal ToDomain(this Goal g) => new(g.Description, g.SubGoals.ToList());
}
