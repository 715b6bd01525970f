//! The tokio drivers over real loopback TCP: an ESME client against the SMSC server.
//! PDU layouts are SMPP 3.4 §4.4.1 (submit_sm) and §4.6.1 + Appendix B (receipt).
#![cfg(feature = "tokio")]
#![allow(missing_docs)]

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use smpp::session::{BindKind, Config, Outcome};
use smpp::tokio::{EsmeClient, EsmeConfig, SmscServer};
use smpp::{CommandId, CommandStatus};

#[path = "common/encoded.rs"]
mod encoded;
use encoded::{pdu, receipt};

/// submit_sm: service_type "", source 1/1 "12345", dest 1/1 "447700900123",
/// registered_delivery 1, sm_length 5 "hello" (SMPP 3.4 §4.4.1).
fn submit_sm() -> Bytes {
    let mut body = vec![0u8, 1, 1];
    body.extend_from_slice(b"12345\0");
    body.extend_from_slice(&[1, 1]);
    body.extend_from_slice(b"447700900123\0");
    body.extend_from_slice(&[0, 0, 0, 0, 0, 1, 0, 0, 0, 5]);
    body.extend_from_slice(b"hello");
    pdu(CommandId::SUBMIT_SM, &body)
}

/// The id in a receipt's short_message (Appendix B "id:IIIIIIIIII ").
fn receipt_id(frame: &[u8]) -> String {
    let text = String::from_utf8_lossy(frame);
    let start = text.find("id:").unwrap() + 3;
    let end = start + text[start..].find(' ').unwrap();
    text[start..end].to_string()
}

fn count() -> u64 {
    // 100 000 (about 6 s in a debug build on two busy cores); SMPP_LOOPBACK_COUNT
    // overrides it.
    std::env::var("SMPP_LOOPBACK_COUNT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_loopback_submits_with_receipts_window_256() {
    let n = count();
    let mut smsc_config = Config::default();
    smsc_config.auto_respond = true;
    smsc_config.window = 256;
    let mut server = SmscServer::bind(
        "127.0.0.1:0",
        smsc_config,
        |_k: BindKind, b: &smpp::Bind<'_>| {
            if b.password.as_bytes() == b"secret" {
                CommandStatus::ESME_ROK
            } else {
                CommandStatus::ESME_RINVPASWD
            }
        },
    )
    .await
    .unwrap();
    let addr = server.local_addr();

    // The SMSC side: every accepted submit_sm gets a receipt through the SMSC's own window.
    let receipts_accepted = Arc::new(AtomicU64::new(0));
    let ra = receipts_accepted.clone();
    let smsc_app = tokio::spawn(async move {
        let mut link = server.accept().await.unwrap();
        assert_eq!(link.system_id, "esme1");
        let mut sends = tokio::task::JoinSet::new();
        while let Some(req) = link.incoming.recv().await {
            assert!(req.answered());
            let id = req.message_id().unwrap().to_string();
            let l = link.link.clone();
            let ra = ra.clone();
            sends.spawn(async move {
                if let Ok(Outcome::Accepted(_)) = l.submit_encoded(receipt(&id)).await {
                    ra.fetch_add(1, Ordering::Relaxed);
                }
            });
            while sends.try_join_next().is_some() {}
        }
        while sends.join_next().await.is_some() {}
        server
    });

    let mut config = EsmeConfig::new(
        BindKind::Transceiver,
        smpp::Bind::new("esme1".try_into().unwrap(), "secret".try_into().unwrap()),
    );
    config.session.window = 256;
    config.session.auto_respond = true;
    let mut client = EsmeClient::connect(addr, config).await.unwrap();

    let remaining = Arc::new(AtomicU64::new(n));
    let mut workers = tokio::task::JoinSet::new();
    let pdu = submit_sm();
    for _ in 0..256 {
        let link = client.link().clone();
        let remaining = remaining.clone();
        let pdu = pdu.clone();
        workers.spawn(async move {
            let mut ids = Vec::new();
            while remaining
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |x| x.checked_sub(1))
                .is_ok()
            {
                match link.submit_encoded(pdu.clone()).await.unwrap() {
                    Outcome::Accepted(r) => ids.push(r.message_id().unwrap().to_string()),
                    other => panic!("{other:?}"),
                }
            }
            ids
        });
    }
    let mut receipts = HashSet::new();
    let mut issued = HashSet::new();
    let mut done = false;
    while !done || (receipts.len() as u64) < n {
        tokio::select! {
            w = workers.join_next(), if !done => match w {
                Some(ids) => issued.extend(ids.unwrap()),
                None => done = true,
            },
            r = tokio::time::timeout(Duration::from_secs(30), client.next_incoming()) => {
                let r = r.expect("receipts stalled").unwrap();
                assert_eq!(r.command_id(), CommandId::DELIVER_SM);
                assert!(r.answered());
                assert!(receipts.insert(receipt_id(r.bytes())), "receipt twice");
            }
        }
    }
    // Every submit answered once with a distinct id; every receipt for one of them.
    assert_eq!(issued.len() as u64, n);
    assert_eq!(receipts, issued);
    client.unbind().await;
    let server = smsc_app.await.unwrap();
    assert_eq!(receipts_accepted.load(Ordering::Relaxed), n);
    server.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejects_bind_with_wrong_password() {
    let server = SmscServer::bind(
        "127.0.0.1:0",
        Config::default(),
        |_k: BindKind, b: &smpp::Bind<'_>| {
            if b.password.as_bytes() == b"secret" {
                CommandStatus::ESME_ROK
            } else {
                CommandStatus::ESME_RINVPASWD
            }
        },
    )
    .await
    .unwrap();
    let config = EsmeConfig::new(
        BindKind::Transmitter,
        smpp::Bind::new("esme1".try_into().unwrap(), "wrong".try_into().unwrap()),
    );
    let err = EsmeClient::connect(server.local_addr(), config)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        smpp::tokio::ConnectError::BindFailed(Some(s)) if s == CommandStatus::ESME_RINVPASWD
    ));
}

