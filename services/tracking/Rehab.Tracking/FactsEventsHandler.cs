using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Facts.V1;
using Rehab.Tracking.Domain;
using DecisionKind = Rehab.Tracking.Domain.DecisionKind;

namespace Rehab.Tracking;

/// <summary>
/// The facts feed (rehab.facts.v1) → each person's SGI protection (D10): benefit decisions start the clock, AF registration
/// spells protect. Facts are bitemporal: the source's recorded_at (not the delivery) orders revisions, so any delivery order
/// gives the same state.
/// </summary>
public sealed class FactsEventsHandler(
    AggregateRepository<SgiProtection> sgi, AggregateRepository<CaseTrack> cases, SgiRules rules, SgiPlanner planner, TimeProvider time,
    ILogger<FactsEventsHandler> logger) : IEventHandler
{
    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        FactRecord record;
        Func<SgiProtection, DateTimeOffset, Change<SgiProtection>> decide;
        try
        {
            (record, decide) = Read(e);
        }
        catch (ValidationFailedException invalid)
        {
            logger.LogWarning("{Type} {EventId} is not a usable fact ({Fields}); dropped", e.Type, e.Id, string.Join(", ", invalid.Violations.Select(v => v.Field)));
            return HandlerOutcome.Drop;
        }

        if (string.IsNullOrWhiteSpace(record.PersonId)) return HandlerOutcome.Drop;
        var now = time.GetUtcNow();
        var key = SgiProtection.PersonKey(record.PersonId);
        Change<SgiProtection> Apply(SgiProtection p) => planner.Decide(p, decide(p, now), now);
        var existing = await sgi.FindByUniqueKeyAsync(record.PersonId, key, ct);
        if (existing is not null)
        {
            await sgi.UpdateLatestAsync(existing.Id, Apply, ct);
            return HandlerOutcome.Success;
        }

        // A benefit decision and a registration spell of a new person (one facts import) may race here: the loser records on the winner.
        var routing = await LatestCaseAsync(record.PersonId, ct);
        var start = SgiProtection.Start(record.PersonId) with { FkOfficeId = routing?.FkOfficeId ?? "", AfOfficerId = routing?.AfOfficerId ?? "" };
        await sgi.CreateOrUpdateAsync(record.PersonId, key, _ => Apply(start), Apply, ct);
        return HandlerOutcome.Success;
    }

    private (FactRecord, Func<SgiProtection, DateTimeOffset, Change<SgiProtection>>) Read(CloudEvent e)
    {
        if (e.Type == BenefitDecisionRecorded.Descriptor.FullName)
        {
            var record = e.Unpack<BenefitDecisionRecorded>().Record;
            var d = record.BenefitDecision ?? throw new ValidationFailedException("record.benefit_decision", "is required");
            var fact = new BenefitDecisionFact(
                KeyOf(record), record.RecordedAt.ToInstant("record.recorded_at"), (DecisionKind)d.Kind, (BenefitType)d.BenefitType,
                d.DecisionDate.ToDateOnly("benefit_decision.decision_date"), d.LastBenefitDay.ToOptionalDateOnly("benefit_decision.last_benefit_day"),
                d.SgiRestsOnEmployment, d.FkOfficeId);
            return (record, (p, now) => p.RecordDecision(fact, now, rules));
        }

        var spellRecord = e.Unpack<AfRegistrationSpellRecorded>().Record;
        var s = spellRecord.RegistrationSpell ?? throw new ValidationFailedException("record.registration_spell", "is required");
        var spell = new RegistrationSpellFact(
            KeyOf(spellRecord), spellRecord.RecordedAt.ToInstant("record.recorded_at"), s.RegistrationDate.ToDateOnly("registration_spell.registration_date"),
            s.DeregistrationDate.ToOptionalDateOnly("registration_spell.deregistration_date"), s.AfOfficeId);
        return (spellRecord, (p, now) => p.RecordRegistration(spell, now, rules));
    }

    private static string KeyOf(FactRecord record) => $"{record.SourceSystem}/{record.RecordId}";

    /// <summary>The person's most recently updated case, whose offices route SGI work until a registration names an AF office.</summary>
    private async Task<CaseTrack?> LatestCaseAsync(string personId, CancellationToken ct)
    {
        var (items, _) = await cases.ListAsync(c => c.PersonId == personId, 1, null, ct);
        return items.Count == 0 ? null : items[0].State;
    }
}
