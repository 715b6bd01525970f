//! Owned frames: one PDU's octets as [`Bytes`] (split off the read buffer, never copied),
//! decoded once, with the fields given as views of those octets.
//!
//! ```text
//!  read buffer (BytesMut) ──split_to(command_length)──► Bytes ──decode once──► OwnedFrame
//!                                                                  │  'static, Send, clone = one refcount
//!                                        frame.pdu() ─► Pdu<'_> ◄──┘  fields borrow the Bytes
//! ```
//!
//! [`OwnedFrame::take`] is the framing of the whole crate: [`SmppCodec`](crate::SmppCodec)
//! and [`Session::handle_input`](crate::session::Session::handle_input) both cut the stream
//! with it.

use alloc::boxed::Box;
use alloc::vec::Vec;

use bytes::{Bytes, BytesMut};

use crate::error::{DecodeError, Quirks};
use crate::header::HEADER_LEN;
use crate::message_fast::StringLengths;
use crate::pdu::{
    DecodeOptions, FastLayout, Frame, Pdu, decode, fast_layout, framed_layout, peek_command_length,
};
use crate::{COctetString, CommandId, CommandStatus, DeliverSm, Header, SubmitSm, Tlvs};

/// The layout of a submit_sm / deliver_sm body: the lengths of its five C-Octet strings.
macro_rules! message_layout {
    ($sm:expr) => {
        match StringLengths::pack_checked([
            $sm.service_type.len(),
            $sm.source_addr.len(),
            $sm.destination_addr.len(),
            $sm.schedule_delivery_time.as_bytes().len(),
            $sm.validity_period.as_bytes().len(),
        ]) {
            Some(lens) => Layout::Message(lens),
            None => Layout::Fields,
        }
    };
}

/// Where a decoded body's variable fields end, kept so that [`OwnedFrame::pdu`] rebuilds
/// the views by slicing instead of decoding the octets again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// submit_sm / deliver_sm (v3.4 §4.4.1, §4.6.1) whose structure was sound: the lengths of
    /// service_type, source_addr, destination_addr, schedule_delivery_time and
    /// validity_period (each NUL excluded).
    Message(StringLengths),
    /// submit_sm_resp / deliver_sm_resp / data_sm_resp (v3.4 §4.4.2, §4.6.2, §4.7.2) that
    /// had a sound structure: the length of message_id (NUL excluded); the TLVs follow its NUL.
    MessageResp(u32),
    /// No body (enquire_link, unbind, generic_nack, an error response, …): the PDU is
    /// [`Pdu::empty`] of its command_id.
    Empty,
    /// Any other PDU: the views come from the field decoder, on octets it accepted.
    Fields,
}

impl Layout {
    /// Where the fields of `frame` (decoded from `len` octets) end, when a rebuild by
    /// slicing gives them back; [`Layout::Fields`] otherwise.
    #[inline(always)]
    fn of(frame: &Frame<'_>, len: usize) -> Self {
        if !frame.quirks.is_empty() {
            return Self::Fields;
        }
        if len == HEADER_LEN {
            return match Pdu::empty(frame.header.command_id) {
                Some(empty) if empty == frame.pdu => Self::Empty,
                _ => Self::Fields,
            };
        }
        match &frame.pdu {
            Pdu::SubmitSm(sm) => message_layout!(sm),
            Pdu::DeliverSm(sm) => message_layout!(sm),
            Pdu::SubmitSmResp(r) => Self::MessageResp(r.message_id.len() as u32),
            Pdu::DeliverSmResp(r) => Self::MessageResp(r.message_id.len() as u32),
            Pdu::DataSmResp(r) => Self::MessageResp(r.message_id.len() as u32),
            _ => Self::Fields,
        }
    }
}

