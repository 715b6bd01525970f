//! The shared store (feature `redis`).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::time::Duration;
use std::collections::HashSet;

use redis::{Client, Connection, ConnectionLike, Value};

use super::{
    CorrelationStore, OpResult, Settled, SettledPart, StoreError, StoreEvent, StoreOp, Swept,
    code_state, id_key, state_code,
};
use crate::correlate::{CorrelationConfig, CorrelationError};
use crate::id::{IdNormalizer, IdOrigin};

/// Operations per script call: a call's reads and writes go as one `HMGET`/`HSET` per
/// hash, so bigger calls share that cost among more operations. Lua's `unpack` takes up to
/// 8 000 values (`LUAI_MAXCSTACK`) and the biggest a call unpacks is its `HSET` of dirty
/// records, two values per operation; a call of 2 048 holds the server a few milliseconds.
const CHUNK: usize = 2048;

/// The key layout this release reads and writes, first word of `…:cfg` (see the key table
/// of [`RedisStore`]). Layout 4 kept `PART:KEY` in `…:i`; 5 keeps the key alone.
const LAYOUT: &str = "layout=5";

const SCRIPT: &str = r#"
-- KEYS[1]: the account's prefix. ARGV: now, message TTL, pending TTL (ms), max open
-- messages, max ids with early reports; then the operations as runs of one kind, each a
-- letter, a count N and its operands column by column (N of the first, N of the next...):
--   b N KEY… PARTS | s N KEY… RECORD… NID… | f N KEY… PART… | r N NID… STATES
--   | x (expire) | o (open count)
-- PARTS is one string: each begin's part count in two bytes (big-endian). RECORD is the
-- record of a single-part message once this part is submitted: "0.|" and the part's
-- ENTRY (below). STATES is one string: the SMPP message_state of each report as one
-- digit. A run's columns are
-- what the script reads (one HMGET per column takes them straight from ARGV) and writes,
-- so nothing is sent twice and little is built here. No key or id comes twice in a run.
--
-- A message is one string in the hash …:m: its settled flag ('0' open, '1' completed,
-- 'e' expired), one character per part ('-' not submitted, '.' submitted, else the digit
-- of its last state), '|', then per submitted part the ENTRY "PART LEN(ID) LEN(NID) ID
-- NID". The hash …:i maps a normalised id to the KEY of its message (its part is the
-- entry with that NID). Each run reads what it names
-- first (an HMGET per column), writes its common operations in bulk (below, at the runs),
-- takes the others one by one with as few new strings as it can (a settled record goes
-- back whole: the caller reads it), and writes what those changed at its end (one HSET
-- per hash); the call ends with one RPUSH per bucket list. The script runs atomically,
-- so no other client sees the difference.
local P = KEYS[1]
local now = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local pttl = tonumber(ARGV[3])
local max_open = tonumber(ARGV[4])
local max_early = tonumber(ARGV[5])
local M, I, E, EZ, N = P .. ':m', P .. ':i', P .. ':e', P .. ':ez', P .. ':n'
local DZ, FZ = P .. ':dz', P .. ':fz'
-- Messages begun now are given up at `deadline` if still open; messages settled now are
-- forgotten then. Each call adds its keys to the bucket lists of that time.
local deadline = string.format('%d', now + ttl)
local find, sub, byte = string.find, string.sub, string.byte
-- Small numbers as text, formatted once (Lua's own conversion goes through sprintf).
local NUM = setmetatable({}, {__index = function(t, k)
  local v = string.format('%d', k)
  t[k] = v
  return v
end})

local recs, dirty, dirty_list, ndirty = {}, {}, {}, 0
local ids, id_new, nid_new = {}, {}, 0
local early = {}
local begun, settled, nbegun, nsettled = {}, {}, 0, 0
local open_now, open_delta, early_count = nil, 0, nil
local out, no = {}, 0

local function put(key, r)
  recs[key] = r
  if not dirty[key] then
    dirty[key] = true
    ndirty = ndirty + 1
    dirty_list[ndirty] = key
  end
end

-- HGET hash field through cache (false: no such field): each field is read once per call.
local function cached(cache, hash, field)
  local v = cache[field]
  if v == nil then
    v = redis.call('HGET', hash, field) or false
    cache[field] = v
  end
  return v
end

local function rec(key) return cached(recs, M, key) end

-- SMPP message_state: 0 SCHEDULED and 1 ENROUTE are not final, nor a part without one.
-- States arrive as digits: the final ones are '2'-'9' (bytes 50-57).
local function final(c) return byte(c) >= 50 end

-- Part count and the position of '|'.
local function shape(r)
  local bar = find(r, '|', 2, true)
  return bar - 2, bar
end

-- Appends a settled message: TAG KEY RECORD (the caller reads the record).
local function emit_settled(tag, key, r)
  out[no + 1], out[no + 2], out[no + 3] = tag, key, r
  no = no + 3
end

-- Settles record r (flag already set) of key: counted, listed to be forgotten.
local function settle(key, r)
  put(key, r)
  open_delta = open_delta - 1
  nsettled = nsettled + 1
  settled[nsettled] = key
end

-- Applies `state` to part `part` of the open or settled record r; returns the new record
-- and what happened: 'd' nothing (settled, or the part already final), 'u', 'c'.
local function apply(key, r, part, state)
  local at = part + 2
  -- byte() makes no string: 48 is '0', 50-57 the final digits '2'-'9'.
  local c = byte(r, at) or 0
  if byte(r, 1) ~= 48 or (c >= 50 and c <= 57) then return r, 'd' end
  -- Completed when the new state is final and so is every other part's: a record's
  -- part characters run from 2 to its '|', final ones are the digits 2-9.
  if final(state) and (byte(r, 3) == 124 or
      (find(sub(r, 2, at - 1), '^[2-9]*$') and find(r, '^[2-9]*|', at + 1))) then
    r = '1' .. sub(r, 2, at - 1) .. state .. sub(r, at + 1)
    settle(key, r)
    return r, 'c'
  end
  r = sub(r, 1, at - 1) .. state .. sub(r, at + 1)
  put(key, r)
  return r, 'u'
end

local function emit(kind, key, r, part, state)
  if kind == 'c' then
    emit_settled('c', key, r)
  elseif kind == 'u' then
    no = no + 1 out[no] = 'u'
    no = no + 1 out[no] = key
    no = no + 1 out[no] = NUM[part]
    no = no + 1 out[no] = state
  else
    no = no + 1 out[no] = 'd'
    no = no + 1 out[no] = key
  end
end

local function err(code, extra)
  no = no + 1 out[no] = 'x'
  no = no + 1 out[no] = code
  no = no + 1 out[no] = extra or ''
end

-- The part whose id is `nid` in record r, from its entries "PART LEN LEN ID NID".
local function part_of(r, nid)
  local _, bar = shape(r)
  local pos, len = bar + 1, #r
  while pos <= len do
    local _, e, p, lr, ln = find(r, '^(%d+) (%d+) (%d+) ', pos)
    if not e then return nil end
    lr, ln = tonumber(lr), tonumber(ln)
    if sub(r, e + lr + 1, e + lr + ln) == nid then return tonumber(p) end
    pos = e + lr + ln + 1
  end
  return nil
end
-- Writes the records and ids the operations of a run changed one by one, then forgets
-- what they read: the next run reads afresh.
local function flush_records()
  if ndirty > 0 then
    local a, na = {}, 0
    for j = 1, ndirty do
      local key = dirty_list[j]
      local r = recs[key]
      if r then
        a[na + 1], a[na + 2] = key, r
        na = na + 2
      end
    end
    if na > 0 then redis.call('HSET', M, unpack(a, 1, na)) end
  end
  if nid_new > 0 then redis.call('HSET', I, unpack(id_new, 1, nid_new)) end
  recs, dirty, dirty_list, ndirty = {}, {}, {}, 0
  ids, id_new, nid_new, early = {}, {}, 0, {}
end

local begun_fast = false
local function flush()
  flush_records()
  if nbegun > 0 then redis.call('RPUSH', P .. ':d:' .. deadline, unpack(begun, 1, nbegun)) end
  if nbegun > 0 or begun_fast then redis.call('ZADD', DZ, deadline, deadline) end
  if nsettled > 0 then
    redis.call('RPUSH', P .. ':f:' .. deadline, unpack(settled, 1, nsettled))
    redis.call('ZADD', FZ, deadline, deadline)
  end
  if open_delta ~= 0 then redis.call('INCRBY', N, string.format('%d', open_delta)) end
end

-- Gives up open messages past their deadline, early reports past the pending TTL, and
-- forgets messages a TTL after they settled: at most `budget` of each kind per call.
local function expire()
  local budget = 10000
  local more = false
  local orphans = 0
  local olds = redis.call('ZRANGEBYSCORE', EZ, '-inf', now, 'LIMIT', 0, budget)
  if #olds > 0 then
    local v = redis.call('HMGET', E, unpack(olds))
    for j = 1, #olds do if v[j] then orphans = orphans + #v[j] end end
    redis.call('HDEL', E, unpack(olds))
    redis.call('ZREM', EZ, unpack(olds))
    if #olds == budget then more = true end
  end
  out[1], out[2], out[3], out[4] = 'X', tostring(orphans), '0', '0'
  no = 4
  -- Every due bucket of begun messages is drained before any message is forgotten, so a
  -- key forgotten and begun again never meets an entry of its first life.
  local left = budget
  for _, b in ipairs(redis.call('ZRANGEBYSCORE', DZ, '-inf', now, 'LIMIT', 0, 1000)) do
    local L = P .. ':d:' .. b
    local keys = redis.call('LPOP', L, left) or {}
    if #keys > 0 then
      local v = redis.call('HMGET', M, unpack(keys))
      for j = 1, #keys do
        local r = v[j]
        if r and byte(r, 1) == 48 then
          r = 'e' .. sub(r, 2)
          settle(keys[j], r)
          emit_settled('e', keys[j], r)
        end
      end
    end
    left = left - #keys
    if left <= 0 then more = true break end
    redis.call('ZREM', DZ, b)
  end
  local forgotten = 0
  if not more then
    left = budget
    for _, b in ipairs(redis.call('ZRANGEBYSCORE', FZ, '-inf', now, 'LIMIT', 0, 1000)) do
      local L = P .. ':f:' .. b
      local keys = redis.call('LPOP', L, left) or {}
      if #keys > 0 then
        local v = redis.call('HMGET', M, unpack(keys))
        local nids = {}
        for j = 1, #keys do
          local r = v[j]
          if r then
            local _, bar = shape(r)
            local pos = bar + 1
            while pos <= #r do
              local _, e, _, lr, ln = find(r, '^(%d+) (%d+) (%d+) ', pos)
              lr, ln = tonumber(lr), tonumber(ln)
              nids[#nids + 1] = sub(r, e + lr + 1, e + lr + ln)
              pos = e + lr + ln + 1
            end
          end
        end
        redis.call('HDEL', M, unpack(keys))
        if #nids > 0 then redis.call('HDEL', I, unpack(nids)) end
        forgotten = forgotten + #keys
      end
      left = left - #keys
      if left <= 0 then more = true break end
      redis.call('ZREM', FZ, b)
    end
  end
  out[3] = tostring(forgotten)
  out[4] = more and '1' or '0'
end

-- A begin of `key` whose fresh record (see the header) the caller wrote: `f`.
local function begin(key, f)
  if rec(key) then
    err('duplicate_message')
    return
  end
  if open_now == nil then open_now = tonumber(redis.call('GET', N) or '0') end
  if open_now + open_delta >= max_open then
    err('full')
    return
  end
  put(key, f)
  open_delta = open_delta + 1
  nbegun = nbegun + 1
  begun[nbegun] = key
  no = no + 1 out[no] = 'b'
end

-- The message key whose part has the id `nid` (false: none).
local function key_of(nid) return cached(ids, I, nid) end

-- A submit_sm_resp (its record entry "PART LEN LEN ID NID" given, and its NID) or a
-- failed submit (part `ps`, no entry) of `key`.
local function submit(key, ps, entry, nid)
  local raw
  if entry then
    local _, e, p, lr = find(entry, '^(%d+) (%d+) %d+ ')
    ps, raw = p, sub(entry, e + 1, e + tonumber(lr))
  end
  local part = tonumber(ps)
  local r = rec(key)
  if not r or byte(r, 1) ~= 48 then
    err('unknown_message')
    return
  end
  -- The checks in the order of the in-memory table: the id first.
  if raw then
    if key_of(nid) then
      err('duplicate_id')
      return
    end
  end
  local n = shape(r)
  if part >= n then
    err('part_out_of_range', NUM[n])
    return
  elseif byte(r, part + 2) ~= 45 then -- '-'
    err('already_submitted')
    return
  elseif raw == nil then
    local r2, kind = apply(key, r, part, '8')
    emit(kind, key, r2, part, '8')
    return
  end
  ids[nid] = key
  id_new[nid_new + 1], id_new[nid_new + 2] = nid, key
  nid_new = nid_new + 2
  r = sub(r, 1, part + 1) .. '.' .. sub(r, part + 3) .. entry
  put(key, r)
  local states = early[nid]
  if states == nil then
    if early_count == nil then early_count = redis.call('ZCARD', EZ) end
    states = early_count > 0 and redis.call('HGET', E, nid) or false
  end
  if not states then
    no = no + 1 out[no] = 'r'
    return
  end
  redis.call('HDEL', E, nid)
  early_count = early_count - redis.call('ZREM', EZ, nid)
  early[nid] = false
  -- Early reports apply in arrival order; a completion among them is what is
  -- answered, else the last.
  local kind, last = nil, nil
  for j = 1, #states do
    local st = sub(states, j, j)
    local k
    r, k = apply(key, r, part, st)
    if kind ~= 'c' then kind, last = k, st end
  end
  emit(kind, key, r, part, last)
end

local function report(nid, state)
  local t = key_of(nid)
  if t then
    local key = t
    local r = rec(key)
    local part = r and part_of(r, nid)
    if not part then
      emit('d', key)
    else
      local r2, kind = apply(key, r, part, state)
      emit(kind, key, r2, part, state)
    end
    return
  end
  local evicted = '0'
  local cur = early[nid]
  if cur == nil then cur = redis.call('HGET', E, nid) or false end
  if not cur then
    if early_count == nil then early_count = redis.call('ZCARD', EZ) end
    if early_count >= max_early then
      local oldest = redis.call('ZPOPMIN', EZ)
      if oldest[1] then
        redis.call('HDEL', E, oldest[1])
        early[oldest[1]] = false
        early_count = early_count - 1
      end
      evicted = '1'
    end
    redis.call('ZADD', EZ, string.format('%d', now + pttl), nid)
    early_count = early_count + 1
    cur = ''
  end
  cur = cur .. state
  redis.call('HSET', E, nid, cur)
  early[nid] = cur
  no = no + 1 out[no] = 'B'
  no = no + 1 out[no] = evicted
end

-- Each run is first read in one HMGET per column and checked for the common case, which
-- it then writes in bulk: a begin of a new key; a submit_sm_resp of part 0 of a
-- single-part message not yet submitted, its id new and no early report waiting; a report
-- of an id of part 0 of an open single-part message whose part is not final. The caller
-- never puts a key or an id twice in a run, so those operations touch nothing any other
-- operation of the run touches, and run together as they would one by one. The others of
-- the run go one by one, in order, through the functions above (seeded with what was
-- read). A run answers '+' when all its operations were the common case (a report run
-- then with one array: KEY NEW-RECORD per report), else '*' and each operation's items.

local FRESH = '0-|'
-- A begun message's record by its part count: open, no part submitted.
local FRESH_OF = setmetatable({}, {__index = function(t, n)
  local v = '0' .. string.rep('-', n) .. '|'
  t[n] = v
  return v
end})
-- The one-digit strings, by byte.
local DIGIT = {}
for d = 48, 57 do DIGIT[d] = string.char(d) end

local function open_count()
  if open_now == nil then open_now = tonumber(redis.call('GET', N) or '0') end
  return open_now + open_delta
end

local function mark(all)
  no = no + 1
  out[no] = all and '+' or '*'
end

-- b N KEY… PARTS
local function run_begin(n, c0)
  local v = redis.call('HMGET', M, unpack(ARGV, c0, c0 + n - 1))
  local all = open_count() + n <= max_open
  if all then
    for j = 1, n do if v[j] then all = false break end end
  end
  if all then
    local h = {}
    local parts = ARGV[c0 + n]
    for j = 0, n - 1 do
      local hi, lo = byte(parts, 2 * j + 1, 2 * j + 2)
      h[2 * j + 1], h[2 * j + 2] = ARGV[c0 + j], FRESH_OF[hi * 256 + lo]
    end
    redis.call('HSET', M, unpack(h, 1, 2 * n))
    redis.call('RPUSH', P .. ':d:' .. deadline, unpack(ARGV, c0, c0 + n - 1))
    begun_fast = true
    open_delta = open_delta + n
    mark(true)
    return
  end
  mark(false)
  local parts = ARGV[c0 + n]
  for j = 1, n do
    local key = ARGV[c0 + j - 1]
    if recs[key] == nil then recs[key] = v[j] or false end
    local hi, lo = byte(parts, 2 * j - 1, 2 * j)
    begin(key, FRESH_OF[hi * 256 + lo])
  end
end

-- s N KEY… RECORD… NID…
local function run_submit(n, c0)
  local x0 = c0 + 2 * n
  local v = redis.call('HMGET', M, unpack(ARGV, c0, c0 + n - 1))
  local w = redis.call('HMGET', I, unpack(ARGV, x0, x0 + n - 1))
  if early_count == nil then early_count = redis.call('ZCARD', EZ) end
  local e = early_count > 0 and redis.call('HMGET', E, unpack(ARGV, x0, x0 + n - 1))
  local hm, hi, k, slow = {}, {}, 0, nil
  for j = 1, n do
    local record = ARGV[c0 + n + j - 1]
    local p0, p1 = byte(record, 4, 5)
    if v[j] == FRESH and not w[j] and not (e and e[j]) and p0 == 48 and p1 == 32 then
      local key = ARGV[c0 + j - 1]
      hm[k + 1], hm[k + 2] = key, record
      hi[k + 1], hi[k + 2] = ARGV[x0 + j - 1], key
      k = k + 2
    else
      slow = slow or {}
      slow[j] = true
    end
  end
  if k > 0 then
    redis.call('HSET', M, unpack(hm, 1, k))
    redis.call('HSET', I, unpack(hi, 1, k))
  end
  mark(not slow)
  if not slow then return end
  for j = 1, n do
    if not slow[j] then
      no = no + 1 out[no] = 'r'
    else
      local key, nid = ARGV[c0 + j - 1], ARGV[x0 + j - 1]
      if recs[key] == nil then recs[key] = v[j] or false end
      if ids[nid] == nil then ids[nid] = w[j] or false end
      if e and early[nid] == nil then early[nid] = e[j] or false end
      submit(key, nil, sub(ARGV[c0 + n + j - 1], 4), nid)
    end
  end
end

-- r N NID… STATES
local function run_report(n, c0)
  local states = ARGV[c0 + n]
  local v = redis.call('HMGET', I, unpack(ARGV, c0, c0 + n - 1))
  -- The messages of the ids found, read in one HMGET. When every id was found, `keys`
  -- is `v` and the message of report j is keys[j]; else at[j] says where it is.
  local keys, at, nk = v, nil, n
  for j = 1, n do
    if not v[j] then
      keys, at, nk = {}, {}, 0
      for i = 1, n do
        if v[i] then
          nk = nk + 1
          keys[nk], at[i] = v[i], nk
        end
      end
      break
    end
  end
  local w = nk > 0 and redis.call('HMGET', M, unpack(keys, 1, nk)) or {}
  -- The common reports' new records go to h in order; `slow` marks the others.
  local h, k, slow = {}, 0, nil
  for j = 1, n do
    local i = j
    if at then i = at[j] end
    local r = i and w[i]
    local ok = false
    if r then
      -- open (48), one part (124 is '|'), not final yet ('.' 46, '0' 48, '1' 49)
      local a, b, c = byte(r, 1, 3)
      if a == 48 and c == 124 and (b == 46 or b == 48 or b == 49) then
        local d = byte(states, j)
        local st = DIGIT[d]
        local key = keys[i]
        if d >= 50 then
          r = '1' .. st .. sub(r, 3)
          nsettled = nsettled + 1
          settled[nsettled] = key
          open_delta = open_delta - 1
        else
          r = '0' .. st .. sub(r, 3)
        end
        h[k + 1], h[k + 2] = key, r
        k = k + 2
        ok = true
      end
    end
    if not ok then
      slow = slow or {}
      slow[j] = i or true
    end
  end
  if k > 0 then redis.call('HSET', M, unpack(h, 1, k)) end
  mark(not slow)
  if not slow then
    no = no + 1
    out[no] = h
    return
  end
  local f = 0
  for j = 1, n do
    local i = slow[j]
    if not i then
      f = f + 2
      local key, r = h[f - 1], h[f]
      if byte(r, 1) == 49 then
        emit_settled('c', key, r)
      else
        emit('u', key, r, 0, DIGIT[byte(states, j)])
      end
    else
      local nid = ARGV[c0 + j - 1]
      if ids[nid] == nil then ids[nid] = v[j] or false end
      if i ~= true and recs[keys[i]] == nil then recs[keys[i]] = w[i] or false end
      report(nid, DIGIT[byte(states, j)])
    end
  end
end

local at, nargs = 6, #ARGV
while at <= nargs do
  local kind = ARGV[at]
  if kind == 'x' then
    expire()
    at = at + 1
  elseif kind == 'o' then
    no = no + 1 out[no] = 'o'
    no = no + 1 out[no] = redis.call('GET', N) or '0'
    at = at + 1
  else
    local n = tonumber(ARGV[at + 1])
    local c0 = at + 2
    if kind == 'b' then
      run_begin(n, c0)
      at = c0 + n + 1
    elseif kind == 's' then
      run_submit(n, c0)
      at = c0 + 3 * n
    elseif kind == 'f' then
      mark(false)
      for j = 0, n - 1 do submit(ARGV[c0 + j], ARGV[c0 + n + j]) end
      at = c0 + 2 * n
    elseif kind == 'r' then
      run_report(n, c0)
      at = c0 + n + 1
    else
      return redis.error_reply('unknown operation ' .. tostring(kind))
    end
    flush_records()
  end
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
/// | `…:cfg` | string | the key layout (`layout=5`) and the [`IdNormalizer::fingerprint`] every node must share: a node of another layout refuses to open ([`StoreError::LayoutMismatch`]); layout 4 kept `PART:KEY` in `…:i` |
/// | `…:m` | hash | per message KEY one string: settled flag (`0`, `1`, `e` expired), a character per part (`-` not submitted, `.` submitted, else the digit of its SMPP `message_state`), `\|`, then per submitted part `PART LEN LEN ID NID` |
/// | `…:i` | hash | per normalised id NID, the KEY of the message whose part has that id (the part: the record's entry with that NID) |
/// | `…:n` | string | how many messages are open |
/// | `…:e` | hash | per NID, the states of early reports waiting for the id, one digit each, in arrival order |
/// | `…:ez` | sorted set | ids with early reports by deadline |
/// | `…:d:T` | list | the keys begun by calls whose deadline is T (ms): given up at T if still open |
/// | `…:f:T` | list | the keys settled by calls of that time: forgotten, with their ids, at T |
/// | `…:dz`, `…:fz` | sorted set | the times T of those lists |
///
/// `expire` gives up open messages at their deadline (each reported by exactly one node:
/// the script pops it from its list as it reports it) and forgets settled messages and
/// their ids a TTL after they settled, up to 10 000 of each per call, going on while there
/// are more: a gateway calls it periodically, which keeps the store bounded.
///
/// A batch goes as script calls of up to 2 048 operations each (every operation atomic, a
/// call's operations together too), pipelined: each call is sent as soon as it is
/// encoded and read one call behind, so the server runs one call while this side encodes
/// the next and reads the one before, and the per-call cost of scripting is shared by
/// many operations. A call's operations go as runs
/// of one kind in which no message key or id comes twice, column by column, so that each
/// column is the `ARGV` slice of the `HMGET` that reads it (nothing sent twice). A run's
/// common operations (a new message begun; the id of part 0 of a single-part message
/// recorded, no early report waiting; a receipt for such a part) touch nothing the run's
/// others touch, so the script checks them against what it read and writes them all
/// with one `HSET` per hash, no per-operation logic beyond building the new record, and
/// answers such a run with one mark (and, for receipts, the new records); the others
/// (parts of multipart messages, early and resent receipts, mistakes) go one by one in
/// order. A message costs one new field in `…:m` and one in `…:i`, and two rewrites of
/// its record, no sorted-set member and no key of its own. A settled message's record
/// goes back whole and is read here, not in Lua.
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
        // A node of another key layout would misread the keys: refused, as another id
        // normalisation is.
        let ours = alloc::format!("{LAYOUT} {}", ids.fingerprint());
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
        let stored_layout = stored.split(' ').next().unwrap_or_default();
        if stored_layout != LAYOUT {
            return Err(StoreError::LayoutMismatch {
                account: account.into(),
                stored: if stored_layout.starts_with("layout=") {
                    stored_layout.into()
                } else {
                    stored
                },
                ours: LAYOUT.into(),
            });
        }
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

    /// A script call of up to [`CHUNK`] operations, its operations still to add.
    fn invocation(&self, now: Duration) -> redis::Cmd {
        let mut cmd = redis::cmd("EVALSHA");
        cmd.arg(&self.sha)
            .arg(1)
            .arg(&self.prefix)
            .arg(ms(now))
            .arg(ms(self.config.message_ttl).max(1))
            .arg(ms(self.config.pending_ttl).max(1))
            .arg(self.config.max_messages)
            .arg(self.config.max_pending_reports);
        cmd
    }

    fn load_script(&mut self) -> Result<(), StoreError> {
        let _: String = redis::cmd("SCRIPT")
            .arg("LOAD")
            .arg(SCRIPT)
            .query(&mut self.conn)
            .map_err(backend)?;
        Ok(())
    }

    /// Runs one script call and returns its reply. If the server lost its script cache
    /// (restarted, `SCRIPT FLUSH`), the call did not run: the script is loaded again and
    /// the call repeated.
    fn call(&mut self, packed: &[u8]) -> Result<Value, StoreError> {
        let run = |conn: &mut Connection| {
            conn.req_packed_command(packed)
                .and_then(Value::extract_error)
        };
        match run(&mut self.conn) {
            Err(e) if e.kind() == redis::ErrorKind::NoScriptError => {
                self.load_script()?;
                run(&mut self.conn).map_err(backend)
            }
            other => other.map_err(backend),
        }
    }

    /// Reads the reply of call number `at` of a batch, sent before with its `runs`.
    fn take(
        &mut self,
        runs: &[&[usize]],
        pending: &mut Pending,
        ops: &[StoreOp<'_>],
        part_of: &[u16],
        results: &mut [Option<OpResult>],
        at: usize,
    ) {
        match self.conn.recv_response().and_then(Value::extract_error) {
            Err(e) if e.kind() == redis::ErrorKind::NoScriptError => {
                pending.lost_script.get_or_insert(at);
            }
            Err(e) => {
                pending.failure.get_or_insert(backend(e));
            }
            Ok(_) if pending.lost_script.is_some() => {
                // Another client loaded the script between our calls: a later call ran
                // before an earlier one. Not repeated: reported.
                pending.failure.get_or_insert(backend(
                    "the script cache was flushed in the middle of a batch: part of it ran",
                ));
            }
            Ok(v) => {
                if pending.failure.is_none()
                    && let Err(e) = read_call(&v, runs, ops, part_of, self.config, results)
                {
                    pending.failure = Some(e);
                }
            }
        }
    }

    /// The script call of `call` (indices into `ops`), and its runs: runs of one kind in
    /// which no message key and no id comes twice, each sent column by column (see the
    /// script).
    fn encode<'c>(
        &self,
        now: Duration,
        call: &'c [usize],
        ops: &[StoreOp<'_>],
        nids: &[String],
        part_of: &[u16],
    ) -> (Vec<&'c [usize]>, Vec<u8>) {
        let mut cmd = self.invocation(now);
        let mut entry = String::new();
        let runs = runs(call, ops, nids);
        for &run in &runs {
            let message = |at: &usize| match ops[*at] {
                StoreOp::Begin { message, .. }
                | StoreOp::Submitted { message, .. }
                | StoreOp::SubmitFailed { message, .. } => message,
                StoreOp::Report { .. } => "",
            };
            match ops[run[0]] {
                StoreOp::Begin { .. } => {
                    cmd.arg("b").arg(run.len());
                    for at in run {
                        cmd.arg(message(at));
                    }
                    let mut parts = Vec::with_capacity(2 * run.len());
                    for &at in run {
                        if let StoreOp::Begin { parts: n, .. } = ops[at] {
                            parts.extend_from_slice(&n.to_be_bytes());
                        }
                    }
                    cmd.arg(parts);
                }
                StoreOp::Submitted { .. } => {
                    cmd.arg("s").arg(run.len());
                    for at in run {
                        cmd.arg(message(at));
                    }
                    for &at in run {
                        if let StoreOp::Submitted { message_id, .. } = ops[at] {
                            submitted_record(&mut entry, part_of[at], message_id, &nids[at]);
                            cmd.arg(entry.as_bytes());
                        }
                    }
                    for &at in run {
                        cmd.arg(nids[at].as_str());
                    }
                }
                StoreOp::SubmitFailed { .. } => {
                    cmd.arg("f").arg(run.len());
                    for at in run {
                        cmd.arg(message(at));
                    }
                    for &at in run {
                        cmd.arg(part_of[at]);
                    }
                }
                StoreOp::Report { .. } => {
                    cmd.arg("r").arg(run.len());
                    let mut states = Vec::with_capacity(run.len());
                    for &at in run {
                        cmd.arg(nids[at].as_str());
                        if let StoreOp::Report { state, .. } = ops[at] {
                            states.extend_from_slice(&state_digit(state));
                        }
                    }
                    cmd.arg(states);
                }
            }
        }
        (runs, cmd.get_packed_command())
    }
}

/// What went wrong while a batch's calls were in flight.
#[derive(Default)]
struct Pending {
    failure: Option<StoreError>,
    /// The first call answered NOSCRIPT: it and the calls after it did not run.
    lost_script: Option<usize>,
}

/// Reads the reply of one script call: the result of each operation of its runs, into
/// `results` (indexed like `ops`).
fn read_call(
    call: &Value,
    runs: &[&[usize]],
    ops: &[StoreOp<'_>],
    part_of: &[u16],
    config: CorrelationConfig,
    results: &mut [Option<OpResult>],
) -> Result<(), StoreError> {
    let mut reply = Reply::of(call)?;
    for &run in runs {
        let all_common = match reply.bytes()? {
            b"+" => true,
            b"*" => false,
            other => {
                return Err(backend(alloc::format!(
                    "bad run mark in a script reply: {other:?}"
                )));
            }
        };
        if !all_common {
            for &at in run {
                results[at] = Some(match reply.op(part_of[at])? {
                    Err(e) => Err(name_error(e, &ops[at], config)),
                    ok => ok,
                });
            }
            continue;
        }
        match ops[run[0]] {
            StoreOp::Begin { .. } => {
                for &at in run {
                    results[at] = Some(Ok(StoreEvent::Begun));
                }
            }
            StoreOp::Submitted { .. } => {
                for &at in run {
                    results[at] = Some(Ok(StoreEvent::Recorded));
                }
            }
            StoreOp::Report { .. } => {
                // KEY NEW-RECORD of each report, in order.
                let mut pairs = Reply::of(reply.item()?)?;
                for &at in run {
                    results[at] = Some(Ok(pairs.common_report()?));
                }
            }
            StoreOp::SubmitFailed { .. } => {
                return Err(backend("a run of failed submits answered as common"));
            }
        }
    }
    if !reply.is_empty() {
        return Err(backend("more script replies than operations"));
    }
    Ok(())
}

/// Reads a script's flat reply, item by item.
struct Reply<'a> {
    items: core::slice::Iter<'a, Value>,
}

impl<'a> Reply<'a> {
    fn of(v: &'a Value) -> Result<Self, StoreError> {
        match v {
            Value::Array(items) => Ok(Self {
                items: items.iter(),
            }),
            other => Err(backend(alloc::format!("unexpected script reply {other:?}"))),
        }
    }

    fn is_empty(&self) -> bool {
        self.items.len() == 0
    }

    fn bytes(&mut self) -> Result<&'a [u8], StoreError> {
        match self.items.next() {
            Some(Value::BulkString(b)) => Ok(b),
            Some(Value::SimpleString(s)) => Ok(s.as_bytes()),
            other => Err(backend(alloc::format!(
                "unexpected script reply item {other:?}"
            ))),
        }
    }

    fn item(&mut self) -> Result<&'a Value, StoreError> {
        self.items
            .next()
            .ok_or_else(|| backend("a script reply ends early"))
    }

    /// KEY NEW-RECORD of a report of part 0 of a single-part message: completed when its
    /// state is final, else updated.
    fn common_report(&mut self) -> Result<StoreEvent, StoreError> {
        let message = self.text()?;
        let record = self.bytes()?;
        Ok(match record {
            [b'1', ..] => StoreEvent::Completed(Settled {
                parts: settled_parts(record).ok_or_else(|| {
                    backend(alloc::format!("bad record in a script reply: {record:?}"))
                })?,
                message,
                expired: false,
            }),
            [b'0', d @ b'0'..=b'9', b'|', ..] => StoreEvent::Updated {
                message,
                part: 0,
                state: code_state(i64::from(d - b'0')),
            },
            _ => {
                return Err(backend(alloc::format!(
                    "bad record in a script reply: {record:?}"
                )));
            }
        })
    }

    fn text(&mut self) -> Result<String, StoreError> {
        let b = self.bytes()?;
        String::from_utf8(b.to_vec()).map_err(|_| backend("a script reply item is not UTF-8"))
    }

    fn number<T: core::str::FromStr>(&mut self) -> Result<T, StoreError> {
        let b = self.bytes()?;
        core::str::from_utf8(b)
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| backend(alloc::format!("a script reply item is not a number: {b:?}")))
    }

    fn state(&mut self) -> Result<Option<crate::state::State>, StoreError> {
        Ok(match self.bytes()? {
            [] => None,
            [d @ b'0'..=b'9'] => Some(code_state(i64::from(d - b'0'))),
            other => {
                return Err(backend(alloc::format!(
                    "bad state in a script reply: {other:?}"
                )));
            }
        })
    }

    /// KEY RECORD of a settled message.
    fn settled(&mut self, expired: bool) -> Result<Settled, StoreError> {
        let message = self.text()?;
        let record = self.bytes()?;
        let parts = settled_parts(record)
            .ok_or_else(|| backend(alloc::format!("bad record in a script reply: {record:?}")))?;
        Ok(Settled {
            message,
            parts,
            expired,
        })
    }

    /// One operation's reply.
    fn op(&mut self, part: u16) -> Result<OpResult, StoreError> {
        Ok(Ok(match self.bytes()? {
            b"b" => StoreEvent::Begun,
            b"r" => StoreEvent::Recorded,
            b"u" => StoreEvent::Updated {
                message: self.text()?,
                part: self.number()?,
                state: self
                    .state()?
                    .ok_or_else(|| backend("an update without a state"))?,
            },
            b"c" => StoreEvent::Completed(self.settled(false)?),
            b"B" => StoreEvent::Buffered {
                evicted: self.bytes()? == b"1",
            },
            b"d" => StoreEvent::Duplicate {
                message: self.text()?,
            },
            b"x" => {
                let code = self.bytes()?;
                let extra = self.bytes()?;
                return Ok(Err(match code {
                    b"duplicate_message" => CorrelationError::DuplicateMessage(String::new()),
                    b"full" => CorrelationError::Full(0),
                    b"unknown_message" => CorrelationError::UnknownHandle,
                    b"part_out_of_range" => CorrelationError::PartOutOfRange {
                        part,
                        parts: core::str::from_utf8(extra)
                            .ok()
                            .and_then(|s| s.parse().ok())
                            .unwrap_or(0),
                    },
                    b"already_submitted" => CorrelationError::AlreadySubmitted(part),
                    b"duplicate_id" => CorrelationError::DuplicateId(String::new()),
                    other => {
                        return Err(backend(alloc::format!(
                            "unknown script error {:?}",
                            String::from_utf8_lossy(other)
                        )));
                    }
                }));
            }
            other => {
                return Err(backend(alloc::format!(
                    "unknown script reply {:?}",
                    String::from_utf8_lossy(other)
                )));
            }
        }))
    }
}

