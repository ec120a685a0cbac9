using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Rehab.BuildingBlocks.Security;
using Rehab.Client.Tokens;
using Rehab.Population;
using Rehab.Reporting.Domain;
using Rehab.Reporting.Inputs;

// dotnet run --project tools/Rehab.Population [seed]
//     generates the population and prints its size and the computed tables' agreement with the published cells.
// dotnet run --project tools/Rehab.Population -- load [--gateway http://127.0.0.1:5080] [--sample N] [--seed S]
//     loads it (or every N-th person with all they own) through the gateway with a development System token
//     (env Auth__DevSigningKey, as for the services) and prints each import path's rate.
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
if (args.FirstOrDefault() == "load")
{
    var population = new PopulationGenerator(int.Parse(Option("--seed") ?? "20260323", CultureInfo.InvariantCulture)).Generate();
    var input = LoadInput.From(population);
    if (Option("--sample") is { } every) input = input.Sample(int.Parse(every, CultureInfo.InvariantCulture));
    var tokens = new DevTokenSource(DevTokenSource.AuthFromEnvironment(), new DevCaller("population-loader", [Role.System], "FK"));
    using var channel = GrpcChannel.ForAddress(Option("--gateway") ?? "http://127.0.0.1:5080");
    var loader = new PopulationLoader(channel.CreateCallInvoker(), () => new Metadata
    {
        { "authorization", "Bearer " + tokens.Issue() }, { RehabHeaders.Purpose, "population load" },
    });
    var started = DateTime.UtcNow;
    var result = await loader.LoadAsync(input);
    Console.WriteLine($"loaded {input.Records} records in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
    foreach (var path in result.Paths) Console.WriteLine(path);
    foreach (var rejection in result.Rejections) Console.WriteLine($"rejected: {rejection}");
    return 0;
}

var seed = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20260323;
var generated = new PopulationGenerator(seed).Generate();
var log = new InputLog();
foreach (var e in generated.Events) log.AddRange(ContractEventFold.Fold(e));
log.AddRange(generated.GenderInputs(PopulationGenerator.ReportAsOf.AddDays(-1)));
Console.WriteLine($"seed {seed}: {generated.Events.Count} events, {generated.FactRecords.Count} fact records, {log.Count} input rows");
Console.WriteLine($"history: {generated.History.Persons.Count} persons, {generated.History.Rounds.Count} rounds, "
    + $"{generated.History.Participations.Count} participations, {generated.History.Meetings.Count} meetings");
foreach (var finding in generated.Findings) Console.WriteLine($"finding: {finding}");
foreach (var year in PublishedTables.Years)
{
    var report = AnnualTables.Compute(log, year, PopulationGenerator.ReportAsOf);
    var differing = PublishedTables.Cells.Where(c => c.Year == year && report.Cell(c.Table, c.Row, c.Column).Value != c.Value).ToList();
    Console.WriteLine($"{year}: {differing.Count} of {PublishedTables.Cells.Count(c => c.Year == year)} published cells differ"
        + string.Concat(differing.Select(c => $"\n  Tabell {c.Table} {c.Row} {c.Column}: published {c.Value}, computed {report.Cell(c.Table, c.Row, c.Column).Value}")));
}

return 0;
