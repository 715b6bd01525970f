//! Tagged parameters (TLVs, SMPP v3.4 §3.2.4 "Optional Parameters", v5.0 §4.8).
//!
//! Decoding validates the whole TLV region once (every length within the PDU, known tags
//! with the length their definition allows, no known tag twice) and keeps it borrowed:
//! [`Tlvs`] iterates typed [`Tlv`]s in wire order without allocating. Building appends to an
//! owned region with the same checks.

mod tag;

use tag::TlvKind;
pub use tag::TlvTag;

use alloc::vec::Vec;
use core::fmt;

use crate::error::{DecodeError, DecodeErrorKind, QuirkKind};
use crate::reader::{Ctx, Reader};

/// A TLV's value, typed by its tag's definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TlvValue<'t> {
    /// A 1-octet integer.
    U8(u8),
    /// A 2-octet integer.
    U16(u16),
    /// A 4-octet integer.
    U32(u32),
    /// A C-Octet string (octets before the NUL).
    CStr(&'t [u8]),
    /// An octet string.
    Octets(&'t [u8]),
    /// An unknown tag, or a known tag whose value did not fit its definition (lenient).
    Raw(&'t [u8]),
}

/// One TLV, as met in wire order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'t> {
    /// The tag.
    pub tag: TlvTag,
    /// The typed value.
    pub value: TlvValue<'t>,
    raw: &'t [u8],
}

impl<'t> Tlv<'t> {
    fn parse(tag: TlvTag, raw: &'t [u8]) -> Self {
        let value = match (tag.spec(), raw) {
            (Some((_, TlvKind::U8)), &[b]) => TlvValue::U8(b),
            (Some((_, TlvKind::U16)), &[a, b]) => TlvValue::U16(u16::from_be_bytes([a, b])),
            (Some((_, TlvKind::U32)), &[a, b, c, d]) => {
                TlvValue::U32(u32::from_be_bytes([a, b, c, d]))
            }
            (Some((_, TlvKind::CStr(_))), [s @ .., 0]) if !s.contains(&0) => TlvValue::CStr(s),
            (Some((_, TlvKind::Octets(..))), _) => TlvValue::Octets(raw),
            _ => TlvValue::Raw(raw),
        };
        Tlv { tag, value, raw }
    }

    /// The value octets as on the wire.
    pub fn raw(&self) -> &'t [u8] {
        self.raw
    }

    /// The spec name of the tag (`None` for an unknown tag).
    pub fn name(&self) -> Option<&'static str> {
        self.tag.name()
    }

    /// The value as an integer, if it is one.
    pub fn as_int(&self) -> Option<u32> {
        match self.value {
            TlvValue::U8(v) => Some(v.into()),
            TlvValue::U16(v) => Some(v.into()),
            TlvValue::U32(v) => Some(v),
            _ => None,
        }
    }

    /// The value as octets: the string without its NUL, or the octet string, or raw.
    pub fn as_bytes(&self) -> &'t [u8] {
        match self.value {
            TlvValue::CStr(s) | TlvValue::Octets(s) | TlvValue::Raw(s) => s,
            _ => self.raw,
        }
    }
}

/// A value that cannot be added as a TLV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TlvError {
    /// The value's length does not fit the tag's definition (or exceeds 65535).
    #[error("TLV {tag:#06x}: a value of {len} octets does not fit its definition")]
    BadLength {
        /// The tag.
        tag: u16,
        /// The value length.
        len: usize,
    },
    /// The tag is already present and is not one of the repeatable ones
    /// ([`TlvTag::is_repeatable`]).
    #[error("TLV {tag:#06x} is already present")]
    Duplicate {
        /// The tag.
        tag: u16,
    },
    /// A C-Octet string value contains NUL.
    #[error("TLV {tag:#06x}: string contains NUL")]
    ContainsNul {
        /// The tag.
        tag: u16,
    },
}

/// The TLVs of a PDU: a validated region of wire octets, borrowed when decoded, owned when
/// built. Iteration yields [`Tlv`]s in wire order; unknown and vendor tags come out as
/// [`TlvValue::Raw`] and are re-encoded unchanged.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Tlvs<'a> {
    raw: Raw<'a>,
}

