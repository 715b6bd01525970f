//! GSM 7 bit text → septets (TS 23.038 §6.2.1, §6.2.1.1, Annex A), one septet per octet.

use alloc::vec::Vec;

use crate::block::{BLOCK, ascii_to_septets, good_run, padded_tail, skip};
use crate::error::EncodeError;
use crate::language::Tables;
use crate::lookup::{
    Coded, ESCAPE, LOW_TO_DEFAULT, NONE, Reverse, code_char, code_default, rev_locking, rev_shift,
};

/// Encodes `text` as septets (one per octet, values 0..=0x7F, an escaped character as 0x1B and
/// its code) with `tables`, appending to `out`; returns the number of septets appended.
///
/// A character with no mapping is an error naming it and its byte offset; `out` is then left as
/// it was. [`encode_septets_lossy`] replaces such characters instead.
///
/// ```
/// let mut septets = Vec::new();
/// let n = gsm7::encode_septets("a{", gsm7::Tables::default(), &mut septets)?;
/// assert_eq!((n, septets), (3, vec![0x61, 0x1B, 0x28]));
/// # Ok::<(), gsm7::EncodeError>(())
/// ```
pub fn encode_septets(text: &str, tables: Tables, out: &mut Vec<u8>) -> Result<usize, EncodeError> {
    let start = out.len();
    let result = if tables.is_default() {
        encode_blocks(text, out, encode_one_default)
    } else {
        encode_national(text, tables, out)
    };
    match result {
        Ok(()) => Ok(out.len() - start),
        Err(e) => {
            out.truncate(start);
            Err(e)
        }
    }
}

/// Like [`encode_septets`] but codes each unmappable character as '?' (0x3F, present in every
/// table) and returns `(septets appended, characters replaced)`.
pub fn encode_septets_lossy(text: &str, tables: Tables, out: &mut Vec<u8>) -> (usize, usize) {
    let start = out.len();
    let mut replaced = 0;
    // Cannot fail with a replacement.
    let _ = encode_with(text, tables, out, Some(&mut replaced));
    (out.len() - start, replaced)
}

/// The number of septets [`encode_septets`] would produce.
pub fn septet_count(text: &str, tables: Tables) -> Result<usize, EncodeError> {
    let mut n = 0;
    for (index, ch) in text.char_indices() {
        n += code_char(ch, tables)
            .ok_or(EncodeError::UnmappableChar { ch, index })?
            .len();
    }
    Ok(n)
}

/// Septets gathered on the stack before they are appended to the output.
const STAGE: usize = 512;

/// The hot loop for tables whose ASCII characters are coded as in the default alphabet,
/// sixteen bytes at a time: [`ascii_to_septets`] converts a block and flags the bytes that are
/// not ASCII of the default alphabet proper. A block with none is taken whole, on a branch
/// (not by adding a count of good bytes, so the next block's load does not wait for this one's
/// result). Otherwise the good runs of the block are taken from the converted septets and each
/// character between them goes through `one` ([`encode_one_default`] for the default tables,
/// [`encode_one_national`] for the others). Septets are staged on the stack and appended in
/// bulk.
#[inline(always)]
fn encode_blocks(
    text: &str,
    out: &mut Vec<u8>,
    one: impl Fn(&str, usize) -> Result<([u8; 2], usize, usize), EncodeError>,
) -> Result<(), EncodeError> {
    let bytes = text.as_bytes();
    out.reserve(bytes.len());
    let mut stage = [0u8; STAGE];
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        // A block's bytes take at most two septets each, and the last write of a block (16
        // septets from at most 15 bytes in) ends before n + 2 * 15 + 16: 3 * BLOCK is room.
        if n + 3 * BLOCK > STAGE {
            out.extend_from_slice(&stage[..n]);
            n = 0;
        }
        let (block, avail) = match bytes.get(i..).and_then(<[u8]>::first_chunk::<BLOCK>) {
            Some(chunk) => (*chunk, BLOCK),
            // The tail, padded with zero bytes (a control character: not on the fast path).
            None => padded_tail(&bytes[i..], 0),
        };
        let (septets, bad) = ascii_to_septets(block);
        stage[n..n + BLOCK].copy_from_slice(&septets);
        if bad == 0 {
            n += BLOCK;
            i += BLOCK;
            continue;
        }
        // The good prefix, then alternately a character through the byte maps and the good
        // run after it, until the block is used up.
        let mut p = good_run(bad, 0, avail);
        n += p;
        i += p;
        while p < avail && i < bytes.len() {
            let (code, len, next) = one(text, i)?;
            stage[n..n + 2].copy_from_slice(&code);
            n += len;
            p += next - i;
            i = next;
            if p >= avail {
                break;
            }
            let good = good_run(bad, p, avail);
            stage[n..n + BLOCK].copy_from_slice(&skip(septets, p));
            n += good;
            i += good;
            p += good;
        }
    }
    out.extend_from_slice(&stage[..n]);
    Ok(())
}

