using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Rehab.Gateway.PlatformHealth;

/// <summary>
/// Asks backends' <c>grpc.health.v1.Health</c> services, over their gRPC endpoints, with a short deadline.
/// Every backend serves the same health path, so a path route cannot reach one of them: the gateway asks instead.
/// </summary>
public sealed class BackendHealth : IDisposable
{
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BackendHealth> _logger;
    private readonly Dictionary<string, GrpcChannel> _channels;
    private readonly Dictionary<string, string> _ownerByService;

    public BackendHealth(IOptions<GatewayOptions> options, TimeProvider time, ILogger<BackendHealth> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _channels = _options.Services.ToDictionary(
            s => s.Key,
            s => GrpcChannel.ForAddress(s.Value.GrpcAddress),
            StringComparer.OrdinalIgnoreCase);
        _ownerByService = _options.Services
            .SelectMany(s => s.Value.GrpcServices.Select(name => (name, backend: s.Key)))
            .ToDictionary(x => x.name, x => x.backend, StringComparer.Ordinal);
    }

    public IEnumerable<string> Backends => _channels.Keys;

    /// <summary>The backend that serves a full gRPC service name, or null when no backend does.</summary>
    public string? OwnerOf(string fullServiceName) => _ownerByService.GetValueOrDefault(fullServiceName);

    /// <summary>
    /// The backend's answer for <paramref name="service"/> ("" = the backend as a whole). A backend that cannot be
    /// reached in time is NOT_SERVING; a backend that does not know the name yields NOT_FOUND.
    /// </summary>
    public async Task<BackendHealthAnswer> CheckAsync(string backend, string service, CancellationToken cancellationToken)
    {
        var client = new Health.HealthClient(_channels[backend]);
        var deadline = _time.GetUtcNow().UtcDateTime + _options.BackendHealthTimeout;
        try
        {
            var reply = await client.CheckAsync(
                new HealthCheckRequest { Service = service }, deadline: deadline, cancellationToken: cancellationToken);
            return new BackendHealthAnswer(backend, reply.Status, null);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return new BackendHealthAnswer(backend, null, $"{backend} does not know the service '{service}'");
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Health check of backend {Backend} failed: {Status} {Detail}", backend, ex.StatusCode, ex.Status.Detail);
            return new BackendHealthAnswer(
                backend, HealthCheckResponse.Types.ServingStatus.NotServing, $"{backend} unreachable: {ex.StatusCode}");
        }
    }

    /// <summary>Every backend's overall health ("" service), asked in parallel.</summary>
    public async Task<IReadOnlyList<BackendHealthAnswer>> CheckAllAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(_channels.Keys.Select(b => CheckAsync(b, "", cancellationToken)));

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
            channel.Dispose();
    }
}

/// <summary>One backend's health answer; <see cref="Status"/> is null when the backend does not know the service.</summary>
public sealed record BackendHealthAnswer(string Backend, HealthCheckResponse.Types.ServingStatus? Status, string? Problem)
{
    public bool IsServing => Status == HealthCheckResponse.Types.ServingStatus.Serving;
}
