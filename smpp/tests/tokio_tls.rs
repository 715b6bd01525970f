//! SMPP over TLS (feature `tls`): our drivers against each other and against a real
//! independent peer, npm smpp 0.5.1 (node-smpp: `ssmpp://` URLs for its client,
//! `createServer({key, cert})` for its server; shared/oracles/README.md). The scripts
//! are tests/node/tls_esme.js and tests/node/tls_smsc.js. The certificate is generated at
//! test time (rcgen), self-signed for `localhost` and 127.0.0.1.
//!
//! Outside CI a test needing node skips with a message when node-smpp is not installed
//! (run shared/oracles/install.sh); in CI (`CI` set) it fails.
#![cfg(feature = "tls")]
#![allow(missing_docs)]

#[path = "common/oracle.rs"]
mod oracle;

use std::process::{Command, Stdio};
use std::time::Duration;

use smpp::session::{BindKind, Config, Outcome};
use smpp::tokio::tls::{
    self,
    rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName},
};
use smpp::tokio::{ConnectError, EsmeClient, EsmeConfig, IncomingKind, SmscServer};
use smpp::{Bind, CommandStatus, DeliverSm, Pdu, SubmitSm};

struct TestCert {
    der: CertificateDer<'static>,
    key: PrivatePkcs8KeyDer<'static>,
    cert_pem: String,
    key_pem: String,
}

fn test_cert() -> TestCert {
    let ck =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    TestCert {
        der: ck.cert.der().clone(),
        key: PrivatePkcs8KeyDer::from(ck.key_pair.serialize_der()),
        cert_pem: ck.cert.pem(),
        key_pem: ck.key_pair.serialize_pem(),
    }
}

fn server_tls(c: &TestCert) -> std::sync::Arc<tls::rustls::ServerConfig> {
    tls::server_config(vec![c.der.clone()], PrivateKeyDer::Pkcs8(c.key.clone_key())).unwrap()
}

fn accept(kind: BindKind, b: &Bind<'_>) -> CommandStatus {
    let _ = kind;
    if b.password.as_bytes() == b"secret" {
        CommandStatus::ESME_ROK
    } else {
        CommandStatus::ESME_RINVPASWD
    }
}

fn esme_config(system_id: &'static str) -> EsmeConfig {
    let mut c = EsmeConfig::new(
        BindKind::Transceiver,
        Bind::new(system_id.try_into().unwrap(), "secret".try_into().unwrap()),
    );
    c.reconnect = None;
    c
}

fn localhost() -> ServerName<'static> {
    ServerName::try_from("localhost").unwrap()
}

fn submit_sm() -> Pdu<'static> {
    Pdu::SubmitSm(SubmitSm {
        source_addr: "12345".try_into().unwrap(),
        destination_addr: "447700900123".try_into().unwrap(),
        registered_delivery: smpp::RegisteredDelivery::SUCCESS_OR_FAILURE,
        short_message: b"over tls"[..].try_into().unwrap(),
        ..SubmitSm::default()
    })
}

