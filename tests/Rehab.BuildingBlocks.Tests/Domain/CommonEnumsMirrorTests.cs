using Rehab.BuildingBlocks.Domain;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Domain;

/// <summary>
/// The shared domain enums are mapped to and from the contracts by a cast, so each must have exactly the contract enum's
/// values: the same numbers with the same names.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class CommonEnumsMirrorTests
{
    public static TheoryData<Type, Type> Mirrors() => new()
    {
        { typeof(BenefitType), typeof(Contracts.Common.V1.BenefitType) },
        { typeof(Gender), typeof(Contracts.Common.V1.Gender) },
        { typeof(Channel), typeof(Contracts.Common.V1.Channel) },
        { typeof(InterventionType), typeof(Contracts.Common.V1.InterventionType) },
        { typeof(EmploymentStatus), typeof(Contracts.Facts.V1.EmploymentStatus) },
        { typeof(RegistrationStatus), typeof(Contracts.Facts.V1.RegistrationStatus) },
        { typeof(DeregistrationReason), typeof(Contracts.Facts.V1.DeregistrationReason) },
        { typeof(OccupationAfterClosure), typeof(Contracts.Interventions.V1.OccupationAfterClosure) },
        { typeof(IdentityNumberKind), typeof(Contracts.Person.V1.IdentityNumberKind) },
    };

    [Theory]
    [MemberData(nameof(Mirrors))]
    public void Every_value_has_the_contract_value_of_the_same_number_and_name(Type domain, Type contract)
    {
        var expected = Enum.GetValues(contract).Cast<object>().ToDictionary(v => (int)v, v => v.ToString()!);
        var actual = Enum.GetValues(domain).Cast<object>().ToDictionary(v => (int)v, v => v.ToString()!);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_shared_enum_is_checked_here()
    {
        var shared = typeof(BenefitType).Assembly.GetTypes()
            .Where(t => t.IsEnum && t.IsPublic && t.Namespace == typeof(BenefitType).Namespace).Select(t => t.Name).Order();
        Assert.Equal(shared, Mirrors().Select(row => ((Type)row[0]).Name).Order());
    }
}
