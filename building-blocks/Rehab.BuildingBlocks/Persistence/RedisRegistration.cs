using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Rehab.BuildingBlocks.Persistence;

public sealed class PersistenceOptions
{
    /// <summary>StackExchange.Redis configuration string, e.g. "127.0.0.1:6379".</summary>
    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>First segment of every key; tests use their own to stay isolated.</summary>
    public string KeyPrefix { get; set; } = "rehab";

    /// <summary>
    /// Entry ids a <see cref="KeyedAppendLog"/>'s append feed keeps per shard: a replica further behind than this rebuilds
    /// from the log.
    /// </summary>
    public int AppendFeedLength { get; set; } = 100_000;
}

/// <summary>A context whose aggregates append to an event log published on <paramref name="Topic"/>.</summary>
public sealed record EventLogContext(string Name, string Topic);

public static class RedisRegistration
{
    /// <summary>Registers the one Redis connection of the process (configuration section "Persistence").</summary>
    public static IServiceCollection AddRehabRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PersistenceOptions>().Bind(configuration.GetSection("Persistence"));
        services.TryAddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PersistenceOptions>>().Value;
            var config = ConfigurationOptions.Parse(options.Redis);
            config.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(config);
        });
        return services;
    }

    /// <summary>Declares that this service owns <paramref name="context"/>: its log is relayed to <paramref name="topic"/>.</summary>
    public static IServiceCollection AddEventLog(this IServiceCollection services, string context, string topic)
    {
        services.AddSingleton(new EventLogContext(context, topic));
        return services;
    }
}

public static class AggregateRegistration
{
    /// <summary>Registers <see cref="KeyedAppendLog"/> (and the Redis connection) for a projection that keeps its own inputs.</summary>
    public static IServiceCollection AddKeyedAppendLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRehabRedis(configuration);
        services.TryAddSingleton<KeyedAppendLog>();
        return services;
    }

    /// <summary>
    /// Registers <see cref="AggregateRepository{TState}"/> for one aggregate kind, its event mapper, and the context's
    /// event log (relayed to <paramref name="topic"/>). The CloudEvent source is <c>Messaging:AppId</c>.
    /// </summary>
    public static IServiceCollection AddAggregate<TState, TMapper>(
        this IServiceCollection services, IConfiguration configuration, string context, string resource, string topic)
        where TState : class
        where TMapper : class, IEventMapper<TState>
    {
        var source = configuration["Messaging:AppId"] ?? context;
        services.AddRehabRedis(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EventLogReader>();
        services.AddSingleton(new AggregateDefinition<TState>(context, resource, source, topic));
        services.AddSingleton<IEventMapper<TState>, TMapper>();
        services.AddSingleton<AggregateRepository<TState>>();
        services.AddScoped<Audit.PersonalRecords<TState>>();
        if (!services.Any(d => d.ServiceType == typeof(EventLogContext) && d.ImplementationInstance is EventLogContext c && c.Name == context))
            services.AddEventLog(context, topic);
        return services;
    }
}
