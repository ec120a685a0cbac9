using System.Net;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Rehab.Gateway;

/// <summary>
/// Turns the backend table into YARP routes and clusters. Each backend gets two clusters (its gRPC h2c
/// endpoint and its HTTP/1 endpoint); each gRPC service gets a route on its own path prefix, never rewritten.
/// </summary>
public static class GatewayRoutes
{
    public const string GrpcWebContentType = "application/grpc-web";

    // Lower order wins: gRPC-Web and CORS preflight take a service path before plain gRPC does.
    private const int GrpcWebOrder = 0;
    private const int GrpcOrder = 1;
    private const int JsonOrder = 2;

    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(GatewayOptions options)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();

        foreach (var (backend, service) in options.Services.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var grpcCluster = GrpcClusterId(backend);
            clusters.Add(GrpcCluster(grpcCluster, service.GrpcAddress, options.ProxyActivityTimeout));

            string? httpCluster = null;
            if (service.HttpAddress is not null)
            {
                httpCluster = HttpClusterId(backend);
                clusters.Add(HttpCluster(httpCluster, service.HttpAddress, options.ProxyActivityTimeout));
            }

            foreach (var grpcService in service.GrpcServices)
            {
                var path = ServicePath(grpcService);
                routes.Add(new RouteConfig
                {
                    RouteId = $"grpc:{grpcService}",
                    ClusterId = grpcCluster,
                    Order = GrpcOrder,
                    Match = new RouteMatch { Path = path },
                });

                if (httpCluster is null)
                    continue;

                routes.Add(new RouteConfig
                {
                    RouteId = $"grpc-web:{grpcService}",
                    ClusterId = httpCluster,
                    Order = GrpcWebOrder,
                    Match = new RouteMatch
                    {
                        Path = path,
                        Headers =
                        [
                            new RouteHeader
                            {
                                Name = "Content-Type",
                                Values = [GrpcWebContentType],
                                Mode = HeaderMatchMode.HeaderPrefix,
                            },
                        ],
                    },
                });
                // A browser's CORS preflight for gRPC-Web carries no content type; the HTTP/1 endpoint answers it.
                routes.Add(new RouteConfig
                {
                    RouteId = $"grpc-web-preflight:{grpcService}",
                    ClusterId = httpCluster,
                    Order = GrpcWebOrder,
                    Match = new RouteMatch { Path = path, Methods = [HttpMethods.Options] },
                });
            }

            if (httpCluster is null)
                continue;

            foreach (var prefix in service.JsonPrefixes)
            {
                routes.Add(new RouteConfig
                {
                    RouteId = $"json:{backend}:{prefix}",
                    ClusterId = httpCluster,
                    Order = JsonOrder,
                    Match = new RouteMatch { Path = prefix + "/{**rest}" },
                });
            }
        }

        return (routes, clusters);
    }

    public static string ServicePath(string fullServiceName) => $"/{fullServiceName}/{{**method}}";

    public static string GrpcClusterId(string backend) => $"{backend}-grpc";

    public static string HttpClusterId(string backend) => $"{backend}-http";

    private static ClusterConfig GrpcCluster(string id, string address, TimeSpan activityTimeout) => new()
    {
        ClusterId = id,
        Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = address } },
        // gRPC needs HTTP/2; over cleartext that only works with prior knowledge, so never negotiate down.
        HttpRequest = new ForwarderRequestConfig
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            ActivityTimeout = activityTimeout,
        },
        HttpClient = new HttpClientConfig { EnableMultipleHttp2Connections = true },
    };

    private static ClusterConfig HttpCluster(string id, string address, TimeSpan activityTimeout) => new()
    {
        ClusterId = id,
        Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = address } },
        HttpRequest = new ForwarderRequestConfig
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            ActivityTimeout = activityTimeout,
        },
    };
}
