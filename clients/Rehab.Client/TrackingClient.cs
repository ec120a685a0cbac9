using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Tracking.V1;

namespace Rehab.Client;

/// <summary>
/// The platform's read side (<c>rehab.tracking.v1.TrackingService</c>): case and person timelines, SGI protection, officers'
/// work queues and aggregated lead times. Tracking is fed by the other services' events, so a change shows here shortly after
/// the call that made it.
/// </summary>
public sealed class TrackingClient(TrackingService.TrackingServiceClient grpc)
{
    /// <summary>The generated stub, for calls this facade does not cover; it carries the same headers, deadlines and errors.</summary>
    public TrackingService.TrackingServiceClient Grpc => grpc;

    /// <summary>One case (by its referral): every milestone with effective and recorded time, and its lead times so far.</summary>
    public async Task<CaseTimeline> GetCaseTimelineAsync(string referralId, CancellationToken cancellationToken = default) =>
        await grpc.GetCaseTimelineAsync(new GetCaseTimelineRequest { ReferralId = referralId }, cancellationToken: cancellationToken);

    /// <summary>Every case of a person the caller may read, and their SGI protection.</summary>
    public async Task<PersonTimeline> GetPersonTimelineAsync(string personId, CancellationToken cancellationToken = default) =>
        await grpc.GetPersonTimelineAsync(new GetPersonTimelineRequest { PersonId = personId }, cancellationToken: cancellationToken);

    /// <summary>The person's SGI protection; <see cref="Errors.RehabNotFoundException"/> when no decision has started an SGI clock.</summary>
    public async Task<SgiProtection> GetSgiProtectionAsync(string personId, CancellationToken cancellationToken = default) =>
        await grpc.GetSgiProtectionAsync(new GetSgiProtectionRequest { PersonId = personId }, cancellationToken: cancellationToken);

    /// <summary>AF's booking queue: referrals sent and not yet booked, oldest first (only <paramref name="fkOfficeId"/>'s when given).</summary>
    public IAsyncEnumerable<ReferralToBook> ListReferralsToBookAsync(
        string? fkOfficeId = null, int pageSize = 100, CancellationToken cancellationToken = default) =>
        Paging.AllAsync(
            async (token, ct) => await grpc.ListReferralsToBookAsync(
                new ListReferralsToBookRequest { FkOfficeId = fkOfficeId ?? "", PageSize = pageSize, PageToken = token }, cancellationToken: ct),
            page => page.Referrals, page => page.NextPageToken, cancellationToken);

    /// <summary>People whose SGI is at risk, nearest deadline first, for <paramref name="officeId"/> or every office the caller serves.</summary>
    public IAsyncEnumerable<SgiProtection> ListSgiAtRiskAsync(string? officeId = null, int pageSize = 100, CancellationToken cancellationToken = default) =>
        Paging.AllAsync(
            async (token, ct) => await grpc.ListSgiAtRiskAsync(
                new ListSgiAtRiskRequest { OfficeId = officeId ?? "", PageSize = pageSize, PageToken = token }, cancellationToken: ct),
            page => page.People, page => page.NextPageToken, cancellationToken);

    /// <summary>Aggregated lead times (count, mean, median, p90); an empty request gives every lead time per year.</summary>
    public async Task<IReadOnlyList<LeadTimeStatistics>> GetLeadTimeStatisticsAsync(
        GetLeadTimeStatisticsRequest? request = null, CancellationToken cancellationToken = default) =>
        (await grpc.GetLeadTimeStatisticsAsync(request ?? new GetLeadTimeStatisticsRequest(), cancellationToken: cancellationToken)).Rows;

    /// <summary>Aggregated lead times of the end events in <paramref name="year"/>, per <paramref name="period"/> and broken down by <paramref name="breakdown"/>.</summary>
    public Task<IReadOnlyList<LeadTimeStatistics>> GetLeadTimeStatisticsAsync(
        int year, PeriodKind period = PeriodKind.Year, IEnumerable<Dimension>? breakdown = null, CancellationToken cancellationToken = default)
    {
        var request = new GetLeadTimeStatisticsRequest
        {
            PeriodKind = period, FromDate = new DateOnly(year, 1, 1).ToProto(), ToDate = new DateOnly(year, 12, 31).ToProto(),
        };
        request.Breakdown.AddRange(breakdown ?? []);
        return GetLeadTimeStatisticsAsync(request, cancellationToken);
    }
}
