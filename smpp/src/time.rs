//! SMPP times as calendar values (v3.4 §7.1.1 absolute, §7.1.2 relative): building a
//! [`SmppTime`] from a date-time or a duration, and reading one back. No clock is read: the
//! caller passes the time.
//!
//! ```
//! use core::time::Duration;
//! use smpp::{AbsoluteTime, SmppTime, TimeValue};
//!
//! // 2025-11-25 12:00:00 UTC, written with a +01:00 offset (4 quarter hours).
//! let t = SmppTime::from_unix(1_764_072_000, 4).unwrap();
//! assert_eq!(t.as_str(), Some("251125130000004+"));
//! let Some(TimeValue::Absolute(a)) = t.value() else { panic!() };
//! assert_eq!((a.hour, a.utc_offset_quarters, a.to_unix()), (13, 4, Some(1_764_072_000)));
//!
//! // A validity period of one day and a half.
//! let v = SmppTime::from_duration(Duration::from_secs(36 * 3600)).unwrap();
//! assert_eq!(v.as_str(), Some("000001120000000R"));
//! ```

use alloc::vec::Vec;
use core::time::Duration;

use crate::types::SmppTime;

/// An absolute time (v3.4 §7.1.1 `YYMMDDhhmmsstnnp`, `p` = `+` or `-`): the local date and
/// time, tenths of a second, and the offset from UTC in quarter hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AbsoluteTime {
    /// 2000–2099 (`YY`).
    pub year: u16,
    /// 1–12.
    pub month: u8,
    /// 1–31, within the month.
    pub day: u8,
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
    /// 0–59.
    pub second: u8,
    /// 0–9 (`t`).
    pub tenths: u8,
    /// −48–48: "the time difference in quarter hours between local time (as expressed in
    /// the first 13 octets) and UTC" (`nn`, signed by `p`).
    pub utc_offset_quarters: i8,
}

/// A relative time (v3.4 §7.1.2 `YYMMDDhhmmss000R`): a duration in calendar units, each
/// 0–99.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RelativeTime {
    /// Years.
    pub years: u8,
    /// Months.
    pub months: u8,
    /// Days.
    pub days: u8,
    /// Hours.
    pub hours: u8,
    /// Minutes.
    pub minutes: u8,
    /// Seconds.
    pub seconds: u8,
}

/// What a non-NULL [`SmppTime`] says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeValue {
    /// A date and time.
    Absolute(AbsoluteTime),
    /// A duration from now (the SMSC's now).
    Relative(RelativeTime),
}

impl AbsoluteTime {
    /// The local time `utc_offset_quarters` quarter hours from UTC of a UTC instant in seconds
    /// since the Unix epoch (tenths 0). `None` outside 2000–2099 or for an offset beyond
    /// ±48 quarters.
    pub fn from_unix(unix_seconds: u64, utc_offset_quarters: i8) -> Option<Self> {
        if !(-48..=48).contains(&utc_offset_quarters) {
            return None;
        }
        let local = i64::try_from(unix_seconds).ok()? + i64::from(utc_offset_quarters) * 900;
        let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        let t = Self {
            year: u16::try_from(year).ok()?,
            month,
            day,
            hour: (secs / 3600) as u8,
            minute: (secs % 3600 / 60) as u8,
            second: (secs % 60) as u8,
            tenths: 0,
            utc_offset_quarters,
        };
        t.is_valid().then_some(t)
    }

    /// The UTC instant in whole seconds since the Unix epoch (tenths dropped); `None` for a
    /// time not [valid](Self::is_valid) or before the epoch.
    pub fn to_unix(&self) -> Option<u64> {
        if !self.is_valid() {
            return None;
        }
        let days = days_from_civil(i64::from(self.year), self.month, self.day);
        let local = days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second);
        u64::try_from(local - i64::from(self.utc_offset_quarters) * 900).ok()
    }

    /// Whether every field is in its range (the day within its month, leap years
    /// counted).
    pub fn is_valid(&self) -> bool {
        let leap = self.year.is_multiple_of(4)
            && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400));
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (2000..=2099).contains(&self.year)
            && (1..=days).contains(&self.day)
            && self.hour <= 23
            && self.minute <= 59
            && self.second <= 59
            && self.tenths <= 9
            && (-48..=48).contains(&self.utc_offset_quarters)
    }
}

impl RelativeTime {
    /// A duration as days, hours, minutes and seconds (whole seconds; years and months 0,
    /// whose length the spec leaves to the SMSC). `None` beyond 99 days, 23:59:59.
    pub fn from_duration(d: Duration) -> Option<Self> {
        let s = d.as_secs();
        let days = u8::try_from(s / 86_400).ok().filter(|&d| d <= 99)?;
        Some(Self {
            days,
            hours: (s % 86_400 / 3600) as u8,
            minutes: (s % 3600 / 60) as u8,
            seconds: (s % 60) as u8,
            ..Self::default()
        })
    }
}

