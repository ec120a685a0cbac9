using Grpc.Core;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Interventions.V1;
using Domain = Rehab.Interventions.Domain;

namespace Rehab.Interventions;

/// <summary>
/// The providers' API (D3): only participants with an intervention procured from the caller's provider, only the minimal view
/// (<see cref="ProviderParticipation"/>), and progress reports only on the caller's own interventions. Reads and reports are audited.
/// </summary>
public sealed class ProviderReportingGrpcService(
    PersonalRecords<Domain.Participation> participations, ParticipationAccess access, TimeProvider time)
    : ProviderReportingService.ProviderReportingServiceBase
{
    private static readonly string[] ViewFields = ["interventions (own)", "progress_reports (own)"];

    private string Provider => access.ProviderId ?? throw new AccessDeniedException("the caller's token names no provider");

    public override async Task<ListAssignedParticipationsResponse> ListAssignedParticipations(
        ListAssignedParticipationsRequest request, ServerCallContext context)
    {
        ListArguments.ValidatePageSize(request.PageSize);
        var provider = Provider;
        var (items, next) = await participations.ListAsync(
            _ => true, access.IsAssigned, request.PageSize, request.PageToken.OrNull(), ViewFields, context.CancellationToken);
        var response = new ListAssignedParticipationsResponse { NextPageToken = next };
        response.Participations.AddRange(items.Select(i => i.ToProviderView(provider)));
        return response;
    }

    public override async Task<ProviderParticipation> GetAssignedParticipation(GetAssignedParticipationRequest request, ServerCallContext context)
    {
        RequireId(request.ParticipationId);
        var provider = Provider;
        return (await participations.ReadAsync(request.ParticipationId, access.EnsureAssigned, ViewFields, context.CancellationToken))
            .ToProviderView(provider);
    }

    public override async Task<ProviderParticipation> ReportProgress(ReportProgressRequest request, ServerCallContext context)
    {
        RequireId(request.ParticipationId);
        var provider = Provider;
        var stored = await participations.ChangeAsync(request.ParticipationId, request.Etag, access.EnsureAssigned, p => p.ReportProgress(
            request.EffectiveDate.ToOptionalDateOnly("effective_date"), request.InterventionId, provider,
            request.PeriodStartDate.ToOptionalDateOnly("period_start_date"), request.PeriodEndDate.ToOptionalDateOnly("period_end_date"),
            request.AttendedHours, request.AbsentHours, (Domain.ProgressLevel)request.Progress, CivilTime.Today(time)),
            ["progress_reports"], context.CancellationToken);
        return stored.ToProviderView(provider);
    }

    private static void RequireId(string id) => new Violations().RequireText(id, "participation_id").ThrowIfAny();
}
