//! The thread that owns the [`CorrelationStore`] for the async messenger.
//!
//! The stores are synchronous and take batches (see the [store docs](crate::store)). One
//! dedicated thread blocks for the first request, takes every other request queued
//! meanwhile, applies them all as one batch (one SQLite transaction, one Redis pipeline:
//! the group commit) and answers each request in order. The messenger's tokio task never
//! waits on disk or network, and the busier the gateway, the bigger the batches. Every
//! second or so the thread also runs `expire` and passes on what it gave up.
//!
//! A store that never blocks (the [`MemoryStore`](crate::store::MemoryStore)) runs in
//! the messenger's task instead: its requests are applied as one batch each time round
//! the task's loop ([`StoreThread::flush`]), with no thread hand-off per request. The
//! answers come back the same way either way.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::mpsc;

use crate::id::IdOrigin;
use crate::state::State;
use crate::store::{CorrelationStore, OpResult, Settled, StoreOp};

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

/// What the store thread says.
#[derive(Debug)]
pub(crate) enum Answer<T> {
    /// One request's result, with the tag it was sent with.
    Done(T, OpResult),
    /// The number of open messages (for a `CountOpen`), with its tag.
    Open(T, u64),
    /// Messages given up by expiry.
    Expired(Vec<Settled>),
    /// The store failed: nothing more will be answered.
    Failed(String),
}

/// The handle of the store thread (or of the store run inline).
#[derive(Debug)]
pub(crate) struct StoreThread<T> {
    runs: Runs<T>,
    /// Answers, in the order of the requests.
    pub(crate) answers: mpsc::UnboundedReceiver<Answer<T>>,
}

/// Where the store runs.
enum Runs<T> {
    /// On a thread of its own, fed through this channel.
    Thread(std_mpsc::Sender<(T, Request)>),
    /// In the caller's task, by [`StoreThread::flush`].
    Inline(Box<Inline<T>>),
}

impl<T> core::fmt::Debug for Runs<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Thread(_) => "Thread",
            Self::Inline(_) => "Inline",
        })
    }
}

/// A store that never blocks, run in the caller's task.
struct Inline<T> {
    store: Box<dyn CorrelationStore>,
    /// Requests sent since the last flush.
    batch: Vec<(T, Request)>,
    /// The batch's operations' allocation, kept between flushes (empty there).
    ops: Vec<StoreOp<'static>>,
    results: Vec<OpResult>,
    answers: mpsc::UnboundedSender<Answer<T>>,
    last_expire: Instant,
    /// It failed (and said so): later requests are not applied.
    failed: bool,
}

/// Wall-clock time: durable and shared stores compare it with times other processes
/// and earlier runs wrote.
fn unix_now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// Most requests applied as one batch.
const MAX_BATCH: usize = 4096;

/// How often the store's expiry runs.
const EXPIRE_EVERY: Duration = Duration::from_secs(1);

impl<T: Send + 'static> StoreThread<T> {
    /// Starts the thread on an opened store; a store in memory (it never blocks) runs
    /// inline instead.
    pub(crate) fn start(mut store: Box<dyn CorrelationStore>) -> std::io::Result<Self> {
        let (answer_tx, answers) = mpsc::unbounded_channel();
        if store.kind() == "memory" {
            let inline = Inline {
                store,
                batch: Vec::new(),
                ops: Vec::new(),
                results: Vec::new(),
                answers: answer_tx,
                last_expire: Instant::now(),
                failed: false,
            };
            return Ok(Self {
                runs: Runs::Inline(Box::new(inline)),
                answers,
            });
        }
        let (tx, rx) = std_mpsc::channel::<(T, Request)>();
        std::thread::Builder::new()
            .name("dlr-store".into())
            .spawn(move || run(store.as_mut(), &rx, &answer_tx))?;
        Ok(Self {
            runs: Runs::Thread(tx),
            answers,
        })
    }

    /// Queues a request (answered on `answers`; inline, at the next
    /// [`flush`](Self::flush)); `false` if the store is gone.
    pub(crate) fn send(&mut self, tag: T, req: Request) -> bool {
        match &mut self.runs {
            Runs::Thread(tx) => tx.send((tag, req)).is_ok(),
            Runs::Inline(inline) => {
                if inline.failed {
                    return false;
                }
                inline.batch.push((tag, req));
                true
            }
        }
    }

    /// Applies the requests sent since the last call as one batch, and expires what is
    /// due at `now`, when the store runs inline (a thread does this on its own). The
    /// answers wait in [`answers`](Self::answers).
    pub(crate) fn flush(&mut self, now: Instant) {
        let Runs::Inline(inline) = &mut self.runs else {
            return;
        };
        let Inline {
            store,
            batch,
            ops,
            results,
            answers,
            last_expire,
            failed,
        } = &mut **inline;
        if *failed {
            batch.clear();
            return;
        }
        let ok = (batch.is_empty() || apply(store.as_mut(), batch, ops, results, answers))
            && expire_due(store.as_mut(), last_expire, now, answers);
        *failed = !ok;
    }

    /// When [`flush`](Self::flush) next has expiring to do (inline only).
    pub(crate) fn next_expire(&self) -> Option<Instant> {
        match &self.runs {
            Runs::Inline(inline) if !inline.failed => Some(inline.last_expire + EXPIRE_EVERY),
            _ => None,
        }
    }
}

