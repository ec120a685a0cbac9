using Rehab.Population;
using Rehab.Reporting.Domain;
using Rehab.Reporting.Inputs;

namespace Rehab.Reporting.Tests;

/// <summary>The seeded population, generated once and folded into the reporting inputs (in memory).</summary>
public sealed class PopulationFixture
{
    public PopulationFixture()
    {
        Population = new PopulationGenerator().Generate();
        foreach (var e in Population.Events) Log.AddRange(ContractEventFold.Fold(e));
        Log.AddRange(Population.GenderInputs(PopulationGenerator.ReportAsOf.AddDays(-1)));
        Reports = PublishedTables.Years.ToDictionary(y => y, y => AnnualTables.Compute(Log, y, PopulationGenerator.ReportAsOf));
    }

    public GeneratedPopulation Population { get; }
    public InputLog Log { get; } = new();
    public IReadOnlyDictionary<int, AnnualReport> Reports { get; }
}
