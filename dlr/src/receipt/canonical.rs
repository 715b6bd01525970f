//! The fast path of [`Receipt::parse`]: a receipt written exactly in the layout of SMPP 3.4
//! Appendix B, read in one pass without the nom lexer.
//!
//! Appendix B's "typical example" is
//!
//! ```text
//! id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E Text: . . .
//! ```
//!
//! and most SMSCs write exactly that. This module accepts only such a receipt: the seven
//! required fields in that order and key case, one space between fields, values without
//! whitespace that strict mode accepts as they are (decimal counts and `err`, 10- or 12-digit
//! dates, a `stat` word of Table B-2 or SMPP 5.0), then nothing, or ` text:`/` Text:` and the
//! text to the end. Such a receipt has no quirk, so strict and lenient mode read it alike.
//! Anything else (another order, a vendor field, a quirk, even one strict mode would reject)
//! returns `None` and goes to the general parser of [`parser`](super::parser), which says what is wrong.
//! The property tests below check that whatever this path accepts, the general parser reads
//! into the same [`Receipt`], in both modes.
//!
//! The SMPP adapter reads the usual layout ([`FIXED`]) in two steps, to build its
//! `DeliveryReport` as it reads, without a [`Canonical`]: [`fixed_layout`] checks the keys,
//! separators and digits, and [`Fixed::facts`] reads the values once the report's strings are
//! made. The tests below check that the report built so is the one reconciled from the
//! general parser's [`Receipt`].

use alloc::vec::Vec;

use crate::date::ReceiptDate;
use crate::date::parse_appendix_b_date as date;
use crate::receipt::parser::parse_count;
use crate::receipt::{Field, FieldName, Receipt};
use crate::state::State;

/// A canonical receipt: the value of each field, borrowed, and its typed meaning. Smaller than
/// a [`Receipt`] (no per-field keys and offsets: the layout fixes them), so the SMPP report
/// path reads it without building one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Canonical<'a> {
    pub(crate) input: &'a [u8],
    /// The values of `id` … `err`, in Appendix B order (`FieldName::index`).
    pub(crate) values: [&'a [u8]; 7],
    pub(crate) facts: Facts,
    /// `text` or `Text` and its value, when the receipt has one.
    pub(crate) text: Option<(&'a [u8], &'a [u8])>,
}

/// The typed meaning of a canonical receipt's fields from `sub` to `err`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Facts {
    pub(crate) submitted: u32,
    pub(crate) delivered: u32,
    pub(crate) submit_date: ReceiptDate,
    pub(crate) done_date: ReceiptDate,
    pub(crate) state: State,
    pub(crate) err_code: u32,
}

/// Reads `input` if it is a canonical Appendix B receipt (see the module docs); `None` sends it
/// to the general parser. The layout nearly every SMSC writes ([`FIXED`]) is checked in
/// whole words; any other canonical receipt is read field by field.
#[inline(always)]
pub(crate) fn parse(input: &[u8]) -> Option<Canonical<'_>> {
    match fixed(input) {
        Some(c) => Some(c),
        None => by_field(input),
    }
}

/// The fields after the id in the layout nearly every SMSC writes: three-digit counts,
/// ten-digit dates (`YYMMDDhhmm`), a seven-letter `stat` word of Table B-2 and a three-digit
/// `err`. `0` marks a digit, `?` a letter of the `stat` word.
const FIXED: &[u8; 83] =
    b" sub:000 dlvrd:000 submit date:0000000000 done date:0000000000 stat:??????? err:000";

/// Where each value of [`FIXED`] starts: `sub`, `dlvrd`, `submit date`, `done date`, `stat`,
/// `err`.
const SUB: usize = 5;
const DLVRD: usize = 15;
const SUBMIT_DATE: usize = 31;
const DONE_DATE: usize = 52;
const STAT: usize = 68;
const ERR: usize = 80;

const ONES: u64 = 0x0101_0101_0101_0101;

/// One eight-byte word of [`FIXED`], checked as `((v ^ expect) | (v ^ expect) + six) & mask
/// == 0`. A key, colon or space byte expects itself under a full mask: the xor is zero only
/// when it is there. A digit byte expects `0x30` under the mask `0xF0` and adds 6: `v ^ 0x30`
/// is 0 to 9 for a digit, and both it and it plus 6 keep their high nibble clear only then
/// (`:` to `?` reach 0x10 with the 6, anything else has a high nibble already). An addition
/// carries into the next byte only from a byte at 0xFA or above, which has failed already.
/// The `stat` letters are not checked here (the word is looked up whole).
#[derive(Clone, Copy)]
struct FixedWord {
    at: usize,
    expect: u64,
    six: u64,
    mask: u64,
}

