//! Messages, not PDUs: send a text over one or more SMPP binds and get a handle that
//! resolves to each part's submit outcome and each part's delivery state (feature `tokio`).
//!
//! This is the loop every gateway writes around an SMPP client: split the text into
//! parts, begin the message in a [`CorrelationStore`]
//! before its first part leaves (so a receipt that overtakes its submit_sm_resp, or one
//! that comes after a restart, is still matched), submit the parts within each bind's
//! window and rate, record every submit_sm_resp's message id, parse every receipt that
//! comes on any bind of the account, acknowledge it once the store has it, and settle the
//! message when every part is final.
//!
//! ```text
//!  send_text ─► split ─► Begin (store) ─► Dispatcher ─► bind 0 ─┐ submit_sm_resp ─► Submitted (store)
//!  MessageHandle ◄── submitted / outcome ◄──┐         └► bind N ─┤ deliver_sm receipt ─► Report (store)
//!                                            └───── Completed ◄──┘        └► ack once stored
//! ```
//!
//! Binds ([`Binds`]): one transceiver, a transmitter+receiver pair, or a pool of N binds
//! to one account, each with its own window and rate. Parts go to the least-loaded bind
//! that is up; the parts of one message stay on one bind. When a bind drops, its
//! requests in flight end as [`PartSubmit::Lost`] (the SMSC may or may not have them:
//! they are reported, never resent silently), the rest of the queue goes out on the
//! other binds, and the dropped bind reconnects with its back-off and takes its share
//! again. Receipts are matched whichever bind of the account they arrive on.
//!
//! Bulk runs: [`send_batch`] hands a list of messages (encoded up front with
//! [`text_parts`] or [`national_parts`]) to a messenger in order, waits for their receipts
//! as long as asked, and gives each message's [`BatchResult`] and the [`BatchSummary`]. The
//! store is named by a [`StoreSpec`](crate::store::StoreSpec) string
//! (`memory`, `sqlite:PATH`, `redis://…`) where a configuration chooses it.
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use dlr::messenger::{Binds, Messenger, MessengerConfig};
//! use dlr::store::MemoryStore;
//! use dlr::{CorrelationConfig, IdNormalizer};
//! use smpp::{Bind, SubmitSm, TextOptions};
//!
//! let credentials = Bind::new("esme".try_into()?, "secret".try_into()?);
//! let store = MemoryStore::new("esme@smsc", IdNormalizer::default(), CorrelationConfig::default());
//! let mut messenger = Messenger::connect(
//!     "127.0.0.1:2775",
//!     Binds::pool(4, credentials, 64),
//!     Box::new(store),
//!     MessengerConfig::default(),
//! )
//! .await?;
//! let template = SubmitSm {
//!     destination_addr: "447700900123".try_into()?,
//!     registered_delivery: smpp::RegisteredDelivery::SUCCESS_OR_FAILURE,
//!     ..SubmitSm::default()
//! };
//! let mut handle = messenger.send_text(&template, "Привет! A long text …", &TextOptions::default()).await?;
//! println!("{:?}", handle.submitted().await.parts);
//! let outcome = tokio::time::timeout(std::time::Duration::from_secs(30), handle.outcome()).await?;
//! println!("{:?}", outcome.state());
//! messenger.close().await;
//! # Ok(()) }
//! ```

mod batch;
mod bind;
mod dispatch;
mod handle;
mod parts;
mod store_thread;
mod task;

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU64, Ordering};
use core::time::Duration;
use std::sync::{Arc, Mutex};

use smpp::bytes::Bytes;
use smpp::session::CloseReason;
use smpp::tokio::{ConnectError, Incoming};
use smpp::{SubmitSm, TextError, TextOptions};
use tokio::net::ToSocketAddrs;
use tokio::sync::{mpsc, oneshot};

pub use batch::{BatchError, BatchOptions, BatchResult, BatchSummary, send_batch};
pub use bind::{BindConfig, Binds};
pub use handle::{MessageHandle, MessageOutcome, NotSentReason, PartSubmit, Submitted};
pub use parts::{national_parts, text_parts};

use crate::store::{CorrelationStore, Settled};