/// Codes the character at byte `i` of `text` with the default tables: its septets (the first
/// `len` of two), `len`, and the offset of the next character.
#[inline]
fn encode_one_default(text: &str, i: usize) -> Result<([u8; 2], usize, usize), EncodeError> {
    let bytes = text.as_bytes();
    let b = bytes[i];
    let ((code, n), adv) = if b < 0x80 {
        (LOW_TO_DEFAULT[usize::from(b)], 1)
    } else if b & 0xE0 == 0xC0
        && let Some(&b1) = bytes.get(i + 1)
    {
        // Two-byte UTF-8 (U+0080..=U+07FF): Latin-1 letters and Greek, decoded inline.
        let c = usize::from(b & 0x1F) << 6 | usize::from(b1 & 0x3F);
        (LOW_TO_DEFAULT.get(c).copied().unwrap_or(([0, 0], 0)), 2)
    } else if bytes.get(i..i + 3) == Some("€".as_bytes()) {
        // The one three-octet character of the default tables (extension table 0x65).
        (([ESCAPE, 0x65], 2), 3)
    } else {
        let ch = char_at(text, i);
        let code = match code_default(ch) {
            Some(Coded::One(v)) => ([v, 0], 1),
            Some(Coded::Escaped(v)) => ([ESCAPE, v], 2),
            None => ([0, 0], 0),
        };
        (code, ch.len_utf8())
    };
    if n == 0 {
        return Err(EncodeError::UnmappableChar {
            ch: char_at(text, i),
            index: i,
        });
    }
    Ok((code, usize::from(n), i + adv))
}

/// National tables: whole blocks of ASCII when the locking table codes ASCII as the default
/// alphabet does (Turkish, Spanish, Portuguese), else character by character through the
/// tables' byte maps ([`encode_each`]).
fn encode_national(text: &str, tables: Tables, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    let locking = rev_locking(tables.locking);
    let shift = rev_shift(tables.single);
    if locking.default_ascii {
        let one = |text: &str, i: usize| encode_one_national(text, i, locking, shift);
        return encode_blocks(text, out, one);
    }
    encode_each(text, locking, shift, out)
}

/// Codes `text` one character at a time, the UTF-8 decoded inline: the output is sized once
/// for the most septets the text can take (two per octet: an escaped ASCII character) and
/// written by index, then cut to what was written.
fn encode_each(
    text: &str,
    locking: &Reverse,
    shift: &Reverse,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    let bytes = text.as_bytes();
    let start = out.len();
    out.resize(start + 2 * bytes.len(), 0);
    let dst = &mut out[start..];
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (code, len, next) = encode_one_national(text, i, locking, shift)?;
        // n ≤ 2i (at most two septets per octet consumed), so this is in bounds.
        if let Some(d) = dst.get_mut(n..n + 2) {
            d.copy_from_slice(&code);
        }
        n += len;
        i = next;
    }
    out.truncate(start + n);
    Ok(())
}

