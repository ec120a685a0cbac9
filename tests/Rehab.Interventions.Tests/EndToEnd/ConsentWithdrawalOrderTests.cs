using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.JointAssessment.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;
using ConsentWithdrawn = Rehab.Contracts.Referral.V1.ConsentWithdrawn;

namespace Rehab.Interventions.Tests.EndToEnd;

/// <summary>
/// The referral's withdrawal and the joint assessment's plan come on different topics, so with several replicas (or Dapr's
/// concurrent delivery) the withdrawal may be handled before the plan has opened the participation. It must still end the
/// providers' access (D6, D3).
/// </summary>
[Trait("Tier", "Redis")]
public sealed class ConsentWithdrawalOrderTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private PlatformHost Platform => fixture.Platform;

    [Fact]
    public async Task A_withdrawal_handled_before_the_plan_opened_the_participation_still_withdraws_its_consent()
    {
        // A real round's events, re-addressed to a person, round and referral nobody has seen yet.
        var round = await new ParticipationJourney(Platform).RecentPlanAsync();
        async Task<T> CapturedAsync<T>(Func<T, string> roundOf) where T : IMessage<T>, new()
        {
            var type = new T().Descriptor.FullName;
            bool Matches(CloudEvent e) => e.Type == type && roundOf(e.Unpack<T>()) == round.JointAssessmentId;
            Assert.True(await Eventually.TrueAsync(() => Task.FromResult(Platform.JointAssessmentEvents.Delivered.Any(Matches)), TimeSpan.FromSeconds(15)));
            return Platform.JointAssessmentEvents.Delivered.First(Matches).Unpack<T>();
        }
        var (person, roundId, referral) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var opened = await CapturedAsync<JointAssessmentOpened>(o => o.JointAssessmentId);
        opened.PersonId = person; opened.JointAssessmentId = roundId; opened.ReferralId = referral;
        var plan = await CapturedAsync<RehabilitationPlanEstablished>(p => p.JointAssessmentId);
        plan.PersonId = person; plan.JointAssessmentId = roundId;
        var withdrawn = new ConsentWithdrawn { ReferralId = referral, PersonId = person, EffectiveDate = plan.EffectiveDate };

        Assert.Equal(HandlerOutcome.Success, await HandleAsync<ConsentWithdrawnHandler>(withdrawn, person));
        Assert.Equal(HandlerOutcome.Success, await HandleAsync<JointAssessmentOpenedHandler>(opened, person));
        Assert.Equal(HandlerOutcome.Success, await HandleAsync<RehabilitationPlanEstablishedHandler>(plan, person));

        var participations = Platform.InterventionsServices.GetRequiredService<AggregateRepository<Rehab.Interventions.Domain.Participation>>();
        var participation = await participations.FindByUniqueKeyAsync(person, Rehab.Interventions.Domain.Participation.ReferralKey(referral), CancellationToken.None);
        Assert.NotNull(participation);
        Assert.Equal(withdrawn.EffectiveDate.ToDateOnly("effective_date"), participation.State.ConsentWithdrawnDate);
    }

    private Task<HandlerOutcome> HandleAsync<THandler>(Google.Protobuf.IMessage message, string person) where THandler : IEventHandler =>
        HandlerCall.HandleAsync<THandler>(Platform.InterventionsServices, message, person);
}
