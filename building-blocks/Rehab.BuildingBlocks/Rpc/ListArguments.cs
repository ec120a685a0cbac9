using Rehab.BuildingBlocks.Domain;

namespace Rehab.BuildingBlocks.Rpc;

/// <summary>The arguments every List RPC shares (AIP-158 paging, an inclusive date range), validated once.</summary>
public static class ListArguments
{
    public static void ValidatePageSize(int pageSize) =>
        new Violations().Require(pageSize >= 0, "page_size", "must not be negative").ThrowIfAny();

    public static (DateOnly? From, DateOnly? To) Validate(int pageSize, Google.Type.Date? fromDate, Google.Type.Date? toDate)
    {
        var violations = new Violations().Require(pageSize >= 0, "page_size", "must not be negative");
        var from = fromDate.ToOptionalDateOnly("from_date");
        var to = toDate.ToOptionalDateOnly("to_date");
        violations.Require(from is null || to is null || from <= to, "to_date", "must not be before from_date").ThrowIfAny();
        return (from, to);
    }

    /// <summary>An optional text argument: empty or blank means "not given".</summary>
    public static string? OrNull(this string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
