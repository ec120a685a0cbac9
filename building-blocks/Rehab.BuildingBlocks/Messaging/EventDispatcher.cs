using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rehab.BuildingBlocks.Messaging;

/// <summary>
/// Hands a delivered event to every handler subscribed to its topic and type, skipping handlers whose inbox
/// already holds the event id. Both subscribers (Redis Streams and Dapr) go through here.
/// </summary>
public sealed class EventDispatcher(
    IServiceScopeFactory scopes, IEnumerable<EventSubscription> subscriptions, Inbox inbox, ILogger<EventDispatcher> logger)
{
    private readonly IReadOnlyList<EventSubscription> _subscriptions = subscriptions.ToList();

    public IReadOnlyList<string> Topics => _subscriptions.Select(s => s.Topic).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Retry if any handler wants a retry, else Drop if any dropped, else Success (also when no handler wants the type).</summary>
    public async Task<HandlerOutcome> DispatchAsync(string topic, CloudEvent e, CancellationToken ct)
    {
        var outcome = HandlerOutcome.Success;
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Topic != topic || !subscription.Accepts(e.Type)) continue;
            var handled = await HandleOnceAsync(subscription, e, ct);
            if (handled == HandlerOutcome.Retry || (handled == HandlerOutcome.Drop && outcome == HandlerOutcome.Success))
                outcome = handled;
        }

        return outcome;
    }

    private async Task<HandlerOutcome> HandleOnceAsync(EventSubscription subscription, CloudEvent e, CancellationToken ct)
    {
        if (await inbox.WasHandledAsync(subscription.HandlerName, e.Id))
        {
            logger.LogDebug("{Handler} already handled event {EventId}", subscription.HandlerName, e.Id);
            return HandlerOutcome.Success;
        }

        HandlerOutcome outcome;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = (IEventHandler)scope.ServiceProvider.GetRequiredService(subscription.HandlerType);
            outcome = await handler.HandleAsync(e, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "{Handler} failed on event {EventId} ({EventType}); it will be redelivered",
                subscription.HandlerName, e.Id, e.Type);
            return HandlerOutcome.Retry;
        }

        if (outcome == HandlerOutcome.Success)
            await inbox.MarkHandledAsync(subscription.HandlerName, e.Id);
        else
            logger.LogInformation("{Handler} answered {Outcome} for event {EventId} ({EventType})",
                subscription.HandlerName, outcome, e.Id, e.Type);
        return outcome;
    }
}
