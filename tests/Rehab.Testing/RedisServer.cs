using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rehab.Testing;

/// <summary>
/// A real redis-server process on a free loopback port, started once per test assembly.
/// Tests isolate themselves with their own key prefix (see <see cref="NewPrefix"/>), never by flushing.
/// Set REHAB_TEST_REDIS=host:port to use an already running server instead.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly Lazy<RedisServer> SharedInstance = new(() =>
    {
        var server = new RedisServer();
        // The test host exits without disposing statics: stop the server with it, or every run leaves one behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });
    private readonly Process? _process;
    private readonly string? _dir;

    public static RedisServer Shared => SharedInstance.Value;

    public string Endpoint { get; }

    /// <summary>
    /// The connection string services under test use: the endpoint with generous command timeouts, because CI runs a whole platform
    /// per test project on two shared cores and a 5 s default turns a slow moment into a failed test, not a finding.
    /// </summary>
    public string ConnectionString => Endpoint + ",syncTimeout=30000,asyncTimeout=30000";

    public int Port { get; }

    public RedisServer(string extraArgs = "")
    {
        var external = Environment.GetEnvironmentVariable("REHAB_TEST_REDIS");
        if (!string.IsNullOrEmpty(external) && extraArgs.Length == 0)
        {
            Endpoint = external;
            Port = int.Parse(external.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
            return;
        }

        Port = FreePort();
        _dir = Directory.CreateTempSubdirectory("rehab-redis-").FullName;
        _process = Process.Start(new ProcessStartInfo("redis-server",
            $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no --dir {_dir} {extraArgs}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start; install it (apt-get install redis-server)");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        Endpoint = $"127.0.0.1:{Port}";
        WaitUntilReady();
    }

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    private void WaitUntilReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                using var stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var buffer = new byte[16];
                var n = stream.Read(buffer);
                if (n > 0 && buffer[0] == (byte)'+') return;
            }
            catch (SocketException)
            {
            }

            Thread.Sleep(50);
        }

        throw new InvalidOperationException($"redis-server on port {Port} did not answer PING");
    }

    // Below Linux's ephemeral range (32768+), so no socket bound to port 0 can take a port between our check and
    // the app's bind; each test process starts at its own offset.
    private static int _nextPort = 20000 + Environment.ProcessId % 600 * 20;

    /// <summary>A loopback port that is free now and that no other caller in this process gets.</summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _nextPort);
            if (port > 32000) Interlocked.Exchange(ref _nextPort, 20000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }

    /// <summary>Stops the server at once (SIGKILL; it has no children). Cheap enough for a process-exit handler.</summary>
    public void Kill()
    {
        try
        {
            _process?.Kill();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.WaitForExit(2000);

        _process?.Dispose();
        if (_dir is not null)
        {
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }
    }
}
