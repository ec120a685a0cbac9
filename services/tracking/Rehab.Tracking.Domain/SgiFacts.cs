using Rehab.BuildingBlocks.Domain;

namespace Rehab.Tracking.Domain;

public enum DecisionKind
{
    Unspecified = 0,
    Grant = 1,
    Refusal = 2,
    Cessation = 3,
}

/// <summary>
/// A revision of a bitemporal fact from the facts feed (DOMAIN D9, §9.6). <see cref="FactKey"/> names the fact across its
/// corrections ("source_system/record_id"); of several revisions the one with the latest <see cref="RecordedAt"/> counts,
/// whatever order they arrived in.
/// </summary>
public interface ISgiFact
{
    string FactKey { get; }
    DateTimeOffset RecordedAt { get; }
}

/// <summary>A benefit decision (the facts feed's BenefitDecisionRecorded), reduced to what SGI protection needs.</summary>
public sealed record BenefitDecisionFact(
    string FactKey, DateTimeOffset RecordedAt, DecisionKind Kind, BenefitType BenefitType, DateOnly DecisionDate, DateOnly? LastBenefitDay,
    bool SgiRestsOnEmployment, string FkOfficeId = "") : ISgiFact
{
    /// <summary>A refusal or cessation of sickness benefit fixing the last day with benefit starts an SGI clock (D10).</summary>
    public bool StartsClock =>
        Kind is DecisionKind.Refusal or DecisionKind.Cessation
        && BenefitType is BenefitType.SicknessBenefit or BenefitType.SicknessBenefitSpecialCases
        && LastBenefitDay is not null;
}

/// <summary>A spell of registration at AF as a job seeker (the facts feed's AfRegistrationSpellRecorded).</summary>
public sealed record RegistrationSpellFact(
    string FactKey, DateTimeOffset RecordedAt, DateOnly RegistrationDate, DateOnly? DeregistrationDate, string AfOfficeId) : ISgiFact;

internal static class FactRevisions
{
    /// <summary>Adds a revision: the latest recorded per fact key is kept (ties: the larger content, so any order agrees).</summary>
    public static IReadOnlyList<T> With<T>(IReadOnlyList<T> facts, T revision) where T : ISgiFact
    {
        var current = facts.FirstOrDefault(f => f.FactKey == revision.FactKey);
        if (current is not null && !Wins(revision, current)) return facts;
        return ValueList.From(facts.Where(f => f.FactKey != revision.FactKey).Append(revision).OrderBy(f => f.FactKey, StringComparer.Ordinal));
    }

    private static bool Wins<T>(T candidate, T current) where T : ISgiFact =>
        candidate.RecordedAt > current.RecordedAt
        || (candidate.RecordedAt == current.RecordedAt && string.CompareOrdinal(candidate.ToString(), current.ToString()) > 0);
}
