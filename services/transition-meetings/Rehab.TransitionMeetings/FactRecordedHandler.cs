using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Facts.V1;
using Domain = Rehab.TransitionMeetings.Domain;

namespace Rehab.TransitionMeetings;

/// <summary>
/// Consumes the facts feed (SickCaseRecorded, BenefitDecisionRecorded, AfRegistrationSpellRecorded): keeps the person's projection,
/// triggers an omställningsmöte at a refusal of activity compensation (and, configurable, sickness compensation), and joins every
/// omställningsmöte of the person with the facts that count now. Idempotent beyond the inbox: a revision already held changes
/// nothing, a refusal triggers at most one meeting (its record name is a unique key), and a meeting records only what changed —
/// so the same fact under a new CloudEvent id, or revisions in any order, give the same state.
/// </summary>
public sealed class FactRecordedHandler(
    PersonMeetings people, AggregateRepository<Domain.Meeting> meetings, Domain.TransitionRules rules, ILogger<FactRecordedHandler> logger)
    : IEventHandler
{
    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        var record = Read(e);
        if (record is null || string.IsNullOrWhiteSpace(record.PersonId) || string.IsNullOrWhiteSpace(record.RecordId)
            || string.IsNullOrWhiteSpace(record.SourceSystem) || record.RecordedAt is null)
        {
            logger.LogWarning("Fact event {EventId} ({EventType}) has no person, record name or recorded time; dropped", e.Id, e.Type);
            return HandlerOutcome.Drop;
        }

        Domain.IFactRevision? fact;
        DateOnly effective;
        try
        {
            fact = ToDomain(record);
            effective = record.EffectiveDate.ToOptionalDateOnly("effective_date") ?? CivilTime.DateOf(record.RecordedAt.ToInstant("recorded_at"));
        }
        catch (ValidationFailedException invalid)
        {
            logger.LogWarning("Fact event {EventId} cannot be read ({Fields}); dropped", e.Id, string.Join(", ", invalid.Violations.Select(v => v.Field)));
            return HandlerOutcome.Drop;
        }

        if (fact is null) return HandlerOutcome.Success;
        var facts = await people.ObserveAsync(record.PersonId, fact, effective, ct);

        // The refusal's latest revision decides (a correction may turn a grant into a refusal, or change its benefit).
        if (fact is Domain.DecisionFact && facts.Facts.Decision(fact.SourceSystem, fact.RecordId) is { IsRefusal: true } refusal
            && rules.TriggerForRefusal(refusal.BenefitType) is { } trigger)
            await TriggerOnceAsync(record.PersonId, refusal, trigger, facts, ct);

        foreach (var meeting in await people.MeetingsOfAsync(record.PersonId, ct))
            // An officer's concurrent change is re-read and the facts observed on top of it. Another fact of the person handled
            // concurrently joins with its own snapshot: the meeting keeps the newer one, whichever lands last.
            await meetings.UpdateLatestAsync(meeting.Id, m => m.ObserveFacts(facts.Facts, facts.Version, rules), ct);
        return HandlerOutcome.Success;
    }

    private async Task TriggerOnceAsync(string personId, Domain.DecisionFact refusal, Domain.TransitionTrigger trigger, FactsSnapshot facts, CancellationToken ct)
    {
        var name = Domain.Meeting.RecordName(refusal.SourceSystem, refusal.RecordId);
        if (await meetings.FindByUniqueKeyAsync(personId, Domain.Meeting.RefusalKey(name), ct) is not null) return;
        var created = await people.CreateAsync(personId, sequence => meetings.CreateAsync(personId, requestId: null,
            id => Domain.Meeting.TriggerFromRefusal(id, sequence, personId, refusal, trigger, facts.Facts, facts.Version, rules), ct), ct);
        logger.LogInformation("Omställningsmöte {MeetingId} triggered by a {Trigger} refusal", created.Id, trigger);
    }

    private static FactRecord? Read(CloudEvent e)
    {
        if (e.Type == SickCaseRecorded.Descriptor.FullName) return e.Unpack<SickCaseRecorded>().Record;
        if (e.Type == BenefitDecisionRecorded.Descriptor.FullName) return e.Unpack<BenefitDecisionRecorded>().Record;
        if (e.Type == AfRegistrationSpellRecorded.Descriptor.FullName) return e.Unpack<AfRegistrationSpellRecorded>().Record;
        return null;
    }

    private static Domain.IFactRevision? ToDomain(FactRecord r)
    {
        var at = r.RecordedAt.ToInstant("recorded_at");
        return r.FactCase switch
        {
            FactRecord.FactOneofCase.SickCase => new Domain.SickCaseFact(
                r.SourceSystem, r.RecordId, at, r.SickCase.SickCaseId, r.SickCase.RehabChainDay,
                r.SickCase.ChainDayDate.ToOptionalDateOnly("chain_day_date")),
            FactRecord.FactOneofCase.BenefitDecision => new Domain.DecisionFact(
                r.SourceSystem, r.RecordId, at, (Domain.DecisionKind)r.BenefitDecision.Kind,
                r.BenefitDecision.DecisionDate.ToDateOnly("decision_date"), (BenefitType)r.BenefitDecision.BenefitType,
                r.BenefitDecision.FirstApplication, r.BenefitDecision.RehabChainDay,
                r.BenefitDecision.LastBenefitDay.ToOptionalDateOnly("last_benefit_day"), (Rehab.BuildingBlocks.Domain.EmploymentStatus)r.BenefitDecision.EmploymentStatus,
                r.BenefitDecision.SickCaseId),
            FactRecord.FactOneofCase.RegistrationSpell => new Domain.RegistrationFact(
                r.SourceSystem, r.RecordId, at, r.RegistrationSpell.RegistrationDate.ToDateOnly("registration_date"),
                r.RegistrationSpell.DeregistrationDate.ToOptionalDateOnly("deregistration_date"), r.RegistrationSpell.AfOfficeId),
            _ => null,
        };
    }
}
