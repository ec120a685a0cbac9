using Google.Protobuf.WellKnownTypes;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Transition.V1;
using Domain = Rehab.TransitionMeetings.Domain;

namespace Rehab.TransitionMeetings;

/// <summary>
/// The history import (role System): each record is one meeting, replayed through the domain (<see cref="Domain.Meeting.FromHistory"/>)
/// against the person's facts as they count now and stored in one atomic commit under an id derived from (source_system, history_id)
/// in the person's shard, so a resend or a racing retry can never store a meeting twice. A person's records are decided one after
/// the other (sequence numbers and refusal claims are per person); persons are imported concurrently (<see cref="HistoryImportBatch"/>,
/// which also audits once per batch). A refusal the facts feed already turned into a meeting (still untouched) is continued by its
/// history, not duplicated.
/// </summary>
public sealed class MeetingHistoryImport(
    AggregateRepository<Domain.Meeting> meetings, PersonMeetings people, HistoryImportBatch batch, Domain.TransitionRules rules, TimeProvider time)
{
    private const int Attempts = 5;

    private static readonly HistoryImportDefinition<MeetingHistoryRecord> Definition = new("transition_meeting",
        ["person_id", "sick_case_id", "gender", "chain_day", "response", "held", "sgi_information", "registration_support", "refusal", "registration"])
    {
        InOrderOf = r => r.PersonId.Trim(),
    };

    public static string MeetingId(string sourceSystem, string historyId, string personId) =>
        AggregateId.FromName(KeyLayout.ShardOfPartition(personId), $"transition-history|{sourceSystem}|{historyId}");

    public async Task<ImportMeetingHistoryResponse> ImportAsync(ImportMeetingHistoryRequest request, CancellationToken ct)
    {
        var source = request.SourceSystem.Trim();
        var today = CivilTime.Today(time);
        var now = time.GetUtcNow();
        var imported = await batch.ImportAsync(Definition, request.Records, new Violations().RequireText(request.SourceSystem, "source_system"),
            (record, token) => ImportOneAsync(record, source, today, now, token), ct);

        var response = new ImportMeetingHistoryResponse
        {
            BatchId = request.BatchId, Recorded = imported.Recorded, Unchanged = imported.Unchanged, Rejected = imported.Rejected,
        };
        response.Results.AddRange(imported.Decisions.Select((d, i) => new HistoryRecordResult
        {
            Index = i, HistoryId = request.Records[i].HistoryId, Outcome = (HistoryOutcome)d.Outcome, MeetingId = d.AggregateId,
            Violations = { d.ContractViolations },
        }));
        return response;
    }

    private async Task<HistoryRecordDecision> ImportOneAsync(
        MeetingHistoryRecord record, string source, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        new Violations().RequireText(record.HistoryId, "history_id").RequireText(record.PersonId, "person_id").ThrowIfAny();
        var personId = record.PersonId.Trim();
        var id = MeetingId(source, record.HistoryId.Trim(), personId);
        var history = record.ToHistory(id, personId);
        var times = record.StepRecordedTimes(history, now);
        return await ImportAsync(history, times, today, ct);
    }

    private async Task<HistoryRecordDecision> ImportAsync(
        Domain.MeetingHistory history, IReadOnlyDictionary<Domain.MeetingHistoryStep, DateTimeOffset?> times, DateOnly today, CancellationToken ct)
    {
        var personId = history.PersonId!;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // The facts are read after the meeting they join: at least as new as any the facts handler joined it with.
                if (await meetings.FindAsync(history.MeetingId, ct) is { } imported)
                    return Compare(imported, history, await people.FactsAsync(personId, ct), today);
                if (history.RefusalTriggered
                    && await meetings.FindByUniqueKeyAsync(personId, RefusalKey(history), ct) is { } triggered)
                    return await ContinueAsync(triggered, history, times, await people.FactsAsync(personId, ct), today, ct);

                var facts = await people.FactsAsync(personId, ct);
                var sequence = (await people.MeetingsOfAsync(personId, ct)).Count + 1;
                var replay = Domain.Meeting.FromHistory(history with { Sequence = sequence }, facts.Facts, facts.Version, rules, today);
                var (stored, created) = await meetings.ImportAsync(history.MeetingId, replay.Change, RecordedAt(replay, times), ct);
                return created ? HistoryRecordDecision.Recorded(stored.Id) : Compare(stored, history, facts, today);
            }
            catch (Exception e) when (e is AlreadyExistsException or ConcurrencyConflictException && attempt < Attempts)
            {
                // A sequence number or the refusal was taken meanwhile (the facts handler, another import), or the meeting to
                // continue changed: decide again on what is there now.
            }
            catch (AlreadyExistsException taken)
            {
                throw new ValidationFailedException(history.RefusalTriggered ? "refusal" : "history_id", taken.Message);
            }
            catch (ConcurrencyConflictException)
            {
                throw new ValidationFailedException("history_id", "the meeting kept changing while it was imported: send the record again");
            }
        }
    }

    /// <summary>The service triggered the meeting for the refusal first (the facts came first): the history continues it.</summary>
    private async Task<HistoryRecordDecision> ContinueAsync(
        Stored<Domain.Meeting> triggered, Domain.MeetingHistory history, IReadOnlyDictionary<Domain.MeetingHistoryStep, DateTimeOffset?> times,
        FactsSnapshot facts, DateOnly today, CancellationToken ct)
    {
        var continued = history with { MeetingId = triggered.Id, Sequence = triggered.State.Sequence };
        var whole = Domain.Meeting.FromHistory(continued, facts.Facts, facts.Version, rules, today);
        if (Same(triggered.State, whole.Change.State, facts)) return HistoryRecordDecision.Unchanged(triggered.Id);
        var replay = Domain.Meeting.FromHistory(continued, facts.Facts, facts.Version, rules, today, triggered.State);
        await meetings.UpdateAsync(triggered.Id, triggered.Etag, _ => replay.Change, ct, RecordedAt(replay, times));
        return HistoryRecordDecision.Recorded(triggered.Id);
    }

    private HistoryRecordDecision Compare(
        Stored<Domain.Meeting> stored, Domain.MeetingHistory history, FactsSnapshot facts, DateOnly today)
    {
        var replay = Domain.Meeting.FromHistory(history with { Sequence = stored.State.Sequence }, facts.Facts, facts.Version, rules, today);
        if (!Same(stored.State, replay.Change.State, facts))
            throw new ValidationFailedException("history_id",
                $"already imported as meeting {stored.Id} with other content (or changed since): a re-import does not correct history");
        return HistoryRecordDecision.Unchanged(stored.Id);
    }

    /// <summary>
    /// Equal once the stored meeting is joined with the facts the replay saw (the facts handler may not have caught up). Which
    /// facts version each was last joined with is bookkeeping, not content: a join that changed nothing does not record it.
    /// </summary>
    private bool Same(Domain.Meeting stored, Domain.Meeting replayed, FactsSnapshot facts) =>
        stored.ObserveFacts(facts.Facts, facts.Version, rules).State with { FactsVersion = 0 } == replayed with { FactsVersion = 0 };

    private static string RefusalKey(Domain.MeetingHistory history) =>
        Domain.Meeting.RefusalKey(Domain.Meeting.RecordName(history.Refusal!.SourceSystem, history.Refusal.RecordId));

    private static Func<IDomainEvent, DateTimeOffset?> RecordedAt(
        Domain.MeetingHistoryReplay replay, IReadOnlyDictionary<Domain.MeetingHistoryStep, DateTimeOffset?> times)
    {
        var recordedAt = new Dictionary<IDomainEvent, DateTimeOffset?>(ReferenceEqualityComparer.Instance);
        for (var e = 0; e < replay.Change.Events.Count; e++) recordedAt[replay.Change.Events[e]] = times.GetValueOrDefault(replay.StepOfEvent[e]);
        return e => recordedAt.GetValueOrDefault(e);
    }
}

