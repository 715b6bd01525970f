//! The binds of a messenger and the small adapter between them and `smpp::tokio`: the
//! messenger's task reads what each bind's driver receives and reports straight from
//! its queues (no task of its own in between: a receipt wakes one task, not two) and
//! unbinds it on request. Each request carries its connection: an answer to a
//! request of an earlier connection is refused by the driver, never applied to another
//! connection's request of the same number.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::future::Future;
use core::task::{Context, Poll};
use core::time::Duration;

use smpp::session::{BindKind, CloseReason, Outcome};
use smpp::tokio::{
    ConnectError, EsmeClient, EsmeConfig, Incoming, Link, LinkError, LinkEvent, Responder,
};
use smpp::{Bind, CommandStatus};
use tokio::net::ToSocketAddrs;

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

/// What a bind reports, in the order it happened on that bind.
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
    bind: usize,
    link: Link,
    /// The driver's handle, until unbound.
    client: Option<EsmeClient>,
    incoming_open: bool,
    events_open: bool,
    /// [`BindEvent::Gone`] was reported.
    gone: bool,
}

impl BindLink {
    /// Connects and binds as bind number `bind`; read it with [`poll_event`](Self::poll_event).
    pub(crate) async fn connect<A>(
        addr: A,
        config: &BindConfig,
        bind: usize,
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
        Ok(Self {
            bind,
            link: client.link().clone(),
            client: Some(client),
            incoming_open: true,
            events_open: true,
            gone: false,
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
        // Refused only when its connection is gone, as in `ack`: the SMSC resends it.
        let _ = self.link.ack(incoming, status);
    }

    /// The bind's next request or event (requests first); [`BindEvent::Gone`] once, when
    /// the driver is gone for good; then pending. The receive futures are cancel-safe,
    /// so each poll makes new ones.
    pub(crate) fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<BindEvent> {
        let bind = self.bind;
        let Some(client) = self.client.as_mut() else {
            return Poll::Pending;
        };
        if self.incoming_open {
            let next = core::pin::pin!(client.next_incoming());
            match next.poll(cx) {
                Poll::Ready(Some(incoming)) => {
                    return Poll::Ready(BindEvent::Incoming {
                        bind,
                        incoming: Box::new(incoming),
                    });
                }
                Poll::Ready(None) => self.incoming_open = false,
                Poll::Pending => {}
            }
        }
        while self.events_open {
            let next = core::pin::pin!(client.next_event());
            match next.poll(cx) {
                Poll::Ready(Some(LinkEvent::Bound { .. })) => {
                    return Poll::Ready(BindEvent::Up { bind });
                }
                Poll::Ready(Some(LinkEvent::Closed(reason))) => {
                    return Poll::Ready(BindEvent::Down { bind, reason });
                }
                Poll::Ready(Some(_)) => {}
                Poll::Ready(None) => self.events_open = false,
                Poll::Pending => break,
            }
        }
        if !self.incoming_open && !self.events_open && !self.gone {
            self.gone = true;
            return Poll::Ready(BindEvent::Gone { bind });
        }
        Poll::Pending
    }

    /// Unbinds gracefully, waiting at most `limit` for the unbind to end.
    pub(crate) async fn stop(&mut self, limit: Duration) {
        if let Some(client) = self.client.take() {
            let _ = tokio::time::timeout(limit, client.unbind()).await;
        }
    }
}

/// The next request or event of any of `links`, looking at them in turn from `*turn`
/// (then moved past the bind that gave one: a busy bind does not starve the others).
pub(crate) async fn next_event(links: &mut [BindLink], turn: &mut usize) -> BindEvent {
    core::future::poll_fn(|cx| {
        let n = links.len();
        for k in 0..n {
            let i = (*turn + k) % n;
            if let Poll::Ready(e) = links[i].poll_event(cx) {
                *turn = (i + 1) % n;
                return Poll::Ready(e);
            }
        }
        Poll::Pending
    })
    .await
}

/// Unbinds every one of `links` at once, waiting at most `limit`.
pub(crate) async fn stop_all(links: &mut [BindLink], limit: Duration) {
    futures_util::future::join_all(links.iter_mut().map(|l| l.stop(limit))).await;
}
