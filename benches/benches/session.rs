//! Loopback throughput ESME → SMSC over TCP, submit_sm answered by submit_sm_resp,
//! window 256, on 2 cores: the SMSC on one thread, the ESME on another, each a
//! current-thread tokio runtime.
//!
//! Server: `smpp::tokio::SmscServer` with `auto_respond` (issues a message id per
//! submit_sm). Clients, side by side against that same server, under the same window:
//! 256 tasks, each sending its next submit_sm only once the last one's response came, so
//! at most 256 are in flight for either client. That loop is what bounds smpp34 too:
//! smpp34 1.5.1 takes a `window_size` (256 is passed) but only logs it (client/mod.rs,
//! "Starting smpp client ... with window size"); it enforces no window of its own.
//! - `smpp`: `smpp::tokio::EsmeClient`, each task building a `SubmitSm` and calling
//!   `Link::submit` (which encodes it) per message;
//! - `smpp34`: smpp34 1.5.1 `SmppClient`, each task building the same submit_sm with
//!   smpp34's builder and `send()`ing it (which encodes it) per message, as in its own
//!   `examples/perf_esme.rs`; once on the same current-thread runtime, once on a 2-worker
//!   runtime.
//!
//! - `dlr_messenger_1_bind` and `dlr_messenger_pool_4_binds`: the same 256 tasks through
//!   `dlr::messenger::Messenger` (the message layer: dispatch, per-part outcomes, a
//!   handle per message; no receipts asked, so no store traffic) over one transceiver
//!   with a window of 256, and over a pool of 4 transceivers with a window of 64 each
//!   (the same 256 in flight), each message built and encoded per call too.
//! - `…_vs_simulator`: the same two messenger clients against `dlr::simulator::Simulator`,
//!   the embeddable SMSC simulator `sms smsc` is a shell over (accounts, message store,
//!   receipts per registered_delivery: the bench PDU asks for one, so each message also
//!   brings a receipt deliver_sm the messenger acknowledges), on its own thread too.
//!
//! No pre-encoded bytes on either side. A second group times the session core alone
//! (ESME and SMSC sessions back to back in memory, no sockets), building and encoding
//! each submit_sm per call too.
//!
//! Both send the 198-octet submit_sm of shared/vectors/bench-pdus.md. One criterion
//! element = one submit_sm whose response has arrived.
#![allow(missing_docs)]

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use smpp::session::Outcome;
use smpp::tokio::tokio;

const WINDOW: usize = 256;

use sms_benches::{
    SUBMIT_SM, SessionPair, build_submit_sm, calls_in_flight, connect_esme, current_thread_runtime,
    hex, spawn_auto_smsc, submit_sm_text,
};

fn ours(
    rt: &tokio::runtime::Runtime,
    addr: std::net::SocketAddr,
) -> impl FnMut(u64) -> Duration + '_ {
    let client = connect_esme(rt, addr, WINDOW);
    let short_message: Arc<[u8]> = submit_sm_text().into();
    assert_eq!(
        build_submit_sm(&short_message).to_vec(1, smpp::CommandStatus::ESME_ROK),
        hex(SUBMIT_SM),
        "the same octets as bench-pdus.md"
    );
    let link = client.link().clone();
    move |iters| {
        let _keep = &client;
        let link = link.clone();
        let sm = short_message.clone();
        rt.block_on(calls_in_flight(iters, WINDOW, move || {
            // Built and encoded per message, as smpp34's builder does below.
            let outcome = link.submit(&build_submit_sm(&sm));
            async move {
                let outcome = outcome.await;
                assert!(matches!(outcome, Ok(Outcome::Accepted(_))), "{outcome:?}");
            }
        }))
    }
}

/// The messenger over `binds` binds of `window` each: 256 tasks, each sending its next
/// message once the last one's outcome came.
fn messenger(
    rt: &tokio::runtime::Runtime,
    addr: std::net::SocketAddr,
    binds: usize,
    window: usize,
) -> impl FnMut(u64) -> Duration + '_ {
    use dlr::messenger::{Binds, Messenger, MessengerConfig};
    let bind = smpp::Bind::new(
        smpp::COctetString::from_str("bench").expect("system_id"),
        smpp::COctetString::from_str("bench").expect("password"),
    );
    let store = dlr::store::MemoryStore::new(
        "bench",
        dlr::IdNormalizer::default(),
        dlr::CorrelationConfig::default(),
    );
    let messenger = rt
        .block_on(Messenger::connect(
            addr,
            Binds::pool(binds, bind, window),
            Box::new(store),
            MessengerConfig::default(),
        ))
        .expect("bind");
    let short_message: Arc<[u8]> = submit_sm_text().into();
    move |iters| {
        let messenger = messenger.clone();
        let sm = short_message.clone();
        rt.block_on(calls_in_flight(iters, WINDOW, move || {
            // Built and encoded per message, as above.
            let pdu = build_submit_sm(&sm);
            let mut buf = smpp::bytes::BytesMut::with_capacity(
                pdu.command_length(smpp::CommandStatus::ESME_ROK),
            );
            smpp::encode(0, smpp::CommandStatus::ESME_ROK, &pdu, &mut buf);
            let messenger = messenger.clone();
            async move {
                let mut handle = messenger
                    .send_encoded(vec![buf.freeze()], false)
                    .await
                    .expect("send");
                let submitted = handle.submitted().await;
                assert!(submitted.all_accepted(), "{submitted:?}");
            }
        }))
    }
}

