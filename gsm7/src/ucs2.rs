//! UCS-2 / UTF-16BE (TS 23.038 §6.2.3; SMPP data_coding 0x08): surrogate pairs intact.

use alloc::string::String;
use alloc::vec::Vec;

use crate::decode::{DecodeOptions, DecodeQuirks};
use crate::error::DecodeError;

/// Appends `text` as UTF-16BE (characters above U+FFFF as surrogate pairs).
///
/// ```
/// let mut b = Vec::new();
/// gsm7::encode_ucs2("a😜", &mut b);
/// assert_eq!(b, [0x00, 0x61, 0xD8, 0x3D, 0xDE, 0x1C]);
/// ```
pub fn encode_ucs2(text: &str, out: &mut Vec<u8>) {
    // A character takes at most two octets of UTF-16 per octet of UTF-8 (one unit for one to
    // three octets, two units for four): the output is sized once, written by index, and cut
    // to what was written.
    let start = out.len();
    out.resize(start + text.len() * 2, 0);
    let dst = &mut out[start..];
    let mut n = 0;
    for unit in text.encode_utf16() {
        if let Some(d) = dst.get_mut(n..n + 2) {
            d.copy_from_slice(&unit.to_be_bytes());
        }
        n += 2;
    }
    out.truncate(start + n);
}

/// UTF-16 code units `text` takes.
pub fn ucs2_units(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Decodes UTF-16BE, appending to `out`. Odd length and an unpaired surrogate are errors
/// (with the octet offset); on error `out` is left as it was. The strict shorthand of
/// [`decode_ucs2_with`].
///
/// ```
/// let mut text = String::new();
/// gsm7::decode_ucs2(&[0x00, 0x61, 0xD8, 0x3D, 0xDE, 0x1C], &mut text)?;
/// assert_eq!(text, "a😜");
/// # Ok::<(), gsm7::DecodeError>(())
/// ```
pub fn decode_ucs2(bytes: &[u8], out: &mut String) -> Result<(), DecodeError> {
    decode_ucs2_with(bytes, &DecodeOptions::strict(), out).map(|_| ())
}

/// Decodes UTF-16BE, appending to `out`, forgiving what `options` allow
/// ([`DecodeOptions::allow_lone_surrogates`]: an unpaired surrogate becomes U+FFFD) and
/// reporting it. Odd length is always an error. On error `out` is left as it was.
///
/// ```
/// use gsm7::{decode_ucs2_with, DecodeOptions};
///
/// // "a" and the high half of 😜 alone (a part cut inside the pair).
/// let opts = DecodeOptions::strict().allow_lone_surrogates(true);
/// let mut text = String::new();
/// let q = decode_ucs2_with(&[0x00, 0x61, 0xD8, 0x3D], &opts, &mut text)?;
/// assert_eq!(text, "a\u{FFFD}");
/// assert_eq!((q.lone_surrogates, q.first_index), (1, Some(2)));
/// # Ok::<(), gsm7::DecodeError>(())
/// ```
pub fn decode_ucs2_with(
    bytes: &[u8],
    options: &DecodeOptions,
    out: &mut String,
) -> Result<DecodeQuirks, DecodeError> {
    let mut quirks = DecodeQuirks::default();
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::OddLength { len: bytes.len() });
    }
    let start = out.len();
    out.reserve(bytes.len() / 2);
    let unit = |i: usize| {
        bytes
            .get(i..i + 2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
    };
    let mut i = 0;
    while let Some(u) = unit(i) {
        if !(0xD800..0xE000).contains(&u) {
            out.push(char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER));
            i += 2;
            continue;
        }
        if u < 0xDC00
            && let Some(lo) = unit(i + 2)
            && (0xDC00..0xE000).contains(&lo)
        {
            let c = 0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(lo) - 0xDC00);
            out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
            i += 4;
            continue;
        }
        // "unpaired": a high surrogate without a low one after it, or a low one alone.
        if !options.allows_lone_surrogates() {
            out.truncate(start);
            return Err(DecodeError::UnpairedSurrogate { index: i, unit: u });
        }
        out.push(char::REPLACEMENT_CHARACTER);
        quirks.lone_surrogates += 1;
        quirks.note(i);
        i += 2;
    }
    Ok(quirks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_surrogate_pairs() {
        let mut b = Vec::new();
        encode_ucs2("x🇮🇹你", &mut b);
        let mut s = String::new();
        decode_ucs2(&b, &mut s).unwrap();
        assert_eq!(s, "x🇮🇹你");
        assert_eq!(ucs2_units("x🇮🇹你"), 6);
    }

    #[test]
    fn rejects_lone_surrogates_with_offset() {
        let mut s = String::new();
        // 'a', high surrogate, 'b'
        let b = [0x00, 0x61, 0xD8, 0x3D, 0x00, 0x62];
        assert_eq!(
            decode_ucs2(&b, &mut s),
            Err(DecodeError::UnpairedSurrogate {
                index: 2,
                unit: 0xD83D
            })
        );
        // lone low surrogate at the end
        let b = [0x00, 0x61, 0xDE, 0x1C];
        assert_eq!(
            decode_ucs2(&b, &mut s),
            Err(DecodeError::UnpairedSurrogate {
                index: 2,
                unit: 0xDE1C
            })
        );
        assert_eq!(
            decode_ucs2(&[0, 0x61, 0], &mut s),
            Err(DecodeError::OddLength { len: 3 })
        );
    }

    #[test]
    fn accepts_lone_surrogates_replaced_when_asked() {
        let mut s = String::new();
        let b = [0x00, 0x61, 0xD8, 0x3D, 0x00, 0x62, 0xDE, 0x1C];
        let q = decode_ucs2_with(&b, &DecodeOptions::lenient(), &mut s).unwrap();
        assert_eq!(s, "a\u{FFFD}b\u{FFFD}");
        assert_eq!((q.lone_surrogates, q.first_index), (2, Some(2)));
        // Strict options: the same error as decode_ucs2.
        let mut s = String::new();
        assert!(decode_ucs2_with(&b, &DecodeOptions::strict(), &mut s).is_err());
        assert_eq!(s, "");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        // The eight-ASCII-characters-at-a-time encoder gives what the standard library's
        // UTF-16 encoder gives, big-endian, after whatever `out` held.
        #[test]
        fn accepts_fast_ucs2_as_encode_utf16(
            text in "([a-zA-Z0-9 .,!?\r\n]{0,20}|[éΔ€你]|😀|👩\u{200d}👧|.)*",
        ) {
            let mut fast = alloc::vec![7u8];
            encode_ucs2(&text, &mut fast);
            let mut general = alloc::vec![7u8];
            for unit in text.encode_utf16() {
                general.extend_from_slice(&unit.to_be_bytes());
            }
            proptest::prop_assert_eq!(fast, general);
        }
    }
}
