using Rehab.BuildingBlocks.Domain;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Domain;

[Trait("Tier", "Fast")]
public sealed class IdentityNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    [InlineData("19121212-1212", "191212121212", IdentityNumberKind.Personnummer, "1912-12-12")]
    [InlineData("191212121212", "191212121212", IdentityNumberKind.Personnummer, "1912-12-12")]
    [InlineData("121212+1212", "191212121212", IdentityNumberKind.Personnummer, "1912-12-12")]
    [InlineData("811218-9876", "198112189876", IdentityNumberKind.Personnummer, "1981-12-18")]
    [InlineData("8112189876", "198112189876", IdentityNumberKind.Personnummer, "1981-12-18")]
    [InlineData("200001010008", "200001010008", IdentityNumberKind.Personnummer, "2000-01-01")]
    [InlineData("700161-2386", "197001612386", IdentityNumberKind.Samordningsnummer, "1970-01-01")]
    [InlineData("19840229-1234", "198402291234", IdentityNumberKind.Personnummer, "1984-02-29")]
    public void Valid_numbers_are_normalised_to_twelve_digits(string input, string value, IdentityNumberKind kind, string birth)
    {
        var number = IdentityNumber.Parse(input, Today);
        Assert.Equal(value, number.Value);
        Assert.Equal(kind, number.Kind);
        Assert.Equal(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), number.BirthDate);
    }

    [Theory]
    [InlineData("19121212-1212", Gender.Man)]
    [InlineData("811218-9876", Gender.Man)]
    [InlineData("200001010008", Gender.Woman)]
    [InlineData("700161-2386", Gender.Woman)]
    public void The_second_to_last_digit_is_the_legal_gender_odd_for_men_even_for_women(string input, Gender gender) =>
        Assert.Equal(gender, IdentityNumber.Parse(input, Today).LegalGender);

    [Theory]
    [InlineData("19121212-1213", "check digit")]
    [InlineData("19850229-1233", "real date")]
    [InlineData("19701301-0000", "real date")]
    [InlineData("19700192-0000", "real date")]
    [InlineData("20991231-0001", "future")]
    [InlineData("1212121", "10 or 12 digits")]
    [InlineData("19121212-121X", "10 or 12 digits")]
    [InlineData("191212121212+", "10 or 12 digits")]
    [InlineData("", "required")]
    [InlineData("  ", "required")]
    public void Invalid_numbers_name_the_rule(string input, string expected)
    {
        var error = Assert.Throws<ValidationFailedException>(() => IdentityNumber.Parse(input, Today, "identity_number"));
        var violation = Assert.Single(error.Violations);
        Assert.Equal("identity_number", violation.Field);
        Assert.Contains(expected, violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_form_never_shows_the_number()
    {
        var number = IdentityNumber.Parse("19121212-1212", Today);
        Assert.DoesNotContain("1212", number.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("1212", $"{number}", StringComparison.Ordinal);
    }

    [Fact]
    public void Stockholm_civil_date_follows_the_local_midnight_not_utc()
    {
        var justAfterMidnightInStockholm = new DateTimeOffset(2026, 6, 30, 22, 30, 0, TimeSpan.Zero); // 00:30 CEST
        Assert.Equal(new DateOnly(2026, 7, 1), CivilTime.DateOf(justAfterMidnightInStockholm));
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.FromHours(1)), CivilTime.StartOfDay(new DateOnly(2026, 1, 15)));
    }
}
