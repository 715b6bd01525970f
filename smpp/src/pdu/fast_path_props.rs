//! Property tests: every fast path of the decoder gives what the general path gives for the
//! same octets. The straight-line submit_sm/deliver_sm decoder of `decode` (a body of 96
//! octets or more, and a shorter one), the owned frame's layout and its rebuild by slicing
//! (`OwnedFrame::decode`, `OwnedFrame::take`, `OwnedFrame::frame`, `OwnedFrame::validate`),
//! the message
//! responses' layout, the session's
//! `encoded_tlvs`, and the word-wise NUL search, each against the field-by-field decoder
//! (`decode_fields`) or the plain search, in strict and lenient mode.
//!
//! The PDUs are built from random fields in the v3.4 §4.4.1 / §4.4.2 layouts (strings of
//! random length around their maxima, random TON/NPI/flag octets, `sm_length` and TLVs that
//! may or may not fit), then some have octets replaced or the PDU cut short.

use alloc::vec::Vec;

use bytes::{Bytes, BytesMut};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;

use super::decode::decode_fields;
use super::*;
use crate::reader::{find_nul, split_c_octet_string};

/// A C-Octet string's octets without NUL, up to `max` of them (the NUL is added when built).
fn c_string(max: usize) -> impl Strategy<Value = Vec<u8>> {
    vec(1u8..=255, 0..max)
}

/// TLVs: known tags of a receipt and a message, a vendor tag and any tag, with values whose
/// length may or may not fit the definition.
fn tlvs() -> impl Strategy<Value = Vec<u8>> {
    let tag = prop_oneof![
        Just(0x001Eu16),
        Just(0x0427),
        Just(0x0204),
        Just(0x0424),
        Just(0x1501),
        any::<u16>()
    ];
    vec((tag, vec(any::<u8>(), 0..16)), 0..4).prop_map(|list| {
        let mut out = Vec::new();
        for (tag, value) in list {
            out.extend_from_slice(&tag.to_be_bytes());
            out.extend_from_slice(&(value.len() as u16).to_be_bytes());
            out.extend_from_slice(&value);
        }
        out
    })
}

/// The body of a submit_sm / deliver_sm (v3.4 §4.4.1, §4.6.1).
fn message_body() -> impl Strategy<Value = Vec<u8>> {
    (
        (
            c_string(8),
            any::<[u8; 2]>(),
            c_string(24),
            any::<[u8; 2]>(),
        ),
        (c_string(24), any::<[u8; 3]>(), c_string(19), c_string(19)),
        (any::<[u8; 4]>(), vec(any::<u8>(), 0..160), tlvs()),
    )
        .prop_map(
            |((st, src, sa, dst), (da, flags, sd, vp), (delivery, sm, tlvs))| {
                let mut b = Vec::new();
                for (string, after) in [
                    (&st, &src[..]),
                    (&sa, &dst[..]),
                    (&da, &flags[..]),
                    (&sd, &[][..]),
                    (&vp, &delivery[..]),
                ] {
                    b.extend_from_slice(string);
                    b.push(0);
                    b.extend_from_slice(after);
                }
                b.push(sm.len() as u8);
                b.extend_from_slice(&sm);
                b.extend_from_slice(&tlvs);
                b
            },
        )
}

/// The body of a submit_sm_resp / deliver_sm_resp / data_sm_resp (v3.4 §4.4.2): message_id
/// and TLVs.
fn response_body() -> impl Strategy<Value = Vec<u8>> {
    (c_string(70), tlvs()).prop_map(|(id, tlvs)| {
        let mut b = id;
        b.push(0);
        b.extend_from_slice(&tlvs);
        b
    })
}

/// A whole PDU: a message or a response, then (when `mutate`) octets replaced and the PDU
/// cut, its command_length kept true or not.
fn pdu() -> impl Strategy<Value = (Vec<u8>, bool)> {
    let body = prop_oneof![
        (prop_oneof![Just(4u32), Just(5)], message_body()),
        (
            prop_oneof![Just(0x8000_0004u32), Just(0x8000_0005), Just(0x8000_0103)],
            response_body()
        ),
    ];
    let sequence = prop_oneof![Just(1u32), any::<u32>()];
    let status = prop_oneof![Just(0u32), any::<u32>()];
    let edits = vec((any::<Index>(), prop_oneof![Just(0u8), any::<u8>()]), 0..3);
    let cut = prop_oneof![Just(None), any::<Index>().prop_map(Some)];
    (body, sequence, status, edits, cut, any::<bool>()).prop_map(
        |((id, body), sequence, status, edits, cut, keep_length)| {
            let mut wire = Vec::new();
            for word in [(16 + body.len()) as u32, id, status, sequence] {
                wire.extend_from_slice(&word.to_be_bytes());
            }
            wire.extend_from_slice(&body);
            let clean = edits.is_empty() && cut.is_none();
            for (at, octet) in edits {
                let at = HEADER_LEN + at.index(body.len().max(1));
                if let Some(o) = wire.get_mut(at) {
                    *o = octet;
                }
            }
            if let Some(cut) = cut {
                wire.truncate(HEADER_LEN + cut.index(body.len() + 1));
                if keep_length {
                    let len = (wire.len() as u32).to_be_bytes();
                    wire[..4].copy_from_slice(&len);
                }
            }
            (wire, clean)
        },
    )
}

/// Whether each string of a clean message body is within its maximum (v3.4 §4.4.1:
/// 6, 21, 21, 17, 17 octets, NUL included): then the fast path must take it.
fn strings_within_maxima(body: &[u8]) -> bool {
    let mut rest = body;
    for (max, after) in [(6, 2), (21, 2), (21, 3), (17, 0), (17, 4)] {
        let Some(n) = find_nul(rest) else {
            return false;
        };
        if n >= max {
            return false;
        }
        rest = &rest[n + 1 + after..];
    }
    true
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn fast_paths_equal_the_field_decoder((wire, clean) in pdu()) {
        let header = Header::peek(&wire).unwrap();
        for opts in [DecodeOptions::strict(), DecodeOptions::lenient()] {
            let general = decode_fields(header, &wire, &opts);
            prop_assert_eq!(&decode(&wire, &opts), &general);
            let owned = OwnedFrame::decode(Bytes::from(wire.clone()), &opts);
            match owned {
                Ok(frame) => {
                    prop_assert_eq!(Ok(frame.frame()), general.clone());
                    prop_assert_eq!(frame.header(), header);
                    for version in [InterfaceVersion::V34, InterfaceVersion::V50] {
                        prop_assert_eq!(frame.validate(version), validate(&frame.frame(), version));
                    }
                }
                Err(malformed) => prop_assert_eq!(Err(malformed.error), general.clone()),
            }
            // The framing: the PDU cut off a read buffer by its command_length.
            let mut buf = BytesMut::from(&wire[..]);
            let len = header.command_length as usize;
            match OwnedFrame::take(&mut buf, &opts) {
                Ok(Some(taken)) => {
                    let general = decode_fields(header, &wire[..len], &opts);
                    match taken {
                        Ok(frame) => prop_assert_eq!(Ok(frame.frame()), general),
                        Err(malformed) => prop_assert_eq!(Err(malformed.error), general),
                    }
                }
                Ok(None) => prop_assert!(len > wire.len()),
                Err(e) => prop_assert_eq!(Err(e), general.clone()),
            }
            #[cfg(feature = "std")]
            if opts == DecodeOptions::lenient() && header.command_length as usize == wire.len() {
                let tlvs = general.as_ref().map(|f| f.pdu.tlvs().cloned());
                prop_assert_eq!(encoded_tlvs(&wire).map_err(|e| e.kind()), tlvs.map_err(|e| e.kind()));
            }
        }
        // The fast path takes every clean message whose strings are within their maxima.
        let body = &wire[HEADER_LEN..];
        if clean && header.command_id.0 <= 5 && strings_within_maxima(body) {
            prop_assert!(SubmitSm::decode_fast(body).is_some());
            prop_assert!(fast_layout(&wire, &DecodeOptions::strict()).is_some());
        }
    }

    #[test]
    fn word_wise_nul_search_equals_the_plain_search(
        octets in vec(prop_oneof![Just(0u8), 1u8..=255, Just(0x80), Just(0x01)], 0..48),
        max in 1usize..70,
    ) {
        let window = &octets[..octets.len().min(max)];
        let plain = window.iter().position(|&b| b == 0);
        prop_assert_eq!(find_nul(window), plain);
        let split = split_c_octet_string(&octets, max);
        prop_assert_eq!(split.map(|(s, _)| s.len()), plain);
        if let Some((s, rest)) = split {
            prop_assert_eq!(s.len() + 1 + rest.len(), octets.len());
        }
    }
}
