//! gsm-pdu: decode of a typical SMS-DELIVER (AT+CMGR form, SMSC prefix included) with and
//! without decoding its text, a concatenated part with a UDH, an SMS-STATUS-REPORT, and the
//! encode of a decoded DELIVER. Throughput is PDU octets.
//!
//! `CARGO_TARGET_DIR=/work/target-gsmpdu cargo bench -p sms-benches --bench tpdu`
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gsm_pdu::{DecodeOptions, Direction, Tpdu, decode, decode_with_smsc};

use test_support::hex;

/// python-gsmmodem test_pdu.py: SMS-DELIVER, 49 characters of GSM 7-bit text.
const DELIVER: &str = "07915892000000F0040B915892214365F700007040213252242331493A283D0795C3F33C88FE06C9CB6132885EC6D341EDF27C1E3E97E7207B3A0C0A5241E377BB1D7693E72E";
/// ModemManager test: 160 septets, DCS F1 (class 1).
const DELIVER_160: &str = "07913306091093F0040485810000F111604231805180A049B7F90D9A1AA5A01668F8769BD3E4B29B9E2EB359A03FC85D06A9C3ED707A0EA2CBC3EE79BB4CA7CBCBA05643617DA7C76990FD4D979741EE77DD5E0ED741ED371D442E83E0E1F9BC0CD281E677D9B84C06C1DF7539E85C9097E520FB9B2E2F83C6EF369C5E064D8D52D0BC2E07DDEF77D7DC2C7799E5A0771D040FCB41F402BB0047BFDD6550B80ECAD966";
/// ModemManager test: part 2 of a concatenated message (UDH 050003 4C0202).
const DELIVER_UDH: &str = "07912160130320F6440B916171056429F5000021405291651569320500034C0202E9E8301D44479741F0B09C3E0785E56590BCCC0ED3CB6410FD0D7ABBCBA0B0FB4D4797E52E10";
/// oFono unit/test-sms.c test_sr_assembly: SMS-STATUS-REPORT, no SMSC prefix.
const STATUS_REPORT: &str = "06040D91945152991136F00160124130340A0160124130940A00";

fn deliver(c: &mut Criterion) {
    let mut g = c.benchmark_group("tpdu");
    for (name, h) in [
        ("decode SMS-DELIVER 49 chars", DELIVER),
        ("decode SMS-DELIVER 160 septets", DELIVER_160),
        ("decode SMS-DELIVER concat part", DELIVER_UDH),
    ] {
        let pdu = hex(h);
        g.throughput(Throughput::Bytes(pdu.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                let d = decode_with_smsc(
                    black_box(&pdu),
                    Direction::MobileTerminated,
                    DecodeOptions::strict(),
                )
                .unwrap();
                black_box(d);
            });
        });
        g.bench_function(format!("{name} + text"), |b| {
            b.iter(|| {
                let d = decode_with_smsc(
                    black_box(&pdu),
                    Direction::MobileTerminated,
                    DecodeOptions::strict(),
                )
                .unwrap();
                let Tpdu::Deliver(m) = &d.tpdu else {
                    unreachable!()
                };
                black_box(m.text().unwrap());
            });
        });
    }
    let pdu = hex(DELIVER);
    let d = decode_with_smsc(&pdu, Direction::MobileTerminated, DecodeOptions::strict()).unwrap();
    let mut out = Vec::with_capacity(200);
    g.throughput(Throughput::Bytes(pdu.len() as u64));
    g.bench_function("encode SMS-DELIVER 49 chars", |b| {
        b.iter(|| {
            out.clear();
            black_box(&d.tpdu).encode(&mut out).unwrap();
            black_box(&out);
        });
    });
    g.finish();
}

fn status_report(c: &mut Criterion) {
    let pdu = hex(STATUS_REPORT);
    let mut g = c.benchmark_group("tpdu");
    g.throughput(Throughput::Bytes(pdu.len() as u64));
    g.bench_function("decode SMS-STATUS-REPORT", |b| {
        b.iter(|| {
            let d = decode(
                black_box(&pdu),
                Direction::MobileTerminated,
                DecodeOptions::strict(),
            )
            .unwrap();
            black_box(d);
        });
    });
    g.finish();
}

criterion_group!(benches, deliver, status_report);
criterion_main!(benches);
