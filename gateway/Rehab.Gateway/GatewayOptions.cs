namespace Rehab.Gateway;

/// <summary>The <c>Gateway</c> configuration section: where the gateway listens and which backends it fronts.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Cleartext HTTP/2 (h2c) port for gRPC clients.</summary>
    public int GrpcPort { get; set; } = 5080;

    /// <summary>HTTP/1.1 port for browsers, JSON transcoding and gRPC-Web.</summary>
    public int HttpPort { get; set; } = 5081;

    /// <summary>Address to bind; empty means every interface (what a container needs).</summary>
    public string? BindAddress { get; set; }

    /// <summary>Largest request body accepted on HTTP/1 and non-gRPC requests (JSON, gRPC-Web).</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Largest single gRPC message accepted from a gRPC client, on the wire (after compression).
    /// Checked per message, so long client streams are fine.
    /// </summary>
    public int MaxGrpcMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long the gateway waits for a backend's health answer.</summary>
    public TimeSpan BackendHealthTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Longest silence YARP tolerates on a proxied request (both directions) before it gives up;
    /// long enough for quiet server streams.
    /// </summary>
    public TimeSpan ProxyActivityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Backends by name (e.g. <c>referral</c>, <c>person-registry</c>).</summary>
    public Dictionary<string, BackendService> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One backend service: its two Kestrel endpoints and what it serves.</summary>
public sealed class BackendService
{
    /// <summary>The backend's HTTP/2-only (h2c) gRPC endpoint, e.g. <c>http://127.0.0.1:5102</c>.</summary>
    public string GrpcAddress { get; set; } = "";

    /// <summary>The backend's HTTP/1 endpoint (JSON transcoding, gRPC-Web, health), e.g. <c>http://127.0.0.1:5103</c>.</summary>
    public string? HttpAddress { get; set; }

    /// <summary>Full gRPC service names the backend serves, e.g. <c>rehab.referral.v1.ReferralService</c>.</summary>
    public List<string> GrpcServices { get; set; } = [];

    /// <summary>Path prefixes of the backend's JSON transcoding routes, e.g. <c>/v1/referrals</c>.</summary>
    public List<string> JsonPrefixes { get; set; } = [];
}
