//! Septets → GSM 7 bit text (TS 23.038 §6.2.1, §6.2.1.1, Annex A), strict or lenient.

use alloc::string::String;

use crate::block::{BLOCK, septets_to_ascii};
use crate::charsets::{
    BENGALI_LOCKING, BENGALI_SHIFT, DEFAULT_LOCKING, DEFAULT_SHIFT, GUJARATI_LOCKING,
    GUJARATI_SHIFT, HINDI_LOCKING, HINDI_SHIFT, KANNADA_LOCKING, KANNADA_SHIFT, MALAYALAM_LOCKING,
    MALAYALAM_SHIFT, NA, ORIYA_LOCKING, ORIYA_SHIFT, PORTUGUESE_LOCKING, PORTUGUESE_SHIFT,
    PUNJABI_LOCKING, PUNJABI_SHIFT, SPANISH_SHIFT, TAMIL_LOCKING, TAMIL_SHIFT, TELUGU_LOCKING,
    TELUGU_SHIFT, TURKISH_LOCKING, TURKISH_SHIFT, URDU_LOCKING, URDU_SHIFT,
};
use crate::error::DecodeError;
use crate::language::{NationalLanguage, Tables};
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
    /// Unpaired UTF-16 surrogates ([`decode_ucs2_with`](crate::decode_ucs2_with)), shown as
    /// U+FFFD.
    pub lone_surrogates: usize,
    /// Position of the first forgiven septet (for UCS-2: the octet offset of the first
    /// forgiven code unit).
    pub first_index: Option<usize>,
}

impl DecodeQuirks {
    /// Whether nothing was forgiven.
    pub fn is_empty(&self) -> bool {
        self.first_index.is_none()
    }

    pub(crate) fn note(&mut self, index: usize) {
        self.first_index.get_or_insert(index);
    }
}

/// Which septets a decode forgives (httparse's `ParserConfig` is the model): one switch per
/// quirk, each forgiven septet reported in the [`DecodeQuirks`] that
/// [`decode_septets_with`] returns. `Default` is [`strict()`](Self::strict).
///
/// ```
/// use gsm7::{decode_septets_with, DecodeOptions, Tables};
///
/// // Forgive a lone trailing escape (a part cut after 0x1B), nothing else.
/// let opts = DecodeOptions::strict().allow_trailing_escape(true);
/// let mut text = String::new();
/// let q = decode_septets_with(&[0x48, 0x69, 0x1B], Tables::DEFAULT, &opts, &mut text)?;
/// assert_eq!(text, "Hi");
/// assert!(q.trailing_escape);
/// # Ok::<(), gsm7::DecodeError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DecodeOptions {
    undefined_escape: bool,
    undefined_septet: bool,
    trailing_escape: bool,
    lone_surrogate: bool,
}

impl DecodeOptions {
    /// Nothing forgiven: every quirk is an error with its position.
    pub const fn strict() -> Self {
        Self {
            undefined_escape: false,
            undefined_septet: false,
            trailing_escape: false,
            lone_surrogate: false,
        }
    }

    /// Every quirk forgiven by the display rules of TS 23.038 §6.2.1.1, and reported.
    pub const fn lenient() -> Self {
        Self {
            undefined_escape: true,
            undefined_septet: true,
            trailing_escape: true,
            lone_surrogate: true,
        }
    }

    /// An escape to a position the single shift table leaves undefined, escape-escape
    /// included: "the MS shall display … the character shown in the main GSM 7 bit default
    /// alphabet table" (§6.2.1.1), escape-escape "shall display a space".
    pub const fn allow_undefined_escape(mut self, allow: bool) -> Self {
        self.undefined_escape = allow;
        self
    }

    /// A septet at a position the locking table leaves undefined, shown as U+FFFD.
    pub const fn allow_undefined_septet(mut self, allow: bool) -> Self {
        self.undefined_septet = allow;
        self
    }

    /// A lone escape as the last septet, dropped.
    pub const fn allow_trailing_escape(mut self, allow: bool) -> Self {
        self.trailing_escape = allow;
        self
    }

