using Rehab.BuildingBlocks.Rpc;
using Rehab.Client.Errors;
using Rehab.Contracts.Facts.V1;

namespace Rehab.Client;

/// <summary>How <see cref="FactsClient.ImportAsync(IEnumerable{FactRecord}, FactsImportOptions?, IProgress{ImportProgress}?, CancellationToken)"/> sends records.</summary>
public sealed class FactsImportOptions
{
    /// <summary>Records per ImportFacts call.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>The default source_system of records that leave it empty.</summary>
    public string SourceSystem { get; set; } = "";

    /// <summary>Batch ids are this prefix and the batch's number (<c>prefix-1</c>, …); a new id when empty.</summary>
    public string BatchIdPrefix { get; set; } = "";
}

/// <summary>Where an import stands after each batch: records sent so far and the platform's outcomes for them.</summary>
/// <param name="Total">The number of records to send, when known in advance.</param>
public sealed record ImportProgress(int Sent, int? Total, int Batches, int Recorded, int Corrected, int Unchanged, int Rejected);

/// <summary>A record the platform rejected: its position in the whole import (0-based), its id and why.</summary>
public sealed record RejectedFact(int Index, string RecordId, IReadOnlyList<FieldViolation> Violations);

/// <summary>The outcome of a whole import: the counts over all batches and every rejected record.</summary>
public sealed record FactsImportResult(
    IReadOnlyList<string> BatchIds, int Recorded, int Corrected, int Unchanged, int Rejected, IReadOnlyList<RejectedFact> Rejections,
    IReadOnlyList<RecordResult> Results)
{
    public int Records => Recorded + Corrected + Unchanged + Rejected;
}

/// <summary>
/// The agency facts feed (<c>rehab.facts.v1.FactsService</c>): the system-to-system import (role System) in batches, and
/// officers' reads of a person's facts as of an instant. An import is idempotent: sending the same records again changes nothing.
/// </summary>
public sealed class FactsClient(FactsService.FactsServiceClient grpc)
{
    /// <summary>The generated stub, for calls this facade does not cover; it carries the same headers, deadlines and errors.</summary>
    public FactsService.FactsServiceClient Grpc => grpc;

    /// <summary>
    /// Imports <paramref name="records"/> in batches of <see cref="FactsImportOptions.BatchSize"/>, reporting after each batch.
    /// Invalid records are rejected one by one (see <see cref="FactsImportResult.Rejections"/>) while the rest land; a failing
    /// call (e.g. not allowed, unavailable) throws, and the batches before it have landed — importing again is safe.
    /// </summary>
    public async Task<FactsImportResult> ImportAsync(
        IEnumerable<FactRecord> records, FactsImportOptions? options = null, IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new FactsImportOptions();
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1");
        int? total = records.TryGetNonEnumeratedCount(out var count) ? count : null;
        var prefix = options.BatchIdPrefix.Length > 0 ? options.BatchIdPrefix : "import-" + Guid.NewGuid().ToString("N")[..12];
        var batchIds = new List<string>();
        var results = new List<RecordResult>();
        var rejections = new List<RejectedFact>();
        int sent = 0, recorded = 0, corrected = 0, unchanged = 0, rejected = 0;
        foreach (var chunk in records.Chunk(options.BatchSize))
        {
            var request = new ImportFactsRequest { BatchId = $"{prefix}-{batchIds.Count + 1}", SourceSystem = options.SourceSystem };
            request.Records.AddRange(chunk);
            var answer = await grpc.ImportFactsAsync(request, cancellationToken: cancellationToken);
            batchIds.Add(request.BatchId);
            foreach (var result in answer.Results)
            {
                var global = result.Clone();
                global.Index += sent;
                results.Add(global);
                if (result.Outcome == RecordOutcome.Rejected)
                    rejections.Add(new RejectedFact(global.Index, result.RecordId,
                        result.Violations.Select(v => new FieldViolation(v.Field, v.Description)).ToList()));
            }

            sent += chunk.Length;
            (recorded, corrected, unchanged, rejected) =
                (recorded + answer.Recorded, corrected + answer.Corrected, unchanged + answer.Unchanged, rejected + answer.Rejected);
            progress?.Report(new ImportProgress(sent, total, batchIds.Count, recorded, corrected, unchanged, rejected));
        }

        return new FactsImportResult(batchIds, recorded, corrected, unchanged, rejected, rejections, results);
    }

    /// <summary>
    /// A person's facts as known at <paramref name="asOf"/> (default now): only revisions recorded at or before it, so a report
    /// can be reproduced. With <paramref name="includeHistory"/> superseded revisions are returned too. An audited personal read.
    /// </summary>
    public async Task<PersonFacts> GetPersonFactsAsync(
        string personId, DateTimeOffset? asOf = null, bool includeHistory = false, CancellationToken cancellationToken = default) =>
        await grpc.GetPersonFactsAsync(new GetPersonFactsRequest
        {
            PersonId = personId, AsOf = asOf.ToProto(), IncludeHistory = includeHistory,
        }, cancellationToken: cancellationToken);
}
