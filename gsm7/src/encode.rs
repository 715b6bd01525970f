//! GSM 7 bit text → septets (TS 23.038 §6.2.1, §6.2.1.1, Annex A), one septet per octet.

use alloc::vec::Vec;

use crate::block::{BLOCK, ascii_to_septets_flagged};
use crate::error::EncodeError;
use crate::language::Tables;
use crate::lookup::{
    Coded, ESCAPE, NONE, REV_DEFAULT, REV_DEFAULT_SHIFT, Reverse, code_char, default_code,
    rev_locking, rev_shift,
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
    match encode_fast::<false>(
        text.as_bytes(),
        0,
        rev_locking(tables.locking),
        rev_shift(tables.single),
        out,
        usize::MAX,
    ) {
        Ok(_) => Ok(out.len() - start),
        Err(index) => {
            out.truncate(start);
            Err(unmappable_at(text, index))
        }
    }
}

/// The error for the character at byte `index` of `text`, which has no coding.
pub(crate) fn unmappable_at(text: &str, index: usize) -> EncodeError {
    let ch = text
        .get(index..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or('\0');
    EncodeError::UnmappableChar { ch, index }
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

/// Septets gathered on the stack before they are appended to the output (a power of two: the
/// writes index it modulo this).
const STAGE: usize = 256;

/// Octets off the ASCII fast path (a Turkish 'ş' is two) up to which a block is taken in good
/// runs around them; a block with more goes character by character.
const SPARSE: u32 = 10;

/// The fast encoder for every pair of tables, sixteen bytes at a time. Where the locking table
/// codes ASCII as the default alphabet does, [`ascii_to_septets_flagged`] converts a block and a
/// block of such characters only is taken whole. Every other block goes character by
/// character: the UTF-8 decoded inline, the code point looked up in the locking table's byte
/// maps and, when absent there, the single shift table's, two septets written and the count
/// advanced by one or two. Septets are staged on the stack and appended in bulk.
///
/// Codes `bytes` from offset `from` (a character boundary) until they end or, when `BUDGETED`
/// (otherwise `budget` is ignored and its checks compiled out), the next character would take
/// the septets appended to `out` past `budget` (an escaped character is never split: it goes
/// whole or not at all), and returns the offset where it stopped. `Err`
/// gives the offset of the first character without a coding (partial output is left for the
/// caller to truncate).
pub(crate) fn encode_fast<const BUDGETED: bool>(
    bytes: &[u8],
    from: usize,
    locking: &Reverse,
    shift: &Reverse,
    out: &mut Vec<u8>,
    budget: usize,
) -> Result<usize, usize> {
    encode_staged::<BUDGETED>(bytes, from, locking, shift, out, budget, &mut new_stage())
}

/// Septets gathered on the stack before they are appended to the output: what
/// [`encode_staged`] writes into. Only the septets it writes are appended, so one stage serves
/// any number of calls (`split` codes each part with the same one, zeroed once).
pub(crate) type Stage = [u8; STAGE + BLOCK];

/// A [`Stage`] for [`encode_staged`].
pub(crate) fn new_stage() -> Stage {
    [0u8; STAGE + BLOCK]
}

/// [`encode_fast`] with the caller's [`Stage`] (whatever it holds).
#[inline]
pub(crate) fn encode_staged<const BUDGETED: bool>(
    bytes: &[u8],
    from: usize,
    locking: &Reverse,
    shift: &Reverse,
    out: &mut Vec<u8>,
    budget: usize,
    stage: &mut Stage,
) -> Result<usize, usize> {
    // The default tables code any character of theirs with one load: their own copy of the
    // loop, without a test per character.
    if core::ptr::eq(locking, &REV_DEFAULT) && core::ptr::eq(shift, &REV_DEFAULT_SHIFT) {
        encode_blocks::<BUDGETED, true>(bytes, from, locking, shift, out, budget, stage)
    } else {
        encode_blocks::<BUDGETED, false>(bytes, from, locking, shift, out, budget, stage)
    }
}

/// [`encode_fast`] for the default tables (`DEFAULT`) or any other pair.
#[inline(always)]
fn encode_blocks<const BUDGETED: bool, const DEFAULT: bool>(
    bytes: &[u8],
    from: usize,
    locking: &Reverse,
    shift: &Reverse,
    out: &mut Vec<u8>,
    budget: usize,
    stage: &mut Stage,
) -> Result<usize, usize> {
    // Septets staged (`n`) and appended to `out` before them (`flushed`).
    let mut n = 0;
    let mut flushed = 0;
    let mut i = from;
    out.reserve(bytes.len().saturating_sub(from).min(budget));
    // The characters that start in a block (sixteen at most; the last may run past it) take at
    // most two septets each: blocks are taken whole while that much room is left.
    while i < bytes.len() && (!BUDGETED || flushed + n + 2 * BLOCK <= budget) {
        if n + 3 * BLOCK > STAGE {
            out.extend_from_slice(&stage[..n]);
            flushed += n;
            n = 0;
        }
        // The block from a window of the text when there is one: its length known, the
        // characters are read without bounds checks.
        i = match bytes.get(i..).and_then(<[u8]>::first_chunk::<WINDOW>) {
            Some(window) => {
                let at = |k: usize| i + k;
                at(
                    encode_block::<DEFAULT>(window, 0, locking, shift, stage, &mut n)
                        .map_err(at)?,
                )
            }
            None => encode_block::<DEFAULT>(bytes, i, locking, shift, stage, &mut n)?,
        };
    }
    // Near the budget: the good runs of a block as far as there is room, and the other
    // characters one at a time, each whole or not at all.
    'tail: while BUDGETED && i < bytes.len() {
        if n + 3 * BLOCK > STAGE {
            out.extend_from_slice(&stage[..n]);
            flushed += n;
            n = 0;
        }
        if locking.default_ascii
            && let Some(block) = bytes.get(i..).and_then(<[u8]>::first_chunk::<BLOCK>)
        {
            let (septets, flags) = ascii_to_septets_flagged(*block);
            let mut bad = flags.mask();
            let mut ahead = [0u8; 2 * BLOCK];
            ahead[..BLOCK].copy_from_slice(&septets);
            let start = i;
            let mut p = 0;
            loop {
                // The good run from `p` to the next flagged character or the end of the block.
                let q = if bad == 0 {
                    BLOCK.max(p)
                } else {
                    bad.trailing_zeros() as usize
                };
                if let Some(run) = ahead
                    .get(p..p + BLOCK)
                    .and_then(<[u8]>::first_chunk::<BLOCK>)
                {
                    stage[n..n + BLOCK].copy_from_slice(run);
                }
                let take = (q - p).min(budget - (flushed + n));
                n += take;
                i = start + p + take;
                if take < q - p {
                    break 'tail;
                }
                if bad == 0 {
                    continue 'tail;
                }
                let before = n;
                let next = stage_char::<DEFAULT>(bytes, i, locking, shift, stage, &mut n)?;
                if flushed + n > budget {
                    n = before;
                    break 'tail;
                }
                p = next - start;
                bad &= u32::MAX.checked_shl(p as u32).unwrap_or(0);
            }
        }
        // The last few octets of the text.
        let before = n;
        let next = stage_char::<DEFAULT>(bytes, i, locking, shift, stage, &mut n)?;
        if flushed + n > budget {
            n = before;
            break;
        }
        i = next;
    }
    out.extend_from_slice(&stage[..n]);
    Ok(i)
}

/// Octets of text a block is read from when that many are left: the block and the three
/// octets a character may run past it, rounded up.
const WINDOW: usize = 2 * BLOCK;

/// Codes the characters that start in the block at byte `i` of `text` (a character boundary)
/// into `stage` at `n` (at least `2 * BLOCK + 2` septets of room), and returns the offset after
/// them (a character may end up to three octets past the block), or `Err` with the offset of
/// a character without a coding.
///
/// Where the locking table codes ASCII as the default alphabet does, the block is converted
/// whole ([`ascii_to_septets_flagged`]) and taken so if it holds no other character; with a
/// few others, in good runs around them. Otherwise character by character.
#[inline(always)]
fn encode_block<const DEFAULT: bool>(
    text: &[u8],
    i: usize,
    locking: &Reverse,
    shift: &Reverse,
    stage: &mut Stage,
    n: &mut usize,
) -> Result<usize, usize> {
    if (DEFAULT || locking.default_ascii)
        && let Some(block) = text.get(i..).and_then(<[u8]>::first_chunk::<BLOCK>)
    {
        let (septets, flags) = ascii_to_septets_flagged(*block);
        let at = *n % STAGE;
        stage[at..at + BLOCK].copy_from_slice(&septets);
        if flags.is_clear() {
            *n += BLOCK;
            return Ok(i + BLOCK);
        }
        if flags.count() <= SPARSE {
            // A few characters off the fast path: alternately the good run up to the next
            // such character (the converted block from `p` on, written whole and counted up
            // to it) and the character, until the block is used up. The block's end is
            // flagged too, so each run stops there; the converted block is followed by zeros
            // so that the run from any `p` is one load.
            let bad = flags.mask() | 1 << BLOCK;
            let mut ahead = [0u8; 2 * BLOCK];
            ahead[..BLOCK].copy_from_slice(&septets);
            let mut p = bad.trailing_zeros() as usize;
            *n += p;
            while p < BLOCK {
                // A character ends at most three octets past the block.
                p = stage_char::<DEFAULT>(text, i + p, locking, shift, stage, n)? - i;
                if p >= BLOCK {
                    break;
                }
                let good = (bad >> p).trailing_zeros() as usize;
                if let Some(run) = ahead
                    .get(p..p + BLOCK)
                    .and_then(<[u8]>::first_chunk::<BLOCK>)
                {
                    let at = *n % STAGE;
                    stage[at..at + BLOCK].copy_from_slice(run);
                }
                *n += good;
                p += good;
            }
            return Ok(i + p);
        }
    }
    let end = text.len().min(i + BLOCK);
    let mut i = i;
    while i < end {
        i = stage_char::<DEFAULT>(text, i, locking, shift, stage, n)?;
    }
    Ok(i)
}

/// The character at byte `i` of `bytes` coded into `stage` at `n` by [`encode_default_char`]
/// for the default tables (`DEFAULT`), else by [`encode_char`]: the offset of the next
/// character, or `Err(i)` when this one has no coding.
#[inline(always)]
fn stage_char<const DEFAULT: bool>(
    bytes: &[u8],
    i: usize,
    locking: &Reverse,
    shift: &Reverse,
    stage: &mut Stage,
    n: &mut usize,
) -> Result<usize, usize> {
    if DEFAULT {
        encode_default_char(bytes, i, stage, n)
    } else {
        encode_char(bytes, i, locking, shift, stage, n)
    }
    .ok_or(i)
}

/// Codes the character at byte `i` of `bytes` into `stage` at `n` (modulo [`STAGE`]) and
/// advances `n` by its septets: the locking table's septet, else the escape and the single
/// shift table's. Returns the offset of the next character, or `None` when the character has
/// no coding.
#[inline(always)]
fn encode_char(
    bytes: &[u8],
    i: usize,
    locking: &Reverse,
    shift: &Reverse,
    stage: &mut Stage,
    n: &mut usize,
) -> Option<usize> {
    // The UTF-8 decoded by its length, each length looked up in its own map: one and two
    // octets in the byte map below U+0800, three in the script block (or the search).
    let b = u32::from(bytes.get(i).copied().unwrap_or(0));
    let (c, v, adv) = if b < 0x80 {
        (b, locking.low_code(b), 1)
    } else if b < 0xE0 {
        let b1 = u32::from(bytes.get(i + 1).copied().unwrap_or(0) & 0x3F);
        let c = (b & 0x1F) << 6 | b1;
        (c, locking.low_code(c), 2)
    } else if b < 0xF0 {
        let [b1, b2] = bytes
            .get(i + 1..)
            .and_then(<[u8]>::first_chunk::<2>)
            .copied()
            .unwrap_or([0, 0]);
        let c = (b & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
        (c, locking.high_code(c), 3)
    } else {
        // Four octets: above U+FFFF, in no table.
        return None;
    };
    let at = *n % STAGE;
    if v != NONE {
        stage[at] = v;
        *n += 1;
    } else {
        let w = shift.get_code(c);
        if w == NONE {
            return None;
        }
        stage[at] = ESCAPE;
        stage[at + 1] = w;
        *n += 2;
    }
    Some(i + adv)
}

/// [`encode_char`] for the default tables: the character's septets and their count in one
/// load of [`DEFAULT_CODES`](crate::lookup::DEFAULT_CODES) ([`default_code`]).
#[inline(always)]
fn encode_default_char(bytes: &[u8], i: usize, stage: &mut Stage, n: &mut usize) -> Option<usize> {
    let (code, len) = default_code(bytes, i);
    if code == 0 {
        return None;
    }
    let at = *n % STAGE;
    stage[at] = code as u8;
    stage[at + 1] = (code >> 8) as u8;
    *n += (code >> 16) as usize;
    Some(i + len)
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

    // A.3.1 / A.2.1: Turkish text with one to eleven two-octet letters per block (the good
    // runs around them, and character by character past `SPARSE` octets), at every offset
    // from a block's start, codes as the general path does with each pair of Turkish tables.
    #[test]
    fn roundtrip_turkish_letters_around_good_runs() {
        let tr = Some(NationalLanguage::Turkish);
        let letters = [
            "\u{e7}", "\u{11f}", "\u{131}", "\u{f6}", "\u{15f}", "\u{fc}", "\u{130}", "\u{15e}",
        ];
        for t in [
            Tables {
                locking: tr,
                single: tr,
            },
            Tables {
                locking: None,
                single: tr,
            },
            Tables {
                locking: tr,
                single: None,
            },
        ] {
            for k in 0..BLOCK {
                for dense in 1..12 {
                    let mut text = "a".repeat(k);
                    for j in 0..dense {
                        text += letters[j % letters.len()];
                        text += &"b".repeat(j % 3);
                    }
                    text += "x!";
                    text = text.repeat(3);
                    let mut fast = Vec::new();
                    let end = encode_fast::<false>(
                        text.as_bytes(),
                        0,
                        rev_locking(t.locking),
                        rev_shift(t.single),
                        &mut fast,
                        usize::MAX,
                    );
                    let mut general = Vec::new();
                    encode_with(&text, t, &mut general, None).unwrap();
                    assert_eq!(end, Ok(text.len()), "{t:?} {text:?}");
                    assert_eq!(fast, general, "{t:?} {text:?}");
                    let mut back = String::new();
                    decode_septets(&fast, t, &mut back).unwrap();
                    assert_eq!(back, text);
                }
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

    /// The fast encoder alone (no fallback) against the general path: it codes the whole text
    /// exactly when the general path does, with the same septets, and otherwise stops at the
    /// character the general path names.
    fn fast_as_general(text: &str, t: Tables) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut fast = vec![9];
        let end = encode_fast::<false>(
            text.as_bytes(),
            0,
            rev_locking(t.locking),
            rev_shift(t.single),
            &mut fast,
            usize::MAX,
        );
        let mut general = vec![9];
        let g = encode_with(text, t, &mut general, None);
        match (end, g) {
            (Ok(end), Ok(())) => {
                proptest::prop_assert_eq!(end, text.len());
                proptest::prop_assert_eq!(fast, general, "{:?} {:?}", t, text);
            }
            (Err(at), Err(EncodeError::UnmappableChar { index, .. })) => {
                proptest::prop_assert_eq!(at, index, "{:?} {:?}", t, text);
            }
            (f, g) => proptest::prop_assert!(false, "{:?} vs {:?} for {:?} {:?}", f, g, t, text),
        }
        Ok(())
    }

    /// The fast encoder with a budget of septets, from byte `from`, against the general path's
    /// characters one by one: it codes the longest run of characters that fits (an escaped
    /// character whole or not at all), or names the first character without a coding before
    /// the budget runs out.
    fn budget_as_general(
        text: &str,
        t: Tables,
        from: usize,
        budget: usize,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut fast = vec![9];
        let got = encode_fast::<true>(
            text.as_bytes(),
            from,
            rev_locking(t.locking),
            rev_shift(t.single),
            &mut fast,
            budget,
        );
        let mut want = vec![9];
        let mut end = Ok(text.len());
        for (at, ch) in text[from..].char_indices() {
            let Some(coded) = code_char(ch, t) else {
                end = Err(from + at);
                break;
            };
            if want.len() - 1 + coded.len() > budget {
                end = Ok(from + at);
                break;
            }
            match coded {
                Coded::One(v) => want.push(v),
                Coded::Escaped(v) => want.extend_from_slice(&[ESCAPE, v]),
            }
        }
        proptest::prop_assert_eq!(got, end, "{:?} {:?} {} {}", t, text, from, budget);
        if end.is_ok() {
            proptest::prop_assert_eq!(fast, want, "{:?} {:?} {} {}", t, text, from, budget);
        }
        Ok(())
    }

    /// `encode_septets` (the entry point with its fall-back) against the general path on the
    /// same output buffer: the same septets and count, or the same error with the buffer
    /// left as it was.
    fn septets_as_general(
        text: &str,
        t: Tables,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut fast = vec![9];
        let fast_result = encode_septets(text, t, &mut fast);
        let mut general = vec![9];
        let general_result = encode_with(text, t, &mut general, None);
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
        Ok(())
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
                fast_as_general(&text, t)?;
                septets_as_general(&text, t)?;
            }
        }

        // Text of one pair of tables' characters (now and then ASCII runs, or a character from
        // elsewhere) coded part by part: from any character boundary with any budget, the fast
        // encoder stops where the general path's characters stop fitting.
        #[test]
        fn accepts_fast_encoding_within_a_budget_as_the_general_path(
            table in 0usize..40,
            picks in proptest::collection::vec((0u8..200, 0u8..128), 0..200),
            from in 0usize..200,
            budget in 0usize..220,
        ) {
            let all = language_tables();
            let t = all[table % all.len()];
            let text: String = picks
                .iter()
                .flat_map(|&(kind, pos)| {
                    let ch = match kind {
                        0..100 => t.locking_table()[usize::from(pos)],
                        100..150 => t.shift_table()[usize::from(pos)],
                        150..199 => return "abcdefghij klmnopqrstuvwxyz".chars().take(usize::from(pos % 27) + 1).collect::<Vec<_>>(),
                        _ => '\u{4f60}',
                    };
                    vec![ch]
                })
                .filter(|&c| c != NA)
                .collect();
            let from = text.char_indices().map(|(i, _)| i).nth(from).unwrap_or(text.len());
            budget_as_general(&text, t, from, budget)?;
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
            fast_as_general(&text, t)?;
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
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        // `split` codes every part with one stage, which holds the last part's septets: from
        // any boundary with any budget, a stage full of other septets gives what a fresh one
        // gives (only the septets written are appended).
        #[test]
        fn accepts_a_used_stage_as_a_fresh_one(
            picks in proptest::collection::vec((0u8..200, 0u8..128), 0..200),
            from in 0usize..200,
            budget in 0usize..220,
            junk in 0u8..=255,
        ) {
            let t = Tables::DEFAULT;
            let text: String = picks
                .iter()
                .map(|&(kind, pos)| match kind {
                    0..120 => t.locking_table()[usize::from(pos)],
                    120..199 => t.shift_table()[usize::from(pos)],
                    _ => '\u{4f60}',
                })
                .filter(|&c| c != NA)
                .collect();
            let from = text.char_indices().map(|(i, _)| i).nth(from).unwrap_or(text.len());
            let code = |stage: &mut Stage| {
                let mut out = vec![9];
                let end = encode_staged::<true>(
                    text.as_bytes(),
                    from,
                    rev_locking(None),
                    rev_shift(None),
                    &mut out,
                    budget,
                    stage,
                );
                (end, out)
            };
            let fresh = code(&mut new_stage());
            let mut used = [junk; STAGE + BLOCK];
            proptest::prop_assert_eq!(&code(&mut used), &fresh);
            proptest::prop_assert_eq!(&code(&mut used), &fresh, "used twice");
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
                fast_as_general(&text, t)?;
                septets_as_general(&text, t)?;
            }
        }
    }
}
