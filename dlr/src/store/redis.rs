//! The shared store (feature `redis`).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::time::Duration;

use redis::{Client, Connection, Value};

use super::{
    CorrelationStore, OpResult, Settled, SettledPart, StoreError, StoreEvent, StoreOp, Swept,
    code_state, id_key, state_code,
};
use crate::correlate::{CorrelationConfig, CorrelationError};
use crate::id::{IdNormalizer, IdOrigin};

/// Operations per script call.
const CHUNK: usize = 256;

const SCRIPT: &str = r#"
-- KEYS[1]: the account's prefix. ARGV: now, message TTL, pending TTL (ms), max open
-- messages, max ids with early reports, then 5 arguments per operation.
--
-- A call reads every record and id its operations name in two HMGETs, decides in Lua, and
-- writes what changed at its end (one HSET for the records, one for the ids, one ZADD or
-- ZREM per sorted set): the script runs atomically, so no other client sees the
-- difference, and a message costs a few Lua steps instead of fifteen commands.
local P = KEYS[1]
local now = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local pttl2 = tostring(2 * tonumber(ARGV[3]))
-- An open message's deadline, and when a message settled now is forgotten.
local deadline = string.format('%d', now + ttl)
local early_deadline = string.format('%d', now + tonumber(ARGV[3]))
local max_messages = tonumber(ARGV[4])
local max_pending = tonumber(ARGV[5])
local M, I, DZ, EZ, SL = P .. ':m', P .. ':i', P .. ':dz', P .. ':ez', P .. ':sl'
local BEGUN, RECORDED = {'begun'}, {'recorded'}
local NUMS = {'1', '2', '3', '4'}

-- SMPP message_state: 0 SCHEDULED and 1 ENROUTE are the only states that are not final.
local function final(s) return s and s ~= '0' and s ~= '1' end

-- Records read or written in this call: key -> record, or false when there is none. A
-- record is the MessagePack array {n, d, i0.., k0.., s0..}: parts, settled ('0', '1',
-- 'e' expired), then per part its id, normalised id and state (false when none).
local recs, rec_dirty, rec_list = {}, {}, {}
-- Ids read or written in this call: nid -> the key of the message with a part of that
-- id, or false.
local ids, id_list = {}, {}
local zadd, zrem, sadd = {}, {}, {}
local open_count, early_count = nil, nil

-- Records read but not decoded yet: key -> the stored bytes.
local raw = {}

local function rec(key)
  local r = recs[key]
  if r == nil then
    local v = raw[key]
    if v == nil then v = redis.call('HGET', M, key) end
    r = v and cmsgpack.unpack(v) or false
    recs[key] = r
  end
  return r
end

-- Whether a message has a record, without decoding it.
local function exists(key)
  local r = recs[key]
  if r == nil then
    local v = raw[key]
    if v == nil then
      v = redis.call('HGET', M, key) or false
      raw[key] = v
    end
    return v
  end
  return r
end

-- The stored form of a new record of n parts, made once per call and size.
local fresh = {}

