//! GSM 7 bit text → septets (TS 23.038 §6.2.1, §6.2.1.1, Annex A), one septet per octet.

use alloc::vec::Vec;

use crate::error::EncodeError;
use crate::language::Tables;
use crate::lookup::{Coded, ESCAPE, LATIN1_TO_DEFAULT, LOW_TO_DEFAULT, code_char, code_default};

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
        encode_default(text, out)
    } else {
        encode_with(text, tables, out, None)
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

/// The default-alphabet hot loop: bytes through the byte map into a buffer sized for the
/// worst case (two septets per input byte), eight ASCII bytes at a time when none needs an
/// escape.
fn encode_default(text: &str, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    let bytes = text.as_bytes();
    let start = out.len();
    out.resize(start + bytes.len() * 2, 0);
    let buf = &mut out[start..];
    let mut i = 0;
    let mut j = 0;
    let mut result = Ok(());
    let mut skip_blocks = 0u8;
    while i < bytes.len() {
        if skip_blocks == 0
            && let (Some(chunk), Some(dst)) = (bytes.get(i..i + 8), buf.get_mut(j..j + 8))
        {
            let mut high = 0u8;
            for (d, &b) in dst.iter_mut().zip(chunk) {
                let v = LATIN1_TO_DEFAULT[usize::from(b)];
                *d = v;
                high |= b | v;
            }
            if high < 0x80 {
                i += 8;
                j += 8;
                continue;
            }
            // Not plain ASCII here: go one character at a time for a while.
            skip_blocks = 16;
        }
        skip_blocks = skip_blocks.saturating_sub(1);
        let b = bytes[i];
        let (code, adv) = if b < 0x80 {
            (LOW_TO_DEFAULT[usize::from(b)], 1)
        } else if b & 0xE0 == 0xC0
            && let Some(&b1) = bytes.get(i + 1)
        {
            // Two-byte UTF-8 (U+0080..=U+07FF): Latin-1 letters and Greek, decoded inline.
            let c = usize::from(b & 0x1F) << 6 | usize::from(b1 & 0x3F);
            (LOW_TO_DEFAULT.get(c).copied().unwrap_or(([0, 0], 0)), 2)
        } else {
            let ch = text
                .get(i..)
                .and_then(|s| s.chars().next())
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            let code = match code_default(ch) {
                Some(Coded::One(v)) => ([v, 0], 1),
                Some(Coded::Escaped(v)) => ([ESCAPE, v], 2),
                None => ([0, 0], 0),
            };
            (code, ch.len_utf8())
        };
        if code.1 == 0 {
            let ch = text
                .get(i..)
                .and_then(|s| s.chars().next())
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            result = Err(EncodeError::UnmappableChar { ch, index: i });
            break;
        }
        // j + 2 <= 2 * (i + 1) <= buf.len(): at most two septets per input byte so far.
        buf[j..j + 2].copy_from_slice(&code.0);
        j += usize::from(code.1);
        i += adv;
    }
    out.truncate(start + j);
    result
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
}