/// The octets of a [`Tlvs`]: borrowed from a decoded PDU, or owned, a few short TLVs
/// (what a message usually carries) inline, so building them allocates nothing.
#[derive(Clone)]
enum Raw<'a> {
    Borrowed(&'a [u8]),
    Inline { len: u8, buf: [u8; INLINE] },
    Owned(Vec<u8>),
}

/// Octets kept inline: as many as fit beside the length in the size of a `Vec`'s variant.
const INLINE: usize = 30;

impl Raw<'_> {
    const EMPTY: Raw<'static> = Raw::Borrowed(&[]);

    fn as_slice(&self) -> &[u8] {
        match self {
            Self::Borrowed(b) => b,
            Self::Inline { len, buf } => &buf[..usize::from(*len)],
            Self::Owned(v) => v,
        }
    }

    /// Owned octets (inline while they fit).
    fn owned(octets: &[u8]) -> Raw<'static> {
        match u8::try_from(octets.len()) {
            Ok(len) if octets.len() <= INLINE => {
                let mut buf = [0; INLINE];
                buf[..octets.len()].copy_from_slice(octets);
                Raw::Inline { len, buf }
            }
            _ => Raw::Owned(octets.to_vec()),
        }
    }

    /// Appends one TLV (its tag and length octets, its value, a NUL after a C-Octet
    /// String value), owning the octets from now on.
    fn append(&mut self, head: [u8; 4], value: &[u8], nul: bool) {
        let len = self.as_slice().len();
        let end = len + 4 + value.len() + usize::from(nul);
        if end <= INLINE {
            if !matches!(self, Self::Inline { .. }) {
                let mut buf = [0; INLINE];
                buf[..len].copy_from_slice(self.as_slice());
                *self = Self::Inline {
                    len: len as u8,
                    buf,
                };
            }
            if let Self::Inline { len: filled, buf } = self {
                buf[len..len + 4].copy_from_slice(&head);
                buf[len + 4..len + 4 + value.len()].copy_from_slice(value);
                if nul {
                    buf[end - 1] = 0;
                }
                *filled = end as u8;
            }
            return;
        }
        let mut v = match core::mem::replace(self, Raw::EMPTY) {
            Self::Owned(v) => v,
            other => other.as_slice().to_vec(),
        };
        v.reserve(end - len);
        v.extend_from_slice(&head);
        v.extend_from_slice(value);
        if nul {
            v.push(0);
        }
        *self = Self::Owned(v);
    }

    fn into_owned(self) -> Raw<'static> {
        match self {
            Self::Borrowed(b) => Raw::owned(b),
            Self::Inline { len, buf } => Raw::Inline { len, buf },
            Self::Owned(v) => Raw::Owned(v),
        }
    }
}

impl core::ops::Deref for Raw<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl Default for Raw<'_> {
    fn default() -> Self {
        Raw::EMPTY
    }
}

impl PartialEq for Raw<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Raw<'_> {}

impl core::hash::Hash for Raw<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl<'a> Tlvs<'a> {
    /// No TLVs.
    pub const fn new() -> Self {
        Self { raw: Raw::EMPTY }
    }

    /// Borrows a region already validated by a decode.
    pub(crate) const fn from_validated(raw: &'a [u8]) -> Self {
        Self {
            raw: Raw::Borrowed(raw),
        }
    }

    /// Checks the layout of TLV wire octets (every tag, length and value within the region)
    /// and borrows them. What a known tag's definition forbids is left to the validation
    /// step.
    pub fn from_wire(raw: &'a [u8]) -> Result<Self, DecodeError> {
        let mut cx = Ctx::default();
        let mut r = Reader::new(raw, 0);
        Self::decode(&mut r, &mut cx, "tlvs")
    }

    /// Reads every remaining octet of `r` as TLVs.
    #[inline(always)]
    pub(crate) fn decode(
        r: &mut Reader<'a>,
        cx: &mut Ctx,
        field: &'static str,
    ) -> Result<Self, DecodeError> {
        let base = r.offset();
        let buf = r.take_rest();
        // A known tag with a length or value its definition does not allow, or met twice,
        // is kept raw: the layout holds, and the validation step reports it.
        match overrun_at(buf) {
            None => Ok(Self {
                raw: Raw::Borrowed(buf),
            }),
            Some(pos) => Self::overrun(buf, pos, cx, field, base + pos),
        }
    }

