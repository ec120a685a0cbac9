using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.JointAssessment.V1;
using Round = Rehab.Contracts.JointAssessment.V1.JointAssessment;

namespace Rehab.Cli;

/// <summary><c>rehab ja …</c>: joint-assessment rounds (gemensam kartläggning).</summary>
internal static class JointAssessmentCommands
{
    private const string Id = "<joint-assessment-id>";

    public static CommandSpec[] All { get; } =
    [
        new("ja", "list", "Lists joint-assessment rounds the caller may see, newest first.", [],
        [
            new("state", $"only this state: {string.Join(", ", Names.Values<JointAssessmentState>())}", "state"),
            new("in-office", "only rounds of this FK or AF office", "office-id"),
            new("officer", "only rounds of this AF officer", "user-id"),
            new("referral", "only the rounds booked from this referral", "referral-id"),
            new("from", "booked on or after this date", "date"),
            new("to", "booked on or before this date", "date"),
            new("limit", "show at most this many (default 50); pages are fetched as needed", "n"),
        ], ListAsync),
        new("ja", "show", "Shows a round: its meetings, AF's assessment, the activity level and the plan or conclusion.", [Id], [],
            async inv => Show(inv, await inv.Client.JointAssessments.GetAsync(inv.Argument(0)))),
        new("ja", "held", "Records that a meeting of the round was held (needs consent given).", [Id],
        [
            new("meeting", "the scheduled meeting that was held (default: the first one still scheduled)", "meeting-id"),
            new("mode", $"{string.Join(", ", Names.Values<MeetingMode>())} (default physical)", "mode"),
            new("participant", $"who took part: {string.Join(", ", Names.Values<Participant>())} (default individual, fk-case-officer, af-officer)",
                "participant", Repeatable: true),
            new("etag", "act only if the round is still at this version; a stale one exits 5. Without it the round is read first", "etag"),
            new("effective", "the day the meeting was held: yyyy-MM-dd or today (default today, Europe/Stockholm)", "date"),
        ], HeldAsync),
    ];

    private static async Task<int> ListAsync(Invocation inv)
    {
        var filter = new ListJointAssessmentsRequest
        {
            State = inv.Option("state") is { } s ? Names.Parse<JointAssessmentState>(s, "state") : JointAssessmentState.Unspecified,
            OfficeId = inv.Option("in-office") ?? "",
            OfficerId = inv.Option("officer") ?? "",
            ReferralId = inv.Option("referral") ?? "",
            FromDate = inv.DateOption("from").ToProto(),
            ToDate = inv.DateOption("to").ToProto(),
        };
        var limit = inv.Limit;
        filter.PageSize = Math.Min(limit, 100);
        var rounds = await TrackingCommands.TakeAsync(inv.Client.JointAssessments.ListAllAsync(filter), limit);
        inv.Out.Table(rounds, ["JOINT_ASSESSMENT_ID", "STATE", "REFERRAL_ID", "ROUND", "FK_OFFICE", "AF_OFFICE", "BOOKED", "ETAG"], r =>
        [
            r.JointAssessmentId, Names.Kebab(r.State), r.ReferralId, r.RoundNo.ToString(System.Globalization.CultureInfo.InvariantCulture),
            r.FkOfficeId, r.AfOfficeId, Names.Date(r.BookedDate), r.Etag,
        ]);
        return ExitCodes.Ok;
    }

    private static async Task<int> HeldAsync(Invocation inv)
    {
        var date = inv.Effective;
        var mode = Names.Parse<MeetingMode>(inv.Option("mode") ?? "physical", "mode");
        var participants = inv.Many("participant") is { Count: > 0 } given
            ? given.Select(p => Names.Parse<Participant>(p, "participant")).ToList()
            : [Participant.Individual, Participant.FkCaseOfficer, Participant.AfOfficer];
        var meeting = inv.Option("meeting");
        var current = await inv.Client.JointAssessments.GetAsync(inv.Argument(0));
        meeting ??= current.Meetings.FirstOrDefault(m => m.Status == MeetingStatus.Scheduled)?.MeetingId
            ?? throw new UsageException($"rehab ja held: round {current.JointAssessmentId} has no scheduled meeting; pass --meeting");
        if (inv.Option("etag") is { } etag) current = new Round(current) { Etag = etag };
        return Show(inv, await inv.Client.JointAssessments.RecordMeetingHeldAsync(current, meeting, date, mode, participants));
    }

    private static int Show(Invocation inv, Round r)
    {
        var fields = new List<(string, string)>
        {
            ("joint_assessment_id", r.JointAssessmentId),
            ("state", Names.Kebab(r.State)),
            ("referral_id", r.ReferralId),
            ("person_id", r.PersonId),
            ("round_no", r.RoundNo.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("process_version", Names.Kebab(r.ProcessVersion)),
            ("fk_office_id", r.FkOfficeId),
            ("af", $"{r.AfOfficeId} / {r.AfOfficerId}"),
            ("booked_date", Names.Date(r.BookedDate)),
        };
        if (r.FirstMeetingDate is not null) fields.Add(("first_meeting_date", Names.Date(r.FirstMeetingDate)));
        foreach (var m in r.Meetings)
            fields.Add(($"meeting {m.MeetingId}", $"{Names.Kebab(m.MeetingType)} {Names.Kebab(m.Status)} "
                + (m.OccurredDate is not null ? Names.Date(m.OccurredDate) : Names.Instant(m.MeetingAt)) + (m.Implied ? " (implied)" : "")));
        if (r.LabourMarketAssessment is { } lma) fields.Add(("labour_market_assessment", Names.Date(lma.AssessedDate)));
        if (r.ActivityLevel is { } al)
            fields.Add(("activity_level", $"{al.HoursPerWeek.ToString(System.Globalization.CultureInfo.InvariantCulture)} h/week, {Names.Kebab(al.Stability)}"));
        if (r.Plan is { } plan)
            fields.Add(("plan", $"version {plan.PlanVersion}, {Names.Kebab(plan.FirstOrientation)}, {plan.Goals.Count} goal(s), established {Names.Date(plan.EstablishedDate)}"));
        if (r.Conclusion != Conclusion.Unspecified) fields.Add(("conclusion", $"{Names.Kebab(r.Conclusion)} {Names.Date(r.ConcludedDate)}"));
        if (r.Cancellation is { } c) fields.Add(("cancelled", $"{Names.Kebab(c.Reason)} {Names.Date(c.CancelledDate)}"));
        fields.Add(("etag", r.Etag));
        fields.Add(("update_time", Names.Instant(r.UpdateTime)));
        inv.Out.Record(r, fields);
        return ExitCodes.Ok;
    }
}
