//! The fast paths of [`split`](crate::split) and [`count`](crate::count): planning the parts
//! without walking grapheme clusters where no cluster can matter.
//!
//! **GSM 7 bit, default tables.** No character of the default alphabet or its extension table
//! joins a grapheme cluster with its neighbour (UAX #29: they are letters, digits, symbols and
//! the controls LF, FF, CR), except CR followed by LF (GB3). So parts are cut where one is full:
//! before a character that does not fit (an escape pair is one character, §6.2.1.1), and
//! before a CR whose LF would open the next part. That is the greedy walk of `segment` over the
//! same clusters. [`split`](crate::split), which needs every septet anyway, codes each part
//! straight into its user data with the block encoder, which stops where the part is full and
//! says where in the text that is (one pass; each part's text is a slice of the input);
//! [`count`](crate::count) measures the text in septets without coding it, 64 or 16 bytes at a
//! time, each character off the ASCII fast path costed with one load.
//!
//! **UCS-2.** UTF-16 units are counted from the UTF-8 lead bytes, and grapheme boundaries are
//! asked for only where a part fills up, and only of `unicode-segmentation` when the characters
//! on either side of the cut can join: the cut goes back to the last boundary. A cluster
//! larger than a part (which the general walk splits between its characters) sends the text
//! to the general path, as does anything above [`MAX_PARTS`] parts (the general path reports
//! the exact count).
//!
//! The unit tests check all of them against the general path on generated text.

use alloc::vec::Vec;

use unicode_segmentation::GraphemeCursor;

use crate::block::{BLOCK, ascii_to_septets_flagged, good_run, padded_tail};
use crate::encode::{encode_staged, new_stage, unmappable_at};
use crate::error::EncodeError;
use crate::language::Tables;
use crate::lookup::{default_code, rev_locking, rev_shift};
use crate::segment::{
    ConcatRef, Encoding, MAX_PARTS, Part, Plan, fill_bits_after, part_capacity, udh_octets,
    write_udh,
};

const CR: u8 = 0x0D;
const LF: u8 = 0x0A;

