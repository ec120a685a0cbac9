using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Common.V1;
using Rehab.Contracts.Transition.V1;

namespace Rehab.Cli;

/// <summary><c>rehab transition …</c>: kontaktmöte and omställningsmöte.</summary>
internal static class TransitionCommands
{
    private const string Id = "<meeting-id>";

    private static readonly OptionSpec Etag = new("etag", "act only if the meeting is still at this version (from an earlier read); a stale one exits 5. "
        + "Without it the tool reads the meeting first and acts on its current version", "etag");

    private static readonly OptionSpec EffectiveDate = new("effective", "the date the fact took effect: yyyy-MM-dd or today (default today, Europe/Stockholm)", "date");

    private static readonly OptionSpec ChannelOption = new("channel", $"how the individual conveyed it: {string.Join(", ", Names.Values<Channel>())}", "channel");

    public static CommandSpec[] All { get; } =
    [
        new("transition", "list", "Lists kontaktmöten and omställningsmöten the caller may see, newest first.", [],
        [
            new("type", $"only this kind: {string.Join(", ", Names.Values<MeetingType>())}", "type"),
            new("state", $"only this state: {string.Join(", ", Names.Values<MeetingState>())}", "state"),
            new("in-office", "only meetings of this FK or AF office", "office-id"),
            new("person", "only this person's meetings", "person-id"),
            new("from", "opened on or after this date", "date"),
            new("to", "opened on or before this date", "date"),
            new("limit", "show at most this many (default 50); pages are fetched as needed", "n"),
        ], ListAsync),
        new("transition", "show", "Shows a meeting: trigger, offer, response, held, SGI information, registration support and outcome.",
            [Id], [], async inv => Show(inv, await inv.Client.TransitionMeetings.GetAsync(inv.Argument(0)))),
        new("transition", "trigger", "FK opens an omställningsmöte while considering not granting continued sickness benefit.", [],
        [
            new("person", "the person's id (see 'rehab person ensure')", "person-id"),
            new("sick-case", "FK's sick case id", "id"),
            new("fk-office", "the FK office (default: the first --office)", "office-id"),
            new("gender", "woman or man (default unspecified)", "gender"),
            EffectiveDate,
            new("request-id", "idempotency key: a repeated trigger with the same id returns the first meeting (default: a new id)", "id"),
        ], TriggerAsync, "Refusals of activity or sickness compensation open a meeting from the facts feed by themselves; a refused first "
            + "application never does (exit 7)."),
        new("transition", "offer", "FK offers the meeting to the individual.", [Id],
        [
            new("fk-office", "the offering FK office; required when the meeting has none yet (opened from a refusal in the facts feed)", "office-id"),
            Etag, EffectiveDate,
        ], inv =>
        {
            var office = inv.Option("fk-office");
            return StepAsync(inv, (current, date) => inv.Client.TransitionMeetings.OfferAsync(current, date, office));
        }),
        new("transition", "respond", "FK records the individual's answer to the offer (accepted or declined), on their behalf.", [Id],
        [
            new("response", "accepted or declined", "response"), ChannelOption, Etag, EffectiveDate,
        ], inv =>
        {
            var (response, channel) = Answer(inv);
            return StepAsync(inv, (current, date) => inv.Client.TransitionMeetings.RecordResponseAsync(current, date, response, channel));
        }),
        new("transition", "held", "Records that the meeting was held on --effective (FK, AF and the individual take part).", [Id],
        [
            new("mode", $"{string.Join(", ", Names.Values<MeetingMode>())} (default physical)", "mode"),
            new("participant", $"who took part: {string.Join(", ", Names.Values<Participant>())} (default individual, fk-case-officer, af-officer)",
                "participant", Repeatable: true),
            new("af-office", "the AF office that took part (default: the first --office)", "office-id"),
            Etag, EffectiveDate,
        ], HeldAsync, "A held omställningsmöte gives the SGI information; a held kontaktmöte starts the job search with retained benefit."),
        new("transition", "no-show", "Records that the individual did not come to the meeting.", [Id], [Etag, EffectiveDate],
            inv => StepAsync(inv, (current, date) => inv.Client.TransitionMeetings.RecordNoShowAsync(current, date))),
        new("transition", "offer-support", "AF offers an attendee of an omställningsmöte support to register as a job seeker.", [Id],
        [
            new("af-office", "the offering AF office (default: the first --office)", "office-id"), Etag, EffectiveDate,
        ], inv =>
        {
            var office = AfOffice(inv);
            return StepAsync(inv, (current, date) => inv.Client.TransitionMeetings.OfferRegistrationSupportAsync(current, date, office));
        }),
        new("transition", "support-response", "AF records the attendee's answer to the registration support; the meeting is then completed.", [Id],
        [
            new("response", "accepted or declined", "response"), ChannelOption, Etag, EffectiveDate,
        ], inv =>
        {
            var (response, channel) = Answer(inv);
            return StepAsync(inv, (current, date) => inv.Client.TransitionMeetings.RecordRegistrationSupportResponseAsync(current, date, response, channel));
        }),
    ];

