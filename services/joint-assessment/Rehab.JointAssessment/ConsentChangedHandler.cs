using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Referral.V1;
using Domain = Rehab.JointAssessment.Domain;

namespace Rehab.JointAssessment;

/// <summary>
/// Projects the referral context's consent (D6) onto the referral's round. Consent decided before the booking reaches the
/// round through JointAssessmentBooked.consent_state; a change without a round yet is ignored for that reason.
/// </summary>
public sealed class ConsentChangedHandler(AggregateRepository<Domain.JointAssessment> rounds) : IEventHandler
{
    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        var change = Read(e);
        if (string.IsNullOrWhiteSpace(change.ReferralId) || string.IsNullOrWhiteSpace(change.PersonId) || change.Date is null)
            return HandlerOutcome.Drop;
        var effective = change.Date.ToDateOnly("effective_date");

        var round = await rounds.FindByUniqueKeyAsync(change.PersonId, Domain.JointAssessment.ReferralKey(change.ReferralId), ct);
        if (round is null) return HandlerOutcome.Success;
        await rounds.UpdateLatestAsync(round.Id, r => r.RecordConsent(change.State, effective), ct);
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
