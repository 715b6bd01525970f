//! The simulator on a TCP listener: smpp's [`SmscServer`] accepts and drives every bind
//! (framing, session, protocol timers, tap); each bound ESME gets a task of its own
//! ([`bind`](super::bind)) sharing one [`Policy`]; deliver_sm are routed to any receiving
//! bind of the same system_id.

use core::time::Duration;
use std::borrow::ToOwned;
use std::collections::{HashMap, VecDeque};
use std::string::String;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use std::vec::Vec;

use smpp::bytes::Bytes;
use smpp::session::{BindKind, Config as SessionConfig};
use smpp::tokio::{ConnectionCount, SmscServer, Tap};
use smpp::{Bind, InterfaceVersion};
use tokio::net::TcpListener;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

use super::SimulatorEvent;
use super::bind;
use super::policy::{Config, Policy};
use super::store::HeldKind;

/// A receiving bind: its connection number and the channel its task reads.
type Route = (u64, UnboundedSender<(Bytes, HeldKind)>);

/// What the host is told of binds.
pub(crate) type EventHook = Arc<dyn Fn(&SimulatorEvent) + Send + Sync>;

/// What every connection of one simulator shares.
pub(crate) struct Shared {
    policy: Mutex<Policy>,
    routes: Mutex<HashMap<String, Vec<Route>>>,
    pub(crate) on_event: Option<EventHook>,
    /// When the simulator started (the monotonic origin of the policy's `now`).
    pub(crate) start: Instant,
}

impl core::fmt::Debug for Shared {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Shared")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// Seconds since the Unix epoch (receipt dates, the store's times).
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Shared {
    /// The policy (a poisoned lock is taken over: the counters are still good).
    pub(crate) fn policy(&self) -> MutexGuard<'_, Policy> {
        self.policy.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn routes(&self) -> MutexGuard<'_, HashMap<String, Vec<Route>>> {
        self.routes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Tells the host.
    pub(crate) fn event(&self, event: SimulatorEvent) {
        if let Some(hook) = &self.on_event {
            hook(&event);
        }
    }

    /// A receiving bind of `system_id` on connection `conn`: from now on deliver_sm for
    /// the system_id may be routed to it; returns what was held for it, oldest first. One
    /// step under the routes' lock, so nothing is held in between and stranded.
    pub(crate) fn attach(
        &self,
        system_id: &str,
        conn: u64,
        tx: UnboundedSender<(Bytes, HeldKind)>,
    ) -> VecDeque<(Bytes, HeldKind)> {
        let mut routes = self.routes();
        let held = self.policy().take_held(system_id);
        routes
            .entry(system_id.to_owned())
            .or_default()
            .push((conn, tx));
        held
    }

    /// Connection `conn` is gone.
    pub(crate) fn unregister(&self, conn: u64) {
        let mut routes = self.routes();
        for list in routes.values_mut() {
            list.retain(|(c, _)| *c != conn);
        }
        routes.retain(|_, l| !l.is_empty());
    }

    /// Hands a deliver_sm to a receiving bind of `system_id` other than connection `from`,
    /// or, if there is none, holds it for the next one (under the routes' lock, so that a
    /// bind attaching meanwhile gets it either way).
    pub(crate) fn route_or_hold(&self, system_id: &str, from: u64, pdu: Bytes, kind: HeldKind) {
        let routes = self.routes();
        let bind = (routes.get(system_id))
            .and_then(|l| l.iter().find(|(c, tx)| *c != from && !tx.is_closed()));
        let refused = match bind {
            Some((_, tx)) => tx.send((pdu, kind)).err().map(|e| e.0),
            None => Some((pdu, kind)),
        };
        if let Some((pdu, kind)) = refused {
            self.policy().hold(system_id, pdu, kind);
        }
    }
}

/// The running server: the accept task and how to stop it.
#[derive(Debug)]
pub(crate) struct Server {
    pub(crate) shared: Arc<Shared>,
    connections: ConnectionCount,
    stop: Option<oneshot::Sender<()>>,
    accept: JoinHandle<()>,
}

/// The session configuration of the simulator's binds.
fn session_config(lenient: bool) -> SessionConfig {
    let mut c = SessionConfig::default();
    if lenient {
        // Forgive the structure's quirks, and report rule violations instead of answering
        // them with the prescribed status (an SMSC enforces by default).
        c.decode = smpp::DecodeOptions::lenient();
        c.validation = smpp::session::Validation::Report;
    }
    // Receipts in flight per bind.
    c.window = 512;
    c.max_incoming = 4096;
    // Answer 3.4 ESMEs as 3.4, 5.0 ones as 5.0 (broadcast_sm needs it).
    c.interface_version = InterfaceVersion::V50;
    c.system_id = "sms-smsc".into();
    c
}

/// How long [`Server::shutdown`] waits for the binds to unbind.
const UNBIND_WAIT: Duration = Duration::from_secs(2);

impl Server {
    /// Serves `listener` with `config`.
    pub(crate) fn start(
        listener: TcpListener,
        config: Config,
        tap: Option<Tap>,
        on_event: Option<EventHook>,
    ) -> std::io::Result<Self> {
        let lenient = config.lenient;
        let shared = Arc::new(Shared {
            policy: Mutex::new(Policy::new(config)),
            routes: Mutex::new(HashMap::new()),
            on_event,
            start: Instant::now(),
        });
        let auth = shared.clone();
        let authenticate = move |_kind: BindKind, bind: &Bind<'_>| {
            auth.policy()
                .bind(bind.system_id.as_bytes(), bind.password.as_bytes())
        };
        let mut server =
            SmscServer::with_tap(listener, session_config(lenient), authenticate, tap)?;
        let connections = server.connection_count();
        let (stop, mut stopped) = oneshot::channel();
        let s = shared.clone();
        let accept = tokio::spawn(async move {
            let mut binds = JoinSet::new();
            loop {
                tokio::select! {
                    bound = server.accept() => match bound {
                        Some(bound) => {
                            binds.spawn(bind::serve(s.clone(), bound));
                        }
                        None => break,
                    },
                    _ = &mut stopped => break,
                }
                while binds.try_join_next().is_some() {}
            }
            // Unbind every link; each bind task ends when its link closes.
            server.shutdown();
            let _ = tokio::time::timeout(UNBIND_WAIT, async {
                while binds.join_next().await.is_some() {}
            })
            .await;
        });
        Ok(Self {
            shared,
            connections,
            stop: Some(stop),
            accept,
        })
    }

    /// The connections accepted so far.
    pub(crate) fn connections(&self) -> u64 {
        self.connections.get()
    }

    /// Stops accepting, unbinds every ESME and waits (a little) for them.
    pub(crate) async fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
            let _ = (&mut self.accept).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}
