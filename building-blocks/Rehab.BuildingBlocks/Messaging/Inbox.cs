using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Persistence;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Messaging;

/// <summary>
/// Remembers which event ids each handler of this app has handled successfully (key
/// <c>&lt;prefix&gt;:inbox:&lt;app id&gt;:&lt;handler&gt;:&lt;event id&gt;</c>, written after success, expiring after
/// <see cref="MessagingOptions.InboxRetention"/>). Redelivered events — a relay that republished after a crash, a
/// transport that redelivered after a lost ack — are acknowledged without calling the handler again.
/// </summary>
public sealed class Inbox(IConnectionMultiplexer redis, IOptions<MessagingOptions> options, IOptions<PersistenceOptions> persistence)
{
    public Task<bool> WasHandledAsync(string handler, string eventId) =>
        redis.GetDatabase().KeyExistsAsync(Key(handler, eventId));

    public Task MarkHandledAsync(string handler, string eventId) =>
        redis.GetDatabase().StringSetAsync(Key(handler, eventId), "1", options.Value.InboxRetention);

    internal string Key(string handler, string eventId)
    {
        var appId = options.Value.AppId;
        if (string.IsNullOrWhiteSpace(appId))
            throw new InvalidOperationException("Messaging:AppId must be set: the inbox is kept per app id");
        return $"{persistence.Value.KeyPrefix}:inbox:{appId}:{handler}:{eventId}";
    }
}
