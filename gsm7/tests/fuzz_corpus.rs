//! Replays the committed fuzz seed corpora (`fuzz/corpus/gsm7_unpack/`, `ucs2_decode/`)
//! through the fuzz targets' own functions (`fuzz/src/text.rs`, included here), so the laws
//! the targets assert are checked on every `cargo test` and the targets never rot.
//! The corpus files and their sources: `fuzz/corpus/README.md`.
#![allow(missing_docs, unreachable_pub)]

#[allow(dead_code)]
#[path = "../../fuzz/src/input.rs"]
mod input;
#[path = "../../fuzz/src/text.rs"]
mod text;

#[path = "../../fuzz/src/replay.rs"]
mod replay;

#[test]
fn roundtrip_gsm7_unpack_corpus() {
    replay::corpus("gsm7_unpack", text::gsm7_unpack);
}

#[test]
fn roundtrip_ucs2_decode_corpus() {
    replay::corpus("ucs2_decode", text::ucs2_decode);
}
