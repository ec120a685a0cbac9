using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Security;
using Rehab.Client.Errors;
using Rehab.Client.Tokens;
using Rehab.Contracts.Referral.V1;
using Rehab.Testing.Platform;
using Rehab.Testing;
using Xunit;

namespace Rehab.Client.Tests;

/// <summary>The client library against a running platform: idempotent retries, typed errors, headers and tokens.</summary>
[Trait("Tier", "Redis")]
[Collection(PlatformCollection.Name)]
public sealed class RehabClientTests(PlatformFixture fixture)
{
    private readonly ReferralJourney _journey = new(fixture.Platform.Referrals);

    private ServiceProvider Services(DevCaller caller, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection().AddRehabClient(o =>
        {
            o.GatewayAddress = fixture.Platform.GatewayGrpcAddress;
            o.Purpose = DevTokens.DefaultPurpose;
            o.Tokens = new DevTokenSource(DevTokens.Options, caller);
        });
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_is_retried_with_the_same_request_id_and_never_duplicates()
    {
        var lost = new LostAnswers("/rehab.referral.v1.ReferralService/CreateReferral");
        await using var services = Services(DevTokens.FkOfficer(ReferralJourney.FkOffice),
            s => s.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new LoseFirstAnswer(lost))));
        var referrals = services.GetRequiredService<ReferralClient>();
        var request = _journey.NewRequest();
        request.RequestId = "";

        var created = await referrals.CreateAsync(request);

