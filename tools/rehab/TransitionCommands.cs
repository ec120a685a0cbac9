using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Transition.V1;

namespace Rehab.Cli;

/// <summary><c>rehab transition …</c>: kontaktmöte and omställningsmöte.</summary>
internal static class TransitionCommands
{
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
            ["<meeting-id>"], [], async inv => Show(inv, await inv.Client.TransitionMeetings.GetAsync(inv.Argument(0)))),
    ];

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
        fields.Add(("etag", m.Etag));
        fields.Add(("update_time", Names.Instant(m.UpdateTime)));
        inv.Out.Record(m, fields);
        return ExitCodes.Ok;
    }
}
