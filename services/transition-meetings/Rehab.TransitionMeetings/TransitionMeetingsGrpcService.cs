using Grpc.Core;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.Transition.V1;
using Domain = Rehab.TransitionMeetings.Domain;
using Meeting = Rehab.Contracts.Transition.V1.Meeting;

namespace Rehab.TransitionMeetings;

/// <summary>Thin adapter over the transition-meetings domain: map the request, read the person's facts, decide, store, map the reply.</summary>
public sealed class TransitionMeetingsGrpcService(
    PersonalRecords<Domain.Meeting> meetings, AggregateRepository<Domain.Meeting> store, PersonMeetings people, MeetingAccess access, ICallerContext caller,
    Domain.TransitionRules rules, MeetingHistoryImport history, TimeProvider time)
    : TransitionMeetingsService.TransitionMeetingsServiceBase
{
    private static readonly string[] AllFields =
        ["person_id", "sick_case_id", "gender", "benefit_type", "chain_day", "response", "held", "sgi_information", "registration_support",
         "refusal", "registration"];

    private DateOnly Today => CivilTime.Today(time);

    private static DateOnly? Effective(Google.Type.Date? date) => date.ToOptionalDateOnly("effective_date");

    public override async Task<Meeting> AssessContactMeetingEligibility(AssessContactMeetingEligibilityRequest request, ServerCallContext context)
    {
        var personId = RequirePerson(request.PersonId);
        if (request.FkOfficeId.OrNull() is { } office) caller.EnsureServesOffice(office);
        var facts = await people.FactsAsync(personId, context.CancellationToken);
        var input = new Domain.NewContactMeeting(
            personId, request.SickCaseId.OrNull(), request.FkOfficeId.OrNull(), (Gender)request.Gender, Effective(request.EffectiveDate),
            request.RiskOfNotReturningToEmployer, request.NoReducedCapacityForNormalWork);
        return await CreateAsync(personId, request.RequestId, (id, sequence) =>
            Domain.Meeting.AssessContactMeetingEligibility(id, sequence, input, facts.Facts, rules, Today), context);
    }

    public override async Task<Meeting> TriggerTransitionMeeting(TriggerTransitionMeetingRequest request, ServerCallContext context)
    {
        var personId = RequirePerson(request.PersonId);
        if (request.FkOfficeId.OrNull() is { } office) caller.EnsureServesOffice(office);
        var facts = await people.FactsAsync(personId, context.CancellationToken);
        var input = new Domain.NewTransitionMeeting(
            personId, request.SickCaseId.OrNull(), request.FkOfficeId.OrNull(), (Gender)request.Gender, Effective(request.EffectiveDate),
            (Domain.TransitionTrigger)request.Trigger);
        return await CreateAsync(personId, request.RequestId, (id, sequence) =>
            Domain.Meeting.TriggerTransitionMeeting(id, sequence, input, facts.Facts, facts.Version, rules, Today), context);
    }

    public override async Task<Meeting> OfferMeeting(OfferMeetingRequest request, ServerCallContext context)
    {
        var office = request.FkOfficeId.OrNull();
        if (office is not null) caller.EnsureServesOffice(office);
        return await UpdateWithFactsAsync(request.MeetingId, request.Etag, context, ["state", "offered_date", "fk_office_id"],
            (m, facts) => m.Offer(Effective(request.EffectiveDate), office, facts.Facts, rules, Today));
    }

    public override Task<Meeting> RecordMeetingResponse(RecordMeetingResponseRequest request, ServerCallContext context) =>
        Update(request.MeetingId, request.Etag, context, ["state", "response"], m => m.RecordResponse(
            Effective(request.EffectiveDate), (Domain.Response)request.Response, (Channel)request.Channel, Today));

    public override async Task<Meeting> RecordMeetingHeld(RecordMeetingHeldRequest request, ServerCallContext context) =>
        await UpdateWithFactsAsync(request.MeetingId, request.Etag, context, ["state", "held", "response", "sgi_information", "registration"],
            (m, facts) => m.RecordHeld(Effective(request.EffectiveDate), (Domain.MeetingMode)request.Mode,
                request.Participants.Select(p => (Domain.Participant)p).ToList(), request.AfOfficeId.OrNull(), facts.Facts, facts.Version, rules, Today));

    public override Task<Meeting> RecordMeetingNoShow(RecordMeetingNoShowRequest request, ServerCallContext context) =>
        Update(request.MeetingId, request.Etag, context, ["state", "no_show_date"], m => m.RecordNoShow(Effective(request.EffectiveDate), Today));

    public override Task<Meeting> RecordSgiInformationProvided(RecordSgiInformationProvidedRequest request, ServerCallContext context) =>
        Update(request.MeetingId, request.Etag, context, ["sgi_information"], m => m.RecordSgiInformationProvided(
            Effective(request.EffectiveDate), (Channel)request.Channel, Today));

    public override Task<Meeting> OfferRegistrationSupport(OfferRegistrationSupportRequest request, ServerCallContext context)
    {
        var office = request.AfOfficeId.OrNull();
        if (office is not null) caller.EnsureServesOffice(office);
        return Update(request.MeetingId, request.Etag, context, ["state", "registration_support"], m => m.OfferRegistrationSupport(
            Effective(request.EffectiveDate), office, Today));
    }

    public override Task<Meeting> RecordRegistrationSupportResponse(RecordRegistrationSupportResponseRequest request, ServerCallContext context) =>
        Update(request.MeetingId, request.Etag, context, ["state", "registration_support"], m => m.RecordRegistrationSupportResponse(
            Effective(request.EffectiveDate), (Domain.Response)request.Response, (Channel)request.Channel, Today));

    public override Task<ImportMeetingHistoryResponse> ImportMeetingHistory(ImportMeetingHistoryRequest request, ServerCallContext context) =>
        history.ImportAsync(request, context.CancellationToken);

    public override async Task<Meeting> GetMeeting(GetMeetingRequest request, ServerCallContext context)
    {
        RequireId(request.MeetingId);
        return (await meetings.ReadAsync(request.MeetingId, access.Ensure, AllFields, context.CancellationToken)).ToContract();
    }

    public override async Task<ListMeetingsResponse> ListMeetings(ListMeetingsRequest request, ServerCallContext context)
    {
        var (from, to) = ListArguments.Validate(request.PageSize, request.FromDate, request.ToDate);
        var office = request.OfficeId.OrNull();
        if (office is not null) caller.EnsureServesOffice(office);
        var filter = new MeetingFilter(
            request.MeetingType == MeetingType.Unspecified ? null : (Domain.MeetingType)request.MeetingType,
            request.State == MeetingState.Unspecified ? null : (Domain.MeetingState)request.State,
            office, request.PersonId.OrNull(), from, to);
        var (items, next) = await meetings.ListAsync(
            filter.Matches, access.CanAccess, request.PageSize, request.PageToken.OrNull(), AllFields, context.CancellationToken);
        var response = new ListMeetingsResponse { NextPageToken = next };
        response.Meetings.AddRange(items.Select(i => i.ToContract()));
        return response;
    }

    private async Task<Meeting> CreateAsync(
        string personId, string requestId, Func<string, int, Change<Domain.Meeting>> decide, ServerCallContext context) =>
        (await people.CreateAsync(personId, sequence => meetings.CreateAsync(
            personId, requestId.OrNull(), id => decide(id, sequence), AllFields, context.CancellationToken), context.CancellationToken)).ToContract();

    private async Task<Meeting> UpdateWithFactsAsync(
        string id, string etag, ServerCallContext context, string[] changedFields, Func<Domain.Meeting, FactsSnapshot, Change<Domain.Meeting>> decide)
    {
        RequireId(id);
        // The person's facts as they count now; the meeting names the person, so read it first (its version is checked on commit).
        // Read after the meeting, the facts are at least as new as any the meeting was joined with.
        var current = await store.GetAsync(id, context.CancellationToken);
        var facts = await people.FactsAsync(current.State.PersonId, context.CancellationToken);
        return (await meetings.ChangeAsync(id, etag, access.Ensure, m => decide(m, facts), changedFields, context.CancellationToken)).ToContract();
    }

    private async Task<Meeting> Update(
        string id, string etag, ServerCallContext context, string[] changedFields, Func<Domain.Meeting, Change<Domain.Meeting>> decide)
    {
        RequireId(id);
        return (await meetings.ChangeAsync(id, etag, access.Ensure, decide, changedFields, context.CancellationToken)).ToContract();
    }

    private static string RequirePerson(string personId)
    {
        new Violations().RequireText(personId, "person_id").ThrowIfAny();
        return personId.Trim();
    }

    private static void RequireId(string id) => new Violations().RequireText(id, "meeting_id").ThrowIfAny();
}

/// <summary>The filters of ListMeetings, as a predicate over the domain state.</summary>
internal sealed record MeetingFilter(
    Domain.MeetingType? Type, Domain.MeetingState? State, string? OfficeId, string? PersonId, DateOnly? From, DateOnly? To)
{
    public bool Matches(Domain.Meeting m) =>
        (Type is null || m.MeetingType == Type)
        && (State is null || m.State == State)
        && (OfficeId is null || m.FkOfficeId == OfficeId || m.AfOfficeId == OfficeId)
        && (PersonId is null || m.PersonId == PersonId)
        && (From is null || m.OpenedDate >= From)
        && (To is null || m.OpenedDate <= To);
}
