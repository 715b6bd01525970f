//! The ESME side shared by `sms send` and `sms demo`: bind with
//! `smpp::tokio::EsmeClient` (transceiver, or transmitter and receiver in separate
//! processes), submit every part within the window and the rate, collect each response
//! and each receipt, match receipts to messages through a `dlr` correlation store (across
//! all the parts of long messages, even when a receipt overtakes its submit_sm_resp, and
//! across processes and restarts with a durable or shared store), unbind.
//!
//! A deliver_sm carrying a receipt is acknowledged only once the store has it: a crash
//! before that leaves it unacknowledged, and the SMSC sends it again.

use std::time::{Duration, Instant};

use dlr::store::{Settled, StoreEvent};
use dlr::{DeliveryReport, State};
use smpp::session::{BindKind, Outcome};
use smpp::tokio::{ConnectError, EsmeClient, EsmeConfig, LinkError};
use smpp::{Bind, CommandStatus, DecodeOptions, Pdu};
use tokio::task::JoinSet;

use super::dlr_store::{Answer, Request, StoreSpec, StoreThread, Tag};
use super::plan::MessagePlan;
use crate::common::CliError;

/// How to send.
#[derive(Debug, Clone)]
pub(crate) struct SendConfig {
    /// `HOST:PORT` of the SMSC.
    pub(crate) smsc: String,
    /// The bind sent (system_id, password).
    pub(crate) credentials: Bind<'static>,
    /// Transceiver (the default), transmitter (submit only: another process receives the
    /// receipts) or receiver (collect receipts for messages other processes sent).
    pub(crate) bind: BindKind,
    /// submit_sm awaiting their response at most.
    pub(crate) window: usize,
    /// submit_sm per second at most.
    pub(crate) rate: Option<u32>,
    /// How long to wait for receipts after the last response (`None`: do not wait).
    pub(crate) wait_dlr: Option<Duration>,
    /// Where submissions wait for their receipts.
    pub(crate) store: StoreSpec,
    /// This run's prefix of message keys in the store (`RUN:N` for message N).
    pub(crate) run_id: String,
}

/// What became of one message.
#[derive(Debug, Clone)]
pub(crate) struct MessageResult {
    pub(crate) index: usize,
    /// Its key in the correlation store.
    pub(crate) key: String,
    pub(crate) kind: &'static str,
    pub(crate) parts: usize,
    /// Every part accepted.
    pub(crate) accepted: bool,
    /// The first failure: a status name, `timeout`, `connection lost`, …
    pub(crate) error: Option<String>,
    pub(crate) message_ids: Vec<Option<String>>,
    /// The final state the receipts reported (`None`: none received or not awaited).
    pub(crate) state: Option<State>,
    /// From the first part's submission to the last response.
    pub(crate) response_ms: u64,
}

/// The totals of a run (the contract's summary keys).
#[derive(Debug, Clone, Default)]
pub(crate) struct Summary {
    pub(crate) submitted: u64,
    pub(crate) accepted: u64,
    pub(crate) failed: u64,
    pub(crate) delivered: u64,
    pub(crate) undelivered: u64,
    pub(crate) dlr_missing: u64,
    pub(crate) parts: u64,
    pub(crate) mo_received: u64,
    pub(crate) elapsed: Duration,
    pub(crate) waited_for_dlr: bool,
    /// Receipts stored: each acknowledged after the store had it.
    pub(crate) receipts: u64,
    /// Receipts that arrived before their submit_sm_resp was recorded.
    pub(crate) receipts_early: u64,
    /// Receipts for parts already final or messages already settled (resent, late).
    pub(crate) receipts_duplicate: u64,
    /// Messages of other runs or processes settled here (receiver binds, restarts).
    pub(crate) settled_elsewhere: u64,
    /// Messages still open in the store at the end (receiver binds).
    pub(crate) store_open: Option<u64>,
}

