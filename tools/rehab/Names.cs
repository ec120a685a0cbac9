using System.Globalization;
using System.Text;

namespace Rehab.Cli;

/// <summary>Enum values on the command line and in tables: kebab-case of the contract's names (<c>need-identified</c>).</summary>
internal static class Names
{
    public static string Kebab<TEnum>(TEnum value) where TEnum : struct, Enum => Kebab(value.ToString());

    public static string Kebab(string pascal)
    {
        var text = new StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append('-');
            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    public static IEnumerable<string> Values<TEnum>() where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Where(v => !IsUnspecified(v)).Select(Kebab);

    /// <summary>The contracts' zero values (<c>*_UNSPECIFIED</c>) are not a choice on the command line.</summary>
    private static bool IsUnspecified<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString() == "Unspecified";

    public static TEnum Parse<TEnum>(string text, string option) where TEnum : struct, Enum
    {
        var pascal = string.Concat(text.Split('-', '_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..].ToLowerInvariant()));
        if (Enum.TryParse<TEnum>(pascal, ignoreCase: true, out var value) && !IsUnspecified(value) && Enum.IsDefined(value))
            return value;
        throw new UsageException($"--{option}: '{text}' is not one of {string.Join(", ", Values<TEnum>())}");
    }

    public static string Date(Google.Type.Date? date) =>
        date is null || date.Year == 0 ? "" : $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2}";

    public static string Instant(Google.Protobuf.WellKnownTypes.Timestamp? t) =>
        t is null ? "" : t.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
