namespace Rehab.BuildingBlocks.Persistence;

/// <summary>
/// The one atomic write of the platform: state + events (outbox/event log) + request-id record + uniqueness
/// claims and releases + list index, all keys in one hash slot.
/// </summary>
internal static class CommitScript
{
    // KEYS: 1 aggregate, 2 log, 3 index, 4 request key (or the aggregate key again when there is none),
    //       then nClaims uniqueness keys to claim, then nReleases keys to release.
    // ARGV: 1 expected version (0 = must not exist), 2 state, 3 aggregate id, 4 now (unix ms: index score, created/updated time), 5 has request (0/1),
    //       6 request ttl seconds, 7 nClaims, 8 nReleases, 9 nEvents, then per event: id, type, cloudevent json.
    // Returns {'ok', version} | {'dup', existing id} | {'conflict', current version} | {'unique', key, holder}.
    public const string Lua = """
        local hasRequest = ARGV[5] == '1'
        if hasRequest then
          local existing = redis.call('GET', KEYS[4])
          if existing then return {'dup', existing} end
        end
        local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
        local expected = tonumber(ARGV[1])
        if current ~= expected then return {'conflict', tostring(current)} end
        local nClaims = tonumber(ARGV[7])
        local nReleases = tonumber(ARGV[8])
        for i = 1, nClaims do
          local holder = redis.call('GET', KEYS[4 + i])
          if holder and holder ~= ARGV[3] then return {'unique', KEYS[4 + i], holder} end
        end
        local version = current + 1
        redis.call('HSET', KEYS[1], 'v', version, 's', ARGV[2], 'u', ARGV[4])
        if expected == 0 then redis.call('HSET', KEYS[1], 'c', ARGV[4]) end
        local nEvents = tonumber(ARGV[9])
        for i = 0, nEvents - 1 do
          local base = 10 + i * 3
          redis.call('XADD', KEYS[2], '*', 'id', ARGV[base], 'type', ARGV[base + 1], 'ce', ARGV[base + 2])
        end
        if expected == 0 then redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3]) end
        for i = 1, nClaims do redis.call('SET', KEYS[4 + i], ARGV[3]) end
        for i = 1, nReleases do
          local key = KEYS[4 + nClaims + i]
          if redis.call('GET', key) == ARGV[3] then redis.call('DEL', key) end
        end
        if hasRequest then redis.call('SET', KEYS[4], ARGV[3], 'EX', ARGV[6]) end
        return {'ok', tostring(version)}
        """;
}
