//! A `tokio_util::codec` Decoder/Encoder, so an SMPP socket becomes a
//! `Framed<TcpStream, SmppCodec>` stream of [`OwnedFrame`]s and sink of PDUs.
//!
//! It follows tokio-util's rules: `Ok(None)` while the PDU is incomplete (after reserving room
//! for the rest of it), the whole PDU is taken off the buffer before it is decoded, and
//! `command_length` is checked against [`DecodeOptions::max_command_length`] (the max frame
//! length) from its first 4 octets, before anything is reserved. The framing is
//! [`OwnedFrame::take`], the same the sans-IO session uses.
//!
//! Each item is a `Result<OwnedFrame, MalformedPdu>`: a PDU whose length was valid but
//! whose body was not is an item, not a stream error, because `Framed` ends the stream
//! after a decoder error while the SMPP session must answer it and go on (v3.4 §2.9). A
//! bad `command_length` leaves the stream out of step: that is [`FramedError::Decode`],
//! and the connection should be closed (v3.4 §4.3: a `generic_nack` with
//! `ESME_RINVCMDLEN`, then close).

use bytes::BytesMut;
use tokio_util::codec::{Decoder, Encoder};

use crate::{
    CommandStatus, DecodeError, DecodeOptions, Frame, MalformedPdu, OwnedFrame, Pdu, encode,
};

/// Failure of the framed codec.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FramedError {
    /// The socket failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// `command_length` is out of bounds: the stream cannot be split into PDUs any more.
    #[error("invalid PDU: {0}")]
    Decode(#[from] DecodeError),
}

/// The SMPP `Decoder`/`Encoder` for `tokio_util::codec::Framed`.
///
/// Decoded items are [`OwnedFrame`]s (the PDU's octets split off the read buffer, fields
/// as views of them) or, for a PDU whose body is invalid, a [`MalformedPdu`]. Items to
/// encode are a [`Frame`] (its header's sequence number and status are used,
/// `command_length` is recomputed), an [`OwnedFrame`] (its octets as they are) or a
/// `(sequence_number, command_status, Pdu)` tuple.
#[derive(Clone, Copy, Debug, Default)]
pub struct SmppCodec {
    opts: DecodeOptions,
}

impl SmppCodec {
    /// A codec with strict decoding and the default maximum length.
    pub fn new() -> Self {
        Self::default()
    }

    /// A codec with these options.
    pub fn with_options(opts: DecodeOptions) -> Self {
        Self { opts }
    }

    /// The decode options.
    pub fn options(&self) -> &DecodeOptions {
        &self.opts
    }
}

impl Decoder for SmppCodec {
    type Item = Result<OwnedFrame, MalformedPdu>;
    type Error = FramedError;

    #[inline]
    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Self::Item>, FramedError> {
        Ok(OwnedFrame::take(src, &self.opts)?)
    }
}

impl Encoder<&OwnedFrame> for SmppCodec {
    type Error = FramedError;

    fn encode(&mut self, item: &OwnedFrame, dst: &mut BytesMut) -> Result<(), FramedError> {
        dst.extend_from_slice(item.bytes());
        Ok(())
    }
}

impl Encoder<Frame<'_>> for SmppCodec {
    type Error = FramedError;

    fn encode(&mut self, item: Frame<'_>, dst: &mut BytesMut) -> Result<(), FramedError> {
        <Self as Encoder<&Frame<'_>>>::encode(self, &item, dst)
    }
}

impl Encoder<&Frame<'_>> for SmppCodec {
    type Error = FramedError;

    fn encode(&mut self, item: &Frame<'_>, dst: &mut BytesMut) -> Result<(), FramedError> {
        dst.reserve(item.pdu.command_length(item.header.command_status));
        item.encode(dst);
        Ok(())
    }
}

