using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Google.Protobuf;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts;
using Rehab.Reporting.Domain;
using Rehab.Reporting.Inputs;
using ContractEvent = Rehab.Reporting.Inputs.ContractEvent;

namespace Rehab.Reporting;

/// <summary>
/// The reports' input log. Durable: every contract event whose fold gives rows is kept in a <see cref="KeyedAppendLog"/> (context
/// <c>reporting</c>, named by its CloudEvent id, so a redelivery or a duplicate is stored once and counted once), as the contract
/// message itself (type, recorded time, protobuf bytes) — a changed fold applies to old events on the next start. In memory: the
/// folded rows, rebuilt from Redis at start (cold) and appended as events arrive (warm). One replica holds the log.
/// </summary>
public sealed class ReportInputStore(KeyedAppendLog log, ILogger<ReportInputStore> logger) : BackgroundService
{
    public const string Context = "reporting";

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ReportInput> _rows = [];
    private readonly Lock _gate = new();

    /// <summary>Completes once the log is rebuilt from Redis; reads and new events wait for it.</summary>
    public Task Ready => _ready.Task;

    public int EventCount { get; private set; }

    /// <summary>How long the last rebuild from Redis took.</summary>
    public TimeSpan RebuildTime { get; private set; }

    public async Task AppendAsync(ContractEvent e, IReadOnlyList<ReportInput> rows, CancellationToken ct)
    {
        await Ready.WaitAsync(ct);
        var added = await log.AppendAsync(Context, [(e.Id, Encode(e))]);
        if (!added[0]) return;
        lock (_gate)
        {
            _rows.AddRange(rows);
            EventCount++;
        }
    }

    /// <summary>Every row held now (a copy: reports compute without holding up new events).</summary>
    public async Task<ReportInput[]> RowsAsync(CancellationToken ct)
    {
        await Ready.WaitAsync(ct);
        lock (_gate) return [.. _rows];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RebuildAsync(stoppingToken);
                _ready.TrySetResult();
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Rebuilding the report inputs from Redis failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task RebuildAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var shards = await Task.WhenAll(Enumerable.Range(0, KeyLayout.ShardCount).Select(shard => Task.Run(async () =>
        {
            var (rows, events) = (new List<ReportInput>(), 0);
            await foreach (var (id, payload) in log.ReadShardAsync(Context, shard, ct))
            {
                rows.AddRange(ReportingFold.Fold(Decode(id, payload)));
                events++;
            }
            return (rows, events);
        }, ct)));
        lock (_gate)
        {
            _rows.Clear();
            _rows.Capacity = shards.Sum(s => s.rows.Count);
            foreach (var (rows, _) in shards) _rows.AddRange(rows);
            EventCount = shards.Sum(s => s.events);
        }
        RebuildTime = watch.Elapsed;
        logger.LogInformation("Report inputs rebuilt from Redis: {Events} events, {Rows} rows in {Elapsed} ms", EventCount, _rows.Count, watch.ElapsedMilliseconds);
    }

    // [type length: 1 byte][type: UTF-8][recorded at: UTC ticks, 8 bytes little-endian][the message: protobuf]
    public static byte[] Encode(ContractEvent e)
    {
        var type = Encoding.UTF8.GetBytes(e.Type);
        var data = e.Data.ToByteArray();
        var bytes = new byte[1 + type.Length + 8 + data.Length];
        bytes[0] = checked((byte)type.Length);
        type.CopyTo(bytes, 1);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1 + type.Length), e.RecordedAt.UtcTicks);
        data.CopyTo(bytes, 1 + type.Length + 8);
        return bytes;
    }

    public static ContractEvent Decode(string id, byte[] bytes)
    {
        var type = Encoding.UTF8.GetString(bytes, 1, bytes[0]);
        var at = new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(1 + bytes[0])), TimeSpan.Zero);
        var descriptor = ContractCatalog.Events.Find(type) ?? throw new InvalidOperationException($"unknown event type {type}");
        var data = descriptor.Parser.ParseFrom(bytes.AsSpan(1 + bytes[0] + 8));
        return new ContractEvent(id, type, data, at);
    }
}
