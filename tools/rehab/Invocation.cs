using System.Globalization;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Security;
using Rehab.Client;
using Rehab.Client.Tokens;

namespace Rehab.Cli;

/// <summary>One parsed command line: the command, its arguments and options, the global settings, and the client.</summary>
internal sealed class Invocation(
    CommandSpec command, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, List<string>> options,
    Func<string, string?> environment, TextReader stdin, Output output, TextWriter stderr) : IDisposable
{
    private RehabClient? _client;

    public CommandSpec Command => command;

    public Output Out => output;

    /// <summary>Standard error: progress and per-record problems, so standard output stays the result (and valid JSON).</summary>
    public TextWriter Err => stderr;

    public TextReader Stdin => stdin;

    public Func<string, string?> Environment => environment;

    public Uri Gateway
    {
        get
        {
            var text = Option("gateway") ?? environment("REHAB_GATEWAY") ?? "http://127.0.0.1:5080";
            return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri : throw new UsageException($"--gateway: '{text}' is not an http(s) address");
        }
    }

    public RehabClient Client => _client ??= RehabClient.Create(o =>
    {
        o.GatewayAddress = Gateway;
        o.Purpose = Option("purpose") ?? environment("REHAB_PURPOSE") ?? "case handling";
        o.Tokens = Tokens();
        if (Option("timeout") is { } seconds) o.DefaultDeadline = TimeSpan.FromSeconds(PositiveInt("timeout", seconds));
    });

    /// <summary>Whether the caller has any credentials (a role for a development token, or REHAB_TOKEN).</summary>
    public bool HasCredentials => Option("role") is not null || !string.IsNullOrEmpty(environment("REHAB_TOKEN"));

    /// <summary>A development token for --role/--org/--office/--subject, else REHAB_TOKEN, else none.</summary>
    public ITokenSource? Tokens()
    {
        if (DevCaller() is { } caller)
        {
            AuthOptions auth;
            try
            {
                auth = DevTokenSource.AuthFromEnvironment(environment);
            }
            catch (InvalidOperationException e)
            {
                throw new UsageException($"--role needs the development signing key: {e.Message}");
            }

            return new DevTokenSource(auth, caller);
        }

        return environment("REHAB_TOKEN") is { Length: > 0 } token ? new StaticTokenSource(token) : null;
    }

    public DevCaller? DevCaller()
    {
        if (Option("role") is not { } roleText) return null;
        var role = Names.Parse<Role>(roleText, "role");
        var org = Option("org") ?? (role.ToString().StartsWith("Af", StringComparison.Ordinal) ? Organisations.Af : Organisations.Fk);
        var subject = Option("subject") ?? "dev-" + Names.Kebab(role);
        return new DevCaller(subject, [role], org, Many("office"), ProviderId: role == Role.Provider ? org : null);
    }

    public string Argument(int index) => arguments[index];

    public string? Option(string name) => options.TryGetValue(name, out var values) ? values[^1] : null;

    public bool Flag(string name) => options.ContainsKey(name);

    public string Required(string name) => Option(name) ?? throw new UsageException($"rehab {command.Path}: --{name} is required");

    /// <summary>A repeatable option, each value also split at commas.</summary>
    public IReadOnlyList<string> Many(string name) => options.TryGetValue(name, out var values)
        ? values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
        : [];

    /// <summary>--effective (yyyy-MM-dd or "today"); today in Europe/Stockholm when absent.</summary>
    public DateOnly Effective => DateOption("effective") ?? CivilTime.Today(TimeProvider.System);

    public DateOnly? DateOption(string name)
    {
        var text = Option(name);
        if (text is null) return null;
        if (text == "today") return CivilTime.Today(TimeProvider.System);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date : throw new UsageException($"--{name}: '{text}' is not a date (yyyy-MM-dd or today)");
    }

    public DateTimeOffset InstantOption(string name) => OptionalInstant(name) ?? throw new UsageException($"rehab {command.Path}: --{name} is required");

    /// <summary>An instant (a date alone is the start of that day, Swedish time), or null when the option is absent.</summary>
    public DateTimeOffset? OptionalInstant(string name)
    {
        if (Option(name) is not { } text) return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            throw new UsageException($"--{name}: '{text}' is not a date and time (e.g. 2025-03-14T10:00+01:00)");
        // Without an offset the time is read as Swedish local time, as an officer means it.
        if (!System.Text.RegularExpressions.Regex.IsMatch(text, @"(Z|[+-]\d{2}:?\d{2})$"))
            instant = new DateTimeOffset(instant.DateTime, CivilTime.Stockholm.GetUtcOffset(instant.DateTime));
        return instant;
    }

    /// <summary>--limit: at most this many rows (default 50).</summary>
    public int Limit => Option("limit") is { } l ? PositiveInt("limit", l) : 50;

    /// <summary>A decimal number option (hours per week, …), or null when absent; the platform checks its range.</summary>
    public double? NumberOption(string name)
    {
        if (Option(name) is not { } text) return null;
        return double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            && double.IsFinite(n) ? n : throw new UsageException($"--{name}: '{text}' is not a number (e.g. 12.5)");
    }

    public double RequiredNumber(string name) => NumberOption(name) ?? throw new UsageException($"rehab {command.Path}: --{name} is required");

    /// <summary>A year argument (yyyy).</summary>
    public int YearArgument(int index)
    {
        var text = Argument(index);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 9999
            ? year : throw new UsageException($"rehab {command.Path}: '{text}' is not a year (yyyy)");
    }

    public int PositiveInt(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new UsageException($"--{name}: '{text}' is not a positive whole number");

    /// <summary>A secret-ish value that should not sit in the shell history: '-' reads it from standard input.</summary>
    public string FromStdinIfDash(string value) =>
        value == "-" ? (stdin.ReadLine()?.Trim() is { Length: > 0 } line ? line : throw new UsageException("standard input was empty")) : value;

    public void Dispose() => _client?.Dispose();
}
