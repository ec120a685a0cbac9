using Microsoft.Extensions.Time.Testing;
using Rehab.Tracking.Domain;
using Xunit;

namespace Rehab.Tracking.Tests.Domain;

/// <summary>Follow-ups due and overdue (D17): FollowUpOverdue at due date + 1 day, 00:00 Europe/Stockholm, unless held.</summary>
[Trait("Tier", "Fast")]
public sealed class FollowUpTests
{
    private static readonly DateTimeOffset Recorded = new(2025, 10, 1, 8, 0, 0, TimeSpan.Zero);

    private static FollowUpScheduledInput Scheduled(DateOnly due, DateTimeOffset? recorded = null, string eventId = "e1") =>
        new("fu-1", "p-1", "part-1", due, "af-office-3", "af-officer-8", new DateOnly(2025, 10, 1), recorded ?? Recorded, eventId);

    [Fact]
    public void A_follow_up_not_held_by_its_due_date_is_overdue_at_midnight_Stockholm_after_it_and_only_once()
    {
        var time = new FakeTimeProvider(Recorded);
        var followUp = FollowUp.Schedule(Scheduled(new DateOnly(2025, 10, 26))).State; // last Sunday of October

        var timer = Assert.Single(followUp.Timers());
        Assert.Equal(new DateTimeOffset(2025, 10, 26, 23, 0, 0, TimeSpan.Zero), timer.DueAt);

        time.SetUtcNow(timer.DueAt.AddTicks(-1));
        Assert.Empty(followUp.OverdueDue(time.GetUtcNow()).Events);
        Assert.Equal(FollowUpStatus.Due, followUp.StatusAt(time.GetUtcNow()));

        time.SetUtcNow(timer.DueAt);
        var fired = followUp.OverdueDue(time.GetUtcNow());
        var overdue = Assert.IsType<FollowUpOverdue>(Assert.Single(fired.Events));
        Assert.Equal(("af-office-3", "af-officer-8", new DateOnly(2025, 10, 27)), (overdue.OfficeId, overdue.OfficerId, overdue.EffectiveDate));
        Assert.Empty(fired.State.OverdueDue(time.GetUtcNow().AddHours(1)).Events);
        Assert.Empty(fired.State.Timers());
    }

    [Fact]
    public void A_held_follow_up_is_never_overdue()
    {
        var followUp = FollowUp.Schedule(Scheduled(new DateOnly(2025, 10, 10))).State.RecordHeld(new DateOnly(2025, 10, 9)).State;

        Assert.Empty(followUp.Timers());
        Assert.Empty(followUp.OverdueDue(new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero)).Events);
        Assert.Equal(FollowUpStatus.Held, followUp.StatusAt(new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_latest_recorded_schedule_counts_whatever_order_they_arrive_in()
    {
        var first = Scheduled(new DateOnly(2025, 10, 10));
        var moved = Scheduled(new DateOnly(2025, 11, 14), Recorded.AddDays(3), "e2");

        var inOrder = FollowUp.Schedule(first).State.Reschedule(moved).State;
        var reversed = FollowUp.Schedule(moved).State.Reschedule(first);

        Assert.Empty(reversed.Events);
        Assert.Equal(inOrder, reversed.State);
        Assert.Equal(new DateTimeOffset(2025, 11, 14, 23, 0, 0, TimeSpan.Zero), Assert.Single(inOrder.Timers()).DueAt);
    }

    [Fact]
    public void A_follow_up_moved_after_it_went_overdue_is_armed_again_for_its_new_date()
    {
        var overdue = FollowUp.Schedule(Scheduled(new DateOnly(2025, 10, 10))).State
            .OverdueDue(new DateTimeOffset(2025, 10, 11, 0, 0, 0, TimeSpan.Zero)).State;
        Assert.Empty(overdue.Timers());

        var moved = overdue.Reschedule(Scheduled(new DateOnly(2025, 10, 20), Recorded.AddDays(12), "e2")).State;

        Assert.Equal(new DateOnly(2025, 10, 20), Assert.Single(moved.Timers()).ForDate);
    }

    [Fact]
    public void The_next_follow_up_scheduled_at_the_one_just_held_is_due_again_in_either_order()
    {
        var first = Scheduled(new DateOnly(2025, 10, 10));
        var next = Scheduled(new DateOnly(2025, 11, 14), Recorded.AddDays(9), "e2") with { EffectiveDate = new DateOnly(2025, 10, 9) };
        var held = new DateOnly(2025, 10, 9);

        var inOrder = FollowUp.Schedule(first).State.RecordHeld(held).State.Reschedule(next).State;
        var heldLast = FollowUp.Schedule(next).State.Reschedule(first).State.RecordHeld(held).State;

        Assert.Equal(inOrder, heldLast);
        Assert.Equal(new DateOnly(2025, 11, 14), Assert.Single(inOrder.Timers()).ForDate);
        Assert.True(FollowUp.Schedule(first).State.RecordHeld(held).State.IsHeld);
    }

    [Fact]
    public void A_closed_participation_has_no_follow_up_due_whatever_order_the_closure_and_a_schedule_arrive_in_and_the_officer_who_works_the_case_now_is_told()
    {
        var due = new DateOnly(2025, 11, 30); // a month end: overdue at 1 December 00:00 CET
        var closedFirst = new FollowUp { FollowUpId = "fu-1", PersonId = "p-1" }.Close(new DateOnly(2025, 11, 1)).State.Reschedule(Scheduled(due)).State;
        var scheduledFirst = FollowUp.Schedule(Scheduled(due)).State.Close(new DateOnly(2025, 11, 1)).State;
        var after = new DateTimeOffset(2025, 12, 2, 0, 0, 0, TimeSpan.Zero);

        Assert.All([closedFirst, scheduledFirst], f =>
        {
            Assert.Equal(FollowUpStatus.Closed, f.StatusAt(after));
            Assert.Empty(f.Timers());
            Assert.Empty(f.OverdueDue(after).Events);
        });

        var open = FollowUp.Schedule(Scheduled(due)).State;
        Assert.Equal(new DateTimeOffset(2025, 11, 30, 23, 0, 0, TimeSpan.Zero), Assert.Single(open.Timers()).DueAt);
        var overdue = Assert.IsType<FollowUpOverdue>(Assert.Single(open.OverdueDue(after, "af-officer-new").Events));
        Assert.Equal(("af-officer-new", new DateOnly(2025, 12, 1)), (overdue.OfficerId, overdue.EffectiveDate));
    }
}
