//! `sms dlr` against the contract of shared/CLI.md, on receipts published by peers.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn sms(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sms"))
        .args(args)
        .output()
        .expect("run sms")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = sms(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "one JSON document: {stdout}");
    serde_json::from_str(&stdout).unwrap()
}

// The CLI.md example shape, values from cloudhopper-smpp DeliveryReceiptTest parseShortMessage.
#[test]
fn accepts_receipt_json_contract() {
    let v = json(&[
        "dlr",
        "--json",
        "id:0123456789 sub:002 dlvrd:001 submit date:1005232039 done date:1005242339 stat:DELIVRD err:012 text:This is a sample mes",
    ]);
    assert_eq!(v["id"], "0123456789");
    assert_eq!(v["sub"], "002");
    assert_eq!(v["dlvrd"], "001");
    assert_eq!(v["submit_date"], "1005232039");
    assert_eq!(v["done_date"], "1005242339");
    assert_eq!(v["stat"], "DELIVRD");
    assert_eq!(v["err"], "012");
    assert_eq!(v["text"], "This is a sample mes");
    assert_eq!(v["state"], "delivered");
    assert_eq!(v["final"], true);
    assert_eq!(v["submit_time"], "2010-05-23T20:39");
    assert_eq!(v["quirks"], serde_json::json!([]));
}

// opentelecoms-org/jsmpp issue #62: no sub/dlvrd → null, quirks reported; ENROUTE from
// somleng/sms-gateway's GoIP receipt is not final.
#[test]
fn accepts_absent_fields_as_null() {
    let v = json(&[
        "dlr",
        "--json",
        "id:1526758174 submit date:1701240904 done date:1701240904 stat:DELIVRD err:000 text:hellow",
    ]);
    assert_eq!(v["sub"], serde_json::Value::Null);
    assert_eq!(v["dlvrd"], serde_json::Value::Null);
    assert_eq!(v["quirks"].as_array().unwrap().len(), 2);
    let v = json(&[
        "dlr",
        "--json",
        "id:4791967 sub:0 dlvrd:1 submit date:2302281329 done date:2302281329 stat:ENROUTE err:0 Text:Hello World from out",
    ]);
    assert_eq!(
        (v["state"].as_str(), v["final"].as_bool()),
        (Some("enroute"), Some(false))
    );
    assert_eq!(v["text"], "Hello World from out");
}

// Values "exactly as written, trimmed": extra spaces and key case are not normalised away
// from the values (cloudhopper receipt with vendor spacing), and `err:21b` stays `21b`
// (cloudhopper-smpp PR #42).
#[test]
fn accepts_raw_values_trimmed() {
    let v = json(&[
        "dlr",
        "--json",
        "id:0123456789  sub:001 dlvrd:000 submit date:1005232039 done date:1005242339 stat: UNDELIV err:21b Text:  hi  ",
    ]);
    assert_eq!(v["stat"], "UNDELIV");
    assert_eq!(v["err"], "21b");
    assert_eq!(v["error_code"], serde_json::Value::Null);
    assert_eq!(v["text"], "hi");
    assert_eq!(v["state"], "undeliverable");
}

// stdin, and --strict rejecting jSMPP issue #62's receipt with what and where.
#[test]
fn accepts_stdin_and_strict_rejects_with_position() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sms"))
        .args(["dlr", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"id:45013692 sub:0 dlvrd:28 submit date:1908121157 done date:1908121158 stat:UNDELIV err:21 Text:*100#\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["text"], "*100#");

    let out = sms(&[
        "dlr",
        "--strict",
        "id:1526758174 submit date:1701240904 done date:1701240904 stat:DELIVRD err:000 text:hellow",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing field in `sub`"), "{err}");
}

#[test]
fn rejects_garbage_with_exit_2() {
    for garbage in ["Hello, how are you?", "", "::::"] {
        let out = sms(&["dlr", "--json", garbage]);
        assert_eq!(out.status.code(), Some(2), "{garbage:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("at byte 0"), "{err}");
    }
}

// python-smpplib test_parse_deliver_sm: the short_message with UCS-2 bytes in its text, as hex.
#[test]
fn accepts_hex_input() {
    let hex: String = b"id:0489708364 sub:001 dlvrd:001 submit date:1810151907 done date:1810151907 stat:DELIVRD err:000 text:\x04\x1f"
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    let v = json(&["dlr", "--json", "--hex", &hex]);
    assert_eq!(v["id"], "0489708364");
    assert_eq!(v["text"], "\u{4}\u{1f}");
}

#[test]
fn accepts_human_output() {
    let out = sms(&[
        "dlr",
        "id:0911897980 sub:001 dlvrd:000 submit date:1201121551 done date:1201121551 stat:UNDELIV err:075 text:-PROFILE",
    ]);
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("undeliverable (final)"), "{s}");
    assert!(s.contains("-PROFILE"), "{s}");
}
