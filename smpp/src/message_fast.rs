//! The straight-line decoder and encoder of the two message bodies, submit_sm and deliver_sm
//! (v3.4 §4.4.1, §4.6.1: the same field layout).
//!
//! Decoding, for the PDUs whose structure is sound:
//! It checks what the strict field-by-field decoder checks (every C-Octet string's NUL,
//! here within its maximum; every fixed field there; `short_message` within the PDU; the
//! TLV layout) with the cursor in a slice and no error bookkeeping, then builds the body
//! once. It accepts nothing more: on anything else it answers `None` and the caller decodes
//! the body with the field-by-field decoder, which reports the error (field and offset) or,
//! lenient, the quirks, exactly as before. Like that decoder, it leaves the value rules
//! (TON/NPI tables, time format, `sm_length` 255, TLV definitions) to the validation step:
//! both give the same body for the same octets.
//!
//! Encoding writes the body into a slice on the stack through [`SliceWriter`], whose short
//! copies (addresses, TLVs) are two overlapping fixed-size moves instead of a `memcpy` call.

use crate::reader::split_c_octet_string as c_octet_string;
use crate::tlv::Tlvs;
use crate::types::{COctetString, OctetString, SmppTime};
use crate::{
    CommandId, DataCoding, DeliverSm, EsmClass, Npi, Pdu, PriorityFlag, RegisteredDelivery,
    SubmitSm, Ton,
};

/// A cursor over a slice the encoder writes a whole PDU into. Writes past the end panic (the
/// slice is sized from `encoded_len`, which counts what the encoder writes).
#[derive(Debug)]
pub(crate) struct SliceWriter<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl<'b> SliceWriter<'b> {
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    /// Octets written.
    #[inline(always)]
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// Copies a run of fixed fields (one bounds check for the run).
    #[inline(always)]
    pub(crate) fn array<const N: usize>(&mut self, a: [u8; N]) {
        self.buf[self.pos..self.pos + N].copy_from_slice(&a);
        self.pos += N;
    }

    /// The 16-octet header (v3.4 §3.2).
    #[inline(always)]
    pub(crate) fn header(&mut self, words: [u32; 4]) {
        let mut h = [0u8; 16];
        for (chunk, w) in h.chunks_exact_mut(4).zip(words) {
            chunk.copy_from_slice(&w.to_be_bytes());
        }
        self.array(h);
    }

    /// Copies `s`; 4 to 16 octets as two overlapping fixed-size moves.
    #[inline(always)]
    pub(crate) fn bytes(&mut self, s: &[u8]) {
        let (p, n) = (self.pos, s.len());
        match n {
            0 => {}
            8..=16 => {
                self.buf[p..p + 8].copy_from_slice(&s[..8]);
                self.buf[p + n - 8..p + n].copy_from_slice(&s[n - 8..]);
            }
            4..=7 => {
                self.buf[p..p + 4].copy_from_slice(&s[..4]);
                self.buf[p + n - 4..p + n].copy_from_slice(&s[n - 4..]);
            }
            _ => self.buf[p..p + n].copy_from_slice(s),
        }
        self.pos = p + n;
    }
}

/// The fields of a submit_sm / deliver_sm body (v3.4 §4.4.1, §4.6.1: the same layout) as
/// sliced off the wire: the C-Octet strings without their NUL, the fixed octets as read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields<'a> {
    service_type: &'a [u8],
    source: [u8; 2],
    source_addr: &'a [u8],
    dest: [u8; 2],
    destination_addr: &'a [u8],
    /// esm_class, protocol_id, priority_flag.
    flags: [u8; 3],
    schedule_delivery_time: &'a [u8],
    validity_period: &'a [u8],
    /// registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id.
    delivery: [u8; 4],
    short_message: &'a [u8],
    tlvs: &'a [u8],
}

impl<'a> Fields<'a> {
    /// The fields of a body whose structure is sound: every C-Octet string's NUL within its
    /// maximum, the fixed fields there, `short_message` within the body, the TLV layout
    /// valid. `None` otherwise.
    #[inline(always)]
    pub(crate) fn scan(body: &'a [u8]) -> Option<Self> {
        match body.first_chunk::<HEAD>() {
            Some(head) => Self::scan_head(body, head),
            None => Self::split(body, Scan),
        }
    }

