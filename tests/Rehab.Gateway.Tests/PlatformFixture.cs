using Xunit;

namespace Rehab.Gateway.Tests;

/// <summary>
/// Routing test backends (standing in for person-registry, referral, reference-data, joint-assessment and interventions) behind the real gateway.
/// Routing test backends (standing in for person-registry, referral, reference-data, joint-assessment and transition-meetings) behind the real gateway.
/// Routing test backends (standing in for person-registry, referral, reference-data, joint-assessment and tracking) behind the real gateway.
/// Small limits (64 KiB) so oversized requests stay cheap.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public const string PersonService = "rehab.person.v1.PersonRegistryService";
    public const string ReferralService = "rehab.referral.v1.ReferralService";
    public const string ReferenceDataService = "rehab.referencedata.v1.ReferenceDataService";
    public const string JointAssessmentService = "rehab.jointassessment.v1.JointAssessmentService";
    public const string InterventionsService = "rehab.interventions.v1.InterventionsService";
    public const string ProviderReportingService = "rehab.interventions.v1.ProviderReportingService";
    public const string FactsService = "rehab.facts.v1.FactsService";
    public const string TransitionMeetingsService = "rehab.transition.v1.TransitionMeetingsService";
    public const string TrackingService = "rehab.tracking.v1.TrackingService";
    public const string ReportingService = "rehab.reporting.v1.ReportingService";
    public const int Limit = 64 * 1024;

    public RoutingTestBackend Person { get; private set; } = null!;

    public RoutingTestBackend Referral { get; private set; } = null!;

    public RoutingTestBackend ReferenceData { get; private set; } = null!;

    public RoutingTestBackend JointAssessment { get; private set; } = null!;

    public RoutingTestBackend Interventions { get; private set; } = null!;
    public RoutingTestBackend Facts { get; private set; } = null!;
    public RoutingTestBackend TransitionMeetings { get; private set; } = null!;
    public RoutingTestBackend Tracking { get; private set; } = null!;
    public RoutingTestBackend Reporting { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Person = await RoutingTestBackend.StartAsync("person-registry", PersonService);
        Referral = await RoutingTestBackend.StartAsync("referral", ReferralService);
        ReferenceData = await RoutingTestBackend.StartAsync("reference-data", ReferenceDataService);
        JointAssessment = await RoutingTestBackend.StartAsync("joint-assessment", JointAssessmentService);
        Interventions = await RoutingTestBackend.StartAsync("interventions", InterventionsService, ProviderReportingService);
        Facts = await RoutingTestBackend.StartAsync("facts", FactsService);
        TransitionMeetings = await RoutingTestBackend.StartAsync("transition-meetings", TransitionMeetingsService);
        Tracking = await RoutingTestBackend.StartAsync("tracking", TrackingService);
        Reporting = await RoutingTestBackend.StartAsync("reporting", ReportingService);
        Gateway = GatewayHost.Start(
            new Dictionary<string, (string, string)>
            {
                ["person-registry"] = (Person.GrpcAddress, Person.HttpAddress),
                ["referral"] = (Referral.GrpcAddress, Referral.HttpAddress),
                ["reference-data"] = (ReferenceData.GrpcAddress, ReferenceData.HttpAddress),
                ["joint-assessment"] = (JointAssessment.GrpcAddress, JointAssessment.HttpAddress),
                ["interventions"] = (Interventions.GrpcAddress, Interventions.HttpAddress),
                ["facts"] = (Facts.GrpcAddress, Facts.HttpAddress),
                ["transition-meetings"] = (TransitionMeetings.GrpcAddress, TransitionMeetings.HttpAddress),
                ["tracking"] = (Tracking.GrpcAddress, Tracking.HttpAddress),
                ["reporting"] = (Reporting.GrpcAddress, Reporting.HttpAddress),
            },
            new Dictionary<string, string?>
            {
                ["Gateway:MaxRequestBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Gateway:MaxGrpcMessageBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Person.DisposeAsync();
        await Referral.DisposeAsync();
        await ReferenceData.DisposeAsync();
        await JointAssessment.DisposeAsync();
        await Interventions.DisposeAsync();
        await Facts.DisposeAsync();
        await TransitionMeetings.DisposeAsync();
        await Tracking.DisposeAsync();
        await Reporting.DisposeAsync();
    }
}