impl Encoder<(u32, CommandStatus, Pdu<'_>)> for SmppCodec {
    type Error = FramedError;

    fn encode(
        &mut self,
        (seq, status, pdu): (u32, CommandStatus, Pdu<'_>),
        dst: &mut BytesMut,
    ) -> Result<(), FramedError> {
        dst.reserve(pdu.command_length(status));
        encode(seq, status, &pdu, dst);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DecodeErrorKind, SubmitSmResp};

    use crate::test_vectors::hex;

    // oracles/samples/pdus.txt: bind_transmitter, submit_sm_udh, enquire_link, unbind.
    const STREAM: &[&str] = &[
        "0000002a000000020000000000000001736d7070636c69656e74310070617373776f7264000034000000",
        "0000003d0000000400000000000000020001013132333435000101343437373030393030313233004000000000010000000b050003a5020148656c6c6f",
        "00000010000000150000000000000009",
        "0000001000000006000000000000000b",
    ];

    fn whole() -> Vec<u8> {
        STREAM.iter().flat_map(|s| hex(s)).collect()
    }

    fn decode_all(chunks: &[&[u8]]) -> Vec<OwnedFrame> {
        let mut codec = SmppCodec::new();
        let mut buf = BytesMut::new();
        let mut out = Vec::new();
        for c in chunks {
            buf.extend_from_slice(c);
            while let Some(f) = codec.decode(&mut buf).unwrap() {
                out.push(f.unwrap());
            }
        }
        assert!(buf.is_empty());
        out
    }

    #[test]
    fn accepts_stream_split_at_every_byte_boundary() {
        let all = whole();
        let expected = decode_all(&[&all]);
        assert_eq!(expected.len(), 4);
        for i in 0..=all.len() {
            let (a, b) = all.split_at(i);
            assert_eq!(decode_all(&[a, b]), expected, "split at {i}");
        }
        let bytes: Vec<&[u8]> = all.chunks(1).collect();
        assert_eq!(decode_all(&bytes), expected);
    }

    #[test]
    fn rejects_oversized_length_before_reserving() {
        let mut codec =
            SmppCodec::with_options(DecodeOptions::default().with_max_command_length(100));
        let mut buf = BytesMut::from(&hex("000001000000000400000000")[..]);
        let err = codec.decode(&mut buf).unwrap_err();
        let FramedError::Decode(e) = err else {
            panic!()
        };
        assert!(matches!(
            e.kind(),
            DecodeErrorKind::CommandLengthTooLong { .. }
        ));
        assert!(buf.capacity() < 200);
    }

    #[test]
    fn accepts_invalid_body_and_stays_in_step() {
        // oracles/samples/pdus.txt bad_unterminated_system_id (its 26 octets: the system_id
        // "smppclien…" has no NUL within command_length), then enquire_link.
        let mut buf = BytesMut::from(
            &hex(
                "0000001a000000020000000000000001736d7070636c69656e7400000010000000150000000000000009",
            )[..],
        );
        let mut codec = SmppCodec::new();
        let e = codec.decode(&mut buf).unwrap().unwrap().unwrap_err();
        assert_eq!(e.header().unwrap().sequence_number, 1);
        assert_eq!(e.error.field(), "system_id");
        assert_eq!(e.bytes.len(), 26);
        let f = codec.decode(&mut buf).unwrap().unwrap().unwrap();
        assert_eq!(f.pdu(), Pdu::EnquireLink);
    }

    #[test]
    fn roundtrip_encoder() {
        let mut codec = SmppCodec::new();
        let mut buf = BytesMut::new();
        let resp = SubmitSmResp {
            message_id: "0123456789".try_into().unwrap(),
            ..Default::default()
        };
        codec
            .encode(
                (2, CommandStatus::ESME_ROK, Pdu::SubmitSmResp(resp)),
                &mut buf,
            )
            .unwrap();
        // oracles/samples/pdus.txt submit_sm_resp.
        assert_eq!(
            &buf[..],
            &hex("0000001b8000000400000000000000023031323334353637383900")[..]
        );
    }
}
