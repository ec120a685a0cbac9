using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.Reflection;
using Rehab.Contracts;

namespace Rehab.Gateway;

/// <summary>
/// Server reflection for the whole platform, from the shared contract descriptors: every backend serves the same
/// reflection path, so the gateway answers it for all of them. Imports (google/api, google/type, ...) resolve
/// through the descriptors' dependencies.
/// </summary>
public static class GatewayReflection
{
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        .. ContractCatalog.Services,
        Grpc.Health.V1.Health.Descriptor,
        Grpc.Reflection.V1Alpha.ServerReflection.Descriptor,
        Grpc.Reflection.V1.ServerReflection.Descriptor,
    ];

    public static IServiceCollection AddGatewayReflection(this IServiceCollection services) => services
        .AddSingleton(new ReflectionServiceImpl(Services))
        .AddSingleton(new ReflectionV1ServiceImpl(Services));
}
