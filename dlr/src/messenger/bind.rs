//! The binds of a messenger and the small adapter between them and `smpp::tokio`: one
//! task per bind forwards what its driver receives and reports (in one ordered stream)
//! and unbinds it on request. Each request carries its connection: an answer to a
//! request of an earlier connection is refused by the driver, never applied to another
//! connection's request of the same number.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::time::Duration;

use smpp::session::{BindKind, CloseReason, Outcome};
use smpp::tokio::{
    ConnectError, EsmeClient, EsmeConfig, Incoming, Link, LinkError, LinkEvent, Responder,
};
use smpp::{Bind, CommandStatus};
use tokio::net::ToSocketAddrs;
use tokio::sync::{mpsc, oneshot};

/// One bind of a [`Messenger`](super::Messenger): how it binds and how fast it may send.
///
/// Its window is the session's (`esme.session.window`): the submit_sm awaiting their
/// response on this bind at most. Receipts are acknowledged by the messenger once its
/// store has them, so `esme.session.auto_respond` is turned off.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct BindConfig {
    /// The driver's configuration (bind kind, credentials, session, reconnect back-off).
    pub esme: EsmeConfig,
    /// Parts per second at most on this bind (`None`: as fast as the window allows).
    pub rate: Option<u32>,
}

impl BindConfig {
    /// A bind of `kind` with `credentials`, `window` requests in flight at most,
    /// reconnecting with the driver's default back-off.
    pub fn new(kind: BindKind, credentials: Bind<'static>, window: usize) -> Self {
        let mut esme = EsmeConfig::new(kind, credentials);
        esme.session.window = window.max(1);
        Self { esme, rate: None }
    }

    /// From a driver configuration as it is.
    pub fn from_esme(esme: EsmeConfig) -> Self {
        Self { esme, rate: None }
    }

    /// At most `per_second` parts per second on this bind.
    #[must_use]
    pub fn with_rate(mut self, per_second: u32) -> Self {
        self.rate = Some(per_second.max(1));
        self
    }

    pub(crate) fn submits(&self) -> bool {
        self.esme.kind != BindKind::Receiver
    }

    pub(crate) fn receives(&self) -> bool {
        self.esme.kind != BindKind::Transmitter
    }
}

/// The binds of one SMSC account a [`Messenger`](super::Messenger) sends over.
///
/// ```
/// use dlr::messenger::Binds;
/// use smpp::Bind;
///
/// let credentials = Bind::new("esme".try_into()?, "secret".try_into()?);
/// // Four transceivers, each with its own window of 64 and 500 parts per second.
/// let pool = Binds::pool(4, credentials.clone(), 64).with_rate(500);
/// assert_eq!(pool.len(), 4);
/// // A transmitter for the submits, a receiver for the receipts.
/// let pair = Binds::pair(credentials, 64);
/// assert_eq!(pair.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Binds(pub(crate) Vec<BindConfig>);

impl Binds {
    /// One transceiver.
    pub fn transceiver(credentials: Bind<'static>, window: usize) -> Self {
        Self(alloc::vec![BindConfig::new(
            BindKind::Transceiver,
            credentials,
            window
        )])
    }

    /// A transmitter (submits) and a receiver (receipts, MO messages) with the same
    /// credentials.
    pub fn pair(credentials: Bind<'static>, window: usize) -> Self {
        Self(alloc::vec![
            BindConfig::new(BindKind::Transmitter, credentials.clone(), window),
            BindConfig::new(BindKind::Receiver, credentials, window),
        ])
    }

    /// `n` transceivers (at least one), each with its own window.
    pub fn pool(n: usize, credentials: Bind<'static>, window: usize) -> Self {
        Self(
            (0..n.max(1))
                .map(|_| BindConfig::new(BindKind::Transceiver, credentials.clone(), window))
                .collect(),
        )
    }

    /// Adds a bind.
    #[must_use]
    pub fn with(mut self, bind: BindConfig) -> Self {
        self.0.push(bind);
        self
    }

    /// Sets every bind's rate: at most `per_second` parts per second each.
    #[must_use]
    pub fn with_rate(mut self, per_second: u32) -> Self {
        for b in &mut self.0 {
            b.rate = Some(per_second.max(1));
        }
        self
    }

    /// Applies `f` to every bind's driver configuration (timeouts, back-off, a tap).
    #[must_use]
    pub fn configure(mut self, mut f: impl FnMut(&mut EsmeConfig)) -> Self {
        for b in &mut self.0 {
            f(&mut b.esme);
        }
        self
    }

    /// How many binds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The binds.
    pub fn iter(&self) -> impl Iterator<Item = &BindConfig> {
        self.0.iter()
    }
}

/// What a bind's task reports, in the order it happened on that bind.
#[derive(Debug)]
pub(crate) enum BindEvent {
    /// A request from the SMSC.
    Incoming {
        bind: usize,
        incoming: Box<Incoming>,
    },
    /// The bind is bound (again, after a reconnect).
    Up { bind: usize },
    /// The connection ended; the driver may reconnect.
    Down { bind: usize, reason: CloseReason },
    /// The driver is gone for good.
    Gone { bind: usize },
}

