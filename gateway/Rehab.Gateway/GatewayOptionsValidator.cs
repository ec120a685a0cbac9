using Microsoft.Extensions.Options;
using Rehab.Contracts;

namespace Rehab.Gateway;

/// <summary>Fails start-up on a backend table the gateway could not route correctly.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    private static readonly HashSet<string> KnownServices =
        ContractCatalog.Services.Select(s => s.FullName).ToHashSet(StringComparer.Ordinal);

    /// <summary>Paths the gateway serves itself; no backend route may take them.</summary>
    private static readonly string[] GatewayPaths = ["/health", "/alive", ReportPage.ReportPageEndpoints.Path];

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        if (options.MaxRequestBodyBytes <= 0)
            failures.Add("Gateway:MaxRequestBodyBytes must be positive.");
        if (options.MaxGrpcMessageBytes <= 0)
            failures.Add("Gateway:MaxGrpcMessageBytes must be positive.");
        if (options.BackendHealthTimeout <= TimeSpan.Zero)
            failures.Add("Gateway:BackendHealthTimeout must be positive.");
        if (options.GrpcPort == options.HttpPort && options.GrpcPort != 0)
            failures.Add("Gateway:GrpcPort and Gateway:HttpPort must differ.");

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (backend, service) in options.Services)
        {
            var where = $"Gateway:Services:{backend}";
            if (!IsHttpUri(service.GrpcAddress))
                failures.Add($"{where}:GrpcAddress must be an absolute http(s) address, was '{service.GrpcAddress}'.");
            if (service.HttpAddress is not null && !IsHttpUri(service.HttpAddress))
                failures.Add($"{where}:HttpAddress must be an absolute http(s) address, was '{service.HttpAddress}'.");
            if (service.HttpAddress is null && service.JsonPrefixes.Count > 0)
                failures.Add($"{where}:HttpAddress is required for JSON prefixes.");

            foreach (var grpcService in service.GrpcServices)
            {
                if (!KnownServices.Contains(grpcService))
                    failures.Add($"{where}:GrpcServices names '{grpcService}', which is not a service in the contracts (ContractCatalog).");
                else if (!owners.TryAdd(grpcService, backend))
                    failures.Add($"{where}:GrpcServices claims '{grpcService}', already served by '{owners[grpcService]}'.");
            }

            foreach (var prefix in service.JsonPrefixes)
            {
                if (!prefix.StartsWith('/') || prefix.EndsWith('/') || prefix.Contains('{', StringComparison.Ordinal))
                    failures.Add($"{where}:JsonPrefixes entry '{prefix}' must be a literal path like '/v1/referrals'.");
                else if (GatewayPaths.Any(p => prefix.Equals(p, StringComparison.OrdinalIgnoreCase)))
                    failures.Add($"{where}:JsonPrefixes entry '{prefix}' is a path the gateway answers itself.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