    private static async Task<int> TriggerAsync(Invocation inv)
    {
        var request = new TriggerTransitionMeetingRequest
        {
            RequestId = inv.Option("request-id") ?? "",
            PersonId = inv.Required("person"),
            SickCaseId = inv.Required("sick-case"),
            FkOfficeId = inv.Option("fk-office") ?? (inv.Many("office") is [var first, ..] ? first : null)
                ?? throw new UsageException("rehab transition trigger: --fk-office is required"),
            Gender = inv.Option("gender") is { } g ? Names.Parse<Gender>(g, "gender") : Gender.Unspecified,
            EffectiveDate = inv.Effective.ToProto(),
            Trigger = TransitionTrigger.SicknessBenefitRefusalConsidered,
        };
        return Show(inv, await inv.Client.TransitionMeetings.TriggerAsync(request));
    }

    private static Task<int> HeldAsync(Invocation inv)
    {
        var mode = Names.Parse<MeetingMode>(inv.Option("mode") ?? "physical", "mode");
        var participants = inv.Many("participant") is { Count: > 0 } given
            ? given.Select(p => Names.Parse<Participant>(p, "participant")).ToList()
            : [Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer];
        var office = AfOffice(inv);
        return StepAsync(inv, (current, date) => inv.Client.TransitionMeetings.RecordHeldAsync(current, date, mode, participants, office));
    }

    private static string AfOffice(Invocation inv) => inv.Option("af-office") ?? (inv.Many("office") is [var first, ..] ? first : null)
        ?? throw new UsageException($"rehab {inv.Command.Path}: --af-office is required");

    /// <summary>The individual's answer; without --channel the platform names the missing channel (exit 3).</summary>
    private static (Response Response, Channel Channel) Answer(Invocation inv) =>
        (Names.Parse<Response>(inv.Required("response"), "response"),
         inv.Option("channel") is { } c ? Names.Parse<Channel>(c, "channel") : Channel.Unspecified);

    /// <summary>A step on the version to act on: the one named by --etag, else the meeting as it is now.</summary>
    private static async Task<int> StepAsync(Invocation inv, Func<Meeting, DateOnly, Task<Meeting>> step)
    {
        var date = inv.Effective;
        var current = inv.Option("etag") is { } etag
            ? new Meeting { MeetingId = inv.Argument(0), Etag = etag }
            : await inv.Client.TransitionMeetings.GetAsync(inv.Argument(0));
        return Show(inv, await step(current, date));
    }

    private static async Task<int> ListAsync(Invocation inv)
    {
        var filter = new ListMeetingsRequest
        {
            MeetingType = inv.Option("type") is { } t ? Names.Parse<MeetingType>(t, "type") : MeetingType.Unspecified,
            State = inv.Option("state") is { } s ? Names.Parse<MeetingState>(s, "state") : MeetingState.Unspecified,
            OfficeId = inv.Option("in-office") ?? "",
            PersonId = inv.Option("person") ?? "",
            FromDate = inv.DateOption("from").ToProto(),
            ToDate = inv.DateOption("to").ToProto(),
        };
        var limit = inv.Limit;
        filter.PageSize = Math.Min(limit, 100);
        var meetings = await TrackingCommands.TakeAsync(inv.Client.TransitionMeetings.ListAllAsync(filter), limit);
        inv.Out.Table(meetings, ["MEETING_ID", "TYPE", "STATE", "PERSON_ID", "FK_OFFICE", "AF_OFFICE", "OPENED", "ETAG"], m =>
            [m.MeetingId, Names.Kebab(m.MeetingType), Names.Kebab(m.State), m.PersonId, m.FkOfficeId, m.AfOfficeId, Names.Date(m.OpenedDate), m.Etag]);
        return ExitCodes.Ok;
    }

    private static int Show(Invocation inv, Meeting m)
    {
        var fields = new List<(string, string)>
        {
            ("meeting_id", m.MeetingId),
            ("type", Names.Kebab(m.MeetingType)),
            ("state", Names.Kebab(m.State)),
            ("person_id", m.PersonId),
            ("benefit_type", Names.Kebab(m.BenefitType)),
            ("sick_case_id", m.SickCaseId),
            ("fk_office_id", m.FkOfficeId),
            ("af_office_id", m.AfOfficeId),
            ("opened_date", Names.Date(m.OpenedDate)),
        };
        if (m.Trigger != TransitionTrigger.Unspecified) fields.Add(("trigger", Names.Kebab(m.Trigger)));
        if (m.OfferedDate is not null) fields.Add(("offered_date", Names.Date(m.OfferedDate)));
        if (m.Response is { } r)
            fields.Add(("response", $"{Names.Kebab(r.Response)} {Names.Date(r.ResponseDate)}{(r.Implied ? " (implied)" : "")}"));
        if (m.Held is { } h) fields.Add(("held", $"{Names.Date(h.HeldDate)} {Names.Kebab(h.Mode)}"));
        if (m.NoShowDate is not null) fields.Add(("no_show_date", Names.Date(m.NoShowDate)));
        if (m.SgiInformation is { } sgi) fields.Add(("sgi_information", Names.Date(sgi.ProvidedDate)));
        if (m.RegistrationSupport is { } support)
            fields.Add(("registration_support", $"offered {Names.Date(support.OfferedDate)} by {support.AfOfficeId}"
                + (support.Response is { } answer ? $", {Names.Kebab(answer.Response)} {Names.Date(answer.ResponseDate)}" : "")));
        fields.Add(("etag", m.Etag));
        fields.Add(("update_time", Names.Instant(m.UpdateTime)));
        inv.Out.Record(m, fields);
        return ExitCodes.Ok;
    }
}