/// [`FIXED`] as words: ten at 0, 8, … 72, and the last eight bytes (75 to 83, overlapping).
const FIXED_WORDS: [FixedWord; 11] = {
    let mut words = [FixedWord {
        at: 0,
        expect: 0,
        six: 0,
        mask: 0,
    }; 11];
    let mut w = 0;
    while w < 11 {
        let at = if w < 10 { w * 8 } else { FIXED.len() - 8 };
        let mut word = FixedWord {
            at,
            expect: 0,
            six: 0,
            mask: 0,
        };
        let mut i = 0;
        while i < 8 {
            let byte = FIXED[at + i];
            let shift = 8 * i;
            match byte {
                b'0' => {
                    word.expect |= 0x30 << shift;
                    word.six |= 0x06 << shift;
                    word.mask |= 0xF0 << shift;
                }
                b'?' => {}
                _ => {
                    word.expect |= (byte as u64) << shift;
                    word.mask |= 0xFF << shift;
                }
            }
            i += 1;
        }
        words[w] = word;
        w += 1;
    }
    words
};

/// What reads the [`Facts`] of a canonical receipt: a [`Canonical`] has them, a [`Fixed`]
/// reads them when asked.
#[cfg(any(feature = "smpp", test))]
pub(crate) trait ReadFacts {
    /// The facts; `None` when the receipt is not canonical after all.
    fn facts(&self) -> Option<Facts>;
}

#[cfg(any(feature = "smpp", test))]
impl ReadFacts for Canonical<'_> {
    #[inline(always)]
    fn facts(&self) -> Option<Facts> {
        Some(self.facts)
    }
}

#[cfg(any(feature = "smpp", test))]
impl ReadFacts for Fixed<'_> {
    #[inline(always)]
    fn facts(&self) -> Option<Facts> {
        Fixed::facts(self)
    }
}

/// A receipt whose id is followed by the [`FIXED`] layout, its keys, separators and digits
/// checked: what [`Fixed::facts`] reads, when their values are in range, is a canonical
/// receipt.
#[derive(Clone, Copy)]
pub(crate) struct Fixed<'a> {
    input: &'a [u8],
    /// The id's value.
    pub(crate) id: &'a [u8],
    layout: &'a [u8; 83],
    /// What follows `err`.
    rest: &'a [u8],
}

/// The id, then 83 bytes checked against the [`FIXED`] layout in eleven words (every key,
/// colon and space compared, every digit position tested). `None` for any other layout.
#[inline(always)]
pub(crate) fn fixed_layout(input: &[u8]) -> Option<Fixed<'_>> {
    let (id, s) = id(input)?;
    let (layout, rest) = s.split_first_chunk::<83>()?;
    let mut bad = 0;
    for w in FIXED_WORDS {
        let x = word(layout, w.at) ^ w.expect;
        bad |= (x | x.wrapping_add(w.six)) & w.mask;
    }
    (bad == 0).then_some(Fixed {
        input,
        id,
        layout,
        rest,
    })
}

/// The eight bytes of `layout` at `at` (at most 75) as a little-endian number.
#[inline(always)]
fn word(layout: &[u8; 83], at: usize) -> u64 {
    u64::from_le_bytes(*layout[at..].first_chunk::<8>().unwrap_or(&[0; 8]))
}

impl<'a> Fixed<'a> {
    /// The value of `err`.
    #[inline(always)]
    pub(crate) fn err(&self) -> &'a [u8] {
        &self.layout[ERR..ERR + 3]
    }

    /// The values read at their fixed places, the dates and the `stat` word a word at a
    /// time; `None` when a date is out of range, the `stat` word is not one of Table B-2 or
    /// what follows `err` is not the end or a `text` (see [`text`]).
    #[inline(always)]
    pub(crate) fn facts(&self) -> Option<Facts> {
        let layout = self.layout;
        text(self.rest)?;
        Some(Facts {
            submitted: three_digits(layout, SUB),
            delivered: three_digits(layout, DLVRD),
            submit_date: fixed_date(layout, SUBMIT_DATE)?,
            done_date: fixed_date(layout, DONE_DATE)?,
            // The seven letters and the space after them, the space masked off.
            state: State::from_stat_word(word(layout, STAT) & (u64::MAX >> 8))?,
            err_code: three_digits(layout, ERR),
        })
    }

    /// The canonical receipt, if [`facts`](Self::facts) reads it.
    #[inline(always)]
    fn canonical(&self) -> Option<Canonical<'a>> {
        let value = |at: usize, len: usize| &self.layout[at..at + len];
        Some(Canonical {
            input: self.input,
            values: [
                self.id,
                value(SUB, 3),
                value(DLVRD, 3),
                value(SUBMIT_DATE, 10),
                value(DONE_DATE, 10),
                value(STAT, 7),
                self.err(),
            ],
            facts: self.facts()?,
            text: text(self.rest)?,
        })
    }
}

