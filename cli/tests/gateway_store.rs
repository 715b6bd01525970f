//! The correlation stores through the real gateway: `sms send` processes against `sms smsc`,
//! killed with SIGKILL mid-run and restarted on the same SQLite file; a transmitter and a
//! receiver process sharing a real redis-server (started here; the test fails when there is
//! none), with receipts before responses, duplicates and out-of-order states injected.

mod gateway_support;
#[path = "../../dlr/tests/support/redis_server.rs"]
mod redis_server;

use std::cell::Cell;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use dlr::store::{CorrelationStore, SqliteStore, StoreOp, Synchronous};
use dlr::{CorrelationConfig, CorrelationError, IdNormalizer};
use gateway_support::{SMS, Smsc, wait_bounded};
use redis_server::RedisServer;
use serde_json::Value;

/// A running `sms send --json`, its lines collected as they come.
struct Sender {
    child: Child,
    lines: mpsc::Receiver<Value>,
    got: Vec<Value>,
}

impl Sender {
    fn spawn(smsc: &str, args: &[&str]) -> Sender {
        let mut child = Command::new(SMS)
            .args([
                "send",
                "--smsc",
                smsc,
                "--system-id",
                "gw",
                "--password",
                "pw",
                "--json",
            ])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn sms send");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let v = serde_json::from_str(&line).unwrap_or(Value::Null);
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Sender {
            child,
            lines,
            got: Vec::new(),
        }
    }

    /// Runs to its end (at most `limit`): exit code and every line.
    fn finish(mut self, limit: Duration) -> (i32, Vec<Value>) {
        let code = wait_bounded(&mut self.child, limit);
        self.got.extend(self.lines.iter());
        (code, self.got)
    }

