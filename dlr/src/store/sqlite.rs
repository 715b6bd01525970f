//! The embedded durable store (feature `sqlite`).

use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;
use std::collections::VecDeque;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::memory::MemoryStore;
use super::{
    CorrelationStore, OpResult, StoreError, StoreEvent, StoreOp, Swept, code_state, state_code,
};
use crate::correlate::CorrelationConfig;
use crate::id::{IdNormalizer, IdOrigin};

/// When a committed batch is on disk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Synchronous {
    /// fsync at every commit: a committed batch survives a power cut (SQLite `FULL`).
    #[default]
    Full,
    /// fsync at checkpoints only: a committed batch survives the process being killed,
    /// not a power cut (SQLite `NORMAL` in WAL mode). A commit appends the batch to the WAL
    /// file with `write()` before `apply` returns; the kernel holds those pages whatever
    /// happens to the process, so after a `kill -9` the next open finds the batch in the
    /// WAL and replays it. Only the kernel dying (power cut, panic) before its own
    /// write-back can lose the last batches, never corrupt the file (SQLite's WAL
    /// checksums cut a torn tail). About 1.5× the speed of [`Synchronous::Full`] here
    /// (`cargo bench -p sms-benches --bench dlr_store`).
    Normal,
}

// The journal's operation tags (see `encode`).
const OP_BEGIN: u8 = 0;
const OP_SUBMITTED: u8 = 1;
const OP_SUBMIT_FAILED: u8 = 2;
const OP_REPORT: u8 = 3;
const OP_SWEEP: u8 = 4;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- One row per batch that changed the correlation state, in order (seq): the operations
-- that changed it, encoded one after the other (see `encode` in sqlite.rs), and the
-- caller's time of the batch in milliseconds.
CREATE TABLE IF NOT EXISTS batches (
    seq INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    at INTEGER NOT NULL,
    ops BLOB NOT NULL
);
";
/// The embedded durable store: the [`MemoryStore`] logic, rebuilt at open from a journal of
/// every batch that changed it, kept in an SQLite file (WAL, one transaction per batch).
///
/// ```text
///  apply(batch) ─► MemoryStore (decides, answers) ─► INSERT one row: the changes, encoded ─► COMMIT
///  expire(now)  ─► MemoryStore sweep ─► INSERT one row: "swept at now" ─► COMMIT
///  open(path)   ─► replay the account's rows in order (their own times) ─► ready
/// ```
///
/// Replay runs the same operations and sweeps, at the same times, through the same logic, so
/// it rebuilds exactly the state that was committed. A message's operations are all written
/// within its TTL of its begin, and it is forgotten at most a TTL after that, so every row
/// older than two TTLs only concerns forgotten messages (and early reports long given up):
/// `expire` deletes them by `seq` range (the journal is appended in time order), which
/// needs no index beyond the rowid.
///
/// Only changes are journaled (a duplicate receipt or a refused operation writes nothing),
/// an operation is a tag, its key and id and two or three small numbers, and a batch is one
/// row in one transaction: one WAL append and, with [`Synchronous::Full`] (the default), one
/// fsync for the whole batch, so a batch `apply` returned survives a kill -9 or a power cut.
/// One process opens a file at a time (SQLite's exclusive locking mode: a second is
/// refused, "database is locked"), which is what lets the journal's owner keep the state in
/// memory.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    mem: MemoryStore,
    /// A failed commit leaves memory ahead of the file: refuse everything until reopened
    /// (the replay then restores what was committed).
    poisoned: bool,
    results: Vec<OpResult>,
    /// The encoded operations of the batch being written.
    row: Vec<u8>,
    /// (time, last seq written at that time), at most one a second: where the rows older
    /// than a time end.
    checkpoints: VecDeque<(Duration, i64)>,
}

/// Notes that rows up to `seq` were written at `at`.
fn checkpoint(checkpoints: &mut VecDeque<(Duration, i64)>, at: Duration, seq: i64) {
    match checkpoints.back_mut() {
        Some((t, s)) if at.saturating_sub(*t) < Duration::from_secs(1) => *s = (*s).max(seq),
        _ => checkpoints.push_back((at, seq)),
    }
}

fn backend(e: impl core::fmt::Display) -> StoreError {
    StoreError::Backend {
        backend: "sqlite",
        detail: alloc::format!("{e}"),
    }
}

fn origin_code(o: IdOrigin) -> u8 {
    match o {
        IdOrigin::SubmitResp => 0,
        IdOrigin::ReceiptText => 1,
        IdOrigin::ReceiptTlv => 2,
        IdOrigin::MessageReference => 3,
    }
}

fn code_origin(c: u8) -> Option<IdOrigin> {
    Some(match c {
        0 => IdOrigin::SubmitResp,
        1 => IdOrigin::ReceiptText,
        2 => IdOrigin::ReceiptTlv,
        3 => IdOrigin::MessageReference,
        _ => return None,
    })
}

