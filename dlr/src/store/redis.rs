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
local P = KEYS[1]
local now = tonumber(ARGV[1])
local ttl = ARGV[2]
local pttl2 = tostring(2 * tonumber(ARGV[3]))
local ttl2 = tostring(2 * tonumber(ttl))
local deadline = string.format('%d', now + tonumber(ttl))
local early_deadline = string.format('%d', now + tonumber(ARGV[3]))
local max_messages = tonumber(ARGV[4])
local max_pending = tonumber(ARGV[5])
local open_count = nil

-- SMPP message_state: 0 SCHEDULED and 1 ENROUTE are the only states that are not final.
local function final(s) return s ~= nil and s ~= 0 and s ~= 1 end

-- The reply of a settled message (ids, states), its keys set to expire a TTL from now.
local function settled_reply(mk, key, n, kind)
  local f = {}
  for i = 0, n - 1 do f[#f + 1] = 'i' .. i end
  for i = 0, n - 1 do f[#f + 1] = 's' .. i end
  for i = 0, n - 1 do f[#f + 1] = 'k' .. i end
  local v = redis.call('HMGET', mk, unpack(f))
  local out = {kind, key, tostring(n)}
  for i = 1, 2 * n do out[#out + 1] = v[i] or '' end
  for i = 2 * n + 1, 3 * n do
    if v[i] then redis.call('PEXPIRE', P .. ':i:' .. v[i], ttl) end
  end
  redis.call('PEXPIRE', mk, ttl)
  redis.call('ZREM', P .. ':dz', key)
  return out
end

-- A report's state (its message_state as text) for part `part` of message `key`.
local function apply(key, part, state)
  local mk = P .. ':m:' .. key
  local h = redis.call('HMGET', mk, 'n', 'd', 's' .. part)
  if not h[1] or h[2] ~= '0' then return {'duplicate', key} end
  if final(tonumber(h[3])) then return {'duplicate', key} end
  local n = tonumber(h[1])
  local all = final(tonumber(state))
  if all and n > 1 then
    local f = {}
    for i = 0, n - 1 do if i ~= part then f[#f + 1] = 's' .. i end end
    for _, s in ipairs(redis.call('HMGET', mk, unpack(f))) do
      if not final(tonumber(s)) then all = false break end
    end
  end
  if all then
    redis.call('HSET', mk, 's' .. part, state, 'd', '1')
    return settled_reply(mk, key, n, 'completed')
  end
  redis.call('HSET', mk, 's' .. part, state)
  return {'updated', key, tostring(part), state}
end

local function run_op(op, a1, a2, a3, a4)
if op == 'begin' then
  local key = a1
  local mk = P .. ':m:' .. key
  if redis.call('EXISTS', mk) == 1 then return {'err', 'duplicate_message'} end
  if open_count == nil then open_count = redis.call('ZCARD', P .. ':dz') end
  if open_count >= max_messages then return {'err', 'full'} end
  open_count = open_count + 1
  redis.call('HSET', mk, 'n', a2, 'd', '0')
  redis.call('PEXPIRE', mk, ttl2)
  redis.call('ZADD', P .. ':dz', deadline, key)
  return {'begun'}
elseif op == 'submitted' or op == 'failed' then
  local key, part = a1, tonumber(a2)
  local mk = P .. ':m:' .. key
  local h = redis.call('HMGET', mk, 'n', 'd', 'i' .. part, 's' .. part)
  if not h[1] or h[2] ~= '0' then return {'err', 'unknown_message'} end
  if part >= tonumber(h[1]) then return {'err', 'part_out_of_range', h[1]} end
  if h[3] or h[4] then return {'err', 'already_submitted'} end
  if op == 'failed' then return apply(key, part, '8') end
  local raw, nid = a3, a4
  local ik = P .. ':i:' .. nid
  if not redis.call('SET', ik, key .. '\n' .. part, 'NX', 'PX', ttl2) then
    return {'err', 'duplicate_id'}
  end
  redis.call('HSET', mk, 'i' .. part, raw, 'k' .. part, nid)
  local ek = P .. ':e:' .. nid
  local early = redis.call('LRANGE', ek, 0, -1)
  if #early == 0 then return {'recorded'} end
  redis.call('DEL', ek)
  redis.call('ZREM', P .. ':ez', nid)
  -- Early reports apply in arrival order; a completion among them is what is answered.
  local out = nil
  for _, s in ipairs(early) do
    local r = apply(key, part, s)
    if out == nil or out[1] ~= 'completed' then out = r end
  end
  return out
elseif op == 'report' then
  local nid, state, max = a1, a2, max_pending
  local ref = redis.call('GET', P .. ':i:' .. nid)
  if ref then
    local sep = string.find(ref, '\n', 1, true)
    return apply(string.sub(ref, 1, sep - 1), tonumber(string.sub(ref, sep + 1)), state)
  end
  local evicted = '0'
  local ez = P .. ':ez'
  if redis.call('ZSCORE', ez, nid) == false and redis.call('ZCARD', ez) >= max then
    local oldest = redis.call('ZPOPMIN', ez)
    if oldest[1] then redis.call('DEL', P .. ':e:' .. oldest[1]) end
    evicted = '1'
  end
  local ek = P .. ':e:' .. nid
  redis.call('RPUSH', ek, state)
  redis.call('PEXPIRE', ek, pttl2)
  redis.call('ZADD', ez, 'NX', early_deadline, nid)
  return {'buffered', evicted}
elseif op == 'expire' then
  local out = {'swept', '0'}
  local orphans = 0
  local ez = P .. ':ez'
  for _, nid in ipairs(redis.call('ZRANGEBYSCORE', ez, '-inf', now, 'LIMIT', 0, 10000)) do
    orphans = orphans + redis.call('LLEN', P .. ':e:' .. nid)
    redis.call('DEL', P .. ':e:' .. nid)
    redis.call('ZREM', ez, nid)
  end
  out[2] = tostring(orphans)
  local dz = P .. ':dz'
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', dz, '-inf', now, 'LIMIT', 0, 10000)) do
    local mk = P .. ':m:' .. key
    redis.call('ZREM', dz, key)
    local h = redis.call('HMGET', mk, 'd', 'n')
    if h[1] == '0' then
      redis.call('HSET', mk, 'd', 'e')
      local r = settled_reply(mk, key, tonumber(h[2]), 'expired')
      for i = 2, #r do out[#out + 1] = r[i] end
    end
  end
  return out
elseif op == 'open' then
  return {'open', tostring(redis.call('ZCARD', P .. ':dz'))}
end
return {'err', 'unknown_operation'}
end

local out = {}
for i = 6, #ARGV, 5 do
  out[#out + 1] = run_op(ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4])
end
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
/// | key | type | holds | expires |
/// |---|---|---|---|
/// | `…:cfg` | string | the [`IdNormalizer::fingerprint`] every node must share | never |
/// | `…:m:KEY` | hash | `n` parts, `d` settled (0, 1, `e` expired), `iN`/`kN`/`sN` id, normalised id, state of part N | 2×TTL open, TTL after settling |
/// | `…:i:NID` | string | `KEY\nPART` of the part with that id | as its message |
/// | `…:e:NID` | list | states of early reports waiting for the id | 2× pending TTL |
/// | `…:dz` | sorted set | open messages by deadline (for `expire` and the count) | — |
/// | `…:ez` | sorted set | ids with early reports by deadline | — |
///
/// Key TTLs bound the growth even when no node calls `expire`; `expire` gives up open
/// messages at their deadline (each reported by exactly one node: the script removes it
/// from `…:dz` as it reports it).
///
/// A batch goes as script calls of up to 256 operations each (every operation atomic, a
/// call's operations together too), all pipelined: one round trip per batch, and the
/// per-call cost of scripting shared by many operations.
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
        let ours = ids.fingerprint();
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
            // Five arguments per operation: its name and four operands.
            let (args, part): ([String; 5], u16) = match *op {
                StoreOp::Begin { message, parts } => {
                    if parts == 0 || parts > self.config.max_parts {
                        early.push(Some(Err(CorrelationError::InvalidParts {
                            parts,
                            max: self.config.max_parts,
                        })));
                        part_of.push(0);
                        continue;
                    }
                    let args = [
                        "begin".into(),
                        message.into(),
                        parts.to_string(),
                        String::new(),
                        String::new(),
                    ];
                    (args, 0)
                }
                StoreOp::Submitted {
                    message,
                    part,
                    message_id,
                } => {
                    let nid = id_key(&self.ids.normalize(message_id, IdOrigin::SubmitResp));
                    let args = [
                        "submitted".into(),
                        message.into(),
                        part.to_string(),
                        message_id.into(),
                        nid,
                    ];
                    (args, part)
                }
                StoreOp::SubmitFailed { message, part } => {
                    let args = [
                        "failed".into(),
                        message.into(),
                        part.to_string(),
                        String::new(),
                        String::new(),
                    ];
                    (args, part)
                }
                StoreOp::Report {
                    message_id,
                    origin,
                    state,
                } => {
                    let nid = id_key(&self.ids.normalize(message_id, origin));
                    let args = [
                        "report".into(),
                        nid,
                        state_code(state).to_string(),
                        String::new(),
                        String::new(),
                    ];
                    (args, 0)
                }
            };
            if in_call == CHUNK {
                self.invocation(&mut pipe, now);
                in_call = 0;
            }
            in_call += 1;
            for a in args {
                pipe.arg(a);
            }
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
            let mut rest = reply.get(2..).unwrap_or_default();
            let mut n = 0;
            while let Some(s) = parse_settled(rest, true) {
                let used = 2 + 2 * s.parts.len();
                swept.expired.push(s);
                rest = &rest[used.min(rest.len())..];
                n += 1;
            }
            // The script takes 10 000 at a time; go on until a round finds fewer.
            if n < 10_000 && orphans < 10_000 {
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
