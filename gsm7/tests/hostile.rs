//! A hostile corpus as regular tests: septets, packed octets, UTF-16 and concatenated parts
//! a broken or malicious peer can send, each answered by the documented typed error (with
//! its position) or the documented leniency, and reassembly floods that must leave memory
//! bounded. TS 23.038 / TS 23.040 sections are quoted at each case.
#![allow(missing_docs)]

use core::time::Duration;

use gsm7::{
    Charset, Concat, ConcatRef, DecodeError, DecodeOptions, Encoding, Pushed, Reassembler,
    ReassemblyConfig, SplitError, SplitOptions, Tables, UnpackError, decode_septets,
    decode_septets_with, decode_ucs2, decode_ucs2_with, packed_len, split, split_binary, unpack,
};

#[test]
fn rejects_septet_count_past_the_data() {
    // 8 septets after 0 fill bits need 7 octets (§6.1.2.1.1); 3 are there.
    let mut out = vec![0xAA];
    let e = unpack(&[0xE8, 0x32, 0x9B], 8, 0, &mut out).unwrap_err();
    assert_eq!(
        e,
        UnpackError::TooShort {
            septets: 8,
            fill_bits: 0,
            needed: 7,
            available: 3
        }
    );
    assert_eq!(out, [0xAA], "nothing appended on error");
    // With fill bits after a UDH, one octet more.
    let e = unpack(&[0; 7], 8, 1, &mut out).unwrap_err();
    assert_eq!(
        e,
        UnpackError::TooShort {
            septets: 8,
            fill_bits: 1,
            needed: 8,
            available: 7
        }
    );
}

#[test]
fn rejects_huge_septet_count_without_allocating() {
    // A count from the wire is checked against the data before anything is sized by it.
    let mut out = Vec::new();
    for count in [usize::MAX, usize::MAX / 7, 1 << 40] {
        let e = unpack(&[0x41; 4], count, 0, &mut out).unwrap_err();
        assert!(
            matches!(e, UnpackError::TooShort { septets, available: 4, .. } if septets == count)
        );
        assert_eq!(out.capacity(), 0);
    }
    assert_eq!(
        packed_len(usize::MAX, 6),
        usize::MAX / 8 + 1,
        "saturates, no overflow"
    );
}

#[test]
fn rejects_octet_above_a_septet() {
    // Septets are 7-bit: one per octet as SMPP carries them, 0x80 is not one.
    let e = decode_septets(&[0x41, 0x80], Tables::default(), &mut String::new()).unwrap_err();
    assert_eq!(
        e,
        DecodeError::InvalidSeptet {
            index: 1,
            value: 0x80
        }
    );
}

#[test]
fn rejects_truncated_escape() {
    // §6.2.1.1: 0x1B escapes to the extension table; here nothing follows it.
    let e = decode_septets(&[0x41, 0x1B], Tables::default(), &mut String::new()).unwrap_err();
    assert_eq!(e, DecodeError::TruncatedEscape { index: 1 });
    // Leniently the lone escape is dropped and reported.
    let mut s = String::new();
    let q = decode_septets_with(
        &[0x41, 0x1B],
        Tables::default(),
        &DecodeOptions::lenient(),
        &mut s,
    )
    .unwrap();
    assert_eq!(s, "A");
    assert!(q.trailing_escape);
}

#[test]
fn rejects_undefined_escape_and_lenient_applies_the_fallback() {
    // 0x1B 0x41: the default extension table leaves 0x41 empty; §6.2.1.1: "the MS shall
    // display the character shown in the main GSM 7 bit default alphabet table".
    let e = decode_septets(&[0x1B, 0x41], Tables::default(), &mut String::new()).unwrap_err();
    assert_eq!(
        e,
        DecodeError::UndefinedEscape {
            index: 0,
            code: 0x41
        }
    );
    let mut s = String::new();
    let q = decode_septets_with(
        &[0x1B, 0x41],
        Tables::default(),
        &DecodeOptions::lenient(),
        &mut s,
    )
    .unwrap();
    assert_eq!(s, "A");
    assert_eq!(q.undefined_escapes, 1);
}

