namespace Rehab.ReferenceData.Domain;

/// <summary>
/// A Swedish organisationsnummer of a legal entity: ten digits, the third at least 2, the last a Luhn check digit.
/// A sole trader's number is the owner's personnummer (third digit 0 or 1) and is refused: reference data holds
/// no personal data.
/// </summary>
public static class OrganisationNumber
{
    /// <summary>Returns NNNNNN-NNNN, or null with the <paramref name="problem"/> described.</summary>
    public static string? Normalise(string? input, out string? problem)
    {
        var text = (input ?? "").Trim();
        var digits = text.Length == 11 && text[6] == '-' ? text.Remove(6, 1) : text;
        problem = text.Length == 0 ? "is required"
            : digits.Length != 10 || !digits.All(char.IsAsciiDigit) ? "must be 10 digits, NNNNNN-NNNN"
            : digits[2] < '2' ? "must be a legal entity's number (third digit 2 or more), not a personnummer"
            : !HasValidCheckDigit(digits) ? "has a wrong check digit"
            : null;
        return problem is null ? $"{digits[..6]}-{digits[6..]}" : null;
    }

    private static bool HasValidCheckDigit(string tenDigits) =>
        tenDigits.Select((c, i) => (c - '0') * (i % 2 == 0 ? 2 : 1)).Sum(d => d > 9 ? d - 9 : d) % 10 == 0;
}