    /// [`scan`](Self::scan) of a body of at least [`HEAD`] octets, whose fields up to
    /// `sm_length` all lie in its first `HEAD` octets when each string's NUL is within its
    /// maximum: the strings are found by their offsets in that fixed-size array, eight octets
    /// at a time, with no check of the octets left (the maxima bound every offset).
    #[inline(always)]
    fn scan_head(body: &'a [u8], head: &'a [u8; HEAD]) -> Option<Self> {
        let mut lens = [0; 5];
        for i in 0..5 {
            lens[i] = nul_in_head(head, string_start(i, &lens), STRING_MAX[i])?;
        }
        Self::in_head(body, head, lens, true)
    }

    /// The fields of octets [`scan`](Self::scan) accepted before, from the lengths of the
    /// five C-Octet strings ([`lens`](Self::lens)): slicing only, no scan, no check. `None`
    /// if the octets do not fit the lengths.
    #[inline(always)]
    fn from_lens(body: &'a [u8], lens: StringLengths) -> Option<Self> {
        match (body.first_chunk::<HEAD>(), lens.within_maxima()) {
            (Some(head), Some(lens)) => Self::in_head(body, head, lens, false),
            _ => Self::split(body, Lens(lens)),
        }
    }

    /// The fields of a body of at least [`HEAD`] octets whose five strings have these
    /// lengths, each below its maximum ([`STRING_MAX`]): every field up to `sm_length` lies
    /// in `head` at offsets the lengths give (at most 89: 5 + 1 + 2 + 20 + 1 + 2 + 20 + 1 +
    /// 3 + 16 + 1 + 16 + 1); with `check`, the TLV layout is checked too.
    #[inline(always)]
    fn in_head(
        body: &'a [u8],
        head: &'a [u8; HEAD],
        lens: [usize; 5],
        check: bool,
    ) -> Option<Self> {
        let string = |i: usize| {
            let at = string_start(i, &lens);
            head.get(at..at + lens[i])
        };
        // Each run of fixed fields starts right after the NUL of the string before it.
        let after = |i: usize| string_start(i, &lens) + lens[i] + 1;
        let source = head.get(after(0)..)?.first_chunk::<2>()?;
        let dest = head.get(after(1)..)?.first_chunk::<2>()?;
        let flags = head.get(after(2)..)?.first_chunk::<3>()?;
        let delivery = after(4);
        let [rd, rip, dc, sdm, sm_length] = *head.get(delivery..)?.first_chunk::<5>()?;
        let (short_message, tlvs) = body
            .get(delivery + 5..)?
            .split_at_checked(usize::from(sm_length))?;
        if check && !Tlvs::is_layout_valid(tlvs) {
            return None;
        }
        Some(Self {
            service_type: string(0)?,
            source: *source,
            source_addr: string(1)?,
            dest: *dest,
            destination_addr: string(2)?,
            flags: *flags,
            schedule_delivery_time: string(3)?,
            validity_period: string(4)?,
            delivery: [rd, rip, dc, sdm],
            short_message,
            tlvs,
        })
    }

