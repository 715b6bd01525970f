//! Drives a Redis correlation store with the `dlr_store` bench's batches, for measuring the
//! server under `valgrind --tool=callgrind redis-server …`: run it with N and 2N messages
//! and divide the difference in the server's instructions by N.
//!
//! `cargo run --release -p sms-benches --bin dlr_store_load -- redis://127.0.0.1:PORT N [ACCOUNT]`
#![allow(missing_docs)]

use std::process::ExitCode;

use dlr::store::RedisStore;
use dlr::{CorrelationConfig, IdNormalizer};
use sms_benches::StoreBatches;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(url), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<u64>().ok()),
    ) else {
        eprintln!("usage: dlr_store_load redis://HOST:PORT MESSAGES [ACCOUNT]");
        return ExitCode::FAILURE;
    };
    let account = args.get(2).map_or("load", String::as_str);
    let config = CorrelationConfig {
        max_messages: 10_000_000,
        ..CorrelationConfig::default()
    };
    let mut store = match RedisStore::open(url, account, IdNormalizer::default(), config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{url}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut p = StoreBatches::starting_at(1_000_000_000);
    // Two more batches than messages counted: the pipeline's head and tail.
    for _ in 0..n / StoreBatches::BATCH + 2 {
        p.batch(&mut store);
    }
    ExitCode::SUCCESS
}
