//! Receipt dates: `YYMMDDhhmm` (SMPP 3.4 Appendix B), `YYMMDDhhmmss`, the 14-digit
//! `YYYYMMDDhhmmss` some SMSCs send, and SMPP absolute time `YYMMDDhhmmsstnnp` (§7.1.1).

use core::fmt;

/// A calendar date and time from a receipt, validated (month 1–12, day within the month,
/// hour 0–23, minute and second 0–59). Two-digit years 00–89 are 2000–2089 and 90–99 are
/// 1990–1999, the rule `sms decode tpdu` uses for TP-SCTS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReceiptDate {
    /// Four-digit year.
    pub year: u16,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
    /// 0–59; `None` when the date was written to the minute.
    pub second: Option<u8>,
    /// Offset from UTC in minutes when the source carries one (absolute time, TP-SCTS).
    pub utc_offset_minutes: Option<i16>,
}

/// How a date was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateFormat {
    /// `YYMMDDhhmm`, SMPP 3.4 Appendix B.
    Minutes,
    /// `YYMMDDhhmmss`.
    Seconds,
    /// `YYYYMMDDhhmmss` (a quirk).
    FourDigitYear,
    /// `YYMMDDhhmmsstnnp`, SMPP absolute time (a quirk).
    AbsoluteTime,
}

/// Why a date could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateError {
    /// Not 10, 12, 14 or 16 characters of the right kind.
    Syntax,
    /// All zeros: the "not set" value some SMSCs write.
    Zero,
    /// A field out of range.
    Range,
}

impl ReceiptDate {
    /// Reads a receipt date in any of the [`DateFormat`]s. `None` if it is not one, is all
    /// zeros, or has a field out of range.
    pub fn parse(raw: &[u8]) -> Option<(Self, DateFormat)> {
        parse_date(raw).ok()
    }

    /// Builds a validated date; `None` if a field is out of range.
    pub fn new(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: Option<u8>,
    ) -> Option<Self> {
        let date = Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
            utc_offset_minutes: None,
        };
        date.is_valid().then_some(date)
    }

    /// The UTC date and time `seconds` after the Unix epoch (1970-01-01T00:00:00Z), to the
    /// second; `None` past the year 65535. Protocol code never reads the clock: the caller
    /// passes the time in. [`to_minute`](Self::to_minute) drops the seconds for Appendix B's
    /// `YYMMDDhhmm`.
    ///
    /// ```
    /// use dlr::ReceiptDate;
    /// // `date -u -d @1795924080`: Sun Nov 29 03:48:00 UTC 2026.
    /// let d = ReceiptDate::from_unix_seconds(1_795_924_080).unwrap();
    /// assert_eq!(d.to_string(), "2026-11-29T03:48:00");
    /// ```
    pub fn from_unix_seconds(seconds: u64) -> Option<Self> {
        let days = seconds / 86_400;
        let secs = seconds % 86_400;
        let (year, month, day) = civil_from_days(days);
        Some(Self {
            year: u16::try_from(year).ok()?,
            month: month as u8,
            day: day as u8,
            hour: (secs / 3600) as u8,
            minute: (secs % 3600 / 60) as u8,
            second: Some((secs % 60) as u8),
            utc_offset_minutes: None,
        })
    }

    /// The same date without its seconds (written `YYMMDDhhmm`, as Appendix B shows).
    pub const fn to_minute(self) -> Self {
        Self {
            second: None,
            ..self
        }
    }

    /// Appends the date as Appendix B writes it: `YYMMDDhhmm`, or `YYMMDDhhmmss` when the
    /// seconds are known. The year is written modulo 100 and the UTC offset not at all: the
    /// receipt writer checks the year is in 1990–2089 and that there is no offset.
    pub(crate) fn write_appendix_b(&self, out: &mut alloc::vec::Vec<u8>) {
        let pair = |v: u8| [b'0' + v / 10 % 10, b'0' + v % 10];
        out.extend_from_slice(&pair((self.year % 100) as u8));
        for v in [self.month, self.day, self.hour, self.minute] {
            out.extend_from_slice(&pair(v));
        }
        if let Some(s) = self.second {
            out.extend_from_slice(&pair(s));
        }
    }

    #[inline]
    fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
            && self.hour <= 23
            && self.minute <= 59
            && self.second.is_none_or(|s| s <= 59)
    }
}

const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// Year, month, day of a day count since 1970-01-01 (H. Hinnant, "chrono-Compatible
/// Low-Level Date Algorithms", `civil_from_days`, for days ≥ 0).
const fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as u64;
    (y, m, d)
}

/// Two ASCII digits at `i` as a number.
fn two(raw: &[u8], i: usize) -> Option<u8> {
    let hi = raw.get(i).filter(|c| c.is_ascii_digit())?;
    let lo = raw.get(i + 1).filter(|c| c.is_ascii_digit())?;
    Some((hi - b'0') * 10 + (lo - b'0'))
}

