//! Outbind (SMPP 3.4 §4.1.7: the SMSC connects and asks the ESME to bind) in both
//! drivers: `SmscLink::outbind` and `EsmeClient::accept_outbind`, against each other and
//! against a real independent peer, npm smpp 0.5.1 (node-smpp; shared/oracles/README.md)
//! as the initiating SMSC (tests/node/outbind_smsc.js) and as the answering ESME
//! (tests/node/outbind_esme.js).
//!
//! Outside CI a test needing node skips with a message when node-smpp is not installed
//! (run shared/oracles/install.sh); in CI (`CI` set) it fails.
#![cfg(feature = "tokio")]
#![allow(missing_docs)]

#[path = "common/oracle.rs"]
mod oracle;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use smpp::session::{BindKind, Config, Outcome};
use smpp::tokio::{ConnectError, EsmeClient, EsmeConfig, IncomingKind, OutbindError, SmscLink};
use smpp::{Bind, CommandStatus, DeliverSm, Pdu};
use tokio::net::TcpListener;

fn esme_config(kind: BindKind) -> EsmeConfig {
    let mut c = EsmeConfig::new(
        kind,
        Bind::new("rust".try_into().unwrap(), "pw".try_into().unwrap()),
    );
    c.reconnect = None;
    c
}

fn smsc_config() -> Config {
    let mut c = Config::default();
    c.system_id = "RUSTSMSC".into();
    c.session_init_timeout = Some(Duration::from_secs(2));
    c
}

fn auth(_: BindKind, b: &Bind<'_>) -> CommandStatus {
    if b.password.as_bytes() == b"pw" {
        CommandStatus::ESME_ROK
    } else {
        CommandStatus::ESME_RINVPASWD
    }
}

/// An MO deliver_sm (SMPP 3.4 §4.6.1, esm_class 0).
fn mo(text: &'static str) -> Pdu<'static> {
    Pdu::DeliverSm(DeliverSm {
        source_addr: "447700900123".try_into().unwrap(),
        destination_addr: "12345".try_into().unwrap(),
        short_message: text.as_bytes().try_into().unwrap(),
        ..DeliverSm::default()
    })
}

#[tokio::test]
async fn binds_our_esme_after_our_smscs_outbind() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let esme = tokio::spawn(EsmeClient::accept_outbind(
        listener,
        "RUSTSMSC",
        "obpw",
        esme_config(BindKind::Receiver),
    ));
    let smsc = SmscLink::outbind(addr, smsc_config(), "obpw", auth)
        .await
        .unwrap();
    assert_eq!(
        (smsc.kind, smsc.system_id.as_str()),
        (BindKind::Receiver, "rust")
    );
    let mut client = esme.await.unwrap().unwrap();
    let delivered = smsc.link.submit(&mo("after outbind"));
    let mut incoming = client.next_incoming().await.unwrap();
    assert_eq!(incoming.kind(), IncomingKind::Message);
    client
        .link()
        .ack(&mut incoming, CommandStatus::ESME_ROK)
        .unwrap();
    assert!(matches!(delivered.await, Ok(Outcome::Accepted(_))));
    client.unbind().await;
}

#[tokio::test]
async fn refuses_an_outbind_with_the_wrong_password() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let esme = tokio::spawn(EsmeClient::accept_outbind(
        listener,
        "RUSTSMSC",
        "obpw",
        esme_config(BindKind::Transceiver),
    ));
    let smsc = SmscLink::outbind(addr, smsc_config(), "guess", auth).await;
    assert!(matches!(smsc, Err(OutbindError::NotBound)), "{smsc:?}");
    let r = esme.await.unwrap();
    assert!(matches!(r, Err(ConnectError::OutbindRefused)), "{r:?}");
    // A transmitter cannot answer outbind (3.4 §4.1.7: bind_receiver).
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let r =
        EsmeClient::accept_outbind(listener, "S", "p", esme_config(BindKind::Transmitter)).await;
    assert!(matches!(r, Err(ConnectError::Io(_))), "{r:?}");
    // Fields outbind cannot carry (password max 8 octets).
    let r = SmscLink::outbind(addr, smsc_config(), "123456789", auth).await;
    assert!(
        matches!(r, Err(OutbindError::InvalidField | OutbindError::Io(_))),
        "{r:?}"
    );
}