/// Codes the character at byte `i` of `text` with a locking table and a single shift table
/// (the locking table first, as [`code_char`] does): its septets (the first `len` of two),
/// `len`, and the offset of the next character. The UTF-8 is decoded here from the octets
/// (one to three of them: no table has a character above U+FFFF).
#[inline(always)]
fn encode_one_national(
    text: &str,
    i: usize,
    locking: &Reverse,
    shift: &Reverse,
) -> Result<([u8; 2], usize, usize), EncodeError> {
    let bytes = text.as_bytes();
    let at = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3F);
    let b = u32::from(bytes.get(i).copied().unwrap_or(0));
    let (c, adv) = if b < 0x80 {
        (b, 1)
    } else if b < 0xE0 {
        ((b & 0x1F) << 6 | at(1), 2)
    } else if b < 0xF0 {
        ((b & 0x0F) << 12 | at(1) << 6 | at(2), 3)
    } else {
        // Four octets: above U+FFFF, in no table.
        return Err(EncodeError::UnmappableChar {
            ch: char_at(text, i),
            index: i,
        });
    };
    let v = locking.get_code(c);
    if v != NONE {
        return Ok(([v, 0], 1, i + adv));
    }
    let v = shift.get_code(c);
    if v != NONE {
        return Ok(([ESCAPE, v], 2, i + adv));
    }
    Err(EncodeError::UnmappableChar {
        ch: char_at(text, i),
        index: i,
    })
}

