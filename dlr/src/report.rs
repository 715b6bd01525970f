//! One delivery-report model for every source: receipt text, receipt TLVs (reconciled with
//! the text when both are present) and GSM SMS-STATUS-REPORTs.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use compact_str::{CompactString, ToCompactString};

use crate::codes::{DeliveryFailureReason, NetworkType};
use crate::date::ReceiptDate;
use crate::id::{IdOrigin, same_number};
use crate::receipt::Quirk;
#[cfg(any(feature = "smpp", test))]
use crate::receipt::{Canonical, ReadFacts};
use crate::receipt::{FieldName, Receipt};
use crate::state::{MessageState, State};

/// The `network_error_code` TLV (tag 0x0423, SMPP 3.4 §5.3.2.31): a network type (1 ANSI-136,
/// 2 IS-95, 3 GSM, …) and a 2-octet error code of that network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NetworkErrorCode {
    /// Network type: whose error table `error_code` is from.
    pub network_type: NetworkType,
    /// Error code, big-endian on the wire.
    pub error_code: u16,
}

impl NetworkErrorCode {
    /// Reads the 3-octet TLV value; `None` for any other length.
    pub fn from_bytes(value: &[u8]) -> Option<Self> {
        match *value {
            [network_type, hi, lo] => Some(Self {
                network_type: NetworkType(network_type),
                error_code: u16::from_be_bytes([hi, lo]),
            }),
            _ => None,
        }
    }
}

/// The receipt TLVs of a deliver_sm or data_sm (SMPP 3.4 §5.3.2), as plain values so that
/// this crate's model does not depend on a codec.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReceiptTlvs<'a> {
    /// `receipted_message_id` (0x001E), without its NUL terminator.
    pub receipted_message_id: Option<&'a [u8]>,
    /// `message_state` (0x0427).
    pub message_state: Option<MessageState>,
    /// `network_error_code` (0x0423).
    pub network_error_code: Option<NetworkErrorCode>,
    /// `delivery_failure_reason` (0x0425).
    pub delivery_failure_reason: Option<DeliveryFailureReason>,
}

impl ReceiptTlvs<'_> {
    /// Whether any receipt TLV is present.
    pub fn is_empty(&self) -> bool {
        self.receipted_message_id.is_none()
            && self.message_state.is_none()
            && self.network_error_code.is_none()
            && self.delivery_failure_reason.is_none()
    }
}

/// Where a report's facts came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// Receipt text only.
    Text,
    /// Receipt TLVs only.
    Tlvs,
    /// TLVs, completed by the text.
    TlvsAndText,
    /// A GSM SMS-STATUS-REPORT.
    StatusReport,
}

/// A disagreement between the TLVs and the text of one receipt. The TLV value is used:
/// they are typed and, as the cloudhopper-smpp maintainers advise (issue #105), more
/// trustworthy than vendor text.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Conflict {
    /// `receipted_message_id` and `id:` differ. `same_number` when they are one number
    /// written in different bases or paddings (a known SMSC habit, not an error).
    MessageId {
        /// The TLV id.
        tlv: String,
        /// The text id.
        text: String,
        /// Whether they are the same number in decimal/hex.
        same_number: bool,
    },
    /// `message_state` and `stat:` name different states.
    State {
        /// The TLV state.
        tlv: MessageState,
        /// The text state.
        text: State,
    },
    /// `network_error_code` and a numeric `err:` differ.
    ErrorCode {
        /// The TLV error code.
        tlv: u16,
        /// The text error code.
        text: u32,
    },
}

/// Why no report could be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// Neither `receipted_message_id` nor `id:` is present.
    #[error("the receipt carries no message id (no receipted_message_id TLV and no `id:`)")]
    NoMessageId,
    /// The message id is not UTF-8.
    #[error("the message id is not UTF-8")]
    InvalidMessageId,
    /// Neither receipt text nor receipt TLVs were given.
    #[error("no receipt text and no receipt TLVs")]
    NoReceipt,
}

