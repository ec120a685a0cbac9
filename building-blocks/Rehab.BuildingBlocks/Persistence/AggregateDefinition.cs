using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.BuildingBlocks.Persistence;

/// <summary>A contract event (protobuf message) and the surrogate person it concerns.</summary>
public sealed record ContractEvent(IMessage Message, string? PersonId);

/// <summary>Maps a service's domain events to its contract events. The only place the two meet.</summary>
public interface IEventMapper<in TState>
{
    /// <returns>
    /// The contract event, or null for a domain event that stays inside the service (e.g. a projection of another context's
    /// events): its state change is stored, nothing is appended to the event log.
    /// </returns>
    ContractEvent? Map(IDomainEvent domainEvent, string aggregateId, TState stateAfter);
}

/// <summary>How one kind of aggregate is stored and which topic its events go to.</summary>
public sealed class AggregateDefinition<TState>
{
    /// <param name="context">Bounded context, the hash-tag segment of every key (e.g. "referral").</param>
    /// <param name="resource">Name used in error messages (e.g. "referral").</param>
    /// <param name="source">CloudEvent source: the publishing app id.</param>
    /// <param name="topic">The context's topic (see Rehab.Contracts.Topics).</param>
    public AggregateDefinition(string context, string resource, string source, string topic)
    {
        Context = context;
        Resource = resource;
        Source = source;
        Topic = topic;
    }

    public string Context { get; }
    public string Resource { get; }
    public string Source { get; }
    public string Topic { get; }

    public JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>How long a create's request id is remembered (AIP-155).</summary>
    public TimeSpan RequestIdRetention { get; init; } = TimeSpan.FromDays(30);
}
