using System.Text;
using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Testing;
using StackExchange.Redis;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Persistence;

/// <summary>The keyed append log and its append feed, which lets every replica of a projection follow what any replica appended.</summary>
[Trait("Tier", "Redis")]
public sealed class KeyedAppendLogTests
{
    private const string Context = "inputs";
    private readonly string _prefix = RedisServer.NewPrefix();

    private KeyedAppendLog Log(int feedLength = 100_000, IConnectionMultiplexer? redis = null) =>
        new(redis ?? Connections.Shared, Options.Create(new PersistenceOptions { KeyPrefix = _prefix, AppendFeedLength = feedLength }));

    private static (string, byte[]) Entry(string id) => (id, Encoding.UTF8.GetBytes("payload of " + id));

    private static string Payload(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>Ids that all land in one shard, so a test can fill that shard's feed.</summary>
    private static IEnumerable<string> IdsOfShard(int shard, string stem) =>
        Enumerable.Range(0, int.MaxValue).Select(i => $"{stem}-{i}").Where(id => KeyLayout.ShardOfPartition(id) == shard);

    /// <summary>Everything fed to each shard after the positions, read to the end page by page.</summary>
    private static async Task<(List<(string Id, byte[] Payload)> Entries, FeedPosition[] Positions)> ReadOnAsync(
        KeyedAppendLog log, FeedPosition[] from, int pageSize = 7)
    {
        var entries = new List<(string, byte[])>();
        var positions = from.ToArray();
        for (var shard = 0; shard < KeyLayout.ShardCount; shard++)
        {
            while (true)
            {
                var page = await log.ReadAppendedAsync(Context, shard, positions[shard], pageSize);
                Assert.False(page.Gap);
                entries.AddRange(page.Entries);
                positions[shard] = page.Position;
                if (page.Entries.Count == 0) break;
            }
        }
        return (entries, positions);
    }

    [Fact]
    public async Task The_feed_gives_each_new_entry_once_in_append_order_and_positions_mark_where_a_reader_stands()
    {
        var log = Log();
        var start = await log.PositionsAsync(Context);
        Assert.All(start, p => Assert.Equal(FeedPosition.Start, p));

        var ids = Enumerable.Range(0, 60).Select(i => $"event-{i:D3}").ToList();
        Assert.All(await log.AppendAsync(Context, ids.Take(40).Select(Entry).ToList()), Assert.True);
        // A redelivery of held ids, mixed with new ones and a duplicate within the batch: only the new ones are fed.
        var again = await log.AppendAsync(Context, [Entry(ids[3]), Entry(ids[40]), Entry(ids[40]), Entry(ids[17]), .. ids.Skip(41).Select(Entry)]);
        Assert.Equal([false, true, false, false, .. Enumerable.Repeat(true, 19)], again);

        var (fed, positions) = await ReadOnAsync(log, start);
        Assert.Equal(ids.Order(), fed.Select(e => e.Id).Order());
        Assert.All(fed, e => Assert.Equal("payload of " + e.Id, Payload(e.Payload)));
        // Within a shard, the feed keeps the order of appending.
        foreach (var shard in fed.GroupBy(e => KeyLayout.ShardOfPartition(e.Id)))
            Assert.Equal(ids.Where(id => KeyLayout.ShardOfPartition(id) == shard.Key), shard.Select(e => e.Id));
        Assert.Equal(positions, await log.PositionsAsync(Context));
        Assert.Equal(60, positions.Sum(p => p.Fed));

        // A reader at the end sees only what is appended afterwards.
        await log.AppendAsync(Context, [Entry("later")]);
        var (later, _) = await ReadOnAsync(log, positions);
        Assert.Equal(["later"], later.Select(e => e.Id));
        Assert.Equal(61, await log.CountAsync(Context));
    }

    [Fact]
    public async Task A_shard_read_up_to_a_position_and_the_feed_after_it_give_every_entry_exactly_once_while_appends_continue()
    {
        var log = Log();
        await log.AppendAsync(Context, Enumerable.Range(0, 6000).Select(i => Entry($"before-{i}")).ToList());
        var positions = await log.PositionsAsync(Context);

        // Appends go on while the shards are read, as when a replica starts under load.
        var writing = Task.Run(async () =>
        {
            for (var batch = 0; batch < 40; batch++)
                await log.AppendAsync(Context, Enumerable.Range(0, 50).Select(i => Entry($"during-{batch}-{i}")).ToList());
        });
        var read = new List<string>();
        for (var shard = 0; shard < KeyLayout.ShardCount; shard++)
            await foreach (var (id, _) in log.ReadShardAsync(Context, shard, positions[shard])) read.Add(id);
        await writing;
        var (fed, _) = await ReadOnAsync(log, positions, pageSize: 500);

        var all = read.Concat(fed.Select(e => e.Id)).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(6000 + 2000, all.Count);
        Assert.All(Enumerable.Range(0, 6000), i => Assert.Contains($"before-{i}", read));
    }

    [Fact]
    public async Task A_reader_whose_position_was_trimmed_from_the_feed_is_told_of_the_gap()
    {
        // Redis trims a stream approximately, by whole nodes of 100 ids: a few hundred ids in one shard exceed a feed of 10.
        var log = Log(feedLength: 10);
        var ids = IdsOfShard(3, "e").Take(400).ToList();
        var start = await log.PositionsAsync(Context);
        await log.AppendAsync(Context, [.. ids.Take(5).Select(Entry)]);
        var early = (await log.PositionsAsync(Context))[3];
        await log.AppendAsync(Context, [.. ids.Skip(5).Select(Entry)]);

        Assert.True((await log.ReadAppendedAsync(Context, 3, start[3])).Gap);
        Assert.True((await log.ReadAppendedAsync(Context, 3, early)).Gap);
        await Assert.ThrowsAsync<AppendFeedGapException>(async () => { await foreach (var _ in log.ReadShardAsync(Context, 3, early)) { } });

        // From the current end, nothing is missing: the next append is read, no gap.
        var end = (await log.PositionsAsync(Context))[3];
        Assert.Equal(400, end.Fed);
        Assert.False((await log.ReadAppendedAsync(Context, 3, end)).Gap);
        await log.AppendAsync(Context, [Entry(IdsOfShard(3, "next").First())]);
        var next = await log.ReadAppendedAsync(Context, 3, end);
        Assert.False(next.Gap);
        Assert.Single(next.Entries);
        // The other shards were not touched by the trimming.
        Assert.False((await log.ReadAppendedAsync(Context, 4, start[4])).Gap);
        Assert.Equal(401, await log.CountAsync(Context));
    }

    [Fact]
    public async Task Append_and_feed_work_on_a_redis_cluster()
    {
        var log = Log(redis: RedisCluster.Shared.Connection);
        var start = await log.PositionsAsync(Context);
        var ids = Enumerable.Range(0, 80).Select(i => $"c-{i}").ToList();
        Assert.All(await log.AppendAsync(Context, ids.Select(Entry).ToList()), Assert.True);
        Assert.All(await log.AppendAsync(Context, ids.Take(10).Select(Entry).ToList()), Assert.False);

        var (fed, positions) = await ReadOnAsync(log, start);
        Assert.Equal(ids.Order(), fed.Select(e => e.Id).Order());
        Assert.True(fed.Select(e => KeyLayout.ShardOfPartition(e.Id)).Distinct().Count() > 8);
        Assert.Equal(positions, await log.PositionsAsync(Context));
        var read = new List<string>();
        for (var shard = 0; shard < KeyLayout.ShardCount; shard++)
            await foreach (var (id, _) in log.ReadShardAsync(Context, shard, positions[shard])) read.Add(id);
        Assert.Equal(ids.Order(), read.Order());
    }
}