/// An SMSC on a free loopback port that binds anyone and answers each request itself
/// (`auto_respond`).
async fn auto_respond_smsc() -> SmscServer {
    let mut smsc_config = Config::default();
    smsc_config.auto_respond = true;
    SmscServer::bind(
        "127.0.0.1:0",
        smsc_config,
        |_k: BindKind, _b: &smpp::Bind<'_>| CommandStatus::ESME_ROK,
    )
    .await
    .unwrap()
}

/// Regression: with a rate limit, requests queued behind it used to wait for the next
/// timer of the session (the enquire_link, 60 s) because the driver did not wake at the
/// end of the rate-limit pause. 25 submits at 5 per 100 ms must all be answered well
/// before the enquire_link interval; the bound is a liveness bound, not a speed target.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_rate_limited_submits_without_stalling() {
    let mut server = auto_respond_smsc().await;
    let addr = server.local_addr();
    let smsc_app = tokio::spawn(async move {
        let mut link = server.accept().await.unwrap();
        while link.incoming.recv().await.is_some() {}
        server
    });
    let mut config = EsmeConfig::new(
        BindKind::Transceiver,
        smpp::Bind::new("esme1".try_into().unwrap(), "secret".try_into().unwrap()),
    );
    config.session.rate_limit = Some(smpp::session::RateLimit {
        pdus: 5,
        per: Duration::from_millis(100),
    });
    let client = EsmeClient::connect(addr, config).await.unwrap();
    let pdu = submit_sm();
    let mut submits = tokio::task::JoinSet::new();
    for _ in 0..25 {
        submits.spawn(client.link().submit_encoded(pdu.clone()));
    }
    let all = async {
        let mut accepted = 0;
        while let Some(r) = submits.join_next().await {
            if let Ok(Outcome::Accepted(_)) = r.unwrap() {
                accepted += 1;
            }
        }
        accepted
    };
    let accepted = tokio::time::timeout(Duration::from_secs(20), all)
        .await
        .expect("rate-limited submits stalled");
    assert_eq!(accepted, 25);
    client.unbind().await;
    smsc_app.await.unwrap().shutdown();
}

/// submit_sm as in [`submit_sm`] with a 3-octet short_message `text`.
fn submit_sm_with(text: &[u8; 3]) -> Bytes {
    let mut body = vec![0u8, 1, 1];
    body.extend_from_slice(b"12345\0");
    body.extend_from_slice(&[1, 1]);
    body.extend_from_slice(b"447700900123\0");
    body.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 3]);
    body.extend_from_slice(text);
    pdu(CommandId::SUBMIT_SM, &body)
}

/// An auto-responding SMSC that accepts one connection and, once it closes, yields the
/// last three octets (the text of [`submit_sm_with`]) of every request in arrival order.
async fn recording_smsc() -> (std::net::SocketAddr, tokio::task::JoinHandle<Vec<Vec<u8>>>) {
    let mut server = auto_respond_smsc().await;
    let addr = server.local_addr();
    let app = tokio::spawn(async move {
        let mut link = server.accept().await.unwrap();
        let mut seen = Vec::new();
        while let Some(req) = link.incoming.recv().await {
            let b = req.bytes();
            seen.push(b[b.len() - 3..].to_vec());
        }
        server.shutdown();
        seen
    });
    (addr, app)
}

/// "000", "001", … as three-octet texts.
fn numbered_texts(n: u32) -> Vec<[u8; 3]> {
    (0..n)
        .map(|i| {
            let s = format!("{i:03}");
            [s.as_bytes()[0], s.as_bytes()[1], s.as_bytes()[2]]
        })
        .collect()
}

