//! A batch: many messages sent through one [`Messenger`], each settled with its parts'
//! outcomes and its final receipt state, counted into a [`BatchSummary`]; the loop a bulk
//! sender, a load test or a receipt collector runs around the messenger.
//!
//! The messenger does the work (the store, the window and rate, the receipts matched even
//! when early or duplicated, the reconnects); the batch hands the messages over in order,
//! waits as [`BatchOptions`] asks, and closes the messenger.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::future::Future;
use core::pin::Pin;
use core::time::Duration;
use std::time::Instant;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use smpp::bytes::Bytes;
use smpp::session::BindKind;
use tokio::sync::mpsc;

use super::{MessageHandle, MessageOutcome, Messenger, MessengerEvent, MessengerStats};
use crate::State;
use crate::store::Settled;

/// How a batch runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchOptions {
    /// What the messenger's binds do: [`BindKind::Transceiver`] sends and collects the
    /// receipts; [`BindKind::Transmitter`] only sends (another process collects the
    /// receipts through a shared store: messages settle at their responses, with the state
    /// the store has if the receipt came already); [`BindKind::Receiver`] sends nothing and
    /// collects receipts for messages other processes sent, until, once some have come, no
    /// message is open in the store, or until `wait_receipts` runs out.
    pub bind: BindKind,
    /// How long to wait for receipts after the last submit response (`None`: do not wait,
    /// and the messages did not ask for receipts unless the binds are a transmitter).
    pub wait_receipts: Option<Duration>,
}

impl Default for BatchOptions {
    /// A transceiver that does not wait for receipts.
    fn default() -> Self {
        Self {
            bind: BindKind::Transceiver,
            wait_receipts: None,
        }
    }
}

/// What became of one message of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BatchResult {
    /// Its index in the batch, from 0.
    pub index: usize,
    /// Its key in the correlation store.
    pub key: String,
    /// How many parts it has.
    pub parts: usize,
    /// Every part accepted.
    pub accepted: bool,
    /// The first failure: a status name, `timeout`, `connection lost`, …
    pub error: Option<String>,
    /// Each part's message id (`None`: not accepted).
    pub message_ids: Vec<Option<String>>,
    /// The final state the receipts reported (`None`: none received, or not awaited).
    pub state: Option<State>,
    /// From the first part's submission to the last response.
    pub response_time: Duration,
}

/// The totals of a batch.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct BatchSummary {
    /// Messages handed over (or refused).
    pub submitted: u64,
    /// Messages with every part accepted.
    pub accepted: u64,
    /// Messages with a part refused, timed out or lost.
    pub failed: u64,
    /// Accepted messages whose receipts say delivered.
    pub delivered: u64,
    /// Accepted messages whose receipts give another final state.
    pub undelivered: u64,
    /// Accepted messages whose receipts did not all come while waited for.
    pub dlr_missing: u64,
    /// Parts of all messages.
    pub parts: u64,
    /// MO messages received meanwhile.
    pub mo_received: u64,
    /// From the start of the batch to the messenger closed.
    pub elapsed: Duration,
    /// Whether receipts were waited for.
    pub waited_for_dlr: bool,
    /// Receipts stored: each acknowledged after the store had it.
    pub receipts: u64,
    /// Receipts that arrived before their submit_sm_resp was recorded.
    pub receipts_early: u64,
    /// Receipts for parts already final or messages already settled (resent, late).
    pub receipts_duplicate: u64,
    /// Messages of other runs or processes settled here (receiver binds, restarts).
    pub settled_elsewhere: u64,
    /// Messages still open in the store at the end (receiver binds only).
    pub store_open: Option<u64>,
    /// The messages' response times added up ([`BatchResult::response_time`]).
    pub response_time: Duration,
    /// Parts in flight when a connection dropped: the SMSC may or may not have them;
    /// reported (`connection lost`), never resent.
    pub lost_parts: u64,
    /// Times a connection dropped (and was bound again).
    pub reconnects: u64,
}