impl Summary {
    /// Messages per second over the whole run.
    pub(crate) fn msgs_per_sec(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.submitted as f64 / secs
        } else {
            0.0
        }
    }

    /// Whether the contract's exit 0 applies: every message accepted and, when receipts
    /// were awaited, every receipt arrived (a receiver: no message left open).
    pub(crate) fn success(&self) -> bool {
        self.failed == 0
            && (!self.waited_for_dlr || self.dlr_missing == 0)
            && self.store_open.unwrap_or(0) == 0
    }

    fn count(&mut self, r: &MessageResult) {
        self.submitted += 1;
        self.parts += r.parts as u64;
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
}

#[derive(Debug)]
struct Tracked {
    key: String,
    /// The store has it: its parts may leave.
    begun: bool,
    started: Instant,
    responses: usize,
    /// Answers of the store to this message's Submitted / SubmitFailed.
    stored: usize,
    error: Option<String>,
    ids: Vec<Option<String>>,
    state: Option<State>,
    response_ms: u64,
    done: bool,
}

/// Binds, sends every message of `plans`, waits as configured, unbinds. `on_result` sees
/// each message once it is settled; `on_elsewhere` each message of another run or process
/// that settled here (a receiver's whole output).
pub(crate) async fn run(
    config: &SendConfig,
    plans: &[MessagePlan],
    mut on_result: impl FnMut(&MessageResult, &Summary),
    mut on_elsewhere: impl FnMut(&Settled),
) -> Result<Summary, CliError> {
    let started = Instant::now();
    // The store first: a store that cannot open (or normalises ids differently from the
    // one other nodes use) refuses before anything is sent.
    let account = format!("{}@{}", config.credentials.system_id, config.smsc);
    let mut store = StoreThread::start(config.store.open(&account)?);
    let mut client = connect(config).await?;
    let link = client.link().clone();
    let receiver_only = config.bind == BindKind::Receiver;
    let transmitter_only = config.bind == BindKind::Transmitter;
    // A transmitter never sees receipts: its messages settle at their responses, with the
    // state the store gave if the receipt had already come (to another process).
    let wait_here = config.wait_dlr.is_some() && !transmitter_only;
    let mut summary = Summary {
        waited_for_dlr: wait_here,
        ..Summary::default()
    };
    let prefix = format!("{}:", config.run_id);
    let mut tracked: Vec<Tracked> = plans
        .iter()
        .enumerate()
        .map(|(i, p)| Tracked {
            key: format!("{prefix}{}", i + 1),
            begun: false,
            started,
            responses: 0,
            stored: 0,
            error: None,
            ids: vec![None; p.parts.len()],
            state: None,
            response_ms: 0,
            done: false,
        })
        .collect();
    let index_of = |key: &str| -> Option<usize> {
        key.strip_prefix(&prefix)?
            .parse::<usize>()
            .ok()?
            .checked_sub(1)
            .filter(|&i| i < plans.len())
    };
    let window = config.window.max(1);
    let mut inflight = JoinSet::new();
    let (mut next_msg, mut next_part, mut next_begin) = (0usize, 0usize, 0usize);
    let mut settled = 0usize;
    let mut dlr_deadline: Option<tokio::time::Instant> = None;
    let mut touched: Vec<usize> = Vec::new();
    // --rate: parts leave evenly spaced, `gap` apart (a burst of one).
    let gap = config.rate.map(|n| Duration::from_secs(1) / n.max(1));
    let mut next_at = tokio::time::Instant::now();
    let mut link_gone = false;
    // Requests the store has not answered yet; the run ends only when it has answered all.
    let mut in_store = 0usize;
    // A receiver asks the store how many messages are still open, now and then.
    let mut open_check = tokio::time::interval(Duration::from_millis(200));
    let mut store_open: Option<u64> = None;
    // Whether the last count was asked for after receipts had been stored here.
    let (mut receipts_at_check, mut open_after_receipts) = (0u64, false);
    if receiver_only {
        dlr_deadline = Some(tokio::time::Instant::now() + config.wait_dlr.unwrap_or_default());
    }

    loop {
        // Messages are begun in the store ahead of their submission (a window's worth), so
        // each is in the store before its first part leaves: its receipt may overtake its
        // response, and a crash after the submit still leaves it to be matched.
        while next_begin < plans.len() && next_begin < next_msg + window * 2 {
            store.send(
                Tag::Begin(next_begin),
                Request::Begin {
                    key: tracked[next_begin].key.clone(),
                    parts: plans[next_begin].parts.len() as u16,
                },
            );
            in_store += 1;
            next_begin += 1;
        }
        // Keep the window full: the session holds `window` in flight, the driver's queue
        // as many again so the next request is ready when a response frees a slot.
        while inflight.len() < window * 2 && next_msg < plans.len() && tracked[next_msg].begun {
            if let Some(gap) = gap {
                let t = tokio::time::Instant::now();
                if t < next_at {
                    break;
                }
                next_at = next_at.max(t) + gap;
            }
            let plan = &plans[next_msg];
            if next_part == 0 {
                tracked[next_msg].started = Instant::now();
            }
            // Queued at the call (Link::submit_encoded), so parts leave in order.
            let fut = link.submit_encoded(plan.parts[next_part].clone());
            let (m, p) = (next_msg, next_part);
            inflight.spawn(async move { (m, p, fut.await) });
            next_part += 1;
            if next_part == plan.parts.len() {
                next_part = 0;
                next_msg += 1;
            }
        }
        let all_sent = next_msg == plans.len() && inflight.is_empty();
        if all_sent && in_store == 0 {
            if receiver_only {
                // Done once receipts have come and no message is open any more.
                if store_open == Some(0) && open_after_receipts {
                    break;
                }
            } else if settled == plans.len() {
                break;
            }
        }
        if all_sent && dlr_deadline.is_none() {
            dlr_deadline = Some(tokio::time::Instant::now() + config.wait_dlr.unwrap_or_default());
        }
        tokio::select! {
            Some(joined) = inflight.join_next(), if !inflight.is_empty() => {
                let Ok((m, p, result)) = joined else { continue };
                touched.push(m);
                let t = &mut tracked[m];
                t.responses += 1;
                let request = match result {
                    Ok(Outcome::Accepted(resp)) => {
                        let id = resp.message_id().unwrap_or_default().to_owned();
                        t.ids[p] = Some(id.clone());
                        Request::Submitted { key: t.key.clone(), part: p as u16, id }
                    }
                    other => {
                        if t.error.is_none() {
                            t.error = Some(failure(&other));
                        }
                        Request::SubmitFailed { key: t.key.clone(), part: p as u16 }
                    }
                };
                store.send(Tag::Response(m), request);
                in_store += 1;
                if t.responses == t.ids.len() {
                    t.response_ms = t.started.elapsed().as_millis() as u64;
                }
            }
            incoming = client.next_incoming(), if !link_gone => {
                let Some(incoming) = incoming else {
                    // The link is gone: nothing more will come.
                    link_gone = true;
                    dlr_deadline = Some(tokio::time::Instant::now());
                    continue;
                };
                let seq = incoming.sequence_number();
                // Decoded once, by the session: the fields are views of the frame.
                let report = match &incoming.pdu() {
                    Pdu::DeliverSm(sm) if dlr::is_receipt_esm_class(sm.esm_class) => {
                        DeliveryReport::from_deliver_sm(sm, &dlr::DecodeOptions::lenient()).ok()
                    }
                    Pdu::DataSm(sm) if dlr::is_receipt_esm_class(sm.esm_class) => {
                        DeliveryReport::from_data_sm(sm, &dlr::DecodeOptions::lenient()).ok()
                    }
                    _ => None,
                };
                match report {
                    Some(r) => {
                        // Acknowledged when the store has it (Answer::Done(Tag::Receipt)).
                        store.send(
                            Tag::Receipt(seq),
                            Request::Report { id: r.message_id.into(), origin: r.id_origin, state: r.state },
                        );
                        in_store += 1;
                    }
                    None => {
                        if !incoming.answered() {
                            let _ = link.ack(seq, CommandStatus::ESME_ROK);
                        }
                        summary.mo_received += 1;
                    }
                }
            }
            answer = store.answers.recv() => {
                let Some(answer) = answer else {
                    return Err(CliError::runtime("the dlr store thread stopped"));
                };
                let settled_now = match answer {
                    Answer::Failed(e) => {
                        // Receipts not yet stored stay unacknowledged: the SMSC resends them.
                        return Err(CliError::runtime(format!("dlr store failed: {e}")));
                    }
                    Answer::Open(n) => {
                        in_store = in_store.saturating_sub(1);
                        store_open = Some(n);
                        open_after_receipts = receipts_at_check > 0;
                        Vec::new()
                    }
                    Answer::Expired(list) => list,
                    Answer::Done(tag, result) => {
                        in_store = in_store.saturating_sub(1);
                        match tag {
                            Tag::Receipt(seq) => {
                                summary.receipts += 1;
                                let _ = link.ack(seq, CommandStatus::ESME_ROK);
                            }
                            Tag::Response(m) => {
                                tracked[m].stored += 1;
                                touched.push(m);
                            }
                            Tag::Begin(m) => {
                                let t = &mut tracked[m];
                                t.begun = true;
                                if let Err(e) = &result {
                                    // Sent all the same, but nothing will match its receipts.
                                    t.error.get_or_insert_with(|| format!("dlr store: {e}"));
                                }
                            }
                            Tag::Count => {}
                        }
                        match result {
                            Ok(StoreEvent::Completed(s)) => vec![s],
                            Ok(StoreEvent::Buffered { .. }) => {
                                summary.receipts_early += 1;
                                Vec::new()
                            }
                            Ok(StoreEvent::Duplicate { .. }) if matches!(tag, Tag::Receipt(_)) => {
                                summary.receipts_duplicate += 1;
                                Vec::new()
                            }
                            _ => Vec::new(),
                        }
                    }
                };
                for s in settled_now {
                    match index_of(&s.message) {
                        Some(i) => {
                            tracked[i].state = Some(s.state());
                            touched.push(i);
                        }
                        None => {
                            summary.settled_elsewhere += 1;
                            on_elsewhere(&s);
                        }
                    }
                }
            }
            _ = open_check.tick(), if receiver_only && in_store == 0 => {
                store.send(Tag::Count, Request::CountOpen);
                in_store += 1;
                receipts_at_check = summary.receipts;
            }
            // The deadline bounds the wait for receipts, not for the store: what was handed
            // to it is answered first.
            () = sleep_until(dlr_deadline), if all_sent && in_store == 0 => {
                break;
            }
            () = tokio::time::sleep_until(next_at), if gap.is_some() && next_msg < plans.len() && inflight.len() < window * 2 => {}
        }
        // Settle what can be settled: every response in and recorded by the store, and
        // the receipts in when awaited here.
        for i in touched.drain(..) {
            let t = &mut tracked[i];
            if t.done || t.responses < t.ids.len() || t.stored < t.ids.len() {
                continue;
            }
            let finished = t.error.is_some() || !wait_here || t.state.is_some_and(State::is_final);
            if finished {
                t.done = true;
                settled += 1;
                let r = result(
                    i,
                    &plans[i],
                    t,
                    config.wait_dlr.is_some() || transmitter_only,
                );
                summary.count(&r);
                on_result(&r, &summary);
            }
        }
    }
    // Whatever is left waited for a receipt in vain.
    for (i, t) in tracked.iter_mut().enumerate().filter(|(_, t)| !t.done) {
        t.done = true;
        let r = result(i, &plans[i], t, true);
        summary.count(&r);
        on_result(&r, &summary);
    }
    if receiver_only {
        summary.store_open = store_open;
    }
    summary.elapsed = started.elapsed();
    let _ = tokio::time::timeout(Duration::from_secs(5), client.unbind()).await;
    Ok(summary)
}

