using Google.Protobuf;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.ReferenceData.V1;

namespace Rehab.Tracking;

/// <summary>
/// Which region each office belongs to, as reference data records it (<c>OfficeRecorded</c>): the region breakdown of lead times.
/// Every <c>OfficeRecorded</c> is kept once in a <see cref="KeyedAppendLog"/> (context <c>tracking-offices</c>, named by its
/// CloudEvent id) and the map is read from Redis on each use — a few hundred small entries — so every replica sees every office,
/// whichever replica's consumer received the event. An office counts in the region of its latest revision in effect today.
/// </summary>
public sealed class OfficeRegions(KeyedAppendLog log, TimeProvider time)
{
    public const string Context = "tracking-offices";

    public async Task RecordAsync(string eventId, OfficeRecorded recorded) =>
        await log.AppendAsync(Context, [(eventId, recorded.ToByteArray())]);

    /// <summary>Office id → region id, for the offices reference data has recorded (an office not recorded has no region).</summary>
    public async Task<IReadOnlyDictionary<string, string>> CurrentAsync(CancellationToken ct)
    {
        var today = CivilTime.Today(time);
        var revisions = new List<OfficeRecorded>();
        var shards = await Task.WhenAll(Enumerable.Range(0, KeyLayout.ShardCount).Select(async shard =>
        {
            var entries = new List<OfficeRecorded>();
            await foreach (var (_, payload) in log.ReadShardAsync(Context, shard, ct)) entries.Add(OfficeRecorded.Parser.ParseFrom(payload));
            return entries;
        }));
        foreach (var shard in shards) revisions.AddRange(shard);
        return revisions
            .Where(r => r.Office is not null && EffectiveDate(r) <= today)
            .GroupBy(r => r.Office.OfficeId, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.OrderBy(EffectiveDate).ThenBy(r => r.Office.UpdateTime?.ToDateTimeOffset() ?? DateTimeOffset.MinValue).Last().Office.RegionId,
                StringComparer.Ordinal);
    }

    private static DateOnly EffectiveDate(OfficeRecorded r) => r.EffectiveDate.ToOptionalDateOnly("effective_date") ?? DateOnly.MinValue;
}

/// <summary>Reference data's <c>OfficeRecorded</c> → <see cref="OfficeRegions"/>.</summary>
public sealed class OfficeRecordedHandler(OfficeRegions regions) : IEventHandler
{
    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        var recorded = e.Unpack<OfficeRecorded>();
        if (recorded.Office is null || recorded.Office.OfficeId.Length == 0) return HandlerOutcome.Drop;
        await regions.RecordAsync(e.Id, recorded);
        return HandlerOutcome.Success;
    }
}
