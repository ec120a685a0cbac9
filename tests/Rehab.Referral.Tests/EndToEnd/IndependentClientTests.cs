using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Rehab.Contracts.Referral.V1;
using Rehab.Testing;
using Xunit;
using Xunit.Abstractions;

using Rehab.Testing.Platform;

namespace Rehab.Referral.Tests.EndToEnd;

/// <summary>
/// A client that shares nothing with this code base — Node.js with @grpc/grpc-js, no .proto file, no generated code —
/// finds the referral service through the gateway's server reflection alone and calls it (tests/interop).
/// Needs node and npm on PATH; the first run does <c>npm ci</c> in tests/interop, which needs the npm registry.
/// </summary>
[Trait("Tier", "Interop")]
public sealed class IndependentClientTests(ITestOutputHelper output)
{
    private static readonly string InteropDir = Path.Combine(RepositoryRoot(), "tests", "interop");

    [Fact]
    public async Task A_reflection_only_node_client_creates_reads_and_lists_a_referral_and_sees_invalid_argument()
    {
        await EnsureNodePackagesAsync();
        await using var platform = await PlatformHost.StartAsync();
        var identityNumber = ReferralJourney.NewIdentityNumber();
        var fk = PlatformHost.As(DevTokens.FkOfficer(ReferralJourney.FkOffice));

        var run = await RunAsync("node", ["reflection-client.mjs", platform.GatewayGrpcAddress.Authority], TimeSpan.FromSeconds(90),
            new Dictionary<string, string>
            {
                ["REHAB_TOKEN"] = DevTokens.For(DevTokens.FkOfficer(ReferralJourney.FkOffice)),
                ["REHAB_PURPOSE"] = DevTokens.DefaultPurpose,
                ["IDENTITY_NUMBER"] = identityNumber,
                ["REHAB_FK_OFFICE"] = ReferralJourney.FkOffice,
                ["REHAB_TODAY"] = ReferralJourney.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            });

        output.WriteLine(run.Stderr);
        output.WriteLine(run.Stdout);
        Assert.True(run.ExitCode == 0, $"the node client failed (exit {run.ExitCode}):\n{run.Stderr}\n{run.Stdout}");
        Assert.DoesNotContain(identityNumber, run.Stdout + run.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;

        // Discovery came from reflection: both protocol versions list the service, and its methods are known.
        Assert.Contains("rehab.referral.v1.ReferralService", Strings(root.GetProperty("services")));
        Assert.Contains("rehab.referral.v1.ReferralService", Strings(root.GetProperty("servicesV1Alpha")));
        var methods = root.GetProperty("methods").EnumerateArray().ToDictionary(
            m => m.GetProperty("name").GetString()!, m => m.GetProperty("request").GetString());
        Assert.Equal("rehab.referral.v1.CreateReferralRequest", methods["CreateReferral"]);
        Assert.Equal("rehab.referral.v1.GetReferralRequest", methods["GetReferral"]);
        Assert.Equal("rehab.referral.v1.ListReferralsRequest", methods["ListReferrals"]);

        // What the node client created is what our own client reads back through the gateway.
        var created = root.GetProperty("created");
        var id = created.GetProperty("referral_id").GetString()!;
        var read = await platform.Referrals.GetReferralAsync(new GetReferralRequest { ReferralId = id }, fk);
        Assert.Equal(id, read.ReferralId);
        Assert.Equal(ReferralState.NeedIdentified, read.State);
        Assert.Equal("REFERRAL_STATE_NEED_IDENTIFIED", created.GetProperty("state").GetString());
        Assert.Equal(read.SickCaseId, created.GetProperty("sick_case_id").GetString());
        Assert.Equal(read.Etag, created.GetProperty("etag").GetString());
        Assert.Equal(ReferralJourney.Day(-30), read.NeedIdentifiedDate); // the effective date the node client sent

        Assert.Equal(id, root.GetProperty("fetched").GetProperty("referral_id").GetString());
        Assert.Contains(id, Strings(root.GetProperty("listed").GetProperty("referral_ids")));

        var bad = root.GetProperty("badCall");
        Assert.Equal(3, bad.GetProperty("code").GetInt32());
        Assert.Equal("INVALID_ARGUMENT", bad.GetProperty("codeName").GetString());
        Assert.Contains("check digit", bad.GetProperty("details").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString());

    private static async Task EnsureNodePackagesAsync()
    {
        var node = await RunAsync("node", ["--version"], TimeSpan.FromSeconds(30));
        Assert.True(node.ExitCode == 0, $"`node --version` failed: {node.Stderr}");
        if (Directory.Exists(Path.Combine(InteropDir, "node_modules", "grpc-js-reflection-client"))) return;

        // First run on this machine: install the pinned packages from package-lock.json (needs the npm registry).
        var ci = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
        Assert.True(ci.ExitCode == 0, $"`npm ci` in {InteropDir} failed (it needs the npm registry):\n{ci.Stderr}\n{ci.Stdout}");
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    private static async Task<Run> RunAsync(
        string program, string[] arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = InteropDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"`{program}` could not be started ({e.Message}). The Interop tier needs Node.js 18+ and npm on PATH: " +
                        "run scripts/ensure-prerequisites.sh (installs Debian's nodejs and npm).");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"`{program} {string.Join(' ', arguments)}` did not finish within {timeout}:\n{await stderr}");
            }

            return new Run(process.ExitCode, await stdout, await stderr);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rehab.Platform.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Rehab.Platform.sln not found above " + AppContext.BaseDirectory);
    }
}
