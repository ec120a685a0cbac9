using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.Tracking.Domain;

/// <summary>
/// The interventions service's FollowUpScheduled{due_date} (D17), as tracking receives it; its handler maps the contract event
/// onto this. The interventions contract names no follow-up id: use the participation id (one next follow-up per participation,
/// a later schedule by recorded time moves it).
/// </summary>
public sealed record FollowUpScheduledInput(
    string FollowUpId, string PersonId, string ParticipationId, DateOnly DueDate, string OfficeId, string OfficerId,
    DateOnly EffectiveDate, DateTimeOffset RecordedAt, string SourceEventId)
{
    public string FkOfficeId { get; init; } = "";
}

public enum FollowUpStatus
{
    Unspecified = 0,
    Due = 1,
    Overdue = 2,
    Held = 3,

    /// <summary>The participation closed: no follow-up is due any more.</summary>
    Closed = 4,
}

/// <summary>
/// A scheduled follow-up as tracking watches it (D17: only this service emits FollowUpOverdue). Overdue when not held by the
/// end of its due date: the timer fires at due_date + 1 day, 00:00 Europe/Stockholm, and calls <see cref="OverdueDue"/>.
/// Order-independent: the latest recorded schedule counts, and it is held when a follow-up was held after the day it was
/// scheduled (the latest held date counts), so a follow-up held and the next one scheduled at that meeting is due again.
/// </summary>
public sealed record FollowUp : IHasUniqueKeys
{
    public string FollowUpId { get; init; } = "";
    public string PersonId { get; init; } = "";
    public string ParticipationId { get; init; } = "";
    public DateOnly DueDate { get; init; }
    public string OfficeId { get; init; } = "";
    public string OfficerId { get; init; } = "";
    public string FkOfficeId { get; init; } = "";
    /// <summary>The participation's closed date (ParticipationClosed): nothing is due after it, whatever arrives later.</summary>
    public DateOnly? ClosedDate { get; init; }
    /// <summary>The effective date of the schedule that counts (when it was scheduled).</summary>
    public DateOnly ScheduledOn { get; init; }
    public DateTimeOffset ScheduleRecordedAt { get; init; }
    public string ScheduleEventId { get; init; } = "";
    /// <summary>The latest date a follow-up of this participation was held.</summary>
    public DateOnly? HeldDate { get; init; }

    [JsonIgnore]
    public bool IsHeld => HeldDate is { } held && held > ScheduledOn;
    /// <summary>The due date an overdue was announced for (a reschedule to a later date re-arms the timer).</summary>
    public DateOnly? OverdueAnnouncedFor { get; init; }

    [JsonIgnore]
    public IReadOnlyCollection<string> UniqueKeys => [Key(FollowUpId)];

    public static string Key(string followUpId) => $"followup:{followUpId}";

    public static DateTimeOffset OverdueAt(DateOnly dueDate) => CivilTime.StartOfDay(dueDate.AddDays(1));

    public FollowUpStatus StatusAt(DateTimeOffset now) =>
        ClosedDate is not null ? FollowUpStatus.Closed
        : IsHeld ? FollowUpStatus.Held : now >= OverdueAt(DueDate) ? FollowUpStatus.Overdue : FollowUpStatus.Due;

    public static Change<FollowUp> Schedule(FollowUpScheduledInput input) =>
        new FollowUp { FollowUpId = input.FollowUpId, PersonId = input.PersonId }.Reschedule(input);

    public Change<FollowUp> Reschedule(FollowUpScheduledInput input)
    {
        var newer = input.RecordedAt > ScheduleRecordedAt
            || (input.RecordedAt == ScheduleRecordedAt && string.CompareOrdinal(input.SourceEventId, ScheduleEventId) > 0);
        if (!newer) return Change<FollowUp>.Of(this);
        var next = this with
        {
            ParticipationId = input.ParticipationId, DueDate = input.DueDate, ScheduledOn = input.EffectiveDate, OfficeId = input.OfficeId, OfficerId = input.OfficerId,
            FkOfficeId = input.FkOfficeId,
            ScheduleRecordedAt = input.RecordedAt, ScheduleEventId = input.SourceEventId,
        };
        return Change<FollowUp>.Of(next, new FollowUpTracked(input.EffectiveDate, input.DueDate));
    }

    /// <summary>FollowUpHeld: the latest held date counts; a held follow-up has no timer.</summary>
    public Change<FollowUp> RecordHeld(DateOnly heldDate)
    {
        if (HeldDate is { } held && held >= heldDate) return Change<FollowUp>.Of(this);
        return Change<FollowUp>.Of(this with { HeldDate = heldDate }, new FollowUpHeldRecorded(heldDate));
    }

    /// <summary>ParticipationClosed: the earliest closed date counts; the overdue timer is no longer needed.</summary>
    public Change<FollowUp> Close(DateOnly closedDate)
    {
        if (ClosedDate is { } closed && closed <= closedDate) return Change<FollowUp>.Of(this);
        return Change<FollowUp>.Of(this with { ClosedDate = closedDate }, new FollowUpEnded(closedDate));
    }

    /// <summary>
    /// The overdue timer fired: FollowUpOverdue once per due date, if not held and the due date is really over. It is addressed
    /// to <paramref name="officerId"/> when known (the officer who works the case now), else to the scheduled one.
    /// </summary>
    public Change<FollowUp> OverdueDue(DateTimeOffset now, string? officerId = null)
    {
        if (StatusAt(now) != FollowUpStatus.Overdue || OverdueAnnouncedFor == DueDate) return Change<FollowUp>.Of(this);
        return Change<FollowUp>.Of(this with { OverdueAnnouncedFor = DueDate },
            new FollowUpOverdue(DueDate.AddDays(1), DueDate, OfficeId, string.IsNullOrEmpty(officerId) ? OfficerId : officerId));
    }

    public IReadOnlyList<DueTimer> Timers() =>
        IsHeld || ClosedDate is not null || OverdueAnnouncedFor == DueDate || FollowUpId.Length == 0
            ? []
            : [new DueTimer(TimerName, TimerKind.FollowUpOverdue, OverdueAt(DueDate), DueDate)];

    public const string TimerName = "followup-overdue";
}

public sealed record FollowUpTracked(DateOnly EffectiveDate, DateOnly DueDate) : IDomainEvent;

public sealed record FollowUpHeldRecorded(DateOnly EffectiveDate) : IDomainEvent;

public sealed record FollowUpEnded(DateOnly EffectiveDate) : IDomainEvent;

/// <summary>FollowUpOverdue (D17), addressed to the follow-up's office and officer; effective on the day after the due date.</summary>
public sealed record FollowUpOverdue(DateOnly EffectiveDate, DateOnly DueDate, string OfficeId, string OfficerId) : IDomainEvent
{
    /// <summary>Derived from the timer firing that caused it.</summary>
    public string? EventId { get; init; }
}