/// The GSM 7 bit plan with the default tables for [`count`](crate::count), without coding the
/// text: `Ok(None)` when the general path must decide (more than [`MAX_PARTS`] parts), an error
/// for the first character without a coding.
///
/// One pass over the text, sixteen bytes at a time: [`ascii_to_septets_flagged`] flags the bytes that
/// are not one-septet ASCII characters of the default alphabet, runs between them cost one
/// septet a byte and are taken whole (or as much of them as the part has room for), and each
/// flagged character is looked up alone. No septet is written: the parts are coded when they
/// are built; [`count`](crate::count) never builds them.
pub(crate) fn plan_default_gsm7(
    text: &str,
    reference: ConcatRef,
) -> Result<Option<Plan<'_>>, EncodeError> {
    let bytes = text.as_bytes();
    let cap = part_capacity(Encoding::Gsm7, 1 + reference.ie_len());
    let mut ranges = Vec::with_capacity(bytes.len() / cap + 2);
    let (mut start, mut used, mut total) = (0, 0, 0);
    let mut i = 0;
    // Up to here the text goes sixteen bytes at a time (64 did not all pass: eight times as
    // many go block by block before 64 are tried again, as text with one character off the
    // fast path tends to have more).
    let mut careful_until = 0;
    while i < bytes.len() {
        // 64 plain characters (one septet each) at once, or sixteen after 64 that were not
        // all plain; as many as the part has room for.
        let span = if i < careful_until { BLOCK } else { CHUNK };
        let plain = if span == BLOCK {
            all_plain::<BLOCK>(bytes, i)
        } else {
            all_plain::<CHUNK>(bytes, i)
        };
        if !plain && span == CHUNK {
            careful_until = i + 8 * CHUNK;
            continue;
        }
        if plain {
            let take = span.min(cap - used);
            used += take;
            total += take;
            i += take;
            if take < span {
                if ranges.len() + 1 >= MAX_PARTS {
                    return Ok(None);
                }
                ranges.push((start..i, used));
                start = i;
                used = 0;
            }
            continue;
        }
        let (block, avail) = match bytes.get(i..i + BLOCK).and_then(|b| b.try_into().ok()) {
            Some(block) => (block, BLOCK),
            None => padded_tail(bytes.get(i..).unwrap_or(&[]), 0),
        };
        let (_, flags) = ascii_to_septets_flagged(block);
        let bad = flags.mask();
        // Far from the end of the part (the block and a character reaching past it fit
        // whatever they hold: at most two septets an octet), the block is counted without
        // looking at runs: one septet per good byte (the padding of a short block is
        // flagged), then each flagged character from its first byte.
        if used + 2 * BLOCK + 2 <= cap {
            let good = BLOCK - flags.count() as usize;
            used += good;
            total += good;
            let flagged = bad & ((1u32 << avail) - 1);
            if flagged != 0 {
                // From a window of the text when there is one: its length known, the
                // characters are read without bounds checks.
                let (septets, end) = match bytes.get(i..).and_then(<[u8]>::first_chunk::<WINDOW>) {
                    Some(window) => flagged_septets(window, 0, flagged),
                    None => flagged_septets(bytes, i, flagged),
                }
                .map_err(|p| unmappable_at(text, i + p))?;
                used += septets;
                total += septets;
                // The last character may reach past the block.
                i += avail.max(end);
            } else {
                i += avail;
            }
            continue;
        }
        let mut p = 0;
        while p < avail {
            let run = good_run(bad, p, avail);
            let take = run.min(cap - used);
            used += take;
            total += take;
            p += take;
            if take < run {
                // The part is full inside a run. A CR whose LF would open the next part goes
                // with it (UAX #29 GB3: CR LF is one grapheme cluster).
                let mut at = i + p;
                if at > start + 1 && bytes.get(at - 1) == Some(&CR) && bytes.get(at) == Some(&LF) {
                    at -= 1;
                }
                if ranges.len() + 1 >= MAX_PARTS {
                    return Ok(None);
                }
                let carried = i + p - at;
                ranges.push((start..at, used - carried));
                used = carried;
                start = at;
                continue;
            }
            if p >= avail {
                break;
            }
            // An escaped, non-ASCII or uncodable character: it fits whole or opens the next
            // part (an escape pair is never split, TS 23.038 §6.2.1.1).
            let at = i + p;
            let (septets, len) = default_char_cost(text, at)?;
            if used + septets > cap {
                if ranges.len() + 1 >= MAX_PARTS {
                    return Ok(None);
                }
                ranges.push((start..at, used));
                start = at;
                used = 0;
            }
            used += septets;
            total += septets;
            p += len;
        }
        i += p;
    }
    let multi = total > part_capacity(Encoding::Gsm7, 0);
    if multi {
        ranges.push((start..bytes.len(), used));
    } else {
        ranges.clear();
        ranges.push((0..bytes.len(), total));
    }
    Ok(Some(Plan {
        encoding: Encoding::Gsm7,
        tables: Tables::DEFAULT,
        parts: ranges.len(),
        units: total,
        multi,
        ranges,
        coded: Vec::new(),
    }))
}