/// [`parse`] for the [`FIXED`] layout: [`fixed_layout`], then [`Fixed::facts`].
#[inline(always)]
pub(crate) fn fixed(input: &[u8]) -> Option<Canonical<'_>> {
    fixed_layout(input)?.canonical()
}

/// The three digits of [`FIXED`] at `at` (checked already) as a number.
#[inline(always)]
fn three_digits(layout: &[u8; 83], at: usize) -> u32 {
    // The low nibble of a digit is its value.
    let digit = |i: usize| u32::from(layout[at + i] & 0x0F);
    digit(0) * 100 + digit(1) * 10 + digit(2)
}

/// The `YYMMDDhhmm` date of [`FIXED`] at `at`, whose ten digits are checked already: what
/// [`date`] gives for it, `None` when a field is out of range (month 00 included, so all
/// zeros too).
#[inline(always)]
fn fixed_date(layout: &[u8; 83], at: usize) -> Option<ReceiptDate> {
    /// Days in each month (index 1 to 12) of a common year.
    const DAYS: [u8; 16] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0, 0, 0];
    /// The even bytes (where `pairs` holds month, day, hour and minute).
    const EVEN: u64 = 0x0080_0080_0080_0080;
    /// 127 less each field's largest value (month 12, day 31, hour 23, minute 59): a field
    /// above it sets its byte's high bit when this is added.
    const ABOVE: u64 = u64::from_le_bytes([127 - 12, 0, 127 - 31, 0, 127 - 23, 0, 127 - 59, 0]);
    /// 127 under month and day: a field of 1 or more sets its byte's high bit, the bits of
    /// `MONTH_AND_DAY`.
    const NONZERO: u64 = u64::from_le_bytes([127, 0, 127, 0, 0, 0, 0, 0]);
    const MONTH_AND_DAY: u64 = u64::from_le_bytes([0x80, 0, 0x80, 0, 0, 0, 0, 0]);
    // Byte 2i of `pairs` is digit 2i+2 × 10 + digit 2i+3 (month, day, hour, minute), every
    // byte at most 99: adding at most 127 to it carries into no other byte.
    let digits = word(layout, at + 2) & (0x0F * ONES);
    let pairs = digits * 10 + (digits >> 8);
    let [month, _, day, _, hour, _, minute, _] = pairs.to_le_bytes();
    let yy = (layout[at] & 0x0F) * 10 + (layout[at + 1] & 0x0F);
    // Years 2000–2089 and 1990–1999: a leap year is one whose two digits are a multiple of
    // four (2000 is one, and 1900 cannot be written).
    let days = DAYS[usize::from(month & 0x0F)] + u8::from(month == 2 && yy.is_multiple_of(4));
    let in_range =
        ((pairs + ABOVE) & EVEN == 0) & ((pairs + NONZERO) & MONTH_AND_DAY == MONTH_AND_DAY);
    (in_range & (day <= days)).then_some(ReceiptDate {
        year: u16::from(yy) + if yy < 90 { 2000 } else { 1900 },
        month,
        day,
        hour,
        minute,
        second: None,
        utc_offset_minutes: None,
    })
}

/// `id:` and the id: any bytes up to a space; one that holds a tab, line break or other
/// control byte is left to the general parser. Returns the id and what follows.
#[inline(always)]
fn id(input: &[u8]) -> Option<(&[u8], &[u8])> {
    let s = input.strip_prefix(b"id:")?;
    let id_len = blank_at(s);
    if id_len == 0 {
        return None;
    }
    Some(s.split_at(id_len))
}

