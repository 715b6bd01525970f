//! The messenger through a TCP fault proxy: 100 000 messages over a pool of binds while
//! the proxy cuts connections every few thousand messages, stalls, splits writes at
//! random octets and delays the pieces. Every submit must end in exactly one outcome
//! (the SMSC's count of accepted submits lies between the ESME's accepted and its
//! accepted plus lost), nothing may be left unsent, and every receipt must reach the ESME
//! after the reconnects (the SMSC holds what was not acknowledged for the next bind, as a
//! real SMSC does; SMPP 3.4 §4.6: a deliver_sm is delivered when its deliver_sm_resp
//! comes).
//!
//! `FAULT_PROXY_MESSAGES` overrides the number of messages.
#![cfg(feature = "tokio")]

#[path = "support/smsc.rs"]
mod smsc;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use dlr::messenger::{Binds, Messenger, MessengerConfig, MessengerStats, PartSubmit};
use dlr::store::MemoryStore;
use dlr::{CorrelationConfig, IdNormalizer, State};
use smpp::tokio::Backoff;
use smpp::{Bind, SubmitSm, TextOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// xorshift64*: the proxy's faults, reproducible from the seed.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo).max(1)
    }
}

/// What the proxy did.
#[derive(Debug, Default)]
struct ProxyStats {
    connections: AtomicU64,
    cuts: AtomicU64,
    stalls: AtomicU64,
    long_stalls: AtomicU64,
    split_writes: AtomicU64,
}

/// Forwards each accepted connection to `upstream`, with faults.
async fn proxy(listener: TcpListener, upstream: SocketAddr, stats: Arc<ProxyStats>, seed: u64) {
    let mut rng = Rng(seed);
    while let Ok((client, _)) = listener.accept().await {
        let Ok(server) = TcpStream::connect(upstream).await else {
            continue;
        };
        let _ = client.set_nodelay(true);
        let _ = server.set_nodelay(true);
        stats.connections.fetch_add(1, Ordering::Relaxed);
        let (cut_tx, cut_rx) = watch::channel(false);
        let (cr, cw) = client.into_split();
        let (sr, sw) = server.into_split();
        // A cut after 120-400 KB from the ESME: a few thousand submit_sm.
        let budget = rng.range(120_000, 400_000);
        let up = Pump::new(rng.next(), Some(budget), stats.clone());
        let down = Pump::new(rng.next(), None, stats.clone());
        let cut = Arc::new(cut_tx);
        tokio::spawn(up.run(cr, sw, cut.clone(), cut_rx.clone()));
        tokio::spawn(down.run(sr, cw, cut, cut_rx));
    }
}

struct Pump {
    rng: Rng,
    /// Octets after which the connection is cut (both ways, no FIN handshake first).
    cut_after: Option<u64>,
    next_stall: u64,
    stats: Arc<ProxyStats>,
}

impl Pump {
    fn new(seed: u64, cut_after: Option<u64>, stats: Arc<ProxyStats>) -> Self {
        let mut rng = Rng(seed | 1);
        let next_stall = rng.range(60_000, 160_000);
        Self {
            rng,
            cut_after,
            next_stall,
            stats,
        }
    }

