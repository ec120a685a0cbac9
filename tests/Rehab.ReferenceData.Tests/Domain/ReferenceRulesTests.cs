using Rehab.BuildingBlocks.Domain;
using Rehab.ReferenceData.Domain;
using Xunit;

namespace Rehab.ReferenceData.Tests.Domain;

/// <summary>What the admin API refuses, named by the request field, every violation at once.</summary>
[Trait("Tier", "Fast")]
public sealed class ReferenceRulesTests
{
    private static readonly Office FkOffice = new("fk-office-1", Agency.Fk, "FK testkontor", "stockholm", Active: true);
    private static readonly Office AfOffice = new("af-office-1", Agency.Af, "AF testkontor", "stockholm", Active: true);

    private static Dictionary<string, FieldViolation> Violations(Action check) =>
        Assert.Throws<ValidationFailedException>(check).Violations.ToDictionary(v => v.Field);

    [Theory]
    [InlineData("fk-stockholm-city")]
    [InlineData("af-office-1")]
    [InlineData("stockholm")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    public void Lower_kebab_case_ids_are_accepted(string id) => Assert.True(Rules.IsId(id));

    [Theory]
    [InlineData("FK-Stockholm")]
    [InlineData("fk_stockholm")]
    [InlineData("fk--stockholm")]
    [InlineData("-fk")]
    [InlineData("fk-")]
    [InlineData("fk stockholm")]
    [InlineData("fk-malmö")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Other_ids_are_refused_on_the_id_field(string id)
    {
        var violations = Violations(() => (FkOffice with { OfficeId = id }).Checked(regionExists: true));

        Assert.Contains("lower-kebab-case", violations["office.office_id"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_office_names_every_missing_field()
    {
        var violations = Violations(() => new Office("", Agency.Unspecified, " ", "", false).Checked(regionExists: false));

        Assert.Equal(["office.agency", "office.name", "office.office_id", "office.region_id"], violations.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_office_must_lie_in_an_existing_region()
    {
        var violations = Violations(() => FkOffice.Checked(regionExists: false));

        Assert.Equal("names no existing region 'stockholm'", Assert.Single(violations).Value.Description);
    }

    [Fact]
    public void An_assignment_names_existing_active_offices_of_the_officers_agency()
    {
        var closed = FkOffice with { OfficeId = "fk-closed", Active = false };
        var known = new[] { FkOffice, AfOffice, closed }.ToDictionary(o => o.OfficeId);
        var assignment = new OfficerAssignment("fk-officer-1", Agency.Fk, ["fk-office-1", "af-office-1", "fk-closed", "fk-nowhere"]);

        var violations = Violations(() => assignment.Checked(known));

        Assert.Equal(["officer_assignment.office_ids[1]", "officer_assignment.office_ids[2]", "officer_assignment.office_ids[3]"],
            violations.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("belongs to Af", violations["officer_assignment.office_ids[1]"].Description, StringComparison.Ordinal);
        Assert.Contains("inactive", violations["officer_assignment.office_ids[2]"].Description, StringComparison.Ordinal);
        Assert.Contains("no existing office", violations["officer_assignment.office_ids[3]"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void An_assignment_names_at_least_one_office_and_none_twice()
    {
        var known = new Dictionary<string, Office> { [FkOffice.OfficeId] = FkOffice };

        Assert.Contains("at least one", Violations(() => new OfficerAssignment("fk-officer-1", Agency.Fk, []).Checked(known))
            ["officer_assignment.office_ids"].Description, StringComparison.Ordinal);
        Assert.Contains("twice", Violations(() => new OfficerAssignment("fk-officer-1", Agency.Fk, ["fk-office-1", "fk-office-1"]).Checked(known))
            ["officer_assignment.office_ids"].Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5567123459", "556712-3459")]
    [InlineData("556712-3459", "556712-3459")]
    [InlineData(" 559104-3210 ", "559104-3210")]
    public void A_provider_keeps_its_organisation_number_in_normal_form(string input, string stored)
    {
        var provider = new Provider("stegvis-arbetsliv", "Stegvis Arbetsliv AB", input, ["steg-till-arbete"], Active: true);

        Assert.Equal(stored, provider.Checked().OrganisationNumber);
    }

    [Theory]
    [InlineData("556712-3458", "wrong check digit")]
    [InlineData("556712345", "10 digits")]
    [InlineData("", "is required")]
    [InlineData("801231-2396", "legal entity")] // shaped like a personnummer: a sole trader's number is personal data
    public void A_wrong_organisation_number_is_refused(string input, string reason)
    {
        var provider = new Provider("stegvis-arbetsliv", "Stegvis Arbetsliv AB", input, ["steg-till-arbete"], Active: true);

        Assert.Contains(reason, Violations(() => provider.Checked())["provider.organisation_number"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_names_its_services_by_id()
    {
        var provider = new Provider("stegvis-arbetsliv", "Stegvis Arbetsliv AB", "556712-3459", ["steg-till-arbete", "Rusta och matcha"], true);

        Assert.Equal(["provider.services[1]"], Violations(() => provider.Checked()).Keys);
    }

    [Fact]
    public void A_samordningsforbund_has_member_municipalities_and_an_existing_region()
    {
        var forbund = new Samordningsforbund("samordningsforbundet-goteborg", "Samordningsförbundet Göteborg", "vastra-gotaland", []);

        var violations = Violations(() => forbund.Checked(regionExists: false));

        Assert.Equal(["samordningsforbund.municipalities", "samordningsforbund.region_id"], violations.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_record_claims_its_natural_id_as_its_uniqueness_key()
    {
        Assert.Equal(["office:fk-office-1"], ((IHasUniqueKeys)FkOffice).UniqueKeys);
        Assert.Equal(["officer-assignment:fk-officer-1"],
            ((IHasUniqueKeys)new OfficerAssignment("fk-officer-1", Agency.Fk, ["fk-office-1"])).UniqueKeys);
    }
}