/// The character starting at byte `i` (a character boundary) of `text`.
fn char_at(text: &str, i: usize) -> char {
    text.get(i..)
        .and_then(|s| s.chars().next())
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

fn encode_with(
    text: &str,
    tables: Tables,
    out: &mut Vec<u8>,
    mut replaced: Option<&mut usize>,
) -> Result<(), EncodeError> {
    for (index, ch) in text.char_indices() {
        match code_char(ch, tables) {
            Some(Coded::One(v)) => out.push(v),
            Some(Coded::Escaped(v)) => out.extend_from_slice(&[ESCAPE, v]),
            None => match replaced.as_deref_mut() {
                Some(n) => {
                    *n += 1;
                    out.push(b'?');
                }
                None => return Err(EncodeError::UnmappableChar { ch, index }),
            },
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charsets::{DEFAULT_LOCKING, DEFAULT_SHIFT, NA};
    use crate::decode::decode_septets;
    use crate::language::NationalLanguage;
    use alloc::string::{String, ToString};
    use alloc::vec;

    fn enc(text: &str, tables: Tables) -> Result<Vec<u8>, EncodeError> {
        let mut v = Vec::new();
        encode_septets(text, tables, &mut v).map(|_| v)
    }

    // TS 23.038 §6.2.1: '@' is septet 0x00, a character like any other.
    #[test]
    fn roundtrip_at_sign() {
        assert_eq!(enc("@@", Tables::DEFAULT).unwrap(), vec![0, 0]);
        let mut s = String::new();
        decode_septets(&[0, 0], Tables::DEFAULT, &mut s).unwrap();
        assert_eq!(s, "@@");
    }

    // §6.2.1 and §6.2.1.1: every defined position of the default tables round-trips.
    #[test]
    fn roundtrip_every_default_position() {
        for code in 0u8..128 {
            let ch = DEFAULT_LOCKING[usize::from(code)];
            if ch != NA {
                assert_eq!(enc(&ch.to_string(), Tables::DEFAULT).unwrap(), vec![code]);
            }
            let ch = DEFAULT_SHIFT[usize::from(code)];
            if ch != NA {
                assert_eq!(
                    enc(&ch.to_string(), Tables::DEFAULT).unwrap(),
                    vec![ESCAPE, code]
                );
            }
        }
    }

    #[test]
    fn rejects_unmappable_with_byte_offset() {
        assert_eq!(
            enc("ab`", Tables::DEFAULT),
            Err(EncodeError::UnmappableChar { ch: '`', index: 2 })
        );
        assert_eq!(
            enc("\u{e9}\u{4f60}", Tables::DEFAULT),
            Err(EncodeError::UnmappableChar {
                ch: '\u{4f60}',
                index: 2
            })
        );
        let mut v = vec![1];
        assert!(encode_septets("x\u{4f60}", Tables::DEFAULT, &mut v).is_err());
        assert_eq!(v, vec![1], "output restored on error");
    }

    // §6.2.1 / §6.2.1.1: every kind of character (one septet remapped from ASCII, escaped
    // ASCII, two- and three-byte UTF-8, LF/CR) at every position around the 16-byte blocks of
    // the fast path codes as the general per-character path codes it, and decodes back.
    #[test]
    fn roundtrip_every_kind_of_character_across_block_edges() {
        for special in [
            "\u{e9}", "\u{20ac}", "{", "@", "_", "$", "\u{394}", "\n", "\r", "\u{c}", "\u{a3}",
        ] {
            for k in 0..40 {
                let text = "x".repeat(k) + special + "yz" + special + &"q".repeat(k % 17);
                let fast = enc(&text, Tables::DEFAULT).unwrap();
                let mut general = Vec::new();
                assert_eq!(
                    encode_septets_lossy(&text, Tables::DEFAULT, &mut general),
                    (fast.len(), 0)
                );
                assert_eq!(fast, general, "{text:?}");
                let mut back = String::new();
                decode_septets(&fast, Tables::DEFAULT, &mut back).unwrap();
                assert_eq!(back, text);
            }
        }
    }

    // The error names the first unmappable character and its byte offset wherever it falls.
    #[test]
    fn rejects_unmappable_at_every_offset() {
        for k in 0..40 {
            let text = "a".repeat(k) + "`" + &"b".repeat(20);
            assert_eq!(
                enc(&text, Tables::DEFAULT),
                Err(EncodeError::UnmappableChar { ch: '`', index: k })
            );
            let text = "\u{e9}".repeat(k) + "\u{4f60}" + "{";
            assert_eq!(
                enc(&text, Tables::DEFAULT),
                Err(EncodeError::UnmappableChar {
                    ch: '\u{4f60}',
                    index: 2 * k
                })
            );
        }
    }

    #[test]
    fn accepts_lossy_replacement_when_asked() {
        let mut v = Vec::new();
        assert_eq!(
            encode_septets_lossy("a\u{4f60}b", Tables::DEFAULT, &mut v),
            (3, 1)
        );
        assert_eq!(v, b"a?b");
    }

    // A.3.1 / A.2.1: Turkish locking puts 'ı' at 0x07 and 'Ş' at 0x1C; with the default
    // alphabet, the Turkish single shift table has 'Ş' at 0x53.
    #[test]
    fn roundtrip_turkish_tables() {
        let tr = Some(NationalLanguage::Turkish);
        for (t, want) in [
            (
                Tables {
                    locking: tr,
                    single: tr,
                },
                vec![0x07, 0x1C],
            ),
            (
                Tables {
                    locking: None,
                    single: tr,
                },
                vec![ESCAPE, 0x69, ESCAPE, 0x53],
            ),
        ] {
            let v = enc("\u{131}\u{15e}", t).unwrap();
            assert_eq!(v, want);
            let mut s = String::new();
            decode_septets(&v, t, &mut s).unwrap();
            assert_eq!(s, "\u{131}\u{15e}");
        }
    }

    /// Every Tables pair of one language and the default ones.
    fn language_tables() -> Vec<Tables> {
        let mut all = vec![Tables::DEFAULT];
        for l in NationalLanguage::ALL {
            for (locking, single) in [(Some(l), Some(l)), (None, Some(l)), (Some(l), None)] {
                all.push(Tables { locking, single });
            }
        }
        all
    }

    /// Every character of every table (TS 23.038 §6.2.1, §6.2.1.1, Annex A), once.
    fn every_table_character() -> Vec<char> {
        let mut all: Vec<char> = language_tables()
            .into_iter()
            .flat_map(|t| {
                t.locking_table()
                    .iter()
                    .chain(t.shift_table().iter())
                    .copied()
                    .collect::<Vec<char>>()
            })
            .filter(|&c| c != NA)
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        // Text of characters from every table, with characters no table has (emoji, ZWJ
        // sequences, anything): the fast encoders code it as the general path does with every
        // pair of tables, errors (the first unmappable character and its offset) included.
        #[test]
        fn accepts_fast_encoding_of_every_table_character_as_the_general_path(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    12 => proptest::sample::select(every_table_character()),
                    1 => proptest::prelude::any::<char>(),
                    1 => proptest::sample::select(vec!['😀', '\u{200d}', '👩', '🇮', '\u{301}']),
                ],
                0..120,
            ),
        ) {
            let text: String = chars.into_iter().collect();
            for t in language_tables() {
                let mut fast = vec![9];
                let fast_result = encode_septets(&text, t, &mut fast);
                let mut general = vec![9];
                let general_result = encode_with(&text, t, &mut general, None);
                match (fast_result, general_result) {
                    (Ok(n), Ok(())) => {
                        proptest::prop_assert_eq!(&fast, &general, "{:?} {:?}", t, text);
                        proptest::prop_assert_eq!(n, fast.len() - 1);
                    }
                    (Err(f), Err(g)) => {
                        proptest::prop_assert_eq!(f, g);
                        proptest::prop_assert_eq!(&fast, &vec![9], "output restored");
                    }
                    (f, g) => proptest::prop_assert!(false, "{:?} vs {:?} for {:?} {:?}", f, g, t, text),
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        // Text of one pair of tables' characters (locking and single shift positions, so that
        // it codes), now and then a character from elsewhere: the fast encoder codes it as the
        // general path does, and the septets decode back to the text.
        #[test]
        fn roundtrip_fast_encoding_of_one_pair_of_tables(
            table in 0usize..40,
            picks in proptest::collection::vec((0u8..200, 0u8..128), 0..200),
        ) {
            let all = language_tables();
            let t = all[table % all.len()];
            let text: String = picks
                .iter()
                .map(|&(kind, pos)| match kind {
                    0..120 => t.locking_table()[usize::from(pos)],
                    120..199 => t.shift_table()[usize::from(pos)],
                    _ => char::from_u32(0x600 + u32::from(pos) * 13).unwrap_or('x'),
                })
                .filter(|&c| c != NA)
                .collect();
            let mut fast = Vec::new();
            let fast_result = encode_septets(&text, t, &mut fast);
            let mut general = Vec::new();
            let general_result = encode_with(&text, t, &mut general, None);
            proptest::prop_assert_eq!(fast_result.map(|_| ()), general_result);
            if fast_result.is_ok() {
                proptest::prop_assert_eq!(&fast, &general);
                let mut back = String::new();
                decode_septets(&fast, t, &mut back).unwrap();
                let mut again = Vec::new();
                encode_septets(&back, t, &mut again).unwrap();
                // A character the tables list twice decodes to itself at its lower septet.
                proptest::prop_assert_eq!(again, fast);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        // The fast encoders (blocks of ASCII, the byte maps of each table) code every text as
        // the general character-by-character path does, errors included, with every table.
        #[test]
        fn accepts_fast_encoding_as_the_general_path(
            text in "([a-zA-Z0-9 @$_{}\\[\\]()\r\n\u{c}`]|[\u{a0}-\u{17f}]|[\u{391}-\u{3a9}]|[\u{600}-\u{6ff}]|[\u{900}-\u{d7f}]|[€你😀])*",
        ) {
            for t in language_tables() {
                let mut fast = vec![9];
                let fast_result = encode_septets(&text, t, &mut fast);
                let mut general = vec![9];
                let general_result = encode_with(&text, t, &mut general, None);
                match (fast_result, general_result) {
                    (Ok(n), Ok(())) => {
                        proptest::prop_assert_eq!(&fast, &general, "{:?} {:?}", t, text);
                        proptest::prop_assert_eq!(n, fast.len() - 1);
                    }
                    (Err(f), Err(g)) => {
                        proptest::prop_assert_eq!(f, g);
                        proptest::prop_assert_eq!(&fast, &vec![9], "output restored");
                    }
                    (f, g) => proptest::prop_assert!(false, "{:?} vs {:?} for {:?} {:?}", f, g, t, text),
                }
            }
        }
    }
}