    async fn run(
        mut self,
        mut from: tokio::net::tcp::OwnedReadHalf,
        mut to: tokio::net::tcp::OwnedWriteHalf,
        cut: Arc<watch::Sender<bool>>,
        mut cut_rx: watch::Receiver<bool>,
    ) {
        let mut buf = vec![0u8; 8192];
        let mut total = 0u64;
        loop {
            let n = tokio::select! {
                r = from.read(&mut buf) => match r {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                },
                _ = cut_rx.changed() => break,
            };
            total += n as u64;
            if self.cut_after.is_some_and(|c| total >= c) {
                // Part of the chunk goes through: the cut lands inside a PDU.
                let keep = self.rng.range(0, n as u64) as usize;
                let _ = to.write_all(&buf[..keep]).await;
                self.stats.cuts.fetch_add(1, Ordering::Relaxed);
                break;
            }
            if total >= self.next_stall {
                self.next_stall = total + self.rng.range(60_000, 160_000);
                // Mostly short stalls; one in twenty longer than the session's
                // response timeout (2 s), so requests time out.
                let ms = if self.rng.range(0, 20) == 0 {
                    self.stats.long_stalls.fetch_add(1, Ordering::Relaxed);
                    2_500
                } else {
                    self.rng.range(20, 200)
                };
                self.stats.stalls.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(ms)).await;
            }
            // Split the chunk at random octets; delay some pieces.
            let mut at = 0;
            let pieces = self.rng.range(1, 4);
            if pieces > 1 {
                self.stats.split_writes.fetch_add(1, Ordering::Relaxed);
            }
            for i in 0..pieces {
                let end = if i + 1 == pieces {
                    n
                } else {
                    (at + self.rng.range(1, (n - at).max(2) as u64) as usize).min(n)
                };
                if to.write_all(&buf[at..end]).await.is_err() {
                    let _ = cut.send(true);
                    return;
                }
                at = end;
                if self.rng.range(0, 8) == 0 {
                    tokio::time::sleep(Duration::from_millis(self.rng.range(1, 5))).await;
                }
            }
        }
        let _ = cut.send(true);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_one_outcome_per_submit_and_every_receipt_through_faults() {
    let messages: usize = std::env::var("FAULT_PROXY_MESSAGES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let started = Instant::now();
    let smsc = smsc::Smsc::start().await.unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_addr = listener.local_addr().unwrap();
    let proxy_stats = Arc::new(ProxyStats::default());
    tokio::spawn(proxy(listener, smsc.addr, proxy_stats.clone(), 0x5eed_1234));

    let credentials = Bind::new("esme".try_into().unwrap(), "secret".try_into().unwrap());
    let binds = Binds::pool(2, credentials, 64).configure(|esme| {
        esme.session.response_timeout = Duration::from_secs(2);
        esme.reconnect = Some(Backoff {
            initial: Duration::from_millis(20),
            max: Duration::from_millis(200),
        });
    });
    let store = MemoryStore::new(
        "esme@proxy",
        IdNormalizer::default(),
        CorrelationConfig {
            max_messages: 1_000_000,
            max_pending_reports: 1_000_000,
            ..CorrelationConfig::default()
        },
    );
    let messenger = Messenger::connect(
        proxy_addr,
        binds,
        Box::new(store),
        MessengerConfig::default(),
    )
    .await
    .unwrap();
    let template = SubmitSm {
        destination_addr: "447700900123".try_into().unwrap(),
        registered_delivery: 1,
        ..SubmitSm::default()
    };
    let mut handles = Vec::with_capacity(messages);
    for i in 0..messages {
        let text = format!("message {i}");
        handles.push(
            messenger
                .send_text(&template, &text, &TextOptions::default())
                .await
                .unwrap(),
        );
    }
    // Every submit ends in exactly one outcome.
    let (mut accepted, mut lost, mut timeout, mut other) = (0u64, 0u64, 0u64, Vec::new());
    for h in &mut handles {
        let s = h.submitted().await;
        assert_eq!(s.parts.len(), 1);
        match &s.parts[0] {
            PartSubmit::Accepted { .. } => accepted += 1,
            PartSubmit::Lost => lost += 1,
            PartSubmit::Timeout => timeout += 1,
            o => other.push(o.clone()),
        }
    }
    let submitted_in = started.elapsed();
    assert!(other.is_empty(), "{:?}", &other[..other.len().min(5)]);
    assert_eq!(accepted + lost + timeout, messages as u64);
    // Every accepted message gets its receipt, after however many reconnects.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let mut delivered = 0u64;
    for h in &mut handles {
        if !h.submitted().await.all_accepted() {
            continue;
        }
        let key = h.key().to_owned();
        let outcome = tokio::time::timeout_at(deadline, h.outcome())
            .await
            .unwrap_or_else(|_| panic!("no receipt for {key} in time"));
        assert_eq!(outcome.state(), Some(State::Delivered), "{outcome:?}");
        delivered += 1;
    }
    // …and the SMSC saw every receipt it sent acknowledged (those of the submits whose
    // answer was lost too: the ESME takes them, as reports of no message of its own).
    while smsc.stats.receipts_acked.load(Ordering::Relaxed)
        < smsc.stats.receipts.load(Ordering::Relaxed)
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let receipts = smsc.stats.receipts.load(Ordering::Relaxed);
    let acked = smsc.stats.receipts_acked.load(Ordering::Relaxed);
    // The SMSC accepted every submit the ESME saw accepted, and perhaps some of those
    // whose answer the faults lost or delayed past the timeout: never more.
    let smsc_accepted = smsc.stats.accepted.load(Ordering::Relaxed);
    assert!(
        (accepted..=accepted + lost + timeout).contains(&smsc_accepted),
        "SMSC {smsc_accepted}, ESME accepted {accepted} lost {lost} timeout {timeout}"
    );
    let stats: MessengerStats = messenger.stats();
    messenger.close().await;
    let p = &proxy_stats;
    println!(
        "fault proxy: {messages} messages in {:.1} s (all submitted in {:.1} s): {accepted} accepted, \
         {lost} lost, {timeout} timed out; SMSC accepted {smsc_accepted}, sent {receipts} receipts, \
         {acked} acknowledged; {delivered} delivered; proxy: {} connections, {} cuts, {} stalls \
         ({} past the response timeout), {} split writes; messenger: {stats:?}",
        started.elapsed().as_secs_f64(),
        submitted_in.as_secs_f64(),
        p.connections.load(Ordering::Relaxed),
        p.cuts.load(Ordering::Relaxed),
        p.stalls.load(Ordering::Relaxed),
        p.long_stalls.load(Ordering::Relaxed),
        p.split_writes.load(Ordering::Relaxed),
    );
    assert_eq!(delivered, accepted);
    assert_eq!(acked, receipts, "receipts the ESME never acknowledged");
    assert!(stats.receipts >= receipts);
    // The faults happened: cuts every few thousand messages.
    assert!(
        p.cuts.load(Ordering::Relaxed) as usize >= messages / 20_000,
        "too few cuts"
    );
    assert!(stats.binds_dropped >= 1);
    // Only what was in flight when a bind dropped ends as lost: a window (64) per drop
    // at most.
    assert!(
        lost <= stats.binds_dropped * 64,
        "{lost} lost in {} drops",
        stats.binds_dropped
    );
    assert_eq!(stats.parts_lost, lost);
}