        Assert.Equal(2, lost.Attempts);
        Assert.NotEmpty(request.RequestId);
        var same = new List<Contracts.Referral.V1.Referral>();
        await foreach (var r in referrals.ListAllAsync(new ListReferralsRequest { OfficeId = ReferralJourney.FkOffice, PageSize = 100 }))
            if (r.SickCaseId == request.SickCaseId) same.Add(r);
        Assert.Equal([created.ReferralId], same.Select(r => r.ReferralId));
    }

    [Fact]
    public async Task A_lost_trigger_of_a_transition_meeting_is_retried_and_opens_one_meeting_whose_stale_etag_is_a_conflict()
    {
        var lost = new LostAnswers("/rehab.transition.v1.TransitionMeetingsService/TriggerTransitionMeeting");
        await using var services = Services(DevTokens.FkOfficer(ReferralJourney.FkOffice),
            s => s.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new LoseFirstAnswer(lost))));
        var meetings = services.GetRequiredService<TransitionMeetingsClient>();
        var person = "person-" + Guid.NewGuid().ToString("N");
        var request = new Contracts.Transition.V1.TriggerTransitionMeetingRequest
        {
            PersonId = person, SickCaseId = "SC-1", FkOfficeId = ReferralJourney.FkOffice, EffectiveDate = ReferralJourney.Day(-6),
            Trigger = Contracts.Transition.V1.TransitionTrigger.SicknessBenefitRefusalConsidered,
        };

        var triggered = await meetings.TriggerAsync(request);

        Assert.Equal(2, lost.Attempts);
        var all = new List<string>();
        await foreach (var m in meetings.ListAllAsync(new Contracts.Transition.V1.ListMeetingsRequest { PersonId = person })) all.Add(m.MeetingId);
        Assert.Equal([triggered.MeetingId], all);

        var offered = await meetings.OfferAsync(triggered, ReferralJourney.Today.AddDays(-5));
        var conflict = await Assert.ThrowsAsync<RehabConflictException>(() => meetings.OfferAsync(triggered, ReferralJourney.Today.AddDays(-5)));
        Assert.Equal(triggered.MeetingId, conflict.Id);
        Assert.Equal(offered.Etag, (await meetings.GetAsync(triggered.MeetingId)).Etag);
    }

    [Fact]
    public async Task A_create_through_the_raw_stub_also_gets_a_request_id()
    {
        await using var services = Services(DevTokens.FkOfficer(ReferralJourney.FkOffice));
        var request = _journey.NewRequest();
        request.RequestId = "";
        var first = await services.GetRequiredService<ReferralClient>().Grpc.CreateReferralAsync(request);
        Assert.NotEmpty(request.RequestId);
        var repeated = await services.GetRequiredService<ReferralClient>().CreateAsync(request);
        Assert.Equal(first.ReferralId, repeated.ReferralId);
    }

    [Fact]
    public async Task A_stale_etag_surfaces_as_the_conflict_exception()
    {
        await using var services = Services(DevTokens.FkOfficer(ReferralJourney.FkOffice));
        var referrals = services.GetRequiredService<ReferralClient>();
        var created = await referrals.CreateAsync(_journey.NewRequest());
        await referrals.AssessRelevanceAsync(created, ReferralJourney.Today.AddDays(-25));

        var conflict = await Assert.ThrowsAsync<RehabConflictException>(() => referrals.AssessRelevanceAsync(created, ReferralJourney.Today.AddDays(-25)));
        Assert.Equal(Grpc.Core.StatusCode.Aborted, conflict.StatusCode);
        Assert.Equal(created.ReferralId, conflict.Id);
    }

    [Fact]
    public async Task Errors_arrive_as_typed_exceptions_with_their_details()
    {
        await using var services = Services(DevTokens.FkOfficer(ReferralJourney.FkOffice));
        var rehab = services.GetRequiredService<RehabClient>();

        var invalid = await Assert.ThrowsAsync<RehabValidationException>(() => rehab.Referrals.CreateAsync(_journey.NewRequest(identityNumber: "12345")));
        Assert.Contains(invalid.Violations, v => v.Field == "identity_number");

        var missing = await Assert.ThrowsAsync<RehabNotFoundException>(() => rehab.Referrals.GetAsync(Guid.CreateVersion7().ToString()));
        Assert.Equal("referral", missing.Resource, ignoreCase: true);

        var created = await rehab.Referrals.CreateAsync(_journey.NewRequest());
        var wrongState = await Assert.ThrowsAsync<RehabPreconditionException>(() => rehab.Referrals.SendAsync(created, ReferralJourney.Today));
        Assert.False(string.IsNullOrEmpty(wrongState.Rule));

        await using var af = Services(DevTokens.AfOfficer(ReferralJourney.AfOffice));
        await Assert.ThrowsAsync<RehabPermissionException>(() => af.GetRequiredService<ReferralClient>().CreateAsync(_journey.NewRequest()));
    }

    [Fact]
    public async Task The_purpose_is_sent_from_the_options_and_a_call_without_one_is_rejected()
    {
        var services = new ServiceCollection().AddRehabClient(o =>
        {
            o.GatewayAddress = fixture.Platform.GatewayGrpcAddress;
            o.Tokens = new DevTokenSource(DevTokens.Options, DevTokens.FkOfficer(ReferralJourney.FkOffice));
        });
        await using var provider = services.BuildServiceProvider();
        var rejected = await Assert.ThrowsAsync<RehabValidationException>(() => provider.GetRequiredService<ReferralClient>().CreateAsync(_journey.NewRequest()));
        Assert.Contains("x-rehab-purpose", rejected.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_gateway_is_unavailable_after_the_retries()
    {
        using var rehab = RehabClient.Create(o =>
        {
            o.GatewayAddress = new Uri($"http://127.0.0.1:{ClosedPort.Reserve()}");
            o.Tokens = new DevTokenSource(DevTokens.Options, DevTokens.FkOfficer());
        });
        await Assert.ThrowsAsync<RehabUnavailableException>(() => rehab.Referrals.GetAsync("x"));
    }
}

[Trait("Tier", "Fast")]
public sealed class RetryPolicyTests
{
    [Fact]
    public void Reads_and_creates_are_retried_and_etag_guarded_changes_are_not()
    {
        var retried = RetryPolicies.IdempotentMethods.Select(m => m.Method).ToHashSet();
        Assert.Contains("GetReferral", retried);
        Assert.Contains("ListReferrals", retried);
        Assert.Contains("CreateReferral", retried);
        Assert.Contains("EnsurePerson", retried);
        Assert.Contains("ImportFacts", retried);
        Assert.Contains("GetSgiProtection", retried);
        Assert.DoesNotContain("BookJointAssessment", retried);
        Assert.DoesNotContain("AssessCooperationRelevance", retried);
        Assert.DoesNotContain("MergePersons", retried);
        Assert.DoesNotContain("RecordMeetingHeld", retried);
        Assert.Contains("ExportAnnualReport", retried);
        Assert.Contains("DiffAnnualReports", retried);
        Assert.DoesNotContain("StartParticipation", retried);
        Assert.Contains("TriggerTransitionMeeting", retried);
    }
}

internal sealed class LostAnswers(string path)
{
    private int _attempts;

    public string Path { get; } = path;

    public int Attempts => _attempts;

    public int Attempt() => Interlocked.Increment(ref _attempts);
}

/// <summary>Lets the first call of <see cref="LostAnswers.Path"/> reach the platform, then drops its answer, as a reset connection would.</summary>
internal sealed class LoseFirstAnswer(LostAnswers lost) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri?.AbsolutePath != lost.Path || lost.Attempt() > 1) return response;
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        response.Dispose();
        throw new HttpRequestException(HttpRequestError.ResponseEnded, "the connection was reset before the answer arrived (test)",
            new IOException("The response ended prematurely."));
    }
}