fn result(i: usize, plan: &MessagePlan, t: &Tracked, keep_state: bool) -> MessageResult {
    MessageResult {
        index: i,
        key: t.key.clone(),
        kind: plan.kind,
        parts: plan.parts.len(),
        accepted: t.error.is_none() && t.responses == t.ids.len(),
        error: t
            .error
            .clone()
            .or_else(|| (t.responses < t.ids.len()).then(|| "no response".to_owned())),
        message_ids: t.ids.clone(),
        state: if keep_state {
            t.state.filter(|s| s.is_final())
        } else {
            None
        },
        response_ms: t.response_ms,
    }
}

/// Why a part failed, for the per-message report.
fn failure(result: &Result<Outcome, LinkError>) -> String {
    match result {
        Ok(Outcome::Rejected(r)) => {
            let s = r.status();
            match s.name() {
                Some(n) if r.is_generic_nack() => format!("generic_nack {n}"),
                Some(n) => n.to_owned(),
                None => format!("0x{:08X}", s.0),
            }
        }
        Ok(Outcome::Timeout) => "timeout".to_owned(),
        Ok(Outcome::ConnectionLost) => "connection lost".to_owned(),
        Ok(Outcome::Unbound) => "unbound".to_owned(),
        Ok(_) => "failed".to_owned(),
        Err(e) => e.to_string(),
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => core::future::pending().await,
    }
}