/// A delivery report, normalised from whichever source reported it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryReport {
    /// The message id as the SMSC wrote it (TLV first, else text; the TP-MR in decimal for a
    /// status report).
    pub message_id: CompactString,
    /// Where `message_id` was read, for [`IdNormalizer`](crate::IdNormalizer).
    pub id_origin: IdOrigin,
    /// The handset the message was for, when the source says (TP-RA of a status report,
    /// source_addr of an SMPP receipt). TP-MRs repeat every 256 messages: correlate status
    /// reports per recipient.
    pub recipient: Option<CompactString>,
    /// The normalised state.
    pub state: State,
    /// The numeric error: the `network_error_code` TLV's code, else a numeric `err:`, else
    /// the TP-Status of a status report when it is not a success.
    pub error_code: Option<u32>,
    /// The `err:` value as written.
    pub err: Option<CompactString>,
    /// The `network_error_code` TLV.
    pub network_error: Option<NetworkErrorCode>,
    /// The `delivery_failure_reason` TLV.
    pub delivery_failure_reason: Option<DeliveryFailureReason>,
    /// The `message_state` TLV value (or the state's value when only text was given).
    pub message_state: Option<MessageState>,
    /// The `stat:` value as written.
    pub stat: Option<CompactString>,
    /// When the message was submitted (`submit date`, TP-SCTS).
    pub submit_date: Option<ReceiptDate>,
    /// When the message reached this state (`done date`, TP-DT).
    pub done_date: Option<ReceiptDate>,
    /// `sub`: parts submitted.
    pub submitted: Option<u32>,
    /// `dlvrd`: parts delivered.
    pub delivered: Option<u32>,
    /// Which sources contributed.
    pub source: Source,
    /// Disagreements between TLVs and text.
    pub conflicts: Vec<Conflict>,
    /// Quirks forgiven while parsing the text.
    pub quirks: Vec<Quirk>,
}

/// An id without the whitespace around it; empty (identifying nothing) is absent.
fn id_str(id: Option<&str>) -> Result<Option<&str>, ReportError> {
    let id = id.ok_or(ReportError::InvalidMessageId)?;
    // The usual id starts and ends with a visible ASCII character: nothing to trim.
    let graphic = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    let bytes = id.as_bytes();
    let id = if graphic(bytes.first()) && graphic(bytes.last()) {
        id
    } else {
        id.trim()
    };
    Ok(Some(id).filter(|s| !s.is_empty()))
}

/// A text value as written, invalid UTF-8 sequences replaced; up to 24 bytes without
/// allocating.
fn lossy(bytes: &[u8]) -> CompactString {
    match core::str::from_utf8(bytes) {
        Ok(s) => CompactString::new(s),
        Err(_) => CompactString::from_utf8_lossy(bytes),
    }
}

/// The state's Table B-2 word ([`State::stat_word`]) as a `CompactString` built at compile
/// time: a table lookup, not a copy of the word.
#[cfg(any(feature = "smpp", test))]
#[inline(always)]
fn stat_string(state: State) -> CompactString {
    macro_rules! words {
        ($($state:ident),*) => {
            match state {
                $(State::$state => const { CompactString::const_new(State::$state.stat_word()) },)*
            }
        };
    }
    words!(
        Delivered,
        Accepted,
        Enroute,
        Expired,
        Deleted,
        Undeliverable,
        Rejected,
        Unknown,
        Skipped,
        Scheduled
    )
}

/// Copies `src` into `dst` (of the same length): up to 24 bytes as two or three overlapping
/// fixed-size moves (the pieces of a canonical receipt are short), without a call to `memcpy`.
#[cfg(any(feature = "smpp", test))]
#[inline(always)]
fn copy_short(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    match n {
        17..=24 => {
            dst[..16].copy_from_slice(&src[..16]);
            dst[n - 8..].copy_from_slice(&src[n - 8..]);
        }
        8..=16 => {
            dst[..8].copy_from_slice(&src[..8]);
            dst[n - 8..].copy_from_slice(&src[n - 8..]);
        }
        4..=7 => {
            dst[..4].copy_from_slice(&src[..4]);
            dst[n - 4..].copy_from_slice(&src[n - 4..]);
        }
        1..=3 => {
            dst[0] = src[0];
            dst[n / 2] = src[n / 2];
            dst[n - 1] = src[n - 1];
        }
        _ => dst.copy_from_slice(src),
    }
}

/// Scratch octets on a 16-byte boundary, where core's UTF-8 check reads two words at a time.
#[cfg(any(feature = "smpp", test))]
#[repr(align(16))]
struct Aligned([u8; 64]);

