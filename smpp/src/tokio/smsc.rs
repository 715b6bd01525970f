//! The SMSC server: one listener, many binds, each driven by its own task.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::mpsc;

use super::link::{self, Action, IncomingRequests, Link, LinkEvents, Tap};
use crate::session::{BindKind, Config, Event, MessageIds, Session};
use crate::{Bind, CommandStatus, InterfaceVersion};

/// One bound ESME on an [`SmscServer`].
#[derive(Debug)]
pub struct SmscLink {
    /// Send deliver_sm (receipts) with [`Link::submit`]; answer submit_sm with [`Link::ack`].
    pub link: Link,
    /// submit_sm / data_sm / query_sm … from this ESME (auto-accepted with a message id
    /// when [`Config::auto_respond`] is set).
    pub incoming: IncomingRequests,
    /// Informational events of this link.
    pub events: LinkEvents,
    /// How it bound.
    pub kind: BindKind,
    /// The interface version negotiated: the lower of the ESME's and the server's.
    pub interface_version: InterfaceVersion,
    /// Its system_id.
    pub system_id: String,
    /// The number of its connection (from 1, in the order accepted; the one a [`Tap`]
    /// is given).
    pub connection: u64,
}

/// Why [`SmscLink::outbind`] did not bind.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutbindError {
    /// The connection to the ESME could not be opened.
    #[error("connect failed: {0}")]
    Io(#[from] io::Error),
    /// The password or the configured system_id does not fit outbind (3.4 §4.1.7:
    /// system_id at most 15 octets, password at most 8, no NUL).
    #[error("system_id or password too long for outbind, or containing NUL")]
    InvalidField,
    /// The ESME did not bind (closed the connection, bound with a kind that was
    /// refused, or not within [`Config::session_init_timeout`]).
    #[error("the ESME did not bind after outbind")]
    NotBound,
}

