//! `sms modem info|send|listen` against `sms modem-sim` on a pseudo-terminal: the JSON of the
//! contract (shared/CLI.md "Modem"), end to end through a real tty.
#![allow(missing_docs)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const SMS: &str = env!("CARGO_BIN_EXE_sms");

struct Sim {
    child: Child,
    link: PathBuf,
    _dir: PathBuf,
}

impl Sim {
    fn start(name: &str, extra: &[&str]) -> Self {
        let dir = std::env::temp_dir().join(format!("sms-modem-cli-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let link = dir.join("modem");
        let _ = std::fs::remove_file(&link);
        let child = Command::new(SMS)
            .args(["modem-sim", "--pty"])
            .arg(&link)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let t0 = Instant::now();
        while !link.exists() {
            assert!(
                t0.elapsed() < Duration::from_secs(10),
                "modem-sim did not create {link:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Self {
            child,
            link,
            _dir: dir,
        }
    }

    fn run(&self, args: &[&str]) -> (i32, String) {
        let out = Command::new(SMS)
            .arg("modem")
            .arg(args[0])
            .arg("--device")
            .arg(&self.link)
            .args(&args[1..])
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
        )
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn accepts_info_of_the_emulated_modem() {
    let sim = Sim::start("info", &[]);
    let (code, out) = sim.run(&["info", "--json"]);
    assert_eq!(code, 0, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    // The emulator's generic profile (modem/src/emulator/profile.rs).
    assert_eq!(v["manufacturer"], "sms-rs");
    assert_eq!(v["model"], "modem-sim");
    assert_eq!(v["imei"], "490154203237518");
    assert_eq!(v["smsc"], "+447785016005");
    assert_eq!(v["storage"]["total"], 30);
    assert!(v["signal"].is_u64());
}

#[test]
fn accepts_long_send_with_reports() {
    let sim = Sim::start("send", &["--report-delay-ms", "200", "--profile", "huawei"]);
    let text = "A long message from the command line. ".repeat(6);
    let (code, out) = sim.run(&[
        "send",
        "--profile",
        "huawei",
        "--to",
        "+447700900123",
        "--wait-report",
        "30",
        "--json",
        &text,
    ]);
    assert_eq!(code, 0, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let parts = v["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    assert!(
        parts
            .iter()
            .all(|p| p["state"] == "sent" && p["error"].is_null())
    );
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    for (p, r) in parts.iter().zip(reports) {
        assert_eq!(r["mr"], p["mr"]);
        assert_eq!(r["state"], "delivered");
        assert_eq!(r["final"], true);
    }
}

// "Every received message reaches the host exactly once": without --wait-report, `send`
// stops reading once every part is sent and settles for 500 ms; the emulator's status report
// (TS 23.040 §9.2.2.3 SMS-STATUS-REPORT, indicated with +CDS/+CDSI per TS 27.005 §3.4.1)
// comes 100 ms after the submit, inside that grace period. It must be in this send's
// "reports" and acknowledged, so that a listener afterwards does not see it again.
#[test]
fn keeps_report_arriving_while_settling() {
    let sim = Sim::start("settle", &["--report-delay-ms", "100"]);
    let (code, out) = sim.run(&["send", "--to", "+447700900123", "--report", "--json", "hi"]);
    assert_eq!(code, 0, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let mr = &v["parts"][0]["mr"];
    assert!(mr.is_u64(), "{v}");
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1, "the report that came while settling: {v}");
    assert_eq!(&reports[0]["mr"], mr);
    assert_eq!(reports[0]["state"], "delivered");
    let (code, out) = sim.run(&["listen", "--seconds", "1", "--json"]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .all(|l| serde_json::from_str::<Value>(l).unwrap()["type"] != "report"),
        "a report printed twice: {out}"
    );
}

#[test]
fn accepts_listen_lines_once_each() {
    let sim = Sim::start("listen", &["--mo-every-ms", "700"]);
    let mut child = Command::new(SMS)
        .args(["modem", "listen", "--device"])
        .arg(&sim.link)
        .args(["--seconds", "6", "--json"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let lines: Vec<Value> = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect();
    assert!(child.wait().unwrap().success());
    assert!(lines.len() >= 3, "{lines:?}");
    let mut texts: Vec<&str> = lines.iter().map(|l| l["text"].as_str().unwrap()).collect();
    assert!(
        lines
            .iter()
            .all(|l| l["type"] == "sms" && l["from"] == "+447700900999")
    );
    let n = texts.len();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), n, "each message once");
    // A second listener finds nothing left: every printed message was deleted.
    let (code, out) = sim.run(&["listen", "--seconds", "1", "--json"]);
    assert_eq!(code, 0);
    for l in out.lines() {
        let v: Value = serde_json::from_str(l).unwrap();
        assert!(
            !texts.contains(&v["text"].as_str().unwrap()),
            "{l} printed twice"
        );
    }
}

#[test]
fn rejects_bad_number_before_opening_the_device() {
    let out = Command::new(SMS)
        .args([
            "modem",
            "send",
            "--device",
            "/nonexistent/modem",
            "--to",
            "+12 call me",
            "hi",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(SMS)
        .args([
            "modem",
            "info",
            "--device",
            "/nonexistent/modem",
            "--ready-timeout",
            "1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/modem"));
}
