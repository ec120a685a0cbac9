using Grpc.Core;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Transition.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Channel = Rehab.Contracts.Common.V1.Channel;

namespace Rehab.TransitionMeetings.Tests.EndToEnd;

/// <summary>
/// Issue 7 through the gateway: kontaktmöte and omställningsmöte in every branch (declined, no-show, held with and without
/// registration support accepted), the guards, the facts feed (chain days, refusals, AF registrations) published on the facts
/// topic in its wire form, duplicate delivery, access and audit.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class TransitionMeetingsThroughGatewayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private PlatformHost Platform => fixture.Platform;

    private static DateOnly Today => ReferralJourney.Today;

    [Fact]
    public async Task A_kontaktmote_from_chain_day_91_is_offered_accepted_and_held_and_the_job_search_runs_until_the_date_of_day_180()
    {
        var journey = new TransitionJourney(Platform);
        var person = TransitionJourney.NewPerson();
        await journey.Facts.ChainDayAsync(person, "SC-K1", day: 100, on: Today.AddDays(-10));

        var m = await journey.AssessAsync(person, "SC-K1", -5);
        Assert.Equal((MeetingType.ContactMeeting, MeetingState.Eligible, 105), (m.MeetingType, m.State, m.ChainDayAtEligibility));
        m = await journey.OfferAsync(m, -4);
        Assert.Equal(106, m.ChainDayAtOffer);
        m = await journey.AnswerAsync(m, -3, Response.Accepted);
        m = await journey.HoldAsync(m, -1);

        Assert.Equal(MeetingState.Completed, m.State);
        Assert.Equal(180, m.RetainedBenefitJobSearch.UntilDay);
        Assert.Equal(TransitionJourney.Day(70), m.RetainedBenefitJobSearch.UntilDate);
        Assert.StartsWith($"day 180 = {Today.AddDays(70):yyyy-MM-dd} (chain day 100 on {Today.AddDays(-10):yyyy-MM-dd} + 80 days)",
            m.RetainedBenefitJobSearch.Explanation, StringComparison.Ordinal);
        Assert.Equal(["ContactMeetingEligibilityAssessed", "MeetingOffered", "MeetingAccepted", "MeetingHeld", "RetainedBenefitJobSearchStarted"],
            await journey.StoredTypesAsync(m.MeetingId));
        var held = (await journey.StoredEventsAsync(m.MeetingId))[3].Unpack<MeetingHeld>();
        Assert.Equal((MeetingType.ContactMeeting, BenefitType.SicknessBenefit, person), (held.Meeting.MeetingType, held.Meeting.BenefitType, held.Meeting.PersonId));
        Assert.Equal(TransitionJourney.Day(-1), held.EffectiveDate);
    }

    [Fact]
    public async Task A_kontaktmote_before_chain_day_91_is_rejected_and_a_declined_or_missed_one_ends_there()
    {
        var journey = new TransitionJourney(Platform);
        var early = TransitionJourney.NewPerson();
        await journey.Facts.ChainDayAsync(early, "SC-K2", day: 85, on: Today.AddDays(-1));
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "contact_meeting.earliest_day",
            () => journey.AssessAsync(early, "SC-K2", 0));

        var decliner = TransitionJourney.NewPerson();
        await journey.Facts.ChainDayAsync(decliner, "SC-K3", day: 120, on: Today.AddDays(-1));
        var declined = await journey.AnswerAsync(await journey.OfferAsync(await journey.AssessAsync(decliner, "SC-K3", 0), 0), 0, Response.Declined);
        Assert.Equal((MeetingState.Declined, Response.Declined, Channel.Phone), (declined.State, declined.Response.Response, declined.Response.Channel));

        var missed = await journey.AnswerAsync(await journey.OfferAsync(await journey.AssessAsync(decliner, "SC-K3", 0), 0), 0, Response.Accepted);
        missed = await journey.Client.RecordMeetingNoShowAsync(new RecordMeetingNoShowRequest
        {
            MeetingId = missed.MeetingId, Etag = missed.Etag, EffectiveDate = TransitionJourney.Day(0),
        }, journey.Fk);
        Assert.Equal((MeetingState.NoShow, TransitionJourney.Day(0)), (missed.State, missed.NoShowDate));
        Assert.Null(missed.RetainedBenefitJobSearch);
    }

    [Fact]
    public async Task An_omstallningsmote_held_with_registration_support_accepted_learns_the_registration_inside_the_SGI_deadline_from_the_facts()
    {
        var journey = new TransitionJourney(Platform);
        var person = TransitionJourney.NewPerson();
        var m = await journey.TriggerAsync(person, -20);
        Assert.Equal((MeetingType.TransitionMeeting, MeetingState.Triggered), (m.MeetingType, m.State));
        m = await journey.OfferAsync(m, -19);
        m = await journey.AnswerAsync(m, -18, Response.Accepted);
        m = await journey.HoldAsync(m, -15);
        Assert.Equal(MeetingState.Held, m.State);
        Assert.True(m.SgiInformation.AtMeeting);
        Assert.False(m.Registration.RegisteredAfterMeeting);
        m = await journey.SupportAsync(m, -15, Response.Accepted);
        Assert.Equal((MeetingState.Completed, Response.Accepted), (m.State, m.RegistrationSupport.Response.Response));

        // FK refuses continued sickness benefit (last day -12: SGI deadline +13); the person registers at AF on day -5.
        await journey.Facts.RefusalAsync(person, BenefitType.SicknessBenefit, Today.AddDays(-14), Today.AddDays(-12));
        await journey.Facts.RegistrationAsync(person, Today.AddDays(-5));

        m = await journey.GetAsync(m.MeetingId);
        Assert.Equal(TransitionJourney.Day(-14), m.Refusal.DecisionDate);
        Assert.Equal((true, TransitionJourney.Day(-5), TransitionJourney.Day(13)),
            (m.Registration.RegisteredAfterMeeting, m.Registration.RegistrationDate, m.Registration.SgiDeadlineDate));
        Assert.True(m.Registration.RegisteredWithinSgiDeadline);
        Assert.True(m.Registration.RegisteredWithinNDays);

        var events = await journey.StoredEventsAsync(m.MeetingId);
        var registered = events.Last(e => e.Type == RegistrationAfterMeetingRecorded.Descriptor.FullName).Unpack<RegistrationAfterMeetingRecorded>();
        Assert.Equal((TransitionJourney.Day(-15), TransitionJourney.Day(-5)), (registered.HeldDate, registered.EffectiveDate));
        Assert.Equal((MeetingType.TransitionMeeting, TransitionTrigger.SicknessBenefitRefusalConsidered, Contracts.Common.V1.Gender.Woman),
            (registered.Meeting.MeetingType, registered.Meeting.Trigger, registered.Meeting.Gender));
    }

    [Fact]
    public async Task An_omstallningsmote_held_with_registration_support_declined_stays_not_registered_when_AF_registered_the_person_before_the_meeting()
    {
        var journey = new TransitionJourney(Platform);
        var person = TransitionJourney.NewPerson();
        await journey.Facts.RegistrationAsync(person, Today.AddDays(-30));
        var m = await journey.HoldAsync(await journey.OfferAsync(await journey.TriggerAsync(person, -10), -9), -8);
        // Held straight from Offered: acceptance is implied (D5).
        Assert.True(m.Response.Implied);
        m = await journey.SupportAsync(m, -8, Response.Declined);
        await journey.Facts.RefusalAsync(person, BenefitType.SicknessBenefit, Today.AddDays(-7), Today.AddDays(-7));

        m = await journey.GetAsync(m.MeetingId);
        Assert.Equal((MeetingState.Completed, Response.Declined), (m.State, m.RegistrationSupport.Response.Response));
        Assert.False(m.Registration.RegisteredAfterMeeting);
        Assert.Equal(TransitionJourney.Day(18), m.Registration.SgiDeadlineDate);
        Assert.Contains("AfRegistrationSupportDeclined", await journey.StoredTypesAsync(m.MeetingId));
    }

    [Fact]
    public async Task A_declined_omstallningsmote_still_records_the_SGI_information_and_a_missed_one_records_the_no_show()
    {
        var journey = new TransitionJourney(Platform);
        var declined = await journey.AnswerAsync(await journey.OfferAsync(await journey.TriggerAsync(TransitionJourney.NewPerson(), -3), -3), -2, Response.Declined);
        declined = await journey.Client.RecordSgiInformationProvidedAsync(new RecordSgiInformationProvidedRequest
        {
            MeetingId = declined.MeetingId, Etag = declined.Etag, EffectiveDate = TransitionJourney.Day(-2), Channel = Channel.Letter,
        }, journey.Fk);
        Assert.Equal((MeetingState.Declined, Channel.Letter, false), (declined.State, declined.SgiInformation.Channel, declined.SgiInformation.AtMeeting));
        Assert.Equal(["TransitionMeetingTriggered", "MeetingOffered", "MeetingDeclined", "SgiInformationProvided"],
            await journey.StoredTypesAsync(declined.MeetingId));

        var missed = await journey.AnswerAsync(await journey.OfferAsync(await journey.TriggerAsync(TransitionJourney.NewPerson(), -3), -3), -2, Response.Accepted);
        missed = await journey.Client.RecordMeetingNoShowAsync(new RecordMeetingNoShowRequest
        {
            MeetingId = missed.MeetingId, Etag = missed.Etag, EffectiveDate = TransitionJourney.Day(-1),
        }, journey.Fk);
        Assert.Equal(MeetingState.NoShow, missed.State);
        // A no-show ends the meeting: it cannot be recorded as held afterwards (nor does AF, which never attended, see it).
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "meeting.transition", () => journey.HoldAsync(missed, 0));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "offices you do not serve",
            () => journey.Client.GetMeetingAsync(new GetMeetingRequest { MeetingId = missed.MeetingId }, journey.Af).ResponseAsync);
    }

    [Fact]
    public async Task The_guards_answer_failed_precondition_naming_the_rule()
    {
        var journey = new TransitionJourney(Platform);
        var refusedFirst = TransitionJourney.NewPerson();
        await journey.Facts.RefusalAsync(refusedFirst, BenefitType.SicknessBenefit, Today.AddDays(-3), Today.AddDays(-3), firstApplication: true);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "transition_meeting.first_application_refused",
            () => journey.TriggerAsync(refusedFirst, 0));

        var m = await journey.OfferAsync(await journey.TriggerAsync(TransitionJourney.NewPerson(), -5), -3);
        var error = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "chronology",
            () => journey.HoldAsync(m, -4));
        Assert.Contains("offered_date", error.Status.Detail, StringComparison.Ordinal);

        var triggered = await journey.TriggerAsync(TransitionJourney.NewPerson(), 0);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "meeting.transition", () => journey.HoldAsync(triggered, 0));
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "trigger", () => journey.Client.TriggerTransitionMeetingAsync(
            new TriggerTransitionMeetingRequest(journey.Trigger(TransitionJourney.NewPerson(), 0)) { Trigger = TransitionTrigger.ActivityCompensationRefused }, journey.Fk).ResponseAsync);
    }

    [Fact]
    public async Task An_activity_compensation_refusal_in_the_facts_triggers_one_omstallningsmote_however_often_it_is_delivered()
    {
        var journey = new TransitionJourney(Platform);
        var person = TransitionJourney.NewPerson();
        var refusal = await journey.Facts.RefusalAsync(person, BenefitType.ActivityCompensation, Today.AddDays(-2), Today.AddDays(-2));

        var m = Assert.Single(await journey.MeetingsOfAsync(person));
        Assert.Equal((TransitionTrigger.ActivityCompensationRefused, BenefitType.ActivityCompensation, ""), (m.Trigger, m.BenefitType, m.FkOfficeId));
        Assert.Equal(TransitionJourney.Day(-2), m.Refusal.LastBenefitDay);
        var before = await journey.StoredEventsAsync(m.MeetingId);

        // The same CloudEvent again (the inbox), and the same revision under a new CloudEvent id (content-based idempotence).
        await journey.Facts.DeliverAsync(refusal);
        await journey.Facts.DeliverAsync(refusal with { Id = Guid.CreateVersion7().ToString() });
        Assert.Equal(m.MeetingId, Assert.Single(await journey.MeetingsOfAsync(person)).MeetingId);
        Assert.Equal(before.Select(e => e.Id), (await journey.StoredEventsAsync(m.MeetingId)).Select(e => e.Id));

        // An FK officer takes it from the national intake into an office, and the meeting is held.
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "fk_office_id", () => journey.OfferAsync(m, -1));
        m = await journey.OfferAsync(m, -1, ReferralJourney.FkOffice);
        m = await journey.HoldAsync(m, 0);
        Assert.Equal((MeetingState.Held, ReferralJourney.FkOffice), (m.State, m.FkOfficeId));
        Assert.Equal(TransitionJourney.Day(23), m.Registration.SgiDeadlineDate);
        Assert.Equal(["TransitionMeetingTriggered", "MeetingOffered", "MeetingAccepted", "MeetingHeld", "SgiInformationProvided", "RegistrationAfterMeetingRecorded"],
            await journey.StoredTypesAsync(m.MeetingId));
    }

    [Fact]
    public async Task Officers_of_other_offices_cannot_read_a_meeting_the_lists_filter_and_every_personal_read_is_audited()
    {
        var journey = new TransitionJourney(Platform);
        var person = TransitionJourney.NewPerson();
        var m = await journey.HoldAsync(await journey.OfferAsync(await journey.TriggerAsync(person, -2), -2), -1);

        Assert.Equal(m.MeetingId, (await journey.GetAsync(m.MeetingId)).MeetingId);
        Assert.Equal(m.MeetingId, (await journey.Client.GetMeetingAsync(new GetMeetingRequest { MeetingId = m.MeetingId }, journey.Af)).MeetingId);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "offices you do not serve", () => journey.Client.GetMeetingAsync(
            new GetMeetingRequest { MeetingId = m.MeetingId }, PlatformHost.As(DevTokens.FkOfficer("fk-office-elsewhere"))).ResponseAsync);
        Assert.Empty((await journey.Client.ListMeetingsAsync(new ListMeetingsRequest { PersonId = person },
            PlatformHost.As(DevTokens.AfOfficer("af-office-elsewhere")))).Meetings);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "", () => journey.Client.GetMeetingAsync(
            new GetMeetingRequest { MeetingId = m.MeetingId }, PlatformHost.As(DevTokens.ForRole(Rehab.BuildingBlocks.Security.Role.Analyst))).ResponseAsync);

        var list = await journey.Client.ListMeetingsAsync(new ListMeetingsRequest
        {
            PersonId = person, MeetingType = MeetingType.TransitionMeeting, State = MeetingState.Held, OfficeId = ReferralJourney.FkOffice,
            FromDate = TransitionJourney.Day(-2), ToDate = TransitionJourney.Day(-2), PageSize = 1,
        }, journey.Fk);
        Assert.Equal(m.MeetingId, Assert.Single(list.Meetings).MeetingId);
        Assert.Empty((await journey.Client.ListMeetingsAsync(new ListMeetingsRequest
        {
            PersonId = person, MeetingType = MeetingType.ContactMeeting,
        }, journey.Fk)).Meetings);

        var entries = new List<AuditEntry>();
        await foreach (var record in Platform.AuditOf("transition-meetings").ReadAllAsync()) entries.Add(record.Entry);
        Assert.Contains(entries, e => e.RecordId == m.MeetingId && e.Action == AuditAction.Read && e.UserId == "fk-officer-1");
        Assert.Contains(entries, e => e.RecordId == m.MeetingId && e.Action == AuditAction.Read && e.UserId == "af-officer-1");
        Assert.True((await Platform.AuditOf("transition-meetings").VerifyAsync()).IsValid);
    }
}

