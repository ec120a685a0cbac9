using Rehab.BuildingBlocks.Domain;

namespace Rehab.Interventions.Domain;

/// <summary>One participation's life as a source system recorded it before the platform (issue 9): the steps that have dates happened.</summary>
public sealed record ParticipationHistory(
    KnownRound Round,
    EstablishedPlan Plan,
    DateOnly? StartDate,
    double InsuredHoursPerWeek,
    HistoricClosure? Closure,
    HistoricCorrection? Correction);

public sealed record HistoricClosure(
    DateOnly? InitiatedDate,
    IReadOnlyList<ClosureInitiator> Initiators,
    Channel Channel,
    DateOnly? ClosedDate,
    Outcome Outcome,
    IReadOnlyList<ClosureReason> ClosureReasons,
    BenefitType BenefitTypeAtClosure,
    OccupationAfterClosure Occupation,
    double WorkCapacityHoursPerWeek,
    UnknownOutcomeReason UnknownOutcomeReason);

public sealed record HistoricCorrection(DateOnly? EffectiveDate, OccupationAfterClosure Occupation);

/// <summary>The steps of a participation's history; each event of a replay belongs to one (the source recorded each at its own time).</summary>
public enum ParticipationHistoryStep
{
    Planned,
    Started,
    ClosureInitiated,
    Closed,
    Corrected,
}

public sealed partial record Participation
{
    public const string HistoryRule = "history.conflict";

    /// <summary>
    /// Brings this participation (the empty one when none exists yet) forward to the recorded life by the live commands, in order —
    /// plan, start, closure (initiated, decided), correction — so the import keeps every invariant and emits the live path's events.
    /// Steps already taken are skipped when they agree with the record (a resent record changes nothing) and refused when they do
    /// not. A command's violations are renamed to the record's fields (start_date, closure.closed_date, …). When
    /// <paramref name="stepOfEvent"/> is given, it receives the step each emitted event belongs to (for the source's recorded times).
    /// </summary>
    public Change<Participation> ContinueHistory(
        string participationId, ParticipationHistory h, InterventionsRules rules, DateOnly today, IList<ParticipationHistoryStep>? stepOfEvent = null)
    {
        var events = new List<IDomainEvent>();
        var state = this;

        void Step(ParticipationHistoryStep step, string prefix, string dateField, Func<Participation, Change<Participation>> command)
        {
            Change<Participation> change;
            try
            {
                change = command(state);
            }
            catch (ValidationFailedException invalid)
            {
                throw new ValidationFailedException(invalid.Violations.Select(v =>
                    new FieldViolation(v.Field == "effective_date" ? dateField : prefix + v.Field, v.Description)).ToList());
            }

            events.AddRange(change.Events);
            foreach (var _ in change.Events) stepOfEvent?.Add(step);
            state = change.State;
        }

        if (State == ParticipationState.Unspecified)
            Step(ParticipationHistoryStep.Planned, "", "planned_date", _ => Open(participationId, h.Round, h.Plan));
        else if (JointAssessmentId != h.Round.JointAssessmentId || PersonId != h.Round.PersonId || PlannedDate != h.Plan.EstablishedDate)
            throw new WrongStateException(HistoryRule, $"participation {ParticipationId} of this round was planned otherwise than the record says");

        if (h.StartDate is { } start)
        {
            if (state.State == ParticipationState.Planned)
                Step(ParticipationHistoryStep.Started, "", "start_date", p => p.Start(start, h.InsuredHoursPerWeek, rules, today));
            else if (state.StartDate != start)
                throw new WrongStateException(HistoryRule, $"participation {ParticipationId} started on {Chronology.Format(state.StartDate ?? default)}, not on the record's start_date");
        }
        else if (h.Closure is not null)
        {
            throw new ValidationFailedException("start_date", "is required when the record has a closure");
        }

        if (h.Closure is { } c)
        {
            if (state.State != ParticipationState.Closed)
            {
                if (state.State != ParticipationState.ClosureProposed)
                    Step(ParticipationHistoryStep.ClosureInitiated, "closure.", "closure.initiated_date", p => p.InitiateClosure(c.InitiatedDate ?? c.ClosedDate, c.Initiators, c.Channel, today));
                Step(ParticipationHistoryStep.Closed, "closure.", "closure.closed_date", p => p.DecideClosure(c.ClosedDate, c.Outcome, c.ClosureReasons, c.BenefitTypeAtClosure,
                    c.Occupation, c.WorkCapacityHoursPerWeek, c.UnknownOutcomeReason, today));
            }
            else if (state.Closure!.ClosedDate != c.ClosedDate || state.Closure.Outcome != c.Outcome)
            {
                throw new WrongStateException(HistoryRule, $"participation {ParticipationId} was closed otherwise than the record says");
            }
        }
        else if (h.Correction is not null)
        {
            throw new ValidationFailedException("correction", "is only given with a closure");
        }

        if (h.Correction is { } fix && state.Closure is { } closure && closure.Corrections.Count == 0)
            Step(ParticipationHistoryStep.Corrected, "correction.", "correction.effective_date", p => p.CorrectClosureOutcome(fix.EffectiveDate, fix.Occupation, rules, today));

        return new Change<Participation>(state, events);
    }
}
