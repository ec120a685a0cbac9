using System.Text.Json;
using Rehab.Cli;
using Rehab.Contracts.JointAssessment.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.Client.Tests;

/// <summary>What a run of the tool should end in: its exit code and a text on standard output (success) or standard error.</summary>
internal sealed record Outcome(int Exit, string Text, string? Field = null)
{
    public static Outcome Ok(string text) => new(ExitCodes.Ok, text);

    /// <summary>Success, and the "name  value" line <paramref name="field"/> of the table output contains <paramref name="value"/>.</summary>
    public static Outcome Shows(string field, string value) => new(ExitCodes.Ok, value, field);

    /// <summary>INVALID_ARGUMENT: exit 3, and the platform's violation of <paramref name="field"/> on its own line.</summary>
    public static Outcome Invalid(string field) => new(ExitCodes.InvalidArgument, $"\n  {field}: ");

    public static readonly Outcome Stale = new(ExitCodes.Conflict, "rehab: conflict: ");

    public static readonly Outcome WrongState = new(ExitCodes.FailedPrecondition, "rehab: failed precondition: ");

    public static Outcome Exists(string existingId) => new(ExitCodes.AlreadyExists, $"\n  existing: {existingId}");

    public static Outcome NotFound => new(ExitCodes.NotFound, "rehab: not found: ");

    public static Outcome Usage(string text) => new(ExitCodes.Usage, text);

    private static readonly Dictionary<int, string> FirstLines = new()
    {
        [ExitCodes.InvalidArgument] = "rehab: invalid argument:", [ExitCodes.Conflict] = "rehab: conflict:",
        [ExitCodes.AlreadyExists] = "rehab: already exists:", [ExitCodes.FailedPrecondition] = "rehab: failed precondition:",
        [ExitCodes.NotFound] = "rehab: not found:", [ExitCodes.Unavailable] = "rehab: unavailable:",
    };

    public void AssertOn(ToolRun run, IEnumerable<string> args)
    {
        var line = "rehab " + string.Join(' ', args.Where(a => !a.StartsWith("--role", StringComparison.Ordinal)));
        Assert.True(run.ExitCode == Exit, $"{line}: expected exit {Exit}\n{run}");
        var where = Exit != ExitCodes.Ok ? run.Err : Field is null ? run.Out : Tool.Field(run, Field);
        Assert.True(where.Contains(Text, StringComparison.Ordinal), $"{line}: expected '{Text}'{(Field is null ? "" : " in " + Field)}\n{run}");
        if (Exit == ExitCodes.Ok) return;
        Assert.True(run.Out.Length == 0, $"{line}: a failed command printed a result\n{run}");
        if (FirstLines.TryGetValue(Exit, out var first)) Assert.True(run.Err.StartsWith(first, StringComparison.Ordinal), $"{line}\n{run}");
    }
}

/// <summary>
/// Each command of the tool against the running platform (real Kestrel, gateway, redis-server): success (output and exit 0), input
/// the platform rejects (exit 3 naming the field), a conflict (a stale etag exits 5, an existing record 6, a wrong state 7).
/// The steps of a participation, a transition meeting and a referral are driven in order, each step tried invalid, done, then
/// repeated with the etag it made stale (and again where the state forbids it); reads are a table over one prepared case.
/// </summary>
[Trait("Tier", "Redis")]
[Collection(PlatformCollection.Name)]
public sealed class RehabToolOutcomeTests(PlatformFixture fixture)
{
    private readonly Tool _tool = new(fixture.Platform);

    private static string Date(int offset) => ReferralJourney.Today.AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<ToolRun> Run(Outcome outcome, string[] caller, params string[] args)
    {
        var run = await _tool.RunAsync([.. caller, .. args]);
        outcome.AssertOn(run, args);
        return run;
    }

    /// <summary>One step on a record: invalid input, success, the success repeated on the etag it made stale, and again if the state forbids it.</summary>
    private async Task<string> StepAsync(
        string[] caller, string group, string command, string id, string etag, string[] args, string[] invalid, string field, Outcome success,
        bool repeatIsWrongState)
    {
        await Run(Outcome.Invalid(field), caller, [group, command, id, .. invalid]);
        var done = await Run(success, caller, [group, command, id, .. args]);
        var newEtag = Tool.Field(done, "etag");
        Assert.NotEqual(etag, newEtag);
        await Run(Outcome.Stale, caller, [group, command, id, .. args, "--etag", etag]);
        if (repeatIsWrongState) await Run(Outcome.WrongState, caller, [group, command, id, .. args]);
        return newEtag;
    }

