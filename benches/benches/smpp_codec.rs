//! smpp codec against its peers on the same bytes (shared/vectors/bench-pdus.md): decode and
//! encode of the 198-octet submit_sm and the 194-octet deliver_sm carrying a receipt.
//!
//! Pairs, like for like:
//! - `smpp_decode_borrowed/*`: fields borrowed from the caller's slice: `smpp::decode`
//!   (strict and lenient) beside rusmppz 0.4.0 (borrowed, `&[u8]`);
//! - `smpp_decode_owned/*`: a value that owns its octets and can be stored or sent to
//!   another task: `smpp_codec` (`SmppCodec::decode`, the tokio-util `Decoder` under
//!   `Framed`, from a read buffer holding back-to-back PDUs to an `OwnedFrame`; the frame is
//!   dropped in the timed region, as a driver drops it after handling), `smpp_codec_pdu`
//!   (the same, then the body's views through `OwnedFrame::pdu`), `smpp_into_owned` (borrowed
//!   decode then `into_owned`), beside rusmpp 0.4.0 (owned, decodes from `BytesMut`) and
//!   smpp34 1.5.1 (owned, `&[u8]`);
//! - `smpp_encode/*`: an already-built PDU to octets, beside all three.
//!
//! Each decoder gets the bytes as its API takes them; setup that is not decoding (building a
//! `BytesMut` for rusmpp, filling the read buffer for `SmppCodec`, cloning for smpp34's
//! by-value encode) is outside the timed region.
#![allow(missing_docs)]

use std::hint::black_box;

use std::time::{Duration, Instant};

use criterion::{BatchSize, Bencher, Criterion, Throughput, criterion_group, criterion_main};
use smpp::bytes::BytesMut;
use smpp::{OwnedFrame, SmppCodec};
use tokio_util::codec::Decoder;

/// PDUs in the read buffer per refill: a burst whose octets stay in L1 like the borrowed
/// decoder's single PDU.
const PER_READ: u64 = 32;

/// bench-pdus.md: submit_sm, 198 octets.
const SUBMIT_SM: &str = "000000c60000000400000000000000010005004d794272616e64000101343437373030393030313233000800000000010000008c596f7572204d794272616e6420766572696669636174696f6e20636f6465206973203438323931332e204974206578706972657320696e203130206d696e757465732e204e65766572207368617265207468697320636f6465207769746820616e796f6e652c206f75722073746166662077696c6c206e657665722061736b20666f722069742e205468782e020400020001";
/// bench-pdus.md: deliver_sm with a delivery receipt, 194 octets.
const DELIVER_SM: &str = "000000c20000000500000000000000010001013434373730303930303132330005004d794272616e64000400000000000000007a69643a31323334353637383930207375623a30303120646c7672643a303031207375626d697420646174653a3235313132353132303020646f6e6520646174653a3235313132353132303120737461743a44454c49565244206572723a30303020746578743a596f7572204d794272616e642076657269666963001e000b31323334353637383930000427000102";

use test_support::hex;

fn rusmpp_decode(wire: &[u8]) -> rusmpp::Command {
    use rusmpp::decode::DecodeWithLength;
    let mut buf = BytesMut::from(&wire[4..]);
    rusmpp::Command::decode(&mut buf, wire.len() - 4)
        .expect("rusmpp decode")
        .0
}

fn rusmppz_decode(wire: &[u8]) -> rusmppz::Command<'_, 16> {
    use rusmppz::decode::DecodeWithLength;
    rusmppz::Command::<'_, 16>::decode(&wire[4..], wire.len() - 4)
        .expect("rusmppz decode")
        .0
}

/// `SmppCodec::decode` from a read buffer refilled (untimed) with `PER_READ` copies of
/// `wire`, each frame dropped after `handle` (timed), as a `Framed` driver does.
fn codec_decode(b: &mut Bencher<'_>, wire: &[u8], handle: impl Fn(&OwnedFrame) -> u32) {
    let mut codec = SmppCodec::new();
    let mut buf = BytesMut::with_capacity(wire.len() * PER_READ as usize);
    b.iter_custom(|iters| {
        let mut timed = Duration::ZERO;
        let mut left = iters;
        while left > 0 {
            let n = left.min(PER_READ);
            buf.clear();
            for _ in 0..n {
                buf.extend_from_slice(wire);
            }
            let start = Instant::now();
            for _ in 0..n {
                let frame = codec.decode(black_box(&mut buf)).expect("framing");
                let frame = frame.expect("whole").expect("valid");
                black_box(handle(&frame));
            }
            timed += start.elapsed();
            left -= n;
        }
        timed
    });
}

