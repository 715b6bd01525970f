//! The ESME client: connect, bind, submit, receive deliver_sm; reconnect with back-off.

use core::future::Future;
use core::time::Duration;
use std::io;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream, ToSocketAddrs};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::incoming::Incoming;
use super::link::{self, Action, IncomingRequests, Link, LinkError, LinkEvent, LinkEvents, Tap};
use crate::session::{BindKind, CloseReason, Config, Event, Outcome, Session};
use crate::{Bind, CommandStatus, Pdu};

/// Reconnect back-off: doubles from `initial` up to `max` after each failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// First wait.
    pub initial: Duration,
    /// Longest wait.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(500),
            max: Duration::from_secs(30),
        }
    }
}

/// How an [`EsmeClient`] binds and behaves.
#[derive(Clone)]
#[non_exhaustive]
pub struct EsmeConfig {
    /// The session's configuration (window, timers, auto_respond for deliver_sm …).
    pub session: Config,
    /// How to bind.
    pub kind: BindKind,
    /// The bind sent (system_id, password, interface_version, …).
    pub bind: Bind<'static>,
    /// Reconnect and rebind after the link is lost (transport closed, link dead,
    /// framing lost, or the SMSC unbound); `None` stops instead. Our own
    /// [`EsmeClient::unbind`] never reconnects.
    pub reconnect: Option<Backoff>,
    /// Requests waiting for a window slot before `submit` itself waits. Default 1024.
    pub queue: usize,
    /// Shown every PDU in and out (a PDU log); `None` by default.
    pub tap: Option<Tap>,
}

impl EsmeConfig {
    /// A configuration sending `bind` as a bind of `kind`, defaults elsewhere.
    pub fn new(kind: BindKind, bind: Bind<'static>) -> Self {
        Self {
            session: Config::default(),
            kind,
            bind,
            reconnect: Some(Backoff::default()),
            queue: 1024,
            tap: None,
        }
    }
}

impl core::fmt::Debug for EsmeConfig {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("EsmeConfig")
            .field("session", &self.session)
            .field("kind", &self.kind)
            .field("bind", &self.bind)
            .field("reconnect", &self.reconnect)
            .field("queue", &self.queue)
            .field("tap", &self.tap.is_some())
            .finish()
    }
}

/// Why an [`EsmeClient`] could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectError {
    /// The transport could not be opened.
    #[error("connect failed: {0}")]
    Io(#[from] io::Error),
    /// The SMSC refused the bind (`None`: no answer in time, or the link closed).
    #[error("bind failed: {0:?}")]
    BindFailed(Option<CommandStatus>),
    /// The outbind did not carry the system_id and password expected
    /// ([`EsmeClient::accept_outbind`]): the connection was closed without binding.
    #[error("outbind refused: unexpected system_id or password")]
    OutbindRefused,
}

/// An ESME client over TCP (or any `AsyncRead + AsyncWrite`, e.g. a TLS stream).
///
/// Requests in flight when the link drops are reported [`Outcome::ConnectionLost`];
/// requests not yet sent wait for the reconnection.
#[derive(Debug)]
pub struct EsmeClient {
    link: Link,
    incoming: IncomingRequests,
    events: LinkEvents,
    task: JoinHandle<()>,
}

impl EsmeClient {
    /// Connects to `addr` over TCP and binds; resolves once bound.
    pub async fn connect<A>(addr: A, config: EsmeConfig) -> Result<Self, ConnectError>
    where
        A: ToSocketAddrs + Clone + Send + Sync + 'static,
    {
        Self::connect_with(
            move || {
                let addr = addr.clone();
                async move {
                    let s = TcpStream::connect(addr).await?;
                    s.set_nodelay(true)?;
                    Ok(s)
                }
            },
            config,
        )
        .await
    }

