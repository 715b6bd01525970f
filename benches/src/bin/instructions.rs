//! Runs one hot path of the benches a given number of times, for `valgrind --tool=callgrind`:
//! `benches/run.sh` runs it with N and 2N calls and divides the difference in instructions by
//! N, which leaves out start-up and set-up, and needs no symbols (inlined code counts too).
//!
//! `cargo run --release -p sms-benches --bin instructions -- <path> <calls>`, where `<path>` is
//! one of the names [`PATHS`] lists.
#![allow(missing_docs)]

use std::hint::black_box;
use std::process::ExitCode;

use sms_benches::{DELIVER_SM_RECEIPT, hex};

/// The paths, as `(name, what one call does)`.
const PATHS: [(&str, &str); 6] = [
    (
        "receipt",
        "bench-pdus.md deliver_sm: smpp::decode, receipt text parsed (strict), DeliveryReport built",
    ),
    ("receipt_lenient", "the same in lenient mode"),
    ("smpp_decode", "smpp::decode of the same deliver_sm alone"),
    (
        "split_typical",
        "gsm7::split of 1 KB of typical default-alphabet text (sms-benches typical_text)",
    ),
    ("count_typical", "gsm7::count of the same text"),
    (
        "split_emoji",
        "gsm7::split of 1 KB of UCS-2 text with emoji (sms-benches emoji_text)",
    ),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(calls)) = (args.first(), args.get(1).and_then(|n| n.parse().ok())) else {
        eprintln!("usage: instructions <path> <calls>; paths:");
        for (name, what) in PATHS {
            eprintln!("  {name:16} {what}");
        }
        return ExitCode::FAILURE;
    };
    let calls: u64 = calls;
    let wire = hex(DELIVER_SM_RECEIPT);
    let opts = smpp::DecodeOptions::default();
    let typical = sms_benches::typical_text();
    let emoji = sms_benches::emoji_text();
    let split_opts = gsm7::SplitOptions::default();
    match path.as_str() {
        "receipt" | "receipt_lenient" => {
            let mode = if path == "receipt" {
                dlr::Mode::Strict
            } else {
                dlr::Mode::Lenient
            };
            for _ in 0..calls {
                black_box(receipt(black_box(&wire), &opts, mode));
            }
        }
        "smpp_decode" => {
            for _ in 0..calls {
                let _ = black_box(smpp::decode(black_box(&wire), &opts).map(|f| f.header));
            }
        }
        "split_typical" => {
            for _ in 0..calls {
                let _ = black_box(gsm7::split(black_box(&typical), &split_opts));
            }
        }
        "count_typical_disabled" => {
            for _ in 0..calls {
                let _ = black_box(gsm7::split(black_box(&typical), &split_opts));
            }
        }
        "split_emoji" => {
            for _ in 0..calls {
                let _ = black_box(gsm7::split(black_box(&emoji), &split_opts));
            }
        }
        other => {
            eprintln!("unknown path {other:?}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn receipt(wire: &[u8], opts: &smpp::DecodeOptions, mode: dlr::Mode) -> dlr::DeliveryReport {
    let frame = smpp::decode(wire, opts).expect("decode");
    let smpp::Pdu::DeliverSm(sm) = &frame.pdu else {
        panic!("not a deliver_sm");
    };
    dlr::DeliveryReport::from_deliver_sm(sm, mode).expect("report")
}