    /// The body these fields make: a submit_sm if `command_id` is one, else a deliver_sm
    /// (the same layout, so one scan serves both). One expression the caller puts where the
    /// PDU goes, so the body is written there once.
    #[inline(always)]
    pub(crate) fn into_pdu(self, command_id: CommandId) -> Pdu<'a> {
        if command_id == CommandId::SUBMIT_SM {
            Pdu::SubmitSm(SubmitSm::from_fields(self))
        } else {
            Pdu::DeliverSm(DeliverSm::from_fields(self))
        }
    }

    /// The lengths of service_type, source_addr, destination_addr, schedule_delivery_time
    /// and validity_period (NUL excluded; each below its maximum, so below 32).
    #[inline(always)]
    fn lens(&self) -> StringLengths {
        StringLengths::pack([
            self.service_type.len(),
            self.source_addr.len(),
            self.destination_addr.len(),
            self.schedule_delivery_time.len(),
            self.validity_period.len(),
        ])
    }

    /// Splits the body into its fields, the five C-Octet strings cut by `cut`; with
    /// [`Cut::CHECK`], the TLV layout checked too.
    #[inline(always)]
    fn split<C: Cut>(body: &'a [u8], cut: C) -> Option<Self> {
        let check = C::CHECK;
        let (service_type, b) = cut.cut(0, body)?;
        let [s_ton, s_npi, b @ ..] = b else {
            return None;
        };
        let (source_addr, b) = cut.cut(1, b)?;
        let [d_ton, d_npi, b @ ..] = b else {
            return None;
        };
        let (destination_addr, b) = cut.cut(2, b)?;
        let [esm_class, protocol_id, priority_flag, b @ ..] = b else {
            return None;
        };
        let (schedule_delivery_time, b) = cut.cut(3, b)?;
        let (validity_period, b) = cut.cut(4, b)?;
        let [rd, rip, dc, sdm, sm_length, b @ ..] = b else {
            return None;
        };
        let (short_message, tlvs) = b.split_at_checked(usize::from(*sm_length))?;
        if check && !Tlvs::is_layout_valid(tlvs) {
            return None;
        }
        Some(Self {
            service_type,
            source: [*s_ton, *s_npi],
            source_addr,
            dest: [*d_ton, *d_npi],
            destination_addr,
            flags: [*esm_class, *protocol_id, *priority_flag],
            schedule_delivery_time,
            validity_period,
            delivery: [*rd, *rip, *dc, *sdm],
            short_message,
            tlvs,
        })
    }
}

/// Octets of a body that [`Fields::scan_head`] takes: every field up to `sm_length` when the
/// strings are within their maxima (at most 94 octets), and the eight-octet words the NUL
/// search reads there.
const HEAD: usize = 96;

/// The maxima of the five C-Octet strings of a message body, NUL included (v3.4 §4.4.1:
/// service_type 6, source_addr 21, destination_addr 21, schedule_delivery_time 17,
/// validity_period 17).
const STRING_MAX: [usize; 5] = [6, 21, 21, 17, 17];

/// Where string `i` of a message body starts, from the lengths of the strings before it
/// (`lens[i..]` unused): v3.4 §4.4.1 puts after service_type the source TON and NPI, after
/// source_addr the destination TON and NPI, after destination_addr esm_class, protocol_id
/// and priority_flag, nothing between the two times.
#[inline(always)]
fn string_start(i: usize, lens: &[usize; 5]) -> usize {
    const FIXED_BEFORE: [usize; 5] = [0, 2, 4, 7, 7];
    lens[..i].iter().sum::<usize>() + i + FIXED_BEFORE[i]
}

/// Length of the C-Octet string at `at` in `head` if its NUL is within the first `max`
/// octets: [`split_c_octet_string`](crate::reader::split_c_octet_string)'s answer, for the
/// offsets [`Fields::scan_head`] gives (`at + max` at most 89: every word read lies in
/// `head`).
#[inline(always)]
fn nul_in_head(head: &[u8; HEAD], at: usize, max: usize) -> Option<usize> {
    if *head.get(at)? == 0 {
        return Some(0);
    }
    let mut base = 0;
    while base < max {
        let word = head.get(at + base..)?.first_chunk::<8>()?;
        if let Some(i) = crate::reader::first_zero(word) {
            let n = base + i;
            return (n < max).then_some(n);
        }
        base += 8;
    }
    None
}

/// How [`Fields::split`] cuts the five C-Octet strings off the octets from their start (the
/// string by its index, and what follows its NUL). A trait, not a closure, so that each cut
/// is inlined into the one straight line of the split.
trait Cut {
    /// Whether the split checks the TLV layout too (a first decode).
    const CHECK: bool;
    fn cut<'a>(&self, i: usize, b: &'a [u8]) -> Option<(&'a [u8], &'a [u8])>;
}

/// Cuts at the NUL, within the string's maximum.
struct Scan;

impl Cut for Scan {
    const CHECK: bool = true;

    #[inline(always)]
    fn cut<'a>(&self, i: usize, b: &'a [u8]) -> Option<(&'a [u8], &'a [u8])> {
        c_octet_string(b, STRING_MAX[i])
    }
}

/// Cuts at the lengths a [`Scan`] found before.
struct Lens(StringLengths);

impl Cut for Lens {
    const CHECK: bool = false;

