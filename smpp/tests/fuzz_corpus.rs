//! Replays the committed fuzz seed corpora (`fuzz/corpus/smpp_*/`, `session/`) through the
//! fuzz targets' own functions (`fuzz/src/smpp_codec.rs`, `session.rs`, included here), so
//! the laws the targets assert are checked on every `cargo test` and the targets never rot.
//! The corpus files and their sources: `fuzz/corpus/README.md`.
#![allow(missing_docs, unreachable_pub)]
// Without feature `tokio` the framed replay (the only user of some helpers) is not built.
#![cfg_attr(not(feature = "tokio"), allow(dead_code))]

#[path = "../../fuzz/src/input.rs"]
mod input;
#[path = "../../fuzz/src/session.rs"]
mod session;
#[path = "../../fuzz/src/smpp_codec.rs"]
mod smpp_codec;

#[path = "../../fuzz/src/replay.rs"]
mod replay;

#[test]
fn roundtrip_smpp_pdu_strict_corpus() {
    replay::corpus("smpp_pdu_strict", |d| smpp_codec::pdu(d, false));
}

#[test]
fn roundtrip_smpp_pdu_lenient_corpus() {
    replay::corpus("smpp_pdu_lenient", |d| smpp_codec::pdu(d, true));
}

/// Through `SmppCodec`'s tokio-util `Decoder`, exactly as the `smpp_framed` target
/// (`fuzz/fuzz_targets/smpp_framed.rs`) drives it.
#[cfg(feature = "tokio")]
#[test]
fn roundtrip_smpp_framed_corpus() {
    use smpp::bytes::BytesMut;
    use smpp::{DecodeOptions, FramedError, SmppCodec};
    use tokio_util::codec::Decoder;

    replay::corpus("smpp_framed", |d| {
        smpp_codec::framed(d, |opts: DecodeOptions| {
            let mut codec = SmppCodec::with_options(opts);
            move |src: &mut BytesMut| -> smpp_codec::Step {
                match codec.decode(src) {
                    Ok(item) => smpp_codec::owned_step(item),
                    Err(FramedError::Decode(e)) => Err(e),
                    Err(e) => panic!("no I/O here: {e}"),
                }
            }
        });
    });
}

#[test]
fn accepts_session_corpus() {
    replay::corpus("session", session::session);
}
