//! The nom lexer and the field-by-field parser behind [`Receipt::parse`].

use alloc::vec::Vec;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::combinator::{map, value, verify};
use nom::sequence::terminated;
use nom::{IResult, Parser};

use crate::date::{DateError, DateFormat, parse_date};
use crate::error::{ParseError, ParseErrorKind};
use crate::receipt::Quirk;
use crate::receipt::{DecodeOptions, Field, FieldName, Receipt};
use crate::state::{StatSpelling, State};

// ---- lexing (nom) --------------------------------------------------------------------------

/// `key:` for an Appendix B field, any case. The keys are [`FieldName::as_str`], the one
/// table the canonical fast path and the writer use too. The first two letters pick the one
/// or two candidates to try (this runs at every space of a receipt), and `submit date` is
/// tried before `sub`.
fn known_key(i: &[u8]) -> IResult<&[u8], FieldName> {
    let lower = |n: usize| i.get(n).map(u8::to_ascii_lowercase);
    let name = match (lower(0), lower(1)) {
        (Some(b'i'), _) => key(FieldName::Id).parse(i),
        (Some(b's'), Some(b't')) => key(FieldName::Stat).parse(i),
        (Some(b's'), _) => alt((key(FieldName::SubmitDate), key(FieldName::Sub))).parse(i),
        (Some(b'd'), Some(b'o')) => key(FieldName::DoneDate).parse(i),
        (Some(b'd'), _) => key(FieldName::Dlvrd).parse(i),
        (Some(b'e'), _) => key(FieldName::Err).parse(i),
        (Some(b't'), _) => key(FieldName::Text).parse(i),
        _ => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Tag,
        ))),
    };
    let (rest, name) = name?;
    let (rest, _) = tag(":").parse(rest)?;
    Ok((rest, name))
}

/// The key of `name`, any case; the two words of `submit date` and `done date` separated by
/// any whitespace (the SMPP 3.4 PDF breaks "done date" across a line, and receipts copied
/// from it keep the line break).
fn key<'a>(name: FieldName) -> impl Fn(&'a [u8]) -> IResult<&'a [u8], FieldName> {
    move |i: &'a [u8]| match name.as_str().split_once(' ') {
        None => value(name, ci(name.as_str())).parse(i),
        Some((first, second)) => {
            value(name, (ci(first), take_while1(is_space), ci(second))).parse(i)
        }
    }
}

/// A case-insensitive ASCII tag: nom's `tag_no_case` without its per-character iterator
/// machinery (this runs at every space of every receipt).
fn ci<'a>(t: &'static str) -> impl Fn(&'a [u8]) -> IResult<&'a [u8], &'a [u8]> {
    move |i: &'a [u8]| match i.get(..t.len()) {
        Some(head) if head.eq_ignore_ascii_case(t.as_bytes()) => Ok((&i[t.len()..], head)),
        _ => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

fn is_key_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.'
}

/// `key:` for a vendor field: a letter, then letters, digits, `_`, `-` or `.`.
fn vendor_key(i: &[u8]) -> IResult<&[u8], &[u8]> {
    terminated(
        verify(take_while(is_key_byte), |k: &[u8]| {
            k.first().is_some_and(u8::is_ascii_alphabetic)
        }),
        tag(":"),
    )
    .parse(i)
}

#[derive(Clone, Copy)]
enum Key {
    Known(FieldName),
    Vendor,
}

fn any_key(i: &[u8]) -> IResult<&[u8], Key> {
    alt((map(known_key, Key::Known), map(vendor_key, |_| Key::Vendor))).parse(i)
}

/// Space, tab, CR, LF.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

// ---- parsing --------------------------------------------------------------------------------

pub(crate) struct ReceiptParser<'a> {
    s: &'a [u8],
    options: DecodeOptions,
    r: Receipt<'a>,
}

impl<'a> ReceiptParser<'a> {
    pub(crate) fn new(input: &'a [u8], options: &DecodeOptions) -> Self {
        Self {
            s: input,
            options: *options,
            r: Receipt {
                input,
                fields: [None; 8],
                extra: Vec::new(),
                quirks: Vec::new(),
                state: None,
                submitted: None,
                delivered: None,
                submit_date: None,
                done_date: None,
                err_code: None,
            },
        }
    }

