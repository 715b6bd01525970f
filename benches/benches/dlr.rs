//! Delivery-report benches: parsing a typical Appendix B receipt (strict and lenient), building
//! the report, and one submit/report round through the correlation table.
//!
//! Run: `cargo bench -p sms-benches --bench dlr`.
#![allow(missing_docs)]

use core::time::Duration;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dlr::{
    CorrelationConfig, CorrelationTable, DeliveryReport, IdFormat, IdNormalizer, Mode, Receipt,
};
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
        b.iter(|| Receipt::parse(black_box(TYPICAL), Mode::Strict).unwrap());
    });
    g.bench_function("typical_lenient", |b| {
        b.iter(|| Receipt::parse(black_box(TYPICAL), Mode::Lenient).unwrap());
    });
    g.throughput(Throughput::Bytes(QUIRKY.len() as u64));
    g.bench_function("quirky_lenient", |b| {
        b.iter(|| Receipt::parse(black_box(QUIRKY), Mode::Lenient).unwrap());
    });
    g.finish();
}

fn report(c: &mut Criterion) {
    let mut g = c.benchmark_group("dlr/report");
    g.throughput(Throughput::Bytes(TYPICAL.len() as u64));
    g.bench_function("parse_and_report", |b| {
        b.iter(|| {
            let r = Receipt::parse(black_box(TYPICAL), Mode::Lenient).unwrap();
            DeliveryReport::from_receipt(&r).unwrap()
        });
    });
    g.finish();
}

fn correlate(c: &mut Criterion) {
    let ids = IdNormalizer::uniform(IdFormat::Decimal);
    let receipt = Receipt::parse(TYPICAL, Mode::Strict).unwrap();
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

criterion_group!(benches, parse, report, correlate);
criterion_main!(benches);
