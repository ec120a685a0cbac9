using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Security;
using Role = Rehab.BuildingBlocks.Security.Role;
using Rehab.Testing;
using StackExchange.Redis;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Audit;

public sealed class RedisConnectionFixture : IDisposable
{
    public ConnectionMultiplexer Redis { get; } = ConnectionMultiplexer.Connect(RedisServer.Shared.Endpoint);

    public void Dispose() => Redis.Dispose();
}

[Trait("Tier", "Redis")]
public sealed class AuditTrailTests(RedisConnectionFixture fixture) : IClassFixture<RedisConnectionFixture>
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly string _prefix = RedisServer.NewPrefix();

    private RedisAuditTrail NewTrail(IConnectionMultiplexer? redis = null) => new(redis ?? fixture.Redis, _prefix, "referral");

    private static AuditEntry Entry(int n, AuditAction action = AuditAction.Read) => new(
        "fk-officer-1", "FK", Role.FkCaseOfficer, action, "Referral", $"0196a3b2-0000-7000-8000-00000000000{n % 10}",
        ["state", "consent"], "prepare joint assessment", $"req-{n}", Monday.AddMinutes(n));

    private static async Task<List<AuditRecord>> AppendAsync(IAuditTrail trail, int count)
    {
        var records = new List<AuditRecord>();
        for (var n = 1; n <= count; n++) records.Add(await trail.RecordAsync(Entry(n)));
        return records;
    }

    /// <summary>What someone with write access to Redis could do: replace the log with an edited copy, same stream ids.</summary>
    private async Task RewriteLogAsync(RedisAuditTrail trail, Func<List<StreamEntry>, IEnumerable<(RedisValue Id, NameValueEntry[] Fields)>> edit)
    {
        var db = fixture.Redis.GetDatabase();
        var entries = (await db.StreamRangeAsync(trail.LogKey)).ToList();
        var rewritten = edit(entries).ToList();
        await db.KeyDeleteAsync(trail.LogKey);
        foreach (var (id, fields) in rewritten) await db.StreamAddAsync(trail.LogKey, fields, id);
    }

    [Fact]
    public async Task An_untouched_chain_verifies_and_reads_back_every_entry()
    {
        using var trail = NewTrail();
        var written = await AppendAsync(trail, 5);

        var verification = await trail.VerifyAsync();
        var read = await trail.ReadAllAsync().ToListAsync();

        Assert.True(verification.IsValid, verification.ToString());
        Assert.Equal(5, verification.EntriesChecked);
        Assert.Equal([1L, 2, 3, 4, 5], read.Select(r => r.Seq));
        Assert.Equal(RedisAuditTrail.Genesis, read[0].Prev);
        Assert.Equal(read[0].Hash, read[1].Prev);
        Assert.Equal(written.Select(w => w.Hash), read.Select(r => r.Hash));
        Assert.Equal(Entry(3).RecordId, read[2].Entry.RecordId);
        Assert.Equal(["state", "consent"], read[2].Entry.Fields);
        Assert.Equal(Monday.AddMinutes(3), read[2].Entry.At);
        Assert.Equal("req-3", read[2].Entry.RequestId);
    }

    [Fact]
    public async Task An_override_keeps_its_reason_and_an_edited_reason_breaks_the_chain()
    {
        using var trail = NewTrail();
        await trail.RecordAsync(Entry(1, AuditAction.Change));
        await trail.RecordAsync(Entry(2, AuditAction.Override) with
        {
            Fields = ["meeting date 2026-02-27 is before consent_given_date 2026-03-01"], Reason = "Consent given orally, registered later",
        });

        var read = await trail.ReadAllAsync().ToListAsync();
        Assert.Equal(("", "Consent given orally, registered later"), (read[0].Entry.Reason, read[1].Entry.Reason));
        Assert.Equal(AuditAction.Override, read[1].Entry.Action);
        Assert.True((await trail.VerifyAsync()).IsValid);

        await RewriteLogAsync(trail, entries => entries.Select(e => (e.Id, e.Values.Select(v => v.Value.ToString().Contains("orally", StringComparison.Ordinal)
            ? new NameValueEntry(v.Name, v.Value.ToString().Replace("orally", "in writing", StringComparison.Ordinal))
            : v).ToArray())));
        Assert.Equal(2, (await trail.VerifyAsync()).BrokenSeq);
    }

    [Fact]
    public async Task An_empty_trail_verifies()
    {
        using var trail = NewTrail();

        Assert.True((await trail.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task A_tampered_entry_is_detected_and_named()
    {
        using var trail = NewTrail();
        var written = await AppendAsync(trail, 5);

        await RewriteLogAsync(trail, entries => entries.Select(e => (e.Id, e.Values.Select(v =>
            v.Name == "entry" && e.Id == written[2].StreamId
                ? new NameValueEntry(v.Name, ((string)v.Value!).Replace("\"purpose\":\"prepare joint assessment\"", "\"purpose\":\"audit\""))
                : v).ToArray())));

        var verification = await trail.VerifyAsync();

        Assert.False(verification.IsValid);
        Assert.Equal(3, verification.BrokenSeq);
        Assert.Equal(written[2].StreamId, verification.BrokenStreamId);
        Assert.Contains("changed", verification.Problem);
    }

    [Fact]
    public async Task A_tampered_entry_with_a_recomputed_hash_breaks_the_link_of_the_next()
    {
        using var trail = NewTrail();
        var written = await AppendAsync(trail, 5);

        // The forger fixes the edited entry's own hash but cannot fix what the next entry chained to.
        await RewriteLogAsync(trail, entries => entries.Select(e =>
        {
            if (e.Id != written[2].StreamId) return (e.Id, e.Values);
            var json = ((string)e["entry"]!).Replace("fk-officer-1", "fk-officer-9");
            return (e.Id, new NameValueEntry[] { new("prev", e["prev"]), new("hash", RedisAuditTrail.HashOf(e["prev"]!, json)), new("entry", json) });
        }));

        var verification = await trail.VerifyAsync();

        Assert.False(verification.IsValid);
        Assert.Equal(4, verification.BrokenSeq);
        Assert.Contains("does not link", verification.Problem);
    }

    [Fact]
    public async Task A_deleted_entry_is_detected_and_named()
    {
        using var trail = NewTrail();
        var written = await AppendAsync(trail, 5);

        await fixture.Redis.GetDatabase().StreamDeleteAsync(trail.LogKey, [written[2].StreamId]);
        var verification = await trail.VerifyAsync();

        Assert.False(verification.IsValid);
        Assert.Equal(3, verification.BrokenSeq);
        Assert.Contains("missing", verification.Problem);
    }

    [Fact]
    public async Task A_deleted_last_entry_is_detected()
    {
        using var trail = NewTrail();
        var written = await AppendAsync(trail, 5);

        await fixture.Redis.GetDatabase().StreamDeleteAsync(trail.LogKey, [written[4].StreamId]);
        var verification = await trail.VerifyAsync();

        Assert.False(verification.IsValid);
        Assert.Equal(5, verification.BrokenSeq);
    }

    [Fact]
    public async Task Reordered_entries_are_detected()
    {
        using var trail = NewTrail();
        await AppendAsync(trail, 5);

        // Swap the contents of entries 2 and 3, keeping the stream ids in order.
        await RewriteLogAsync(trail, entries =>
        {
            var values = entries.Select(e => e.Values).ToList();
            (values[1], values[2]) = (values[2], values[1]);
            return entries.Select((e, i) => (e.Id, values[i]));
        });
        var verification = await trail.VerifyAsync();

        Assert.False(verification.IsValid);
        Assert.Equal(2, verification.BrokenSeq);
    }

    [Fact]
    public async Task Concurrent_writers_on_separate_connections_keep_one_valid_chain()
    {
        using var otherConnection = await ConnectionMultiplexer.ConnectAsync(RedisServer.Shared.Endpoint);
        var trails = new[] { NewTrail(), NewTrail(), NewTrail(otherConnection), NewTrail(otherConnection) };

        await Task.WhenAll(trails.Select((trail, w) => Task.Run(async () =>
        {
            for (var n = 0; n < 25; n++) await trail.RecordAsync(Entry(w * 100 + n, AuditAction.Change));
        })));
        using var reader = NewTrail();
        var verification = await reader.VerifyAsync();
        var read = await reader.ReadAllAsync().ToListAsync();

        Assert.True(verification.IsValid, verification.ToString());
        Assert.Equal(100, verification.EntriesChecked);
        Assert.Equal(100, read.Select(r => r.Entry.RequestId).Distinct().Count());
        foreach (var trail in trails) trail.Dispose();
    }

    [Fact]
    public async Task A_batch_is_appended_as_consecutive_entries_of_the_chain()
    {
        using var trail = NewTrail();
        await AppendAsync(trail, 2);

        var batch = await trail.RecordAsync([Entry(3), Entry(4), Entry(5)]);

        Assert.Equal([3L, 4, 5], batch.Select(r => r.Seq));
        Assert.True((await trail.VerifyAsync()).IsValid);
    }

    [Theory]
    [InlineData("19121212-1212")]
    [InlineData("191212121212")]
    [InlineData("121212+1212")]
    public async Task An_identity_number_is_never_accepted_as_record_id(string identityNumber)
    {
        using var trail = NewTrail();

        await Assert.ThrowsAsync<ArgumentException>(() => trail.RecordAsync(Entry(1) with { RecordId = identityNumber }));
        Assert.Equal(0, await fixture.Redis.GetDatabase().StreamLengthAsync(trail.LogKey));
    }
}