impl BatchSummary {
    /// Empty totals, counting accepted messages without a final state as
    /// [`dlr_missing`](Self::dlr_missing) when `waited_for_dlr`: for totals of a group of
    /// a batch's results (by kind, by destination) built with [`add`](Self::add).
    ///
    /// ```
    /// use dlr::messenger::BatchSummary;
    /// let by_kind: std::collections::BTreeMap<&str, BatchSummary> = Default::default();
    /// assert_eq!(BatchSummary::new(true).mean_response_time(), std::time::Duration::ZERO);
    /// # let _ = by_kind;
    /// ```
    pub fn new(waited_for_dlr: bool) -> Self {
        Self {
            waited_for_dlr,
            ..Self::default()
        }
    }

    /// The mean of the messages' response times (zero when there is none).
    pub fn mean_response_time(&self) -> Duration {
        match u32::try_from(self.submitted) {
            Ok(0) => Duration::ZERO,
            Ok(n) => self.response_time / n,
            Err(_) => {
                Duration::from_secs_f64(self.response_time.as_secs_f64() / self.submitted as f64)
            }
        }
    }

    /// Messages per second over [`elapsed`](Self::elapsed).
    pub fn msgs_per_sec(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.submitted as f64 / secs
        } else {
            0.0
        }
    }

    /// Every message accepted and, when receipts were awaited, every receipt arrived (a
    /// receiver: no message left open).
    pub fn success(&self) -> bool {
        self.failed == 0
            && (!self.waited_for_dlr || self.dlr_missing == 0)
            && self.store_open.unwrap_or(0) == 0
    }

    /// Counts one message's result (what [`send_batch`] does for each).
    pub fn add(&mut self, r: &BatchResult) {
        self.submitted += 1;
        self.parts += r.parts as u64;
        self.response_time += r.response_time;
        if r.accepted {
            self.accepted += 1;
            match r.state {
                Some(s) if s.is_success() => self.delivered += 1,
                Some(_) => self.undelivered += 1,
                None if self.waited_for_dlr => self.dlr_missing += 1,
                None => {}
            }
        } else {
            self.failed += 1;
        }
    }

    fn take_stats(&mut self, stats: &MessengerStats) {
        self.receipts = stats.receipts;
        self.receipts_early = stats.receipts_early;
        self.receipts_duplicate = stats.receipts_duplicate;
        self.mo_received = stats.mo_received;
        self.lost_parts = stats.parts_lost;
        self.reconnects = stats.binds_dropped;
    }
}

/// Why a batch stopped before its end.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    /// The messenger stopped under the batch.
    #[error("the messenger stopped")]
    Stopped,
    /// The store failed (receipts not yet stored stay unacknowledged: the SMSC resends
    /// them).
    #[error("dlr store failed: {0}")]
    StoreFailed(String),
}

