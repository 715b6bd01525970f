//! `sms modem-sim` without external clients: argument errors, and AT over its pty from this
//! test (TS 27.005 answers checked byte for byte), requests on stdin, the summary on SIGTERM.

mod gateway_support;

use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use gateway_support::{SMS, sms, wait_bounded};
use serde_json::Value;

/// Kills the child when the test ends, whatever happened.
struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn bad_profile_fault_or_report_stat_is_bad_input() {
    let dir = std::env::temp_dir().join(format!("sms-modem-sim-args-{}", std::process::id()));
    let link = dir.join("modem").display().to_string();
    for extra in [
        ["--profile", "motorola"],
        ["--fault", "lost-ok,flood"],
        ["--report-stat", "maybe"],
        ["--smsc", "not-a-number"],
    ] {
        let mut args = vec!["modem-sim", "--pty", link.as_str()];
        args.extend_from_slice(&extra);
        let out = sms(&args);
        assert_eq!(out.code, 2, "{extra:?}: {}", out.stderr);
        assert!(out.stderr.contains(extra[0]), "{}", out.stderr);
    }
}

#[test]
fn answers_at_commands_on_its_pty() {
    let dir = std::env::temp_dir().join(format!("sms-modem-sim-pty-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("modem");
    let mut child = Kill(
        Command::new(SMS)
            .args(["modem-sim", "--json", "--pty"])
            .arg(&link)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let child = &mut child.0;
    let mut stdin = child.stdin.take().unwrap();
    let (tx, lines) = mpsc::channel::<Value>();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Ok(v) = serde_json::from_str(&l) {
                let _ = tx.send(v);
            }
        }
    });
    let ready = lines.recv_timeout(Duration::from_secs(20)).unwrap();
    assert_eq!(ready["event"], "ready");
    assert!(ready["device"].as_str().unwrap().starts_with("/dev/pts/"));

    let tty = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&link)
        .unwrap();
    let (rx_tx, rx) = mpsc::channel::<u8>();
    let mut reader = tty.try_clone().unwrap();
    std::thread::spawn(move || {
        let mut b = [0u8; 256];
        while let Ok(n) = reader.read(&mut b) {
            if n == 0 {
                break;
            }
            for &x in &b[..n] {
                if rx_tx.send(x).is_err() {
                    return;
                }
            }
        }
    });
    let mut writer = tty;
    let mut exchange = |cmd: &str, until: &str| -> String {
        writer.write_all(cmd.as_bytes()).unwrap();
        let mut got = String::new();
        while !got.ends_with(until) {
            let b = rx
                .recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("no {until:?} after {cmd:?}; got {got:?}"));
            got.push(b as char);
        }
        got
    };
    // Echo is on at power-up: the exact command line comes back, then the result.
    assert_eq!(exchange("ATE0\r", "OK\r\n"), "ATE0\r\r\nOK\r\n");
    assert_eq!(exchange("AT+CNMI=2,1\r", "OK\r\n"), "\r\nOK\r\n");
    writeln!(stdin, "mo +447700900999 Hello over the pty").unwrap();
    assert_eq!(
        exchange("", "\r\n+CMTI: \"SM\",1\r\n"),
        "\r\n+CMTI: \"SM\",1\r\n"
    );
    let read = exchange("AT+CMGR=1\r", "OK\r\n");
    let mut lines_read = read.split("\r\n").filter(|l| !l.is_empty());
    assert!(lines_read.any(|l| l.starts_with("+CMGR: 0,,")), "{read:?}");
    let pdu = lines_read.next().unwrap().to_owned();
    // The PDU the client reads decodes (sms decode tpdu --smsc) to the message sent.
    let decoded = sms(&["decode", "tpdu", "--smsc", "--json", &pdu]);
    assert_eq!(decoded.code, 0, "{}", decoded.stderr);
    let v: Value = serde_json::from_str(decoded.stdout.trim()).unwrap();
    assert!(v.to_string().contains("Hello over the pty"), "{v}");
    assert!(v.to_string().contains("447700900999"), "{v}");

    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    assert_eq!(wait_bounded(child, Duration::from_secs(10)), 0);
    // Every line up to its end of output (the reader may still pass the last ones on).
    let events: Vec<Value> = lines.iter().collect();
    let summary = events.last().unwrap();
    assert_eq!(summary["event"], "summary");
    assert_eq!(summary["mo"], 1);
    assert_eq!(summary["read"], 1);
    assert!(
        events
            .iter()
            .any(|e| e["dir"] == "in" && e["line"] == "AT+CMGR=1")
    );
    assert!(!link.exists());
    let _ = std::fs::remove_dir_all(&dir);
}
