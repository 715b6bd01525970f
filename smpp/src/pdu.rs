//! The PDU enum over every body, and the two entry points: [`decode`] one whole PDU,
//! [`encode`] one PDU with its header.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use bytes::BufMut;

use crate::error::{DecodeError, DecodeErrorKind, QuirkKind, Quirks};
use crate::field::Visitor;
use crate::header::HEADER_LEN;
use crate::message_fast::SliceWriter;
use crate::reader::{Ctx, Reader};
use crate::*;

/// The default [`DecodeOptions::max_command_length`]: room for a full 65535-octet
/// `message_payload` plus every other field of a data_sm.
pub const DEFAULT_MAX_COMMAND_LENGTH: u32 = 0x1_1000;

/// How to decode: the maximum `command_length` and one switch per structural quirk real
/// SMSCs send (httparse's `ParserConfig` is the model). Each quirk an `allow_*` switch
/// forgives is reported in [`Frame::quirks`] as a [`Quirk`]; one not allowed fails the
/// decode with the [`DecodeError`] the spec prescribes.
///
/// `Default` is [`strict()`](Self::strict): nothing forgiven, the maximum length
/// [`DEFAULT_MAX_COMMAND_LENGTH`]. Value rules (string maxima, TON/NPI tables, times,
/// sequence_number range, TLV definitions) never fail a decode: [`Frame::validate`]
/// reports them.
///
/// ```
/// use smpp::{DecodeOptions, QuirkKind};
///
/// // Forgive a missing final NUL, nothing else.
/// let opts = DecodeOptions::strict().allow_missing_nul(true);
/// assert!(opts.allows(QuirkKind::MissingNul));
/// assert!(!opts.allows(QuirkKind::TrailingData));
/// assert_eq!(DecodeOptions::default(), DecodeOptions::strict());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeOptions {
    max_command_length: u32,
    missing_nul: bool,
    tlv_overrun: bool,
    trailing_data: bool,
    missing_body: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self::strict()
    }
}

impl DecodeOptions {
    /// Nothing forgiven, the default maximum length.
    pub const fn strict() -> Self {
        Self {
            max_command_length: DEFAULT_MAX_COMMAND_LENGTH,
            missing_nul: false,
            tlv_overrun: false,
            trailing_data: false,
            missing_body: false,
        }
    }

    /// Every quirk of [`QuirkKind`] forgiven (and reported), the default maximum length.
    pub const fn lenient() -> Self {
        Self {
            max_command_length: DEFAULT_MAX_COMMAND_LENGTH,
            missing_nul: true,
            tlv_overrun: true,
            trailing_data: true,
            missing_body: true,
        }
    }

    /// The same options with another maximum `command_length`.
    pub const fn with_max_command_length(mut self, max: u32) -> Self {
        self.max_command_length = max;
        self
    }

    /// `command_length` above this is rejected before anything else is read.
    pub const fn max_command_length(&self) -> u32 {
        self.max_command_length
    }

    /// Forgive the last C-Octet string of the PDU lacking its NUL
    /// ([`QuirkKind::MissingNul`]).
    pub const fn allow_missing_nul(mut self, allow: bool) -> Self {
        self.missing_nul = allow;
        self
    }

    /// Forgive a TLV running past the end of the PDU, dropping it and what follows
    /// ([`QuirkKind::TlvOverrun`]).
    pub const fn allow_tlv_overrun(mut self, allow: bool) -> Self {
        self.tlv_overrun = allow;
        self
    }

    /// Forgive octets after the last field ([`QuirkKind::TrailingData`]).
    pub const fn allow_trailing_data(mut self, allow: bool) -> Self {
        self.trailing_data = allow;
        self
    }

    /// Forgive an `ESME_ROK` response without its body ([`QuirkKind::MissingBody`]).
    pub const fn allow_missing_body(mut self, allow: bool) -> Self {
        self.missing_body = allow;
        self
    }

    /// Whether this quirk is forgiven.
    pub const fn allows(&self, kind: QuirkKind) -> bool {
        match kind {
            QuirkKind::MissingNul => self.missing_nul,
            QuirkKind::TlvOverrun => self.tlv_overrun,
            QuirkKind::TrailingData => self.trailing_data,
            QuirkKind::MissingBody => self.missing_body,
        }
    }

    /// Whether no quirk is forgiven.
    pub const fn is_strict(&self) -> bool {
        !(self.missing_nul || self.tlv_overrun || self.trailing_data || self.missing_body)
    }
}

/// A whole decoded PDU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame<'a> {
    /// The header as read.
    pub header: Header,
    /// The body.
    pub pdu: Pdu<'a>,
    /// The quirks forgiven (lenient mode); empty when the PDU followed the spec.
    pub quirks: Quirks,
}

