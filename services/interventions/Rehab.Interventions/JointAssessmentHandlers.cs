using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.JointAssessment.V1;
using Domain = Rehab.Interventions.Domain;

namespace Rehab.Interventions;

/// <summary>
/// Remembers each round's offices, benefits and person from JointAssessmentOpened: the plan event does not carry them, and a
/// participation is reached through its offices (D3). Idempotent: one record per round (request id and unique key).
/// </summary>
public sealed class JointAssessmentOpenedHandler(AggregateRepository<Domain.KnownRound> rounds, ILogger<JointAssessmentOpenedHandler> logger)
    : IEventHandler
{
    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        var opened = e.Unpack<JointAssessmentOpened>();
        if (string.IsNullOrWhiteSpace(opened.JointAssessmentId) || string.IsNullOrWhiteSpace(opened.PersonId))
        {
            logger.LogWarning("JointAssessmentOpened {EventId} has no round or person id; dropped", e.Id);
            return HandlerOutcome.Drop;
        }

        if (await rounds.FindByUniqueKeyAsync(opened.PersonId, Domain.KnownRound.Key(opened.JointAssessmentId), ct) is not null)
            return HandlerOutcome.Success;
        await rounds.CreateAsync(opened.PersonId, "opened-" + opened.JointAssessmentId, _ => Domain.KnownRound.Record(new Domain.KnownRound
        {
            JointAssessmentId = opened.JointAssessmentId, PersonId = opened.PersonId, ReferralId = opened.ReferralId,
            SickCaseId = opened.SickCaseId, RoundNo = opened.RoundNo, BenefitTypes = opened.BenefitTypes.Select(b => (BenefitType)b).ToList(),
            Gender = (Gender)opened.Gender, FkOfficeId = opened.FkOfficeId, AfOfficeId = opened.AfOfficeId, AfOfficerId = opened.AfOfficerId,
        }), ct);
        return HandlerOutcome.Success;
    }
}

/// <summary>
/// PlanAgreed opens a participation in Planned (§3b, D8). Idempotent three ways: the inbox (CloudEvent id), the request id
/// "plan-&lt;round&gt;" and the round's unique key, so the same plan (even re-published under a new id) never opens a second one.
/// Participations live in the person's shard. The round's JointAssessmentOpened normally arrives first; until it has, retry.
/// </summary>
public sealed class RehabilitationPlanEstablishedHandler(
    AggregateRepository<Domain.Participation> participations, AggregateRepository<Domain.KnownRound> rounds,
    ConsentWithdrawals withdrawals, ILogger<RehabilitationPlanEstablishedHandler> logger) : IEventHandler
{
    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        var plan = e.Unpack<RehabilitationPlanEstablished>();
        if (string.IsNullOrWhiteSpace(plan.JointAssessmentId) || string.IsNullOrWhiteSpace(plan.PersonId))
        {
            logger.LogWarning("RehabilitationPlanEstablished {EventId} has no round or person id; dropped", e.Id);
            return HandlerOutcome.Drop;
        }

        if (await participations.FindByUniqueKeyAsync(plan.PersonId, Domain.Participation.RoundKey(plan.JointAssessmentId), ct) is not null)
            return HandlerOutcome.Success;
        var round = await rounds.FindByUniqueKeyAsync(plan.PersonId, Domain.KnownRound.Key(plan.JointAssessmentId), ct);
        if (round is null)
        {
            logger.LogInformation("RehabilitationPlanEstablished {EventId} arrived before its round was known; retried", e.Id);
            return HandlerOutcome.Retry;
        }

        try
        {
            var established = new Domain.EstablishedPlan(
                plan.PlanVersion, plan.Goals.Select(g => g.ToDomain()).ToList(), (Domain.InterventionOrientation)plan.FirstOrientation,
                plan.ActivityHoursPerWeek, plan.EffectiveDate.ToOptionalDateOnly("effective_date"));
            // The participation follows from the plan: it is known when the plan was recorded (the event's time), so a plan from the
            // history import opens it as of the source's time, not as of this delivery.
            var opened = await participations.CreateAsync(plan.PersonId, "plan-" + plan.JointAssessmentId,
                id => Domain.Participation.Open(id, round.State, established), ct, recordedAt: _ => e.Time);
            logger.LogInformation("Participation {ParticipationId} planned from plan event {EventId}", opened.Id, e.Id);
            await withdrawals.ApplyAsync(plan.PersonId, round.State.ReferralId, ct);
            return HandlerOutcome.Success;
        }
        catch (AlreadyExistsException)
        {
            // The round's participation was opened meanwhile (the participation history import, or another delivery): done.
            return HandlerOutcome.Success;
        }
        catch (ValidationFailedException invalid)
        {
            logger.LogWarning("RehabilitationPlanEstablished {EventId} cannot open a participation ({Fields}); dropped",
                e.Id, string.Join(", ", invalid.Violations.Select(v => v.Field)));
            return HandlerOutcome.Drop;
        }
    }
}

