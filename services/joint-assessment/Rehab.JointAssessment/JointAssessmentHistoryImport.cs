using Google.Protobuf.WellKnownTypes;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.JointAssessment.V1;
using Domain = Rehab.JointAssessment.Domain;

namespace Rehab.JointAssessment;

/// <summary>
/// The history import (role System): each record is one round, replayed through the domain (<see cref="Domain.JointAssessment.FromHistory"/>)
/// and stored in one atomic commit under an id derived from (source_system, history_id) in the person's shard, so a resend or a
/// racing retry can never store a round twice. The batch (<see cref="HistoryImportBatch"/>) commits rounds concurrently and audits once.
/// </summary>
public sealed class JointAssessmentHistoryImport(
    AggregateRepository<Domain.JointAssessment> rounds, HistoryImportBatch batch, Domain.JointAssessmentRules rules, TimeProvider time)
{
    private static readonly HistoryImportDefinition<JointAssessmentHistoryRecord> Definition = new("joint_assessment",
        ["person_id", "sick_case_id", "benefit_types", "gender", "meetings", "labour_market_assessment", "activity_level", "plan",
         "not_proceeding", "decline"]);

    public static string RoundId(string sourceSystem, string historyId, string personId) =>
        AggregateId.FromName(KeyLayout.ShardOfPartition(personId), $"jointassessment-history|{sourceSystem}|{historyId}");

    public async Task<ImportJointAssessmentHistoryResponse> ImportAsync(ImportJointAssessmentHistoryRequest request, CancellationToken ct)
    {
        var source = request.SourceSystem.Trim();
        var today = CivilTime.Today(time);
        var now = time.GetUtcNow();
        var imported = await batch.ImportAsync(Definition, request.Records, new Violations().RequireText(request.SourceSystem, "source_system"),
            (record, token) => ImportOneAsync(record, source, today, now, token), ct);

        var response = new ImportJointAssessmentHistoryResponse
        {
            BatchId = request.BatchId, Recorded = imported.Recorded, Unchanged = imported.Unchanged, Rejected = imported.Rejected,
        };
        response.Results.AddRange(imported.Decisions.Select((d, i) => new HistoryRecordResult
        {
            Index = i, HistoryId = request.Records[i].HistoryId, Outcome = (HistoryOutcome)d.Outcome, JointAssessmentId = d.AggregateId,
            Violations = { d.ContractViolations },
        }));
        return response;
    }

    private async Task<HistoryRecordDecision> ImportOneAsync(
        JointAssessmentHistoryRecord record, string source, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        new Violations().RequireText(record.HistoryId, "history_id").RequireText(record.PersonId, "person_id").ThrowIfAny();
        var id = RoundId(source, record.HistoryId.Trim(), record.PersonId.Trim());
        var history = record.ToHistory(id, source);
        var replay = Domain.JointAssessment.FromHistory(history, rules, today);
        var stepTimes = record.StepRecordedTimes(history, now);
        var recordedAt = new Dictionary<IDomainEvent, DateTimeOffset?>(ReferenceEqualityComparer.Instance);
        for (var e = 0; e < replay.Change.Events.Count; e++) recordedAt[replay.Change.Events[e]] = stepTimes[replay.StepOfEvent[e]];

        try
        {
            var existing = await rounds.FindAsync(id, ct);
            var (stored, created) = existing is null ? await rounds.ImportAsync(id, replay.Change, e => recordedAt[e], ct) : (existing, false);
            if (created) return HistoryRecordDecision.Recorded(stored.Id);
            if (stored.State == replay.Change.State) return HistoryRecordDecision.Unchanged(stored.Id);
            return new HistoryRecordDecision(HistoryImportOutcome.Rejected, stored.Id, [new FieldViolation("history_id",
                $"already imported as round {stored.Id} with other content (or changed since): a re-import does not correct history")]);
        }
        catch (AlreadyExistsException taken)
        {
            throw new ValidationFailedException(string.IsNullOrWhiteSpace(record.ReferralId) ? "round_no" : "referral_id", taken.Message);
        }
    }
}

