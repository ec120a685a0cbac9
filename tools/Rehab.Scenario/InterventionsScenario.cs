using Grpc.Core;
using Grpc.Net.Client;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.Client.Tokens;
using Rehab.Contracts.Interventions.V1;
using InterventionType = Rehab.Contracts.Common.V1.InterventionType;
using OccupationAfterClosure = Rehab.Contracts.Interventions.V1.OccupationAfterClosure;
using Round = Rehab.Contracts.JointAssessment.V1.JointAssessment;

namespace Rehab.Scenario;

/// <summary>
/// The scenario's last part: the plan opens a participation; AF starts it and decides a procured work training; FK and AF follow up
/// against the plan; the intervention ends; AF initiates closure and FK decides it. Uses the raw generated clients through the gateway.
/// </summary>
public static class InterventionsScenario
{
    private const string Provider = "stegvis-arbetsliv";

    public static async Task ContinueToClosureAsync(
        Uri gateway, AuthOptions auth, DevCaller fkCaller, DevCaller afCaller, Round round, DateOnly today, TextWriter output)
    {
        using var channel = GrpcChannel.ForAddress(gateway);
        var client = new InterventionsService.InterventionsServiceClient(channel);
        var fk = Headers(auth, fkCaller);
        var af = Headers(auth, afCaller);
        var date = today.ToProto();
        void Show(string step, Participation p) => output.WriteLine($"  {step,-38} state={p.State,-34} etag={p.Etag}");

        Participation? p = null;
        for (var attempt = 0; attempt < 150 && p is null; attempt++)
        {
            var found = await client.ListParticipationsAsync(new ListParticipationsRequest { JointAssessmentId = round.JointAssessmentId }, af);
            p = found.Participations.FirstOrDefault();
            if (p is null) await Task.Delay(100);
        }

        if (p is null) throw new InvalidOperationException($"no participation was opened from the plan of round {round.JointAssessmentId}");
        Show("AF: participation planned from the plan", p);

        p = await client.StartParticipationAsync(new StartParticipationRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = date, InsuredHoursPerWeek = 40,
        }, af);
        Show("AF: participation started (insured 40 h)", p);
        p = await client.DecideInterventionAsync(new DecideInterventionRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = date, Type = InterventionType.WorkTraining,
            Orientation = InterventionOrientation.WorkOriented, Regi = DeliveryRegi.Procured, ProviderId = Provider, NamedService = NamedService.Sta,
            LegalBasis = LegalBasis.Ordinance2000634, HoursPerWeek = 10, PlannedStartDate = date, PlannedEndDate = today.AddDays(90).ToProto(),
        }, af);
        Show($"AF: work training decided ({Provider})", p);
        p = await client.StartInterventionAsync(new StartInterventionRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = date, InterventionId = p.Interventions[^1].InterventionId,
        }, af);
        Show("AF: work training started", p);

        var followUp = new RecordFollowUpRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = date, Mode = FollowUpMode.Digital,
            Participants = { FollowUpParticipant.Individual, FollowUpParticipant.FkCaseOfficer, FollowUpParticipant.AfOfficer },
            HealthChange = HealthChange.Improved,
        };
        followUp.GoalChecks.AddRange(p.Plan.Goals.Select((_, i) => new GoalCheck { GoalIndex = i, Status = GoalStatus.Met }));
        p = await client.RecordFollowUpAsync(followUp, fk);
        Show("FK: follow-up, every goal met", p);
        p = await client.EndInterventionAsync(new EndInterventionRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = date, InterventionId = p.Interventions[^1].InterventionId,
            EndReason = InterventionEndReason.Completed,
        }, af);
        Show("AF: work training completed", p);
        p = await client.InitiateClosureAsync(new InitiateClosureRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = date, Initiators = { ClosureInitiator.Af },
        }, af);
        Show("AF: closure initiated", p);
        p = await client.DecideClosureAsync(new DecideClosureRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = date, Outcome = Outcome.WorkCapacityAchieved,
            ClosureReasons = { ClosureReason.WorkWithSupport, ClosureReason.ActionPlanGoalAchieved },
            BenefitTypeAtClosure = Contracts.Common.V1.BenefitType.SicknessBenefit,
            OccupationAfterClosure = OccupationAfterClosure.EmploymentSubsidised, WorkCapacityHoursPerWeek = 20,
        }, fk);
        Show("FK: closure decided", p);
        output.WriteLine($"    outcome={p.Closure.Outcome} occupation={p.Closure.OccupationAfterClosure} warnings={p.Warnings.Count}");
    }

    private static Metadata Headers(AuthOptions auth, DevCaller caller) => new()
    {
        { "authorization", "Bearer " + new DevTokenSource(auth, caller).Issue() },
        { RehabHeaders.Purpose, "local scenario: case handling" },
        { RehabHeaders.RequestId, Guid.NewGuid().ToString() },
    };
}