/// `s` (at most 24 bytes, what a `CompactString` holds inline) as a `CompactString`, made in
/// place: its length is matched to a constant, so that the copy has a known size
/// (`CompactString::new` of a string of unknown length calls out to copy it).
#[cfg(any(feature = "smpp", test))]
#[inline(always)]
fn inline_string(s: &str) -> CompactString {
    macro_rules! lengths {
        ($($n:literal)*) => {
            match s.len() {
                $($n => CompactString::new(s.get(..$n).unwrap_or(s)),)*
                _ => CompactString::new(s),
            }
        };
    }
    lengths!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24)
}

/// Whether the `receipted_message_id` TLV as received (`tlv`) is the text's `id`: the same
/// octets, or those and the NUL of a C-Octet String (the text's id holds no NUL). An id of 8
/// to 16 octets (the usual ones) is compared as two overlapping words, without a call to
/// `memcmp`.
#[cfg(any(feature = "smpp", test))]
#[inline(always)]
fn names_text_id(tlv: &[u8], id: &[u8]) -> bool {
    let n = id.len();
    let (Some(head), Some([] | [0])) = (tlv.get(..n), tlv.get(n..)) else {
        return false;
    };
    let word = |w: &[u8; 8]| u64::from_le_bytes(*w);
    match (
        head.first_chunk(),
        head.last_chunk(),
        id.first_chunk(),
        id.last_chunk(),
    ) {
        (Some(a0), Some(a1), Some(b0), Some(b1)) if n <= 16 => {
            word(a0) == word(b0) && word(a1) == word(b1)
        }
        _ => head == id,
    }
}

/// What a report takes from the general parser's [`Receipt`].
struct TextFacts<'r> {
    /// `id` as written, and as UTF-8 (`None` when it is not).
    id: Option<&'r [u8]>,
    id_utf8: Option<&'r str>,
    state: Option<State>,
    /// `stat` and `err` as written.
    stat: Option<CompactString>,
    err: Option<CompactString>,
    err_code: Option<u32>,
    submit_date: Option<ReceiptDate>,
    done_date: Option<ReceiptDate>,
    submitted: Option<u32>,
    delivered: Option<u32>,
    quirks: &'r [Quirk],
}

impl<'r> TextFacts<'r> {
    fn of_receipt(r: &'r Receipt<'_>) -> Self {
        let id = r.id();
        Self {
            id,
            id_utf8: id.and_then(|id| core::str::from_utf8(id).ok()),
            state: r.state(),
            stat: r.raw(FieldName::Stat).map(lossy),
            err: r.raw(FieldName::Err).map(lossy),
            err_code: r.err_code(),
            submit_date: r.submit_date(),
            done_date: r.done_date(),
            submitted: r.submitted(),
            delivered: r.delivered(),
            quirks: &r.quirks,
        }
    }
}

impl DeliveryReport {
    /// Whether no further report is expected for this message.
    pub fn is_final(&self) -> bool {
        self.state.is_final()
    }

    /// A report from receipt text alone.
    pub fn from_receipt(receipt: &Receipt<'_>) -> Result<Self, ReportError> {
        Self::reconcile(None, Some(receipt))
    }

    /// A report from receipt TLVs alone.
    pub fn from_tlvs(tlvs: &ReceiptTlvs<'_>) -> Result<Self, ReportError> {
        Self::reconcile(Some(tlvs), None)
    }

    /// A report from the TLVs first and the text second. Each fact is taken from the TLVs
    /// when present and from the text otherwise; where both give it and they disagree, the
    /// TLV wins and the disagreement is listed in [`conflicts`](Self::conflicts).
    pub fn reconcile(
        tlvs: Option<&ReceiptTlvs<'_>>,
        receipt: Option<&Receipt<'_>>,
    ) -> Result<Self, ReportError> {
        Self::from_facts(tlvs, receipt.map(TextFacts::of_receipt), None)
    }

    /// The report of a canonical receipt and its TLVs when there is nothing to reconcile,
    /// built as [`reconcile`](Self::reconcile) builds it from the general parser's
    /// [`Receipt`], with the report's `recipient`, and no `Receipt` built. `tlvs` are as
    /// received: `receipted_message_id` with its C-Octet String NUL, if it has one.
    #[cfg(any(feature = "smpp", test))]
    #[inline(always)]
    pub(crate) fn from_canonical(
        tlvs: &ReceiptTlvs<'_>,
        r: &Canonical<'_>,
        recipient: Option<&[u8]>,
    ) -> Option<Self> {
        let id = r.values[FieldName::Id.index()];
        let err = r.values[FieldName::Err.index()];
        Self::from_usual(tlvs, id, err, recipient, r)
    }

