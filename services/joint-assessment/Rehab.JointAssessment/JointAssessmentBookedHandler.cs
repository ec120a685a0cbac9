using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Referral.V1;
using Domain = Rehab.JointAssessment.Domain;

namespace Rehab.JointAssessment;

/// <summary>
/// Opens a round from the referral's JointAssessmentBooked (D7). Idempotent beyond the inbox: a round is created with the
/// referral id as its request id and claims the referral id as a unique key, so the same booking (even re-published under a
/// new CloudEvent id) never opens a second round. Rounds live in the person's shard, so one sick case's rounds can be counted.
/// </summary>
public sealed class JointAssessmentBookedHandler(
    AggregateRepository<Domain.JointAssessment> rounds, Domain.JointAssessmentRules rules, ReferralConsents consents,
    ILogger<JointAssessmentBookedHandler> logger)
    : IEventHandler
{
    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        var booked = e.Unpack<JointAssessmentBooked>();
        if (string.IsNullOrWhiteSpace(booked.ReferralId) || string.IsNullOrWhiteSpace(booked.PersonId))
        {
            logger.LogWarning("JointAssessmentBooked {EventId} has no referral or person id; dropped", e.Id);
            return HandlerOutcome.Drop;
        }

        var existing = await rounds.FindByUniqueKeyAsync(booked.PersonId, Domain.JointAssessment.ReferralKey(booked.ReferralId), ct);
        if (existing is not null) return HandlerOutcome.Success;

        try
        {
            var roundNo = await NextRoundNoAsync(booked.PersonId, booked.SickCaseId, ct);
            var opened = await rounds.CreateAsync(booked.PersonId, "booked-" + booked.ReferralId, id => Domain.JointAssessment.OpenRound(
                new Domain.NewRound(
                    id, booked.ReferralId, booked.PersonId, booked.SickCaseId, roundNo,
                    booked.BenefitTypes.Select(b => (BuildingBlocks.Domain.BenefitType)b).ToList(), (BuildingBlocks.Domain.Gender)booked.Gender,
                    booked.FkOfficeId, booked.AfOfficeId, booked.AfOfficerId, (Domain.ConsentState)booked.ConsentState,
                    booked.EffectiveDate.ToOptionalDateOnly("effective_date"),
                    booked.MeetingAt is null ? null : booked.MeetingAt.ToInstant("meeting_at"),
                    // Absent in bookings published before the referral carried them: the round then falls back to the booked date.
                    booked.RequestReceivedDate.ToOptionalDateOnly("request_received_date"),
                    booked.ConsentGivenDate.ToOptionalDateOnly("consent_given_date")),
                rules), ct);
            logger.LogInformation("Round {RoundId} ({RoundNo}) opened from booking {EventId}", opened.Id, roundNo, e.Id);
            // A consent change handled before this booking (another topic partition, replica or redelivery) applies now.
            await consents.ApplyAsync(booked.PersonId, booked.ReferralId, ct);
            return HandlerOutcome.Success;
        }
        catch (ValidationFailedException invalid)
        {
            logger.LogWarning("JointAssessmentBooked {EventId} cannot open a round ({Fields}); dropped",
                e.Id, string.Join(", ", invalid.Violations.Select(v => v.Field)));
            return HandlerOutcome.Drop;
        }
    }

    /// <summary>1 + the rounds already opened for the sick case. Two bookings racing for one number: the loser's claim fails and it is retried.</summary>
    private async Task<int> NextRoundNoAsync(string personId, string sickCaseId, CancellationToken ct)
    {
        var roundNo = 1;
        while (await rounds.FindByUniqueKeyAsync(personId, Domain.JointAssessment.RoundKey(sickCaseId, roundNo), ct) is not null)
            roundNo++;
        return roundNo;
    }
}
