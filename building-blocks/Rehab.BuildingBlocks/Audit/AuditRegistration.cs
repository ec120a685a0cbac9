using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Persistence;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Audit;

public static class AuditRegistration
{
    /// <summary>
    /// The service's audit trail (<see cref="IAuditTrail"/>, one chain named <paramref name="service"/>) and the
    /// scoped <see cref="PersonalDataAudit"/> (and <see cref="HistoryImportBatch"/>, which audits through it). Needs <c>AddRehabRedis</c> and <c>AddRehabAuthorization</c>.
    /// </summary>
    public static IServiceCollection AddRehabAudit(this IServiceCollection services, string service)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditTrail>(sp => new RedisAuditTrail(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<PersistenceOptions>>().Value.KeyPrefix,
            service));
        services.TryAddScoped<PersonalDataAudit>();
        services.TryAddScoped<HistoryImportBatch>();
        return services;
    }
}
