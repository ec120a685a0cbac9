using Grpc.Core;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.Interventions.V1;
using Domain = Rehab.Interventions.Domain;
using OccupationAfterClosure = Rehab.Contracts.Interventions.V1.OccupationAfterClosure;

namespace Rehab.Interventions;

/// <summary>The officers' API: a thin adapter over the participation domain (map the request, decide, store, map the reply).</summary>
public sealed class InterventionsGrpcService(
    PersonalRecords<Domain.Participation> participations, ParticipationAccess access, ICallerContext caller, Domain.InterventionsRules rules,
    ParticipationHistoryImport historyImport, TimeProvider time)
    : InterventionsService.InterventionsServiceBase
{
    private DateOnly Today => CivilTime.Today(time);

    private static DateOnly? Date(Google.Type.Date? date, string field = "effective_date") => date.ToOptionalDateOnly(field);

    public override Task<Participation> StartParticipation(StartParticipationRequest request, ServerCallContext context) =>
        Update(request.ParticipationId, request.Etag, context, ["state", "start_date", "insured_hours_per_week"], p => p.Start(
            Date(request.EffectiveDate), request.InsuredHoursPerWeek, rules, Today));

    public override Task<Participation> DecideIntervention(DecideInterventionRequest request, ServerCallContext context) =>
        Update(request.ParticipationId, request.Etag, context, ["interventions"], p => p.DecideIntervention(
            Date(request.EffectiveDate),
            new Domain.InterventionDecision(
                (Rehab.BuildingBlocks.Domain.InterventionType)request.Type, (Domain.InterventionOrientation)request.Orientation, (Domain.DeliveryRegi)request.Regi,
                request.ProviderId.OrNull(), (Domain.NamedService)request.NamedService, (Domain.LegalBasis)request.LegalBasis, request.HoursPerWeek,
                Date(request.PlannedStartDate, "planned_start_date"), Date(request.PlannedEndDate, "planned_end_date")),
            rules, Today));

    public override Task<Participation> StartIntervention(StartInterventionRequest request, ServerCallContext context) =>
        Update(request.ParticipationId, request.Etag, context, ["interventions"], p => p.StartIntervention(
            Date(request.EffectiveDate), request.InterventionId, Today));

    public override Task<Participation> EndIntervention(EndInterventionRequest request, ServerCallContext context) =>
        Update(request.ParticipationId, request.Etag, context, ["interventions"], p => p.EndIntervention(
            Date(request.EffectiveDate), request.InterventionId, (Domain.InterventionEndReason)request.EndReason, Today));

    public override Task<Participation> CancelIntervention(CancelInterventionRequest request, ServerCallContext context) =>
        Update(request.ParticipationId, request.Etag, context, ["interventions"], p => p.CancelIntervention(
            Date(request.EffectiveDate), request.InterventionId, Today));

    public override Task<Participation> RecordSpecialistContact(RecordSpecialistContactRequest request, ServerCallContext context) =>
        Update(request.ParticipationId, request.Etag, context, ["specialist_contacts"], p => p.RecordSpecialistContact(
            Date(request.EffectiveDate), (Domain.SpecialistType)request.SpecialistType, Today));

    public override Task<Participation> RecordFollowUp(RecordFollowUpRequest request, ServerCallContext context) =>
        Update(request.ParticipationId, request.Etag, context, ["follow_ups", "next_follow_up_due_date"], p => p.RecordFollowUp(
            Date(request.EffectiveDate), (Domain.FollowUpMode)request.Mode,
            request.Participants.Select(x => (Domain.FollowUpParticipant)x).ToList(),
            request.GoalChecks.Select(c => new Domain.GoalCheck(c.GoalIndex, (Domain.GoalStatus)c.Status)).ToList(),
            (Domain.HealthChange)request.HealthChange, request.PlanRevisionNeeded, rules, Today));

    public override Task<Participation> PauseParticipation(PauseParticipationRequest request, ServerCallContext context) =>
        Update(request.ParticipationId, request.Etag, context, ["state"], p => p.Pause(Date(request.EffectiveDate), Today));

    public override Task<Participation> ResumeParticipation(ResumeParticipationRequest request, ServerCallContext context) =>
        Update(request.ParticipationId, request.Etag, context, ["state"], p => p.Resume(Date(request.EffectiveDate), Today));

    public override Task<Participation> InitiateClosure(InitiateClosureRequest request, ServerCallContext context) =>
        Update(request.ParticipationId, request.Etag, context, ["state", "closure_initiation"], p => p.InitiateClosure(
            Date(request.EffectiveDate), request.Initiators.Select(i => (Domain.ClosureInitiator)i).ToList(),
            (Channel)request.Channel, Today));

    public override Task<Participation> DecideClosure(DecideClosureRequest request, ServerCallContext context) =>
        Update(request.ParticipationId, request.Etag, context, ["state", "closure", "warnings"], p => p.DecideClosure(
            Date(request.EffectiveDate), (Domain.Outcome)request.Outcome, request.ClosureReasons.Select(r => (Domain.ClosureReason)r).ToList(),
            (BenefitType)request.BenefitTypeAtClosure, (Rehab.BuildingBlocks.Domain.OccupationAfterClosure)request.OccupationAfterClosure,
            request.WorkCapacityHoursPerWeek, (Domain.UnknownOutcomeReason)request.UnknownOutcomeReason, Today));

    public override Task<Participation> CorrectClosureOutcome(CorrectClosureOutcomeRequest request, ServerCallContext context) =>
        Update(request.ParticipationId, request.Etag, context, ["closure", "warnings"], p => p.CorrectClosureOutcome(
            Date(request.EffectiveDate), (Rehab.BuildingBlocks.Domain.OccupationAfterClosure)request.OccupationAfterClosure, rules, Today));

    public override Task<ImportParticipationHistoryResponse> ImportParticipationHistory(
        ImportParticipationHistoryRequest request, ServerCallContext context) => historyImport.ImportAsync(request, context.CancellationToken);

    public override async Task<Participation> GetParticipation(GetParticipationRequest request, ServerCallContext context)
    {
        RequireId(request.ParticipationId);
        return (await participations.ReadAsync(request.ParticipationId, access.Ensure, AllFields, context.CancellationToken)).ToContract(rules);
    }

    public override async Task<ListParticipationsResponse> ListParticipations(ListParticipationsRequest request, ServerCallContext context)
    {
        var (from, to) = ListArguments.Validate(request.PageSize, request.FromDate, request.ToDate);
        var office = request.OfficeId.OrNull();
        if (office is not null) caller.EnsureServesOffice(office);
        var state = request.State == ParticipationState.Unspecified ? (Domain.ParticipationState?)null : (Domain.ParticipationState)request.State;
        var round = request.JointAssessmentId.OrNull();

        bool Matches(Domain.Participation p) =>
            (state is null || p.State == state) && InOffice(p, office) && (round is null || p.JointAssessmentId == round)
            && (from is null || p.PlannedDate >= from) && (to is null || p.PlannedDate <= to);

        var (items, next) = await participations.ListAsync(
            Matches, access.CanAccess, request.PageSize, request.PageToken.OrNull(), AllFields, context.CancellationToken);
        var response = new ListParticipationsResponse { NextPageToken = next };
        response.Participations.AddRange(items.Select(i => i.ToContract(rules)));
        return response;
    }

    /// <summary>Closures with a suspicious outcome/occupation pair (§9.4), counted per pair with the participation ids; no identity data.</summary>
    public override async Task<DataQualityReport> GetDataQualityReport(GetDataQualityReportRequest request, ServerCallContext context)
    {
        var (from, to) = ListArguments.Validate(0, request.FromDate, request.ToDate);
        var office = request.OfficeId.OrNull();
        if (office is not null) caller.EnsureServesOffice(office);

        bool Matches(Domain.Participation p) =>
            p.State == Domain.ParticipationState.Closed && p.Closure is { } c && InOffice(p, office)
            && (from is null || c.ClosedDate >= from) && (to is null || c.ClosedDate <= to);

        var closures = new List<Stored<Domain.Participation>>();
        string? token = null;
        do
        {
            var (items, next) = await participations.ListAsync(Matches, access.CanAccess, 500, token, ReportFields, context.CancellationToken);
            closures.AddRange(items);
            token = next.OrNull();
        }
        while (token is not null);

        var report = new DataQualityReport { ClosuresChecked = closures.Count };
        var suspicious = closures.Where(c => c.State.Warnings.Count > 0).ToList();
        report.SuspiciousClosures = suspicious.Count;
        foreach (var pair in suspicious.GroupBy(c => (c.State.Closure!.Outcome, c.State.Closure.Occupation)).OrderByDescending(g => g.Count()))
        {
            var count = new SuspiciousPairCount
            {
                Outcome = (Outcome)pair.Key.Outcome, OccupationAfterClosure = (OccupationAfterClosure)pair.Key.Occupation, Count = pair.Count(),
            };
            count.ParticipationIds.AddRange(pair.Select(c => c.Id).Order(StringComparer.Ordinal));
            report.SuspiciousPairs.Add(count);
        }

        return report;
    }

    private static bool InOffice(Domain.Participation p, string? office) => office is null || p.FkOfficeId == office || p.AfOfficeId == office;

    private static readonly string[] AllFields =
        ["person_id", "sick_case_id", "benefit_types", "gender", "plan", "insured_hours_per_week", "interventions", "specialist_contacts",
         "progress_reports", "follow_ups", "closure_initiation", "closure", "warnings"];

    private static readonly string[] ReportFields = ["closure.outcome", "closure.occupation_after_closure", "warnings"];

    private async Task<Participation> Update(
        string id, string etag, ServerCallContext context, string[] changedFields, Func<Domain.Participation, Change<Domain.Participation>> decide)
    {
        RequireId(id);
        return (await participations.ChangeAsync(id, etag, access.Ensure, decide, changedFields, context.CancellationToken)).ToContract(rules);
    }

    private static void RequireId(string id) => new Violations().RequireText(id, "participation_id").ThrowIfAny();
}
