//! The messenger's task: it owns the messages in progress, the dispatcher and the
//! binds' handles; it hands parts to binds, records outcomes and receipts in the store
//! (through its thread), acknowledges receipts once stored and resolves the handles.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::future::Future;
use core::pin::Pin;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use smpp::bytes::Bytes;
use smpp::session::Outcome;
use smpp::tokio::{Incoming, LinkError, Responder};
use smpp::{CommandStatus, Pdu};
use tokio::sync::{mpsc, oneshot};

use super::bind::{self, BindConfig, BindEvent, BindLink};
use super::dispatch::{Dispatcher, Queued};
use super::handle::{MessageOutcome, NotSentReason, PartSubmit, Submitted};
use super::store_thread::{Answer, Request, StoreThread};
use super::{Command, MessengerConfig, MessengerEvent, MessengerStats, NewMessage};
use crate::report::DeliveryReport;
use crate::store::{Settled, StoreEvent};

/// What the task attaches to a store request, returned with its answer.
#[derive(Debug)]
pub(super) enum Tag {
    /// The begin of message `id`.
    Begin(u64),
    /// A part's Submitted / SubmitFailed of message `id`.
    Part(u64),
    /// A receipt in the request `to` answers, on `bind`: acknowledged once stored.
    Receipt { bind: usize, to: Option<Responder> },
    /// [`Command::CountOpen`].
    Count(oneshot::Sender<Result<u64, String>>),
}

/// What [`run`] starts from.
#[derive(Debug)]
pub(super) struct Parts {
    pub(super) config: MessengerConfig,
    pub(super) binds: Vec<BindConfig>,
    pub(super) links: Vec<BindLink>,
    pub(super) store: StoreThread<Tag>,
    pub(super) commands: mpsc::Receiver<Command>,
    pub(super) events: mpsc::UnboundedSender<MessengerEvent>,
    pub(super) stats: Arc<Mutex<MessengerStats>>,
}

/// A message in progress.
#[derive(Debug)]
struct Msg {
    key: String,
    parts: Vec<Bytes>,
    results: Vec<Option<PartSubmit>>,
    answered: usize,
    /// Tracked in the store (it asked for receipts).
    track: bool,
    /// Store requests of this message not yet answered (begin included).
    store_pending: usize,
    started: Option<Instant>,
    bind: Option<usize>,
    settled: Option<Settled>,
    submitted: Option<Submitted>,
    submitted_tx: Option<oneshot::Sender<Submitted>>,
    outcome_tx: Option<oneshot::Sender<MessageOutcome>>,
}

/// One part's end: `(message id, part, bind, result)`.
type PartDone = (u64, u16, usize, Result<Outcome, LinkError>);

/// A part on its bind, resolving to its end.
type PartFuture = Pin<Box<dyn Future<Output = PartDone> + Send>>;

struct Task {
    config: MessengerConfig,
    /// Some bind receives: tracked messages wait for their receipts.
    receiving: bool,
    submitting: Vec<bool>,
    links: Vec<BindLink>,
    gone: Vec<bool>,
    dispatcher: Dispatcher,
    msgs: HashMap<u64, Msg, MessageIds>,
    store: StoreThread<Tag>,
    /// Begin/Submitted/SubmitFailed requests not yet answered.
    store_pending: usize,
    /// Parts handed to a bind without an outcome yet.
    in_flight: usize,
    /// Messages waiting for the store's answer to their Begin.
    waiting_begin: usize,
    events: mpsc::UnboundedSender<MessengerEvent>,
    stats: Arc<Mutex<MessengerStats>>,
    /// The parts handed to binds, awaited in this task (no task of their own: their
    /// outcomes come from the binds' drivers, one wake-up each).
    parts: FuturesUnordered<PartFuture>,
    down_since: Option<Instant>,
}

/// Hashes the task's message ids with one multiplication (Fibonacci hashing) instead of
/// SipHash: they come from the messenger's own counter, not from a peer, so there is no
/// flooding to resist.
type MessageIds = core::hash::BuildHasherDefault<IdHasher>;

#[derive(Clone, Copy, Debug, Default)]
struct IdHasher(u64);

