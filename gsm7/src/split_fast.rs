//! The fast paths of [`split`](crate::split) and [`count`](crate::count): planning the parts
//! without walking grapheme clusters where no cluster can matter.
//!
//! **GSM 7 bit, default tables.** No character of the default alphabet or its extension table
//! joins a grapheme cluster with its neighbour (UAX #29: they are letters, digits, symbols and
//! the controls LF, FF, CR), except CR followed by LF (GB3). So the text is coded once by the
//! block encoder, and the septets are cut every `cap` septets, one septet earlier where the
//! cut would part an escape pair (§6.2.1.1: 0x1B is only ever the first septet of a pair) or CR
//! from its LF. That is the greedy walk of `segment` over the same clusters. Each part's text
//! is as many octets as its septets decode to.
//!
//! **UCS-2.** UTF-16 units are counted from the UTF-8 lead bytes, and grapheme boundaries are
//! asked for only where a part fills up: the cut goes back to the last boundary. A cluster
//! larger than a part (which the general walk splits between its characters) sends the text
//! to the general path, as does anything above [`MAX_PARTS`] parts (the general path reports
//! the exact count).
//!
//! The unit tests check both against the general path on generated text.

use alloc::vec::Vec;

use unicode_segmentation::GraphemeCursor;

use crate::decode::default_utf8_len;
use crate::encode::encode_septets;
use crate::error::EncodeError;
use crate::language::Tables;
use crate::lookup::ESCAPE;
use crate::segment::{ConcatRef, Encoding, MAX_PARTS, Plan, part_capacity};

const CR: u8 = 0x0D;
const LF: u8 = 0x0A;

/// The GSM 7 bit plan with the default tables: `Ok(None)` when the general path must decide
/// (more than [`MAX_PARTS`] parts), an error for the first character without a coding. With
/// `count_only`, the parts' byte ranges are left empty (only their number is wanted).
pub(crate) fn plan_default_gsm7(
    text: &str,
    reference: ConcatRef,
    count_only: bool,
) -> Result<Option<Plan>, EncodeError> {
    let mut septets = Vec::new();
    encode_septets(text, Tables::DEFAULT, &mut septets)?;
    let total = septets.len();
    let mut p = Plan {
        encoding: Encoding::Gsm7,
        tables: Tables::DEFAULT,
        parts: 1,
        units: total,
        multi: false,
        ranges: Vec::new(),
        septets: Vec::new(),
        septet_ranges: Vec::new(),
    };
    if total <= part_capacity(Encoding::Gsm7, 0) {
        p.ranges.push(0..text.len());
        p.septet_ranges.push(0..total);
        p.septets = septets;
        return Ok(Some(p));
    }
    p.multi = true;
    let cap = part_capacity(Encoding::Gsm7, 1 + reference.ie_len());
    // ASCII text of as many septets as octets has no escape (an escaped character takes two
    // septets for its one octet): each septet is one octet of the text.
    let ascii = total == text.len() && text.is_ascii();
    let (mut s, mut b) = (0, 0);
    while total - s > cap {
        let mut e = s + cap;
        let pair_start = |k: usize| septets[k] == ESCAPE;
        // An escape pair, or CR LF, across the cut moves whole to the next part.
        let parts_pair = pair_start(e - 1);
        let parts_crlf =
            septets[e - 1] == CR && septets[e] == LF && !(e >= s + 2 && pair_start(e - 2));
        if parts_pair || parts_crlf {
            e -= 1;
        }
        if p.ranges.len() + 1 >= MAX_PARTS {
            return Ok(None);
        }
        let be = if count_only {
            b
        } else if ascii {
            e
        } else {
            b + default_utf8_len(&septets[s..e])
        };
        p.ranges.push(b..be);
        p.septet_ranges.push(s..e);
        (s, b) = (e, be);
    }
    p.ranges.push(b..text.len());
    p.septet_ranges.push(s..total);
    p.parts = p.ranges.len();
    p.septets = septets;
    Ok(Some(p))
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

/// The UCS-2 plan: `None` when the general path must decide (a grapheme cluster larger than a
/// part, more parts than `must_beat` or [`MAX_PARTS`]).
pub(crate) fn plan_ucs2(text: &str, reference: ConcatRef, must_beat: usize) -> Option<Plan> {
    let bytes = text.as_bytes();
    let total = utf16_units(bytes);
    let mut p = Plan {
        encoding: Encoding::Ucs2,
        tables: Tables::DEFAULT,
        parts: 1,
        units: total,
        multi: false,
        ranges: Vec::new(),
        septets: Vec::new(),
        septet_ranges: Vec::new(),
    };
    if total <= part_capacity(Encoding::Ucs2, 0) {
        p.ranges.push(0..text.len());
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
        // The first character that does not fit. A run of octets takes at most as many UTF-16
        // units as it has octets (one unit for one to three, two for four), so as long as `room`
        // units are left, the next `room` octets (back to a character boundary) fit: they are
        // counted whole, and the last few characters one by one.
        let (mut i, mut used) = (start, 0);
        loop {
            let room = cap - used;
            let mut end = (i + room).min(bytes.len());
            while end > i && !text.is_char_boundary(end) {
                end -= 1;
            }
            if room < 4 || end == i || end == bytes.len() {
                break;
            }
            used += utf16_units(&bytes[i..end]);
            i = end;
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
        if cut <= start || cluster_units(text, cut)? > cap {
            return None;
        }
        if p.ranges.len() + 1 >= limit {
            return None;
        }
        left -= used - utf16_units(&bytes[cut..i]);
        p.ranges.push(start..cut);
        start = cut;
    }
    p.ranges.push(start..text.len());
    p.parts = p.ranges.len();
    Some(p)
}

/// The last grapheme cluster boundary at or before byte `at`.
fn cluster_start(text: &str, at: usize) -> Option<usize> {
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
        )
            .prop_map(|(encoding, reference)| SplitOptions {
                encoding,
                national: NationalPolicy::None,
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

    // 153-septet parts: an escape pair or CR LF across the cut moves whole to the next part.
    #[test]
    fn accepts_cuts_around_escapes_and_crlf() {
        for k in 140..160 {
            for tail in ["€€€", "\r\n\r\n", "{\r\n}", "\r\r\n"] {
                let text = "a".repeat(k) + tail + &"b".repeat(200);
                let opts = SplitOptions::default();
                assert_eq!(
                    split(&text, &opts),
                    split_general(&text, &opts),
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
