
namespace Rehab.BuildingBlocks.Domain;

public static class ValidationExtensions
{
    /// <summary>A proto enum field: neither the UNSPECIFIED zero value nor a value this version does not know.</summary>
    public static Violations RequireChoice<TEnum>(this Violations violations, TEnum value, string field)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value)) return violations.Add(field, $"has an unknown value {value}");
        return violations.Require(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0,
            field, "is required (not unspecified)");
    }

    /// <summary>A proto enum field that may be UNSPECIFIED but must be a known value.</summary>
    public static Violations RequireKnown<TEnum>(this Violations violations, TEnum value, string field)
        where TEnum : struct, Enum =>
        violations.Require(Enum.IsDefined(value), field, $"has an unknown value {value}");
}