/// Appends one operation to a journal row:
///
/// ```text
///  0 begin:          key, parts u16
///  1 submitted:      key, part u16, id
///  2 submit failed:  key, part u16
///  3 report:         id, origin u8 (0 submit_resp, 1 text, 2 TLV, 3 TP-MR), message_state u8
///  4 sweep           (expire ran at the row's time)
///  key, id: length (LEB128) and UTF-8 bytes; u16: little-endian
/// ```
fn encode(row: &mut Vec<u8>, op: &StoreOp<'_>) {
    fn text(row: &mut Vec<u8>, s: &str) {
        let mut n = s.len();
        while n >= 0x80 {
            row.push((n as u8 & 0x7f) | 0x80);
            n >>= 7;
        }
        row.push(n as u8);
        row.extend_from_slice(s.as_bytes());
    }
    match *op {
        StoreOp::Begin { message, parts } => {
            row.push(OP_BEGIN);
            text(row, message);
            row.extend_from_slice(&parts.to_le_bytes());
        }
        StoreOp::Submitted {
            message,
            part,
            message_id,
        } => {
            row.push(OP_SUBMITTED);
            text(row, message);
            row.extend_from_slice(&part.to_le_bytes());
            text(row, message_id);
        }
        StoreOp::SubmitFailed { message, part } => {
            row.push(OP_SUBMIT_FAILED);
            text(row, message);
            row.extend_from_slice(&part.to_le_bytes());
        }
        StoreOp::Report {
            message_id,
            origin,
            state,
        } => {
            row.push(OP_REPORT);
            text(row, message_id);
            row.push(origin_code(origin));
            row.push(state_code(state));
        }
    }
}

/// One entry of a journal row.
enum Entry<'a> {
    Op(StoreOp<'a>),
    Sweep,
}

/// Reads the entries of a journal row (the inverse of [`encode`]); `None` at a truncated
/// or unknown entry.
struct Decoder<'a> {
    row: &'a [u8],
}

impl<'a> Decoder<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.row.split_first()?;
        self.row = rest;
        Some(b)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn text(&mut self) -> Option<&'a str> {
        let mut n = 0usize;
        let mut shift = 0;
        loop {
            let b = self.byte()?;
            if shift > 28 {
                return None;
            }
            n |= usize::from(b & 0x7f) << shift;
            shift += 7;
            if b < 0x80 {
                break;
            }
        }
        if n > self.row.len() {
            return None;
        }
        let (s, rest) = self.row.split_at(n);
        self.row = rest;
        core::str::from_utf8(s).ok()
    }

    fn entry(&mut self) -> Option<Entry<'a>> {
        Some(Entry::Op(match self.byte()? {
            OP_BEGIN => StoreOp::Begin {
                message: self.text()?,
                parts: self.u16()?,
            },
            OP_SUBMITTED => StoreOp::Submitted {
                message: self.text()?,
                part: self.u16()?,
                message_id: self.text()?,
            },
            OP_SUBMIT_FAILED => StoreOp::SubmitFailed {
                message: self.text()?,
                part: self.u16()?,
            },
            OP_REPORT => StoreOp::Report {
                message_id: self.text()?,
                origin: code_origin(self.byte()?)?,
                state: code_state(i64::from(self.byte()?)),
            },
            OP_SWEEP => return Some(Entry::Sweep),
            _ => return None,
        }))
    }
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn from_ms(v: i64) -> Duration {
    Duration::from_millis(u64::try_from(v).unwrap_or(0))
}

impl SqliteStore {
    /// Opens (creating if needed) the store file at `path` for SMSC account `account`,
    /// replays what it holds for that account, and checks that it was written with the
    /// same id normalisation ([`StoreError::NormalizerMismatch`] otherwise).
    pub fn open(
        path: impl AsRef<Path>,
        account: &str,
        ids: IdNormalizer,
        config: CorrelationConfig,
        sync: Synchronous,
    ) -> Result<Self, StoreError> {
        let conn = Connection::open(path.as_ref()).map_err(backend)?;
        // A file held by another store is refused quickly rather than waited for.
        conn.busy_timeout(Duration::from_millis(500))
            .map_err(backend)?;
        let sync = match sync {
            Synchronous::Full => "FULL",
            Synchronous::Normal => "NORMAL",
        };
        conn.execute_batch(&alloc::format!(
            "PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = {sync};"
        ))
        .map_err(backend)?;
        let earlier: bool = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'",
                [],
                |r| r.get(0),
            )
            .map_err(backend)?;
        if earlier {
            return Err(backend(
                "the file holds a journal of an earlier format (table `journal`): \
                 let the version that wrote it drain it, or start a new file",
            ));
        }
        conn.execute_batch(SCHEMA).map_err(backend)?;
        let ours = ids.fingerprint();
        let name = alloc::format!("ids:{account}");
        let stored: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE name = ?1", [&name], |r| {
                r.get(0)
            })
            .optional()
            .map_err(backend)?;
        match stored {
            Some(stored) if stored != ours => {
                return Err(StoreError::NormalizerMismatch {
                    account: account.into(),
                    stored,
                    ours,
                });
            }
            Some(_) => {}
            None => {
                conn.execute(
                    "INSERT INTO meta (name, value) VALUES (?1, ?2)",
                    params![name, ours],
                )
                .map_err(backend)?;
            }
        }
        let mut mem = MemoryStore::new(account, ids, config);
        let mut checkpoints = VecDeque::new();
        replay(&conn, &mut mem, &mut checkpoints)?;
        Ok(Self {
            conn,
            mem,
            poisoned: false,
            results: Vec::new(),
            row: Vec::new(),
            checkpoints,
        })
    }

    fn check(&self) -> Result<(), StoreError> {
        if self.poisoned {
            return Err(backend("a commit failed earlier: reopen the store"));
        }
        Ok(())
    }

    /// Writes `self.row` as one journal row at `now`, in one transaction.
    fn write_row(&mut self, now: Duration) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        tx.prepare_cached("INSERT INTO batches (account, at, ops) VALUES (?1, ?2, ?3)")?
            .execute(params![self.mem.account(), ms(now), self.row])?;
        tx.commit()
    }
}

