//! Replays the committed fuzz seed corpus (`fuzz/corpus/receipt_text/`) through the fuzz
//! target's own function (`fuzz/src/receipt.rs`, included here), so the laws the target
//! asserts are checked on every `cargo test` and the target never rots.
//! The corpus files and their sources: `fuzz/corpus/README.md`.
#![allow(missing_docs, unreachable_pub)]

#[path = "../../fuzz/src/receipt.rs"]
mod receipt;

#[path = "../../fuzz/src/replay.rs"]
mod replay;

#[test]
fn accepts_receipt_text_corpus() {
    replay::corpus("receipt_text", receipt::receipt_text);
}
