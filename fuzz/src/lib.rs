//! Fuzz-target logic for the sms crates: each `fuzz_targets/*.rs` is a three-line shim into
//! one function here, and each crate's `tests/fuzz_corpus.rs` includes the same module and
//! replays the committed corpus (`fuzz/corpus/<target>/`) through it, so targets never rot.
//!
//! Every function takes the fuzzer's bytes, decodes them through the library's public entry
//! points, and asserts the laws that must hold: no panic, errors that point inside the input,
//! strict decoding that forgives nothing, and decode → encode → decode stability where an
//! encoder exists.

pub mod input;
pub mod modem;
pub mod receipt;
pub mod replay;
pub mod session;
pub mod smpp_codec;
pub mod text;
pub mod tpdu;
