using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Domain;
using Rehab.Contracts.ReferenceData.V1;
using Rehab.ReferenceData.Domain;

namespace Rehab.ReferenceData;

public sealed class ReferenceDataOptions
{
    public const string Section = "ReferenceData";

    /// <summary>Load <see cref="SeedFile"/> at start-up. Records that already exist are left as they are.</summary>
    public bool SeedOnStart { get; set; }

    /// <summary>The seed: proto-JSON resources per kind. A relative path is relative to the app's directory.</summary>
    public string SeedFile { get; set; } = "seed/reference-data.json";
}

/// <summary>
/// Loads the seed file at start-up, through the same checks as the admin API, in reference order (regions before
/// offices before assignments). Idempotent: an id that exists is skipped, so a restart or a second replica changes
/// nothing, and an operator's later edits survive.
/// </summary>
public sealed partial class ReferenceDataSeeder(
    ReferenceDataCatalog catalog, IOptions<ReferenceDataOptions> options, ILogger<ReferenceDataSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedOnStart) return;
        var path = Path.Combine(AppContext.BaseDirectory, options.Value.SeedFile);
        using var seed = JsonDocument.Parse(await File.ReadAllTextAsync(path, cancellationToken));
        var (created, present) = (0, 0);

        async Task Load<TMessage, T>(string section, ReferenceStore<T> store, Func<TMessage, T> toDomain, Func<T, Task> save)
            where TMessage : IMessage<TMessage>, new()
            where T : class, IReferenceRecord<T>
        {
            if (!seed.RootElement.TryGetProperty(section, out var entries)) return;
            foreach (var entry in entries.EnumerateArray())
            {
                var record = toDomain(JsonParser.Default.Parse<TMessage>(entry.GetRawText()));
                if (await store.ExistsAsync(record.Id, cancellationToken))
                {
                    present++;
                    continue;
                }

                try
                {
                    await save(record);
                    created++;
                }
                catch (AlreadyExistsException)
                {
                    present++; // another replica seeded it first
                }
            }
        }

        await Load<Contracts.ReferenceData.V1.Region, Domain.Region>("regions", catalog.Regions, ReferenceDataMapping.ToDomain,
            r => catalog.SaveRegionAsync(r, null, cancellationToken));
        await Load<Contracts.ReferenceData.V1.Office, Domain.Office>("offices", catalog.Offices, ReferenceDataMapping.ToDomain,
            o => catalog.SaveOfficeAsync(o, null, cancellationToken));
        await Load<Contracts.ReferenceData.V1.OfficerAssignment, Domain.OfficerAssignment>("officerAssignments", catalog.Assignments,
            ReferenceDataMapping.ToDomain, a => catalog.SaveOfficerAssignmentAsync(a, null, cancellationToken));
        await Load<Contracts.ReferenceData.V1.Provider, Domain.Provider>("providers", catalog.Providers, ReferenceDataMapping.ToDomain,
            p => catalog.SaveProviderAsync(p, null, cancellationToken));
        await Load<Contracts.ReferenceData.V1.Samordningsforbund, Domain.Samordningsforbund>("samordningsforbund", catalog.Samordningsforbund,
            ReferenceDataMapping.ToDomain, s => catalog.SaveSamordningsforbundAsync(s, null, cancellationToken));
        LogSeeded(logger, path, created, present);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Reference data seed {Path}: {Created} records created, {Present} already present")]
    private static partial void LogSeeded(ILogger logger, string path, int created, int present);
}
