using Rehab.BuildingBlocks.Messaging;
using Rehab.Testing;
using StackExchange.Redis;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Messaging;

/// <summary>The redis transport's wire format (Dapr pubsub.redis) and the relay's behaviour with several replicas.</summary>
[Trait("Tier", "Redis")]
public sealed class RedisStreamsTransportTests
{
    [Fact]
    public async Task The_relay_publishes_the_stored_CloudEvent_byte_for_byte_under_the_topic_name()
    {
        await using var app = await MessagingTestApp.StartAsync(MessagingOptions.RedisTransport);
        var e = await app.StoreEventAsync();
        var stored = (await app.Db.StreamRangeAsync(app.Layout.Log(3))).Single()["ce"];

        await app.Relay().RelayOnceAsync(CancellationToken.None);

        var published = (await app.Db.StreamRangeAsync(app.Topic)).Single();
        Assert.Equal("data", Assert.Single(published.Values).Name);
        Assert.Equal((byte[])stored!, (byte[])published["data"]!);
        Assert.Equal(e.Id, CloudEvent.Parse((byte[])published["data"]!).Id);
    }

    [Fact]
    public async Task A_message_with_a_metadata_field_beside_data_is_handled()
    {
        await using var app = await MessagingTestApp.StartAsync(MessagingOptions.RedisTransport);
        var e = MessagingTestApp.NewEvent(MessagingTestApp.ThingHappened, app.Topic);

        await app.Db.StreamAddAsync(app.Topic,
            [new NameValueEntry("data", e.ToJsonBytes()), new NameValueEntry("metadata", """{"ttlInSeconds":"60"}""")]);

        Assert.True(await Eventually.TrueAsync(() => app.Probe.EffectsFor(e.Id) == 1));
        Assert.True(await Eventually.TrueAsync(app.SettledAsync));
    }

    [Fact]
    public async Task A_new_subscriber_reads_the_history_retained_before_it_started()
    {
        var topic = RedisServer.NewPrefix() + ".rehab.test.v1";
        var e = MessagingTestApp.NewEvent(MessagingTestApp.ThingHappened, topic);
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(RedisServer.Shared.Endpoint))
            await redis.GetDatabase().StreamAddAsync(topic, "data", e.ToJsonBytes());

        await using var app = await MessagingTestApp.StartAsync(MessagingOptions.RedisTransport, topic: topic);

        Assert.True(await Eventually.TrueAsync(() => app.Probe.EffectsFor(e.Id) == 1));
    }

    [Fact]
    public async Task A_message_that_is_not_a_CloudEvent_goes_to_the_dead_letter_stream()
    {
        await using var app = await MessagingTestApp.StartAsync(MessagingOptions.RedisTransport);

        await app.Db.StreamAddAsync(app.Topic, "data", "not json");

        Assert.True(await Eventually.TrueAsync(async () => await app.Db.StreamLengthAsync(app.DeadLetterTopic) == 1));
        Assert.Equal("not json", (await app.Db.StreamRangeAsync(app.DeadLetterTopic)).Single()["data"].ToString());
        Assert.True(await Eventually.TrueAsync(app.SettledAsync));
        Assert.Empty(app.Probe.Calls);
    }

    [Fact]
    public async Task Two_relay_replicas_publish_every_event_once_and_in_order()
    {
        await using var app = await MessagingTestApp.StartAsync(MessagingOptions.RedisTransport);
        var stored = new List<string>();
        for (var i = 0; i < 40; i++) stored.Add((await app.StoreEventAsync(shard: i % 2)).Id);
        var one = app.Relay();
        var two = app.Relay();

        async Task RunAsync(OutboxRelay relay)
        {
            for (var round = 0; round < 10; round++)
            {
                await relay.RelayOnceAsync(CancellationToken.None);
                await Task.Delay(5);
            }
        }

        await Task.WhenAll(RunAsync(one), RunAsync(two));

        var published = (await app.Db.StreamRangeAsync(app.Topic)).Select(p => CloudEvent.Parse((byte[])p["data"]!).Id).ToList();
        Assert.Equal(stored.Order(), published.Order());
        foreach (var shard in new[] { 0, 1 })
        {
            var ofShard = stored.Where((_, i) => i % 2 == shard).ToList();
            Assert.Equal(ofShard, published.Where(ofShard.Contains));
        }
    }

    [Fact]
    public async Task A_relay_that_stops_gracefully_hands_its_shards_over_at_once()
    {
        await using var app = await MessagingTestApp.StartAsync(MessagingOptions.RedisTransport);
        var first = app.Relay();
        await first.RelayOnceAsync(CancellationToken.None); // takes every shard's lease
        await app.StoreEventAsync();

        await first.StopAsync(CancellationToken.None);

        // Well within the lease duration, yet the other replica may relay at once.
        Assert.Equal(1, await app.Relay().RelayOnceAsync(CancellationToken.None));
    }
}