    /// Records `quirk` when the options forgive it; else fails with `kind`.
    fn forgive(
        &mut self,
        quirk: Quirk,
        kind: ParseErrorKind,
        field: Option<FieldName>,
        offset: usize,
    ) -> Result<(), ParseError> {
        if self.options.allows(&quirk) {
            self.r.quirks.push(quirk);
            Ok(())
        } else {
            Err(ParseError::new(kind, field, offset))
        }
    }

    fn seen(&self, name: FieldName) -> bool {
        self.r.fields[name.index()].is_some()
    }

    /// The next field boundary at or after `from`: whitespace followed by a key. Returns the
    /// start of the whitespace, the start of the key, the key and the offset just past its
    /// colon. For `text`, only a required field not yet seen ends the value; otherwise any
    /// key does.
    fn next_boundary(&self, from: usize, in_text: bool) -> Option<(usize, usize, Key, usize)> {
        let s = self.s;
        let mut i = from;
        while i < s.len() {
            if !is_space(s[i]) {
                i += 1;
                continue;
            }
            let ws = i;
            while i < s.len() && is_space(s[i]) {
                i += 1;
            }
            let rest = &s[i..];
            // Every key starts with a letter: skip the parsers for digits and punctuation.
            if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
                continue;
            }
            let found = if in_text {
                match known_key(rest) {
                    Ok((after, name)) if name.is_required() && !self.seen(name) => {
                        Some((after, Key::Known(name)))
                    }
                    _ => None,
                }
            } else {
                any_key(rest).ok()
            };
            if let Some((after, key)) = found {
                return Some((ws, i, key, s.len() - after.len()));
            }
        }
        None
    }

    pub(crate) fn run(mut self) -> Result<Receipt<'a>, ParseError> {
        // Trailing NULs: a C-string terminator copied into short_message. Not part of the
        // receipt. (Other control characters are kept: binary text can end with them.)
        let mut end = self.s.len();
        while end > 0 && self.s[end - 1] == 0 {
            end -= 1;
        }
        if end < self.s.len() {
            self.forgive(
                Quirk::TrailingNul { offset: end },
                ParseErrorKind::TrailingNul,
                None,
                end,
            )?;
            self.s = &self.s[..end];
        }
        let s = self.s;
        let mut pos = s.iter().position(|&c| !is_space(c)).ok_or(ParseError::new(
            ParseErrorKind::Empty,
            None,
            0,
        ))?;
        let Ok((after, first)) = any_key(&s[pos..]) else {
            return Err(ParseError::new(ParseErrorKind::NotAReceipt, None, pos));
        };
        if pos > 0 {
            self.forgive(
                Quirk::Whitespace { offset: 0 },
                ParseErrorKind::Whitespace,
                None,
                0,
            )?;
        }
        let (mut key, mut colon) = (first, s.len() - after.len()); // colon: just past the ':'
        loop {
            let key_raw = &s[pos..colon - 1];
            let in_text = matches!(key, Key::Known(FieldName::Text));
            let next = self.next_boundary(colon, in_text);
            let value_end = next.map_or(s.len(), |(ws, ..)| ws);
            self.field(key, key_raw, pos, colon, value_end)?;
            let Some((ws, key_start, next_key, next_colon)) = next else {
                break;
            };
            if &s[ws..key_start] != b" " {
                self.forgive(
                    Quirk::Whitespace { offset: ws },
                    ParseErrorKind::Whitespace,
                    None,
                    ws,
                )?;
            }
            (pos, key, colon) = (key_start, next_key, next_colon);
        }
        self.finish()
    }

    /// One field: key at `pos`, value from `colon` to `end`.
    fn field(
        &mut self,
        key: Key,
        key_raw: &'a [u8],
        pos: usize,
        colon: usize,
        end: usize,
    ) -> Result<(), ParseError> {
        let s = self.s;
        let raw = &s[colon..end];
        let lead = raw.iter().take_while(|&&c| is_space(c)).count();
        let trail = raw[lead..]
            .iter()
            .rev()
            .take_while(|&&c| is_space(c))
            .count();
        let mut value = &raw[lead..raw.len() - trail];
        let name = match key {
            Key::Known(name) => name,
            Key::Vendor => {
                self.r.extra.push(Field {
                    key: key_raw,
                    value,
                    offset: pos,
                });
                return Ok(());
            }
        };
        if name != FieldName::Text && (lead > 0 || trail > 0) && !value.is_empty() {
            let at = if lead > 0 { colon } else { end - trail };
            self.forgive(
                Quirk::Whitespace { offset: at },
                ParseErrorKind::Whitespace,
                Some(name),
                at,
            )?;
        }
        // Appendix B writes the keys in lower case, and "Text:" with a capital, the two
        // words of a date key separated by one space.
        let spec_case =
            key_raw == name.as_str().as_bytes() || (name == FieldName::Text && key_raw == b"Text");
        let key_space = key_raw.iter().any(|&c| is_space(c) && c != b' ')
            || key_raw.windows(2).any(|w| w == b"  ");
        if key_space {
            self.forgive(
                Quirk::Whitespace { offset: pos },
                ParseErrorKind::Whitespace,
                Some(name),
                pos,
            )?;
        } else if !spec_case {
            self.forgive(
                Quirk::KeyCase {
                    field: name,
                    offset: pos,
                },
                ParseErrorKind::KeyCase,
                Some(name),
                pos,
            )?;
        }
        if self.seen(name) {
            return self.forgive(
                Quirk::DuplicateField {
                    field: name,
                    offset: pos,
                },
                ParseErrorKind::DuplicateField,
                Some(name),
                pos,
            );
        }
        let value_at = colon + lead;
        match name {
            FieldName::Text => {}
            FieldName::Id => {
                if value.iter().any(|&c| is_space(c)) {
                    self.forgive(
                        Quirk::SpaceInValue(name),
                        ParseErrorKind::SpaceInValue,
                        Some(name),
                        value_at,
                    )?;
                }
            }
            _ => {
                // One token: anything after it up to the next key belongs to no field
                // (jSMPP DeliveryReceiptParserTest: "err:000 testing jSMPP bow").
                if let Some(sp) = value.iter().position(|&c| is_space(c)) {
                    let rest = value[sp..].iter().take_while(|&&c| is_space(c)).count() + sp;
                    let offset = value_at + rest;
                    let len = value.len() - rest;
                    self.forgive(
                        Quirk::UnkeyedText { offset, len },
                        ParseErrorKind::UnkeyedText,
                        Some(name),
                        offset,
                    )?;
                    value = &value[..sp];
                }
            }
        }
        if value.is_empty() && name != FieldName::Text {
            self.forgive(
                Quirk::EmptyValue(name),
                ParseErrorKind::EmptyValue,
                Some(name),
                value_at,
            )?;
        }
        self.r.fields[name.index()] = Some(Field {
            key: key_raw,
            value,
            offset: pos,
        });
        if !value.is_empty() {
            self.interpret(name, value, value_at)?;
        }
        Ok(())
    }

    /// Checks and converts a value.
    fn interpret(&mut self, name: FieldName, value: &[u8], at: usize) -> Result<(), ParseError> {
        match name {
            FieldName::Sub | FieldName::Dlvrd => {
                let count = parse_count(value);
                if count.is_none() {
                    self.forgive(
                        Quirk::InvalidCount(name),
                        ParseErrorKind::InvalidCount,
                        Some(name),
                        at,
                    )?;
                }
                if name == FieldName::Sub {
                    self.r.submitted = count;
                } else {
                    self.r.delivered = count;
                }
            }
            FieldName::SubmitDate | FieldName::DoneDate => {
                let date = match parse_date(value) {
                    Ok((date, DateFormat::Minutes | DateFormat::Seconds)) => Some(date),
                    Ok((date, DateFormat::FourDigitYear)) => {
                        self.forgive(
                            Quirk::FourDigitYear(name),
                            ParseErrorKind::InvalidDate,
                            Some(name),
                            at,
                        )?;
                        Some(date)
                    }
                    Ok((date, DateFormat::AbsoluteTime)) => {
                        self.forgive(
                            Quirk::AbsoluteTimeDate(name),
                            ParseErrorKind::InvalidDate,
                            Some(name),
                            at,
                        )?;
                        Some(date)
                    }
                    Err(DateError::Zero) => {
                        self.forgive(
                            Quirk::ZeroDate(name),
                            ParseErrorKind::InvalidDate,
                            Some(name),
                            at,
                        )?;
                        None
                    }
                    Err(DateError::Syntax | DateError::Range) => {
                        self.forgive(
                            Quirk::InvalidDate(name),
                            ParseErrorKind::InvalidDate,
                            Some(name),
                            at,
                        )?;
                        None
                    }
                };
                if name == FieldName::SubmitDate {
                    self.r.submit_date = date;
                } else {
                    self.r.done_date = date;
                }
            }
            FieldName::Stat => {
                self.r.state = Some(match State::from_stat(value) {
                    Some((state, StatSpelling::Spec)) => state,
                    Some((state, StatSpelling::Variant)) => {
                        self.forgive(
                            Quirk::StatVariant,
                            ParseErrorKind::UnknownStat,
                            Some(name),
                            at,
                        )?;
                        state
                    }
                    None => {
                        self.forgive(
                            Quirk::UnknownStat,
                            ParseErrorKind::UnknownStat,
                            Some(name),
                            at,
                        )?;
                        State::Unknown
                    }
                });
            }
            FieldName::Err => {
                self.r.err_code = parse_count(value);
                if self.r.err_code.is_none() {
                    self.forgive(
                        Quirk::NonNumericErr,
                        ParseErrorKind::NonNumericErr,
                        Some(name),
                        at,
                    )?;
                }
            }
            FieldName::Id | FieldName::Text => {}
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Receipt<'a>, ParseError> {
        if FieldName::ALL.iter().all(|&n| !self.seen(n)) {
            return Err(ParseError::new(ParseErrorKind::NotAReceipt, None, 0));
        }
        let end = self.s.len();
        for name in FieldName::ALL {
            if name.is_required() && !self.seen(name) {
                self.forgive(
                    Quirk::MissingField(name),
                    ParseErrorKind::MissingField,
                    Some(name),
                    end,
                )?;
            }
        }
        Ok(self.r)
    }
}

