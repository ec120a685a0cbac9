using Google.Protobuf.WellKnownTypes;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.Client.Errors;
using Rehab.Client.Tokens;
using Rehab.Contracts.Common.V1;
using Rehab.Contracts.Facts.V1;
using Rehab.Contracts.Interventions.V1;
using Rehab.Contracts.JointAssessment.V1;
using Rehab.Contracts.Tracking.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;

namespace Rehab.Client.Tests;

/// <summary>The per-service facades of the client library against the running platform.</summary>
[Trait("Tier", "Redis")]
[Collection(PlatformCollection.Name)]
public sealed class FacadeTests(PlatformFixture fixture) : IDisposable
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(15);
    private readonly RehabClient _fk = Connect(fixture, DevTokens.FkOfficer(ReferralJourney.FkOffice));
    private readonly RehabClient _af = Connect(fixture, DevTokens.AfOfficer(ReferralJourney.AfOffice));
    private readonly RehabClient _system = Connect(fixture, DevTokens.ForRole(Role.System));
    private readonly ReferralJourney _journey = new(fixture.Platform.Referrals);

    internal static RehabClient Connect(PlatformFixture fixture, DevCaller caller) => RehabClient.Create(o =>
    {
        o.GatewayAddress = fixture.Platform.GatewayGrpcAddress;
        o.Purpose = DevTokens.DefaultPurpose;
        o.Tokens = new DevTokenSource(DevTokens.Options, caller);
    });

    public void Dispose()
    {
        _fk.Dispose();
        _af.Dispose();
        _system.Dispose();
    }

    private static DateOnly Day(int offset) => ReferralJourney.Today.AddDays(offset);

    private static FactRecord Fact(string personId, string id, int effective, DateTimeOffset recordedAt) => new()
    {
        RecordId = id, Person = new PersonReference { PersonId = personId }, EffectiveDate = Day(effective).ToProto(), RecordedAt = recordedAt.ToProto(),
    };

    private static FactRecord Refusal(string personId, string id, int lastDay, DateTimeOffset recordedAt)
    {
        var record = Fact(personId, id, lastDay, recordedAt);
        record.BenefitDecision = new BenefitDecision
        {
            BenefitDecisionId = id, Kind = DecisionKind.Refusal, DecisionDate = Day(lastDay).ToProto(), BenefitType = BenefitType.SicknessBenefit,
            LastBenefitDay = Day(lastDay).ToProto(), RehabChainDay = 200, EmploymentStatus = EmploymentStatus.Unemployed,
        };
        return record;
    }

    /// <summary>Collects reports as they are made (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class Reports : IProgress<ImportProgress>
    {
        public List<ImportProgress> All { get; } = [];

        public void Report(ImportProgress value) => All.Add(value);
    }

    [Fact]
    public async Task A_facts_import_goes_in_batches_with_progress_and_rejects_bad_records_one_by_one()
    {
        var personId = (await _journey.CreateAsync()).PersonId;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var early = DateTimeOffset.UtcNow.AddDays(-3);
        var sick = Fact(personId, $"{tag}-sick", -200, early);
        sick.SickCase = new SickCase { SickCaseId = "SC-" + tag, StartDate = Day(-200).ToProto() };
        var period = Fact(personId, $"{tag}-period", -200, early);
        period.BenefitPeriod = new BenefitPeriod
        {
            BenefitPeriodId = tag, BenefitType = BenefitType.SicknessBenefit, StartDate = Day(-200).ToProto(), EndDate = Day(-5).ToProto(),
        };
        var refusal = Refusal(personId, $"{tag}-refusal", -5, DateTimeOffset.UtcNow.AddHours(-1));
        var noLastDay = Refusal(personId, $"{tag}-bad", -4, early);
        noLastDay.BenefitDecision.LastBenefitDay = null;
        var registration = Fact(personId, $"{tag}-spell", -2, early);
        registration.RegistrationSpell = new AfRegistrationSpell
        {
            RegistrationSpellId = tag, RegistrationDate = Day(-2).ToProto(), SkatCode = "11", RegistrationStatus = RegistrationStatus.OpenlyUnemployed,
            AfOfficeId = ReferralJourney.AfOffice,
        };
        FactRecord[] records = [sick, period, refusal, noLastDay, registration];
        var reports = new Reports();

        var result = await _system.Facts.ImportAsync(records, new FactsImportOptions { BatchSize = 2, SourceSystem = "fk-mica", BatchIdPrefix = tag }, reports);

        Assert.Equal([$"{tag}-1", $"{tag}-2", $"{tag}-3"], result.BatchIds);
        Assert.Equal([(2, 1), (4, 2), (5, 3)], reports.All.Select(r => (r.Sent, r.Batches)));
        Assert.All(reports.All, r => Assert.Equal(5, r.Total));
        Assert.Equal(new ImportProgress(5, 5, 3, 4, 0, 0, 1), reports.All[^1]);
        Assert.Equal((4, 1, 5), (result.Recorded, result.Rejected, result.Records));
        var rejected = Assert.Single(result.Rejections);
        Assert.Equal((3, $"{tag}-bad"), (rejected.Index, rejected.RecordId));
        Assert.Equal("benefit_decision.last_benefit_day", Assert.Single(rejected.Violations).Field);
        Assert.Equal([0, 1, 2, 3, 4], result.Results.Select(r => r.Index));

        var again = await _system.Facts.ImportAsync(records.Where(r => r != noLastDay), new FactsImportOptions { SourceSystem = "fk-mica" });
        Assert.Equal((4, 0, 0), (again.Unchanged, again.Recorded, again.Corrected));

        // The facts service learns the person's FK office from the referral's event, asynchronously.
        PersonFacts now = null!;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            try
            {
                now = await _fk.Facts.GetPersonFactsAsync(personId);
                return true;
            }
            catch (RehabPermissionException)
            {
                return false;
            }
        }, Delivery), "the FK officer never got to read the facts of the referral's person");
        Assert.Equal($"{tag}-refusal", Assert.Single(now.BenefitDecisions).RecordId);
        var before = await _fk.Facts.GetPersonFactsAsync(personId, asOf: DateTimeOffset.UtcNow.AddDays(-1));
        Assert.Empty(before.BenefitDecisions);
        Assert.Single(before.SickCases);
    }

    [Fact]
    public async Task Tracking_reads_show_the_case_timeline_the_SGI_clock_and_both_work_queues()
    {
        var sent = await _journey.ToSentAsync();
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await foreach (var r in _af.Tracking.ListReferralsToBookAsync(pageSize: 50))
                if (r.ReferralId == sent.ReferralId) return r.DaysWaiting == 10;
            return false;
        }, Delivery), "the sent referral never reached AF's booking queue");

        var timeline = await _fk.Tracking.GetCaseTimelineAsync(sent.ReferralId);
        Assert.Contains(timeline.Milestones, m => m.Milestone == Milestone.JointAssessmentRequested && m.EffectiveDate.Equals(Day(-10).ToProto()));

        await _system.Facts.ImportAsync([Refusal(sent.PersonId, "refusal-" + sent.ReferralId, -5, DateTimeOffset.UtcNow.AddMinutes(-1))],
            new FactsImportOptions { SourceSystem = "fk-mica" });
        SgiProtection? sgi = null;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            try
            {
                sgi = await _fk.Tracking.GetSgiProtectionAsync(sent.PersonId);
                return sgi.Status == SgiStatus.AtRisk;
            }
            catch (RehabNotFoundException)
            {
                return false;
            }
        }, Delivery), "no SGI clock after the refusal");
        Assert.Equal((20, ReferralJourney.FkOffice), (sgi!.DaysLeft, sgi.OfficeId));

        var atRisk = new List<SgiProtection>();
        await foreach (var p in _fk.Tracking.ListSgiAtRiskAsync(ReferralJourney.FkOffice, pageSize: 2)) atRisk.Add(p);
        Assert.Contains(atRisk, p => p.PersonId == sent.PersonId);
        Assert.Equal(atRisk.Select(p => p.PersonId).Distinct().Count(), atRisk.Count);

        var person = await _fk.Tracking.GetPersonTimelineAsync(sent.PersonId);
        Assert.Equal(sent.ReferralId, Assert.Single(person.Cases).ReferralId);
        Assert.Equal(SgiStatus.AtRisk, person.Sgi.Status);

        using var analyst = Connect(fixture, DevTokens.ForRole(Role.Analyst));
        var rows = await analyst.Tracking.GetLeadTimeStatisticsAsync(ReferralJourney.Today.Year, PeriodKind.Quarter);
        Assert.All(rows, r => Assert.StartsWith($"{ReferralJourney.Today.Year}-Q", r.Period, StringComparison.Ordinal));
        await Assert.ThrowsAsync<RehabPermissionException>(() => analyst.Tracking.GetSgiProtectionAsync(sent.PersonId));
    }

    [Fact]
    public async Task A_round_goes_to_a_plan_and_a_participation_starts_through_the_facades_and_stale_etags_are_conflicts()
    {
        var booked = await new RoundJourney(fixture.Platform).BookAsync(0);
        Contracts.JointAssessment.V1.JointAssessment? round = null;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await foreach (var r in _af.JointAssessments.ListAllAsync(new ListJointAssessmentsRequest { ReferralId = booked.ReferralId })) round = r;
            return round is not null;
        }, Delivery), "no round was opened from the booking");
        var opened = round!;
        Participant[] core = [Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer];

        round = await _af.JointAssessments.RecordMeetingHeldAsync(opened, opened.Meetings[0].MeetingId, Day(0), MeetingMode.Physical, core);
        Assert.Equal(Day(0).ToProto(), round.FirstMeetingDate);
        var stale = await Assert.ThrowsAsync<RehabConflictException>(() =>
            _af.JointAssessments.RecordMeetingHeldAsync(opened, opened.Meetings[0].MeetingId, Day(0), MeetingMode.Physical, core));
        Assert.Equal(opened.JointAssessmentId, stale.Id);

        round = await _fk.JointAssessments.ScheduleMeetingAsync(round, Day(0), MeetingType.JaPlanning,
            Rehab.BuildingBlocks.Domain.CivilTime.StartOfDay(Day(0)).AddHours(13));
        round = await _af.JointAssessments.RecordMeetingHeldAsync(round, round.Meetings[^1].MeetingId, Day(0), MeetingMode.Digital, core);
        round = await _af.JointAssessments.RecordLabourMarketAssessmentAsync(round, Day(0), "Fatigue limits full days", "Part-time start");
        round = await _fk.JointAssessments.AssessActivityLevelAsync(round, Day(0), 12, Stability.Stable);
        round = await _fk.JointAssessments.EstablishPlanAsync(round, Day(0), [new Goal { Description = "Work 50 % in logistics" }],
            FirstOrientation.WorkPreparatory);
        Assert.Equal((JointAssessmentState.Concluded, Conclusion.PlanAgreed), (round.State, round.Conclusion));
        Assert.Equal(round.Etag, (await _fk.JointAssessments.GetAsync(round.JointAssessmentId)).Etag);

        Participation? planned = null;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            var page = await _af.Interventions.ListPageAsync(new ListParticipationsRequest { JointAssessmentId = round.JointAssessmentId });
            planned = page.Participations.FirstOrDefault();
            return planned is not null;
        }, Delivery), "no participation was planned from the plan");

        var started = await _af.Interventions.StartAsync(planned!, Day(0), insuredHoursPerWeek: 40);
        Assert.Equal(ParticipationState.Active, started.State);
        await Assert.ThrowsAsync<RehabConflictException>(() => _af.Interventions.StartAsync(planned!, Day(0), 40));

        var decided = await _af.Interventions.DecideInterventionAsync(started, Day(0), new DecideInterventionRequest
        {
            Type = InterventionType.GuidanceConversation, Orientation = InterventionOrientation.WorkPreparatory, Regi = DeliveryRegi.Own,
            LegalBasis = LegalBasis.Ordinance2000634, HoursPerWeek = 4, PlannedStartDate = Day(1).ToProto(),
        });
        Assert.Equal(InterventionType.GuidanceConversation, Assert.Single(decided.Interventions).Type);
        var listed = new List<Participation>();
        await foreach (var p in _fk.Interventions.ListAllAsync(new ListParticipationsRequest { JointAssessmentId = round.JointAssessmentId })) listed.Add(p);
        Assert.Equal(decided.Etag, Assert.Single(listed).Etag);
    }
}