/// Sends `messages` (each the encoded submit_sm of its parts, asking for receipts as
/// `options` says) through `messenger` in order, waits as `options` asks, and closes the
/// messenger. `on_result` sees each message once it is settled, with the running totals;
/// `on_elsewhere` each message of another run or process that settled here (a receiver's
/// whole output).
///
/// Requests in flight when a connection drops end as `connection lost` (never resent:
/// the SMSC may have them); the others go out after the reconnect. What has not settled
/// when the wait runs out resolves with what it has (receipts missing).
///
/// ```no_run
/// # async fn example(messenger: dlr::messenger::Messenger, parts: Vec<smpp::bytes::Bytes>)
/// # -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use dlr::messenger::{BatchOptions, send_batch};
///
/// let options = BatchOptions {
///     wait_receipts: Some(Duration::from_secs(30)),
///     ..BatchOptions::default()
/// };
/// let summary = send_batch(messenger, &[parts], &options, |r, _| println!("{r:?}"), |_| {}).await?;
/// assert!(summary.success(), "{summary:?}");
/// # Ok(()) }
/// ```
pub async fn send_batch(
    messenger: Messenger,
    messages: &[Vec<Bytes>],
    options: &BatchOptions,
    mut on_result: impl FnMut(&BatchResult, &BatchSummary),
    mut on_elsewhere: impl FnMut(&Settled),
) -> Result<BatchSummary, BatchError> {
    let started = Instant::now();
    let receiver_only = options.bind == BindKind::Receiver;
    let transmitter_only = options.bind == BindKind::Transmitter;
    // A transmitter never sees receipts: its messages settle at their responses.
    let wait_here = options.wait_receipts.is_some() && !transmitter_only;
    // Whether the messages asked for receipts (and so are tracked in the store).
    let track = options.wait_receipts.is_some() || transmitter_only;
    let wait = options.wait_receipts.unwrap_or_default();
    let mut summary = BatchSummary::new(wait_here);
    let (done_tx, mut done) = mpsc::unbounded_channel::<Done>();
    // Messages are handed over in order (their keys are PREFIX1, PREFIX2, …) by a task
    // that waits while the messenger's queue is full; each is then awaited here, among
    // the others (no task per message: each wakes this loop once for its responses,
    // once for its outcome).
    let sender = {
        let messenger = messenger.clone();
        let messages = messages.to_vec();
        tokio::spawn(async move {
            for (i, parts) in messages.into_iter().enumerate() {
                let handed = match messenger.send_encoded(parts, track).await {
                    Ok(h) => Done::Handed(i, Box::new(h)),
                    Err(e) => Done::Refused(i, e.to_string()),
                };
                if done_tx.send(handed).is_err() {
                    break;
                }
            }
        })
    };
    let mut waiting: FuturesUnordered<Waiting> = FuturesUnordered::new();
    // The sending task still hands messages over.
    let mut handing = true;
    let (mut submitted, mut settled) = (0usize, 0usize);
    let mut deadline: Option<tokio::time::Instant> = None;
    // A receiver asks the store how many messages are still open, now and then.
    let mut open_check = tokio::time::interval(Duration::from_millis(200));
    let mut store_open: Option<u64> = None;
    let mut closing: Option<tokio::task::JoinHandle<MessengerStats>> = None;
    if receiver_only {
        deadline = Some(tokio::time::Instant::now() + wait);
    }
    let mut sender = Some(sender);
    let mut events_open = true;
    let key = |i: usize| super::message_key(messenger.key_prefix(), i as u64 + 1);
    loop {
        if !receiver_only && settled == messages.len() {
            break;
        }
        if !handing && waiting.is_empty() && settled < messages.len() {
            // The sending task ended without handing every message over.
            return Err(BatchError::Stopped);
        }
        if submitted == messages.len() && deadline.is_none() {
            let wait = if wait_here { wait } else { Duration::ZERO };
            deadline = Some(tokio::time::Instant::now() + wait);
        }
        tokio::select! {
            d = done.recv(), if handing && settled < messages.len() => {
                let r = match d {
                    Some(Done::Handed(i, mut handle)) => {
                        waiting.push(Box::pin(async move {
                            handle.submitted().await;
                            Done::Submitted(i, handle)
                        }));
                        continue;
                    }
                    Some(Done::Submitted(..) | Done::Settled(..)) => continue,
                    Some(Done::Refused(i, error)) => {
                        submitted += 1;
                        BatchResult {
                            index: i,
                            key: key(i),
                            parts: messages[i].len(),
                            accepted: false,
                            error: Some(error),
                            message_ids: alloc::vec![None; messages[i].len()],
                            state: None,
                            response_time: Duration::ZERO,
                        }
                    }
                    None => {
                        handing = false;
                        continue;
                    }
                };
                settled += 1;
                summary.add(&r);
                on_result(&r, &summary);
            },
            Some(w) = waiting.next(), if !waiting.is_empty() => {
                let r = match w {
                    Done::Submitted(i, mut handle) => {
                        submitted += 1;
                        waiting.push(Box::pin(async move {
                            let outcome = handle.outcome().await.clone();
                            Done::Settled(i, Box::new(outcome))
                        }));
                        continue;
                    }
                    Done::Settled(i, outcome) => result(i, key(i), &outcome, track),
                    Done::Handed(..) | Done::Refused(..) => continue,
                };
                settled += 1;
                summary.add(&r);
                on_result(&r, &summary);
            },
            e = messenger.next_event(), if events_open => match e {
                Some(MessengerEvent::SettledElsewhere(s)) => {
                    summary.settled_elsewhere += 1;
                    on_elsewhere(&s);
                }
                Some(MessengerEvent::StoreFailed(e)) => return Err(BatchError::StoreFailed(e)),
                Some(_) => {}
                None if receiver_only && closing.is_none() => return Err(BatchError::Stopped),
                None => events_open = false,
            },
            _ = open_check.tick(), if receiver_only && closing.is_none() => {
                if let Ok(n) = messenger.open_messages().await {
                    store_open = Some(n);
                    // Done once receipts have come and no message is open any more.
                    if n == 0 && messenger.stats().receipts > 0 {
                        deadline = Some(tokio::time::Instant::now());
                    }
                }
            }
            () = sleep_until(deadline), if closing.is_none() => {
                // Stop waiting: what has not settled resolves with what it has.
                if let Some(s) = sender.take() {
                    let _ = s.await;
                }
                closing = Some(tokio::spawn(close(messenger.clone())));
                if receiver_only {
                    break;
                }
            }
        }
    }
    let stats = match closing {
        Some(c) => c.await.unwrap_or_default(),
        None => {
            if let Some(s) = sender.take() {
                let _ = s.await;
            }
            close(messenger.clone()).await
        }
    };
    // The messenger has closed, its store answered everything: what it settled for other
    // runs after the loop stopped reading is waiting in the event queue, and reaches the
    // caller too (a receiver stops as soon as the store has no open message, which can be
    // before the last settlements were read).
    while let Some(e) = messenger.try_next_event() {
        if let MessengerEvent::SettledElsewhere(s) = e {
            summary.settled_elsewhere += 1;
            on_elsewhere(&s);
        }
    }
    summary.take_stats(&stats);
    if receiver_only {
        summary.store_open = store_open;
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// A message's next step, awaited in the batch's loop.
type Waiting = Pin<Box<dyn Future<Output = Done> + Send>>;

/// What the sending task and the messages awaited report.
#[derive(Debug)]
enum Done {
    /// A message the messenger took.
    Handed(usize, Box<MessageHandle>),
    /// A message has every part's submit outcome.
    Submitted(usize, Box<MessageHandle>),
    /// A message settled.
    Settled(usize, Box<MessageOutcome>),
    /// A message the messenger did not take.
    Refused(usize, String),
}

/// The counters, then the messenger closed (given 10 s to unbind).
async fn close(messenger: Messenger) -> MessengerStats {
    let stats = messenger.stats();
    let _ = tokio::time::timeout(Duration::from_secs(10), messenger.close()).await;
    stats
}

fn result(index: usize, key: String, o: &MessageOutcome, keep_state: bool) -> BatchResult {
    let parts = &o.submitted.parts;
    BatchResult {
        index,
        key: if o.key.is_empty() { key } else { o.key.clone() },
        parts: parts.len(),
        accepted: o.submitted.all_accepted(),
        error: o.submitted.first_failure().map(ToString::to_string),
        message_ids: parts
            .iter()
            .map(|p| p.message_id().map(String::from))
            .collect(),
        state: o.state().filter(|s| keep_state && s.is_final()),
        response_time: o.submitted.response_time,
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => core::future::pending().await,
    }
}
