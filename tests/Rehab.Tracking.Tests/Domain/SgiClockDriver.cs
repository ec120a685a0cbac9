using Microsoft.Extensions.Time.Testing;
using Rehab.BuildingBlocks.Domain;
using Rehab.Tracking.Domain;

namespace Rehab.Tracking.Tests.Domain;

/// <summary>
/// What the timer engine will do, in miniature: keeps a person's SGI protection, schedules exactly its <see cref="SgiProtection.Timers"/>,
/// moves a fake clock to each due instant in turn and calls the domain method the firing maps to. Records every event with the
/// instant it was emitted at.
/// </summary>
internal sealed class SgiClockDriver(DateTimeOffset start, SgiRules? rules = null)
{
    public FakeTimeProvider Clock { get; } = new(start);

    public SgiRules Rules { get; } = rules ?? SgiRules.Default;

    public SgiProtection State { get; private set; } = SgiProtection.Start("person-1");

    public List<(DateTimeOffset At, IDomainEvent Event)> Emitted { get; } = [];

    public DateTimeOffset Now => Clock.GetUtcNow();

    public SgiStatus Status => State.Evaluate(Now, Rules).Status;

    public void Apply(Func<SgiProtection, DateTimeOffset, SgiRules, Change<SgiProtection>> command)
    {
        var change = command(State, Now, Rules);
        State = change.State;
        Emitted.AddRange(change.Events.Select(e => (Now, e)));
    }

    public void Decision(DateOnly lastBenefitDay, bool restsOnEmployment = false, string key = "fk/d1", DateTimeOffset? recorded = null) =>
        Apply((s, now, r) => s.RecordDecision(
            new BenefitDecisionFact(key, recorded ?? now, DecisionKind.Refusal, BenefitType.SicknessBenefit, lastBenefitDay, lastBenefitDay, restsOnEmployment),
            now, r));

    public void Registration(DateOnly registered, string key = "af/r1", DateTimeOffset? recorded = null, DateOnly? deregistered = null) =>
        Apply((s, now, r) => s.RecordRegistration(new RegistrationSpellFact(key, recorded ?? now, registered, deregistered, "af-office-9"), now, r));

    /// <summary>Fires every timer due up to <paramref name="until"/>, each at exactly its due instant, then sets the clock there.</summary>
    public void RunUntil(DateTimeOffset until)
    {
        while (State.Timers(Rules).Where(t => t.DueAt <= until).MinBy(t => t.DueAt) is { } next)
        {
            if (next.DueAt > Now) Clock.SetUtcNow(next.DueAt);
            Apply((s, now, r) => next.Kind == TimerKind.SgiReminder ? s.RemindDue(next.DaysLeft, now, r) : s.DeadlinePassed(now, r));
        }

        if (until > Now) Clock.SetUtcNow(until);
    }

    public IEnumerable<(DateTimeOffset At, T Event)> Of<T>() where T : IDomainEvent =>
        Emitted.Where(e => e.Event is T).Select(e => (e.At, (T)e.Event));
}
