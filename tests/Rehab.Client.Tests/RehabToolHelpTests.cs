using Rehab.Cli;
using Xunit;

namespace Rehab.Client.Tests;

[Trait("Tier", "Fast")]
public sealed class RehabToolHelpTests
{
    private static readonly Tool Offline = new(new Uri("http://127.0.0.1:1"));

    [Fact]
    public async Task Rehab_help_lists_every_command_the_global_options_and_the_exit_codes()
    {
        var run = await Offline.RunAsync("--help");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (var command in RehabCli.Commands)
            Assert.Contains($"  {command.Path} ", run.Out, StringComparison.Ordinal);
        foreach (var option in RehabCli.GlobalOptions) Assert.Contains(option.Usage, run.Out, StringComparison.Ordinal);
        foreach (var (code, meaning) in ExitCodes.Documented) Assert.Contains($"  {code}  {meaning}", run.Out, StringComparison.Ordinal);
        Assert.Contains("REHAB_TOKEN", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_command_has_help_naming_its_arguments_and_options()
    {
        foreach (var command in RehabCli.Commands)
        {
            var run = await Offline.RunAsync([.. command.Path.Split(' '), "--help"]);
            Assert.True(run.ExitCode == 0, $"{command.Path}: {run}");
            Assert.StartsWith($"Usage: rehab {command.Path}", run.Out, StringComparison.Ordinal);
            Assert.Contains(command.Summary, run.Out, StringComparison.Ordinal);
            foreach (var argument in command.Arguments) Assert.Contains(argument, run.Out, StringComparison.Ordinal);
            var lines = run.Out.Split('\n');
            foreach (var option in command.Options)
                Assert.Contains(lines, l => l.StartsWith("  " + option.Usage + " ", StringComparison.Ordinal) && l.Contains(option.Help, StringComparison.Ordinal));
            Assert.Contains("Exit codes:", run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Group_help_and_the_short_forms_work_and_no_command_is_a_usage_error()
    {
        var group = await Offline.RunAsync("referral", "-h");
        Assert.Equal(ExitCodes.Ok, group.ExitCode);
        Assert.Contains("referral book", group.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("person ensure", group.Out, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, (await Offline.RunAsync("help")).ExitCode);
        var nothing = await Offline.RunAsync();
        Assert.Equal(ExitCodes.Usage, nothing.ExitCode);
        Assert.Contains("Usage: rehab", nothing.Err, StringComparison.Ordinal);
    }
}
