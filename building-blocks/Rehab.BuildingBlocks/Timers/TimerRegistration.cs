using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rehab.BuildingBlocks.Persistence;

namespace Rehab.BuildingBlocks.Timers;

public static class TimerRegistration
{
    /// <summary>
    /// Registers the timers of the context <typeparamref name="TDefinition"/> defines: inject
    /// <see cref="TimerSchedule{TDefinition}"/> to schedule and cancel; <see cref="TimerEngine"/> fires them in the
    /// background (<see cref="TimerEngineService"/>, configuration section "Timers", <see cref="TimerOptions"/>).
    /// The firing events go to the context's event log, which the service must own (<c>AddAggregate</c> or
    /// <c>AddEventLog</c>) so that the outbox relay publishes them.
    /// </summary>
    public static IServiceCollection AddTimers<TDefinition>(this IServiceCollection services, IConfiguration configuration)
        where TDefinition : class, ITimerDefinition
    {
        services.AddRehabRedis(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EventLogReader>();
        services.TryAddSingleton<TDefinition>();
        services.TryAddSingleton<TimerSchedule<TDefinition>>();
        services.AddSingleton<TimerSchedule>(sp => sp.GetRequiredService<TimerSchedule<TDefinition>>());
        if (services.All(d => d.ServiceType != typeof(TimerEngine)))
        {
            services.AddOptions<TimerOptions>().Bind(configuration.GetSection(TimerOptions.Section));
            services.AddSingleton<TimerEngine>();
            services.AddHostedService<TimerEngineService>();
        }

        return services;
    }
}
