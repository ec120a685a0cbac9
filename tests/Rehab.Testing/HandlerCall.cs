using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Messaging;

namespace Rehab.Testing;

/// <summary>Hands one contract message straight to a service's handler, as a delivery would (order tests choose the order).</summary>
public static class HandlerCall
{
    public static async Task<HandlerOutcome> HandleAsync<THandler>(IServiceProvider services, IMessage message, string personId)
        where THandler : IEventHandler
    {
        using var scope = services.CreateScope();
        var e = CloudEvent.Create(message, Guid.CreateVersion7().ToString(), "test", personId, DateTimeOffset.UtcNow,
            CloudEvent.EffectiveDate(DateOnly.FromDateTime(DateTime.UtcNow)), personId, "test-topic");
        return await scope.ServiceProvider.GetRequiredService<THandler>().HandleAsync(e, CancellationToken.None);
    }
}