/// The GSM 7 bit parts with the default tables for [`split`](crate::split), coded in one pass:
/// each part's septets are coded straight into its user data, after its UDH, by the block
/// encoder with the part's capacity as its budget, which stops before the first character that
/// does not fit (an escape pair is one character, §6.2.1.1) and says where in the text it
/// stopped. A part that would end between CR and LF gives its CR to the next one. The UDHs are
/// written with the part count left open and completed at the end. `Ok(None)` when the general
/// path must decide (more than [`MAX_PARTS`] parts), an error for the first character without
/// a coding.
pub(crate) fn code_default_gsm7<'a>(
    text: &'a str,
    reference: ConcatRef,
) -> Result<Option<Plan<'a>>, EncodeError> {
    let bytes = text.as_bytes();
    let (locking, shift) = (rev_locking(None), rev_shift(None));
    // One stage for every part: zeroed once, not once a part.
    let mut stage = new_stage();
    let mut encode = |from: usize, budget: usize, out: &mut Vec<u8>| {
        encode_staged::<true>(bytes, from, locking, shift, out, budget, &mut stage)
            .map_err(|at| unmappable_at(text, at))
    };
    let mut p = Plan {
        encoding: Encoding::Gsm7,
        tables: Tables::DEFAULT,
        parts: 1,
        units: 0,
        multi: false,
        ranges: Vec::new(),
        coded: Vec::new(),
    };
    // The UDH of every part: the part count is written once known, the sequence number for
    // each part.
    // It is written once, into the first part's buffer (with room for a single part, the larger
    // capacity), and copied from a small array into the others' (no buffer of its own).
    let single = part_capacity(Encoding::Gsm7, 0);
    let mut first = Vec::with_capacity(udh_octets(Some(reference), Tables::DEFAULT) + single);
    let udh_len = write_udh(Some((reference, 0, 0)), Tables::DEFAULT, &mut first);
    // Every UDH of the default tables fits (UDH_ROOM); the tests, built with debug
    // assertions, would stop at one that did not rather than code its parts without it.
    debug_assert!(udh_len <= UDH_ROOM, "a {udh_len}-octet UDH");
    let mut udh = [0u8; UDH_ROOM];
    if let (Some(to), Some(from)) = (udh.get_mut(..udh_len), first.get(..udh_len)) {
        to.copy_from_slice(from);
    }
    let udh = udh.get(..udh_len).unwrap_or(&[]);
    let mut first = Some(first);
    let mut part_buffer = |room: usize| {
        first.take().unwrap_or_else(|| {
            let mut user_data = Vec::with_capacity(udh_len + room);
            user_data.extend_from_slice(udh);
            user_data
        })
    };
    let cap = part_capacity(Encoding::Gsm7, udh_len);
    let fill_bits = fill_bits_after(udh_len);
    // A part's septets coded after the UDH from byte `start` of the text up to byte `end`: the
    // UDH gets its sequence number, and a part that would end between CR and LF gives its CR to
    // the next one (CR LF is one grapheme cluster, UAX #29 GB3). Returns where the next part
    // starts.
    let push = |p: &mut Plan<'a>, mut user_data: Vec<u8>, start: usize, mut end: usize| {
        if let Some(seq) = user_data.get_mut(udh_len - 1) {
            *seq = (p.coded.len() + 1) as u8;
        }
        if end > start + 1 && bytes.get(end) == Some(&LF) && bytes.get(end - 1) == Some(&CR) {
            user_data.pop();
            end -= 1;
        }
        p.units += user_data.len() - udh_len;
        let part_text = text.get(start..end).unwrap_or("");
        p.coded
            .push(Part::coded(user_data, udh_len, fill_bits, part_text));
        end
    };
    let mut start = 0;
    // One part without a UDH when the whole text fits; a text of more than twice as many
    // octets never does (a character of one to three octets takes one or two septets). The
    // first part of several is coded first, after its UDH, and a single part's last septets
    // after it, so that neither is coded twice.
    if bytes.len() <= 2 * single {
        let mut user_data = part_buffer(single);
        let end = encode(0, cap, &mut user_data)?;
        let first = user_data.len();
        if end == bytes.len()
            || encode(end, single - (first - udh_len), &mut user_data)? == bytes.len()
        {
            user_data.drain(..udh_len);
            p.units = user_data.len();
            p.coded.push(Part::coded(user_data, 0, 0, text));
            return Ok(Some(p));
        }
        user_data.truncate(first);
        start = push(&mut p, user_data, 0, end);
    }
    p.multi = true;
    // About one septet an octet (more parts for text of many two-octet characters).
    p.coded
        .reserve(bytes.len().div_ceil(cap - 1).min(MAX_PARTS) + 1);
    while start < bytes.len() {
        if p.coded.len() >= MAX_PARTS {
            return Ok(None);
        }
        let mut user_data = part_buffer(cap);
        let end = encode(start, cap, &mut user_data)?;
        start = push(&mut p, user_data, start, end);
    }
    p.parts = p.coded.len();
    for part in &mut p.coded {
        part.set_total(p.parts);
    }
    Ok(Some(p))
}

