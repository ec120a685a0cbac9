using System.Text.RegularExpressions;

namespace Rehab.BuildingBlocks.Security;

/// <summary>Spots something shaped like a personnummer or samordningsnummer where none may appear.</summary>
internal static partial class IdentityNumberPattern
{
    /// <summary>The whole text is 10 or 12 digits with an optional '-' or '+' before the last four.</summary>
    [GeneratedRegex(@"^\d{6}(\d{2})?[-+]?\d{4}$")]
    public static partial Regex Whole();

    /// <summary>Such a number anywhere in free text.</summary>
    [GeneratedRegex(@"(?<!\d)\d{6}(\d{2})?[-+]?\d{4}(?!\d)")]
    public static partial Regex InText();
}
