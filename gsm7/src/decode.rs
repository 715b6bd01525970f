//! Septets → GSM 7 bit text (TS 23.038 §6.2.1, §6.2.1.1, Annex A), strict or lenient.

use alloc::string::String;

use crate::charsets::{DEFAULT_LOCKING, DEFAULT_SHIFT, NA};
use crate::error::DecodeError;
use crate::language::Tables;
use crate::lookup::ESCAPE;

/// What a lenient decode forgave, so that nothing is hidden.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeQuirks {
    /// Escapes to positions the single shift table leaves undefined, shown per §6.2.1.1 as the
    /// locking/default table character (or a space for escape-escape).
    pub undefined_escapes: usize,
    /// Septets at positions the locking table leaves undefined, shown as U+FFFD.
    pub undefined_septets: usize,
    /// Whether the last septet was a lone escape (dropped).
    pub trailing_escape: bool,
    /// Position of the first forgiven septet.
    pub first_index: Option<usize>,
}

impl DecodeQuirks {
    /// Whether nothing was forgiven.
    pub fn is_empty(&self) -> bool {
        self.first_index.is_none()
    }

    fn note(&mut self, index: usize) {
        self.first_index.get_or_insert(index);
    }
}

/// Decodes septets (one per octet) with `tables`, appending to `out`.
///
/// Strict: a value above 0x7F, a trailing escape, an escape to an undefined single shift
/// position and an undefined locking table position are errors with the septet's position
/// (`out` is then left as it was). [`decode_septets_lenient`] applies the display rules of
/// §6.2.1.1 instead and reports what it forgave. '@' (0x00) is a character like any other.
///
/// ```
/// let mut text = String::new();
/// gsm7::decode_septets(&[0x00, 0x1B, 0x65], gsm7::Tables::default(), &mut text)?;
/// assert_eq!(text, "@€");
/// # Ok::<(), gsm7::DecodeError>(())
/// ```
pub fn decode_septets(septets: &[u8], tables: Tables, out: &mut String) -> Result<(), DecodeError> {
    let start = out.len();
    if tables.is_default() && decode_default_fast(septets, out) {
        return Ok(());
    }
    out.truncate(start);
    decode_impl(septets, tables, false, out)
        .map(|_| ())
        .inspect_err(|_| out.truncate(start))
}

/// Decodes septets like [`decode_septets`], but forgives what TS 23.038 tells a display how to
/// show, and reports each forgiven septet in the returned [`DecodeQuirks`]:
///
/// - an escape to an undefined position: "In the event that an MS receives a code where a
///   symbol is not represented in the above table then the MS shall display either the
///   character shown in the main GSM 7 bit default alphabet table in subclause 6.2.1, or the
///   character from the National Language Locking Shift table in the case where the locking
///   shift mechanism as defined in subclause 6.2.1.2.3 is used" (§6.2.1.1): the escape and the
///   septet decode to that one character (as AOSP does; oFono shows a space and then the
///   character);
/// - escape, escape: "reserved for the extension to another extension table. On receipt of
///   this code, a receiving entity shall display a space until another extension table is
///   defined" (§6.2.1.1);
/// - an undefined locking table position: U+FFFD; a lone trailing escape: dropped.
///
/// A septet above 0x7F is still an error.
pub fn decode_septets_lenient(
    septets: &[u8],
    tables: Tables,
    out: &mut String,
) -> Result<DecodeQuirks, DecodeError> {
    let start = out.len();
    decode_impl(septets, tables, true, out).inspect_err(|_| out.truncate(start))
}

/// The ASCII character of each default alphabet position, 0 where it is not ASCII (or is
/// the escape).
static SEPTET_TO_ASCII: [u8; 128] = septet_ascii();

const fn septet_ascii() -> [u8; 128] {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let c = DEFAULT_LOCKING[i] as u32;
        if DEFAULT_LOCKING[i] != NA && c < 0x80 && c != 0 {
            t[i] = c as u8;
        }
        i += 1;
    }
    t
}

