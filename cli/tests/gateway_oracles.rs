//! The gateway against real, independent peers (shared/oracles/README.md): `sms smsc` serving
//! python-smpplib 2.2.4 (esme-send.py) and node-smpp 0.5.1 (esme-send.js) ESMEs, `sms send`
//! pushing through node-smpp's SMSC simulator (smsc-sim.js), and what `sms smsc` sends
//! decoded by smpp.pdu3 0.6 (smpp-pdu-py.py) and Wireshark's dissector (smpp-dissect.sh,
//! tshark 4.0.17). Outside CI each test prints SKIP and passes when the oracle is not
//! installed; in CI (`CI` set) a missing oracle fails it (CI installs them with
//! shared/oracles/install.sh).

mod gateway_support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use gateway_support::{Smsc, free_port, oracle, run_bounded, sms};
use serde_json::Value;

const LONG: &str = "A long message from an independent ESME: it needs two parts, and the SMSC \
simulator must answer each of them and send a receipt for every part it accepted. 0123456789";

/// Runs an oracle ESME script against `addr`, returns its summary line.
fn esme(interpreter: &str, script: &str, addr: &str, extra: &[&str]) -> Value {
    let (host, port) = addr.rsplit_once(':').unwrap();
    let mut cmd = Command::new(interpreter);
    cmd.arg(script)
        .args([
            "--host",
            host,
            "--port",
            port,
            "--system-id",
            "smppclient1",
            "--password",
            "password",
        ])
        .args(["--to", "447700900123", "--timeout", "20"])
        .args(extra);
    let out = run_bounded(&mut cmd, Duration::from_secs(60));
    let summary = out
        .json_lines()
        .into_iter()
        .rev()
        .find(|l| l["event"] == "summary")
        .unwrap_or_else(|| panic!("no summary from {script}: {}\n{}", out.stdout, out.stderr));
    assert_eq!(
        out.code, 0,
        "{script} {extra:?}: {}\n{}",
        out.stdout, out.stderr
    );
    summary
}

fn smsc() -> Smsc {
    Smsc::start(&["--account", "smppclient1:password", "--dlr-delay-ms", "10"])
}

#[test]
fn accepts_python_smpplib_esme() {
    let Some(script) = oracle("esme-send.py", "python3") else {
        return;
    };
    let s = smsc();
    let cases: [&[&str]; 4] = [
        &["--text", "Hello from smpplib"],
        &["--text", LONG, "--count", "3", "--window", "2"],
        &["--text", "Привет € 👋", "--count", "2"],
        &["--text", LONG, "--sar"],
    ];
    for extra in cases {
        let summary = esme("python3", &script, &s.addr, extra);
        assert_eq!(summary["ok"], true, "{extra:?}: {summary}");
        assert_eq!(summary["receipts"], summary["expected_parts"], "{summary}");
        assert_eq!(summary["receipts_unmatched"], 0);
    }
    let mut wrong = Command::new("python3");
    wrong
        .arg(&script)
        .args([
            "--port",
            s.addr.rsplit_once(':').unwrap().1,
            "--system-id",
            "smppclient1",
        ])
        .args(["--password", "wrong", "--to", "1", "--text", "x"]);
    // esme-send.py: exit 3 when the bind failed.
    assert_eq!(run_bounded(&mut wrong, Duration::from_secs(30)).code, 3);
    let summary = s.stop().pop().unwrap();
    assert_eq!(summary["binds_refused"], 1);
    // smpplib splits the long text in 2 parts: with a UDH (counted as one message each),
    // and with `--sar` as bare chunks without SAR TLVs (oracles/README.md: "smpplib's
    // no-UDH mode, i.e. just chunks"), which nothing ties together: 1 + 3 + 2 + 2.
    assert_eq!(summary["submissions"], 11, "{summary}");
    assert_eq!(summary["messages"], 8, "{summary}");
}

#[test]
fn accepts_node_smpp_esme() {
    let Some(script) = oracle("esme-send.js", "node") else {
        return;
    };
    let s = smsc();
    let cases: [&[&str]; 3] = [
        &["--text", "Hello from node-smpp"],
        &["--text", LONG, "--count", "2", "--long", "udh"],
        &["--text", LONG, "--long", "payload"],
    ];
    for extra in cases {
        let summary = esme("node", &script, &s.addr, extra);
        assert_eq!(summary["ok"], true, "{extra:?}: {summary}");
        assert_eq!(summary["receipts"], summary["expected_parts"], "{summary}");
    }
    assert_eq!(s.stop().pop().unwrap()["messages"], 4);
}