/// <summary>Keeps the current plan goals the follow-ups check against (D8: the revision itself belongs to the joint assessment).</summary>
public sealed class RehabilitationPlanRevisedHandler(AggregateRepository<Domain.Participation> participations, ILogger<RehabilitationPlanRevisedHandler> logger)
    : IEventHandler
{
    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        var revised = e.Unpack<RehabilitationPlanRevised>();
        if (string.IsNullOrWhiteSpace(revised.JointAssessmentId) || string.IsNullOrWhiteSpace(revised.PersonId) || revised.EffectiveDate is null)
        {
            logger.LogWarning("RehabilitationPlanRevised {EventId} is incomplete; dropped", e.Id);
            return HandlerOutcome.Drop;
        }

        var participation = await participations.FindByUniqueKeyAsync(revised.PersonId, Domain.Participation.RoundKey(revised.JointAssessmentId), ct);
        // The plan event opens the participation; a revision that overtakes it waits for it.
        if (participation is null) return HandlerOutcome.Retry;
        var effective = revised.EffectiveDate.ToDateOnly("effective_date");
        await participations.UpdateLatestAsync(participation.Id, p => p.UpdatePlan(
            revised.PlanVersion, revised.Goals.Select(g => g.ToDomain()).ToList(), (Domain.InterventionOrientation)revised.FirstOrientation,
            effective), ct);
        return HandlerOutcome.Success;
    }
}

/// <summary>
/// The referral's consent was withdrawn (D6): the participation opened from that referral stops sharing with providers (D3).
/// The withdrawal is recorded first, then applied to the participation if it exists; a plan that opens the participation later
/// applies it from the record (<see cref="ConsentWithdrawals"/>), so the order the two topics deliver in does not matter.
/// </summary>
public sealed class ConsentWithdrawnHandler(ConsentWithdrawals withdrawals) : IEventHandler
{
    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        var withdrawn = e.Unpack<Contracts.Referral.V1.ConsentWithdrawn>();
        if (string.IsNullOrWhiteSpace(withdrawn.ReferralId) || string.IsNullOrWhiteSpace(withdrawn.PersonId) || withdrawn.EffectiveDate is null)
            return HandlerOutcome.Drop;
        await withdrawals.RecordAsync(withdrawn.PersonId, withdrawn.ReferralId, withdrawn.EffectiveDate.ToDateOnly("effective_date"), ct);
        await withdrawals.ApplyAsync(withdrawn.PersonId, withdrawn.ReferralId, ct);
        return HandlerOutcome.Success;
    }
}

/// <summary>Withdrawn consents by referral, and their application to the referral's participation once both are known.</summary>
public sealed class ConsentWithdrawals(
    AggregateRepository<Domain.ConsentWithdrawal> withdrawals, AggregateRepository<Domain.Participation> participations)
{
    public async Task RecordAsync(string personId, string referralId, DateOnly effectiveDate, CancellationToken ct)
    {
        // Recorded once: a redelivery (or a concurrent delivery) of the same withdrawal finds it there and changes nothing.
        await withdrawals.CreateOrUpdateAsync(personId, Domain.ConsentWithdrawal.Key(referralId), _ => Domain.ConsentWithdrawal.Record(
            new Domain.ConsentWithdrawal { ReferralId = referralId, PersonId = personId, EffectiveDate = effectiveDate }),
            held => new BuildingBlocks.Domain.Change<Domain.ConsentWithdrawal>(held, []), ct);
    }

    /// <summary>Withdraws the participation's consent when both the withdrawal and the participation are known (idempotent).</summary>
    public async Task ApplyAsync(string personId, string referralId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(referralId)) return;
        var withdrawal = await withdrawals.FindByUniqueKeyAsync(personId, Domain.ConsentWithdrawal.Key(referralId), ct);
        if (withdrawal is null) return;
        var participation = await participations.FindByUniqueKeyAsync(personId, Domain.Participation.ReferralKey(referralId), ct);
        if (participation is null) return;
        await participations.UpdateLatestAsync(participation.Id, p => p.WithdrawConsent(withdrawal.State.EffectiveDate), ct);
    }
}