/// The dates of Appendix B as written (`YYMMDDhhmm`, or `YYMMDDhhmmss`), read without the
/// checks for the other formats: what [`parse_date`] gives for them, `None` for anything
/// else (another format, all zeros, a field out of range). The receipt fast path uses it.
///
/// The first eight digits (`YYMMDDhh`) are checked and paired in one 64-bit word (a byte
/// holds a digit when its high nibble is 3 and adding 6 keeps it so); all zeros needs no
/// test of its own, as month 00 is out of range.
#[inline]
pub(crate) fn parse_appendix_b_date(raw: &[u8]) -> Option<ReceiptDate> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let (head, tail) = raw.split_first_chunk::<8>()?;
    let (minute, second) = match *tail {
        [m1, m2] => (two_digits(m1, m2)?, None),
        [m1, m2, s1, s2] => (two_digits(m1, m2)?, Some(two_digits(s1, s2)?)),
        _ => return None,
    };
    let word = u64::from_le_bytes(*head);
    if word & (0xF0 * ONES) != 0x30 * ONES
        || word.wrapping_add(6 * ONES) & (0xF0 * ONES) != 0x30 * ONES
    {
        return None;
    }
    // Byte 2i of `pairs` is digit 2i × 10 + digit 2i+1 (at most 99: no carries).
    let digits = word - 0x30 * ONES;
    let pairs = digits * 10 + (digits >> 8);
    let [yy, _, month, _, day, _, hour, _] = pairs.to_le_bytes();
    let date = ReceiptDate {
        year: u16::from(yy) + if yy < 90 { 2000 } else { 1900 },
        month,
        day,
        hour,
        minute,
        second,
        utc_offset_minutes: None,
    };
    date.is_valid().then_some(date)
}

/// Two ASCII digits as a number.
#[inline(always)]
fn two_digits(hi: u8, lo: u8) -> Option<u8> {
    let (hi, lo) = (hi.wrapping_sub(b'0'), lo.wrapping_sub(b'0'));
    if hi <= 9 && lo <= 9 {
        Some(hi * 10 + lo)
    } else {
        None
    }
}

pub(crate) fn parse_date(raw: &[u8]) -> Result<(ReceiptDate, DateFormat), DateError> {
    let (format, digits) = match raw.len() {
        10 => (DateFormat::Minutes, 10),
        12 => (DateFormat::Seconds, 12),
        14 => (DateFormat::FourDigitYear, 14),
        16 => (DateFormat::AbsoluteTime, 13),
        _ => return Err(DateError::Syntax),
    };
    if !raw[..digits].iter().all(u8::is_ascii_digit) {
        return Err(DateError::Syntax);
    }
    if raw[..digits].iter().all(|&c| c == b'0') {
        return Err(DateError::Zero);
    }
    let (year, rest) = if format == DateFormat::FourDigitYear {
        let y = u16::from(two(raw, 0).ok_or(DateError::Syntax)?) * 100
            + u16::from(two(raw, 2).ok_or(DateError::Syntax)?);
        (y, 4)
    } else {
        let yy = u16::from(two(raw, 0).ok_or(DateError::Syntax)?);
        (if yy < 90 { 2000 + yy } else { 1900 + yy }, 2)
    };
    let field = |i: usize| two(raw, rest + 2 * i).ok_or(DateError::Syntax);
    let mut date = ReceiptDate {
        year,
        month: field(0)?,
        day: field(1)?,
        hour: field(2)?,
        minute: field(3)?,
        second: None,
        utc_offset_minutes: None,
    };
    if format != DateFormat::Minutes {
        date.second = Some(field(4)?);
    }
    if format == DateFormat::AbsoluteTime {
        // SMPP 3.4 §7.1.1: "t" tenths of a second, "nn" quarter hours from UTC, "p" is
        // "+" or "-" (UTC offset) or "R" (relative time, meaningless for a receipt date).
        let quarters = two(raw, 13).ok_or(DateError::Syntax)?;
        if quarters > 48 {
            return Err(DateError::Range);
        }
        let minutes = i16::from(quarters) * 15;
        date.utc_offset_minutes = Some(match raw[15] {
            b'+' => minutes,
            b'-' => -minutes,
            _ => return Err(DateError::Syntax),
        });
    }
    if !date.is_valid() {
        return Err(DateError::Range);
    }
    Ok((date, format))
}