/// The messenger's side of one running bind.
#[derive(Debug)]
pub(crate) struct BindLink {
    link: Link,
    stop: Option<oneshot::Sender<()>>,
    done: Option<oneshot::Receiver<()>>,
}

impl BindLink {
    /// Connects and binds; on success its task forwards to `events` as bind number `bind`.
    pub(crate) async fn connect<A>(
        addr: A,
        config: &BindConfig,
        bind: usize,
        events: mpsc::UnboundedSender<BindEvent>,
    ) -> Result<Self, ConnectError>
    where
        A: ToSocketAddrs + Clone + Send + Sync + 'static,
    {
        let mut esme = config.esme.clone();
        // Acknowledged once the store has the receipt (a crash before: the SMSC resends).
        esme.session.auto_respond = false;
        // Only what the window holds goes to the driver; a small queue keeps what a
        // dropped bind holds (and sends after its reconnect) small.
        esme.queue = esme.session.window.max(1);
        let client = EsmeClient::connect(addr, esme).await?;
        let link = client.link().clone();
        let (stop_tx, stop_rx) = oneshot::channel();
        let (done_tx, done_rx) = oneshot::channel();
        tokio::spawn(async move {
            forward(bind, client, events, stop_rx).await;
            let _ = done_tx.send(());
        });
        Ok(Self {
            link,
            stop: Some(stop_tx),
            done: Some(done_rx),
        })
    }

    /// Submits an encoded PDU; the future borrows nothing.
    pub(crate) fn submit(
        &self,
        pdu: smpp::bytes::Bytes,
    ) -> impl Future<Output = Result<Outcome, LinkError>> + Send + 'static {
        self.link.submit_encoded(pdu)
    }

    /// Answers the SMSC's request `to`.
    pub(crate) fn ack(&self, to: Responder, status: CommandStatus) {
        // Refused when its connection is gone (the driver reconnected meanwhile): the
        // SMSC resends what was not answered, on the new connection.
        let _ = self.link.ack(to, status);
    }

    /// Answers the SMSC's request `incoming` now.
    pub(crate) fn ack_now(&self, incoming: &mut Incoming, status: CommandStatus) {
        let _ = self.link.ack(incoming, status);
    }

    /// Starts a graceful unbind.
    pub(crate) fn stop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }

    /// Waits (at most `limit`) for the unbind to end.
    pub(crate) async fn stopped(&mut self, limit: Duration) {
        if let Some(done) = self.done.take() {
            let _ = tokio::time::timeout(limit, done).await;
        }
    }
}

/// What the bind's driver gave: a request or an event (`None`: that queue is closed).
enum Got {
    Incoming(Option<Incoming>),
    Event(Option<LinkEvent>),
}

/// The next request or event of `client`, whichever comes first (requests first). The
/// receive futures are cancel-safe, so each poll makes new ones.
async fn next(client: &mut EsmeClient, incoming_open: bool, events_open: bool) -> Got {
    core::future::poll_fn(|cx| {
        if incoming_open {
            let f = core::pin::pin!(client.next_incoming());
            if let core::task::Poll::Ready(i) = f.poll(cx) {
                return core::task::Poll::Ready(Got::Incoming(i));
            }
        }
        if events_open {
            let f = core::pin::pin!(client.next_event());
            if let core::task::Poll::Ready(e) = f.poll(cx) {
                return core::task::Poll::Ready(Got::Event(e));
            }
        }
        core::task::Poll::Pending
    })
    .await
}

async fn forward(
    bind: usize,
    mut client: EsmeClient,
    events: mpsc::UnboundedSender<BindEvent>,
    mut stop: oneshot::Receiver<()>,
) {
    let (mut incoming_open, mut events_open) = (true, true);
    while incoming_open || events_open {
        let got = tokio::select! {
            biased;
            _ = &mut stop => None,
            got = next(&mut client, incoming_open, events_open) => Some(got),
        };
        match got {
            None => {
                let _ = tokio::time::timeout(Duration::from_secs(5), client.unbind()).await;
                let _ = events.send(BindEvent::Gone { bind });
                return;
            }
            Some(Got::Incoming(Some(incoming))) => {
                let _ = events.send(BindEvent::Incoming {
                    bind,
                    incoming: Box::new(incoming),
                });
            }
            Some(Got::Incoming(None)) => incoming_open = false,
            Some(Got::Event(Some(LinkEvent::Bound { .. }))) => {
                let _ = events.send(BindEvent::Up { bind });
            }
            Some(Got::Event(Some(LinkEvent::Closed(reason)))) => {
                let _ = events.send(BindEvent::Down { bind, reason });
            }
            Some(Got::Event(Some(_))) => {}
            Some(Got::Event(None)) => events_open = false,
        }
    }
    let _ = events.send(BindEvent::Gone { bind });
}