/// Resolves the SMSC's address, connects and binds a transceiver; errors say what failed:
/// a bad address (exit 2), a refused connection or a refused bind with its status name
/// (exit 1).
async fn connect(config: &SendConfig) -> Result<EsmeClient, CliError> {
    let addr = resolve(&config.smsc).await?;
    let mut esme = EsmeConfig::new(config.bind, config.credentials.clone());
    esme.reconnect = None;
    esme.session.window = config.window.max(1);
    // deliver_sm are answered by `run`, once their receipt is in the store.
    esme.session.auto_respond = false;
    // The rate is kept by pacing submissions in `run`, not with the session's
    // `rate_limit`: smpp's tokio driver arms no timer for the limiter's next slot, so
    // requests paused by it wait for the next enquire_link or response to move on.
    // Real SMSCs send quirks; forgive and go on.
    esme.session.decode = DecodeOptions::lenient();
    esme.session.response_timeout = Duration::from_secs(30);
    match tokio::time::timeout(Duration::from_secs(30), EsmeClient::connect(addr, esme)).await {
        Err(_) => Err(CliError::runtime(format!(
            "no bind response from {addr} within 30 s"
        ))),
        Ok(Ok(c)) => Ok(c),
        Ok(Err(ConnectError::Io(e))) => {
            Err(CliError::runtime(format!("cannot connect to {addr}: {e}")))
        }
        Ok(Err(ConnectError::BindFailed(Some(status)))) => Err(CliError::runtime(format!(
            "bind refused by {addr}: {} ({}, 0x{:08X})",
            status.name().unwrap_or("unknown status"),
            status.description().unwrap_or("no description"),
            status.0
        ))),
        Ok(Err(e)) => Err(CliError::runtime(format!("bind failed at {addr}: {e}"))),
    }
}

/// `HOST:PORT` to a socket address; anything else is bad input.
pub(crate) async fn resolve(s: &str) -> Result<std::net::SocketAddr, CliError> {
    let bad = |why: &str| CliError::bad_input(format!("--smsc {s:?}: {why}"));
    let Some((host, port)) = s.rsplit_once(':') else {
        return Err(bad("expected HOST:PORT"));
    };
    if host.is_empty() || port.parse::<u16>().is_err() {
        return Err(bad("expected HOST:PORT with a port 0-65535"));
    }
    match tokio::net::lookup_host(s).await {
        Ok(mut addrs) => addrs.next().ok_or_else(|| bad("the host has no address")),
        Err(e) => Err(bad(&format!("cannot resolve: {e}"))),
    }
}
