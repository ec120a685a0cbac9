using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Timers;
using Rehab.Timers.Benchmark;
using StackExchange.Redis;

// Usage (benchmarks/timers.sh runs the first form):
//   Rehab.Timers.Benchmark [--timers N] [--over SECONDS] [--engines N] [--batch N] [--poll-ms N] [--redis host:port]
//   Rehab.Timers.Benchmark worker --redis host:port --prefix P [--context C] [--lease-ms N] [--batch N]
// The second form runs one timer engine until it is killed (the Fault tests kill it at random instants).
var options = Args.Parse(args.Skip(args.FirstOrDefault() == "worker" ? 1 : 0));
if (args.FirstOrDefault() == "worker")
{
    await Worker.RunAsync(options);
    return 0;
}

return await TimerBenchmark.RunAsync(options);

namespace Rehab.Timers.Benchmark
{
    internal sealed record Args(IReadOnlyDictionary<string, string> Values)
    {
        public static Args Parse(IEnumerable<string> args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var list = args.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                if (!list[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument {list[i]}");
                values[list[i][2..]] = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal) ? list[++i] : "true";
            }

            return new Args(values);
        }

        public string? Get(string name) => Values.GetValueOrDefault(name);

        public int Int(string name, int fallback) => Values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        public double Double(string name, double fallback) => Values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
    }

    internal static class Timers
    {
        public static TimerSchedule Schedule(IConnectionMultiplexer redis, string prefix, string context, TimerOptions options, TimeProvider time)
        {
            var persistence = Options.Create(new PersistenceOptions { KeyPrefix = prefix });
            return new TimerSchedule(redis, persistence, Options.Create(options), new BenchmarkTimers(context), time,
                new EventLogReader(redis, persistence));
        }

        public static TimerEngine Engine(TimerSchedule schedule) => new([schedule], NullLogger<TimerEngine>.Instance);
    }