/// What may follow `err`: the end, or the text, which runs to the end of the receipt (every
/// required field has been seen), without the whitespace around it. `Some(None)`: no text;
/// `None`: anything else.
#[inline(always)]
fn text(rest: &[u8]) -> Option<Option<(&[u8], &[u8])>> {
    /// ` text:` as a little-endian number; or-ing 0x20 into its second byte makes `T` `t`.
    const KEY: u64 = u64::from_le_bytes(*b" text:\0\0");
    let Some((&[a, b, c, d, e, f], value)) = rest.split_first_chunk::<6>() else {
        return rest.is_empty().then_some(None);
    };
    // A trailing NUL is a quirk the general parser reports.
    if u64::from_le_bytes([a, b, c, d, e, f, 0, 0]) | 0x20 << 8 != KEY || rest.last() == Some(&0) {
        return None;
    }
    Some(Some((&rest[1..5], trim(value))))
}

/// [`parse`] for any canonical layout, field by field: each field is its separating space,
/// key and colon compared as one array, then a value read in the same pass that measures it.
/// A value ends at the first byte its field does not take, and the next field's leading
/// space (or the end, or ` text:`) must follow: a value that ends at any other byte declines
/// the receipt.
#[inline(never)]
pub(crate) fn by_field(input: &[u8]) -> Option<Canonical<'_>> {
    let (id, s) = id(input)?;
    let (sub, submitted, s) = count(s, b" sub:")?;
    let (dlvrd, delivered, s) = count(s, b" dlvrd:")?;
    let (submit, submit_date, s) = date_field(s, b" submit date:")?;
    let (done, done_date, s) = date_field(s, b" done date:")?;
    let (stat, state, s) = stat(s)?;
    let (err, err_code, rest) = count(s, b" err:")?;
    Some(Canonical {
        input,
        values: [id, sub, dlvrd, submit, done, stat, err],
        facts: Facts {
            submitted,
            delivered,
            submit_date,
            done_date,
            state,
            err_code,
        },
        text: text(rest)?,
    })
}

impl<'a> Canonical<'a> {
    /// The same receipt as the general parser gives it.
    pub(crate) fn receipt(&self) -> Receipt<'a> {
        let offset = |v: &[u8]| v.as_ptr() as usize - self.input.as_ptr() as usize;
        let mut fields: [Option<Field<'a>>; 8] = [None; 8];
        for (name, value) in FieldName::ALL.into_iter().zip(self.values) {
            // `key:value`: the key ends just before the colon before the value.
            let key_at = offset(value) - 1 - name.as_str().len();
            fields[name.index()] = Some(Field {
                key: &self.input[key_at..key_at + name.as_str().len()],
                value,
                offset: key_at,
            });
        }
        if let Some((key, value)) = self.text {
            fields[FieldName::Text.index()] = Some(Field {
                key,
                value,
                offset: offset(key),
            });
        }
        Receipt {
            input: self.input,
            fields,
            extra: Vec::new(),
            quirks: Vec::new(),
            state: Some(self.facts.state),
            submitted: Some(self.facts.submitted),
            delivered: Some(self.facts.delivered),
            submit_date: Some(self.facts.submit_date),
            done_date: Some(self.facts.done_date),
            err_code: Some(self.facts.err_code),
        }
    }
}

/// `s` without the `key` it starts with (the space, the key of Appendix B and the colon).
#[inline(always)]
fn after<'a, const K: usize>(s: &'a [u8], key: &[u8; K]) -> Option<&'a [u8]> {
    match s.split_first_chunk::<K>() {
        Some((k, rest)) if k == key => Some(rest),
        _ => None,
    }
}

/// `key`, then a count: decimal digits whose value fits a `u32`, as [`parse_count`] reads
/// them. Returns the value as written, its number and what follows.
///
/// The digits are added up in the pass that measures them (the usual count has one to three);
/// a tenth digit hands the value to [`parse_count`], which checks for overflow.
#[inline(always)]
fn count<'a, const K: usize>(s: &'a [u8], key: &[u8; K]) -> Option<(&'a [u8], u32, &'a [u8])> {
    let s = after(s, key)?;
    let mut n = 0u32;
    let mut len = 0;
    while let Some(&c) = s.get(len) {
        let digit = c.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        if len == 9 {
            return long_count(s);
        }
        // Up to nine digits cannot overflow.
        n = n * 10 + u32::from(digit);
        len += 1;
    }
    if len == 0 {
        return None;
    }
    let (value, rest) = s.split_at(len);
    Some((value, n, rest))
}

