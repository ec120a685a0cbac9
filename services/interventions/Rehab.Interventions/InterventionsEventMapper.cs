using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Interventions.V1;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Channel = Rehab.Contracts.Common.V1.Channel;
using Gender = Rehab.Contracts.Common.V1.Gender;
using InterventionType = Rehab.Contracts.Common.V1.InterventionType;
using Domain = Rehab.Interventions.Domain;
using OccupationAfterClosure = Rehab.Contracts.Interventions.V1.OccupationAfterClosure;

namespace Rehab.Interventions;

/// <summary>Domain events → contract events (interventions_events.proto), adding ids and context from the state.</summary>
public sealed class InterventionsEventMapper(Domain.InterventionsRules rules) : IEventMapper<Domain.Participation>
{
    public ContractEvent Map(IDomainEvent domainEvent, string aggregateId, Domain.Participation p)
    {
        var date = domainEvent.EffectiveDate.ToProto();
        Google.Protobuf.IMessage message = domainEvent switch
        {
            Domain.ParticipationPlanned e => Planned(e, aggregateId, date),
            Domain.ParticipationStarted e => new ParticipationStarted
            {
                ParticipationId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, StartDate = date,
                InsuredHoursPerWeek = e.InsuredHoursPerWeek, ProgrammeAssignmentAllowed = !p.QuarterRuleApplies(rules),
            },
            Domain.ParticipationPlanUpdated e => new ParticipationPlanUpdated
            {
                ParticipationId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, PlanVersion = e.PlanVersion, GoalCount = e.Goals.Count,
            },
            Domain.InterventionDecided e => Decided(e, aggregateId, p, date),
            Domain.InterventionStarted e => new InterventionStarted
            {
                ParticipationId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, InterventionId = e.InterventionId,
                Type = (InterventionType)p.Interventions.First(i => i.InterventionId == e.InterventionId).Type,
                FirstIntervention = p.Interventions.Count(i => i.StartDate is not null) == 1,
            },
            Domain.InterventionEnded e => new InterventionEnded
            {
                ParticipationId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, InterventionId = e.InterventionId,
                EndReason = (InterventionEndReason)e.EndReason,
            },
            Domain.InterventionCancelled e => new InterventionCancelled
            {
                ParticipationId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, InterventionId = e.InterventionId,
            },
            Domain.SpecialistContactRecorded e => new SpecialistContactRecorded
            {
                ParticipationId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, SpecialistContactId = e.SpecialistContactId,
                SpecialistType = (SpecialistType)e.SpecialistType,
            },
            Domain.ProgressReported e => new ProgressReported
            {
                ParticipationId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, InterventionId = e.Report.InterventionId,
                PeriodStartDate = e.Report.PeriodStartDate.ToProto(), PeriodEndDate = e.Report.PeriodEndDate.ToProto(),
                AttendedHours = e.Report.AttendedHours, AbsentHours = e.Report.AbsentHours, Progress = (ProgressLevel)e.Report.Progress,
                ReportedByProviderId = e.Report.ReportedByProviderId,
            },
            Domain.FollowUpHeld e => Held(e, aggregateId, p, date),
            Domain.FollowUpScheduled e => new FollowUpScheduled
            {
                ParticipationId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, DueDate = e.DueDate.ToProto(),
                AfOfficeId = p.AfOfficeId, FkOfficeId = p.FkOfficeId,
            },
            Domain.ParticipationPaused => new ParticipationPaused { ParticipationId = aggregateId, PersonId = p.PersonId, EffectiveDate = date },
            Domain.ParticipationConsentWithdrawn => new ParticipationConsentWithdrawn
            {
                ParticipationId = aggregateId, PersonId = p.PersonId, EffectiveDate = date, ReferralId = p.ReferralId,
            },
            Domain.ParticipationResumed => new ParticipationResumed { ParticipationId = aggregateId, PersonId = p.PersonId, EffectiveDate = date },
            Domain.ClosureInitiated e => Initiated(e, aggregateId, p, date),
            Domain.ClosureDecided e => Decided(e, aggregateId, p, date),
            Domain.ParticipationClosed e => Closed(e, aggregateId, p, date),
            Domain.ClosureOutcomeCorrected e => Corrected(e, aggregateId, p, date),
            _ => throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "no contract event"),
        };
        return new ContractEvent(message, p.PersonId);
    }

    private static ParticipationPlanned Planned(Domain.ParticipationPlanned e, string id, Google.Type.Date date)
    {
        var planned = new ParticipationPlanned
        {
            ParticipationId = id, PersonId = e.Round.PersonId, EffectiveDate = date, JointAssessmentId = e.Round.JointAssessmentId,
            ReferralId = e.Round.ReferralId, SickCaseId = e.Round.SickCaseId, RoundNo = e.Round.RoundNo, Gender = (Gender)e.Round.Gender,
            FkOfficeId = e.Round.FkOfficeId, AfOfficeId = e.Round.AfOfficeId, PlanVersion = e.Plan.PlanVersion,
        };
        planned.BenefitTypes.AddRange(e.Round.BenefitTypes.Select(b => (BenefitType)b));
        return planned;
    }

    private static InterventionDecided Decided(Domain.InterventionDecided e, string id, Domain.Participation p, Google.Type.Date date)
    {
        var d = e.Decision;
        return new InterventionDecided
        {
            ParticipationId = id, PersonId = p.PersonId, EffectiveDate = date, InterventionId = e.InterventionId, Type = (InterventionType)d.Type,
            Orientation = (InterventionOrientation)d.Orientation, Regi = (DeliveryRegi)d.Regi, ProviderId = d.ProviderId ?? "",
            NamedService = (NamedService)d.NamedService, LegalBasis = (LegalBasis)d.LegalBasis, HoursPerWeek = d.HoursPerWeek,
            PlannedStartDate = e.PlannedStartDate.ToProto(), PlannedEndDate = d.PlannedEndDate.ToProto(),
        };
    }

    private static FollowUpHeld Held(Domain.FollowUpHeld e, string id, Domain.Participation p, Google.Type.Date date)
    {
        var held = new FollowUpHeld
        {
            ParticipationId = id, PersonId = p.PersonId, EffectiveDate = date, Mode = (FollowUpMode)e.FollowUp.Mode, PlanVersion = e.FollowUp.PlanVersion,
            HealthChange = (HealthChange)e.FollowUp.HealthChange, CheckedAgainstPlan = true, PlanRevisionNeeded = e.FollowUp.PlanRevisionNeeded,
        };
        held.Participants.AddRange(e.FollowUp.Participants.Select(x => (FollowUpParticipant)x));
        held.GoalChecks.AddRange(e.FollowUp.GoalChecks.Select(c => c.ToContract()));
        return held;
    }

    private static ClosureInitiated Initiated(Domain.ClosureInitiated e, string id, Domain.Participation p, Google.Type.Date date)
    {
        var initiated = new ClosureInitiated { ParticipationId = id, PersonId = p.PersonId, EffectiveDate = date, Channel = (Channel)e.Channel };
        initiated.Initiators.AddRange(e.Initiators.Select(i => (ClosureInitiator)i));
        return initiated;
    }

    private static ClosureDecided Decided(Domain.ClosureDecided e, string id, Domain.Participation p, Google.Type.Date date)
    {
        var decided = new ClosureDecided { ParticipationId = id, PersonId = p.PersonId, EffectiveDate = date };
        decided.ClosureReasons.AddRange(e.ClosureReasons.Select(r => (ClosureReason)r));
        return decided;
    }

    private static ParticipationClosed Closed(Domain.ParticipationClosed e, string id, Domain.Participation p, Google.Type.Date date)
    {
        var closed = new ParticipationClosed
        {
            ParticipationId = id, PersonId = p.PersonId, EffectiveDate = date, Outcome = (Outcome)e.Outcome,
            OccupationAfterClosure = (OccupationAfterClosure)e.Occupation, WorkCapacityHoursPerWeek = e.WorkCapacityHoursPerWeek,
            BenefitTypeAtClosure = (BenefitType)e.BenefitTypeAtClosure, UnknownOutcomeReason = (UnknownOutcomeReason)e.UnknownOutcomeReason,
            StartDate = p.StartDate.ToProto(), Gender = (Gender)p.Gender,
        };
        closed.WarningRules.AddRange(e.Warnings.Select(w => w.Rule));
        return closed;
    }

    private static ClosureOutcomeCorrected Corrected(Domain.ClosureOutcomeCorrected e, string id, Domain.Participation p, Google.Type.Date date)
    {
        var corrected = new ClosureOutcomeCorrected
        {
            ParticipationId = id, PersonId = p.PersonId, EffectiveDate = date, PreviousOccupation = (OccupationAfterClosure)e.PreviousOccupation,
            OccupationAfterClosure = (OccupationAfterClosure)e.Occupation, Outcome = (Outcome)(p.Closure?.Outcome ?? Domain.Outcome.Unspecified),
        };
        corrected.WarningRules.AddRange(e.Warnings.Select(w => w.Rule));
        return corrected;
    }
}