    #[inline(always)]
    fn cut<'a>(&self, i: usize, b: &'a [u8]) -> Option<(&'a [u8], &'a [u8])> {
        let (s, rest) = b.split_at_checked(self.0.get(i))?;
        Some((s, rest.get(1..)?))
    }
}

/// The lengths of the five C-Octet strings of a submit_sm / deliver_sm `body` (the octets
/// after the header) whose structure is sound, checked exactly as
/// [`SubmitSm::decode_fast`] checks it, without building the body: what an owned frame
/// keeps to rebuild the views by slicing. `None` sends the caller to the decoder.
#[inline(always)]
pub(crate) fn string_lengths(body: &[u8]) -> Option<StringLengths> {
    Fields::scan(body).map(|f| f.lens())
}

/// The lengths of the five C-Octet strings of a submit_sm / deliver_sm (service_type,
/// source_addr, destination_addr, schedule_delivery_time, validity_period; NUL excluded),
/// 5 bits each in one word. Their maxima (v3.4 §4.4.1: 6, 21, 21, 17 and 17 octets, NUL
/// included) keep each below 32. One integer, not an array: it is built and moved in a
/// register, never assembled octet by octet in memory and read back as a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StringLengths(u32);

impl StringLengths {
    /// The five lengths packed; each must be below 32 (the caller checked its maximum).
    #[inline(always)]
    pub(crate) fn pack(lens: [usize; 5]) -> Self {
        let mut word = 0;
        for (i, len) in lens.into_iter().enumerate() {
            debug_assert!(len < 32);
            word |= (len as u32 & 31) << (5 * i);
        }
        Self(word)
    }

    /// The lengths packed, or `None` if one is 32 or more (not a string the spec allows).
    pub(crate) fn pack_checked(lens: [usize; 5]) -> Option<Self> {
        lens.iter().all(|&l| l < 32).then(|| Self::pack(lens))
    }

    /// The five lengths, if each is below its string's maximum ([`STRING_MAX`]): the
    /// lengths a scan found (a layout taken from the field decoder may hold longer ones).
    #[inline(always)]
    pub(crate) fn within_maxima(self) -> Option<[usize; 5]> {
        let lens: [usize; 5] = core::array::from_fn(|i| self.get(i));
        lens.iter()
            .zip(STRING_MAX)
            .all(|(&len, max)| len < max)
            .then_some(lens)
    }

    /// The length of string `i` (0 to 4).
    #[inline(always)]
    pub(crate) fn get(self, i: usize) -> usize {
        (self.0 >> (5 * i) & 31) as usize
    }
}

/// The TLV region of a submit_sm / deliver_sm `body` whose structure is sound (checked exactly as
/// [`SubmitSm::decode_fast`] checks it), without building the body. `None` sends the caller
/// to the decoder.
#[cfg(feature = "std")]
#[inline(always)]
pub(crate) fn message_tlvs(body: &[u8]) -> Option<&[u8]> {
    Fields::scan(body).map(|f| f.tlvs)
}

