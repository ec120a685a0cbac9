using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts;
using Rehab.Contracts.JointAssessment.V1;
using Rehab.Contracts.Referral.V1;
using Rehab.Testing;
using Xunit;
using Round = Rehab.Contracts.JointAssessment.V1.JointAssessment;

using Rehab.Testing.Platform;

namespace Rehab.JointAssessment.Tests.EndToEnd;

/// <summary>
/// Issue 5 through the gateway: a booking made in the referral service opens a round; officers hold the meetings, record AF's
/// assessment and the activity level, and agree a plan (both methods), or decide not to proceed, or record a decline. The
/// revised method starts 3 days ago in this platform, so a booking dated 5 days ago follows the pre-2023 method.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class JointAssessmentThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private PlatformHost Platform => fixture.Platform;

    [Fact]
    public async Task Revised2023_booking_to_information_and_planning_meeting_to_plan_and_a_revision_each_event_consumed_once()
    {
        var journey = new RoundJourney(Platform);
        var booked = await journey.BookAsync(0);
        var round = await journey.RoundOfAsync(booked.ReferralId);

        Assert.Equal((ProcessVersion.Revised2023, JointAssessmentState.Scheduled, 1), (round.ProcessVersion, round.State, round.RoundNo));
        Assert.Equal((booked.PersonId, booked.SickCaseId, ReferralJourney.AfOffice), (round.PersonId, round.SickCaseId, round.AfOfficeId));
        Assert.Equal(ConsentState.Given, round.ConsentState);
        var first = Assert.Single(round.Meetings);
        Assert.Equal((MeetingType.JaInformation, booked.Booking.MeetingAt), (first.MeetingType, first.MeetingAt));

        round = await journey.HoldAsync(round, "m1", 0);
        Assert.Equal(JointAssessmentState.Informed, round.State);
        Assert.Equal(ReferralJourney.Day(0), round.FirstMeetingDate);
        round = await journey.Client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            JointAssessmentId = round.JointAssessmentId, Etag = round.Etag, EffectiveDate = ReferralJourney.Day(0),
            MeetingType = MeetingType.JaPlanning, MeetingAt = RoundJourney.At(0, 14),
        }, journey.Fk);
        Assert.Equal(JointAssessmentState.Planning, round.State);
        round = await journey.HoldAsync(round, "m2", 0);
        round = await journey.AssessAsync(round, 0, hours: 12);
        round = await journey.Client.EstablishPlanAsync(RoundJourney.Plan(round, 0, FirstOrientation.WorkOriented), journey.Fk);

        Assert.Equal((JointAssessmentState.Concluded, Conclusion.PlanAgreed, 1), (round.State, round.Conclusion, round.Plan.PlanVersion));

        var revision = new RevisePlanRequest
        {
            JointAssessmentId = round.JointAssessmentId, Etag = round.Etag, EffectiveDate = ReferralJourney.Day(0),
            FirstOrientation = FirstOrientation.WorkPreparatory,
        };
        round = await journey.Client.RevisePlanAsync(revision, journey.Af);
        Assert.Equal((2, FirstOrientation.WorkPreparatory), (round.Plan.PlanVersion, round.Plan.FirstOrientation));

        string[] expected =
        [
            "JointAssessmentOpened", "MeetingHeld", "MeetingScheduled", "MeetingHeld", "LabourMarketAssessmentCompleted",
            "ActivityLevelAssessed", "RehabilitationPlanEstablished", "JointAssessmentConcluded", "RehabilitationPlanRevised",
        ];
        var delivered = await DeliveredAsync(round.JointAssessmentId, expected.Length);
        Assert.Equal(expected.Select(t => "rehab.jointassessment.v1." + t), delivered.Select(e => e.Type));
        var revised = delivered[^1].Unpack<RehabilitationPlanRevised>();
        Assert.Equal(["first_orientation"], revised.ChangedFields);
        Assert.Equal(2, revised.PlanVersion);
        Assert.Equal(booked.PersonId, delivered[^1].PersonId);
    }

    [Fact]
    public async Task Pre2023_booking_to_a_joint_assessment_meeting_to_plan()
    {
        var journey = new RoundJourney(Platform);
        var booked = await journey.BookAsync(-5);
        var round = await journey.RoundOfAsync(booked.ReferralId);

        Assert.Equal(ProcessVersion.Pre2023, round.ProcessVersion);
        Assert.Equal(MeetingType.JaLegacy, Assert.Single(round.Meetings).MeetingType);

        round = await journey.HoldAsync(round, "m1", -4);
        Assert.Equal(JointAssessmentState.InProgress, round.State);
        round = await journey.AssessAsync(round, -3, hours: 6);
        round = await journey.Client.EstablishPlanAsync(RoundJourney.Plan(round, -2, FirstOrientation.WorkPreparatory), journey.Af);

        Assert.Equal((JointAssessmentState.Concluded, Conclusion.PlanAgreed), (round.State, round.Conclusion));
        var concluded = (await DeliveredAsync(round.JointAssessmentId, 6))[^1].Unpack<JointAssessmentConcluded>();
        Assert.Equal((Conclusion.PlanAgreed, ProcessVersion.Pre2023), (concluded.Conclusion, concluded.ProcessVersion));
        Assert.Equal(ReferralJourney.Day(-4), concluded.FirstMeetingDate);
    }

    [Fact]
    public async Task The_guards_answer_failed_precondition_naming_the_rule()
    {
        var journey = new RoundJourney(Platform);
        var round = await journey.RoundOfAsync((await journey.BookAsync(-1)).ReferralId);
        Assert.Equal(ReferralJourney.Day(-7), round.RequestReceivedDate);

        // Received 7 days ago (the booking says so): a meeting a day earlier breaks §9.1.
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "request_received_date",
            () => journey.Client.RecordMeetingHeldAsync(RoundJourney.Held(round, "m1", -8), journey.Af).ResponseAsync);
        round = await journey.HoldAsync(round, "m1", -1);
        round = await journey.Client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            JointAssessmentId = round.JointAssessmentId, Etag = round.Etag, EffectiveDate = ReferralJourney.Day(-1),
            MeetingType = MeetingType.JaPlanning, MeetingAt = RoundJourney.At(0, 9),
        }, journey.Fk);
        round = await journey.HoldAsync(round, "m2", 0);

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "joint_assessment.activity_level",
            () => journey.Client.EstablishPlanAsync(RoundJourney.Plan(round, 0, FirstOrientation.WorkPreparatory), journey.Fk).ResponseAsync);

        round = await journey.Client.AssessActivityLevelAsync(new AssessActivityLevelRequest
        {
            JointAssessmentId = round.JointAssessmentId, Etag = round.Etag, EffectiveDate = ReferralJourney.Day(0), HoursPerWeek = 8,
            Stability = Stability.Unstable,
        }, journey.Fk);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "joint_assessment.labour_market_assessment",
            () => journey.Client.EstablishPlanAsync(RoundJourney.Plan(round, 0, FirstOrientation.WorkPreparatory), journey.Fk).ResponseAsync);

        round = await journey.AssessAsync(round, 0, hours: 8);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "joint_assessment.work_oriented_threshold",
            () => journey.Client.EstablishPlanAsync(RoundJourney.Plan(round, 0, FirstOrientation.WorkOriented), journey.Fk).ResponseAsync);

        // AF's assessment is AF's: FK officers may not record it (the matrix).
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "",
            () => journey.Client.RecordLabourMarketAssessmentAsync(new RecordLabourMarketAssessmentRequest
            {
                JointAssessmentId = round.JointAssessmentId, Etag = round.Etag, EffectiveDate = ReferralJourney.Day(0),
                IllnessImpact = "x", AdaptationNeeds = "y",
            }, journey.Fk).ResponseAsync);
    }

    [Fact]
    public async Task A_meeting_is_held_only_with_consent_given_which_the_round_learns_from_the_referral()
    {
        var journey = new RoundJourney(Platform);
        var referrals = Platform.Referrals;
        var r = await journey.Referral.CreateAsync();
        r = await referrals.AssessCooperationRelevanceAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = ReferralJourney.Day(-25) }, journey.Fk);
        r = await referrals.RequestConsentAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = ReferralJourney.Day(-15) }, journey.Fk);
        r = await referrals.SendRequestAsync(new() { ReferralId = r.ReferralId, Etag = r.Etag, EffectiveDate = ReferralJourney.Day(-10) }, journey.Fk);
        var booked = await journey.BookAsync(-1, r);
        var round = await journey.RoundOfAsync(booked.ReferralId);
        Assert.Equal(ConsentState.Requested, round.ConsentState);

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "joint_assessment.consent",
            () => journey.Client.RecordMeetingHeldAsync(RoundJourney.Held(round, "m1", 0), journey.Af).ResponseAsync);

        await referrals.RecordConsentDecisionAsync(new()
        {
            ReferralId = booked.ReferralId, Etag = booked.Etag, EffectiveDate = ReferralJourney.Day(0), Decision = ConsentState.Given,
            Channel = Contracts.Common.V1.Channel.InPerson,
        }, journey.Fk);
        Assert.True(await Eventually.TrueAsync(async () => (round = await journey.RoundOfAsync(booked.ReferralId)).ConsentState == ConsentState.Given,
            TimeSpan.FromSeconds(15)), "the round did not learn that consent was given");

        round = await journey.HoldAsync(round, "m1", 0);
        Assert.Equal(JointAssessmentState.Informed, round.State);
    }

    [Fact]
    public async Task A_decision_not_to_proceed_and_a_decline_conclude_their_rounds()
    {
        var journey = new RoundJourney(Platform);
        var noGo = await journey.RoundOfAsync((await journey.BookAsync(0)).ReferralId);
        noGo = await journey.HoldAsync(noGo, "m1", 0);
        var decision = new DecideNotToProceedRequest
        {
            JointAssessmentId = noGo.JointAssessmentId, Etag = noGo.Etag, EffectiveDate = ReferralJourney.Day(0), ReferredTo = "Samordningsförbundet Östra Södertörn",
        };
        decision.Reasons.Add(NotProceedingReason.NotReadyForRehabilitation);
        decision.Reasons.Add(NotProceedingReason.ReferredSamordningsforbund);
        noGo = await journey.Client.DecideNotToProceedAsync(decision, journey.Af);
        Assert.Equal((JointAssessmentState.Concluded, Conclusion.NotProceeding), (noGo.State, noGo.Conclusion));
        Assert.Equal(decision.Reasons, noGo.NotProceeding.Reasons);

        var declined = await journey.RoundOfAsync((await journey.BookAsync(0)).ReferralId);
        declined = await journey.Client.RecordDeclineAsync(new RecordDeclineRequest
        {
            JointAssessmentId = declined.JointAssessmentId, Etag = declined.Etag, EffectiveDate = ReferralJourney.Day(0), ValidReason = true,
            Channel = Contracts.Common.V1.Channel.Phone,
        }, journey.Fk);
        Assert.Equal((Conclusion.Declined, true), (declined.Conclusion, declined.Decline.ValidReason));

        var noGoEvents = await DeliveredAsync(noGo.JointAssessmentId, 4);
        Assert.Equal(Conclusion.NotProceeding, noGoEvents[^1].Unpack<JointAssessmentConcluded>().Conclusion);
        var declineEvents = await DeliveredAsync(declined.JointAssessmentId, 3);
        Assert.True(declineEvents[^2].Unpack<ParticipationDeclined>().ValidReason);
    }

    [Fact]
    public async Task A_duplicate_booking_event_opens_no_second_round_and_a_new_booking_for_the_sick_case_opens_round_two()
    {
        var journey = new RoundJourney(Platform);
        var identity = ReferralJourney.NewIdentityNumber();
        var sickCase = "SC-" + Guid.NewGuid().ToString("N")[..8];
        var booked = await journey.BookAsync(0, await journey.Referral.ToSentAsync(await journey.Referral.CreateAsync(journey.Referral.NewRequest(identity, sickCase))));
        var round = await journey.RoundOfAsync(booked.ReferralId);

        var stored = new List<CloudEvent>();
        await foreach (var e in Platform.ReferralServices.GetRequiredService<EventLogReader>().ReadAllAsync("referral")) stored.Add(e);
        var booking = Assert.Single(stored, e => e.Subject == booked.ReferralId && e.Type == JointAssessmentBooked.Descriptor.FullName);
        // The same CloudEvent again (the inbox drops it), and the same booking under a new id (the effect itself is idempotent).
        var reminted = booking with { Id = Guid.CreateVersion7().ToString() };
        var transport = Platform.JointAssessmentServices.GetRequiredService<IEventTransport>();
        await transport.PublishAsync(Topics.Referral, booking, CancellationToken.None);
        await transport.PublishAsync(Topics.Referral, reminted, CancellationToken.None);

        var inbox = Platform.JointAssessmentServices.GetRequiredService<Inbox>();
        Assert.True(await Eventually.TrueAsync(() => inbox.WasHandledAsync(nameof(Rehab.JointAssessment.JointAssessmentBookedHandler), reminted.Id),
            TimeSpan.FromSeconds(15)), "the re-minted booking was not consumed");
        Assert.Equal(round.JointAssessmentId, Assert.Single(await journey.RoundsOfAsync(booked.ReferralId)).JointAssessmentId);
        Assert.Equal(JointAssessmentOpened.Descriptor.FullName, Assert.Single(await DeliveredAsync(round.JointAssessmentId, 1)).Type);

        // Another referral for the same person and sick case (the first one is converted, D16) opens the second round.
        var second = await journey.BookAsync(0, await journey.Referral.ToSentAsync(await journey.Referral.CreateAsync(journey.Referral.NewRequest(identity, sickCase))));
        Assert.Equal(2, (await journey.RoundOfAsync(second.ReferralId)).RoundNo);
    }

    [Fact]
    public async Task Officers_of_other_offices_cannot_read_a_round_and_every_personal_read_is_audited()
    {
        var journey = new RoundJourney(Platform);
        var round = await journey.RoundOfAsync((await journey.BookAsync(0)).ReferralId);

        var fetched = await journey.Client.GetJointAssessmentAsync(new GetJointAssessmentRequest { JointAssessmentId = round.JointAssessmentId }, journey.Fk);
        Assert.Equal(round.JointAssessmentId, fetched.JointAssessmentId);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "offices you do not serve", () => journey.Client.GetJointAssessmentAsync(
            new GetJointAssessmentRequest { JointAssessmentId = round.JointAssessmentId }, PlatformHost.As(DevTokens.FkOfficer("fk-office-elsewhere"))).ResponseAsync);
        var elsewhere = await journey.Client.ListJointAssessmentsAsync(new ListJointAssessmentsRequest { ReferralId = round.ReferralId },
            PlatformHost.As(DevTokens.AfOfficer("af-office-elsewhere")));
        Assert.Empty(elsewhere.JointAssessments);

        var entries = new List<AuditEntry>();
        await foreach (var record in Platform.AuditOf("joint-assessment").ReadAllAsync()) entries.Add(record.Entry);
        Assert.Contains(entries, e => e.RecordId == round.JointAssessmentId && e.Action == AuditAction.Read && e.UserId == "fk-officer-1");
        Assert.True((await Platform.AuditOf("joint-assessment").VerifyAsync()).IsValid);
    }

    /// <summary>Waits for <paramref name="count"/> events of the round at the subscriber, then checks none arrived twice.</summary>
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
