using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Rehab.Contracts.JointAssessment.V1;
using Rehab.Contracts.Tracking.V1;
using Rehab.Contracts.Transition.V1;

namespace Rehab.Client;

/// <summary>
/// The platform's services in one place. Resolve it from a container set up with
/// <see cref="RehabClientRegistration.AddRehabClient"/>, or, outside a container, <see cref="Create"/> one and dispose it.
/// </summary>
public sealed class RehabClient : IDisposable
{
    private readonly Health.HealthClient _health;
    private readonly IDisposable? _owner;

    internal RehabClient(
        ReferralClient referrals, PersonClient persons, ReferenceDataClient referenceData,
        JointAssessmentService.JointAssessmentServiceClient jointAssessments, Health.HealthClient health, IDisposable? owner,
        TransitionMeetingsService.TransitionMeetingsServiceClient transitionMeetings, TrackingService.TrackingServiceClient tracking)
    {
        Referrals = referrals;
        Persons = persons;
        ReferenceData = referenceData;
        JointAssessments = jointAssessments;
        TransitionMeetings = transitionMeetings;
        Tracking = tracking;
        _health = health;
        _owner = owner;
    }

    public ReferralClient Referrals { get; }

    public PersonClient Persons { get; }

    public ReferenceDataClient ReferenceData { get; }

    /// <summary>The joint-assessment service's typed client (headers, request ids, deadlines and retries as for the others).</summary>
    public JointAssessmentService.JointAssessmentServiceClient JointAssessments { get; }

    /// <summary>The transition-meetings service's typed client (kontaktmöte, omställningsmöte).</summary>
    public TransitionMeetingsService.TransitionMeetingsServiceClient TransitionMeetings { get; }

    /// <summary>The tracking service's typed client: case timelines, SGI protection, work queues, lead times (all reads).</summary>
    public TrackingService.TrackingServiceClient Tracking { get; }

    /// <summary>A client with its own container; dispose it to close its connections.</summary>
    public static RehabClient Create(Action<RehabClientOptions> configure)
    {
        var provider = new ServiceCollection().AddRehabClient(configure).BuildServiceProvider();
        var client = provider.GetRequiredService<RehabClient>();
        return new RehabClient(client.Referrals, client.Persons, client.ReferenceData, client.JointAssessments, client._health, provider,
            client.TransitionMeetings, client.Tracking);
    }

    /// <summary>The gateway's health answer for one service (its gRPC full name), e.g. <c>Serving</c>.</summary>
    public async Task<HealthCheckResponse.Types.ServingStatus> CheckHealthAsync(string service, CancellationToken cancellationToken = default) =>
        (await _health.CheckAsync(new HealthCheckRequest { Service = service }, cancellationToken: cancellationToken)).Status;

    public void Dispose() => _owner?.Dispose();
}
