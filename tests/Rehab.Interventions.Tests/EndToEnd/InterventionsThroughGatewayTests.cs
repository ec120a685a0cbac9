using System.Buffers.Binary;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Messaging;
using Rehab.Contracts.Interventions.V1;
using Rehab.Contracts.JointAssessment.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.Interventions.Tests.EndToEnd;

/// <summary>
/// Issue 6 through the gateway (redis transport): the joint assessment's plan opens a participation; AF starts it and decides
/// interventions; a provider reports; FK and AF follow up; closure is initiated, decided and corrected within T10.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class InterventionsThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private PlatformHost Platform => fixture.Platform;

    [Fact]
    public async Task Plan_to_participation_interventions_follow_up_closure_and_correction_each_event_consumed_once()
    {
        var journey = new ParticipationJourney(Platform);
        var round = await journey.OldPlanAsync();
        var p = await journey.ParticipationOfAsync(round.JointAssessmentId);
        Assert.Equal((ParticipationState.Planned, round.PersonId, ReferralJourney.AfOffice, ReferralJourney.FkOffice),
            (p.State, p.PersonId, p.AfOfficeId, p.FkOfficeId));
        Assert.Equal((1, 1, ParticipationJourney.Day(-88)), (p.Plan.PlanVersion, p.Plan.Goals.Count, p.PlannedDate));

        p = await journey.StartAsync(p, -85);
        Assert.Equal((ParticipationState.Active, ParticipationJourney.Day(-85 + PlatformHost.FollowUpIntervalDays), true),
            (p.State, p.NextFollowUpDueDate, p.ProgrammeAssignmentAllowed));

        // The plan's owner revises it (D8); the participation follows, and follow-ups check against the new goals.
        var revision = new RevisePlanRequest
        {
            JointAssessmentId = round.JointAssessmentId, Etag = round.Etag, EffectiveDate = ParticipationJourney.Day(-84),
            Goals = { new Goal { Description = "Work 25 %" }, new Goal { Description = "Work 50 %" } },
        };
        await journey.Rounds.Client.RevisePlanAsync(revision, journey.Fk);
        p = await journey.ParticipationOfAsync(round.JointAssessmentId, x => x.Plan.PlanVersion == 2);
        Assert.Equal(2, p.Plan.Goals.Count);

        p = await journey.Client.DecideInterventionAsync(ParticipationJourney.Procured(p, -84, -83, "provider-1"), journey.Af);
        p = await journey.StartInterventionAsync(p, "i1", -83);
        var view = await journey.Providers.ReportProgressAsync(new ReportProgressRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = ParticipationJourney.Day(-60), InterventionId = "i1",
            PeriodStartDate = ParticipationJourney.Day(-83), PeriodEndDate = ParticipationJourney.Day(-61), AttendedHours = 28, AbsentHours = 2,
            Progress = ProgressLevel.AsPlanned,
        }, ParticipationJourney.Provider("provider-1"));
        Assert.Single(view.ProgressReports);

        p = await journey.Client.GetParticipationAsync(new GetParticipationRequest { ParticipationId = p.ParticipationId }, journey.Fk);
        p = await journey.Client.RecordFollowUpAsync(new RecordFollowUpRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = ParticipationJourney.Day(-55), Mode = FollowUpMode.Physical,
            Participants = { FollowUpParticipant.Individual, FollowUpParticipant.FkCaseOfficer, FollowUpParticipant.AfOfficer },
            GoalChecks = { new GoalCheck { GoalIndex = 0, Status = GoalStatus.Met }, new GoalCheck { GoalIndex = 1, Status = GoalStatus.PartlyMet } },
            HealthChange = HealthChange.Improved, PlanRevisionNeeded = true,
        }, journey.Fk);
        Assert.Equal((2, true), (p.FollowUps[0].PlanVersion, p.FollowUps[0].PlanRevisionNeeded));
        Assert.Equal(ParticipationJourney.Day(-55 + PlatformHost.FollowUpIntervalDays), p.NextFollowUpDueDate);

        p = await journey.Client.EndInterventionAsync(new EndInterventionRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = ParticipationJourney.Day(-50), InterventionId = "i1",
            EndReason = InterventionEndReason.Completed,
        }, journey.Af);
        p = await journey.InitiateClosureAsync(p, -45);
        p = await journey.Client.DecideClosureAsync(
            ParticipationJourney.Closure(p, -40, Outcome.WorkCapacityAchieved, OccupationAfterClosure.ReturnedToFk), journey.Fk);
        Assert.Equal(ParticipationState.Closed, p.State);
        Assert.Equal("closure.suspicious_pair", Assert.Single(p.Warnings).Rule);

        // T10: within a calendar month of the closed date the occupation is corrected, the original kept; later is refused.
        p = await journey.Client.CorrectClosureOutcomeAsync(new CorrectClosureOutcomeRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = ParticipationJourney.Day(-30),
            OccupationAfterClosure = OccupationAfterClosure.EmploymentSubsidised,
        }, journey.Af);
        Assert.Equal((OccupationAfterClosure.EmploymentSubsidised, OccupationAfterClosure.ReturnedToFk),
            (p.Closure.OccupationAfterClosure, p.Closure.OriginalOccupationAfterClosure));
        Assert.Empty(p.Warnings);
        var late = new CorrectClosureOutcomeRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = ParticipationJourney.Day(-5),
            OccupationAfterClosure = OccupationAfterClosure.RegularStudies,
        };
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "closure.correction_window",
            () => journey.Client.CorrectClosureOutcomeAsync(late, journey.Af).ResponseAsync);

        string[] expected =
        [
            "ParticipationPlanned", "ParticipationStarted", "FollowUpScheduled", "ParticipationPlanUpdated", "InterventionDecided",
            "InterventionStarted", "ProgressReported", "FollowUpHeld", "FollowUpScheduled", "InterventionEnded", "ClosureInitiated",
            "ClosureDecided", "ParticipationClosed", "ClosureOutcomeCorrected",
        ];
        var delivered = await DeliveredAsync(p.ParticipationId, expected.Length);
        Assert.Equal(expected.Select(t => "rehab.interventions.v1." + t), delivered.Select(e => e.Type));
        Assert.Equal(delivered.Count, delivered.Select(e => e.Id).Distinct().Count());
        Assert.All(delivered, e => Assert.Equal(round.PersonId, e.PersonId));
        var closed = delivered[^2].Unpack<ParticipationClosed>();
        Assert.Equal(["closure.suspicious_pair"], closed.WarningRules);
        Assert.Equal(ParticipationJourney.Day(-85 + PlatformHost.FollowUpIntervalDays), delivered[2].Unpack<FollowUpScheduled>().DueDate);

        // The plan event was consumed once: one participation for the round, and replaying it changes nothing.
        var all = await journey.Client.ListParticipationsAsync(new ListParticipationsRequest { JointAssessmentId = round.JointAssessmentId }, journey.Af);
        Assert.Single(all.Participations);
    }

    [Fact]
    public async Task A_provider_sees_and_reports_only_its_own_participants_through_grpc_grpc_web_and_json()
    {
        var journey = new ParticipationJourney(Platform);
        var mine = await StartedWithAsync(journey, "provider-a");
        var theirs = await StartedWithAsync(journey, "provider-b");
        var a = ParticipationJourney.Provider("provider-a");

        var listed = await journey.Providers.ListAssignedParticipationsAsync(new ListAssignedParticipationsRequest(), a);
        Assert.Contains(listed.Participations, x => x.ParticipationId == mine.ParticipationId);
        Assert.DoesNotContain(listed.Participations, x => x.ParticipationId == theirs.ParticipationId);

        // Mine has an in-house intervention i1 and the procured i2: the provider sees i2 only.
        var view = await journey.Providers.GetAssignedParticipationAsync(new GetAssignedParticipationRequest { ParticipationId = mine.ParticipationId }, a);
        Assert.Equal(["i2"], view.Interventions.Select(i => i.InterventionId));

        var denied = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "not assigned to your provider",
            () => journey.Providers.GetAssignedParticipationAsync(new GetAssignedParticipationRequest { ParticipationId = theirs.ParticipationId }, a).ResponseAsync);
        Assert.DoesNotContain(theirs.PersonId, denied.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.PersonId, string.Join(" ", denied.Trailers.Select(t => t.IsBinary ? "" : t.Value)), StringComparison.Ordinal);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "not assigned to your provider",
            () => journey.Providers.ReportProgressAsync(Report(theirs, "i2"), a).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "intervention.provider",
            () => journey.Providers.ReportProgressAsync(Report(mine, "i1"), a).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "",
            () => journey.Client.GetParticipationAsync(new GetParticipationRequest { ParticipationId = mine.ParticipationId }, a).ResponseAsync);

        var reported = await journey.Providers.ReportProgressAsync(Report(mine, "i2"), a);
        Assert.Equal(("i2", "provider-a"), (reported.ProgressReports[0].InterventionId, reported.ProgressReports[0].ReportedByProviderId));

        // JSON (transcoded through the gateway): the minimal view carries no identity data.
        using var json = new HttpRequestMessage(HttpMethod.Get, $"/v1/provider/participations/{mine.ParticipationId}");
        json.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(a));
        json.Headers.Add("x-rehab-purpose", "progress reporting");
        using var jsonReply = await Platform.GatewayHttp.SendAsync(json);
        var body = await jsonReply.Content.ReadAsStringAsync();
        Assert.True(jsonReply.IsSuccessStatusCode, body);
        Assert.Contains(mine.ParticipationId, body, StringComparison.Ordinal);
        Assert.DoesNotContain(mine.PersonId, body, StringComparison.Ordinal);
        Assert.DoesNotContain("personId", body, StringComparison.Ordinal);

        // gRPC-Web (binary, as a browser sends it).
        var web = await GrpcWebAsync("/rehab.interventions.v1.ProviderReportingService/GetAssignedParticipation",
            new GetAssignedParticipationRequest { ParticipationId = mine.ParticipationId }, Token(a));
        Assert.Equal(mine.ParticipationId, ProviderParticipation.Parser.ParseFrom(web).ParticipationId);
    }

    [Fact]
    public async Task Bad_closures_T7_and_dates_outside_the_participation_are_rejected_and_the_report_lists_a_suspicious_pair()
    {
        var journey = new ParticipationJourney(Platform);
        var round = await journey.RecentPlanAsync(activityHours: 6);
        var p = await journey.StartAsync(await journey.ParticipationOfAsync(round.JointAssessmentId), -2, insuredHours: 40);
        Assert.False(p.ProgrammeAssignmentAllowed);

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "chronology",
            () => journey.Client.DecideInterventionAsync(ParticipationJourney.Own(p, -2, -3, LegalBasis.NoProgrammeQuarterRule), journey.Af).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "intervention.quarter_rule",
            () => journey.Client.DecideInterventionAsync(ParticipationJourney.Own(p, -2, -1), journey.Af).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "intervention.quarter_rule",
            () => journey.Client.DecideInterventionAsync(ParticipationJourney.Procured(p, -2, -1, "provider-a"), journey.Af).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "",
            () => journey.Client.DecideInterventionAsync(ParticipationJourney.Own(p, -2, -1, LegalBasis.NoProgrammeQuarterRule), journey.Fk).ResponseAsync);
        p = await journey.Client.DecideInterventionAsync(ParticipationJourney.Own(p, -2, -1, LegalBasis.NoProgrammeQuarterRule), journey.Af);
        p = await journey.Client.CancelInterventionAsync(new CancelInterventionRequest
        {
            ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = ParticipationJourney.Day(-1), InterventionId = "i1",
        }, journey.Af);
        p = await journey.InitiateClosureAsync(p, -1);

        var noOutcome = ParticipationJourney.Closure(p, 0, Outcome.Unspecified, OccupationAfterClosure.Unspecified);
        noOutcome.ClosureReasons.Clear();
        var invalid = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "outcome",
            () => journey.Client.DecideClosureAsync(noOutcome, journey.Fk).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "closure_reasons", () => Task.FromException(invalid));
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "occupation_after_closure",
            () => journey.Client.DecideClosureAsync(
                ParticipationJourney.Closure(p, 0, Outcome.WorkCapacityAchieved, OccupationAfterClosure.Unspecified), journey.Fk).ResponseAsync);

        p = await journey.Client.DecideClosureAsync(
            ParticipationJourney.Closure(p, 0, Outcome.RemainsInSicknessInsurance, OccupationAfterClosure.OpenJobSeeker), journey.Fk);
        Assert.Equal("closure.suspicious_pair", Assert.Single(p.Warnings).Rule);

        var report = await journey.Client.GetDataQualityReportAsync(new GetDataQualityReportRequest
        {
            OfficeId = ReferralJourney.AfOffice, FromDate = ParticipationJourney.Day(0), ToDate = ParticipationJourney.Day(0),
        }, journey.Af);
        var pair = Assert.Single(report.SuspiciousPairs, x => x.ParticipationIds.Contains(p.ParticipationId));
        Assert.Equal((Outcome.RemainsInSicknessInsurance, OccupationAfterClosure.OpenJobSeeker), (pair.Outcome, pair.OccupationAfterClosure));
        Assert.True(report.ClosuresChecked >= report.SuspiciousClosures && report.SuspiciousClosures >= 1);
        Assert.DoesNotContain(round.PersonId, report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Officers_of_other_offices_cannot_read_a_participation_and_every_personal_read_is_audited()
    {
        var journey = new ParticipationJourney(Platform);
        var round = await journey.RecentPlanAsync();
        var p = await journey.ParticipationOfAsync(round.JointAssessmentId);

        var other = PlatformHost.As(DevTokens.FkOfficer("fk-office-2"));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "offices you do not serve",
            () => journey.Client.GetParticipationAsync(new GetParticipationRequest { ParticipationId = p.ParticipationId }, other).ResponseAsync);
        var otherList = await journey.Client.ListParticipationsAsync(new ListParticipationsRequest { JointAssessmentId = round.JointAssessmentId }, other);
        Assert.Empty(otherList.Participations);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "x-rehab-purpose",
            () => journey.Client.GetParticipationAsync(new GetParticipationRequest { ParticipationId = p.ParticipationId }, DevTokens.Headers(DevTokens.FkOfficer(), purpose: null)).ResponseAsync);

        await journey.Client.GetParticipationAsync(new GetParticipationRequest { ParticipationId = p.ParticipationId }, journey.Fk);
        var entries = new List<AuditEntry>();
        await foreach (var record in Platform.AuditOf("interventions").ReadAllAsync()) entries.Add(record.Entry);
        Assert.Contains(entries, e => e.RecordId == p.ParticipationId && e.Action == AuditAction.Read && e.UserId == "fk-officer-1");
        Assert.Contains(entries, e => e.RecordId == p.ParticipationId && e.Action == AuditAction.Read && e.UserId == "af-officer-1");
        Assert.True((await Platform.AuditOf("interventions").VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task A_withdrawn_consent_ends_the_providers_view_while_the_agencies_work_on()
    {
        var journey = new ParticipationJourney(Platform);
        var mine = await StartedWithAsync(journey, "provider-c");
        var c = ParticipationJourney.Provider("provider-c");
        var request = new GetAssignedParticipationRequest { ParticipationId = mine.ParticipationId };
        await journey.Providers.GetAssignedParticipationAsync(request, c);

        var referral = await Platform.Referrals.GetReferralAsync(new Contracts.Referral.V1.GetReferralRequest { ReferralId = mine.ReferralId }, journey.Fk);
        await Platform.Referrals.RecordConsentDecisionAsync(new Contracts.Referral.V1.RecordConsentDecisionRequest
        {
            ReferralId = referral.ReferralId, Etag = referral.Etag, EffectiveDate = ParticipationJourney.Day(0),
            Decision = Contracts.Referral.V1.ConsentState.Withdrawn, Channel = Contracts.Common.V1.Channel.Phone,
        }, journey.Fk);

        Assert.True(await Eventually.TrueAsync(async () =>
        {
            try { await journey.Providers.GetAssignedParticipationAsync(request, c); return false; }
            catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied) { return true; }
        }, TimeSpan.FromSeconds(15)), "the provider's view should end once the consent is withdrawn");
        var listed = await journey.Providers.ListAssignedParticipationsAsync(new ListAssignedParticipationsRequest(), c);
        Assert.DoesNotContain(listed.Participations, x => x.ParticipationId == mine.ParticipationId);
        // The agencies' own work goes on: AF still reads the participation.
        var current = await journey.Client.GetParticipationAsync(new GetParticipationRequest { ParticipationId = mine.ParticipationId }, journey.Af);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "consent was withdrawn",
            () => journey.Providers.ReportProgressAsync(Report(current, "i2"), c).ResponseAsync);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(Platform.InterventionsEvents.Delivered.Count(
            e => e.Type == ParticipationConsentWithdrawn.Descriptor.FullName && e.Subject == mine.ParticipationId) == 1), TimeSpan.FromSeconds(15)));
    }

    private static async Task<Participation> StartedWithAsync(ParticipationJourney journey, string providerId)
    {
        var round = await journey.RecentPlanAsync();
        var p = await journey.StartAsync(await journey.ParticipationOfAsync(round.JointAssessmentId), -2);
        p = await journey.Client.DecideInterventionAsync(ParticipationJourney.Own(p, -2, -2), journey.Af);
        p = await journey.Client.DecideInterventionAsync(ParticipationJourney.Procured(p, -2, -1, providerId), journey.Af);
        p = await journey.StartInterventionAsync(p, "i1", -2);
        return await journey.StartInterventionAsync(p, "i2", -1);
    }

    private static ReportProgressRequest Report(Participation p, string interventionId) => new()
    {
        ParticipationId = p.ParticipationId, Etag = p.Etag, EffectiveDate = ParticipationJourney.Day(0), InterventionId = interventionId,
        PeriodStartDate = ParticipationJourney.Day(-1), PeriodEndDate = ParticipationJourney.Day(0), AttendedHours = 8,
        Progress = ProgressLevel.AsPlanned,
    };

    private static string Token(Metadata headers) => headers.Get("authorization")!.Value["Bearer ".Length..];

    private async Task<byte[]> GrpcWebAsync(string path, IMessage request, string token)
    {
        var payload = request.ToByteArray();
        var body = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(body, 5);
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc-web+proto");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        message.Headers.Add("x-rehab-purpose", "progress reporting");
        using var response = await Platform.GatewayHttp.SendAsync(message);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length >= 5 && bytes[0] == 0, $"no gRPC-Web message frame (HTTP {(int)response.StatusCode})");
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4));
        return bytes.AsSpan(5, length).ToArray();
    }

    private async Task<IReadOnlyList<CloudEvent>> DeliveredAsync(string participationId, int count)
    {
        Assert.True(await Eventually.TrueAsync(() => Platform.InterventionsEvents.CountFor(participationId) >= count, TimeSpan.FromSeconds(15)),
            $"expected {count} events for {participationId}, got {Platform.InterventionsEvents.CountFor(participationId)}");
        await Task.Delay(200); // a duplicate would arrive within the relay's poll interval
        return Platform.InterventionsEvents.Delivered.Where(e => e.Subject == participationId).ToList();
    }
}