impl SmppTime<'static> {
    /// The absolute time of `t` (`None` when a field is out of range).
    pub fn absolute(t: &AbsoluteTime) -> Option<Self> {
        if !t.is_valid() {
            return None;
        }
        let mut v = Vec::with_capacity(Self::LEN);
        for p in [
            (t.year % 100) as u8,
            t.month,
            t.day,
            t.hour,
            t.minute,
            t.second,
        ] {
            push_two(&mut v, p);
        }
        v.push(b'0' + t.tenths);
        push_two(&mut v, t.utc_offset_quarters.unsigned_abs());
        v.push(if t.utc_offset_quarters < 0 {
            b'-'
        } else {
            b'+'
        });
        Some(Self::from_digits(v))
    }

    /// The absolute time of a UTC instant (seconds since the Unix epoch) written
    /// `utc_offset_quarters` quarter hours from UTC, as [`AbsoluteTime::from_unix`].
    pub fn from_unix(unix_seconds: u64, utc_offset_quarters: i8) -> Option<Self> {
        Self::absolute(&AbsoluteTime::from_unix(unix_seconds, utc_offset_quarters)?)
    }

    /// The relative time of `t` (`None` when a part is above 99).
    pub fn from_relative(t: &RelativeTime) -> Option<Self> {
        Self::relative(t.years, t.months, t.days, t.hours, t.minutes, t.seconds)
    }

    /// The relative time of a duration, as [`RelativeTime::from_duration`].
    pub fn from_duration(d: Duration) -> Option<Self> {
        Self::from_relative(&RelativeTime::from_duration(d)?)
    }
}

impl SmppTime<'_> {
    /// What the time says: `None` for NULL and for characters that are not a valid
    /// absolute or relative time.
    pub fn value(&self) -> Option<TimeValue> {
        let b: &[u8; 16] = self.as_bytes().try_into().ok()?;
        if !b[..15].iter().all(u8::is_ascii_digit) {
            return None;
        }
        let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
        match b[15] {
            // v3.4 §7.1.2: "tnn" are "000" in a relative time.
            b'R' if &b[12..15] == b"000" => Some(TimeValue::Relative(RelativeTime {
                years: two(0),
                months: two(2),
                days: two(4),
                hours: two(6),
                minutes: two(8),
                seconds: two(10),
            })),
            p @ (b'+' | b'-') => {
                let quarters = two(13) as i8;
                let t = AbsoluteTime {
                    year: 2000 + u16::from(two(0)),
                    month: two(2),
                    day: two(4),
                    hour: two(6),
                    minute: two(8),
                    second: two(10),
                    tenths: b[12] - b'0',
                    utc_offset_quarters: if p == b'-' { -quarters } else { quarters },
                };
                t.is_valid().then_some(TimeValue::Absolute(t))
            }
            _ => None,
        }
    }
}

fn push_two(v: &mut Vec<u8>, n: u8) {
    v.push(b'0' + n / 10);
    v.push(b'0' + n % 10);
}

/// Days since 1970-01-01 of a civil date (H. Hinnant, "chrono-Compatible Low-Level Date
/// Algorithms", `days_from_civil`).
fn days_from_civil(y: i64, m: u8, d: u8) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01 (the same paper, `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    // v3.4 §7.1.1 example: "020610233429000R" is relative; an absolute time with a
    // negative offset: 2025-02-28 23:59:59.5 at −05:00 (20 quarters) is 2025-03-01
    // 04:59:59 UTC (1_740_805_199, `date -u -d 2025-03-01T04:59:59 +%s`).
    #[test]
    fn roundtrip_absolute_with_negative_offset() {
        let t = SmppTime::new("250228235959520-").unwrap();
        let Some(TimeValue::Absolute(a)) = t.value() else {
            panic!("{t:?}")
        };
        assert_eq!((a.tenths, a.utc_offset_quarters), (5, -20));
        assert_eq!(a.to_unix(), Some(1_740_805_199));
        let back = SmppTime::from_unix(1_740_805_199, -20).unwrap();
        assert_eq!(back.as_str(), Some("250228235959020-"));
        assert_eq!(SmppTime::absolute(&a).unwrap(), t);
        // 2024 is a leap year: 29 February exists.
        assert!(SmppTime::new("240229000000000+").unwrap().value().is_some());
        assert!(SmppTime::new("250229000000000+").unwrap().value().is_none());
        assert_eq!(SmppTime::from_unix(0, 0), None, "1970 is not a YY year");
        assert_eq!(SmppTime::from_unix(1_740_805_199, 49), None);
    }

    #[test]
    fn roundtrip_relative() {
        let t = SmppTime::new("020610233429000R").unwrap();
        let Some(TimeValue::Relative(r)) = t.value() else {
            panic!()
        };
        assert_eq!((r.years, r.months, r.days, r.seconds), (2, 6, 10, 29));
        assert_eq!(SmppTime::from_relative(&r).unwrap(), t);
        assert_eq!(
            SmppTime::from_duration(Duration::from_secs(99 * 86_400 + 1))
                .unwrap()
                .as_str(),
            Some("000099000001000R")
        );
        assert_eq!(
            SmppTime::from_duration(Duration::from_secs(100 * 86_400)),
            None
        );
        assert_eq!(SmppTime::empty().value(), None);
    }
}