/// One whole PDU that decoded: it owns its octets ([`Bytes`], shared with nothing but
/// other clones) and gives its fields as views of them.
///
/// `'static`, `Send` and `Sync`; cloning it is one reference-count increment. Store it,
/// send it to another task, log [`bytes`](Self::bytes) as received, and read the body with
/// [`pdu`](Self::pdu) — no field is copied and nothing is allocated per field.
///
/// ```
/// use smpp::{CommandStatus, DecodeOptions, OwnedFrame, Pdu, SubmitSmResp};
/// use smpp::bytes::BytesMut;
///
/// // Two PDUs arrive in one read; the second is cut in half.
/// let resp = Pdu::SubmitSmResp(SubmitSmResp { message_id: "42".try_into()?, ..Default::default() });
/// let mut wire = BytesMut::new();
/// resp.encode(1, CommandStatus::ESME_ROK, &mut wire);
/// resp.encode(2, CommandStatus::ESME_ROK, &mut wire);
/// let _rest = wire.split_off(wire.len() - 5);
///
/// let opts = DecodeOptions::default();
/// let frame = OwnedFrame::take(&mut wire, &opts)?.expect("one whole PDU").expect("valid");
/// assert_eq!(frame.header().sequence_number, 1);
/// let Pdu::SubmitSmResp(r) = frame.pdu() else { panic!() };
/// assert_eq!(r.message_id.as_str(), Some("42"));
/// assert!(OwnedFrame::take(&mut wire, &opts)?.is_none()); // the half PDU waits
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedFrame {
    /// Whole PDU, at least its 16-octet header (it decoded); the header is read from it on
    /// demand rather than kept a second time: four loads, and nothing to carry per frame.
    bytes: Bytes,
    /// Boxed, and only when there are any: most frames have none, and an idle link's
    /// channel holds a block of frames.
    quirks: Option<Box<Quirks>>,
    /// The options it was decoded with.
    options: DecodeOptions,
    layout: Layout,
}

/// A PDU whose `command_length` was valid but whose body was not: its octets (for logs and
/// dissectors) and why it failed. The stream is still in step after it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
pub struct MalformedPdu {
    /// The whole PDU as received.
    pub bytes: Bytes,
    /// What is wrong, where; [`DecodeError::header`] carries the header when it was readable.
    pub error: DecodeError,
}

impl MalformedPdu {
    /// The header, from the error or else from the octets (whose length the framing checked).
    pub fn header(&self) -> Option<Header> {
        self.error.header().or_else(|| Header::peek(&self.bytes))
    }
}

impl OwnedFrame {
    /// Decodes `bytes`, one whole PDU, keeping them.
    #[inline]
    pub fn decode(bytes: Bytes, options: &DecodeOptions) -> Result<Self, MalformedPdu> {
        // A submit_sm / deliver_sm or a message response whose structure is sound: checked as
        // `decode` checks it, keeping only where its strings end (the views are sliced from
        // them on demand).
        match fast_layout(&bytes, options) {
            Some(layout) => Ok(Self::with_layout(bytes, options, layout)),
            None => Self::decode_any(bytes, options),
        }
    }

    /// [`decode`](Self::decode) of the octets [`take`](Self::take) cut off the stream, whose
    /// `command_length` it checked (within bounds, equal to their length).
    #[inline(always)]
    fn decode_taken(bytes: Bytes, options: &DecodeOptions) -> Result<Self, MalformedPdu> {
        match framed_layout(&bytes) {
            Some(layout) => Ok(Self::with_layout(bytes, options, layout)),
            None => Self::decode_any(bytes, options),
        }
    }

    /// The frame of octets whose fields end where `layout` says.
    #[inline(always)]
    fn with_layout(bytes: Bytes, options: &DecodeOptions, layout: FastLayout) -> Self {
        let layout = match layout {
            FastLayout::Message(lens) => Layout::Message(lens),
            FastLayout::MessageResp(len) => Layout::MessageResp(len),
        };
        Self {
            bytes,
            quirks: None,
            options: *options,
            layout,
        }
    }

    /// [`decode`](Self::decode) of any other PDU: decoded, then its layout taken.
    #[inline(never)]
    fn decode_any(bytes: Bytes, options: &DecodeOptions) -> Result<Self, MalformedPdu> {
        let (quirks, layout) = match decode(&bytes, options) {
            Ok(frame) => {
                let layout = Layout::of(&frame, bytes.len());
                (frame.quirks, layout)
            }
            Err(error) => return Err(MalformedPdu { bytes, error }),
        };
        Ok(Self {
            bytes,
            quirks: (!quirks.is_empty()).then(|| Box::new(quirks)),
            options: *options,
            layout,
        })
    }