impl fmt::Display for ReceiptDate {
    /// ISO 8601: `2025-11-25T12:00`, with `:ss` when seconds are known and the offset when
    /// one is known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute
        )?;
        if let Some(s) = self.second {
            write!(f, ":{s:02}")?;
        }
        if let Some(off) = self.utc_offset_minutes {
            let sign = if off < 0 { '-' } else { '+' };
            let off = off.unsigned_abs();
            write!(f, "{sign}{:02}:{:02}", off / 60, off % 60)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    // SMPP 3.4 Appendix B: YYMMDDhhmm; cloudhopper-smpp DeliveryReceiptTest: 1005232039.
    #[test]
    fn accepts_ten_digit_date() {
        let (d, f) = parse_date(b"1005232039").unwrap();
        assert_eq!(f, DateFormat::Minutes);
        assert_eq!(d.to_string(), "2010-05-23T20:39");
    }

    // cloudhopper-smpp DeliveryReceiptTest parseReceiptWithTimestampIncludingSeconds.
    #[test]
    fn accepts_twelve_digit_date() {
        let (d, f) = parse_date(b"110206193041").unwrap();
        assert_eq!(f, DateFormat::Seconds);
        assert_eq!(d.to_string(), "2011-02-06T19:30:41");
    }

    // cloudhopper-smpp DeliveryReceiptTest parseReceiptWithMissingSubAndDlvrdFields.
    #[test]
    fn accepts_fourteen_digit_date() {
        let (d, f) = parse_date(b"20110314181534").unwrap();
        assert_eq!(f, DateFormat::FourDigitYear);
        assert_eq!(d.to_string(), "2011-03-14T18:15:34");
    }

    // funbox/smppex issue #46: `submit date:180711070003912+` (SMPP 3.4 §7.1.1 format).
    #[test]
    fn accepts_absolute_time_date() {
        let (d, f) = parse_date(b"180711070003912+").unwrap();
        assert_eq!(f, DateFormat::AbsoluteTime);
        assert_eq!(d.to_string(), "2018-07-11T07:00:03+03:00");
    }

    // cloudhopper-smpp toShortMessageWith1DigitLongMessageId writes 0000000000 when unset.
    #[test]
    fn rejects_zero_and_out_of_range_dates() {
        assert_eq!(parse_date(b"0000000000"), Err(DateError::Zero));
        assert_eq!(parse_date(b"1013011200"), Err(DateError::Range)); // month 13
        assert_eq!(parse_date(b"2302291200"), Err(DateError::Range)); // 2023-02-29
        assert!(parse_date(b"2402291200").is_ok()); // leap year
        assert_eq!(parse_date(b"1001012460"), Err(DateError::Range));
        assert_eq!(parse_date(b"10010112"), Err(DateError::Syntax));
        assert_eq!(parse_date(b"10O1011200"), Err(DateError::Syntax));
        assert_eq!(parse_date(b"180711070003912R"), Err(DateError::Syntax));
    }

    proptest::proptest! {
        // The fast reader of Appendix B dates gives what the general one gives for them.
        #[test]
        fn accepts_appendix_b_dates_as_parse_date_does(
            raw in proptest::collection::vec(proptest::sample::select(b"0123456789 0/:?\xff".to_vec()), 8..14),
            digits in "[0-9]{10}|[0-9]{12}",
        ) {
            for raw in [&raw[..], digits.as_bytes()] {
                let general = match parse_date(raw) {
                    Ok((d, DateFormat::Minutes | DateFormat::Seconds)) => Some(d),
                    _ => None,
                };
                proptest::prop_assert_eq!(parse_appendix_b_date(raw), general);
            }
        }
    }

    // `date -u -d @N` (GNU coreutils) for each N: the epoch, a leap day, the receipt minute of
    // the smsc-sim.js oracle (oracles/README.md: "submit date:2611290348"), and 2100-03-01
    // (2100 is not a leap year).
    #[test]
    fn accepts_unix_seconds_as_date_u() {
        for (secs, iso) in [
            (0, "1970-01-01T00:00:00"),
            (951_868_740, "2000-02-29T23:59:00"),
            (1_795_924_080, "2026-11-29T03:48:00"),
            (1_795_924_139, "2026-11-29T03:48:59"),
            (4_107_542_400, "2100-03-01T00:00:00"),
        ] {
            assert_eq!(
                ReceiptDate::from_unix_seconds(secs).unwrap().to_string(),
                iso
            );
        }
        let mut out = alloc::vec::Vec::new();
        let d = ReceiptDate::from_unix_seconds(1_795_924_080).unwrap();
        d.to_minute().write_appendix_b(&mut out);
        assert_eq!(out, b"2611290348");
        assert_eq!(ReceiptDate::from_unix_seconds(u64::MAX), None);
    }

    // The TPDU rule (CLI.md): 90–99 → 19xx.
    #[test]
    fn accepts_two_digit_year_pivot() {
        assert_eq!(parse_date(b"9912312359").unwrap().0.year, 1999);
        assert_eq!(parse_date(b"8912312359").unwrap().0.year, 2089);
    }
}
