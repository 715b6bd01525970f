//! smpp codec targets: one PDU (strict and lenient) and the stream decoder fed in chunks.
//!
//! Shared by the `smpp_pdu_strict`, `smpp_pdu_lenient` and `smpp_framed` fuzz targets and by
//! `smpp/tests/fuzz_corpus.rs`, which replays the committed corpus through the same functions.

use smpp::bytes::BytesMut;
use smpp::{
    CommandStatus, DecodeError, DecodeOptions, Frame, HEADER_LEN, InterfaceVersion, Pdu, decode,
    peek_command_length,
};

/// One whole PDU. Checks: `peek_command_length` agrees with the octets; an error maps to a
/// status, points inside the PDU and carries the header when 16 octets were there; a strict
/// decode forgives nothing; decode → encode → decode gives the same PDU, and encoding that
/// again gives the same octets (the encoding is canonical); strictly decoded with ESME_ROK,
/// the PDU re-encodes to exactly its octets.
pub fn pdu(data: &[u8], lenient: bool) {
    let opts = if lenient {
        DecodeOptions::lenient()
    } else {
        DecodeOptions::strict()
    };
    let declared = data
        .get(..4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    match peek_command_length(data, &opts) {
        Ok(Some(n)) => assert_eq!(Some(n as u32), declared),
        Ok(None) => assert!(data.len() < 4),
        Err(e) => assert_eq!(e.field(), "command_length"),
    }
    let frame = match decode(data, &opts) {
        Ok(f) => f,
        Err(e) => {
            let _ = (CommandStatus::from(&e), e.to_string(), e.kind());
            assert!(e.offset() <= data.len(), "{e:?} points past the PDU");
            if data.len() >= HEADER_LEN {
                let h = e.header().expect("a 16-octet header travels in the error");
                assert_eq!(Some(h.command_length), declared);
            }
            return;
        }
    };
    assert_eq!(frame.header.command_length as usize, data.len());
    if !lenient {
        assert!(frame.quirks.is_empty(), "strict decoding forgives nothing");
    }
    let _ = (frame.pdu.command_id().name(), frame.pdu.is_response());
    validation(&frame, data.len());
    // The message text, per data_coding and UDHI (the UDH and charset decoders).
    let _ = match &frame.pdu {
        Pdu::SubmitSm(m) => m.text(),
        Pdu::DeliverSm(m) => m.text(),
        Pdu::DataSm(m) => m.text(),
        _ => Ok(String::new()),
    };

    let mut wire = Vec::new();
    frame.encode(&mut wire);
    assert_eq!(
        wire.len(),
        frame.pdu.command_length(frame.header.command_status),
        "command_length matches what encode wrote"
    );
    let again = decode(&wire, &opts)
        .unwrap_or_else(|e| panic!("re-encoded {:?} does not decode: {e:?}", frame.header));
    assert_eq!(again.pdu, frame.pdu, "decode → encode → decode is stable");
    assert_eq!(again.header.command_id, frame.header.command_id);
    assert_eq!(again.header.command_status, frame.header.command_status);
    assert_eq!(again.header.sequence_number, frame.header.sequence_number);
    let mut twice = Vec::new();
    again.encode(&mut twice);
    assert_eq!(twice, wire, "encoding is canonical");
    if !lenient && frame.header.command_status.is_ok() {
        // Strict decoding keeps everything (unknown TLVs and ids raw, in wire order), so
        // the octets come back exactly. (An error response may lose an empty body: v3.4
        // §4.4.2 "the body is not returned if the command_status field contains a non-zero
        // value".)
        assert_eq!(wire, data, "strict decode → encode is the identity");
    }
}

/// Validation of every decoded frame, against both versions: never panics, every violation
/// points inside the PDU and carries an error status, and the same frame validates the same.
fn validation(frame: &Frame<'_>, len: usize) {
    for version in [InterfaceVersion::V34, InterfaceVersion::V50] {
        let v = frame.validate(version);
        for x in &v {
            // A missing mandatory TLV points where the TLVs would start: the end, at most.
            assert!(x.offset <= len.max(HEADER_LEN), "{x} points past the PDU");
            assert!(!x.status.is_ok(), "{x} carries ESME_ROK");
            let _ = (x.to_string(), x.rule.reason(), x.rule.section());
        }
        assert_eq!(v, frame.validate(version), "validation is deterministic");
    }
}

/// What a stream decoder yields for the bytes buffered so far: a frame, `Ok(None)` for
/// "need more", or the decode error.
pub type Step = Result<Option<Frame<'static>>, DecodeError>;

/// One item of `SmppCodec` as a [`Step`]: the owned frame's views must equal what the
/// borrowed decoder gives for the same octets; a malformed PDU ends the run with its error.
pub fn owned_step(item: Option<Result<smpp::OwnedFrame, smpp::MalformedPdu>>) -> Step {
    match item {
        None => Ok(None),
        Some(Ok(frame)) => {
            let opts = DecodeOptions::lenient().with_max_command_length(u32::MAX);
            let borrowed = decode(frame.bytes(), &opts).map(|f| f.pdu);
            assert_eq!(Ok(frame.pdu()), borrowed, "owned views = borrowed decode");
            Ok(Some(frame.frame().into_owned()))
        }
        Some(Err(malformed)) => Err(malformed.error),
    }
}

/// `[flags, n, n chunk sizes…, stream…]`: decodes the stream once with everything buffered
/// and once fed in chunks of the given sizes (cycled; 0 means 1), with decoders made by
/// `new_decoder` (bit 0 of `flags`: lenient; bit 1: a 64-octet maximum length).
///
/// Checks: both feedings yield the same frames and the same first error (a decoder must
/// treat "incomplete" as "need more", never as invalid), and a decoder that says "need more"
/// has consumed nothing.
pub fn framed<D>(data: &[u8], mut new_decoder: impl FnMut(DecodeOptions) -> D)
where
    D: FnMut(&mut BytesMut) -> Step,
{
    let mut input = crate::input::Input::new(data);
    let flags = input.u8();
    let mut opts = if flags & 1 != 0 {
        DecodeOptions::lenient()
    } else {
        DecodeOptions::strict()
    };
    if flags & 2 != 0 {
        opts = opts.with_max_command_length(64);
    }
    let n = usize::from(input.u8() % 16);
    let sizes: Vec<usize> = (0..n).map(|_| usize::from(input.u8()).max(1)).collect();
    let stream = input.rest();

    let whole = run(&mut new_decoder(opts), &[stream]);
    let chunks: Vec<&[u8]> = if sizes.is_empty() {
        stream.chunks(1).collect()
    } else {
        let mut v = Vec::new();
        let mut rest = stream;
        for size in sizes.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (a, b) = rest.split_at((*size).min(rest.len()));
            v.push(a);
            rest = b;
        }
        v
    };
    let chunked = run(&mut new_decoder(opts), &chunks);
    // A bad command_length is reported as soon as its 4 octets are there; the error carries
    // the header only when 16 octets happened to be buffered, so that is not compared.
    let strip = |v: Vec<Result<Frame<'static>, DecodeError>>| -> Vec<_> {
        v.into_iter()
            .map(|r| r.map_err(|e| (e.kind(), e.field(), e.offset())))
            .collect()
    };
    assert_eq!(strip(chunked), strip(whole), "chunking changes nothing");
}

/// Feeds `chunks` one after the other, decoding all it can after each; stops at the first
/// error.
fn run<D>(decoder: &mut D, chunks: &[&[u8]]) -> Vec<Result<Frame<'static>, DecodeError>>
where
    D: FnMut(&mut BytesMut) -> Step,
{
    let mut buf = BytesMut::new();
    let mut out = Vec::new();
    for chunk in chunks {
        buf.extend_from_slice(chunk);
        loop {
            let before = buf.len();
            match decoder(&mut buf) {
                Ok(Some(frame)) => out.push(Ok(frame)),
                Ok(None) => {
                    assert_eq!(buf.len(), before, "\"need more\" consumes nothing");
                    break;
                }
                Err(e) => {
                    out.push(Err(e));
                    return out;
                }
            }
        }
    }
    out
}
