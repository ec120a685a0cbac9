using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Messaging;
using Rehab.Testing;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Messaging;

/// <summary>The app side of Dapr's subscription contract, called over real HTTP like a sidecar does.</summary>
[Trait("Tier", "Redis")]
public sealed class DaprSubscriptionTests
{
    [Fact]
    public async Task The_app_announces_one_subscription_per_topic_with_its_route_and_dead_letter_topic()
    {
        await using var app = await MessagingTestApp.StartAsync(MessagingOptions.DaprTransport);

        var subscription = Assert.Single(app.Sidecar.Subscriptions);

        Assert.Equal("pubsub", subscription.PubSubName);
        Assert.Equal(app.Topic, subscription.Topic);
        Assert.Equal(DaprSubscriptions.RouteOf(app.Topic), subscription.Route);
        Assert.Equal(app.Topic + ".deadletter", subscription.DeadLetterTopic);
    }

    [Theory]
    [InlineData("success", "SUCCESS")]
    [InlineData("retry", "RETRY")]
    [InlineData("throws", "RETRY")]
    [InlineData("drop", "DROP")]
    public async Task A_delivery_is_answered_with_the_status_Dapr_expects(string behaviour, string status)
    {
        await using var app = await MessagingTestApp.StartAsync(MessagingOptions.DaprTransport, (_, _) => behaviour switch
        {
            "success" => HandlerOutcome.Success,
            "retry" => HandlerOutcome.Retry,
            "drop" => HandlerOutcome.Drop,
            _ => throw new InvalidOperationException("handler bug"),
        });
        var e = MessagingTestApp.NewEvent(MessagingTestApp.ThingHappened, app.Topic);

        var (code, answer) = await PostAsync(app, e.ToJson());

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(status, answer);
    }

    [Fact]
    public async Task A_redelivered_event_id_is_acknowledged_without_calling_the_handler_again()
    {
        await using var app = await MessagingTestApp.StartAsync(MessagingOptions.DaprTransport);
        var e = MessagingTestApp.NewEvent(MessagingTestApp.ThingHappened, app.Topic);

        Assert.Equal("SUCCESS", (await PostAsync(app, e.ToJson())).Status);
        Assert.Equal("SUCCESS", (await PostAsync(app, e.ToJson())).Status);

        Assert.Equal(1, app.Probe.CallsFor(e.Id));
    }

    [Fact]
    public async Task A_delivery_that_is_not_a_CloudEvent_is_dropped()
    {
        await using var app = await MessagingTestApp.StartAsync(MessagingOptions.DaprTransport);

        Assert.Equal("DROP", (await PostAsync(app, "{\"hello\":1}")).Status);
        Assert.Empty(app.Probe.Calls);
    }

    [Fact]
    public async Task With_the_redis_transport_the_app_announces_no_Dapr_subscriptions()
    {
        await using var app = await MessagingTestApp.StartAsync(MessagingOptions.RedisTransport);
        using var http = new HttpClient();

        var json = await http.GetStringAsync(new Uri(app.BaseAddress, "/dapr/subscribe"));

        Assert.Empty(JsonNode.Parse(json)!.AsArray());
    }

    private static async Task<(HttpStatusCode Code, string? Status)> PostAsync(MessagingTestApp app, string body)
    {
        using var http = new HttpClient();
        using var content = new StringContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvent.ContentType);
        using var response = await http.PostAsync(new Uri(app.BaseAddress, DaprSubscriptions.RouteOf(app.Topic)), content);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["status"]?.GetValue<string>();
        return (response.StatusCode, answer);
    }
}

/// <summary>The fake sidecar must mint ids like Dapr does, or the conformance suite could not catch a relay that lets it.</summary>
[Trait("Tier", "Redis")]
public sealed class FakeDaprSidecarTests
{
    [Fact]
    public async Task A_plain_publish_gets_a_new_id_every_time_while_a_CloudEvent_publish_keeps_its_own()
    {
        await using var sidecar = await FakeDaprSidecar.StartAsync(appId: "producer");
        using var client = sidecar.CreateClient();
        var e = MessagingTestApp.NewEvent(MessagingTestApp.ThingHappened, "topic-a");

        await client.PublishEventAsync("pubsub", "topic-a", new { note = "x" });
        await client.PublishEventAsync("pubsub", "topic-a", new { note = "x" });
        await client.PublishByteEventAsync("pubsub", "topic-b", e.ToJsonBytes(), CloudEvent.ContentType);
        await client.PublishByteEventAsync("pubsub", "topic-b", e.ToJsonBytes(), CloudEvent.ContentType);

        var plain = sidecar.PublishedTo("topic-a").ToList();
        Assert.Equal(2, plain.Count);
        Assert.NotEqual(plain[0].Id, plain[1].Id);
        Assert.Equal("com.dapr.event.sent", JsonNode.Parse(plain[0].CloudEventJson)!["type"]!.GetValue<string>());

        var own = sidecar.PublishedTo("topic-b").ToList();
        Assert.All(own, p => Assert.Equal(e.Id, p.Id));
        var envelope = JsonNode.Parse(own[0].CloudEventJson)!;
        Assert.Equal(e.Type, envelope["type"]!.GetValue<string>());
        Assert.Equal("topic-b", envelope["topic"]!.GetValue<string>());
        Assert.NotNull(envelope["traceparent"]);
    }
}
