using Rehab.BuildingBlocks.Domain;
using Rehab.Metrics;
using Rehab.Tracking.Domain;
using Xunit;

namespace Rehab.Tracking.Tests.Domain;

/// <summary>A case's milestones, details and assignment as merged from other services' events (DOMAIN §3a–§3c, §9.6).</summary>
[Trait("Tier", "Fast")]
public sealed class CaseTrackTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static CaseObservation At(string id, int day, Milestone? milestone = null, int recordedDay = 0) =>
        new(id, T0.AddDays(recordedDay == 0 ? day : recordedDay), new DateOnly(2025, 3, 1).AddDays(day)) { Milestone = milestone };

    [Fact]
    public void Each_milestone_keeps_its_effective_and_recorded_time_and_a_duplicate_emits_nothing()
    {
        var sent = At("e2", 5, Milestone.JointAssessmentRequested, recordedDay: 9);
        var track = CaseTrack.Open("ref-1", "p-1", At("e1", 0, Milestone.CooperationRelevanceAssessed)).State.Observe(sent).State;

        var occurrence = track.Milestones.Single(m => m.Milestone == Milestone.JointAssessmentRequested);
        Assert.Equal((new DateOnly(2025, 3, 6), T0.AddDays(9), "e2"), (occurrence.EffectiveDate, occurrence.RecordedAt, occurrence.SourceEventId));
        Assert.Empty(track.Observe(sent).Events);
    }

    [Fact]
    public void The_first_meeting_is_the_earliest_held_meeting_whatever_order_they_are_reported_in()
    {
        var second = At("m2", 20, Milestone.FirstJointAssessmentMeeting);
        var first = At("m1", 10, Milestone.FirstJointAssessmentMeeting, recordedDay: 30);
        var track = CaseTrack.Open("ref-1", "p-1", second).State.Observe(first).State;

        Assert.Equal(new DateOnly(2025, 3, 11), track.Milestones.DateOf(Milestone.FirstJointAssessmentMeeting));
    }

    [Fact]
    public void A_reassignment_to_another_officer_is_reflected_and_an_older_booking_report_does_not_undo_it()
    {
        var booked = At("b1", 3, Milestone.JointAssessmentBooked) with { Assignment = new CaseAssignment("fk-1", "af-1", "officer-a") };
        var rebooked = At("b2", 6, Milestone.JointAssessmentBooked) with { Assignment = new CaseAssignment("fk-1", "af-2", "officer-b") };

        var inOrder = CaseTrack.Open("ref-1", "p-1", booked).State.Observe(rebooked).State;
        var reversed = CaseTrack.Open("ref-1", "p-1", rebooked).State.Observe(booked).State;

        Assert.Equal(("af-2", "officer-b"), (inOrder.AfOfficeId, inOrder.AfOfficerId));
        Assert.Equal(inOrder, reversed);
    }

    [Fact]
    public void A_referral_waits_for_booking_from_sent_until_booked_and_counts_the_days()
    {
        var track = CaseTrack.Open("ref-1", "p-1", At("e1", 0, Milestone.JointAssessmentRequested)).State;
        Assert.True(track.AwaitsBooking);
        Assert.Equal(12, track.DaysWaiting(new DateOnly(2025, 3, 13)));

        var booked = track.Observe(At("e2", 4, Milestone.JointAssessmentBooked)).State;
        Assert.False(booked.AwaitsBooking);
    }

    [Fact]
    public void The_round_links_once_and_the_case_is_then_found_by_it()
    {
        var track = CaseTrack.Open("ref-1", "p-1", At("e1", 0, Milestone.JointAssessmentBooked) with { JointAssessmentId = "ja-9", RoundNo = 2 }).State;

        Assert.Equal(["case:referral:ref-1", "case:round:ja-9"], track.UniqueKeys);
        Assert.Equal(2, track.ToMetricCase("c").RoundNo);
    }

    [Fact]
    public void The_metric_case_carries_the_breakdown_dimensions()
    {
        var details = new CaseDetails("sick-1", Gender.Man, [BenefitType.ActivityCompensation], "fk-7");
        var track = CaseTrack.Open("ref-1", "p-1", At("e1", 0, Milestone.SickCaseStarted) with { Details = details }).State;

        var metric = track.ToMetricCase("c-1", "region-3");
        Assert.Equal(("sick-1", Gender.Man, "fk-7", "region-3"), (metric.SickCaseId, metric.Gender, metric.OfficeId, metric.RegionId));
    }

    [Fact]
    public void The_participation_links_once_and_its_milestones_give_LT6_to_LT10()
    {
        var track = CaseTrack.Open("ref-1", "p-1", At("e1", 0, Milestone.JointAssessmentRequested) with { JointAssessmentId = "ja-9", RoundNo = 1 }).State
            .Observe(At("e2", 2, Milestone.CooperationRelevanceAssessed)).State
            .Observe(At("e3", 10, Milestone.FirstJointAssessmentMeeting)).State;
        var linked = track.Observe(At("e4", 20) with { ParticipationId = "part-1" });
        Assert.IsType<CaseParticipationLinked>(Assert.Single(linked.Events));
        track = linked.State;
        Assert.Empty(track.Observe(At("e5", 21) with { ParticipationId = "part-2" }).Events);
        Assert.Equal(["case:referral:ref-1", "case:round:ja-9", "case:participation:part-1"], track.UniqueKeys);

        track = track.Observe(At("e6", 25, Milestone.ParticipationStarted)).State
            .Observe(At("e7", 40, Milestone.FirstInterventionStarted)).State
            .Observe(At("e8", 30, Milestone.FirstInterventionStarted, recordedDay: 50)).State // an earlier start, recorded late
            .Observe(At("e9", 100, Milestone.ParticipationClosed)).State;

        Assert.Equal([("LT6", 20), ("LT7", 28), ("LT8", 90), ("LT9", 100), ("LT10", 75)],
            LeadTimes.Of(track.Milestones).Where(v => v.LeadTimeId is "LT6" or "LT7" or "LT8" or "LT9" or "LT10").Select(v => (v.LeadTimeId, v.Days)));
    }
}