    /// Whether `buf` is a TLV region [`decode`](Self::decode) accepts without an error or a
    /// quirk: every TLV's tag, length and value within it (v3.4 §3.2.4). The only check the
    /// decoder makes on TLVs; what a known tag's definition forbids is the validation
    /// step's.
    #[inline(always)]
    pub(crate) fn is_layout_valid(buf: &[u8]) -> bool {
        overrun_at(buf).is_none()
    }

    /// The TLV at `pos` runs past the end of `buf`: an error, or (lenient) the quirk
    /// recorded and the region cut before it.
    #[cold]
    #[inline(never)]
    fn overrun(
        buf: &'a [u8],
        pos: usize,
        cx: &mut Ctx,
        field: &'static str,
        at: usize,
    ) -> Result<Self, DecodeError> {
        // The tag, when its two octets are there (0 otherwise).
        let tag = match buf.get(pos..pos + 2) {
            Some(&[a, b]) => u16::from_be_bytes([a, b]),
            _ => 0,
        };
        cx.forgive(
            QuirkKind::TlvOverrun,
            DecodeError::new(DecodeErrorKind::TlvOverrun { tag }, field, at),
        )?;
        Ok(Self {
            raw: Raw::Borrowed(&buf[..pos]),
        })
    }

    /// The TLVs in wire order.
    pub fn iter(&self) -> TlvIter<'_> {
        TlvIter { buf: &self.raw }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// How many there are (walks the region).
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// The wire octets of the region.
    pub fn as_bytes(&self) -> &[u8] {
        &self.raw
    }

    /// Octets on the wire.
    pub fn encoded_len(&self) -> usize {
        self.raw.len()
    }

