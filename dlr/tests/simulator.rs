//! The embeddable SMSC simulator (`dlr::simulator`) against ESMEs: smpp's `EsmeClient`, and
//! a real, independent one: python-smpplib 2.2.4 driven by shared/oracles/esme-send.py
//! (shared/oracles/README.md). What the ESMEs receive is read back by this crate's receipt
//! parser, whose vectors come from real SMSCs (tests/receipts.rs); the rules are SMPP 3.4
//! §4.4 (submit_sm), §4.6 + Appendix B (receipts), §5.1.3 (statuses), §5.2.17
//! (registered_delivery). Outside CI the oracle test prints SKIP and passes when smpplib is
//! not installed; in CI (`CI` set) a missing oracle fails it.
#![cfg(feature = "tokio")]
#![allow(missing_docs)]

use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dlr::simulator::{Address, FinalState, Mo, Simulator, SimulatorEvent};
use dlr::{DecodeOptions, DeliveryReport, State};
use smpp::session::{BindKind, Outcome};
use smpp::tokio::{ConnectError, Direction, EsmeClient, EsmeConfig, Incoming, Tap};
use smpp::{Bind, CommandId, CommandStatus, Pdu, SubmitSm};

const WAIT: Duration = Duration::from_secs(10);

async fn esme(addr: std::net::SocketAddr, kind: BindKind, id: &str, pw: &str) -> EsmeClient {
    let bind = Bind::new(
        id.to_owned().try_into().unwrap(),
        pw.to_owned().try_into().unwrap(),
    );
    EsmeClient::connect(addr, EsmeConfig::new(kind, bind))
        .await
        .expect("bind")
}

/// submit_sm from 12345 to 447700900123, registered_delivery 1 (SMPP 3.4 §5.2.17: a
/// receipt on the final outcome).
fn submit(text: &str) -> Pdu<'_> {
    let mut sm = SubmitSm::new("12345", "+447700900123", text.as_bytes()).unwrap();
    sm.registered_delivery = 1;
    Pdu::SubmitSm(sm)
}

/// The next deliver_sm, acknowledged.
async fn next(client: &mut EsmeClient) -> Incoming {
    let mut r = tokio::time::timeout(WAIT, client.next_incoming())
        .await
        .expect("a deliver_sm in time")
        .expect("link open");
    if !r.answered() {
        client.link().ack(&mut r, CommandStatus::ESME_ROK).unwrap();
    }
    r
}

/// The report of a receipt deliver_sm, read by the crate's own parser.
fn report(r: &Incoming) -> DeliveryReport {
    let Pdu::DeliverSm(sm) = r.pdu() else {
        panic!("not a deliver_sm: {:?}", r.command_id())
    };
    DeliveryReport::from_deliver_sm(&sm, &DecodeOptions::strict()).expect("a receipt")
}