    /// Connects to `addr` over TCP, completes a TLS handshake with `tls` checking the
    /// server's certificate for `server_name` (feature `tls`), and binds; resolves once
    /// bound. Reconnects do the same. A failed handshake is
    /// [`ConnectError::Io`]. See the [`tls`](super::tls) module for building `tls`.
    #[cfg(feature = "tls")]
    pub async fn connect_tls<A>(
        addr: A,
        server_name: super::tls::rustls::pki_types::ServerName<'static>,
        tls: std::sync::Arc<super::tls::rustls::ClientConfig>,
        config: EsmeConfig,
    ) -> Result<Self, ConnectError>
    where
        A: ToSocketAddrs + Clone + Send + Sync + 'static,
    {
        let connector = super::tls::TlsConnector::from(tls);
        Self::connect_with(
            move || {
                let addr = addr.clone();
                let connector = connector.clone();
                let name = server_name.clone();
                async move {
                    let s = TcpStream::connect(addr).await?;
                    s.set_nodelay(true)?;
                    connector.connect(name, s).await
                }
            },
            config,
        )
        .await
    }

    /// Binds over transports made by `connect` (called again on each reconnect); use
    /// this to layer TLS.
    pub async fn connect_with<F, Fut, S>(
        connect: F,
        config: EsmeConfig,
    ) -> Result<Self, ConnectError>
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = io::Result<S>> + Send + 'static,
        S: AsyncRead + AsyncWrite + Send + 'static,
    {
        let (link, inbox, incoming, events) = link::channels(
            config.queue,
            config.session.max_incoming,
            config.session.window_wait,
        );
        let (first_tx, first_rx) = oneshot::channel();
        let task = tokio::spawn(run(connect, config, inbox, first_tx, None));
        match first_rx.await {
            Ok(Ok(())) => Ok(Self {
                link,
                incoming,
                events,
                task,
            }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(ConnectError::BindFailed(None)),
        }
    }

    /// Waits for an SMSC to connect to `listener` and send outbind (SMPP 3.4 §4.1.7: the
    /// SMSC has messages for us), checks its system_id and password against
    /// `smsc_system_id` and `smsc_password`, and answers with the bind of `config`
    /// (`kind` [`BindKind::Receiver`] or [`BindKind::Transceiver`]); resolves once bound.
    /// An outbind with other credentials is not answered: the connection is closed and
    /// [`ConnectError::OutbindRefused`] returned.
    ///
    /// After the link is lost, [`EsmeConfig::reconnect`] waits for the SMSC's next
    /// outbind on the same listener (the SMSC initiates again).
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
    /// use smpp::Bind;
    /// use smpp::session::BindKind;
    /// use smpp::tokio::{EsmeClient, EsmeConfig};
    ///
    /// let listener = tokio::net::TcpListener::bind("0.0.0.0:2776").await?;
    /// let bind = Bind::new("esme".try_into()?, "pw".try_into()?);
    /// let config = EsmeConfig::new(BindKind::Receiver, bind);
    /// let mut client = EsmeClient::accept_outbind(listener, "SMSC", "obpw", config).await?;
    /// while let Some(incoming) = client.next_incoming().await {
    ///     println!("{:?}: {:?}", incoming.kind(), incoming.pdu());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn accept_outbind(
        listener: TcpListener,
        smsc_system_id: &str,
        smsc_password: &str,
        config: EsmeConfig,
    ) -> Result<Self, ConnectError> {
        if !config.kind.esme_receives() {
            // v3.4 §4.1.7: outbind asks for bind_receiver (or, v5.0, bind_transceiver).
            return Err(ConnectError::Io(io::Error::new(
                io::ErrorKind::InvalidInput,
                "outbind is answered with bind_receiver or bind_transceiver",
            )));
        }
        let expected = Expected {
            system_id: smsc_system_id.to_owned(),
            password: smsc_password.to_owned(),
        };
        let listener = std::sync::Arc::new(listener);
        let accept = move || {
            let listener = listener.clone();
            async move {
                let (s, _) = listener.accept().await?;
                s.set_nodelay(true)?;
                Ok(s)
            }
        };
        let (link, inbox, incoming, events) = link::channels(
            config.queue,
            config.session.max_incoming,
            config.session.window_wait,
        );
        let (first_tx, first_rx) = oneshot::channel();
        let task = tokio::spawn(run(accept, config, inbox, first_tx, Some(expected)));
        match first_rx.await {
            Ok(Ok(())) => Ok(Self {
                link,
                incoming,
                events,
                task,
            }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(ConnectError::BindFailed(None)),
        }
    }

    /// The handle for sending requests (cloneable, usable from many tasks).
    pub fn link(&self) -> &Link {
        &self.link
    }

    /// Submits a request and waits for its [`Outcome`] (see [`Link::submit`]).
    pub fn submit(
        &self,
        pdu: &Pdu<'_>,
    ) -> impl Future<Output = Result<Outcome, LinkError>> + Send + 'static + use<> {
        self.link.submit(pdu)
    }

