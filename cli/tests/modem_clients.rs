//! `sms modem-sim` accepted by four real AT clients over a pseudo-terminal (shared/oracles
//! README §7–§10): the gammu 1.42 CLI, gammu-smsd 1.42, smstools3 3.1.21 `smsd` and
//! python-gsmmodem-new 0.13. Each client sends a short, a long (concatenated) and a UCS-2
//! message through the emulator and receives a message from the network and status reports;
//! the assertions read what the client decoded (its own output) and what the emulator saw
//! (its `--json` events).
//!
//! A missing client fails the test under CI (`oracle_required`; CI installs them with
//! shared/oracles/install.sh); elsewhere the test prints SKIP.

mod gateway_support;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gateway_support::{ORACLES, Output, SMS, oracle_required, run_bounded, wait_bounded};
use serde_json::Value;

const TO: &str = "+447700900123";
const FROM: &str = "+447700900999";
const SHORT: &str = "Hello through the emulator";
/// 185 GSM 7-bit characters: two concatenated parts.
const LONG: &str = "A long message through the emulated modem: it needs two parts, so the client \
must split it with a concatenation header and the emulator must see both parts and join them \
again. 0123456789";
const UCS2: &str = "Привет из эмулятора €";

/// The oracle script `name` and the program it drives, or `None` (SKIP) outside CI.
fn client(script: &str, program: &str) -> Option<String> {
    let path = format!("{ORACLES}/{script}");
    let found = Path::new(&path).exists()
        && Command::new("sh")
            .args(["-c", &format!("command -v {program}")])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if found {
        return Some(path);
    }
    let why = format!("{path} or {program} is missing (run shared/oracles/install.sh)");
    assert!(!oracle_required(), "CI requires the oracle: {why}");
    eprintln!("SKIP: {why}");
    None
}

/// A running `sms modem-sim --json` with its events collected.
struct Sim {
    child: Child,
    stdin: ChildStdin,
    events: Arc<Mutex<Vec<Value>>>,
    dir: PathBuf,
    link: String,
}

impl Sim {
    fn start(name: &str) -> Sim {
        Self::start_with(name, &[])
    }

