using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Interventions.V1;

namespace Rehab.Cli;

/// <summary><c>rehab interventions …</c>: participations, their interventions, follow-ups and closure.</summary>
internal static class InterventionsCommands
{
    public static CommandSpec[] All { get; } =
    [
        new("interventions", "list", "Lists participations the caller may see, newest first.", [],
        [
            new("state", $"only this state: {string.Join(", ", Names.Values<ParticipationState>())}", "state"),
            new("in-office", "only participations of this FK or AF office", "office-id"),
            new("joint-assessment", "only the participation planned from this round", "joint-assessment-id"),
            new("from", "planned on or after this date", "date"),
            new("to", "planned on or before this date", "date"),
            new("limit", "show at most this many (default 50); pages are fetched as needed", "n"),
        ], ListAsync),
        new("interventions", "show", "Shows a participation: its plan, interventions, follow-ups and closure.", ["<participation-id>"], [],
            async inv => Show(inv, await inv.Client.Interventions.GetAsync(inv.Argument(0)))),
    ];

    private static async Task<int> ListAsync(Invocation inv)
    {
        var filter = new ListParticipationsRequest
        {
            State = inv.Option("state") is { } s ? Names.Parse<ParticipationState>(s, "state") : ParticipationState.Unspecified,
            OfficeId = inv.Option("in-office") ?? "",
            JointAssessmentId = inv.Option("joint-assessment") ?? "",
            FromDate = inv.DateOption("from").ToProto(),
            ToDate = inv.DateOption("to").ToProto(),
        };
        var limit = inv.Limit;
        filter.PageSize = Math.Min(limit, 100);
        var participations = await TrackingCommands.TakeAsync(inv.Client.Interventions.ListAllAsync(filter), limit);
        inv.Out.Table(participations, ["PARTICIPATION_ID", "STATE", "JOINT_ASSESSMENT_ID", "FK_OFFICE", "AF_OFFICE", "PLANNED", "INTERVENTIONS", "ETAG"], p =>
        [
            p.ParticipationId, Names.Kebab(p.State), p.JointAssessmentId, p.FkOfficeId, p.AfOfficeId, Names.Date(p.PlannedDate),
            p.Interventions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Etag,
        ]);
        return ExitCodes.Ok;
    }

    private static int Show(Invocation inv, Participation p)
    {
        var fields = new List<(string, string)>
        {
            ("participation_id", p.ParticipationId),
            ("state", Names.Kebab(p.State)),
            ("joint_assessment_id", p.JointAssessmentId),
            ("referral_id", p.ReferralId),
            ("person_id", p.PersonId),
            ("fk_office_id", p.FkOfficeId),
            ("af", $"{p.AfOfficeId} / {p.AfOfficerId}"),
            ("planned_date", Names.Date(p.PlannedDate)),
        };
        if (p.StartDate is not null) fields.Add(("start_date", Names.Date(p.StartDate)));
        foreach (var i in p.Interventions)
            fields.Add(($"intervention {i.InterventionId}", $"{Names.Kebab(i.Type)} {Names.Kebab(i.State)} decided {Names.Date(i.DecidedDate)}"
                + (i.ProviderId.Length > 0 ? $" provider {i.ProviderId}" : "")));
        if (p.FollowUps.Count > 0) fields.Add(("follow_ups", string.Join(", ", p.FollowUps.Select(f => Names.Date(f.HeldDate)))));
        if (p.NextFollowUpDueDate is not null) fields.Add(("next_follow_up_due", Names.Date(p.NextFollowUpDueDate)));
        if (p.Closure is { } c) fields.Add(("closure", $"{Names.Kebab(c.Outcome)} {Names.Date(c.ClosedDate)}, then {Names.Kebab(c.OccupationAfterClosure)}"));
        foreach (var w in p.Warnings) fields.Add(("warning", $"{w.Rule}: {w.Description}"));
        fields.Add(("etag", p.Etag));
        fields.Add(("update_time", Names.Instant(p.UpdateTime)));
        inv.Out.Record(p, fields);
        return ExitCodes.Ok;
    }
}