    /// An unpaired UTF-16 surrogate in UCS-2 text ([`decode_ucs2_with`](crate::decode_ucs2_with)),
    /// shown as U+FFFD (a part cut between the two halves of a pair, by a sender splitting on
    /// octets instead of characters).
    pub const fn allow_lone_surrogates(mut self, allow: bool) -> Self {
        self.lone_surrogate = allow;
        self
    }

    /// Whether lone surrogates are forgiven.
    pub(crate) const fn allows_lone_surrogates(&self) -> bool {
        self.lone_surrogate
    }

    /// Whether nothing is forgiven.
    pub const fn is_strict(&self) -> bool {
        !(self.undefined_escape
            || self.undefined_septet
            || self.trailing_escape
            || self.lone_surrogate)
    }
}

/// Decodes septets (one per octet) with `tables`, appending to `out`.
///
/// Strict: a value above 0x7F, a trailing escape, an escape to an undefined single shift
/// position and an undefined locking table position are errors with the septet's position
/// (`out` is then left as it was). [`decode_septets_with`] and its [`DecodeOptions`] apply
/// the display rules of §6.2.1.1 instead and report what they forgave. '@' (0x00) is a
/// character like any other.
///
/// ```
/// let mut text = String::new();
/// gsm7::decode_septets(&[0x00, 0x1B, 0x65], gsm7::Tables::default(), &mut text)?;
/// assert_eq!(text, "@€");
/// # Ok::<(), gsm7::DecodeError>(())
/// ```
pub fn decode_septets(septets: &[u8], tables: Tables, out: &mut String) -> Result<(), DecodeError> {
    let start = out.len();
    if decode_fast(septets, DecodeTables::of(tables), out) {
        return Ok(());
    }
    out.truncate(start);
    decode_impl(septets, tables, &DecodeOptions::strict(), out)
        .map(|_| ())
        .inspect_err(|_| out.truncate(start))
}

/// Decodes septets like [`decode_septets`], forgiving what `options` allows of what TS 23.038
/// tells a display how to show, and reports each forgiven septet in the returned
/// [`DecodeQuirks`]:
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
/// A septet above 0x7F is always an error.
pub fn decode_septets_with(
    septets: &[u8],
    tables: Tables,
    options: &DecodeOptions,
    out: &mut String,
) -> Result<DecodeQuirks, DecodeError> {
    let start = out.len();
    if options.is_strict() {
        return decode_septets(septets, tables, out).map(|()| DecodeQuirks::default());
    }
    decode_impl(septets, tables, options, out).inspect_err(|_| out.truncate(start))
}

/// A table position as the fast decoder reads it: the character's UTF-8 (at most three octets:
/// no table has a character above U+FFFF) in the low octets, first octet lowest, and the
/// number of octets in the top octet; [`UNDEFINED`] where the table has no character, and for
/// values above 0x7F. A locking table's escape position (0x1B) is defined and adds nothing.
type Entries = [u32; 256];

/// An [`Entries`] position with no character: its top bit flags it, and its length (0xFF)
/// takes the staged output past the stage, which the decode checks before using it.
const UNDEFINED: u32 = 0xFF << 24;

/// The bit of [`UNDEFINED`] that no defined position has (lengths are at most 3).
const UNDEFINED_FLAG: u32 = 1 << 31;

/// Octets of UTF-8 an [`Entries`] position adds.
#[inline(always)]
fn entry_len(e: u32) -> usize {
    (e >> 24) as usize
}

const fn entries(table: &[char; 128], locking: bool) -> Entries {
    let mut t = [UNDEFINED; 256];
    let mut i = 0;
    while i < 128 {
        if locking && i == ESCAPE as usize {
            t[i] = 0;
        } else if table[i] != NA {
            let mut b = [0u8; 4];
            let len = table[i].encode_utf8(&mut b).len();
            t[i] = u32::from_le_bytes(b) | (len as u32) << 24;
        }
        i += 1;
    }
    t
}