/// How a [`Messenger`] behaves besides its binds.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct MessengerConfig {
    /// The prefix of message keys in the store (message N is `PREFIX` and N). Keys must
    /// be unique across restarts and nodes sharing a store; the default is the time
    /// since the Unix epoch in milliseconds and the process id, then `:`.
    pub key_prefix: String,
    /// Messages accepted but not yet on a bind at most; [`Messenger::send_text`] waits
    /// beyond. Default 4096.
    pub queue: usize,
    /// Queued messages fail as [`NotSentReason::NoBind`] when no bind could submit for
    /// this long (`None`: they wait for a reconnect however long it takes). Default 60 s.
    pub down_timeout: Option<Duration>,
    /// How receipts are parsed. Default [`DecodeOptions::lenient`](crate::DecodeOptions::lenient):
    /// real SMSCs write quirks.
    pub receipt_options: crate::DecodeOptions,
}

impl Default for MessengerConfig {
    fn default() -> Self {
        Self {
            key_prefix: default_prefix(),
            queue: 4096,
            down_timeout: Some(Duration::from_secs(60)),
            receipt_options: crate::DecodeOptions::lenient(),
        }
    }
}

/// A message's key: the prefix, then its number in decimal (written without the
/// formatting machinery, which costs more than the rest of the key's making).
pub(crate) fn message_key(prefix: &str, number: u64) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = number;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut key = String::with_capacity(prefix.len() + digits.len() - at);
    key.push_str(prefix);
    key.extend(digits[at..].iter().map(|&d| char::from(d)));
    key
}

fn default_prefix() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    alloc::format!("{ms:x}-{:x}:", std::process::id())
}

/// Counters of a [`Messenger`], as a snapshot ([`Messenger::stats`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MessengerStats {
    /// Messages accepted by [`Messenger::send_text`] / [`Messenger::send_encoded`].
    pub messages: u64,
    /// submit_sm handed to a bind.
    pub parts_sent: u64,
    /// Parts accepted by the SMSC.
    pub parts_accepted: u64,
    /// Parts whose bind dropped while they were in flight.
    pub parts_lost: u64,
    /// Receipts the store took (each acknowledged after it had it).
    pub receipts: u64,
    /// Receipts that arrived before their submit_sm_resp was recorded.
    pub receipts_early: u64,
    /// Receipts for parts already final or messages already settled (resent, late).
    pub receipts_duplicate: u64,
    /// Receipts the store refused (acknowledged all the same: a resend would not help).
    pub receipts_refused: u64,
    /// Messages of other runs or processes settled here.
    pub settled_elsewhere: u64,
    /// deliver_sm / data_sm that are not receipts (MO messages), handed on as
    /// [`MessengerEvent::Mo`].
    pub mo_received: u64,
    /// Times a bind dropped.
    pub binds_dropped: u64,
    /// Binds up now.
    pub binds_up: u64,
}

/// What a [`Messenger`] reports besides message outcomes ([`Messenger::next_event`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum MessengerEvent {
    /// A deliver_sm or data_sm that is not a receipt (an MO message), already
    /// acknowledged.
    Mo(Box<Incoming>),
    /// A message of another run or process (another key prefix) settled here: a receiver
    /// bind matching receipts for messages a transmitter elsewhere sent.
    SettledElsewhere(Settled),
    /// A bind dropped; its requests in flight end as [`PartSubmit::Lost`].
    BindDown {
        /// The bind's index in [`Binds`].
        bind: usize,
        /// Why.
        reason: CloseReason,
    },
    /// A bind is bound (again).
    BindUp {
        /// The bind's index in [`Binds`].
        bind: usize,
    },
    /// The store failed: the messenger stopped (receipts not yet stored stay
    /// unacknowledged, so the SMSC resends them to whoever binds next).
    StoreFailed(String),
}

/// Why a message could not be handed to the messenger.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SendError {
    /// The text cannot be coded as asked.
    #[error(transparent)]
    Text(#[from] TextError),
    /// More parts than a store can track (65 535).
    #[error("{0} parts: at most 65535")]
    TooManyParts(usize),
    /// No parts.
    #[error("a message needs at least one part")]
    Empty,
    /// The messenger is closed.
    #[error("messenger closed")]
    Closed,
}

/// Why a [`Messenger`] could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MessengerError {
    /// No binds were given.
    #[error("no binds")]
    NoBinds,
    /// A bind failed to connect or was refused.
    #[error("bind {bind}: {error}")]
    Connect {
        /// The bind's index in [`Binds`].
        bind: usize,
        /// What went wrong.
        error: ConnectError,
    },
    /// The store's thread could not start.
    #[error("store thread: {0}")]
    Thread(#[from] std::io::Error),
    /// The messenger is closed.
    #[error("messenger closed")]
    Closed,
    /// The store failed.
    #[error("store: {0}")]
    Store(String),
}