impl Frame<'_> {
    /// The same frame owning all its octets.
    pub fn into_owned(self) -> Frame<'static> {
        Frame {
            header: self.header,
            pdu: self.pdu.into_owned(),
            quirks: self.quirks,
        }
    }

    /// What the spec forbids in this PDU, judged against `version`: see
    /// [`validate`](crate::validate()).
    pub fn validate(&self, version: InterfaceVersion) -> Vec<Violation> {
        validate(self, version)
    }

    /// Encodes the PDU with the header's sequence number and status (`command_length`
    /// recomputed).
    pub fn encode(&self, out: &mut impl BufMut) {
        encode(
            self.header.sequence_number,
            self.header.command_status,
            &self.pdu,
            out,
        );
    }
}

macro_rules! pdus {
    (
        bodies { $( $(#[$vm:meta])* $var:ident($body:ident) = $id:ident, )* }
        empty { $( $(#[$em:meta])* $evar:ident = $eid:ident, )* }
    ) => {
        /// One SMPP PDU: a variant per command, bodies borrowing from the frame.
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Pdu<'a> {
            $( $(#[$vm])* $var($body<'a>), )*
            $( $(#[$em])* $evar, )*
            /// A command id this crate does not know; the body is kept as it came.
            Unknown {
                /// The id as read.
                command_id: CommandId,
                /// The body octets (after the header).
                body: Cow<'a, [u8]>,
            },
        }

        impl<'a> Pdu<'a> {
            /// The `command_id` of this PDU.
            pub fn command_id(&self) -> CommandId {
                match self {
                    $( Pdu::$var(_) => CommandId::$id, )*
                    $( Pdu::$evar => CommandId::$eid, )*
                    Pdu::Unknown { command_id, .. } => *command_id,
                }
            }

            /// Octets of the body on the wire (the 16 of the header not included).
            pub fn encoded_len(&self) -> usize {
                match self {
                    $( Pdu::$var(b) => b.encoded_len(), )*
                    $( Pdu::$evar => 0, )*
                    Pdu::Unknown { body, .. } => body.len(),
                }
            }

            fn encode_body<B: BufMut>(&self, out: &mut B) {
                match self {
                    $( Pdu::$var(b) => b.encode_body(out), )*
                    $( Pdu::$evar => {} )*
                    Pdu::Unknown { body, .. } => out.put_slice(body),
                }
            }

            /// The same PDU owning all its octets.
            pub fn into_owned(self) -> Pdu<'static> {
                match self {
                    $( Pdu::$var(b) => Pdu::$var(b.into_owned()), )*
                    $( Pdu::$evar => Pdu::$evar, )*
                    Pdu::Unknown { command_id, body } => Pdu::Unknown {
                        command_id,
                        body: Cow::Owned(body.into_owned()),
                    },
                }
            }

            /// Walks the body fields in wire order (an unknown PDU's body is one octet
            /// string named `body`).
            pub fn visit(&self, v: &mut dyn Visitor) {
                match self {
                    $( Pdu::$var(b) => b.visit(v), )*
                    $( Pdu::$evar => {} )*
                    Pdu::Unknown { body, .. } => v.octet_string("body", body),
                }
            }

            /// Checks each body field's value (see [`validate`](crate::validate)).
            pub(crate) fn check_fields(&self, c: &mut crate::validate::Checker) {
                match self {
                    $( Pdu::$var(b) => b.check_fields(c), )*
                    $( Pdu::$evar => {} )*
                    Pdu::Unknown { .. } => {}
                }
            }

            /// Whether the body equals the empty default of its type.
            fn is_default_body(&self) -> bool {
                match self {
                    $( Pdu::$var(b) => *b == $body::default(), )*
                    $( Pdu::$evar => true, )*
                    Pdu::Unknown { body, .. } => body.is_empty(),
                }
            }

            /// The PDU of this id with an empty default body (`None` for an unknown id).
            pub fn empty(command_id: CommandId) -> Option<Pdu<'static>> {
                Some(match command_id {
                    $( CommandId::$id => Pdu::$var($body::default()), )*
                    $( CommandId::$eid => Pdu::$evar, )*
                    _ => return None,
                })
            }

            /// Decodes the body of a PDU with this id; errors are recorded in `cx`.
            #[inline(always)]
            fn decode_body(id: CommandId, r: &mut Reader<'a>, cx: &mut Ctx) -> Pdu<'a> {
                match id {
                    $( CommandId::$id => Pdu::$var($body::decode_body(r, cx)), )*
                    $( CommandId::$eid => Pdu::$evar, )*
                    command_id => Pdu::Unknown {
                        command_id,
                        body: Cow::Borrowed(r.take_rest()),
                    },
                }
            }
        }
    };
}

pdus! {
    bodies {
        /// bind_transmitter (v3.4 §4.1.1).
        BindTransmitter(Bind) = BIND_TRANSMITTER,
        /// bind_transmitter_resp (v3.4 §4.1.2).
        BindTransmitterResp(BindResp) = BIND_TRANSMITTER_RESP,
        /// bind_receiver (v3.4 §4.1.3).
        BindReceiver(Bind) = BIND_RECEIVER,
        /// bind_receiver_resp (v3.4 §4.1.4).
        BindReceiverResp(BindResp) = BIND_RECEIVER_RESP,
        /// bind_transceiver (v3.4 §4.1.5).
        BindTransceiver(Bind) = BIND_TRANSCEIVER,
        /// bind_transceiver_resp (v3.4 §4.1.6).
        BindTransceiverResp(BindResp) = BIND_TRANSCEIVER_RESP,
        /// outbind (v3.4 §4.1.7).
        Outbind(Outbind) = OUTBIND,
        /// submit_sm (v3.4 §4.4.1).
        SubmitSm(SubmitSm) = SUBMIT_SM,
        /// submit_sm_resp (v3.4 §4.4.2).
        SubmitSmResp(SubmitSmResp) = SUBMIT_SM_RESP,
        /// submit_multi (v3.4 §4.5.1).
        SubmitMulti(SubmitMulti) = SUBMIT_MULTI,
        /// submit_multi_resp (v3.4 §4.5.2).
        SubmitMultiResp(SubmitMultiResp) = SUBMIT_MULTI_RESP,
        /// deliver_sm (v3.4 §4.6.1).
        DeliverSm(DeliverSm) = DELIVER_SM,
        /// deliver_sm_resp (v3.4 §4.6.2).
        DeliverSmResp(DeliverSmResp) = DELIVER_SM_RESP,
        /// data_sm (v3.4 §4.7.1).
        DataSm(DataSm) = DATA_SM,
        /// data_sm_resp (v3.4 §4.7.2).
        DataSmResp(DataSmResp) = DATA_SM_RESP,
        /// query_sm (v3.4 §4.8.1).
        QuerySm(QuerySm) = QUERY_SM,
        /// query_sm_resp (v3.4 §4.8.2).
        QuerySmResp(QuerySmResp) = QUERY_SM_RESP,
        /// cancel_sm (v3.4 §4.9.1).
        CancelSm(CancelSm) = CANCEL_SM,
        /// replace_sm (v3.4 §4.10.1).
        ReplaceSm(ReplaceSm) = REPLACE_SM,
        /// alert_notification (v3.4 §4.12.1).
        AlertNotification(AlertNotification) = ALERT_NOTIFICATION,
        /// broadcast_sm (v5.0 §4.4.1.1).
        BroadcastSm(BroadcastSm) = BROADCAST_SM,
        /// broadcast_sm_resp (v5.0 §4.4.1.2).
        BroadcastSmResp(BroadcastSmResp) = BROADCAST_SM_RESP,
        /// query_broadcast_sm (v5.0 §4.6.1.1).
        QueryBroadcastSm(QueryBroadcastSm) = QUERY_BROADCAST_SM,
        /// query_broadcast_sm_resp (v5.0 §4.6.1.3).
        QueryBroadcastSmResp(QueryBroadcastSmResp) = QUERY_BROADCAST_SM_RESP,
        /// cancel_broadcast_sm (v5.0 §4.6.2.1).
        CancelBroadcastSm(CancelBroadcastSm) = CANCEL_BROADCAST_SM,
    }
    empty {
        /// unbind (v3.4 §4.2.1).
        Unbind = UNBIND,
        /// unbind_resp (v3.4 §4.2.2).
        UnbindResp = UNBIND_RESP,
        /// generic_nack (v3.4 §4.3.1).
        GenericNack = GENERIC_NACK,
        /// enquire_link (v3.4 §4.11.1).
        EnquireLink = ENQUIRE_LINK,
        /// enquire_link_resp (v3.4 §4.11.2).
        EnquireLinkResp = ENQUIRE_LINK_RESP,
        /// cancel_sm_resp (v3.4 §4.9.2).
        CancelSmResp = CANCEL_SM_RESP,
        /// replace_sm_resp (v3.4 §4.10.2).
        ReplaceSmResp = REPLACE_SM_RESP,
        /// cancel_broadcast_sm_resp (v5.0 §4.6.2.3).
        CancelBroadcastSmResp = CANCEL_BROADCAST_SM_RESP,
    }
}

macro_rules! from_body {
    ($($body:ident => $var:ident,)*) => {$(
        impl<'a> From<$body<'a>> for Pdu<'a> {
            fn from(b: $body<'a>) -> Self {
                Pdu::$var(b)
            }
        }
    )*};
}

from_body! {
    Outbind => Outbind,
    SubmitSm => SubmitSm,
    SubmitSmResp => SubmitSmResp,
    SubmitMulti => SubmitMulti,
    SubmitMultiResp => SubmitMultiResp,
    DeliverSm => DeliverSm,
    DeliverSmResp => DeliverSmResp,
    DataSm => DataSm,
    DataSmResp => DataSmResp,
    QuerySm => QuerySm,
    QuerySmResp => QuerySmResp,
    CancelSm => CancelSm,
    ReplaceSm => ReplaceSm,
    AlertNotification => AlertNotification,
    BroadcastSm => BroadcastSm,
    BroadcastSmResp => BroadcastSmResp,
    QueryBroadcastSm => QueryBroadcastSm,
    QueryBroadcastSmResp => QueryBroadcastSmResp,
    CancelBroadcastSm => CancelBroadcastSm,
}

/// The TLV region of the bodies that have one, borrowed with `&` or `&mut`.
macro_rules! tlvs_of {
    ($pdu:expr, $($r:tt)+) => {
        match $pdu {
            Pdu::BindTransmitterResp(b)
            | Pdu::BindReceiverResp(b)
            | Pdu::BindTransceiverResp(b) => Some($($r)+ b.tlvs),
            Pdu::SubmitSm(b) => Some($($r)+ b.tlvs),
            Pdu::SubmitSmResp(b) => Some($($r)+ b.tlvs),
            Pdu::SubmitMulti(b) => Some($($r)+ b.tlvs),
            Pdu::SubmitMultiResp(b) => Some($($r)+ b.tlvs),
            Pdu::DeliverSm(b) => Some($($r)+ b.tlvs),
            Pdu::DeliverSmResp(b) => Some($($r)+ b.tlvs),
            Pdu::DataSm(b) => Some($($r)+ b.tlvs),
            Pdu::DataSmResp(b) => Some($($r)+ b.tlvs),
            Pdu::ReplaceSm(b) => Some($($r)+ b.tlvs),
            Pdu::AlertNotification(b) => Some($($r)+ b.tlvs),
            Pdu::BroadcastSm(b) => Some($($r)+ b.tlvs),
            Pdu::BroadcastSmResp(b) => Some($($r)+ b.tlvs),
            Pdu::QueryBroadcastSm(b) => Some($($r)+ b.tlvs),
            Pdu::QueryBroadcastSmResp(b) => Some($($r)+ b.tlvs),
            Pdu::CancelBroadcastSm(b) => Some($($r)+ b.tlvs),
            _ => None,
        }
    };
}

impl<'a> Pdu<'a> {
    /// The TLVs of a body that has them (`None` for query_sm, cancel_sm, header-only PDUs,
    /// an unknown id).
    pub fn tlvs(&self) -> Option<&Tlvs<'a>> {
        tlvs_of!(self, &)
    }

    /// The TLVs of a body that has them, to add to (e.g. `congestion_state` on a response).
    pub fn tlvs_mut(&mut self) -> Option<&mut Tlvs<'a>> {
        tlvs_of!(self, &mut)
    }
}

impl Pdu<'_> {
    /// Whether this is a response (bit 31 of the command id).
    pub fn is_response(&self) -> bool {
        self.command_id().is_response()
    }

    /// Whether the body is left out on the wire: v3.4 §4.1.2, §4.4.2 …: "The body portion of
    /// the … _resp PDU is not returned if the command_status field contains a non-zero
    /// value". A response with a non-zero status and an empty default body is encoded
    /// header-only.
    fn omits_body(&self, command_status: CommandStatus) -> bool {
        !command_status.is_ok() && self.is_response() && self.is_default_body()
    }

    /// `command_length` of this PDU when sent with `command_status`.
    pub fn command_length(&self, command_status: CommandStatus) -> usize {
        if self.omits_body(command_status) {
            HEADER_LEN
        } else {
            HEADER_LEN + self.encoded_len()
        }
    }

    /// The response to this request with an empty default body (`enquire_link_resp` to
    /// `enquire_link`, `submit_sm_resp` with no message id to `submit_sm`, …); `None` for a
    /// response, for `outbind` and `alert_notification` (which have none) and for an unknown
    /// id. Fill in the body (e.g. `message_id`) before sending.
    pub fn default_response(&self) -> Option<Pdu<'static>> {
        let id = self.command_id();
        if id.is_response() {
            return None;
        }
        Pdu::empty(id.response())
    }

    /// The response to a message request that carries the message id the SMSC (or ESME)
    /// gave it, with `tlvs`: submit_sm_resp (v3.4 §4.4.2), submit_multi_resp with no
    /// unsuccessful destination (§4.5.2), deliver_sm_resp (§4.6.2), data_sm_resp (§4.7.2),
    /// broadcast_sm_resp (v5.0 §4.4.1.2). `None` for any other request.
    pub fn message_response<'b>(
        request: CommandId,
        message_id: COctetString<'b, 65>,
        tlvs: Tlvs<'b>,
    ) -> Option<Pdu<'b>> {
        Some(match request {
            CommandId::SUBMIT_SM => Pdu::SubmitSmResp(SubmitSmResp { message_id, tlvs }),
            CommandId::DELIVER_SM => Pdu::DeliverSmResp(DeliverSmResp { message_id, tlvs }),
            CommandId::DATA_SM => Pdu::DataSmResp(DataSmResp { message_id, tlvs }),
            CommandId::SUBMIT_MULTI => Pdu::SubmitMultiResp(SubmitMultiResp {
                message_id,
                tlvs,
                ..SubmitMultiResp::default()
            }),
            CommandId::BROADCAST_SM => Pdu::BroadcastSmResp(BroadcastSmResp { message_id, tlvs }),
            _ => return None,
        })
    }

    /// Encodes header and body; see [`encode`].
    pub fn encode(
        &self,
        sequence_number: u32,
        command_status: CommandStatus,
        out: &mut impl BufMut,
    ) {
        encode(sequence_number, command_status, self, out);
    }

    /// Encodes into a new vector.
    pub fn to_vec(&self, sequence_number: u32, command_status: CommandStatus) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.command_length(command_status));
        encode(sequence_number, command_status, self, &mut v);
        v
    }
}

