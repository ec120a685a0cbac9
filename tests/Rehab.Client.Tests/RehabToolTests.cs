using System.Text.Json;
using Rehab.Cli;
using Rehab.Testing.Platform;
using Rehab.Testing;
using Xunit;

namespace Rehab.Client.Tests;

/// <summary>The <c>rehab</c> tool against a running platform (real Kestrel, gateway, redis-server): output and exit code per command.</summary>
[Trait("Tier", "Redis")]
[Collection(PlatformCollection.Name)]
public sealed class RehabToolTests(PlatformFixture fixture)
{
    private readonly Tool _tool = new(fixture.Platform);

    private async Task<(ToolRun Run, string Id)> CreateAsync(string? identityNumber = null, string? sickCase = null, params string[] extra)
    {
        var run = await _tool.RunAsync([.. Tool.Fk, "referral", "create", "--identity-number", identityNumber ?? ReferralJourney.NewIdentityNumber(),
            "--sick-case", sickCase ?? "SC-" + Guid.NewGuid().ToString("N")[..8], "--sick-case-start", Date(-200), "--benefit", "sickness-benefit",
            "--gender", "woman", "--effective", Date(-30), .. extra]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return (run, Tool.Field(run, "referral_id"));
    }

    private static string Date(int offset) => ReferralJourney.Today.AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_referral_goes_from_need_identified_to_booked_through_the_tool()
    {
        var number = ReferralJourney.NewIdentityNumber();
        var (created, id) = await CreateAsync(number);
        Assert.Equal("need-identified", Tool.Field(created, "state"));
        Assert.Equal(ReferralJourney.FkOffice, Tool.Field(created, "fk_office_id"));
        Assert.DoesNotContain(number[..8], created.Out, StringComparison.Ordinal);

        async Task<ToolRun> Step(string[] caller, params string[] args)
        {
            var run = await _tool.RunAsync([.. caller, "referral", .. args]);
            Assert.True(run.ExitCode == 0, run.ToString());
            return run;
        }

        await Step(Tool.Fk, "assess", id, "--effective", Date(-25));
        await Step(Tool.Fk, "contact", id, "--type", "personal-meeting", "--effective", Date(-21));
        await Step(Tool.Fk, "consent", id, "--decision", "requested", "--effective", Date(-15));
        var consented = await Step(Tool.Fk, "consent", id, "--decision", "given", "--channel", "phone", "--effective", Date(-12));
        Assert.Equal("given", Tool.Field(consented, "consent"));
        var sent = await Step(Tool.Fk, "send", id, "--effective", Date(-10));
        Assert.Equal("sent", Tool.Field(sent, "state"));
        await Step(Tool.Af, "receive", id, "--effective", Date(-7));
        var booked = await Step(Tool.Af, "book", id, "--meeting-at", Date(14) + "T10:00", "--af-office", ReferralJourney.AfOffice);
        Assert.Equal("converted", Tool.Field(booked, "state"));
        Assert.Contains($"at {ReferralJourney.AfOffice} with af-officer-1", Tool.Field(booked, "booking"), StringComparison.Ordinal);

        var shown = await Step(Tool.Fk, "get", id, "--output", "json");
        using var json = JsonDocument.Parse(shown.Out);
        Assert.Equal("REFERRAL_STATE_CONVERTED", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(id, json.RootElement.GetProperty("referralId").GetString());

        var listed = await Step(Tool.Fk, "list", "--state", "converted", "--limit", "500");
        Assert.StartsWith("REFERRAL_ID", listed.Out, StringComparison.Ordinal);
        Assert.Contains(listed.Out.Split('\n'), l => l.StartsWith(id, StringComparison.Ordinal) && l.Contains("converted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_withdrawal_on_the_individuals_behalf_closes_the_referral()
    {
        var (_, id) = await CreateAsync();
        var run = await _tool.RunAsync([.. Tool.Fk, "referral", "withdraw", id, "--reason", "returned-to-work", "--on-behalf", "--channel", "phone"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("withdrawn", Tool.Field(run, "state"));
        Assert.Equal("returned-to-work", Tool.Field(run, "withdrawal_reason"));
    }

    [Fact]
    public async Task A_stale_etag_exits_5_and_changes_nothing()
    {
        var (created, id) = await CreateAsync();
        var firstEtag = Tool.Field(created, "etag");
        var assessed = await _tool.RunAsync([.. Tool.Fk, "referral", "assess", id, "--etag", firstEtag, "--effective", Date(-25)]);
        Assert.True(assessed.ExitCode == 0, assessed.ToString());

        var stale = await _tool.RunAsync([.. Tool.Fk, "referral", "contact", id, "--type", "phone", "--etag", firstEtag, "--effective", Date(-21)]);
        Assert.Equal(ExitCodes.Conflict, stale.ExitCode);
        Assert.StartsWith("rehab: conflict:", stale.Err, StringComparison.Ordinal);
        Assert.Empty(stale.Out);
        var now = await _tool.RunAsync([.. Tool.Fk, "referral", "get", id]);
        Assert.Equal(Tool.Field(assessed, "etag"), Tool.Field(now, "etag"));
    }

    [Fact]
    public async Task Input_the_platform_rejects_exits_3_with_the_field_violations()
    {
        var run = await _tool.RunAsync([.. Tool.Fk, "referral", "create", "--identity-number", "19850229-1233", "--sick-case", "SC-x",
            "--sick-case-start", Date(-200), "--benefit", "sickness-benefit"]);
        Assert.Equal(ExitCodes.InvalidArgument, run.ExitCode);
        Assert.StartsWith("rehab: invalid argument:", run.Err, StringComparison.Ordinal);
        Assert.Equal("rehab: invalid argument:", run.Err.Split('\n')[0].TrimEnd());
        Assert.Contains("  identity_number: ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_command_lines_exit_2_before_calling_the_platform()
    {
        var missing = await _tool.RunAsync([.. Tool.Fk, "referral", "create", "--sick-case", "SC-1"]);
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("--identity-number is required", missing.Err, StringComparison.Ordinal);

        var badDate = await _tool.RunAsync([.. Tool.Fk, "referral", "assess", "x", "--effective", "14/3/2025"]);
        Assert.Equal(ExitCodes.Usage, badDate.ExitCode);
        Assert.Contains("is not a date", badDate.Err, StringComparison.Ordinal);

        var badEnum = await _tool.RunAsync([.. Tool.Fk, "referral", "list", "--state", "lost"]);
        Assert.Equal(ExitCodes.Usage, badEnum.ExitCode);
        Assert.Contains("need-identified", badEnum.Err, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Usage, (await _tool.RunAsync("referral", "explode")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await _tool.RunAsync("referral", "get")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await _tool.RunAsync("referral", "get", "a", "--colour", "red")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await _tool.RunAsync("referral", "get", "a", "--output", "xml")).ExitCode);
    }

    [Fact]
    public async Task Each_error_class_has_its_exit_code()
    {
        var number = ReferralJourney.NewIdentityNumber();
        var (_, id) = await CreateAsync(number, "SC-twice");

        var notFound = await _tool.RunAsync([.. Tool.Fk, "referral", "get", Guid.CreateVersion7().ToString()]);
        Assert.Equal(ExitCodes.NotFound, notFound.ExitCode);
        Assert.StartsWith("rehab: not found:", notFound.Err, StringComparison.Ordinal);

        var twice = await _tool.RunAsync([.. Tool.Fk, "referral", "create", "--identity-number", number, "--sick-case", "SC-twice",
            "--sick-case-start", Date(-200), "--benefit", "sickness-benefit", "--effective", Date(-30)]);
        Assert.Equal(ExitCodes.AlreadyExists, twice.ExitCode);
        Assert.Contains(id, twice.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(number[..8], twice.Err, StringComparison.Ordinal);

        var wrongState = await _tool.RunAsync([.. Tool.Fk, "referral", "send", id]);
        Assert.Equal(ExitCodes.FailedPrecondition, wrongState.ExitCode);

        var afWithdraws = await _tool.RunAsync([.. Tool.Af, "referral", "withdraw", id, "--reason", "other", "--etag", "1"]);
        Assert.Equal(ExitCodes.PermissionDenied, afWithdraws.ExitCode);

        var anonymous = await _tool.RunAsync("referral", "get", id);
        Assert.Equal(ExitCodes.PermissionDenied, anonymous.ExitCode);
        Assert.Contains("no credentials", anonymous.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_gateway_exits_9_for_reads_and_writes()
    {
        var nobody = new Tool(new Uri($"http://127.0.0.1:{ClosedPort.Reserve()}"));
        var read = await nobody.RunAsync([.. Tool.Fk, "referral", "list"]);
        Assert.Equal(ExitCodes.Unavailable, read.ExitCode);
        Assert.StartsWith("rehab: unavailable: the gateway at http://127.0.0.1:", read.Err, StringComparison.Ordinal);

        var write = await nobody.RunAsync([.. Tool.Fk, "referral", "assess", "x", "--etag", "1"]);
        Assert.Equal(ExitCodes.Unavailable, write.ExitCode);
    }

    [Fact]
    public async Task Person_ensure_never_prints_the_identity_number_and_person_get_does()
    {
        var number = ReferralJourney.NewIdentityNumber();
        var digits = number.Replace("-", "", StringComparison.Ordinal);
        var ensured = await _tool.RunWithInputAsync(number + "\n", [.. Tool.Fk, "person", "ensure", "--identity-number", "-", "--output", "json"]);
        Assert.True(ensured.ExitCode == 0, ensured.ToString());
        Assert.DoesNotContain(digits[..8], ensured.Out, StringComparison.Ordinal);
        var personId = JsonDocument.Parse(ensured.Out).RootElement.GetProperty("personId").GetString()!;

        var again = await _tool.RunAsync([.. Tool.Fk, "person", "ensure", "--identity-number", number]);
        Assert.Equal(personId, Tool.Field(again, "person_id"));
        Assert.DoesNotContain(digits[..8], again.Out, StringComparison.Ordinal);

        var read = await _tool.RunAsync([.. Tool.Fk, "person", "get", personId, "--purpose", "checking the identity"]);
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal(digits, Tool.Field(read, "identity_number"));
        Assert.Equal("personnummer", Tool.Field(read, "kind"));
    }

    [Fact]
    public async Task Reference_data_lists_offices_and_an_officers_offices()
    {
        var offices = await _tool.RunAsync([.. Tool.Fk, "refdata", "offices", "--agency", "af"]);
        Assert.True(offices.ExitCode == 0, offices.ToString());
        Assert.StartsWith("OFFICE_ID", offices.Out, StringComparison.Ordinal);
        Assert.Contains("af-stockholm-syd", offices.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("fk-stockholm-city", offices.Out, StringComparison.Ordinal);

        var mine = await _tool.RunAsync([.. Tool.Af, "refdata", "officer-offices", "af-officer-1", "--output", "json"]);
        Assert.True(mine.ExitCode == 0, mine.ToString());
        var ids = JsonDocument.Parse(mine.Out).RootElement.GetProperty("offices").EnumerateArray().Select(o => o.GetProperty("officeId").GetString());
        Assert.Equal([ReferralJourney.AfOffice], ids);

        Assert.Equal(ExitCodes.NotFound, (await _tool.RunAsync([.. Tool.Af, "refdata", "officer-offices", "nobody-at-all"])).ExitCode);
    }

    [Fact]
    public async Task The_token_command_prints_the_token_the_platform_accepts()
    {
        var run = await _tool.RunAsync([.. Tool.Fk, "token"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var token = run.Out.Trim();
        Assert.Equal(3, token.Split('.').Length);

        var environment = new Dictionary<string, string?> { ["REHAB_TOKEN"] = token };
        using var stdout = new StringWriter();
        var code = await RehabCli.RunAsync(["--gateway", fixture.Platform.GatewayGrpcAddress.ToString(), "referral", "list", "--limit", "1"],
            stdout, TextWriter.Null, environment.GetValueOrDefault);
        Assert.Equal(ExitCodes.Ok, code);

        Assert.Equal(ExitCodes.Usage, (await _tool.RunAsync("token")).ExitCode);
    }
}
