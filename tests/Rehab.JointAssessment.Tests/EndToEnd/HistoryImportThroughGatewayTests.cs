using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.JointAssessment.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;
using Channel = Rehab.Contracts.Common.V1.Channel;
using Gender = Rehab.Contracts.Common.V1.Gender;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;

namespace Rehab.JointAssessment.Tests.EndToEnd;

/// <summary>
/// The history import (issue 9's bulk path) through the gateway: rounds from a legacy system land through the domain with the
/// events a live round emits, keep the source's recorded times, are idempotent by history_id, and a bad record costs only itself.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class HistoryImportThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private static readonly Metadata System = PlatformHost.As(DevTokens.ForRole(Role.System));
    private static readonly Metadata Fk = PlatformHost.As(DevTokens.FkOfficer(ReferralJourney.FkOffice));
    private static readonly DateOnly Today = CivilTime.Today(TimeProvider.System);
    private PlatformHost Platform => fixture.Platform;

    [Fact]
    public async Task A_batch_lands_through_the_domain_with_the_live_events_and_a_resend_changes_nothing()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var planned = Round($"{run}-1", Conclusion.PlanAgreed);
        var noGo = Round($"{run}-2", Conclusion.NotProceeding);
        var endBeforeStart = Round($"{run}-3", Conclusion.NotProceeding);
        endBeforeStart.Conclusion.ConcludedDate = Day(-300);
        var unknownGender = Round($"{run}-4", Conclusion.Declined);
        unknownGender.Gender = (Gender)99;
        var noPerson = Round($"{run}-5", Conclusion.Declined);
        noPerson.PersonId = "";
        var request = new ImportJointAssessmentHistoryRequest { BatchId = run, SourceSystem = "sus" };
        request.Records.AddRange([planned, noGo, endBeforeStart, unknownGender, noPerson]);

        var response = await Platform.JointAssessments.ImportJointAssessmentHistoryAsync(request, System);

        Assert.Equal((2, 0, 3), (response.Recorded, response.Unchanged, response.Rejected));
        Assert.Equal(
            [HistoryOutcome.Recorded, HistoryOutcome.Recorded, HistoryOutcome.Rejected, HistoryOutcome.Rejected, HistoryOutcome.Rejected],
            response.Results.Select(r => r.Outcome));
        Assert.Equal("conclusion.concluded_date", response.Results[2].Violations[0].Field);
        Assert.Equal("gender", response.Results[3].Violations[0].Field);
        Assert.Equal("person_id", response.Results[4].Violations[0].Field);

        var id = response.Results[0].JointAssessmentId;
        var round = await Platform.JointAssessments.GetJointAssessmentAsync(new GetJointAssessmentRequest { JointAssessmentId = id },
            Fk);
        Assert.Equal((JointAssessmentState.Concluded, Conclusion.PlanAgreed, ProcessVersion.Pre2023), (round.State, round.Conclusion, round.ProcessVersion));
        Assert.Equal((Day(-190), Day(-150)), (round.FirstMeetingDate, round.ConcludedDate));
        Assert.Equal(planned.PersonId, round.PersonId);

        string[] expected =
        [
            "JointAssessmentOpened", "MeetingHeld", "LabourMarketAssessmentCompleted", "ActivityLevelAssessed",
            "RehabilitationPlanEstablished", "JointAssessmentConcluded",
        ];
        var events = await DeliveredAsync(id, expected.Length);
        Assert.Equal(expected.Select(t => "rehab.jointassessment.v1." + t), events.Select(e => e.Type));
        Assert.True(events[1].Unpack<MeetingHeld>().FirstMeeting);
        Assert.Equal(planned.OpenedRecordedAt.ToDateTimeOffset(), events[0].Time);
        Assert.Equal(planned.Conclusion.RecordedAt.ToDateTimeOffset(), events[^1].Time);
        var concluded = events[^1].Unpack<JointAssessmentConcluded>();
        Assert.Equal((Conclusion.PlanAgreed, Day(-190)), (concluded.Conclusion, concluded.FirstMeetingDate));

        var again = await Platform.JointAssessments.ImportJointAssessmentHistoryAsync(request, System);

        Assert.Equal((0, 2, 3), (again.Recorded, again.Unchanged, again.Rejected));
        Assert.Equal(id, again.Results[0].JointAssessmentId);
        await DeliveredAsync(id, expected.Length);
    }

    [Fact]
    public async Task Only_the_system_role_imports_history()
    {
        var request = new ImportJointAssessmentHistoryRequest { SourceSystem = "sus", Records = { Round("denied", Conclusion.Declined) } };
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "",
            async () => await Platform.JointAssessments.ImportJointAssessmentHistoryAsync(request, Fk));
    }

    internal static JointAssessmentHistoryRecord Record(string historyId, Conclusion conclusion) => Round(historyId, conclusion);

    private static JointAssessmentHistoryRecord Round(string historyId, Conclusion conclusion)
    {
        var record = new JointAssessmentHistoryRecord
        {
            HistoryId = historyId, PersonId = "p-" + historyId, SickCaseId = "sc-" + historyId, RoundNo = 1,
            BenefitTypes = { BenefitType.SicknessBenefit }, Gender = Gender.Woman,
            FkOfficeId = ReferralJourney.FkOffice, AfOfficeId = ReferralJourney.AfOffice, AfOfficerId = "af-officer-1",
            OpenedDate = Day(-200), ConsentGivenDate = Day(-200), OpenedRecordedAt = At(-199),
            Meetings =
            {
                new JointAssessmentHistoryMeeting
                {
                    HeldDate = Day(-190), Mode = MeetingMode.Physical, RecordedAt = At(-185),
                    Participants = { Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer },
                },
            },
            Conclusion = new JointAssessmentHistoryConclusion { Conclusion = conclusion, ConcludedDate = Day(-150), RecordedAt = At(-140) },
        };
        switch (conclusion)
        {
            case Conclusion.PlanAgreed:
                record.Conclusion.LabourMarketAssessment = new LabourMarketAssessment { IllnessImpact = "back pain", AdaptationNeeds = "standing desk" };
                record.Conclusion.ActivityLevel = new ActivityLevel { HoursPerWeek = 12, Stability = Stability.Stable };
                record.Conclusion.Goals.Add(new Goal { Description = "work 20 h/week" });
                record.Conclusion.FirstOrientation = FirstOrientation.WorkPreparatory;
                break;
            case Conclusion.NotProceeding:
                record.Conclusion.NotProceedingReasons.Add(NotProceedingReason.NotReadyForRehabilitation);
                break;
            default:
                record.Conclusion.DeclineChannel = Channel.Phone;
                break;
        }

        return record;
    }

    private static Google.Type.Date Day(int offset) => Today.AddDays(offset).ToProto();

    private static Timestamp At(int offset) => CivilTime.StartOfDay(Today.AddDays(offset)).AddHours(15).ToProto();

    private async Task<IReadOnlyList<BuildingBlocks.Messaging.CloudEvent>> DeliveredAsync(string roundId, int count)
    {
        Assert.True(await Eventually.TrueAsync(() => Platform.JointAssessmentEvents.CountFor(roundId) >= count, TimeSpan.FromSeconds(15)),
            $"expected {count} events of round {roundId}, got {Platform.JointAssessmentEvents.CountFor(roundId)}");
        await Task.Delay(500); // room for a duplicate to show up
        var events = Platform.JointAssessmentEvents.Delivered.Where(e => e.Subject == roundId).ToList();
        Assert.Equal(count, events.Count);
        return events;
    }
}

