//! Decoding one whole PDU: the options (one switch per structural quirk), the length check
//! before anything is read, the fast path for clean submit_sm/deliver_sm, and the
//! field-by-field decoder that reports what is wrong.

use alloc::vec::Vec;
use bytes::BufMut;

use crate::error::{DecodeError, DecodeErrorKind, QuirkKind, Quirks};
use crate::header::HEADER_LEN;
use crate::reader::{Ctx, Reader, split_c_octet_string};
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
    // The messages whose structure is sound, each string's NUL within its maximum (header
    // included: the checks of `check_header` pass without a quirk) are decoded inline;
    // anything else goes through the field-by-field decoder, which reports what is wrong.
    // submit_sm and deliver_sm share the layout (v3.4 §4.4.1, §4.6.1), so one scan serves
    // both (one copy of it in the code); the frame is then built from the fields in the one
    // expression returned, written once, where the caller wants it.
    if let Some(header) = message_header(buf, opts)
        && let Some(fields) = message_fast::Fields::scan(&buf[HEADER_LEN..])
    {
        return Ok(Frame {
            header,
            pdu: fields.into_pdu(header.command_id),
            quirks: Quirks::default(),
        });
    }
    let Some(header) = Header::peek(buf) else {
        return Err(short_header(buf, opts));
    };
    decode_fields(header, buf, opts)
}

/// The header of `buf` when it is a submit_sm or deliver_sm whose header passes the checks
/// of `check_header` without a quirk: the PDUs the straight-line decoder of
/// `message_fast.rs` takes.
#[inline(always)]
fn message_header(buf: &[u8], opts: &DecodeOptions) -> Option<Header> {
    clean_header(buf, opts)
        .filter(|h| matches!(h.command_id, CommandId::SUBMIT_SM | CommandId::DELIVER_SM))
}

/// The header of `buf` when it passes the checks of `check_header` without a quirk (the
/// sequence_number range of v3.4 §5.1.4 is a value rule, the validation step's).
#[inline(always)]
fn clean_header(buf: &[u8], opts: &DecodeOptions) -> Option<Header> {
    let header = Header::peek(buf)?;
    let clean = header.command_length >= HEADER_LEN as u32
        && header.command_length <= opts.max_command_length
        && header.command_length as usize == buf.len();
    clean.then_some(header)
}

/// Where the fields of a PDU [`decode`] accepts without a quirk end, found without building
/// its body: what an owned frame keeps to rebuild the views by slicing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FastLayout {
    /// submit_sm / deliver_sm: the lengths of service_type, source_addr, destination_addr,
    /// schedule_delivery_time and validity_period (NUL excluded).
    Message(message_fast::StringLengths),
    /// submit_sm_resp / deliver_sm_resp / data_sm_resp with a body: the length of
    /// message_id (NUL excluded); the TLVs follow its NUL.
    MessageResp(u32),
}

/// For an owned frame: the header of a submit_sm / deliver_sm or a message response that
/// [`decode`] accepts without a quirk, and where its fields end, checked exactly as the
/// decoder checks them but without building the body. `None`: decode it with [`decode`].
#[inline(always)]
pub(crate) fn fast_layout(buf: &[u8], opts: &DecodeOptions) -> Option<FastLayout> {
    clean_header(buf, opts)?;
    framed_layout(buf)
}

/// [`fast_layout`] of octets whose header passes the checks of `check_header` (what
/// [`OwnedFrame::take`](crate::OwnedFrame::take) checked when it cut them off the stream:
/// `command_length` within bounds and equal to their length), not checked again.
#[inline(always)]
pub(crate) fn framed_layout(buf: &[u8]) -> Option<FastLayout> {
    let (Some(&[a, b, c, d]), Some(body)) = (buf.get(4..8), buf.get(HEADER_LEN..)) else {
        return None;
    };
    let layout = match CommandId(u32::from_be_bytes([a, b, c, d])) {
        CommandId::SUBMIT_SM | CommandId::DELIVER_SM => {
            FastLayout::Message(message_fast::string_lengths(body)?)
        }
        CommandId::SUBMIT_SM_RESP | CommandId::DELIVER_SM_RESP | CommandId::DATA_SM_RESP => {
            // v3.4 §4.4.2, §4.6.2, §4.7.2: message_id (max 65, NUL included), then the TLVs
            // (v5.0). A NUL within the maximum and a sound TLV layout: what the field decoder
            // takes without error or quirk. An empty body (an error response) goes to the
            // decoder.
            let (message_id, tlvs) = split_c_octet_string(body, 65)?;
            if !Tlvs::is_layout_valid(tlvs) {
                return None;
            }
            FastLayout::MessageResp(message_id.len() as u32)
        }
        _ => return None,
    };
    Some(layout)
}

/// The TLVs of `pdu`, one whole encoded PDU (header included) that decodes leniently: for
/// the checks a session makes on bytes it sends but did not encode. A submit_sm / deliver_sm
/// whose structure is sound is skipped over to its TLVs without being decoded; any other
/// PDU is decoded leniently. `Ok(None)`: its body has no TLV region; `Err`: it does not
/// decode.
#[cfg(feature = "std")]
pub(crate) fn encoded_tlvs(pdu: &[u8]) -> Result<Option<Tlvs<'_>>, DecodeError> {
    let opts = DecodeOptions::lenient();
    if let Some(h) = Header::peek(pdu)
        && h.command_length as usize == pdu.len()
        && check_length(h.command_length, &opts).is_ok()
        && matches!(h.command_id, CommandId::SUBMIT_SM | CommandId::DELIVER_SM)
        && let Some(tlvs) = message_fast::message_tlvs(&pdu[HEADER_LEN..])
    {
        // What the strict rules accept, the lenient decode takes with the same fields.
        return Ok(Some(Tlvs::from_validated(tlvs)));
    }
    let frame = decode(pdu, &opts)?;
    Ok(frame.pdu.tlvs().cloned())
}

/// Decodes the PDU field by field: the header checks, then the body.
#[inline(never)]
pub(super) fn decode_fields<'a>(
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