/// A count of ten digits or more, overflow checked.
#[cold]
#[inline(never)]
fn long_count(s: &[u8]) -> Option<(&[u8], u32, &[u8])> {
    let len = s
        .iter()
        .position(|c| !c.is_ascii_digit())
        .unwrap_or(s.len());
    let (value, rest) = s.split_at(len);
    Some((value, parse_count(value)?, rest))
}

/// The index of the first space or control byte (at most `b' '`) of `s`, or its length: eight
/// bytes at a time. In `(v - 0x21…) & !v & 0x80…` a byte's high bit is set when it is below
/// 0x21 (or a borrow from a lower flagged byte made it so): the lowest flagged byte is the
/// first blank.
#[inline(always)]
fn blank_at(s: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut base = 0;
    let mut rest = s;
    while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
        let v = u64::from_le_bytes(*chunk);
        let blank = v.wrapping_sub(0x21 * ONES) & !v & (0x80 * ONES);
        if blank != 0 {
            return base + (blank.trailing_zeros() / 8) as usize;
        }
        base += 8;
        rest = tail;
    }
    base + rest.iter().position(|&c| c <= b' ').unwrap_or(rest.len())
}

/// `key`, then a date of 10 or 12 digits (`YYMMDDhhmm[ss]`) that [`date`] accepts; 10 when a
/// space or the end follows the tenth character.
#[inline(always)]
fn date_field<'a, const K: usize>(
    s: &'a [u8],
    key: &[u8; K],
) -> Option<(&'a [u8], ReceiptDate, &'a [u8])> {
    let s = after(s, key)?;
    let len = if matches!(s.get(10), None | Some(b' ')) {
        10
    } else {
        12
    };
    let (value, rest) = s.split_at_checked(len)?;
    Some((value, date(value)?, rest))
}

/// ` stat:`, then a word of Table B-2 (seven letters) or SMPP 5.0's `SCHEDULED`.
#[inline(always)]
fn stat(s: &[u8]) -> Option<(&[u8], State, &[u8])> {
    let s = after(s, b" stat:")?;
    let len = if matches!(s.get(7), None | Some(b' ')) {
        7
    } else {
        9
    };
    let (value, rest) = s.split_at_checked(len)?;
    Some((value, State::from_spec_stat(value)?, rest))
}

