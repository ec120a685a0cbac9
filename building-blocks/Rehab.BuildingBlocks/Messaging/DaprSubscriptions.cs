using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rehab.BuildingBlocks.Messaging;

/// <summary>
/// The <c>dapr</c> transport's subscriber side (Dapr's programmatic subscription contract): <c>GET /dapr/subscribe</c>
/// lists one subscription per subscribed topic, and Dapr POSTs each CloudEvent to its route, reading our answer
/// <c>{"status":"SUCCESS"|"RETRY"|"DROP"}</c>. Map these on the service's HTTP/1 endpoint.
/// </summary>
public static class DaprSubscriptions
{
    public const string SubscribePath = "/dapr/subscribe";
    public const string RoutePrefix = "/dapr/events/";

    public static string RouteOf(string topic) => RoutePrefix + Uri.EscapeDataString(topic);

    public static IEndpointConventionBuilder MapDaprSubscriptions(this IEndpointRouteBuilder endpoints)
    {
        var dispatcher = endpoints.ServiceProvider.GetRequiredService<EventDispatcher>();
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<MessagingOptions>>().Value;
        var group = endpoints.MapGroup("");

        // With the redis transport no sidecar should deliver to us: announce nothing.
        var subscriptions = options.UsesDapr
            ? dispatcher.Topics.Select(topic => new DaprSubscription(options.PubSubName, topic, RouteOf(topic),
                MessagingOptions.DeadLetterTopic(topic))).ToArray()
            : [];
        group.MapGet(SubscribePath, () => Results.Json(subscriptions));

        foreach (var topic in dispatcher.Topics)
        {
            group.MapPost(RouteOf(topic), (HttpContext http, EventDispatcher d, ILoggerFactory logs) =>
                DeliverAsync(http, topic, d, logs.CreateLogger(typeof(DaprSubscriptions))));
        }

        return group;
    }

    private static async Task<IResult> DeliverAsync(HttpContext http, string topic, EventDispatcher dispatcher, ILogger logger)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        CloudEvent e;
        try
        {
            e = CloudEvent.Parse(body.ToArray());
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            logger.LogError(ex, "Delivery on {Topic} is not a CloudEvent; dropping it", topic);
            return Status("DROP");
        }

        var outcome = await dispatcher.DispatchAsync(topic, e, http.RequestAborted);
        return Status(outcome switch
        {
            HandlerOutcome.Success => "SUCCESS",
            HandlerOutcome.Drop => "DROP",
            _ => "RETRY",
        });
    }

    private static IResult Status(string status) => Results.Json(new DaprStatus(status));

    internal sealed record DaprStatus([property: JsonPropertyName("status")] string Status);

    internal sealed record DaprSubscription(
        [property: JsonPropertyName("pubsubname")] string PubSubName,
        [property: JsonPropertyName("topic")] string Topic,
        [property: JsonPropertyName("route")] string Route,
        [property: JsonPropertyName("deadLetterTopic")] string DeadLetterTopic);
}
