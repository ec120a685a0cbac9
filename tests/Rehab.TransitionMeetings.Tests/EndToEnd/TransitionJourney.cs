using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts.Transition.V1;
using Rehab.Testing.Platform;
using Channel = Rehab.Contracts.Common.V1.Channel;
using Gender = Rehab.Contracts.Common.V1.Gender;

namespace Rehab.TransitionMeetings.Tests.EndToEnd;

/// <summary>Drives transition meetings through the gateway as FK and AF officers do (dates are days from today).</summary>
public sealed class TransitionJourney(PlatformHost platform)
{
    public static readonly Participant[] Core = [Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer];

    public TransitionMeetingsService.TransitionMeetingsServiceClient Client => platform.TransitionMeetings;

    public Metadata Fk { get; } = PlatformHost.As(Rehab.Testing.DevTokens.FkOfficer(ReferralJourney.FkOffice));

    public Metadata Af { get; } = PlatformHost.As(Rehab.Testing.DevTokens.AfOfficer(ReferralJourney.AfOffice));

    public FactsFeed Facts { get; } = new(platform);

    public static string NewPerson() => "person-" + Guid.NewGuid().ToString("N");

    public static Google.Type.Date Day(int offset) => ReferralJourney.Day(offset);

    public async Task<Meeting> AssessAsync(string personId, string sickCaseId, int day) =>
        await Client.AssessContactMeetingEligibilityAsync(new AssessContactMeetingEligibilityRequest
        {
            RequestId = Guid.NewGuid().ToString(), PersonId = personId, SickCaseId = sickCaseId, FkOfficeId = ReferralJourney.FkOffice,
            Gender = Gender.Man, EffectiveDate = Day(day), RiskOfNotReturningToEmployer = true,
        }, Fk);

    public TriggerTransitionMeetingRequest Trigger(string personId, int day) => new()
    {
        RequestId = Guid.NewGuid().ToString(), PersonId = personId, SickCaseId = "SC-" + personId[^6..], FkOfficeId = ReferralJourney.FkOffice,
        Gender = Gender.Woman, EffectiveDate = Day(day), Trigger = TransitionTrigger.SicknessBenefitRefusalConsidered,
    };

    public async Task<Meeting> TriggerAsync(string personId, int day) => await Client.TriggerTransitionMeetingAsync(Trigger(personId, day), Fk);

    public async Task<Meeting> OfferAsync(Meeting m, int day, string fkOffice = "") =>
        await Client.OfferMeetingAsync(new OfferMeetingRequest { MeetingId = m.MeetingId, Etag = m.Etag, EffectiveDate = Day(day), FkOfficeId = fkOffice }, Fk);

    public async Task<Meeting> AnswerAsync(Meeting m, int day, Response response) =>
        await Client.RecordMeetingResponseAsync(new RecordMeetingResponseRequest
        {
            MeetingId = m.MeetingId, Etag = m.Etag, EffectiveDate = Day(day), Response = response, Channel = Channel.Phone,
        }, Fk);

    public static RecordMeetingHeldRequest Held(Meeting m, int day)
    {
        var request = new RecordMeetingHeldRequest
        {
            MeetingId = m.MeetingId, Etag = m.Etag, EffectiveDate = Day(day), Mode = MeetingMode.Physical, AfOfficeId = ReferralJourney.AfOffice,
        };
        request.Participants.AddRange(Core);
        return request;
    }

    public async Task<Meeting> HoldAsync(Meeting m, int day) => await Client.RecordMeetingHeldAsync(Held(m, day), Fk);

    public async Task<Meeting> SupportAsync(Meeting m, int day, Response response)
    {
        m = await Client.OfferRegistrationSupportAsync(new OfferRegistrationSupportRequest
        {
            MeetingId = m.MeetingId, Etag = m.Etag, EffectiveDate = Day(day), AfOfficeId = ReferralJourney.AfOffice,
        }, Af);
        return await Client.RecordRegistrationSupportResponseAsync(new RecordRegistrationSupportResponseRequest
        {
            MeetingId = m.MeetingId, Etag = m.Etag, EffectiveDate = Day(day), Response = response, Channel = Channel.InPerson,
        }, Af);
    }

    public async Task<Meeting> GetAsync(string meetingId) => await Client.GetMeetingAsync(new GetMeetingRequest { MeetingId = meetingId }, Fk);

    public async Task<IReadOnlyList<Meeting>> MeetingsOfAsync(string personId) =>
        (await Client.ListMeetingsAsync(new ListMeetingsRequest { PersonId = personId, PageSize = 500 }, Fk)).Meetings;

    /// <summary>The meeting's events in the service's event log (what the relay publishes), in order.</summary>
    public async Task<IReadOnlyList<CloudEvent>> StoredEventsAsync(string meetingId)
    {
        var events = new List<CloudEvent>();
        await foreach (var e in platform.TransitionMeetingsServices.GetRequiredService<EventLogReader>().ReadAllAsync("transition"))
            if (e.Subject == meetingId) events.Add(e);
        return events;
    }

    public async Task<IReadOnlyList<string>> StoredTypesAsync(string meetingId) =>
        (await StoredEventsAsync(meetingId)).Select(e => e.Type["rehab.transition.v1.".Length..]).ToList();
}
