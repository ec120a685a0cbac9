using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts.Referral.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.JointAssessment.Tests.EndToEnd;

/// <summary>
/// The referral's consent events and its booking are handled in any order with several replicas (or Dapr's concurrent
/// delivery). A withdrawal handled before the booking opened the round must still reach the round (D6).
/// </summary>
[Trait("Tier", "Redis")]
public sealed class ConsentOrderTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private PlatformHost Platform => fixture.Platform;

    [Fact]
    public async Task A_withdrawal_handled_before_the_booking_opened_the_round_is_the_rounds_consent()
    {
        // A real booking (consent given), re-addressed to a referral, person and sick case nobody has seen yet.
        var booked = await new RoundJourney(Platform).BookAsync(0);
        bool Matches(CloudEvent e) => e.Type == JointAssessmentBooked.Descriptor.FullName && e.Unpack<JointAssessmentBooked>().ReferralId == booked.ReferralId;
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(Platform.Booked.Delivered.Any(Matches)), TimeSpan.FromSeconds(15)));
        var booking = Platform.Booked.Delivered.First(Matches).Unpack<JointAssessmentBooked>();
        var (person, referral) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        booking.PersonId = person; booking.ReferralId = referral; booking.SickCaseId = Guid.NewGuid().ToString();
        var withdrawn = new ConsentWithdrawn { ReferralId = referral, PersonId = person, EffectiveDate = booking.EffectiveDate };

        Assert.Equal(HandlerOutcome.Success, await HandleAsync<ConsentChangedHandler>(withdrawn, person));
        Assert.Equal(HandlerOutcome.Success, await HandleAsync<JointAssessmentBookedHandler>(booking, person));
        Assert.Equal(Rehab.JointAssessment.Domain.ConsentState.Withdrawn, await ConsentOfRoundAsync(person, referral));

        // A late, redelivered GIVEN changes nothing after the withdrawal.
        Assert.Equal(HandlerOutcome.Success, await HandleAsync<ConsentChangedHandler>(
            new ConsentGiven { ReferralId = referral, PersonId = person, EffectiveDate = booking.EffectiveDate }, person));
        Assert.Equal(Rehab.JointAssessment.Domain.ConsentState.Withdrawn, await ConsentOfRoundAsync(person, referral));
    }

    private async Task<Rehab.JointAssessment.Domain.ConsentState> ConsentOfRoundAsync(string person, string referral)
    {
        var rounds = Platform.JointAssessmentServices.GetRequiredService<AggregateRepository<Rehab.JointAssessment.Domain.JointAssessment>>();
        var round = await rounds.FindByUniqueKeyAsync(person, Rehab.JointAssessment.Domain.JointAssessment.ReferralKey(referral), CancellationToken.None);
        Assert.NotNull(round);
        return round.State.ConsentState;
    }

    private Task<HandlerOutcome> HandleAsync<THandler>(Google.Protobuf.IMessage message, string person) where THandler : IEventHandler =>
        HandlerCall.HandleAsync<THandler>(Platform.JointAssessmentServices, message, person);
}
