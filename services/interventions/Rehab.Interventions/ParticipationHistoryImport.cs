using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Interventions.V1;
using Domain = Rehab.Interventions.Domain;

namespace Rehab.Interventions;

/// <summary>
/// The history import (issue 9, role System): each record is one participation's life, brought forward by
/// <see cref="Domain.Participation.ContinueHistory"/> (the live commands) and committed once per participation. Idempotent by
/// history_id: the participation is the one its round holds (one per round), created with the request id "history-&lt;id&gt;"; a
/// resent record finds every step taken and is UNCHANGED. If the round's plan event opened the participation first, the record
/// continues it. Records are decided concurrently and on their own (<see cref="HistoryImportBatch"/>); a history_id repeated in the
/// batch is rejected.
/// </summary>
public sealed class ParticipationHistoryImport(
    AggregateRepository<Domain.Participation> participations, HistoryImportBatch batch, Domain.InterventionsRules rules, TimeProvider time)
{
    private const int MaxAttempts = 8;

    private static readonly HistoryImportDefinition<ParticipationHistoryRecord> Definition = new("participation",
        ["person_id", "gender", "benefit_types", "plan", "state", "start_date", "closure"])
    {
        RejectRepeated = r => r.HistoryId,
    };

    public async Task<ImportParticipationHistoryResponse> ImportAsync(ImportParticipationHistoryRequest request, CancellationToken ct)
    {
        var today = CivilTime.Today(time);
        var imported = await batch.ImportAsync(Definition, request.Records, new Violations(),
            (record, token) => ImportRecordAsync(record, today, token), ct);

        var response = new ImportParticipationHistoryResponse
        {
            BatchId = request.BatchId, Recorded = imported.Recorded, Unchanged = imported.Unchanged, Rejected = imported.Rejected,
        };
        response.Results.AddRange(imported.Decisions.Select((d, i) => new HistoryRecordResult
        {
            Index = i, HistoryId = request.Records[i].HistoryId, Outcome = (HistoryRecordOutcome)d.Outcome, ParticipationId = d.AggregateId,
            Violations = { d.ContractViolations },
        }));
        return response;
    }

    private async Task<HistoryRecordDecision> ImportRecordAsync(ParticipationHistoryRecord record, DateOnly today, CancellationToken ct)
    {
        var history = ToDomain(record);
        var times = StepRecordedTimes(record, history, time.GetUtcNow());
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stored = await participations.FindByUniqueKeyAsync(
                    record.PersonId, Domain.Participation.RoundKey(record.JointAssessmentId), ct);
                var steps = new List<Domain.ParticipationHistoryStep>();
                Change<Domain.Participation>? change = null;
                var recordedAt = RecordedAt(() => change?.Events ?? [], steps, times);
                if (stored is null)
                {
                    var created = await participations.CreateAsync(record.PersonId, "history-" + record.HistoryId,
                        id => change = new Domain.Participation().ContinueHistory(id, history, rules, today, steps), ct, recordedAt);
                    return HistoryRecordDecision.Recorded(created.Id);
                }

                change = stored.State.ContinueHistory(stored.Id, history, rules, today, steps);
                if (change.Events.Count == 0) return HistoryRecordDecision.Unchanged(stored.Id);
                await participations.UpdateAsync(stored.Id, stored.Etag, _ => change, ct, recordedAt);
                return HistoryRecordDecision.Recorded(stored.Id);
            }
            catch (WrongStateException wrong)
            {
                return HistoryRecordDecision.Rejected(new FieldViolation(wrong.Rule, wrong.Message));
            }
            catch (Exception e) when (e is ConcurrencyConflictException or AlreadyExistsException && attempt < MaxAttempts)
            {
                // The round's plan event (or another import) got there first: decide again on what is stored now.
            }
        }
    }

    private static Domain.ParticipationHistory ToDomain(ParticipationHistoryRecord r)
    {
        var violations = new Violations()
            .Require(r.HistoryId.Length is > 0 and <= 90 && r.HistoryId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'),
                "history_id", "must be 1–90 characters of letters, digits, '-' or '_'")
            .RequireText(r.PersonId, "person_id")
            .RequireText(r.JointAssessmentId, "joint_assessment_id")
            .Require(r.RoundNo >= 1, "round_no", "must be 1 or more")
            .RequireChoice((Gender)r.Gender, "gender")
            .Require(r.BenefitTypes.Count > 0, "benefit_types", "needs at least one benefit type");
        foreach (var b in r.BenefitTypes) violations.RequireChoice((BenefitType)b, "benefit_types");
        violations.ThrowIfAny();
        var round = new Domain.KnownRound
        {
            JointAssessmentId = r.JointAssessmentId.Trim(), PersonId = r.PersonId.Trim(), ReferralId = r.ReferralId, SickCaseId = r.SickCaseId,
            RoundNo = r.RoundNo, BenefitTypes = r.BenefitTypes.Select(b => (BenefitType)b).ToList(), Gender = (Gender)r.Gender,
            FkOfficeId = r.FkOfficeId, AfOfficeId = r.AfOfficeId,
        };
        var plan = new Domain.EstablishedPlan(1, [], Domain.InterventionOrientation.Unspecified, r.ActivityHoursPerWeek,
            r.PlannedDate.ToOptionalDateOnly("planned_date"));
        var closure = r.Closure is not { } c ? null : new Domain.HistoricClosure(
            c.InitiatedDate.ToOptionalDateOnly("closure.initiated_date"), c.Initiators.Select(i => (Domain.ClosureInitiator)i).ToList(),
            (Channel)c.Channel, c.ClosedDate.ToOptionalDateOnly("closure.closed_date"), (Domain.Outcome)c.Outcome,
            c.ClosureReasons.Select(x => (Domain.ClosureReason)x).ToList(), (BenefitType)c.BenefitTypeAtClosure,
            (Rehab.BuildingBlocks.Domain.OccupationAfterClosure)c.OccupationAfterClosure, c.WorkCapacityHoursPerWeek, (Domain.UnknownOutcomeReason)c.UnknownOutcomeReason);
        var correction = r.Correction is not { } x ? null : new Domain.HistoricCorrection(
            x.EffectiveDate.ToOptionalDateOnly("correction.effective_date"), (Rehab.BuildingBlocks.Domain.OccupationAfterClosure)x.OccupationAfterClosure);
        return new Domain.ParticipationHistory(round, plan, r.StartDate.ToOptionalDateOnly("start_date"), r.InsuredHoursPerWeek, closure, correction);
    }

    /// <summary>The recorded time of an event of the replay: its step's (null = now).</summary>
    private static Func<IDomainEvent, DateTimeOffset?> RecordedAt(
        Func<IReadOnlyList<IDomainEvent>> events, List<Domain.ParticipationHistoryStep> steps,
        IReadOnlyDictionary<Domain.ParticipationHistoryStep, DateTimeOffset?> times) => e =>
    {
        var emitted = events();
        for (var i = 0; i < emitted.Count && i < steps.Count; i++)
            if (ReferenceEquals(emitted[i], e)) return times.GetValueOrDefault(steps[i]);
        return null;
    };

    /// <summary>
    /// When the source recorded each step (empty = now); not in the future, not before the step's date. An initiation without its
    /// own time was recorded with the closure.
    /// </summary>
    private static IReadOnlyDictionary<Domain.ParticipationHistoryStep, DateTimeOffset?> StepRecordedTimes(
        ParticipationHistoryRecord r, Domain.ParticipationHistory h, DateTimeOffset now)
    {
        var violations = new Violations();
        DateTimeOffset? Recorded(Google.Protobuf.WellKnownTypes.Timestamp? at, string field, DateOnly? effective)
        {
            if (at is null) return null;
            var instant = at.ToInstant(field);
            violations.Require(instant <= now, field, "must not be in the future")
                .Require(effective is null || CivilTime.DateOf(instant) >= effective, field, "must not be before the day the step took effect");
            return instant;
        }

        var closed = Recorded(r.Closure?.ClosedRecordedAt, "closure.closed_recorded_at", h.Closure?.ClosedDate);
        var times = new Dictionary<Domain.ParticipationHistoryStep, DateTimeOffset?>
        {
            [Domain.ParticipationHistoryStep.Planned] = Recorded(r.PlannedRecordedAt, "planned_recorded_at", h.Plan.EstablishedDate),
            [Domain.ParticipationHistoryStep.Started] = Recorded(r.StartedRecordedAt, "started_recorded_at", h.StartDate),
            [Domain.ParticipationHistoryStep.ClosureInitiated] =
                Recorded(r.Closure?.InitiatedRecordedAt, "closure.initiated_recorded_at", h.Closure?.InitiatedDate ?? h.Closure?.ClosedDate) ?? closed,
            [Domain.ParticipationHistoryStep.Closed] = closed,
            [Domain.ParticipationHistoryStep.Corrected] = Recorded(r.Correction?.RecordedAt, "correction.recorded_at", h.Correction?.EffectiveDate),
        };
        violations.ThrowIfAny();
        return times;
    }
}
