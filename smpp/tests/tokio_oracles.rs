//! The tokio drivers against real independent peers (shared/oracles/README.md):
//! - PyPI smpplib 2.2.4 as ESME (`esme-send.py`) against our `SmscServer`;
//! - npm smpp 0.5.1 (node-smpp) SMSC simulator (`smsc-sim.js`) against our `EsmeClient`.
//!
//! Outside CI each test skips with a message when its tool is not installed (run
//! shared/oracles/install.sh); in CI (`CI` set) a missing tool fails it.
#![cfg(feature = "tokio")]
#![allow(missing_docs)]

#[path = "common/encoded.rs"]
mod encoded;
#[path = "common/oracle.rs"]
mod oracle;

use std::net::TcpListener as StdListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use bytes::Bytes;
use smpp::session::{BindKind, Config, Outcome};
use smpp::tokio::{EsmeClient, EsmeConfig, SmscServer};
use smpp::{CommandId, CommandStatus};

use encoded::receipt;

use oracle::Child;

fn oracles() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/oracles"))
}

fn runtime() -> PathBuf {
    PathBuf::from(std::env::var("ORACLES_RT").unwrap_or_else(|_| "/opt/smpp-oracles".into()))
}

fn have(tool: &str, needs: &[PathBuf]) -> bool {
    let ok = Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
        && needs.iter().all(|p| p.exists());
    if !ok {
        let msg = format!("{tool} or {needs:?} missing (run shared/oracles/install.sh)");
        assert!(!oracle::required(), "CI requires the oracle: {msg}");
        println!("skipped: {msg}");
    }
    ok
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_smpplib_esme_against_our_smsc() {
    let script = oracles().join("esme-send.py");
    if !have("python3", &[script.clone(), runtime().join("venv")]) {
        return;
    }
    let mut config = Config::default();
    config.auto_respond = true;
    let mut server = SmscServer::bind("127.0.0.1:0", config, |_k: BindKind, b: &smpp::Bind<'_>| {
        if b.system_id.as_bytes() == b"smppclient1" && b.password.as_bytes() == b"password" {
            CommandStatus::ESME_ROK
        } else {
            CommandStatus::ESME_RINVPASWD
        }
    })
    .await
    .unwrap();
    let port = server.local_addr().port();
    // The SMSC application: a receipt for every accepted submit_sm.
    let app = tokio::spawn(async move {
        let mut link = server.accept().await.unwrap();
        let mut sends = tokio::task::JoinSet::new();
        while let Some(req) = link.incoming.recv().await {
            if req.command_id() == CommandId::SUBMIT_SM {
                let id = req.message_id().unwrap().to_string();
                let l = link.link.clone();
                sends.spawn(async move { l.submit_encoded(receipt(&id)).await });
            }
        }
        let mut accepted = 0;
        while let Some(r) = sends.join_next().await {
            if matches!(r.unwrap(), Ok(Outcome::Accepted(_))) {
                accepted += 1;
            }
        }
        accepted
    });
    let out = tokio::task::spawn_blocking(move || {
        Command::new("python3")
            .arg(script)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--system-id", "smppclient1", "--password", "password"])
            .args(["--to", "447700900123", "--text", "Hello from smpplib"])
            .args(["--count", "20", "--window", "5", "--timeout", "20"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary = stdout
        .lines()
        .rev()
        .find(|l| l.contains("\"summary\""))
        .unwrap_or_else(|| {
            panic!(
                "no summary: {stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let v: serde_json::Value = serde_json::from_str(summary).unwrap();
    // smpplib saw 20 submit_sm_resp ESME_ROK and 20 matching receipts, then unbound.
    assert_eq!(v["ok"], true, "{stdout}");
    assert_eq!(v["resp_ok"], 20);
    assert_eq!(v["receipts"], 20);
    assert_eq!(v["receipts_unmatched"], 0);
    assert!(out.status.success());
    assert_eq!(app.await.unwrap(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_node_smpp_smsc_against_our_esme() {
    let script = oracles().join("smsc-sim.js");
    if !have("node", &[script.clone(), runtime().join("node_modules")]) {
        return;
    }
    let port = StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _sim = Child(
        Command::new("node")
            .arg(&script)
            .args([
                "--port",
                &port.to_string(),
                "--any-user",
                "--dlr-delay",
                "10",
            ])
            .args(["--max-runtime", "60", "--quiet-hex"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut config = EsmeConfig::new(
        BindKind::Transceiver,
        smpp::Bind::new("esme1".try_into().unwrap(), "pw".try_into().unwrap()),
    );
    config.session.auto_respond = true;
    config.reconnect = None;
    let mut client = None;
    for _ in 0..100 {
        match EsmeClient::connect(("127.0.0.1", port), config.clone()).await {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let mut client = client.expect("node-smpp SMSC did not come up");
    // submit_sm, SMPP 3.4 §4.4.1: source 1/1 "12345", dest 1/1 "447700900123",
    // registered_delivery 1, "hello node".
    let mut body = vec![0u8, 1, 1];
    body.extend_from_slice(b"12345\0");
    body.extend_from_slice(&[1, 1]);
    body.extend_from_slice(b"447700900123\0");
    body.extend_from_slice(&[0, 0, 0, 0, 0, 1, 0, 0, 0, 10]);
    body.extend_from_slice(b"hello node");
    let mut v = ((16 + body.len()) as u32).to_be_bytes().to_vec();
    v.extend_from_slice(&CommandId::SUBMIT_SM.0.to_be_bytes());
    v.extend_from_slice(&[0; 8]);
    v.extend_from_slice(&body);
    let pdu = Bytes::from(v);
    let mut ids = std::collections::HashSet::new();
    let futs: Vec<_> = (0..20)
        .map(|_| tokio::spawn(client.link().submit_encoded(pdu.clone())))
        .collect();
    for f in futs {
        let Outcome::Accepted(r) = f.await.unwrap().unwrap() else {
            panic!("not accepted")
        };
        ids.insert(r.message_id().unwrap().to_string());
    }
    assert_eq!(ids.len(), 20);
    // node-smpp's simulator sends one Appendix B receipt per message, with
    // receipted_message_id; the text's "id:" must name one of our message ids.
    let mut seen = std::collections::HashSet::new();
    while seen.len() < 20 {
        let r = tokio::time::timeout(Duration::from_secs(20), client.next_incoming())
            .await
            .expect("receipts stalled")
            .unwrap();
        assert_eq!(r.command_id(), CommandId::DELIVER_SM);
        let text = String::from_utf8_lossy(r.bytes()).into_owned();
        let start = text.find("id:").unwrap() + 3;
        let id = text[start..].split(' ').next().unwrap().to_string();
        assert!(ids.contains(&id), "receipt for unknown id {id}");
        seen.insert(id);
    }
    client.unbind().await;
}
