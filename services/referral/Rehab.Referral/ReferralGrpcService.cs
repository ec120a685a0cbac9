using Grpc.Core;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.Referral.V1;
using Domain = Rehab.Referral.Domain;

namespace Rehab.Referral;

/// <summary>Thin adapter over the referral domain: map the request, decide in the domain, store, map the reply.</summary>
public sealed class ReferralGrpcService(
    PersonalRecords<Domain.Referral> referrals, PersonDirectory people, ReferralAccess access, ICallerContext caller, TimeProvider time)
    : ReferralService.ReferralServiceBase
{
    private DateOnly Today => CivilTime.Today(time);

    private static DateOnly? Effective(Google.Type.Date? date) => date.ToOptionalDateOnly("effective_date");

    public override async Task<Contracts.Referral.V1.Referral> CreateReferral(CreateReferralRequest request, ServerCallContext context)
    {
        new Violations().RequireText(request.FkOfficeId, "fk_office_id").ThrowIfAny();
        caller.EnsureServesOffice(request.FkOfficeId);
        var (personId, birthDate) = await people.EnsureAsync(request.IdentityNumber, context.CancellationToken);
        var sickCaseStart = request.SickCaseStartDate.ToOptionalDateOnly("sick_case_start_date");
        var effective = Effective(request.EffectiveDate);
        var stored = await referrals.CreateAsync(
            personId, request.RequestId.OrNull(),
            id => Domain.Referral.Create(new Domain.NewReferral(
                id, personId, request.SickCaseId, sickCaseStart,
                request.BenefitTypes.Select(b => (BuildingBlocks.Domain.BenefitType)b).ToList(), (BuildingBlocks.Domain.Gender)request.Gender,
                request.FkOfficeId, (Domain.ImpulseSource)request.ImpulseSource, request.HasEmployer, birthDate, effective), Today),
            CreatedFields, context.CancellationToken);
        return stored.ToContract();
    }

    public override Task<Contracts.Referral.V1.Referral> AssessCooperationRelevance(AssessCooperationRelevanceRequest request, ServerCallContext context) =>
        Update(request.ReferralId, request.Etag, context, ["relevance_assessed_date", "state"], access.EnsureFkOffice, r => r.AssessCooperationRelevance(Effective(request.EffectiveDate), Today));

    public override Task<Contracts.Referral.V1.Referral> RecordPreparatoryContact(RecordPreparatoryContactRequest request, ServerCallContext context) =>
        Update(request.ReferralId, request.Etag, context, ["preparatory_contacts"], access.EnsureFkOffice, r => r.RecordPreparatoryContact(
            Effective(request.EffectiveDate), (Domain.PreparatoryContactType)request.ContactType, Today));

    public override Task<Contracts.Referral.V1.Referral> RuleOutEmployerAdaptation(RuleOutEmployerAdaptationRequest request, ServerCallContext context) =>
        Update(request.ReferralId, request.Etag, context, ["employer_adaptation_ruled_out_date"], access.EnsureFkOffice, r => r.RuleOutEmployerAdaptation(Effective(request.EffectiveDate), Today));

    public override Task<Contracts.Referral.V1.Referral> RequestConsent(RequestConsentRequest request, ServerCallContext context) =>
        Update(request.ReferralId, request.Etag, context, ["consent", "state"], access.EnsureFkOffice, r => r.RequestConsent(Effective(request.EffectiveDate), Today));

    public override Task<Contracts.Referral.V1.Referral> RecordConsentDecision(RecordConsentDecisionRequest request, ServerCallContext context) =>
        Update(request.ReferralId, request.Etag, context, ["consent", "state"], access.EnsureFkOffice, r => r.RecordConsentDecision(
            Effective(request.EffectiveDate), (Domain.ConsentState)request.Decision, (BuildingBlocks.Domain.Channel)request.Channel, Today));

    public override Task<Contracts.Referral.V1.Referral> SendRequest(SendRequestRequest request, ServerCallContext context) =>
        Update(request.ReferralId, request.Etag, context, ["request_sent_date", "state"], access.EnsureFkOffice, r => r.SendRequest(Effective(request.EffectiveDate), Today));

    public override Task<Contracts.Referral.V1.Referral> ReceiveRequest(ReceiveRequestRequest request, ServerCallContext context) =>
        Update(request.ReferralId, request.Etag, context, ["request_received_date", "state"], access.EnsureAfIntake, r => r.ReceiveRequest(Effective(request.EffectiveDate), Today));

    public override Task<Contracts.Referral.V1.Referral> BookJointAssessment(BookJointAssessmentRequest request, ServerCallContext context)
    {
        DateTimeOffset? meetingAt = request.MeetingAt is null ? null : request.MeetingAt.ToInstant("meeting_at");
        if (!string.IsNullOrWhiteSpace(request.AfOfficeId)) caller.EnsureServesOffice(request.AfOfficeId);
        return Update(request.ReferralId, request.Etag, context, ["booking", "state"], access.EnsureAfIntake, r => r.BookJointAssessment(
            Effective(request.EffectiveDate), meetingAt, request.AfOfficeId, request.AfOfficerId, Today));
    }

    public override Task<Contracts.Referral.V1.Referral> RejectRequest(RejectRequestRequest request, ServerCallContext context) =>
        Update(request.ReferralId, request.Etag, context, ["rejection_reason", "rejection_note", "state"], access.EnsureAfIntake, r => r.RejectRequest(
            Effective(request.EffectiveDate), (Domain.RejectionReason)request.Reason, request.Note, Today));

    public override Task<Contracts.Referral.V1.Referral> WithdrawReferral(WithdrawReferralRequest request, ServerCallContext context) =>
        Update(request.ReferralId, request.Etag, context, ["withdrawal_reason", "state"], access.EnsureFkOffice, r => r.Withdraw(
            Effective(request.EffectiveDate), (Domain.WithdrawalReason)request.Reason, request.OnBehalfOfIndividual,
            (BuildingBlocks.Domain.Channel)request.Channel, Today));

    public override async Task<Contracts.Referral.V1.Referral> GetReferral(GetReferralRequest request, ServerCallContext context)
    {
        RequireId(request.ReferralId);
        var stored = await referrals.ReadAsync(request.ReferralId, access.EnsureCanRead, AllFields, context.CancellationToken);
        return stored.ToContract();
    }

    public override async Task<ListReferralsResponse> ListReferrals(ListReferralsRequest request, ServerCallContext context)
    {
        var (from, to) = ListArguments.Validate(request.PageSize, request.FromDate, request.ToDate);

        var filter = new ReferralFilter(
            request.State == ReferralState.Unspecified ? null : (Domain.ReferralState)request.State,
            request.OfficeId.OrNull(),
            request.BenefitType == Contracts.Common.V1.BenefitType.Unspecified ? null : (BuildingBlocks.Domain.BenefitType)request.BenefitType,
            from, to);
        var (items, next) = await referrals.ListAsync(
            filter.Matches, access.CanRead, request.PageSize, request.PageToken.OrNull(), AllFields, context.CancellationToken);
        var response = new ListReferralsResponse { NextPageToken = next };
        response.Referrals.AddRange(items.Select(i => i.ToContract()));
        return response;
    }

    private static readonly string[] AllFields = ["person_id", "sick_case_id", "benefit_types", "gender", "consent", "state", "dates", "booking"];
    private static readonly string[] CreatedFields = ["person_id", "sick_case_id", "sick_case_start_date", "benefit_types", "gender", "fk_office_id"];

    private async Task<Contracts.Referral.V1.Referral> Update(
        string id, string etag, ServerCallContext context, string[] changedFields, Action<Domain.Referral> authorize,
        Func<Domain.Referral, Change<Domain.Referral>> decide)
    {
        RequireId(id);
        return (await referrals.ChangeAsync(id, etag, authorize, decide, changedFields, context.CancellationToken)).ToContract();
    }

    private static void RequireId(string id) => new Violations().RequireText(id, "referral_id").ThrowIfAny();
}

/// <summary>The filters of ListReferrals, as a predicate over the domain state.</summary>
internal sealed record ReferralFilter(
    Domain.ReferralState? State, string? OfficeId, BuildingBlocks.Domain.BenefitType? Benefit, DateOnly? From, DateOnly? To)
{
    public bool Matches(Domain.Referral r) =>
        (State is null || r.State == State)
        && (OfficeId is null || r.FkOfficeId == OfficeId || r.Booking?.AfOfficeId == OfficeId)
        && (Benefit is null || r.BenefitTypes.Contains(Benefit.Value))
        && (From is null || r.NeedIdentifiedDate >= From)
        && (To is null || r.NeedIdentifiedDate <= To);
}
