using System.Net.Http.Headers;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Rehab.BuildingBlocks.Audit;
using Rehab.Contracts.Referral.V1;
using Rehab.Testing;
using Xunit;

using Rehab.Testing.Platform;

namespace Rehab.Referral.Tests.EndToEnd;

/// <summary>The referral slice as an internal client meets it: through the gateway, with real tokens.</summary>
[Trait("Tier", "Redis")]
public sealed class ReferralThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private PlatformHost Platform => fixture.Platform;
    private ReferralService.ReferralServiceClient Client => Platform.Referrals;
    private ReferralJourney Journey => new(Client);

    [Fact]
    public async Task A_referral_goes_from_need_to_booking_and_is_found_by_get_and_list()
    {
        var journey = Journey;
        var booked = await journey.ToConvertedAsync();

        Assert.Equal(ReferralState.Converted, booked.State);
        Assert.Equal(ReferralJourney.AfOffice, booked.Booking.AfOfficeId);
        Assert.Equal(ConsentState.Given, booked.Consent.State);
        Assert.Equal("v8", booked.Etag); // create + 7 changes

        var read = await Client.GetReferralAsync(new GetReferralRequest { ReferralId = booked.ReferralId }, journey.Fk);
        Assert.Equal(booked, read);

        var listed = await Client.ListReferralsAsync(new ListReferralsRequest
        {
            State = ReferralState.Converted, OfficeId = ReferralJourney.FkOffice, PageSize = 500,
        }, journey.Fk);
        Assert.Contains(listed.Referrals, r => r.ReferralId == booked.ReferralId);
        Assert.All(listed.Referrals, r => Assert.Equal(ReferralState.Converted, r.State));
    }

    [Fact]
    public async Task Listing_pages_through_every_referral_once()
    {
        var journey = Journey;
        var created = new List<string>();
        for (var i = 0; i < 5; i++) created.Add((await journey.CreateAsync()).ReferralId);

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await Client.ListReferralsAsync(new ListReferralsRequest
            {
                PageSize = 2, PageToken = token, State = ReferralState.NeedIdentified,
            }, journey.Fk);
            Assert.True(page.Referrals.Count <= 2);
            seen.AddRange(page.Referrals.Select(r => r.ReferralId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Superset(created.ToHashSet(), seen.ToHashSet());
    }

    [Fact]
    public async Task A_retried_create_with_the_same_request_id_returns_the_first_referral()
    {
        var journey = Journey;
        var request = journey.NewRequest();
        var first = await Client.CreateReferralAsync(request, journey.Fk);
        var retry = await Client.CreateReferralAsync(request, journey.Fk);
        Assert.Equal(first.ReferralId, retry.ReferralId);
        Assert.Equal(first.Etag, retry.Etag);
    }

    [Fact]
    public async Task Json_clients_reach_the_referral_through_the_gateway()
    {
        var journey = Journey;
        var created = await journey.CreateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/referrals/{created.ReferralId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DevTokens.For(DevTokens.FkOfficer(ReferralJourney.FkOffice)));
        request.Headers.Add("x-rehab-purpose", "case handling");
        using var response = await Platform.GatewayHttp.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(created.ReferralId, json.RootElement.GetProperty("referralId").GetString());
        Assert.Equal("REFERRAL_STATE_NEED_IDENTIFIED", json.RootElement.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("rehab.referral.v1.ReferralService")]
    [InlineData("rehab.person.v1.PersonRegistryService")]
    [InlineData("rehab.referencedata.v1.ReferenceDataService")]
    [InlineData("")]
    public async Task The_gateway_answers_health_for_each_service_name(string service)
    {
        var health = new Health.HealthClient(Platform.Gateway);
        var reply = await health.CheckAsync(new HealthCheckRequest { Service = service });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Reflection_through_the_gateway_lists_every_service()
    {
        var reflection = new ServerReflection.ServerReflectionClient(Platform.Gateway);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("rehab.referral.v1.ReferralService", names);
        Assert.Contains("rehab.person.v1.PersonRegistryService", names);
    }

    [Fact]
    public async Task Personal_reads_are_audited_and_the_chain_verifies()
    {
        var journey = Journey;
        var created = await journey.CreateAsync();
        await Client.GetReferralAsync(new GetReferralRequest { ReferralId = created.ReferralId }, journey.Fk);

        var entries = new List<AuditEntry>();
        await foreach (var record in Platform.AuditOf("referral").ReadAllAsync()) entries.Add(record.Entry);
        Assert.Contains(entries, e => e.RecordId == created.ReferralId && e.Action == AuditAction.Read && e.UserId == "fk-officer-1"
            && e.Purpose == DevTokens.DefaultPurpose);
        Assert.Contains(entries, e => e.RecordId == created.ReferralId && e.Action == AuditAction.Change);

        var personEntries = new List<AuditEntry>();
        await foreach (var record in Platform.AuditOf("person-registry").ReadAllAsync()) personEntries.Add(record.Entry);
        Assert.Contains(personEntries, e => e.RecordId == created.PersonId && e.Fields.Contains("identity_number"));

        Assert.True((await Platform.AuditOf("referral").VerifyAsync()).IsValid);
        Assert.True((await Platform.AuditOf("person-registry").VerifyAsync()).IsValid);
    }
}