fn bench_pdu(c: &mut Criterion, name: &str, wire: &[u8]) {
    let opts = smpp::DecodeOptions::default();
    let is_submit = name == "submit_sm";

    // Sanity: every peer decodes these bytes, and we re-encode them identically.
    let ours = smpp::decode(wire, &opts).expect("smpp decode");
    assert_eq!(ours.pdu.to_vec(1, smpp::CommandStatus::ESME_ROK), wire);
    let _ = rusmpp_decode(wire);
    let _ = rusmppz_decode(wire);
    let header = smpp34::CommandHeader::decode(wire).expect("smpp34 header");
    if is_submit {
        smpp34::submit_sm::decode(header, wire).expect("smpp34 submit_sm");
    } else {
        smpp34::deliver_sm::decode(header, wire).expect("smpp34 deliver_sm");
    }

    let mut g = c.benchmark_group(format!("smpp_decode_borrowed/{name}"));
    g.throughput(Throughput::Bytes(wire.len() as u64));
    g.bench_function("smpp", |b| {
        b.iter(|| smpp::decode(black_box(wire), &opts).map(|f| black_box(f).header));
    });
    g.bench_function("smpp_lenient", |b| {
        let lenient = smpp::DecodeOptions::lenient();
        b.iter(|| smpp::decode(black_box(wire), &lenient).map(|f| black_box(f).header));
    });
    g.bench_function("rusmppz", |b| {
        use rusmppz::decode::DecodeWithLength;
        b.iter(|| {
            let w = black_box(wire);
            black_box(
                rusmppz::Command::<'_, 16>::decode(&w[4..], w.len() - 4)
                    .expect("decode")
                    .0,
            )
            .sequence_number
        });
    });
    g.finish();

    let mut g = c.benchmark_group(format!("smpp_decode_owned/{name}"));
    g.throughput(Throughput::Bytes(wire.len() as u64));
    g.bench_function("smpp_codec", |b| {
        codec_decode(b, wire, |f| f.sequence_number());
    });
    g.bench_function("smpp_codec_pdu", |b| {
        codec_decode(b, wire, |f| match f.pdu() {
            smpp::Pdu::SubmitSm(sm) => sm.short_message.len() as u32,
            smpp::Pdu::DeliverSm(sm) => sm.short_message.len() as u32,
            _ => 0,
        });
    });
    g.bench_function("smpp_into_owned", |b| {
        b.iter(|| smpp::decode(black_box(wire), &opts).map(|f| black_box(f.into_owned()).header));
    });
    g.bench_function("rusmpp", |b| {
        use rusmpp::decode::DecodeWithLength;
        b.iter_batched_ref(
            || BytesMut::from(&wire[4..]),
            |buf| {
                black_box(
                    rusmpp::Command::decode(buf, wire.len() - 4)
                        .expect("decode")
                        .0,
                )
            },
            BatchSize::SmallInput,
        );
    });
    g.bench_function("smpp34", |b| {
        b.iter(|| {
            let w = black_box(wire);
            let h = smpp34::CommandHeader::decode(w).expect("header");
            if is_submit {
                drop(black_box(smpp34::submit_sm::decode(h, w).expect("decode")));
            } else {
                drop(black_box(smpp34::deliver_sm::decode(h, w).expect("decode")));
            }
        });
    });
    g.finish();

    let mut g = c.benchmark_group(format!("smpp_encode/{name}"));
    g.throughput(Throughput::Bytes(wire.len() as u64));
    g.bench_function("smpp", |b| {
        let mut out: Vec<u8> = Vec::with_capacity(512);
        b.iter(|| {
            out.clear();
            smpp::encode(
                1,
                smpp::CommandStatus::ESME_ROK,
                black_box(&ours.pdu),
                &mut out,
            );
            black_box(out.len())
        });
    });
    g.bench_function("rusmpp", |b| {
        use rusmpp::encode::{Length, owned::Encode};
        let cmd = rusmpp_decode(wire);
        let mut out = BytesMut::with_capacity(512);
        b.iter(|| {
            out.clear();
            let cmd = black_box(&cmd);
            out.extend_from_slice(&((4 + cmd.length()) as u32).to_be_bytes());
            cmd.encode(&mut out);
            black_box(out.len())
        });
    });
    g.bench_function("rusmppz", |b| {
        use rusmppz::encode::{Encode, Length};
        let cmd = rusmppz_decode(wire);
        let mut out = [0u8; 512];
        b.iter(|| {
            let cmd = black_box(&cmd);
            let len = 4 + cmd.length();
            out[..4].copy_from_slice(&(len as u32).to_be_bytes());
            black_box(cmd.encode(&mut out[4..len]))
        });
    });
    g.bench_function("smpp34", |b| {
        let h = smpp34::CommandHeader::decode(wire).expect("header");
        if is_submit {
            let pdu = smpp34::submit_sm::decode(h, wire).expect("decode");
            b.iter_batched(
                || pdu.clone(),
                |p| black_box(p.encode()),
                BatchSize::SmallInput,
            );
        } else {
            let pdu = smpp34::deliver_sm::decode(h, wire).expect("decode");
            b.iter_batched(
                || pdu.clone(),
                |p| black_box(p.encode()),
                BatchSize::SmallInput,
            );
        }
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    bench_pdu(c, "submit_sm", &hex(SUBMIT_SM));
    bench_pdu(c, "deliver_sm", &hex(DELIVER_SM));
}

criterion_group!(smpp_codec, benches);
criterion_main!(smpp_codec);
