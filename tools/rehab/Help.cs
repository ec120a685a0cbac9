using System.Text;

namespace Rehab.Cli;

/// <summary>Help text, generated from the same specs the parser uses, so it cannot drift from what the tool accepts.</summary>
internal static class Help
{
    public static string For(string? group, CommandSpec? command)
    {
        if (command is not null) return Command(command);
        if (group is not null && RehabCli.Commands.Any(c => c.Group == group)) return Group(group);
        return Tool();
    }

    private static string Tool()
    {
        var text = new StringBuilder();
        text.AppendLine("rehab — call the Rehab Platform (FK/AF enhanced cooperation) through its gateway.");
        text.AppendLine();
        text.AppendLine("Usage: rehab <command> [arguments] [options]");
        text.AppendLine("       rehab <command> --help");
        text.AppendLine();
        text.AppendLine("Commands:");
        var width = RehabCli.Commands.Max(c => c.Path.Length);
        foreach (var c in RehabCli.Commands) text.AppendLine($"  {c.Path.PadRight(width)}  {c.Summary}");
        Globals(text);
        text.AppendLine();
        text.AppendLine("Environment:");
        text.AppendLine("  REHAB_GATEWAY        the gateway address (instead of --gateway)");
        text.AppendLine("  REHAB_TOKEN          a bearer token (e.g. from the identity provider), used when --role is not given");
        text.AppendLine("  REHAB_PURPOSE        the purpose (instead of --purpose)");
        text.AppendLine("  Auth__DevSigningKey  the development signing key (./run.sh writes it to .local/dev-signing-key);");
        text.AppendLine("  Auth__Issuer, Auth__Audience  as the services read them (defaults match the local run)");
        ExitCodeTable(text);
        text.AppendLine();
        text.AppendLine("Examples:");
        text.AppendLine("  export Auth__DevSigningKey=$(cat .local/dev-signing-key)");
        text.AppendLine("  rehab referral list --role FkCaseOfficer --office fk-stockholm-city");
        text.AppendLine("  rehab refdata offices --agency af --role FkCaseOfficer");
        text.AppendLine("  echo 19121212-1212 | rehab person ensure --identity-number - --role FkCaseOfficer --output json");
        text.AppendLine("  rehab facts import tools/rehab/samples/facts.jsonl --role System");
        text.AppendLine("  rehab tracking sgi <person-id> --role AfEmploymentOfficer --office af-stockholm-syd");
        text.AppendLine("  rehab tracking queue referrals-to-book --role AfEmploymentOfficer --office af-stockholm-syd");
        text.AppendLine("  rehab tracking lead-times --year 2025 --period quarter --role Analyst --csv lead-times.csv");
        text.AppendLine("  rehab interventions start <participation-id> --insured-hours 40 --role AfEmploymentOfficer --office af-stockholm-syd");
        text.AppendLine("  rehab transition held <meeting-id> --mode digital --af-office af-stockholm-syd --role FkCaseOfficer --office fk-stockholm-city");
        text.AppendLine("  rehab reports annual 2025 --tables 000.1,000.2 --role Analyst");
        text.AppendLine("  rehab reports annual 2025 --as-of 2026-01-31 --csv report-2025.csv --role Analyst");
        return text.ToString();
    }

    private static string Group(string group)
    {
        var text = new StringBuilder();
        var commands = RehabCli.Commands.Where(c => c.Group == group).ToList();
        text.AppendLine($"Usage: rehab {group} <command> [arguments] [options]");
        text.AppendLine();
        text.AppendLine("Commands:");
        var width = commands.Max(c => c.Path.Length);
        foreach (var c in commands) text.AppendLine($"  {c.Path.PadRight(width)}  {c.Summary}");
        text.AppendLine();
        text.AppendLine($"Run 'rehab {group} <command> --help' for a command's options; 'rehab --help' for global options and exit codes.");
        return text.ToString();
    }

    private static string Command(CommandSpec command)
    {
        var text = new StringBuilder();
        var arguments = string.Concat(command.Arguments.Select(a => " " + a));
        text.AppendLine($"Usage: rehab {command.Path}{arguments}{(command.Options.Length > 0 ? " [options]" : "")}");
        text.AppendLine();
        text.AppendLine(command.Summary);
        if (command.Details is not null)
        {
            text.AppendLine();
            text.AppendLine(command.Details);
        }

        if (command.Options.Length > 0)
        {
            text.AppendLine();
            text.AppendLine("Options:");
            Options(text, command.Options);
        }

        Globals(text);
        ExitCodeTable(text);
        return text.ToString();
    }

    private static void Globals(StringBuilder text)
    {
        text.AppendLine();
        text.AppendLine("Global options (anywhere on the line):");
        Options(text, RehabCli.GlobalOptions);
    }

    private static void Options(StringBuilder text, OptionSpec[] options)
    {
        var width = options.Max(o => o.Usage.Length);
        foreach (var o in options) text.AppendLine($"  {o.Usage.PadRight(width)}  {o.Help}{(o.Repeatable ? " (repeatable)" : "")}");
    }

    private static void ExitCodeTable(StringBuilder text)
    {
        text.AppendLine();
        text.AppendLine("Exit codes:");
        foreach (var (code, meaning) in ExitCodes.Documented) text.AppendLine($"  {code}  {meaning}");
    }
}
