using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Timers;
using Rehab.Contracts;
using Rehab.Contracts.Tracking.V1;
using SgiProtection = Rehab.Tracking.Domain.SgiProtection;
using TimersPlanned = Rehab.Contracts.Tracking.V1.TimersPlanned;
using SgiDeadlineApproaching = Rehab.Tracking.Domain.SgiDeadlineApproaching;
using SgiDeadlineMissed = Rehab.Tracking.Domain.SgiDeadlineMissed;
using FollowUpOverdue = Rehab.Tracking.Domain.FollowUpOverdue;
using Rehab.Tracking.Domain;

namespace Rehab.Tracking;

/// <summary>
/// The durable timers of a tracking record context, as a fold of its own log: <see cref="Domain.TimersPlanned"/> schedules and
/// cancels (timer key: the record's shard, "&lt;record id&gt;:&lt;timer name&gt;"; payload: the person id), the engine's
/// <see cref="TimerFired"/> marks fired. A firing becomes a <see cref="TimerFired"/> event of the context, which
/// <see cref="TimerFiredHandler"/> turns into the record's reminder, miss or overdue.
/// </summary>
public abstract class TrackingTimers(string context) : ITimerDefinition
{
    public string Context => context;

    public CloudEvent ToEvent(TimerFiring firing)
    {
        var (recordId, timer) = Split(firing.Key);
        var fired = new TimerFired
        {
            RecordId = recordId, PersonId = firing.Payload, EffectiveDate = CivilTime.DateOf(firing.FiredAt).ToProto(), TimerName = timer,
            DueAt = Timestamp.FromDateTimeOffset(firing.Due), FiredAt = Timestamp.FromDateTimeOffset(firing.FiredAt), Late = firing.IsLate,
        };
        return CloudEvent.Create(fired, firing.EventId, "tracking", recordId, firing.FiredAt,
            CivilTime.DateOf(firing.FiredAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            firing.Payload, Topics.Tracking);
    }

    public IEnumerable<TimerChange> Replay(CloudEvent e)
    {
        if (e.Type == TimersPlanned.Descriptor.FullName)
        {
            var plan = e.Unpack<TimersPlanned>();
            foreach (var t in plan.Timers)
                yield return new TimerChange.Scheduled(TimerKey.ForAggregate(plan.RecordId, t.Name), t.DueAt.ToDateTimeOffset(), plan.PersonId);
            foreach (var name in plan.Cancelled)
                yield return new TimerChange.Cancelled(TimerKey.ForAggregate(plan.RecordId, name));
        }
        else if (e.Type == TimerFired.Descriptor.FullName)
        {
            var fired = e.Unpack<TimerFired>();
            yield return new TimerChange.Fired(TimerKey.ForAggregate(fired.RecordId, fired.TimerName), fired.DueAt.ToDateTimeOffset());
        }
    }

    private static (string RecordId, string Timer) Split(TimerKey key)
    {
        var colon = key.Name.IndexOf(':', StringComparison.Ordinal);
        return (key.Name[..colon], key.Name[(colon + 1)..]);
    }

    /// <summary>
    /// The id of an event a firing caused (reminder, miss, overdue): name-based on the firing's event id, so however often the
    /// firing is delivered or re-decided, consumers see one id.
    /// </summary>
    public static string CausedEventId(string firingEventId, string what)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"rehab-tracking|{firingEventId}|{what}"), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }
}

public sealed class SgiTimers() : TrackingTimers(TrackingExtensions.SgiContext);

public sealed class FollowUpTimers() : TrackingTimers(TrackingExtensions.FollowUpContext);

/// <summary>Every SGI decision goes through here, so the timers it needs are planned in the same commit.</summary>
public sealed class SgiPlanner(SgiRules rules)
{
    public SgiRules Rules => rules;

    public Change<SgiProtection> Decide(SgiProtection before, Change<SgiProtection> change, DateTimeOffset now) =>
        TimerPlan.Follow(before, change, p => p.Timers(rules), SgiProtection.TimerNames(rules), CivilTime.DateOf(now));

    public static Change<FollowUp> Decide(FollowUp before, Change<FollowUp> change, DateTimeOffset now) =>
        TimerPlan.Follow(before, change, f => f.Timers(), [FollowUp.TimerName], CivilTime.DateOf(now));
}

/// <summary>
/// A tracking timer fired (rehab.tracking.v1.TimerFired, from tracking's own log): re-checks the record at the firing instant
/// (<see cref="SgiProtection.RemindDue"/>, <see cref="SgiProtection.DeadlinePassed"/>, <see cref="FollowUp.OverdueDue"/>). What
/// that announces carries an id derived from the firing, and the record remembers it, so it is announced once.
/// </summary>
public sealed class TimerFiredHandler(
    BuildingBlocks.Persistence.AggregateRepository<SgiProtection> sgi, BuildingBlocks.Persistence.AggregateRepository<FollowUp> followUps,
    BuildingBlocks.Persistence.AggregateRepository<CaseTrack> cases, SgiPlanner planner, ILogger<TimerFiredHandler> logger) : IEventHandler
{
    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        var fired = e.Unpack<TimerFired>();
        var at = fired.FiredAt.ToDateTimeOffset();
        if (fired.TimerName == FollowUp.TimerName)
        {
            var followUp = await followUps.FindAsync(fired.RecordId, ct);
            if (followUp is null) return Unknown(e, fired);
            // Addressed to the officer who works the case now (a reassignment is a new booking of its referral).
            var track = await cases.FindByUniqueKeyAsync(followUp.State.PersonId, CaseTrack.ParticipationKey(followUp.State.ParticipationId), ct);
            var officer = track?.State.AfOfficerId;
            await followUps.UpdateLatestAsync(followUp.Id, f => SgiPlanner.Decide(f, Identify(f.OverdueDue(at, officer), e.Id), at), ct);
            return HandlerOutcome.Success;
        }

        var protection = await sgi.FindAsync(fired.RecordId, ct);
        if (protection is null) return Unknown(e, fired);
        Func<SgiProtection, Change<SgiProtection>>? decide = null;
        if (fired.TimerName == "sgi-miss")
            decide = p => p.DeadlinePassed(at, planner.Rules);
        else if (fired.TimerName.StartsWith("sgi-remind-", StringComparison.Ordinal)
                 && int.TryParse(fired.TimerName["sgi-remind-".Length..], System.Globalization.CultureInfo.InvariantCulture, out var days))
            decide = p => p.RemindDue(days, at, planner.Rules);
        if (decide is null) return Unknown(e, fired);
        await sgi.UpdateLatestAsync(protection.Id, p => planner.Decide(p, Identify(decide(p), e.Id), at), ct);
        return HandlerOutcome.Success;
    }

    private HandlerOutcome Unknown(CloudEvent e, TimerFired fired)
    {
        logger.LogWarning("Timer firing {EventId} names an unknown record or timer ({Timer}); dropped", e.Id, fired.TimerName);
        return HandlerOutcome.Drop;
    }

    private static Change<T> Identify<T>(Change<T> change, string firingId) => change with
    {
        Events = change.Events.Select(ev => ev switch
        {
            SgiDeadlineApproaching a => a with { EventId = TrackingTimers.CausedEventId(firingId, "approaching") },
            SgiDeadlineMissed m => m with { EventId = TrackingTimers.CausedEventId(firingId, "missed") },
            FollowUpOverdue o => o with { EventId = TrackingTimers.CausedEventId(firingId, "overdue") },
            _ => ev,
        }).ToList(),
    };
}
