//! Helpers of the gateway tests: run `sms` bounded in time, start `sms smsc` on a free
//! loopback port and stop it with SIGTERM, find the oracle peers (shared/oracles).

#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

pub const SMS: &str = env!("CARGO_BIN_EXE_sms");
pub const ORACLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/oracles");

/// What a finished command printed.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// stdout's JSON lines.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// The last JSON line (the summary).
    pub fn summary(&self) -> Value {
        self.json_lines().pop().unwrap_or(Value::Null)
    }
}

/// Runs a command, killed after `limit`.
pub fn run_bounded(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let out = reader(child.stdout.take());
    let err = reader(child.stderr.take());
    let code = wait_bounded(&mut child, limit);
    Output {
        code,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

fn reader(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_string(&mut s);
        }
        s
    })
}

/// Waits for `child`, killing it after `limit` (then -1).
pub fn wait_bounded(child: &mut Child, limit: Duration) -> i32 {
    let deadline = Instant::now() + limit;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return status.code().unwrap_or(-1);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return -1;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `sms` with arguments, bounded to 60 s.
pub fn sms(args: &[&str]) -> Output {
    run_bounded(Command::new(SMS).args(args), Duration::from_secs(60))
}

/// A running `sms smsc --json`.
pub struct Smsc {
    child: Child,
    lines: mpsc::Receiver<String>,
    pub addr: String,
}

impl Smsc {
    /// Starts `sms smsc --listen 127.0.0.1:0 --json` with more arguments; waits for its
    /// `listening` line.
    pub fn start(extra: &[&str]) -> Smsc {
        let mut child = Command::new(SMS)
            .args(["smsc", "--listen", "127.0.0.1:0", "--json"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn sms smsc");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = lines
            .recv_timeout(Duration::from_secs(20))
            .expect("sms smsc printed no listening line");
        let v: Value = serde_json::from_str(&first).expect("listening line is JSON");
        assert_eq!(v["event"], "listening", "{first}");
        let addr = v["addr"].as_str().expect("addr").to_owned();
        Smsc { child, lines, addr }
    }

    /// Waits until `n` more of its JSON lines match `pred` (consuming what it reads);
    /// `false` after `limit`.
    pub fn wait_lines(&self, pred: impl Fn(&Value) -> bool, n: usize, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        let mut seen = 0;
        while seen < n {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    if serde_json::from_str(&l).is_ok_and(|v| pred(&v)) {
                        seen += 1;
                    }
                }
                Err(_) => return false,
            }
        }
        true
    }

    /// SIGTERM, then every line it printed after `listening`; the last is the summary.
    pub fn stop(mut self) -> Vec<Value> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let code = wait_bounded(&mut self.child, Duration::from_secs(10));
        assert_eq!(code, 0, "sms smsc exit code after SIGTERM");
        // Every line up to its end of output: the reader thread may still be passing the
        // last ones on after the process has exited (it ends, and the channel closes, at
        // end of file).
        let mut out = Vec::new();
        while let Ok(l) = self.lines.recv_timeout(Duration::from_secs(10)) {
            if let Ok(v) = serde_json::from_str(&l) {
                out.push(v);
            }
        }
        out
    }
}

impl Drop for Smsc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nothing listens on (bound, then released).
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// Whether an oracle script and its runtime are installed (shared/oracles/install.sh);
/// prints why a test skips when not.
pub fn oracle(script: &str, interpreter: &str) -> Option<String> {
    let path = format!("{ORACLES}/{script}");
    let rt = std::env::var("ORACLES_RT").unwrap_or_else(|_| "/opt/smpp-oracles".into());
    if !Path::new(&path).exists() || !Path::new(&rt).exists() {
        let msg = format!("{path} or {rt} missing (run shared/oracles/install.sh)");
        assert!(!oracle_required(), "CI requires the oracle: {msg}");
        eprintln!("SKIP: {msg}");
        return None;
    }
    let ok = Command::new(interpreter)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            !oracle_required(),
            "CI requires the oracle: {interpreter} not found"
        );
        eprintln!("SKIP: {interpreter} not found");
        return None;
    }
    Some(path)
}

/// CI (`CI` set, as `.ci/run` runs) must not pass by skipping: there a missing oracle fails
/// the test; elsewhere it skips with a message.
pub fn oracle_required() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
}
