using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Rehab.BuildingBlocks.Security;

public static class AuthorizationRegistration
{
    /// <summary>
    /// Registers the embedded <see cref="AuthorizationMatrix"/>, adds <see cref="AuthorizationInterceptor"/> to every
    /// gRPC service of the host, and the scoped <see cref="ICallerContext"/>. Call with <c>AddRehabAuthentication</c>.
    /// </summary>
    public static IServiceCollection AddRehabAuthorization(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => AuthorizationMatrix.Load());
        services.TryAddSingleton<AuthorizationInterceptor>();
        services.AddHttpContextAccessor();
        services.TryAddScoped<ICallerContext>(sp => CallerContext.FromHttpContext(sp.GetRequiredService<IHttpContextAccessor>().HttpContext));
        services.Configure<GrpcServiceOptions>(options =>
        {
            if (!options.Interceptors.Any(i => i.Type == typeof(AuthorizationInterceptor)))
            {
                // Registered first so it runs outermost, before any other interceptor or the service itself.
                options.Interceptors.Add<AuthorizationInterceptor>();
                var registration = options.Interceptors[^1];
                options.Interceptors.RemoveAt(options.Interceptors.Count - 1);
                options.Interceptors.Insert(0, registration);
            }
        });
        return services;
    }
}