    /// The first TLV with this tag.
    pub fn get(&self, tag: TlvTag) -> Option<Tlv<'_>> {
        let mut it = self.iter();
        while let Some((t, value)) = it.next_raw() {
            if t == tag {
                return Some(Tlv::parse(t, value));
            }
        }
        None
    }

    /// The tags in wire order.
    #[cfg(feature = "std")]
    pub(crate) fn tags(&self) -> impl Iterator<Item = TlvTag> + '_ {
        let mut it = self.iter();
        core::iter::from_fn(move || it.next_raw().map(|(tag, _)| tag))
    }

    /// Every TLV with this tag, in wire order: the list of a repeatable TLV
    /// ([`TlvTag::is_repeatable`]: `callback_num`, `broadcast_area_identifier`, …).
    pub fn get_all(&self, tag: TlvTag) -> impl Iterator<Item = Tlv<'_>> + '_ {
        self.iter().filter(move |t| t.tag == tag)
    }

    /// The `callback_num` list (v3.4 §5.3.2.36: "can be included a number of times for
    /// multiple call-back addresses"), each value as on the wire (digit mode, TON, NPI,
    /// digits).
    pub fn callback_nums(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.get_all(TlvTag::CALLBACK_NUM).map(|t| t.raw())
    }

    /// The `broadcast_area_identifier` list (v5.0 §4.8.4: several areas per broadcast),
    /// each value as on the wire (format octet, then the area).
    pub fn broadcast_area_identifiers(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.get_all(TlvTag::BROADCAST_AREA_IDENTIFIER)
            .map(|t| t.raw())
    }

    /// The pairs of a query_broadcast_sm_resp (v5.0 §4.6.1.3): each
    /// `broadcast_area_identifier` with the `broadcast_area_success` that follows it, in
    /// wire order. An identifier without its success value pairs with `None`.
    pub fn broadcast_area_successes(&self) -> Vec<(&[u8], Option<u8>)> {
        self.pairs(TlvTag::BROADCAST_AREA_SUCCESS)
            .into_iter()
            .map(|(a, t)| (a, t.and_then(|t| t.as_int()).map(|v| v as u8)))
            .collect()
    }

    /// The pairs of a broadcast_sm_resp (v5.0 §4.4.1.2): each failed
    /// `broadcast_area_identifier` with the `broadcast_error_status` that follows it.
    pub fn broadcast_area_errors(&self) -> Vec<(&[u8], Option<u32>)> {
        self.pairs(TlvTag::BROADCAST_ERROR_STATUS)
            .into_iter()
            .map(|(a, t)| (a, t.and_then(|t| t.as_int())))
            .collect()
    }

    /// Each broadcast_area_identifier with the first `second` TLV after it (before the
    /// next identifier).
    fn pairs(&self, second: TlvTag) -> Vec<(&[u8], Option<Tlv<'_>>)> {
        let mut out: Vec<(&[u8], Option<Tlv<'_>>)> = Vec::new();
        for t in self.iter() {
            if t.tag == TlvTag::BROADCAST_AREA_IDENTIFIER {
                out.push((t.raw(), None));
            } else if t.tag == second
                && let Some(last) = out.last_mut()
                && last.1.is_none()
            {
                last.1 = Some(t);
            }
        }
        out
    }

    /// The first TLV with this tag, as an integer.
    pub fn get_int(&self, tag: TlvTag) -> Option<u32> {
        self.get(tag)?.as_int()
    }

    /// The first TLV with this tag, as octets (a C-Octet string without its NUL).
    pub fn get_bytes(&self, tag: TlvTag) -> Option<&[u8]> {
        Some(self.get(tag)?.as_bytes())
    }

    /// `message_payload` (v3.4 §5.3.2.32): the message, instead of `short_message`.
    pub fn message_payload(&self) -> Option<&[u8]> {
        self.get_bytes(TlvTag::MESSAGE_PAYLOAD)
    }

    /// `receipted_message_id` (v3.4 §5.3.2.12): the id a delivery receipt is about.
    pub fn receipted_message_id(&self) -> Option<&[u8]> {
        self.get_bytes(TlvTag::RECEIPTED_MESSAGE_ID)
    }

    /// `message_state` (v3.4 §5.3.2.35).
    pub fn message_state(&self) -> Option<MessageState> {
        self.get_int(TlvTag::MESSAGE_STATE)
            .map(|v| MessageState(v as u8))
    }

    /// `network_error_code` (v3.4 §5.3.2.31): network type and 2-octet error code.
    pub fn network_error_code(&self) -> Option<(u8, u16)> {
        match self.get_bytes(TlvTag::NETWORK_ERROR_CODE)? {
            &[t, a, b] => Some((t, u16::from_be_bytes([a, b]))),
            _ => None,
        }
    }

    /// The SAR triple (v3.4 §5.3.2.22–24): `(sar_msg_ref_num, sar_total_segments,
    /// sar_segment_seqnum)` when all three are present.
    pub fn sar(&self) -> Option<(u16, u8, u8)> {
        Some((
            self.get_int(TlvTag::SAR_MSG_REF_NUM)? as u16,
            self.get_int(TlvTag::SAR_TOTAL_SEGMENTS)? as u8,
            self.get_int(TlvTag::SAR_SEGMENT_SEQNUM)? as u8,
        ))
    }

    /// `sc_interface_version` (v3.4 §5.3.2.25) of a bind response.
    pub fn sc_interface_version(&self) -> Option<u8> {
        self.get_int(TlvTag::SC_INTERFACE_VERSION).map(|v| v as u8)
    }

    /// `congestion_state` (v5.0 §4.8.4.19), 0–100.
    pub fn congestion_state(&self) -> Option<u8> {
        self.get_int(TlvTag::CONGESTION_STATE).map(|v| v as u8)
    }

    /// `user_message_reference` (v3.4 §5.3.2.17).
    pub fn user_message_reference(&self) -> Option<u16> {
        self.get_int(TlvTag::USER_MESSAGE_REFERENCE)
            .map(|v| v as u16)
    }

    /// Appends a TLV, checking the value against the tag's definition (a C-Octet string
    /// value is given without its NUL: it is added here) and refusing a known tag twice.
    pub fn push(&mut self, tag: TlvTag, value: &[u8]) -> Result<&mut Self, TlvError> {
        let bad = TlvError::BadLength {
            tag: tag.0,
            len: value.len(),
        };
        let spec = tag.spec();
        let cstr = matches!(spec, Some((_, TlvKind::CStr(_))));
        if cstr && value.contains(&0) {
            return Err(TlvError::ContainsNul { tag: tag.0 });
        }
        let wire_len = value.len() + usize::from(cstr);
        let len = u16::try_from(wire_len).map_err(|_| bad)?;
        if let Some((_, kind)) = spec {
            let ok = match kind {
                TlvKind::U8 => len == 1,
                TlvKind::U16 => len == 2,
                TlvKind::U32 => len == 4,
                TlvKind::CStr(max) => len <= max,
                TlvKind::Octets(min, max) => len >= min && len <= max,
            };
            if !ok {
                return Err(bad);
            }
            if !tag.is_repeatable() && self.get(tag).is_some() {
                return Err(TlvError::Duplicate { tag: tag.0 });
            }
        }
        let [t0, t1] = tag.0.to_be_bytes();
        let [l0, l1] = len.to_be_bytes();
        self.raw.append([t0, t1, l0, l1], value, cstr);
        Ok(self)
    }

    /// Appends a 1-octet integer TLV.
    #[inline]
    pub fn push_u8(&mut self, tag: TlvTag, v: u8) -> Result<&mut Self, TlvError> {
        self.push_int(tag, TlvKind::U8, [v])
    }

    /// Appends a 2-octet integer TLV.
    #[inline]
    pub fn push_u16(&mut self, tag: TlvTag, v: u16) -> Result<&mut Self, TlvError> {
        self.push_int(tag, TlvKind::U16, v.to_be_bytes())
    }

    /// Appends a 4-octet integer TLV.
    #[inline]
    pub fn push_u32(&mut self, tag: TlvTag, v: u32) -> Result<&mut Self, TlvError> {
        self.push_int(tag, TlvKind::U32, v.to_be_bytes())
    }

    /// [`push`](Self::push) of an `N`-octet integer whose size is `kind`. The common case,
    /// a known tag of that size into no TLVs yet, is written inline at once: its length is
    /// the definition's and no tag can be there twice. Anything else (an unknown tag, one of
    /// another size, TLVs already present) goes through `push` and its checks.
    #[inline(always)]
    fn push_int<const N: usize>(
        &mut self,
        tag: TlvTag,
        kind: TlvKind,
        value: [u8; N],
    ) -> Result<&mut Self, TlvError> {
        if self.raw.is_empty() && matches!(tag.spec(), Some((_, k)) if k == kind) {
            let mut buf = [0; INLINE];
            let [t0, t1] = tag.0.to_be_bytes();
            buf[..4].copy_from_slice(&[t0, t1, 0, N as u8]);
            buf[4..4 + N].copy_from_slice(&value);
            self.raw = Raw::Inline {
                len: (4 + N) as u8,
                buf,
            };
            return Ok(self);
        }
        self.push(tag, &value)
    }

    /// The same TLVs owning their octets.
    pub fn into_owned(self) -> Tlvs<'static> {
        Tlvs {
            raw: self.raw.into_owned(),
        }
    }
}

