//! The embedded durable store (feature `sqlite`).

use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;
use std::collections::VecDeque;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::memory::MemoryStore;
use super::{
    CorrelationStore, OpResult, StoreError, StoreEvent, StoreOp, Swept, code_state, id_key,
    state_code,
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
    /// not a power cut (SQLite `NORMAL` in WAL mode).
    Normal,
}

const OP_BEGIN: i64 = 0;
const OP_SUBMITTED: i64 = 1;
const OP_SUBMIT_FAILED: i64 = 2;
const OP_REPORT: i64 = 3;
const OP_EXPIRED: i64 = 4;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- One row per operation that changed the correlation state, in order (seq).
--   op 0 begin (part = parts), 1 submitted (part, id), 2 submit failed (part),
--   3 report (id, origin, state; msg NULL while it waits for its submit_sm_resp),
--   4 expired. at: milliseconds of the caller's clock.
CREATE TABLE IF NOT EXISTS journal (
    seq INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    msg TEXT,
    op INTEGER NOT NULL,
    part INTEGER,
    id TEXT,
    origin INTEGER,
    nid TEXT,
    state INTEGER,
    at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS journal_early ON journal (account, nid) WHERE msg IS NULL;
";

/// The embedded durable store: the [`MemoryStore`] logic, rebuilt at open from a journal of
/// every operation that changed it, kept in an SQLite file (WAL, one transaction per batch).
///
/// ```text
///  apply(batch) ─► MemoryStore (decides, answers) ─► INSERT a journal row per change ─► COMMIT
///  open(path)   ─► replay the account's journal rows in order (their own times) ─► ready
///  expire(now)  ─► rows older than two message TTLs and orphan early reports DELETEd
/// ```
///
/// A message's rows are all written within its TTL of its begin, and it is forgotten at
/// most a TTL after that, so every row older than two TTLs belongs to a forgotten message:
/// they go by `seq` range (the journal is appended in time order), which needs no index
/// beyond the rowid.
///
/// Only changes are journaled (a duplicate receipt writes nothing), a row is three or four
/// small columns, and a batch is one transaction: one WAL append and, with
/// [`Synchronous::Full`], one fsync for the whole batch. One process opens a file at a time
/// (SQLite's exclusive locking mode: a second is refused, "database is locked"), which is
/// what lets the journal's owner keep the state in memory.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    mem: MemoryStore,
    /// A failed commit leaves memory ahead of the file: refuse everything until reopened
    /// (the replay then restores what was committed).
    poisoned: bool,
    results: Vec<OpResult>,
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

fn origin_code(o: IdOrigin) -> i64 {
    match o {
        IdOrigin::SubmitResp => 0,
        IdOrigin::ReceiptText => 1,
        IdOrigin::ReceiptTlv => 2,
        IdOrigin::MessageReference => 3,
    }
}

fn code_origin(c: i64) -> IdOrigin {
    match c {
        0 => IdOrigin::SubmitResp,
        1 => IdOrigin::ReceiptText,
        3 => IdOrigin::MessageReference,
        _ => IdOrigin::ReceiptTlv,
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
            checkpoints,
        })
    }

    fn check(&self) -> Result<(), StoreError> {
        if self.poisoned {
            return Err(backend("a commit failed earlier: reopen the store"));
        }
        Ok(())
    }

    fn write_batch(
        &mut self,
        now: Duration,
        ops: &[StoreOp<'_>],
        results: &[OpResult],
    ) -> rusqlite::Result<()> {
        let account = self.mem.account();
        let ids = self.mem.ids();
        let at = ms(now);
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO journal (account, msg, op, part, id, origin, nid, state, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut adopt = tx.prepare_cached(
                "UPDATE journal SET msg = ?1 WHERE account = ?2 AND msg IS NULL AND nid = ?3",
            )?;
            for (op, result) in ops.iter().zip(results) {
                let Ok(event) = result else { continue };
                match *op {
                    StoreOp::Begin { message, parts } => {
                        insert.execute(params![
                            account,
                            message,
                            OP_BEGIN,
                            parts,
                            None::<&str>,
                            None::<i64>,
                            None::<&str>,
                            None::<i64>,
                            at
                        ])?;
                    }
                    StoreOp::Submitted {
                        message,
                        part,
                        message_id,
                    } => {
                        insert.execute(params![
                            account,
                            message,
                            OP_SUBMITTED,
                            part,
                            message_id,
                            None::<i64>,
                            None::<&str>,
                            None::<i64>,
                            at
                        ])?;
                        if *event != StoreEvent::Recorded {
                            // Early reports were applied: they now belong to the message.
                            let nid = id_key(&ids.normalize(message_id, IdOrigin::SubmitResp));
                            adopt.execute(params![message, account, nid])?;
                        }
                    }
                    StoreOp::SubmitFailed { message, part } => {
                        insert.execute(params![
                            account,
                            message,
                            OP_SUBMIT_FAILED,
                            part,
                            None::<&str>,
                            None::<i64>,
                            None::<&str>,
                            None::<i64>,
                            at
                        ])?;
                    }
                    StoreOp::Report {
                        message_id,
                        origin,
                        state,
                    } => {
                        let msg = match event {
                            StoreEvent::Updated { message, .. } => Some(message.as_str()),
                            StoreEvent::Completed(s) => Some(s.message.as_str()),
                            StoreEvent::Buffered { .. } => None,
                            // A duplicate changed nothing: nothing to write.
                            _ => continue,
                        };
                        let nid = msg
                            .is_none()
                            .then(|| id_key(&ids.normalize(message_id, origin)));
                        insert.execute(params![
                            account,
                            msg,
                            OP_REPORT,
                            None::<i64>,
                            message_id,
                            origin_code(origin),
                            nid,
                            state_code(state),
                            at
                        ])?;
                    }
                }
            }
        }
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
        .prepare(
            "SELECT msg, op, part, id, origin, state, at, seq FROM journal \
             WHERE account = ?1 ORDER BY seq",
        )
        .map_err(backend)?;
    let mut rows = stmt.query([mem.account()]).map_err(backend)?;
    while let Some(row) = rows.next().map_err(backend)? {
        let get = |e| backend(alloc::format!("reading the journal: {e}"));
        let msg: Option<String> = row.get(0).map_err(get)?;
        let op: i64 = row.get(1).map_err(get)?;
        let part: Option<i64> = row.get(2).map_err(get)?;
        let id: Option<String> = row.get(3).map_err(get)?;
        let origin: Option<i64> = row.get(4).map_err(get)?;
        let state: Option<i64> = row.get(5).map_err(get)?;
        let at = from_ms(row.get(6).map_err(get)?);
        checkpoint(checkpoints, at, row.get(7).map_err(get)?);
        let message = msg.as_deref().unwrap_or_default();
        let part = u16::try_from(part.unwrap_or(0)).unwrap_or(u16::MAX);
        let id = id.as_deref().unwrap_or_default();
        let op = match op {
            OP_BEGIN => StoreOp::Begin {
                message,
                parts: part,
            },
            OP_SUBMITTED => StoreOp::Submitted {
                message,
                part,
                message_id: id,
            },
            OP_SUBMIT_FAILED => StoreOp::SubmitFailed { message, part },
            OP_REPORT => StoreOp::Report {
                message_id: id,
                origin: code_origin(origin.unwrap_or(2)),
                state: code_state(state.unwrap_or(7)),
            },
            OP_EXPIRED => {
                mem.expire_one(at, message);
                continue;
            }
            _ => continue,
        };
        // Outcomes were reported when the rows were first written.
        let _ = mem.apply_one(at, &op);
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
        results.extend(ops.iter().map(|op| self.mem.apply_one(now, op)));
        if let Err(e) = self.write_batch(now, ops, &results) {
            self.poisoned = true;
            return Err(backend(e));
        }
        checkpoint(&mut self.checkpoints, now, self.conn.last_insert_rowid());
        out.append(&mut results);
        self.results = results;
        Ok(())
    }

    fn expire(&mut self, now: Duration) -> Result<Swept, StoreError> {
        self.check()?;
        let sweep = self.mem.sweep(now);
        let account = String::from(self.mem.account());
        let pending_ttl = self.mem.config().pending_ttl;
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
        let write = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            {
                let mut expired = tx.prepare_cached(
                    "INSERT INTO journal (account, msg, op, at) VALUES (?1, ?2, ?3, ?4)",
                )?;
                for s in &sweep.expired {
                    expired.execute(params![account, s.message, OP_EXPIRED, ms(now)])?;
                }
                if let Some(seq) = old_rows {
                    tx.execute(
                        "DELETE FROM journal WHERE seq <= ?1 AND account = ?2",
                        params![seq, account],
                    )?;
                }
                tx.execute(
                    "DELETE FROM journal WHERE account = ?1 AND msg IS NULL AND at <= ?2",
                    params![account, ms(now.saturating_sub(pending_ttl))],
                )?;
            }
            tx.commit()
        };
        if let Err(e) = write(&mut self.conn) {
            self.poisoned = true;
            return Err(backend(e));
        }
        Ok(sweep)
    }

    fn open_messages(&mut self) -> Result<u64, StoreError> {
        Ok(self.mem.len() as u64)
    }
}