macro_rules! message_fast {
    ($($body:ident),*) => {$(
        impl<'a> $body<'a> {
            /// The body decoded from `body` (the octets after the header), if its structure
            /// is sound; `None` sends the caller to the field-by-field decoder. (`decode`
            /// scans with [`Fields::scan`] and builds the frame from the fields at once.)
            #[cfg(test)]
            pub(crate) fn decode_fast(body: &'a [u8]) -> Option<Self> {
                Fields::scan(body).map(Self::from_fields)
            }

            /// The body of octets this decoder accepted before, rebuilt from the lengths of
            /// its five C-Octet strings (service_type, source_addr, destination_addr,
            /// schedule_delivery_time, validity_period): slicing only, no scan, no check.
            /// `None` if the octets do not fit the lengths.
            #[inline(always)]
            pub(crate) fn from_layout(body: &'a [u8], lens: StringLengths) -> Option<Self> {
                Fields::from_lens(body, lens).map(Self::from_fields)
            }

            #[inline(always)]
            fn from_fields(f: Fields<'a>) -> Self {
                let [esm_class, protocol_id, priority_flag] = f.flags;
                let [rd, rip, dc, sdm] = f.delivery;
                Self {
                    service_type: COctetString::from_wire(f.service_type),
                    source_addr_ton: Ton(f.source[0]),
                    source_addr_npi: Npi(f.source[1]),
                    source_addr: COctetString::from_wire(f.source_addr),
                    dest_addr_ton: Ton(f.dest[0]),
                    dest_addr_npi: Npi(f.dest[1]),
                    destination_addr: COctetString::from_wire(f.destination_addr),
                    esm_class: EsmClass(esm_class),
                    protocol_id,
                    priority_flag: PriorityFlag(priority_flag),
                    schedule_delivery_time: SmppTime::from_wire(f.schedule_delivery_time),
                    validity_period: SmppTime::from_wire(f.validity_period),
                    registered_delivery: RegisteredDelivery(rd),
                    replace_if_present_flag: rip,
                    data_coding: DataCoding(dc),
                    sm_default_msg_id: sdm,
                    short_message: OctetString::from_wire(f.short_message),
                    tlvs: Tlvs::from_validated(f.tlvs),
                }
            }

            /// Writes the body as the field-by-field encoder does, each C-Octet string's
            /// NUL together with the fixed fields after it.
            #[inline(always)]
            pub(crate) fn encode_fast(&self, w: &mut SliceWriter<'_>) {
                w.bytes(self.service_type.as_bytes());
                w.array([0, self.source_addr_ton.0, self.source_addr_npi.0]);
                w.bytes(self.source_addr.as_bytes());
                w.array([0, self.dest_addr_ton.0, self.dest_addr_npi.0]);
                w.bytes(self.destination_addr.as_bytes());
                w.array([0, self.esm_class.0, self.protocol_id, self.priority_flag.0]);
                w.bytes(self.schedule_delivery_time.as_bytes());
                w.array([0]);
                w.bytes(self.validity_period.as_bytes());
                // OctetString holds at most 255 octets (254 when built): sm_length fits.
                let m = self.short_message.as_bytes();
                w.array([
                    0,
                    self.registered_delivery.0,
                    self.replace_if_present_flag,
                    self.data_coding.0,
                    self.sm_default_msg_id,
                    m.len() as u8,
                ]);
                w.bytes(m);
                w.bytes(self.tlvs.as_bytes());
            }
        }
    )*};
}

message_fast!(SubmitSm, DeliverSm);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::{Ctx, Reader};
    use alloc::vec::Vec;

    use crate::test_vectors::hex;

    use crate::test_vectors::{DELIVER_SM, SUBMIT_SM};

    /// The field-by-field strict decode of a body, or `None` if it errs.
    fn strict<'a, T>(
        body: &'a [u8],
        decode: impl FnOnce(&mut Reader<'a>, &mut Ctx) -> T,
    ) -> Option<T> {
        let mut cx = Ctx::default();
        let mut r = Reader::new(body, crate::HEADER_LEN);
        let v = decode(&mut r, &mut cx);
        let _ = r.expect_end("body", &mut cx).map_err(|e| cx.fail(e));
        (cx.error.is_none() && cx.quirks.is_empty()).then_some(v)
    }

    /// Every body the fast path accepts, the strict decoder accepts with the same fields; and
    /// it accepts the spec-following vectors. Checked on every one-octet change and every
    /// truncation of both vectors.
    #[test]
    fn accepts_only_what_the_strict_decoder_accepts() {
        for wire in [hex(SUBMIT_SM), hex(DELIVER_SM)] {
            let body = &wire[crate::HEADER_LEN..];
            let mut variants: Vec<Vec<u8>> = (0..=body.len()).map(|n| body[..n].to_vec()).collect();
            for i in 0..body.len() {
                for v in [
                    0x00, 0x01, 0x06, 0x07, 0x12, 0x13, 0x30, 0x52, 0x7f, 0xfe, 0xff,
                ] {
                    let mut m = body.to_vec();
                    m[i] = v;
                    variants.push(m);
                }
            }
            let mut accepted = 0;
            for m in &variants {
                if let Some(fast) = SubmitSm::decode_fast(m) {
                    accepted += 1;
                    assert_eq!(strict(m, SubmitSm::decode_body), Some(fast), "{m:02x?}");
                }
                if let Some(fast) = DeliverSm::decode_fast(m) {
                    assert_eq!(strict(m, DeliverSm::decode_body), Some(fast), "{m:02x?}");
                }
            }
            assert!(SubmitSm::decode_fast(body).is_some());
            assert!(accepted > body.len());
        }
    }
}
