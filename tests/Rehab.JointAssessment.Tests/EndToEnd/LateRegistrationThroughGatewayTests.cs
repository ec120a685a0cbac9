using Grpc.Core;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.JointAssessment.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;
using InterventionType = Rehab.Contracts.Common.V1.InterventionType;

namespace Rehab.JointAssessment.Tests.EndToEnd;

/// <summary>
/// Issue 5 through the gateway, the parts beyond the happy path: implied steps and audited chronology overrides (D5, §9.1),
/// planned interventions in the plan and its revision, cancelling a round (§3b), and AF specialists who attend (§2).
/// </summary>
[Trait("Tier", "Redis")]
public sealed class LateRegistrationThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private PlatformHost Platform => fixture.Platform;

    [Fact]
    public async Task A_meeting_before_the_request_was_received_needs_an_override_which_the_event_and_the_audit_trail_record()
    {
        var journey = new RoundJourney(Platform);
        var round = await journey.RoundOfAsync((await journey.BookAsync(-1)).ReferralId);
        var tooEarly = RoundJourney.Held(round, "m1", -8);

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "chronology_override_reason",
            () => journey.Client.RecordMeetingHeldAsync(tooEarly, journey.Af).ResponseAsync);
        tooEarly.ChronologyOverrideReason = "The meeting took place before AF registered the request";
        round = await journey.Client.RecordMeetingHeldAsync(tooEarly, journey.Af);

        var overridden = round.Meetings[0].ChronologyOverride;
        Assert.Equal(tooEarly.ChronologyOverrideReason, overridden.Reason);
        Assert.Contains(overridden.Violations, v => v.Contains("request_received_date", StringComparison.Ordinal));
        var events = await DeliveredAsync(round.JointAssessmentId, 2);
        Assert.Equal(overridden, events[1].Unpack<MeetingHeld>().ChronologyOverride);
        Assert.Equal(ReferralJourney.Day(-7), events[0].Unpack<JointAssessmentOpened>().RequestReceivedDate);

        var audit = new List<AuditEntry>();
        await foreach (var record in Platform.AuditOf("joint-assessment").ReadAllAsync()) audit.Add(record.Entry);
        var entry = Assert.Single(audit, e => e.RecordId == round.JointAssessmentId && e.Action == AuditAction.Override);
        Assert.Equal((tooEarly.ChronologyOverrideReason, "af-officer-1"), (entry.Reason, entry.UserId));
        Assert.Equal(overridden.Violations, entry.Fields);
        Assert.True((await Platform.AuditOf("joint-assessment").VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task A_planning_meeting_recorded_late_implies_the_information_meeting_and_the_plan_lists_planned_interventions()
    {
        var journey = new RoundJourney(Platform);
        var round = await journey.RoundOfAsync((await journey.BookAsync(0)).ReferralId);

        var planning = RoundJourney.Held(round, "", 0);
        planning.MeetingType = MeetingType.JaPlanning;
        round = await journey.Client.RecordMeetingHeldAsync(planning, journey.Af);

        Assert.Equal(JointAssessmentState.Planning, round.State);
        Assert.Equal((MeetingStatus.Held, true), (round.Meetings[0].Status, round.Meetings[0].Implied));
        Assert.Equal((MeetingType.JaPlanning, MeetingStatus.Held, false), (round.Meetings[1].MeetingType, round.Meetings[1].Status, round.Meetings[1].Implied));

        round = await journey.AssessAsync(round, 0, hours: 12);
        var plan = RoundJourney.Plan(round, 0, FirstOrientation.WorkOriented);
        var training = new PlannedIntervention
        {
            InterventionType = InterventionType.WorkTraining, Orientation = FirstOrientation.WorkOriented, HoursPerWeek = 10, GoalNo = 1,
        };
        plan.PlannedInterventions.Add(training);
        round = await journey.Client.EstablishPlanAsync(plan, journey.Fk);
        Assert.Equal(training, Assert.Single(round.Plan.PlannedInterventions));

        var revision = new RevisePlanRequest
        {
            JointAssessmentId = round.JointAssessmentId, Etag = round.Etag, EffectiveDate = ReferralJourney.Day(0),
            PlannedInterventions = new PlannedInterventions(),
        };
        round = await journey.Client.RevisePlanAsync(revision, journey.Af);
        Assert.Empty(round.Plan.PlannedInterventions);

        var events = await DeliveredAsync(round.JointAssessmentId, 9);
        Assert.Equal(
            ["JointAssessmentOpened", "MeetingHeld", "MeetingScheduled", "MeetingHeld", "LabourMarketAssessmentCompleted", "ActivityLevelAssessed",
             "RehabilitationPlanEstablished", "JointAssessmentConcluded", "RehabilitationPlanRevised"],
            events.Select(e => e.Type["rehab.jointassessment.v1.".Length..]));
        Assert.Equal((true, true), (events[1].Unpack<MeetingHeld>().Implied, events[1].Unpack<MeetingHeld>().FirstMeeting));
        Assert.True(events[2].Unpack<MeetingScheduled>().Implied);
        Assert.Equal((false, false), (events[3].Unpack<MeetingHeld>().Implied, events[3].Unpack<MeetingHeld>().FirstMeeting));
        Assert.Equal(training, Assert.Single(events[6].Unpack<RehabilitationPlanEstablished>().PlannedInterventions));
        Assert.Equal(["planned_interventions"], events[8].Unpack<RehabilitationPlanRevised>().ChangedFields);
    }

    [Fact]
    public async Task A_cancelled_round_ends_with_its_reason_and_its_scheduled_meeting_cancelled()
    {
        var journey = new RoundJourney(Platform);
        var round = await journey.RoundOfAsync((await journey.BookAsync(0)).ReferralId);

        round = await journey.Client.CancelJointAssessmentAsync(new CancelJointAssessmentRequest
        {
            JointAssessmentId = round.JointAssessmentId, Etag = round.Etag, EffectiveDate = ReferralJourney.Day(0),
            Reason = RoundCancellationReason.BookedInError, CancelledBy = Participant.FkCaseOfficer,
        }, journey.Fk);

        Assert.Equal(JointAssessmentState.Cancelled, round.State);
        Assert.Equal((RoundCancellationReason.BookedInError, Participant.FkCaseOfficer), (round.Cancellation.Reason, round.Cancellation.CancelledBy));
        Assert.Equal(MeetingStatus.Cancelled, Assert.Single(round.Meetings).Status);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "joint_assessment.transition",
            () => journey.Client.RecordMeetingHeldAsync(RoundJourney.Held(round, "m1", 0), journey.Af).ResponseAsync);
        var cancelled = (await DeliveredAsync(round.JointAssessmentId, 2))[1].Unpack<JointAssessmentCancelled>();
        Assert.Equal(["m1"], cancelled.CancelledMeetingIds);
        Assert.Equal(1, cancelled.RoundNo);
    }

    [Fact]
    public async Task An_AF_specialist_reads_and_updates_only_the_rounds_they_attend()
    {
        var journey = new RoundJourney(Platform);
        var attended = await journey.RoundOfAsync((await journey.BookAsync(0)).ReferralId);
        var other = await journey.RoundOfAsync((await journey.BookAsync(0)).ReferralId);
        var held = RoundJourney.Held(attended, "m1", 0);
        held.Participants.Add(Participant.AfSpecialist);
        held.AfSpecialistIds.Add("af-specialist-1");
        attended = await journey.Client.RecordMeetingHeldAsync(held, journey.Af);
        var specialist = PlatformHost.As(DevTokens.ForRole(Role.AfSpecialist));

        var read = await journey.Client.GetJointAssessmentAsync(new GetJointAssessmentRequest { JointAssessmentId = attended.JointAssessmentId }, specialist);
        Assert.Equal(["af-specialist-1"], read.Meetings[0].AfSpecialistIds);
        var assessed = await journey.Client.AssessActivityLevelAsync(new AssessActivityLevelRequest
        {
            JointAssessmentId = read.JointAssessmentId, Etag = read.Etag, EffectiveDate = ReferralJourney.Day(0), HoursPerWeek = 6,
            Stability = Stability.Unstable,
        }, specialist);
        Assert.Equal(6, assessed.ActivityLevel.HoursPerWeek);

        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "attend", () => journey.Client.GetJointAssessmentAsync(
            new GetJointAssessmentRequest { JointAssessmentId = other.JointAssessmentId }, specialist).ResponseAsync);
        Assert.Empty((await journey.Client.ListJointAssessmentsAsync(new ListJointAssessmentsRequest { ReferralId = other.ReferralId }, specialist))
            .JointAssessments);
        // The plan is FK's and AF's (the matrix): read-only for specialists even where they attend.
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "", () => journey.Client.DecideNotToProceedAsync(new DecideNotToProceedRequest
        {
            JointAssessmentId = assessed.JointAssessmentId, Etag = assessed.Etag, EffectiveDate = ReferralJourney.Day(0),
            Reasons = { NotProceedingReason.Other },
        }, specialist).ResponseAsync);
    }

    private async Task<IReadOnlyList<CloudEvent>> DeliveredAsync(string roundId, int count)
    {
        Assert.True(await Eventually.TrueAsync(() => Platform.JointAssessmentEvents.CountFor(roundId) >= count, TimeSpan.FromSeconds(15)),
            $"expected {count} events of round {roundId}, got {Platform.JointAssessmentEvents.CountFor(roundId)}");
        await Task.Delay(300); // room for a duplicate to show up
        var events = Platform.JointAssessmentEvents.Delivered.Where(e => e.Subject == roundId).ToList();
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(count, events.Count);
        return events;
    }
}