/// Whether `s` holds whitespace followed by the key of `name` (in any case): where the
/// parser ends a `text` value when `name` is a required field not yet seen.
pub(super) fn holds_key_after_space(s: &[u8], name: FieldName) -> bool {
    s.iter().enumerate().any(|(i, &c)| {
        is_space(c) && matches!(known_key(&s[i + 1..]), Ok((_, found)) if found == name)
    })
}

/// Decimal digits that fit a `u32`.
pub(crate) fn parse_count(value: &[u8]) -> Option<u32> {
    if value.is_empty() {
        return None;
    }
    value.iter().try_fold(0u32, |acc, &c| {
        if c.is_ascii_digit() {
            acc.checked_mul(10)?.checked_add(u32::from(c - b'0'))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every key of the one table (Appendix B Table B-1, FieldName::as_str) is found, in
    // Appendix B's case and in upper case.
    #[test]
    fn accepts_every_key_of_the_table() {
        for name in FieldName::ALL {
            for key in [
                alloc::string::String::from(name.as_str()),
                name.as_str().to_uppercase(),
            ] {
                let input = alloc::format!("{key}:x");
                assert_eq!(known_key(input.as_bytes()).map(|r| r.1), Ok(name), "{key}");
            }
        }
    }

    #[test]
    fn rejects_count_overflow() {
        assert_eq!(parse_count(b"4294967295"), Some(u32::MAX));
        assert_eq!(parse_count(b"4294967296"), None);
        assert_eq!(parse_count(b""), None);
        assert_eq!(parse_count(b"21b"), None);
    }
}