    /// Cuts the next whole PDU off the front of `buf` and decodes it: the framing of
    /// SMPP (v3.4 §3.2: `command_length` is the only delimiter).
    ///
    /// - `Ok(None)`: the PDU is not all there yet; room for the rest is reserved (bounded by
    ///   [`DecodeOptions::max_command_length`], checked before anything is reserved).
    /// - `Ok(Some(Ok(frame)))`: a PDU.
    /// - `Ok(Some(Err(malformed)))`: a PDU whose body is invalid; it was consumed, the stream
    ///   stays in step, answer it with the status of `CommandStatus::from(&malformed.error)`.
    /// - `Err(error)`: `command_length` is out of bounds; the stream cannot be
    ///   resynchronised (answer generic_nack ESME_RINVCMDLEN and close, v3.4 §4.3).
    #[allow(clippy::type_complexity)]
    #[inline]
    pub fn take(
        buf: &mut BytesMut,
        options: &DecodeOptions,
    ) -> Result<Option<Result<Self, MalformedPdu>>, DecodeError> {
        let Some(len) = peek_command_length(buf, options)? else {
            buf.reserve(HEADER_LEN.saturating_sub(buf.len()));
            return Ok(None);
        };
        if buf.len() < len {
            // Within the configured maximum: the reservation is bounded.
            buf.reserve(len - buf.len());
            return Ok(None);
        }
        Ok(Some(Self::decode_taken(
            buf.split_to(len).freeze(),
            options,
        )))
    }

    /// The header.
    #[inline]
    pub fn header(&self) -> Header {
        // The octets decoded, so their 16-octet header is there.
        Header::peek(&self.bytes).unwrap_or(Header {
            command_length: 0,
            command_id: CommandId(0),
            command_status: CommandStatus(0),
            sequence_number: 0,
        })
    }

    /// Its command_id.
    #[inline]
    pub fn command_id(&self) -> CommandId {
        CommandId(self.header_word(4))
    }

    /// Its command_status.
    #[inline]
    pub fn command_status(&self) -> CommandStatus {
        CommandStatus(self.header_word(8))
    }

    /// Its sequence_number.
    #[inline]
    pub fn sequence_number(&self) -> u32 {
        self.header_word(12)
    }

    /// The big-endian word at octet `at` of the header (v3.4 §3.2).
    #[inline(always)]
    fn header_word(&self, at: usize) -> u32 {
        match self.bytes.get(at..at + 4) {
            Some(&[a, b, c, d]) => u32::from_be_bytes([a, b, c, d]),
            _ => 0,
        }
    }

    /// The quirks forgiven (lenient decoding); empty when the PDU followed the spec.
    pub fn quirks(&self) -> &Quirks {
        static NONE: Quirks = Quirks::new();
        self.quirks.as_deref().unwrap_or(&NONE)
    }

