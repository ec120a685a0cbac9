using System.Diagnostics;
using StackExchange.Redis;

namespace Rehab.Testing;

/// <summary>
/// A real 3-master Redis Cluster on loopback ports (redis-server --cluster-enabled + redis-cli --cluster create),
/// started once per test assembly: proves the key layout keeps every script's keys in one hash slot.
/// </summary>
public sealed class RedisCluster : IDisposable
{
    private static readonly Lazy<RedisCluster> SharedInstance = new(() =>
    {
        var cluster = new RedisCluster();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster;
    });
    private readonly List<RedisServer> _nodes = [];

    public static RedisCluster Shared => SharedInstance.Value;

    public IConnectionMultiplexer Connection { get; }

    public string Configuration { get; }

    private RedisCluster()
    {
        for (var i = 0; i < 3; i++)
            _nodes.Add(new RedisServer("--cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000"));
        var endpoints = string.Join(" ", _nodes.Select(n => n.Endpoint));
        Run("redis-cli", $"--cluster create {endpoints} --cluster-replicas 0 --cluster-yes");
        // Every node must agree before the first command: node 0 can report ok while another node still thinks a
        // slot is unassigned, and a script sent there fails with CLUSTERDOWN (a flaky first test on a slow machine).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_nodes.All(IsReady))
        {
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException("the Redis Cluster did not become ready");
            Thread.Sleep(100);
        }

        Configuration = string.Join(",", _nodes.Select(n => n.Endpoint));
        Connection = ConnectionMultiplexer.Connect(Configuration);
        WarmUp(deadline);
    }

    private static bool IsReady(RedisServer node)
    {
        var info = Run("redis-cli", $"-p {node.Port} cluster info");
        return info.Contains("cluster_state:ok", StringComparison.Ordinal)
            && info.Contains("cluster_slots_ok:16384", StringComparison.Ordinal)
            && info.Contains("cluster_known_nodes:3", StringComparison.Ordinal);
    }

    /// <summary>Writes one key in each of the platform's 16 shard slots, retrying until the client's slot map is complete.</summary>
    private void WarmUp(DateTime deadline)
    {
        var db = Connection.GetDatabase();
        for (var shard = 0; shard < 16; shard++)
        {
            var key = $"warmup:{{ctx:{shard:x}}}";
            while (true)
            {
                try
                {
                    db.StringSet(key, "1", TimeSpan.FromSeconds(5));
                    break;
                }
                catch (RedisException) when (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(100);
                }
            }
        }
    }

    private static string Run(string file, string args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed: {output}");
        return output;
    }

    public void Dispose()
    {
        // Nodes first: a multiplexer closing against a live cluster can outlast the host's exit.
        foreach (var node in _nodes) node.Kill();
        foreach (var node in _nodes) node.Dispose();
        Connection.Dispose();
    }
}
