//! Correlation stores against a gateway's rate: how many messages per second each store
//! correlates (begin + submit_sm_resp + final receipt per message), in the batches a
//! gateway's store thread makes, against the goal of 100 000 messages/s for each durable
//! store. Redis's own ceiling on this machine, measured by `redis-benchmark` on the same
//! server in the same run, is printed beside it and written to
//! `target/criterion/dlr_store/redis-benchmark.txt`.
//!
//! Run: `cargo bench -p sms-benches --bench dlr_store` (needs `redis-server` and
//! `redis-benchmark`, the Debian package redis-server). Elements are messages: criterion's
//! "thrpt" is messages per second.
#![allow(missing_docs)]

use core::time::Duration;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use dlr::store::{
    CorrelationStore, MemoryStore, OpResult, RedisStore, SqliteStore, StoreOp, Synchronous,
};
use dlr::{CorrelationConfig, IdNormalizer, IdOrigin, State};

/// Messages per batch of each kind (a busy gateway's store thread sees thousands queued).
const BATCH: usize = 1000;

fn config() -> CorrelationConfig {
    CorrelationConfig {
        max_messages: 10_000_000,
        ..CorrelationConfig::default()
    }
}

/// One round: `BATCH` messages begun, their submit_sm_resp recorded, their receipts
/// matched — three batches, as the gateway applies them.
fn round(
    store: &mut dyn CorrelationStore,
    base: u64,
    keys: &mut Vec<String>,
    out: &mut Vec<OpResult>,
) {
    let now = Duration::from_secs(1_800_000_000 + base / 1_000_000);
    keys.clear();
    keys.extend((0..BATCH as u64).map(|i| format!("{}", base + i)));
    let ops: Vec<StoreOp<'_>> = keys
        .iter()
        .map(|k| StoreOp::Begin {
            message: k,
            parts: 1,
        })
        .collect();
    store.apply(now, &ops, out).unwrap();
    let ops: Vec<StoreOp<'_>> = keys
        .iter()
        .map(|k| StoreOp::Submitted {
            message: k,
            part: 0,
            message_id: k,
        })
        .collect();
    store.apply(now, &ops, out).unwrap();
    let ops: Vec<StoreOp<'_>> = keys
        .iter()
        .map(|k| StoreOp::Report {
            message_id: k,
            origin: IdOrigin::ReceiptText,
            state: State::Delivered,
        })
        .collect();
    store.apply(now, &ops, out).unwrap();
    debug_assert!(out.iter().all(Result::is_ok));
    out.clear();
}

fn bench_store(c: &mut Criterion, name: &str, store: &mut dyn CorrelationStore) {
    let mut g = c.benchmark_group("dlr_store");
    g.throughput(Throughput::Elements(BATCH as u64));
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(5));
    let mut base = 0u64;
    let mut keys = Vec::with_capacity(BATCH);
    let mut out = Vec::with_capacity(BATCH);
    g.bench_function(name, |b| {
        b.iter_batched(
            || {
                base += BATCH as u64;
                base
            },
            |n| round(store, n, &mut keys, &mut out),
            BatchSize::PerIteration,
        );
    });
    g.finish();
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

/// redis-benchmark on the same server: plain SET and a no-op script, pipelined 1000 deep
/// (as the store pipelines a batch) — the most script calls per second this server can
/// take here. A message costs three script calls.
fn redis_ceiling(port: u16) -> String {
    let out = Command::new("redis-benchmark")
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-q",
            "-n",
            "300000",
            "-P",
            "1000",
            "-c",
            "1",
        ])
        .args(["-t", "set"])
        .output()
        .expect("redis-benchmark (Debian package redis-server) is needed by this bench");
    let script = Command::new("redis-benchmark")
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-q",
            "-n",
            "300000",
            "-P",
            "1000",
            "-c",
            "1",
        ])
        .args(["eval", "return 1", "0"])
        .output()
        .expect("redis-benchmark");
    let text = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stdout)
            .split('\r')
            .next_back()
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    format!(
        "redis-benchmark -P 1000 -c 1 -n 300000 (same server, same run):\n  {}\n  {} (a no-op script)\n",
        text(&out),
        text(&script)
    )
}

fn stores(c: &mut Criterion) {
    let mut memory = MemoryStore::new("bench", IdNormalizer::default(), config());
    bench_store(c, "memory", &mut memory);

    let dir = tempfile::tempdir().unwrap();
    for (name, sync) in [
        ("sqlite_full", Synchronous::Full),
        ("sqlite_normal", Synchronous::Normal),
    ] {
        let path = dir.path().join(format!("{name}.sqlite"));
        let mut sqlite =
            SqliteStore::open(&path, "bench", IdNormalizer::default(), config(), sync).unwrap();
        bench_store(c, name, &mut sqlite);
    }

    let redis = start_redis(dir.path());
    let url = format!("redis://127.0.0.1:{}", redis.port);
    let mut store = RedisStore::open(&url, "bench", IdNormalizer::default(), config()).unwrap();
    bench_store(c, "redis", &mut store);
    let ceiling = redis_ceiling(redis.port);
    println!("{ceiling}");
    let target =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion/dlr_store");
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join("redis-benchmark.txt"), ceiling);
}

criterion_group!(benches, stores);
criterion_main!(benches);
