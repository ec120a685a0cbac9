using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts.Referral.V1;
using Rehab.Testing;
using Xunit;

using Rehab.Testing.Platform;

namespace Rehab.Referral.Tests.EndToEnd;

/// <summary>
/// Events leave the referral service through its outbox and reach subscribers exactly once, under either
/// transport; the retained log is enough to rebuild what the service shows.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class EventFlowTests
{
    [Theory]
    [InlineData(MessagingOptions.RedisTransport)]
    [InlineData(MessagingOptions.DaprTransport)]
    public async Task A_booking_made_through_the_gateway_reaches_a_subscriber_exactly_once(string transport)
    {
        await using var platform = await PlatformHost.StartAsync(transport);
        var booked = await new ReferralJourney(platform.Referrals).ToConvertedAsync();

        Assert.True(await Eventually.TrueAsync(() => platform.Booked.CountFor(booked.ReferralId) >= 1, TimeSpan.FromSeconds(15)),
            $"JointAssessmentBooked for {booked.ReferralId} was not delivered over {transport}");
        await Task.Delay(TimeSpan.FromMilliseconds(700)); // room for a duplicate to show up
        var delivered = Assert.Single(platform.Booked.Delivered, e => e.Subject == booked.ReferralId);

        // The delivered CloudEvent is the stored one: same id as in the service's event log.
        var stored = await StoredEventsAsync(platform);
        var storedBooking = Assert.Single(stored, e => e.Subject == booked.ReferralId && e.Type == JointAssessmentBooked.Descriptor.FullName);
        Assert.Equal(storedBooking.Id, delivered.Id);
        Assert.Equal("referral", delivered.Source);
        Assert.Equal(booked.PersonId, delivered.PersonId);
        var data = delivered.Unpack<JointAssessmentBooked>();
        Assert.Equal(ReferralJourney.AfOffice, data.AfOfficeId);
        Assert.Equal(booked.SickCaseId, data.SickCaseId);
        Assert.Equal((ReferralJourney.Day(-7), ReferralJourney.Day(-12)), (data.RequestReceivedDate, data.ConsentGivenDate));
    }

    [Fact]
    public async Task Replaying_the_event_log_rebuilds_what_the_service_shows()
    {
        await using var platform = await PlatformHost.StartAsync();
        var journey = new ReferralJourney(platform.Referrals);
        var live = new List<Contracts.Referral.V1.Referral>
        {
            await journey.ToConvertedAsync(),
            await journey.ToSentAsync(),
            await journey.CreateAsync(),
        };
        var withdrawn = await journey.CreateAsync();
        live.Add(await platform.Referrals.WithdrawReferralAsync(new WithdrawReferralRequest
        {
            ReferralId = withdrawn.ReferralId, Etag = withdrawn.Etag, EffectiveDate = ReferralJourney.Day(0),
            Reason = WithdrawalReason.IndividualRequest, OnBehalfOfIndividual = true, Channel = Contracts.Common.V1.Channel.Phone,
        }, journey.Fk));

        var rebuilt = ReferralReplay.Rebuild(await StoredEventsAsync(platform));

        foreach (var referral in live)
        {
            var expected = referral.Clone();
            // Bookkeeping the store keeps beside the events.
            expected.Etag = "";
            expected.CreateTime = null;
            expected.UpdateTime = null;
            Assert.Equal(expected, rebuilt[referral.ReferralId]);
        }
    }

    private static async Task<List<CloudEvent>> StoredEventsAsync(PlatformHost platform)
    {
        var reader = platform.ReferralServices.GetRequiredService<EventLogReader>();
        var events = new List<CloudEvent>();
        await foreach (var e in reader.ReadAllAsync("referral")) events.Add(e);
        return events;
    }
}
