using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Timers;
using Rehab.Contracts.Tracking.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.Tracking.Tests.EndToEnd;

/// <summary>
/// SGI timers on the whole platform, on the real clock: a clock from a facts import plans its timers in the same commit (the
/// timer set follows tracking's log); a reminder already due fires at once, and reaches tracking's log once as
/// SgiDeadlineApproaching addressed to the office, with an id derived from the firing.
/// </summary>
[Trait("Tier", "Redis")]
[Collection(PlatformsOneAtATime.Name)]
public sealed class SgiTimersThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private PlatformHost Platform => fixture.Platform;

    [Fact]
    public async Task A_due_reminder_fires_once_and_the_remaining_timers_are_planned_at_their_civil_instants()
    {
        var referral = await new ReferralJourney(Platform.Referrals).CreateAsync();
        var person = referral.PersonId;
        var facts = new FactsFeed(Platform);
        // Deadline (T1 = 25 days) three days from today: the 7-day reminder is overdue, the 3-day one due today at 00:00.
        var lastDay = ReferralJourney.Today.AddDays(-22);
        var deadline = lastDay.AddDays(25);
        await facts.RefusalAsync(person, lastDay);

        var services = Platform.TrackingServices;
        var log = services.GetRequiredService<EventLogReader>();
        List<CloudEvent> events = [];
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            events = [];
            await foreach (var e in log.ReadAllAsync(TrackingExtensions.SgiContext))
                if (e.PersonId == person) events.Add(e);
            return events.Any(e => e.Type == SgiDeadlineApproaching.Descriptor.FullName)
                && events.Count(e => e.Type == TimerFired.Descriptor.FullName) >= 2;
        }, TimeSpan.FromSeconds(20)), "no reminder fired");
        await Task.Delay(1500); // let any second announcement arrive, if there were one

        events = [];
        await foreach (var e in log.ReadAllAsync(TrackingExtensions.SgiContext))
            if (e.PersonId == person) events.Add(e);
        var approaching = Assert.Single(events, e => e.Type == SgiDeadlineApproaching.Descriptor.FullName);
        var reminder = approaching.Unpack<SgiDeadlineApproaching>();
        Assert.Equal((3, deadline), (reminder.DaysLeft, reminder.SgiDeadlineDate.ToDateOnly("sgi_deadline_date")));
        var firings = events.Where(e => e.Type == TimerFired.Descriptor.FullName).Select(e => e.Unpack<TimerFired>()).ToList();
        Assert.Equal(["sgi-remind-3", "sgi-remind-7"], firings.Select(f => f.TimerName).Order());
        Assert.Contains(approaching.Id, firings.Select(f => TrackingTimers.CausedEventId(
            events.Single(e => e.Type == TimerFired.Descriptor.FullName && e.Unpack<TimerFired>().TimerName == f.TimerName).Id, "approaching")));

        var timers = await services.GetRequiredService<TimerSchedule<SgiTimers>>().ListAsync();
        var mine = timers.Where(t => t.Payload == person && t.State == TimerState.Pending).ToDictionary(t => t.Key.Name[(t.Key.Name.IndexOf(':') + 1)..], t => t.Due);
        Assert.Equal(new Dictionary<string, DateTimeOffset>
        {
            ["sgi-remind-1"] = BuildingBlocks.Domain.CivilTime.StartOfDay(deadline.AddDays(-1)),
            ["sgi-miss"] = BuildingBlocks.Domain.CivilTime.StartOfDay(deadline.AddDays(1)),
        }, mine);
    }
}
