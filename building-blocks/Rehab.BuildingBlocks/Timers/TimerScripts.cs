namespace Rehab.BuildingBlocks.Timers;

/// <summary>
/// The timer set's Lua scripts. Every script touches the keys of one shard only (one hash slot, Cluster-safe):
/// KEYS[1] = due ZSET, KEYS[2] = records HASH, KEYS[3] = fired ZSET, and for firing KEYS[4] = the shard's event log,
/// for following the log and restoring KEYS[4] = the follower's applied position (a log entry id).
/// A record is JSON: <c>s</c> state ('p' pending | 'f' fired), <c>d</c> due (unix ms, string), <c>p</c> payload,
/// <c>v</c> version, <c>t</c> the token of the claim that holds it (pending only), <c>f</c> fire time (unix ms, string).
/// </summary>
internal static class TimerScripts
{
    // The rules of a schedule, a cancel and a logged firing, shared by the commands and the log follower.
    // KEYS[1..3] as above.
    private const string Rules = """
        local function schedule(name, due, payload)
          local raw = redis.call('HGET', KEYS[2], name)
          local version = 1
          local previous = nil
          if raw then
            local t = cjson.decode(raw)
            if t.s == 'p' and t.d == due and t.p == payload then return {'unchanged', t.v} end
            if t.s == 'f' and t.d == due then return {'fired', t.v} end
            version = t.v + 1
            previous = t.s
          end
          redis.call('HSET', KEYS[2], name, cjson.encode({s = 'p', d = due, p = payload, v = version}))
          redis.call('ZADD', KEYS[1], due, name)
          redis.call('ZREM', KEYS[3], name)
          if previous == 'p' then return {'rescheduled', version} end
          return {'scheduled', version}
        end
        local function cancel(name)
          local raw = redis.call('HGET', KEYS[2], name)
          if not raw then return 'unknown' end
          if cjson.decode(raw).s == 'f' then return 'fired' end
          redis.call('HDEL', KEYS[2], name)
          redis.call('ZREM', KEYS[1], name)
          return 'cancelled'
        end
        -- A firing found in the log (the fire script already applied it, unless the set was lost): mark the timer fired
        -- at that due time, unless a later schedule replaced it.
        local function fired(name, due, at)
          local raw = redis.call('HGET', KEYS[2], name)
          local t = raw and cjson.decode(raw)
          if t and t.d == due and t.s == 'f' then return 'fired' end
          if t and t.s == 'p' and t.d ~= due then return 'superseded' end
          local r = {s = 'f', d = due, p = (t and t.p) or '', v = (t and t.v) or 1, f = at}
          redis.call('HSET', KEYS[2], name, cjson.encode(r))
          redis.call('ZREM', KEYS[1], name)
          redis.call('ZADD', KEYS[3], at, name)
          return 'ok'
        end

        """;

    // ARGV: 1 name, 2 due ms, 3 payload. Returns {outcome, version}.
    public const string Schedule = Rules + "return schedule(ARGV[1], ARGV[2], ARGV[3])";

    // ARGV: 1 name. Returns the outcome.
    public const string Cancel = Rules + "return cancel(ARGV[1])";

    // The log follower: applies the timer changes of a batch of log entries and advances the shard's applied position
    // (KEYS[4], a log entry id) in the same step, so an entry is applied once however often it is read, by however many
    // followers. ARGV: 1 the batch's last entry id, then per change: entry id, op ('s'|'c'|'f'), name, due ms, payload,
    // event time ms. Returns the number of changes applied.
    public const string Follow = Rules + """
        local function parse(id)
          local ms, seq = string.match(id, '^(%d+)-(%d+)$')
          return tonumber(ms), tonumber(seq)
        end
        local function after(a, b)
          if not b then return true end
          local am, as = parse(a)
          local bm, bs = parse(b)
          return am > bm or (am == bm and as > bs)
        end
        local applied = redis.call('GET', KEYS[4])
        local n = 0
        for i = 2, #ARGV, 6 do
          if after(ARGV[i], applied) then
            local op = ARGV[i + 1]
            if op == 's' then schedule(ARGV[i + 2], ARGV[i + 3], ARGV[i + 4])
            elseif op == 'c' then cancel(ARGV[i + 2])
            else fired(ARGV[i + 2], ARGV[i + 3], ARGV[i + 5]) end
            n = n + 1
          end
        end
        if after(ARGV[1], applied) then redis.call('SET', KEYS[4], ARGV[1]) end
        return n
        """;

