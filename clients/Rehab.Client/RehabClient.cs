using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Rehab.Client;

/// <summary>
/// The platform's services in one place, one facade each (the generated stub of each is its <c>Grpc</c> property). Resolve it
/// from a container set up with <see cref="RehabClientRegistration.AddRehabClient"/>, or, outside a container,
/// <see cref="Create"/> one and dispose it.
/// </summary>
public sealed class RehabClient : IDisposable
{
    private readonly Health.HealthClient _health;
    private readonly IDisposable? _owner;

    internal RehabClient(IServiceProvider services, IDisposable? owner)
    {
        Referrals = services.GetRequiredService<ReferralClient>();
        Persons = services.GetRequiredService<PersonClient>();
        ReferenceData = services.GetRequiredService<ReferenceDataClient>();
        JointAssessments = services.GetRequiredService<JointAssessmentClient>();
        Interventions = services.GetRequiredService<InterventionsClient>();
        TransitionMeetings = services.GetRequiredService<TransitionMeetingsClient>();
        Facts = services.GetRequiredService<FactsClient>();
        Tracking = services.GetRequiredService<TrackingClient>();
        Reports = services.GetRequiredService<ReportingClient>();
        _health = services.GetRequiredService<Health.HealthClient>();
        _owner = owner;
    }

    public ReferralClient Referrals { get; }

    public PersonClient Persons { get; }

    public ReferenceDataClient ReferenceData { get; }

    /// <summary>Joint-assessment rounds: meetings, AF's assessment, activity level, plan.</summary>
    public JointAssessmentClient JointAssessments { get; }

    /// <summary>Participations: interventions, follow-ups, closure; and the providers' view.</summary>
    public InterventionsClient Interventions { get; }

    /// <summary>Kontaktmöte and omställningsmöte.</summary>
    public TransitionMeetingsClient TransitionMeetings { get; }

    /// <summary>The agency facts feed: batch import (role System) and a person's facts as of an instant.</summary>
    public FactsClient Facts { get; }

    /// <summary>Case timelines, SGI protection, work queues, lead times (all reads).</summary>
    public TrackingClient Tracking { get; }

    /// <summary>The annual follow-up report, its diffs and CSV export, and the capacity view (aggregates only).</summary>
    public ReportingClient Reports { get; }

    /// <summary>A client with its own container; dispose it to close its connections.</summary>
    public static RehabClient Create(Action<RehabClientOptions> configure)
    {
        var provider = new ServiceCollection().AddRehabClient(configure).BuildServiceProvider();
        return new RehabClient(provider, provider);
    }

    /// <summary>The gateway's health answer for one service (its gRPC full name), e.g. <c>Serving</c>.</summary>
    public async Task<HealthCheckResponse.Types.ServingStatus> CheckHealthAsync(string service, CancellationToken cancellationToken = default) =>
        (await _health.CheckAsync(new HealthCheckRequest { Service = service }, cancellationToken: cancellationToken)).Status;

    public void Dispose() => _owner?.Dispose();
}
