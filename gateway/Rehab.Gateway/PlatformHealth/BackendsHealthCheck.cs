using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rehab.Gateway.PlatformHealth;

/// <summary>The HTTP <c>/health</c> view: healthy when every backend reports SERVING overall.</summary>
public sealed class BackendsHealthCheck(BackendHealth backends) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var answers = await backends.CheckAllAsync(cancellationToken);
        var data = answers.ToDictionary(a => a.Backend, a => (object)(a.Status?.ToString() ?? "NotFound"));
        var notServing = answers.Where(a => !a.IsServing).Select(a => a.Backend).ToList();
        return notServing.Count == 0
            ? HealthCheckResult.Healthy("Every backend is serving.", data)
            : HealthCheckResult.Unhealthy($"Not serving: {string.Join(", ", notServing)}.", data: data);
    }
}
