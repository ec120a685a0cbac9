using Rehab.Contracts;

namespace Rehab.BuildingBlocks.Messaging;

/// <summary>Configuration section "Messaging" (docs/architecture.md, "Messaging").</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";
    public const string RedisTransport = "redis";
    public const string DaprTransport = "dapr";

    /// <summary><c>redis</c> (sidecar-less, wire-compatible with Dapr's pubsub.redis) or <c>dapr</c>.</summary>
    public string Transport { get; set; } = RedisTransport;

    /// <summary>This service's app id: the consumer group on every subscribed topic, and the inbox owner.</summary>
    public string AppId { get; set; } = "";

    public string PubSubName { get; set; } = Topics.PubSubName;

    /// <summary>How long a delivered, unacknowledged message stays with its consumer before another one reclaims it.</summary>
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Deliveries of one message before it is moved to the dead-letter stream.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long the inbox remembers that an event id was handled.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Poll interval while there is work; doubled while idle, up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Entries read per stream per round.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Lanes of one read handled at once. A lane is a shard of the publishing context (the shard in the subject's aggregate id):
    /// one shard's messages are handled one after another in the order they were stored, different shards' concurrently (16 shards
    /// per context). A subject that is no aggregate id is its own lane. 1 = strictly one message at a time.
    /// </summary>
    public int HandlerConcurrency { get; set; } = 16;

    public RelayOptions Relay { get; set; } = new();

    internal bool UsesDapr => string.Equals(Transport, DaprTransport, StringComparison.OrdinalIgnoreCase);

    /// <summary>Where dropped and exhausted messages of <paramref name="topic"/> go (stream or Dapr topic).</summary>
    public static string DeadLetterTopic(string topic) => topic + ".deadletter";
}

public sealed class RelayOptions
{
    /// <summary>Run the outbox relay as a background service (tests drive <see cref="OutboxRelay.RelayOnceAsync"/> instead).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A replica relays a shard only while it holds the shard's lease; a dead replica's lease expires after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Read-but-unacknowledged log entries idle this long belonged to a relay that died; they are reclaimed and published again.</summary>
    public TimeSpan ReclaimAfter { get; set; } = TimeSpan.FromSeconds(15);
}