impl core::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(self.0.rotate_left(8) ^ u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        // 2^64 / φ: consecutive ids spread over the whole table, high bits included.
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

pub(super) async fn run(p: Parts) {
    let Parts {
        config,
        binds,
        links,
        mut store,
        mut commands,
        events,
        stats,
    } = p;
    let mut dispatcher = Dispatcher::default();
    for b in &binds {
        let i = dispatcher.add_bind(b.submits(), b.esme.session.window, b.rate);
        dispatcher.up(i);
    }
    // The store's answers are read here, the thread's handle stays in the task.
    let (_, dummy) = mpsc::unbounded_channel();
    let mut answers = core::mem::replace(&mut store.answers, dummy);
    let mut t = Task {
        receiving: binds.iter().any(BindConfig::receives),
        submitting: binds.iter().map(BindConfig::submits).collect(),
        gone: alloc::vec![false; binds.len()],
        config,
        links,
        dispatcher,
        msgs: HashMap::default(),
        store,
        store_pending: 0,
        in_flight: 0,
        waiting_begin: 0,
        events,
        stats,
        parts: FuturesUnordered::new(),
        down_since: None,
    };
    t.stat(|s| s.binds_up = t.links.len() as u64);
    let mut closing: Option<Vec<oneshot::Sender<()>>> = None;
    // The bind read first next time.
    let mut turn = 0;
    let mut store_failed = None;
    loop {
        let now = now();
        t.dispatch(now);
        t.check_down(now);
        // A store run inline applies what this round asked, before the task waits.
        t.store.flush(now);
        if store_failed.is_some() || (closing.is_some() && t.is_drained()) {
            break;
        }
        // Closing: still read, for more Close commands (other sends are refused).
        let accepting = t.dispatcher.queued() + t.waiting_begin < t.config.queue.max(1);
        let wake = t.wake_at(now).map(tokio::time::Instant::from_std);
        tokio::select! {
            c = commands.recv(), if accepting => match c {
                Some(Command::Send(m)) if closing.is_none() => t.accept(*m),
                Some(Command::Send(m)) => t.refuse(*m),
                Some(Command::CountOpen(tx)) => {
                    t.store.send(Tag::Count(tx), Request::CountOpen);
                }
                Some(Command::Close(tx)) => closing.get_or_insert_with(Vec::new).push(tx),
                None => {
                    closing.get_or_insert_with(Vec::new);
                }
            },
            Some(done) = t.parts.next(), if !t.parts.is_empty() => t.on_part(done),
            e = bind::next_event(&mut t.links, &mut turn) => t.on_bind(e),
            a = answers.recv() => match a {
                Some(a) => {
                    if let Err(e) = t.on_answer(a) {
                        store_failed = Some(e);
                    }
                }
                None => store_failed = Some("the store thread stopped".into()),
            },
            () = sleep_until(wake) => {}
        }
    }
    if let Some(e) = &store_failed {
        let _ = t.events.send(MessengerEvent::StoreFailed(e.clone()));
    }
    bind::stop_all(&mut t.links, core::time::Duration::from_secs(5)).await;
    let reason = match store_failed {
        Some(e) => NotSentReason::Store(e),
        None => NotSentReason::Closed,
    };
    for q in t.dispatcher.drain() {
        t.fail_unsent(q, &reason);
    }
    let ids: Vec<u64> = t.msgs.keys().copied().collect();
    for id in ids {
        t.finish(id, true);
    }
    t.stat(|s| s.binds_up = 0);
    drop(commands);
    for tx in closing.into_iter().flatten() {
        let _ = tx.send(());
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => core::future::pending().await,
    }
}

impl Task {
    fn stat(&self, f: impl FnOnce(&mut MessengerStats)) {
        if let Ok(mut s) = self.stats.lock() {
            f(&mut s);
        }
    }

    fn is_drained(&self) -> bool {
        self.dispatcher.is_idle() && self.in_flight == 0 && self.store_pending == 0
    }

    fn wake_at(&self, now: Instant) -> Option<Instant> {
        let rate = self.dispatcher.wake_at(now);
        let down = match (self.down_since, self.config.down_timeout) {
            (Some(since), Some(d)) if !self.dispatcher.is_idle() => Some(since + d),
            _ => None,
        };
        [rate, down, self.store.next_expire()]
            .into_iter()
            .flatten()
            .min()
    }

    fn accept(&mut self, m: NewMessage) {
        let n = m.parts.len();
        self.stat(|s| s.messages += 1);
        let msg = Msg {
            key: m.key,
            results: alloc::vec![None; n],
            parts: m.parts,
            answered: 0,
            track: m.track,
            store_pending: 0,
            started: None,
            bind: None,
            settled: None,
            submitted: None,
            submitted_tx: Some(m.submitted),
            outcome_tx: Some(m.outcome),
        };
        if msg.track {
            // In the store before its first part leaves: a receipt may overtake the
            // response, and a crash after the submit still leaves it to be matched.
            self.store.send(
                Tag::Begin(m.id),
                Request::Begin {
                    key: msg.key.clone(),
                    parts: n as u16,
                },
            );
            self.store_pending += 1;
            self.waiting_begin += 1;
            self.msgs.insert(m.id, msg);
            if let Some(msg) = self.msgs.get_mut(&m.id) {
                msg.store_pending += 1;
            }
        } else {
            self.msgs.insert(m.id, msg);
            self.dispatcher.push(m.id, n as u16);
        }
    }

    /// A message sent after close: not sent.
    fn refuse(&mut self, m: NewMessage) {
        let n = m.parts.len();
        let submitted = Submitted {
            parts: alloc::vec![PartSubmit::NotSent(NotSentReason::Closed); n],
            response_time: core::time::Duration::ZERO,
            bind: None,
        };
        let _ = m.submitted.send(submitted.clone());
        let _ = m.outcome.send(MessageOutcome {
            key: m.key,
            submitted,
            states: alloc::vec![None; n],
            expired: false,
        });
    }

    fn dispatch(&mut self, now: Instant) {
        while let Some((bind, id, part)) = self.dispatcher.next(now) {
            let Some(m) = self.msgs.get_mut(&id) else {
                self.dispatcher.answered(bind);
                continue;
            };
            m.started.get_or_insert(now);
            m.bind.get_or_insert(bind);
            let pdu = m.parts[usize::from(part)].clone();
            let fut = self.links[bind].submit(pdu);
            self.in_flight += 1;
            self.parts
                .push(Box::pin(async move { (id, part, bind, fut.await) }));
        }
    }

    fn check_down(&mut self, now: Instant) {
        if self.dispatcher.any_up() {
            self.down_since = None;
            return;
        }
        let since = *self.down_since.get_or_insert(now);
        if self.dispatcher.is_idle() {
            return;
        }
        let all_gone = self
            .gone
            .iter()
            .zip(&self.submitting)
            .all(|(g, s)| *g || !*s);
        let timed_out = self.config.down_timeout.is_some_and(|d| now >= since + d);
        if all_gone || timed_out {
            for q in self.dispatcher.drain() {
                self.fail_unsent(q, &NotSentReason::NoBind);
            }
        }
    }

    /// The parts of `q` not yet sent end as not sent.
    fn fail_unsent(&mut self, q: Queued, reason: &NotSentReason) {
        let Some(m) = self.msgs.get_mut(&q.id) else {
            return;
        };
        for p in q.next_part..q.parts {
            let slot = &mut m.results[usize::from(p)];
            if slot.is_none() {
                *slot = Some(PartSubmit::NotSent(reason.clone()));
                m.answered += 1;
                if m.track {
                    self.store.send(
                        Tag::Part(q.id),
                        Request::SubmitFailed {
                            key: m.key.clone(),
                            part: p,
                        },
                    );
                    m.store_pending += 1;
                    self.store_pending += 1;
                }
            }
        }
        self.after_answer(q.id);
    }

    fn on_part(&mut self, (id, part, bind, result): PartDone) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.dispatcher.answered(bind);
        let submit = part_submit(result);
        self.stat(|s| {
            s.parts_sent += 1;
            match &submit {
                PartSubmit::Accepted { .. } => s.parts_accepted += 1,
                PartSubmit::Lost => s.parts_lost += 1,
                _ => {}
            }
        });
        let Some(m) = self.msgs.get_mut(&id) else {
            return;
        };
        if m.track {
            let key = m.key.clone();
            let request = match &submit {
                PartSubmit::Accepted { message_id } => Request::Submitted {
                    key,
                    part,
                    id: message_id.clone(),
                },
                _ => Request::SubmitFailed { key, part },
            };
            self.store.send(Tag::Part(id), request);
            m.store_pending += 1;
            self.store_pending += 1;
        }
        let slot = &mut m.results[usize::from(part)];
        if slot.is_none() {
            m.answered += 1;
        }
        *slot = Some(submit);
        self.after_answer(id);
    }

    /// Resolves `submitted` once every part has its outcome, then maybe the outcome.
    fn after_answer(&mut self, id: u64) {
        let Some(m) = self.msgs.get_mut(&id) else {
            return;
        };
        if m.answered == m.parts.len() && m.submitted.is_none() {
            let s = Submitted {
                parts: m.results.iter().flatten().cloned().collect(),
                response_time: m.started.map(|t| now() - t).unwrap_or_default(),
                bind: m.bind,
            };
            if let Some(tx) = m.submitted_tx.take() {
                let _ = tx.send(s.clone());
            }
            m.submitted = Some(s);
        }
        self.finish(id, false);
    }

    /// Resolves the outcome of `id` if it is settled (or `force`: closing).
    fn finish(&mut self, id: u64, force: bool) {
        let Some(m) = self.msgs.get_mut(&id) else {
            return;
        };
        if !force {
            if m.submitted.is_none() || m.store_pending > 0 {
                return;
            }
            let settled = !m.track || !self.receiving || m.settled.is_some();
            if !settled {
                return;
            }
        }
        let Some(mut m) = self.msgs.remove(&id) else {
            return;
        };
        let n = m.parts.len();
        let submitted = match m.submitted.take() {
            Some(s) => s,
            None => {
                let s = Submitted {
                    parts: m
                        .results
                        .iter()
                        .map(|r| {
                            r.clone()
                                .unwrap_or(PartSubmit::NotSent(NotSentReason::Closed))
                        })
                        .collect(),
                    response_time: m.started.map(|t| now() - t).unwrap_or_default(),
                    bind: m.bind,
                };
                if let Some(tx) = m.submitted_tx.take() {
                    let _ = tx.send(s.clone());
                }
                s
            }
        };
        let (states, expired) = match &m.settled {
            Some(s) => (s.parts.iter().map(|p| p.state).collect(), s.expired),
            None => (alloc::vec![None; n], false),
        };
        if let Some(tx) = m.outcome_tx.take() {
            let _ = tx.send(MessageOutcome {
                key: m.key,
                submitted,
                states,
                expired,
            });
        }
    }

    /// A message left the store's open set.
    fn settle(&mut self, s: Settled) {
        let id = s
            .message
            .strip_prefix(self.config.key_prefix.as_str())
            .and_then(|n| n.parse::<u64>().ok())
            .filter(|id| self.msgs.contains_key(id));
        match id {
            Some(id) => {
                if let Some(m) = self.msgs.get_mut(&id) {
                    m.settled = Some(s);
                }
                self.finish(id, false);
            }
            None => {
                self.stat(|st| st.settled_elsewhere += 1);
                let _ = self.events.send(MessengerEvent::SettledElsewhere(s));
            }
        }
    }

    fn on_bind(&mut self, e: BindEvent) {
        match e {
            BindEvent::Incoming { bind, incoming } => self.on_incoming(bind, incoming),
            BindEvent::Up { bind } => {
                if !self.gone[bind] {
                    self.dispatcher.up(bind);
                    self.count_up();
                    let _ = self.events.send(MessengerEvent::BindUp { bind });
                }
            }
            BindEvent::Down { bind, reason } => {
                self.dispatcher.down(bind);
                self.count_up();
                self.stat(|s| s.binds_dropped += 1);
                let _ = self.events.send(MessengerEvent::BindDown { bind, reason });
            }
            BindEvent::Gone { bind } => {
                self.gone[bind] = true;
                self.dispatcher.down(bind);
                self.count_up();
            }
        }
    }

    fn count_up(&self) {
        let up = (0..self.links.len())
            .filter(|&i| self.dispatcher.is_up(i))
            .count() as u64;
        self.stat(|s| s.binds_up = up);
    }

    fn on_incoming(&mut self, bind: usize, mut incoming: Box<Incoming>) {
        let options = self.config.receipt_options;
        // Decoded once, by the session: the fields are views of the frame.
        let report = match &incoming.pdu() {
            Pdu::DeliverSm(sm) if sm.esm_class.is_receipt() => {
                DeliveryReport::from_deliver_sm(sm, &options).ok()
            }
            Pdu::DataSm(sm) if sm.esm_class.is_receipt() => {
                DeliveryReport::from_data_sm(sm, &options).ok()
            }
            _ => None,
        };
        match report {
            Some(r) => {
                // Acknowledged when the store has it (see `on_answer`).
                let to = incoming.responder();
                self.store.send(
                    Tag::Receipt { bind, to },
                    Request::Report {
                        id: String::from(r.message_id.as_str()),
                        origin: r.id_origin,
                        state: r.state,
                    },
                );
            }
            None => {
                if !incoming.answered() {
                    self.links[bind].ack_now(&mut incoming, CommandStatus::ESME_ROK);
                }
                self.stat(|s| s.mo_received += 1);
                let _ = self.events.send(MessengerEvent::Mo(incoming));
            }
        }
    }

    fn on_answer(&mut self, a: Answer<Tag>) -> Result<(), String> {
        match a {
            Answer::Failed(e) => return Err(e),
            Answer::Expired(list) => {
                for s in list {
                    self.settle(s);
                }
            }
            Answer::Open(tag, n) => {
                if let Tag::Count(tx) = tag {
                    let _ = tx.send(Ok(n));
                }
            }
            Answer::Done(tag, result) => match tag {
                Tag::Begin(id) => {
                    self.store_pending = self.store_pending.saturating_sub(1);
                    self.waiting_begin = self.waiting_begin.saturating_sub(1);
                    let Some(m) = self.msgs.get_mut(&id) else {
                        return Ok(());
                    };
                    m.store_pending = m.store_pending.saturating_sub(1);
                    let parts = m.parts.len() as u16;
                    match result {
                        Ok(_) => self.dispatcher.push(id, parts),
                        Err(e) => {
                            // Nothing could match its receipts: not sent.
                            m.track = false;
                            let q = Queued {
                                id,
                                next_part: 0,
                                parts,
                            };
                            self.fail_unsent(q, &NotSentReason::Store(e.to_string()));
                        }
                    }
                }
                Tag::Part(id) => {
                    self.store_pending = self.store_pending.saturating_sub(1);
                    if let Some(m) = self.msgs.get_mut(&id) {
                        m.store_pending = m.store_pending.saturating_sub(1);
                    }
                    if let Ok(StoreEvent::Completed(s)) = result {
                        self.settle(s);
                    }
                    self.finish(id, false);
                }
                Tag::Receipt { bind, to } => {
                    self.stat(|s| s.receipts += 1);
                    match result {
                        Ok(StoreEvent::Completed(s)) => self.settle(s),
                        Ok(StoreEvent::Buffered { .. }) => self.stat(|s| s.receipts_early += 1),
                        Ok(StoreEvent::Duplicate { .. }) => {
                            self.stat(|s| s.receipts_duplicate += 1);
                        }
                        Ok(_) => {}
                        Err(_) => self.stat(|s| s.receipts_refused += 1),
                    }
                    if let Some(to) = to {
                        self.links[bind].ack(to, CommandStatus::ESME_ROK);
                    }
                }
                Tag::Count(tx) => {
                    let _ = tx.send(Err("the store gave no count".into()));
                }
            },
        }
        Ok(())
    }
}

/// A part's result in the messenger's terms.
fn part_submit(result: Result<Outcome, LinkError>) -> PartSubmit {
    match result {
        Ok(Outcome::Accepted(r)) => PartSubmit::Accepted {
            message_id: r.message_id().unwrap_or_default().to_string(),
        },
        Ok(Outcome::Rejected(r)) => PartSubmit::Rejected {
            status: r.status(),
            generic_nack: r.is_generic_nack(),
        },
        Ok(Outcome::Timeout) => PartSubmit::Timeout,
        // In flight when the connection ended (or the session unbound): the SMSC may
        // have it.
        Ok(Outcome::ConnectionLost | Outcome::Unbound) => PartSubmit::Lost,
        Ok(_) => PartSubmit::NotSent(NotSentReason::Refused("no response expected".into())),
        // Never reached a session: the driver was gone.
        Err(LinkError::Closed) => PartSubmit::NotSent(NotSentReason::Closed),
        Err(e) => PartSubmit::NotSent(NotSentReason::Refused(e.to_string())),
    }
}