/// The default alphabet's positions.
static DEFAULT_ENTRIES: Entries = entries(&DEFAULT_LOCKING, true);
/// The default extension table's positions.
static DEFAULT_SHIFT_ENTRIES: Entries = entries(&DEFAULT_SHIFT, false);
/// The locking shift tables by language id − 1 (Spanish: the default alphabet).
static LOCKING_ENTRIES: [Entries; 13] = [
    entries(&TURKISH_LOCKING, true),
    entries(&DEFAULT_LOCKING, true),
    entries(&PORTUGUESE_LOCKING, true),
    entries(&BENGALI_LOCKING, true),
    entries(&GUJARATI_LOCKING, true),
    entries(&HINDI_LOCKING, true),
    entries(&KANNADA_LOCKING, true),
    entries(&MALAYALAM_LOCKING, true),
    entries(&ORIYA_LOCKING, true),
    entries(&PUNJABI_LOCKING, true),
    entries(&TAMIL_LOCKING, true),
    entries(&TELUGU_LOCKING, true),
    entries(&URDU_LOCKING, true),
];
/// The single shift tables by language id − 1.
static SHIFT_ENTRIES: [Entries; 13] = [
    entries(&TURKISH_SHIFT, false),
    entries(&SPANISH_SHIFT, false),
    entries(&PORTUGUESE_SHIFT, false),
    entries(&BENGALI_SHIFT, false),
    entries(&GUJARATI_SHIFT, false),
    entries(&HINDI_SHIFT, false),
    entries(&KANNADA_SHIFT, false),
    entries(&MALAYALAM_SHIFT, false),
    entries(&ORIYA_SHIFT, false),
    entries(&PUNJABI_SHIFT, false),
    entries(&TAMIL_SHIFT, false),
    entries(&TELUGU_SHIFT, false),
    entries(&URDU_SHIFT, false),
];
/// Whether each locking table (by language id − 1) holds the default alphabet's characters at
/// every position where the default alphabet has an ASCII character, so that the block fast
/// path of `block.rs` ([`septets_to_ascii`]) decodes it.
static LOCKING_DEFAULT_ASCII: [bool; 13] = [
    default_ascii(&TURKISH_LOCKING),
    true,
    default_ascii(&PORTUGUESE_LOCKING),
    default_ascii(&BENGALI_LOCKING),
    default_ascii(&GUJARATI_LOCKING),
    default_ascii(&HINDI_LOCKING),
    default_ascii(&KANNADA_LOCKING),
    default_ascii(&MALAYALAM_LOCKING),
    default_ascii(&ORIYA_LOCKING),
    default_ascii(&PUNJABI_LOCKING),
    default_ascii(&TAMIL_LOCKING),
    default_ascii(&TELUGU_LOCKING),
    default_ascii(&URDU_LOCKING),
];

const fn default_ascii(table: &[char; 128]) -> bool {
    let mut i = 0;
    while i < 128 {
        let c = DEFAULT_LOCKING[i];
        if c != NA && c.is_ascii() && table[i] as u32 != c as u32 {
            return false;
        }
        i += 1;
    }
    true
}

/// The positions a fast decode reads, picked once per call.
#[derive(Clone, Copy)]
struct DecodeTables {
    locking: &'static Entries,
    shift: &'static Entries,
    /// Whether [`septets_to_ascii`] decodes the locking table's ASCII positions.
    ascii_blocks: bool,
}

impl DecodeTables {
    fn of(tables: Tables) -> Self {
        let index = |l: Option<NationalLanguage>| l.map(|l| usize::from(l.id() - 1));
        let (locking, ascii_blocks) = match index(tables.locking) {
            Some(i) => (&LOCKING_ENTRIES[i], LOCKING_DEFAULT_ASCII[i]),
            None => (&DEFAULT_ENTRIES, true),
        };
        let shift = index(tables.single).map_or(&DEFAULT_SHIFT_ENTRIES, |i| &SHIFT_ENTRIES[i]);
        Self {
            locking,
            shift,
            ascii_blocks,
        }
    }
}

/// Octets of UTF-8 gathered on the stack before they are checked and appended to the string
/// (a power of two: the writes index it modulo this).
const STAGE: usize = 512;

