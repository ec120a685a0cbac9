using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Security;
using Rehab.Testing;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Cluster;

/// <summary>
/// The building blocks on a real 3-master Redis Cluster: every Lua script touches keys of one hash slot only
/// (a CROSSSLOT error would fail these), and workers find the data of all shards wherever the slots live.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class RedisClusterTests
{
    private static readonly DateOnly Day = new(2026, 3, 2);
    private readonly string _prefix = RedisServer.NewPrefix();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Aggregates_commit_atomically_with_events_request_ids_and_uniqueness_on_a_cluster()
    {
        var repo = TestRepositories.Create(_prefix, _time, redis: RedisCluster.Shared.Connection);
        var owners = Enumerable.Range(0, 24).Select(i => "owner-" + i).ToList();
        var created = new List<Stored<TestCase>>();
        foreach (var owner in owners)
        {
            created.Add(await repo.CreateAsync(owner, "req-" + owner, _ => TestCase.Open(owner, "t", Day)));
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }

        // The shards (and so the slots, spread over the three masters) all took part.
        Assert.True(created.Select(c => { AggregateId.TryShardOf(c.Id, out var s); return s; }).Distinct().Count() > 8);
        Assert.Equal(created[0].Id, (await repo.CreateAsync(owners[0], "req-" + owners[0], _ => TestCase.Open(owners[0], "x", Day))).Id);
        await Assert.ThrowsAsync<AlreadyExistsException>(() => repo.CreateAsync(owners[1], null, _ => TestCase.Open(owners[1], "y", Day)));

        var updated = await repo.UpdateAsync(created[2].Id, created[2].Etag, s => s.Close(Day));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => repo.UpdateAsync(created[2].Id, created[2].Etag, s => s.Close(Day)));
        await repo.CreateAsync(owners[2], null, _ => TestCase.Open(owners[2], "again", Day));

        var (page, _) = await repo.ListAsync(_ => true, 500, null);
        Assert.Equal(owners.Count + 1, page.Count);

        var reader = new EventLogReader(RedisCluster.Shared.Connection, Options.Create(new PersistenceOptions { KeyPrefix = _prefix }));
        var log = new List<CloudEvent>();
        await foreach (var e in reader.ReadAllAsync("cases")) log.Add(e);
        Assert.Equal(owners.Count + 2, log.Count); // 24 opened, 1 closed, 1 reopened
        Assert.Equal(updated.Id, log.Single(e => e.DataJson.Contains("closed", StringComparison.Ordinal)).Subject);
    }

    [Fact]
    public async Task The_outbox_relay_publishes_every_shard_of_a_cluster()
    {
        var topic = _prefix + ".cases";
        var repo = TestRepositories.Create(_prefix, _time, topic, RedisCluster.Shared.Connection);
        for (var i = 0; i < 20; i++) await repo.CreateAsync("p" + i, null, _ => TestCase.Open("p" + i, "t", Day));

        var logs = new CapturedLogs();
        var relay = new OutboxRelay(RedisCluster.Shared.Connection, [new EventLogContext("cases", topic)],
            new RedisStreamsTransport(RedisCluster.Shared.Connection), Options.Create(new MessagingOptions()),
            Options.Create(new PersistenceOptions { KeyPrefix = _prefix }), TimeProvider.System, new Microsoft.Extensions.Logging.Logger<OutboxRelay>(Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(logs))));
        var published = 0;
        for (var pass = 0; pass < 5 && published < 20; pass++) published += await relay.RelayOnceAsync(CancellationToken.None);

        Assert.True(published == 20, $"published {published}; relay log:\n" + string.Join("\n", logs.Lines.Take(3)));
        Assert.Equal(20, await RedisCluster.Shared.Connection.GetDatabase().StreamLengthAsync(topic));
    }

    [Fact]
    public async Task The_audit_chain_appends_and_verifies_on_a_cluster()
    {
        using var trail = new RedisAuditTrail(RedisCluster.Shared.Connection, _prefix, "referral");
        for (var i = 0; i < 10; i++)
        {
            await trail.RecordAsync(new AuditEntry("u1", "FK", Role.FkCaseOfficer, AuditAction.Read, "referral",
                Guid.CreateVersion7().ToString(), ["state"], "case handling", "req-" + i, DateTimeOffset.UtcNow));
        }

        var verification = await trail.VerifyAsync();
        Assert.True(verification.IsValid, verification.Problem);
        Assert.Equal(10, verification.EntriesChecked);
    }
}
