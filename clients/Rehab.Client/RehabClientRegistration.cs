using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client.Configuration;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Rehab.Client.Tokens;
using Rehab.Contracts;
using Rehab.Contracts.Facts.V1;
using Rehab.Contracts.Interventions.V1;
using Rehab.Contracts.JointAssessment.V1;
using Rehab.Contracts.Person.V1;
using Rehab.Contracts.ReferenceData.V1;
using Rehab.Contracts.Referral.V1;
using Rehab.Contracts.Reporting.V1;
using Rehab.Contracts.Tracking.V1;
using Rehab.Contracts.Transition.V1;

namespace Rehab.Client;

public static class RehabClientRegistration
{
    /// <summary>
    /// Registers a typed gRPC client (Grpc.Net.ClientFactory) for every platform service behind the gateway, a facade per
    /// service (<see cref="ReferralClient"/>, <see cref="PersonClient"/>, <see cref="ReferenceDataClient"/>,
    /// <see cref="JointAssessmentClient"/>, <see cref="InterventionsClient"/>, <see cref="TransitionMeetingsClient"/>,
    /// <see cref="FactsClient"/>, <see cref="TrackingClient"/>, <see cref="ReportingClient"/>) and <see cref="RehabClient"/>.
    /// Every call carries <c>authorization: Bearer</c> from <see cref="RehabClientOptions.Tokens"/> (or the registered
    /// <see cref="ITokenSource"/>), <c>x-rehab-purpose</c> and a new <c>x-request-id</c>.
    /// </summary>
    public static IServiceCollection AddRehabClient(this IServiceCollection services, Action<RehabClientOptions> configure)
    {
        services.AddOptions<RehabClientOptions>().Configure(configure)
            .Validate(o => o.GatewayAddress is not null, "RehabClientOptions.GatewayAddress is required")
            .Validate(o => o.MaxAttempts is >= 1 and <= 5, "RehabClientOptions.MaxAttempts must be 1 to 5 (gRPC's limit)");
        services.TryAddSingleton<RehabCallInterceptor>();
        AddGrpc<ReferralService.ReferralServiceClient>(services);
        AddGrpc<PersonRegistryService.PersonRegistryServiceClient>(services);
        AddGrpc<ReferenceDataService.ReferenceDataServiceClient>(services);
        AddGrpc<JointAssessmentService.JointAssessmentServiceClient>(services);
        AddGrpc<InterventionsService.InterventionsServiceClient>(services);
        AddGrpc<ProviderReportingService.ProviderReportingServiceClient>(services);
        AddGrpc<TransitionMeetingsService.TransitionMeetingsServiceClient>(services);
        AddGrpc<FactsService.FactsServiceClient>(services);
        AddGrpc<TrackingService.TrackingServiceClient>(services);
        AddGrpc<ReportingService.ReportingServiceClient>(services);
        AddGrpc<Health.HealthClient>(services);
        services.TryAddTransient<ReferralClient>();
        services.TryAddTransient<PersonClient>();
        services.TryAddTransient<ReferenceDataClient>();
        services.TryAddTransient<JointAssessmentClient>();
        services.TryAddTransient<InterventionsClient>();
        services.TryAddTransient<TransitionMeetingsClient>();
        services.TryAddTransient<FactsClient>();
        services.TryAddTransient<TrackingClient>();
        services.TryAddTransient<ReportingClient>();
        services.TryAddTransient(sp => new RehabClient(sp, owner: null));
        return services;
    }

    private static void AddGrpc<TClient>(IServiceCollection services) where TClient : ClientBase
    {
        services.AddGrpcClient<TClient>((sp, o) => o.Address = Settings(sp).GatewayAddress)
            .AddInterceptor<RehabCallInterceptor>()
            .AddCallCredentials(async (context, metadata, sp) =>
            {
                var tokens = Settings(sp).Tokens ?? sp.GetService<ITokenSource>();
                // Without a token source only anonymous calls (health) succeed; the platform answers UNAUTHENTICATED otherwise.
                if (tokens is not null) metadata.Add("authorization", "Bearer " + await tokens.GetTokenAsync(context.CancellationToken));
            })
            .ConfigureChannel((sp, channel) =>
            {
                var settings = Settings(sp);
                // The local gateway speaks h2c; call credentials are only sent over plain HTTP when allowed explicitly.
                channel.UnsafeUseInsecureChannelCallCredentials = settings.GatewayAddress?.Scheme == Uri.UriSchemeHttp;
                channel.ServiceConfig = RetryPolicies.For(settings);
            });
    }

    private static RehabClientOptions Settings(IServiceProvider sp) => sp.GetRequiredService<IOptions<RehabClientOptions>>().Value;
}

/// <summary>
/// Which calls the channel retries on UNAVAILABLE: reads (Get*, List*), creates that carry a <c>request_id</c> (a retry
/// returns the first result) and the calls the contracts document as idempotent (EnsurePerson, reference-data Upsert*,
/// ImportFacts) and every reporting call (all reads of aggregates: ExportAnnualReport, DiffAnnualReports too).
/// Etag-guarded state changes are never retried: a lost answer would turn into a spurious conflict.
/// </summary>
public static class RetryPolicies
{
    public static IReadOnlyList<MethodName> IdempotentMethods { get; } = ContractCatalog.Services
        .SelectMany(s => s.Methods)
        .Where(m => m.Name.StartsWith("Get", StringComparison.Ordinal) || m.Name.StartsWith("List", StringComparison.Ordinal)
            || m.InputType.FindFieldByName("request_id") is not null
            || m.Name == "EnsurePerson"
            || m.Service.FullName == ReportingService.Descriptor.FullName
            || m.FullName == FactsService.Descriptor.FindMethodByName("ImportFacts").FullName
            || (m.Service.FullName == ReferenceDataService.Descriptor.FullName && m.Name.StartsWith("Upsert", StringComparison.Ordinal)))
        .Select(m => new MethodName { Service = m.Service.FullName, Method = m.Name })
        .ToList();

    public static ServiceConfig? For(RehabClientOptions options)
    {
        if (options.MaxAttempts < 2) return null;
        var retried = new MethodConfig
        {
            RetryPolicy = new RetryPolicy
            {
                MaxAttempts = options.MaxAttempts,
                InitialBackoff = options.InitialBackoff,
                MaxBackoff = TimeSpan.FromSeconds(1),
                BackoffMultiplier = 2,
                RetryableStatusCodes = { StatusCode.Unavailable },
            },
        };
        foreach (var name in IdempotentMethods) retried.Names.Add(name);
        return new ServiceConfig { MethodConfigs = { retried } };
    }
}
