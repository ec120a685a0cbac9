using Grpc.Core;
using Rehab.Client.Errors;

namespace Rehab.Cli;

/// <summary>The <c>rehab</c> tool's entry point, callable in-process (tests) with its own output streams and environment.</summary>
public static class RehabCli
{
    internal static readonly OptionSpec[] GlobalOptions =
    [
        new("gateway", "the gateway's gRPC address (env REHAB_GATEWAY; default http://127.0.0.1:5080)", "url"),
        new("output", "table (default) or json (proto-JSON; lists as an array)", "format"),
        new("role", "mint a development token for this role (needs env Auth__DevSigningKey); else env REHAB_TOKEN is sent", "role"),
        new("org", "the token's organisation (default FK, or AF for Af* roles)", "org"),
        new("office", "an office the caller serves; repeat or separate with commas", "office-id", Repeatable: true),
        new("subject", "the token's subject, the caller's user id (default dev-<role>)", "user-id"),
        new("purpose", "why personal data is read or changed (x-rehab-purpose; env REHAB_PURPOSE; default \"case handling\")", "text"),
        new("timeout", "deadline of each call in seconds (default 30; reads are retried within it)", "seconds"),
        new("help", "show help for the tool, a group or a command"),
    ];

    internal static IReadOnlyList<CommandSpec> Commands { get; } =
        [
            .. ReferralCommands.All, .. PersonCommands.All, .. ReferenceDataCommands.All, .. JointAssessmentCommands.All,
            .. InterventionsCommands.All, .. TransitionCommands.All, .. FactsCommands.All, .. TrackingCommands.All, .. ReportsCommands.All, TokenCommand.Spec,
        ];

    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, TextReader? stdin = null)
    {
        Parsed parsed;
        try
        {
            parsed = Parse(args);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"rehab: {e.Message}");
            await stderr.WriteLineAsync("Run 'rehab --help' for usage.");
            return ExitCodes.Usage;
        }

        if (parsed.Help || parsed.Command is null)
        {
            var text = Help.For(parsed.Group, parsed.Command);
            if (parsed.Help) await stdout.WriteAsync(text);
            else await stderr.WriteAsync(text);
            return parsed.Help ? ExitCodes.Ok : ExitCodes.Usage;
        }

        var format = parsed.Options.TryGetValue("output", out var formats) ? formats[^1] : "table";
        if (format is not ("table" or "json"))
        {
            await stderr.WriteLineAsync($"rehab: --output: '{format}' is not table or json");
            return ExitCodes.Usage;
        }

        using var invocation = new Invocation(parsed.Command, parsed.Arguments, parsed.Options, environment,
            stdin ?? TextReader.Null, new Output(stdout, format == "json"), stderr);
        try
        {
            return await parsed.Command.Run(invocation);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"rehab: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (RpcException e)
        {
            await ReportAsync(stderr, RehabErrors.Translate(e), invocation);
            return ExitCodes.For(RehabErrors.Translate(e));
        }
    }

    private static async Task ReportAsync(TextWriter stderr, RpcException e, Invocation invocation)
    {
        var kind = e switch
        {
            RehabValidationException => "invalid argument",
            RehabNotFoundException => "not found",
            RehabConflictException => "conflict",
            RehabAlreadyExistsException => "already exists",
            RehabPreconditionException => "failed precondition",
            RehabPermissionException => "not allowed",
            RehabUnavailableException => "unavailable",
            _ => e.StatusCode.ToString(),
        };
        var detail = e switch
        {
            RehabUnavailableException => $"the gateway at {invocation.Gateway} did not answer ({e.StatusCode}: {e.Status.Detail})",
            RehabConflictException => $"{e.Status.Detail} ('rehab {invocation.Command.Group} {ShowCommand(invocation.Command.Group)}' shows the current etag)",
            RehabPermissionException when !invocation.HasCredentials => $"{e.Status.Detail} — no credentials: pass --role (with Auth__DevSigningKey) or set REHAB_TOKEN",
            RehabValidationException { Violations.Count: > 0 } => "",
            _ => e.Status.Detail,
        };
        await stderr.WriteLineAsync(detail.Length > 0 ? $"rehab: {kind}: {detail}" : $"rehab: {kind}:");
        if (e is RehabValidationException { Violations: var violations })
            foreach (var v in violations) await stderr.WriteLineAsync($"  {v.Field}: {v.Description}");
        if (e is RehabAlreadyExistsException { ExistingId: { Length: > 0 } existing }) await stderr.WriteLineAsync($"  existing: {existing}");
    }

    private static string ShowCommand(string group) => Commands.Any(c => c.Group == group && c.Name == "get") ? "get" : "show";

    private sealed record Parsed(string? Group, CommandSpec? Command, List<string> Arguments, Dictionary<string, List<string>> Options, bool Help);

    private static Parsed Parse(string[] args)
    {
        string? group = null;
        CommandSpec? command = null;
        var arguments = new List<string>();
        var options = new Dictionary<string, List<string>>();
        var help = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "-h" || (arg == "help" && command is null))
            {
                help = true;
                continue;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var (name, inline) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (arg[2..eq], arg[(eq + 1)..]) : (arg[2..], null);
                var spec = GlobalOptions.FirstOrDefault(o => o.Name == name) ?? command?.Options.FirstOrDefault(o => o.Name == name);
                if (spec is null)
                {
                    if (help) continue;
                    throw new UsageException(command is null
                        ? $"unknown option --{name}"
                        : $"unknown option --{name} for 'rehab {command.Path}'");
                }

                if (spec.Name == "help")
                {
                    help = true;
                    continue;
                }

                string value;
                if (spec.Value is null)
                {
                    if (inline is not null) throw new UsageException($"--{name} takes no value");
                    value = "";
                }
                else if (inline is not null) value = inline;
                else if (i + 1 < args.Length) value = args[++i];
                else throw new UsageException($"--{name} needs a value <{spec.Value}>");

                if (!options.TryGetValue(name, out var values)) options[name] = values = [];
                else if (!spec.Repeatable) throw new UsageException($"--{name} is given twice");
                values.Add(value);
                continue;
            }

            if (group is null)
            {
                group = arg;
                if (!Commands.Any(c => c.Group == group))
                {
                    if (help) continue;
                    throw new UsageException($"unknown command '{arg}'");
                }

                command = Commands.FirstOrDefault(c => c.Group == group && c.Name.Length == 0);
            }
            else if (command is null)
            {
                command = Commands.FirstOrDefault(c => c.Group == group && c.Name == arg);
                if (command is null && !help) throw new UsageException($"unknown command 'rehab {group} {arg}'; see 'rehab {group} --help'");
            }
            else
            {
                arguments.Add(arg);
            }
        }

        if (command is not null && !help && arguments.Count != command.Arguments.Length)
            throw new UsageException(arguments.Count < command.Arguments.Length
                ? $"rehab {command.Path}: missing {string.Join(" ", command.Arguments.Skip(arguments.Count))}"
                : $"rehab {command.Path}: unexpected argument '{arguments[command.Arguments.Length]}'");
        return new Parsed(group, command, arguments, options, help);
    }
}
