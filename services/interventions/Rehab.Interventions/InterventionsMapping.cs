using Google.Protobuf.WellKnownTypes;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Interventions.V1;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Channel = Rehab.Contracts.Common.V1.Channel;
using Gender = Rehab.Contracts.Common.V1.Gender;
using InterventionType = Rehab.Contracts.Common.V1.InterventionType;
using Domain = Rehab.Interventions.Domain;

namespace Rehab.Interventions;

/// <summary>Domain ↔ contract. The domain enums mirror the proto values, so enums map by cast.</summary>
internal static class InterventionsMapping
{
    public static Participation ToContract(this Stored<Domain.Participation> stored, Domain.InterventionsRules rules)
    {
        var p = stored.State;
        var contract = new Participation
        {
            ParticipationId = stored.Id, PersonId = p.PersonId, JointAssessmentId = p.JointAssessmentId, ReferralId = p.ReferralId,
            SickCaseId = p.SickCaseId, RoundNo = p.RoundNo, Gender = (Gender)p.Gender, FkOfficeId = p.FkOfficeId, AfOfficeId = p.AfOfficeId,
            AfOfficerId = p.AfOfficerId, State = (ParticipationState)p.State, Plan = p.Plan.ToContract(), PlannedDate = p.PlannedDate.ToProto(),
            StartDate = p.StartDate.ToProto(), InsuredHoursPerWeek = p.InsuredHoursPerWeek,
            ProgrammeAssignmentAllowed = !p.QuarterRuleApplies(rules), NextFollowUpDueDate = p.NextFollowUpDueDate.ToProto(),
            PausedDate = p.PausedDate.ToProto(), Etag = stored.Etag,
            CreateTime = Timestamp.FromDateTimeOffset(stored.CreatedAt), UpdateTime = Timestamp.FromDateTimeOffset(stored.UpdatedAt),
        };
        contract.BenefitTypes.AddRange(p.BenefitTypes.Select(b => (BenefitType)b));
        contract.Interventions.AddRange(p.Interventions.Select(ToContract));
        contract.SpecialistContacts.AddRange(p.SpecialistContacts.Select(s => new SpecialistContact
        {
            SpecialistContactId = s.SpecialistContactId, SpecialistType = (SpecialistType)s.SpecialistType, ContactDate = s.ContactDate.ToProto(),
        }));
        contract.ProgressReports.AddRange(p.ProgressReports.Select(ToContract));
        contract.FollowUps.AddRange(p.FollowUps.Select(ToContract));
        if (p.ClosureInitiation is { } initiation)
        {
            contract.ClosureInitiation = new ClosureInitiation { InitiatedDate = initiation.InitiatedDate.ToProto(), Channel = (Channel)initiation.Channel };
            contract.ClosureInitiation.Initiators.AddRange(initiation.Initiators.Select(i => (ClosureInitiator)i));
        }

        if (p.Closure is { } c)
        {
            contract.Closure = new Closure
            {
                Outcome = (Outcome)c.Outcome, BenefitTypeAtClosure = (BenefitType)c.BenefitTypeAtClosure,
                OccupationAfterClosure = (OccupationAfterClosure)c.Occupation, OriginalOccupationAfterClosure = (OccupationAfterClosure)c.OriginalOccupation,
                WorkCapacityHoursPerWeek = c.WorkCapacityHoursPerWeek, UnknownOutcomeReason = (UnknownOutcomeReason)c.UnknownOutcomeReason,
                ClosedDate = c.ClosedDate.ToProto(),
            };
            contract.Closure.ClosureReasons.AddRange(c.ClosureReasons.Select(r => (ClosureReason)r));
            contract.Closure.Corrections.AddRange(c.Corrections.Select(x => new OccupationCorrection
            {
                PreviousOccupation = (OccupationAfterClosure)x.PreviousOccupation, OccupationAfterClosure = (OccupationAfterClosure)x.Occupation,
                EffectiveDate = x.EffectiveDate.ToProto(),
            }));
        }

        contract.Warnings.AddRange(p.Warnings.Select(ToContract));
        return contract;
    }