impl fmt::Debug for Tlvs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'t> IntoIterator for &'t Tlvs<'_> {
    type Item = Tlv<'t>;
    type IntoIter = TlvIter<'t>;
    fn into_iter(self) -> TlvIter<'t> {
        self.iter()
    }
}

/// Where the first TLV of `buf` that runs past its end starts (its tag and length octets
/// included: v3.4 §3.2.4, each TLV is a 2-octet tag, a 2-octet length and that many
/// octets); `None` when every TLV lies within `buf`.
#[inline(always)]
fn overrun_at(buf: &[u8]) -> Option<usize> {
    let mut rest = buf;
    while !rest.is_empty() {
        let next = match rest.split_first_chunk::<4>() {
            Some((&[_, _, a, b], tail)) => tail.get(usize::from(u16::from_be_bytes([a, b]))..),
            None => None,
        };
        match next {
            Some(tail) => rest = tail,
            None => return Some(buf.len() - rest.len()),
        }
    }
    None
}

/// Whether a known TLV's length is one its definition allows (v3.4 §5.3.2 "Size" column).
#[inline(always)]
pub(crate) fn length_fits(kind: TlvKind, len: u16) -> bool {
    match kind {
        TlvKind::U8 => len == 1,
        TlvKind::U16 => len == 2,
        TlvKind::U32 => len == 4,
        TlvKind::CStr(max) => len >= 1 && len <= max,
        TlvKind::Octets(min, max) => len >= min && len <= max,
    }
}

