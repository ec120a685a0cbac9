using Grpc.Core;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.Interventions.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;
using Common = Rehab.Contracts.Common.V1;

namespace Rehab.Interventions.Tests.EndToEnd;

/// <summary>
/// Issue 9 through the gateway: participations recorded before the platform arrive as one record per life; they land through the
/// live commands (the same events a live participation publishes), a resend changes nothing, and a bad record costs only itself.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class ParticipationHistoryImportTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private static readonly Metadata Import = PlatformHost.As(DevTokens.ForRole(Role.System));
    private static readonly Metadata Fk = PlatformHost.As(DevTokens.FkOfficer(ReferralJourney.FkOffice));

    private InterventionsService.InterventionsServiceClient Client => fixture.Platform.Interventions;

    [Fact]
    public async Task A_closed_and_corrected_life_lands_with_the_live_events_and_a_resend_is_unchanged()
    {
        var closed = Closed(Id("h"), Outcome.WorkCapacityAchieved);
        closed.Correction = new ClosureCorrectionHistory { EffectiveDate = Date(2024, 6, 20), OccupationAfterClosure = OccupationAfterClosure.EmploymentUnsubsidised };
        // When the source recorded each step (the initiation has none of its own: recorded with the closure).
        (closed.PlannedRecordedAt, closed.StartedRecordedAt, closed.Closure.ClosedRecordedAt, closed.Correction.RecordedAt) =
            (At(2024, 2, 3), At(2024, 2, 21), At(2024, 6, 12), At(2024, 6, 25));
        var open = Life(Id("h"));
        open.StartDate = Date(2024, 3, 1);
        open.InsuredHoursPerWeek = 40;
        var request = new ImportParticipationHistoryRequest { BatchId = "history-1", Records = { closed, open } };

        var first = await Client.ImportParticipationHistoryAsync(request, Import);

        Assert.Equal((2, 0, 0), (first.Recorded, first.Unchanged, first.Rejected));
        var id = first.Results[0].ParticipationId;
        var p = await Client.GetParticipationAsync(new GetParticipationRequest { ParticipationId = id }, Fk);
        Assert.Equal((ParticipationState.Closed, closed.PersonId, closed.JointAssessmentId, Common.Gender.Woman),
            (p.State, p.PersonId, p.JointAssessmentId, p.Gender));
        Assert.Equal((Date(2024, 2, 1), Date(2024, 2, 20), Date(2024, 6, 10)), (p.PlannedDate, p.StartDate, p.Closure.ClosedDate));
        Assert.Equal((Outcome.WorkCapacityAchieved, Common.BenefitType.SicknessBenefit, OccupationAfterClosure.EmploymentUnsubsidised),
            (p.Closure.Outcome, p.Closure.BenefitTypeAtClosure, p.Closure.OccupationAfterClosure));
        var started = await Client.GetParticipationAsync(new GetParticipationRequest { ParticipationId = first.Results[1].ParticipationId }, Fk);
        Assert.Equal((ParticipationState.Active, Date(2024, 3, 1)), (started.State, started.StartDate));

        string[] live =
        [
            ParticipationPlanned.Descriptor.FullName, ParticipationStarted.Descriptor.FullName, ClosureInitiated.Descriptor.FullName,
            ClosureDecided.Descriptor.FullName, ParticipationClosed.Descriptor.FullName, ClosureOutcomeCorrected.Descriptor.FullName,
        ];
        string[] Delivered() => fixture.Platform.InterventionsEvents.Delivered.Where(e => e.Subject == id && e.Type != FollowUpScheduled.Descriptor.FullName)
            .Select(e => e.Type).ToArray();
        Assert.True(await Eventually.TrueAsync(() => Delivered().Length >= live.Length, TimeSpan.FromSeconds(30)), string.Join(", ", Delivered()));
        Assert.Equal(live, Delivered());
        Assert.Equal(
            [At(2024, 2, 3), At(2024, 2, 21), At(2024, 6, 12), At(2024, 6, 12), At(2024, 6, 12), At(2024, 6, 25)],
            fixture.Platform.InterventionsEvents.Delivered.Where(e => e.Subject == id && e.Type != FollowUpScheduled.Descriptor.FullName)
                .Select(e => Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(e.Time)));

        var again = await Client.ImportParticipationHistoryAsync(request, Import);
        Assert.Equal((0, 2, 0), (again.Recorded, again.Unchanged, again.Rejected));
        Assert.Equal(first.Results.Select(r => r.ParticipationId), again.Results.Select(r => r.ParticipationId));
        var after = await Client.GetParticipationAsync(new GetParticipationRequest { ParticipationId = id }, Fk);
        Assert.Equal(p.Etag, after.Etag);

        // A later record of the still-open life brings it forward: the closure is added to the stored participation.
        var closedLater = open.Clone();
        closedLater.Closure = Closure(Date(2024, 9, 1), Outcome.RemainsInSicknessInsurance);
        var later = await Client.ImportParticipationHistoryAsync(new ImportParticipationHistoryRequest { Records = { closedLater } }, Import);
        Assert.Equal((1, first.Results[1].ParticipationId), (later.Recorded, later.Results[0].ParticipationId));

        var recordedEarly = Closed(Id("h"), Outcome.Unknown);
        recordedEarly.Closure.ClosedRecordedAt = At(2024, 6, 9);
        var rejected = await Client.ImportParticipationHistoryAsync(new ImportParticipationHistoryRequest { Records = { recordedEarly } }, Import);
        Assert.Equal("closure.closed_recorded_at", Assert.Single(rejected.Results[0].Violations).Field);
    }

    [Fact]
    public async Task Invalid_records_are_rejected_with_their_fields_while_the_rest_of_the_batch_lands()
    {
        var good = Closed(Id("h"), Outcome.Unknown);
        var noGender = Closed(Id("h"), Outcome.RemainsInSicknessInsurance);
        noGender.Gender = Common.Gender.Unspecified;
        var closedBeforeStart = Closed(Id("h"), Outcome.RemainsInSicknessInsurance);
        closedBeforeStart.Closure.ClosedDate = Date(2024, 2, 10);
        closedBeforeStart.Closure.InitiatedDate = Date(2024, 2, 10);
        var achievedWithoutOccupation = Closed(Id("h"), Outcome.WorkCapacityAchieved);
        achievedWithoutOccupation.Closure.OccupationAfterClosure = OccupationAfterClosure.Unspecified;

        var response = await Client.ImportParticipationHistoryAsync(new ImportParticipationHistoryRequest
        {
            Records = { good, noGender, closedBeforeStart, achievedWithoutOccupation, good },
        }, Import);

        Assert.Equal((1, 4), (response.Recorded, response.Rejected));
        Assert.Equal(HistoryRecordOutcome.Recorded, response.Results[0].Outcome);
        Assert.Equal("gender", Assert.Single(response.Results[1].Violations).Field);
        Assert.Equal("chronology", Assert.Single(response.Results[2].Violations).Field);
        Assert.Equal("closure.occupation_after_closure", Assert.Single(response.Results[3].Violations).Field);
        Assert.Equal("history_id", Assert.Single(response.Results[4].Violations).Field);
        var listed = await Client.ListParticipationsAsync(new ListParticipationsRequest { JointAssessmentId = noGender.JointAssessmentId }, Fk);
        Assert.Empty(listed.Participations);
    }

    [Fact]
    public async Task Only_the_system_role_may_import_history()
    {
        var request = new ImportParticipationHistoryRequest { Records = { Closed(Id("h"), Outcome.Unknown) } };

        var denied = await Assert.ThrowsAsync<RpcException>(() => Client.ImportParticipationHistoryAsync(request, Fk).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var listed = await Client.ListParticipationsAsync(new ListParticipationsRequest { JointAssessmentId = request.Records[0].JointAssessmentId }, Fk);
        Assert.Empty(listed.Participations);
    }

    private static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static ParticipationHistoryRecord Life(string historyId) => new()
    {
        HistoryId = historyId, PersonId = Id("person"), JointAssessmentId = Id("ja"), RoundNo = 1, SickCaseId = Id("sc"),
        Gender = Common.Gender.Woman, BenefitTypes = { Common.BenefitType.SicknessBenefit },
        FkOfficeId = ReferralJourney.FkOffice, AfOfficeId = ReferralJourney.AfOffice, PlannedDate = Date(2024, 2, 1), ActivityHoursPerWeek = 10,
    };

    private static ParticipationHistoryRecord Closed(string historyId, Outcome outcome)
    {
        var record = Life(historyId);
        record.StartDate = Date(2024, 2, 20);
        record.InsuredHoursPerWeek = 40;
        record.Closure = Closure(Date(2024, 6, 10), outcome);
        return record;
    }

    private static ParticipationClosureHistory Closure(Google.Type.Date closed, Outcome outcome) => new()
    {
        Initiators = { ClosureInitiator.Af }, ClosedDate = closed, Outcome = outcome, ClosureReasons = { ClosureReason.ActionPlanGoalAchieved },
        BenefitTypeAtClosure = Common.BenefitType.SicknessBenefit,
        OccupationAfterClosure = outcome == Outcome.WorkCapacityAchieved ? OccupationAfterClosure.OpenJobSeeker : OccupationAfterClosure.Unspecified,
        UnknownOutcomeReason = outcome == Outcome.Unknown ? UnknownOutcomeReason.LostContact : UnknownOutcomeReason.Unspecified,
    };

    private static Google.Type.Date Date(int y, int m, int d) => new() { Year = y, Month = m, Day = d };

    private static Google.Protobuf.WellKnownTypes.Timestamp At(int y, int m, int d) =>
        Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(y, m, d, 14, 30, 0, TimeSpan.Zero));
}