/// Rebuilds the memory state from the journal rows of the account, in order.
fn replay(
    conn: &Connection,
    mem: &mut MemoryStore,
    checkpoints: &mut VecDeque<(Duration, i64)>,
) -> Result<(), StoreError> {
    let mut stmt = conn
        .prepare("SELECT seq, at, ops FROM batches WHERE account = ?1 ORDER BY seq")
        .map_err(backend)?;
    let mut rows = stmt.query([mem.account()]).map_err(backend)?;
    while let Some(row) = rows.next().map_err(backend)? {
        fn get(e: impl core::fmt::Display) -> StoreError {
            backend(alloc::format!("reading the journal: {e}"))
        }
        let seq: i64 = row.get(0).map_err(get)?;
        let at = from_ms(row.get(1).map_err(get)?);
        let ops = row.get_ref(2).map_err(get)?.as_blob().map_err(get)?;
        checkpoint(checkpoints, at, seq);
        let mut decoder = Decoder { row: ops };
        while !decoder.row.is_empty() {
            match decoder.entry() {
                // Outcomes were reported when the rows were first written.
                Some(Entry::Op(op)) => drop(mem.apply_one(at, &op)),
                Some(Entry::Sweep) => drop(mem.sweep(at)),
                None => {
                    return Err(backend(alloc::format!(
                        "reading the journal: row {seq} is corrupt"
                    )));
                }
            }
        }
    }
    Ok(())
}

impl CorrelationStore for SqliteStore {
    fn kind(&self) -> &'static str {
        "sqlite"
    }

    fn apply(
        &mut self,
        now: Duration,
        ops: &[StoreOp<'_>],
        out: &mut Vec<OpResult>,
    ) -> Result<(), StoreError> {
        self.check()?;
        let mut results = core::mem::take(&mut self.results);
        results.clear();
        self.row.clear();
        for op in ops {
            let result = self.mem.apply_one(now, op);
            // A refused operation and a duplicate report changed nothing: nothing to write.
            if matches!(result, Ok(ref e) if !matches!(e, StoreEvent::Duplicate { .. })) {
                encode(&mut self.row, op);
            }
            results.push(result);
        }
        if !self.row.is_empty() {
            if let Err(e) = self.write_row(now) {
                self.poisoned = true;
                return Err(backend(e));
            }
            checkpoint(&mut self.checkpoints, now, self.conn.last_insert_rowid());
        }
        out.append(&mut results);
        self.results = results;
        Ok(())
    }

    fn expire(&mut self, now: Duration) -> Result<Swept, StoreError> {
        self.check()?;
        let sweep = self.mem.sweep(now);
        // Rows older than two message TTLs: their messages are forgotten.
        let cutoff = now.saturating_sub(self.mem.config().message_ttl * 2);
        let mut old_rows = None;
        while let Some(&(at, seq)) = self.checkpoints.front() {
            if at >= cutoff {
                break;
            }
            old_rows = Some(seq);
            self.checkpoints.pop_front();
        }
        self.row.clear();
        self.row.push(OP_SWEEP);
        let write = |store: &mut Self| -> rusqlite::Result<()> {
            let tx = store.conn.transaction()?;
            tx.prepare_cached("INSERT INTO batches (account, at, ops) VALUES (?1, ?2, ?3)")?
                .execute(params![store.mem.account(), ms(now), store.row])?;
            if let Some(seq) = old_rows {
                tx.prepare_cached("DELETE FROM batches WHERE seq <= ?1 AND account = ?2")?
                    .execute(params![seq, store.mem.account()])?;
            }
            tx.commit()
        };
        if let Err(e) = write(self) {
            self.poisoned = true;
            return Err(backend(e));
        }
        checkpoint(&mut self.checkpoints, now, self.conn.last_insert_rowid());
        Ok(sweep)
    }

    fn open_messages(&mut self) -> Result<u64, StoreError> {
        Ok(self.mem.len() as u64)
    }
}
