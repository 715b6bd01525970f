//! `sms smsc`: the SMSC simulator on a TCP address — many binds at once, one task each,
//! sharing the [`Simulator`] policy; receipts routed to any receiving bind of the same
//! system_id; a summary on SIGINT/SIGTERM.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use smpp::bytes::Bytes;
use tokio::net::TcpListener;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::simulator::{SimConfig, Simulator};
use super::smsc_conn;

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
        let s = shared.clone();
        let accept = tokio::spawn(async move {
            let mut next = 0u64;
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    // Out of file descriptors and the like: try again shortly.
                    tokio::time::sleep(core::time::Duration::from_millis(50)).await;
                    continue;
                };
                next += 1;
                s.sim().stats.connections += 1;
                tokio::spawn(smsc_conn::serve(s.clone(), stream, next));
            }
        });
        Ok(Self {
            local_addr,
            shared,
            accept,
        })
    }

    /// Stops accepting connections.
    pub(crate) fn stop(&self) {
        self.accept.abort();
    }
}