/// How long the PDU at the start of `buf` is, from its `command_length`.
///
/// `Ok(None)` while fewer than 4 octets are there. Errs when `command_length` is below 16
/// (v3.4 §3.2: the header alone is 16 octets) or above `opts.max_command_length`, decided
/// before anything is allocated; the error carries the header when 16 octets are there.
pub fn peek_command_length(buf: &[u8], opts: &DecodeOptions) -> Result<Option<usize>, DecodeError> {
    let Some(&[a, b, c, d]) = buf.get(..4) else {
        return Ok(None);
    };
    let command_length = u32::from_be_bytes([a, b, c, d]);
    check_length(command_length, opts).map_err(|e| match Header::peek(buf) {
        Some(h) => e.with_header(h),
        None => e,
    })?;
    Ok(Some(command_length as usize))
}

#[inline]
fn check_length(command_length: u32, opts: &DecodeOptions) -> Result<(), DecodeError> {
    if command_length < HEADER_LEN as u32 {
        return Err(DecodeError::new(
            DecodeErrorKind::CommandLengthTooShort { command_length },
            "command_length",
            0,
        ));
    }
    if command_length > opts.max_command_length {
        return Err(DecodeError::new(
            DecodeErrorKind::CommandLengthTooLong {
                command_length,
                max: opts.max_command_length,
            },
            "command_length",
            0,
        ));
    }
    Ok(())
}

