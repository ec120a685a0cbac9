using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Common.V1;
using Rehab.Contracts.Transition.V1;

namespace Rehab.Client;

/// <summary>
/// Kontaktmöte and omställningsmöte (<c>rehab.transition.v1.TransitionMeetingsService</c>). Opening a meeting fills an empty
/// <c>request_id</c> once (retries never open a second one); each later step takes the meeting as last read and sends its
/// etag: if someone changed it since, the call throws <see cref="Errors.RehabConflictException"/>.
/// </summary>
public sealed class TransitionMeetingsClient(TransitionMeetingsService.TransitionMeetingsServiceClient grpc)
{
    /// <summary>The generated stub, for calls this facade does not cover; it carries the same headers, deadlines and errors.</summary>
    public TransitionMeetingsService.TransitionMeetingsServiceClient Grpc => grpc;

    public async Task<Meeting> GetAsync(string meetingId, CancellationToken cancellationToken = default) =>
        await grpc.GetMeetingAsync(new GetMeetingRequest { MeetingId = meetingId }, cancellationToken: cancellationToken);

    /// <summary>One page; <paramref name="request"/> carries the filters, page size and token.</summary>
    public async Task<ListMeetingsResponse> ListPageAsync(ListMeetingsRequest request, CancellationToken cancellationToken = default) =>
        await grpc.ListMeetingsAsync(request, cancellationToken: cancellationToken);

    /// <summary>Every meeting matching <paramref name="filter"/> the caller may see, fetching pages as the caller reads on.</summary>
    public IAsyncEnumerable<Meeting> ListAllAsync(ListMeetingsRequest? filter = null, CancellationToken cancellationToken = default)
    {
        var template = filter ?? new ListMeetingsRequest();
        return Paging.AllAsync(
            async (token, ct) =>
            {
                var page = template.Clone();
                page.PageToken = token;
                return await grpc.ListMeetingsAsync(page, cancellationToken: ct);
            },
            page => page.Meetings, page => page.NextPageToken, cancellationToken);
    }

    /// <summary>Kontaktmöte → Eligible, from FK's rehabilitation-chain day in the facts feed.</summary>
    public async Task<Meeting> AssessContactMeetingEligibilityAsync(
        AssessContactMeetingEligibilityRequest request, CancellationToken cancellationToken = default)
    {
        RequestIds.EnsureSet(request);
        return await grpc.AssessContactMeetingEligibilityAsync(request, cancellationToken: cancellationToken);
    }

    /// <summary>Omställningsmöte → Triggered: FK is considering not granting continued sickness benefit.</summary>
    public async Task<Meeting> TriggerAsync(TriggerTransitionMeetingRequest request, CancellationToken cancellationToken = default)
    {
        RequestIds.EnsureSet(request);
        return await grpc.TriggerTransitionMeetingAsync(request, cancellationToken: cancellationToken);
    }

    /// <summary>FK offers the meeting; <paramref name="fkOfficeId"/> is required when it has no FK office yet (triggered from a refusal).</summary>
    public async Task<Meeting> OfferAsync(Meeting current, DateOnly effectiveDate, string? fkOfficeId = null, CancellationToken cancellationToken = default) =>
        await grpc.OfferMeetingAsync(new OfferMeetingRequest
        {
            MeetingId = current.MeetingId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), FkOfficeId = fkOfficeId ?? "",
        }, cancellationToken: cancellationToken);

    /// <summary>The individual accepts or declines, recorded on their behalf with the channel.</summary>
    public async Task<Meeting> RecordResponseAsync(
        Meeting current, DateOnly effectiveDate, Response response, Channel channel, CancellationToken cancellationToken = default) =>
        await grpc.RecordMeetingResponseAsync(new RecordMeetingResponseRequest
        {
            MeetingId = current.MeetingId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), Response = response, Channel = channel,
        }, cancellationToken: cancellationToken);

    /// <summary>Held on <paramref name="effectiveDate"/>; <paramref name="afOfficeId"/> is the AF office that took part.</summary>
    public async Task<Meeting> RecordHeldAsync(
        Meeting current, DateOnly effectiveDate, MeetingMode mode, IEnumerable<Participant> participants, string afOfficeId,
        CancellationToken cancellationToken = default)
    {
        var request = new RecordMeetingHeldRequest
        {
            MeetingId = current.MeetingId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), Mode = mode, AfOfficeId = afOfficeId,
        };
        request.Participants.AddRange(participants);
        return await grpc.RecordMeetingHeldAsync(request, cancellationToken: cancellationToken);
    }

    public async Task<Meeting> RecordNoShowAsync(Meeting current, DateOnly effectiveDate, CancellationToken cancellationToken = default) =>
        await grpc.RecordMeetingNoShowAsync(new RecordMeetingNoShowRequest
        {
            MeetingId = current.MeetingId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(),
        }, cancellationToken: cancellationToken);

    /// <summary>Omställningsmöte: AF offers an attendee support to register as a job seeker.</summary>
    public async Task<Meeting> OfferRegistrationSupportAsync(
        Meeting current, DateOnly effectiveDate, string afOfficeId, CancellationToken cancellationToken = default) =>
        await grpc.OfferRegistrationSupportAsync(new OfferRegistrationSupportRequest
        {
            MeetingId = current.MeetingId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), AfOfficeId = afOfficeId,
        }, cancellationToken: cancellationToken);

    public async Task<Meeting> RecordRegistrationSupportResponseAsync(
        Meeting current, DateOnly effectiveDate, Response response, Channel channel, CancellationToken cancellationToken = default) =>
        await grpc.RecordRegistrationSupportResponseAsync(new RecordRegistrationSupportResponseRequest
        {
            MeetingId = current.MeetingId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), Response = response, Channel = channel,
        }, cancellationToken: cancellationToken);
}
