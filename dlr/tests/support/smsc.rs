//! A small SMSC for the messenger tests, on smpp's `SmscServer`: every bind accepted,
//! every submit_sm accepted with a message id (the session's `auto_respond`), and for
//! each one that asks (registered_delivery) an SMPP 3.4 Appendix B receipt sent as a
//! deliver_sm to a receiving bind of the same system_id. A receipt no bind takes
//! (none bound, the connection lost before its deliver_sm_resp) waits for the next
//! receiving bind, as a real SMSC stores and retries.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use smpp::bytes::{Bytes, BytesMut};
use smpp::session::{Config, Outcome};
use smpp::tokio::{Link, SmscLink, SmscServer};
use smpp::{CommandStatus, DeliverSm, Pdu};

/// Counters of the SMSC.
#[derive(Debug, Default)]
pub(crate) struct SmscStats {
    /// submit_sm accepted (message ids issued).
    pub(crate) accepted: AtomicU64,
    /// Receipts planned (registered_delivery asked).
    pub(crate) receipts: AtomicU64,
    /// Receipts acknowledged by the ESME with deliver_sm_resp ESME_ROK.
    pub(crate) receipts_acked: AtomicU64,
    /// Binds accepted.
    pub(crate) binds: AtomicU64,
    /// Connections dropped by the `drop_every` fault.
    pub(crate) drops: AtomicU64,
    /// The connection and the UDH concatenation reference (8-bit) of each part received.
    pub(crate) parts: Mutex<Vec<(u64, u8)>>,
}

#[derive(Debug, Default)]
struct Router {
    /// Receiving binds by system_id: (connection, link).
    receivers: HashMap<String, Vec<(u64, Link)>>,
    /// Receipts waiting for a receiving bind, by system_id.
    held: HashMap<String, VecDeque<Bytes>>,
    next: usize,
}

/// The running SMSC.
#[derive(Debug)]
pub(crate) struct Smsc {
    /// Where it listens.
    pub(crate) addr: SocketAddr,
    /// Its counters.
    pub(crate) stats: Arc<SmscStats>,
}

impl Smsc {
    /// Listens on a free loopback port and serves until the runtime ends.
    pub(crate) async fn start() -> std::io::Result<Self> {
        Self::start_with(None).await
    }

    /// Like [`start`](Self::start), closing each connection abruptly after every
    /// `drop_every` submissions received on it (a fault, as `sms smsc --drop-every`).
    pub(crate) async fn start_with(drop_every: Option<u64>) -> std::io::Result<Self> {
        let mut config = Config::default();
        config.auto_respond = true;
        config.window = 256;
        let mut server =
            SmscServer::bind("127.0.0.1:0", config, |_, _| CommandStatus::ESME_ROK).await?;
        let addr = server.local_addr();
        let stats = Arc::new(SmscStats::default());
        let router = Arc::new(Mutex::new(Router::default()));
        let s = stats.clone();
        tokio::spawn(async move {
            while let Some(bound) = server.accept().await {
                s.binds.fetch_add(1, Ordering::Relaxed);
                tokio::spawn(serve(bound, router.clone(), s.clone(), drop_every));
            }
        });
        Ok(Self { addr, stats })
    }
}

async fn serve(
    bound: SmscLink,
    router: Arc<Mutex<Router>>,
    stats: Arc<SmscStats>,
    drop_every: Option<u64>,
) {
    let mut received = 0u64;
    let SmscLink {
        link,
        mut incoming,
        kind,
        system_id,
        connection,
        ..
    } = bound;
    if kind.esme_receives() {
        let held: Vec<Bytes> = {
            let mut r = router.lock().unwrap();
            r.receivers
                .entry(system_id.clone())
                .or_default()
                .push((connection, link.clone()));
            r.held
                .get_mut(&system_id)
                .map(|q| q.drain(..).collect())
                .unwrap_or_default()
        };
        for pdu in held {
            send(&link, pdu, &system_id, &router, &stats);
        }
    }
    while let Some(request) = incoming.recv().await {
        let Some(id) = request.message_id() else {
            continue;
        };
        stats.accepted.fetch_add(1, Ordering::Relaxed);
        let Pdu::SubmitSm(sm) = request.pdu() else {
            continue;
        };
        received += 1;
        if drop_every.is_some_and(|n| received.is_multiple_of(n)) && link.abort().is_ok() {
            stats.drops.fetch_add(1, Ordering::Relaxed);
        }
        let udh = sm.short_message.as_bytes();
        if sm.esm_class & 0x40 != 0 && udh.len() > 3 {
            stats.parts.lock().unwrap().push((connection, udh[3]));
        }
        if sm.registered_delivery & 0x03 == 0 {
            continue;
        }
        stats.receipts.fetch_add(1, Ordering::Relaxed);
        // SMPP 3.4 Appendix B: the receipt's text format.
        let text = format!(
            "id:{id} sub:001 dlvrd:001 submit date:2612070215 done date:2612070216 \
             stat:DELIVRD err:000 text:"
        );
        let receipt = DeliverSm {
            source_addr_ton: sm.dest_addr_ton,
            source_addr_npi: sm.dest_addr_npi,
            source_addr: sm.destination_addr.clone(),
            dest_addr_ton: sm.source_addr_ton,
            dest_addr_npi: sm.source_addr_npi,
            destination_addr: sm.source_addr.clone(),
            // SMPP 3.4 §5.2.12: esm_class bits 5-2 = 0001, SMSC delivery receipt.
            esm_class: 0x04,
            short_message: text.as_bytes().try_into().unwrap(),
            ..DeliverSm::default()
        };
        let pdu = Pdu::DeliverSm(receipt);
        let mut buf = BytesMut::new();
        smpp::encode(0, CommandStatus::ESME_ROK, &pdu, &mut buf);
        route(buf.freeze(), &system_id, &router, &stats);
    }
    let mut r = router.lock().unwrap();
    if let Some(list) = r.receivers.get_mut(&system_id) {
        list.retain(|(c, _)| *c != connection);
    }
}

/// To a receiving bind of `system_id` (in turn), or held for the next one.
fn route(pdu: Bytes, system_id: &str, router: &Arc<Mutex<Router>>, stats: &Arc<SmscStats>) {
    let link = {
        let mut r = router.lock().unwrap();
        r.next = r.next.wrapping_add(1);
        let next = r.next;
        match r.receivers.get(system_id).filter(|l| !l.is_empty()) {
            Some(list) => Some(list[next % list.len()].1.clone()),
            None => {
                r.held
                    .entry(system_id.to_owned())
                    .or_default()
                    .push_back(pdu.clone());
                None
            }
        }
    };
    if let Some(link) = link {
        send(&link, pdu, system_id, router, stats);
    }
}

/// Sends a receipt; one not acknowledged is routed again.
fn send(
    link: &Link,
    pdu: Bytes,
    system_id: &str,
    router: &Arc<Mutex<Router>>,
    stats: &Arc<SmscStats>,
) {
    let outcome = link.submit_encoded(pdu.clone());
    let (system_id, router, stats) = (system_id.to_owned(), router.clone(), stats.clone());
    tokio::spawn(async move {
        match outcome.await {
            Ok(Outcome::Accepted(_)) => {
                stats.receipts_acked.fetch_add(1, Ordering::Relaxed);
            }
            _ => {
                // Not taken: the link is going away; give it a moment to leave the
                // router, then to another receiving bind or held.
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                route(pdu, &system_id, &router, &stats);
            }
        }
    });
}