    // Takes due timers (score <= now; an expired lease counts as due again) and leases them to the caller: the token goes
    // into the record and the score becomes the lease expiry, so no other worker sees them until then. Also forgets up
    // to 100 fired records older than the retention.
    // ARGV: 1 now ms, 2 lease-until ms, 3 limit, 4 token, 5 forget fired before ms. Returns {{name, version, due, payload}...}.
    public const string Claim = """
        local names = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
        local out = {}
        for _, name in ipairs(names) do
          local raw = redis.call('HGET', KEYS[2], name)
          local t = raw and cjson.decode(raw)
          if t and t.s == 'p' then
            t.t = ARGV[4]
            redis.call('HSET', KEYS[2], name, cjson.encode(t))
            redis.call('ZADD', KEYS[1], ARGV[2], name)
            out[#out + 1] = {name, t.v, t.d, t.p}
          else
            redis.call('ZREM', KEYS[1], name)
          end
        end
        local old = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[5], 'LIMIT', 0, 100)
        for _, name in ipairs(old) do
          local raw = redis.call('HGET', KEYS[2], name)
          if raw and cjson.decode(raw).s == 'f' then redis.call('HDEL', KEYS[2], name) end
          redis.call('ZREM', KEYS[3], name)
        end
        return out
        """;

    // Fires claimed timers: for each one still held by this claim (same token and version), appends its event to the log
    // and marks it fired, atomically. A timer rescheduled, cancelled or re-claimed since is left alone.
    // ARGV: 1 now ms, 2 token, 3 n, then per timer: name, version, event id, event type, CloudEvent JSON.
    // Returns per timer 'ok' | 'gone' (cancelled) | 'fired' (by another claim) | 'superseded' (rescheduled or re-claimed).
    public const string Fire = """
        local out = {}
        local n = tonumber(ARGV[3])
        for i = 0, n - 1 do
          local b = 4 + i * 5
          local name = ARGV[b]
          local raw = redis.call('HGET', KEYS[2], name)
          local t = raw and cjson.decode(raw)
          if not t then
            out[i + 1] = 'gone'
          elseif t.s ~= 'p' then
            out[i + 1] = 'fired'
          elseif t.t ~= ARGV[2] or tostring(t.v) ~= ARGV[b + 1] then
            out[i + 1] = 'superseded'
          else
            redis.call('XADD', KEYS[4], '*', 'id', ARGV[b + 2], 'type', ARGV[b + 3], 'ce', ARGV[b + 4])
            t.s = 'f'
            t.t = nil
            t.f = ARGV[1]
            redis.call('HSET', KEYS[2], name, cjson.encode(t))
            redis.call('ZREM', KEYS[1], name)
            redis.call('ZADD', KEYS[3], ARGV[1], name)
            out[i + 1] = 'ok'
          end
        end
        return out
        """;

    // Replaces a shard's timer set with a rebuilt one, in chunks. KEYS[4] = the follower's applied position.
    // ARGV: 1 reset (1 = delete the set first), 2 the log position the rebuild covers ('' = none), then per
    // timer: name, record JSON, state ('p'|'f'), score (due ms for pending, fire time ms for fired).
    public const string Restore = """
        if ARGV[1] == '1' then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) end
        if ARGV[2] ~= '' then redis.call('SET', KEYS[4], ARGV[2]) end
        for i = 3, #ARGV, 4 do
          redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
          if ARGV[i + 2] == 'p' then
            redis.call('ZADD', KEYS[1], ARGV[i + 3], ARGV[i])
          else
            redis.call('ZADD', KEYS[3], ARGV[i + 3], ARGV[i])
          end
        end
        return 1
        """;
}