    [Fact]
    public async Task Each_participation_command_succeeds_rejects_invalid_input_and_reports_stale_etags_and_wrong_states()
    {
        var rounds = new RoundJourney(fixture.Platform);
        var booked = await rounds.BookAsync(-5);
        var round = await rounds.RoundOfAsync(booked.ReferralId);
        round = await rounds.HoldAsync(round, "m1", -4);
        round = await rounds.AssessAsync(round, -3, 12);
        round = await rounds.Client.EstablishPlanAsync(RoundJourney.Plan(round, -2, FirstOrientation.WorkPreparatory), rounds.Fk);

        ToolRun listed = null!;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            listed = await _tool.RunAsync([.. Tool.Af, "interventions", "list", "--joint-assessment", round.JointAssessmentId, "--output", "json"]);
            return listed.ExitCode == 0 && JsonDocument.Parse(listed.Out).RootElement.GetArrayLength() == 1;
        }, TimeSpan.FromSeconds(20)), listed.ToString());
        var id = JsonDocument.Parse(listed.Out).RootElement[0].GetProperty("participationId").GetString()!;
        var shown = await Run(Outcome.Shows("state", "planned"), Tool.Af, "interventions", "show", id);
        Assert.Equal("Work 50 % in logistics", Tool.Field(shown, "goal 0"));
        var etag = Tool.Field(shown, "etag");

        const string Group = "interventions";
        etag = await StepAsync(Tool.Af, Group, "start", id, etag, ["--insured-hours", "40", "--effective", Date(-1)],
            ["--insured-hours", "90", "--effective", Date(-1)], "insured_hours_per_week", Outcome.Shows("state", "active"), repeatIsWrongState: true);
        etag = await StepAsync(Tool.Af, Group, "decide", id, etag,
            ["--type", "guidance-conversation", "--orientation", "work-preparatory", "--regi", "own", "--legal-basis", "ordinance-2000-634", "--hours", "4",
                "--effective", Date(-1)],
            ["--type", "guidance-conversation", "--orientation", "work-preparatory", "--regi", "own", "--provider", "acme", "--legal-basis",
                "ordinance-2000-634", "--hours", "4", "--effective", Date(-1)],
            "provider_id", Outcome.Shows("intervention i1", $"guidance-conversation decided decided {Date(-1)}"), repeatIsWrongState: false);
        etag = await StepAsync(Tool.Af, Group, "start-intervention", id, etag, ["--intervention", "i1", "--effective", Date(-1)],
            ["--intervention", "i9", "--effective", Date(-1)], "intervention_id", Outcome.Shows("intervention i1", $"guidance-conversation ongoing decided {Date(-1)} started {Date(-1)}"),
            repeatIsWrongState: true);
        etag = await StepAsync(Tool.Fk, Group, "follow-up", id, etag, ["--mode", "digital", "--goal", "0=met", "--health", "improved", "--effective", Date(0)],
            ["--mode", "digital", "--health", "improved", "--effective", Date(0)], "goal_checks", Outcome.Shows("follow_ups", $"{Date(0)}"),
            repeatIsWrongState: false);
        // Without --intervention the tool picks the only ongoing one (and says so when there is none).
        await Run(Outcome.Invalid("intervention_id"), Tool.Af, Group, "end-intervention", id, "--reason", "completed", "--intervention", "i9");
        var ended = await Run(Outcome.Shows("intervention i1", $"guidance-conversation ended decided {Date(-1)} started {Date(-1)} ended {Date(0)}"),
            Tool.Af, Group, "end-intervention", id, "--reason", "completed", "--effective", Date(0));
        await Run(Outcome.Stale, Tool.Af, Group, "end-intervention", id, "--reason", "completed", "--intervention", "i1", "--etag", etag);
        etag = Tool.Field(ended, "etag");
        await Run(Outcome.WrongState, Tool.Af, Group, "end-intervention", id, "--reason", "completed", "--intervention", "i1");
        await Run(Outcome.Usage($"participation {id} has 0 ongoing interventions; pass --intervention"), Tool.Af, Group, "end-intervention", id,
            "--reason", "completed");
        etag = await StepAsync(Tool.Af, Group, "initiate-closure", id, etag, ["--initiator", "individual,af", "--channel", "phone", "--effective", Date(0)],
            ["--initiator", "individual", "--effective", Date(0)], "channel", Outcome.Shows("closure_initiated", $"{Date(0)} by individual,af"),
            repeatIsWrongState: true);
        await StepAsync(Tool.Fk, Group, "decide-closure", id, etag,
            ["--outcome", "work-capacity-achieved", "--reason", "work-with-support", "--benefit", "sickness-benefit", "--occupation", "employment-subsidised",
                "--work-capacity-hours", "20", "--effective", Date(0)],
            ["--outcome", "unknown", "--reason", "other", "--benefit", "sickness-benefit", "--effective", Date(0)], "unknown_outcome_reason",
            Outcome.Shows("closure", $"work-capacity-achieved {Date(0)}, then employment-subsidised"), repeatIsWrongState: true);

        var json = await Run(Outcome.Ok("\"state\": \"PARTICIPATION_STATE_CLOSED\""), Tool.Fk, Group, "show", id, "--output", "json");
        Assert.Equal(id, JsonDocument.Parse(json.Out).RootElement.GetProperty("participationId").GetString());
        // A step with a future date breaks the chronology (FAILED_PRECONDITION) rather than the input.
        await Run(Outcome.WrongState, Tool.Fk, Group, "follow-up", id, "--goal", "0=met", "--health", "improved", "--effective", Date(3));
    }

    [Fact]
    public async Task Each_transition_meeting_command_succeeds_rejects_invalid_input_and_reports_stale_etags_and_wrong_states()
    {
        var person = "person-" + Guid.NewGuid().ToString("N");
        const string Group = "transition";
        var requestId = Guid.NewGuid().ToString();
        string[] trigger = ["--person", person, "--sick-case", "SC-" + person[^6..], "--gender", "woman", "--effective", Date(-6), "--request-id", requestId];
        await Run(Outcome.Invalid("sick_case_id"), Tool.Fk, Group, "trigger", "--person", person, "--sick-case", " ", "--effective", Date(-6));
        var triggered = await Run(Outcome.Shows("state", "triggered"), Tool.Fk, [Group, "trigger", .. trigger]);
        var id = Tool.Field(triggered, "meeting_id");
        Assert.Equal(ReferralJourney.FkOffice, Tool.Field(triggered, "fk_office_id"));
        var again = await Run(Outcome.Ok(id), Tool.Fk, [Group, "trigger", .. trigger]);
        Assert.Equal(id, Tool.Field(again, "meeting_id"));
        await Run(Outcome.WrongState, Tool.Fk, Group, "trigger", "--person", person, "--sick-case", "SC-other", "--effective", Date(2));
        var etag = Tool.Field(triggered, "etag");

        etag = await StepAsync(Tool.Fk, Group, "offer", id, etag, ["--effective", Date(-5)], ["--effective", Date(-5), "--etag", "bogus"], "etag",
            Outcome.Shows("offered_date", $"{Date(-5)}"), repeatIsWrongState: true);
        etag = await StepAsync(Tool.Fk, Group, "respond", id, etag, ["--response", "accepted", "--channel", "phone", "--effective", Date(-4)],
            ["--response", "accepted", "--effective", Date(-4)], "channel", Outcome.Shows("response", $"accepted {Date(-4)}"), repeatIsWrongState: true);
        etag = await StepAsync(Tool.Fk, Group, "held", id, etag, ["--mode", "digital", "--af-office", ReferralJourney.AfOffice, "--effective", Date(-2)],
            ["--participant", "individual", "--af-office", ReferralJourney.AfOffice, "--effective", Date(-2)], "participants",
            Outcome.Shows("held", $"{Date(-2)} digital"), repeatIsWrongState: true);
        etag = await StepAsync(Tool.Af, Group, "offer-support", id, etag, ["--effective", Date(-2)], ["--effective", Date(-2), "--etag", "bogus"], "etag",
            Outcome.Shows("registration_support", $"offered {Date(-2)} by {ReferralJourney.AfOffice}"), repeatIsWrongState: true);
        await StepAsync(Tool.Af, Group, "support-response", id, etag, ["--response", "accepted", "--channel", "in-person", "--effective", Date(-1)],
            ["--response", "accepted", "--effective", Date(-1)], "channel", Outcome.Shows("state", "completed"), repeatIsWrongState: true);

        var other = "person-" + Guid.NewGuid().ToString("N");
        var second = await Run(Outcome.Ok("triggered"), Tool.Fk, Group, "trigger", "--person", other, "--sick-case", "SC-2", "--effective", Date(-6));
        var secondId = Tool.Field(second, "meeting_id");
        var offered = await Run(Outcome.Ok("offered"), Tool.Fk, Group, "offer", secondId, "--effective", Date(-5));
        await StepAsync(Tool.Fk, Group, "no-show", secondId, Tool.Field(offered, "etag"), ["--effective", Date(-3)],
            ["--effective", Date(-3), "--etag", "bogus"], "etag", Outcome.Shows("no_show_date", $"{Date(-3)}"), repeatIsWrongState: true);
    }

    [Fact]
    public async Task Each_referral_step_rejects_a_malformed_etag_reports_a_stale_one_and_refuses_a_repeat()
    {
        var created = await Run(Outcome.Ok("need-identified"), Tool.Fk, "referral", "create", "--identity-number", ReferralJourney.NewIdentityNumber(),
            "--sick-case", "SC-" + Guid.NewGuid().ToString("N")[..8], "--sick-case-start", Date(-200), "--benefit", "sickness-benefit", "--effective", Date(-30));
        var id = Tool.Field(created, "referral_id");
        var etag = Tool.Field(created, "etag");
        string[] Bogus(params string[] args) => [.. args, "--etag", "bogus"];

        etag = await StepAsync(Tool.Fk, "referral", "assess", id, etag, ["--effective", Date(-25)], Bogus("--effective", Date(-25)), "etag",
            Outcome.Shows("state", "preparing"), repeatIsWrongState: true);
        etag = await StepAsync(Tool.Fk, "referral", "contact", id, etag, ["--type", "personal-meeting", "--effective", Date(-21)],
            Bogus("--type", "personal-meeting", "--effective", Date(-21)), "etag", Outcome.Shows("state", "preparing"), repeatIsWrongState: false);
        etag = await StepAsync(Tool.Fk, "referral", "consent", id, etag, ["--decision", "requested", "--effective", Date(-15)],
            Bogus("--decision", "requested", "--effective", Date(-15)), "etag", Outcome.Shows("consent", "requested"), repeatIsWrongState: false);
        etag = await StepAsync(Tool.Fk, "referral", "consent", id, etag, ["--decision", "given", "--channel", "phone", "--effective", Date(-12)],
            Bogus("--decision", "given", "--effective", Date(-12)), "etag", Outcome.Shows("consent", "given"), repeatIsWrongState: false);
        etag = await StepAsync(Tool.Fk, "referral", "send", id, etag, ["--effective", Date(-10)], Bogus("--effective", Date(-10)), "etag",
            Outcome.Shows("request_sent_date", $"{Date(-10)}"), repeatIsWrongState: true);
        etag = await StepAsync(Tool.Af, "referral", "receive", id, etag, ["--effective", Date(-7)], Bogus("--effective", Date(-7)), "etag",
            Outcome.Shows("request_received_date", $"{Date(-7)}"), repeatIsWrongState: true);
        await StepAsync(Tool.Af, "referral", "book", id, etag, ["--meeting-at", Date(14) + "T10:00", "--af-office", ReferralJourney.AfOffice],
            Bogus("--meeting-at", Date(14) + "T10:00", "--af-office", ReferralJourney.AfOffice), "etag", Outcome.Shows("state", "converted"),
            repeatIsWrongState: true);
        await Run(Outcome.WrongState, Tool.Fk, "referral", "withdraw", id, "--reason", "returned-to-work");

        var open = await Run(Outcome.Ok("need-identified"), Tool.Fk, "referral", "create", "--identity-number", ReferralJourney.NewIdentityNumber(),
            "--sick-case", "SC-" + Guid.NewGuid().ToString("N")[..8], "--sick-case-start", Date(-200), "--benefit", "sickness-benefit", "--effective", Date(-30));
        await StepAsync(Tool.Fk, "referral", "withdraw", Tool.Field(open, "referral_id"), Tool.Field(open, "etag"), ["--reason", "returned-to-work"],
            ["--reason", "returned-to-work", "--on-behalf"], "channel", Outcome.Shows("state", "withdrawn"), repeatIsWrongState: true);
    }

    [Fact]
    public async Task Each_read_succeeds_on_a_case_and_names_the_field_of_input_the_platform_rejects()
    {
        var journey = new RoundJourney(fixture.Platform);
        var booked = await journey.BookAsync(0);
        var round = await journey.RoundOfAsync(booked.ReferralId);
        var number = ReferralJourney.NewIdentityNumber();
        var ensured = await Run(Outcome.Ok("person_id"), Tool.Fk, "person", "ensure", "--identity-number", number);
        var personId = Tool.Field(ensured, "person_id");
        var year = ReferralJourney.Today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] backwards = ["--from", Date(0), "--to", Date(-1)];
        string[] analyst = ["--role", "Analyst"];

        (string[] Caller, string[] Args, Outcome Outcome)[] cases =
        [
            (Tool.Fk, ["referral", "get", booked.ReferralId], Outcome.Shows("state", "converted")),
            (Tool.Fk, ["referral", "get", " "], Outcome.Invalid("referral_id")),
            (Tool.Fk, ["referral", "list", "--state", "converted", "--limit", "500"], Outcome.Ok(booked.ReferralId)),
            (Tool.Fk, ["referral", "list", .. backwards], Outcome.Invalid("to_date")),
            (Tool.Fk, ["person", "get", personId], Outcome.Shows("kind", "personnummer")),
            (Tool.Fk, ["person", "get", " "], Outcome.Invalid("person_id")),
            (Tool.Fk, ["person", "ensure", "--identity-number", "12345"], Outcome.Invalid("identity_number")),
            (Tool.Fk, ["refdata", "offices", "--agency", "fk"], Outcome.Ok(ReferralJourney.FkOffice)),
            (Tool.Fk, ["refdata", "offices", "--agency", "police"], Outcome.Usage("--agency: 'police' is not one of fk, af")),
            (Tool.Af, ["refdata", "officer-offices", "af-officer-1"], Outcome.Ok(ReferralJourney.AfOffice)),
            (Tool.Af, ["refdata", "officer-offices", " "], Outcome.Invalid("officer_id")),
            (Tool.Af, ["ja", "list", "--referral", booked.ReferralId], Outcome.Ok(round.JointAssessmentId + "  scheduled")),
            (Tool.Af, ["ja", "list", .. backwards], Outcome.Invalid("to_date")),
            (Tool.Af, ["ja", "show", round.JointAssessmentId], Outcome.Shows("referral_id", $"{booked.ReferralId}")),
            (Tool.Af, ["ja", "show", " "], Outcome.Invalid("joint_assessment_id")),
            (Tool.Af, ["ja", "held", round.JointAssessmentId, "--etag", "bogus"], Outcome.Invalid("etag")),
            (Tool.Af, ["ja", "held", round.JointAssessmentId, "--effective", Date(3)], Outcome.WrongState),
            (Tool.Af, ["interventions", "list", "--state", "planned"], Outcome.Ok("PARTICIPATION_ID")),
            (Tool.Af, ["interventions", "list", .. backwards], Outcome.Invalid("to_date")),
            (Tool.Af, ["interventions", "show", " "], Outcome.Invalid("participation_id")),
            (Tool.Fk, ["transition", "list", "--in-office", ReferralJourney.FkOffice], Outcome.Ok("MEETING_ID")),
            (Tool.Fk, ["transition", "list", .. backwards], Outcome.Invalid("to_date")),
            (Tool.Fk, ["transition", "show", " "], Outcome.Invalid("meeting_id")),
            (Tool.Fk, ["facts", "show", booked.PersonId], Outcome.Ok($"person {booked.PersonId} as of ")),
            (Tool.Fk, ["facts", "show", " "], Outcome.Invalid("person_id")),
            (Tool.Fk, ["tracking", "timeline", "--referral", " "], Outcome.Invalid("referral_id")),
            (Tool.Fk, ["tracking", "sgi", " "], Outcome.Invalid("person_id")),
            (Tool.Af, ["tracking", "queue", "sgi-at-risk"], Outcome.Ok("PERSON_ID")),
            (Tool.Af, ["tracking", "queue", "nothing"], Outcome.Usage("'nothing' is not one of referrals-to-book, sgi-at-risk")),
            (analyst, ["tracking", "lead-times", "--year", year], Outcome.Ok("LEAD_TIME")),
            (analyst, ["tracking", "lead-times", "--lead-time", "LT99"], Outcome.Invalid("lead_time_ids")),
            (Tool.Fk, ["token"], Outcome.Ok(".")),
            (["--role", "Janitor"], ["token"], Outcome.Usage("--role: 'Janitor' is not one of")),
        ];
        foreach (var (caller, args, outcome) in cases) await Run(outcome, caller, args);

        ToolRun timeline = null!;
        Assert.True(await Eventually.TrueAsync(async () =>
            (timeline = await _tool.RunAsync([.. Tool.Fk, "tracking", "timeline", "--referral", booked.ReferralId])).ExitCode == 0, TimeSpan.FromSeconds(15)),
            timeline.ToString());
        Assert.Contains("joint-assessment-booked", timeline.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_reports_command_reads_the_reporting_service_and_names_the_field_it_rejects()
    {
        // A round whose first meeting (GK) is held today: the reporting service counts it for this year's capacity.
        var journey = new RoundJourney(fixture.Platform);
        var booked = await journey.BookAsync(0);
        await journey.HoldAsync(await journey.RoundOfAsync(booked.ReferralId), "m1", 0);
        var year = ReferralJourney.Today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] analyst = ["--role", "Analyst"];
        ToolRun capacity = null!;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            capacity = await _tool.RunAsync([.. analyst, "--output", "json", "reports", "capacity", year]);
            return capacity.ExitCode == 0 && JsonDocument.Parse(capacity.Out).RootElement.TryGetProperty("yearToDate", out var ytd)
                && long.Parse(ytd.GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 1;
        }, TimeSpan.FromSeconds(40)), "the held first meeting reaches the reporting service\n" + capacity);

        var from = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var before = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        (string[] Caller, string[] Args, Outcome Outcome)[] cases =
        [
            (analyst, ["reports", "annual", year, "--tables", "000.1,000.4"], Outcome.Ok("000.4  Tabell 4 Möten för omställning")),
            (analyst, ["reports", "annual", year, "--tables", "999.9"], Outcome.Invalid("table_ids")),
            (analyst, ["reports", "annual", "1999"], Outcome.Invalid("year")),
            (analyst, ["reports", "annual", year, "--region", "no-such-region"], Outcome.Invalid("region_id")),
            (analyst, ["reports", "diff", year, "--from", from, "--tables", "000.1"], Outcome.Ok($"annual report {year}: changes from ")),
            (analyst, ["reports", "diff", year, "--from", from, "--to", before], Outcome.Invalid("from_as_of")),
            (analyst, ["reports", "capacity", year], Outcome.Shows("planned_for_year", "10000")),
            (analyst, ["reports", "capacity", "1999"], Outcome.Invalid("year")),
            (["--role", "Provider"], ["reports", "capacity", year], new Outcome(ExitCodes.PermissionDenied, "rehab: not allowed: ")),
        ];
        foreach (var (caller, args, outcome) in cases) await Run(outcome, caller, args);

        // The CSV export is the service's: one row per cell of the table asked for, the same value the table shows.
        var file = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.csv");
        try
        {
            var export = await _tool.RunAsync([.. analyst, "reports", "annual", year, "--tables", "000.4", "--csv", file]);
            Assert.True(export.ExitCode == 0, export.ToString());
            Assert.Contains($"rehab: wrote the {year} report (", export.Err, StringComparison.Ordinal);
            var lines = (await File.ReadAllLinesAsync(file)).Where(l => !l.StartsWith('#')).ToList();
            Assert.Equal("table_id,title,row,column,measure,value,numerator,denominator,decimals,suppressed,partial", lines[0]);
            Assert.All(lines.Skip(1), l => Assert.StartsWith("000.4,", l, StringComparison.Ordinal));
            var table = await _tool.RunAsync([.. analyst, "--output", "json", "reports", "annual", year, "--tables", "000.4"]);
            var cells = JsonDocument.Parse(table.Out).RootElement.GetProperty("tables")[0].GetProperty("cells").GetArrayLength();
            Assert.Equal(cells, lines.Count - 1);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A command line for each command, well-formed, that reaches the gateway.</summary>
    internal static readonly Dictionary<string, string[]> WellFormed = new()
    {
        ["referral create"] = ["--identity-number", "19121212-1212", "--sick-case", "SC-1", "--sick-case-start", "2025-01-01", "--fk-office", "fk-1"],
        ["referral get"] = ["r1"], ["referral list"] = [], ["referral assess"] = ["r1"], ["referral contact"] = ["r1", "--type", "phone"],
        ["referral consent"] = ["r1", "--decision", "requested"], ["referral send"] = ["r1"], ["referral receive"] = ["r1"],
        ["referral book"] = ["r1", "--meeting-at", "2025-03-14T10:00", "--af-office", "af-1"], ["referral withdraw"] = ["r1", "--reason", "other"],
        ["person ensure"] = ["--identity-number", "19121212-1212"], ["person get"] = ["p1"],
        ["refdata offices"] = [], ["refdata officer-offices"] = ["o1"],
        ["ja list"] = [], ["ja show"] = ["j1"], ["ja held"] = ["j1"],
        ["interventions list"] = [], ["interventions show"] = ["p1"], ["interventions start"] = ["p1", "--insured-hours", "40"],
        ["interventions decide"] = ["p1", "--type", "mapping", "--orientation", "work-oriented", "--regi", "own", "--legal-basis", "ordinance-2000-634", "--hours", "4"],
        ["interventions start-intervention"] = ["p1", "--intervention", "i1"],
        ["interventions end-intervention"] = ["p1", "--intervention", "i1", "--reason", "completed"],
        ["interventions follow-up"] = ["p1", "--goal", "0=met", "--health", "unchanged"],
        ["interventions initiate-closure"] = ["p1", "--initiator", "af"],
        ["interventions decide-closure"] = ["p1", "--outcome", "unknown", "--reason", "other", "--benefit", "sickness-benefit", "--unknown-reason", "other"],
        ["transition list"] = [], ["transition show"] = ["m1"], ["transition trigger"] = ["--person", "p1", "--sick-case", "SC-1"],
        ["transition offer"] = ["m1"], ["transition respond"] = ["m1", "--response", "accepted", "--channel", "phone"],
        ["transition held"] = ["m1", "--af-office", "af-1"], ["transition no-show"] = ["m1"], ["transition offer-support"] = ["m1", "--af-office", "af-1"],
        ["transition support-response"] = ["m1", "--response", "declined", "--channel", "letter"],
        ["facts import"] = ["SAMPLE"], ["facts show"] = ["p1"],
        ["tracking timeline"] = ["--referral", "r1"], ["tracking sgi"] = ["p1"], ["tracking queue"] = ["sgi-at-risk"], ["tracking lead-times"] = [],
        ["reports annual"] = ["2025", "--tables", "000.1,000.2"], ["reports diff"] = ["2025", "--from", "2026-01-31"], ["reports capacity"] = ["2025"],
    };

    [Fact]
    public async Task Every_command_exits_9_when_the_gateway_cannot_be_reached()
    {
        var nobody = new Tool(new Uri($"http://127.0.0.1:{ClosedPort.Reserve()}"));
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "facts.jsonl");
        Assert.Equal(RehabCli.Commands.Where(c => c.Path != "token").Select(c => c.Path).Order(), WellFormed.Keys.Order());
        foreach (var (path, args) in WellFormed)
        {
            string[] line = [.. path.Split(' '), .. args.Select(a => a == "SAMPLE" ? sample : a), "--timeout", "5"];
            var run = await nobody.RunAsync([.. Tool.Fk, .. line]);
            new Outcome(ExitCodes.Unavailable, "rehab: unavailable: the gateway at http://127.0.0.1:").AssertOn(run, line);
        }
    }

    [Fact]
    public async Task Reports_against_an_unreachable_gateway_exit_9_also_for_the_csv_export()
    {
        var file = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.csv");
        var run = await new Tool(new Uri($"http://127.0.0.1:{ClosedPort.Reserve()}")).RunAsync(["--role", "Analyst", "reports", "annual", "2025", "--tables", "000.1", "--csv", file, "--timeout", "5"]);
        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.StartsWith("rehab: unavailable: the gateway at http://127.0.0.1:", run.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(file), "no file is written when the export failed");
    }
}
