//! `sms smsc`: the SMSC simulator on a TCP address — many binds at once, one task each,
//! sharing the [`Simulator`] policy; receipts routed to any receiving bind of the same
//! system_id; a summary on SIGINT/SIGTERM.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use smpp::bytes::Bytes;
use smpp::session::{BindKind, Config};
use smpp::tokio::{ConnectionCount, Direction, SmscServer, Tap};
use smpp::{Bind, InterfaceVersion};
use tokio::net::TcpListener;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::pdulog::{self, Dir};
use super::simulator::{SimConfig, Simulator};
use super::smsc_bind;

type Route = (u64, UnboundedSender<Bytes>);

/// What a running simulator prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Log {
    /// Nothing (the demo).
    Quiet,
    /// A line per bind and per closed connection.
    Human,
    /// A JSON line per PDU in and out.
    Json,
}

/// What every connection of one simulator shares.
#[derive(Debug)]
pub(crate) struct Shared {
    sim: Mutex<Simulator>,
    registry: Mutex<HashMap<String, Vec<Route>>>,
    /// What to print while running.
    pub(crate) log: Log,
    /// When the simulator started (the monotonic origin of the policy's `now`).
    pub(crate) start: Instant,
}

impl Shared {
    /// The policy (a poisoned lock is taken over: the counters are still good).
    pub(crate) fn sim(&self) -> MutexGuard<'_, Simulator> {
        self.sim.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn routes(&self) -> MutexGuard<'_, HashMap<String, Vec<Route>>> {
        self.registry.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A receiving bind of `system_id` on connection `conn`.
    pub(crate) fn register(&self, system_id: &str, conn: u64, tx: UnboundedSender<Bytes>) {
        self.routes()
            .entry(system_id.to_owned())
            .or_default()
            .push((conn, tx));
    }

    /// Connection `conn` is gone.
    pub(crate) fn unregister(&self, conn: u64) {
        let mut routes = self.routes();
        for list in routes.values_mut() {
            list.retain(|(c, _)| *c != conn);
        }
        routes.retain(|_, l| !l.is_empty());
    }

    /// Hands a receipt to another receiving bind of `system_id`; `false` if none.
    pub(crate) fn route(&self, system_id: &str, from: u64, pdu: Bytes) -> bool {
        let routes = self.routes();
        routes
            .get(system_id)
            .and_then(|l| l.iter().find(|(c, tx)| *c != from && !tx.is_closed()))
            .is_some_and(|(_, tx)| tx.send(pdu).is_ok())
    }
}

/// A running simulator.
#[derive(Debug)]
pub(crate) struct Smsc {
    /// The address it listens on.
    pub(crate) local_addr: SocketAddr,
    /// Its shared state (counters).
    pub(crate) shared: Arc<Shared>,
    accept: JoinHandle<()>,
    connections: ConnectionCount,
}

/// The session configuration of the simulator's binds.
fn session_config(lenient: bool) -> Config {
    let mut c = Config::default();
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

impl Smsc {
    /// Listens on `addr` and serves every connection.
    pub(crate) async fn start(
        addr: SocketAddr,
        config: SimConfig,
        log: Log,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            sim: Mutex::new(Simulator::new(config)),
            registry: Mutex::new(HashMap::new()),
            log,
            start: Instant::now(),
        });
        let lenient = shared.sim().config().lenient;
        let auth_shared = shared.clone();
        let authenticate = move |_kind: BindKind, bind: &Bind<'_>| {
            auth_shared
                .sim()
                .bind(bind.system_id.as_bytes(), bind.password.as_bytes())
        };
        // `--json`: one line per PDU in and out, as the driver reads and writes it.
        let tap: Option<Tap> = (log == Log::Json).then(|| {
            Arc::new(|conn: u64, dir: Direction, pdu: &[u8]| {
                let dir = match dir {
                    Direction::In => Dir::In,
                    Direction::Out => Dir::Out,
                };
                pdulog::print_line(&pdulog::pdu_line(dir, conn, pdu));
            }) as Tap
        });
        let mut server =
            SmscServer::with_tap(listener, session_config(lenient), authenticate, tap)?;
        let connections = server.connection_count();
        let s = shared.clone();
        let accept = tokio::spawn(async move {
            while let Some(bound) = server.accept().await {
                tokio::spawn(smsc_bind::serve(s.clone(), bound));
            }
        });
        Ok(Self {
            local_addr,
            shared,
            accept,
            connections,
        })
    }

    /// Stops accepting connections and counts those accepted into the summary.
    pub(crate) fn stop(&self) {
        self.accept.abort();
        self.shared.sim().stats.connections = self.connections.get();
    }
}
