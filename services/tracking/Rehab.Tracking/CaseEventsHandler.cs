using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Tracking.Domain;

namespace Rehab.Tracking;

/// <summary>
/// Projects the other contexts' events onto case tracks (through <see cref="MilestoneMap"/>). Idempotent twice over: the inbox
/// drops a redelivered CloudEvent id, and the case merges by content (a duplicate changes nothing, <see cref="CaseTrack.Observe"/>).
/// An event about a round or participation not yet linked to its case is retried: the round's JointAssessmentOpened and the
/// participation's ParticipationPlanned link them.
/// </summary>
public sealed class CaseProjector(
    AggregateRepository<CaseTrack> cases, AggregateRepository<SgiProtection> sgi, SgiPlanner planner, TimeProvider time, ILogger<CaseProjector> logger)
{
    public async Task<HandlerOutcome> ProjectAsync(CloudEvent e, CancellationToken ct)
    {
        IReadOnlyList<CaseReport> reports;
        try
        {
            reports = MilestoneMap.Read(e);
        }
        catch (ValidationFailedException invalid)
        {
            logger.LogWarning("{Type} {EventId} cannot be tracked ({Fields}); dropped", e.Type, e.Id, string.Join(", ", invalid.Violations.Select(v => v.Field)));
            return HandlerOutcome.Drop;
        }

        foreach (var report in reports)
        {
            var key = KeyOf(report);
            if (string.IsNullOrWhiteSpace(report.PersonId) || key is null)
            {
                logger.LogWarning("{Type} {EventId} names no case or person; dropped", e.Type, e.Id);
                return HandlerOutcome.Drop;
            }

            var existing = await cases.FindByUniqueKeyAsync(report.PersonId, key, ct);
            Stored<CaseTrack> stored;
            if (existing is not null)
                stored = await cases.UpdateLatestAsync(existing.Id, c => c.Observe(report.Observation), ct);
            else if (report.ReferralId is { Length: > 0 } referralId)
                stored = await OpenOrObserveAsync(referralId, report, key, ct);
            else
            {
                logger.LogInformation("{Type} {EventId}: {Key} not linked to a case yet; retried", e.Type, e.Id, key);
                return HandlerOutcome.Retry;
            }

            if (report.Observation.Details is not null || report.Observation.Assignment is not null)
                await RouteSgiAsync(stored.State, report.Observation.EffectiveDate, ct);
        }

        return HandlerOutcome.Success;
    }

    /// <summary>The case's own referral if the event names it, else the round or the participation linked to the case.</summary>
    private static string? KeyOf(CaseReport report) =>
        report.ReferralId is { Length: > 0 } referral ? CaseTrack.ReferralKey(referral)
        : report.JointAssessmentId is { Length: > 0 } round ? CaseTrack.RoundKey(round)
        : report.ParticipationId is { Length: > 0 } participation ? CaseTrack.ParticipationKey(participation)
        : null;

    /// <summary>
    /// Two first events of a case racing (the referral and the joint-assessment topics are read by separate loops): the loser's
    /// uniqueness claim fails, and it observes on the winner's case at once instead of waiting for redelivery.
    /// </summary>
    private Task<Stored<CaseTrack>> OpenOrObserveAsync(string referralId, CaseReport report, string key, CancellationToken ct) =>
        cases.CreateOrUpdateAsync(report.PersonId, key, _ => CaseTrack.Open(referralId, report.PersonId, report.Observation),
            c => c.Observe(report.Observation), ct);

    /// <summary>SGI work about the person goes to the case's FK office and booked AF officer when no AF registration names an office.</summary>
    private async Task RouteSgiAsync(CaseTrack track, DateOnly effective, CancellationToken ct)
    {
        var protection = await sgi.FindByUniqueKeyAsync(track.PersonId, SgiProtection.PersonKey(track.PersonId), ct);
        if (protection is null) return;
        var now = time.GetUtcNow();
        await sgi.UpdateLatestAsync(protection.Id, p => planner.Decide(p, p.Assign(track.FkOfficeId, track.AfOfficerId, effective), now), ct);
    }
}

/// <summary>The referral context's events (rehab.referral.v1) that report case milestones.</summary>
public sealed class ReferralEventsHandler(CaseProjector projector) : IEventHandler
{
    public Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct) => projector.ProjectAsync(e, ct);
}

/// <summary>The joint-assessment context's events (rehab.jointassessment.v1) that report case milestones.</summary>
public sealed class JointAssessmentEventsHandler(CaseProjector projector) : IEventHandler
{
    public Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct) => projector.ProjectAsync(e, ct);
}
