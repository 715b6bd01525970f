//! gsm7 targets: septet unpacking with GSM 7 bit decoding, and UCS-2 decoding.
//!
//! Shared by the `gsm7_unpack` and `ucs2_decode` fuzz targets and by
//! `gsm7/tests/fuzz_corpus.rs`, which replays the committed corpus through the same functions.

use gsm7::{
    DecodeOptions, NationalLanguage, Tables, decode_septets, decode_septets_with, decode_ucs2,
    decode_ucs2_with, encode_septets, encode_ucs2, pack, packed_len, unpack,
};

use crate::input::Input;

/// `[fill_bits, count_hi, count_lo, locking, single, packed…]`: unpacks `count` septets after
/// `fill_bits` (0..=255, as the API allows) and decodes them with the tables named by the
/// national language ids (0 or unknown: the default table).
///
/// Checks: unpack never panics and succeeds exactly when `packed_len` fits; the septets are
/// 7-bit; pack → unpack gives them back; a strict decode is stable under
/// decode → encode → decode; lenient decoding never fails on 7-bit septets.
pub fn gsm7_unpack(data: &[u8]) {
    let mut input = Input::new(data);
    let fill_bits = input.u8();
    let count = usize::from(input.u16());
    let tables = Tables {
        locking: NationalLanguage::from_id(input.u8()),
        single: NationalLanguage::from_id(input.u8()),
    };
    let packed = input.rest();

    let mut septets = Vec::new();
    let unpacked = unpack(packed, count, fill_bits, &mut septets);
    assert_eq!(
        unpacked.is_ok(),
        packed_len(count, fill_bits) <= packed.len()
    );
    if unpacked.is_err() {
        assert!(septets.is_empty(), "a failed unpack appends nothing");
        // Decode the octets as septets anyway (SMPP carries them one per octet).
        septets = packed.iter().map(|b| b & 0x7F).collect();
    } else {
        assert_eq!(septets.len(), count);
        assert!(septets.iter().all(|&s| s < 0x80));
        let mut repacked = Vec::new();
        pack(&septets, fill_bits, &mut repacked);
        assert_eq!(repacked.len(), packed_len(count, fill_bits));
        let mut again = Vec::new();
        unpack(&repacked, count, fill_bits, &mut again).expect("repacked septets unpack");
        assert_eq!(again, septets, "pack ∘ unpack is the identity");
    }

    let mut text = String::new();
    if decode_septets(&septets, tables, &mut text).is_ok() {
        let mut encoded = Vec::new();
        let n = encode_septets(&text, tables, &mut encoded)
            .expect("text decoded with these tables encodes with them");
        assert_eq!(n, encoded.len());
        let mut back = String::new();
        decode_septets(&encoded, tables, &mut back).expect("our own septets decode");
        assert_eq!(back, text, "decode → encode → decode is stable");
    }
    let mut lenient = String::new();
    let _ = decode_septets_with(&septets, tables, &DecodeOptions::lenient(), &mut lenient);
}

/// UTF-16BE octets. Checks: a strict decode succeeds exactly on even lengths without lone
/// surrogates and then re-encodes to the same octets; a decode allowing lone surrogates succeeds on every
/// even length and its text re-encodes and decodes strictly to itself.
pub fn ucs2_decode(data: &[u8]) {
    let mut strict = String::from("keep");
    match decode_ucs2(data, &mut strict) {
        Ok(()) => {
            let mut again = Vec::new();
            encode_ucs2(&strict["keep".len()..], &mut again);
            assert_eq!(
                again, data,
                "UTF-16BE without lone surrogates round-trips exactly"
            );
        }
        Err(_) => assert_eq!(
            strict, "keep",
            "a failed decode leaves the output as it was"
        ),
    }
    let mut replaced = String::new();
    match decode_ucs2_with(data, &DecodeOptions::lenient(), &mut replaced) {
        Ok(_) => {
            assert!(data.len().is_multiple_of(2));
            let mut again = Vec::new();
            encode_ucs2(&replaced, &mut again);
            let mut back = String::new();
            decode_ucs2(&again, &mut back).expect("our own UTF-16 decodes");
            assert_eq!(back, replaced);
        }
        Err(_) => assert!(
            !data.len().is_multiple_of(2),
            "only odd lengths fail when lone surrogates are allowed"
        ),
    }
}
