namespace Rehab.BuildingBlocks.Domain;

/// <summary>A fact a domain decision produced. Mapped to a contract event by the service layer.</summary>
public interface IDomainEvent
{
    /// <summary>When the fact took effect (DOMAIN D5); may lie before the recorded time.</summary>
    DateOnly EffectiveDate { get; }

    /// <summary>
    /// An id that stays the same however often the event is decided again (e.g. derived from a source system's record
    /// name and revision, so a resent record can never publish a second event). Null: the store mints a UUIDv7.
    /// </summary>
    string? EventId => null;
}

/// <summary>An aggregate whose state guards uniqueness keys (e.g. one open referral per sick case, D16).</summary>
public interface IHasUniqueKeys
{
    /// <summary>The keys this state holds now. The store claims new ones and releases dropped ones atomically.</summary>
    IReadOnlyCollection<string> UniqueKeys { get; }
}

/// <summary>The outcome of a decision: the new state and the events that explain it.</summary>
public sealed record Change<TState>(TState State, IReadOnlyList<IDomainEvent> Events)
{
    public static Change<TState> Of(TState state, params IDomainEvent[] events) => new(state, events);
}
