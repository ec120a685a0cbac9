using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.TransitionMeetings.Domain;

/// <summary>One revision of an agency fact (D9): named by (source system, record id), the revision by its recorded time.</summary>
public interface IFactRevision
{
    string SourceSystem { get; }
    string RecordId { get; }
    DateTimeOffset RecordedAt { get; }
}

/// <summary>FK's chain day for a sick case, as observed on a date.</summary>
public sealed record SickCaseFact(
    string SourceSystem, string RecordId, DateTimeOffset RecordedAt, string SickCaseId, int RehabChainDay, DateOnly? ChainDayDate)
    : IFactRevision
{
    [JsonIgnore]
    public ChainDayObservation? Observation =>
        RehabChainDay > 0 && ChainDayDate is { } date ? new ChainDayObservation(SickCaseId, RehabChainDay, date) : null;
}

public sealed record DecisionFact(
    string SourceSystem, string RecordId, DateTimeOffset RecordedAt, DecisionKind Kind, DateOnly DecisionDate, BenefitType BenefitType,
    bool FirstApplication, int RehabChainDay, DateOnly? LastBenefitDay, EmploymentStatus EmploymentStatus, string SickCaseId)
    : IFactRevision
{
    [JsonIgnore]
    public bool IsRefusal => Kind == DecisionKind.Refusal;

    public Refusal ToRefusal() => new(SourceSystem, RecordId, DecisionDate, BenefitType, FirstApplication, RehabChainDay, LastBenefitDay, EmploymentStatus);
}

public sealed record RegistrationFact(
    string SourceSystem, string RecordId, DateTimeOffset RecordedAt, DateOnly RegistrationDate, DateOnly? DeregistrationDate, string AfOfficeId)
    : IFactRevision;

/// <summary>
/// The per-person projection of the facts feed that the meetings need: chain-day observations, benefit decisions (refusals) and
/// AF registration spells. Bitemporal and order-independent: per fact only the revision with the latest recorded time counts,
/// whatever order revisions arrive in; a revision already held changes nothing (content-based idempotence beside the inbox).
/// </summary>
public sealed record PersonFacts : IHasUniqueKeys
{
    public string PersonId { get; init; } = "";
    public IReadOnlyList<SickCaseFact> SickCases { get; init => field = ValueList.From(value); } = ValueList<SickCaseFact>.Empty;
    public IReadOnlyList<DecisionFact> Decisions { get; init => field = ValueList.From(value); } = ValueList<DecisionFact>.Empty;
    public IReadOnlyList<RegistrationFact> Registrations { get; init => field = ValueList.From(value); } = ValueList<RegistrationFact>.Empty;

    [JsonIgnore]
    public IReadOnlyCollection<string> UniqueKeys => [Key(PersonId)];

    public static string Key(string personId) => $"facts:{personId}";

    public static PersonFacts Empty(string personId) => new() { PersonId = personId };

    /// <summary>Takes a revision into the projection; no events when it is older than, or the same as, the one that counts.</summary>
    public Change<PersonFacts> Observe(IFactRevision fact, DateOnly effectiveDate)
    {
        var current = fact switch
        {
            SickCaseFact => (IFactRevision?)SickCases.FirstOrDefault(f => SameFact(f, fact)),
            DecisionFact => Decisions.FirstOrDefault(f => SameFact(f, fact)),
            RegistrationFact => Registrations.FirstOrDefault(f => SameFact(f, fact)),
            _ => throw new ArgumentException($"unknown fact {fact.GetType().Name}", nameof(fact)),
        };
        if (current is not null && current.RecordedAt >= fact.RecordedAt) return new Change<PersonFacts>(this, []);
        var observed = new FactObserved(effectiveDate, fact);
        return new Change<PersonFacts>(Apply(observed), [observed]);
    }

    public PersonFacts Apply(IDomainEvent domainEvent) => domainEvent switch
    {
        FactObserved { Fact: SickCaseFact f } => this with { SickCases = Replace(SickCases, f) },
        FactObserved { Fact: DecisionFact f } => this with { Decisions = Replace(Decisions, f) },
        FactObserved { Fact: RegistrationFact f } => this with { Registrations = Replace(Registrations, f) },
        _ => throw new ArgumentException($"{domainEvent.GetType().Name} is not a person-facts event", nameof(domainEvent)),
    };

    /// <summary>The latest chain-day observation (by observed date) of <paramref name="sickCaseId"/>, or null.</summary>
    public ChainDayObservation? LatestChainDay(string sickCaseId) =>
        SickCases.Where(f => f.SickCaseId == sickCaseId).Select(f => f.Observation).OfType<ChainDayObservation>()
            .OrderByDescending(o => o.ChainDayDate).ThenByDescending(o => o.RehabChainDay).FirstOrDefault();

    /// <summary>A refusal of a first application for <paramref name="benefit"/> (of the sick case, when both name one): D12.</summary>
    public DecisionFact? FirstApplicationRefusal(BenefitType benefit, string? sickCaseId) =>
        Decisions.Where(d => d.IsRefusal && d.FirstApplication && d.BenefitType == benefit
                && (string.IsNullOrEmpty(sickCaseId) || string.IsNullOrEmpty(d.SickCaseId) || d.SickCaseId == sickCaseId))
            .OrderBy(d => d.DecisionDate).FirstOrDefault();

    public DecisionFact? Decision(string sourceSystem, string recordId) =>
        Decisions.FirstOrDefault(d => d.SourceSystem == sourceSystem && d.RecordId == recordId);

    /// <summary>The first refusal of <paramref name="benefit"/> decided on or after <paramref name="from"/>.</summary>
    public DecisionFact? FirstRefusalFrom(BenefitType benefit, DateOnly from) =>
        Decisions.Where(d => d.IsRefusal && d.BenefitType == benefit && d.DecisionDate >= from)
            .OrderBy(d => d.DecisionDate).ThenBy(d => d.RecordId, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The first AF registration on or after <paramref name="from"/>.</summary>
    public RegistrationFact? FirstRegistrationFrom(DateOnly from) =>
        Registrations.Where(r => r.RegistrationDate >= from)
            .OrderBy(r => r.RegistrationDate).ThenBy(r => r.RecordId, StringComparer.Ordinal).FirstOrDefault();

    private static bool SameFact(IFactRevision a, IFactRevision b) => a.SourceSystem == b.SourceSystem && a.RecordId == b.RecordId;

    private static IReadOnlyList<T> Replace<T>(IReadOnlyList<T> facts, T fact) where T : IFactRevision =>
        [.. facts.Where(f => !SameFact(f, fact)), fact];
}

/// <summary>A fact revision was taken into the projection.</summary>
public sealed record FactObserved(DateOnly EffectiveDate, IFactRevision Fact) : IDomainEvent;