/// The parts of a message record (see the script): its settled flag, a character per part
/// (`-` not submitted, `.` submitted, else the digit of its last state), `|`, then per
/// submitted part `PART LEN(ID) LEN(NID) ID NID`.
fn settled_parts(record: &[u8]) -> Option<Vec<SettledPart>> {
    let bar = record.iter().position(|&b| b == b'|')?;
    let flags = record.get(1..bar)?;
    let mut parts: Vec<SettledPart> = flags
        .iter()
        .map(|&c| {
            Ok(SettledPart {
                message_id: None,
                state: match c {
                    b'-' | b'.' => None,
                    b'0'..=b'9' => Some(code_state(i64::from(c - b'0'))),
                    _ => return Err(()),
                },
            })
        })
        .collect::<Result<_, ()>>()
        .ok()?;
    let mut rest = &record[bar + 1..];
    fn number(rest: &mut &[u8]) -> Option<usize> {
        let end = rest.iter().position(|&b| b == b' ')?;
        let n = core::str::from_utf8(&rest[..end]).ok()?.parse().ok()?;
        *rest = &rest[end + 1..];
        Some(n)
    }
    while !rest.is_empty() {
        let part = number(&mut rest)?;
        let raw_len = number(&mut rest)?;
        let nid_len = number(&mut rest)?;
        let raw = rest.get(..raw_len)?;
        rest = rest.get(raw_len.checked_add(nid_len)?..)?;
        parts.get_mut(part)?.message_id = Some(String::from_utf8(raw.to_vec()).ok()?);
    }
    Some(parts)
}