/// A command from the handle to the task.
#[derive(Debug)]
enum Command {
    Send(Box<NewMessage>),
    CountOpen(oneshot::Sender<Result<u64, String>>),
    Close(oneshot::Sender<()>),
}

#[derive(Debug)]
struct NewMessage {
    id: u64,
    key: String,
    parts: Vec<Bytes>,
    track: bool,
    submitted: oneshot::Sender<Submitted>,
    outcome: oneshot::Sender<MessageOutcome>,
}

/// Sends messages over the binds of one SMSC account and matches their receipts (see the
/// [module docs](self)). Cloneable: every clone sends through the same binds and store;
/// [`close`](Self::close) on any of them closes it for all.
#[derive(Clone, Debug)]
pub struct Messenger {
    commands: mpsc::Sender<Command>,
    events: Arc<tokio::sync::Mutex<mpsc::UnboundedReceiver<MessengerEvent>>>,
    stats: Arc<Mutex<MessengerStats>>,
    prefix: Arc<str>,
    next_id: Arc<AtomicU64>,
}

impl Messenger {
    /// Connects and binds every bind of `binds` to `addr` (resolving once all are bound),
    /// with `store` for the correlation (run on a thread of its own).
    pub async fn connect<A>(
        addr: A,
        binds: Binds,
        store: Box<dyn CorrelationStore>,
        config: MessengerConfig,
    ) -> Result<Self, MessengerError>
    where
        A: ToSocketAddrs + Clone + Send + Sync + 'static,
    {
        if binds.is_empty() {
            return Err(MessengerError::NoBinds);
        }
        let store = store_thread::StoreThread::start(store)?;
        let connecting = binds.0.iter().enumerate().map(|(i, b)| {
            let addr = addr.clone();
            async move { bind::BindLink::connect(addr, b, i).await }
        });
        let mut links = Vec::with_capacity(binds.len());
        let mut failed = None;
        for (i, r) in futures_join(connecting).await.into_iter().enumerate() {
            match r {
                Ok(l) => links.push(l),
                Err(error) => {
                    failed.get_or_insert(MessengerError::Connect { bind: i, error });
                }
            }
        }
        if let Some(e) = failed {
            bind::stop_all(&mut links, Duration::from_secs(5)).await;
            return Err(e);
        }
        let (commands, commands_rx) = mpsc::channel(config.queue.clamp(1, 1024));
        let (events_tx, events) = mpsc::unbounded_channel();
        let stats = Arc::new(Mutex::new(MessengerStats::default()));
        let prefix = config.key_prefix.as_str().into();
        tokio::spawn(task::run(task::Parts {
            config,
            binds: binds.0,
            links,
            store,
            commands: commands_rx,
            events: events_tx,
            stats: stats.clone(),
        }));
        Ok(Self {
            commands,
            events: Arc::new(tokio::sync::Mutex::new(events)),
            stats,
            prefix,
            next_id: Arc::new(AtomicU64::new(1)),
        })
    }

