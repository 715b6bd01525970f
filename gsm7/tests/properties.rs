//! Laws: pack∘unpack = id for every fill-bit offset, encode∘decode = id, split∘reassemble = id
//! for arbitrary Unicode text, and no input makes a decoder panic.

use core::time::Duration;

use gsm7::{
    Concat, ConcatRef, DecodeOptions, Encoding, EncodingChoice, NationalPolicy, Pushed,
    Reassembler, ReassemblyConfig, SplitOptions, Tables, decode_septets, decode_septets_with,
    decode_ucs2, decode_ucs2_with, encode_septets, encode_septets_lossy, encode_ucs2, pack,
    packed_len, split, unpack,
};
use proptest::prelude::*;

/// Text drawn mostly from the default alphabet, its extension, Turkish/Portuguese letters,
/// Indic scripts, CJK, emoji with ZWJ and flags, and combining marks.
fn mixed_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => "[a-zA-Z0-9 .,!?@£$]{1,20}",
        2 => "[{}\\[\\]~|^€]{1,4}",
        1 => "[ĞŞİğşıçãõ]{1,6}",
        1 => "[\u{0900}-\u{097F}]{1,6}",
        1 => "[你好世界]{1,5}",
        1 => Just("👩‍👩‍👧".to_owned()),
        1 => Just("🇮🇹".to_owned()),
        1 => Just("e\u{301}".to_owned()),
        1 => any::<String>(),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn roundtrip_pack_unpack(septets in prop::collection::vec(0u8..0x80, 0..300), fill in 0u8..=6) {
        let mut packed = Vec::new();
        pack(&septets, fill, &mut packed);
        prop_assert_eq!(packed.len(), packed_len(septets.len(), fill));
        let mut back = Vec::new();
        unpack(&packed, septets.len(), fill, &mut back).unwrap();
        prop_assert_eq!(&back, &septets);
        // One septet more than the data holds is an error, never a made-up '@'.
        if packed_len(septets.len() + 1, fill) > packed.len() {
            prop_assert!(unpack(&packed, septets.len() + 1, fill, &mut back).is_err());
        }
    }

    #[test]
    fn roundtrip_unpack_pack(octets in prop::collection::vec(any::<u8>(), 0..200), fill in 0u8..=6) {
        let n = (octets.len() * 8).saturating_sub(usize::from(fill)) / 7;
        let mut septets = Vec::new();
        unpack(&octets, n, fill, &mut septets).unwrap();
        let mut again = Vec::new();
        pack(&septets, fill, &mut again);
        // Equal except the fill bits and the spare bits after the last septet.
        let bits = n * 7 + usize::from(fill);
        for bit in usize::from(fill)..bits {
            prop_assert_eq!(octets[bit / 8] >> (bit % 8) & 1, again[bit / 8] >> (bit % 8) & 1);
        }
    }

    #[test]
    fn roundtrip_gsm7_text(text in "[a-zA-Z0-9 @£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,\\-./:;<=>?¡ÄÖÑÜ§¿äöñüà\n\r{}\\[\\]~|^€\u{c}]{0,300}") {
        let mut septets = Vec::new();
        encode_septets(&text, Tables::DEFAULT, &mut septets).unwrap();
        let mut back = String::new();
        decode_septets(&septets, Tables::DEFAULT, &mut back).unwrap();
        prop_assert_eq!(back, text);
    }

    /// The default-alphabet fast paths agree with the general ones (the lossy encoder and the
    /// lenient decoder take the general path).
    #[test]
    fn accepts_fast_and_general_paths_alike(text in "(.|[a-z€{@é\n])*", septets in prop::collection::vec(0u8..0x80, 0..200)) {
        let mut fast = Vec::new();
        let mut general = Vec::new();
        let (n, replaced) = encode_septets_lossy(&text, Tables::DEFAULT, &mut general);
        match encode_septets(&text, Tables::DEFAULT, &mut fast) {
            Ok(m) => {
                prop_assert_eq!((m, 0), (n, replaced));
                prop_assert_eq!(&fast, &general);
            }
            Err(_) => prop_assert!(replaced > 0 && fast.is_empty()),
        }
        let mut a = String::new();
        let mut b = String::new();
        let strict = decode_septets(&septets, Tables::DEFAULT, &mut a);
        let lenient = decode_septets_with(&septets, Tables::DEFAULT, &DecodeOptions::lenient(), &mut b).unwrap();
        match strict {
            Ok(()) => {
                prop_assert!(lenient.is_empty());
                prop_assert_eq!(a, b);
            }
            Err(_) => prop_assert!(!lenient.is_empty() && a.is_empty()),
        }
    }

    #[test]
    fn roundtrip_ucs2(text in any::<String>()) {
        let mut b = Vec::new();
        encode_ucs2(&text, &mut b);
        let mut back = String::new();
        decode_ucs2(&b, &mut back).unwrap();
        prop_assert_eq!(back, text);
    }

    #[test]
    fn accepts_any_bytes_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..200), n in 0usize..300, fill in 0u8..=7) {
        let mut s = String::new();
        let _ = decode_septets(&bytes, Tables::DEFAULT, &mut s);
        let _ = decode_septets_with(&bytes, Tables::DEFAULT, &DecodeOptions::lenient(), &mut s);
        let _ = decode_ucs2(&bytes, &mut s);
        let _ = decode_ucs2_with(&bytes, &DecodeOptions::lenient(), &mut s);
        let mut v = Vec::new();
        let _ = unpack(&bytes, n, fill, &mut v);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Hostile part streams never grow the reassembler past its caps, and every completed
    /// message has exactly its total of parts, each pushed for that sender and reference.
    #[test]
    fn rejects_growth_beyond_caps_for_any_stream(
        pushes in prop::collection::vec((0u8..3, 0u16..6, any::<bool>(), 0u8..6, 0u8..7, 0u64..100), 0..300),
    ) {
        let cfg = ReassemblyConfig { max_pending_messages: 4, max_parts: 9, max_age: Duration::from_secs(30) };
        let mut r = Reassembler::new(cfg);
        for (k, (sender, reference, sixteen_bit, total, seq, dt)) in pushes.into_iter().enumerate() {
            let now = Duration::from_secs(k as u64 + dt);
            let concat = Concat { reference, sixteen_bit, total, seq };
            match r.push(now, sender, concat, (sender, reference, sixteen_bit, total)) {
                Pushed::Complete(parts) => {
                    prop_assert_eq!(parts.len(), usize::from(total));
                    prop_assert!(parts.iter().all(|p| *p == (sender, reference, sixteen_bit, total)));
                }
                Pushed::Invalid => prop_assert!(seq == 0 || seq > total),
                _ => {}
            }
            prop_assert!(r.pending_messages() <= 4);
            prop_assert!(r.held_parts() <= 9);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// split → pack each part behind its UDH → deliver in any order, with duplicates →
    /// reassemble → unpack and decode each part → the original text.
    #[test]
    fn roundtrip_split_reassemble(
        text in mixed_text(),
        national in prop_oneof![Just(NationalPolicy::None), Just(NationalPolicy::Auto)],
        encoding in prop_oneof![Just(EncodingChoice::Auto), Just(EncodingChoice::Ucs2)],
        sixteen in any::<bool>(),
        reference in any::<u16>(),
        order_seed in any::<u64>(),
    ) {
        let reference = if sixteen { ConcatRef::Sixteen(reference) } else { ConcatRef::Eight(reference as u8) };
        let opts = SplitOptions { encoding, national, reference };
        let s = split(&text, &opts).unwrap();
        // Every part fits 140 octets, with its UDH.
        let mut wire = Vec::new();
        for p in &s.parts {
            let mut ud = p.udh().to_vec();
            match s.encoding {
                Encoding::Gsm7 => pack(p.payload(), p.fill_bits, &mut ud),
                _ => ud.extend_from_slice(p.payload()),
            }
            prop_assert!(ud.len() <= 140, "{} octets", ud.len());
            wire.push(ud);
        }
        // Deliver in a shuffled order with one duplicate.
        let mut order: Vec<usize> = (0..wire.len()).collect();
        let mut x = order_seed | 1;
        for i in (1..order.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            order.swap(i, (x % (i as u64 + 1)) as usize);
        }
        if order.len() > 1 { order.push(order[0]); }
        let mut r = Reassembler::new(ReassemblyConfig::default());
        let mut done = None;
        for (k, &i) in order.iter().enumerate() {
            let p = &s.parts[i];
            let ud = &wire[i];
            let concat = if s.parts.len() == 1 {
                Concat { reference: 0, sixteen_bit: false, total: 1, seq: 1 }
            } else {
                // The concatenation IE is the first IE after the UDHL.
                let (iei, len) = (p.udh()[1], usize::from(p.udh()[2]));
                Concat::from_ie(iei, &p.udh()[3..3 + len]).unwrap()
            };
            match r.push(Duration::from_secs(k as u64), "sender", concat, ud.clone()) {
                Pushed::Complete(parts) => { prop_assert!(done.is_none()); done = Some(parts); }
                Pushed::Pending { .. } | Pushed::Duplicate => {}
                other => prop_assert!(false, "{:?}", other),
            }
        }
        let parts = done.expect("complete");
        let mut back = String::new();
        for (p, ud) in s.parts.iter().zip(&parts) {
            let body = &ud[p.udh().len()..];
            match s.encoding {
                Encoding::Gsm7 => {
                    let mut septets = Vec::new();
                    unpack(body, p.units, p.fill_bits, &mut septets).unwrap();
                    decode_septets(&septets, s.tables, &mut back).unwrap();
                }
                _ => decode_ucs2(body, &mut back).unwrap(),
            }
        }
        prop_assert_eq!(back, text);
    }
}
