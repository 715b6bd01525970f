//! TP-VP (TS 23.040 §9.2.3.12) and its format TP-VPF (§9.2.3.3) of an SMS-SUBMIT.
//!
//! ```text
//! TP-VPF  00 absent   10 relative (1 octet)   01 enhanced (7 octets)   11 absolute (7 octets)
//! ```

use crate::timestamp::Timestamp;

/// A validity period as on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValidityPeriod {
    /// Relative format: one octet (§9.2.3.12.1).
    Relative(u8),
    /// Absolute format: a time stamp (§9.2.3.12.2).
    Absolute(Timestamp),
    /// Enhanced format: functionality indicator and six octets (§9.2.3.12.3).
    Enhanced([u8; 7]),
}

/// The 2-bit TP-VPF value of each format.
impl ValidityPeriod {
    /// TP-VPF for no validity period.
    pub const VPF_NONE: u8 = 0b00;
    /// TP-VPF for the enhanced format.
    pub const VPF_ENHANCED: u8 = 0b01;
    /// TP-VPF for the relative format.
    pub const VPF_RELATIVE: u8 = 0b10;
    /// TP-VPF for the absolute format.
    pub const VPF_ABSOLUTE: u8 = 0b11;

    /// The TP-VPF of this format.
    pub fn vpf(&self) -> u8 {
        match self {
            Self::Relative(_) => Self::VPF_RELATIVE,
            Self::Absolute(_) => Self::VPF_ABSOLUTE,
            Self::Enhanced(_) => Self::VPF_ENHANCED,
        }
    }

    /// The format's name: `relative`, `absolute` or `enhanced`.
    pub fn format_name(&self) -> &'static str {
        match self {
            Self::Relative(_) => "relative",
            Self::Absolute(_) => "absolute",
            Self::Enhanced(_) => "enhanced",
        }
    }

    /// The octets as on the wire (1 or 7).
    pub fn raw(&self) -> ([u8; 7], usize) {
        match *self {
            Self::Relative(v) => ([v, 0, 0, 0, 0, 0, 0], 1),
            Self::Absolute(t) => (t.raw(), 7),
            Self::Enhanced(e) => (e, 7),
        }
    }

    /// The duration in seconds for the relative format and the relative forms of the
    /// enhanced format; `None` for an absolute time, a reserved or extended enhanced format.
    pub fn seconds(&self) -> Option<u32> {
        match *self {
            Self::Relative(v) => Some(relative_seconds(v)),
            Self::Absolute(_) => None,
            Self::Enhanced(e) => {
                let fi = e[0];
                // Bit 7: extension bit, another functionality indicator octet follows.
                if fi & 0x80 != 0 {
                    return None;
                }
                match fi & 0x07 {
                    0 => None,
                    1 => Some(relative_seconds(e[1])),
                    2 => Some(u32::from(e[1])),
                    3 => {
                        let v = |b: u8| u32::from((b & 0x0F) * 10 + (b >> 4));
                        Some(v(e[1]) * 3600 + v(e[2]) * 60 + v(e[3]))
                    }
                    _ => None,
                }
            }
        }
    }

    /// The relative-format octet for at least `seconds` (rounded up to the next value the
    /// format can express; capped at 63 weeks).
    pub fn relative_for_seconds(seconds: u32) -> Self {
        let v = (0..=255u8)
            .find(|&v| relative_seconds(v) >= seconds)
            .unwrap_or(255);
        Self::Relative(v)
    }
}

/// §9.2.3.12.1: 0–143 (VP+1)×5 minutes; 144–167 12 hours + (VP−143)×30 minutes;
/// 168–196 (VP−166) days; 197–255 (VP−192) weeks.
pub fn relative_seconds(v: u8) -> u32 {
    let v = u32::from(v);
    match v {
        0..=143 => (v + 1) * 5 * 60,
        144..=167 => 12 * 3600 + (v - 143) * 30 * 60,
        168..=196 => (v - 166) * 86_400,
        _ => (v - 192) * 7 * 86_400,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // §9.2.3.12.1 table, and python-gsmmodem test_pdu.py: A9 = 3 days, F4 = 52 weeks.
    #[test]
    fn accepts_relative_boundaries() {
        assert_eq!(relative_seconds(0), 300);
        assert_eq!(relative_seconds(143), 12 * 3600);
        assert_eq!(relative_seconds(144), 12 * 3600 + 1800);
        assert_eq!(relative_seconds(167), 24 * 3600);
        assert_eq!(relative_seconds(0xA7), 86_400);
        assert_eq!(relative_seconds(0xA9), 3 * 86_400);
        assert_eq!(relative_seconds(196), 30 * 86_400);
        assert_eq!(relative_seconds(197), 5 * 7 * 86_400);
        assert_eq!(relative_seconds(0xF4), 52 * 7 * 86_400);
        assert_eq!(relative_seconds(255), 63 * 7 * 86_400);
    }

    #[test]
    fn roundtrip_relative_for_seconds() {
        for v in 0..=255u8 {
            assert_eq!(
                ValidityPeriod::relative_for_seconds(relative_seconds(v)),
                ValidityPeriod::Relative(v)
            );
        }
        assert_eq!(
            ValidityPeriod::relative_for_seconds(1),
            ValidityPeriod::Relative(0)
        );
    }

    // §9.2.3.12.3: functionality indicator 2 = relative integer seconds; 3 = HHMMSS.
    #[test]
    fn accepts_enhanced_forms() {
        assert_eq!(
            ValidityPeriod::Enhanced([2, 30, 0, 0, 0, 0, 0]).seconds(),
            Some(30)
        );
        assert_eq!(
            ValidityPeriod::Enhanced([3, 0x10, 0x03, 0x54, 0, 0, 0]).seconds(),
            Some(3600 + 30 * 60 + 45)
        );
        assert_eq!(
            ValidityPeriod::Enhanced([7, 0, 0, 0, 0, 0, 0]).seconds(),
            None
        );
    }
}