    /// The whole PDU as received, header included.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The octets, given back.
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }

    /// The body, its fields borrowing from [`bytes`](Self::bytes).
    pub fn pdu(&self) -> Pdu<'_> {
        let body = self.bytes.get(HEADER_LEN..).unwrap_or_default();
        // Each rebuilt body is returned where it is built (no `Option<Pdu>` to move out of).
        match (self.layout, self.command_id()) {
            (Layout::Message(lens), CommandId::SUBMIT_SM) => {
                if let Some(sm) = SubmitSm::from_layout(body, lens) {
                    return Pdu::SubmitSm(sm);
                }
            }
            (Layout::Message(lens), CommandId::DELIVER_SM) => {
                if let Some(sm) = DeliverSm::from_layout(body, lens) {
                    return Pdu::DeliverSm(sm);
                }
            }
            (Layout::MessageResp(len), id) => {
                if let Some((message_id, rest)) = body.split_at_checked(len as usize)
                    && let Some(tlvs) = rest.get(1..)
                    && let Some(pdu) = Pdu::message_response(
                        id.request(),
                        COctetString::from_wire(message_id),
                        Tlvs::from_validated(tlvs),
                    )
                {
                    return pdu;
                }
            }
            (Layout::Empty, id) => {
                if let Some(pdu) = Pdu::empty(id) {
                    return pdu;
                }
            }
            _ => {}
        }
        self.decoded_pdu()
    }

    /// The body decoded again: these octets decoded with these options once, and decoding
    /// is a function of both.
    #[inline(never)]
    fn decoded_pdu(&self) -> Pdu<'_> {
        match decode(&self.bytes, &self.options()) {
            Ok(frame) => frame.pdu,
            Err(_) => Pdu::Unknown {
                command_id: self.command_id(),
                body: self.bytes.get(HEADER_LEN..).unwrap_or_default().into(),
            },
        }
    }

    /// Every violation of the rules [`validate`](crate::validate()) checks, judged against
    /// `version`: the same verdict as `validate(&self.frame(), version)`, without rebuilding
    /// the body where the layout already answers (a message response without TLVs whose
    /// message_id fits: only the sequence number is left).
    pub fn validate(&self, version: crate::InterfaceVersion) -> Vec<crate::Violation> {
        // v3.4 §4.4.2: message_id is a C-Octet string of at most 65 octets, NUL included. A
        // layout taken from the field decoder may hold a longer one (a NUL further on keeps
        // the structure): the full validation reports it.
        if let Layout::MessageResp(len) = self.layout
            && len < 65
            && self.bytes.len() == HEADER_LEN + len as usize + 1
            && crate::validate::sequence_number_ok(&self.header())
        {
            return Vec::new();
        }
        crate::validate(&self.frame(), version)
    }

    /// Whether the command_id is one the codec does not define (the body is
    /// [`Pdu::Unknown`]).
    pub fn is_unknown(&self) -> bool {
        match self.layout {
            Layout::Message(_) | Layout::MessageResp(_) | Layout::Empty => false,
            Layout::Fields => matches!(self.pdu(), Pdu::Unknown { .. }),
        }
    }

    /// The frame as the borrowed decoder gives it.
    pub fn frame(&self) -> Frame<'_> {
        Frame {
            header: self.header(),
            pdu: self.pdu(),
            quirks: self.quirks().clone(),
        }
    }

    /// The options the octets decoded with (the length, checked, is no longer a question).
    fn options(&self) -> DecodeOptions {
        self.options.with_max_command_length(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    use crate::test_vectors::hex;

    use crate::test_vectors::{DELIVER_SM, SUBMIT_SM};
    // oracles/samples/pdus.txt: bind_transmitter.
    const BIND: &str =
        "0000002a000000020000000000000001736d7070636c69656e74310070617373776f7264000034000000";

    #[test]
    fn accepts_views_equal_to_the_borrowed_decode() {
        for v in [SUBMIT_SM, DELIVER_SM, BIND] {
            let wire = hex(v);
            let opts = DecodeOptions::default();
            let owned = OwnedFrame::decode(Bytes::from(wire.clone()), &opts).unwrap();
            assert_eq!(owned.frame(), decode(&wire, &opts).unwrap());
            // The views point into the frame's own octets: nothing was copied.
            if let Pdu::SubmitSm(sm) = owned.pdu() {
                let range = owned.bytes().as_ptr_range();
                assert!(range.contains(&sm.short_message.as_bytes().as_ptr()));
            }
        }
    }

    #[test]
    fn accepts_stream_split_at_every_byte_and_keeps_malformed_in_step() {
        // oracles/samples/pdus.txt bad_unterminated_system_id, then enquire_link.
        let bad = hex(
            "0000001a000000020000000000000001736d7070636c69656e7400000010000000150000000000000009",
        );
        let mut all = hex(SUBMIT_SM);
        all.extend_from_slice(&bad);
        for cut in 0..=all.len() {
            let mut buf = BytesMut::new();
            let mut out = Vec::new();
            for part in [&all[..cut], &all[cut..]] {
                buf.extend_from_slice(part);
                while let Some(f) = OwnedFrame::take(&mut buf, &DecodeOptions::default()).unwrap() {
                    out.push(f.map(|f| f.command_id()).map_err(|m| m.error.field()));
                }
            }
            assert_eq!(
                out,
                [
                    Ok(CommandId::SUBMIT_SM),
                    Err("system_id"),
                    Ok(CommandId::ENQUIRE_LINK)
                ],
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn accepts_the_validate_verdict_of_the_borrowed_frame() {
        // oracles/samples/pdus.txt submit_sm_resp (message_id "0123456789"), then the same
        // with sequence numbers outside v3.4 §5.1.4's range, a message_id of 64 octets, and
        // with a congestion_state TLV (v5.0 §4.8.4.17) and a v5.0-only TLV.
        let id = "3031323334353637383900";
        let mut cases: Vec<Vec<u8>> = [
            "0000001b800000040000000000000002",
            "0000001b800000040000000000000000",
            "0000001b800000040000000080000000",
        ]
        .iter()
        .map(|h| hex(&format!("{h}{id}")))
        .collect();
        cases.push(hex(&format!(
            "00000020800000040000000000000002{id}042800010a"
        )));
        cases.push(hex(&format!(
            "00000020800000040000000000000002{id}042700010a"
        )));
        let mut long = hex("00000051800000040000000000000005");
        long.extend_from_slice(&[b'7'; 64]);
        long.push(0);
        cases.push(long);
        cases.extend([SUBMIT_SM, DELIVER_SM, BIND].map(hex));
        let verdicts: Vec<usize> = cases
            .iter()
            .map(|wire| {
                let owned =
                    OwnedFrame::decode(Bytes::from(wire.clone()), &DecodeOptions::default());
                owned.unwrap().validate(crate::InterfaceVersion::V34).len()
            })
            .collect();
        // Clean; sequence_number 0 and 0x80000000 broken; the TLV of v5.0 on a v3.4 bind;
        // message_state not a submit_sm_resp TLV and 10 not one of its values (v3.4
        // §5.2.28: 1 to 8); the 64-octet id clean.
        assert_eq!(verdicts, [0, 1, 1, 1, 2, 0, 0, 0, 0]);
        for wire in cases {
            for opts in [DecodeOptions::default(), DecodeOptions::lenient()] {
                let owned = OwnedFrame::decode(Bytes::from(wire.clone()), &opts).unwrap();
                for v in [crate::InterfaceVersion::V34, crate::InterfaceVersion::V50] {
                    assert_eq!(
                        owned.validate(v),
                        crate::validate(&owned.frame(), v),
                        "{wire:02x?} {v:?}"
                    );
                }
                assert!(!owned.is_unknown());
            }
        }
        // v3.4 §4.3: an id the codec does not define.
        let unknown = hex("00000010000001ff0000000000000001");
        let owned = OwnedFrame::decode(Bytes::from(unknown), &DecodeOptions::default()).unwrap();
        assert!(owned.is_unknown());
    }

    // v3.4 §4.4.2: message_id at most 65 octets, NUL included. One of 65 octets and its NUL
    // still decodes (the NUL ends it), and validation reports it, owned or borrowed.
    #[test]
    fn rejects_message_id_over_its_maximum_in_validation() {
        let mut wire = hex("00000052800000040000000000000001");
        wire.extend_from_slice(&[b'7'; 65]);
        wire.push(0);
        let owned = OwnedFrame::decode(Bytes::from(wire), &DecodeOptions::default()).unwrap();
        let v = owned.validate(crate::InterfaceVersion::V34);
        assert_eq!(
            v,
            crate::validate(&owned.frame(), crate::InterfaceVersion::V34)
        );
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].status, CommandStatus::ESME_RINVMSGID);
    }

    #[test]
    fn rejects_command_length_below_the_header() {
        // v3.4 §3.2: command_length counts the 16-octet header.
        let mut buf = BytesMut::from(&hex("0000000f00000015000000000000000100")[..]);
        assert!(OwnedFrame::take(&mut buf, &DecodeOptions::default()).is_err());
    }

    #[test]
    fn accepts_owned_frame_is_static_send_sync() {
        fn check<T: Send + Sync + 'static>() {}
        check::<OwnedFrame>();
        check::<MalformedPdu>();
    }
}