internal static class MeetingHistoryMapping
{
    public static Domain.MeetingHistory ToHistory(this MeetingHistoryRecord r, string id, string personId)
    {
        var sickCase = r.SickCaseId.OrNull() ?? r.ChainDay?.SickCaseId.OrNull();
        return new Domain.MeetingHistory(
            id, 0, personId, (Domain.MeetingType)r.MeetingType, (Domain.TransitionTrigger)r.Trigger, (BenefitType)r.BenefitType, (Gender)r.Gender,
            sickCase, r.FkOfficeId.OrNull(), r.OpenedDate.ToOptionalDateOnly("opened_date"),
            r.ChainDay is { } c
                ? new Domain.ChainDayObservation(c.SickCaseId.OrNull() ?? sickCase ?? "", c.RehabChainDay, c.ChainDayDate.ToDateOnly("chain_day.chain_day_date"))
                : null,
            r.RiskOfNotReturningToEmployer,
            r.Refusal is { } f
                ? new Domain.DecisionFact(f.SourceSystem.Trim(), f.RecordId.Trim(), default, Domain.DecisionKind.Refusal,
                    f.DecisionDate.ToOptionalDateOnly("refusal.decision_date") ?? default, (BenefitType)f.BenefitType, f.FirstApplication,
                    f.RehabChainDay, f.LastBenefitDay.ToOptionalDateOnly("refusal.last_benefit_day"), (Rehab.BuildingBlocks.Domain.EmploymentStatus)f.EmploymentStatus,
                    sickCase ?? "")
                : null)
        {
            OfferedDate = r.Offered?.Date.ToDateOnly("offered.date"),
            Response = r.Response is { } a ? Answer(a, "response.") : null,
            Held = r.Held is { } h
                ? new Domain.HistoryHeld(h.HeldDate.ToOptionalDateOnly("held.held_date"), (Domain.MeetingMode)h.Mode,
                    h.Participants.Select(p => (Domain.Participant)p).ToList(), h.AfOfficeId.OrNull())
                : null,
            NoShowDate = r.NoShow?.Date.ToDateOnly("no_show.date"),
            SgiInformation = r.SgiInformation is { } s
                ? new Domain.HistoryAnswer(Domain.Response.Unspecified, (Channel)s.Channel, s.Date.ToOptionalDateOnly("sgi_information.date"))
                : null,
            RegistrationSupport = r.RegistrationSupport is { } support
                ? new Domain.HistoryRegistrationSupport(support.OfferedDate.ToOptionalDateOnly("registration_support.offered_date"),
                    support.AfOfficeId.OrNull(), support.Response is { } answer ? Answer(answer, "registration_support.response.") : null)
                : null,
        };
    }

