//! `--dlr-store`: where the ESME's submissions wait for their receipts, and the thread that
//! runs the store for the async sender.
//!
//! The `dlr` stores are synchronous and take batches (their docs say why). Here one
//! dedicated thread owns the store: it blocks for the first request, takes every other
//! request queued meanwhile, applies them all as one batch (one SQLite transaction, one
//! Redis pipeline: the group commit), and answers each request on the sender's channel.
//! The sender's tokio tasks never wait on disk or network, and the busier the gateway, the
//! bigger the batches. Every second or so the thread also runs `expire` and passes on what
//! it gave up.

use std::path::PathBuf;
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use dlr::store::{
    CorrelationStore, MemoryStore, OpResult, RedisStore, Settled, SqliteStore, StoreError, StoreOp,
    Synchronous,
};
use dlr::{CorrelationConfig, IdNormalizer, IdOrigin, State};
use tokio::sync::mpsc;

use crate::common::CliError;

/// Which store, as `--dlr-store` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StoreSpec {
    /// `memory`: this process only.
    Memory,
    /// `sqlite:PATH`: a file that survives the process being killed (SQLite WAL with
    /// `synchronous=NORMAL`: a committed batch is in the WAL file, which the kernel keeps
    /// whatever happens to the process; only a power cut or a kernel crash can lose the
    /// last batches, since the WAL is fsynced at checkpoints only).
    Sqlite(PathBuf),
    /// `sqlite-full:PATH`: the same, fsynced at every batch (`synchronous=FULL`): a
    /// committed batch also survives a power cut, at the cost of one fsync per batch.
    SqliteFull(PathBuf),
    /// `redis://HOST:PORT[/DB]`: shared by several processes.
    Redis(String),
}

impl StoreSpec {
    /// Parses `--dlr-store`.
    pub(crate) fn parse(s: &str) -> Result<Self, CliError> {
        if s == "memory" {
            Ok(Self::Memory)
        } else if let Some(path) = s.strip_prefix("sqlite:") {
            if path.is_empty() {
                return Err(CliError::bad_input("--dlr-store sqlite:PATH needs a path"));
            }
            Ok(Self::Sqlite(PathBuf::from(path)))
        } else if let Some(path) = s.strip_prefix("sqlite-full:") {
            if path.is_empty() {
                return Err(CliError::bad_input(
                    "--dlr-store sqlite-full:PATH needs a path",
                ));
            }
            Ok(Self::SqliteFull(PathBuf::from(path)))
        } else if s.starts_with("redis://") {
            Ok(Self::Redis(s.to_owned()))
        } else {
            Err(CliError::bad_input(format!(
                "--dlr-store {s:?}: expected memory, sqlite:PATH, sqlite-full:PATH or redis://HOST:PORT"
            )))
        }
    }

    /// What the summaries print: `memory`, `sqlite:PATH`, `redis://…`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Memory => "memory".into(),
            Self::Sqlite(p) => format!("sqlite:{}", p.display()),
            Self::SqliteFull(p) => format!("sqlite-full:{}", p.display()),
            Self::Redis(u) => u.clone(),
        }
    }

    /// Opens the store for SMSC account `account`.
    pub(crate) fn open(&self, account: &str) -> Result<Box<dyn CorrelationStore>, CliError> {
        // The SMSC simulator and the peers we know write ids alike in the submit_sm_resp
        // and the receipt: compared as written.
        let ids = IdNormalizer::default();
        let config = CorrelationConfig {
            max_messages: 10_000_000,
            max_pending_reports: 1_000_000,
            ..CorrelationConfig::default()
        };
        let failed =
            |e: StoreError| CliError::runtime(format!("--dlr-store {}: {e}", self.describe()));
        Ok(match self {
            Self::Memory => Box::new(MemoryStore::new(account, ids, config)),
            Self::Sqlite(path) => Box::new(
                SqliteStore::open(path, account, ids, config, Synchronous::Normal)
                    .map_err(failed)?,
            ),
            Self::SqliteFull(path) => Box::new(
                SqliteStore::open(path, account, ids, config, Synchronous::Full).map_err(failed)?,
            ),
            Self::Redis(url) => {
                Box::new(RedisStore::open(url, account, ids, config).map_err(failed)?)
            }
        })
    }
}

/// An operation, owned so it can cross to the store thread.
#[derive(Debug, Clone)]
pub(crate) enum Request {
    Begin {
        key: String,
        parts: u16,
    },
    Submitted {
        key: String,
        part: u16,
        id: String,
    },
    SubmitFailed {
        key: String,
        part: u16,
    },
    Report {
        id: String,
        origin: IdOrigin,
        state: State,
    },
    /// How many messages are open.
    CountOpen,
}

impl Request {
    fn op(&self) -> Option<StoreOp<'_>> {
        Some(match self {
            Self::Begin { key, parts } => StoreOp::Begin {
                message: key,
                parts: *parts,
            },
            Self::Submitted { key, part, id } => StoreOp::Submitted {
                message: key,
                part: *part,
                message_id: id,
            },
            Self::SubmitFailed { key, part } => StoreOp::SubmitFailed {
                message: key,
                part: *part,
            },
            Self::Report { id, origin, state } => StoreOp::Report {
                message_id: id,
                origin: *origin,
                state: *state,
            },
            Self::CountOpen => return None,
        })
    }
}