    /// <summary>One engine in its own process, on the system clock, until killed.</summary>
    internal static class Worker
    {
        public static async Task RunAsync(Args args)
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(args.Get("redis") ?? throw new ArgumentException("--redis is required"));
            var timerOptions = new TimerOptions
            {
                BatchSize = args.Int("batch", 20),
                LeaseDuration = TimeSpan.FromMilliseconds(args.Int("lease-ms", 1000)),
            };
            var engine = Timers.Engine(Timers.Schedule(redis, args.Get("prefix") ?? throw new ArgumentException("--prefix is required"),
                args.Get("context") ?? "bench", timerOptions, TimeProvider.System));
            Console.WriteLine("worker started");
            while (true)
            {
                var fired = await engine.RunOnceAsync();
                if (fired.Count == 0) await Task.Delay(20);
            }
        }
    }

    /// <summary>
    /// Schedules N timers due evenly over an interval, then lets E engine instances (each with its own connection, as
    /// replicas would) fire them, and reports throughput, lateness and an exactly-once check.
    /// </summary>
    internal static class TimerBenchmark
    {
        private const string Context = "bench";

        public static async Task<int> RunAsync(Args args)
        {
            var count = args.Int("timers", 100_000);
            var over = TimeSpan.FromSeconds(args.Double("over", 20));
            var engines = args.Int("engines", 4);
            var timerOptions = new TimerOptions
            {
                BatchSize = args.Int("batch", 500),
                PollInterval = TimeSpan.FromMilliseconds(args.Int("poll-ms", 100)),
            };
            using var server = args.Get("redis") is null ? LocalRedis.Start() : null;
            var endpoint = args.Get("redis") ?? server!.Endpoint;
            var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
            Console.WriteLine($"timers={count:N0} due over {over.TotalSeconds:0.#} s, engines={engines}, batch={timerOptions.BatchSize}, " +
                $"poll={timerOptions.PollInterval.TotalMilliseconds} ms, redis={endpoint}{(server is null ? "" : " (started here, AOF everysec)")}, prefix={prefix}");

            // Benchmark time: dues are fixed before scheduling starts, and the engines' clock starts at the first due
            // instant when firing starts, so the time scheduling takes does not count as lateness.
            var clock = new BenchmarkClock(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            var scheduler = await ConnectionMultiplexer.ConnectAsync(endpoint);
            var schedule = Timers.Schedule(scheduler, prefix, Context, timerOptions, clock);
            var sw = Stopwatch.StartNew();
            await ScheduleAllAsync(schedule, count, clock.Epoch, over);
            Console.WriteLine($"scheduled {count:N0} timers in {sw.Elapsed.TotalSeconds:0.0} s ({count / sw.Elapsed.TotalSeconds:N0}/s)");

            var connections = await Task.WhenAll(Enumerable.Range(0, engines).Select(_ => ConnectionMultiplexer.ConnectAsync(endpoint)));
            var instances = connections.Select(c => Timers.Engine(Timers.Schedule(c, prefix, Context, timerOptions, clock))).ToList();
            var firings = new ConcurrentBag<TimerFiring>[engines];
            var fired = 0;
            clock.Start();
            sw.Restart();
            using var stop = new CancellationTokenSource();
            var loops = instances.Select((engine, i) => Task.Run(async () =>
            {
                var mine = firings[i] = [];
                while (!stop.IsCancellationRequested)
                {
                    var batch = await engine.RunOnceAsync();
                    foreach (var f in batch) mine.Add(f);
                    if (Interlocked.Add(ref fired, batch.Count) >= count) { await stop.CancelAsync(); break; }
                    if (batch.Count == 0) await Task.Delay(timerOptions.PollInterval, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            })).ToList();
            var progress = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                    Console.WriteLine($"  {sw.Elapsed.TotalSeconds,6:0.0} s: fired {Volatile.Read(ref fired):N0}");
                }
            });
            var timeout = over + TimeSpan.FromSeconds(Math.Max(120, count / 2000.0));
            if (await Task.WhenAny(Task.WhenAll(loops), Task.Delay(timeout)) != Task.WhenAll(loops)) await stop.CancelAsync();
            await Task.WhenAll(loops);
            await progress;
            var elapsed = sw.Elapsed;

            var all = firings.SelectMany(f => f).ToList();
            var lateness = all.Select(f => f.Lateness.TotalMilliseconds).Order().ToArray();
            double P(double q) => lateness.Length == 0 ? double.NaN : lateness[Math.Min(lateness.Length - 1, (int)Math.Ceiling(q * lateness.Length) - 1)];
            Console.WriteLine($"fired {all.Count:N0} in {elapsed.TotalSeconds:0.0} s after the first due time: {all.Count / elapsed.TotalSeconds:N0} timers/s" +
                $" (due rate {(over.TotalSeconds > 0 ? count / over.TotalSeconds : double.PositiveInfinity):N0}/s)");
            Console.WriteLine($"lateness ms: p50={P(0.5):0} p90={P(0.9):0} p99={P(0.99):0} max={lateness.LastOrDefault():0}");
            Console.WriteLine("per engine: " + string.Join(", ", firings.Select(f => f.Count.ToString("N0", CultureInfo.InvariantCulture))));

            var check = await CheckExactlyOnceAsync(scheduler, schedule.Keys, all, count);
            Console.WriteLine(check.Ok ? $"exactly once: OK ({check.Detail})" : $"exactly once: FAILED ({check.Detail})");
            return check.Ok ? 0 : 1;
        }

        private static async Task ScheduleAllAsync(TimerSchedule schedule, int count, DateTimeOffset epoch, TimeSpan over)
        {
            const int InFlight = 2000;
            for (var start = 0; start < count; start += InFlight)
            {
                var end = Math.Min(count, start + InFlight);
                await Task.WhenAll(Enumerable.Range(start, end - start).Select(i =>
                    schedule.ScheduleAsync(KeyOf(i), epoch + over * ((double)i / count))));
            }
        }

        private static TimerKey KeyOf(int i) => new(i % KeyLayout.ShardCount, "t" + i.ToString(CultureInfo.InvariantCulture));

        /// <summary>Every timer reported fired by exactly one engine, exactly one firing event per timer in the logs, nothing left pending.</summary>
        private static async Task<(bool Ok, string Detail)> CheckExactlyOnceAsync(
            IConnectionMultiplexer redis, KeyLayout keys, List<TimerFiring> all, int count)
        {
            var db = redis.GetDatabase();
            var reportedDistinct = all.Select(f => f.Key).Distinct().Count();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            long entries = 0, pending = 0;
            foreach (var shard in keys.Shards)
            {
                pending += await db.SortedSetLengthAsync(keys.TimersDue(shard));
                RedisValue from = "-";
                while (true)
                {
                    var batch = await db.StreamRangeAsync(keys.Log(shard), from, "+", 10_000);
                    foreach (var entry in batch)
                    {
                        entries++;
                        ids.Add(entry["id"].ToString());
                    }

                    if (batch.Length < 10_000) break;
                    from = "(" + batch[^1].Id;
                }
            }

            var ok = all.Count == count && reportedDistinct == count && entries == count && ids.Count == count && pending == 0;
            return (ok, $"engines reported {all.Count:N0} firings of {reportedDistinct:N0} distinct timers; " +
                $"logs hold {entries:N0} firing events with {ids.Count:N0} distinct ids; {pending:N0} timers still pending; expected {count:N0}");
        }
    }

    /// <summary>A clock that stands at <see cref="Epoch"/> until started, then runs in real time.</summary>
    internal sealed class BenchmarkClock(DateTimeOffset epoch) : TimeProvider
    {
        private long _started;

        public DateTimeOffset Epoch => epoch;

        public void Start() => Interlocked.Exchange(ref _started, Stopwatch.GetTimestamp());

        public override DateTimeOffset GetUtcNow()
        {
            var started = Interlocked.Read(ref _started);
            return started == 0 ? epoch : epoch + Stopwatch.GetElapsedTime(started);
        }
    }

    /// <summary>A redis-server on a free loopback port with AOF (appendfsync everysec), as the platform runs it.</summary>
    internal sealed class LocalRedis : IDisposable
    {
        private readonly Process _process;
        private readonly string _dir;

        private LocalRedis(Process process, string dir, string endpoint)
        {
            _process = process;
            _dir = dir;
            Endpoint = endpoint;
        }

        public string Endpoint { get; }

        public static LocalRedis Start()
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var dir = Directory.CreateTempSubdirectory("rehab-bench-redis-").FullName;
            var process = Process.Start(new ProcessStartInfo("redis-server",
                $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly yes --appendfsync everysec --dir {dir}")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("redis-server did not start");
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            var endpoint = $"127.0.0.1:{port}";
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var probe = ConnectionMultiplexer.Connect(endpoint);
                    probe.GetDatabase().Ping();
                    break;
                }
                catch (RedisConnectionException) when (attempt < 50)
                {
                    Thread.Sleep(100);
                }
            }

            return new LocalRedis(process, dir, endpoint);
        }

        public void Dispose()
        {
            _process.Kill();
            _process.WaitForExit(5000);
            _process.Dispose();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }
    }
}