/// Septets off the ASCII fast path up to which a block is taken in good runs around them; a
/// block with more goes septet by septet (chosen by the instructions per septet of the
/// national texts of the benches).
const SPARSE: u32 = 8;

/// Decodes septets sixteen at a time ([`decode_block`]), each block read from a window of the
/// septets where one is left. No state runs from one block to the next: an escape pair that
/// ends one septet past a block is decoded with it. The UTF-8 is staged on the stack and
/// appended to `out` a few hundred octets at a time (checked once, by `simdutf8` where the CPU
/// has the instructions). Returns `false` (leaving partial output for the caller to truncate)
/// at anything the strict path must report: a value above 0x7F, a lone or undefined escape,
/// an undefined position.
fn decode_fast(septets: &[u8], t: DecodeTables, out: &mut String) -> bool {
    let mut stage = [0u8; STAGE + BLOCK];
    let mut n = 0;
    let mut i = 0;
    let mut undefined = 0;
    out.reserve(if t.ascii_blocks {
        septets.len()
    } else {
        septets.len().saturating_mul(2)
    });
    while i < septets.len() {
        // A block adds at most 3 * (BLOCK + 1) octets (an escape pair may end one septet past
        // it), so that `n` stays below STAGE and no write wraps onto staged text; the writes
        // past the last character (4, or a block of 16) land in the stage's spare BLOCK.
        if n + 3 * BLOCK + 4 > STAGE {
            // (An undefined position adds 0xFF octets: `n` passes the stage and the decode
            // fails here or at the end.)
            if !stage.get(..n).is_some_and(|utf8| push_utf8(utf8, out)) {
                return false;
            }
            n = 0;
        }
        // The block from a window of the septets when there is one: its length known, the
        // septets are read without bounds checks.
        let next = match septets.get(i..).and_then(<[u8]>::first_chunk::<WINDOW>) {
            Some(window) => {
                decode_block(window, 0, t, &mut stage, &mut n, &mut undefined).map(|k| i + k)
            }
            None => decode_block(septets, i, t, &mut stage, &mut n, &mut undefined),
        };
        let Some(next) = next else {
            return false;
        };
        i = next;
    }
    if undefined & UNDEFINED_FLAG != 0 {
        return false;
    }
    stage.get(..n).is_some_and(|utf8| push_utf8(utf8, out))
}

/// Septets a block is read from when that many are left: the block and the septet an escape
/// pair may run past it, rounded up.
const WINDOW: usize = 2 * BLOCK;

/// Writes the [`Entries`] position `e` to `stage` at `n` and adds its length; undefined
/// positions are gathered in `undefined`.
#[inline(always)]
fn put(e: u32, stage: &mut [u8; STAGE + BLOCK], n: &mut usize, undefined: &mut u32) {
    let at = *n % STAGE;
    stage[at..at + 4].copy_from_slice(&e.to_le_bytes());
    *n += entry_len(e);
    *undefined |= e;
}