/// UTF-8 of each default alphabet position (and its length), for the decode fast path.
static DEFAULT_UTF8: [([u8; 4], u8); 128] = utf8_table(&DEFAULT_LOCKING);
/// UTF-8 of each default alphabet position in two octets (all are one or two long), length 0
/// where empty (0x1B).
static DEFAULT_UTF8_2: [([u8; 2], u8); 128] = utf8_table_2(&DEFAULT_LOCKING);

const fn utf8_table_2(table: &[char; 128]) -> [([u8; 2], u8); 128] {
    let mut t = [([0u8; 2], 0u8); 128];
    let mut i = 0;
    while i < 128 {
        if table[i] != NA {
            let mut b = [0u8; 4];
            let len = table[i].encode_utf8(&mut b).len();
            if len <= 2 {
                t[i] = ([b[0], b[1]], len as u8);
            }
        }
        i += 1;
    }
    t
}

/// UTF-8 of each default extension table position (length 0 where it is empty).
static DEFAULT_SHIFT_UTF8: [([u8; 4], u8); 128] = utf8_table(&DEFAULT_SHIFT);

const fn utf8_table(table: &[char; 128]) -> [([u8; 4], u8); 128] {
    let mut t = [([0u8; 4], 0u8); 128];
    let mut i = 0;
    while i < 128 {
        if table[i] != NA {
            let mut b = [0u8; 4];
            let len = table[i].encode_utf8(&mut b).len();
            t[i] = (b, len as u8);
        }
        i += 1;
    }
    t
}

/// Decodes default-alphabet septets through a stack buffer, 64 at a time. Returns `false`
/// (leaving partial output for the caller to truncate) at anything the strict path must
/// report: a value above 0x7F, an empty position, a lone or undefined escape.
fn decode_default_fast(septets: &[u8], out: &mut String) -> bool {
    let mut v = core::mem::take(out).into_bytes();
    let start = v.len();
    // At most two octets of UTF-8 per septet (an escape pair gives at most three).
    v.resize(start + septets.len() * 2 + 4, 0);
    let ok = write_default_utf8(septets, &mut v[start..]);
    let n = ok.unwrap_or(0);
    v.truncate(start + n);
    match String::from_utf8(v) {
        Ok(s) => {
            *out = s;
            ok.is_some()
        }
        Err(e) => {
            let mut b = e.into_bytes();
            b.truncate(start);
            *out = String::from_utf8(b).unwrap_or_default();
            false
        }
    }
}

/// Writes the UTF-8 of default-alphabet septets into `buf` (sized two octets per septet plus
/// four); returns the length, or `None` at anything the strict path must report.
fn write_default_utf8(septets: &[u8], buf: &mut [u8]) -> Option<usize> {
    let mut skip_blocks = 0u8;
    let mut n = 0;
    let mut i = 0;
    while i < septets.len() {
        // Eight septets that all map to ASCII: one table lookup each, no escape.
        if skip_blocks == 0
            && let (Some(block), Some(dst)) = (septets.get(i..i + 8), buf.get_mut(n..n + 8))
        {
            let mut bad = 0u8;
            for (d, &s) in dst.iter_mut().zip(block) {
                let a = SEPTET_TO_ASCII[usize::from(s & 0x7F)];
                *d = a;
                bad |= (s & 0x80) | u8::from(a == 0);
            }
            if bad == 0 {
                i += 8;
                n += 8;
                continue;
            }
            // Text that is not plain ASCII here: go one septet at a time for a while.
            skip_blocks = 16;
        }
        skip_blocks = skip_blocks.saturating_sub(1);
        // Eight septets without an escape: every default alphabet character is one or two
        // octets of UTF-8, written without a branch.
        if let (Some(block), Some(dst)) = (septets.get(i..i + 8), buf.get_mut(n..n + 16)) {
            let mut special = false;
            for &s in block {
                special |= s == ESCAPE || s > 0x7F;
            }
            if !special {
                let mut k = 0;
                let mut empty = false;
                for &s in block {
                    let (bytes, len) = DEFAULT_UTF8_2[usize::from(s & 0x7F)];
                    dst[k..k + 2].copy_from_slice(&bytes);
                    k += usize::from(len);
                    empty |= len == 0;
                }
                if empty {
                    return None;
                }
                i += 8;
                n += k;
                continue;
            }
        }
        let s = septets[i];
        let (bytes, len) = if s == ESCAPE {
            i += 1;
            *DEFAULT_SHIFT_UTF8.get(usize::from(*septets.get(i)?))?
        } else {
            *DEFAULT_UTF8.get(usize::from(s))?
        };
        if len == 0 {
            return None;
        }
        buf.get_mut(n..n + 4)?.copy_from_slice(&bytes);
        n += usize::from(len);
        i += 1;
    }
    Some(n)
}