/// A delivery receipt (SMPP 3.4 §4.6.1 deliver_sm, esm_class 0x04, Appendix B text).
fn receipt(id: &str) -> Pdu<'static> {
    let text = format!(
        "id:{id} sub:001 dlvrd:001 submit date:2512070300 done date:2512070300 stat:DELIVRD err:000 text:over tls"
    );
    Pdu::DeliverSm(DeliverSm {
        source_addr: "447700900123".try_into().unwrap(),
        destination_addr: "12345".try_into().unwrap(),
        esm_class: smpp::EsmClass::SMSC_DELIVERY_RECEIPT,
        short_message: text.into_bytes().try_into().unwrap(),
        ..DeliverSm::default()
    })
    .into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_our_esme_against_our_smsc_over_tls() {
    let cert = test_cert();
    let mut server =
        SmscServer::bind_tls("127.0.0.1:0", Config::default(), accept, server_tls(&cert))
            .await
            .unwrap();
    let addr = server.local_addr();
    let client_tls = tls::client_config([cert.der.clone()]).unwrap();
    let mut client = EsmeClient::connect_tls(addr, localhost(), client_tls, esme_config("rust"))
        .await
        .unwrap();
    let mut smsc = server.accept().await.unwrap();
    let sent = tokio::spawn(client.submit(&submit_sm()));
    let mut req = smsc.incoming.recv().await.unwrap();
    smsc.link.accept(&mut req, "tls-1").unwrap();
    match sent.await.unwrap().unwrap() {
        Outcome::Accepted(r) => assert_eq!(r.message_id(), Some("tls-1")),
        other => panic!("{other:?}"),
    }
    let delivered = smsc.link.submit(&receipt("tls-1"));
    let mut incoming = client.next_incoming().await.unwrap();
    assert_eq!(incoming.kind(), IncomingKind::Receipt);
    client
        .link()
        .ack(&mut incoming, CommandStatus::ESME_ROK)
        .unwrap();
    assert!(matches!(delivered.await, Ok(Outcome::Accepted(_))));
    client.unbind().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_a_server_certificate_not_trusted() {
    let cert = test_cert();
    let other = test_cert();
    let server = SmscServer::bind_tls("127.0.0.1:0", Config::default(), accept, server_tls(&cert))
        .await
        .unwrap();
    let client_tls = tls::client_config([other.der.clone()]).unwrap();
    let r = EsmeClient::connect_tls(
        server.local_addr(),
        localhost(),
        client_tls,
        esme_config("rust"),
    )
    .await;
    assert!(matches!(r, Err(ConnectError::Io(_))), "{r:?}");
    // The TCP connection was accepted; no bind reached the application.
    assert_eq!(server.connections_accepted(), 1);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_node_smpp_tls_esme_against_our_smsc() {
    let Some(module) = oracle::node_smpp() else {
        return;
    };
    let cert = test_cert();
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &cert.cert_pem).unwrap();
    let mut server =
        SmscServer::bind_tls("127.0.0.1:0", Config::default(), accept, server_tls(&cert))
            .await
            .unwrap();
    let port = server.local_addr().port();
    // The SMSC application: accept the submit_sm with an id, then send its receipt.
    let app = tokio::spawn(async move {
        let mut smsc = server.accept().await.unwrap();
        let mut req = smsc.incoming.recv().await.unwrap();
        let Pdu::SubmitSm(sm) = req.pdu() else {
            panic!("{:?}", req.pdu())
        };
        assert_eq!(sm.short_message.as_bytes(), b"over tls");
        smsc.link.accept(&mut req, "tls-42").unwrap();
        let outcome = smsc.link.submit(&receipt("tls-42")).await;
        (smsc.system_id, outcome)
    });
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(oracle::node_script("tls_esme.js"))
            .env("NODE_SMPP", module)
            .env("PORT", port.to_string())
            .env("CA", ca)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap_or(""))
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    assert!(out.status.success(), "{stdout}");
    // node-smpp bound over TLS, got submit_sm_resp ESME_ROK with our id, and the receipt.
    assert_eq!(v["bound"], true, "{stdout}");
    assert_eq!(v["resp_status"], 0);
    assert_eq!(v["message_id"], "tls-42");
    assert_eq!(v["esm_class"], 4);
    assert!(
        v["receipt"].as_str().unwrap().starts_with("id:tls-42 "),
        "{stdout}"
    );
    let (system_id, outcome) = app.await.unwrap();
    assert_eq!(system_id, "node-tls");
    assert!(matches!(outcome, Ok(Outcome::Accepted(_))), "{outcome:?}");
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
async fn accepts_node_smpp_tls_smsc_against_our_esme() {
    let Some(module) = oracle::node_smpp() else {
        return;
    };
    let cert = test_cert();
    let dir = tempfile::tempdir().unwrap();
    let (key, crt) = (dir.path().join("key.pem"), dir.path().join("cert.pem"));
    std::fs::write(&key, &cert.key_pem).unwrap();
    std::fs::write(&crt, &cert.cert_pem).unwrap();
    let port = free_port();
    let log = dir.path().join("smsc.log");
    let _server = Child(
        Command::new("node")
            .arg(oracle::node_script("tls_smsc.js"))
            .env("NODE_SMPP", module)
            .env("PORT", port.to_string())
            .env("KEY", &key)
            .env("CERT", &crt)
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let client_tls = tls::client_config([cert.der.clone()]).unwrap();
    let mut client = None;
    for _ in 0..100 {
        match EsmeClient::connect_tls(
            ("127.0.0.1", port),
            localhost(),
            client_tls.clone(),
            esme_config("rust"),
        )
        .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let mut client = client.expect("node-smpp TLS SMSC did not come up");
    let outcome = client.submit(&submit_sm()).await.unwrap();
    match outcome {
        Outcome::Accepted(r) => assert_eq!(r.message_id(), Some("node-1")),
        other => panic!("{other:?}"),
    }
    let mut incoming = tokio::time::timeout(Duration::from_secs(10), client.next_incoming())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(incoming.kind(), IncomingKind::Receipt);
    let Pdu::DeliverSm(sm) = incoming.pdu() else {
        panic!()
    };
    assert!(sm.short_message.as_bytes().starts_with(b"id:node-1 "));
    client
        .link()
        .ack(&mut incoming, CommandStatus::ESME_ROK)
        .unwrap();
    client.unbind().await;
    // node-smpp saw our bind, our submit_sm's text, and our deliver_sm_resp ESME_ROK.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(
        log.contains(r#""event":"bind","system_id":"rust","ok":true"#),
        "{log}"
    );
    assert!(
        log.contains(r#""event":"submit_sm","text":"over tls""#),
        "{log}"
    );
    assert!(
        log.contains(r#""event":"receipt_acked","status":0"#),
        "{log}"
    );
}