/// <summary>The JSON routes (google.api.http) reach the service through the gateway's HTTP/1 listener.</summary>
[Trait("Tier", "Redis")]
public sealed class TransitionMeetingsJsonTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task An_omstallningsmote_is_triggered_and_read_back_as_JSON()
    {
        var http = fixture.Platform.GatewayHttp;
        var token = DevTokens.For(DevTokens.FkOfficer(ReferralJourney.FkOffice));
        var person = TransitionJourney.NewPerson();
        var today = ReferralJourney.Today;
        using var trigger = new HttpRequestMessage(HttpMethod.Post, "/v1/transition-meetings/transition:trigger")
        {
            Content = new StringContent(
                $$"""{"requestId":"{{Guid.NewGuid()}}","personId":"{{person}}","sickCaseId":"SC-J1","fkOfficeId":"{{ReferralJourney.FkOffice}}","effectiveDate":{"year":{{today.Year}},"month":{{today.Month}},"day":{{today.Day}}},"trigger":"TRANSITION_TRIGGER_SICKNESS_BENEFIT_REFUSAL_CONSIDERED"}""",
                System.Text.Encoding.UTF8, "application/json"),
        };
        trigger.Headers.Add("authorization", "Bearer " + token);
        trigger.Headers.Add("x-rehab-purpose", "case handling");
        using var created = await http.SendAsync(trigger);
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, body);
        var id = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("meetingId").GetString();

        using var get = new HttpRequestMessage(HttpMethod.Get, $"/v1/transition-meetings/{id}");
        get.Headers.Add("authorization", "Bearer " + token);
        get.Headers.Add("x-rehab-purpose", "case handling");
        using var read = await http.SendAsync(get);
        Assert.Contains("MEETING_STATE_TRIGGERED", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