/// Whether a known TLV's value (of a length that fits) is well formed: a C-Octet string has
/// exactly one NUL, at its end.
#[inline(always)]
pub(crate) fn value_fits(kind: TlvKind, value: &[u8]) -> bool {
    match kind {
        TlvKind::CStr(_) => crate::reader::find_nul(value) == Some(value.len().wrapping_sub(1)),
        _ => true,
    }
}

/// Iterator over a [`Tlvs`] region in wire order.
#[derive(Clone, Debug)]
pub struct TlvIter<'t> {
    buf: &'t [u8],
}

impl<'t> Iterator for TlvIter<'t> {
    type Item = Tlv<'t>;

    #[inline]
    fn next(&mut self) -> Option<Tlv<'t>> {
        let (tag, value) = self.next_raw()?;
        Some(Tlv::parse(tag, value))
    }
}

impl<'t> TlvIter<'t> {
    /// The next tag and its value octets, the value not typed (a search by tag types only
    /// the TLV it finds).
    #[inline]
    fn next_raw(&mut self) -> Option<(TlvTag, &'t [u8])> {
        // The region was validated when built or decoded; a short tail ends the walk.
        let (&[a, b, c, d], rest) = self.buf.split_first_chunk::<4>()?;
        let len = usize::from(u16::from_be_bytes([c, d]));
        let Some((value, rest)) = rest.split_at_checked(len) else {
            self.buf = &[];
            return None;
        };
        self.buf = rest;
        Some((TlvTag(u16::from_be_bytes([a, b])), value))
    }
}

gsm7::wire_codes! {
    /// `message_state` (v3.4 §5.2.28): where a message stands, in `query_sm_resp` and the
    /// `message_state` TLV of a receipt.
    pub struct MessageState(u8);
    SCHEDULED = 0, "SCHEDULED", "The message is scheduled (v5.0)";
    ENROUTE = 1, "ENROUTE", "The message is in enroute state";
    DELIVERED = 2, "DELIVERED", "Message is delivered to destination";
    EXPIRED = 3, "EXPIRED", "Message validity period has expired";
    DELETED = 4, "DELETED", "Message has been deleted";
    UNDELIVERABLE = 5, "UNDELIVERABLE", "Message is undeliverable";
    ACCEPTED = 6, "ACCEPTED", "Message is in accepted state";
    UNKNOWN = 7, "UNKNOWN", "Message is in invalid state";
    REJECTED = 8, "REJECTED", "Message is in a rejected state";
    SKIPPED = 9, "SKIPPED", "The message was accepted but not transmitted (v5.0)";
}

#[cfg(test)]
mod tests {
    use super::*;

    // bench-pdus.md deliver_sm TLVs: receipted_message_id "1234567890", message_state 2.
    const RECEIPT_TLVS: &[u8] = b"\x00\x1e\x00\x0b1234567890\x00\x04\x27\x00\x01\x02";

    fn hash_of(t: &Tlvs<'_>) -> u64 {
        use core::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        t.hash(&mut h);
        h.finish()
    }

    #[test]
    fn accepts_built_tlvs_equal_to_their_wire_form_inline_or_not() {
        // v3.4 §5.3.2.17 user_message_reference (0x0204, 2 octets): built inline.
        let mut built = Tlvs::new();
        built.push_u16(TlvTag::USER_MESSAGE_REFERENCE, 1).unwrap();
        let wire = [0x02, 0x04, 0x00, 0x02, 0x00, 0x01];
        assert_eq!(built.as_bytes(), wire);
        let decoded = Tlvs::from_wire(&wire).unwrap();
        assert_eq!(built, decoded);
        assert_eq!(hash_of(&built), hash_of(&decoded));
        assert_eq!(decoded.into_owned(), built);
        // v3.4 §5.3.2.32 message_payload (0x0424) of 40 octets: beyond what is kept inline.
        built.push(TlvTag::MESSAGE_PAYLOAD, &[b'x'; 40]).unwrap();
        let mut wire = wire.to_vec();
        wire.extend_from_slice(&[0x04, 0x24, 0x00, 40]);
        wire.extend_from_slice(&[b'x'; 40]);
        assert_eq!(built.as_bytes(), &wire[..]);
        let decoded = Tlvs::from_wire(&wire).unwrap();
        assert_eq!(built, decoded);
        assert_eq!(hash_of(&built), hash_of(&decoded));
        assert_eq!(decoded.into_owned(), built);
        assert_eq!(built.len(), 2);
    }

