//! Septets → GSM 7 bit text (TS 23.038 §6.2.1, §6.2.1.1, Annex A), strict or lenient.

use alloc::string::String;

use crate::block::{BLOCK, good_run, is_ascii_position, padded_tail, septets_to_ascii, skip};
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
    if decode_fast(septets, TableUtf8::of(tables), out) {
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

/// UTF-8 of each position of a table (and its length; 0 where the table has no character,
/// and for the escape 0x1B).
type Utf8Table = [([u8; 4], u8); 128];

/// UTF-8 of each default alphabet position.
static DEFAULT_UTF8: Utf8Table = utf8_table(&DEFAULT_LOCKING);
/// UTF-8 of each default extension table position.
static DEFAULT_SHIFT_UTF8: Utf8Table = utf8_table(&DEFAULT_SHIFT);
/// UTF-8 of the locking shift tables by language id − 1 (Spanish: the default alphabet).
static LOCKING_UTF8: [Utf8Table; 13] = [
    utf8_table(&TURKISH_LOCKING),
    utf8_table(&DEFAULT_LOCKING),
    utf8_table(&PORTUGUESE_LOCKING),
    utf8_table(&BENGALI_LOCKING),
    utf8_table(&GUJARATI_LOCKING),
    utf8_table(&HINDI_LOCKING),
    utf8_table(&KANNADA_LOCKING),
    utf8_table(&MALAYALAM_LOCKING),
    utf8_table(&ORIYA_LOCKING),
    utf8_table(&PUNJABI_LOCKING),
    utf8_table(&TAMIL_LOCKING),
    utf8_table(&TELUGU_LOCKING),
    utf8_table(&URDU_LOCKING),
];
/// UTF-8 of the single shift tables by language id − 1.
static SHIFT_UTF8: [Utf8Table; 13] = [
    utf8_table(&TURKISH_SHIFT),
    utf8_table(&SPANISH_SHIFT),
    utf8_table(&PORTUGUESE_SHIFT),
    utf8_table(&BENGALI_SHIFT),
    utf8_table(&GUJARATI_SHIFT),
    utf8_table(&HINDI_SHIFT),
    utf8_table(&KANNADA_SHIFT),
    utf8_table(&MALAYALAM_SHIFT),
    utf8_table(&ORIYA_SHIFT),
    utf8_table(&PUNJABI_SHIFT),
    utf8_table(&TAMIL_SHIFT),
    utf8_table(&TELUGU_SHIFT),
    utf8_table(&URDU_SHIFT),
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

/// The UTF-8 tables a decode uses, and the character tables themselves.
#[derive(Clone, Copy)]
struct TableUtf8 {
    locking: &'static Utf8Table,
    shift: &'static Utf8Table,
    locking_chars: &'static [char; 128],
    shift_chars: &'static [char; 128],
    /// Whether [`septets_to_ascii`] decodes the locking table's ASCII positions.
    ascii_blocks: bool,
}

impl TableUtf8 {
    fn of(tables: Tables) -> Self {
        let index = |l: Option<NationalLanguage>| l.map(|l| usize::from(l.id() - 1));
        let (locking, ascii_blocks) = match index(tables.locking) {
            Some(i) => (&LOCKING_UTF8[i], LOCKING_DEFAULT_ASCII[i]),
            None => (&DEFAULT_UTF8, true),
        };
        let shift = index(tables.single).map_or(&DEFAULT_SHIFT_UTF8, |i| &SHIFT_UTF8[i]);
        Self {
            locking,
            shift,
            locking_chars: tables.locking_table(),
            shift_chars: tables.shift_table(),
            ascii_blocks,
        }
    }
}

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

/// Octets of UTF-8 gathered on the stack before they are checked and appended to the string.
const STAGE: usize = 512;

/// Decodes septets sixteen at a time: [`septets_to_ascii`] converts a block and flags the
/// septets that are not ASCII characters. A block with none is taken whole, on a branch;
/// otherwise the good runs are taken from the converted block and each character between them
/// comes from the UTF-8 tables. For a locking table that puts other characters at the
/// default alphabet's ASCII positions, every septet comes from the UTF-8 tables. The UTF-8 is
/// staged on the stack and appended to `out` a few hundred octets at a time (so only the new
/// text is checked, once). Returns `false` (leaving partial output for the caller to
/// truncate) at anything the strict path must report: a value above 0x7F, a lone or
/// undefined escape, an undefined position.
fn decode_fast(septets: &[u8], t: TableUtf8, out: &mut String) -> bool {
    if !t.ascii_blocks {
        return decode_each(septets, t, out);
    }
    let mut stage = [0u8; STAGE];
    let mut n = 0;
    let mut i = 0;
    out.reserve(septets.len());
    while i < septets.len() {
        // A septet takes at most three octets of UTF-8 (the Portuguese locking table has
        // characters such as U+221E at single positions), a block consumes at most 17 septets
        // (an escape pair may end one past it), and the last write of a block (16 octets, or
        // 4 for a character) starts at most 3 * 16 octets in: it ends before n + 3 * 17 + 16,
        // so 5 * BLOCK is room.
        if n + 5 * BLOCK > STAGE {
            if !push_utf8(&stage[..n], out) {
                return false;
            }
            n = 0;
        }
        let (block, avail) = match septets.get(i..).and_then(<[u8]>::first_chunk::<BLOCK>) {
            Some(chunk) => (*chunk, BLOCK),
            // The tail, padded with escapes (not on the fast path).
            None => padded_tail(&septets[i..], ESCAPE),
        };
        let (text, bad) = septets_to_ascii(block);
        stage[n..n + BLOCK].copy_from_slice(&text);
        // A whole block on a branch (see `encode_default` in `encode.rs`).
        if bad == 0 {
            n += BLOCK;
            i += BLOCK;
            continue;
        }
        // The good prefix, then alternately a character from the tables and the good run
        // after it, until the block is used up.
        let mut p = good_run(bad, 0, avail);
        n += p;
        i += p;
        while p < avail && i < septets.len() {
            let s = septets[i];
            let (entry, adv) = if s == ESCAPE {
                let code = septets.get(i + 1).copied().unwrap_or(0x80);
                (t.shift.get(usize::from(code)), 2)
            } else {
                (t.locking.get(usize::from(s)), 1)
            };
            let Some(&(utf8, len)) = entry.filter(|e| e.1 != 0) else {
                return false;
            };
            stage[n..n + 4].copy_from_slice(&utf8);
            n += usize::from(len);
            i += adv;
            p += adv;
            if p >= avail {
                break;
            }
            let good = good_run(bad, p, avail);
            stage[n..n + BLOCK].copy_from_slice(&skip(text, p));
            n += good;
            i += good;
            p += good;
        }
    }
    push_utf8(&stage[..n], out)
}

/// [`decode_fast`] one septet (or escape pair) at a time, each character pushed from the
/// tables (the scripts of these tables take two or three octets of UTF-8 a character: pushing
/// the characters is cheaper than checking staged UTF-8 again).
fn decode_each(septets: &[u8], t: TableUtf8, out: &mut String) -> bool {
    out.reserve(septets.len().saturating_mul(3));
    let mut i = 0;
    while let Some(&s) = septets.get(i) {
        let (ch, adv) = if s == ESCAPE {
            let code = septets.get(i + 1).copied().unwrap_or(0x80);
            (t.shift_chars.get(usize::from(code)), 2)
        } else {
            (t.locking_chars.get(usize::from(s)), 1)
        };
        let Some(&ch) = ch.filter(|&&c| c != NA) else {
            return false;
        };
        out.push(ch);
        i += adv;
    }
    true
}

/// The extension table position of '€' (§6.2.1.1), the one character of the default tables
/// with three octets of UTF-8; every other extension character is ASCII.
const EURO: u8 = 0x65;

/// Octets of UTF-8 that septet `s` adds after septet `before`, for default-alphabet septets as
/// the encoder writes them (whole escape pairs): none for the escape, then one for the ASCII
/// characters of the extension table and three for '€'; otherwise one for a position holding
/// an ASCII character and two for the others (Latin-1 and Greek).
#[inline(always)]
fn default_utf8_octets(before: u8, s: u8) -> u8 {
    let octets = if before == ESCAPE {
        if s == EURO { 3 } else { 1 }
    } else if is_ascii_position(s) {
        1
    } else {
        2
    };
    if s == ESCAPE { 0 } else { octets }
}

/// Octets of UTF-8 that default-alphabet `septets` decode to (whole escape pairs, every
/// position defined, as the encoder writes them): [`default_utf8_octets`] of each septet and
/// the one before it, summed byte-wide over chunks of 64 (at most 192 each), which the
/// compiler vectorises.
pub(crate) fn default_utf8_len(septets: &[u8]) -> usize {
    let Some(&first) = septets.first() else {
        return 0;
    };
    let mut n = usize::from(default_utf8_octets(0, first));
    let mut at = 1;
    while at < septets.len() {
        let end = (at + 64).min(septets.len());
        let (Some(after), Some(before)) = (septets.get(at..end), septets.get(at - 1..end - 1))
        else {
            break;
        };
        let sum = after
            .iter()
            .zip(before)
            .fold(0u8, |n, (&s, &b)| n + default_utf8_octets(b, s));
        n += usize::from(sum);
        at = end;
    }
    n
}

/// Appends staged UTF-8 to `out`; `false` if it is not UTF-8 (it always is).
fn push_utf8(utf8: &[u8], out: &mut String) -> bool {
    match core::str::from_utf8(utf8) {
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

    // §6.2.1 / §6.2.1.1: what `default_utf8_octets` assumes of the default tables, position
    // by position: the escape aside, ASCII at the positions `is_ascii_position` names and two
    // octets elsewhere; in the extension table, '€' at 0x65 and ASCII at every other position.
    #[test]
    fn accepts_default_utf8_lengths_as_the_tables_give() {
        for s in 0u8..0x80 {
            if s == ESCAPE {
                continue;
            }
            let locking = DEFAULT_UTF8[usize::from(s)].1;
            assert_eq!(locking, 1 + u8::from(!is_ascii_position(s)), "{s:#04X}");
            assert_eq!(default_utf8_octets(0x41, s), locking, "{s:#04X}");
            let shift = DEFAULT_SHIFT_UTF8[usize::from(s)].1;
            if shift != 0 {
                assert_eq!(default_utf8_octets(ESCAPE, s), shift, "escape {s:#04X}");
            }
        }
        assert_eq!(default_utf8_octets(0x41, ESCAPE), 0);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        // The octets counted for the encoder's septets are those the text has.
        #[test]
        fn accepts_default_utf8_len_as_the_text_length(
            text in "([a-zA-Z0-9 @$_\r\n]|[\u{a0}-\u{ff}]|[\u{391}-\u{3a9}]|[{}\\[\\]~|^€\u{c}\\\\])*",
        ) {
            let mut septets = vec::Vec::new();
            if crate::encode::encode_septets(&text, Tables::DEFAULT, &mut septets).is_ok() {
                proptest::prop_assert_eq!(default_utf8_len(&septets), text.len());
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        // The fast decoders (blocks of ASCII positions, the UTF-8 tables of each table) decode
        // every septet string as the general septet-by-septet path does, errors included.
        #[test]
        fn accepts_fast_decoding_as_the_general_path(
            septets in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => 0u8..0x80,
                    1 => proptest::strategy::Just(ESCAPE),
                    1 => 0x80u8..=0xFF,
                ],
                0..200,
            ),
        ) {
            let mut all = vec![Tables::DEFAULT];
            for l in NationalLanguage::ALL {
                all.push(Tables { locking: Some(l), single: Some(l) });
                all.push(Tables { locking: None, single: Some(l) });
            }
            for t in all {
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
