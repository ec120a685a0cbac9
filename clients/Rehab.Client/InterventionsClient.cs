using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Common.V1;
using Rehab.Contracts.Interventions.V1;

namespace Rehab.Client;

/// <summary>
/// Participation, interventions, follow-up and closure (<c>rehab.interventions.v1.InterventionsService</c>), and the
/// providers' minimal view (<see cref="ProviderReporting"/>). Each step takes the participation as last read and sends its
/// etag: if someone changed it since, the call throws <see cref="Errors.RehabConflictException"/>.
/// </summary>
public sealed class InterventionsClient(
    InterventionsService.InterventionsServiceClient grpc, ProviderReportingService.ProviderReportingServiceClient providerReporting)
{
    /// <summary>The generated stub, for calls this facade does not cover; it carries the same headers, deadlines and errors.</summary>
    public InterventionsService.InterventionsServiceClient Grpc => grpc;

    /// <summary>The providers' service (role Provider): assigned participants, progress reports.</summary>
    public ProviderReportingService.ProviderReportingServiceClient ProviderReporting => providerReporting;

    public async Task<Participation> GetAsync(string participationId, CancellationToken cancellationToken = default) =>
        await grpc.GetParticipationAsync(new GetParticipationRequest { ParticipationId = participationId }, cancellationToken: cancellationToken);

    /// <summary>One page; <paramref name="request"/> carries the filters, page size and token.</summary>
    public async Task<ListParticipationsResponse> ListPageAsync(ListParticipationsRequest request, CancellationToken cancellationToken = default) =>
        await grpc.ListParticipationsAsync(request, cancellationToken: cancellationToken);

    /// <summary>Every participation matching <paramref name="filter"/> the caller may see, fetching pages as the caller reads on.</summary>
    public IAsyncEnumerable<Participation> ListAllAsync(ListParticipationsRequest? filter = null, CancellationToken cancellationToken = default)
    {
        var template = filter ?? new ListParticipationsRequest();
        return Paging.AllAsync(
            async (token, ct) =>
            {
                var page = template.Clone();
                page.PageToken = token;
                return await grpc.ListParticipationsAsync(page, cancellationToken: ct);
            },
            page => page.Participations, page => page.NextPageToken, cancellationToken);
    }

    /// <summary>AF records the start (Planned → Active) with the person's insured working hours per week.</summary>
    public async Task<Participation> StartAsync(
        Participation current, DateOnly effectiveDate, double insuredHoursPerWeek, CancellationToken cancellationToken = default) =>
        await grpc.StartParticipationAsync(new StartParticipationRequest
        {
            ParticipationId = current.ParticipationId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(),
            InsuredHoursPerWeek = insuredHoursPerWeek,
        }, cancellationToken: cancellationToken);

    /// <summary>
    /// AF decides an intervention. <paramref name="decision"/> carries what was decided (type, orientation, regi, provider,
    /// hours, planned dates); its participation id and etag are taken from <paramref name="current"/>.
    /// </summary>
    public async Task<Participation> DecideInterventionAsync(
        Participation current, DateOnly effectiveDate, DecideInterventionRequest decision, CancellationToken cancellationToken = default)
    {
        var request = decision.Clone();
        request.ParticipationId = current.ParticipationId;
        request.Etag = current.Etag;
        request.EffectiveDate = effectiveDate.ToProto();
        return await grpc.DecideInterventionAsync(request, cancellationToken: cancellationToken);
    }

    public async Task<Participation> StartInterventionAsync(
        Participation current, string interventionId, DateOnly effectiveDate, CancellationToken cancellationToken = default) =>
        await grpc.StartInterventionAsync(new StartInterventionRequest
        {
            ParticipationId = current.ParticipationId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), InterventionId = interventionId,
        }, cancellationToken: cancellationToken);

    public async Task<Participation> EndInterventionAsync(
        Participation current, string interventionId, DateOnly effectiveDate, InterventionEndReason endReason,
        CancellationToken cancellationToken = default) =>
        await grpc.EndInterventionAsync(new EndInterventionRequest
        {
            ParticipationId = current.ParticipationId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), InterventionId = interventionId,
            EndReason = endReason,
        }, cancellationToken: cancellationToken);

    /// <summary>
    /// A follow-up held on <paramref name="effectiveDate"/>. <paramref name="followUp"/> carries the mode, participants, a check
    /// of every goal of the current plan, the health change and whether the plan needs revising.
    /// </summary>
    public async Task<Participation> RecordFollowUpAsync(
        Participation current, DateOnly effectiveDate, RecordFollowUpRequest followUp, CancellationToken cancellationToken = default)
    {
        var request = followUp.Clone();
        request.ParticipationId = current.ParticipationId;
        request.Etag = current.Etag;
        request.EffectiveDate = effectiveDate.ToProto();
        return await grpc.RecordFollowUpAsync(request, cancellationToken: cancellationToken);
    }

    /// <summary>Closure is initiated; <paramref name="channel"/> is required when the individual is an initiator (recorded on their behalf).</summary>
    public async Task<Participation> InitiateClosureAsync(
        Participation current, DateOnly effectiveDate, IEnumerable<ClosureInitiator> initiators, Channel channel = Channel.Unspecified,
        CancellationToken cancellationToken = default)
    {
        var request = new InitiateClosureRequest
        {
            ParticipationId = current.ParticipationId, Etag = current.Etag, EffectiveDate = effectiveDate.ToProto(), Channel = channel,
        };
        request.Initiators.AddRange(initiators);
        return await grpc.InitiateClosureAsync(request, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// FK decides closure on <paramref name="effectiveDate"/> (the closed date). <paramref name="decision"/> carries the outcome,
    /// reasons, benefit and occupation after closure; suspicious combinations come back in the participation's warnings.
    /// </summary>
    public async Task<Participation> DecideClosureAsync(
        Participation current, DateOnly effectiveDate, DecideClosureRequest decision, CancellationToken cancellationToken = default)
    {
        var request = decision.Clone();
        request.ParticipationId = current.ParticipationId;
        request.Etag = current.Etag;
        request.EffectiveDate = effectiveDate.ToProto();
        return await grpc.DecideClosureAsync(request, cancellationToken: cancellationToken);
    }

    /// <summary>Suspicious outcome/occupation pairs among closures (aggregates and participation ids only).</summary>
    public async Task<DataQualityReport> GetDataQualityReportAsync(
        string? officeId = null, DateOnly? from = null, DateOnly? to = null, CancellationToken cancellationToken = default) =>
        await grpc.GetDataQualityReportAsync(new GetDataQualityReportRequest
        {
            OfficeId = officeId ?? "", FromDate = from.ToProto(), ToDate = to.ToProto(),
        }, cancellationToken: cancellationToken);

    /// <summary>For a provider: every participant with an intervention procured from the caller's provider.</summary>
    public IAsyncEnumerable<ProviderParticipation> ListAssignedAllAsync(int pageSize = 100, CancellationToken cancellationToken = default) =>
        Paging.AllAsync(
            async (token, ct) => await providerReporting.ListAssignedParticipationsAsync(
                new ListAssignedParticipationsRequest { PageSize = pageSize, PageToken = token }, cancellationToken: ct),
            page => page.Participations, page => page.NextPageToken, cancellationToken);
}