/// Decodes exactly one whole PDU occupying all of `buf`, borrowing from it.
///
/// Forgives the structural quirks `opts` allows and lists them in [`Frame::quirks`]
/// (strict by default). On error the [`DecodeError`] names the field and offset, carries the
/// header when it was readable, and maps to the status to answer with
/// (`CommandStatus::from(&err)`).
#[inline]
pub fn decode<'a>(buf: &'a [u8], opts: &DecodeOptions) -> Result<Frame<'a>, DecodeError> {
    let Some(header) = Header::peek(buf) else {
        return Err(short_header(buf, opts));
    };
    // The messages that follow the spec (header included: the checks of `check_header` pass
    // without a quirk) are decoded inline and the frame built once, where the caller wants
    // it; anything else goes through the field-by-field decoder, which reports what is wrong.
    let body = &buf[HEADER_LEN..];
    let clean_header = header.command_length >= HEADER_LEN as u32
        && header.command_length <= opts.max_command_length
        && header.command_length as usize == buf.len()
        && header.sequence_number.wrapping_sub(1) < 0x7FFF_FFFF;
    if clean_header {
        match header.command_id {
            CommandId::SUBMIT_SM => {
                if let Some(body) = SubmitSm::decode_fast(body) {
                    return Ok(Frame {
                        header,
                        pdu: Pdu::SubmitSm(body),
                        quirks: Quirks::default(),
                    });
                }
            }
            CommandId::DELIVER_SM => {
                if let Some(body) = DeliverSm::decode_fast(body) {
                    return Ok(Frame {
                        header,
                        pdu: Pdu::DeliverSm(body),
                        quirks: Quirks::default(),
                    });
                }
            }
            _ => {}
        }
    }
    decode_fields(header, buf, opts)
}

