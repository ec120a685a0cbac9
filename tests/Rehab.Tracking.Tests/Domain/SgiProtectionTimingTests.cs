using System.Globalization;
using Rehab.BuildingBlocks.Domain;
using Rehab.Tracking.Domain;
using Xunit;

namespace Rehab.Tracking.Tests.Domain;

/// <summary>
/// SGI reminders and the miss at exactly the right civil dates and instants (DOMAIN D10, §3f, §4 T1): Europe/Stockholm, month
/// ends, leap days and the daylight-saving changes on the last Sundays of March and October. Driven by a fake clock.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class SgiProtectionTimingTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData("2025-01-31", "2025-02-25")] // across a month end
    [InlineData("2024-02-04", "2024-02-29")] // onto a leap day
    [InlineData("2023-02-04", "2023-03-01")] // no leap day that year
    [InlineData("2025-12-10", "2026-01-04")] // across a year end
    public void The_deadline_is_the_last_benefit_day_plus_25_calendar_days(string lastDay, string deadline)
    {
        var driver = new SgiClockDriver(Utc("2020-01-01T10:00:00Z"));
        driver.Decision(D(lastDay));

        var started = Assert.Single(driver.Of<SgiClockStarted>()).Event;
        Assert.Equal((D(lastDay), D(deadline)), (started.LastBenefitDay, started.DeadlineDate));
        Assert.Equal(SgiStatus.AtRisk, driver.Status);
    }

    [Theory]
    // deadline                 the miss: 00:00 Stockholm on the next day, in UTC
    [InlineData("2025-03-05", "2025-03-30T22:00:00Z")] // deadline on the last Sunday of March (clocks go forward that night): CEST
    [InlineData("2025-03-04", "2025-03-29T23:00:00Z")] // deadline the Saturday before: the miss is the Sunday's midnight, still CET
    [InlineData("2025-10-01", "2025-10-26T23:00:00Z")] // deadline on the last Sunday of October (clocks go back): CET again
    [InlineData("2025-09-30", "2025-10-25T22:00:00Z")] // deadline the Saturday before: CEST
    [InlineData("2028-02-04", "2028-02-29T23:00:00Z")] // deadline 29 Feb 2028: the miss is 1 March 00:00 CET
    [InlineData("2025-06-05", "2025-06-30T22:00:00Z")] // deadline on a month end in summer time
    public void The_miss_fires_at_midnight_Stockholm_after_the_deadline_and_not_a_tick_earlier(string lastDay, string missUtc)
    {
        var driver = new SgiClockDriver(CivilTime.StartOfDay(D(lastDay)).AddHours(9));
        driver.Decision(D(lastDay));

        var miss = Utc(missUtc);
        driver.RunUntil(miss.AddTicks(-1));
        Assert.Empty(driver.Of<SgiDeadlineMissed>());
        Assert.Equal(SgiStatus.AtRisk, driver.Status);

        driver.RunUntil(miss);
        var (at, missed) = Assert.Single(driver.Of<SgiDeadlineMissed>());
        Assert.Equal(miss, at);
        Assert.Equal(D(lastDay).AddDays(25), missed.DeadlineDate);
        Assert.Equal(D(lastDay).AddDays(26), missed.EffectiveDate);
        Assert.Equal(SgiStatus.PresumedLost, driver.Status);
        Assert.Empty(driver.State.Timers(driver.Rules));
    }

    [Fact]
    public void Reminders_fire_at_the_start_of_their_civil_day_across_the_spring_daylight_saving_change()
    {
        // Deadline Sunday 2025-03-30 (the night clocks go forward): reminders on 23, 27 and 29 March at 00:00 CET.
        var driver = new SgiClockDriver(Utc("2025-03-05T08:00:00Z"));
        driver.Decision(D("2025-03-05"));
        driver.RunUntil(Utc("2025-04-01T00:00:00Z"));

        Assert.Equal(
            [(Utc("2025-03-22T23:00:00Z"), 7), (Utc("2025-03-26T23:00:00Z"), 3), (Utc("2025-03-28T23:00:00Z"), 1)],
            driver.Of<SgiDeadlineApproaching>().Select(r => (r.At, r.Event.DaysLeft)));
        Assert.All(driver.Of<SgiDeadlineApproaching>(), r => Assert.Equal(D("2025-03-30"), r.Event.DeadlineDate));
        Assert.Equal(Utc("2025-03-30T22:00:00Z"), Assert.Single(driver.Of<SgiDeadlineMissed>()).At);
    }

    [Fact]
    public void Reminders_fire_at_the_start_of_their_civil_day_across_the_autumn_daylight_saving_change()
    {
        // Deadline Sunday 2025-10-26 (clocks go back at 03:00): the 1-day reminder is Saturday 00:00 CEST, the miss Monday 00:00 CET.
        var driver = new SgiClockDriver(Utc("2025-10-01T08:00:00Z"));
        driver.Decision(D("2025-10-01"));
        driver.RunUntil(Utc("2025-10-28T00:00:00Z"));

        Assert.Equal(
            [(Utc("2025-10-18T22:00:00Z"), 7), (Utc("2025-10-22T22:00:00Z"), 3), (Utc("2025-10-24T22:00:00Z"), 1)],
            driver.Of<SgiDeadlineApproaching>().Select(r => (r.At, r.Event.DaysLeft)));
        Assert.Equal(Utc("2025-10-26T23:00:00Z"), Assert.Single(driver.Of<SgiDeadlineMissed>()).At);
    }

    [Fact]
    public void A_registration_on_the_deadline_day_protects_and_ends_every_timer()
    {
        var driver = new SgiClockDriver(Utc("2025-01-31T09:00:00Z"));
        driver.Decision(D("2025-01-31"));
        driver.RunUntil(Utc("2025-02-25T12:00:00Z"));
        driver.Registration(D("2025-02-25"));

        Assert.Equal(SgiStatus.Protected, driver.Status);
        var protectedEvent = Assert.Single(driver.Of<SgiProtected>()).Event;
        Assert.False(protectedEvent.CorrectsMiss);
        Assert.Equal("af-office-9", protectedEvent.OfficeId);
        Assert.Empty(driver.State.Timers(driver.Rules));
        driver.RunUntil(Utc("2025-03-10T00:00:00Z"));
        Assert.Empty(driver.Of<SgiDeadlineMissed>());
    }

    [Fact]
    public void A_registration_the_day_after_the_deadline_does_not_protect()
    {
        var driver = new SgiClockDriver(Utc("2025-01-31T09:00:00Z"));
        driver.Decision(D("2025-01-31"));
        driver.RunUntil(Utc("2025-02-27T09:00:00Z"));
        driver.Registration(D("2025-02-26"));

        Assert.Equal(SgiStatus.PresumedLost, driver.Status);
        Assert.Empty(driver.Of<SgiProtected>());
    }

    [Fact]
    public void Already_registered_when_the_clock_starts_is_protected_at_once_with_no_timers()
    {
        var driver = new SgiClockDriver(Utc("2025-05-01T09:00:00Z"));
        driver.Registration(D("2025-04-01"));
        driver.Decision(D("2025-04-30"));

        Assert.Equal(SgiStatus.Protected, driver.Status);
        Assert.Single(driver.Of<SgiProtected>());
        Assert.Empty(driver.State.Timers(driver.Rules));
    }

    [Fact]
    public void A_spell_that_ended_before_the_clock_started_does_not_protect()
    {
        var driver = new SgiClockDriver(Utc("2025-05-01T09:00:00Z"));
        driver.Registration(D("2025-01-01"), deregistered: D("2025-03-01"));
        driver.Decision(D("2025-04-30"));

        Assert.Equal(SgiStatus.AtRisk, driver.Status);
    }

    [Fact]
    public void A_late_recorded_in_time_registration_emits_SgiProtected_and_corrects_the_miss()
    {
        var driver = new SgiClockDriver(Utc("2025-01-31T09:00:00Z"));
        driver.Decision(D("2025-01-31"));
        driver.RunUntil(Utc("2025-03-05T09:00:00Z"));
        Assert.Equal(SgiStatus.PresumedLost, driver.Status);

        driver.Registration(D("2025-02-20"));

        Assert.Equal(SgiStatus.Protected, driver.Status);
        Assert.True(Assert.Single(driver.Of<SgiProtected>()).Event.CorrectsMiss);
    }

    [Fact]
    public void SGI_resting_on_employment_is_not_applicable_and_never_presumed_lost()
    {
        var driver = new SgiClockDriver(Utc("2025-01-31T09:00:00Z"));
        driver.Decision(D("2025-01-31"), restsOnEmployment: true);
        driver.RunUntil(Utc("2025-06-01T00:00:00Z"));

        Assert.Equal(SgiStatus.NotApplicable, driver.Status);
        Assert.Equal(SgiNotApplicable.RestsOnEmployment, Assert.Single(driver.Of<SgiNotApplicable>()).Event.Reason);
        Assert.Empty(driver.Of<SgiDeadlineMissed>());
        Assert.Empty(driver.Of<SgiClockStarted>());
    }

    [Fact]
    public void A_decision_recorded_after_its_deadline_is_presumed_lost_at_once_and_sends_no_reminders()
    {
        var driver = new SgiClockDriver(Utc("2025-04-01T09:00:00Z"));
        driver.Decision(D("2025-01-31"));
        driver.RunUntil(Utc("2025-04-02T00:00:00Z"));

        Assert.Equal(SgiStatus.PresumedLost, driver.Status);
        Assert.Single(driver.Of<SgiDeadlineMissed>());
        Assert.Empty(driver.Of<SgiDeadlineApproaching>());
    }

    [Fact]
    public void A_reminder_that_fires_late_reports_the_days_actually_left_and_settles_the_larger_offsets()
    {
        var driver = new SgiClockDriver(Utc("2025-02-23T09:00:00Z"));
        driver.Decision(D("2025-01-31")); // deadline 2025-02-25, two days left
        driver.RunUntil(Utc("2025-02-23T09:00:00Z"));

        Assert.Equal([2], driver.Of<SgiDeadlineApproaching>().Select(r => r.Event.DaysLeft));
        Assert.Equal(["sgi-remind-1", "sgi-miss"], driver.State.Timers(driver.Rules).Select(t => t.Name));
    }

    [Fact]
    public void A_corrected_decision_moves_the_deadline_and_the_timers_follow()
    {
        var driver = new SgiClockDriver(Utc("2025-02-01T09:00:00Z"));
        driver.Decision(D("2025-01-31"), recorded: Utc("2025-02-01T09:00:00Z"));
        driver.Decision(D("2025-02-14"), recorded: Utc("2025-02-02T09:00:00Z")); // same fact, corrected last day

        Assert.Equal(D("2025-03-11"), driver.State.Timers(driver.Rules).Single(t => t.Kind == TimerKind.SgiDeadlineMissed).ForDate);
        driver.RunUntil(Utc("2025-02-27T00:00:00Z"));
        Assert.Empty(driver.Of<SgiDeadlineMissed>());
        Assert.Equal([D("2025-02-25"), D("2025-03-11")], driver.Of<SgiClockStarted>().Select(s => s.Event.DeadlineDate));
    }

    [Fact]
    public void T1_is_versioned_by_the_last_benefit_day()
    {
        var rules = new SgiRules([new SgiDeadlineVersion(DateOnly.MinValue, 25), new SgiDeadlineVersion(D("2026-01-01"), 30)], [3]);

        Assert.Equal(D("2026-01-25"), rules.DeadlineFor(D("2025-12-31")));
        Assert.Equal(D("2026-01-31"), rules.DeadlineFor(D("2026-01-01")));
    }
}
