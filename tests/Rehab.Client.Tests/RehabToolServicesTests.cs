using System.Text.Json;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Cli;
using Rehab.Contracts.Facts.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Xunit;

namespace Rehab.Client.Tests;

/// <summary>The <c>rehab</c> tool's facts, tracking, joint-assessment, interventions and transition commands against the running platform.</summary>
[Trait("Tier", "Redis")]
[Collection(PlatformCollection.Name)]
public sealed class RehabToolServicesTests(PlatformFixture fixture)
{
    private static readonly string[] SystemRole = ["--role", "System"];
    private static readonly string[] AfSyd = ["--role", "AfEmploymentOfficer", "--office", "af-stockholm-syd", "--subject", "af-officer-9"];
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "samples", "facts.jsonl");

    private readonly Tool _tool = new(fixture.Platform);

    private static string Date(int offset) => ReferralJourney.Today.AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_sample_facts_import_shows_progress_and_the_persons_SGI_is_then_readable_as_in_the_readme()
    {
        var imported = await _tool.RunAsync([.. SystemRole, "facts", "import", Sample, "--batch-size", "3"]);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        var progress = imported.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["3/7", "6/7", "7/7"], progress.Select(l => l.Split(' ')[2]));
        Assert.StartsWith("facts import: 7/7 records sent in 3 batches: ", progress[^1], StringComparison.Ordinal);
        Assert.Equal("7", Tool.Field(imported, "records"));
        Assert.Equal("0", Tool.Field(imported, "rejected"));

        var again = await _tool.RunAsync([.. SystemRole, "facts", "import", Sample, "--output", "json"]);
        Assert.True(again.ExitCode == 0, again.ToString());
        using (var json = JsonDocument.Parse(again.Out))
        {
            Assert.Equal(7, json.RootElement.GetProperty("unchanged").GetInt32());
            Assert.Equal(7, json.RootElement.GetProperty("results").GetArrayLength());
        }

        var ensured = await _tool.RunWithInputAsync("19730520-1233\n", [.. Tool.Fk, "person", "ensure", "--identity-number", "-", "--output", "json"]);
        var personId = JsonDocument.Parse(ensured.Out).RootElement.GetProperty("personId").GetString()!;

        ToolRun sgi = null!;
        Assert.True(await Eventually.TrueAsync(async () => (sgi = await _tool.RunAsync([.. AfSyd, "tracking", "sgi", personId])).ExitCode == 0,
            TimeSpan.FromSeconds(15)), "no SGI status for the sample person");
        Assert.Equal("protected", Tool.Field(sgi, "status"));
        Assert.Equal("2025-09-30", Tool.Field(sgi, "last_sickness_benefit_day"));
        Assert.Equal("2025-10-08", Tool.Field(sgi, "af_registration_date"));
        Assert.Equal("af-stockholm-syd", Tool.Field(sgi, "office_id"));

        var asJson = await _tool.RunAsync([.. AfSyd, "tracking", "sgi", personId, "--output", "json"]);
        Assert.Equal("SGI_STATUS_PROTECTED", JsonDocument.Parse(asJson.Out).RootElement.GetProperty("status").GetString());

        var facts = await _tool.RunAsync([.. AfSyd, "facts", "show", personId]);
        Assert.True(facts.ExitCode == 0, facts.ToString());
        Assert.Contains(facts.Out.Split('\n'), l => l.StartsWith("benefit-decision ", StringComparison.Ordinal)
            && l.Contains(" 2025-09-29 ", StringComparison.Ordinal) && l.Contains("refusal of sickness-benefit", StringComparison.Ordinal));
        var earlier = await _tool.RunAsync([.. AfSyd, "facts", "show", personId, "--as-of", "2025-10-05", "--output", "json"]);
        Assert.True(earlier.ExitCode == 0, earlier.ToString());
        var root = JsonDocument.Parse(earlier.Out).RootElement;
        Assert.Single(root.GetProperty("benefitDecisions").EnumerateArray());
        Assert.False(root.TryGetProperty("registrationSpells", out _), "the registration was recorded after the as-of instant");
    }

    [Fact]
    public async Task A_rejected_record_is_printed_with_its_line_and_fields_and_the_import_exits_3()
    {
        var personId = (await new ReferralJourney(fixture.Platform.Referrals).CreateAsync()).PersonId;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var formatter = new Google.Protobuf.JsonFormatter(Google.Protobuf.JsonFormatter.Settings.Default);
        FactRecord Refusal(string id, bool withLastDay) => new()
        {
            RecordId = id, SourceSystem = "fk-mica", Person = new PersonReference { PersonId = personId }, EffectiveDate = ReferralJourney.Day(-6),
            RecordedAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToProto(),
            BenefitDecision = new BenefitDecision
            {
                BenefitDecisionId = id, Kind = DecisionKind.Refusal, DecisionDate = ReferralJourney.Day(-6),
                BenefitType = Contracts.Common.V1.BenefitType.SicknessBenefit, LastBenefitDay = withLastDay ? ReferralJourney.Day(-5) : null,
                EmploymentStatus = EmploymentStatus.Unemployed,
            },
        };
        var file = Path.Combine(Path.GetTempPath(), $"facts-{tag}.jsonl");
        await File.WriteAllLinesAsync(file, [formatter.Format(Refusal(tag + "-good", true)), "", formatter.Format(Refusal(tag + "-bad", false))]);
        try
        {
            var run = await _tool.RunAsync([.. SystemRole, "facts", "import", file]);
            Assert.Equal(ExitCodes.InvalidArgument, run.ExitCode);
            Assert.Contains("facts import: 2/2 records sent in 1 batch: recorded 1, corrected 0, unchanged 0, rejected 1", run.Err, StringComparison.Ordinal);
            Assert.Contains($"rehab: rejected line 3 (record_id {tag}-bad): benefit_decision.last_benefit_day: ", run.Err, StringComparison.Ordinal);
            Assert.Equal("1", Tool.Field(run, "recorded"));

            var array = Path.ChangeExtension(file, ".json");
            await File.WriteAllTextAsync(array, "[" + formatter.Format(Refusal(tag + "-good", true)) + "]");
            var asArray = await _tool.RunAsync([.. SystemRole, "facts", "import", array, "--output", "json"]);
            File.Delete(array);
            Assert.True(asArray.ExitCode == 0, asArray.ToString());
            // A new recorded_at: a correction of the record the first import recorded.
            Assert.Equal("RECORD_OUTCOME_CORRECTED", JsonDocument.Parse(asArray.Out).RootElement.GetProperty("results")[0].GetProperty("outcome").GetString());

            await File.WriteAllTextAsync(file, "{\"recordId\": \"x\", \"colour\": \"red\"}\n");
            var malformed = await _tool.RunAsync([.. SystemRole, "facts", "import", file]);
            Assert.Equal(ExitCodes.Usage, malformed.ExitCode);
            Assert.Contains("line 1:", malformed.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("records sent", malformed.Err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        var officer = await _tool.RunAsync([.. Tool.Fk, "facts", "import", Sample]);
        Assert.Equal(ExitCodes.PermissionDenied, officer.ExitCode);
    }

    [Fact]
    public async Task Tracking_timeline_and_the_booking_queue_show_a_sent_referral_and_lead_times_go_to_CSV()
    {
        var sent = await new ReferralJourney(fixture.Platform.Referrals).ToSentAsync();
        ToolRun queue = null!;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            queue = await _tool.RunAsync([.. Tool.Af, "tracking", "queue", "referrals-to-book", "--limit", "500"]);
            return queue.Out.Contains(sent.ReferralId, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(15)), queue.ToString());
        Assert.StartsWith("REFERRAL_ID", queue.Out, StringComparison.Ordinal);

        var timeline = await _tool.RunAsync([.. Tool.Fk, "tracking", "timeline", "--referral", sent.ReferralId]);
        Assert.True(timeline.ExitCode == 0, timeline.ToString());
        Assert.Contains(timeline.Out.Split('\n'), l => l.StartsWith(Date(-10) + "  joint-assessment-requested", StringComparison.Ordinal));

        var person = await _tool.RunAsync([.. Tool.Fk, "tracking", "timeline", "--person", sent.PersonId, "--output", "json"]);
        Assert.Equal(sent.ReferralId, JsonDocument.Parse(person.Out).RootElement.GetProperty("cases")[0].GetProperty("referralId").GetString());

        var year = ReferralJourney.Today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var csv = await _tool.RunAsync("--role", "Analyst", "tracking", "lead-times", "--year", year, "--period", "quarter", "--csv", "-");
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.StartsWith("lead_time,period,benefit,gender,office,region,count,mean_days,median_days,p90_days", csv.Out, StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"lead-times-{Guid.NewGuid():N}.csv");
        try
        {
            var written = await _tool.RunAsync("--role", "Analyst", "tracking", "lead-times", "--year", year, "--period", "quarter", "--csv", file);
            Assert.True(written.ExitCode == 0, written.ToString());
            Assert.Equal(csv.Out, await File.ReadAllTextAsync(file));
            Assert.StartsWith("LEAD_TIME", written.Out, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }


        Assert.Equal(ExitCodes.Usage, (await _tool.RunAsync([.. Tool.Fk, "tracking", "timeline"])).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await _tool.RunAsync([.. Tool.Fk, "tracking", "queue", "everything"])).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await _tool.RunAsync([.. Tool.Fk, "tracking", "sgi", Guid.CreateVersion7().ToString()])).ExitCode);
    }

    [Fact]
    public async Task Ja_interventions_and_transition_list_and_show_as_tables_and_json()
    {
        var journey = new RoundJourney(fixture.Platform);
        var booked = await journey.BookAsync(0);
        var round = await journey.RoundOfAsync(booked.ReferralId);

        var listed = await _tool.RunAsync([.. Tool.Af, "ja", "list", "--referral", booked.ReferralId]);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains(listed.Out.Split('\n'), l => l.StartsWith(round.JointAssessmentId + "  scheduled", StringComparison.Ordinal));

        var held = await _tool.RunAsync([.. Tool.Af, "ja", "held", round.JointAssessmentId, "--effective", Date(0)]);
        Assert.True(held.ExitCode == 0, held.ToString());
        Assert.Equal(Date(0), Tool.Field(held, "first_meeting_date"));
        var stale = await _tool.RunAsync([.. Tool.Af, "ja", "held", round.JointAssessmentId, "--meeting", round.Meetings[0].MeetingId, "--etag", round.Etag]);
        Assert.Equal(ExitCodes.Conflict, stale.ExitCode);
        Assert.Contains("'rehab ja show' shows the current etag", stale.Err, StringComparison.Ordinal);

        var shown = await _tool.RunAsync([.. Tool.Fk, "ja", "show", round.JointAssessmentId, "--output", "json"]);
        Assert.Equal(Tool.Field(held, "etag"), JsonDocument.Parse(shown.Out).RootElement.GetProperty("etag").GetString());

        var participations = await _tool.RunAsync([.. Tool.Af, "interventions", "list", "--output", "json"]);
        Assert.True(participations.ExitCode == 0, participations.ToString());
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(participations.Out).RootElement.ValueKind);
        var meetings = await _tool.RunAsync([.. Tool.Fk, "transition", "list", "--type", "transition-meeting"]);
        Assert.True(meetings.ExitCode == 0, meetings.ToString());
        Assert.StartsWith("MEETING_ID", meetings.Out, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.NotFound, (await _tool.RunAsync([.. Tool.Af, "interventions", "show", Guid.CreateVersion7().ToString()])).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await _tool.RunAsync([.. Tool.Fk, "transition", "show", Guid.CreateVersion7().ToString()])).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await _tool.RunAsync([.. Tool.Fk, "ja", "list", "--state", "lost"])).ExitCode);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error()
    {
        var unknown = await _tool.RunAsync([.. Tool.Fk, "payments", "run"]);
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("unknown command 'payments'", unknown.Err, StringComparison.Ordinal);
        var unknownReport = await _tool.RunAsync([.. Tool.Fk, "reports", "monthly"]);
        Assert.Equal(ExitCodes.Usage, unknownReport.ExitCode);
        Assert.Contains("unknown command 'rehab reports monthly'", unknownReport.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, (await _tool.RunAsync([.. Tool.Fk, "facts", "export"])).ExitCode);
    }
}