/// <summary>Under the dapr transport each app gets each message (here through one fake sidecar): the booking opens a round.</summary>
[Trait("Tier", "Redis")]
public sealed class DaprTransportRoundTests
{
    [Fact]
    public async Task A_booking_published_through_dapr_opens_a_round_whose_events_reach_a_subscriber_once()
    {
        await using var platform = await PlatformHost.StartAsync(MessagingOptions.DaprTransport);
        var journey = new RoundJourney(platform);

        var round = await journey.RoundOfAsync((await journey.BookAsync(0)).ReferralId);
        round = await journey.HoldAsync(round, "m1", 0);

        Assert.Equal(JointAssessmentState.Informed, round.State);
        Assert.True(await Eventually.TrueAsync(() => platform.JointAssessmentEvents.CountFor(round.JointAssessmentId) >= 2, TimeSpan.FromSeconds(15)),
            "the round's events did not reach the subscriber over dapr");
        await Task.Delay(300);
        var events = platform.JointAssessmentEvents.Delivered.Where(e => e.Subject == round.JointAssessmentId).ToList();
        Assert.Equal([JointAssessmentOpened.Descriptor.FullName, MeetingHeld.Descriptor.FullName], events.Select(e => e.Type));
        Assert.StartsWith("joint-assessment", events[0].Source, StringComparison.Ordinal);
    }
}
