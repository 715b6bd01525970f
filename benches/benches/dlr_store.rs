//! Correlation stores against a gateway's rate: how many messages per second each store
//! correlates, against the goal of 100 000 messages/s for each durable store, with Redis's
//! own ceiling on this machine (`redis-benchmark` on the same server, same run) beside it.
//!
//! A message is what a gateway asks of its store: begin, the id of its submit_sm_resp
//! recorded, its final receipt reported and completed. The gateway's store thread applies
//! whatever has queued as one batch (the group commit), and at a steady rate a batch holds
//! all three kinds: begins of new messages, responses of the ones just sent, receipts of
//! older ones. So does the bench: each batch begins `BATCH` messages, records the ids of the
//! previous `BATCH` and completes the `BATCH` before those (3 000 operations, under the
//! gateway's 4 096 a batch; one SQLite commit and one Redis round trip per `BATCH` messages).
//!
//! Besides criterion's figures (elements are messages: "thrpt" is messages per second), a
//! summary is printed and written to `target/criterion/dlr_store/summary.txt`: for each
//! store, messages per second over a timed run, the CPU time per message of this process
//! and of redis-server (from `/proc`, so the cost of each side shows even on a busy
//! machine), the server time of our script per operation (`INFO commandstats`), and
//! redis-benchmark's figures.
//!
//! Run: `cargo bench -p sms-benches --bench dlr_store` (needs `redis-server` and
//! `redis-benchmark`, the Debian package redis-server).
#![allow(missing_docs)]

use core::time::Duration;
use std::fmt::Write as _;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use dlr::store::{CorrelationStore, MemoryStore, RedisStore, SqliteStore, Synchronous};
use dlr::{CorrelationConfig, IdNormalizer};
use sms_benches::StoreBatches;

/// Messages begun (and answered, and completed) per batch.
const BATCH: u64 = StoreBatches::BATCH;
/// The gateway rate each durable store must keep up with.
const GOAL: f64 = 100_000.0;
/// Messages of the timed run of the summary.
const TIMED: u64 = 300_000;

fn config() -> CorrelationConfig {
    CorrelationConfig {
        max_messages: 10_000_000,
        ..CorrelationConfig::default()
    }
}

fn bench_store(c: &mut Criterion, name: &str, store: &mut dyn CorrelationStore) {
    let mut g = c.benchmark_group("dlr_store");
    g.throughput(Throughput::Elements(BATCH));
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(5));
    let mut p = StoreBatches::starting_at(0);
    // Two batches first, so that every measured batch holds all three kinds.
    p.batch(store);
    p.batch(store);
    g.bench_function(name, |b| {
        b.iter_batched(|| (), |()| p.batch(store), BatchSize::PerIteration);
    });
    g.finish();
}

/// CPU seconds (user + system) of a process, from `/proc/PID/stat`; `None` off Linux.
fn cpu_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start at the state, field 3;
    // utime and stime are fields 14 and 15, in clock ticks (100 a second on Linux).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// One line of the summary: a timed run of `TIMED` messages on a fresh pipeline.
fn timed(name: &str, store: &mut dyn CorrelationStore, server: Option<u32>) -> String {
    let mut p = StoreBatches::starting_at(1_000_000_000);
    let server_pid = server.map(|p| p.to_string());
    let cpu = || cpu_seconds("self");
    let server_cpu = || server_pid.as_deref().and_then(cpu_seconds);
    let (c0, s0) = (cpu(), server_cpu());
    let start = Instant::now();
    // Two more batches than messages counted: the pipeline's head and tail.
    for _ in 0..TIMED / BATCH + 2 {
        p.batch(store);
    }
    let wall = start.elapsed().as_secs_f64();
    let rate = TIMED as f64 / wall;
    let per_msg = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => format!("{:.2} µs", (b - a) * 1e6 / TIMED as f64),
        _ => "—".into(),
    };
    let verdict = if name == "memory" {
        "(not durable)"
    } else if rate >= GOAL {
        "meets 100 000/s"
    } else {
        "BELOW 100 000/s"
    };
    format!(
        "  {name:<14} {rate:>9.0} msg/s  {verdict:<16} CPU per message: bench {:>9}, redis-server {:>9}\n",
        per_msg(c0, cpu()),
        per_msg(s0, server_cpu()),
    )
}