/// Decodes the PDU field by field: the header checks, then the body.
#[inline(never)]
fn decode_fields<'a>(
    header: Header,
    buf: &'a [u8],
    opts: &DecodeOptions,
) -> Result<Frame<'a>, DecodeError> {
    let mut cx = Ctx {
        options: *opts,
        ..Ctx::default()
    };
    if let Err(e) = check_header(header, buf, opts, &mut cx) {
        return Err(e.with_header(header));
    }
    let r = Reader::new(&buf[HEADER_LEN..], HEADER_LEN);
    decode_other(header, r, cx)
}

/// The error for a buffer shorter than the header.
#[cold]
#[inline(never)]
fn short_header(buf: &[u8], opts: &DecodeOptions) -> DecodeError {
    match peek_command_length(buf, opts) {
        Err(e) => e,
        _ => DecodeError::new(
            DecodeErrorKind::UnexpectedEnd {
                needed: HEADER_LEN - buf.len(),
            },
            "header",
            buf.len(),
        ),
    }
}

/// The body of any PDU, field by field.
#[inline(always)]
fn decode_other<'a>(
    header: Header,
    mut r: Reader<'a>,
    mut cx: Ctx,
) -> Result<Frame<'a>, DecodeError> {
    let id = header.command_id;
    if r.is_empty()
        && id.is_response()
        && let Some(pdu) = empty_response(header, &mut cx)
    {
        return match cx.error {
            None => Ok(Frame {
                header,
                pdu,
                quirks: cx.quirks,
            }),
            Some(e) => Err(e.with_header(header)),
        };
    }
    let pdu = Pdu::decode_body(id, &mut r, &mut cx);
    finish(header, pdu, r, cx)
}