    /// <summary>The provider's minimal view (D3): the participation id, this provider's interventions and reports — nothing else.</summary>
    public static ProviderParticipation ToProviderView(this Stored<Domain.Participation> stored, string providerId)
    {
        var view = new ProviderParticipation { ParticipationId = stored.Id, Etag = stored.Etag };
        view.Interventions.AddRange(stored.State.Interventions.Where(i => i.IsProcuredFrom(providerId)).Select(i => new ProviderIntervention
        {
            InterventionId = i.InterventionId, Type = (InterventionType)i.Type, State = (InterventionState)i.State, HoursPerWeek = i.HoursPerWeek,
            PlannedStartDate = i.PlannedStartDate.ToProto(), PlannedEndDate = i.PlannedEndDate.ToProto(), StartDate = i.StartDate.ToProto(),
            EndDate = i.EndDate.ToProto(),
        }));
        view.ProgressReports.AddRange(stored.State.ProgressReports.Where(r => r.ReportedByProviderId == providerId).Select(ToContract));
        return view;
    }

    public static ParticipationPlan ToContract(this Domain.PlanCopy plan)
    {
        var contract = new ParticipationPlan
        {
            PlanVersion = plan.PlanVersion, FirstOrientation = (InterventionOrientation)plan.FirstOrientation,
            ActivityHoursPerWeek = plan.ActivityHoursPerWeek, EstablishedDate = plan.EstablishedDate.ToProto(), RevisedDate = plan.RevisedDate.ToProto(),
        };
        contract.Goals.AddRange(plan.Goals.Select(g =>
        {
            var goal = new PlanGoal { Description = g.Description };
            goal.SubGoals.AddRange(g.SubGoals);
            return goal;
        }));
        return contract;
    }

    public static Intervention ToContract(this Domain.Intervention i) => new()
    {
        InterventionId = i.InterventionId, Type = (InterventionType)i.Type, Orientation = (InterventionOrientation)i.Orientation,
        Regi = (DeliveryRegi)i.Regi, ProviderId = i.ProviderId, NamedService = (NamedService)i.NamedService, LegalBasis = (LegalBasis)i.LegalBasis,
        HoursPerWeek = i.HoursPerWeek, DecidedDate = i.DecidedDate.ToProto(), PlannedStartDate = i.PlannedStartDate.ToProto(),
        PlannedEndDate = i.PlannedEndDate.ToProto(), State = (InterventionState)i.State, StartDate = i.StartDate.ToProto(),
        EndDate = i.EndDate.ToProto(), EndReason = (InterventionEndReason)i.EndReason, CancelledDate = i.CancelledDate.ToProto(),
    };

    public static ProgressReport ToContract(this Domain.ProgressReport r) => new()
    {
        InterventionId = r.InterventionId, ReportDate = r.ReportDate.ToProto(), PeriodStartDate = r.PeriodStartDate.ToProto(),
        PeriodEndDate = r.PeriodEndDate.ToProto(), AttendedHours = r.AttendedHours, AbsentHours = r.AbsentHours,
        Progress = (ProgressLevel)r.Progress, ReportedByProviderId = r.ReportedByProviderId,
    };

    public static FollowUp ToContract(this Domain.FollowUp f)
    {
        var contract = new FollowUp
        {
            HeldDate = f.HeldDate.ToProto(), Mode = (FollowUpMode)f.Mode, PlanVersion = f.PlanVersion, HealthChange = (HealthChange)f.HealthChange,
            PlanRevisionNeeded = f.PlanRevisionNeeded,
        };
        contract.Participants.AddRange(f.Participants.Select(x => (FollowUpParticipant)x));
        contract.GoalChecks.AddRange(f.GoalChecks.Select(ToContract));
        return contract;
    }

    public static GoalCheck ToContract(this Domain.GoalCheck c) => new() { GoalIndex = c.GoalIndex, Status = (GoalStatus)c.Status };

    public static DataQualityWarning ToContract(this Domain.DataQualityWarning w) => new()
    {
        Rule = w.Rule, Outcome = (Outcome)w.Outcome, OccupationAfterClosure = (OccupationAfterClosure)w.Occupation, Description = w.Description,
    };

    public static Domain.PlanGoal ToDomain(this Contracts.JointAssessment.V1.Goal g) => new(g.Description, g.SubGoals.ToList());
}