    /// The next deliver_sm / data_sm (receipts included) / alert_notification from the
    /// SMSC, typed ([`Incoming::kind`]). Answer it with [`Link::ack`] unless it is
    /// [`Incoming::answered`].
    pub async fn next_incoming(&mut self) -> Option<Incoming> {
        self.incoming.recv().await
    }

    /// The next [`LinkEvent`] (throttling, congestion, reconnects, protocol errors).
    pub async fn next_event(&mut self) -> Option<LinkEvent> {
        self.events.recv().await
    }

    /// Unbinds gracefully (draining or failing what is in flight by the session's
    /// [`UnbindPolicy`](crate::session::UnbindPolicy)), closes and waits for the driver.
    pub async fn unbind(self) {
        let _ = self.link.unbind();
        let _ = self.task.await;
    }
}

/// The SMSC an outbind-waiting ESME expects (SMPP 3.4 §4.1.7: the outbind's system_id
/// and password).
#[derive(Clone)]
struct Expected {
    system_id: String,
    password: String,
}

async fn run<F, Fut, S>(
    mut connect: F,
    config: EsmeConfig,
    mut inbox: link::Inbox,
    first: oneshot::Sender<Result<(), ConnectError>>,
    outbind: Option<Expected>,
) where
    F: FnMut() -> Fut + Send + 'static,
    Fut: Future<Output = io::Result<S>> + Send + 'static,
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    let mut first = Some(first);
    let mut wait = config.reconnect.map(|b| b.initial);
    let mut connection = 0u64;
    loop {
        match connect().await {
            Ok(stream) => {
                connection += 1;
                let now = link::now();
                let mut session = Session::esme(config.session.clone(), now);
                if outbind.is_none() && session.bind(now, config.kind, &config.bind).is_err() {
                    if let Some(f) = first.take() {
                        let _ = f.send(Err(ConnectError::BindFailed(None)));
                    }
                    return;
                }
                let mut refused = None;
                let mut outbind_refused = false;
                let conn = link::Connection {
                    number: connection,
                    tap: config.tap.as_ref(),
                };
                let reason = link::drive(
                    &mut session,
                    stream,
                    &mut inbox,
                    conn,
                    |event| match event {
                        Event::Bound { .. } => {
                            wait = config.reconnect.map(|b| b.initial);
                            if let Some(f) = first.take() {
                                let _ = f.send(Ok(()));
                            }
                            Action::Continue
                        }
                        Event::BindFailed { status } => {
                            refused = Some(*status);
                            Action::Close
                        }
                        Event::Outbind {
                            system_id,
                            password,
                        } => match &outbind {
                            // v3.4 §4.1.7: the ESME checks who asks before it binds.
                            Some(e) if *system_id == e.system_id && *password == e.password => {
                                Action::Bind(config.kind, Box::new(config.bind.clone()))
                            }
                            Some(_) => {
                                outbind_refused = true;
                                Action::Close
                            }
                            // Not waiting for outbind (the session refuses it unbound).
                            None => Action::Continue,
                        },
                        _ => Action::Continue,
                    },
                )
                .await;
                if outbind_refused && let Some(f) = first.take() {
                    let _ = f.send(Err(ConnectError::OutbindRefused));
                    return;
                }
                if let Some(f) = first.take() {
                    // Never bound on the first connection: report rather than retry.
                    let _ = f.send(Err(ConnectError::BindFailed(refused.flatten())));
                    return;
                }
                if reason == CloseReason::Unbound || inbox.unbind_requested {
                    return;
                }
            }
            Err(e) => {
                if let Some(f) = first.take() {
                    let _ = f.send(Err(ConnectError::Io(e)));
                    return;
                }
            }
        }
        let (Some(backoff), Some(w)) = (config.reconnect, wait) else {
            return;
        };
        tokio::time::sleep(w).await;
        wait = Some((w * 2).min(backoff.max));
    }
}
