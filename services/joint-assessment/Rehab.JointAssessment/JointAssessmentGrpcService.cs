using Grpc.Core;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.JointAssessment.V1;
using Domain = Rehab.JointAssessment.Domain;
using Round = Rehab.Contracts.JointAssessment.V1.JointAssessment;

namespace Rehab.JointAssessment;

/// <summary>Thin adapter over the joint-assessment domain: map the request, decide in the domain, store, map the reply.</summary>
public sealed class JointAssessmentGrpcService(
    PersonalRecords<Domain.JointAssessment> rounds, JointAssessmentAccess access, ICallerContext caller,
    Domain.JointAssessmentRules rules, JointAssessmentHistoryImport history, TimeProvider time)
    : JointAssessmentService.JointAssessmentServiceBase
{
    private DateOnly Today => CivilTime.Today(time);

    private static DateOnly? Effective(Google.Type.Date? date) => date.ToOptionalDateOnly("effective_date");

    private static DateTimeOffset? Instant(Google.Protobuf.WellKnownTypes.Timestamp? at) => at is null ? null : at.ToInstant("meeting_at");

    public override Task<Round> ScheduleMeeting(ScheduleMeetingRequest request, ServerCallContext context) =>
        Update(request.JointAssessmentId, request.Etag, context, ["meetings", "state"], r => r.ScheduleMeeting(
            Effective(request.EffectiveDate), (Domain.MeetingType)request.MeetingType, Instant(request.MeetingAt), Today,
            request.AfSpecialistIds, request.ChronologyOverrideReason));

    public override Task<Round> RescheduleMeeting(RescheduleMeetingRequest request, ServerCallContext context) =>
        Update(request.JointAssessmentId, request.Etag, context, ["meetings"], r => r.RescheduleMeeting(
            Effective(request.EffectiveDate), request.MeetingId, Instant(request.MeetingAt), Today, request.ChronologyOverrideReason));

    public override Task<Round> CancelMeeting(CancelMeetingRequest request, ServerCallContext context) =>
        Update(request.JointAssessmentId, request.Etag, context, ["meetings"], r => r.CancelMeeting(
            Effective(request.EffectiveDate), request.MeetingId, (Domain.CancellationReason)request.Reason,
            (Domain.Participant)request.CancelledBy, Today));

    public override Task<Round> RecordMeetingHeld(RecordMeetingHeldRequest request, ServerCallContext context) =>
        Update(request.JointAssessmentId, request.Etag, context, ["meetings", "first_meeting_date", "state"], r => r.RecordMeetingHeld(
            Effective(request.EffectiveDate), request.MeetingId, (Domain.MeetingMode)request.Mode,
            request.Participants.Select(p => (Domain.Participant)p).ToList(), Today, (Domain.MeetingType)request.MeetingType,
            request.AfSpecialistIds, request.ChronologyOverrideReason));

    public override Task<Round> RecordMeetingNoShow(RecordMeetingNoShowRequest request, ServerCallContext context) =>
        Update(request.JointAssessmentId, request.Etag, context, ["meetings"], r => r.RecordMeetingNoShow(
            Effective(request.EffectiveDate), request.MeetingId, Today, request.ChronologyOverrideReason));

    public override Task<Round> RecordLabourMarketAssessment(RecordLabourMarketAssessmentRequest request, ServerCallContext context) =>
        Update(request.JointAssessmentId, request.Etag, context, ["labour_market_assessment"], r => r.RecordLabourMarketAssessment(
            Effective(request.EffectiveDate), request.IllnessImpact, request.AdaptationNeeds, Today));

    public override Task<Round> AssessActivityLevel(AssessActivityLevelRequest request, ServerCallContext context) =>
        Update(request.JointAssessmentId, request.Etag, context, ["activity_level"], r => r.AssessActivityLevel(
            Effective(request.EffectiveDate), request.HoursPerWeek, (Domain.Stability)request.Stability, Today));

    public override Task<Round> EstablishPlan(EstablishPlanRequest request, ServerCallContext context) =>
        Update(request.JointAssessmentId, request.Etag, context, ["plan", "meetings", "state", "conclusion"], r => r.EstablishPlan(
            Effective(request.EffectiveDate), request.Goals.Select(g => g.ToDomain()).ToList(),
            (Domain.FirstOrientation)request.FirstOrientation, rules, Today,
            request.PlannedInterventions.Select(i => i.ToDomain()).ToList(), request.ChronologyOverrideReason));

    public override Task<Round> RevisePlan(RevisePlanRequest request, ServerCallContext context) =>
        Update(request.JointAssessmentId, request.Etag, context, ["plan"], r => r.RevisePlan(
            Effective(request.EffectiveDate), request.Goals.Select(g => g.ToDomain()).ToList(),
            (Domain.FirstOrientation)request.FirstOrientation, rules, Today,
            request.PlannedInterventions?.Items.Select(i => i.ToDomain()).ToList()));

    public override Task<Round> DecideNotToProceed(DecideNotToProceedRequest request, ServerCallContext context) =>
        Update(request.JointAssessmentId, request.Etag, context, ["not_proceeding", "state", "conclusion"], r => r.DecideNotToProceed(
            Effective(request.EffectiveDate), request.Reasons.Select(x => (Domain.NotProceedingReason)x).ToList(), request.ReferredTo, Today));

    public override Task<Round> RecordDecline(RecordDeclineRequest request, ServerCallContext context) =>
        Update(request.JointAssessmentId, request.Etag, context, ["decline", "state", "conclusion"], r => r.RecordDecline(
            Effective(request.EffectiveDate), request.ValidReason, (BuildingBlocks.Domain.Channel)request.Channel, Today));

    public override Task<Round> CancelJointAssessment(CancelJointAssessmentRequest request, ServerCallContext context) =>
        Update(request.JointAssessmentId, request.Etag, context, ["cancellation", "meetings", "state"], r => r.Cancel(
            Effective(request.EffectiveDate), (Domain.RoundCancellationReason)request.Reason, (Domain.Participant)request.CancelledBy,
            request.Note, Today));

    public override Task<ImportJointAssessmentHistoryResponse> ImportJointAssessmentHistory(
        ImportJointAssessmentHistoryRequest request, ServerCallContext context) =>
        history.ImportAsync(request, context.CancellationToken);

    public override async Task<Round> GetJointAssessment(GetJointAssessmentRequest request, ServerCallContext context)
    {
        RequireId(request.JointAssessmentId);
        var stored = await rounds.ReadAsync(request.JointAssessmentId, access.Ensure, AllFields, context.CancellationToken);
        return stored.ToContract();
    }

    public override async Task<ListJointAssessmentsResponse> ListJointAssessments(ListJointAssessmentsRequest request, ServerCallContext context)
    {
        var (from, to) = ListArguments.Validate(request.PageSize, request.FromDate, request.ToDate);
        var office = request.OfficeId.OrNull();
        if (office is not null) caller.EnsureServesOffice(office);

        var filter = new JointAssessmentFilter(
            request.State == JointAssessmentState.Unspecified ? null : (Domain.JointAssessmentState)request.State,
            office, request.OfficerId.OrNull(), request.ReferralId.OrNull(), from, to);
        var (items, next) = await rounds.ListAsync(
            filter.Matches, access.CanAccess, request.PageSize, request.PageToken.OrNull(), AllFields, context.CancellationToken);
        var response = new ListJointAssessmentsResponse { NextPageToken = next };
        response.JointAssessments.AddRange(items.Select(i => i.ToContract()));
        return response;
    }

    private static readonly string[] AllFields =
        ["person_id", "sick_case_id", "benefit_types", "gender", "consent_state", "meetings", "labour_market_assessment", "activity_level", "plan",
         "not_proceeding", "decline", "cancellation"];

    private async Task<Round> Update(
        string id, string etag, ServerCallContext context, string[] changedFields, Func<Domain.JointAssessment, Change<Domain.JointAssessment>> decide)
    {
        RequireId(id);
        return (await rounds.ChangeAsync(id, etag, access.Ensure, decide, changedFields, context.CancellationToken)).ToContract();
    }

    private static void RequireId(string id) => new Violations().RequireText(id, "joint_assessment_id").ThrowIfAny();
}

/// <summary>The filters of ListJointAssessments, as a predicate over the domain state.</summary>
internal sealed record JointAssessmentFilter(
    Domain.JointAssessmentState? State, string? OfficeId, string? OfficerId, string? ReferralId, DateOnly? From, DateOnly? To)
{
    public bool Matches(Domain.JointAssessment r) =>
        (State is null || r.State == State)
        && (OfficeId is null || r.FkOfficeId == OfficeId || r.AfOfficeId == OfficeId)
        && (OfficerId is null || r.AfOfficerId == OfficerId)
        && (ReferralId is null || r.ReferralId == ReferralId)
        && (From is null || r.BookedDate >= From)
        && (To is null || r.BookedDate <= To);
}
