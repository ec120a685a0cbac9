using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using StackExchange.Redis;

namespace Rehab.Testing;

/// <summary>A tiny aggregate for testing the building blocks: a case with an owner that may be open once per owner.</summary>
public sealed record TestCase(string Owner, string Title, bool Closed, int Edits) : IHasUniqueKeys
{
    public IReadOnlyCollection<string> UniqueKeys => Closed ? [] : [$"open-case:{Owner}"];

    public static Change<TestCase> Open(string owner, string title, DateOnly date) =>
        Change<TestCase>.Of(new TestCase(owner, title, false, 0), new TestCaseEvent("opened", date));

    public Change<TestCase> Rename(string title, DateOnly date) =>
        Change<TestCase>.Of(this with { Title = title, Edits = Edits + 1 }, new TestCaseEvent("renamed:" + title, date));

    public Change<TestCase> Close(DateOnly date) =>
        Change<TestCase>.Of(this with { Closed = true }, new TestCaseEvent("closed", date));

    /// <summary>A rename whose event carries its own id (e.g. one derived from a source system's record).</summary>
    public Change<TestCase> RenameWithEventId(string title, DateOnly date, string eventId) =>
        Change<TestCase>.Of(this with { Title = title, Edits = Edits + 1 }, new IdentifiedTestCaseEvent("renamed:" + title, date, eventId));

    /// <summary>A change that stays inside the service: stored, never published.</summary>
    public Change<TestCase> Annotate(DateOnly date) =>
        Change<TestCase>.Of(this with { Edits = Edits + 1 }, new InternalTestCaseEvent(date));
}

public sealed record TestCaseEvent(string What, DateOnly EffectiveDate) : IDomainEvent;

public sealed record IdentifiedTestCaseEvent(string What, DateOnly EffectiveDate, string EventId) : IDomainEvent;

public sealed record InternalTestCaseEvent(DateOnly EffectiveDate) : IDomainEvent;

/// <summary>Maps test events to a well-known protobuf message, so they travel like real contract events.</summary>
public sealed class TestCaseMapper : IEventMapper<TestCase>
{
    public ContractEvent? Map(IDomainEvent domainEvent, string aggregateId, TestCase stateAfter) => domainEvent switch
    {
        TestCaseEvent e => new(new StringValue { Value = e.What }, "person-" + stateAfter.Owner),
        IdentifiedTestCaseEvent e => new(new StringValue { Value = e.What }, "person-" + stateAfter.Owner),
        _ => null,
    };
}

public static class TestRepositories
{
    public static AggregateRepository<TestCase> Create(
        string prefix, TimeProvider time, string topic = "test.cases.v1", IConnectionMultiplexer? redis = null) =>
        new(redis ?? Connections.Shared, Options.Create(new PersistenceOptions { KeyPrefix = prefix }),
            new AggregateDefinition<TestCase>("cases", "case", "test-app", topic), new TestCaseMapper(), time);
}

public static class Connections
{
    private static readonly Lazy<IConnectionMultiplexer> SharedConnection =
        new(() => ConnectionMultiplexer.Connect(RedisServer.Shared.Endpoint));

    /// <summary>One multiplexer for the test assembly, to the shared redis-server.</summary>
    public static IConnectionMultiplexer Shared => SharedConnection.Value;
}
