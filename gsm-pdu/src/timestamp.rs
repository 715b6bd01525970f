//! TP-SCTS and TP-DT (TS 23.040 §9.2.3.11): seven octets of swapped BCD semi-octets.
//!
//! ```text
//! YY MM DD hh mm ss TZ    each octet: units digit in bits 7-4, tens digit in bits 3-0
//! TZ: quarter hours from GMT; bit 3 (the tens semi-octet's high bit) is the sign, 1 = minus
//! ```

use core::fmt;

use crate::error::{DecodeError, EncodeError, Quirk};

/// A service centre time stamp or discharge time, kept as on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    raw: [u8; 7],
}

/// Fields of a [`Timestamp`], as numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// Two-digit year, 0–99.
    pub year: u8,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
    /// 0–59.
    pub second: u8,
    /// Offset from GMT in quarter hours, -79..=79.
    pub tz_quarters: i8,
}

const NAMES: [&str; 7] = [
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "time zone",
];

impl Timestamp {
    /// From the seven wire octets, checking every semi-octet is BCD and every field in range.
    /// With `lenient`, a semi-octet above 9 is taken at its binary value and reported.
    pub(crate) fn from_wire(
        raw: [u8; 7],
        field: &'static str,
        offset: usize,
        lenient: bool,
        quirks: &mut dyn FnMut(Quirk),
    ) -> Result<Self, DecodeError> {
        for (i, &b) in raw.iter().enumerate() {
            // The time zone's tens semi-octet carries the sign in its bit 3.
            let lo = if i == 6 { b & 0x07 } else { b & 0x0F };
            if lo > 9 || b >> 4 > 9 {
                if !lenient {
                    return Err(DecodeError::InvalidValue {
                        field,
                        offset: offset + i,
                        value: b,
                        reason: "semi-octet is not a BCD digit",
                    });
                }
                quirks(Quirk::NonBcdDigit {
                    field,
                    offset: offset + i,
                });
            }
        }
        let t = Self { raw };
        let d = t.fields();
        let ranges = [
            (d.month, 1, 12),
            (d.day, 1, 31),
            (d.hour, 0, 23),
            (d.minute, 0, 59),
            (d.second, 0, 59),
        ];
        for (i, (v, lo, hi)) in ranges.into_iter().enumerate() {
            if !(lo..=hi).contains(&v) {
                if !lenient {
                    return Err(DecodeError::InvalidValue {
                        field,
                        offset: offset + 1 + i,
                        value: raw[1 + i],
                        reason: NAMES[1 + i],
                    });
                }
                quirks(Quirk::FieldOutOfRange {
                    field,
                    offset: offset + 1 + i,
                });
            }
        }
        Ok(t)
    }

    /// Builds a time stamp from its fields.
    pub fn new(d: DateTime) -> Result<Self, EncodeError> {
        let ok = d.year <= 99
            && (1..=12).contains(&d.month)
            && (1..=31).contains(&d.day)
            && d.hour <= 23
            && d.minute <= 59
            && d.second <= 59
            && (-79..=79).contains(&d.tz_quarters);
        if !ok {
            return Err(EncodeError::Invalid {
                field: "TP-SCTS",
                reason: "a date, time or time zone field is out of range",
            });
        }
        let bcd = |v: u8| ((v % 10) << 4) | (v / 10);
        let q = d.tz_quarters.unsigned_abs();
        let mut tz = bcd(q);
        if d.tz_quarters < 0 {
            tz |= 0x08;
        }
        Ok(Self {
            raw: [
                bcd(d.year),
                bcd(d.month),
                bcd(d.day),
                bcd(d.hour),
                bcd(d.minute),
                bcd(d.second),
                tz,
            ],
        })
    }

    /// The seven octets as on the wire.
    pub fn raw(&self) -> [u8; 7] {
        self.raw
    }

    /// The fields as numbers.
    pub fn fields(&self) -> DateTime {
        let v = |b: u8| (b & 0x0F) * 10 + (b >> 4);
        let tz = self.raw[6];
        let q = ((tz & 0x07) * 10 + (tz >> 4)) as i8;
        DateTime {
            year: v(self.raw[0]),
            month: v(self.raw[1]),
            day: v(self.raw[2]),
            hour: v(self.raw[3]),
            minute: v(self.raw[4]),
            second: v(self.raw[5]),
            tz_quarters: if tz & 0x08 != 0 { -q } else { q },
        }
    }

    /// The four-digit year: 00–89 → 20xx, 90–99 → 19xx.
    pub fn full_year(&self) -> u16 {
        let y = u16::from(self.fields().year);
        if y < 90 { 2000 + y } else { 1900 + y }
    }
}

/// ISO 8601 with the offset from the TPDU: `2006-06-06T15:03:03-07:00`.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.fields();
        let minutes = i32::from(d.tz_quarters) * 15;
        let sign = if minutes < 0 { '-' } else { '+' };
        let m = minutes.unsigned_abs();
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
            self.full_year(),
            d.month,
            d.day,
            d.hour,
            d.minute,
            d.second,
            sign,
            m / 60,
            m % 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn strict(raw: [u8; 7]) -> Result<Timestamp, DecodeError> {
        Timestamp::from_wire(raw, "TP-SCTS", 0, false, &mut |_| {})
    }

    // AOSP GsmSmsTest.testAddressing: 6060605130308A = 06-06-06 15:03:03 -07:00.
    #[test]
    fn accepts_negative_zone() {
        let t = strict([0x60, 0x60, 0x60, 0x51, 0x30, 0x30, 0x8A]).unwrap();
        assert_eq!(t.to_string(), "2006-06-06T15:03:03-07:00");
        assert_eq!(Timestamp::new(t.fields()).unwrap(), t);
    }

    // python-gsmmodem test_pdu.py: 70402132522423 = 2007-04-12T23:25:42+08:00.
    #[test]
    fn accepts_positive_zone() {
        let t = strict([0x70, 0x40, 0x21, 0x32, 0x52, 0x24, 0x23]).unwrap();
        assert_eq!(t.to_string(), "2007-04-12T23:25:42+08:00");
    }

    // §9.2.3.11 years 90-99 are the 1900s (CLI.md contract).
    #[test]
    fn accepts_nineties_as_1900s() {
        let t = strict([0x99, 0x21, 0x30, 0x00, 0x00, 0x00, 0x00]).unwrap();
        assert_eq!(t.to_string(), "1999-12-03T00:00:00+00:00");
    }

    #[test]
    fn rejects_non_bcd_and_month_13() {
        assert!(strict([0x60, 0x60, 0x6A, 0, 0, 0, 0]).is_err());
        let err = strict([0x60, 0x31, 0x10, 0, 0, 0, 0]).unwrap_err();
        assert_eq!(err.offset(), 1);
        let mut n = 0;
        let t = Timestamp::from_wire(
            [0x60, 0x60, 0x6A, 0, 0, 0, 0],
            "TP-SCTS",
            0,
            true,
            &mut |_| {
                n += 1;
            },
        );
        assert!(t.is_ok());
        // Not BCD, and day 106 out of range.
        assert_eq!(n, 2);
    }
}
