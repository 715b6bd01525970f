//! gsm7: encode+pack and unpack+decode of about 1 KB of text for the default alphabet (ASCII,
//! typical, the worst mix) and for every national language's tables, then split and count.
//! Throughput is bytes of UTF-8 text. The texts are `sms_benches::named_text`'s.
//!
//! Issue 18's targets: encode+pack and unpack+decode ≥ 1 GiB/s for every table and the worst
//! mix; split and count ≥ 1 GiB/s for default-alphabet text, ≥ 500 MiB/s for UCS-2 text with
//! emoji.
//!
//! `cargo bench -p sms-benches --bench gsm7 -- <filter>`
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gsm7::{NationalLanguage, SplitOptions};
use sms_benches::named_text;

/// The default-alphabet texts, then the natural Turkish one, then each language's tables.
fn codec_texts() -> Vec<String> {
    ["ascii", "typical", "mixed", "turkish_natural"]
        .into_iter()
        .map(String::from)
        .chain(NationalLanguage::ALL.iter().map(|l| l.name().to_owned()))
        .collect()
}

fn codec(c: &mut Criterion) {
    let mut septets = Vec::with_capacity(4096);
    let mut packed = Vec::with_capacity(4096);
    let mut out = String::with_capacity(4096);
    let mut enc = c.benchmark_group("gsm7_encode_pack");
    for name in codec_texts() {
        let (text, tables) = named_text(&name).expect("text");
        enc.throughput(Throughput::Bytes(text.len() as u64));
        enc.bench_function(name.as_str(), |b| {
            b.iter(|| {
                septets.clear();
                packed.clear();
                gsm7::encode_septets(black_box(&text), tables, &mut septets).unwrap();
                gsm7::pack(&septets, 0, &mut packed);
                black_box(&packed);
            });
        });
    }
    enc.finish();
    let mut dec = c.benchmark_group("gsm7_unpack_decode");
    for name in codec_texts() {
        let (text, tables) = named_text(&name).expect("text");
        let mut s = Vec::new();
        gsm7::encode_septets(&text, tables, &mut s).unwrap();
        let count = s.len();
        let mut p = Vec::new();
        gsm7::pack(&s, 0, &mut p);
        // The bench measures what it says: the text comes back.
        let mut back = String::new();
        gsm7::decode_septets(&s, tables, &mut back).unwrap();
        assert_eq!(back, text, "{name}");
        dec.throughput(Throughput::Bytes(text.len() as u64));
        dec.bench_function(name.as_str(), |b| {
            b.iter(|| {
                septets.clear();
                out.clear();
                gsm7::unpack(black_box(&p), count, 0, &mut septets).unwrap();
                gsm7::decode_septets(&septets, tables, &mut out).unwrap();
                black_box(&out);
            });
        });
    }
    dec.finish();
}

fn split(c: &mut Criterion) {
    let opts = SplitOptions::default();
    for (group, count_only) in [("split", false), ("count", true)] {
        let mut g = c.benchmark_group(group);
        for name in ["ascii", "typical", "mixed", "emoji"] {
            let (text, _) = named_text(name).expect("text");
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_function(name, |b| {
                if count_only {
                    b.iter(|| black_box(gsm7::count(black_box(&text), &opts).unwrap()));
                } else {
                    b.iter(|| black_box(gsm7::split(black_box(&text), &opts).unwrap()));
                }
            });
        }
        g.finish();
    }
}

criterion_group!(benches, codec, split);
criterion_main!(benches);
