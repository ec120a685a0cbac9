using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Reporting;
using Rehab.Reporting.Domain;
using StackExchange.Redis;
using Common = Rehab.Contracts.Common.V1;
using Facts = Rehab.Contracts.Facts.V1;
using Interventions = Rehab.Contracts.Interventions.V1;
using JointAssessment = Rehab.Contracts.JointAssessment.V1;
using ReportingEvent = Rehab.Reporting.Inputs.ContractEvent;

// Usage: Rehab.Reports.Benchmark <redis host:port> <cases>[,<cases>...]
// Per size: writes CASES synthetic cases (7 contract events each: round opened, first meeting held, concluded, a benefit-period fact,
// participation planned, started, closed) to the reporting input log in Redis, then times the 2025 report cold (rebuild from Redis,
// as the service does at start, + the report) and warm (the report over the rows in memory).
var endpoint = args[0];
var sizes = args[1].Split(',').Select(int.Parse).ToArray();
using var redis = await ConnectionMultiplexer.ConnectAsync(endpoint + ",abortConnect=false,syncTimeout=60000,asyncTimeout=60000");

foreach (var cases in sizes)
{
    var prefix = $"bench{cases}-{Guid.NewGuid():N}"[..20];
    var log = new KeyedAppendLog(redis, Options.Create(new PersistenceOptions { KeyPrefix = prefix }));
    var write = Stopwatch.StartNew();
    const int Batch = 20_000;
    var buffer = new List<(string, byte[])>(Batch);
    for (var i = 0; i < cases; i++)
    {
        foreach (var e in Case(i)) buffer.Add((e.Id, ReportInputStore.Encode(e)));
        if (buffer.Count >= Batch) { await log.AppendAsync(ReportInputStore.Context, buffer); buffer.Clear(); }
    }
    await log.AppendAsync(ReportInputStore.Context, buffer);
    var events = await log.CountAsync(ReportInputStore.Context);
    Console.WriteLine($"{cases:N0} cases: {events:N0} events written to Redis in {write.Elapsed.TotalSeconds:F1} s");

    GC.Collect();
    var cold = Stopwatch.StartNew();
    var store = new ReportInputStore(log, NullLogger<ReportInputStore>.Instance);
    await store.StartAsync(CancellationToken.None);
    await store.Ready;
    var rebuilt = cold.Elapsed;
    var rows = await store.RowsAsync(CancellationToken.None);
    var query = new ReportQuery(2025, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), [], null);
    var report = Reports.Annual(rows, query, ReportParameters.Default, 5);
    cold.Stop();
    var gks = report.Cell(1, Rows.TotalCount, Column.T).Value;

    var phase = Stopwatch.StartNew();
    var latest = InputLog.Latest(rows, query.AsOf);
    var tLatest = phase.Elapsed; phase.Restart();
    var snapshot = new ReportSnapshot(query.AsOf, latest);
    var tSnapshot = phase.Elapsed; phase.Restart();
    var computed = AnnualTables.Sections.Sum(section => section.Compute(snapshot, 2025, ReportParameters.Default).Count());
    Console.WriteLine($"phases: latest {tLatest.TotalSeconds:F2} s, snapshot {tSnapshot.TotalSeconds:F2} s, tables {phase.Elapsed.TotalSeconds:F2} s ({computed} cells)");
    var warm = Stopwatch.StartNew();
    for (var i = 0; i < 3; i++) Reports.Annual(await store.RowsAsync(CancellationToken.None), query, ReportParameters.Default, 5);
    warm.Stop();
    var memory = GC.GetTotalMemory(forceFullCollection: true) / 1024 / 1024;
    Console.WriteLine($"{cases:N0} cases, {rows.Length:N0} input rows: cold {cold.Elapsed.TotalSeconds:F2} s (rebuild from Redis {rebuilt.TotalSeconds:F2} s + report), " +
        $"warm {warm.Elapsed.TotalSeconds / 3:F2} s per report; Tabell 1 Total GKs 2025 = {gks}; managed heap {memory:N0} MiB");
    await store.StopAsync(CancellationToken.None);

    var db = redis.GetDatabase();
    var keys = new KeyLayout(prefix, ReportInputStore.Context);
    foreach (var shard in keys.Shards) await db.KeyDeleteAsync([keys.Entries(shard), keys.Appended(shard)]);
}

static IEnumerable<ReportingEvent> Case(int i)
{
    var person = $"p{i:D8}";
    var round = $"r{i:D8}";
    var participation = $"x{i:D8}";
    var year = 2024 + i % 2;
    var gk = new DateOnly(year, 1, 1).AddDays(i % 300);
    var recorded = new DateTimeOffset(year, 1, 1, 8, 0, 0, TimeSpan.Zero).AddDays(i % 300 + 1);
    var gender = i % 3 == 0 ? Common.Gender.Man : Common.Gender.Woman;
    var benefit = i % 5 == 0 ? Common.BenefitType.ActivityCompensation : Common.BenefitType.SicknessBenefit;
    ReportingEvent Event(string kind, IMessage data, DateTimeOffset at) => ReportingEvent.Of($"{kind}-{i:D8}", data, at);

    var opened = new JointAssessment.JointAssessmentOpened
    {
        JointAssessmentId = round, PersonId = person, EffectiveDate = D(gk.AddDays(-20)), SickCaseId = "sc" + i, RoundNo = 1, Gender = gender, FkOfficeId = "fk-" + i % 20,
    };
    yield return Event("opened", opened, recorded.AddDays(-20));
    yield return Event("held", new JointAssessment.MeetingHeld { JointAssessmentId = round, PersonId = person, EffectiveDate = D(gk), FirstMeeting = true, MeetingId = "m1" }, recorded);
    yield return Event("concluded", new JointAssessment.JointAssessmentConcluded
    {
        JointAssessmentId = round, PersonId = person, EffectiveDate = D(gk.AddDays(30)), Conclusion = JointAssessment.Conclusion.PlanAgreed,
    }, recorded.AddDays(30));
    var period = new Facts.FactRecord
    {
        RecordId = "bp" + i, SourceSystem = "fk-mica", PersonId = person, EffectiveDate = D(gk.AddDays(-400)), RecordedAt = Timestamp.FromDateTimeOffset(recorded.AddDays(-400)),
        BenefitPeriod = new Facts.BenefitPeriod { BenefitPeriodId = "bp" + i, BenefitType = benefit, StartDate = D(gk.AddDays(-400)) },
    };
    yield return Event("bp", new Facts.BenefitPeriodRecorded { Record = period }, recorded.AddDays(-400));
    if (i % 2 == 0)
    {
        yield return Event("planned", new Interventions.ParticipationPlanned
        {
            ParticipationId = participation, JointAssessmentId = round, PersonId = person, EffectiveDate = D(gk.AddDays(30)), Gender = gender,
        }, recorded.AddDays(30));
        yield return Event("started", new Interventions.ParticipationStarted { ParticipationId = participation, PersonId = person, EffectiveDate = D(gk.AddDays(40)), StartDate = D(gk.AddDays(40)) },
            recorded.AddDays(40));
        yield return Event("closed", new Interventions.ParticipationClosed
        {
            ParticipationId = participation, PersonId = person, EffectiveDate = D(gk.AddDays(200)), Gender = gender, BenefitTypeAtClosure = benefit,
            Outcome = i % 4 == 0 ? Interventions.Outcome.WorkCapacityAchieved : Interventions.Outcome.RemainsInSicknessInsurance,
        }, recorded.AddDays(200));
    }
}

static Google.Type.Date D(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };
