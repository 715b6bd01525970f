//! The straight-line decoder and encoder of the two message bodies, submit_sm and deliver_sm
//! (v3.4 §4.4.1, §4.6.1: the same field layout).
//!
//! Decoding, for the PDUs that follow the spec:
//! It checks exactly what the strict field-by-field decoder checks (every C-Octet string's
//! NUL within its maximum, TON and NPI from their tables, times empty or well formed,
//! `sm_length` not 255 and within the PDU, the TLV region valid) with the cursor in a slice
//! and no error bookkeeping, then builds the body once. It accepts nothing more: on anything
//! else it answers `None` and the caller decodes the body with the field-by-field decoder,
//! which reports the error (field and offset) or, lenient, the quirks, exactly as before.
//!
//! Encoding writes the body into a slice on the stack through [`SliceWriter`], whose short
//! copies (addresses, TLVs) are two overlapping fixed-size moves instead of a `memcpy` call.

use crate::reader::split_c_octet_string as c_octet_string;
use crate::tlv::Tlvs;
use crate::types::{COctetString, OctetString, SmppTime};
use crate::{
    DataCoding, DeliverSm, EsmClass, Npi, PriorityFlag, RegisteredDelivery, SubmitSm, Ton,
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

macro_rules! message_fast {
    ($($body:ident),*) => {$(
        impl<'a> $body<'a> {
            /// The body decoded from `body` (the octets after the header), if it follows the
            /// spec; `None` sends the caller to the field-by-field decoder. The fields are
            /// gathered first and the body built once, so it lands where the caller puts it.
            #[inline(always)]
            pub(crate) fn decode_fast(body: &'a [u8]) -> Option<Self> {
                // v3.4 §4.4.1 C-Octet string maxima, NUL included: service_type 6,
                // source_addr 21, destination_addr 21, the two times 17.
                const MAX: [usize; 5] = [6, 21, 21, 17, 17];
                Self::split(body, true, |i, b| {
                    let (s, rest) = c_octet_string(b, MAX[i])?;
                    // v3.4 §7.1.1: a time is NULL or 16 well-formed characters.
                    let time_ok = i < 3 || s.is_empty() || SmppTime::is_well_formed(s);
                    time_ok.then_some((s, rest))
                })
            }

            /// The body of octets this decoder accepted before, rebuilt from the lengths of
            /// its five C-Octet strings (service_type, source_addr, destination_addr,
            /// schedule_delivery_time, validity_period): slicing only, no scan, no check.
            /// `None` if the octets do not fit the lengths.
            #[inline(always)]
            pub(crate) fn from_layout(body: &'a [u8], lens: [u8; 5]) -> Option<Self> {
                Self::split(body, false, |i, b| {
                    let (s, rest) = b.split_at_checked(usize::from(lens[i]))?;
                    Some((s, rest.get(1..)?))
                })
            }

            /// Splits the body into its fields, the five C-Octet strings by `c_string`
            /// (given their index and the octets from their start: the string and what
            /// follows its NUL); `check`: the TON/NPI tables, `sm_length` and the TLVs too.
            #[inline(always)]
            fn split(
                body: &'a [u8],
                check: bool,
                mut c_string: impl FnMut(usize, &'a [u8]) -> Option<(&'a [u8], &'a [u8])>,
            ) -> Option<Self> {
                let (service_type, b) = c_string(0, body)?;
                let [s_ton, s_npi, b @ ..] = b else {
                    return None;
                };
                let (source_addr, b) = c_string(1, b)?;
                let [d_ton, d_npi, b @ ..] = b else {
                    return None;
                };
                let (source_addr_ton, source_addr_npi) = (Ton(*s_ton), Npi(*s_npi));
                let (dest_addr_ton, dest_addr_npi) = (Ton(*d_ton), Npi(*d_npi));
                // v3.4 §5.2.5, §5.2.6: only the values the tables list.
                if check
                    && !(source_addr_ton.is_known()
                        && source_addr_npi.is_known()
                        && dest_addr_ton.is_known()
                        && dest_addr_npi.is_known())
                {
                    return None;
                }
                let (destination_addr, b) = c_string(2, b)?;
                let [esm_class, protocol_id, priority_flag, b @ ..] = b else {
                    return None;
                };
                let (schedule_delivery_time, b) = c_string(3, b)?;
                let (validity_period, b) = c_string(4, b)?;
                let [rd, rip, dc, sdm, sm_length, b @ ..] = b else {
                    return None;
                };
                // v3.4 §5.2.21: sm_length 0 to 254.
                if check && *sm_length == 255 {
                    return None;
                }
                let (m, b) = b.split_at_checked(usize::from(*sm_length))?;
                if check && !Tlvs::is_strictly_valid(b) {
                    return None;
                }
                Some(Self {
                    service_type: COctetString::from_wire(service_type),
                    source_addr_ton,
                    source_addr_npi,
                    source_addr: COctetString::from_wire(source_addr),
                    dest_addr_ton,
                    dest_addr_npi,
                    destination_addr: COctetString::from_wire(destination_addr),
                    esm_class: EsmClass(*esm_class),
                    protocol_id: *protocol_id,
                    priority_flag: PriorityFlag(*priority_flag),
                    schedule_delivery_time: SmppTime::from_wire(schedule_delivery_time),
                    validity_period: SmppTime::from_wire(validity_period),
                    registered_delivery: RegisteredDelivery(*rd),
                    replace_if_present_flag: *rip,
                    data_coding: DataCoding(*dc),
                    sm_default_msg_id: *sdm,
                    short_message: OctetString::from_wire(m),
                    tlvs: Tlvs::from_validated(b),
                })
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
