using Xunit;

namespace Rehab.Tracking.Tests.Domain;

/// <summary>The domain enums mirror the proto enums value for value (the service maps them by cast).</summary>
[Trait("Tier", "Fast")]
public sealed class ContractMirrorTests
{
    public static TheoryData<Type, Type> Mirrors() => new()
    {
        { typeof(Rehab.Metrics.Milestone), typeof(Contracts.Tracking.V1.Milestone) },
        { typeof(Rehab.Metrics.BenefitBucket), typeof(Contracts.Tracking.V1.BenefitBucket) },
        { typeof(Rehab.Tracking.Domain.SgiStatus), typeof(Contracts.Tracking.V1.SgiStatus) },
        { typeof(Rehab.Tracking.Domain.SgiFactKind), typeof(Contracts.Tracking.V1.SgiFactKind) },
        { typeof(Rehab.Tracking.Domain.DecisionKind), typeof(Contracts.Facts.V1.DecisionKind) },
    };

    [Theory]
    [MemberData(nameof(Mirrors))]
    public void Every_domain_value_has_the_contract_value_of_the_same_number_and_meaning(Type domain, Type contract)
    {
        static string Plain(string name) => name is "All" ? "Unspecified" : name;
        var expected = Enum.GetValues(contract).Cast<object>().ToDictionary(v => (int)v, v => v.ToString()!);
        var actual = Enum.GetValues(domain).Cast<object>().ToDictionary(v => (int)v, v => Plain(v.ToString()!));
        Assert.Equal(expected, actual);
    }
}
