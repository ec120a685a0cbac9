using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.JointAssessment.V1;
using Round = Rehab.Contracts.JointAssessment.V1.JointAssessment;

namespace Rehab.Client;

/// <summary>
/// The joint assessment (<c>rehab.jointassessment.v1.JointAssessmentService</c>): rounds opened from a booking, their meetings,
/// AF's assessment, the activity level and the plan. Each step takes the round as last read and sends its etag: if someone
/// changed it since, the call throws <see cref="Errors.RehabConflictException"/>.
/// </summary>
public sealed class JointAssessmentClient(JointAssessmentService.JointAssessmentServiceClient grpc)
{
    /// <summary>The generated stub, for calls this facade does not cover; it carries the same headers, deadlines and errors.</summary>
    public JointAssessmentService.JointAssessmentServiceClient Grpc => grpc;

    public async Task<Round> GetAsync(string jointAssessmentId, CancellationToken cancellationToken = default) =>
        await grpc.GetJointAssessmentAsync(new GetJointAssessmentRequest { JointAssessmentId = jointAssessmentId }, cancellationToken: cancellationToken);

    /// <summary>One page; <paramref name="request"/> carries the filters, page size and token.</summary>
    public async Task<ListJointAssessmentsResponse> ListPageAsync(ListJointAssessmentsRequest request, CancellationToken cancellationToken = default) =>
        await grpc.ListJointAssessmentsAsync(request, cancellationToken: cancellationToken);

    /// <summary>Every round matching <paramref name="filter"/> the caller may see, fetching pages as the caller reads on.</summary>
    public IAsyncEnumerable<Round> ListAllAsync(ListJointAssessmentsRequest? filter = null, CancellationToken cancellationToken = default)
    {
        var template = filter ?? new ListJointAssessmentsRequest();
        return Paging.AllAsync(
            async (token, ct) =>
            {
                var page = template.Clone();
                page.PageToken = token;
                return await grpc.ListJointAssessmentsAsync(page, cancellationToken: ct);
            },
            page => page.JointAssessments, page => page.NextPageToken, cancellationToken);
    }

    public async Task<Round> ScheduleMeetingAsync(
        Round current, DateOnly effectiveDate, MeetingType meetingType, DateTimeOffset meetingAt, CancellationToken cancellationToken = default) =>
        await grpc.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            JointAssessmentId = current.JointAssessmentId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(),
            MeetingType = meetingType, MeetingAt = meetingAt.ToProto(),
        }, cancellationToken: cancellationToken);

    /// <summary>The scheduled meeting <paramref name="meetingId"/> was held on <paramref name="effectiveDate"/> (needs consent given).</summary>
    public async Task<Round> RecordMeetingHeldAsync(
        Round current, string meetingId, DateOnly effectiveDate, MeetingMode mode, IEnumerable<Participant> participants,
        CancellationToken cancellationToken = default)
    {
        var request = new RecordMeetingHeldRequest
        {
            JointAssessmentId = current.JointAssessmentId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), MeetingId = meetingId,
            Mode = mode,
        };
        request.Participants.AddRange(participants);
        return await grpc.RecordMeetingHeldAsync(request, cancellationToken: cancellationToken);
    }

    /// <summary>AF's complementary labour-market assessment.</summary>
    public async Task<Round> RecordLabourMarketAssessmentAsync(
        Round current, DateOnly effectiveDate, string illnessImpact, string adaptationNeeds, CancellationToken cancellationToken = default) =>
        await grpc.RecordLabourMarketAssessmentAsync(new RecordLabourMarketAssessmentRequest
        {
            JointAssessmentId = current.JointAssessmentId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(),
            IllnessImpact = illnessImpact, AdaptationNeeds = adaptationNeeds,
        }, cancellationToken: cancellationToken);

    public async Task<Round> AssessActivityLevelAsync(
        Round current, DateOnly effectiveDate, double hoursPerWeek, Stability stability, CancellationToken cancellationToken = default) =>
        await grpc.AssessActivityLevelAsync(new AssessActivityLevelRequest
        {
            JointAssessmentId = current.JointAssessmentId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(),
            HoursPerWeek = hoursPerWeek, Stability = stability,
        }, cancellationToken: cancellationToken);

    /// <summary>Concludes the round with an agreed rehabilitation plan (needs the activity level and AF's assessment).</summary>
    public async Task<Round> EstablishPlanAsync(
        Round current, DateOnly effectiveDate, IEnumerable<Goal> goals, FirstOrientation firstOrientation,
        IEnumerable<PlannedIntervention>? plannedInterventions = null, CancellationToken cancellationToken = default)
    {
        var request = new EstablishPlanRequest
        {
            JointAssessmentId = current.JointAssessmentId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(),
            FirstOrientation = firstOrientation,
        };
        request.Goals.AddRange(goals);
        request.PlannedInterventions.AddRange(plannedInterventions ?? []);
        return await grpc.EstablishPlanAsync(request, cancellationToken: cancellationToken);
    }

    /// <summary>Concludes the round without a plan, with the reasons (and whom the person was referred to).</summary>
    public async Task<Round> DecideNotToProceedAsync(
        Round current, DateOnly effectiveDate, IEnumerable<NotProceedingReason> reasons, string? referredTo = null,
        CancellationToken cancellationToken = default)
    {
        var request = new DecideNotToProceedRequest
        {
            JointAssessmentId = current.JointAssessmentId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), ReferredTo = referredTo ?? "",
        };
        request.Reasons.AddRange(reasons);
        return await grpc.DecideNotToProceedAsync(request, cancellationToken: cancellationToken);
    }

    /// <summary>Cancels an open round; its scheduled meetings are cancelled too. <paramref name="note"/> is required with reason Other.</summary>
    public async Task<Round> CancelAsync(
        Round current, DateOnly effectiveDate, RoundCancellationReason reason, Participant cancelledBy, string? note = null,
        CancellationToken cancellationToken = default) =>
        await grpc.CancelJointAssessmentAsync(new CancelJointAssessmentRequest
        {
            JointAssessmentId = current.JointAssessmentId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), Reason = reason,
            CancelledBy = cancelledBy, Note = note ?? "",
        }, cancellationToken: cancellationToken);
}