struct Redis {
    child: Child,
    port: u16,
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_redis(dir: &std::path::Path) -> Redis {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .arg("--dir")
        .arg(dir)
        .stdout(Stdio::null())
        .spawn()
        .expect("redis-server (Debian package redis-server) is needed by this bench");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Redis { child, port }
}

fn redis_cli(port: u16, args: &[&str]) -> String {
    let out = Command::new("redis-cli")
        .args(["-h", "127.0.0.1", "-p", &port.to_string()])
        .args(args)
        .output()
        .expect("redis-cli (Debian package redis-server) is needed by this bench");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// redis-benchmark's own figures on the same server: plain SET and GET pipelined 16 deep
/// (`-t set,get -P 16 -q`), and a script call writing one hash field, the unit of our
/// script's work, by EVALSHA on 50 connections pipelined 16 deep.
fn redis_ceiling(port: u16) -> String {
    let port_s = port.to_string();
    let bench = |args: &[&str]| {
        let out = Command::new("redis-benchmark")
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &port_s,
                "-q",
                "-n",
                "1000000",
                "-P",
                "16",
            ])
            .args(args)
            .output()
            .expect("redis-benchmark (Debian package redis-server) is needed by this bench");
        // -q prints progress lines ending in \r, then one final line per test.
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.rsplit('\r').next().unwrap_or_default().trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
    };
    let script = "return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])";
    let sha = redis_cli(port, &["SCRIPT", "LOAD", script]);
    let sha = sha.trim();
    let mut text = String::from(
        "redis-benchmark on the same server, same run (-n 1000000 -P 16, 50 connections):\n",
    );
    for line in bench(&["-t", "set,get"]) {
        let _ = writeln!(text, "  {line}");
    }
    for line in bench(&[
        "-r",
        "100000000",
        "evalsha",
        sha,
        "1",
        "rb:h",
        "f:__rand_int__",
        "v",
    ]) {
        let _ = writeln!(text, "  {line}   ({script:?})");
    }
    text
}

/// Our script's server time per operation, from `INFO commandstats`.
fn script_cost(port: u16, ops: u64) -> String {
    let info = redis_cli(port, &["INFO", "commandstats"]);
    let usec = info
        .lines()
        .find(|l| l.starts_with("cmdstat_evalsha:"))
        .and_then(|l| l.split(',').find_map(|f| f.strip_prefix("usec=")))
        .and_then(|u| u.trim().parse::<f64>().ok());
    let mut text = match usec {
        Some(u) => format!(
            "our script (INFO commandstats): {:.2} µs of server time per operation, {:.2} µs per message (3 operations)\n",
            u / ops as f64,
            3.0 * u / ops as f64
        ),
        None => "our script: no EVALSHA in INFO commandstats\n".into(),
    };
    // Redis counts the commands a script calls too: where the script's time goes.
    for l in info.lines().filter(|l| l.starts_with("cmdstat_")) {
        let name = l
            .split(':')
            .next()
            .unwrap_or("")
            .trim_start_matches("cmdstat_");
        let field = |f: &str| l.split([':', ',']).find_map(|x| x.strip_prefix(f));
        if let (Some(calls), Some(usec)) = (field("calls="), field("usec=")) {
            let usec: f64 = usec.trim().parse().unwrap_or(0.0);
            let _ = writeln!(
                text,
                "  {name:<10} {calls:>8} calls  {:.2} µs per message",
                3.0 * usec / ops as f64
            );
        }
    }
    text
}

fn stores(c: &mut Criterion) {
    let mut summary = format!(
        "dlr_store: {TIMED} messages (begin + submit_sm_resp + final receipt) in batches of {BATCH}, goal {GOAL:.0} msg/s per durable store; load average before: {}",
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default()
    );
    let mut memory = MemoryStore::new("bench", IdNormalizer::default(), config());
    bench_store(c, "memory", &mut memory);
    let mut memory = MemoryStore::new("bench", IdNormalizer::default(), config());
    summary.push_str(&timed("memory", &mut memory, None));

    let dir = tempfile::tempdir().unwrap();
    for (name, sync) in [
        ("sqlite_full", Synchronous::Full),
        ("sqlite_normal", Synchronous::Normal),
    ] {
        let path = dir.path().join(format!("{name}.sqlite"));
        let mut sqlite =
            SqliteStore::open(&path, "bench", IdNormalizer::default(), config(), sync).unwrap();
        bench_store(c, name, &mut sqlite);
        let path = dir.path().join(format!("{name}-timed.sqlite"));
        let mut sqlite =
            SqliteStore::open(&path, "bench", IdNormalizer::default(), config(), sync).unwrap();
        summary.push_str(&timed(name, &mut sqlite, None));
    }

    let redis = start_redis(dir.path());
    let url = format!("redis://127.0.0.1:{}", redis.port);
    let mut store = RedisStore::open(&url, "bench", IdNormalizer::default(), config()).unwrap();
    bench_store(c, "redis", &mut store);
    let mut store = RedisStore::open(&url, "timed", IdNormalizer::default(), config()).unwrap();
    redis_cli(redis.port, &["CONFIG", "RESETSTAT"]);
    summary.push_str(&timed("redis", &mut store, Some(redis.child.id())));
    summary.push_str(&script_cost(redis.port, 3 * (TIMED + BATCH)));
    summary.push_str(&redis_ceiling(redis.port));
    let _ = write!(
        summary,
        "load average after: {}",
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default()
    );
    println!("\n{summary}");
    let target =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion/dlr_store");
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join("summary.txt"), summary);
}

criterion_group!(benches, stores);
criterion_main!(benches);