/// Decodes the characters that start in the block at septet `i` of `septets` into `stage` at
/// `n` (at least `3 * (BLOCK + 1) + 4` octets of room), and returns the septet after them (an
/// escape pair may end one past the block), or `None` at a lone trailing escape.
///
/// Where the locking table holds the default alphabet's ASCII characters, the block is
/// converted whole ([`septets_to_ascii`]) and taken so if it holds no other septet; with a few
/// others, in good runs around them. Otherwise septet by septet: without an escape through the
/// locking table alone, else with the escape's state (the locking table's escape position adds
/// nothing and sends the next septet to the single shift table).
#[inline(always)]
fn decode_block(
    septets: &[u8],
    i: usize,
    t: DecodeTables,
    stage: &mut [u8; STAGE + BLOCK],
    n: &mut usize,
    undefined: &mut u32,
) -> Option<usize> {
    let block = septets.get(i..).and_then(<[u8]>::first_chunk::<BLOCK>);
    if t.ascii_blocks
        && let Some(&block) = block
    {
        let (text, flags) = septets_to_ascii(block);
        stage[*n..*n + BLOCK].copy_from_slice(&text);
        if flags.is_clear() {
            *n += BLOCK;
            return Some(i + BLOCK);
        }
        if flags.count() <= SPARSE {
            // A few septets off the fast path: the good prefix, then alternately such a
            // character from the tables (an escape decoded with the septet after it: "the
            // following character is to be taken from the extension table", §6.2.1.1) and the
            // good run after it, until the block is used up. The block's end is flagged too, so
            // each run stops there; the converted block is followed by zeros so that the run
            // from any `p` is one load.
            let bad = flags.mask() | 1 << BLOCK;
            let mut ahead = [0u8; 2 * BLOCK];
            ahead[..BLOCK].copy_from_slice(&text);
            let mut p = bad.trailing_zeros() as usize;
            *n += p;
            while p < BLOCK {
                let s = septets.get(i + p).copied().unwrap_or(0);
                if s == ESCAPE {
                    let code = septets.get(i + p + 1).copied()?;
                    put(t.shift[usize::from(code)], stage, n, undefined);
                    p += 2;
                } else {
                    put(t.locking[usize::from(s)], stage, n, undefined);
                    p += 1;
                }
                if p >= BLOCK {
                    break;
                }
                let good = (bad >> p).trailing_zeros() as usize;
                if let Some(run) = ahead.get(p..p + BLOCK) {
                    let at = *n % STAGE;
                    stage[at..at + BLOCK].copy_from_slice(run);
                }
                *n += good;
                p += good;
            }
            return Some(i + p);
        }
    }
    if let Some(block) = block
        && !block.iter().fold(false, |any, &s| any | (s == ESCAPE))
    {
        for &s in block {
            put(t.locking[usize::from(s)], stage, n, undefined);
        }
        return Some(i + BLOCK);
    }
    let end = septets.len().min(i + BLOCK);
    let mut escaped = false;
    for &s in septets.get(i..end).unwrap_or_default() {
        let table = if escaped { t.shift } else { t.locking };
        put(table[usize::from(s)], stage, n, undefined);
        escaped = !escaped & (s == ESCAPE);
    }
    if escaped {
        // The pair ends past the block: its second septet here, so that the next block starts
        // on a character.
        let code = septets.get(end).copied()?;
        put(t.shift[usize::from(code)], stage, n, undefined);
        return Some(end + 1);
    }
    Some(end)
}

/// The staged UTF-8 as text: `simdutf8` (SIMD, picked at run time with `std`), which checks
/// the two- and three-octet characters of the national tables several times faster than
/// `core::str::from_utf8`.
#[inline]
fn validate_utf8(utf8: &[u8]) -> Result<&str, simdutf8::basic::Utf8Error> {
    simdutf8::basic::from_utf8(utf8)
}

/// Appends staged UTF-8 to `out`; `false` if it is not UTF-8 (it always is).
fn push_utf8(utf8: &[u8], out: &mut String) -> bool {
    match validate_utf8(utf8) {
        Ok(s) => {
            out.push_str(s);
            true
        }
        Err(_) => false,
    }
}