/// Octets of the longest UDH `split` writes with the default tables: the UDHL octet and the
/// concatenation IE with a 16-bit reference (TS 23.040 §9.2.3.24.8: IEI, length, four octets).
const UDH_ROOM: usize = 7;

/// Octets taken at once far from the end of a part.
const CHUNK: usize = 64;

/// Whether every byte of `chunk` is ' ' to 'Z' or 'a' to 'z': ASCII characters coded as one
/// septet (all but '_', LF and CR) that never join a neighbour into a
/// grapheme cluster, so a part may end between any two of them. Two comparisons a byte, which
/// the compiler vectorises.
#[inline(always)]
fn all_plain<const N: usize>(bytes: &[u8], at: usize) -> bool {
    let Some(chunk) = bytes
        .get(at..at + N)
        .and_then(|c| <&[u8; N]>::try_from(c).ok())
    else {
        return false;
    };
    chunk.iter().fold(0u8, |acc, &b| {
        let plain = (b.wrapping_sub(b' ') <= b'Z' - b' ') | (b.wrapping_sub(b'a') < 26);
        acc | u8::from(!plain)
    }) == 0
}

/// Septets of the character at byte `at` of `text` (a character boundary) in the default
/// alphabet and its extension table, and its length in octets, from one load of
/// [`DEFAULT_CODES`](crate::lookup::DEFAULT_CODES); an error names it when it has no coding.
#[inline(always)]
fn default_char_cost(text: &str, at: usize) -> Result<(usize, usize), EncodeError> {
    let (code, len) = default_code(text.as_bytes(), at);
    if code == 0 {
        return Err(unmappable_at(text, at));
    }
    Ok(((code >> 16) as usize, len))
}

/// Octets of text a block's flagged characters are read from when that many are left: the
/// block and the three octets a character may run past it, rounded up.
const WINDOW: usize = 2 * BLOCK;

/// Septets of the characters at the bytes flagged in `flagged` (bit `k`: byte `i + k` of
/// `bytes`, the lowest a character's first; a character's other bytes are flagged too) in the
/// default alphabet and its extension table, each from one load of
/// [`DEFAULT_CODES`](crate::lookup::DEFAULT_CODES), and the offset from `i` where the last
/// one ends; `Err` with the offset from `i` of the first without a coding.
#[inline(always)]
fn flagged_septets(bytes: &[u8], i: usize, mut flagged: u32) -> Result<(usize, usize), usize> {
    let mut septets = 0;
    let mut end = 0;
    while flagged != 0 {
        let p = flagged.trailing_zeros() as usize;
        let (code, len) = default_code(bytes, i + p);
        if code == 0 {
            return Err(p);
        }
        septets += (code >> 16) as usize;
        // The character's other bytes cleared with it (it ends at most three octets past
        // the block, so the shift stays below 32).
        end = p + len;
        flagged &= u32::MAX << (end % 32);
    }
    Ok((septets, end))
}

/// UTF-16 units of `text`: one per character, two for those above U+FFFF (four-byte UTF-8),
/// counted from the lead bytes.
fn utf16_units(bytes: &[u8]) -> usize {
    // Byte-wide sums over chunks of 64 (at most 128 each), which the compiler vectorises.
    bytes
        .chunks(64)
        .map(|chunk| {
            let n = chunk.iter().fold(0u8, |n, &b| {
                n + u8::from((b as i8) >= -0x40) + u8::from(b >= 0xF0)
            });
            usize::from(n)
        })
        .sum()
}

/// UTF-16 units whose lead bytes are in `block` (a fixed-size [`utf16_units`], which the
/// compiler unrolls and vectorises).
#[inline(always)]
fn block_utf16_units(block: &[u8; BLOCK]) -> usize {
    usize::from(block.iter().fold(0u8, |n, &b| {
        n + u8::from((b as i8) >= -0x40) + u8::from(b >= 0xF0)
    }))
}

