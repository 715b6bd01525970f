//! Replays the committed fuzz seed corpora (`fuzz/corpus/tpdu/`, `udh/`) through the fuzz
//! targets' own functions (`fuzz/src/tpdu.rs`, included here), so the laws the targets
//! assert are checked on every `cargo test` and the targets never rot.
//! The corpus files and their sources: `fuzz/corpus/README.md`.
#![allow(missing_docs, unreachable_pub)]

#[path = "../../fuzz/src/tpdu.rs"]
mod tpdu;

#[path = "../../fuzz/src/replay.rs"]
mod replay;

#[test]
fn roundtrip_tpdu_corpus() {
    replay::corpus("tpdu", tpdu::tpdu);
}

#[test]
fn roundtrip_udh_corpus() {
    replay::corpus("udh", tpdu::udh);
}