#[test]
fn rejects_lone_surrogates() {
    // TS 23.038 §6.2.3 (UCS2) read as UTF-16: a high surrogate needs a low one after it.
    let cases: [(&[u8], usize, u16); 4] = [
        (&[0xD8, 0x3D], 0, 0xD83D),                         // high at the end
        (&[0xD8, 0x3D, 0x00, 0x41], 0, 0xD83D),             // high then a BMP character
        (&[0x00, 0x41, 0xDE, 0x1C], 2, 0xDE1C),             // low alone
        (&[0xD8, 0x3D, 0xD8, 0x3D, 0xDE, 0x1C], 0, 0xD83D), // high, high, low
    ];
    for (bytes, index, unit) in cases {
        let mut out = String::from("kept");
        let e = decode_ucs2(bytes, &mut out).unwrap_err();
        assert_eq!(e, DecodeError::UnpairedSurrogate { index, unit });
        assert_eq!(out, "kept", "output untouched on error");
        let mut out = String::new();
        decode_ucs2_with(bytes, &DecodeOptions::lenient(), &mut out).unwrap();
        assert!(out.contains('\u{FFFD}'), "{out:?}");
    }
    let mut out = String::new();
    decode_ucs2_with(
        &[0xD8, 0x3D, 0xD8, 0x3D, 0xDE, 0x1C],
        &DecodeOptions::lenient(),
        &mut out,
    )
    .unwrap();
    assert_eq!(out, "\u{FFFD}😜");
}

#[test]
fn rejects_odd_length_utf16() {
    let e = decode_ucs2_with(
        &[0x00, 0x41, 0x00],
        &DecodeOptions::lenient(),
        &mut String::new(),
    )
    .unwrap_err();
    assert_eq!(e, DecodeError::OddLength { len: 3 });
    let e = Charset::Ucs2
        .decode(&[0x00], &mut String::new())
        .unwrap_err();
    assert_eq!(e, DecodeError::OddLength { len: 1 });
}

#[test]
fn rejects_256_part_concatenation() {
    // §9.2.3.24.1: "Maximum number of short messages in the concatenated short message" is
    // one octet, so 255 parts at most. With the 8-bit reference each GSM 7-bit part holds
    // (140 - 6) × 8 / 7 = 153 septets.
    let opts = SplitOptions::default();
    let text = "a".repeat(255 * 153);
    let s = split(&text, &opts).unwrap();
    assert_eq!((s.encoding, s.parts.len()), (Encoding::Gsm7, 255));
    let e = split(&"a".repeat(255 * 153 + 1), &opts).unwrap_err();
    assert!(
        matches!(e, SplitError::TooManyParts { needed } if needed >= 256),
        "{e:?}"
    );
    // UCS-2: 67 units per part.
    let e = split(&"ж".repeat(255 * 67 + 1), &opts).unwrap_err();
    assert!(
        matches!(e, SplitError::TooManyParts { needed } if needed >= 256),
        "{e:?}"
    );
    // 8-bit data: 134 octets per part.
    assert_eq!(
        split_binary(&vec![0; 255 * 134], ConcatRef::Eight(1))
            .unwrap()
            .parts
            .len(),
        255
    );
    let e = split_binary(&vec![0; 255 * 134 + 1], ConcatRef::Eight(1)).unwrap_err();
    assert!(
        matches!(e, SplitError::TooManyParts { needed } if needed >= 256),
        "{e:?}"
    );
}

#[test]
fn rejects_huge_text_without_building_the_parts() {
    // A megabyte of text is refused by counting, not by building 7000 parts.
    let e = split(&"a".repeat(1 << 20), &SplitOptions::default()).unwrap_err();
    assert!(
        matches!(e, SplitError::TooManyParts { needed } if needed >= 256),
        "{e:?}"
    );
}

#[test]
fn rejects_ignorable_concat_values() {
    // §9.2.3.24.1: "If the value is zero then the receiving entity shall ignore the whole
    // Information Element"; a sequence number above the total likewise.
    for data in [[7, 0, 1], [7, 2, 0], [7, 2, 3]] {
        assert_eq!(Concat::from_ie(0x00, &data), None, "{data:?}");
    }
    assert_eq!(Concat::from_ie(0x00, &[7, 2]), None, "wrong length");
    assert_eq!(
        Concat::from_ie(0x08, &[0, 7, 2, 1, 9]),
        None,
        "wrong length"
    );
    let mut r: Reassembler<u8, u8> = Reassembler::new(ReassemblyConfig::default());
    let bad = Concat {
        reference: 1,
        sixteen_bit: false,
        total: 2,
        seq: 3,
    };
    assert_eq!(r.push(Duration::ZERO, 1, bad, 0), Pushed::Invalid);
    assert_eq!(r.pending_messages(), 0);
}