/// The UCS-2 plan: `None` when the general path must decide (a grapheme cluster larger than a
/// part, more parts than `must_beat` or [`MAX_PARTS`]).
pub(crate) fn plan_ucs2(text: &str, reference: ConcatRef, must_beat: usize) -> Option<Plan<'_>> {
    let bytes = text.as_bytes();
    let total = utf16_units(bytes);
    let mut p = Plan {
        encoding: Encoding::Ucs2,
        tables: Tables::DEFAULT,
        parts: 1,
        units: total,
        multi: false,
        ranges: Vec::new(),
        coded: Vec::new(),
    };
    if total <= part_capacity(Encoding::Ucs2, 0) {
        p.ranges.push((0..text.len(), total));
        return Some(p);
    }
    p.multi = true;
    let cap = part_capacity(Encoding::Ucs2, 1 + reference.ie_len());
    // Every part but the last holds at most `cap` units: a lower bound without walking.
    p.parts = total.div_ceil(cap).max(2);
    if p.parts >= must_beat {
        return Some(p);
    }
    let limit = must_beat.min(MAX_PARTS);
    let mut start = 0;
    let mut left = total;
    while left > cap {
        // The first character that does not fit. Sixteen octets take at most sixteen UTF-16
        // units, and seventeen with the four-octet character that may start on the last of them
        // (one unit for one to three octets, two for four; units are counted at lead bytes): as
        // long as that much room is left, blocks are counted whole, then the character that
        // ends in the next block is skipped and the last few are counted one by one.
        let (mut i, mut used) = (start, 0);
        while used + BLOCK < cap
            && let Some(block) = bytes
                .get(i..i + BLOCK)
                .and_then(|b| <&[u8; BLOCK]>::try_from(b).ok())
        {
            used += block_utf16_units(block);
            i += BLOCK;
        }
        while bytes.get(i).is_some_and(|&b| (b as i8) < -0x40) {
            i += 1;
        }
        loop {
            let b = bytes[i];
            let (len, units) = match b {
                0..0x80 => (1, 1),
                0x80..0xE0 => (2, 1),
                0xE0..0xF0 => (3, 1),
                _ => (4, 2),
            };
            if used + units > cap {
                break;
            }
            used += units;
            i += len;
        }
        let cut = cluster_start(text, i)?;
        if cut <= start || (cut < i && cluster_units(text, cut)? > cap) {
            return None;
        }
        if p.ranges.len() + 1 >= limit {
            return None;
        }
        let units = used - utf16_units(&bytes[cut..i]);
        left -= units;
        p.ranges.push((start..cut, units));
        start = cut;
    }
    p.ranges.push((start..text.len(), left));
    p.parts = p.ranges.len();
    Some(p)
}

/// Whether UAX #29 never joins `ch` to a neighbour of the same kind into one grapheme cluster
/// but for CR LF (GB3): below U+0300 (the first Extend, combining marks) there is no Extend,
/// SpacingMark, Prepend, Regional_Indicator or Hangul character, nor in the CJK Unified
/// Ideographs and the fullwidth ASCII forms; the Extended_Pictographic '©' and '®' join only
/// after a ZWJ (GB11), which is not of this kind.
fn never_joins(ch: char) -> bool {
    matches!(ch, '\0'..='\u{2FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF01}'..='\u{FF5E}')
}

/// The last grapheme cluster boundary at or before byte `at`: `at` itself when the characters
/// on both sides never join (the usual case), else asked of `unicode-segmentation`.
fn cluster_start(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?.chars().next_back();
    let after = text.get(at..)?.chars().next();
    if let (Some(b), Some(a)) = (before, after)
        && never_joins(b)
        && never_joins(a)
        && !(b == '\r' && a == '\n')
    {
        return Some(at);
    }
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    if cursor.is_boundary(text, 0).ok()? {
        return Some(at);
    }
    cursor.prev_boundary(text, 0).ok()?
}

/// UTF-16 units of the grapheme cluster starting at byte `at`.
fn cluster_units(text: &str, at: usize) -> Option<usize> {
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    let end = cursor.next_boundary(text, 0).ok()??;
    Some(utf16_units(text.as_bytes().get(at..end)?))
}

