using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.ReferenceData.V1;
using Rehab.Testing;
using Xunit;

namespace Rehab.ReferenceData.Tests.Service;

/// <summary>The reference-data service — its real Program, seeded at start — on real Kestrel (h2c) and the shared redis-server.</summary>
public sealed class ReferenceDataHost : IAsyncDisposable
{
    private readonly AppHost<ReferenceDataApp> _app;

    private ReferenceDataHost(AppHost<ReferenceDataApp> app, string keyPrefix, int grpcPort)
    {
        _app = app;
        KeyPrefix = keyPrefix;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
    }

    public string KeyPrefix { get; }

    public GrpcChannel Channel { get; }

    public ReferenceDataService.ReferenceDataServiceClient Client => new(Channel);

    public IServiceProvider Services => _app.Services;

    /// <param name="keyPrefix">The Redis key prefix; the same one again is a restart on the same data.</param>
    public static ReferenceDataHost Start(string? keyPrefix = null)
    {
        keyPrefix ??= RedisServer.NewPrefix();
        int grpc = RedisServer.FreePort(), http = RedisServer.FreePort();
        var app = AppHost<ReferenceDataApp>.Start(new Dictionary<string, string?>(DevTokens.Configuration)
        {
            ["Persistence:Redis"] = RedisServer.Shared.ConnectionString,
            ["Persistence:KeyPrefix"] = keyPrefix,
            ["Messaging:Transport"] = MessagingOptions.RedisTransport,
            ["Messaging:AppId"] = "reference-data",
            ["Ports:Grpc"] = AppHost<ReferenceDataApp>.Port(grpc),
            ["Ports:Http"] = AppHost<ReferenceDataApp>.Port(http),
            ["ReferenceData:SeedOnStart"] = "true",
        });
        return new ReferenceDataHost(app, keyPrefix, grpc);
    }

    public static Metadata As(Role role) => DevTokens.Headers(DevTokens.ForRole(role));

    public static Metadata AsOperator => As(Role.Operator);

    /// <summary>Every event the service recorded for one kind of record, oldest first.</summary>
    public async Task<List<CloudEvent>> EventsAsync(string kind)
    {
        var events = new List<CloudEvent>();
        await foreach (var e in Services.GetRequiredService<EventLogReader>().ReadAllAsync("refdata-" + kind)) events.Add(e);
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.DisposeAsync();
    }
}

public sealed class ReferenceDataFixture : IAsyncLifetime
{
    public ReferenceDataHost Host { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Host = ReferenceDataHost.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
