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
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Run("redis-cli", $"-p {_nodes[0].Port} cluster info").Contains("cluster_state:ok", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException("the Redis Cluster did not become ready");
            Thread.Sleep(100);
        }

        Configuration = string.Join(",", _nodes.Select(n => n.Endpoint));
        Connection = ConnectionMultiplexer.Connect(Configuration);
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
