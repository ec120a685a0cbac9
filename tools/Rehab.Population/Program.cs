using System.Globalization;
using Rehab.Population;
using Rehab.Reporting.Domain;
using Rehab.Reporting.Inputs;

// Generates the population and prints its size and the computed tables' agreement with the published cells.
var seed = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20260323;
var population = new PopulationGenerator(seed).Generate();
var log = new InputLog();
foreach (var e in population.Events) log.AddRange(ContractEventFold.Fold(e));
log.AddRange(population.GenderInputs(PopulationGenerator.ReportAsOf.AddDays(-1)));
Console.WriteLine($"seed {seed}: {population.Events.Count} events, {population.FactRecords.Count} fact records, {log.Count} input rows");
foreach (var finding in population.Findings) Console.WriteLine($"finding: {finding}");
foreach (var year in PublishedTables.Years)
{
    var report = AnnualTables.Compute(log, year, PopulationGenerator.ReportAsOf);
    var differing = PublishedTables.Cells.Where(c => c.Year == year && report.Cell(c.Table, c.Row, c.Column).Value != c.Value).ToList();
    Console.WriteLine($"{year}: {differing.Count} of {PublishedTables.Cells.Count(c => c.Year == year)} published cells differ"
        + string.Concat(differing.Select(c => $"\n  Tabell {c.Table} {c.Row} {c.Column}: published {c.Value}, computed {report.Cell(c.Table, c.Row, c.Column).Value}")));
}
