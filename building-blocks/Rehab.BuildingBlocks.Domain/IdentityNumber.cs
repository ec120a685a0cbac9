using System.Globalization;

namespace Rehab.BuildingBlocks.Domain;

/// <summary>Mirrors rehab.person.v1.IdentityNumberKind (mapped by cast). A parsed number is never Unspecified.</summary>
public enum IdentityNumberKind
{
    Unspecified = 0,
    Personnummer = 1,
    Samordningsnummer = 2,
}

/// <summary>
/// A validated Swedish personnummer or samordningsnummer (DOMAIN D1), normalised to 12 digits.
/// Personal data: <see cref="ToString"/> masks it, so an accidental log line leaks nothing.
/// </summary>
public sealed class IdentityNumber : IEquatable<IdentityNumber>
{
    private IdentityNumber(string twelveDigits, IdentityNumberKind kind, DateOnly birthDate)
    {
        Value = twelveDigits;
        Kind = kind;
        BirthDate = birthDate;
    }

    /// <summary>YYYYMMDDNNNC.</summary>
    public string Value { get; }

    public IdentityNumberKind Kind { get; }

    public DateOnly BirthDate { get; }

    /// <summary>The legal gender the number carries: its second-to-last digit is odd for a man, even for a woman (also in a samordningsnummer).</summary>
    public Gender LegalGender => (Value[10] - '0') % 2 == 1 ? Gender.Man : Gender.Woman;

    /// <summary>
    /// Parses 12 digits (YYYYMMDDNNNC, optional '-' before the last four) or 10 digits
    /// (YYMMDD-NNNC; '+' marks a person aged 100 or more, which fixes the century against <paramref name="today"/>).
    /// </summary>
    public static IdentityNumber Parse(string? input, DateOnly today, string field = "identity_number")
    {
        if (TryParse(input, today, out var result, out var error)) return result!;
        throw new ValidationFailedException(field, error!);
    }

    public static bool TryParse(string? input, DateOnly today, out IdentityNumber? result, out string? error)
    {
        result = null;
        error = null;
        var text = (input ?? "").Trim();
        if (text.Length == 0)
        {
            error = "is required";
            return false;
        }

        char separator = '\0';
        var digits = text;
        if (text.Length is 11 or 13 && text[^5] is '-' or '+')
        {
            separator = text[^5];
            digits = text.Remove(text.Length - 5, 1);
        }

        if (!digits.All(char.IsAsciiDigit) || digits.Length is not (10 or 12))
        {
            error = "must be 10 or 12 digits (YYMMDD-NNNC or YYYYMMDDNNNC)";
            return false;
        }

        int year;
        if (digits.Length == 12)
        {
            if (separator == '+')
            {
                error = "the '+' separator only goes with the 10-digit form";
                return false;
            }

            year = int.Parse(digits[..4], CultureInfo.InvariantCulture);
        }
        else
        {
            var yy = int.Parse(digits[..2], CultureInfo.InvariantCulture);
            year = today.Year - (today.Year - yy) % 100;
            if (year > today.Year) year -= 100;
            if (separator == '+') year -= 100;
            digits = year.ToString("D4", CultureInfo.InvariantCulture)[..2] + digits;
        }

        var month = int.Parse(digits.AsSpan(4, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(digits.AsSpan(6, 2), CultureInfo.InvariantCulture);
        var kind = IdentityNumberKind.Personnummer;
        if (day > 60)
        {
            kind = IdentityNumberKind.Samordningsnummer;
            day -= 60;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month))
        {
            error = "does not contain a real date of birth";
            return false;
        }

        var birth = new DateOnly(year, month, day);
        if (birth > today)
        {
            error = "has a date of birth in the future";
            return false;
        }

        if (!LuhnValid(digits.AsSpan(2)))
        {
            error = "has a wrong check digit";
            return false;
        }

        result = new IdentityNumber(digits, kind, birth);
        return true;
    }

    private static bool LuhnValid(ReadOnlySpan<char> tenDigits)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var d = tenDigits[i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    public bool Equals(IdentityNumber? other) => other is not null && other.Value == Value;

    public override bool Equals(object? obj) => Equals(obj as IdentityNumber);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => "************";
}
