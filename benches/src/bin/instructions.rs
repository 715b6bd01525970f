//! Runs one hot path of the benches a given number of times, for `valgrind --tool=callgrind`:
//! `benches/run.sh` runs it with N and 2N calls and divides the difference in instructions by
//! N, which leaves out start-up and set-up and needs no symbols (inlined code counts too).
//!
//! `cargo run --release -p sms-benches --bin instructions -- <path> <calls> [text]`: the paths
//! are listed by running it without arguments; `text` is a name `sms_benches::named_text`
//! knows (`typical` by default).
#![allow(missing_docs)]

use std::hint::black_box;
use std::process::ExitCode;

use sms_benches::{DELIVER_SM_RECEIPT, hex, named_text};

/// The paths, as `(name, what one call does)`.
const PATHS: [(&str, &str); 8] = [
    ("len", "prints the text's length in bytes (no calls)"),
    (
        "receipt",
        "bench-pdus.md deliver_sm: smpp::decode, receipt text parsed (strict), DeliveryReport built",
    ),
    ("receipt_lenient", "the same in lenient mode"),
    ("smpp_decode", "smpp::decode of the same deliver_sm alone"),
    ("split", "gsm7::split of the text (default options)"),
    ("count", "gsm7::count of the text (default options)"),
    (
        "encode_pack",
        "gsm7::encode_septets then gsm7::pack of the text with its tables",
    ),
    (
        "unpack_decode",
        "gsm7::unpack then gsm7::decode_septets of the packed text",
    ),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(calls)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<u64>().ok()),
    ) else {
        eprintln!("usage: instructions <path> <calls> [text]; paths:");
        for (name, what) in PATHS {
            eprintln!("  {name:16} {what}");
        }
        return ExitCode::FAILURE;
    };
    let Some((text, tables)) = named_text(args.get(2).map_or("typical", String::as_str)) else {
        eprintln!("unknown text {:?}", args.get(2));
        return ExitCode::FAILURE;
    };
    let wire = hex(DELIVER_SM_RECEIPT);
    let opts = smpp::DecodeOptions::default();
    let split_opts = gsm7::SplitOptions::default();
    let mut septets = Vec::with_capacity(4096);
    let mut packed = Vec::with_capacity(4096);
    let mut out = String::with_capacity(4096);
    match path.as_str() {
        "len" => println!("{}", text.len()),
        "receipt" | "receipt_lenient" => {
            let receipt_opts = if path == "receipt" {
                dlr::DecodeOptions::strict()
            } else {
                dlr::DecodeOptions::lenient()
            };
            for _ in 0..calls {
                black_box(receipt(black_box(&wire), &opts, &receipt_opts));
            }
        }
        "smpp_decode" => {
            for _ in 0..calls {
                let _ = black_box(smpp::decode(black_box(&wire), &opts).map(|f| f.header));
            }
        }
        "split" => {
            for _ in 0..calls {
                let _ = black_box(gsm7::split(black_box(&text), &split_opts));
            }
        }
        "count" => {
            for _ in 0..calls {
                let _ = black_box(gsm7::count(black_box(&text), &split_opts));
            }
        }
        "encode_pack" => {
            for _ in 0..calls {
                septets.clear();
                packed.clear();
                let _ = gsm7::encode_septets(black_box(&text), tables, &mut septets);
                gsm7::pack(&septets, 0, &mut packed);
                black_box(&packed);
            }
        }
        "unpack_decode" => {
            let _ = gsm7::encode_septets(&text, tables, &mut septets);
            let count = septets.len();
            gsm7::pack(&septets, 0, &mut packed);
            for _ in 0..calls {
                septets.clear();
                out.clear();
                let _ = gsm7::unpack(black_box(&packed), count, 0, &mut septets);
                let _ = gsm7::decode_septets(&septets, tables, &mut out);
                black_box(&out);
            }
        }
        other => {
            eprintln!("unknown path {other:?}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn receipt(
    wire: &[u8],
    opts: &smpp::DecodeOptions,
    mode: &dlr::DecodeOptions,
) -> dlr::DeliveryReport {
    let frame = smpp::decode(wire, opts).expect("decode");
    let smpp::Pdu::DeliverSm(sm) = &frame.pdu else {
        panic!("not a deliver_sm");
    };
    dlr::DeliveryReport::from_deliver_sm(sm, mode).expect("report")
}