impl SmscLink {
    /// Connects to an ESME at `addr` and sends outbind (SMPP 3.4 §4.1.7: the SMSC has
    /// messages to deliver) with `config.system_id` and `password`; the ESME's bind is
    /// judged by `authenticate` as on an [`SmscServer`]. Resolves once bound: send
    /// deliver_sm with [`Link::submit`].
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
    /// use smpp::session::Config;
    /// use smpp::tokio::SmscLink;
    /// use smpp::{Bind, CommandStatus};
    ///
    /// let mut config = Config::default();
    /// config.system_id = "SMSC".into();
    /// let bound = SmscLink::outbind("127.0.0.1:2776", config, "obpw", |_, b: &Bind<'_>| {
    ///     if b.password.as_bytes() == b"pw" { CommandStatus::ESME_ROK } else { CommandStatus::ESME_RINVPASWD }
    /// })
    /// .await?;
    /// println!("{} bound as {:?}", bound.system_id, bound.kind);
    /// # Ok(()) }
    /// ```
    pub async fn outbind<A, F>(
        addr: A,
        config: Config,
        password: &str,
        authenticate: F,
    ) -> Result<SmscLink, OutbindError>
    where
        A: ToSocketAddrs,
        F: Fn(BindKind, &Bind<'_>) -> CommandStatus + Send + Sync + 'static,
    {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Self::outbind_over(stream, config, password, authenticate).await
    }

    /// [`outbind`](Self::outbind) over a transport already open (a TLS stream, say).
    pub async fn outbind_over<S, F>(
        stream: S,
        config: Config,
        password: &str,
        authenticate: F,
    ) -> Result<SmscLink, OutbindError>
    where
        S: AsyncRead + AsyncWrite + Send + 'static,
        F: Fn(BindKind, &Bind<'_>) -> CommandStatus + Send + Sync + 'static,
    {
        // 3.4 §4.1.7: system_id C-Octet String max 16, password max 9 (with NUL).
        let fits = |s: &str, max: usize| s.len() < max && !s.contains('\0');
        if !fits(&config.system_id, 16) || !fits(password, 9) {
            return Err(OutbindError::InvalidField);
        }
        let (link, inbox, incoming, events) =
            link::channels(1024, config.max_incoming, config.window_wait);
        let (tx, mut bound) = mpsc::channel(1);
        let served = Served {
            config,
            auth: Arc::new(authenticate),
            ids: MessageIds::default(),
            tap: None,
            inbox,
            outbind: Some(password.to_owned()),
        };
        let handoff = Bound {
            link,
            incoming,
            events,
            connection: 1,
            tx,
        };
        tokio::spawn(served.run(stream, handoff));
        bound.recv().await.ok_or(OutbindError::NotBound)
    }
}

/// Counts the connections an [`SmscServer`] accepted; see
/// [`SmscServer::connection_count`].
#[derive(Clone, Debug)]
pub struct ConnectionCount(Arc<AtomicU64>);

impl ConnectionCount {
    /// Connections accepted so far (bound or not).
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

type Auth = Arc<dyn Fn(BindKind, &Bind<'_>) -> CommandStatus + Send + Sync>;

/// How accepted connections are carried.
enum Transport {
    Plain,
    #[cfg(feature = "tls")]
    Tls(super::tls::TlsAcceptor),
}

/// What an accepted connection hands to the application once bound.
struct Bound {
    link: Link,
    incoming: IncomingRequests,
    events: LinkEvents,
    connection: u64,
    tx: mpsc::Sender<SmscLink>,
}

/// One accepted connection's session, before its transport is ready.
struct Served {
    config: Config,
    auth: Auth,
    ids: MessageIds,
    tap: Option<Tap>,
    inbox: link::Inbox,
    /// Send outbind with this password first (SMPP 3.4 §4.1.7).
    outbind: Option<String>,
}

impl Served {
    /// Drives the connection's SMSC session; the application gets its [`SmscLink`] once
    /// it bound.
    async fn run<S: AsyncRead + AsyncWrite>(mut self, stream: S, bound: Bound) {
        let auth = self.auth;
        let check = move |k: BindKind, b: &Bind<'_>| auth(k, b);
        let mut session = Session::smsc(self.config, link::now(), check, self.ids);
        if let Some(password) = &self.outbind
            && session.outbind(link::now(), password).is_err()
        {
            return;
        }
        let Bound {
            link,
            incoming,
            events,
            connection,
            tx,
        } = bound;
        let mut waiting = Some((incoming, events));
        let conn = link::Connection {
            number: connection,
            tap: self.tap.as_ref(),
        };
        link::drive(&mut session, stream, &mut self.inbox, conn, |event| {
            if let Event::Bound {
                kind,
                system_id,
                interface_version,
            } = event
                && let Some((incoming, events)) = waiting.take()
            {
                let _ = tx.try_send(SmscLink {
                    link: link.clone(),
                    incoming,
                    events,
                    kind: *kind,
                    interface_version: *interface_version,
                    system_id: system_id.clone(),
                    connection,
                });
            }
            Action::Continue
        })
        .await;
    }
}

/// An SMSC accepting binds on one TCP listener.
#[derive(Debug)]
pub struct SmscServer {
    bound: mpsc::Receiver<SmscLink>,
    accept_task: tokio::task::JoinHandle<()>,
    links: Arc<std::sync::Mutex<Vec<Link>>>,
    local_addr: std::net::SocketAddr,
    accepted: Arc<AtomicU64>,
}

impl SmscServer {
    /// Listens on `addr`; each connection gets an SMSC [`Session`] with `config`, its
    /// binds judged by `authenticate`, message ids from one shared counter.
    pub async fn bind<A, F>(addr: A, config: Config, authenticate: F) -> io::Result<Self>
    where
        A: ToSocketAddrs,
        F: Fn(BindKind, &Bind<'_>) -> CommandStatus + Send + Sync + 'static,
    {
        let listener = TcpListener::bind(addr).await?;
        Self::from_listener(listener, config, authenticate)
    }

    /// Serves an already bound listener.
    pub fn from_listener<F>(
        listener: TcpListener,
        config: Config,
        authenticate: F,
    ) -> io::Result<Self>
    where
        F: Fn(BindKind, &Bind<'_>) -> CommandStatus + Send + Sync + 'static,
    {
        Self::with_tap(listener, config, authenticate, None)
    }

    /// Serves an already bound listener, showing `tap` every PDU in and out of every
    /// connection (bound or not) with the connection's number: a PDU log, a dissector.
    ///
    /// ```no_run
    /// # async fn example() -> std::io::Result<()> {
    /// use std::sync::Arc;
    /// use smpp::CommandStatus;
    /// use smpp::session::Config;
    /// use smpp::tokio::{Direction, SmscServer, Tap};
    ///
    /// let tap: Tap = Arc::new(|conn, dir, pdu: &[u8]| {
    ///     let header = smpp::Header::peek(pdu);
    ///     println!("{conn} {dir:?} {header:?}");
    /// });
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:2775").await?;
    /// let mut server =
    ///     SmscServer::with_tap(listener, Config::default(), |_, _| CommandStatus::ESME_ROK, Some(tap))?;
    /// while let Some(bound) = server.accept().await {
    ///     println!("{} bound as {:?}", bound.system_id, bound.kind);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn with_tap<F>(
        listener: TcpListener,
        config: Config,
        authenticate: F,
        tap: Option<Tap>,
    ) -> io::Result<Self>
    where
        F: Fn(BindKind, &Bind<'_>) -> CommandStatus + Send + Sync + 'static,
    {
        Self::serve(
            listener,
            config,
            Arc::new(authenticate),
            tap,
            Transport::Plain,
        )
    }

    /// Listens on `addr` for SMPP over TLS (feature `tls`): each accepted connection
    /// completes a TLS handshake with `tls` (within
    /// [`Config::session_init_timeout`], else 30 s) before its session starts; one that
    /// fails is closed and never reaches [`accept`](Self::accept). See the
    /// [`tls`](super::tls) module for building `tls`.
    #[cfg(feature = "tls")]
    pub async fn bind_tls<A, F>(
        addr: A,
        config: Config,
        authenticate: F,
        tls: Arc<super::tls::rustls::ServerConfig>,
    ) -> io::Result<Self>
    where
        A: ToSocketAddrs,
        F: Fn(BindKind, &Bind<'_>) -> CommandStatus + Send + Sync + 'static,
    {
        let listener = TcpListener::bind(addr).await?;
        Self::from_listener_tls(listener, config, authenticate, tls, None)
    }

    /// [`bind_tls`](Self::bind_tls) on an already bound listener, with a [`Tap`] that
    /// sees the PDUs inside the TLS stream.
    #[cfg(feature = "tls")]
    pub fn from_listener_tls<F>(
        listener: TcpListener,
        config: Config,
        authenticate: F,
        tls: Arc<super::tls::rustls::ServerConfig>,
        tap: Option<Tap>,
    ) -> io::Result<Self>
    where
        F: Fn(BindKind, &Bind<'_>) -> CommandStatus + Send + Sync + 'static,
    {
        let acceptor = super::tls::TlsAcceptor::from(tls);
        Self::serve(
            listener,
            config,
            Arc::new(authenticate),
            tap,
            Transport::Tls(acceptor),
        )
    }

    fn serve(
        listener: TcpListener,
        config: Config,
        auth: Auth,
        tap: Option<Tap>,
        transport: Transport,
    ) -> io::Result<Self> {
        let local_addr = listener.local_addr()?;
        let accepted = Arc::new(AtomicU64::new(0));
        let counter = accepted.clone();
        let ids = MessageIds::default();
        let (bound_tx, bound) = mpsc::channel(64);
        let links = Arc::new(std::sync::Mutex::new(Vec::new()));
        let links2 = links.clone();
        let accept_task = tokio::spawn(async move {
            // Each connection runs as a task of its own, not owned by this one: stopping
            // the accept loop (Drop, shutdown) leaves the bound links running.
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    // Out of descriptors or similar: do not spin.
                    tokio::time::sleep(core::time::Duration::from_millis(50)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let connection = counter.fetch_add(1, Ordering::Relaxed) + 1;
                let (link, inbox, incoming, events) =
                    link::channels(1024, config.max_incoming, config.window_wait);
                if let Ok(mut all) = links2.lock() {
                    all.retain(|l: &Link| !l.control.is_closed());
                    all.push(link.clone());
                }
                let bound = Bound {
                    link,
                    incoming,
                    events,
                    connection,
                    tx: bound_tx.clone(),
                };
                let conn = Served {
                    config: config.clone(),
                    auth: auth.clone(),
                    ids: ids.clone(),
                    tap: tap.clone(),
                    inbox,
                    outbind: None,
                };
                match &transport {
                    Transport::Plain => {
                        tokio::spawn(conn.run(stream, bound));
                    }
                    #[cfg(feature = "tls")]
                    Transport::Tls(acceptor) => {
                        let acceptor = acceptor.clone();
                        let limit = config
                            .session_init_timeout
                            .unwrap_or(core::time::Duration::from_secs(30));
                        tokio::spawn(async move {
                            let handshake = tokio::time::timeout(limit, acceptor.accept(stream));
                            if let Ok(Ok(stream)) = handshake.await {
                                conn.run(stream, bound).await;
                            }
                        });
                    }
                }
            }
        });
        Ok(Self {
            bound,
            accept_task,
            links,
            local_addr,
            accepted,
        })
    }

    /// The address listened on.
    pub fn local_addr(&self) -> std::net::SocketAddr {
        self.local_addr
    }

    /// Connections accepted so far (bound or not).
    pub fn connections_accepted(&self) -> u64 {
        self.accepted.load(Ordering::Relaxed)
    }

    /// A handle reading [`connections_accepted`](Self::connections_accepted) that
    /// outlives a borrow of the server (for a summary printed elsewhere).
    pub fn connection_count(&self) -> ConnectionCount {
        ConnectionCount(self.accepted.clone())
    }

    /// The next ESME that bound.
    pub async fn accept(&mut self) -> Option<SmscLink> {
        self.bound.recv().await
    }

    /// Stops accepting and unbinds every link (each drains by its session's
    /// [`UnbindPolicy`](crate::session::UnbindPolicy)).
    pub fn shutdown(&self) {
        self.accept_task.abort();
        if let Ok(all) = self.links.lock() {
            for l in all.iter() {
                let _ = l.unbind();
            }
        }
    }
}

impl Drop for SmscServer {
    /// Stops accepting; the links already bound run on until they close.
    fn drop(&mut self) {
        self.accept_task.abort();
    }
}
