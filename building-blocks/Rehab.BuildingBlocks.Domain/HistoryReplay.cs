namespace Rehab.BuildingBlocks.Domain;

/// <summary>
/// Replays an aggregate's migrated history through its live commands, one step at a time (the history imports): collects the
/// events with the step each came from, so every event can carry that step's recorded time, and reports what a command refused
/// on the history record's own fields — a field violation under the name <c>rename</c> gives it, a broken rule as
/// <c>rule: reason</c> on the field <c>ruleField</c> names.
/// </summary>
public sealed class HistoryReplay<TState, TStep>(TState initial)
{
    private readonly List<IDomainEvent> _events = [];
    private readonly List<TStep> _steps = [];

    public TState State { get; private set; } = initial;

    /// <summary>Replays on from a state the aggregate already has (a record continuing what the live path began).</summary>
    public void ContinueFrom(TState state) => State = state;

    public void Step(TStep step, Func<TState, Change<TState>> command, Func<string, string> rename, Func<string, string> ruleField)
    {
        Change<TState> change;
        try
        {
            change = command(State);
        }
        catch (ValidationFailedException invalid)
        {
            throw new ValidationFailedException(invalid.Violations.Select(v => new FieldViolation(rename(v.Field), v.Description)).ToList());
        }
        catch (WrongStateException broken)
        {
            throw new ValidationFailedException(ruleField(broken.Rule), $"{broken.Rule}: {broken.Message}");
        }

        _events.AddRange(change.Events);
        _steps.AddRange(change.Events.Select(_ => step));
        State = change.State;
    }

    /// <summary>The whole replay as one change, and per event the step it came from.</summary>
    public (Change<TState> Change, TStep[] StepOfEvent) Result() => (new Change<TState>(State, _events.ToArray()), _steps.ToArray());
}