/// The checks after the body, then the frame or the first error met.
#[inline(always)]
fn finish<'a>(
    header: Header,
    pdu: Pdu<'a>,
    mut r: Reader<'a>,
    mut cx: Ctx,
) -> Result<Frame<'a>, DecodeError> {
    if cx.error.is_none() {
        check_body(header, &pdu, &mut r, &mut cx);
    }
    match cx.error {
        None => Ok(Frame {
            header,
            pdu,
            quirks: cx.quirks,
        }),
        Some(e) => Err(e.with_header(header)),
    }
}

/// command_length within bounds and equal to the buffer.
#[inline(always)]
fn check_header(
    header: Header,
    buf: &[u8],
    opts: &DecodeOptions,
    cx: &mut Ctx,
) -> Result<(), DecodeError> {
    check_length(header.command_length, opts)?;
    if header.command_length as usize != buf.len() {
        return Err(DecodeError::new(
            DecodeErrorKind::LengthMismatch {
                command_length: header.command_length,
                actual: buf.len(),
            },
            "command_length",
            0,
        ));
    }
    // The sequence_number range (v3.4 §5.1.4) is a value rule: carriers send MO deliver_sm
    // with bit 31 set and generic_nack with 0. The validation step reports it.
    let _ = cx;
    Ok(())
}

/// A response without a body: an error response without a body is what the spec prescribes
/// (v3.4 §4.4.2 …); an `ESME_ROK` response that lacks its body is a quirk.
#[cold]
fn empty_response(header: Header, cx: &mut Ctx) -> Option<Pdu<'static>> {
    let empty = Pdu::empty(header.command_id).filter(|p| p.encoded_len() != 0)?;
    if header.command_status.is_ok()
        && let Err(e) = cx.forgive(
            QuirkKind::MissingBody,
            DecodeError::new(
                DecodeErrorKind::UnexpectedEnd { needed: 1 },
                "body",
                HEADER_LEN,
            ),
        )
    {
        cx.fail(e);
    }
    Some(empty)
}

/// Nothing left over (the mandatory TLVs of v5.0 broadcast PDUs are the validation step's).
#[inline(always)]
fn check_body(_header: Header, _pdu: &Pdu<'_>, r: &mut Reader<'_>, cx: &mut Ctx) {
    if let Err(e) = r.expect_end("body", cx) {
        cx.fail(e);
    }
}