    #[test]
    fn accepts_receipt_tlvs_typed_in_order() {
        let t = Tlvs::from_wire(RECEIPT_TLVS).unwrap();
        let v: Vec<_> = t.iter().collect();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].value, TlvValue::CStr(b"1234567890"));
        assert_eq!(v[1].value, TlvValue::U8(2));
        assert_eq!(t.receipted_message_id(), Some(&b"1234567890"[..]));
        assert_eq!(t.message_state(), Some(MessageState::DELIVERED));
    }

    #[test]
    fn roundtrip_vendor_tlv_raw() {
        // oracles/samples/pdus.txt submit_sm_vendor_tlv: tag 0x1501 len 1 value 07.
        let t = Tlvs::from_wire(b"\x15\x01\x00\x01\x07").unwrap();
        let tlv = t.iter().next().unwrap();
        assert_eq!(tlv.tag, TlvTag(0x1501));
        assert_eq!(tlv.value, TlvValue::Raw(&[7]));
        assert!(tlv.tag.is_vendor_specific());
    }

    // v3.4 §3.2.4: the TLV layout is tag, length, value within the PDU; a duplicate, a
    // length or a value the definition forbids keeps the layout (the validation step reports
    // them), a TLV running past the end breaks it.
    #[test]
    fn rejects_overrun_and_keeps_definition_faults_raw() {
        let dup = b"\x04\x27\x00\x01\x02\x04\x27\x00\x01\x02";
        assert_eq!(Tlvs::from_wire(dup).unwrap().len(), 2);
        let t = Tlvs::from_wire(b"\x02\x04\x00\x01\x02").unwrap();
        assert_eq!(t.iter().next().unwrap().value, TlvValue::Raw(&[2]));
        let e = Tlvs::from_wire(b"\x04\x24\x00\x09abc").unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::TlvOverrun { tag: 0x424 });
        let t = Tlvs::from_wire(b"\x00\x1e\x00\x03abc").unwrap();
        assert_eq!(t.iter().next().unwrap().value, TlvValue::Raw(b"abc"));
    }

    // v3.4 §5.3.2.36: callback_num "can be included a number of times"; v5.0 §4.6.1.3:
    // query_broadcast_sm_resp carries broadcast_area_identifier / broadcast_area_success pairs.
    #[test]
    fn roundtrip_repeatable_tlvs_as_lists() {
        let mut t = Tlvs::new();
        t.push(TlvTag::CALLBACK_NUM, b"\x00\x01\x01447700900123")
            .unwrap()
            .push(TlvTag::CALLBACK_NUM, b"\x00\x01\x01447700900124")
            .unwrap();
        assert_eq!(t.callback_nums().count(), 2);
        assert!(t.push_u16(TlvTag::USER_MESSAGE_REFERENCE, 1).is_ok());
        assert!(t.push_u16(TlvTag::USER_MESSAGE_REFERENCE, 2).is_err());
        let mut q = Tlvs::new();
        q.push_u8(TlvTag::MESSAGE_STATE, 2).unwrap();
        for (area, rate) in [(&b"\x00A"[..], 100u8), (&b"\x00B"[..], 50)] {
            q.push(TlvTag::BROADCAST_AREA_IDENTIFIER, area).unwrap();
            q.push_u8(TlvTag::BROADCAST_AREA_SUCCESS, rate).unwrap();
        }
        let wire = q.as_bytes().to_vec();
        let back = Tlvs::from_wire(&wire).unwrap();
        assert_eq!(
            back.broadcast_area_successes(),
            vec![(&b"\x00A"[..], Some(100)), (&b"\x00B"[..], Some(50))]
        );
        assert_eq!(back.broadcast_area_identifiers().count(), 2);
    }

    #[test]
    fn accepts_overrun_when_lenient_dropping_the_tail() {
        let mut cx = Ctx {
            options: crate::DecodeOptions::lenient(),
            ..Ctx::default()
        };
        let buf = b"\x04\x27\x00\x01\x02\x04\x24\x00\x09abc";
        let mut r = Reader::new(buf, 100);
        let t = Tlvs::decode(&mut r, &mut cx, "tlvs").unwrap();
        assert_eq!(t.len(), 1);
        let q = cx.quirks.iter().next().unwrap();
        assert_eq!((q.kind, q.offset), (QuirkKind::TlvOverrun, 105));
    }

    /// Tags of every shape (v3.4 §5.3.2 "Size" column): 1, 2 and 4-octet integers, C-Octet
    /// strings, octet strings, a repeatable one, and any other (vendor, unknown) value.
    fn any_tag() -> impl proptest::strategy::Strategy<Value = TlvTag> {
        use proptest::prelude::*;
        prop_oneof![
            prop::sample::select(vec![
                TlvTag::DEST_ADDR_SUBUNIT,
                TlvTag::DEST_TELEMATICS_ID,
                TlvTag::QOS_TIME_TO_LIVE,
                TlvTag::RECEIPTED_MESSAGE_ID,
                TlvTag::USER_MESSAGE_REFERENCE,
                TlvTag::SAR_MSG_REF_NUM,
                TlvTag::MESSAGE_STATE,
                TlvTag::NETWORK_ERROR_CODE,
                TlvTag::MESSAGE_PAYLOAD,
                TlvTag::CALLBACK_NUM_PRES_IND,
                TlvTag::BROADCAST_AREA_SUCCESS,
            ]),
            any::<u16>().prop_map(TlvTag),
        ]
    }

    proptest::proptest! {
        // push_u8/u16/u32 give the same TLVs and the same errors (BadLength for a tag of
        // another size, ContainsNul, Duplicate) as `push` of the big-endian octets, onto
        // no TLVs, built ones or decoded ones; what they build decodes to the value pushed.
        #[test]
        fn accepts_int_push_as_push_of_its_octets(
            before in proptest::collection::vec((any_tag(), 0u32..=0x1_0000), 0..3),
            decoded in proptest::bool::ANY,
            tag in any_tag(),
            v in proptest::num::u32::ANY,
            size in 0usize..3,
        ) {
            let mut built = Tlvs::new();
            // A random start: the pushes a tag's definition refuses (another size, a second
            // one of a tag) add nothing, which is all this set-up needs; the push under test
            // below is the one whose result is compared.
            for (t, x) in before {
                let _refused_adds_nothing = built.push_u16(t, x as u16);
            }
            let wire = built.as_bytes().to_vec();
            let start = if decoded { Tlvs::from_wire(&wire).unwrap() } else { built };
            let (mut fast, mut slow) = (start.clone(), start);
            let (got, octets): (Result<(), TlvError>, &[u8]) = match size {
                0 => (fast.push_u8(tag, v as u8).map(drop), &[v as u8][..]),
                1 => (fast.push_u16(tag, v as u16).map(drop), &(v as u16).to_be_bytes()[..]),
                _ => (fast.push_u32(tag, v).map(drop), &v.to_be_bytes()[..]),
            };
            let want = slow.push(tag, octets).map(drop);
            proptest::prop_assert_eq!(got, want);
            proptest::prop_assert_eq!(fast.as_bytes(), slow.as_bytes());
            if got.is_ok() {
                let wire = fast.as_bytes().to_vec();
                let back = Tlvs::from_wire(&wire).unwrap();
                let last = back.iter().last().unwrap();
                // A C-Octet string value gets its NUL (v3.4 §3.1).
                let mut want = octets.to_vec();
                if matches!(tag.spec(), Some((_, TlvKind::CStr(_)))) {
                    want.push(0);
                }
                proptest::prop_assert_eq!((last.tag, last.raw()), (tag, &want[..]));
            }
        }
    }

    #[test]
    fn roundtrip_built_tlvs() {
        let mut t = Tlvs::new();
        t.push(TlvTag::RECEIPTED_MESSAGE_ID, b"1234567890")
            .unwrap()
            .push_u8(TlvTag::MESSAGE_STATE, 2)
            .unwrap();
        assert_eq!(t.as_bytes(), RECEIPT_TLVS);
        assert_eq!(
            t.push_u8(TlvTag::MESSAGE_STATE, 3).unwrap_err(),
            TlvError::Duplicate { tag: 0x427 }
        );
        assert!(t.push(TlvTag::USER_MESSAGE_REFERENCE, &[1]).is_err());
    }
}
