using Grpc.Core;
using Grpc.Health.V1;

namespace Rehab.Gateway.PlatformHealth;

/// <summary>
/// <c>grpc.health.v1.Health</c> for the whole platform, answered by the gateway:
/// "" is SERVING when every backend is; a service name is answered by the backend that serves it;
/// an unknown name is NOT_FOUND (as the gRPC health protocol requires). Watch is not offered (UNIMPLEMENTED).
/// </summary>
public sealed class GatewayHealthService(BackendHealth backends) : Health.HealthBase
{
    public override async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        if (request.Service.Length == 0)
        {
            var answers = await backends.CheckAllAsync(context.CancellationToken);
            return Reply(answers.All(a => a.IsServing));
        }

        var owner = backends.OwnerOf(request.Service)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"No backend serves '{request.Service}'."));

        var answer = await backends.CheckAsync(owner, request.Service, context.CancellationToken);
        if (answer.Status is not { } status)
            throw new RpcException(new Status(StatusCode.NotFound, answer.Problem ?? $"Unknown service '{request.Service}'."));

        return new HealthCheckResponse { Status = status };
    }

    private static HealthCheckResponse Reply(bool serving) => new()
    {
        Status = serving ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing,
    };
}