fn decode_impl(
    septets: &[u8],
    tables: Tables,
    lenient: bool,
    out: &mut String,
) -> Result<DecodeQuirks, DecodeError> {
    let locking = tables.locking_table();
    let shift = tables.shift_table();
    let mut quirks = DecodeQuirks::default();
    out.reserve(septets.len());
    let mut i = 0;
    while let Some(&s) = septets.get(i) {
        if s == ESCAPE {
            let Some(&code) = septets.get(i + 1) else {
                if lenient {
                    quirks.trailing_escape = true;
                    quirks.note(i);
                    break;
                }
                return Err(DecodeError::TruncatedEscape { index: i });
            };
            if code > 0x7F {
                return Err(DecodeError::InvalidSeptet {
                    index: i + 1,
                    value: code,
                });
            }
            let ch = shift[usize::from(code)];
            if ch != NA {
                out.push(ch);
            } else if !lenient {
                return Err(DecodeError::UndefinedEscape { index: i, code });
            } else {
                quirks.undefined_escapes += 1;
                quirks.note(i);
                let base = locking[usize::from(code)];
                out.push(if code == ESCAPE {
                    ' '
                } else if base == NA {
                    char::REPLACEMENT_CHARACTER
                } else {
                    base
                });
            }
            i += 2;
            continue;
        }
        let Some(&ch) = locking.get(usize::from(s)) else {
            return Err(DecodeError::InvalidSeptet { index: i, value: s });
        };
        if ch != NA {
            out.push(ch);
        } else if lenient {
            quirks.undefined_septets += 1;
            quirks.note(i);
            out.push(char::REPLACEMENT_CHARACTER);
        } else {
            return Err(DecodeError::UndefinedSeptet { index: i, code: s });
        }
        i += 1;
    }
    Ok(quirks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_septets_strictly() {
        let mut s = String::new();
        let t = Tables::DEFAULT;
        assert_eq!(
            decode_septets(&[0x41, 0x80], t, &mut s),
            Err(DecodeError::InvalidSeptet {
                index: 1,
                value: 0x80
            })
        );
        assert_eq!(
            decode_septets(&[0x41, ESCAPE], t, &mut s),
            Err(DecodeError::TruncatedEscape { index: 1 })
        );
        assert_eq!(
            decode_septets(&[ESCAPE, 0x41], t, &mut s),
            Err(DecodeError::UndefinedEscape {
                index: 0,
                code: 0x41
            })
        );
        assert_eq!(s, "");
    }

    // §6.2.1.1: an undefined escape shows the default table character; escape-escape a space.
    #[test]
    fn accepts_undefined_escapes_leniently_and_reports_them() {
        let mut s = String::new();
        let q = decode_septets_lenient(
            &[0x41, ESCAPE, 0x41, ESCAPE, ESCAPE, ESCAPE],
            Tables::DEFAULT,
            &mut s,
        )
        .unwrap();
        assert_eq!(s, "AA ");
        assert_eq!(q.undefined_escapes, 2);
        assert!(q.trailing_escape);
        assert_eq!(q.first_index, Some(1));
    }
}
