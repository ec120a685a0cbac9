using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Common.V1;
using Rehab.Contracts.Referral.V1;

namespace Rehab.Client;

/// <summary>
/// FK's and AF's referral steps (<c>rehab.referral.v1.ReferralService</c>). Each state change takes the referral as last
/// read and sends its etag: if someone changed it since, the call throws <see cref="Errors.RehabConflictException"/>.
/// </summary>
public sealed class ReferralClient(ReferralService.ReferralServiceClient grpc)
{
    /// <summary>The generated stub, for calls this facade does not cover; it carries the same headers, deadlines and errors.</summary>
    public ReferralService.ReferralServiceClient Grpc => grpc;

    /// <summary>Opens a referral. An empty <c>request_id</c> is filled once, so the library's retries never create a second referral.</summary>
    public async Task<Referral> CreateAsync(CreateReferralRequest request, CancellationToken cancellationToken = default)
    {
        RequestIds.EnsureSet(request);
        return await grpc.CreateReferralAsync(request, cancellationToken: cancellationToken);
    }

    public async Task<Referral> GetAsync(string referralId, CancellationToken cancellationToken = default) =>
        await grpc.GetReferralAsync(new GetReferralRequest { ReferralId = referralId }, cancellationToken: cancellationToken);

    public async Task<Referral> AssessRelevanceAsync(Referral current, DateOnly effectiveDate, CancellationToken cancellationToken = default) =>
        await grpc.AssessCooperationRelevanceAsync(new AssessCooperationRelevanceRequest
        {
            ReferralId = current.ReferralId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(),
        }, cancellationToken: cancellationToken);

    public async Task<Referral> RecordPreparatoryContactAsync(
        Referral current, DateOnly effectiveDate, PreparatoryContactType contactType, CancellationToken cancellationToken = default) =>
        await grpc.RecordPreparatoryContactAsync(new RecordPreparatoryContactRequest
        {
            ReferralId = current.ReferralId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), ContactType = contactType,
        }, cancellationToken: cancellationToken);

    public async Task<Referral> RuleOutEmployerAdaptationAsync(Referral current, DateOnly effectiveDate, CancellationToken cancellationToken = default) =>
        await grpc.RuleOutEmployerAdaptationAsync(new RuleOutEmployerAdaptationRequest
        {
            ReferralId = current.ReferralId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(),
        }, cancellationToken: cancellationToken);

    public async Task<Referral> RequestConsentAsync(Referral current, DateOnly effectiveDate, CancellationToken cancellationToken = default) =>
        await grpc.RequestConsentAsync(new RequestConsentRequest
        {
            ReferralId = current.ReferralId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(),
        }, cancellationToken: cancellationToken);

    /// <summary>The individual's answer (given, refused or withdrawn), recorded by FK on their behalf.</summary>
    public async Task<Referral> RecordConsentDecisionAsync(
        Referral current, DateOnly effectiveDate, ConsentState decision, Channel channel, CancellationToken cancellationToken = default) =>
        await grpc.RecordConsentDecisionAsync(new RecordConsentDecisionRequest
        {
            ReferralId = current.ReferralId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), Decision = decision, Channel = channel,
        }, cancellationToken: cancellationToken);

    public async Task<Referral> SendAsync(Referral current, DateOnly effectiveDate, CancellationToken cancellationToken = default) =>
        await grpc.SendRequestAsync(new SendRequestRequest
        {
            ReferralId = current.ReferralId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(),
        }, cancellationToken: cancellationToken);

    public async Task<Referral> ReceiveAsync(Referral current, DateOnly effectiveDate, CancellationToken cancellationToken = default) =>
        await grpc.ReceiveRequestAsync(new ReceiveRequestRequest
        {
            ReferralId = current.ReferralId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(),
        }, cancellationToken: cancellationToken);

    /// <summary>AF books the first joint-assessment meeting; the referral is converted.</summary>
    public async Task<Referral> BookAsync(
        Referral current, DateOnly effectiveDate, DateTimeOffset meetingAt, string afOfficeId, string afOfficerId,
        CancellationToken cancellationToken = default) =>
        await grpc.BookJointAssessmentAsync(new BookJointAssessmentRequest
        {
            ReferralId = current.ReferralId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), MeetingAt = meetingAt.ToProto(),
            AfOfficeId = afOfficeId, AfOfficerId = afOfficerId,
        }, cancellationToken: cancellationToken);

    public async Task<Referral> RejectAsync(
        Referral current, DateOnly effectiveDate, RejectionReason reason, string? note = null, CancellationToken cancellationToken = default) =>
        await grpc.RejectRequestAsync(new RejectRequestRequest
        {
            ReferralId = current.ReferralId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), Reason = reason, Note = note ?? "",
        }, cancellationToken: cancellationToken);

    public async Task<Referral> WithdrawAsync(
        Referral current, DateOnly effectiveDate, WithdrawalReason reason, bool onBehalfOfIndividual = false,
        Channel channel = Channel.Unspecified, CancellationToken cancellationToken = default) =>
        await grpc.WithdrawReferralAsync(new WithdrawReferralRequest
        {
            ReferralId = current.ReferralId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), Reason = reason,
            OnBehalfOfIndividual = onBehalfOfIndividual, Channel = channel,
        }, cancellationToken: cancellationToken);

    /// <summary>One page; <paramref name="request"/> carries the filters, page size and token.</summary>
    public async Task<ListReferralsResponse> ListPageAsync(ListReferralsRequest request, CancellationToken cancellationToken = default) =>
        await grpc.ListReferralsAsync(request, cancellationToken: cancellationToken);

    /// <summary>Every referral matching <paramref name="filter"/>, fetching pages as the caller reads on.</summary>
    public IAsyncEnumerable<Referral> ListAllAsync(ListReferralsRequest? filter = null, CancellationToken cancellationToken = default)
    {
        var template = filter ?? new ListReferralsRequest();
        return Paging.AllAsync(
            async (token, ct) =>
            {
                var page = template.Clone();
                page.PageToken = token;
                return await grpc.ListReferralsAsync(page, cancellationToken: ct);
            },
            page => page.Referrals, page => page.NextPageToken, cancellationToken);
    }
}
