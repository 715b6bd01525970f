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
    pub(crate) submitted: u32,
    pub(crate) delivered: u32,
    pub(crate) submit_date: ReceiptDate,
    pub(crate) done_date: ReceiptDate,
    pub(crate) state: State,
    pub(crate) err_code: u32,
    /// `text` or `Text` and its value, when the receipt has one.
    pub(crate) text: Option<(&'a [u8], &'a [u8])>,
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

/// Where each value of [`FIXED`] lies: `sub`, `dlvrd`, `submit date`, `done date`, `stat`,
/// `err`.
const FIXED_VALUES: [(usize, usize); 6] =
    [(5, 8), (15, 18), (31, 41), (52, 62), (68, 75), (80, 83)];

/// One eight-byte word of [`FIXED`]: where it starts, the bytes that must match exactly (and
/// their mask), and the mask of the bytes that must be digits.
#[derive(Clone, Copy)]
struct FixedWord {
    at: usize,
    bytes: u64,
    mask: u64,
    digits: u64,
}

/// [`FIXED`] as words: ten at 0, 8, … 72, and the last eight bytes (75 to 83, overlapping).
const FIXED_WORDS: [FixedWord; 11] = {
    let mut words = [FixedWord {
        at: 0,
        bytes: 0,
        mask: 0,
        digits: 0,
    }; 11];
    let mut w = 0;
    while w < 11 {
        let at = if w < 10 { w * 8 } else { FIXED.len() - 8 };
        let mut word = FixedWord {
            at,
            bytes: 0,
            mask: 0,
            digits: 0,
        };
        let mut i = 0;
        while i < 8 {
            let byte = FIXED[at + i];
            let lane = 0xFF << (8 * i);
            match byte {
                b'0' => word.digits |= lane,
                b'?' => {}
                _ => {
                    word.bytes |= (byte as u64) << (8 * i);
                    word.mask |= lane;
                }
            }
            i += 1;
        }
        words[w] = word;
        w += 1;
    }
    words
};

/// [`parse`] for the [`FIXED`] layout: the id, then 83 bytes checked against the layout in
/// eleven words (every key, colon and space compared, every digit position tested), then the
/// values read at their fixed places. `None` for any other layout.
#[inline(always)]
pub(crate) fn fixed(input: &[u8]) -> Option<Canonical<'_>> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let (id, s) = id(input)?;
    let (layout, rest) = s.split_first_chunk::<83>()?;
    let mut ok = true;
    for w in FIXED_WORDS {
        let chunk = layout[w.at..].first_chunk::<8>()?;
        let v = u64::from_le_bytes(*chunk);
        // A byte is a digit when its high nibble is 3 and adding 6 keeps it so; the sum
        // cannot carry into the next byte once every high nibble is 3.
        let high = w.digits & (0xF0 * ONES);
        let d = v & w.digits;
        ok &= v & w.mask == w.bytes
            && d & high == w.digits & (0x30 * ONES)
            && d.wrapping_add(w.digits & (6 * ONES)) & high == w.digits & (0x30 * ONES);
    }
    if !ok {
        return None;
    }
    let value = |i: usize| &layout[FIXED_VALUES[i].0..FIXED_VALUES[i].1];
    let three = |v: &[u8]| {
        u32::from(v[0] - b'0') * 100 + u32::from(v[1] - b'0') * 10 + u32::from(v[2] - b'0')
    };
    let (sub, dlvrd, submit, done, stat, err) =
        (value(0), value(1), value(2), value(3), value(4), value(5));
    Some(Canonical {
        input,
        values: [id, sub, dlvrd, submit, done, stat, err],
        submitted: three(sub),
        delivered: three(dlvrd),
        submit_date: fixed_date(submit)?,
        done_date: fixed_date(done)?,
        state: State::from_spec_stat(stat)?,
        err_code: three(err),
        text: text(rest)?,
    })
}

/// A `YYMMDDhhmm` date of [`FIXED`], whose ten digits are checked already: what [`date`]
/// gives for it, `None` when a field is out of range (month 00 included, so all zeros too).
#[inline(always)]
fn fixed_date(v: &[u8]) -> Option<ReceiptDate> {
    /// Days in each month (index 1 to 12) of a common year.
    const DAYS: [u8; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let two = |i: usize| (v[i] - b'0') * 10 + (v[i + 1] - b'0');
    let (yy, month, day, hour, minute) = (two(0), two(2), two(4), two(6), two(8));
    // Years 2000–2089 and 1990–1999: a leap year is one whose two digits are a multiple of
    // four (2000 is one, and 1900 cannot be written).
    let leap_day = month == 2 && day == 29 && yy % 4 == 0;
    let valid = (1..=12).contains(&month)
        && day >= 1
        && (day <= DAYS[usize::from(month)] || leap_day)
        && hour <= 23
        && minute <= 59;
    valid.then_some(ReceiptDate {
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
    match rest {
        [] => Some(None),
        [b' ', b't' | b'T', b'e', b'x', b't', b':', value @ ..] => {
            // A trailing NUL is a quirk the general parser reports.
            if value.last() == Some(&0) {
                return None;
            }
            Some(Some((&rest[1..5], trim(value))))
        }
        _ => None,
    }
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
        submitted,
        delivered,
        submit_date,
        done_date,
        state,
        err_code,
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
            state: Some(self.state),
            submitted: Some(self.submitted),
            delivered: Some(self.delivered),
            submit_date: Some(self.submit_date),
            done_date: Some(self.done_date),
            err_code: Some(self.err_code),
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
    /// report built from the fast path's values is the one built from the general parser's.
    fn agrees(input: &[u8]) -> Result<bool, TestCaseError> {
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
            return Ok(false);
        };
        let fast = canonical.receipt();
        let tlvs = crate::ReceiptTlvs {
            receipted_message_id: Some(canonical.values[0]),
            message_state: Some(crate::MessageState::DELIVERED),
            ..Default::default()
        };
        // Recipients: none, a number (bench-pdus.md's source_addr), empty, not UTF-8, a
        // character split from its continuation byte (UTF-8 only when joined to the id or
        // `err` before it), a long one.
        let long = [b'7'; 60];
        let recipients: [Option<&[u8]>; 7] = [
            None,
            Some(b"447700900123"),
            Some(b""),
            Some(b"\xff1"),
            Some(b"\xa9"),
            Some("\u{e9}t\u{e9}".as_bytes()),
            Some(&long),
        ];
        for tlvs in [None, Some(&tlvs)] {
            for recipient in recipients {
                let mut general = crate::DeliveryReport::reconcile(tlvs, Some(&fast));
                if let Ok(report) = &mut general {
                    report.recipient = recipient
                        .and_then(|b| core::str::from_utf8(b).ok())
                        .map(Into::into);
                }
                prop_assert_eq!(
                    crate::DeliveryReport::reconcile_canonical(tlvs, &canonical, recipient),
                    general
                );
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
        Ok(true)
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
            assert!(agrees(s).unwrap(), "{}", String::from_utf8_lossy(s));
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
