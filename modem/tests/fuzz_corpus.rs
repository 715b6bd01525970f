//! Replays the committed fuzz seed corpora (`fuzz/corpus/modem_framer/`, `modem_driver/`)
//! through the fuzz targets' own functions (`fuzz/src/modem.rs`, included here), so the laws
//! the targets assert are checked on every `cargo test` and the targets never rot. The corpus
//! files and their sources: `fuzz/corpus/README.md`.
#![allow(missing_docs, unreachable_pub, dead_code)]

#[path = "../../fuzz/src/input.rs"]
mod input;
#[path = "../../fuzz/src/modem.rs"]
mod modem_fuzz;
#[path = "../../fuzz/src/replay.rs"]
mod replay;

#[test]
fn roundtrip_modem_framer_corpus() {
    replay::corpus("modem_framer", modem_fuzz::framer);
}

#[test]
fn accepts_modem_driver_corpus() {
    replay::corpus("modem_driver", modem_fuzz::driver);
}
