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
/// folded rows, rebuilt from Redis at start (cold) and then followed from the log's append feed, so every replica folds every
/// event, whichever replica's consumer stored it. A read first catches up to the feed's end (one catch-up serves all readers
/// waiting), so a report includes every event stored before it was asked for, on any replica; a background loop keeps the rows
/// warm between reads. A replica that fell further behind than the feed holds rebuilds from the log.
/// </summary>
public sealed class ReportInputStore(KeyedAppendLog log, ILogger<ReportInputStore> logger) : BackgroundService
{
    public const string Context = "reporting";

    /// <summary>How often the rows follow the feed between reads.</summary>
    public static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(300);

    private const int FollowPage = 2000;

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ReportInput> _rows = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private FeedPosition[] _positions = [];
    private long _requested;
    private long _served;

    /// <summary>Completes once the log is rebuilt from Redis; reads wait for it.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The events folded into the rows held now.</summary>
    public int EventCount { get; private set; }

    /// <summary>How long the last rebuild from Redis took.</summary>
    public TimeSpan RebuildTime { get; private set; }

    /// <summary>Stores the event; false when it was already held. Its rows reach this and every replica through the feed.</summary>
    public async Task<bool> AppendAsync(ContractEvent e) => (await log.AppendAsync(Context, [(e.Id, Encode(e))]))[0];

    /// <summary>Every row of the events stored before this call (a copy: reports compute without holding up new events).</summary>
    public async Task<ReportInput[]> RowsAsync(CancellationToken ct)
    {
        await Ready.WaitAsync(ct);
        await CatchUpAsync(ct);
        lock (_gate) return [.. _rows];
    }

    /// <summary>Folds what the feed holds beyond the rows; a caller that arrives while a catch-up runs waits for the next one,
    /// which starts after its call and is shared by every caller waiting with it.</summary>
    private async Task CatchUpAsync(CancellationToken ct)
    {
        var ticket = Interlocked.Increment(ref _requested);
        await _catchUp.WaitAsync(ct);
        try
        {
            if (Volatile.Read(ref _served) >= ticket) return;
            var serving = Volatile.Read(ref _requested);
            await FollowAsync(ct);
            Volatile.Write(ref _served, serving);
        }
        finally
        {
            _catchUp.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!_ready.Task.IsCompleted)
        {
            try
            {
                await RebuildAsync(stoppingToken);
                await FollowAsync(stoppingToken);
                _ready.TrySetResult();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Rebuilding the report inputs from Redis failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(FollowInterval, stoppingToken);
            try
            {
                await CatchUpAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Following the report inputs' append feed failed; retrying");
            }
        }
    }

    private async Task FollowAsync(CancellationToken ct)
    {
        while (true)
        {
            var gaps = await Task.WhenAll(Enumerable.Range(0, KeyLayout.ShardCount).Select(shard => FollowShardAsync(shard, ct)));
            if (!gaps.Any(gap => gap)) return;
            logger.LogWarning("The report inputs fell behind the append feed (trimmed past their position); rebuilding from Redis");
            await RebuildAsync(ct);
        }
    }

    /// <summary>Folds the shard's appends after its position; true when some were trimmed from the feed unread (a gap).</summary>
    private async Task<bool> FollowShardAsync(int shard, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var page = await log.ReadAppendedAsync(Context, shard, _positions[shard], FollowPage);
            if (page.Gap) return true;
            var rows = new List<ReportInput>();
            foreach (var (id, payload) in page.Entries) rows.AddRange(ReportingFold.Fold(Decode(id, payload)));
            lock (_gate)
            {
                _rows.AddRange(rows);
                EventCount += page.Entries.Count;
                _positions[shard] = page.Position;
            }
            if (page.Entries.Count < FollowPage) return false;
        }
    }

    /// <summary>Every stored event up to each shard's current feed position; <see cref="FollowAsync"/> goes on from there.</summary>
    private async Task RebuildAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var positions = await log.PositionsAsync(Context);
            try
            {
                var shards = await Task.WhenAll(Enumerable.Range(0, KeyLayout.ShardCount).Select(shard => Task.Run(async () =>
                {
                    var (rows, events) = (new List<ReportInput>(), 0);
                    await foreach (var (id, payload) in log.ReadShardAsync(Context, shard, positions[shard], ct))
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
                    _positions = positions;
                }
                break;
            }
            catch (AppendFeedGapException gap)
            {
                logger.LogWarning("{Gap} while rebuilding the report inputs; starting over", gap.Message);
            }
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
