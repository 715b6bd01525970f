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

use dlr::State;
use dlr::messenger::{
    BindConfig, Binds, MessageOutcome, Messenger, MessengerConfig, MessengerError, MessengerEvent,
    MessengerStats,
};
use dlr::store::{CorrelationStore, Settled};
use smpp::bytes::Bytes;
use smpp::session::BindKind;
use smpp::tokio::{Backoff, ConnectError};
use smpp::{Bind, DecodeOptions};
use tokio::sync::mpsc;

use super::dlr_store::StoreSpec;
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
    /// Parts in flight when the connection dropped: the SMSC may or may not have them;
    /// reported (`connection lost`), never resent.
    pub(crate) lost_parts: u64,
    /// Times the connection dropped (and was bound again).
    pub(crate) reconnects: u64,
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

/// Binds, sends every message of `plans`, waits as configured, unbinds. `on_result` sees
/// each message once it is settled; `on_elsewhere` each message of another run or process
/// that settled here (a receiver's whole output).
///
/// The work is `dlr::messenger`'s: the store, the window and rate, the receipts matched
/// (early ones, duplicates), the reconnects. Requests in flight when the connection drops
/// end as `connection lost` (never resent: the SMSC may have them); the others go out
/// after the reconnect.
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
    let store = config.store.open(&account)?;
    let receiver_only = config.bind == BindKind::Receiver;
    let transmitter_only = config.bind == BindKind::Transmitter;
    // A transmitter never sees receipts: its messages settle at their responses, with the
    // state the store gave if the receipt had already come (to another process).
    let wait_here = config.wait_dlr.is_some() && !transmitter_only;
    // What the plans asked for (send_cmd and demo set registered_delivery so).
    let track = config.wait_dlr.is_some() || transmitter_only;
    let messenger = connect(config, store).await?;
    let mut summary = Summary {
        waited_for_dlr: wait_here,
        ..Summary::default()
    };
    let (done_tx, mut done) = mpsc::unbounded_channel::<Done>();
    // Messages are handed over in order (their keys are RUN:1, RUN:2, …); each is then
    // awaited by a task of its own.
    let sender = {
        let messenger = messenger.clone();
        let parts: Vec<Vec<Bytes>> = plans.iter().map(|p| p.parts.clone()).collect();
        tokio::spawn(async move {
            for (i, parts) in parts.into_iter().enumerate() {
                let mut handle = match messenger.send_encoded(parts, track).await {
                    Ok(h) => h,
                    Err(e) => {
                        let _ = done_tx.send(Done::Refused(i, e.to_string()));
                        continue;
                    }
                };
                let tx = done_tx.clone();
                tokio::spawn(async move {
                    handle.submitted().await;
                    let _ = tx.send(Done::Submitted);
                    let outcome = handle.outcome().await.clone();
                    let _ = tx.send(Done::Settled(i, Box::new(outcome)));
                });
            }
        })
    };
    let mut submitted = 0usize;
    let mut settled = 0usize;
    let mut dlr_deadline: Option<tokio::time::Instant> = None;
    // A receiver asks the store how many messages are still open, now and then.
    let mut open_check = tokio::time::interval(Duration::from_millis(200));
    let mut store_open: Option<u64> = None;
    let mut closing: Option<tokio::task::JoinHandle<MessengerStats>> = None;
    if receiver_only {
        dlr_deadline = Some(tokio::time::Instant::now() + config.wait_dlr.unwrap_or_default());
    }
    let mut sender = Some(sender);
    let mut events_open = true;
    loop {
        if !receiver_only && settled == plans.len() {
            break;
        }
        if submitted == plans.len() && dlr_deadline.is_none() {
            dlr_deadline = Some(if wait_here {
                tokio::time::Instant::now() + config.wait_dlr.unwrap_or_default()
            } else {
                tokio::time::Instant::now()
            });
        }
        tokio::select! {
            d = done.recv(), if settled < plans.len() => match d {
                Some(Done::Submitted) => submitted += 1,
                Some(Done::Settled(i, outcome)) => {
                    settled += 1;
                    let r = result(i, &plans[i], &config.run_id, &outcome, config.wait_dlr.is_some() || transmitter_only);
                    summary.count(&r);
                    on_result(&r, &summary);
                }
                Some(Done::Refused(i, e)) => {
                    submitted += 1;
                    settled += 1;
                    let r = MessageResult {
                        index: i,
                        key: format!("{}:{}", config.run_id, i + 1),
                        kind: plans[i].kind,
                        parts: plans[i].parts.len(),
                        accepted: false,
                        error: Some(e),
                        message_ids: vec![None; plans[i].parts.len()],
                        state: None,
                        response_ms: 0,
                    };
                    summary.count(&r);
                    on_result(&r, &summary);
                }
                None => {
                    return Err(CliError::runtime("the messenger stopped"));
                }
            },
            e = messenger.next_event(), if events_open => match e {
                Some(MessengerEvent::SettledElsewhere(s)) => {
                    summary.settled_elsewhere += 1;
                    on_elsewhere(&s);
                }
                Some(MessengerEvent::StoreFailed(e)) => {
                    // Receipts not yet stored stay unacknowledged: the SMSC resends them.
                    return Err(CliError::runtime(format!("dlr store failed: {e}")));
                }
                Some(_) => {}
                None => {
                    if receiver_only && closing.is_none() {
                        return Err(CliError::runtime("the messenger stopped"));
                    }
                    events_open = false;
                }
            },
            _ = open_check.tick(), if receiver_only && closing.is_none() => {
                if let Ok(n) = messenger.open_messages().await {
                    store_open = Some(n);
                    // Done once receipts have come and no message is open any more.
                    if n == 0 && messenger.stats().receipts > 0 {
                        dlr_deadline = Some(tokio::time::Instant::now());
                    }
                }
            }
            () = sleep_until(dlr_deadline), if closing.is_none() => {
                // Stop waiting: what has not settled resolves with what it has.
                if let Some(s) = sender.take() {
                    let _ = s.await;
                }
                let m = messenger.clone();
                closing = Some(tokio::spawn(async move {
                    let stats = m.stats();
                    let _ = tokio::time::timeout(Duration::from_secs(10), m.close()).await;
                    stats
                }));
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
            let stats = messenger.stats();
            let _ = tokio::time::timeout(Duration::from_secs(10), messenger.close()).await;
            stats
        }
    };
    summary.receipts = stats.receipts;
    summary.receipts_early = stats.receipts_early;
    summary.receipts_duplicate = stats.receipts_duplicate;
    summary.mo_received = stats.mo_received;
    summary.lost_parts = stats.parts_lost;
    summary.reconnects = stats.binds_dropped;
    if receiver_only {
        summary.store_open = store_open;
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// What the tasks awaiting the messages report.
#[derive(Debug)]
enum Done {
    /// A message has every part's submit outcome.
    Submitted,
    /// A message settled.
    Settled(usize, Box<MessageOutcome>),
    /// A message the messenger did not take.
    Refused(usize, String),
}

fn result(
    i: usize,
    plan: &MessagePlan,
    run_id: &str,
    o: &MessageOutcome,
    keep_state: bool,
) -> MessageResult {
    let parts = &o.submitted.parts;
    MessageResult {
        index: i,
        key: if o.key.is_empty() {
            format!("{run_id}:{}", i + 1)
        } else {
            o.key.clone()
        },
        kind: plan.kind,
        parts: plan.parts.len(),
        accepted: o.submitted.all_accepted(),
        error: o.submitted.first_failure().map(ToString::to_string),
        message_ids: parts
            .iter()
            .map(|p| p.message_id().map(str::to_owned))
            .collect(),
        state: if keep_state {
            o.state().filter(|s| s.is_final())
        } else {
            None
        },
        response_ms: o.submitted.response_time.as_millis() as u64,
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => core::future::pending().await,
    }
}

/// Resolves the SMSC's address, connects and binds (reconnecting after a drop); errors
/// say what failed: a bad address (exit 2), a refused connection or a refused bind with
/// its status name (exit 1).
async fn connect(
    config: &SendConfig,
    store: Box<dyn CorrelationStore>,
) -> Result<Messenger, CliError> {
    let addr = resolve(&config.smsc).await?;
    let window = config.window.max(1);
    let mut binds = Binds::default().with(BindConfig::new(
        config.bind,
        config.credentials.clone(),
        window,
    ));
    if let Some(rate) = config.rate {
        binds = binds.with_rate(rate);
    }
    let binds = binds.configure(|esme| {
        // Real SMSCs send quirks; forgive and go on.
        esme.session.decode = DecodeOptions::lenient();
        esme.session.response_timeout = Duration::from_secs(30);
        // A dropped connection is bound again soon; what was not in flight goes out then.
        esme.reconnect = Some(Backoff {
            initial: Duration::from_millis(100),
            max: Duration::from_secs(2),
        });
    });
    let mut messenger_config = MessengerConfig::default();
    messenger_config.key_prefix = format!("{}:", config.run_id);
    messenger_config.down_timeout = Some(Duration::from_secs(30));
    let connecting = Messenger::connect(addr, binds, store, messenger_config);
    match tokio::time::timeout(Duration::from_secs(30), connecting).await {
        Err(_) => Err(CliError::runtime(format!(
            "no bind response from {addr} within 30 s"
        ))),
        Ok(Ok(m)) => Ok(m),
        Ok(Err(MessengerError::Connect {
            error: ConnectError::Io(e),
            ..
        })) => Err(CliError::runtime(format!("cannot connect to {addr}: {e}"))),
        Ok(Err(MessengerError::Connect {
            error: ConnectError::BindFailed(Some(status)),
            ..
        })) => Err(CliError::runtime(format!(
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
