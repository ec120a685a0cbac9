using System.Text.RegularExpressions;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.ReferenceData.Domain;

/// <summary>The field rules shared by every reference record.</summary>
public static partial class Rules
{
    public const int MaxIdLength = 63;
    public const int MaxNameLength = 200;

    /// <summary>Lower-kebab-case: lowercase ASCII letters and digits in groups joined by single hyphens.</summary>
    public static bool IsId(string? value) => value is { Length: > 0 and <= MaxIdLength } && KebabCase().IsMatch(value);

    public static Violations RequireId(this Violations violations, string? value, string field) =>
        string.IsNullOrEmpty(value)
            ? violations.Add(field, "is required")
            : violations.Require(IsId(value), field,
                $"must be lower-kebab-case (a-z, 0-9, single hyphens between), at most {MaxIdLength} characters");

    public static Violations RequireName(this Violations violations, string? value, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? violations.Add(field, "is required")
            : violations.Require(value.Length <= MaxNameLength && value == value.Trim(), field,
                $"must be at most {MaxNameLength} characters without leading or trailing spaces");

    /// <summary>An id that must name an existing record of <paramref name="kind"/>.</summary>
    public static Violations RequireReference(this Violations violations, string? value, bool exists, string field, string kind)
    {
        if (!IsId(value)) return violations.RequireId(value, field);
        return violations.Require(exists, field, $"names no existing {kind} '{value}'");
    }

    public static Violations RequireAgency(this Violations violations, Agency agency, string field) =>
        violations.Require(agency is Agency.Fk or Agency.Af, field, "must be FK or AF");

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KebabCase();
}
