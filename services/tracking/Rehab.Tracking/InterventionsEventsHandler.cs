using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Interventions.V1;
using Rehab.Tracking.Domain;
using FollowUp = Rehab.Tracking.Domain.FollowUp;

namespace Rehab.Tracking;

/// <summary>
/// The interventions context's follow-ups (rehab.interventions.v1): FollowUpScheduled{due_date} tracks the participation's next
/// follow-up (one per participation, the latest recorded schedule counts) and plans its overdue timer; FollowUpHeld marks it
/// held; ParticipationClosed ends it (and is also a case milestone). Milestone events of the topic go to the case projector.
/// </summary>
public sealed class InterventionsEventsHandler(
    AggregateRepository<FollowUp> followUps, CaseProjector projector, TimeProvider time) : IEventHandler
{
    public static readonly string[] FollowUpEventTypes =
        [FollowUpScheduled.Descriptor.FullName, FollowUpHeld.Descriptor.FullName, ParticipationClosed.Descriptor.FullName];

    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        if (!FollowUpEventTypes.Contains(e.Type)) return await projector.ProjectAsync(e, ct);
        var followUp = await FollowUpAsync(e, ct);
        return e.Type == ParticipationClosed.Descriptor.FullName ? await projector.ProjectAsync(e, ct) : followUp;
    }

    private async Task<HandlerOutcome> FollowUpAsync(CloudEvent e, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        string personId, participationId;
        Func<FollowUp, Change<FollowUp>> decide;
        if (e.Type == FollowUpScheduled.Descriptor.FullName)
        {
            var x = e.Unpack<FollowUpScheduled>();
            (personId, participationId) = (x.PersonId, x.ParticipationId);
            var input = new FollowUpScheduledInput(x.ParticipationId, x.PersonId, x.ParticipationId, x.DueDate.ToDateOnly("due_date"), x.AfOfficeId, "",
                x.EffectiveDate.ToDateOnly("effective_date"), e.Time, e.Id) { FkOfficeId = x.FkOfficeId };
            decide = f => f.Reschedule(input);
        }
        else if (e.Type == ParticipationClosed.Descriptor.FullName)
        {
            var x = e.Unpack<ParticipationClosed>();
            (personId, participationId) = (x.PersonId, x.ParticipationId);
            var closed = x.EffectiveDate.ToDateOnly("effective_date");
            decide = f => f.Close(closed);
        }
        else
        {
            var x = e.Unpack<FollowUpHeld>();
            (personId, participationId) = (x.PersonId, x.ParticipationId);
            var held = x.EffectiveDate.ToDateOnly("effective_date");
            decide = f => f.RecordHeld(held);
        }

        if (string.IsNullOrWhiteSpace(personId) || string.IsNullOrWhiteSpace(participationId)) return HandlerOutcome.Drop;
        Change<FollowUp> Apply(FollowUp f) => SgiPlanner.Decide(f, decide(f), now);
        // A held follow-up or a closure may arrive before its schedule: start empty, the schedule fills it in. Two first events
        // of the participation may race: the loser applies its change to the winner's follow-up.
        var start = new FollowUp { FollowUpId = participationId, PersonId = personId, ParticipationId = participationId };
        await followUps.CreateOrUpdateAsync(personId, FollowUp.Key(participationId), _ => Apply(start), Apply, ct);
        return HandlerOutcome.Success;
    }
}
