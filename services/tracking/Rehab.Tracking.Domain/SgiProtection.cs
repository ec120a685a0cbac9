using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.Tracking.Domain;

public enum SgiStatus
{
    /// <summary>No decision has started a clock.</summary>
    Unspecified = 0,
    AtRisk = 1,
    Protected = 2,
    PresumedLost = 3,
    NotApplicable = 4,
}

/// <summary>The clock the facts imply: the decision it counts from, the last benefit day and the deadline (D10).</summary>
public sealed record SgiClock(string DecisionKey, DateOnly LastBenefitDay, DateOnly DeadlineDate, bool SgiRestsOnEmployment)
{
    public DateTimeOffset MissAt => SgiRules.MissAt(DeadlineDate);
}

/// <summary>The status the facts imply at an instant, and why.</summary>
public sealed record SgiEvaluation(SgiStatus Status, SgiClock? Clock, RegistrationSpellFact? ProtectingSpell);

/// <summary>
/// A person's SGI protection (DOMAIN D10, §3f). The state keeps the facts (every benefit decision and AF registration spell,
/// latest revision per fact) and what has been announced; the status is a pure function of the facts and the instant
/// (<see cref="Evaluate"/>), so facts arriving in any order or twice give the same status. Every command re-evaluates and emits
/// the difference to what was announced: SgiClockStarted, SgiProtected (correcting an earlier miss), SgiDeadlineMissed,
/// SgiNotApplicable. Reminders and the miss are timers (<see cref="Timers"/>) whose firing calls <see cref="RemindDue"/> and
/// <see cref="DeadlinePassed"/>.
/// </summary>
public sealed record SgiProtection : IHasUniqueKeys
{
    public string PersonId { get; init; } = "";
    public IReadOnlyList<BenefitDecisionFact> Decisions { get; init => field = ValueList.From(value); } = ValueList<BenefitDecisionFact>.Empty;
    public IReadOnlyList<RegistrationSpellFact> Spells { get; init => field = ValueList.From(value); } = ValueList<RegistrationSpellFact>.Empty;

    /// <summary>The FK office of the person's referral, and the AF officer of its booking, when known (who is told).</summary>
    public string FkOfficeId { get; init; } = "";
    public string AfOfficerId { get; init; } = "";

    public SgiStatus AnnouncedStatus { get; init; }
    public DateOnly? AnnouncedDeadline { get; init; }
    /// <summary>Reminder offsets already sent for <see cref="AnnouncedDeadline"/>.</summary>
    public IReadOnlyList<int> RemindedDaysBefore { get; init => field = ValueList.From(value); } = ValueList<int>.Empty;

    [JsonIgnore]
    public IReadOnlyCollection<string> UniqueKeys => [PersonKey(PersonId)];

    public static string PersonKey(string personId) => $"sgi:person:{personId}";

    /// <summary>
    /// Where work about this person goes: the AF office of the latest registration, else the FK office of the referral, else the FK
    /// office that made the latest decision (a person refused with no referral and no registration is still someone's work).
    /// </summary>
    [JsonIgnore]
    public string OfficeId =>
        Spells.Where(s => !string.IsNullOrEmpty(s.AfOfficeId)).OrderBy(s => s.RegistrationDate).ThenBy(s => s.FactKey, StringComparer.Ordinal)
            .LastOrDefault()?.AfOfficeId
        ?? (FkOfficeId.Length > 0 ? FkOfficeId : null)
        ?? Decisions.Where(d => d.FkOfficeId.Length > 0).OrderBy(d => d.DecisionDate).ThenBy(d => d.FactKey, StringComparer.Ordinal)
            .LastOrDefault()?.FkOfficeId
        ?? "";

    public static SgiProtection Start(string personId) => new() { PersonId = personId };

    /// <summary>The clock the decisions imply: the one with the latest last benefit day (ties: the later recorded).</summary>
    public SgiClock? ClockOf(SgiRules rules)
    {
        var decision = Decisions.Where(d => d.StartsClock)
            .OrderBy(d => d.LastBenefitDay).ThenBy(d => d.RecordedAt).ThenBy(d => d.FactKey, StringComparer.Ordinal)
            .LastOrDefault();
        if (decision is null) return null;
        var last = decision.LastBenefitDay!.Value;
        return new SgiClock(decision.FactKey, last, rules.DeadlineFor(last), decision.SgiRestsOnEmployment);
    }

    /// <summary>The status at <paramref name="now"/>: a pure function of the facts.</summary>
    public SgiEvaluation Evaluate(DateTimeOffset now, SgiRules rules)
    {
        var clock = ClockOf(rules);
        if (clock is null) return new SgiEvaluation(SgiStatus.Unspecified, null, null);
        if (clock.SgiRestsOnEmployment) return new SgiEvaluation(SgiStatus.NotApplicable, clock, null);
        var spell = ProtectingSpell(clock);
        if (spell is not null) return new SgiEvaluation(SgiStatus.Protected, clock, spell);
        return new SgiEvaluation(now >= clock.MissAt ? SgiStatus.PresumedLost : SgiStatus.AtRisk, clock, null);
    }

