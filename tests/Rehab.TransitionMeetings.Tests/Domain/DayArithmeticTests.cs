using Microsoft.Extensions.Time.Testing;
using Rehab.BuildingBlocks.Domain;
using Rehab.TransitionMeetings.Domain;
using Xunit;

namespace Rehab.TransitionMeetings.Tests.Domain;

/// <summary>Chain days, day 180 and the SGI deadline are civil-date arithmetic: month ends, leap days and DST need no special case.</summary>
[Trait("Tier", "Fast")]
public sealed class DayArithmeticTests
{
    [Theory]
    // Across a month end: day 100 on 31 January; day 180 is 80 days later.
    [InlineData(100, "2025-01-31", "2025-04-21")]
    // Across a leap day: 29 February 2024 is a day of the chain.
    [InlineData(150, "2024-02-28", "2024-03-29")]
    [InlineData(150, "2023-02-28", "2023-03-30")]
    // Across the start of summer time (30 March 2025) and its end (26 October 2025): a day is a day.
    [InlineData(170, "2025-03-25", "2025-04-04")]
    [InlineData(175, "2025-10-24", "2025-10-29")]
    // An observation after day 180 dates day 180 back.
    [InlineData(185, "2025-03-01", "2025-02-24")]
    public void Day_180_falls_on_the_observed_date_plus_the_days_left(int day, string observed, string expected)
    {
        var observation = new ChainDayObservation("SC-1", day, DateOnly.Parse(observed));
        Assert.Equal(DateOnly.Parse(expected), RehabChain.DateOfDay(observation, 180));
        Assert.Equal(180, RehabChain.DayOn(observation, DateOnly.Parse(expected)));
    }

    [Fact]
    public void The_chain_day_on_1_March_of_a_leap_year_counts_29_February()
    {
        var observation = new ChainDayObservation("SC-1", 89, new DateOnly(2024, 2, 28));
        Assert.Equal(91, RehabChain.DayOn(observation, new DateOnly(2024, 3, 1)));
        Assert.Equal(90, RehabChain.DayOn(observation with { ChainDayDate = new DateOnly(2023, 2, 28) }, new DateOnly(2023, 3, 1)));
    }

    [Theory]
    [InlineData("2025-01-31", "2025-02-25")]
    [InlineData("2024-02-10", "2024-03-06")]
    [InlineData("2023-02-10", "2023-03-07")]
    [InlineData("2025-12-15", "2026-01-09")]
    public void The_SGI_deadline_is_25_calendar_days_after_the_last_benefit_day(string lastBenefitDay, string deadline) =>
        Assert.Equal(DateOnly.Parse(deadline), RehabChain.SgiDeadline(DateOnly.Parse(lastBenefitDay), 25));

    [Theory]
    // 23:30 UTC on 29 March is 00:30 on 30 March in Stockholm (still CET, +1), the night summer time starts.
    [InlineData("2025-03-29T23:30:00Z", "2025-03-30")]
    // 22:30 UTC on 25 October is 00:30 on 26 October (still CEST, +2), the night summer time ends.
    [InlineData("2025-10-25T22:30:00Z", "2025-10-26")]
    [InlineData("2025-10-25T21:59:00Z", "2025-10-25")]
    public void A_meeting_held_today_in_Stockholm_is_accepted_around_daylight_saving_changes_and_tomorrow_is_not(string utcNow, string stockholmToday)
    {
        var today = CivilTime.Today(new FakeTimeProvider(DateTimeOffset.Parse(utcNow, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(DateOnly.Parse(stockholmToday), today);

        var meeting = MeetingJourney.OfferedTransitionMeeting(today.AddDays(-1));
        var held = meeting.RecordHeld(today, MeetingMode.Physical, MeetingJourney.Core, "af-office-1", Facts.Of(), 1, TransitionRules.Default, today);
        Assert.Equal(MeetingState.Held, held.State.State);
        var error = Assert.Throws<WrongStateException>(() =>
            meeting.RecordHeld(today.AddDays(1), MeetingMode.Physical, MeetingJourney.Core, "af-office-1", Facts.Of(), 1, TransitionRules.Default, today));
        Assert.Equal(Chronology.Rule, error.Rule);
    }
}