fn decode_impl(
    septets: &[u8],
    tables: Tables,
    options: &DecodeOptions,
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
                if options.trailing_escape {
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
            } else if !options.undefined_escape {
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
        } else if options.undefined_septet {
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
    use alloc::vec;
    use alloc::vec::Vec;
    use proptest::strategy::Strategy as _;

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

    // The strict errors keep their positions wherever they fall around the fast path's
    // 16-septet blocks, and `out` keeps what it held.
    #[test]
    fn rejects_bad_septets_at_every_offset() {
        let t = Tables::DEFAULT;
        for k in 0..40 {
            let mut s = String::from("kept");
            let mut v = vec![0x41; k];
            v.extend_from_slice(&[0x80, 0x41]);
            assert_eq!(
                decode_septets(&v, t, &mut s),
                Err(DecodeError::InvalidSeptet {
                    index: k,
                    value: 0x80
                })
            );
            v[k] = ESCAPE;
            assert_eq!(
                decode_septets(&v, t, &mut s),
                Err(DecodeError::UndefinedEscape {
                    index: k,
                    code: 0x41
                })
            );
            v.truncate(k + 1);
            assert_eq!(
                decode_septets(&v, t, &mut s),
                Err(DecodeError::TruncatedEscape { index: k })
            );
            assert_eq!(s, "kept");
        }
    }

    // §6.2.1.1: an undefined escape shows the default table character; escape-escape a space.
    #[test]
    fn accepts_undefined_escapes_leniently_and_reports_them() {
        let mut s = String::new();
        let septets = [0x41, ESCAPE, 0x41, ESCAPE, ESCAPE, ESCAPE];
        let q = decode_septets_with(&septets, Tables::DEFAULT, &DecodeOptions::lenient(), &mut s)
            .unwrap();
        assert_eq!(s, "AA ");
        assert_eq!(q.undefined_escapes, 2);
        assert!(q.trailing_escape);
        assert_eq!(q.first_index, Some(1));
        // Each quirk has its own switch: without the trailing escape one, the cut fails.
        let no_trailing = DecodeOptions::lenient().allow_trailing_escape(false);
        let mut s = String::new();
        assert_eq!(
            decode_septets_with(&septets, Tables::DEFAULT, &no_trailing, &mut s),
            Err(DecodeError::TruncatedEscape { index: 5 })
        );
        assert_eq!(s, "");
    }

    // §6.2.1, §6.2.1.1, Annex A: each fast-path entry of every table holds the UTF-8 of the
    // table's character at that position, undefined where the table has none (the escape of
    // a locking table adds nothing) and above 0x7F.
    #[test]
    fn accepts_entries_as_the_tables_give() {
        let mut all = vec![Tables::DEFAULT];
        for l in NationalLanguage::ALL {
            all.push(Tables {
                locking: Some(l),
                single: Some(l),
            });
        }
        for t in all {
            let d = DecodeTables::of(t);
            for (entries, chars, locking) in [
                (d.locking, t.locking_table(), true),
                (d.shift, t.shift_table(), false),
            ] {
                for (s, &e) in entries.iter().enumerate() {
                    let ch = chars.get(s).copied().unwrap_or(NA);
                    if locking && s == usize::from(ESCAPE) {
                        assert_eq!(e, 0);
                    } else if ch == NA {
                        assert_eq!(e, UNDEFINED, "{t:?} {s:#04X}");
                    } else {
                        let mut b = [0u8; 4];
                        let utf8 = ch.encode_utf8(&mut b).as_bytes();
                        assert_eq!(&e.to_le_bytes()[..entry_len(e)], utf8, "{t:?} {s:#04X}");
                        assert_eq!(e & UNDEFINED_FLAG, 0);
                    }
                }
            }
        }
    }

    /// Every pair of tables of one language, and the default ones.
    fn all_tables() -> Vec<Tables> {
        let mut all = vec![Tables::DEFAULT];
        for l in NationalLanguage::ALL {
            all.push(Tables {
                locking: Some(l),
                single: Some(l),
            });
            all.push(Tables {
                locking: None,
                single: Some(l),
            });
            all.push(Tables {
                locking: Some(l),
                single: None,
            });
        }
        all
    }

    /// The fast decoder alone against the general path: it succeeds exactly when the general
    /// path does, with the same text.
    fn fast_as_general(
        septets: &[u8],
        t: Tables,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut fast = String::from("kept");
        let ok = decode_fast(septets, DecodeTables::of(t), &mut fast);
        let mut general = String::from("kept");
        let g = decode_impl(septets, t, &DecodeOptions::strict(), &mut general);
        proptest::prop_assert_eq!(ok, g.is_ok(), "{:?} {:?}", t, septets);
        if ok {
            proptest::prop_assert_eq!(&fast, &general, "{:?} {:?}", t, septets);
        }
        Ok(())
    }

    // §6.2.1.1: an escape pair at every offset around the 16-septet blocks and the 32-septet
    // windows (split by a block's end, and as the last two septets), amid ASCII positions and
    // amid septets off the fast path (a few of them or many), decodes as the general path
    // decodes it with every pair of tables; a lone escape at the end is refused.
    #[test]
    fn accepts_escape_pairs_at_every_offset_as_the_general_path() {
        // 0x41 'A' is an ASCII position everywhere; 0x05 ('é' in the default alphabet) and
        // 0x7F ('à') are off the ASCII fast path; 0x65 after an escape is '€' in the default
        // extension table (and defined or not in the others: both outcomes are compared).
        for filler in [[0x41u8; 3], [0x05, 0x41, 0x7F], [0x05, 0x7F, 0x05]] {
            for k in 0..48 {
                for tail in 0..3 {
                    let mut v: Vec<u8> = filler.iter().copied().cycle().take(k).collect();
                    v.extend_from_slice(&[ESCAPE, 0x65]);
                    v.extend(filler.iter().copied().cycle().take(tail * 17));
                    for t in all_tables() {
                        fast_as_general(&v, t).unwrap();
                        fast_as_general(&v[..k + 1], t).unwrap();
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        // Septets of one table's defined positions (escape pairs of its single shift table
        // among them), dense or sparse off the ASCII fast path, up to 300: the fast decoder
        // decodes them as the general path does.
        #[test]
        fn accepts_fast_decoding_of_table_text_as_the_general_path(
            table in 0usize..40,
            ascii in 0u8..4,
            picks in proptest::collection::vec((0u8..8, 0u8..0x80), 0..300),
        ) {
            let all = all_tables();
            let t = all[table % all.len()];
            let (locking, shift) = (t.locking_table(), t.shift_table());
            let mut septets = Vec::new();
            for (kind, pos) in picks {
                let p = usize::from(pos);
                if kind < ascii {
                    septets.push(b'a' + pos % 26);
                } else if kind == 7 && shift[p] != NA {
                    septets.extend_from_slice(&[ESCAPE, pos]);
                } else if locking[p] != NA && pos != ESCAPE {
                    septets.push(pos);
                }
            }
            fast_as_general(&septets, t)?;
        }

        // The fast decoders (blocks of ASCII positions, the UTF-8 tables of each table) decode
        // every septet string as the general septet-by-septet path does, errors included.
        #[test]
        fn accepts_fast_decoding_as_the_general_path(
            septets in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => 0u8..0x80,
                    1 => proptest::strategy::Just(ESCAPE),
                    1 => 0x80u8..=0xFF,
                    // Runs of the default alphabet's ASCII positions, for the block path.
                    6 => proptest::sample::select(b"Hello, world 0123456789 @$_ ok?".to_vec()),
                ],
                0..200,
            ),
            ending in proptest::prop_oneof![
                proptest::strategy::Just(vec![]),
                proptest::strategy::Just(vec![ESCAPE]),
                proptest::strategy::Just(vec![ESCAPE, ESCAPE]),
                (0u8..=0xFF).prop_map(|s| vec![ESCAPE, s]),
            ],
        ) {
            let mut septets = septets;
            septets.extend_from_slice(&ending);
            let mut all = vec![Tables::DEFAULT];
            for l in NationalLanguage::ALL {
                all.push(Tables { locking: Some(l), single: Some(l) });
                all.push(Tables { locking: None, single: Some(l) });
                all.push(Tables { locking: Some(l), single: None });
            }
            for t in all {
                // The fast decoder alone (no fallback): it succeeds exactly when the general
                // path does, with the same text.
                let mut fast = String::from("kept");
                let ok = decode_fast(&septets, DecodeTables::of(t), &mut fast);
                let mut general = String::from("kept");
                let g = decode_impl(&septets, t, &DecodeOptions::strict(), &mut general);
                proptest::prop_assert_eq!(ok, g.is_ok(), "{:?}", t);
                if ok {
                    proptest::prop_assert_eq!(&fast, &general, "{:?}", t);
                }
                let mut fast = String::from("kept");
                let f = decode_septets(&septets, t, &mut fast);
                let mut general = String::from("kept");
                let g = decode_impl(&septets, t, &DecodeOptions::strict(), &mut general).map(|_| ());
                if g.is_err() {
                    general.truncate(4);
                }
                proptest::prop_assert_eq!(f, g, "{:?}", t);
                proptest::prop_assert_eq!(&fast, &general, "{:?}", t);
            }
        }
    }
}
