using System.Diagnostics;
using Rehab.Cli;
using Rehab.Testing.Platform;
using Rehab.Testing;
using Xunit;

namespace Rehab.Client.Tests;

/// <summary>The built <c>rehab</c> program as a user runs it: a separate process, its own stdout, stderr and exit code.</summary>
[Trait("Tier", "Redis")]
[Collection(PlatformCollection.Name)]
public sealed class RehabToolProcessTests(PlatformFixture fixture)
{
    private static async Task<ToolRun> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rehab.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in Tool.Environment) start.Environment[name] = value;
        start.Environment.Remove("REHAB_TOKEN");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new ToolRun(process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task The_program_lists_offices_and_reports_an_unreachable_gateway_by_exit_code()
    {
        var listed = await RunAsync(["refdata", "offices", "--gateway", fixture.Platform.GatewayGrpcAddress.ToString(), .. Tool.Fk, "--agency", "fk"]);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("fk-stockholm-city", listed.Out, StringComparison.Ordinal);

        var down = await RunAsync(["--gateway", $"http://127.0.0.1:{ClosedPort.Reserve()}", .. Tool.Fk, "referral", "get", "x"]);
        Assert.Equal(ExitCodes.Unavailable, down.ExitCode);
        Assert.Contains("rehab: unavailable", down.Err, StringComparison.Ordinal);

        var help = await RunAsync("--help");
        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.Contains("Exit codes:", help.Out, StringComparison.Ordinal);
    }
}
