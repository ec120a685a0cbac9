using System.Net.Http.Headers;
using System.Text.Json;
using Rehab.Contracts.ReferenceData.V1;
using Rehab.Testing;
using Xunit;

using Rehab.Testing.Platform;

namespace Rehab.Referral.Tests.EndToEnd;

/// <summary>The seeded reference data as the other services and JSON clients reach it: through the gateway.</summary>
[Trait("Tier", "Redis")]
public sealed class ReferenceDataThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private PlatformHost Platform => fixture.Platform;

    [Fact]
    public async Task The_test_officers_serve_the_offices_their_tokens_name()
    {
        foreach (var officer in new[] { DevTokens.FkOfficer(), DevTokens.AfOfficer() })
        {
            var served = await Platform.ReferenceData.GetOfficerOfficesAsync(
                new GetOfficerOfficesRequest { OfficerId = officer.Subject }, PlatformHost.As(officer));

            Assert.Equal(officer.Offices, served.Offices.Select(o => o.OfficeId));
        }
    }

    [Fact]
    public async Task Json_clients_read_an_office_through_the_gateway()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/reference-data/offices/af-stockholm-syd");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DevTokens.For(DevTokens.AfOfficer()));
        using var response = await Platform.GatewayHttp.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("AGENCY_AF", json.RootElement.GetProperty("agency").GetString());
        Assert.Equal("Arbetsförmedlingen Stockholm Syd", json.RootElement.GetProperty("name").GetString());
    }
}
