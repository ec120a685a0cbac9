using Grpc.Core;
using Rehab.Contracts.Referral.V1;
using Rehab.Testing;
using Xunit;

using Rehab.Testing.Platform;

namespace Rehab.Referral.Tests.EndToEnd;

/// <summary>Every wrong call gets the status a client can act on and a message naming the field or rule; never UNKNOWN/INTERNAL.</summary>
[Trait("Tier", "Redis")]
public sealed class BadInputThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private ReferralService.ReferralServiceClient Client => fixture.Platform.Referrals;
    private ReferralJourney Journey => new(Client);

    [Fact]
    public async Task A_wrong_check_digit_is_invalid_argument_on_identity_number()
    {
        var journey = Journey;
        var request = journey.NewRequest(identityNumber: "19121212-1213");
        var error = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "check digit",
            () => Client.CreateReferralAsync(request, journey.Fk).ResponseAsync);
        Assert.Equal("identity_number", RpcAssert.ViolatedField(error));
    }

    [Fact]
    public async Task An_impossible_date_is_invalid_argument_on_the_field()
    {
        var journey = Journey;
        var request = journey.NewRequest();
        request.EffectiveDate = new Google.Type.Date { Year = 2026, Month = 2, Day = 30 };
        var error = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "not a real calendar date",
            () => Client.CreateReferralAsync(request, journey.Fk).ResponseAsync);
        Assert.Equal("effective_date", RpcAssert.ViolatedField(error));
    }

    [Fact]
    public async Task An_impossible_birth_date_in_the_identity_number_is_invalid_argument()
    {
        var journey = Journey;
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "real date",
            () => Client.CreateReferralAsync(journey.NewRequest(identityNumber: "19850229-1233"), journey.Fk).ResponseAsync);
    }

    [Fact]
    public async Task A_second_open_referral_for_the_same_sick_case_already_exists()
    {
        var journey = Journey;
        var number = ReferralJourney.NewIdentityNumber();
        var first = await journey.CreateAsync(journey.NewRequest(number, "SC-dup"));
        var error = await RpcAssert.FailsAsync(StatusCode.AlreadyExists, "open-referral",
            () => Client.CreateReferralAsync(journey.NewRequest(number, "SC-dup"), journey.Fk).ResponseAsync);
        Assert.Contains(first.ReferralId, error.Status.Detail, StringComparison.Ordinal);

        // Another sick case of the same person is fine.
        await journey.CreateAsync(journey.NewRequest(number, "SC-other"));
    }

    [Fact]
    public async Task A_booking_before_the_request_was_received_is_a_failed_precondition()
    {
        var journey = Journey;
        var sent = await journey.ToSentAsync();
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "state Sent",
            () => Client.BookJointAssessmentAsync(journey.Booking(sent), journey.Af).ResponseAsync);
    }

    [Fact]
    public async Task A_transition_not_allowed_from_the_current_state_is_a_failed_precondition()
    {
        var journey = Journey;
        var created = await journey.CreateAsync();
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "cannot send a referral in state NeedIdentified",
            () => Client.SendRequestAsync(new SendRequestRequest
            {
                ReferralId = created.ReferralId, Etag = created.Etag, EffectiveDate = ReferralJourney.Day(-1),
            }, journey.Fk).ResponseAsync);
    }

    [Fact]
    public async Task A_date_before_an_earlier_milestone_breaks_the_chronology()
    {
        var journey = Journey;
        var created = await journey.CreateAsync();
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "before",
            () => Client.AssessCooperationRelevanceAsync(new AssessCooperationRelevanceRequest
            {
                ReferralId = created.ReferralId, Etag = created.Etag, EffectiveDate = ReferralJourney.Day(-60),
            }, journey.Fk).ResponseAsync);
    }

    [Fact]
    public async Task A_stale_etag_is_aborted_and_changes_nothing()
    {
        var journey = Journey;
        var created = await journey.CreateAsync();
        var assessed = await Client.AssessCooperationRelevanceAsync(new AssessCooperationRelevanceRequest
        {
            ReferralId = created.ReferralId, Etag = created.Etag, EffectiveDate = ReferralJourney.Day(-25),
        }, journey.Fk);
        await RpcAssert.FailsAsync(StatusCode.Aborted, "changed by someone else",
            () => Client.WithdrawReferralAsync(new WithdrawReferralRequest
            {
                ReferralId = created.ReferralId, Etag = created.Etag, EffectiveDate = ReferralJourney.Day(-1),
                Reason = WithdrawalReason.ReturnedToWork,
            }, journey.Fk).ResponseAsync);
        var now = await Client.GetReferralAsync(new GetReferralRequest { ReferralId = created.ReferralId }, journey.Fk);
        Assert.Equal(assessed, now);
    }

    [Fact]
    public async Task An_unknown_id_is_not_found()
    {
        var journey = Journey;
        await RpcAssert.FailsAsync(StatusCode.NotFound, "referral",
            () => Client.GetReferralAsync(new GetReferralRequest { ReferralId = Guid.CreateVersion7().ToString() }, journey.Fk).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.NotFound, "not-a-referral",
            () => Client.GetReferralAsync(new GetReferralRequest { ReferralId = "not-a-referral" }, journey.Fk).ResponseAsync);
    }

    [Fact]
    public async Task Missing_required_fields_are_all_named()
    {
        var journey = Journey;
        var request = journey.NewRequest();
        request.SickCaseId = "";
        request.BenefitTypes.Clear();
        request.EffectiveDate = null;
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.CreateReferralAsync(request, journey.Fk).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "sick_case_id", "benefit_types", "effective_date" }, fields);
    }

    [Fact]
    public async Task A_call_without_a_purpose_is_invalid_argument_on_the_header()
    {
        var headers = PlatformHost.As(DevTokens.FkOfficer(ReferralJourney.FkOffice), purpose: null);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "x-rehab-purpose",
            () => Client.ListReferralsAsync(new ListReferralsRequest(), headers).ResponseAsync);
    }

    [Fact]
    public async Task A_role_the_matrix_does_not_allow_is_permission_denied()
    {
        var journey = Journey;
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "CreateReferral",
            () => Client.CreateReferralAsync(journey.NewRequest(), journey.Af).ResponseAsync);
    }

    [Fact]
    public async Task An_officer_of_another_office_may_not_read_or_change_the_referral()
    {
        var journey = Journey;
        var created = await journey.CreateAsync();
        var otherOffice = PlatformHost.As(DevTokens.FkOfficer("fk-office-elsewhere"));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "office",
            () => Client.GetReferralAsync(new GetReferralRequest { ReferralId = created.ReferralId }, otherOffice).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "office",
            () => Client.AssessCooperationRelevanceAsync(new AssessCooperationRelevanceRequest
            {
                ReferralId = created.ReferralId, Etag = created.Etag, EffectiveDate = ReferralJourney.Day(-1),
            }, otherOffice).ResponseAsync);
        var listed = await Client.ListReferralsAsync(new ListReferralsRequest { PageSize = 500 }, otherOffice);
        Assert.DoesNotContain(listed.Referrals, r => r.ReferralId == created.ReferralId);
    }

    [Fact]
    public async Task A_call_without_a_token_is_unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ListReferralsAsync(new ListReferralsRequest(), new Metadata { { "x-rehab-purpose", "x" } }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }
}
