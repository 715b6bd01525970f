//! Replays the committed fuzz seed corpora (`fuzz/corpus/smpp_*/`, `session/`) through the
//! fuzz targets' own functions (`fuzz/src/smpp_codec.rs`, `session.rs`, included here), so
//! the laws the targets assert are checked on every `cargo test` and the targets never rot.
//! The corpus files and their sources: `fuzz/corpus/README.md`.
#![allow(missing_docs, unreachable_pub)]

use smpp::bytes::BytesMut;
use smpp::{DecodeOptions, decode, peek_command_length};

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

/// The `smpp_framed` target drives `SmppCodec`'s tokio-util `Decoder`; this crate's tests
/// cannot name that trait (tokio-util is not a dev-dependency), so the corpus is replayed
/// through the same two calls the `Decoder` makes: `peek_command_length`, then `decode` of
/// the split-off PDU.
#[test]
fn roundtrip_smpp_framed_corpus() {
    replay::corpus("smpp_framed", |d| {
        smpp_codec::framed(d, |opts: DecodeOptions| {
            move |src: &mut BytesMut| -> smpp_codec::Step {
                let Some(len) = peek_command_length(src, &opts)? else {
                    return Ok(None);
                };
                if src.len() < len {
                    return Ok(None);
                }
                let pdu = src.split_to(len);
                Ok(Some(decode(&pdu, &opts)?.into_owned()))
            }
        });
    });
}

#[test]
fn accepts_session_corpus() {
    replay::corpus("session", session::session);
}