/// `s` without the whitespace (space, tab, CR, LF) around it.
#[inline(always)]
fn trim(mut s: &[u8]) -> &[u8] {
    let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    while let [first, rest @ ..] = s
        && is_space(*first)
    {
        s = rest;
    }
    while let [rest @ .., last] = s
        && is_space(*last)
    {
        s = rest;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receipt::DecodeOptions;
    use crate::receipt::parser::ReceiptParser;
    use alloc::format;
    use alloc::string::String;
    use alloc::vec;
    use proptest::prelude::*;

    /// The general parser alone, in both modes.
    fn general(input: &[u8]) -> [Result<Receipt<'_>, crate::ParseError>; 2] {
        [
            ReceiptParser::new(input, &DecodeOptions::strict()).run(),
            ReceiptParser::new(input, &DecodeOptions::lenient()).run(),
        ]
    }

    /// Whatever the fast path reads, the general parser reads alike in both modes, and the
    /// report built from the fast path's values, when it builds one, is the one reconciled
    /// from the general parser's. `None` when the fast path declines the text, else how many
    /// of the TLV and recipient combinations the report fast path built.
    fn agrees(input: &[u8]) -> Result<Option<usize>, TestCaseError> {
        // The word-wise reader of the usual layout reads what the field-by-field one reads.
        if let Some(fast) = fixed(input) {
            prop_assert_eq!(
                Some(fast),
                by_field(input),
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
        let Some(canonical) = parse(input) else {
            return Ok(None);
        };
        let fast = canonical.receipt();
        let id = canonical.values[0];
        let id_nul = [id, b"\0"].concat();
        let id_nuls = [id, b"\0\0"].concat();
        let spaced = [b" ", id].concat();
        let state = canonical.facts.state.message_state();
        let other_state = crate::MessageState((state.0 + 1) % 10);
        let nec = |code: u32| crate::NetworkErrorCode {
            network_type: crate::NetworkType(3),
            error_code: code as u16,
        };
        let tlvs = |id: Option<&'static [u8]>, state, nec, reason| crate::ReceiptTlvs {
            receipted_message_id: id,
            message_state: state,
            network_error_code: nec,
            delivery_failure_reason: reason,
        };
        // The TLVs as received (receipted_message_id with its NUL) and as read: none; the
        // text's id without and with its NUL, the state and `err` agreeing; each of them
        // disagreeing (another state, a vendor state, another code, another id, two NULs, a
        // space to trim, not UTF-8); a delivery_failure_reason alone.
        let leak = |v: Vec<u8>| -> &'static [u8] { v.leak() };
        let (id, id_nul, id_nuls, spaced) =
            (leak(id.to_vec()), leak(id_nul), leak(id_nuls), leak(spaced));
        let same = |t: crate::ReceiptTlvs<'static>| (t, t);
        let err = canonical.facts.err_code;
        let cases = [
            same(tlvs(None, None, None, None)),
            same(tlvs(Some(id), Some(state), None, None)),
            (
                tlvs(Some(id_nul), Some(state), Some(nec(err)), None),
                tlvs(Some(id), Some(state), Some(nec(err)), None),
            ),
            (
                tlvs(Some(id_nul), Some(other_state), None, None),
                tlvs(Some(id), Some(other_state), None, None),
            ),
            same(tlvs(None, Some(crate::MessageState(0x42)), None, None)),
            same(tlvs(None, None, Some(nec(err + 1)), None)),
            (
                tlvs(Some(b"x\0"), None, None, None),
                tlvs(Some(b"x"), None, None, None),
            ),
            same(tlvs(Some(id_nuls), None, None, None)),
            same(tlvs(Some(spaced), None, None, None)),
            (
                tlvs(Some(b"\xff\0"), None, None, None),
                tlvs(Some(b"\xff"), None, None, None),
            ),
            same(tlvs(
                None,
                None,
                None,
                Some(crate::DeliveryFailureReason(2)),
            )),
        ];
        // Recipients: none, a number (bench-pdus.md's source_addr), empty, not UTF-8, a
        // character split from its continuation byte (UTF-8 only when joined to the id or
        // `err` before it), one longer than a CompactString holds inline, a longer one.
        let (long, longer) = ([b'7'; 30], [b'7'; 70]);
        let recipients: [Option<&[u8]>; 8] = [
            None,
            Some(b"447700900123"),
            Some(b""),
            Some(b"\xff1"),
            Some(b"\xa9"),
            Some("\u{e9}t\u{e9}".as_bytes()),
            Some(&long),
            Some(&longer),
        ];
        let mut built = 0;
        for (received, read) in &cases {
            for recipient in recipients {
                let mut general = crate::DeliveryReport::reconcile(Some(read), Some(&fast));
                if let Ok(report) = &mut general {
                    report.recipient = recipient
                        .and_then(|b| core::str::from_utf8(b).ok())
                        .map(Into::into);
                }
                let report = crate::DeliveryReport::from_canonical(received, &canonical, recipient);
                // The usual layout's one-pass reader builds the same report, or declines alike.
                if let Some(fixed) = fixed_layout(input) {
                    prop_assert_eq!(
                        crate::DeliveryReport::from_usual(
                            received,
                            fixed.id,
                            fixed.err(),
                            recipient,
                            &fixed,
                        ),
                        report.clone()
                    );
                }
                if let Some(report) = report {
                    built += 1;
                    prop_assert_eq!(
                        Ok(report),
                        general,
                        "{:?} {:?} {:?}",
                        String::from_utf8_lossy(input),
                        received,
                        recipient
                    );
                }
            }
        }
        for g in general(input) {
            prop_assert_eq!(
                g.as_ref(),
                Ok(&fast),
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
        Ok(Some(built))
    }

    // SMPP 3.4 Appendix B layout (values from cloudhopper-smpp DeliveryReceiptTest
    // parseShortMessage and bench-pdus.md's deliver_sm): read by the fast path.
    #[test]
    fn accepts_appendix_b_layout() {
        for s in [
            &b"id:0123456789 sub:002 dlvrd:001 submit date:1005232039 done date:1005242339 stat:DELIVRD err:012 text:This is a sample mes"[..],
            b"id:1234567890 sub:001 dlvrd:001 submit date:2511251200 done date:2511251201 stat:DELIVRD err:000 text:Your MyBrand verific",
            b"id:0123456789 sub:002 dlvrd:001 submit date:100523203900 done date:100524233900 stat:UNDELIV err:012 Text:  x  ",
            b"id:a:b sub:1 dlvrd:0 submit date:1005232039 done date:1005242339 stat:ENROUTE err:0",
            b"id:\xff\xfe sub:1 dlvrd:0 submit date:1005232039 done date:1005242339 stat:ENROUTE err:0",
            "id:\u{e9}t\u{e9} sub:1 dlvrd:0 submit date:1005232039 done date:1005242339 stat:ENROUTE err:0".as_bytes(),
            b"id:7 sub:1 dlvrd:0 submit date:1005232039 done date:1005242339 stat:SCHEDULED err:0 text:",
        ] {
            assert!(agrees(s).unwrap().is_some(), "{}", String::from_utf8_lossy(s));
        }
        // The report is built on the fast path for every id of visible ASCII: without TLVs or
        // with agreeing ones or a delivery_failure_reason (four of the cases), with a
        // recipient that is UTF-8 and fits a CompactString inline (four of the recipients).
        for s in [
            &b"id:1234567890 sub:001 dlvrd:001 submit date:2511251200 done date:2511251201 stat:DELIVRD err:000 text:Your MyBrand verific"[..],
            b"id:a:b sub:1 dlvrd:0 submit date:1005232039 done date:1005242339 stat:ENROUTE err:0",
            b"id:7 sub:1 dlvrd:0 submit date:1005232039 done date:1005242339 stat:SCHEDULED err:0 text:",
        ] {
            assert_eq!(agrees(s).unwrap(), Some(4 * 4), "{}", String::from_utf8_lossy(s));
        }
    }

    // bench-pdus.md's receipt text (SMPP 3.4 Appendix B layout, the FIXED one) and variants
    // at the edges of the dates (leap days, the 1990s, the first and last of a year), each with every byte replaced by bytes that make a
    // neighbouring shape (digits, letters, blanks, the separators), and every truncation:
    // the word-wise reader, the field-by-field one and the general parser agree on all.
    #[test]
    fn fixed_layout_agrees_on_every_one_byte_change() {
        let bench = b"id:1234567890 sub:001 dlvrd:001 submit date:2511251200 done date:2511251201 stat:DELIVRD err:000 text:Your MyBrand verific";
        let leap = b"id:7 sub:123 dlvrd:999 submit date:2402291200 done date:9602292359 stat:EXPIRED err:042";
        let edges = b"id:ab sub:000 dlvrd:000 submit date:0001010000 done date:8912310059 stat:UNKNOWN err:999 Text: x ";
        let mut fixed_read = 0;
        for receipt in [&bench[..], &leap[..], &edges[..]] {
            assert!(fixed(receipt).is_some());
            for n in 0..=receipt.len() {
                agrees(&receipt[..n]).unwrap();
            }
            for i in 0..receipt.len() {
                for b in [
                    b'0', b'1', b'2', b'3', b'4', b'5', b'6', b'8', b'9', b'/', b':', b' ', b'\t',
                    b'a', b'D', 0, 0xff,
                ] {
                    let mut m = receipt.to_vec();
                    m[i] = b;
                    fixed_read += usize::from(fixed(&m).is_some());
                    agrees(&m).unwrap();
                }
            }
        }
        // Many changes keep the layout (other digits, other id bytes, the text).
        assert!(fixed_read > 400, "{fixed_read}");
    }

    // The word-wise date reader gives what `parse_appendix_b_date` gives, for every month and
    // day 00–99 in common, leap and 1990s years with hour and minute at and past their edges,
    // and for every hour and minute 00–99 (SMPP 3.4 Appendix B, `YYMMDDhhmm`).
    #[test]
    fn fixed_date_agrees_with_the_date_parser() {
        let check = |raw: &[u8; 10]| {
            let mut layout = [b'0'; 83];
            layout[SUBMIT_DATE..SUBMIT_DATE + 10].copy_from_slice(raw);
            assert_eq!(
                fixed_date(&layout, SUBMIT_DATE),
                date(raw),
                "{}",
                String::from_utf8_lossy(raw)
            );
        };
        let two = |n: u32| [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        let raw = |yy, mm, dd, hh, mi| {
            let mut r = [0u8; 10];
            for (i, v) in [yy, mm, dd, hh, mi].into_iter().enumerate() {
                r[2 * i..2 * i + 2].copy_from_slice(&two(v));
            }
            r
        };
        for yy in [0, 1, 4, 23, 89, 90, 96, 99] {
            for mm in 0..100 {
                for dd in 0..100 {
                    for (hh, mi) in [(0, 0), (23, 59), (24, 0), (0, 60), (99, 99)] {
                        check(&raw(yy, mm, dd, hh, mi));
                    }
                }
            }
        }
        for hh in 0..100 {
            for mi in 0..100 {
                check(&raw(25, 11, 25, hh, mi));
                check(&raw(0, 2, 29, hh, mi));
            }
        }
    }

    // Every deviation goes to the general parser: key case, double space, vendor field,
    // order, 14-digit and zero dates, vendor stat, non-numeric err, trailing NUL, tab.
    #[test]
    fn rejects_every_deviation_to_the_general_parser() {
        let good = "id:1 sub:001 dlvrd:001 submit date:1005232039 done date:1005242339 stat:DELIVRD err:000 text:hi";
        assert!(parse(good.as_bytes()).is_some());
        for (from, to) in [
            ("id:", "ID:"),
            ("sub:", "Sub:"),
            (" dlvrd", "  dlvrd"),
            ("err:000", "err:000 x:y"),
            ("sub:001 dlvrd:001", "dlvrd:001 sub:001"),
            ("1005232039", "20100523203900"),
            ("1005232039", "0000000000"),
            ("1005232039", "1013232039"),
            ("DELIVRD", "DELIVERED"),
            ("DELIVRD", "delivrd"),
            ("err:000", "err:21b"),
            ("text:hi", "text:hi\0"),
            ("text:", "TEXT:"),
            (" text", "\ttext"),
            ("sub:001", "sub:"),
            ("sub:001", "sub:99999999999"),
            ("stat:DELIVRD", "stat:DELIV\tRD"),
            ("submit date", "submit  date"),
        ] {
            let s = good.replacen(from, to, 1);
            assert!(parse(s.as_bytes()).is_none(), "{s:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        // The word-at-a-time blank search finds what a byte-by-byte one finds, at every
        // length and position (high bytes, controls, space and the bytes around 0x21).
        #[test]
        fn blank_at_agrees_with_a_byte_search(
            bytes in prop::collection::vec(
                prop::sample::select(vec![0u8, b'\t', b' ', b'!', b'0', b'a', 0x7f, 0x80, 0xa0, 0xa1, 0xff]),
                0..40,
            ),
        ) {
            let expected = bytes.iter().position(|&c| c <= b' ').unwrap_or(bytes.len());
            prop_assert_eq!(blank_at(&bytes), expected);
        }

        // Receipts built from Appendix B's pieces with deviations mixed in: the fast path
        // either declines or agrees with the general parser in both modes.
        #[test]
        fn accepts_what_the_general_parser_reads_alike(
            id in prop::sample::select(vec!["0123456789", "a:b", "", "1 2", "x\ty", "\u{e9}", "ID"]),
            sep in prop::sample::select(vec![" ", " ", " ", "  ", "\t", "\n"]),
            keys in prop::sample::select(vec![
                ["id", "sub", "dlvrd", "submit date", "done date", "stat", "err", "text"],
                ["id", "sub", "dlvrd", "submit date", "done date", "stat", "err", "Text"],
                ["Id", "sub", "dlvrd", "submit date", "done date", "stat", "err", "text"],
                ["id", "dlvrd", "sub", "submit date", "done date", "stat", "err", "text"],
                ["id", "sub", "dlvrd", "submit date", "done date", "stat", "err", "x"],
                ["id", "sub", "dlvrd", "submit\ndate", "done date", "stat", "err", "text"],
            ]),
            count in prop::sample::select(vec!["001", "0", "4294967295", "4294967296", "1a", ""]),
            date in prop::sample::select(vec!["1005232039", "100523203959", "20100523203900", "0000000000", "1013232039", "10052320"]),
            stat in prop::sample::select(vec!["DELIVRD", "UNDELIV", "SCHEDULED", "delivrd", "DELIVERED", "XYZ", ""]),
            err in prop::sample::select(vec!["000", "21b", "", "0 trailing"]),
            text in prop::option::of("[ -~\t]{0,24}"),
            nul in any::<bool>(),
        ) {
            let mut s = format!(
                "{}:{id}{sep}{}:{count}{sep}{}:{count} {}:{date} {}:{date} {}:{stat} {}:{err}",
                keys[0], keys[1], keys[2], keys[3], keys[4], keys[5], keys[6]
            );
            if let Some(t) = &text {
                s.push_str(&format!(" {}:{t}", keys[7]));
            }
            if nul {
                s.push('\0');
            }
            agrees(s.as_bytes())?;
        }

        // Any bytes: never a panic, and agreement where the fast path answers.
        #[test]
        fn accepts_any_bytes_alike(bytes in prop::collection::vec(any::<u8>(), 0..160)) {
            agrees(&bytes)?;
        }
    }
}