/// Splits a script call's operations into runs of one kind in which no message key and no
/// normalised id comes twice (the script runs a run's common operations together).
fn runs<'a>(call: &'a [usize], ops: &[StoreOp<'_>], nids: &[String]) -> Vec<&'a [usize]> {
    let mut runs = Vec::new();
    let mut keys: HashSet<&str> = HashSet::with_capacity(call.len());
    let mut ids: HashSet<&str> = HashSet::with_capacity(call.len());
    let mut start = 0;
    for (i, &at) in call.iter().enumerate() {
        let op = &ops[at];
        let (key, nid) = match *op {
            StoreOp::Begin { message, .. } | StoreOp::SubmitFailed { message, .. } => {
                (Some(message), None)
            }
            StoreOp::Submitted { message, .. } => (Some(message), Some(nids[at].as_str())),
            StoreOp::Report { .. } => (None, Some(nids[at].as_str())),
        };
        let new_kind =
            i > start && core::mem::discriminant(op) != core::mem::discriminant(&ops[call[start]]);
        // Each set hashes an operand once: `insert` says whether it was new.
        let mut fresh = !new_kind;
        if fresh {
            fresh = key.is_none_or(|k| keys.insert(k));
            fresh = fresh && nid.is_none_or(|n| ids.insert(n));
        }
        if !fresh {
            runs.push(&call[start..i]);
            start = i;
            keys.clear();
            ids.clear();
            keys.extend(key);
            ids.extend(nid);
        }
    }
    if start < call.len() {
        runs.push(&call[start..]);
    }
    runs
}

/// The record of a single-part message once `part` is submitted with id `raw` (see the
/// script): `0.|` and the part's entry `PART LEN(ID) LEN(NID) ID NID`. The script takes
/// the entry alone when the message has other parts.
fn submitted_record(buf: &mut String, part: u16, raw: &str, nid: &str) {
    use core::fmt::Write;
    buf.clear();
    // Writing to a String cannot fail.
    let _ = write!(buf, "0.|{part} {} {} {raw}{nid}", raw.len(), nid.len());
}

/// The state's SMPP `message_state` as the one digit the script stores.
fn state_digit(state: crate::state::State) -> [u8; 1] {
    let code = state_code(state);
    debug_assert!(code <= 9, "SMPP message_state values are 0..=9");
    [b'0' + code.min(9)]
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
        // Checks done here, not in the script, answer without a round trip; `early` holds
        // them, `None` where the reply comes from the script.
        let mut early: Vec<Option<OpResult>> = Vec::with_capacity(ops.len());
        let mut part_of = Vec::with_capacity(ops.len());
        // The normalised id of each operation that has one ("" otherwise), and the
        // operations that go to the script.
        let mut nids: Vec<String> = Vec::with_capacity(ops.len());
        let mut scripted: Vec<usize> = Vec::with_capacity(ops.len());
        for (at, op) in ops.iter().enumerate() {
            if let StoreOp::Begin { parts, .. } = *op
                && (parts == 0 || parts > self.config.max_parts)
            {
                early.push(Some(Err(CorrelationError::InvalidParts {
                    parts,
                    max: self.config.max_parts,
                })));
                part_of.push(0);
                nids.push(String::new());
                continue;
            }
            let mut nid = String::new();
            let part = match *op {
                StoreOp::Begin { .. } => 0,
                StoreOp::Submitted {
                    part, message_id, ..
                } => {
                    id_key(
                        &mut nid,
                        &self.ids.normalize(message_id, IdOrigin::SubmitResp),
                    );
                    part
                }
                StoreOp::SubmitFailed { part, .. } => part,
                StoreOp::Report {
                    message_id, origin, ..
                } => {
                    id_key(&mut nid, &self.ids.normalize(message_id, origin));
                    0
                }
            };
            nids.push(nid);
            part_of.push(part);
            early.push(None);
            scripted.push(at);
        }
        // Calls go out as soon as they are encoded and their replies are read one call
        // behind: the server runs a call while this side encodes the next and reads the
        // one before. Nothing more is sent after a failure, and every call sent is read,
        // so the connection stays in step.
        let chunks: Vec<&[usize]> = scripted.chunks(CHUNK).collect();
        let mut sent: Vec<(Vec<&[usize]>, Vec<u8>)> = Vec::with_capacity(chunks.len());
        let mut read = 0;
        let mut pending = Pending::default();
        for call in &chunks {
            if pending.failure.is_some() || pending.lost_script.is_some() {
                break;
            }
            let (runs, packed) = self.encode(now, call, ops, &nids, &part_of);
            self.conn.send_packed_command(&packed).map_err(backend)?;
            sent.push((runs, packed));
            if sent.len() >= 2 {
                self.take(&sent[read].0, &mut pending, ops, &part_of, &mut early, read);
                read += 1;
            }
        }
        while read < sent.len() {
            self.take(&sent[read].0, &mut pending, ops, &part_of, &mut early, read);
            read += 1;
        }
        if let Some(e) = pending.failure {
            return Err(e);
        }
        if let Some(first) = pending.lost_script {
            // The server lost its script cache before running call `first`: load it and
            // run the rest of the batch one call at a time.
            self.load_script()?;
            for (i, call) in chunks.iter().enumerate().skip(first) {
                let (runs, packed) = match sent.get(i) {
                    Some((runs, packed)) => (runs.clone(), packed.clone()),
                    None => self.encode(now, call, ops, &nids, &part_of),
                };
                let v = self.call(&packed)?;
                read_call(&v, &runs, ops, &part_of, self.config, &mut early)?;
            }
        }
        for slot in early {
            out.push(slot.ok_or_else(|| backend("an operation without a reply"))?);
        }
        Ok(())
    }

    fn expire(&mut self, now: Duration) -> Result<Swept, StoreError> {
        let mut swept = Swept::default();
        loop {
            let mut cmd = self.invocation(now);
            cmd.arg("x");
            let v = self.call(&cmd.get_packed_command())?;
            let mut reply = Reply::of(&v)?;
            if reply.bytes()? != b"X" {
                return Err(backend("bad reply to expire"));
            }
            swept.orphan_reports += reply.number::<u64>()?;
            let _forgotten: u64 = reply.number()?;
            let more = reply.bytes()? == b"1";
            while !reply.is_empty() {
                if reply.bytes()? != b"e" {
                    return Err(backend("bad reply to expire"));
                }
                swept.expired.push(reply.settled(true)?);
            }
            // The script takes 10 000 of each at a time; go on until a round finishes.
            if !more {
                return Ok(swept);
            }
        }
    }

    fn open_messages(&mut self) -> Result<u64, StoreError> {
        let mut cmd = self.invocation(Duration::ZERO);
        cmd.arg("o");
        let v = self.call(&cmd.get_packed_command())?;
        let mut reply = Reply::of(&v)?;
        if reply.bytes()? != b"o" {
            return Err(backend("bad reply to open"));
        }
        reply.number()
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

#[cfg(test)]
mod tests {
    use super::settled_parts;
    use crate::state::State;

    // Records as the script writes them (its header comment is the format).
    #[test]
    fn reads_a_settled_record() {
        let parts = settled_parts(b"12.|0 4 6 id-1n:id-1").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].message_id.as_deref(), Some("id-1"));
        assert_eq!(parts[0].state, Some(State::Delivered));
        assert_eq!(
            (parts[1].message_id.as_deref(), parts[1].state),
            (None, None)
        );
    }

    #[test]
    fn refuses_damaged_records_without_panicking() {
        for bad in [
            &b""[..],
            b"1",
            b"1x|",
            b"12|0 4",
            b"12|0 4 6 id",
            b"12|5 1 1 ab",
            b"12|0 99999999999999999999 1 a",
            b"12|0 18446744073709551615 18446744073709551615 ab",
        ] {
            assert!(settled_parts(bad).is_none(), "{bad:?}");
        }
    }
}
