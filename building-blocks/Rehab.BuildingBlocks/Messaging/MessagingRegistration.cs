using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Rehab.BuildingBlocks.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// Wires the transport chosen by <c>Messaging:Transport</c>, the outbox relay (runs when the service owns an event
    /// log, see <c>AddEventLog</c>), the inbox and the Redis Streams subscriber (runs for the redis transport when
    /// handlers are registered). Needs <c>AddRehabRedis</c>. For the dapr transport also map
    /// <see cref="DaprSubscriptions.MapDaprSubscriptions"/>.
    /// </summary>
    public static IServiceCollection AddRehabMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.Section))
            .PostConfigure(o =>
            {
                // Dapr's sidecar injector sets APP_ID; an explicit Messaging:AppId wins.
                if (string.IsNullOrWhiteSpace(o.AppId)) o.AppId = configuration["APP_ID"] ?? "";
            });
        services.TryAddSingleton(TimeProvider.System);
        services.AddDaprClient();

        services.TryAddSingleton<RedisStreamsTransport>();
        services.TryAddSingleton<DaprTransport>();
        services.TryAddSingleton<IEventTransport>(sp => sp.GetRequiredService<IOptions<MessagingOptions>>().Value.UsesDapr
            ? sp.GetRequiredService<DaprTransport>()
            : sp.GetRequiredService<RedisStreamsTransport>());

        services.TryAddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());

        services.TryAddSingleton<Inbox>();
        services.TryAddSingleton<EventDispatcher>();
        services.TryAddSingleton<RedisStreamsSubscriber>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisStreamsSubscriber>());
        return services;
    }

    /// <summary>
    /// Subscribes <typeparamref name="THandler"/> to <paramref name="topic"/> for the given CloudEvent types
    /// (protobuf full names); other events on the topic are acknowledged without calling it.
    /// </summary>
    public static IServiceCollection AddEventHandler<THandler>(this IServiceCollection services, string topic, params string[] eventTypes)
        where THandler : class, IEventHandler
    {
        services.TryAddScoped<THandler>();
        services.AddSingleton(new EventSubscription(topic, typeof(THandler), eventTypes.ToHashSet(StringComparer.Ordinal)));
        return services;
    }
}