/// Waits for `recording_smsc`'s task (the client has unbound) and checks it saw exactly
/// `texts`, in that order.
async fn assert_smsc_saw(smsc_app: tokio::task::JoinHandle<Vec<Vec<u8>>>, texts: &[[u8; 3]]) {
    let seen = tokio::time::timeout(Duration::from_secs(20), smsc_app)
        .await
        .expect("SMSC did not finish")
        .unwrap();
    let expected: Vec<Vec<u8>> = texts.iter().map(|t| t.to_vec()).collect();
    assert_eq!(seen, expected);
}

/// Regression: a request used to be queued only when its future was first polled, so
/// the parts of a long message submitted as spawned tasks reached the SMSC out of order.
/// Requests are now queued at the call: the SMSC sees them in call order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_spawned_submits_in_call_order() {
    let (addr, smsc_app) = recording_smsc().await;
    let config = EsmeConfig::new(
        BindKind::Transceiver,
        smpp::Bind::new("esme1".try_into().unwrap(), "secret".try_into().unwrap()),
    );
    let client = EsmeClient::connect(addr, config).await.unwrap();
    let texts = numbered_texts(200);
    let mut tasks = tokio::task::JoinSet::new();
    for t in &texts {
        tasks.spawn(client.link().submit_encoded(submit_sm_with(t)));
    }
    while let Some(r) = tasks.join_next().await {
        assert!(matches!(r.unwrap(), Ok(Outcome::Accepted(_))));
    }
    client.unbind().await;
    assert_smsc_saw(smsc_app, &texts).await;
}

/// Regression: a request that found the queue full waited for room only when its future
/// was polled, and a later call whose future was polled first (or that came when the
/// driver had just made room) overtook it. With a queue of 2 and a window of 1, 60 calls
/// fill the queue at once; their futures are spawned in reverse call order, and one in
/// the middle is held and never polled. The SMSC must see all 60, in call order: the
/// waiting ones move up in line, the unpolled one carried in its turn by the others.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_queued_submits_in_call_order_when_polled_in_reverse() {
    let (addr, smsc_app) = recording_smsc().await;
    let mut config = EsmeConfig::new(
        BindKind::Transceiver,
        smpp::Bind::new("esme1".try_into().unwrap(), "secret".try_into().unwrap()),
    );
    config.queue = 2;
    config.session.window = 1;
    let client = EsmeClient::connect(addr, config).await.unwrap();
    let texts = numbered_texts(60);
    let mut futures: Vec<_> = texts
        .iter()
        .map(|t| client.link().submit_encoded(submit_sm_with(t)))
        .collect();
    let unpolled = futures.remove(30);
    let mut tasks = tokio::task::JoinSet::new();
    for f in futures.into_iter().rev() {
        tasks.spawn(f);
        tokio::task::yield_now().await;
    }
    let all = async {
        while let Some(r) = tasks.join_next().await {
            assert!(matches!(r.unwrap(), Ok(Outcome::Accepted(_))));
        }
    };
    tokio::time::timeout(Duration::from_secs(20), all)
        .await
        .expect("queued submits stalled");
    drop(unpolled);
    client.unbind().await;
    assert_smsc_saw(smsc_app, &texts).await;
}

/// A full window answered in one burst is handled in parts (a quarter of the window each):
/// the callers a part answered run, and their next requests leave, before the driver reads
/// the next part. 256 callers on one thread each send their next text once the last is answered
/// (taking a text and calling submit in one step, so the call order is the texts'
/// order): all 1000 must be accepted and reach the SMSC in call order.
#[tokio::test]
async fn accepts_full_window_bursts_in_call_order() {
    let (addr, smsc_app) = recording_smsc().await;
    let mut config = EsmeConfig::new(
        BindKind::Transceiver,
        smpp::Bind::new("esme1".try_into().unwrap(), "secret".try_into().unwrap()),
    );
    config.session.window = 256;
    let client = EsmeClient::connect(addr, config).await.unwrap();
    let texts: Arc<[[u8; 3]]> = numbered_texts(1000).into();
    let next = Arc::new(AtomicU64::new(0));
    let mut callers = tokio::task::JoinSet::new();
    for _ in 0..256 {
        let (link, texts, next) = (client.link().clone(), texts.clone(), next.clone());
        callers.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed) as usize;
                let Some(text) = texts.get(i) else { break };
                let outcome = link.submit_encoded(submit_sm_with(text)).await;
                assert!(matches!(outcome, Ok(Outcome::Accepted(_))), "{outcome:?}");
            }
        });
    }
    let all = async {
        while let Some(r) = callers.join_next().await {
            r.unwrap();
        }
    };
    tokio::time::timeout(Duration::from_secs(20), all)
        .await
        .expect("submits stalled");
    assert_eq!(client.link().metrics().accepted, 1000);
    client.unbind().await;
    assert_smsc_saw(smsc_app, &texts).await;
}