/// <summary>
/// Throughput of the bulk path: <c>REHAB_HISTORY_ROUNDS</c> (default 20000) plan-agreed rounds in batches of 1000 through the
/// gateway. Run: <c>dotnet test tests/Rehab.JointAssessment.Tests --filter "FullyQualifiedName~HistoryImportThroughput" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Tier", "Long")]
public sealed class HistoryImportThroughputTests(PlatformFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task Imports_rounds_in_batches_and_reports_rounds_per_second()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("REHAB_HISTORY_ROUNDS"), out var n) ? n : 20000;
        var run = Guid.NewGuid().ToString("N")[..8];
        var system = PlatformHost.As(DevTokens.ForRole(Role.System));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var recorded = 0;
        for (var start = 0; start < total; start += 1000)
        {
            var request = new ImportJointAssessmentHistoryRequest { BatchId = $"{run}-{start}", SourceSystem = "bench" };
            request.Records.AddRange(Enumerable.Range(start, Math.Min(1000, total - start))
                .Select(i => HistoryImportThroughGatewayTests.Record($"{run}-{i}", Conclusion.PlanAgreed)));
            var response = await fixture.Platform.JointAssessments.ImportJointAssessmentHistoryAsync(request, system,
                deadline: DateTime.UtcNow.AddMinutes(5));
            recorded += response.Recorded;
        }

        watch.Stop();
        output.WriteLine($"history import: {recorded} rounds (6 events each) in {watch.Elapsed.TotalSeconds:F1} s = {recorded / watch.Elapsed.TotalSeconds:F0} rounds/s");
        Console.WriteLine($"history import: {recorded} rounds in {watch.Elapsed.TotalSeconds:F1} s = {recorded / watch.Elapsed.TotalSeconds:F0} rounds/s");
        Assert.Equal(total, recorded);
    }
}