    /// <summary>
    /// A registration in time (registration_date ≤ deadline) that was not over before the clock started; one that was already
    /// running at the clock's start protects at once. A later deregistration does not re-open the risk (D10).
    /// </summary>
    private RegistrationSpellFact? ProtectingSpell(SgiClock clock) =>
        Spells.Where(s => s.RegistrationDate <= clock.DeadlineDate && (s.DeregistrationDate is null || s.DeregistrationDate >= clock.LastBenefitDay))
            .OrderBy(s => s.RegistrationDate).ThenBy(s => s.FactKey, StringComparer.Ordinal)
            .FirstOrDefault();

    public Change<SgiProtection> RecordDecision(BenefitDecisionFact fact, DateTimeOffset now, SgiRules rules)
    {
        var decisions = FactRevisions.With(Decisions, fact);
        if (ReferenceEquals(decisions, Decisions)) return Change<SgiProtection>.Of(this);
        return (this with { Decisions = decisions }).Reconcile(now, rules, new SgiFactRecorded(fact.DecisionDate, SgiFactKind.BenefitDecision, fact.FactKey));
    }

    public Change<SgiProtection> RecordRegistration(RegistrationSpellFact fact, DateTimeOffset now, SgiRules rules)
    {
        var spells = FactRevisions.With(Spells, fact);
        if (ReferenceEquals(spells, Spells)) return Change<SgiProtection>.Of(this);
        return (this with { Spells = spells }).Reconcile(now, rules, new SgiFactRecorded(fact.RegistrationDate, SgiFactKind.AfRegistrationSpell, fact.FactKey));
    }

    /// <summary>The referral's FK office / the booking's AF officer became known or changed (routing of reminders).</summary>
    public Change<SgiProtection> Assign(string fkOfficeId, string afOfficerId, DateOnly effectiveDate)
    {
        var next = this with
        {
            FkOfficeId = string.IsNullOrEmpty(fkOfficeId) ? FkOfficeId : fkOfficeId,
            AfOfficerId = string.IsNullOrEmpty(afOfficerId) ? AfOfficerId : afOfficerId,
        };
        return next == this ? Change<SgiProtection>.Of(this) : Change<SgiProtection>.Of(next, new SgiAssigned(effectiveDate, next.OfficeId, next.AfOfficerId));
    }

    /// <summary>The miss timer fired (or any re-check): announces PresumedLost when the deadline has passed unprotected.</summary>
    public Change<SgiProtection> DeadlinePassed(DateTimeOffset now, SgiRules rules) => Reconcile(now, rules);

    /// <summary>
    /// The reminder <paramref name="daysBefore"/> the deadline fired. Sent only while AtRisk, once per offset and deadline; a late
    /// firing reports the days actually left and settles every larger offset with it. Early firings do nothing.
    /// </summary>
    public Change<SgiProtection> RemindDue(int daysBefore, DateTimeOffset now, SgiRules rules)
    {
        var reconciled = Reconcile(now, rules);
        var state = reconciled.State;
        var evaluation = state.Evaluate(now, rules);
        if (evaluation.Status != SgiStatus.AtRisk || evaluation.Clock is not { } clock) return reconciled;
        var daysLeft = clock.DeadlineDate.DayNumber - CivilTime.DateOf(now).DayNumber;
        if (daysLeft > daysBefore || state.RemindedDaysBefore.Contains(daysBefore)) return reconciled;

        var settled = rules.ReminderDaysBefore.Where(d => d >= daysLeft).Union(state.RemindedDaysBefore).Order();
        return new Change<SgiProtection>(
            state with { RemindedDaysBefore = ValueList.From(settled) },
            [.. reconciled.Events, new SgiDeadlineApproaching(CivilTime.DateOf(now), clock.DeadlineDate, daysLeft, state.OfficeId, state.AfOfficerId)]);
    }

    /// <summary>
    /// The timers this person needs now, as data: while the clock runs unprotected, a reminder per configured offset (not yet
    /// sent) and the miss; none once Protected, NotApplicable or the miss is announced. Names are stable ("sgi-miss",
    /// "sgi-remind-7"), so a moved deadline reschedules them.
    /// </summary>
    public IReadOnlyList<DueTimer> Timers(SgiRules rules)
    {
        var clock = ClockOf(rules);
        if (clock is null || clock.SgiRestsOnEmployment || ProtectingSpell(clock) is not null) return [];
        if (AnnouncedStatus == SgiStatus.PresumedLost && AnnouncedDeadline == clock.DeadlineDate) return [];
        var reminded = AnnouncedDeadline == clock.DeadlineDate ? RemindedDaysBefore : [];
        var timers = rules.ReminderDaysBefore.Where(d => !reminded.Contains(d))
            .Select(d => new DueTimer($"sgi-remind-{d}", TimerKind.SgiReminder, SgiRules.ReminderAt(clock.DeadlineDate, d), clock.DeadlineDate, d))
            .ToList();
        timers.Add(new DueTimer("sgi-miss", TimerKind.SgiDeadlineMissed, clock.MissAt, clock.DeadlineDate));
        return timers;
    }