    /// SIGKILL, then what it had printed.
    fn kill9(mut self) -> Vec<Value> {
        let _ = Command::new("kill")
            .args(["-KILL", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
        self.got.extend(self.lines.iter());
        self.got
    }
}

/// Keys of messages settled (a final state) in a sender's lines: its own messages
/// (`message` lines with a `state`) and other runs' (`key` lines of a receiver).
fn settled_keys(lines: &[Value]) -> Vec<String> {
    lines
        .iter()
        .filter(|v| !v["state"].is_null() && v.get("key").is_some())
        .filter(|v| v.get("expired").is_none_or(|e| e == false))
        .map(|v| v["key"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn summary(lines: &[Value]) -> Value {
    lines
        .iter()
        .rev()
        .find(|v| v.get("submitted").is_some())
        .cloned()
        .unwrap_or(Value::Null)
}

fn is_out(cmd: &'static str) -> impl Fn(&Value) -> bool {
    move |v| v["dir"] == "out" && v["command_id"] == cmd
}

/// Each key once across both processes; returns the union.
fn exactly_once(a: &[String], b: &[String]) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for k in a.iter().chain(b) {
        assert!(all.insert(k.clone()), "message {k} reported settled twice");
    }
    all
}

// Must show (issue 16): a gateway killed with SIGKILL mid-run (10 000 messages, receipts
// pending) and restarted on the same SQLite file matches every receipt exactly once.
//
// Process A sends 10 000 messages; it is killed once the SMSC has answered every
// submission (and A had time to record the answers), while receipts are still on their
// way: some matched by A, the rest pending, some of them sent to A and never
// acknowledged. `sms smsc` holds what A did not acknowledge for the next bind of the
// system_id. Process B binds as a receiver on the same SQLite file and matches the rest.
#[test]
fn accepts_sqlite_store_across_a_sigkill_and_restart() {
    let n = 10_000usize;
    let smsc = Smsc::start(&["--dlr-delay-ms", "1500"]);
    let addr = smsc.addr.clone();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dlr.sqlite");
    let store = format!("sqlite:{}", db.display());
    let count = n.to_string();
    let a = Sender::spawn(
        &addr,
        &[
            "--to",
            "+447700900123",
            "--count",
            &count,
            "--window",
            "64",
            "--wait-dlr",
            "120",
            "--dlr-store",
            &store,
            "--run-id",
            "a",
            "Hello from A",
        ],
    );
    // Mid-run: every submission answered, a first 2 000 receipts acknowledged by A, and
    // one of them sent after the last answer. A acknowledges a receipt only once its store
    // has committed it, and commits in the order things reached it over its one
    // transceiver connection: that receipt's acknowledgement shows the last answer's id is
    // in the file too (a message whose id never reached the store cannot be matched).
    let (responses, receipts, acks) = (Cell::new(0usize), Cell::new(0usize), Cell::new(0usize));
    let receipts_before_last_answer = Cell::new(None::<usize>);
    let mid_run = |v: &Value| {
        if is_out("submit_sm_resp")(v) {
            responses.set(responses.get() + 1);
            if responses.get() == n {
                receipts_before_last_answer.set(Some(receipts.get()));
            }
        }
        if is_out("deliver_sm")(v) {
            receipts.set(receipts.get() + 1);
        }
        if v["dir"] == "in" && v["command_id"] == "deliver_sm_resp" {
            acks.set(acks.get() + 1);
        }
        receipts_before_last_answer
            .get()
            .is_some_and(|before| acks.get() > before && acks.get() >= 2000)
    };
    assert!(
        smsc.wait_lines(mid_run, 1, Duration::from_secs(240)),
        "the SMSC did not answer {n} submissions and see 2000 receipts acknowledged"
    );
    let a_lines = a.kill9();
    let by_a = settled_keys(&a_lines);
    eprintln!("A matched {} messages' receipts before SIGKILL", by_a.len());
    assert!(
        by_a.len() < n,
        "A finished before it was killed: no receipts were pending"
    );

    let started = Instant::now();
    let b = Sender::spawn(
        &addr,
        &[
            "--bind",
            "receiver",
            "--wait-dlr",
            "120",
            "--dlr-store",
            &store,
            "--run-id",
            "b",
        ],
    );
    let (code, b_lines) = b.finish(Duration::from_secs(180));
    let by_b = settled_keys(&b_lines);
    let sb = summary(&b_lines);
    eprintln!("B after {:?}: {sb}", started.elapsed());
    assert_eq!(
        code, 0,
        "the receiver did not settle every open message: {sb}"
    );
    assert_eq!(sb["store_open"], 0);
    assert_eq!(sb["settled_elsewhere"], by_b.len());
    let all = exactly_once(&by_a, &by_b);
    let smsc_stats = smsc.stop().pop().unwrap_or(Value::Null);
    eprintln!("SMSC: {smsc_stats}");
    assert!(
        smsc_stats["receipts_redelivered"].as_u64().unwrap_or(0) > 0,
        "{smsc_stats}"
    );

    // The store itself, opened after both: nothing open, and every one of the n messages
    // known to it (begun, settled, remembered: a second begin is refused).
    let mut s = SqliteStore::open(
        &db,
        &format!("gw@{addr}"),
        IdNormalizer::default(),
        CorrelationConfig::default(),
        Synchronous::Normal,
    )
    .unwrap();
    assert_eq!(s.open_messages().unwrap(), 0);
    let keys: Vec<String> = (1..=n).map(|i| format!("a:{i}")).collect();
    let ops: Vec<StoreOp<'_>> = keys
        .iter()
        .map(|k| StoreOp::Begin {
            message: k,
            parts: 1,
        })
        .collect();
    let mut out = Vec::new();
    s.apply(Duration::from_secs(1_900_000_000), &ops, &mut out)
        .unwrap();
    for (k, r) in keys.iter().zip(&out) {
        assert_eq!(
            r,
            &Err(CorrelationError::DuplicateMessage(k.clone())),
            "{k} unknown to the store"
        );
    }
    // Those neither A nor B printed were settled by A in the batch it was killed in
    // (committed, their lines not yet written): at most one batch of the store thread.
    let unprinted = n - all.len();
    eprintln!(
        "settled by A: {}, by B: {}, settled by A but unprinted at the kill: {unprinted}",
        by_a.len(),
        by_b.len()
    );
    assert!(unprinted <= 4096, "{unprinted}");
    assert!(!by_b.is_empty());
}

/// A receiver on `redis`, started and bound before anything is sent.
fn receiver(smsc: &Smsc, redis: &str) -> Sender {
    let r = Sender::spawn(
        &smsc.addr,
        &[
            "--bind",
            "receiver",
            "--wait-dlr",
            "120",
            "--dlr-store",
            redis,
            "--run-id",
            "r",
        ],
    );
    assert!(
        smsc.wait_lines(is_out("bind_receiver_resp"), 1, Duration::from_secs(30)),
        "the receiver did not bind"
    );
    r
}

/// A transmitter and a receiver sharing Redis against an SMSC started with `faults`:
/// every message completes exactly once, on one node or the other. Returns the receiver's
/// summary and how many completed on each.
fn transmitter_and_receiver(faults: &[&str], run: &str) -> (Value, usize, usize) {
    let redis = RedisServer::start();
    let smsc = Smsc::start(faults);
    let n = 2000usize;
    let r = receiver(&smsc, &redis.url());
    let t = Sender::spawn(
        &smsc.addr,
        &[
            "--bind",
            "transmitter",
            "--to",
            "+447700900123",
            "--count",
            &n.to_string(),
            "--window",
            "100",
            "--dlr-store",
            &redis.url(),
            "--run-id",
            run,
            "Hello from T",
        ],
    );
    let (t_code, t_lines) = t.finish(Duration::from_secs(120));
    let st = summary(&t_lines);
    assert_eq!(t_code, 0, "{st}");
    assert_eq!(st["accepted"], n);
    let (r_code, r_lines) = r.finish(Duration::from_secs(150));
    let sr = summary(&r_lines);
    let stats = smsc.stop().pop().unwrap_or(Value::Null);
    eprintln!("T: {st}\nR: {sr}\nSMSC: {stats}");
    assert_eq!(r_code, 0, "{sr}");
    let by_t = settled_keys(&t_lines);
    let by_r = settled_keys(&r_lines);
    let all = exactly_once(&by_t, &by_r);
    let expected: BTreeSet<String> = (1..=n).map(|i| format!("{run}:{i}")).collect();
    assert_eq!(all, expected);
    eprintln!("completed on T: {}, on R: {}", by_t.len(), by_r.len());
    assert!(
        stats["receipts_duplicated"].as_u64().unwrap() > 0,
        "{stats}"
    );
    (sr, by_t.len(), by_r.len())
}

// Must show (issue 16): two processes sharing Redis, one bound as transmitter and one as
// receiver to `sms smsc`, receipts before responses (the response delayed 300 ms, the
// receipt sent after 50 ms), 30% of receipts sent twice and a late ENROUTE after every
// final receipt: every message completes exactly once. The receiver stores each receipt
// early; the transmitter's submit_sm_resp meets it in Redis and completes the message.
#[test]
fn accepts_transmitter_and_receiver_sharing_redis_receipts_first() {
    let (sr, on_t, _) = transmitter_and_receiver(
        &[
            "--response-delay-ms",
            "300",
            "--dlr-delay-ms",
            "50",
            "--dlr-before-response",
            "--dlr-duplicate-rate",
            "0.3",
            "--dlr-late-enroute",
        ],
        "early",
    );
    assert!(sr["receipts_early"].as_u64().unwrap() >= 2000, "{sr}");
    assert!(on_t > 0, "no receipt overtook its response");
}

// The same with receipts after responses: the receiver completes the messages and
// recognises the resent receipts and the late ENROUTEs as duplicates.
#[test]
fn accepts_transmitter_and_receiver_sharing_redis_responses_first() {
    let (sr, _, on_r) = transmitter_and_receiver(
        &[
            "--dlr-delay-ms",
            "200",
            "--dlr-duplicate-rate",
            "0.3",
            "--dlr-late-enroute",
        ],
        "late",
    );
    assert!(on_r > 0, "{sr}");
    // Of the receipts the receiver read (it stops once no message is open, so the last
    // late ones may come after it left), one per message settled it: every other one is
    // a resent final or a late ENROUTE after completion (the SMSC's link sends a
    // message's final before its late ENROUTE, in call order), recognised as a duplicate.
    let (receipts, duplicates) = (
        sr["receipts"].as_u64().unwrap(),
        sr["receipts_duplicate"].as_u64().unwrap(),
    );
    assert!(duplicates > 0 && duplicates + 2000 >= receipts, "{sr}");
}

// Must show (issue 16): the transmitter is killed with SIGKILL after its submissions were
// answered and before any receipt came; the receiver, sharing Redis, still matches every
// message.
#[test]
fn accepts_receiver_matching_after_the_transmitter_is_killed() {
    let redis = RedisServer::start();
    let smsc = Smsc::start(&["--dlr-delay-ms", "3000"]);
    let n = 2000usize;
    let r = receiver(&smsc, &redis.url());
    let t = Sender::spawn(
        &smsc.addr,
        &[
            "--bind",
            "transmitter",
            "--to",
            "+447700900123",
            "--count",
            &n.to_string(),
            "--window",
            "64",
            "--dlr-store",
            &redis.url(),
            "--run-id",
            "t",
            "Hello from T",
        ],
    );
    assert!(
        smsc.wait_lines(is_out("submit_sm_resp"), n, Duration::from_secs(120)),
        "the SMSC did not answer {n} submissions"
    );
    // Killed once the store holds every message id (the ids of the last answers can
    // still be on their way to Redis when the SMSC has sent its last response; a message
    // whose id never reached the store cannot be matched by anyone).
    let ids_stored = || {
        redis.integer(&[
            "EVAL",
            "local n = 0 for _, k in ipairs(redis.call('KEYS', 'smsdlr:*:i')) do \
             n = n + redis.call('HLEN', k) end return n",
            "0",
        ])
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while ids_stored() < Some(n as i64) {
        assert!(
            Instant::now() < deadline,
            "the transmitter stored {:?} of {n} message ids",
            ids_stored()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let t_lines = t.kill9();
    assert!(
        settled_keys(&t_lines).is_empty(),
        "a receipt came before the kill"
    );
    let (r_code, r_lines) = r.finish(Duration::from_secs(150));
    let sr = summary(&r_lines);
    eprintln!("R: {sr}");
    assert_eq!(r_code, 0, "{sr}");
    let all = exactly_once(&[], &settled_keys(&r_lines));
    let expected: BTreeSet<String> = (1..=n).map(|i| format!("t:{i}")).collect();
    assert_eq!(all, expected);
}

// shared/CLI.md: bad input exits 2 before anything is sent.
#[test]
fn rejects_bad_store_and_bind_arguments() {
    let base = [
        "send",
        "--smsc",
        "127.0.0.1:9",
        "--system-id",
        "gw",
        "--password",
        "pw",
    ];
    for extra in [
        &["--to", "1", "--dlr-store", "mysql://x", "hi"][..],
        &["--to", "1", "--dlr-store", "sqlite:", "hi"][..],
        // A receiver must be told how long to wait, and needs a store others write to.
        &["--bind", "receiver", "--dlr-store", "sqlite:/tmp/x.db"][..],
        &["--bind", "receiver", "--wait-dlr", "1"][..],
        &["--to", "1", "--run-id", "a:b", "hi"][..],
        &["--to", "1"][..],
    ] {
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        let out = gateway_support::sms(&args);
        assert_eq!(out.code, 2, "{extra:?}: {}", out.stderr);
    }
}
