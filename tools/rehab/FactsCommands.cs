using System.Text.Json;
using Google.Protobuf;
using Rehab.Client;
using Rehab.Contracts.Facts.V1;

namespace Rehab.Cli;

/// <summary><c>rehab facts …</c>: the agency facts feed — importing a file of FactRecords, reading a person's facts.</summary>
internal static class FactsCommands
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static CommandSpec[] All { get; } =
    [
        new("facts", "import", "Imports agency facts (proto-JSON FactRecords) from a file, in batches, showing progress.", ["<file>"],
        [
            new("batch-size", "records per ImportFacts call (default 1000)", "n"),
            new("source-system", "source_system of records that leave it empty (e.g. fk-mica, af-midas)", "name"),
            new("batch-id", "prefix of the batch ids (default: a new one); the audit trail shows them", "id"),
        ], ImportAsync,
        "The file is JSON Lines (.jsonl: one FactRecord per line; '-' reads standard input) or JSON (.json: an array of\n"
        + "FactRecords, or an object with \"records\"). Needs a System token (--role System). Progress goes to standard error\n"
        + "after each batch, with one line per rejected record; the summary goes to standard output. Importing the same\n"
        + "file again changes nothing (every record comes back unchanged).\n"
        + "Exits 3 when the platform rejected any record (the others have landed), 2 when the file cannot be read as FactRecords\n"
        + "(nothing is sent)."),
        new("facts", "show", "Shows a person's facts (sick cases, benefit periods and decisions, AF registrations) as known at an instant.",
            ["<person-id>"],
        [
            new("as-of", "only revisions recorded at or before this instant (yyyy-MM-dd, or a date and time); default now", "date-time"),
            new("history", "also show superseded revisions (the corrections)"),
        ], ShowAsync, "An audited personal read: officers see the facts of people with a case at an office they serve."),
    ];

    private static async Task<int> ImportAsync(Invocation inv)
    {
        var options = new FactsImportOptions
        {
            BatchSize = inv.Option("batch-size") is { } size ? inv.PositiveInt("batch-size", size) : 1000,
            SourceSystem = inv.Option("source-system") ?? "",
            BatchIdPrefix = inv.Option("batch-id") ?? "",
        };
        var (records, places) = await ReadAsync(inv, inv.Argument(0));
        var result = await inv.Client.Facts.ImportAsync(records, options, new ProgressLines(inv.Err));
        foreach (var rejected in result.Rejections)
        {
            var why = string.Join("; ", rejected.Violations.Select(v => $"{v.Field}: {v.Description}"));
            await inv.Err.WriteLineAsync($"rehab: rejected {places[rejected.Index]} (record_id {Blank(rejected.RecordId)}): {why}");
        }

        var response = new ImportFactsResponse
        {
            BatchId = string.Join(",", result.BatchIds), Recorded = result.Recorded, Corrected = result.Corrected,
            Unchanged = result.Unchanged, Rejected = result.Rejected,
        };
        response.Results.AddRange(result.Results);
        inv.Out.Record(response,
        [
            ("batches", $"{result.BatchIds.Count} ({string.Join(", ", result.BatchIds)})"),
            ("records", result.Records.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("recorded", Count(result.Recorded)), ("corrected", Count(result.Corrected)), ("unchanged", Count(result.Unchanged)),
            ("rejected", Count(result.Rejected)),
        ]);
        return result.Rejected > 0 ? ExitCodes.InvalidArgument : ExitCodes.Ok;
    }

    /// <summary>Every record of the file, and where each came from ("line 3", "record 3") for the rejection messages.</summary>
    private static async Task<(List<FactRecord> Records, List<string> Places)> ReadAsync(Invocation inv, string path)
    {
        string text;
        try
        {
            text = path == "-" ? await inv.Stdin.ReadToEndAsync() : await File.ReadAllTextAsync(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"rehab facts import: cannot read {path}: {e.Message}");
        }

        var records = new List<FactRecord>();
        var places = new List<string>();
        var problems = new List<string>();
        void Add(string json, string place)
        {
            try
            {
                records.Add(Parser.Parse<FactRecord>(json));
                places.Add(place);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException)
            {
                problems.Add($"{place}: {e.Message}");
            }
        }

        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            JsonElement root;
            try
            {
                root = JsonDocument.Parse(text).RootElement;
            }
            catch (JsonException e)
            {
                throw new UsageException($"rehab facts import: {path} is not JSON: {e.Message}");
            }

            var items = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("records", out var inner) ? inner : root;
            if (items.ValueKind != JsonValueKind.Array)
                throw new UsageException($"rehab facts import: {path} holds neither an array of FactRecords nor an object with \"records\"");
            var n = 0;
            foreach (var item in items.EnumerateArray()) Add(item.GetRawText(), $"record {++n}");
        }
        else
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
                if (lines[i].Trim() is { Length: > 0 } line && !line.StartsWith("//", StringComparison.Ordinal)) Add(line, $"line {i + 1}");
        }

        if (problems.Count > 0)
            throw new UsageException($"rehab facts import: {path} has records that are not FactRecords (nothing was sent):\n  "
                                     + string.Join("\n  ", problems.Take(20)));
        if (records.Count == 0) throw new UsageException($"rehab facts import: {path} holds no records");
        return (records, places);
    }

    private static async Task<int> ShowAsync(Invocation inv)
    {
        var facts = await inv.Client.Facts.GetPersonFactsAsync(inv.Argument(0), inv.OptionalInstant("as-of"), inv.Flag("history"));
        if (inv.Out.IsJson)
        {
            inv.Out.Record(facts, []);
            return ExitCodes.Ok;
        }

        inv.Out.Writer.WriteLine($"person {facts.PersonId} as of {Names.Instant(facts.AsOf)}");
        var all = facts.SickCases.Concat(facts.BenefitPeriods).Concat(facts.BenefitDecisions).Concat(facts.RegistrationSpells).ToList();
        inv.Out.Table(all, ["KIND", "EFFECTIVE", "RECORDED_AT", "SOURCE", "RECORD_ID", "FACT"],
            r => [Names.Kebab(r.FactCase.ToString()), Names.Date(r.EffectiveDate), Names.Instant(r.RecordedAt), r.SourceSystem, r.RecordId, Describe(r)]);
        return ExitCodes.Ok;
    }

    private static string Describe(FactRecord r) => r.FactCase switch
    {
        FactRecord.FactOneofCase.SickCase =>
            $"{r.SickCase.SickCaseId} from {Names.Date(r.SickCase.StartDate)}"
            + (r.SickCase.RehabChainDay > 0 ? $", chain day {r.SickCase.RehabChainDay} on {Names.Date(r.SickCase.ChainDayDate)}" : "")
            + (r.SickCase.EndDate is null ? "" : $", ended {Names.Date(r.SickCase.EndDate)}"),
        FactRecord.FactOneofCase.BenefitPeriod =>
            $"{Names.Kebab(r.BenefitPeriod.BenefitType)} {Names.Date(r.BenefitPeriod.StartDate)}–{Names.Date(r.BenefitPeriod.EndDate)}",
        FactRecord.FactOneofCase.BenefitDecision =>
            $"{Names.Kebab(r.BenefitDecision.Kind)} of {Names.Kebab(r.BenefitDecision.BenefitType)} on {Names.Date(r.BenefitDecision.DecisionDate)}"
            + (r.BenefitDecision.LastBenefitDay is null ? "" : $", last benefit day {Names.Date(r.BenefitDecision.LastBenefitDay)}"),
        FactRecord.FactOneofCase.RegistrationSpell =>
            $"registered {Names.Date(r.RegistrationSpell.RegistrationDate)} at {r.RegistrationSpell.AfOfficeId} ({Names.Kebab(r.RegistrationSpell.RegistrationStatus)})"
            + (r.RegistrationSpell.DeregistrationDate is null ? "" : $", deregistered {Names.Date(r.RegistrationSpell.DeregistrationDate)}"),
        _ => "",
    };

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Blank(string text) => text.Length == 0 ? "(none)" : text;

    /// <summary>One line on standard error per batch, written as the batch's answer arrives.</summary>
    private sealed class ProgressLines(TextWriter err) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress p) => err.WriteLine(
            $"facts import: {p.Sent}{(p.Total is { } t ? "/" + t : "")} records sent in {p.Batches} batch{(p.Batches == 1 ? "" : "es")}: "
            + $"recorded {p.Recorded}, corrected {p.Corrected}, unchanged {p.Unchanged}, rejected {p.Rejected}");
    }
}