fn accepted_id(outcome: Outcome) -> String {
    match outcome {
        Outcome::Accepted(resp) => resp.message_id().expect("message id").to_owned(),
        other => panic!("not accepted: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_submit_with_receipt_and_keeps_the_message() {
    // The tap sees every PDU's octets; the hook every bind.
    let frames = Arc::new(Mutex::new(Vec::new()));
    let binds = Arc::new(Mutex::new(Vec::new()));
    let (f, b) = (frames.clone(), binds.clone());
    let tap: Tap = Arc::new(move |conn, dir, pdu: &[u8]| {
        let id = smpp::Header::peek(pdu).map(|h| h.command_id);
        f.lock().unwrap().push((conn, dir, id));
    });
    let sim = Simulator::builder()
        .account("esme", "secret")
        .receipt_delay(Duration::from_millis(10))
        .tap(tap)
        .on_event(move |e| {
            if let SimulatorEvent::Bound {
                system_id, kind, ..
            } = e
            {
                b.lock().unwrap().push((system_id.clone(), *kind));
            }
        })
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let mut client = esme(sim.local_addr(), BindKind::Transceiver, "esme", "secret").await;
    let id = accepted_id(client.submit(&submit("Hello")).await.unwrap());
    let receipt = report(&next(&mut client).await);
    assert_eq!(
        (receipt.message_id.as_str(), receipt.state),
        (id.as_str(), State::Delivered)
    );
    // The store has what was submitted, final once the receipt went.
    let stored = sim.message(&id).expect("stored");
    assert_eq!(
        (stored.system_id.as_str(), stored.text.as_str()),
        ("esme", "Hello")
    );
    assert_eq!(stored.destination, Address::international("447700900123"));
    assert_eq!(stored.state, State::Delivered);
    assert!(sim.wait_for(WAIT, |s| s.receipts_acked == 1).await);
    client.unbind().await;
    let stats = sim.shutdown().await;
    assert_eq!((stats.binds, stats.submissions, stats.messages), (1, 1, 1));
    assert_eq!((stats.accepted, stats.receipts_sent), (1, 1));
    assert_eq!(
        *binds.lock().unwrap(),
        [("esme".to_owned(), BindKind::Transceiver)]
    );
    let frames = frames.lock().unwrap();
    for (dir, id) in [
        (Direction::In, CommandId::BIND_TRANSCEIVER),
        (Direction::Out, CommandId::BIND_TRANSCEIVER_RESP),
        (Direction::In, CommandId::SUBMIT_SM),
        (Direction::Out, CommandId::SUBMIT_SM_RESP),
        (Direction::Out, CommandId::DELIVER_SM),
        (Direction::In, CommandId::DELIVER_SM_RESP),
    ] {
        assert!(
            frames.contains(&(1, dir, Some(id))),
            "{dir:?} {id:?}: {frames:?}"
        );
    }
}

// SMPP 3.4 §5.1.3: ESME_RINVPASWD (0x0E) for a wrong password, ESME_RINVSYSID (0x0F) for an
// unknown system_id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejects_binds_outside_the_accounts() {
    let sim = Simulator::builder()
        .account("esme", "secret")
        .start("127.0.0.1:0")
        .await
        .unwrap();
    for (id, pw, status) in [
        ("esme", "wrong", CommandStatus::ESME_RINVPASWD),
        ("other", "secret", CommandStatus::ESME_RINVSYSID),
    ] {
        let bind = Bind::new(id.try_into().unwrap(), pw.try_into().unwrap());
        let err = EsmeClient::connect(
            sim.local_addr(),
            EsmeConfig::new(BindKind::Transceiver, bind),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, ConnectError::BindFailed(Some(s)) if s == status),
            "{err:?}"
        );
    }
    assert_eq!(sim.shutdown().await.binds_refused, 2);
}

// Store and forward: a receipt for a transmitter-only ESME waits for its receiver bind; an
// MO sent before any bind too. A long MO comes in UDH parts (TS 23.040 §9.2.3.24.1).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_receipts_and_mo_held_for_the_next_receiver_bind() {
    let sim = Simulator::builder()
        .receipt_delay(Duration::from_millis(10))
        .receipt_state(FinalState::Always(State::Undeliverable))
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let tx = esme(sim.local_addr(), BindKind::Transmitter, "esme", "pw").await;
    let id = accepted_id(tx.submit(&submit("to be held")).await.unwrap());
    assert!(sim.wait_for(WAIT, |s| s.receipts_held == 1).await);
    let mo = Mo::new(
        "esme",
        Address::international("447700900999"),
        Address::international("4412345"),
        "A reply from a handset that is long enough to need two parts of a concatenated SMS, \
         being longer than the 160 characters of one: 0123456789 0123456789 0123456789 \
         0123456789 0123456789 0123456789",
    );
    assert_eq!(sim.send_mo(&mo).unwrap(), 2);
    let mut rx = esme(sim.local_addr(), BindKind::Receiver, "esme", "pw").await;
    let first = report(&next(&mut rx).await);
    assert_eq!(
        (first.message_id.as_str(), first.state),
        (id.as_str(), State::Undeliverable)
    );
    let mut parts = Vec::new();
    for _ in 0..2 {
        let r = next(&mut rx).await;
        let Pdu::DeliverSm(sm) = r.pdu() else {
            panic!("not a deliver_sm")
        };
        assert_eq!(sm.esm_class & 0x40, 0x40, "UDHI");
        assert_eq!(sm.source_addr.as_bytes(), b"447700900999");
        parts.push(sm.text().unwrap());
    }
    assert_eq!(parts.concat(), mo.text);
    let stats = sim.stats();
    assert_eq!(
        (
            stats.receipts_held,
            stats.receipts_redelivered,
            stats.mo_sent
        ),
        (1, 1, 2)
    );
    tx.unbind().await;
    rx.unbind().await;
}

