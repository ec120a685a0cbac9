using Grpc.Core;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.ReferenceData.V1;
using Rehab.Contracts.Tracking.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.Tracking.Tests.EndToEnd;

/// <summary>
/// The tracking service through the gateway: a referral journey's events become a case timeline with milestones and lead times;
/// an SGI clock from the facts feed shows AtRisk, then Protected after a registration; AF's booking queue; who may read what
/// (analysts: aggregates only, D3) and the audit of personal reads.
/// </summary>
[Trait("Tier", "Redis")]
[Collection(PlatformsOneAtATime.Name)]
public sealed partial class TrackingThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    // Nine test projects each run a whole platform at once on CI's two cores: delivery can take a while there.
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(40);

    private PlatformHost Platform => fixture.Platform;

    private TrackingService.TrackingServiceClient Tracking => Platform.Tracking;

    private static Metadata Fk => PlatformHost.As(DevTokens.FkOfficer(ReferralJourney.FkOffice));

    private static Metadata Af => PlatformHost.As(DevTokens.AfOfficer(ReferralJourney.AfOffice));

    private static Metadata Analyst => PlatformHost.As(DevTokens.ForRole(Role.Analyst));

    [Fact]
    public async Task A_referral_journey_produces_a_timeline_with_its_milestones_and_lead_times()
    {
        // An FK office of this test alone: the topic streams are shared by every platform of the test run, so other tests' cases
        // reach this tracking service too, and the statistics row below must be this case's only.
        var office = "fk-office-rj-" + Guid.NewGuid().ToString("N")[..8];
        var journey = new RoundJourney(Platform, office);
        var booked = await journey.BookAsync(0);
        var round = await journey.RoundOfAsync(booked.ReferralId);
        await journey.HoldAsync(round, "m1", 0);

        var timeline = await TimelineAsync(booked.ReferralId, t => t.Milestones.Any(m => m.Milestone == Milestone.FirstJointAssessmentMeeting), journey.Fk);

        Assert.Equal(
        [
            (Milestone.SickCaseStarted, -200), (Milestone.RehabilitationNeedIdentified, -30), (Milestone.CooperationRelevanceAssessed, -25),
            (Milestone.ConsentRequested, -15), (Milestone.ConsentGiven, -12), (Milestone.JointAssessmentRequested, -10),
            (Milestone.RequestReceived, -7), (Milestone.JointAssessmentBooked, 0), (Milestone.FirstJointAssessmentMeeting, 0),
        ], timeline.Milestones.Select(m => (m.Milestone, Offset(m.EffectiveDate))));
        Assert.All(timeline.Milestones, m => Assert.NotNull(m.RecordedAt));
        Assert.Equal((booked.PersonId, round.JointAssessmentId, ReferralJourney.AfOffice, "af-officer-1"),
            (timeline.PersonId, timeline.JointAssessmentId, timeline.AfOfficeId, timeline.AfOfficerId));
        Assert.Equal([("LT1", 175), ("LT2", 10), ("LT3", 3), ("LT4", 15), ("LT5", 7), ("LT11", 200)],
            timeline.LeadTimes.Select(l => (l.LeadTimeId, l.Days)));

        var person = await Tracking.GetPersonTimelineAsync(new GetPersonTimelineRequest { PersonId = booked.PersonId }, journey.Fk);
        Assert.Equal(booked.ReferralId, Assert.Single(person.Cases).ReferralId);

        var statistics = await Tracking.GetLeadTimeStatisticsAsync(
            new GetLeadTimeStatisticsRequest { LeadTimeIds = { "LT5" }, Breakdown = { Dimension.Office } }, Analyst);
        var row = Assert.Single(statistics.Rows, r => r.OfficeId == office
            && r.Period == ReferralJourney.Today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, row.Count);
        Assert.Equal(7, row.MedianDays);

        // The region breakdown follows reference data: the office is recorded in a region of its own, and the case counts there.
        var region = "region-rj-" + office[^8..];
        var operatorToken = PlatformHost.As(DevTokens.ForRole(Role.Operator));
        await Platform.ReferenceData.UpsertRegionAsync(new UpsertRegionRequest { Region = new Region { RegionId = region, Name = "Region " + region } }, operatorToken);
        await Platform.ReferenceData.UpsertOfficeAsync(new UpsertOfficeRequest
        {
            Office = new Office { OfficeId = office, Agency = Agency.Fk, Name = "Försäkringskassan " + office, RegionId = region, Active = true },
        }, operatorToken);
        LeadTimeStatistics? regionRow = null;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            var byRegion = await Tracking.GetLeadTimeStatisticsAsync(
                new GetLeadTimeStatisticsRequest { LeadTimeIds = { "LT5" }, Breakdown = { Dimension.Region } }, Analyst);
            regionRow = byRegion.Rows.SingleOrDefault(r => r.RegionId == region);
            return regionRow is not null;
        }, Delivery), "the office's region reaches tracking through reference data's OfficeRecorded");
        Assert.Equal((1, 7), (regionRow!.Count, regionRow.MedianDays));

        var entries = new List<AuditEntry>();
        await foreach (var record in Platform.AuditOf("tracking").ReadAllAsync()) entries.Add(record.Entry);
        Assert.Contains(entries, e => e.Action == AuditAction.Read && e.RecordType == "case" && e.UserId == "fk-officer-1");
        Assert.True((await Platform.AuditOf("tracking").VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task An_SGI_clock_from_the_facts_feed_is_at_risk_then_protected_after_a_registration()
    {
        var referral = await new ReferralJourney(Platform.Referrals).CreateAsync();
        var person = referral.PersonId;
        await TimelineAsync(referral.ReferralId, _ => true);
        var facts = new FactsFeed(Platform);
        var lastDay = ReferralJourney.Today.AddDays(-5);

        await facts.RefusalAsync(person, lastDay);
        await facts.RefusalAsync(person, lastDay); // the same revision again: nothing changes
        var atRisk = await SgiAsync(person, SgiStatus.AtRisk);
        Assert.Equal((20, 20), (atRisk.DaysLeft, Offset(atRisk.SgiDeadlineDate)));
        Assert.Equal(ReferralJourney.FkOffice, atRisk.OfficeId);
        var queue = await Tracking.ListSgiAtRiskAsync(new ListSgiAtRiskRequest { OfficeId = ReferralJourney.FkOffice }, Fk);
        Assert.Contains(queue.People, p => p.PersonId == person && p.DaysLeft == 20);

        await facts.RegistrationAsync(person, ReferralJourney.Today, ReferralJourney.AfOffice);
        await SgiAsync(person, SgiStatus.Protected);
        // Now routed to the AF office of the registration, whose officers may read it.
        var protection = await Tracking.GetSgiProtectionAsync(new GetSgiProtectionRequest { PersonId = person }, Af);
        Assert.Equal(0, Offset(protection.AfRegistrationDate));
        Assert.Equal(ReferralJourney.AfOffice, protection.OfficeId);
        queue = await Tracking.ListSgiAtRiskAsync(new ListSgiAtRiskRequest(), Fk);
        Assert.DoesNotContain(queue.People, p => p.PersonId == person);

        var timeline = await Tracking.GetPersonTimelineAsync(new GetPersonTimelineRequest { PersonId = person }, Fk);
        Assert.Equal(SgiStatus.Protected, timeline.Sgi.Status);
    }

    [Fact]
    public async Task SGI_resting_on_employment_is_not_applicable()
    {
        var referral = await new ReferralJourney(Platform.Referrals).CreateAsync();
        await TimelineAsync(referral.ReferralId, _ => true);

        await new FactsFeed(Platform).RefusalAsync(referral.PersonId, ReferralJourney.Today.AddDays(-40), restsOnEmployment: true);

        var protection = await SgiAsync(referral.PersonId, SgiStatus.NotApplicable);
        Assert.Equal("sgi_rests_on_employment", protection.NotApplicableReason);
    }

    [Fact]
    public async Task AFs_booking_queue_lists_sent_referrals_with_days_waiting_until_they_are_booked()
    {
        var journey = new ReferralJourney(Platform.Referrals);
        var sent = await journey.ToSentAsync();
        await TimelineAsync(sent.ReferralId, t => t.Milestones.Any(m => m.Milestone == Milestone.JointAssessmentRequested));

        var queue = await Tracking.ListReferralsToBookAsync(new ListReferralsToBookRequest { PageSize = 500 }, Af);
        var waiting = Assert.Single(queue.Referrals, r => r.ReferralId == sent.ReferralId);
        Assert.Equal((10, ReferralJourney.FkOffice), (waiting.DaysWaiting, waiting.FkOfficeId));
        var sentDates = queue.Referrals.Select(r => r.RequestSentDate.ToDateTime()).ToList();
        Assert.Equal(sentDates.Order(), sentDates);
        var otherFkOffice = await Tracking.ListReferralsToBookAsync(new ListReferralsToBookRequest(), PlatformHost.As(DevTokens.FkOfficer("fk-office-elsewhere")));
        Assert.DoesNotContain(otherFkOffice.Referrals, r => r.ReferralId == sent.ReferralId);

        var received = await journey.ReceiveAsync(sent);
        await Platform.Referrals.BookJointAssessmentAsync(journey.Booking(received), journey.Af);
        await TimelineAsync(sent.ReferralId, t => t.Milestones.Any(m => m.Milestone == Milestone.JointAssessmentBooked));

        queue = await Tracking.ListReferralsToBookAsync(new ListReferralsToBookRequest { PageSize = 500 }, Af);
        Assert.DoesNotContain(queue.Referrals, r => r.ReferralId == sent.ReferralId);
    }

    [Fact]
    public async Task Analysts_read_aggregated_lead_times_only_and_officers_only_their_offices_cases()
    {
        var referral = await new ReferralJourney(Platform.Referrals).CreateAsync();
        await TimelineAsync(referral.ReferralId, _ => true);

        await Tracking.GetLeadTimeStatisticsAsync(new GetLeadTimeStatisticsRequest
        {
            PeriodKind = PeriodKind.Quarter, Breakdown = { Dimension.Benefit, Dimension.Gender },
        }, Analyst);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "", () =>
            Tracking.GetCaseTimelineAsync(new GetCaseTimelineRequest { ReferralId = referral.ReferralId }, Analyst).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "", () =>
            Tracking.GetPersonTimelineAsync(new GetPersonTimelineRequest { PersonId = referral.PersonId }, Analyst).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "", () =>
            Tracking.ListSgiAtRiskAsync(new ListSgiAtRiskRequest(), Analyst).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "offices you do not serve", () =>
            Tracking.GetCaseTimelineAsync(new GetCaseTimelineRequest { ReferralId = referral.ReferralId },
                PlatformHost.As(DevTokens.FkOfficer("fk-office-elsewhere"))).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "lead_time_ids", () =>
            Tracking.GetLeadTimeStatisticsAsync(new GetLeadTimeStatisticsRequest { LeadTimeIds = { "LT12" } }, Analyst).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.NotFound, "", () =>
            Tracking.GetCaseTimelineAsync(new GetCaseTimelineRequest { ReferralId = "no-such-referral" }, Fk).ResponseAsync);
    }

    private static int Offset(Google.Type.Date date) => new DateOnly(date.Year, date.Month, date.Day).DayNumber - ReferralJourney.Today.DayNumber;

    private async Task<CaseTimeline> TimelineAsync(string referralId, Func<CaseTimeline, bool> until, Metadata? caller = null)
    {
        CaseTimeline? timeline = null;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            try
            {
                timeline = await Tracking.GetCaseTimelineAsync(new GetCaseTimelineRequest { ReferralId = referralId }, caller ?? Fk);
                return until(timeline);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return false;
            }
        }, Delivery), $"the timeline of {referralId} did not reach the expected state: {timeline}");
        return timeline!;
    }

    private async Task<SgiProtection> SgiAsync(string personId, SgiStatus status)
    {
        SgiProtection? protection = null;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            try
            {
                protection = await Tracking.GetSgiProtectionAsync(new GetSgiProtectionRequest { PersonId = personId }, Fk);
                return protection.Status == status;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return false;
            }
        }, Delivery), $"SGI of {personId} did not become {status}: {protection}");
        return protection!;
    }
}