#[cfg(test)]
mod tests {
    use crate::language::NationalLanguage;
    use crate::segment::{
        ConcatRef, EncodingChoice, NationalPolicy, SplitOptions, count, count_with, split,
        split_general,
    };
    use alloc::borrow::ToOwned;
    use alloc::string::String;
    use alloc::vec;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    /// Text from pieces that exercise both fast paths and their edges: ASCII runs, escapes,
    /// Latin-1 and Greek, CR LF, emoji (surrogate pairs), ZWJ sequences, flags, combining
    /// marks, CJK, and a character no table has.
    fn text() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            6 => "[a-zA-Z0-9 .,!?@$_]{1,40}",
            2 => "[{}\\[\\]~|^€\u{c}]{1,3}",
            2 => "[éèÅåΔΦΓΛΩ£¥§¿¡]{1,5}",
            1 => Just("\r\n".to_owned()),
            1 => "[\r\n]{1,2}",
            1 => Just("😀".to_owned()),
            1 => Just("👩\u{200d}👩\u{200d}👧".to_owned()),
            1 => Just("🇮🇹".to_owned()),
            1 => Just("e\u{301}".to_owned()),
            1 => "[你好世界]{1,5}",
            1 => Just("\u{301}".repeat(70)),
            // Turkish and Portuguese national table letters (TS 23.038 A.2.1, A.3.1, A.3.3).
            2 => "[ĞŞİğşıçÇ]{1,4}",
            1 => "[ÁÂÃÊÍÓÔÕÚ]{1,4}",
            // Skin tone modifiers (Extend after an emoji), a ZWJ profession with a tone, a
            // keycap, a combining diaeresis after ASCII, Hangul syllables and jamo.
            1 => Just("👍🏽".to_owned()),
            1 => Just("👨🏿\u{200d}💻".to_owned()),
            1 => Just("1\u{fe0f}\u{20e3}".to_owned()),
            1 => Just("a\u{308}".to_owned()),
            1 => "[한글\u{1100}\u{1161}\u{11a8}]{1,3}",
            1 => Just("©\u{200d}®".to_owned()),
        ];
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    fn options() -> impl Strategy<Value = SplitOptions> {
        (
            prop::sample::select(vec![
                EncodingChoice::Auto,
                EncodingChoice::Gsm7,
                EncodingChoice::Ucs2,
            ]),
            prop::sample::select(vec![ConcatRef::Eight(7), ConcatRef::Sixteen(0x1234)]),
            prop::sample::select(vec![
                NationalPolicy::None,
                NationalPolicy::None,
                NationalPolicy::Auto,
                NationalPolicy::Allowed(vec![NationalLanguage::Turkish]),
                NationalPolicy::Custom {
                    single: vec![NationalLanguage::Portuguese, NationalLanguage::Spanish],
                    locking: vec![],
                },
            ]),
        )
            .prop_map(|(encoding, reference, national)| SplitOptions {
                encoding,
                national,
                reference,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        // split and count with the fast paths give exactly what the general walk gives.
        #[test]
        fn accepts_fast_split_and_count_as_the_general_path(text in text(), opts in options()) {
            let fast = split(&text, &opts);
            let general = split_general(&text, &opts);
            prop_assert_eq!(&fast, &general);
            let c = count(&text, &opts);
            prop_assert_eq!(c, count_with(&text, &opts, false));
            if let (Ok(c), Ok(s)) = (c, &fast) {
                prop_assert_eq!(c.parts, s.parts.len());
                prop_assert_eq!((c.encoding, c.tables), (s.encoding, s.tables));
                prop_assert_eq!(c.units, s.parts.iter().map(|p| p.units).sum::<usize>());
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        // Long texts: hundreds of parts, and past the 255-part limit.
        #[test]
        fn accepts_long_texts_as_the_general_path(piece in text(), times in 1usize..400) {
            let text: String = piece.repeat(times.min(40_000 / piece.len().max(1)));
            let opts = SplitOptions::default();
            prop_assert_eq!(split(&text, &opts), split_general(&text, &opts));
        }
    }

    // 67-unit UCS-2 parts: every cluster of several characters or UTF-16 units (surrogate pair,
    // flag, ZWJ family, skin tone, keycap, combining mark, Hangul jamo, CR LF) at every offset
    // around the first and second cuts, after ASCII and after CJK.
    #[test]
    fn accepts_clusters_at_every_ucs2_cut_as_the_general_path() {
        let clusters = [
            "😀",
            "🇮🇹",
            "👩\u{200d}👩\u{200d}👧",
            "👍🏽",
            "1\u{fe0f}\u{20e3}",
            "e\u{301}\u{302}",
            "\u{1100}\u{1161}\u{11a8}",
            "\r\n",
            "你",
        ];
        for filler in ["a", "你", "😀"] {
            for head in 55..140 {
                for cluster in clusters {
                    let text = "你".to_owned() + &filler.repeat(head) + cluster + &"b".repeat(80);
                    for opts in [
                        SplitOptions::default(),
                        SplitOptions {
                            reference: ConcatRef::Sixteen(1),
                            ..SplitOptions::default()
                        },
                    ] {
                        assert_eq!(
                            split(&text, &opts),
                            split_general(&text, &opts),
                            "{filler:?} × {head} + {cluster:?}"
                        );
                        assert_eq!(count(&text, &opts), count_with(&text, &opts, false));
                    }
                }
            }
        }
    }

    // TS 23.038 §6.2.1: the bytes taken 64 at a time are ' ' to 'Z' and 'a' to 'z', and the
    // default alphabet table (LATIN1_TO_DEFAULT) codes each of them as one septet.
    #[test]
    fn accepts_plain_bytes_as_one_septet() {
        use crate::lookup::{EXT, LATIN1_TO_DEFAULT, NONE};
        for b in 0u8..=255 {
            let plain = (b' '..=b'Z').contains(&b) || b.is_ascii_lowercase();
            assert_eq!(super::all_plain::<64>(&[b; 64], 0), plain, "{b:#04X}");
            assert_eq!(super::all_plain::<16>(&[b; 17], 1), plain, "{b:#04X}");
            let v = LATIN1_TO_DEFAULT[usize::from(b)];
            if plain {
                assert!(v != NONE && v & EXT == 0, "{b:#04X}");
            }
        }
        let mut chunk = [b'a'; 64];
        chunk[63] = b'_';
        assert!(!super::all_plain::<64>(&chunk, 0));
        assert!(!super::all_plain::<16>(&chunk, 48));
        assert!(super::all_plain::<16>(&chunk, 0));
        assert!(!super::all_plain::<16>(&[b'a'; 10], 0), "too short");
    }

    // TS 23.040 §9.2.3.16 and §9.2.3.24: up to 160 septets are one part without a UDH, more
    // are parts of at most 153 (escape pairs §6.2.1.1 and CR LF kept whole).
    #[test]
    fn accepts_one_part_up_to_160_septets() {
        for (tail, septets) in [("", 0), ("€", 2), ("é", 1), ("\r\n", 2), ("{", 2)] {
            for n in 140..175 {
                let text = "a".repeat(n) + tail;
                let opts = SplitOptions::default();
                let s = split(&text, &opts).unwrap();
                assert_eq!(Ok(&s), split_general(&text, &opts).as_ref(), "{n} {tail:?}");
                let parts = if n + septets <= 160 { 1 } else { 2 };
                assert_eq!(s.parts.len(), parts, "{n} {tail:?}");
            }
        }
    }

    // 153-septet parts: an escape pair or CR LF across the cut moves whole to the next part.
    #[test]
    fn accepts_cuts_around_escapes_and_crlf() {
        for k in 60..160 {
            for tail in ["€€€", "\r\n\r\n", "{\r\n}", "\r\r\n", "é\r\n", "_\r\n"] {
                let text = "a".repeat(k) + tail + &"b".repeat(200);
                let opts = SplitOptions::default();
                assert_eq!(
                    split(&text, &opts),
                    split_general(&text, &opts),
                    "{k} {tail:?}"
                );
                assert_eq!(
                    count(&text, &opts),
                    count_with(&text, &opts, false),
                    "{k} {tail:?}"
                );
            }
        }
        let text = "a".repeat(152) + "\r\n" + &"b".repeat(10);
        let parts: Vec<usize> = split(&text, &SplitOptions::default())
            .unwrap()
            .parts
            .iter()
            .map(|p| p.units)
            .collect();
        assert_eq!(parts, vec![152, 12]);
    }
}
