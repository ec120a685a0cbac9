using Xunit;

namespace Rehab.Gateway.Tests;

/// <summary>
/// Two routing test backends (standing in for person-registry and referral) behind the real gateway.
/// Small limits (64 KiB) so oversized requests stay cheap.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public const string PersonService = "rehab.person.v1.PersonRegistryService";
    public const string ReferralService = "rehab.referral.v1.ReferralService";
    public const int Limit = 64 * 1024;

    public RoutingTestBackend Person { get; private set; } = null!;

    public RoutingTestBackend Referral { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Person = await RoutingTestBackend.StartAsync("person-registry", PersonService);
        Referral = await RoutingTestBackend.StartAsync("referral", ReferralService);
        Gateway = GatewayHost.Start(
            new Dictionary<string, (string, string)>
            {
                ["person-registry"] = (Person.GrpcAddress, Person.HttpAddress),
                ["referral"] = (Referral.GrpcAddress, Referral.HttpAddress),
            },
            new Dictionary<string, string?>
            {
                ["Gateway:MaxRequestBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Gateway:MaxGrpcMessageBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Person.DisposeAsync();
        await Referral.DisposeAsync();
    }
}