/// What the caller attaches to a request, returned with its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    /// The begin of message `index`.
    Begin(usize),
    /// A submit response of message `index`.
    Response(usize),
    /// A receipt in the deliver_sm of this sequence number: acknowledge once stored.
    Receipt(u32),
    /// The answer to `CountOpen`.
    Count,
}

/// What the store thread says.
#[derive(Debug)]
pub(crate) enum Answer {
    /// One request's result.
    Done(Tag, OpResult),
    /// The number of open messages.
    Open(u64),
    /// Messages given up by expiry.
    Expired(Vec<Settled>),
    /// The store failed: nothing more will be answered.
    Failed(String),
}

/// The handle of the store thread.
#[derive(Debug)]
pub(crate) struct StoreThread {
    tx: std_mpsc::Sender<(Tag, Request)>,
    /// Answers, in order.
    pub(crate) answers: mpsc::UnboundedReceiver<Answer>,
}

/// Wall-clock time: the stores compare it with times other processes and runs wrote.
fn unix_now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// Most requests applied as one batch.
const MAX_BATCH: usize = 4096;

impl StoreThread {
    /// Starts the thread on an opened store.
    pub(crate) fn start(mut store: Box<dyn CorrelationStore>) -> Self {
        let (tx, rx) = std_mpsc::channel::<(Tag, Request)>();
        let (answer_tx, answers) = mpsc::unbounded_channel();
        std::thread::Builder::new()
            .name("dlr-store".into())
            .spawn(move || run(store.as_mut(), &rx, &answer_tx))
            .ok();
        Self { tx, answers }
    }

    /// Queues a request (answered on `answers`); `false` if the thread is gone.
    pub(crate) fn send(&self, tag: Tag, req: Request) -> bool {
        self.tx.send((tag, req)).is_ok()
    }
}

fn run(
    store: &mut dyn CorrelationStore,
    rx: &std_mpsc::Receiver<(Tag, Request)>,
    answers: &mpsc::UnboundedSender<Answer>,
) {
    let mut batch: Vec<(Tag, Request)> = Vec::with_capacity(MAX_BATCH);
    let mut results = Vec::with_capacity(MAX_BATCH);
    let mut last_expire = Instant::now();
    loop {
        match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(first) => batch.push(first),
            Err(std_mpsc::RecvTimeoutError::Timeout) => {}
            Err(std_mpsc::RecvTimeoutError::Disconnected) => return,
        }
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(r) => batch.push(r),
                Err(_) => break,
            }
        }
        if !batch.is_empty() {
            let ops: Vec<StoreOp<'_>> = batch.iter().filter_map(|(_, r)| r.op()).collect();
            results.clear();
            if let Err(e) = store.apply(unix_now(), &ops, &mut results) {
                // The thread ends either way; a closed channel means the gateway has
                // already stopped listening, so there is nobody left to tell.
                let _ = answers.send(Answer::Failed(e.to_string()));
                return;
            }
            let mut results = results.drain(..);
            for (tag, req) in batch.drain(..) {
                let answer = match req {
                    Request::CountOpen => match store.open_messages() {
                        Ok(n) => Answer::Open(n),
                        Err(e) => Answer::Failed(e.to_string()),
                    },
                    _ => match results.next() {
                        Some(r) => Answer::Done(tag, r),
                        None => Answer::Failed("the store answered fewer operations".into()),
                    },
                };
                if answers.send(answer).is_err() {
                    return;
                }
            }
        }
        if last_expire.elapsed() >= Duration::from_secs(1) {
            last_expire = Instant::now();
            match store.expire(unix_now()) {
                Ok(swept) if !swept.expired.is_empty() => {
                    if answers.send(Answer::Expired(swept.expired)).is_err() {
                        return;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let _ = answers.send(Answer::Failed(e.to_string()));
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_store_forms() {
        assert_eq!(StoreSpec::parse("memory").unwrap(), StoreSpec::Memory);
        assert_eq!(
            StoreSpec::parse("sqlite:/tmp/x.db").unwrap(),
            StoreSpec::Sqlite("/tmp/x.db".into())
        );
        assert_eq!(
            StoreSpec::parse("sqlite-full:/tmp/x.db").unwrap(),
            StoreSpec::SqliteFull("/tmp/x.db".into())
        );
        assert_eq!(
            StoreSpec::parse("redis://127.0.0.1:6379").unwrap(),
            StoreSpec::Redis("redis://127.0.0.1:6379".into())
        );
    }

    #[test]
    fn rejects_other_store_forms() {
        for bad in [
            "",
            "sqlite:",
            "sqlite-full:",
            "mysql://x",
            "Memory",
            "redis:x",
        ] {
            assert!(StoreSpec::parse(bad).is_err(), "{bad}");
        }
    }
}
