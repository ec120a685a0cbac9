using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Reporting.Domain;
using Rehab.Reporting.Inputs;
using Rehab.Testing;
using StackExchange.Redis;
using Xunit;
using ContractEvent = Rehab.Reporting.Inputs.ContractEvent;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using FactsV1 = Rehab.Contracts.Facts.V1;
using Gender = Rehab.Contracts.Common.V1.Gender;
using JointAssessmentV1 = Rehab.Contracts.JointAssessment.V1;

namespace Rehab.Reporting.Tests;

/// <summary>
/// Several replicas of the reporting service share one consumer group per topic, so each stores only the events its consumer is
/// handed; every replica must still report on all of them. Here the replicas are <see cref="ReportInputStore"/>s on one Redis and
/// key prefix, each storing part of the events: every replica's rows must be exactly the rows of the whole set, each event once.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class ReplicaTests : IAsyncLifetime, IDisposable
{
    private static readonly Lazy<IConnectionMultiplexer> Redis = new(() => ConnectionMultiplexer.Connect(RedisServer.Shared.ConnectionString));
    private readonly string _prefix = RedisServer.NewPrefix();
    private readonly List<ReportInputStore> _replicas = [];
    private readonly CapturedLogs _logs = new();

    private async Task<ReportInputStore> StartReplicaAsync(int feedLength = 100_000)
    {
        var log = new KeyedAppendLog(Redis.Value, Options.Create(new PersistenceOptions { KeyPrefix = _prefix, AppendFeedLength = feedLength }));
        var replica = new ReportInputStore(log, new LoggerFactory([_logs]).CreateLogger<ReportInputStore>());
        _replicas.Add(replica);
        await replica.StartAsync(CancellationToken.None);
        await replica.Ready;
        return replica;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public void Dispose() => _logs.Dispose();

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas) await replica.StopAsync(CancellationToken.None);
    }

    /// <summary>A round opened, its first meeting held and concluded, and the person's benefit period: the events a case gives reporting.</summary>
    private static IEnumerable<ContractEvent> Case(string stem, int i)
    {
        var round = $"{stem}-r{i}";
        var person = $"{stem}-p{i}";
        var gk = new DateOnly(2025, 1, 1).AddDays(i % 300);
        var at = new DateTimeOffset(2025, 1, 2, 8, 0, 0, TimeSpan.Zero).AddDays(i % 300);
        ContractEvent Event(string kind, IMessage data, DateTimeOffset recorded) => ContractEvent.Of($"{round}-{kind}", data, recorded);
        yield return Event("opened", new JointAssessmentV1.JointAssessmentOpened
        {
            JointAssessmentId = round, PersonId = person, EffectiveDate = D(gk.AddDays(-20)), SickCaseId = "sc" + i, RoundNo = 1,
            Gender = i % 3 == 0 ? Gender.Man : Gender.Woman, FkOfficeId = "fk-" + i % 20,
        }, at.AddDays(-20));
        yield return Event("held", new JointAssessmentV1.MeetingHeld { JointAssessmentId = round, PersonId = person, EffectiveDate = D(gk), FirstMeeting = true, MeetingId = "m1" }, at);
        yield return Event("concluded", new JointAssessmentV1.JointAssessmentConcluded
        {
            JointAssessmentId = round, PersonId = person, EffectiveDate = D(gk.AddDays(30)), Conclusion = JointAssessmentV1.Conclusion.PlanAgreed,
        }, at.AddDays(30));
        var period = new FactsV1.FactRecord
        {
            RecordId = "bp" + round, SourceSystem = "fk-mica", PersonId = person, EffectiveDate = D(gk.AddDays(-400)),
            RecordedAt = Timestamp.FromDateTimeOffset(at.AddDays(-400)),
            BenefitPeriod = new FactsV1.BenefitPeriod { BenefitPeriodId = "bp" + round, BenefitType = BenefitType.SicknessBenefit, StartDate = D(gk.AddDays(-400)) },
        };
        yield return Event("bp", new FactsV1.BenefitPeriodRecorded { Record = period }, at.AddDays(-400));
    }

    private static List<ContractEvent> Cases(string stem, int count) => Enumerable.Range(0, count).SelectMany(i => Case(stem, i)).ToList();

    private static Google.Type.Date D(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    /// <summary>Rows as a sorted list of their printed values: equal lists are equal multisets.</summary>
    private static List<string> Multiset(IEnumerable<ReportInput> rows) => rows.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToList();

    private static List<string> Reference(IEnumerable<ContractEvent> events) => Multiset(events.SelectMany(ReportingFold.Fold));

    private static async Task StoreAsync(ReportInputStore replica, IEnumerable<ContractEvent> events)
    {
        foreach (var e in events) await replica.AppendAsync(e);
    }

    private static async Task AssertHoldsExactlyAsync(ReportInputStore replica, IReadOnlyCollection<ContractEvent> events, List<string> reference)
    {
        var rows = Multiset(await replica.RowsAsync(CancellationToken.None));
        Assert.Equal(reference.Count, rows.Count);
        Assert.Equal(reference, rows);
        Assert.Equal(events.Count, replica.EventCount);
    }

    [Fact]
    public async Task Every_replica_holds_the_rows_of_every_event_any_replica_stored_each_once_and_reads_see_writes_made_elsewhere()
    {
        var replicas = new[] { await StartReplicaAsync(), await StartReplicaAsync(), await StartReplicaAsync() };
        var events = Cases("a", 400);

        // Each replica's consumer is handed a third of the events, concurrently; some are redelivered to another replica too.
        await Task.WhenAll(replicas.Select((replica, r) => Task.Run(() => StoreAsync(replica, events.Where((_, i) => i % 3 == r || i % 17 == 0)))));

        var reference = Reference(events);
        foreach (var replica in replicas) await AssertHoldsExactlyAsync(replica, events, reference);

        // Read-your-writes across replicas: a report asked of one replica right after another stored an event includes it.
        var late = Case("late", 1).ToList();
        foreach (var e in late) Assert.True(await replicas[0].AppendAsync(e));
        Assert.False(await replicas[2].AppendAsync(late[0]));
        var rows = await replicas[1].RowsAsync(CancellationToken.None);
        Assert.Equal(Reference([.. events, .. late]), Multiset(rows));
        var report = Reports.Annual(rows, new ReportQuery(2025, DateTimeOffset.UtcNow, ["000.1"], null), ReportParameters.Default, 5);
        Assert.Equal(401, report.Cell(1, Rows.TotalCount, Column.T).Value);
    }

    [Fact]
    public async Task A_replica_started_while_events_are_being_stored_misses_none_and_counts_none_twice()
    {
        var first = await StartReplicaAsync();
        var before = Cases("before", 3000);
        var log = new KeyedAppendLog(Redis.Value, Options.Create(new PersistenceOptions { KeyPrefix = _prefix }));
        await log.AppendAsync(ReportInputStore.Context, before.Select(e => (e.Id, ReportInputStore.Encode(e))).ToList());

        // Four consumers keep storing while the second replica rebuilds from Redis and starts following the feed.
        var during = Cases("during", 600);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() => StoreAsync(first, during.Where((_, i) => i % 4 == w)))).ToArray();
        var second = await StartReplicaAsync();
        await Task.WhenAll(writers);

        var all = before.Concat(during).ToList();
        var reference = Reference(all);
        await AssertHoldsExactlyAsync(second, all, reference);
        await AssertHoldsExactlyAsync(first, all, reference);
    }

    [Fact]
    public async Task A_replica_further_behind_than_the_feed_holds_rebuilds_and_ends_exactly_equal()
    {
        // A feed of 10 ids per shard (Redis trims by whole nodes of 100): a few thousand appends trim past any old position.
        var writer = await StartReplicaAsync(feedLength: 10);
        var behind = await StartReplicaAsync(feedLength: 10);
        var early = Cases("early", 50);
        await StoreAsync(writer, early);
        Assert.Equal(Reference(early), Multiset(await behind.RowsAsync(CancellationToken.None)));

        // Its follow loop stopped (as if paused), the replica misses thousands of appends; its next read finds the gap.
        await behind.StopAsync(CancellationToken.None);
        var more = Cases("more", 2000);
        var log = new KeyedAppendLog(Redis.Value, Options.Create(new PersistenceOptions { KeyPrefix = _prefix, AppendFeedLength = 10 }));
        await log.AppendAsync(ReportInputStore.Context, more.Select(e => (e.Id, ReportInputStore.Encode(e))).ToList());

        var all = early.Concat(more).ToList();
        await AssertHoldsExactlyAsync(behind, all, Reference(all));
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("rebuilding from Redis", StringComparison.Ordinal));
        await AssertHoldsExactlyAsync(writer, all, Reference(all));
    }
}
