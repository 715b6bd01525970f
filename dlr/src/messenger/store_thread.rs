//! The thread that owns the [`CorrelationStore`] for the async messenger.
//!
//! The stores are synchronous and take batches (see the [store docs](crate::store)). One
//! dedicated thread blocks for the first request, takes every other request queued
//! meanwhile, applies them all as one batch (one SQLite transaction, one Redis pipeline:
//! the group commit) and answers each request in order. The messenger's tokio task never
//! waits on disk or network, and the busier the gateway, the bigger the batches. Every
//! second or so the thread also runs `expire` and passes on what it gave up.

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

/// The handle of the store thread.
#[derive(Debug)]
pub(crate) struct StoreThread<T> {
    tx: std_mpsc::Sender<(T, Request)>,
    /// Answers, in the order of the requests.
    pub(crate) answers: mpsc::UnboundedReceiver<Answer<T>>,
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

impl<T: Send + 'static> StoreThread<T> {
    /// Starts the thread on an opened store.
    pub(crate) fn start(mut store: Box<dyn CorrelationStore>) -> std::io::Result<Self> {
        let (tx, rx) = std_mpsc::channel::<(T, Request)>();
        let (answer_tx, answers) = mpsc::unbounded_channel();
        std::thread::Builder::new()
            .name("dlr-store".into())
            .spawn(move || run(store.as_mut(), &rx, &answer_tx))?;
        Ok(Self { tx, answers })
    }

    /// Queues a request (answered on `answers`); `false` if the thread is gone.
    pub(crate) fn send(&self, tag: T, req: Request) -> bool {
        self.tx.send((tag, req)).is_ok()
    }
}

fn run<T>(
    store: &mut dyn CorrelationStore,
    rx: &std_mpsc::Receiver<(T, Request)>,
    answers: &mpsc::UnboundedSender<Answer<T>>,
) {
    let mut batch: Vec<(T, Request)> = Vec::with_capacity(64);
    let mut results = Vec::with_capacity(64);
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
                // The thread ends either way; a closed channel means nobody listens.
                let _ = answers.send(Answer::Failed(e.to_string()));
                return;
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