fn run<T>(
    store: &mut dyn CorrelationStore,
    rx: &std_mpsc::Receiver<(T, Request)>,
    answers: &mpsc::UnboundedSender<Answer<T>>,
) {
    let mut batch: Vec<(T, Request)> = Vec::with_capacity(64);
    let mut ops = Vec::with_capacity(64);
    let mut results = Vec::with_capacity(64);
    let mut last_expire = Instant::now();
    loop {
        match rx.recv_timeout(EXPIRE_EVERY) {
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
        if !batch.is_empty() && !apply(store, &mut batch, &mut ops, &mut results, answers) {
            return;
        }
        if !expire_due(store, &mut last_expire, Instant::now(), answers) {
            return;
        }
    }
}

/// Applies `batch` (drained) as one, answering each request in order; `false` once the
/// store failed (it said so) or nobody listens.
fn apply<T>(
    store: &mut dyn CorrelationStore,
    batch: &mut Vec<(T, Request)>,
    spare_ops: &mut Vec<StoreOp<'static>>,
    results: &mut Vec<OpResult>,
    answers: &mpsc::UnboundedSender<Answer<T>>,
) -> bool {
    // The operations borrow the batch: they go in the spare allocation (empty, so
    // re-typed to the batch's lifetime in place) and it is given back empty.
    let mut ops: Vec<StoreOp<'_>> = core::mem::take(spare_ops).into_iter().collect();
    ops.extend(batch.iter().filter_map(|(_, r)| r.op()));
    results.clear();
    let applied = store.apply(unix_now(), &ops, results);
    ops.clear();
    *spare_ops = ops.into_iter().map(|_| unreachable!("cleared")).collect();
    if let Err(e) = applied {
        // The store is done either way; a closed channel means nobody listens.
        let _ = answers.send(Answer::Failed(e.to_string()));
        batch.clear();
        return false;
    }
    let mut results = results.drain(..);
    for (tag, req) in batch.drain(..) {
        let answer = match req {
            Request::CountOpen => match store.open_messages() {
                Ok(n) => Answer::Open(tag, n),
                Err(e) => Answer::Failed(e.to_string()),
            },
            _ => match results.next() {
                Some(r) => Answer::Done(tag, r),
                None => Answer::Failed("the store answered fewer operations".into()),
            },
        };
        if answers.send(answer).is_err() {
            return false;
        }
    }
    true
}

/// Runs the store's expiry once [`EXPIRE_EVERY`] has passed since the last by `now`;
/// `false` once the store failed (it said so) or nobody listens.
fn expire_due<T>(
    store: &mut dyn CorrelationStore,
    last_expire: &mut Instant,
    now: Instant,
    answers: &mpsc::UnboundedSender<Answer<T>>,
) -> bool {
    if now.saturating_duration_since(*last_expire) < EXPIRE_EVERY {
        return true;
    }
    *last_expire = now;
    match store.expire(unix_now()) {
        Ok(swept) if !swept.expired.is_empty() => {
            answers.send(Answer::Expired(swept.expired)).is_ok()
        }
        Ok(_) => true,
        Err(e) => {
            let _ = answers.send(Answer::Failed(e.to_string()));
            false
        }
    }
}