    fn start_with(name: &str, extra: &[&str]) -> Sim {
        let dir = std::env::temp_dir().join(format!("sms-modem-sim-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let link = dir.join("modem").display().to_string();
        let mut child = Command::new(SMS)
            .args([
                "modem-sim",
                "--pty",
                &link,
                "--json",
                "--report-delay-ms",
                "300",
            ])
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn sms modem-sim");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&events);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str::<Value>(&line) {
                    sink.lock().unwrap().push(v);
                }
            }
        });
        let sim = Sim {
            child,
            stdin,
            events,
            dir,
            link,
        };
        assert!(
            sim.wait_for(Duration::from_secs(20), |e| e
                .iter()
                .any(|v| v["event"] == "ready")),
            "sms modem-sim printed no ready line"
        );
        sim
    }

    fn request(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").unwrap();
        self.stdin.flush().unwrap();
    }

    fn events(&self) -> Vec<Value> {
        self.events.lock().unwrap().clone()
    }

    fn wait_for(&self, limit: Duration, done: impl Fn(&[Value]) -> bool) -> bool {
        let end = Instant::now() + limit;
        while Instant::now() < end {
            if done(&self.events.lock().unwrap()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }

    /// The whole messages the emulator received (all parts seen), by text.
    fn submitted_messages(&self) -> Vec<Value> {
        self.events()
            .into_iter()
            .filter(|v| v["event"] == "submitted" && !v["message"].is_null())
            .collect()
    }

    /// SIGTERM; the summary line.
    fn stop(mut self) -> Value {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let code = wait_bounded(&mut self.child, Duration::from_secs(10));
        assert_eq!(code, 0, "sms modem-sim exit code after SIGTERM");
        std::thread::sleep(Duration::from_millis(200));
        let summary = self
            .events()
            .into_iter()
            .rev()
            .find(|v| v["event"] == "summary")
            .expect("summary line");
        assert!(!Path::new(&self.link).exists(), "the pty link is removed");
        let _ = std::fs::remove_dir_all(&self.dir);
        summary
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(script: &str, args: &[&str], secs: u64) -> Output {
    let mut cmd = Command::new(script);
    cmd.args(args);
    run_bounded(&mut cmd, Duration::from_secs(secs))
}

/// A spooling daemon (smstools3's smsd, gammu-smsd) started by its wrapper script on the
/// emulator's device; stopped when dropped, so that a failed assertion does not leave it
/// running.
struct Daemon<'a> {
    script: &'a str,
    dev: String,
}

impl<'a> Daemon<'a> {
    fn start(script: &'a str, dev: &str) -> Self {
        let started = run(
            script,
            &[dev, "start", "--report", "--max-runtime", "180"],
            90,
        );
        assert_eq!(started.code, 0, "{}\n{}", started.stdout, started.stderr);
        Self {
            script,
            dev: dev.to_owned(),
        }
    }

    /// Has the daemon send `text` to [`TO`] with the wrapper's `extra` options.
    fn send(&self, text: &str, extra: &[&str]) -> Output {
        let mut args = vec![self.dev.as_str(), "send", TO, text];
        args.extend_from_slice(extra);
        let out = run(self.script, &args, 90);
        assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
        out
    }
}

impl Drop for Daemon<'_> {
    fn drop(&mut self) {
        let _ = run(self.script, &[&self.dev, "stop"], 30);
    }
}

fn last_summary(out: &Output) -> Value {
    out.json_lines()
        .into_iter()
        .rev()
        .find(|l| l["event"] == "summary")
        .unwrap_or(Value::Null)
}

/// The emulator saw the three messages whole, the UCS-2 one with DCS 0x08, and each part
/// asked for a status report.
fn assert_three_messages(sim: &Sim) {
    let msgs = sim.submitted_messages();
    let texts: BTreeSet<&str> = msgs.iter().filter_map(|m| m["message"].as_str()).collect();
    assert_eq!(texts, BTreeSet::from([SHORT, LONG, UCS2]), "{msgs:?}");
    for m in &msgs {
        assert_eq!(m["to"], TO);
        let dcs = m["dcs"].as_u64().unwrap();
        assert_eq!(dcs == 8, m["message"] == UCS2, "{m}");
    }
    let parts: Vec<Value> = sim
        .events()
        .into_iter()
        .filter(|v| v["event"] == "submitted")
        .collect();
    assert_eq!(parts.len(), 4, "1 + 2 + 1 parts: {parts:?}");
    assert!(parts.iter().all(|p| p["report_requested"] == true));
    let long: Vec<&Value> = parts.iter().filter(|p| p["parts"] == 2).collect();
    assert_eq!(long.len(), 2);
    assert_eq!(long[0]["reference"], long[1]["reference"]);
}

fn reports_sent(sim: &Sim) -> usize {
    sim.events()
        .iter()
        .filter(|v| v["event"] == "report")
        .count()
}

#[test]
fn gammu_cli_sends_and_reads_messages_and_reports() {
    let Some(gammu) = client("modem-gammu.sh", "gammu") else {
        return;
    };
    let mut sim = Sim::start("gammu");
    let dev = sim.link.clone();
    let id = run(&gammu, &[&dev, "identify"], 90);
    assert_eq!(id.code, 0, "{}\n{}", id.stdout, id.stderr);
    let ident = &id.json_lines()[0];
    assert_eq!(ident["manufacturer"], "sms-rs");
    assert_eq!(ident["imei"], "490154203237518");
    let cases: [(&str, &[&str], usize); 3] = [
        (SHORT, &["--report"], 1),
        (LONG, &["--report"], 2),
        (UCS2, &["--report", "--unicode"], 1),
    ];
    let mut mrs = Vec::new();
    for (text, extra, parts) in cases {
        let mut args = vec![dev.as_str(), "send", TO, text];
        args.extend_from_slice(extra);
        let out = run(&gammu, &args, 90);
        let s = last_summary(&out);
        assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
        assert_eq!(s["parts"], parts, "{s}");
        mrs.extend(
            s["mrs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_u64().unwrap()),
        );
    }
    // The emulator assigns TP-MR 1, 2, … and gammu read them from +CMGS.
    assert_eq!(mrs, [1, 2, 3, 4]);
    assert_three_messages(&sim);
    sim.request(&format!("mo {FROM} Hello gammu from the network"));
    assert!(sim.wait_for(Duration::from_secs(10), |e| {
        e.iter().filter(|v| v["event"] == "report").count() == 4
            && e.iter()
                .any(|v| v["event"] == "stored" && v["kind"] == "sms")
    }));
    let all = run(&gammu, &[&dev, "getall"], 90);
    assert_eq!(all.code, 0, "{}\n{}", all.stdout, all.stderr);
    let sms: Vec<Value> = all
        .json_lines()
        .into_iter()
        .filter(|l| l["event"] == "sms")
        .collect();
    let mo: Vec<&Value> = sms.iter().filter(|l| l["type"] == "SMS message").collect();
    assert_eq!(mo.len(), 1, "{sms:?}");
    assert_eq!(mo[0]["remote_number"], FROM);
    assert_eq!(mo[0]["text"], "Hello gammu from the network");
    let reports: BTreeSet<String> = sms
        .iter()
        .filter(|l| l["type"] == "SMS status report")
        .inspect(|r| assert_eq!(r["delivery_status"], "Delivered", "{r}"))
        .map(|r| r["reference_number"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        reports,
        BTreeSet::from(["1", "2", "3", "4"].map(String::from))
    );
    let summary = sim.stop();
    assert_eq!(summary["submitted"], 4);
    assert_eq!(summary["reports"], 4);
}

#[test]
fn smstools3_smsd_sends_and_receives_messages_and_reports() {
    let Some(smsd) = client("modem-smsd.sh", "smsd") else {
        return;
    };
    let mut sim = Sim::start("smsd");
    let dev = sim.link.clone();
    let daemon = Daemon::start(&smsd, &dev);
    let cases: [(&str, &[&str]); 3] = [
        (SHORT, &["--report"]),
        (LONG, &["--report"]),
        (UCS2, &["--report", "--unicode"]),
    ];
    for (text, extra) in cases {
        assert_eq!(daemon.send(text, extra).json_lines()[0]["event"], "sent");
    }
    sim.request(&format!("mo {FROM} Hello smsd from the network"));
    // One message and a report per part (4), each in its own spool file.
    let inbox = run(&smsd, &[&dev, "inbox", "--wait", "40", "--count", "5"], 60);
    drop(daemon);
    assert_eq!(inbox.code, 0, "{}\n{}", inbox.stdout, inbox.stderr);
    let lines = inbox.json_lines();
    let sms: Vec<&Value> = lines.iter().filter(|l| l["event"] == "sms").collect();
    assert_eq!(sms.len(), 1, "{lines:?}");
    assert_eq!(sms[0]["headers"]["From"], FROM.trim_start_matches('+'));
    assert_eq!(sms[0]["text"], "Hello smsd from the network");
    let reports: Vec<&Value> = lines.iter().filter(|l| l["event"] == "report").collect();
    assert_eq!(reports.len(), 4, "{lines:?}");
    for r in &reports {
        let text = r["text"].as_str().unwrap();
        assert!(text.contains("Status: 0,Ok"), "{text}");
    }
    assert_three_messages(&sim);
    assert_eq!(reports_sent(&sim), 4);
    let summary = sim.stop();
    // smsd read and deleted what it saved (5 stored TPDUs).
    assert!(summary["deleted"].as_u64().unwrap() >= 5, "{summary}");
}

#[test]
fn gammu_smsd_sends_and_receives_messages_and_reports() {
    let Some(gsmsd) = client("modem-gammu-smsd.sh", "gammu-smsd") else {
        return;
    };
    let mut sim = Sim::start("gammu-smsd");
    let dev = sim.link.clone();
    let daemon = Daemon::start(&gsmsd, &dev);
    let cases: [(&str, &[&str], usize); 3] = [
        (SHORT, &["--report"], 1),
        (LONG, &["--report"], 2),
        (UCS2, &["--report", "--unicode"], 1),
    ];
    for (text, extra, parts) in cases {
        assert_eq!(daemon.send(text, extra).json_lines()[0]["parts"], parts);
    }
    sim.request(&format!("mo {FROM} Hello gammu-smsd from the network"));
    // gammu-smsd saves the message, and each report it read from SM as a "Delivered" text
    // (README §9; it also writes an empty file per +CDSI, not counted here).
    let end = Instant::now() + Duration::from_secs(60);
    let (mut got_mo, mut delivered) = (false, 0);
    while Instant::now() < end {
        let inbox = run(&gsmsd, &[&dev, "inbox"], 30);
        let lines = inbox.json_lines();
        got_mo = lines.iter().any(|l| {
            l["event"] == "sms"
                && l["number"] == FROM
                && l["text"] == "Hello gammu-smsd from the network"
        });
        delivered = lines
            .iter()
            .filter(|l| l["number"] == TO && l["text"] == "Delivered")
            .count();
        if got_mo && delivered == 4 {
            break;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    drop(daemon);
    assert!(
        got_mo,
        "gammu-smsd did not save the message from the network"
    );
    assert_eq!(delivered, 4, "status reports saved by gammu-smsd");
    assert_three_messages(&sim);
    let summary = sim.stop();
    assert_eq!(summary["reports"], 4);
}

#[test]
fn python_gsmmodem_sends_with_reports_and_listens() {
    let Some(pygsm) = client("modem-pygsm.py", "python3") else {
        return;
    };
    let rt = std::env::var("ORACLES_RT").unwrap_or_else(|_| "/opt/smpp-oracles".into());
    if !Path::new(&format!("{rt}/venv")).exists() {
        let why = format!("{rt}/venv (python-gsmmodem) is missing");
        assert!(!oracle_required(), "CI requires the oracle: {why}");
        eprintln!("SKIP: {why}");
        return;
    }
    let mut sim = Sim::start("pygsm");
    let dev = sim.link.clone();
    for (text, parts) in [(SHORT, 1), (LONG, 2), (UCS2, 1)] {
        // --report: sendSms waits for the status report of the last part (README §10).
        let out = run(&pygsm, &[&dev, "send", TO, text, "--report"], 90);
        let s = last_summary(&out);
        assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
        assert_eq!(s["ok"], true, "{s}");
        assert_eq!(s["parts"], parts);
        assert_eq!(s["report"]["status"], 0, "{s}");
        assert_eq!(s["report"]["number"], TO);
    }
    assert_three_messages(&sim);
    let mut listen = Command::new(&pygsm)
        .args([&dev, "listen", "12", "--expect", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = listen.stdout.take().unwrap();
    let lines = std::thread::spawn(move || {
        BufReader::new(out)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| serde_json::from_str::<Value>(&l).ok())
            .collect::<Vec<_>>()
    });
    // Once it is connected (its +CNMI set), a message arrives.
    assert!(sim.wait_for(Duration::from_secs(20), |e| {
        e.iter().filter(|v| v["line"] == "AT+CNMI=2,1,0,2").count() == 4
    }));
    sim.request(&format!("mo {FROM} {UCS2} and hello"));
    let code = wait_bounded(&mut listen, Duration::from_secs(40));
    let lines = lines.join().unwrap();
    assert_eq!(code, 0, "{lines:?}");
    let sms: Vec<&Value> = lines.iter().filter(|l| l["event"] == "sms").collect();
    assert_eq!(sms.len(), 1, "{lines:?}");
    assert_eq!(sms[0]["number"], FROM);
    assert_eq!(sms[0]["text"], format!("{UCS2} and hello"));
    let summary = sim.stop();
    assert_eq!(summary["submitted"], 4);
    assert_eq!(
        summary["deleted"], 5,
        "4 reports and 1 message read and deleted"
    );
}

/// The `urc-in-reply` fault reproduces python-gsmmodem's known loss (README §10): a `+CMTI`
/// between `+CSQ: …` and `OK` is taken as part of the reply and the message is never read.
/// The same run without the fault receives it.
#[test]
fn python_gsmmodem_loses_a_urc_inside_a_reply_as_on_real_devices() {
    let Some(pygsm) = client("modem-pygsm.py", "python3") else {
        return;
    };
    for (fault, expect_received) in [(None, 1), (Some("urc-in-reply"), 0)] {
        let extra: Vec<&str> = fault.map(|f| vec!["--fault", f]).unwrap_or_default();
        let mut sim = Sim::start_with(&format!("pygsm-urc-{}", expect_received), &extra);
        let dev = sim.link.clone();
        let mut listen = Command::new(&pygsm)
            .args([&dev, "listen", "6", "--expect", "1", "--poll-csq", "1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = listen.stdout.take().unwrap();
        let lines = std::thread::spawn(move || {
            BufReader::new(out)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| serde_json::from_str::<Value>(&l).ok())
                .collect::<Vec<_>>()
        });
        assert!(sim.wait_for(Duration::from_secs(20), |e| {
            e.iter().any(|v| v["line"] == "AT+CNMI=2,1,0,2")
        }));
        sim.request(&format!("mo {FROM} Hello poller"));
        wait_bounded(&mut listen, Duration::from_secs(40));
        let lines = lines.join().unwrap();
        let summary = lines
            .iter()
            .rev()
            .find(|l| l["event"] == "summary")
            .unwrap_or_else(|| panic!("{lines:?}"));
        assert_eq!(summary["received"], expect_received, "{fault:?}: {lines:?}");
        let events = sim.events();
        // With the fault the +CMTI went out inside a +CSQ reply, before its OK.
        let out: Vec<&str> = events
            .iter()
            .filter(|v| v["dir"] == "out")
            .filter_map(|v| v["line"].as_str())
            .collect();
        let cmti = out.iter().position(|l| l.starts_with("+CMTI:")).unwrap();
        assert_eq!(
            out[cmti - 1].starts_with("+CSQ:") && out[cmti + 1] == "OK",
            fault.is_some(),
            "{out:?}"
        );
        sim.stop();
    }
}
