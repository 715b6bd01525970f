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

use sms_benches::{
    DELIVER_SM_RECEIPT, SUBMIT_SM, SessionPair, build_submit_sm, calls_in_flight, connect_esme,
    current_thread_runtime, hex, named_text, spawn_auto_smsc, submit_sm_text,
};

/// The paths, as `(name, what one call does)`.
const PATHS: [(&str, &str); 14] = [
    ("len", "prints the text's length in bytes (no calls)"),
    (
        "receipt",
        "bench-pdus.md deliver_sm: smpp::decode, receipt text parsed (strict), DeliveryReport built",
    ),
    ("receipt_lenient", "the same in lenient mode"),
    ("smpp_decode", "smpp::decode of the same deliver_sm alone"),
    (
        "codec_decode",
        "OwnedFrame::take (SmppCodec::decode) of the same deliver_sm, from a read buffer of 32",
    ),
    (
        "codec_decode_pdu",
        "the same, then the body's views through OwnedFrame::pdu",
    ),
    (
        "submit_decode",
        "smpp::decode of bench-pdus.md's submit_sm (borrowed)",
    ),
    (
        "owned_decode",
        "SmppCodec::decode of the same submit_sm to an OwnedFrame, from a read buffer of 32",
    ),
    (
        "session_pair",
        "an ESME and an SMSC Session back to back in memory: one submit_sm built, encoded, \
         decoded, answered and its outcome taken (in windows of 256)",
    ),
    (
        "loopback",
        "EsmeClient to SmscServer over loopback TCP: one submit_sm built, submitted and \
         answered (256 tasks in flight; both threads counted)",
    ),
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
    let submit = hex(SUBMIT_SM);
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
                let report = receipt(black_box(&wire), &opts, &receipt_opts);
                assert!(report.is_ok(), "report");
                black_box(&report);
            }
        }
        "smpp_decode" => {
            for _ in 0..calls {
                let _ = black_box(smpp::decode(black_box(&wire), &opts).map(|f| f.header));
            }
        }
        "submit_decode" => {
            for _ in 0..calls {
                let _ = black_box(smpp::decode(black_box(&submit), &opts).map(|f| f.header));
            }
        }
        "codec_decode" => codec_decode(&wire, calls, false),
        "codec_decode_pdu" => codec_decode(&wire, calls, true),
        "owned_decode" => codec_decode(&submit, calls, false),
        "session_pair" => session_pair(calls),
        "loopback" => loopback(calls),
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

/// `calls` frames of `wire` through `SmppCodec::decode`, from a read buffer refilled with 32
/// copies at a time, each frame dropped after use (as a `Framed` driver does); `pdu`: the
/// body's views taken through `OwnedFrame::pdu` too.
fn codec_decode(wire: &[u8], calls: u64, pdu: bool) {
    // `SmppCodec::decode` is `OwnedFrame::take` with the codec's options (tokio-util, which
    // has the `Decoder` trait, is a dependency of the benches only).
    let opts = *smpp::SmppCodec::new().options();
    let mut buf = smpp::bytes::BytesMut::with_capacity(wire.len() * 32);
    let mut left = calls;
    while left > 0 {
        let n = left.min(32);
        buf.clear();
        for _ in 0..n {
            buf.extend_from_slice(wire);
        }
        for _ in 0..n {
            let frame = smpp::OwnedFrame::take(black_box(&mut buf), &opts).expect("framing");
            let frame = frame.expect("whole").expect("valid");
            if pdu {
                black_box(frame.pdu());
            }
            black_box(frame.sequence_number());
        }
        left -= n;
    }
}

fn receipt(
    wire: &[u8],
    opts: &smpp::DecodeOptions,
    mode: &dlr::DecodeOptions,
) -> Result<dlr::DeliveryReport, dlr::SmppReportError> {
    // The frame is read where it lies (not moved out of its `Result`), as a gateway does.
    let decoded = smpp::decode(wire, opts);
    let Ok(smpp::Frame {
        pdu: smpp::Pdu::DeliverSm(sm),
        ..
    }) = &decoded
    else {
        panic!("not a deliver_sm");
    };
    dlr::DeliveryReport::from_deliver_sm(sm, mode)
}

/// `calls` submit_sm through an ESME and an SMSC session wired back to back (the
/// `session_sans_io_window_256` bench's loop), in windows of 256.
fn session_pair(calls: u64) {
    const WINDOW: usize = 256;
    let mut pair = SessionPair::new(WINDOW);
    let short_message = submit_sm_text();
    let mut left = calls;
    while left > 0 {
        let n = left.min(WINDOW as u64);
        pair.round(n as usize, || build_submit_sm(&short_message));
        left -= n;
    }
}

/// `calls` submit_sm from an `EsmeClient` to an `SmscServer` over loopback TCP (the
/// `session_loopback_window_256` bench's `smpp_esme_submit_sm`): the server on a thread of
/// its own, 256 client tasks each building and submitting its next message once the last
/// one's response came.
fn loopback(calls: u64) {
    use smpp::session::Outcome;
    const WINDOW: usize = 256;
    let addr = spawn_auto_smsc(WINDOW);
    let rt = current_thread_runtime();
    let client = connect_esme(&rt, addr, WINDOW);
    let link = client.link().clone();
    let short_message: std::sync::Arc<[u8]> = submit_sm_text().into();
    rt.block_on(calls_in_flight(calls, WINDOW, move || {
        let outcome = link.submit(&build_submit_sm(&short_message));
        async move {
            let outcome = outcome.await;
            assert!(matches!(outcome, Ok(Outcome::Accepted(_))), "{outcome:?}");
        }
    }));
}