/// Encodes header and body into `out`. `command_length` is computed from the body's
/// `encoded_len()` once, never patched; a response with a non-zero status and an empty
/// default body is sent header-only (v3.4 §4.4.2: the body "is not returned if the
/// command_status field contains a non-zero value").
pub fn encode(
    sequence_number: u32,
    command_status: CommandStatus,
    pdu: &Pdu<'_>,
    out: &mut impl BufMut,
) {
    // The messages (requests: their body is always sent) are written inline into a slice on
    // the stack when they fit.
    macro_rules! message {
        ($b:expr, $id:expr) => {{
            let len = HEADER_LEN + $b.encoded_len();
            if len <= STACK_ENCODE_LEN {
                let mut buf = [0u8; STACK_ENCODE_LEN];
                let mut w = SliceWriter::new(&mut buf[..len]);
                w.header([len as u32, $id.0, command_status.0, sequence_number]);
                $b.encode_fast(&mut w);
                debug_assert_eq!(w.position(), len);
                out.put_slice(&buf[..len]);
            } else {
                write_header(len, $id, command_status, sequence_number, out);
                $b.encode_body(out);
            }
        }};
    }
    match pdu {
        Pdu::SubmitSm(b) => return message!(b, CommandId::SUBMIT_SM),
        Pdu::DeliverSm(b) => return message!(b, CommandId::DELIVER_SM),
        _ => {}
    }
    let omit = pdu.omits_body(command_status);
    let len = if omit {
        HEADER_LEN
    } else {
        HEADER_LEN + pdu.encoded_len()
    };
    let head = (pdu.command_id(), command_status, sequence_number);
    encode_with(
        len,
        head,
        out,
        |w| {
            if !omit {
                pdu.encode_body(w);
            }
        },
        |o| {
            if !omit {
                pdu.encode_body(o);
            }
        },
    );
}

/// Writes the header of a `len`-octet PDU, then the body: a PDU of up to
/// [`STACK_ENCODE_LEN`] octets is written into one contiguous slice on the stack (its position
/// stays in a register, no capacity check per field) and handed to `out` in one `put_slice`;
/// a longer one is written into `out` directly.
#[inline(always)]
fn encode_with<B: BufMut>(
    len: usize,
    (command_id, command_status, sequence_number): (CommandId, CommandStatus, u32),
    out: &mut B,
    body_to_slice: impl FnOnce(&mut &mut [u8]),
    body_to_out: impl FnOnce(&mut B),
) {
    if len <= STACK_ENCODE_LEN {
        let mut buf = [0u8; STACK_ENCODE_LEN];
        let mut w: &mut [u8] = &mut buf[..len];
        write_header(len, command_id, command_status, sequence_number, &mut w);
        body_to_slice(&mut w);
        out.put_slice(&buf[..len]);
    } else {
        write_header(len, command_id, command_status, sequence_number, out);
        body_to_out(out);
    }
}

/// PDUs up to this many octets are assembled on the stack before `put_slice`.
const STACK_ENCODE_LEN: usize = 256;