    /// [`from_canonical`](Self::from_canonical) in one pass: the receipt's `id` and `err` as
    /// written, and `facts`, which reads the rest of it (`None`: not canonical after all),
    /// called once the strings are checked, so that what it reads goes straight into the
    /// report.
    ///
    /// Taken when the TLVs agree with the text: `receipted_message_id` absent or the text's
    /// id, `message_state` absent or the text's state's value, `network_error_code` absent or
    /// the text's `err`. The id must start and end with a visible ASCII character (nothing to
    /// trim), the id and the recipient be UTF-8 and fit a `CompactString` inline. Anything
    /// else is `None`: a conflict to list, an id to trim or refuse, a recipient to drop, all
    /// left to the general path.
    #[cfg(any(feature = "smpp", test))]
    #[inline(always)]
    pub(crate) fn from_usual(
        tlvs: &ReceiptTlvs<'_>,
        id: &[u8],
        err: &[u8],
        recipient: Option<&[u8]>,
        facts: &impl ReadFacts,
    ) -> Option<Self> {
        let id_origin = match tlvs.receipted_message_id {
            None => IdOrigin::ReceiptText,
            Some(tlv) if names_text_id(tlv, id) => IdOrigin::ReceiptTlv,
            Some(_) => return None,
        };
        // What `id_str` leaves as it is.
        let graphic = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
        let address = recipient.unwrap_or_default();
        if !(graphic(id.first()) && graphic(id.last()))
            || id.len() > 24
            || address.len() > 24
            || err.len() > 16
        {
            return None;
        }
        // The id, `err` and the recipient, checked as UTF-8 together: copied side by side into
        // an aligned buffer of NULs, they take one run of core's check, two words at a time (a
        // string under 16 bytes, or one not aligned, is checked byte by byte, at several times
        // the cost). The pieces are UTF-8 exactly when the buffer is and each starts and ends
        // on a character boundary. The NULs after them are ASCII: they change nothing.
        let (a, b) = (id.len(), id.len() + err.len());
        let c = b + address.len();
        let mut buf = Aligned([0; 64]);
        if c > buf.0.len() {
            return None;
        }
        copy_short(&mut buf.0[..a], id);
        copy_short(&mut buf.0[a..b], err);
        copy_short(&mut buf.0[b..c], address);
        let joined = core::str::from_utf8(if c <= 32 { &buf.0[..32] } else { &buf.0 }).ok()?;
        let (id_str, rest) = joined.split_at_checked(a)?;
        let (err, rest) = rest.split_at_checked(b - a)?;
        let address_str = rest.get(..c - b)?;
        // The strings are made before the facts are read, so that those go straight into the
        // report.
        let message_id = inline_string(id_str);
        let address = recipient.map(|_| inline_string(address_str));
        let facts = facts.facts()?;
        let message_state = facts.state.message_state();
        if tlvs.message_state.is_some_and(|m| m != message_state)
            || tlvs
                .network_error_code
                .is_some_and(|n| u32::from(n.error_code) != facts.err_code)
        {
            return None;
        }
        Some(Self {
            message_id,
            id_origin,
            recipient: address,
            state: facts.state,
            error_code: Some(facts.err_code),
            err: Some(CompactString::new(err)),
            network_error: tlvs.network_error_code,
            delivery_failure_reason: tlvs.delivery_failure_reason,
            message_state: Some(message_state),
            // The canonical `stat` is the state's Table B-2 word.
            stat: Some(stat_string(facts.state)),
            submit_date: Some(facts.submit_date),
            done_date: Some(facts.done_date),
            submitted: Some(facts.submitted),
            delivered: Some(facts.delivered),
            source: if tlvs.is_empty() {
                Source::Text
            } else {
                Source::TlvsAndText
            },
            conflicts: Vec::new(),
            quirks: Vec::new(),
        })
    }