    private static Domain.HistoryAnswer Answer(MeetingHistoryResponse a, string prefix) =>
        new((Domain.Response)a.Response, (Channel)a.Channel, a.Date.ToOptionalDateOnly(prefix + "date"));

    /// <summary>When the source recorded each step; absent = now. A step cannot be recorded before the day it took effect, nor in the future.</summary>
    public static IReadOnlyDictionary<Domain.MeetingHistoryStep, DateTimeOffset?> StepRecordedTimes(
        this MeetingHistoryRecord r, Domain.MeetingHistory h, DateTimeOffset now)
    {
        var violations = new Violations();
        var times = new Dictionary<Domain.MeetingHistoryStep, DateTimeOffset?>
        {
            [Domain.MeetingHistoryStep.Opened] = Recorded(violations, r.OpenedRecordedAt, "opened_recorded_at", Domain.Meeting.OpenedOn(h), now),
            [Domain.MeetingHistoryStep.Offered] = Recorded(violations, r.Offered?.RecordedAt, "offered.recorded_at", h.OfferedDate, now),
            [Domain.MeetingHistoryStep.Response] = Recorded(violations, r.Response?.RecordedAt, "response.recorded_at", h.Response?.Date, now),
            [Domain.MeetingHistoryStep.Held] = Recorded(violations, r.Held?.RecordedAt, "held.recorded_at", h.Held?.HeldDate, now),
            [Domain.MeetingHistoryStep.NoShow] = Recorded(violations, r.NoShow?.RecordedAt, "no_show.recorded_at", h.NoShowDate, now),
            [Domain.MeetingHistoryStep.SgiInformation] =
                Recorded(violations, r.SgiInformation?.RecordedAt, "sgi_information.recorded_at", h.SgiInformation?.Date, now),
            [Domain.MeetingHistoryStep.RegistrationSupportOffered] = Recorded(violations, r.RegistrationSupport?.OfferedRecordedAt,
                "registration_support.offered_recorded_at", h.RegistrationSupport?.OfferedDate, now),
            [Domain.MeetingHistoryStep.RegistrationSupportResponse] = Recorded(violations, r.RegistrationSupport?.Response?.RecordedAt,
                "registration_support.response.recorded_at", h.RegistrationSupport?.Response?.Date, now),
        };
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