// A receipt the ESME refuses (SMPP 3.4 §5.1.3 ESME_RX_T_APPN 0x64, "temporary app error")
// on one receiver bind goes to the system_id's other receiver bind at once, not held.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_refused_receipt_rerouted_to_another_receiver() {
    let sim = Simulator::builder()
        .receipt_delay(Duration::from_millis(10))
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let mut first = esme(sim.local_addr(), BindKind::Receiver, "esme", "pw").await;
    let mut second = esme(sim.local_addr(), BindKind::Receiver, "esme", "pw").await;
    let tx = esme(sim.local_addr(), BindKind::Transmitter, "esme", "pw").await;
    let id = accepted_id(tx.submit(&submit("reroute")).await.unwrap());
    // The first receiver registered first, so it is offered the receipt first.
    let mut offered = tokio::time::timeout(WAIT, first.next_incoming())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report(&offered).message_id, id.as_str());
    first
        .link()
        .ack(&mut offered, CommandStatus::ESME_RX_T_APPN)
        .unwrap();
    assert_eq!(report(&next(&mut second).await).message_id, id.as_str());
    assert!(sim.wait_for(WAIT, |s| s.receipts_acked == 1).await);
    let stats = sim.stats();
    assert_eq!((stats.receipts_failed, stats.receipts_held), (1, 0));
    for client in [first, second, tx] {
        client.unbind().await;
    }
}

// Receipt faults real SMSCs have: every receipt twice, then a late ENROUTE (Appendix B Table
// B-2), all before a submit_sm_resp delayed past the receipt delay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_duplicate_late_and_early_receipts() {
    let sim = Simulator::builder()
        .receipt_delay(Duration::from_millis(10))
        .response_delay(Duration::from_millis(600))
        .receipts_before_response(true)
        .duplicate_receipts(1.0)
        .late_enroute_receipts(true)
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let mut client = esme(sim.local_addr(), BindKind::Transceiver, "esme", "pw").await;
    let response = tokio::spawn(client.submit(&submit("early")));
    let mut states = Vec::new();
    for _ in 0..3 {
        states.push(report(&next(&mut client).await).state);
    }
    assert!(
        !response.is_finished(),
        "the receipts came before the response"
    );
    assert_eq!(states, [State::Delivered, State::Delivered, State::Enroute]);
    accepted_id(response.await.unwrap().unwrap());
    assert_eq!(sim.stats().receipts_duplicated, 1);
    client.unbind().await;
}

// Faults: an error status at rate 1 (SMPP 3.4 §5.1.3 ESME_RSYSERR 0x08), throttling
// (ESME_RTHROTTLED 0x58) of the third submission within a second above 2 per second, and a dropped connection after every 2nd
// submission.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejects_submissions_by_the_configured_faults() {
    let full = Simulator::builder()
        .error_rate(CommandStatus::ESME_RSYSERR, 1.0)
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let client = esme(full.local_addr(), BindKind::Transceiver, "esme", "pw").await;
    let outcome = client.submit(&submit("x")).await.unwrap();
    assert!(matches!(&outcome, Outcome::Rejected(r) if r.status() == CommandStatus::ESME_RSYSERR));
    client.unbind().await;
    assert_eq!(full.shutdown().await.rejected, 1);

    let slow = Simulator::builder()
        .throttle_above(2)
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let client = esme(slow.local_addr(), BindKind::Transceiver, "esme", "pw").await;
    for _ in 0..3 {
        // smpp's session backs off on ESME_RTHROTTLED and resubmits.
        client.submit(&submit("x")).await.unwrap();
    }
    client.unbind().await;
    let stats = slow.shutdown().await;
    assert!(stats.throttled >= 1, "{stats:?}");
    assert_eq!(stats.accepted, 3, "{stats:?}");

    let dropping = Simulator::builder()
        .drop_every(2)
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let mut client = esme(dropping.local_addr(), BindKind::Transmitter, "esme", "pw").await;
    accepted_id(client.submit(&submit("1")).await.unwrap());
    accepted_id(client.submit(&submit("2")).await.unwrap());
    assert!(
        dropping
            .wait_for(WAIT, |s| s.dropped_connections == 1)
            .await
    );
    // The ESME sees its connection close without unbind.
    let closed = tokio::time::timeout(WAIT, async {
        while let Some(e) = client.next_event().await {
            if matches!(e, smpp::tokio::LinkEvent::Closed(_)) {
                return true;
            }
        }
        true
    });
    assert!(closed.await.unwrap());
}