    /// The one implementation of [`reconcile`](Self::reconcile), with the report's
    /// `recipient`. Inlined into its callers, so the report is built where it is returned (no
    /// copies of it on the receipt path).
    #[inline(always)]
    fn from_facts<E: From<ReportError>>(
        tlvs: Option<&ReceiptTlvs<'_>>,
        receipt: Option<TextFacts<'_>>,
        recipient: Option<CompactString>,
    ) -> Result<Self, E> {
        let tlvs = tlvs.filter(|t| !t.is_empty());
        let source = match (tlvs.is_some(), receipt.is_some()) {
            (true, true) => Source::TlvsAndText,
            (true, false) => Source::Tlvs,
            (false, true) => Source::Text,
            (false, false) => return Err(ReportError::NoReceipt.into()),
        };
        let mut conflicts = Vec::new();

        // Message id.
        let text_raw = receipt.as_ref().and_then(|r| r.id);
        let text_id = match &receipt {
            Some(r) if r.id.is_some() => id_str(r.id_utf8)?,
            _ => None,
        };
        // The usual case: the TLV holds the text's id (no second UTF-8 check or comparison).
        let mut same_id = false;
        let tlv_id = match tlvs.and_then(|t| t.receipted_message_id) {
            Some(id) if Some(id) == text_raw => {
                same_id = true;
                text_id
            }
            Some(id) => id_str(core::str::from_utf8(id).ok())?,
            None => None,
        };
        let (message_id, id_origin) = match (tlv_id, text_id) {
            (Some(tlv), Some(text)) => {
                if !same_id && tlv != text {
                    conflicts.push(Conflict::MessageId {
                        same_number: same_number(tlv, text),
                        tlv: tlv.to_string(),
                        text: text.to_string(),
                    });
                }
                (tlv, IdOrigin::ReceiptTlv)
            }
            (Some(tlv), None) => (tlv, IdOrigin::ReceiptTlv),
            (None, Some(text)) => (text, IdOrigin::ReceiptText),
            (None, None) => return Err(ReportError::NoMessageId.into()),
        };

        // State.
        let tlv_state = tlvs.and_then(|t| t.message_state);
        let text_state = receipt.as_ref().and_then(|r| r.state);
        let state = match (tlv_state, text_state) {
            (Some(tlv), Some(text)) => {
                if State::from_message_state(tlv) != text {
                    conflicts.push(Conflict::State { tlv, text });
                }
                State::from_message_state(tlv)
            }
            (Some(tlv), None) => State::from_message_state(tlv),
            (None, Some(text)) => text,
            (None, None) => State::Unknown,
        };

        // Error code.
        let network_error = tlvs.and_then(|t| t.network_error_code);
        let text_err = receipt.as_ref().and_then(|r| r.err_code);
        if let (Some(tlv), Some(text)) = (network_error, text_err)
            && u32::from(tlv.error_code) != text
        {
            conflicts.push(Conflict::ErrorCode {
                tlv: tlv.error_code,
                text,
            });
        }
        let error_code = network_error.map(|n| u32::from(n.error_code)).or(text_err);

        let (err, stat, submit_date, done_date, submitted, delivered, quirks) = match receipt {
            Some(r) => (
                r.err,
                r.stat,
                r.submit_date,
                r.done_date,
                r.submitted,
                r.delivered,
                r.quirks.to_vec(),
            ),
            None => (None, None, None, None, None, None, Vec::new()),
        };
        Ok(Self {
            message_id: CompactString::from(message_id),
            id_origin,
            recipient,
            state,
            error_code,
            err,
            network_error,
            delivery_failure_reason: tlvs.and_then(|t| t.delivery_failure_reason),
            message_state: tlv_state.or(text_state.map(State::message_state)),
            stat,
            submit_date,
            done_date,
            submitted,
            delivered,
            source,
            conflicts,
            quirks,
        })
    }

    /// A report from the fields of a GSM SMS-STATUS-REPORT (3GPP TS 23.040 §9.2.2.3): the
    /// TP-Message-Reference (the id, in decimal), TP-Status, TP-SCTS and TP-DT.
    pub fn from_status_report_fields(
        message_reference: u8,
        status: u8,
        service_centre_time: Option<ReceiptDate>,
        discharge_time: Option<ReceiptDate>,
    ) -> Self {
        let state = State::from_tp_status(status);
        Self {
            message_id: message_reference.to_compact_string(),
            id_origin: IdOrigin::MessageReference,
            recipient: None,
            state,
            error_code: (status != 0).then_some(u32::from(status)),
            err: None,
            network_error: None,
            delivery_failure_reason: None,
            message_state: Some(state.message_state()),
            stat: None,
            submit_date: service_centre_time,
            done_date: discharge_time,
            submitted: None,
            delivered: None,
            source: Source::StatusReport,
            conflicts: Vec::new(),
            quirks: Vec::new(),
        }
    }
}
