using Rehab.Cli;
using Rehab.Testing.Platform;
using Rehab.Testing;

namespace Rehab.Client.Tests;

internal sealed record ToolRun(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>The <c>rehab</c> tool, run in-process through its entry point against a running platform.</summary>
internal sealed class Tool(Uri gateway)
{
    public static readonly string[] Fk = ["--role", "FkCaseOfficer", "--office", ReferralJourney.FkOffice, "--subject", "fk-officer-1"];
    public static readonly string[] Af = ["--role", "AfEmploymentOfficer", "--office", ReferralJourney.AfOffice, "--subject", "af-officer-1"];

    public Tool(PlatformHost platform) : this(platform.GatewayGrpcAddress)
    {
    }

    /// <summary>The environment a user of the local run has: the development key, issuer and audience.</summary>
    public static Dictionary<string, string?> Environment { get; } = new()
    {
        ["Auth__DevSigningKey"] = DevTokens.SigningKey,
        ["Auth__Issuer"] = DevTokens.Issuer,
        ["Auth__Audience"] = DevTokens.Audience,
    };

    public Task<ToolRun> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public async Task<ToolRun> RunWithInputAsync(string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await RehabCli.RunAsync(["--gateway", gateway.ToString(), .. args], stdout, stderr,
            name => Environment.GetValueOrDefault(name), new StringReader(stdin));
        return new ToolRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The value of a "name  value" line of table output.</summary>
    public static string Field(ToolRun run, string name) =>
        run.Out.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))?[name.Length..].Trim()
        ?? throw new Xunit.Sdk.XunitException($"no '{name}' in the output\n{run}");
}
