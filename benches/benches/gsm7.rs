//! gsm7: encode+pack and unpack+decode of 1 KB of default-alphabet text, plus split and a
//! national table. Throughput is bytes of UTF-8 text.
//!
//! Three texts: "default" is heavy with characters outside ASCII (Latin-1 letters, Greek
//! capitals, '€' and escapes every few characters: a worst case); "typical" is what messages
//! usually look like (mostly ASCII with an occasional 'é', '£', '@' or '€'); "ascii" has none.
//! The speed target (1 GB/s per core each way) applies to "typical".
//!
//! `CARGO_TARGET_DIR=/work/target-gsm7perf cargo bench -p sms-benches --bench gsm7`
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gsm7::{NationalLanguage, SplitOptions, Tables};

/// About 1 KB of text in the default alphabet: mostly ASCII, with Latin-1 letters, Greek
/// capitals, '@' and characters of the extension table (escape pairs).
fn mixed_text() -> String {
    let line = "Hello World! Your code is 123456 @ 12:30. Café à Paris, Ørsted & Æsir; \
                price €5 {promo} [x] ~ | ^ ΔΦΓΛΩ. Thanks.\n";
    let mut s = String::new();
    while s.len() < 1024 {
        s.push_str(line);
    }
    s
}

/// About 1 KB of a typical default-alphabet message: mostly ASCII, with an 'é', a '£', an '@',
/// an '€' (an escape pair) and a '_' per line of about 140 characters.
fn typical_text() -> String {
    let line = "Hi René, your order #48213 has shipped and should arrive on Tuesday. \
                Total: £42.50 (incl. €3 fee). Questions? Mail help_desk@shop.example or reply STOP.\n";
    let mut s = String::new();
    while s.len() < 1024 {
        s.push_str(line);
    }
    s
}

fn encode_pack(c: &mut Criterion) {
    let text = mixed_text();
    let mut g = c.benchmark_group("gsm7");
    g.throughput(Throughput::Bytes(text.len() as u64));

    let mut septets = Vec::with_capacity(2048);
    let mut packed = Vec::with_capacity(2048);
    g.bench_function("encode+pack 1KB default", |b| {
        b.iter(|| {
            septets.clear();
            packed.clear();
            gsm7::encode_septets(black_box(&text), Tables::DEFAULT, &mut septets).unwrap();
            gsm7::pack(&septets, 0, &mut packed);
            black_box(&packed);
        });
    });

    let mut s = Vec::new();
    gsm7::encode_septets(&text, Tables::DEFAULT, &mut s).unwrap();
    let count = s.len();
    let mut p = Vec::new();
    gsm7::pack(&s, 0, &mut p);
    let mut out = String::with_capacity(2048);
    g.bench_function("unpack+decode 1KB default", |b| {
        b.iter(|| {
            septets.clear();
            out.clear();
            gsm7::unpack(black_box(&p), count, 0, &mut septets).unwrap();
            gsm7::decode_septets(&septets, Tables::DEFAULT, &mut out).unwrap();
            black_box(&out);
        });
    });

    let typical = typical_text();
    g.throughput(Throughput::Bytes(typical.len() as u64));
    g.bench_function("encode+pack 1KB typical", |b| {
        b.iter(|| {
            septets.clear();
            packed.clear();
            gsm7::encode_septets(black_box(&typical), Tables::DEFAULT, &mut septets).unwrap();
            gsm7::pack(&septets, 0, &mut packed);
            black_box(&packed);
        });
    });
    let mut s = Vec::new();
    gsm7::encode_septets(&typical, Tables::DEFAULT, &mut s).unwrap();
    let typical_count = s.len();
    let mut typical_packed = Vec::new();
    gsm7::pack(&s, 0, &mut typical_packed);
    g.bench_function("unpack+decode 1KB typical", |b| {
        b.iter(|| {
            septets.clear();
            out.clear();
            gsm7::unpack(black_box(&typical_packed), typical_count, 0, &mut septets).unwrap();
            gsm7::decode_septets(&septets, Tables::DEFAULT, &mut out).unwrap();
            black_box(&out);
        });
    });

    let ascii =
        "Your verification code is 482913. It expires in 10 minutes; do not share it. ".repeat(13);
    g.throughput(Throughput::Bytes(ascii.len() as u64));
    g.bench_function("encode+pack 1KB ascii", |b| {
        b.iter(|| {
            septets.clear();
            packed.clear();
            gsm7::encode_septets(black_box(&ascii), Tables::DEFAULT, &mut septets).unwrap();
            gsm7::pack(&septets, 0, &mut packed);
            black_box(&packed);
        });
    });
    let mut s = Vec::new();
    gsm7::encode_septets(&ascii, Tables::DEFAULT, &mut s).unwrap();
    let ascii_count = s.len();
    let mut ascii_packed = Vec::new();
    gsm7::pack(&s, 0, &mut ascii_packed);
    g.bench_function("unpack+decode 1KB ascii", |b| {
        b.iter(|| {
            septets.clear();
            out.clear();
            gsm7::unpack(black_box(&ascii_packed), ascii_count, 0, &mut septets).unwrap();
            gsm7::decode_septets(&septets, Tables::DEFAULT, &mut out).unwrap();
            black_box(&out);
        });
    });

    let tr = Tables {
        locking: Some(NationalLanguage::Turkish),
        single: Some(NationalLanguage::Turkish),
    };
    let turkish = "Günaydın! Şu an İstanbul'da çok güzel bir gün. ".repeat(22);
    g.throughput(Throughput::Bytes(turkish.len() as u64));
    g.bench_function("encode+pack 1KB turkish", |b| {
        b.iter(|| {
            septets.clear();
            packed.clear();
            gsm7::encode_septets(black_box(&turkish), tr, &mut septets).unwrap();
            gsm7::pack(&septets, 0, &mut packed);
            black_box(&packed);
        });
    });

    g.throughput(Throughput::Bytes(text.len() as u64));
    let opts = SplitOptions::default();
    g.bench_function("split 1KB default", |b| {
        b.iter(|| black_box(gsm7::split(black_box(&text), &opts).unwrap()));
    });
    g.finish();
}

criterion_group!(benches, encode_pack);
criterion_main!(benches);