local function touch(key)
  if not rec_dirty[key] then
    rec_dirty[key] = true
    rec_list[#rec_list + 1] = key
  end
end

local function id_ref(nid)
  local v = ids[nid]
  if v == nil then
    v = redis.call('HGET', I, nid) or false
    ids[nid] = v
  end
  return v
end

-- Reads the records and ids the operations ARGV[first..] name, in two HMGETs.
local function prefetch(first)
  local mf, idf, seen_m, seen_i = {}, {}, {}, {}
  local function want_rec(key)
    if recs[key] == nil and raw[key] == nil and not seen_m[key] then
      seen_m[key] = true
      mf[#mf + 1] = key
    end
  end
  for i = first, #ARGV, 5 do
    local op = ARGV[i]
    if op == 'report' or op == 'submitted' then
      local nid = op == 'report' and ARGV[i + 1] or ARGV[i + 4]
      if ids[nid] == nil and not seen_i[nid] then
        seen_i[nid] = true
        idf[#idf + 1] = nid
      end
    end
    if op == 'begin' or op == 'submitted' or op == 'failed' then want_rec(ARGV[i + 1]) end
  end
  if #idf > 0 then
    local v = redis.call('HMGET', I, unpack(idf))
    for j = 1, #idf do
      local key = v[j] or false
      ids[idf[j]] = key
      if key then want_rec(key) end
    end
  end
  if #mf > 0 then
    local v = redis.call('HMGET', M, unpack(mf))
    for j = 1, #mf do raw[mf[j]] = v[j] or false end
  end
end

-- Writes what this call changed.
local function flush()
  if #zadd > 0 then redis.call('ZADD', DZ, unpack(zadd)) end
  if #zrem > 0 then redis.call('ZREM', DZ, unpack(zrem)) end
  if #sadd > 0 then redis.call('RPUSH', SL, unpack(sadd)) end
  if #id_list > 0 then
    local a = {}
    for _, nid in ipairs(id_list) do
      a[#a + 1] = nid
      a[#a + 1] = ids[nid]
    end
    redis.call('HSET', I, unpack(a))
  end
  local a = {}
  for _, key in ipairs(rec_list) do
    if rec_dirty[key] then
      local r, v = recs[key], nil
      if r then v = cmsgpack.pack(r) elseif r == nil then v = raw[key] end
      if v then
        a[#a + 1] = key
        a[#a + 1] = v
      end
    end
  end
  if #a > 0 then redis.call('HSET', M, unpack(a)) end
  zadd, zrem, sadd, id_list, rec_dirty, rec_list = {}, {}, {}, {}, {}, {}
end

-- The reply of a settled message (ids, states); it is forgotten a TTL from now.
local function settled_reply(key, r, kind)
  local n = r[1]
  local out = {kind, key, NUMS[n] or tostring(n)}
  for p = 3, 2 + n do out[#out + 1] = r[p] or '' end
  for p = 3 + 2 * n, 2 + 3 * n do out[#out + 1] = r[p] or '' end
  touch(key)
  zrem[#zrem + 1] = key
  sadd[#sadd + 1] = deadline
  sadd[#sadd + 1] = key
  if open_count then open_count = open_count - 1 end
  return out
end

-- A report's state (its message_state as text) for part `part` (`ps` as text) of
-- message `key`.
local function apply(key, r, part, ps, state)
  local n = r[1]
  local si = 3 + 2 * n
  if r[2] ~= '0' or final(r[si + part]) then return {'duplicate', key} end
  r[si + part] = state
  touch(key)
  local all = final(state)
  if all then
    for p = si, si + n - 1 do
      if not final(r[p]) then all = false break end
    end
  end
  if all then
    r[2] = '1'
    return settled_reply(key, r, 'completed')
  end
  return {'updated', key, ps or tostring(part), state}
end

local function run_op(op, a1, a2, a3, a4)
if op == 'begin' then
  local key = a1
  if exists(key) then return {'err', 'duplicate_message'} end
  if open_count == nil then
    -- Messages settled earlier in this call leave the count first.
    if #zrem > 0 then
      redis.call('ZREM', DZ, unpack(zrem))
      zrem = {}
    end
    open_count = redis.call('ZCARD', DZ)
  end
  if open_count >= max_messages then return {'err', 'full'} end
  open_count = open_count + 1
  -- Written as stored bytes; decoded if a later operation of this call needs it.
  local f = fresh[a2]
  if f == nil then
    local n = tonumber(a2)
    local r = {n, '0'}
    for j = 3, 2 + 3 * n do r[j] = false end
    f = cmsgpack.pack(r)
    fresh[a2] = f
  end
  raw[key] = f
  recs[key] = nil
  touch(key)
  zadd[#zadd + 1] = deadline
  zadd[#zadd + 1] = key
  return BEGUN
elseif op == 'submitted' or op == 'failed' then
  local key, part = a1, tonumber(a2)
  local r = rec(key)
  if not r or r[2] ~= '0' then return {'err', 'unknown_message'} end
  local n = r[1]
  if part >= n then return {'err', 'part_out_of_range', tostring(n)} end
  if r[3 + part] or r[3 + 2 * n + part] then return {'err', 'already_submitted'} end
  if op == 'failed' then return apply(key, r, part, a2, '8') end
  local raw, nid = a3, a4
  if id_ref(nid) then return {'err', 'duplicate_id'} end
  ids[nid] = key
  id_list[#id_list + 1] = nid
  r[3 + part], r[3 + n + part] = raw, nid
  touch(key)
  if early_count == nil then early_count = redis.call('ZCARD', EZ) end
  if early_count == 0 then return RECORDED end
  local ek = P .. ':e:' .. nid
  local early = redis.call('LRANGE', ek, 0, -1)
  if #early == 0 then return RECORDED end
  redis.call('DEL', ek)
  early_count = early_count - redis.call('ZREM', EZ, nid)
  -- Early reports apply in arrival order; a completion among them is what is answered.
  local out = nil
  for _, s in ipairs(early) do
    local o = apply(key, r, part, a2, s)
    if out == nil or out[1] ~= 'completed' then out = o end
  end
  return out
elseif op == 'report' then
  local nid, state, max = a1, a2, max_pending
  local key = id_ref(nid)
  if key then
    local r = rec(key)
    if not r then return {'duplicate', key} end
    -- The part with that id.
    local n = r[1]
    for p = 0, n - 1 do
      if r[3 + n + p] == nid then return apply(key, r, p, nil, state) end
    end
    return {'duplicate', key}
  end
  local evicted = '0'
  if early_count == nil then early_count = redis.call('ZCARD', EZ) end
  if redis.call('ZSCORE', EZ, nid) == false and early_count >= max then
    local oldest = redis.call('ZPOPMIN', EZ)
    if oldest[1] then
      redis.call('DEL', P .. ':e:' .. oldest[1])
      early_count = early_count - 1
    end
    evicted = '1'
  end
  local ek = P .. ':e:' .. nid
  redis.call('RPUSH', ek, state)
  redis.call('PEXPIRE', ek, pttl2)
  early_count = early_count + redis.call('ZADD', EZ, 'NX', early_deadline, nid)
  return {'buffered', evicted}
elseif op == 'expire' then
  -- {'swept', orphans, forgotten, then each expired message as settled_reply gives it}
  local out = {'swept', '0', '0'}
  local orphans = 0
  for _, nid in ipairs(redis.call('ZRANGEBYSCORE', EZ, '-inf', now, 'LIMIT', 0, 10000)) do
    orphans = orphans + redis.call('LLEN', P .. ':e:' .. nid)
    redis.call('DEL', P .. ':e:' .. nid)
    redis.call('ZREM', EZ, nid)
  end
  out[2] = tostring(orphans)
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', DZ, '-inf', now, 'LIMIT', 0, 10000)) do
    redis.call('ZREM', DZ, key)
    local r = rec(key)
    if r and r[2] == '0' then
      r[2] = 'e'
      local reply = settled_reply(key, r, 'expired')
      for i = 2, #reply do out[#out + 1] = reply[i] end
    end
  end
  -- A TTL after settling, a message and its ids are forgotten.
  -- `…:sl` holds (time, key) pairs in the order messages settled; nodes' clocks may
  -- disagree a little, so an entry may wait for one before it.
  local head = redis.call('LRANGE', SL, 0, 19999)
  local used = 0
  for j = 1, #head - 1, 2 do
    if tonumber(head[j]) > now then break end
    used = j + 1
    local key = head[j + 1]
    local r = rec(key)
    if r then
      local n = r[1]
      for p = 3 + n, 2 + 2 * n do
        if r[p] then
          redis.call('HDEL', I, r[p])
          ids[r[p]] = false
        end
      end
      redis.call('HDEL', M, key)
      recs[key], raw[key], rec_dirty[key] = false, false, nil
    end
  end
  if used > 0 then redis.call('LTRIM', SL, used, -1) end
  out[3] = tostring(used / 2)
  return out
elseif op == 'open' then
  return {'open', tostring(redis.call('ZCARD', DZ))}
end
return {'err', 'unknown_operation'}
end

prefetch(6)
local out = {}
for i = 6, #ARGV, 5 do
  out[#out + 1] = run_op(ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4])
end
flush()
return out
"#;

/// The shared store: correlation state in Redis, every step one Lua script run atomically
/// by the server, so nodes that send and nodes that receive meet in it.
///
/// An early receipt and its submit_sm_resp can reach two nodes at once, in either order:
/// `report` finds no id and buffers the state under the id, `submitted` records the id and
/// takes whatever was buffered, and since each is one script, Redis runs one wholly before
/// the other — they meet exactly once. (Kannel writes its Redis DLR entries in two
/// non-atomic steps and acknowledges an early receipt without keeping it; here neither
/// happens.)
///
/// Keys, all under `smsdlr:{ACCOUNT}` (the braces are a Redis Cluster hash tag, keeping
/// an account's keys on one node):
///
/// | key | type | holds |
/// |---|---|---|
/// | `…:cfg` | string | the key layout (`layout=2`) and the [`IdNormalizer::fingerprint`] every node must share |
/// | `…:m` | hash | per message KEY a MessagePack array: parts `n`, settled `d` (`0`, `1`, `e` expired), then per part its id, normalised id, state |
/// | `…:i` | hash | per normalised id NID, the KEY of the message with a part of that id |
/// | `…:e:NID` | list | states of early reports waiting for the id (the key expires 2× pending TTL after the last) |
/// | `…:dz` | sorted set | open messages by deadline (for `expire` and the count) |
/// | `…:ez` | sorted set | ids with early reports by deadline |
/// | `…:sl` | list | settled messages in the order they settled: when each is forgotten (a TTL after settling), its key |
///
/// `expire` gives up open messages at their deadline (each reported by exactly one node:
/// the script removes it from `…:dz` as it reports it) and forgets settled messages and
/// their ids a TTL after they settled, up to 10 000 of each per call: a gateway calls it
/// periodically, which keeps the store bounded.
///
/// A batch goes as script calls of up to 256 operations each (every operation atomic, a
/// call's operations together too), all pipelined: one round trip per batch, and the
/// per-call cost of scripting shared by many operations. A call reads every record and id
/// its operations name in two `HMGET`s, decides in Lua, and writes what changed once at its
/// end (an `HSET` of the records, one of the ids, a `ZADD`/`ZREM` per sorted set), so a
/// message costs a few Lua steps rather than a dozen commands.
pub struct RedisStore {
    conn: Connection,
    prefix: String,
    sha: String,
    ids: IdNormalizer,
    config: CorrelationConfig,
}

impl core::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .field("ids", &self.ids)
            .finish_non_exhaustive()
    }
}

fn backend(e: impl core::fmt::Display) -> StoreError {
    StoreError::Backend {
        backend: "redis",
        detail: alloc::format!("{e}"),
    }
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl RedisStore {
    /// Connects to `url` (`redis://HOST:PORT[/DB]`) for SMSC account `account`, loads the
    /// script, and checks the account's stored id normalisation: the first node writes it,
    /// every later one must match ([`StoreError::NormalizerMismatch`] otherwise).
    pub fn open(
        url: &str,
        account: &str,
        ids: IdNormalizer,
        config: CorrelationConfig,
    ) -> Result<Self, StoreError> {
        let client = Client::open(url)
            .map_err(|e| StoreError::InvalidLocation(alloc::format!("{url}: {e}")))?;
        let mut conn = client.get_connection().map_err(backend)?;
        let sha: String = redis::cmd("SCRIPT")
            .arg("LOAD")
            .arg(SCRIPT)
            .query(&mut conn)
            .map_err(backend)?;
        let prefix = alloc::format!("smsdlr:{{{account}}}");
        // A node of another key layout would misread the keys: refused like other ids.
        let ours = alloc::format!("layout=2 {}", ids.fingerprint());
        let cfg = alloc::format!("{prefix}:cfg");
        let _: Value = redis::cmd("SET")
            .arg(&cfg)
            .arg(&ours)
            .arg("NX")
            .query(&mut conn)
            .map_err(backend)?;
        let stored: String = redis::cmd("GET")
            .arg(&cfg)
            .query(&mut conn)
            .map_err(backend)?;
        if stored != ours {
            return Err(StoreError::NormalizerMismatch {
                account: account.into(),
                stored,
                ours,
            });
        }
        Ok(Self {
            conn,
            prefix,
            sha,
            ids,
            config,
        })
    }

    /// Starts a script call of up to [`CHUNK`] operations.
    fn invocation(&self, pipe: &mut redis::Pipeline, now: Duration) {
        pipe.cmd("EVALSHA")
            .arg(&self.sha)
            .arg(1)
            .arg(&self.prefix)
            .arg(ms(now))
            .arg(ms(self.config.message_ttl).max(1))
            .arg(ms(self.config.pending_ttl).max(1))
            .arg(self.config.max_messages)
            .arg(self.config.max_pending_reports);
    }

    /// Runs the pipeline; the replies of every operation of every call, in order.
    fn run(&mut self, pipe: &redis::Pipeline) -> Result<Vec<Vec<String>>, StoreError> {
        let replies: Vec<Value> = match pipe.query(&mut self.conn) {
            Ok(v) => v,
            Err(e) if e.kind() == redis::ErrorKind::NoScriptError => {
                // The server restarted and lost its script cache: load and run again.
                // NOSCRIPT fails every call of the pipeline alike, so none of it ran.
                let _: String = redis::cmd("SCRIPT")
                    .arg("LOAD")
                    .arg(SCRIPT)
                    .query(&mut self.conn)
                    .map_err(backend)?;
                pipe.query(&mut self.conn).map_err(backend)?
            }
            Err(e) => return Err(backend(e)),
        };
        let mut out = Vec::new();
        for v in replies {
            out.extend(redis::from_redis_value::<Vec<Vec<String>>>(&v).map_err(backend)?);
        }
        Ok(out)
    }
}

fn parse_settled(v: &[String], expired: bool) -> Option<Settled> {
    let key = v.first()?.clone();
    let n: usize = v.get(1)?.parse().ok()?;
    let ids = v.get(2..2 + n)?;
    let states = v.get(2 + n..2 + 2 * n)?;
    let parts = ids
        .iter()
        .zip(states)
        .map(|(id, s)| SettledPart {
            message_id: (!id.is_empty()).then(|| id.clone()),
            state: s.parse::<i64>().ok().map(code_state),
        })
        .collect();
    Some(Settled {
        message: key,
        parts,
        expired,
    })
}

fn parse_reply(v: &[String], parts: u16) -> Result<OpResult, StoreError> {
    let bad = || backend(alloc::format!("unexpected script reply {v:?}"));
    let word = v.first().ok_or_else(bad)?.as_str();
    let arg = |i: usize| v.get(i).cloned().ok_or_else(bad);
    Ok(Ok(match word {
        "begun" => StoreEvent::Begun,
        "recorded" => StoreEvent::Recorded,
        "updated" => StoreEvent::Updated {
            message: arg(1)?,
            part: arg(2)?.parse().map_err(|_| bad())?,
            state: code_state(arg(3)?.parse().map_err(|_| bad())?),
        },
        "completed" => StoreEvent::Completed(parse_settled(&v[1..], false).ok_or_else(bad)?),
        "buffered" => StoreEvent::Buffered {
            evicted: arg(1)? == "1",
        },
        "duplicate" => StoreEvent::Duplicate { message: arg(1)? },
        "err" => {
            return Ok(Err(match arg(1)?.as_str() {
                "duplicate_message" => CorrelationError::DuplicateMessage(String::new()),
                "full" => CorrelationError::Full(0),
                "unknown_message" => CorrelationError::UnknownHandle,
                "part_out_of_range" => CorrelationError::PartOutOfRange {
                    part: parts,
                    parts: arg(2)?.parse().unwrap_or(0),
                },
                "already_submitted" => CorrelationError::AlreadySubmitted(parts),
                "duplicate_id" => CorrelationError::DuplicateId(String::new()),
                _ => return Err(bad()),
            }));
        }
        _ => return Err(bad()),
    }))
}

impl CorrelationStore for RedisStore {
    fn kind(&self) -> &'static str {
        "redis"
    }

    fn apply(
        &mut self,
        now: Duration,
        ops: &[StoreOp<'_>],
        out: &mut Vec<OpResult>,
    ) -> Result<(), StoreError> {
        let mut pipe = redis::pipe();
        // Checks done here, not in the script, answer without a round trip; `early` holds
        // them, `None` where the reply comes from the script.
        let mut early: Vec<Option<OpResult>> = Vec::with_capacity(ops.len());
        let mut part_of = Vec::with_capacity(ops.len());
        let mut in_call = CHUNK;
        for op in ops {
            if let StoreOp::Begin { parts, .. } = *op
                && (parts == 0 || parts > self.config.max_parts)
            {
                early.push(Some(Err(CorrelationError::InvalidParts {
                    parts,
                    max: self.config.max_parts,
                })));
                part_of.push(0);
                continue;
            }
            if in_call == CHUNK {
                self.invocation(&mut pipe, now);
                in_call = 0;
            }
            in_call += 1;
            // Five arguments per operation: its name and four operands.
            let part = match *op {
                StoreOp::Begin { message, parts } => {
                    pipe.arg("begin").arg(message).arg(parts).arg("").arg("");
                    0
                }
                StoreOp::Submitted {
                    message,
                    part,
                    message_id,
                } => {
                    let nid = id_key(&self.ids.normalize(message_id, IdOrigin::SubmitResp));
                    pipe.arg("submitted")
                        .arg(message)
                        .arg(part)
                        .arg(message_id)
                        .arg(nid);
                    part
                }
                StoreOp::SubmitFailed { message, part } => {
                    pipe.arg("failed").arg(message).arg(part).arg("").arg("");
                    part
                }
                StoreOp::Report {
                    message_id,
                    origin,
                    state,
                } => {
                    let nid = id_key(&self.ids.normalize(message_id, origin));
                    pipe.arg("report")
                        .arg(nid)
                        .arg(state_code(state))
                        .arg("")
                        .arg("");
                    0
                }
            };
            part_of.push(part);
            early.push(None);
        }
        let replies = if pipe.cmd_iter().next().is_some() {
            self.run(&pipe)?
        } else {
            Vec::new()
        };
        let mut replies = replies.into_iter();
        for ((op, slot), part) in ops.iter().zip(early).zip(part_of) {
            let result = match slot {
                Some(r) => r,
                None => {
                    let reply = replies
                        .next()
                        .ok_or_else(|| backend("fewer replies than operations"))?;
                    match parse_reply(&reply, part)? {
                        Err(e) => Err(name_error(e, op, self.config)),
                        ok => ok,
                    }
                }
            };
            out.push(result);
        }
        Ok(())
    }

    fn expire(&mut self, now: Duration) -> Result<Swept, StoreError> {
        let mut swept = Swept::default();
        loop {
            let mut pipe = redis::pipe();
            self.invocation(&mut pipe, now);
            pipe.arg("expire").arg("").arg("").arg("").arg("");
            let reply = self.run(&pipe)?.pop().unwrap_or_default();
            let orphans: u64 = reply.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
            swept.orphan_reports += orphans;
            let forgotten: u64 = reply.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
            let mut rest = reply.get(3..).unwrap_or_default();
            let mut n = 0;
            while let Some(s) = parse_settled(rest, true) {
                let used = 2 + 2 * s.parts.len();
                swept.expired.push(s);
                rest = &rest[used.min(rest.len())..];
                n += 1;
            }
            // The script takes 10 000 of each at a time; go on until a round finds fewer.
            if n < 10_000 && orphans < 10_000 && forgotten < 10_000 {
                return Ok(swept);
            }
        }
    }

    fn open_messages(&mut self) -> Result<u64, StoreError> {
        let mut pipe = redis::pipe();
        self.invocation(&mut pipe, Duration::ZERO);
        pipe.arg("open").arg("").arg("").arg("").arg("");
        let reply = self.run(&pipe)?.pop().unwrap_or_default();
        reply
            .get(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| backend("bad reply to open"))
    }
}

/// Fills in the details the script does not repeat.
fn name_error(
    e: CorrelationError,
    op: &StoreOp<'_>,
    config: CorrelationConfig,
) -> CorrelationError {
    match (e, op) {
        (CorrelationError::DuplicateMessage(_), StoreOp::Begin { message, .. }) => {
            CorrelationError::DuplicateMessage(message.to_string())
        }
        (CorrelationError::Full(_), _) => CorrelationError::Full(config.max_messages),
        (CorrelationError::DuplicateId(_), StoreOp::Submitted { message_id, .. }) => {
            CorrelationError::DuplicateId(message_id.to_string())
        }
        (e, _) => e,
    }
}
