using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Rehab.BuildingBlocks.Rpc;

/// <summary>
/// gRPC clients for calls between services. The caller's identity, purpose and request id travel along, so the
/// called service authorizes and audits the same person and purpose as the first service did.
/// </summary>
public static class InternalClients
{
    public static readonly string[] ForwardedHeaders = ["authorization", "x-rehab-purpose", "x-request-id"];

    /// <param name="name">Key under <c>Services:</c> in configuration holding the service's gRPC (h2c) address.</param>
    public static IHttpClientBuilder AddInternalGrpcClient<TClient>(
        this IServiceCollection services, IConfiguration configuration, string name)
        where TClient : class
    {
        var address = configuration[$"Services:{name}"]
            ?? throw new InvalidOperationException($"Services:{name} (the {name} gRPC address) is not configured");
        services.AddHttpContextAccessor();
        services.AddTransient<ForwardCallerHeadersHandler>();
        return services.AddGrpcClient<TClient>(o => o.Address = new Uri(address))
            .AddHttpMessageHandler<ForwardCallerHeadersHandler>();
    }
}

internal sealed class ForwardCallerHeadersHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var incoming = accessor.HttpContext?.Request.Headers;
        if (incoming is not null)
        {
            foreach (var header in InternalClients.ForwardedHeaders)
            {
                if (incoming.TryGetValue(header, out var value) && !request.Headers.Contains(header))
                    request.Headers.TryAddWithoutValidation(header, (IEnumerable<string>)value!);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
