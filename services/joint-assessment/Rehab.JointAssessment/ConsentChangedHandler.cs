using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Referral.V1;
using Domain = Rehab.JointAssessment.Domain;

namespace Rehab.JointAssessment;

/// <summary>
/// Projects the referral context's consent (D6) onto the referral's round. The change is kept per referral first
/// (<see cref="ReferralConsents"/>): a booking handled after it opens the round and then applies it, whichever of the two
/// arrived first.
/// </summary>
public sealed class ConsentChangedHandler(ReferralConsents consents) : IEventHandler
{
    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        var change = Read(e);
        if (string.IsNullOrWhiteSpace(change.ReferralId) || string.IsNullOrWhiteSpace(change.PersonId) || change.Date is null)
            return HandlerOutcome.Drop;
        var effective = change.Date.ToDateOnly("effective_date");

        await consents.RecordAsync(change.PersonId, change.ReferralId, change.State, effective, ct);
        await consents.ApplyAsync(change.PersonId, change.ReferralId, ct);
        return HandlerOutcome.Success;
    }

    private static ConsentChange Read(CloudEvent e)
    {
        if (e.Type == ConsentGiven.Descriptor.FullName)
        {
            var given = e.Unpack<ConsentGiven>();
            return new(given.ReferralId, given.PersonId, Domain.ConsentState.Given, given.EffectiveDate);
        }

        if (e.Type == ConsentRefused.Descriptor.FullName)
        {
            var refused = e.Unpack<ConsentRefused>();
            return new(refused.ReferralId, refused.PersonId, Domain.ConsentState.Refused, refused.EffectiveDate);
        }

        var withdrawn = e.Unpack<ConsentWithdrawn>();
        return new(withdrawn.ReferralId, withdrawn.PersonId, Domain.ConsentState.Withdrawn, withdrawn.EffectiveDate);
    }

    private sealed record ConsentChange(string ReferralId, string PersonId, Domain.ConsentState State, Google.Type.Date? Date);
}

/// <summary>Consent decisions by referral, and their application to the referral's round once both are known.</summary>
public sealed class ReferralConsents(AggregateRepository<Domain.ReferralConsent> consents, AggregateRepository<Domain.JointAssessment> rounds)
{
    public async Task RecordAsync(string personId, string referralId, Domain.ConsentState state, DateOnly effectiveDate, CancellationToken ct)
    {
        await consents.CreateOrUpdateAsync(personId, Domain.ReferralConsent.Key(referralId),
            _ => Domain.ReferralConsent.Record(referralId, state, effectiveDate), c => c.Decide(state, effectiveDate), ct);
    }

    /// <summary>Projects the referral's kept consent onto its round when both are known (idempotent).</summary>
    public async Task ApplyAsync(string personId, string referralId, CancellationToken ct)
    {
        var consent = await consents.FindByUniqueKeyAsync(personId, Domain.ReferralConsent.Key(referralId), ct);
        if (consent is null) return;
        var round = await rounds.FindByUniqueKeyAsync(personId, Domain.JointAssessment.ReferralKey(referralId), ct);
        if (round is null) return;
        await rounds.UpdateLatestAsync(round.Id, r => r.RecordConsent(consent.State.State, consent.State.EffectiveDate), ct);
    }
}
