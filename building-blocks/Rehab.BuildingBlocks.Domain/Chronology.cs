using System.Globalization;

namespace Rehab.BuildingBlocks.Domain;

/// <summary>
/// DOMAIN §9.1 and D5: effective dates, not the order of calls, must follow the process,
/// and no fact is recorded before it happened. Field names are the contract's snake_case names.
/// </summary>
public static class Chronology
{
    public const string Rule = "chronology";

    public static void NotInFuture(DateOnly date, DateOnly today)
    {
        if (date > today)
            throw new WrongStateException(Rule,
                $"effective_date {Format(date)} is after today ({Format(today)}): a fact cannot be recorded before it happens");
    }

    public static void NotBefore(DateOnly date, string field, DateOnly? earlier, string earlierField)
    {
        if (Broken(date, field, earlier, earlierField) is { } broken) throw new WrongStateException(Rule, broken);
    }

    public static string Format(DateOnly date) => date.ToString("O", CultureInfo.InvariantCulture);

    internal static string? Broken(DateOnly date, string field, DateOnly? earlier, string earlierField) =>
        earlier is { } milestone && date < milestone ? $"{field} {Format(date)} is before {earlierField} {Format(milestone)}" : null;
}

/// <summary>
/// An accepted exception to the §9.1 order ("exceptions need an audited override reason"): the officer's reason and the
/// rules it set aside. Carried by the event that recorded the fact; <see cref="IOverridesChronology"/> makes it audited.
/// </summary>
public sealed record ChronologyOverride(string Reason, IReadOnlyList<string> Violations)
{
    public IReadOnlyList<string> Violations { get; init => field = ValueList.From(value); } = ValueList.From(Violations);
}

/// <summary>A domain event that may record a fact against the §9.1 order; the audit trail records each override it carries.</summary>
public interface IOverridesChronology : IDomainEvent
{
    ChronologyOverride? ChronologyOverride { get; }
}

/// <summary>
/// The §9.1 order checks of one command. Without an override reason the first broken rule is rejected
/// (FAILED_PRECONDITION "chronology"); with one, every broken rule is collected into <see cref="Override"/> and the
/// command goes on, to record the override on its event. A reason sent when nothing is broken is not recorded.
/// </summary>
public sealed class ChronologyChecks
{
    public const int MaxReasonLength = 500;

    private readonly string? _reason;
    private readonly List<string> _broken = [];

    private ChronologyChecks(string? reason) => _reason = reason;

    /// <summary>Validates the reason (field <paramref name="field"/>) into <paramref name="violations"/>.</summary>
    public static ChronologyChecks For(string? overrideReason, Violations violations, string field = "chronology_override_reason")
    {
        var reason = string.IsNullOrWhiteSpace(overrideReason) ? null : overrideReason.Trim();
        violations.Require(reason is null || reason.Length <= MaxReasonLength, field, $"must be at most {MaxReasonLength} characters");
        return new ChronologyChecks(reason);
    }

    public ChronologyChecks NotBefore(DateOnly date, string field, DateOnly? earlier, string earlierField)
    {
        if (Chronology.Broken(date, field, earlier, earlierField) is not { } broken) return this;
        if (_reason is null)
            throw new WrongStateException(Chronology.Rule,
                broken + " (an exception needs chronology_override_reason, DOMAIN §9.1)");
        if (!_broken.Contains(broken)) _broken.Add(broken);
        return this;
    }

    /// <summary>The override to record on the command's event; null when no rule was set aside.</summary>
    public ChronologyOverride? Override => _broken.Count == 0 ? null : new ChronologyOverride(_reason!, _broken.ToArray());
}
