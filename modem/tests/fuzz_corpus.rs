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

mod random {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The framer's laws on arbitrary bytes.
        #[test]
        fn accepts_arbitrary_framer_input(data in proptest::collection::vec(any::<u8>(), 0..400)) {
            super::modem_fuzz::framer(&data);
        }

        /// The driver's laws on arbitrary operation scripts, biased to the canned replies.
        #[test]
        fn accepts_arbitrary_driver_scripts(
            flags in any::<u8>(),
            ops in proptest::collection::vec((0u8..8, any::<u8>(), any::<u8>()), 0..60),
        ) {
            let mut data = vec![flags];
            for (op, a, b) in ops {
                data.extend([op, a, b]);
            }
            super::modem_fuzz::driver(&data);
        }
    }
}