    /// Sends `text` as submit_sm built on `template` (addresses, registered_delivery,
    /// service_type, …), coded and split as `options` ask (smpp's
    /// [`submit_sm_parts`](smpp::submit_sm_parts)). The concatenation reference is this
    /// messenger's running count (the one in `options` is replaced), so the parts of
    /// different messages are told apart.
    ///
    /// Receipts are tracked when `template.registered_delivery` asks for an SMSC
    /// delivery receipt (SMPP 3.4 §5.2.17, bits 1-0 not 0). Waits while the messenger's
    /// queue is full.
    pub async fn send_text(
        &self,
        template: &SubmitSm<'_>,
        text: &str,
        options: &TextOptions,
    ) -> Result<MessageHandle, SendError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let opts = TextOptions {
            data_coding: options.data_coding,
            concat: options.concat.with_reference(id),
        };
        let parts = text_parts(template, text, &opts)?;
        let track = template.registered_delivery.wants_receipt();
        self.send_with_id(id, parts, track).await
    }

    /// Sends submit_sm PDUs already encoded (any sequence number: the session numbers
    /// them) as the parts of one message. `receipts`: whether they asked for receipts
    /// (registered_delivery), so the message is tracked in the store.
    pub async fn send_encoded(
        &self,
        parts: Vec<Bytes>,
        receipts: bool,
    ) -> Result<MessageHandle, SendError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.send_with_id(id, parts, receipts).await
    }

    async fn send_with_id(
        &self,
        id: u64,
        parts: Vec<Bytes>,
        track: bool,
    ) -> Result<MessageHandle, SendError> {
        if parts.is_empty() {
            return Err(SendError::Empty);
        }
        if parts.len() > usize::from(u16::MAX) {
            return Err(SendError::TooManyParts(parts.len()));
        }
        let key = message_key(&self.prefix, id);
        let (submitted_tx, submitted_rx) = oneshot::channel();
        let (outcome_tx, outcome_rx) = oneshot::channel();
        let n = parts.len();
        self.commands
            .send(Command::Send(Box::new(NewMessage {
                id,
                key: key.clone(),
                parts,
                track,
                submitted: submitted_tx,
                outcome: outcome_tx,
            })))
            .await
            .map_err(|_| SendError::Closed)?;
        Ok(MessageHandle {
            key,
            parts: n,
            submitted_rx: Some(submitted_rx),
            submitted: None,
            outcome_rx: Some(outcome_rx),
            outcome: None,
        })
    }

    /// The next event (MO messages, messages settled for other runs, binds dropping and
    /// coming back); `None` once the messenger has stopped. Unread events wait in an
    /// unbounded queue: read them, or they accumulate. Clones share one queue: each
    /// event goes to one reader.
    ///
    /// Unbounded on purpose: events are never dropped, and a bounded queue could only
    /// hold them back by stopping the messenger's task, which also sends, stores receipts
    /// and acknowledges them: a sender that never reads events (most do not) would stall
    /// once the queue filled. The events that can grow without end are MO messages and
    /// other runs' settlements; a gateway that receives them reads them.
    pub async fn next_event(&self) -> Option<MessengerEvent> {
        self.events.lock().await.recv().await
    }

    /// The next event if one is waiting.
    pub fn try_next_event(&self) -> Option<MessengerEvent> {
        self.events.try_lock().ok()?.try_recv().ok()
    }

    /// How many messages are open in the store (begun, not settled), this messenger's and
    /// others' (a shared store).
    pub async fn open_messages(&self) -> Result<u64, MessengerError> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .send(Command::CountOpen(tx))
            .await
            .map_err(|_| MessengerError::Closed)?;
        rx.await
            .map_err(|_| MessengerError::Closed)?
            .map_err(MessengerError::Store)
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> MessengerStats {
        self.stats.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The prefix of this messenger's message keys.
    pub fn key_prefix(&self) -> &str {
        &self.prefix
    }

    /// Stops taking messages, sends what was queued, waits for every part's outcome,
    /// unbinds every bind and stops. Messages still waiting for receipts resolve with the
    /// states they have (the store keeps them: a durable store matches their receipts
    /// on a later run).
    ///
    /// Resolves once the messenger has stopped (at once if it already had).
    pub async fn close(&self) {
        let (tx, rx) = oneshot::channel();
        if self.commands.send(Command::Close(tx)).await.is_ok() {
            let _ = rx.await;
        }
    }

    /// Whether the messenger has stopped.
    pub fn is_closed(&self) -> bool {
        self.commands.is_closed()
    }
}

/// Runs futures concurrently and collects their outputs in order.
async fn futures_join<F, T>(futures: impl Iterator<Item = F>) -> Vec<T>
where
    F: Future<Output = T>,
{
    let mut set: Vec<core::pin::Pin<Box<F>>> = futures.map(Box::pin).collect();
    let mut out: Vec<Option<T>> = (0..set.len()).map(|_| None).collect();
    core::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in set.iter_mut().enumerate() {
            if out[i].is_none() {
                match f.as_mut().poll(cx) {
                    core::task::Poll::Ready(v) => out[i] = Some(v),
                    core::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            core::task::Poll::Pending
        } else {
            core::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::message_key;

    // The key written digit by digit is what core's decimal formatting writes.
    #[test]
    fn accepts_message_keys_written_as_format_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 4711, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(message_key("run-7:", n), alloc::format!("run-7:{n}"));
        }
        assert_eq!(message_key("", 12), "12");
    }
}