#[inline(always)]
fn write_header(
    len: usize,
    command_id: CommandId,
    command_status: CommandStatus,
    sequence_number: u32,
    out: &mut impl BufMut,
) {
    out.put_u32(u32::try_from(len).unwrap_or(u32::MAX));
    out.put_u32(command_id.0);
    out.put_u32(command_status.0);
    out.put_u32(sequence_number);
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_vectors::hex;

    // shared/vectors/bench-pdus.md: the 198-octet submit_sm.
    const SUBMIT_SM_198: &str = "000000c60000000400000000000000010005004d794272616e64000101343437373030393030313233000800000000010000008c596f7572204d794272616e6420766572696669636174696f6e20636f6465206973203438323931332e204974206578706972657320696e203130206d696e757465732e204e65766572207368617265207468697320636f6465207769746820616e796f6e652c206f75722073746166662077696c6c206e657665722061736b20666f722069742e205468782e020400020001";

    #[test]
    fn roundtrip_bench_submit_sm() {
        let wire = hex(SUBMIT_SM_198);
        let f = decode(&wire, &DecodeOptions::default()).unwrap();
        let Pdu::SubmitSm(sm) = &f.pdu else {
            panic!("{:?}", f.pdu)
        };
        assert_eq!(sm.source_addr.as_bytes(), b"MyBrand");
        assert_eq!(sm.source_addr_ton, Ton::ALPHANUMERIC);
        assert_eq!(sm.destination_addr.as_bytes(), b"447700900123");
        assert_eq!(sm.short_message.len(), 140);
        assert_eq!(sm.registered_delivery, RegisteredDelivery(1));
        assert_eq!(sm.tlvs.user_message_reference(), Some(1));
        assert!(f.quirks.is_empty());
        let mut out = Vec::new();
        f.encode(&mut out);
        assert_eq!(out, wire);
        assert_eq!(f.pdu.command_length(CommandStatus::ESME_ROK), 198);
        let owned = f.clone().into_owned();
        assert_eq!(owned, f);
    }

    #[test]
    fn rejects_bad_command_lengths_before_reading() {
        let opts = DecodeOptions::default();
        let e = decode(&hex("0000000f00000015000000000000000900"), &opts).unwrap_err();
        assert_eq!(
            e.kind(),
            DecodeErrorKind::CommandLengthTooShort { command_length: 15 }
        );
        assert_eq!(e.header().unwrap().sequence_number, 9);
        assert_eq!(e.command_status(), CommandStatus::ESME_RINVCMDLEN);
        assert_eq!(peek_command_length(&[0, 0, 0], &opts), Ok(None));
        assert_eq!(peek_command_length(&hex("00000010"), &opts), Ok(Some(16)));
        let e = peek_command_length(&hex("7fffffff"), &opts).unwrap_err();
        assert!(matches!(
            e.kind(),
            DecodeErrorKind::CommandLengthTooLong { .. }
        ));
        let e = decode(&hex("00000011000000150000000000000009"), &opts).unwrap_err();
        assert!(matches!(e.kind(), DecodeErrorKind::LengthMismatch { .. }));
    }

    // v3.4 §4.4.2: submit_sm_resp "body is not returned if the command_status field
    // contains a non-zero value".
    #[test]
    fn accepts_error_response_without_body_and_encodes_it_so() {
        let wire = hex("00000010800000040000005800000002");
        let f = decode(&wire, &DecodeOptions::default()).unwrap();
        assert_eq!(f.pdu, Pdu::SubmitSmResp(SubmitSmResp::default()));
        assert_eq!(f.header.command_status, CommandStatus::ESME_RTHROTTLED);
        let mut out = Vec::new();
        f.encode(&mut out);
        assert_eq!(out, wire);
        // ESME_ROK without the body is a quirk.
        let ok = hex("00000010800000040000000000000002");
        assert!(decode(&ok, &DecodeOptions::default()).is_err());
        let f = decode(&ok, &DecodeOptions::lenient()).unwrap();
        assert!(f.quirks.contains(QuirkKind::MissingBody));
    }

    // Each quirk has its own switch: the submit_sm_resp above without its body, and
    // enquire_link (v3.4 §4.11.1: header only) with two trailing octets.
    #[test]
    fn accepts_only_the_quirks_allowed() {
        let no_body = hex("00000010800000040000000000000002");
        let only_trailing = DecodeOptions::strict().allow_trailing_data(true);
        assert!(decode(&no_body, &only_trailing).is_err());
        let f = decode(&no_body, &DecodeOptions::strict().allow_missing_body(true)).unwrap();
        assert_eq!(f.quirks.len(), 1);
        let trailing = hex("000000120000001500000000000000070102");
        assert!(decode(&trailing, &DecodeOptions::strict()).is_err());
        assert!(decode(&trailing, &DecodeOptions::strict().allow_missing_nul(true)).is_err());
        let f = decode(&trailing, &only_trailing).unwrap();
        assert_eq!(f.pdu, Pdu::EnquireLink);
        assert!(f.quirks.contains(QuirkKind::TrailingData));
        assert!(!only_trailing.is_strict() && DecodeOptions::default().is_strict());
    }

    #[test]
    fn accepts_default_responses() {
        assert_eq!(
            Pdu::EnquireLink.default_response(),
            Some(Pdu::EnquireLinkResp)
        );
        assert_eq!(
            Pdu::SubmitSm(SubmitSm::default()).default_response(),
            Some(Pdu::SubmitSmResp(SubmitSmResp::default()))
        );
        assert_eq!(Pdu::Outbind(Outbind::default()).default_response(), None);
        assert_eq!(Pdu::UnbindResp.default_response(), None);
    }

    // v3.4 §5.1.4 gives the range 0x00000001–0x7FFFFFFF, a value rule: the PDU decodes by
    // default and the validation step reports it.
    #[test]
    fn accepts_sequence_number_zero_by_default() {
        let wire = hex("00000010000000150000000000000000");
        let f = decode(&wire, &DecodeOptions::default()).unwrap();
        assert_eq!(f.pdu, Pdu::EnquireLink);
        assert!(f.quirks.is_empty());
    }

    #[test]
    fn roundtrip_unknown_command_id_and_status() {
        let wire = hex("000000140001020000000401000000070a0b0c0d");
        let f = decode(&wire, &DecodeOptions::default()).unwrap();
        assert_eq!(f.pdu.command_id(), CommandId(0x0001_0200));
        assert_eq!(f.header.command_status, CommandStatus(0x401));
        let mut out = Vec::new();
        f.encode(&mut out);
        assert_eq!(out, wire);
    }
}
