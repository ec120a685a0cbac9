using System.Text;
using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Domain;
using Rehab.Contracts.Reporting.V1;
using Domain = Rehab.Reporting.Domain;

namespace Rehab.Reporting;

/// <summary>
/// Reads of aggregates only (D3: analysts may call every RPC): the annual report, its CSV export, diffs between as-of instants
/// and the capacity view, computed per call from the input log held in memory.
/// </summary>
public sealed class ReportingGrpcService(ReportInputStore store, IOptions<ReportingOptions> options, TimeProvider time)
    : ReportingService.ReportingServiceBase
{
    private const int FirstYear = 2000;

    private ReportingOptions Options => options.Value;

    public override async Task<AnnualReport> GetAnnualReport(GetAnnualReportRequest request, ServerCallContext context) =>
        await AnnualAsync(request.Year, request.AsOf, request.TableIds, request.RegionId, context.CancellationToken);

    public override async Task<HttpBody> ExportAnnualReport(ExportAnnualReportRequest request, ServerCallContext context)
    {
        var report = await AnnualAsync(request.Year, request.AsOf, request.TableIds, request.RegionId, context.CancellationToken);
        return new HttpBody { ContentType = "text/csv; charset=utf-8", Data = ByteString.CopyFrom(ReportingMapping.ToCsv(report), Encoding.UTF8) };
    }

    public override async Task<AnnualReportDiff> DiffAnnualReports(DiffAnnualReportsRequest request, ServerCallContext context)
    {
        var now = time.GetUtcNow();
        var violations = new Violations();
        var from = Instant(request.FromAsOf, "from_as_of", now, violations, required: true);
        var to = Instant(request.ToAsOf, "to_as_of", now, violations);
        violations.Require(from <= to, "from_as_of", "must not be after to_as_of");
        var rows = await store.RowsAsync(context.CancellationToken);
        var query = Query(request.Year, from, request.TableIds, request.RegionId, rows, violations);
        violations.ThrowIfAny();
        return Domain.ReportDiffs.Compute(rows, query, to, Domain.ReportParameters.Default, Options.SmallCellThreshold).ToContract();
    }

    public override async Task<Capacity> GetCapacity(GetCapacityRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var asOf = Instant(request.AsOf, "as_of", time.GetUtcNow(), violations);
        RequireYear(request.Year, asOf, violations);
        violations.ThrowIfAny();
        var rows = await store.RowsAsync(context.CancellationToken);
        return Domain.CapacityPlan.Compute(rows, request.Year, asOf, Options.PlannedJointAssessmentsPerYear, Options.SmallCellThreshold).ToContract();
    }

    private async Task<AnnualReport> AnnualAsync(int year, Google.Protobuf.WellKnownTypes.Timestamp? asOfField, IReadOnlyList<string> tableIds, string regionId,
        CancellationToken ct)
    {
        var violations = new Violations();
        var asOf = Instant(asOfField, "as_of", time.GetUtcNow(), violations);
        var rows = await store.RowsAsync(ct);
        var query = Query(year, asOf, tableIds, regionId, rows, violations);
        violations.ThrowIfAny();
        return Domain.Reports.Annual(rows, query, Domain.ReportParameters.Default, Options.SmallCellThreshold).ToContract(query.RegionId);
    }

    private static Domain.ReportQuery Query(int year, DateTimeOffset asOf, IReadOnlyList<string> tableIds, string regionId, IReadOnlyList<Domain.ReportInput> rows,
        Violations violations)
    {
        RequireYear(year, asOf, violations);
        foreach (var unknown in tableIds.Where(t => !Domain.Reports.KnownTableIds.Contains(t)))
            violations.Add("table_ids", $"unknown table '{unknown}'; known: {string.Join(", ", Domain.Reports.KnownTableIds.Order(StringComparer.Ordinal))}");
        if (regionId.Length > 0 && !new Domain.RegionView(Domain.InputLog.Latest(rows, asOf)).Regions.ContainsKey(regionId))
            violations.Add("region_id", "is not a region reference data has recorded as of the report");
        return new Domain.ReportQuery(year, asOf, tableIds.Distinct(StringComparer.Ordinal).ToList(), regionId.Length == 0 ? null : regionId);
    }

    private static void RequireYear(int year, DateTimeOffset asOf, Violations violations) =>
        violations.Require(year >= FirstYear && year <= CivilTime.DateOf(asOf).Year, "year", $"must be from {FirstYear} to the as-of instant's year");

    private static DateTimeOffset Instant(Google.Protobuf.WellKnownTypes.Timestamp? value, string field, DateTimeOffset now, Violations violations, bool required = false)
    {
        if (value is null)
        {
            violations.Require(!required, field, "is required");
            return now;
        }
        var instant = value.ToDateTimeOffset();
        violations.Require(instant <= now, field, "must not be in the future");
        return instant;
    }
}