/// python-smpplib via shared/oracles/esme-send.py, or `None` (SKIP) outside CI.
fn smpplib() -> Option<(String, String)> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/oracles/esme-send.py"
    );
    let rt = std::env::var("ORACLES_RT").unwrap_or_else(|_| "/opt/smpp-oracles".into());
    let python = format!("{rt}/venv/bin/python");
    if Path::new(script).exists() && Path::new(&python).exists() {
        return Some((python, script.to_owned()));
    }
    let msg = format!("{script} or {python} missing (run shared/oracles/install.sh)");
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(!ci, "CI requires the oracle: {msg}");
    eprintln!("SKIP: {msg}");
    None
}

// A real, independent ESME (python-smpplib) binds with the account, submits a short and a
// long (UDH, 2 parts) UCS-2 message, and gets a response and one receipt per part that it
// matches itself (esme-send.py's own Appendix B regular expression); a wrong password makes
// it exit 3 (its "could not bind").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_python_smpplib_esme() {
    let Some((python, script)) = smpplib() else {
        return;
    };
    let sim = Simulator::builder()
        .account("smppclient1", "password")
        .receipt_delay(Duration::from_millis(10))
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let port = sim.local_addr().port().to_string();
    let run = move |password: &'static str, text: &'static str| {
        let (python, script, port) = (python.clone(), script.clone(), port.clone());
        tokio::task::spawn_blocking(move || {
            Command::new(python)
                .arg(script)
                .args([
                    "--host",
                    "127.0.0.1",
                    "--port",
                    &port,
                    "--system-id",
                    "smppclient1",
                ])
                .args([
                    "--password",
                    password,
                    "--to",
                    "447700900123",
                    "--timeout",
                    "20",
                ])
                .args(["--text", text])
                .output()
                .expect("run esme-send.py")
        })
    };
    let long = "Привет! A long Unicode message from smpplib needs two parts of 67 characters. ✓";
    for text in ["Hello from smpplib", long] {
        let out = run("password", text).await.unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let summary: serde_json::Value = (stdout.lines().rev())
            .find_map(|l| {
                serde_json::from_str(l)
                    .ok()
                    .filter(|v: &serde_json::Value| v["event"] == "summary")
            })
            .unwrap_or_else(|| {
                panic!(
                    "no summary: {stdout}\n{}",
                    String::from_utf8_lossy(&out.stderr)
                )
            });
        assert_eq!(out.status.code(), Some(0), "{stdout}");
        assert_eq!(summary["ok"], true, "{summary}");
        assert_eq!(summary["receipts"], summary["expected_parts"], "{summary}");
        assert_eq!(summary["receipts_unmatched"], 0, "{summary}");
    }
    let wrong = run("wrong", "x").await.unwrap();
    assert_eq!(
        wrong.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&wrong.stdout)
    );
    // The store has the texts as smpplib coded them (GSM 7 bit, then UCS-2 in UDH parts).
    let texts: Vec<String> = sim.messages().into_iter().map(|m| m.text).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert_eq!(texts[0], "Hello from smpplib");
    assert_eq!(texts[1..].concat(), long);
    let stats = sim.shutdown().await;
    // 1 + 2 parts, grouped into 2 messages by their UDH; every receipt acknowledged.
    assert_eq!(
        (stats.submissions, stats.messages, stats.binds_refused),
        (3, 2, 1)
    );
    assert_eq!(stats.receipts_acked, 3);
}
