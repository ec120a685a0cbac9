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
