using Rehab.BuildingBlocks.Messaging;
using Rehab.Testing;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Messaging;

/// <summary>
/// What every transport must guarantee, from the event log to the handler (docs/architecture.md, "Messaging").
/// Run once per transport by the derived classes. Fault model: a relay process dies at a chosen point (simulated by a
/// transport that fails before or after publishing); Redis itself stays up.
/// </summary>
public abstract class MessagingConformanceTests
{
    protected abstract string Transport { get; }

    private Task<MessagingTestApp> StartAsync(Func<CloudEvent, int, HandlerOutcome>? behaviour = null, bool backgroundRelay = false) =>
        MessagingTestApp.StartAsync(Transport, behaviour, backgroundRelay);

    [Fact]
    public async Task An_event_stored_once_is_handled_exactly_once()
    {
        await using var app = await StartAsync(backgroundRelay: true);

        var e = await app.StoreEventAsync();

        Assert.True(await Eventually.TrueAsync(() => app.Probe.CallsFor(e.Id) == 1));
        Assert.True(await Eventually.TrueAsync(app.SettledAsync));
        await Task.Delay(MessagingTestApp.Timeout * 2); // longer than any redelivery would take
        Assert.Equal(1, app.Probe.CallsFor(e.Id));
        Assert.Equal([e.Id], await app.DeliveredIdsAsync());
    }

    [Fact]
    public async Task An_event_stored_before_the_relay_died_is_published_by_a_later_relay_and_handled_once()
    {
        await using var app = await StartAsync();
        var e = await app.StoreEventAsync();

        // The first relay reads the entry and dies before it publishes.
        await app.Relay(new DiesBeforePublishTransport()).RelayOnceAsync(CancellationToken.None);
        Assert.Empty(await app.DeliveredIdsAsync());

        // Another replica takes over the shard once the dead one's lease lapses and reclaims the entry.
        await MessagingTestApp.RelayUntilPublishedAsync(app.Relay());

        Assert.True(await Eventually.TrueAsync(() => app.Probe.CallsFor(e.Id) == 1));
        Assert.True(await Eventually.TrueAsync(app.SettledAsync));
        Assert.Equal([e.Id], await app.DeliveredIdsAsync());
        Assert.Equal(1, app.Probe.CallsFor(e.Id));
    }

    [Fact]
    public async Task A_relay_that_died_after_publishing_republishes_the_same_id_and_nothing_is_applied_twice()
    {
        await using var app = await StartAsync();
        var e = await app.StoreEventAsync();

        await app.Relay(new DiesAfterPublishTransport(app.Transport)).RelayOnceAsync(CancellationToken.None);
        Assert.True(await Eventually.TrueAsync(() => app.Probe.CallsFor(e.Id) == 1));

        await MessagingTestApp.RelayUntilPublishedAsync(app.Relay());

        Assert.True(await Eventually.TrueAsync(async () => (await app.DeliveredIdsAsync()).Count == 2));
        Assert.True(await Eventually.TrueAsync(app.SettledAsync));
        // Delivered twice, both times with the stored id (a transport that let Dapr mint ids fails here) ...
        Assert.Equal([e.Id, e.Id], await app.DeliveredIdsAsync());
        // ... and the inbox kept the handler from applying it twice.
        Assert.Equal(1, app.Probe.EffectsFor(e.Id));
        Assert.Equal(1, app.Probe.CallsFor(e.Id));
    }

    [Theory]
    [InlineData("throws")]
    [InlineData("retry")]
    public async Task A_message_whose_handler_fails_is_redelivered_and_then_handled(string failure)
    {
        await using var app = await StartAsync((_, nth) => nth switch
        {
            1 when failure == "throws" => throw new InvalidOperationException("transient"),
            1 => HandlerOutcome.Retry,
            _ => HandlerOutcome.Success,
        });
        var e = await app.StoreEventAsync();

        await app.Relay().RelayOnceAsync(CancellationToken.None);

        Assert.True(await Eventually.TrueAsync(() => app.Probe.EffectsFor(e.Id) == 1));
        Assert.True(await Eventually.TrueAsync(app.SettledAsync));
        Assert.Equal(2, app.Probe.CallsFor(e.Id));
        Assert.Empty(await app.DeadLetteredIdsAsync());
    }

    [Fact]
    public async Task A_dropped_message_lands_in_the_dead_letter_topic()
    {
        await using var app = await StartAsync((_, _) => HandlerOutcome.Drop);
        var e = await app.StoreEventAsync();

        await app.Relay().RelayOnceAsync(CancellationToken.None);

        Assert.True(await Eventually.TrueAsync(async () => (await app.DeadLetteredIdsAsync()).Contains(e.Id)));
        Assert.True(await Eventually.TrueAsync(app.SettledAsync));
        Assert.Equal(1, app.Probe.CallsFor(e.Id));
        Assert.Equal([e.Id], await app.DeadLetteredIdsAsync());
    }

    [Fact]
    public async Task A_message_that_keeps_failing_lands_in_the_dead_letter_topic_after_the_last_attempt()
    {
        await using var app = await StartAsync((_, _) => HandlerOutcome.Retry);
        var e = await app.StoreEventAsync();

        await app.Relay().RelayOnceAsync(CancellationToken.None);

        Assert.True(await Eventually.TrueAsync(async () => (await app.DeadLetteredIdsAsync()).Contains(e.Id)));
        Assert.True(await Eventually.TrueAsync(app.SettledAsync));
        await Task.Delay(MessagingTestApp.Timeout * 2);
        Assert.Equal(MessagingTestApp.MaxAttempts, app.Probe.CallsFor(e.Id));
        Assert.Equal([e.Id], await app.DeadLetteredIdsAsync());
    }

    [Fact]
    public async Task Events_of_a_shard_are_handled_in_the_order_they_were_stored_and_other_types_pass_by()
    {
        await using var app = await StartAsync();
        var stored = new List<CloudEvent>();
        for (var i = 0; i < 5; i++) stored.Add(await app.StoreEventAsync(shard: 7));
        var other = await app.StoreEventAsync(shard: 7, type: MessagingTestApp.OtherThing);
        var last = await app.StoreEventAsync(shard: 7);
        stored.Add(last);

        await app.Relay().RelayOnceAsync(CancellationToken.None);

        Assert.True(await Eventually.TrueAsync(() => app.Probe.CallsFor(last.Id) == 1));
        Assert.True(await Eventually.TrueAsync(app.SettledAsync));
        Assert.Equal(stored.Select(e => e.Id), app.Probe.Calls.Select(c => c.Id));
        Assert.DoesNotContain(app.Probe.Calls, c => c.Id == other.Id);
        Assert.Empty(await app.DeadLetteredIdsAsync());
    }
}

[Trait("Tier", "Fault")]
public sealed class RedisStreamsConformanceTests : MessagingConformanceTests
{
    protected override string Transport => MessagingOptions.RedisTransport;
}

[Trait("Tier", "Fault")]
public sealed class DaprConformanceTests : MessagingConformanceTests
{
    protected override string Transport => MessagingOptions.DaprTransport;
}
