using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.BuildingBlocks.Timers;
using Rehab.Contracts.Interventions.V1;
using Rehab.Contracts.Tracking.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;
using OccupationAfterClosure = Rehab.Contracts.Interventions.V1.OccupationAfterClosure;

namespace Rehab.Tracking.Tests.EndToEnd;

/// <summary>The whole platform with the tracking service on a <see cref="ManualClock"/> starting at the real now.</summary>
public sealed class ClockedPlatformFixture : IAsyncLifetime
{
    public ManualClock Clock { get; } = new(TimeProvider.System.GetUtcNow());

    public PlatformHost Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await PlatformHost.StartAsync(trackingTime: Clock);

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}

/// <summary>
/// Tracking's deadlines on the whole platform with its clock moved by the test (the other services run on the real clock): a
/// follow-up due on a month's last day is overdue at 00:00 Europe/Stockholm on the 1st and not a millisecond earlier; an SGI
/// clock whose deadline is a DST change day reminds and misses at the civil midnights around it (47 or 49 hours apart), a late,
/// in-time registration corrects the miss; then tracking's timer sets rebuilt from its own event log equal the live ones.
/// </summary>
[Trait("Tier", "Redis")]
[Collection(PlatformsOneAtATime.Name)]
public sealed class TrackingClockThroughGatewayTests(ClockedPlatformFixture fixture) : IClassFixture<ClockedPlatformFixture>
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(40);

    private PlatformHost Platform => fixture.Platform;

    private ManualClock Clock => fixture.Clock;

    private IServiceProvider Tracking => Platform.TrackingServices;

    /// <summary>Tracking validates tokens on its own clock: mint them there.</summary>
    private Metadata TrackingAs(DevCaller caller) => DevTokens.Headers(DevTokens.For(caller, Clock));

    [Fact]
    public async Task Deadlines_fire_at_their_civil_instants_across_a_month_end_and_a_DST_change_and_the_rebuilt_timer_sets_equal_the_live_ones()
    {
        Assert.Same(Clock, Tracking.GetRequiredService<TimeProvider>());
        var today = ReferralJourney.Today;
        var monthEnd = new DateOnly(today.Year, today.Month, DateTime.DaysInMonth(today.Year, today.Month));
        if (monthEnd <= today) monthEnd = monthEnd.AddDays(1).AddMonths(1).AddDays(-1);

        // Three participations (real clock): the first's follow-up falls due on the month end; the second's follow-up is held
        // (the next one is scheduled: a reschedule); the third closes (its timer is cancelled).
        var journey = new ParticipationJourney(Platform);
        var onMonthEnd = await StartedAsync(journey, monthEnd.AddDays(-PlatformHost.FollowUpIntervalDays).DayNumber - today.DayNumber);
        var held = await StartedAsync(journey, -30);
        held = await journey.Client.RecordFollowUpAsync(new RecordFollowUpRequest
        {
            ParticipationId = held.ParticipationId, Etag = held.Etag, EffectiveDate = ReferralJourney.Day(-1), Mode = FollowUpMode.Physical,
            Participants = { FollowUpParticipant.Individual, FollowUpParticipant.FkCaseOfficer, FollowUpParticipant.AfOfficer },
            GoalChecks = { new GoalCheck { GoalIndex = 0, Status = GoalStatus.PartlyMet } }, HealthChange = HealthChange.Unchanged,
        }, journey.Fk);
        var closed = await StartedAsync(journey, -20);
        closed = await journey.InitiateClosureAsync(closed, -2);
        await journey.Client.DecideClosureAsync(
            ParticipationJourney.Closure(closed, -1, Outcome.RemainsInSicknessInsurance, OccupationAfterClosure.ReturnedToFk), journey.Fk);

        var overdueAt = CivilTime.StartOfDay(monthEnd.AddDays(1));
        await UntilAsync(async () =>
        {
            var pending = await PendingAsync<FollowUpTimers>();
            return pending.GetValueOrDefault((onMonthEnd.PersonId, "followup-overdue")) == overdueAt
                && pending.GetValueOrDefault((held.PersonId, "followup-overdue")) == CivilTime.StartOfDay(today.AddDays(-1 + PlatformHost.FollowUpIntervalDays + 1))
                && !pending.ContainsKey((closed.PersonId, "followup-overdue"));
        }, "the follow-up timers were not planned");

        // The month end: nothing a millisecond before 00:00 on the 1st, FollowUpOverdue at it, effective on the 1st.
        Clock.SetUtcNow(overdueAt.AddMilliseconds(-1));
        await Task.Delay(1000);
        Assert.Empty(await EventsAsync<FollowUpOverdue>(TrackingExtensions.FollowUpContext, onMonthEnd.PersonId));
        Clock.SetUtcNow(overdueAt);
        var overdue = Assert.Single(await UntilEventsAsync<FollowUpOverdue>(TrackingExtensions.FollowUpContext, onMonthEnd.PersonId, 1));
        Assert.Equal((monthEnd.AddDays(1), monthEnd, "af-officer-1"), (overdue.EffectiveDate.ToDateOnly("e"), overdue.DueDate.ToDateOnly("d"), overdue.OfficerId));
        var firing = Assert.Single(await EventsAsync<TimerFired>(TrackingExtensions.FollowUpContext, onMonthEnd.PersonId));
        Assert.Equal(overdueAt, firing.FiredAt.ToDateTimeOffset());
        var queue = await Platform.Tracking.ListFollowUpsDueAsync(new ListFollowUpsDueRequest(), TrackingAs(DevTokens.AfOfficer(ReferralJourney.AfOffice)));
        var row = Assert.Single(queue.FollowUps, f => f.ParticipationId == onMonthEnd.ParticipationId);
        Assert.Equal((FollowUpStatus.Overdue, -1), (row.Status, row.DaysLeft));
        Assert.DoesNotContain(queue.FollowUps, f => f.ParticipationId == closed.ParticipationId);

        // The SGI deadline on the first DST change day a month or more ahead: remind-1 (00:00 the day before) and the miss
        // (00:00 the day after) lie 48 h ∓ the change apart.
        var deadline = NextDstChangeDay(monthEnd.AddDays(30));
        var lastBenefitDay = deadline.AddDays(-25);
        var person = onMonthEnd.PersonId;
        Clock.SetUtcNow(CivilTime.StartOfDay(lastBenefitDay.AddDays(1)).AddHours(9));
        var facts = new FactsFeed(Platform);
        await facts.RefusalAsync(person, lastBenefitDay);
        Dictionary<string, DateTimeOffset> sgiTimers = new();
        await UntilAsync(async () => (sgiTimers = (await PendingAsync<SgiTimers>()).Where(t => t.Key.Person == person)
            .ToDictionary(t => t.Key.Timer, t => t.Value)).Count == 4, "the SGI timers were not planned");
        var (before, after) = (Offset(deadline), Offset(deadline.AddDays(1)));
        Assert.NotEqual(before, after);
        Assert.Equal(TimeSpan.FromHours(48) - (after - before), sgiTimers["sgi-miss"] - sgiTimers["sgi-remind-1"]);
        Assert.Equal(new DateTimeOffset(deadline.AddDays(1).ToDateTime(TimeOnly.MinValue), after), sgiTimers["sgi-miss"]);
        Assert.Equal(new DateTimeOffset(deadline.AddDays(-1).ToDateTime(TimeOnly.MinValue), before), sgiTimers["sgi-remind-1"]);

        List<SgiDeadlineApproaching> reminders = [];
        foreach (var (timer, count) in new[] { ("sgi-remind-7", 1), ("sgi-remind-3", 2), ("sgi-remind-1", 3) })
        {
            Clock.SetUtcNow(sgiTimers[timer]);
            reminders = await UntilEventsAsync<SgiDeadlineApproaching>(TrackingExtensions.SgiContext, person, count);
        }

        Assert.Equal([(7, deadline.AddDays(-7)), (3, deadline.AddDays(-3)), (1, deadline.AddDays(-1))],
            reminders.Select(r => (r.DaysLeft, r.EffectiveDate.ToDateOnly("e"))).OrderByDescending(r => r.DaysLeft));

        var fk = DevTokens.FkOfficer(ReferralJourney.FkOffice);
        Clock.SetUtcNow(sgiTimers["sgi-miss"].AddMilliseconds(-1));
        Assert.Equal((SgiStatus.AtRisk, 0), await StatusAsync(person, fk));
        await Task.Delay(1000);
        Assert.Empty(await EventsAsync<SgiDeadlineMissed>(TrackingExtensions.SgiContext, person));
        Clock.SetUtcNow(sgiTimers["sgi-miss"]);
        var missed = Assert.Single(await UntilEventsAsync<SgiDeadlineMissed>(TrackingExtensions.SgiContext, person, 1));
        Assert.Equal((deadline.AddDays(1), deadline), (missed.EffectiveDate.ToDateOnly("e"), missed.SgiDeadlineDate.ToDateOnly("d")));
        Assert.Equal((SgiStatus.PresumedLost, 0), await StatusAsync(person, fk));

        // A registration on the deadline day, recorded two days late, corrects the miss (D10).
        Clock.SetUtcNow(sgiTimers["sgi-miss"].AddDays(1).AddHours(10));
        await facts.RegistrationAsync(person, deadline, ReferralJourney.AfOffice);
        var protectedEvent = Assert.Single(await UntilEventsAsync<SgiProtected>(TrackingExtensions.SgiContext, person, 1));
        Assert.True(protectedEvent.CorrectsMiss);
        Assert.Equal((SgiStatus.Protected, 0), await StatusAsync(person, fk));

        // Another person registers in time before any reminder: their planned SGI timers are cancelled.
        var early = held.PersonId;
        var today2 = CivilTime.Today(Clock);
        await facts.RefusalAsync(early, today2.AddDays(-1));
        await UntilAsync(async () => (await PendingAsync<SgiTimers>()).Keys.Count(k => k.Person == early) == 4, "the second SGI clock did not start");
        await facts.RegistrationAsync(early, today2, ReferralJourney.AfOffice);
        await UntilAsync(async () => !(await PendingAsync<SgiTimers>()).Keys.Any(k => k.Person == early), "the second person's timers were not cancelled");

        // Rebuild = live: tracking's timer sets recomputed from its own log (planned, fired, rescheduled, cancelled).
        await RebuiltEqualsLiveAsync<FollowUpTimers>();
        await RebuiltEqualsLiveAsync<SgiTimers>();
    }

    private async Task<Participation> StartedAsync(ParticipationJourney journey, int startOffset)
    {
        var round = await journey.OldPlanAsync();
        return await journey.StartAsync(await journey.ParticipationOfAsync(round.JointAssessmentId), startOffset);
    }

    private async Task RebuiltEqualsLiveAsync<T>() where T : TrackingTimers
    {
        var timers = Tracking.GetRequiredService<TimerSchedule<T>>();
        var live = Sorted(await timers.ListAsync());
        Assert.NotEmpty(live);
        Assert.Equal(live.Count, await timers.RebuildAsync());
        Assert.Equal(live, Sorted(await timers.ListAsync()));
    }

    private static List<TimerInfo> Sorted(IEnumerable<TimerInfo> timers) => timers.OrderBy(t => t.Key.Shard).ThenBy(t => t.Key.Name, StringComparer.Ordinal).ToList();

    private static TimeSpan Offset(DateOnly day) => CivilTime.Stockholm.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>The first day on or after <paramref name="from"/> whose midnight and the next midnight differ in UTC offset.</summary>
    private static DateOnly NextDstChangeDay(DateOnly from)
    {
        var day = from;
        while (Offset(day) == Offset(day.AddDays(1))) day = day.AddDays(1);
        return day;
    }

    /// <summary>Minted per call: a token lives an hour of the clock the test moves.</summary>
    private async Task<(SgiStatus, int)> StatusAsync(string person, DevCaller caller)
    {
        var p = await Platform.Tracking.GetSgiProtectionAsync(new GetSgiProtectionRequest { PersonId = person }, TrackingAs(caller));
        return (p.Status, p.DaysLeft);
    }

    /// <summary>Pending timers of a tracking context by (person, timer name) → due instant.</summary>
    private async Task<Dictionary<(string Person, string Timer), DateTimeOffset>> PendingAsync<T>() where T : TrackingTimers =>
        (await Tracking.GetRequiredService<TimerSchedule<T>>().ListAsync()).Where(t => t.State == TimerState.Pending)
            .ToDictionary(t => (t.Payload, t.Key.Name[(t.Key.Name.IndexOf(':', StringComparison.Ordinal) + 1)..]), t => t.Due);

    private async Task<List<T>> EventsAsync<T>(string context, string person) where T : Google.Protobuf.IMessage<T>, new()
    {
        var type = new T().Descriptor.FullName;
        var found = new List<T>();
        await foreach (var e in Tracking.GetRequiredService<EventLogReader>().ReadAllAsync(context))
            if (e.Type == type && e.PersonId == person) found.Add(e.Unpack<T>());
        return found;
    }

    /// <summary>Waits for <paramref name="count"/> such events, then lets a second announcement arrive if there were one.</summary>
    private async Task<List<T>> UntilEventsAsync<T>(string context, string person, int count) where T : Google.Protobuf.IMessage<T>, new()
    {
        await UntilAsync(async () => (await EventsAsync<T>(context, person)).Count >= count, $"fewer than {count} {typeof(T).Name}");
        await Task.Delay(500);
        return await EventsAsync<T>(context, person);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string message) =>
        Assert.True(await Eventually.TrueAsync(condition, Delivery), message);
}
