using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Reporting.V1;

namespace Rehab.Client;

/// <summary>The CSV export of an annual report: the service's bytes (UTF-8 text) and their content type.</summary>
public sealed record ReportExport(string ContentType, byte[] Data);

/// <summary>
/// The annual follow-up report, its diffs between as-of instants, the CSV export and the capacity view
/// (<c>rehab.reporting.v1.ReportingService</c>). Every call is a read of aggregates (an Analyst may make it) and is retried when
/// the gateway is briefly unavailable. A report as of an earlier instant is reproducible: facts recorded later are ignored.
/// </summary>
public sealed class ReportingClient(ReportingService.ReportingServiceClient grpc)
{
    /// <summary>The generated stub, for calls this facade does not cover; it carries the same headers, deadlines and errors.</summary>
    public ReportingService.ReportingServiceClient Grpc => grpc;

    /// <summary>The report of <paramref name="year"/> as of <paramref name="asOf"/> (default now); every table unless <paramref name="tableIds"/>, national unless <paramref name="regionId"/>.</summary>
    public async Task<AnnualReport> GetAnnualReportAsync(
        int year, DateTimeOffset? asOf = null, IEnumerable<string>? tableIds = null, string? regionId = null, CancellationToken cancellationToken = default)
    {
        var request = new GetAnnualReportRequest { Year = year, AsOf = asOf.ToProto(), RegionId = regionId ?? "" };
        request.TableIds.AddRange(tableIds ?? []);
        return await grpc.GetAnnualReportAsync(request, cancellationToken: cancellationToken);
    }

    /// <summary>The same report as CSV (one row per cell, the definitions and parameters as comment lines).</summary>
    public async Task<ReportExport> ExportAnnualReportAsync(
        int year, DateTimeOffset? asOf = null, IEnumerable<string>? tableIds = null, string? regionId = null, CancellationToken cancellationToken = default)
    {
        var request = new ExportAnnualReportRequest { Year = year, AsOf = asOf.ToProto(), RegionId = regionId ?? "" };
        request.TableIds.AddRange(tableIds ?? []);
        var body = await grpc.ExportAnnualReportAsync(request, cancellationToken: cancellationToken);
        return new ReportExport(body.ContentType, body.Data.ToByteArray());
    }

    /// <summary>The cells that differ between the report as of <paramref name="fromAsOf"/> and <paramref name="toAsOf"/> (default now), each with the late facts that changed it.</summary>
    public async Task<AnnualReportDiff> DiffAnnualReportsAsync(
        int year, DateTimeOffset fromAsOf, DateTimeOffset? toAsOf = null, IEnumerable<string>? tableIds = null, string? regionId = null,
        CancellationToken cancellationToken = default)
    {
        var request = new DiffAnnualReportsRequest { Year = year, FromAsOf = fromAsOf.ToProto(), ToAsOf = toAsOf.ToProto(), RegionId = regionId ?? "" };
        request.TableIds.AddRange(tableIds ?? []);
        return await grpc.DiffAnnualReportsAsync(request, cancellationToken: cancellationToken);
    }

    /// <summary>Joint assessments of <paramref name="year"/> so far against the planned level, with a projection, nationally and per region.</summary>
    public async Task<Capacity> GetCapacityAsync(int year, DateTimeOffset? asOf = null, CancellationToken cancellationToken = default) =>
        await grpc.GetCapacityAsync(new GetCapacityRequest { Year = year, AsOf = asOf.ToProto() }, cancellationToken: cancellationToken);
}
