
namespace Rehab.Gateway.Tests;

internal static class FreePort
{
    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int Next() => Rehab.Testing.RedisServer.FreePort();
}