/// smpp34's client listener: hands the bound `SMSC` out. Written out by hand because
/// the trait is `#[async_trait]` and async-trait is not among our dependencies.
struct Binder(std::sync::Mutex<Option<tokio::sync::oneshot::Sender<smpp34::client::SMSC>>>);

impl smpp34::client::SmppClientListener for Binder {
    fn on_smsc_bound<'a, 'b, 'c>(
        &'a self,
        smsc: smpp34::client::SMSC,
        _session_id: &'b String,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + 'c>>
    where
        'a: 'c,
        'b: 'c,
        Self: 'c,
    {
        if let Some(tx) = self.0.lock().expect("lock").take() {
            let _ = tx.send(smsc);
        }
        Box::pin(async {})
    }
}

fn smpp34_client(
    rt: &tokio::runtime::Runtime,
    addr: std::net::SocketAddr,
) -> impl FnMut(u64) -> Duration + '_ {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut client = smpp34::client::SmppClient::new(
        addr.ip().to_string(),
        addr.port(),
        false,
        smpp34::client::BIND_TYPE::TRX,
        "bench34".into(),
        "bench".into(),
        String::new(),
        1,
        1,
        String::new(),
        Arc::new(Binder(std::sync::Mutex::new(Some(tx)))),
        WINDOW,
    );
    let smsc = rt.block_on(async {
        client.start().await;
        Arc::new(rx.await.expect("smpp34 bind"))
    });
    let short_message = submit_sm_text();
    move |iters| {
        let _keep = &client;
        let smsc = smsc.clone();
        let sm = short_message.clone();
        rt.block_on(calls_in_flight(iters, WINDOW, move || {
            // The same submit_sm as bench-pdus.md, through smpp34's builder (which borrows
            // the client: the call's future holds its own handle).
            let smsc = smsc.clone();
            let sm = sm.clone();
            async move {
                let r = smsc
                    .submit_sm()
                    .source_addr_ton(5)
                    .source_addr_npi(0)
                    .source_addr("MyBrand")
                    .dest_addr_ton(1)
                    .dest_addr_npi(1)
                    .destination_addr("447700900123")
                    .esm_class(0x08)
                    .registered_delivery(1)
                    .short_message(sm)
                    .tlv_raw(0x0204, vec![0, 1])
                    .send()
                    .await;
                assert!(r.is_ok());
            }
        }))
    }
}

fn loopback(c: &mut Criterion) {
    // Two cores: the SMSC runs on its own thread (a current-thread runtime), the ESME
    // side on the bench thread — like two processes, talking only over TCP.
    let addr = spawn_auto_smsc(WINDOW);
    // The simulator `sms smsc` runs, on a thread of its own like the server above.
    let (sim_tx, sim_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        current_thread_runtime().block_on(async move {
            let sim = dlr::simulator::Simulator::builder()
                .account("bench", "bench")
                .start("127.0.0.1:0")
                .await
                .expect("simulator");
            sim_tx.send(sim.local_addr()).expect("addr");
            std::future::pending::<()>().await;
        });
    });
    let sim_addr = sim_rx.recv().expect("simulator up");
    let rt = current_thread_runtime();

    let mut group = c.benchmark_group("session_loopback_window_256");
    group.throughput(Throughput::Elements(1));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    let mut run = ours(&rt, addr);
    group.bench_function("smpp_esme_submit_sm", |b| b.iter_custom(&mut run));
    let mut one = messenger(&rt, addr, 1, WINDOW);
    group.bench_function("dlr_messenger_1_bind", |b| b.iter_custom(&mut one));
    let mut pool = messenger(&rt, addr, 4, WINDOW / 4);
    group.bench_function("dlr_messenger_pool_4_binds", |b| b.iter_custom(&mut pool));
    let mut one_sim = messenger(&rt, sim_addr, 1, WINDOW);
    group.bench_function("dlr_messenger_1_bind_vs_simulator", |b| {
        b.iter_custom(&mut one_sim);
    });
    let mut pool_sim = messenger(&rt, sim_addr, 4, WINDOW / 4);
    group.bench_function("dlr_messenger_pool_4_binds_vs_simulator", |b| {
        b.iter_custom(&mut pool_sim);
    });
    let mut run34 = smpp34_client(&rt, addr);
    group.bench_function("smpp34_esme_submit_sm", |b| b.iter_custom(&mut run34));
    // smpp34 spreads its client over several tasks; give it a 2-worker runtime too, in
    // case that is its better configuration.
    let rt2 = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut run34_mt = smpp34_client(&rt2, addr);
    group.bench_function("smpp34_esme_submit_sm_2_workers", |b| {
        b.iter_custom(&mut run34_mt);
    });
    group.finish();
}

/// The session core alone: an ESME and an SMSC `Session` wired back to back in memory
/// (no sockets, no runtime): a window of 256 submit_sm out, 256 submit_sm_resp back.
fn sans_io(c: &mut Criterion) {
    let mut pair = SessionPair::new(WINDOW);
    let short_message = submit_sm_text();
    let mut group = c.benchmark_group("session_sans_io_window_256");
    group.throughput(Throughput::Elements(WINDOW as u64));
    group.bench_function("esme_smsc_pair_submit_sm", |bench| {
        bench.iter(|| pair.round(WINDOW, || build_submit_sm(&short_message)));
    });
    group.finish();
}

criterion_group!(benches, loopback, sans_io);
criterion_main!(benches);