    /// <summary>Every timer name this aggregate may use (the adapter cancels those not in <see cref="Timers"/>).</summary>
    public static IReadOnlyList<string> TimerNames(SgiRules rules) =>
        [.. rules.ReminderDaysBefore.Select(d => $"sgi-remind-{d}"), "sgi-miss"];

    /// <summary>Announces the difference between the status the facts imply now and the one announced before.</summary>
    private Change<SgiProtection> Reconcile(DateTimeOffset now, SgiRules rules, params IDomainEvent[] first)
    {
        var evaluation = Evaluate(now, rules);
        var events = new List<IDomainEvent>(first);
        var state = this;
        var clock = evaluation.Clock;
        var today = CivilTime.DateOf(now);
        var deadlineMoved = clock?.DeadlineDate != AnnouncedDeadline;

        if (clock is not null && deadlineMoved)
            state = state with { RemindedDaysBefore = ValueList<int>.Empty };

        if (evaluation.Status != AnnouncedStatus || deadlineMoved)
        {
            switch (evaluation.Status)
            {
                case SgiStatus.AtRisk:
                    events.Add(new SgiClockStarted(clock!.LastBenefitDay, clock.DeadlineDate, state.OfficeId, state.AfOfficerId));
                    break;
                case SgiStatus.Protected:
                    if (deadlineMoved) events.Add(new SgiClockStarted(clock!.LastBenefitDay, clock.DeadlineDate, state.OfficeId, state.AfOfficerId));
                    if (AnnouncedStatus != SgiStatus.Protected || deadlineMoved)
                        events.Add(new SgiProtected(evaluation.ProtectingSpell!.RegistrationDate, clock!.DeadlineDate,
                            CorrectsMiss: AnnouncedStatus == SgiStatus.PresumedLost, state.OfficeId));
                    break;
                case SgiStatus.PresumedLost:
                    if (deadlineMoved) events.Add(new SgiClockStarted(clock!.LastBenefitDay, clock.DeadlineDate, state.OfficeId, state.AfOfficerId));
                    events.Add(new SgiDeadlineMissed(clock!.DeadlineDate.AddDays(1), clock.DeadlineDate, state.OfficeId, state.AfOfficerId));
                    break;
                case SgiStatus.NotApplicable:
                    if (AnnouncedStatus != SgiStatus.NotApplicable)
                        events.Add(new SgiNotApplicable(today, SgiNotApplicable.RestsOnEmployment));
                    break;
            }
        }

        state = state with { AnnouncedStatus = evaluation.Status, AnnouncedDeadline = clock?.DeadlineDate };
        return events.Count == 0 ? Change<SgiProtection>.Of(this) : new Change<SgiProtection>(state, events);
    }
}

public enum SgiFactKind
{
    Unspecified = 0,
    BenefitDecision = 1,
    AfRegistrationSpell = 2,
}

/// <summary>A fact was taken into account (also when the status did not change: the fact set is the state).</summary>
public sealed record SgiFactRecorded(DateOnly EffectiveDate, SgiFactKind Kind, string FactKey) : IDomainEvent;

/// <summary>SgiClockStarted{last_sickness_benefit_day, deadline = +T1} (§3f); its effective date is the last benefit day.</summary>
public sealed record SgiClockStarted(DateOnly LastBenefitDay, DateOnly DeadlineDate, string OfficeId, string OfficerId) : IDomainEvent
{
    public DateOnly EffectiveDate => LastBenefitDay;
}

public sealed record SgiDeadlineApproaching(DateOnly EffectiveDate, DateOnly DeadlineDate, int DaysLeft, string OfficeId, string OfficerId)
    : IDomainEvent
{
    /// <summary>Derived from the timer firing that caused it, so a redelivered firing can never announce it twice.</summary>
    public string? EventId { get; init; }
}

/// <summary>Registered in time; <see cref="CorrectsMiss"/> when a miss had been announced (a late-recorded registration, D10).</summary>
public sealed record SgiProtected(DateOnly RegistrationDate, DateOnly DeadlineDate, bool CorrectsMiss, string OfficeId) : IDomainEvent
{
    public DateOnly EffectiveDate => RegistrationDate;
}

/// <summary>Effective on deadline + 1 day, the day the miss fires (D10).</summary>
public sealed record SgiDeadlineMissed(DateOnly EffectiveDate, DateOnly DeadlineDate, string OfficeId, string OfficerId) : IDomainEvent
{
    /// <summary>Derived from the timer firing that caused it, when a firing did.</summary>
    public string? EventId { get; init; }
}

public sealed record SgiNotApplicable(DateOnly EffectiveDate, string Reason) : IDomainEvent
{
    public const string RestsOnEmployment = "sgi_rests_on_employment";
}

public sealed record SgiAssigned(DateOnly EffectiveDate, string OfficeId, string OfficerId) : IDomainEvent;
