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

/// bench-pdus.md: submit_sm, 198 octets (short_message at offset 52).
const SUBMIT_SM: &str = "000000c60000000400000000000000010005004d794272616e64000101343437373030393030313233000800000000010000008c596f7572204d794272616e6420766572696669636174696f6e20636f6465206973203438323931332e204974206578706972657320696e203130206d696e757465732e204e65766572207368617265207468697320636f6465207769746820616e796f6e652c206f75722073746166662077696c6c206e657665722061736b20666f722069742e205468782e020400020001";

/// The paths, as `(name, what one call does)`.
const PATHS: [(&str, &str); 11] = [
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
        "session_pair",
        "an ESME and an SMSC Session back to back in memory: one submit_sm built, encoded, \
         decoded, answered and its outcome taken (in windows of 256)",
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
        "codec_decode" | "codec_decode_pdu" => {
            // `SmppCodec::decode` is `OwnedFrame::take` with the codec's options.
            let pdu = path == "codec_decode_pdu";
            let mut buf = smpp::bytes::BytesMut::with_capacity(wire.len() * 32);
            let mut left = calls;
            while left > 0 {
                let n = left.min(32);
                buf.clear();
                for _ in 0..n {
                    buf.extend_from_slice(&wire);
                }
                for _ in 0..n {
                    let frame =
                        smpp::OwnedFrame::take(black_box(&mut buf), &opts).expect("framing");
                    let frame = frame.expect("whole").expect("valid");
                    if pdu {
                        black_box(frame.pdu());
                    }
                    black_box(frame.sequence_number());
                }
                left -= n;
            }
        }
        "session_pair" => session_pair(calls),
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
    use smpp::session::{BindKind, Config, Event, MessageIds, Session};
    const WINDOW: usize = 256;
    let now = std::time::Instant::now();
    let mut ec = Config::default();
    ec.window = WINDOW;
    let mut esme: Session<u32> = Session::esme(ec, now);
    let mut sc = Config::default();
    sc.auto_respond = true;
    let mut smsc: Session<()> = Session::smsc(
        sc,
        now,
        |_: BindKind, _: &smpp::Bind<'_>| smpp::CommandStatus::ESME_ROK,
        MessageIds::default(),
    );
    let bind = smpp::Bind::new(
        smpp::COctetString::from_str("bench").expect("system_id"),
        smpp::COctetString::empty(),
    );
    esme.bind(now, BindKind::Transceiver, &bind).expect("bind");
    let mut a = Vec::with_capacity(1 << 16);
    let mut b = Vec::with_capacity(1 << 16);
    esme.poll_transmit(&mut a);
    smsc.handle_input(now, &a);
    smsc.poll_transmit(&mut b);
    esme.handle_input(now, &b);
    while esme.poll_event().is_some() {}
    while smsc.poll_event().is_some() {}
    let submit = hex(SUBMIT_SM);
    let short_message = &submit[52..52 + 140];
    let mut left = calls;
    while left > 0 {
        let n = left.min(WINDOW as u64) as u32;
        for token in 0..n {
            let mut sm = smpp::SubmitSm {
                source_addr_ton: smpp::Ton(5),
                source_addr_npi: smpp::Npi(0),
                source_addr: smpp::COctetString::from_str("MyBrand").expect("source_addr"),
                dest_addr_ton: smpp::Ton::INTERNATIONAL,
                dest_addr_npi: smpp::Npi::ISDN,
                destination_addr: smpp::COctetString::from_str("447700900123").expect("dest"),
                esm_class: smpp::EsmClass(0x08),
                registered_delivery: smpp::RegisteredDelivery(1),
                short_message: short_message.try_into().expect("short_message"),
                ..smpp::SubmitSm::default()
            };
            sm.tlvs
                .push_u16(smpp::TlvTag::USER_MESSAGE_REFERENCE, 1)
                .expect("tlv");
            esme.submit(now, &smpp::Pdu::SubmitSm(sm), token)
                .expect("window");
        }
        a.clear();
        b.clear();
        esme.poll_transmit(&mut a);
        smsc.handle_input(now, &a);
        while smsc.poll_event().is_some() {}
        smsc.poll_transmit(&mut b);
        esme.handle_input(now, &b);
        let mut done = 0;
        while let Some(e) = esme.poll_event() {
            if matches!(e, Event::Outcome { .. }) {
                done += 1;
            }
        }
        assert_eq!(done, n);
        left -= u64::from(n);
    }
}
