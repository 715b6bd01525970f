//! Delivery-report benches: parsing a typical Appendix B receipt (strict and lenient), building
//! the report, the whole receipt path from the deliver_sm's octets (decode, parse, report) next
//! to rusmpp's decode of the same PDU alone, and one submit/report round through the
//! correlation table.
//!
//! Run: `cargo bench -p sms-benches --bench dlr`.
#![allow(missing_docs)]

use core::time::Duration;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use dlr::{
    CorrelationConfig, CorrelationTable, DecodeOptions, DeliveryReport, IdFormat, IdNormalizer,
    Receipt,
};
use smpp::bytes::BytesMut;
use sms_benches::{DELIVER_SM_RECEIPT, hex};
use std::hint::black_box;

/// A typical receipt: cloudhopper-smpp DeliveryReceiptTest parseShortMessage (SMPP 3.4
/// Appendix B layout, 20 characters of text).
const TYPICAL: &[u8] = b"id:0123456789 sub:001 dlvrd:001 submit date:1005232039 done date:1005242339 stat:DELIVRD err:000 text:This is a sample mes";

/// A quirky one: cloudhopper-smpp parseReceiptWithMissingSubAndDlvrdFields (14-digit dates,
/// no sub/dlvrd).
const QUIRKY: &[u8] = b"id:2E179B310EDE971B2760C72B7F026E1B submit date:20110314181534 done date:20110314181741 stat:DELIVRD err:0";

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("dlr/parse");
    g.throughput(Throughput::Bytes(TYPICAL.len() as u64));
    g.bench_function("typical_strict", |b| {
        b.iter(|| Receipt::parse(black_box(TYPICAL), &DecodeOptions::strict()).unwrap());
    });
    g.bench_function("typical_lenient", |b| {
        b.iter(|| Receipt::parse(black_box(TYPICAL), &DecodeOptions::lenient()).unwrap());
    });
    g.throughput(Throughput::Bytes(QUIRKY.len() as u64));
    g.bench_function("quirky_lenient", |b| {
        b.iter(|| Receipt::parse(black_box(QUIRKY), &DecodeOptions::lenient()).unwrap());
    });
    g.finish();
}

fn report(c: &mut Criterion) {
    let mut g = c.benchmark_group("dlr/report");
    g.throughput(Throughput::Bytes(TYPICAL.len() as u64));
    g.bench_function("parse_and_report", |b| {
        b.iter(|| {
            let r = Receipt::parse(black_box(TYPICAL), &DecodeOptions::lenient()).unwrap();
            DeliveryReport::from_receipt(&r).unwrap()
        });
    });
    g.finish();
}

/// The receipt path of a gateway: the deliver_sm's octets → `smpp::decode` → receipt text
/// parsed → `DeliveryReport`, against rusmpp's decode of the same octets alone (the issue 18
/// budget: at most 1/8 of it). rusmpp decodes from a `BytesMut`, built outside the timed
/// region as in `smpp_codec.rs`.
fn receipt_path(c: &mut Criterion) {
    let wire = hex(DELIVER_SM_RECEIPT);
    let opts = smpp::DecodeOptions::default();
    // The frame is read where it lies (not moved out of its `Result`), as a gateway does.
    let report = |wire: &[u8], mode: &DecodeOptions| {
        let decoded = smpp::decode(wire, &opts);
        let Ok(smpp::Frame {
            pdu: smpp::Pdu::DeliverSm(sm),
            ..
        }) = &decoded
        else {
            panic!("not a deliver_sm");
        };
        DeliveryReport::from_deliver_sm(sm, mode)
    };
    // Sanity: the report is the one the PDU carries, and rusmpp decodes the same octets.
    let r = report(&wire, &DecodeOptions::strict()).expect("report");
    assert_eq!(
        (r.message_id.as_str(), r.state, r.quirks.len()),
        ("1234567890", dlr::State::Delivered, 0)
    );
    assert_eq!(Ok(r), report(&wire, &DecodeOptions::lenient()));
    {
        use rusmpp::decode::DecodeWithLength;
        let mut buf = BytesMut::from(&wire[4..]);
        rusmpp::Command::decode(&mut buf, wire.len() - 4).expect("rusmpp decode");
    }

    let mut g = c.benchmark_group("receipt/deliver_sm");
    g.throughput(Throughput::Bytes(wire.len() as u64));
    g.bench_function("decode+parse+report strict", |b| {
        b.iter(|| black_box(report(black_box(&wire), &DecodeOptions::strict())));
    });
    g.bench_function("decode+parse+report lenient", |b| {
        b.iter(|| black_box(report(black_box(&wire), &DecodeOptions::lenient())));
    });
    g.bench_function("decode", |b| {
        b.iter(|| smpp::decode(black_box(&wire), &opts).map(|f| black_box(f).header));
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
    g.finish();
}

fn correlate(c: &mut Criterion) {
    let ids = IdNormalizer::uniform(IdFormat::Decimal);
    let receipt = Receipt::parse(TYPICAL, &DecodeOptions::strict()).unwrap();
    let report = DeliveryReport::from_receipt(&receipt).unwrap();
    c.bench_function("dlr/correlate/begin_submit_report", |b| {
        let mut table = CorrelationTable::new(ids, CorrelationConfig::default());
        let now = Duration::from_secs(1);
        b.iter(|| {
            let h = table.begin(now, (), 1).unwrap();
            table.submitted(now, h, 0, "0123456789").unwrap();
            table.report(now, black_box(report.clone()))
        });
    });
}

criterion_group!(benches, parse, report, receipt_path, correlate);
criterion_main!(benches);