/// Runs tests/node/outbind_smsc.js against `port` with `password`; its stdout.
fn run_node_smsc(module: PathBuf, port: u16, password: &'static str) -> std::process::Child {
    Command::new("node")
        .arg(oracle::node_script("outbind_smsc.js"))
        .env("NODE_SMPP", module)
        .env("PORT", port.to_string())
        .env("OB_PASSWORD", password)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binds_our_esme_after_node_smpps_outbind() {
    let Some(module) = oracle::node_smpp() else {
        return;
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let node = run_node_smsc(module.clone(), port, "obpw");
    let mut client = tokio::time::timeout(
        Duration::from_secs(10),
        EsmeClient::accept_outbind(
            listener,
            "NODESMSC",
            "obpw",
            esme_config(BindKind::Receiver),
        ),
    )
    .await
    .unwrap()
    .unwrap();
    let mut incoming = tokio::time::timeout(Duration::from_secs(10), client.next_incoming())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(incoming.kind(), IncomingKind::Message);
    let Pdu::DeliverSm(sm) = incoming.pdu() else {
        panic!()
    };
    assert_eq!(sm.short_message.as_bytes(), b"MO after outbind");
    client
        .link()
        .ack(&mut incoming, CommandStatus::ESME_ROK)
        .unwrap();
    client.unbind().await;
    let out = tokio::task::spawn_blocking(move || node.wait_with_output().unwrap())
        .await
        .unwrap();
    let log = String::from_utf8_lossy(&out.stdout);
    // node-smpp saw our bind_receiver (with our credentials), our deliver_sm_resp
    // ESME_ROK and our unbind.
    assert!(
        log.contains(r#""event":"bind","command":"bind_receiver","system_id":"rust","ok":true"#),
        "{log}"
    );
    assert!(
        log.contains(r#""event":"deliver_sm_resp","status":0"#),
        "{log}"
    );
    assert!(log.contains(r#""event":"unbind""#), "{log}");

    // The same SMSC with a wrong password: our ESME does not bind.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let node = run_node_smsc(module, port, "guess");
    let r = tokio::time::timeout(
        Duration::from_secs(10),
        EsmeClient::accept_outbind(
            listener,
            "NODESMSC",
            "obpw",
            esme_config(BindKind::Receiver),
        ),
    )
    .await
    .unwrap();
    assert!(matches!(r, Err(ConnectError::OutbindRefused)), "{r:?}");
    let out = tokio::task::spawn_blocking(move || node.wait_with_output().unwrap())
        .await
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains(r#""event":"bind""#));
}

/// Kills the node server we started (by its pid) when the test ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binds_node_smpp_esme_after_our_outbind() {
    let Some(module) = oracle::node_smpp() else {
        return;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("esme.log");
    let _node = Child(
        Command::new("node")
            .arg(oracle::node_script("outbind_esme.js"))
            .env("NODE_SMPP", module)
            .env("PORT", port.to_string())
            .stdout(std::fs::File::create(&log_path).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut bound = None;
    for _ in 0..100 {
        match SmscLink::outbind(("127.0.0.1", port), smsc_config(), "obpw", auth).await {
            Ok(b) => {
                bound = Some(b);
                break;
            }
            Err(OutbindError::Io(_)) => tokio::time::sleep(Duration::from_millis(100)).await,
            Err(e) => panic!("{e}"),
        }
    }
    let smsc = bound.expect("node-smpp ESME did not come up");
    // node-smpp checked our outbind and bound a receiver.
    assert_eq!(
        (smsc.kind, smsc.system_id.as_str()),
        (BindKind::Receiver, "node")
    );
    let outcome = smsc.link.submit(&mo("to node after outbind")).await;
    assert!(matches!(outcome, Ok(Outcome::Accepted(_))), "{outcome:?}");
    smsc.link.unbind().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.contains(r#""event":"outbind","system_id":"RUSTSMSC","ok":true"#),
        "{log}"
    );
    assert!(log.contains(r#""event":"bound","status":0"#), "{log}");
    assert!(
        log.contains(r#""event":"deliver_sm","text":"to node after outbind""#),
        "{log}"
    );
}