internal static class JointAssessmentHistoryMapping
{
    public static Domain.RoundHistory ToHistory(this JointAssessmentHistoryRecord r, string id, string source)
    {
        var meetings = r.Meetings.Select((m, i) => new Domain.HistoryMeeting(
            (Domain.MeetingType)m.MeetingType, m.HeldDate.ToOptionalDateOnly($"meetings[{i}].held_date"), (Domain.MeetingMode)m.Mode,
            m.Participants.Select(p => (Domain.Participant)p).ToList())).ToList();
        return new Domain.RoundHistory(
            id, string.IsNullOrWhiteSpace(r.ReferralId) ? $"history:{source}:{r.HistoryId.Trim()}" : r.ReferralId.Trim(),
            r.PersonId.Trim(), r.SickCaseId, r.RoundNo, r.BenefitTypes.Select(b => (BenefitType)b).Distinct().ToList(), (Gender)r.Gender,
            r.FkOfficeId, r.AfOfficeId, r.AfOfficerId, r.OpenedDate.ToOptionalDateOnly("opened_date"),
            r.RequestReceivedDate.ToOptionalDateOnly("request_received_date"), r.ConsentGivenDate.ToOptionalDateOnly("consent_given_date"),
            meetings, r.Conclusion is null ? null : r.Conclusion.ToHistory());
    }

    private static Domain.HistoryConclusion ToHistory(this JointAssessmentHistoryConclusion c)
    {
        var concluded = c.ConcludedDate.ToOptionalDateOnly("conclusion.concluded_date");
        return new Domain.HistoryConclusion((Domain.Conclusion)c.Conclusion, concluded)
        {
            // An assessment without its own date was made by the time the plan was agreed.
            LabourMarketAssessment = c.LabourMarketAssessment is { } a
                ? new Domain.LabourMarketAssessment(a.IllnessImpact, a.AdaptationNeeds,
                    a.AssessedDate.ToOptionalDateOnly("conclusion.labour_market_assessment.assessed_date") ?? concluded ?? default)
                : null,
            ActivityLevel = c.ActivityLevel is { } l
                ? new Domain.ActivityLevel(l.HoursPerWeek, (Domain.Stability)l.Stability,
                    l.AssessedDate.ToOptionalDateOnly("conclusion.activity_level.assessed_date") ?? concluded ?? default)
                : null,
            Goals = c.Goals.Select(g => g.ToDomain()).ToList(),
            FirstOrientation = (Domain.FirstOrientation)c.FirstOrientation,
            PlannedInterventions = c.PlannedInterventions.Select(i => i.ToDomain()).ToList(),
            NotProceedingReasons = c.NotProceedingReasons.Select(x => (Domain.NotProceedingReason)x).ToList(),
            ReferredTo = c.ReferredTo,
            DeclineValidReason = c.DeclineValidReason,
            DeclineChannel = (Channel)c.DeclineChannel,
        };
    }

    /// <summary>
    /// When the source recorded each step (0 = opened, 1..n = meetings, n + 1 = conclusion); null = now. A step cannot be recorded
    /// before the day it took effect, nor in the future.
    /// </summary>
    public static DateTimeOffset?[] StepRecordedTimes(this JointAssessmentHistoryRecord r, Domain.RoundHistory h, DateTimeOffset now)
    {
        var violations = new Violations();
        var times = new DateTimeOffset?[h.Meetings.Count + 2];
        times[0] = Recorded(violations, r.OpenedRecordedAt, "opened_recorded_at", h.OpenedDate, now);
        for (var i = 0; i < h.Meetings.Count; i++)
            times[i + 1] = Recorded(violations, r.Meetings[i].RecordedAt, $"meetings[{i}].recorded_at", h.Meetings[i].HeldDate, now);
        if (h.Conclusion is { } c) times[^1] = Recorded(violations, r.Conclusion.RecordedAt, "conclusion.recorded_at", c.ConcludedDate, now);
        violations.ThrowIfAny();
        return times;
    }

    private static DateTimeOffset? Recorded(Violations violations, Timestamp? at, string field, DateOnly? effective, DateTimeOffset now)
    {
        if (at is null) return null;
        var instant = at.ToInstant(field);
        violations.Require(instant <= now, field, "must not be in the future")
            .Require(effective is null || CivilTime.DateOf(instant) >= effective, field, "must not be before the day the step took effect");
        return instant;
    }
}
