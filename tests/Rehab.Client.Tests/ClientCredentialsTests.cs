using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Rehab.Client.Errors;
using Rehab.Client.Tokens;
using Rehab.Testing.Platform;
using Rehab.Testing;
using Xunit;

namespace Rehab.Client.Tests;

/// <summary>The OIDC client-credentials token source against a token endpoint on real Kestrel, and its tokens against the platform.</summary>
[Trait("Tier", "Redis")]
[Collection(PlatformCollection.Name)]
public sealed class ClientCredentialsTests(PlatformFixture fixture) : IAsyncLifetime
{
    private WebApplication _endpoint = null!;
    private int _requests;

    private Uri TokenEndpoint => new(_endpoint.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/token");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
        _endpoint = builder.Build();
        _endpoint.MapPost("/token", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref _requests);
            var form = await request.ReadFormAsync();
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("fk-import:s3cret%2B"));
            if (form["grant_type"] != "client_credentials" || form["scope"] != "rehab.api" || request.Headers.Authorization != expected)
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            // What the identity provider would sign; here a development token the platform accepts.
            return Results.Json(new { access_token = DevTokens.For(DevTokens.FkOfficer(ReferralJourney.FkOffice)), token_type = "Bearer", expires_in = 120 });
        });
        await _endpoint.StartAsync();
    }

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    private ClientCredentialsOptions Options(string secret = "s3cret+") =>
        new() { TokenEndpoint = TokenEndpoint, ClientId = "fk-import", ClientSecret = secret, Scope = "rehab.api" };

    [Fact]
    public async Task The_token_is_fetched_once_used_by_calls_and_renewed_before_it_expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var http = new HttpClient();
        using var tokens = new ClientCredentialsTokenSource(Options(), http, time);
        using var rehab = RehabClient.Create(o =>
        {
            o.GatewayAddress = fixture.Platform.GatewayGrpcAddress;
            o.Purpose = DevTokens.DefaultPurpose;
            o.Tokens = tokens;
        });

        await rehab.Referrals.ListPageAsync(new() { PageSize = 1 });
        await rehab.Referrals.ListPageAsync(new() { PageSize = 1 });
        Assert.Equal(1, _requests);

        time.Advance(TimeSpan.FromSeconds(59));
        await rehab.Referrals.ListPageAsync(new() { PageSize = 1 });
        Assert.Equal(1, _requests);
        time.Advance(TimeSpan.FromSeconds(2)); // within a minute of expires_in = 120
        await rehab.Referrals.ListPageAsync(new() { PageSize = 1 });
        Assert.Equal(2, _requests);
    }

    [Fact]
    public async Task Refused_client_credentials_are_a_permission_error()
    {
        using var http = new HttpClient();
        using var tokens = new ClientCredentialsTokenSource(Options(secret: "wrong"), http);
        var refused = await Assert.ThrowsAsync<RehabPermissionException>(() => tokens.GetTokenAsync().AsTask());
        Assert.Contains("invalid_client", refused.Status.Detail, StringComparison.Ordinal);
    }
}