#[test]
fn rejects_duplicate_parts_first_copy_wins() {
    let mut r: Reassembler<u8, &str> = Reassembler::new(ReassemblyConfig::default());
    let c = |seq| Concat {
        reference: 9,
        sixteen_bit: true,
        total: 2,
        seq,
    };
    let t = Duration::from_secs(1);
    assert!(matches!(
        r.push(t, 1, c(1), "first"),
        Pushed::Pending {
            received: 1,
            total: 2
        }
    ));
    assert_eq!(r.push(t, 1, c(1), "second"), Pushed::Duplicate);
    assert_eq!(r.held_parts(), 1);
    assert_eq!(
        r.push(t, 1, c(2), "!"),
        Pushed::Complete(vec!["first", "!"])
    );
    assert_eq!((r.pending_messages(), r.held_parts()), (0, 0));
}

#[test]
fn accepts_reassembly_flood_with_bounded_memory() {
    // An attacker sends parts of ever new messages (255-part totals, never completed): the
    // caps hold at every step and the overflow is evicted and counted.
    let config = ReassemblyConfig {
        max_pending_messages: 16,
        max_parts: 64,
        max_age: Duration::from_secs(3600),
    };
    let mut r: Reassembler<u32, Vec<u8>> = Reassembler::new(config);
    let mut x: u32 = 0x9E37_79B9;
    for i in 0..50_000u32 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let c = Concat {
            reference: (x & 0xFFFF) as u16,
            sixteen_bit: x & 0x10000 != 0,
            total: 255,
            seq: 1 + (x >> 24) as u8 % 255,
        };
        let now = Duration::from_millis(u64::from(i));
        let pushed = r.push(now, x % 97, c, vec![0; 140]);
        assert!(!matches!(pushed, Pushed::Complete(_) | Pushed::Invalid));
        assert!(
            r.pending_messages() <= 16,
            "{} pending",
            r.pending_messages()
        );
        assert!(r.held_parts() <= 64, "{} parts", r.held_parts());
    }
    assert!(r.evictions() > 0);
}

#[test]
fn accepts_one_message_flooded_with_its_own_parts() {
    // One message's 255 parts against a cap of 64 parts: the message is evicted rather than
    // held past the cap, and the reassembler keeps working.
    let config = ReassemblyConfig {
        max_pending_messages: 4,
        max_parts: 64,
        ..Default::default()
    };
    let mut r: Reassembler<u8, u8> = Reassembler::new(config);
    for seq in 1..=255u8 {
        let c = Concat {
            reference: 1,
            sixteen_bit: false,
            total: 255,
            seq,
        };
        let _ = r.push(Duration::ZERO, 0, c, seq);
        assert!(r.held_parts() <= 64);
    }
    let c = |seq| Concat {
        reference: 2,
        sixteen_bit: false,
        total: 2,
        seq,
    };
    let _ = r.push(Duration::ZERO, 0, c(2), 2);
    assert_eq!(
        r.push(Duration::ZERO, 0, c(1), 1),
        Pushed::Complete(vec![1, 2])
    );
}

#[test]
fn accepts_expiry_freeing_everything() {
    let config = ReassemblyConfig {
        max_age: Duration::from_secs(10),
        ..Default::default()
    };
    let mut r: Reassembler<u16, u8> = Reassembler::new(config);
    for reference in 0..500u16 {
        let c = Concat {
            reference,
            sixteen_bit: true,
            total: 3,
            seq: 1,
        };
        let _ = r.push(Duration::from_secs(1), reference, c, 0);
    }
    assert_eq!(r.next_expiry(), Some(Duration::from_secs(11)));
    assert_eq!(
        r.expire(Duration::from_secs(11)),
        0,
        "not older than max_age yet"
    );
    assert_eq!(r.expire(Duration::from_secs(12)), 500);
    assert_eq!(
        (r.pending_messages(), r.held_parts(), r.expirations()),
        (0, 0, 500)
    );
}

#[test]
fn rejects_malformed_multibyte_charsets() {
    // Shift_JIS lead byte 0x81 with an invalid trail byte; the error names the charset.
    let e = Charset::ShiftJis
        .decode(&[0x41, 0x81, 0x20], &mut String::new())
        .unwrap_err();
    assert!(
        matches!(e, DecodeError::Malformed { charset, .. } if !charset.is_empty()),
        "{e:?}"
    );
}