#[test]
fn accepts_node_smpp_smsc_for_sms_send() {
    let Some(script) = oracle("smsc-sim.js", "node") else {
        return;
    };
    let port = free_port().to_string();
    let mut child = Command::new("node")
        .arg(&script)
        .args([
            "--port",
            &port,
            "--dlr-delay",
            "20",
            "--quiet-hex",
            "--max-runtime",
            "120",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node smsc-sim.js");
    // Wait for its "listening" line.
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let listening = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|l| l.contains("\"listening\""));
    assert!(listening, "smsc-sim.js did not start");
    std::thread::spawn(move || for _ in lines {});
    let addr = format!("127.0.0.1:{port}");
    let cases: [(&str, &[&str]); 5] = [
        ("Hello node SMSC", &["--count", "3"]),
        (LONG, &["--count", "2", "--concat", "udh8"]),
        (LONG, &["--count", "2", "--concat", "sar"]),
        (LONG, &["--concat", "payload"]),
        (
            "Привет 👋 — Unicode through a foreign SMSC",
            &["--count", "2", "--concat", "udh16"],
        ),
    ];
    for (text, extra) in cases {
        let mut args = vec![
            "send",
            "--smsc",
            &addr,
            "--system-id",
            "smppclient1",
            "--password",
            "password",
        ];
        args.extend_from_slice(&["--to", "+447700900123", "--wait-dlr", "10", "--json"]);
        args.extend_from_slice(extra);
        args.push(text);
        let out = sms(&args);
        assert_eq!(out.code, 0, "{extra:?}: {}\n{}", out.stdout, out.stderr);
        let summary = out.summary();
        assert_eq!(summary["failed"], 0);
        assert_eq!(summary["delivered"], summary["submitted"], "{summary}");
    }
    let out = sms(&[
        "send",
        "--smsc",
        &addr,
        "--system-id",
        "smppclient1",
        "--password",
        "nope",
        "--to",
        "1",
        "x",
    ]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("ESME_RINVPASWD"), "{}", out.stderr);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn accepts_our_receipts_in_smpp_pdu3() {
    let Some(script) = oracle("smpp-pdu-py.py", "python3") else {
        return;
    };
    let s = Smsc::start(&["--dlr-delay-ms", "1"]);
    let out = sms(&[
        "send",
        "--smsc",
        &s.addr,
        "--system-id",
        "a",
        "--password",
        "b",
        "--to",
        "+447700900123",
        "--wait-dlr",
        "10",
        "Receipt check",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let log = s.stop();
    let hex: Vec<&str> = log
        .iter()
        .filter(|l| {
            l["dir"] == "out"
                && ["deliver_sm", "submit_sm_resp", "bind_transceiver_resp"]
                    .contains(&l["command_id"].as_str().unwrap_or(""))
        })
        .map(|l| l["hex"].as_str().unwrap())
        .collect();
    assert_eq!(hex.len(), 3);
    let decoded = run_bounded(
        Command::new("python3")
            .arg(&script)
            .arg("decode")
            .args(&hex),
        Duration::from_secs(30),
    );
    assert_eq!(decoded.code, 0, "{}\n{}", decoded.stdout, decoded.stderr);
    let lines = decoded.json_lines();
    let receipt = lines
        .iter()
        .find(|l| l["command"] == "deliver_sm")
        .expect("deliver_sm decoded");
    let params = &receipt["params"];
    let text = params["short_message"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| params["short_message"].to_string());
    assert!(
        text.contains("stat:DELIVRD") && text.contains("err:000"),
        "{receipt}"
    );
    assert_eq!(params["receipted_message_id"], "1", "{receipt}");
    assert!(
        params["message_state"].to_string().contains("DELIVERED"),
        "{receipt}"
    );
}

#[test]
fn accepts_our_smsc_traffic_in_wireshark() {
    let Some(script) = oracle("smpp-dissect.sh", "tshark") else {
        return;
    };
    let s = Smsc::start(&["--dlr-delay-ms", "1"]);
    let out = sms(&[
        "send",
        "--smsc",
        &s.addr,
        "--system-id",
        "a",
        "--password",
        "b",
        "--to",
        "+447700900123",
        "--wait-dlr",
        "10",
        "--count",
        "2",
        "Wireshark check",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Every PDU the simulator sent, as SMSC→ESME segments.
    let sent: Vec<String> = s
        .stop()
        .iter()
        .filter(|l| l["dir"] == "out")
        .map(|l| format!("s:{}", l["hex"].as_str().unwrap()))
        .collect();
    // bind_transceiver_resp, 2 submit_sm_resp, 2 deliver_sm, unbind_resp.
    assert_eq!(sent.len(), 6, "{sent:?}");
    let fields = "smpp.command_id,smpp.command_status,smpp.message_id,smpp.receipted_message_id,smpp.message_state,smpp.message_text";
    let mut cmd = Command::new(&script);
    cmd.args(["--fields", fields]).args(&sent);
    let dissected = run_bounded(&mut cmd, Duration::from_secs(60));
    // smpp-dissect.sh exits 4 when tshark flags a malformed PDU.
    assert_eq!(
        dissected.code, 0,
        "{}\n{}",
        dissected.stdout, dissected.stderr
    );
    let receipts: Vec<&str> = dissected
        .stdout
        .lines()
        .filter(|l| l.starts_with("0x00000005"))
        .collect();
    assert_eq!(receipts.len(), 2, "{}", dissected.stdout);
    for (r, id) in receipts.iter().zip(["1", "2"]) {
        let cols: Vec<&str> = r.split('\t').collect();
        // receipted_message_id, message_state 2 (DELIVERED), the Appendix B text.
        assert_eq!((cols[3], cols[4]), (id, "2"), "{r}");
        assert!(
            cols[5].starts_with(&format!("id:{id} sub:001 dlvrd:001 submit date:")),
            "{r}"
        );
        assert!(
            cols[5].contains("stat:DELIVRD err:000 text:Wireshark check"),
            "{r}"
        );
    }
}
