//! National languages (TS 23.038 Annex A) and the pair of tables a GSM 7 bit text uses.

use core::fmt;
use core::str::FromStr;

use crate::charsets::{
    BENGALI_LOCKING, BENGALI_SHIFT, DEFAULT_LOCKING, DEFAULT_SHIFT, GUJARATI_LOCKING,
    GUJARATI_SHIFT, HINDI_LOCKING, HINDI_SHIFT, KANNADA_LOCKING, KANNADA_SHIFT, MALAYALAM_LOCKING,
    MALAYALAM_SHIFT, ORIYA_LOCKING, ORIYA_SHIFT, PORTUGUESE_LOCKING, PORTUGUESE_SHIFT,
    PUNJABI_LOCKING, PUNJABI_SHIFT, SPANISH_SHIFT, TAMIL_LOCKING, TAMIL_SHIFT, TELUGU_LOCKING,
    TELUGU_SHIFT, TURKISH_LOCKING, TURKISH_SHIFT, URDU_LOCKING, URDU_SHIFT,
};

/// A national language of TS 23.038 Annex A, by its National Language Identifier (§6.2.1.2.4).
///
/// The identifier is what the National Language Single Shift (IEI 0x24) and Locking Shift
/// (IEI 0x25) information elements of TS 23.040 §9.2.3.24.15/16 carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum NationalLanguage {
    /// Turkish (A.2.1, A.3.1), id 1.
    Turkish = 1,
    /// Spanish (A.2.2 only: A.3.2 is void), id 2.
    Spanish,
    /// Portuguese (A.2.3, A.3.3), id 3.
    Portuguese,
    /// Bengali (A.2.4, A.3.4), id 4.
    Bengali,
    /// Gujarati (A.2.5, A.3.5), id 5.
    Gujarati,
    /// Hindi (A.2.6, A.3.6), id 6.
    Hindi,
    /// Kannada (A.2.7, A.3.7), id 7.
    Kannada,
    /// Malayalam (A.2.8, A.3.8), id 8.
    Malayalam,
    /// Oriya (A.2.9, A.3.9), id 9.
    Oriya,
    /// Punjabi (A.2.10, A.3.10), id 10.
    Punjabi,
    /// Tamil (A.2.11, A.3.11), id 11.
    Tamil,
    /// Telugu (A.2.12, A.3.12), id 12.
    Telugu,
    /// Urdu (A.2.13, A.3.13), id 13.
    Urdu,
}

impl NationalLanguage {
    /// Every language, in identifier order (1..=13).
    pub const ALL: [Self; 13] = [
        Self::Turkish,
        Self::Spanish,
        Self::Portuguese,
        Self::Bengali,
        Self::Gujarati,
        Self::Hindi,
        Self::Kannada,
        Self::Malayalam,
        Self::Oriya,
        Self::Punjabi,
        Self::Tamil,
        Self::Telugu,
        Self::Urdu,
    ];

    /// The language with this National Language Identifier (1..=13), if any.
    pub fn from_id(id: u8) -> Option<Self> {
        Self::ALL.get(usize::from(id).checked_sub(1)?).copied()
    }

    /// The National Language Identifier (1..=13).
    pub fn id(self) -> u8 {
        self as u8
    }

    /// The lowercase English name used by the `sms` CLI (`"turkish"`, …).
    pub fn name(self) -> &'static str {
        match self {
            Self::Turkish => "turkish",
            Self::Spanish => "spanish",
            Self::Portuguese => "portuguese",
            Self::Bengali => "bengali",
            Self::Gujarati => "gujarati",
            Self::Hindi => "hindi",
            Self::Kannada => "kannada",
            Self::Malayalam => "malayalam",
            Self::Oriya => "oriya",
            Self::Punjabi => "punjabi",
            Self::Tamil => "tamil",
            Self::Telugu => "telugu",
            Self::Urdu => "urdu",
        }
    }

    /// Whether Annex A defines a locking shift table for the language: all but Spanish
    /// ("A.3.2 Void").
    pub fn has_locking_shift(self) -> bool {
        self != Self::Spanish
    }

    /// The locking shift table, or `None` for Spanish.
    pub(crate) fn locking_table(self) -> Option<&'static [char; 128]> {
        Some(match self {
            Self::Turkish => &TURKISH_LOCKING,
            Self::Spanish => return None,
            Self::Portuguese => &PORTUGUESE_LOCKING,
            Self::Bengali => &BENGALI_LOCKING,
            Self::Gujarati => &GUJARATI_LOCKING,
            Self::Hindi => &HINDI_LOCKING,
            Self::Kannada => &KANNADA_LOCKING,
            Self::Malayalam => &MALAYALAM_LOCKING,
            Self::Oriya => &ORIYA_LOCKING,
            Self::Punjabi => &PUNJABI_LOCKING,
            Self::Tamil => &TAMIL_LOCKING,
            Self::Telugu => &TELUGU_LOCKING,
            Self::Urdu => &URDU_LOCKING,
        })
    }

    /// The single shift table.
    pub(crate) fn shift_table(self) -> &'static [char; 128] {
        match self {
            Self::Turkish => &TURKISH_SHIFT,
            Self::Spanish => &SPANISH_SHIFT,
            Self::Portuguese => &PORTUGUESE_SHIFT,
            Self::Bengali => &BENGALI_SHIFT,
            Self::Gujarati => &GUJARATI_SHIFT,
            Self::Hindi => &HINDI_SHIFT,
            Self::Kannada => &KANNADA_SHIFT,
            Self::Malayalam => &MALAYALAM_SHIFT,
            Self::Oriya => &ORIYA_SHIFT,
            Self::Punjabi => &PUNJABI_SHIFT,
            Self::Tamil => &TAMIL_SHIFT,
            Self::Telugu => &TELUGU_SHIFT,
            Self::Urdu => &URDU_SHIFT,
        }
    }
}

impl fmt::Display for NationalLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A language name or identifier that names no Annex A language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown national language (expected one of turkish spanish portuguese bengali gujarati \
     hindi kannada malayalam oriya punjabi tamil telugu urdu, or an id 1-13)"
)]
#[non_exhaustive]
pub struct UnknownLanguage;

impl FromStr for NationalLanguage {
    type Err = UnknownLanguage;

    /// Parses a name (case-insensitive, `"turkish"`) or an identifier (`"1"`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return s
                .parse::<u8>()
                .ok()
                .and_then(Self::from_id)
                .ok_or(UnknownLanguage);
        }
        Self::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(s))
            .ok_or(UnknownLanguage)
    }
}

/// Which tables a GSM 7 bit text is coded with.
///
/// `locking: None` is the default alphabet (§6.2.1), `single: None` the default extension table
/// (§6.2.1.1). A locking shift to Spanish, which has no locking table (A.3.2 is void), means the
/// default alphabet, as TS 23.038 §6.2.1.2.4 asks of a receiver that does not support the
/// identifier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tables {
    /// The National Language Locking Shift table, or the default alphabet.
    pub locking: Option<NationalLanguage>,
    /// The National Language Single Shift table, or the default extension table.
    pub single: Option<NationalLanguage>,
}

impl Tables {
    /// The default alphabet with the default extension table.
    pub const DEFAULT: Self = Self {
        locking: None,
        single: None,
    };

    /// The table septets (outside an escape) map through.
    pub(crate) fn locking_table(self) -> &'static [char; 128] {
        self.locking
            .and_then(NationalLanguage::locking_table)
            .unwrap_or(&DEFAULT_LOCKING)
    }

    /// The table an escaped septet maps through.
    pub(crate) fn shift_table(self) -> &'static [char; 128] {
        self.single
            .map_or(&DEFAULT_SHIFT, NationalLanguage::shift_table)
    }

    /// Whether both tables are the defaults (the fast path applies).
    pub(crate) fn is_default(self) -> bool {
        self.single.is_none() && self.locking.is_none_or(|l| !l.has_locking_shift())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // TS 23.038 §6.2.1.2.4: identifiers 1..=13 in Annex A order.
    #[test]
    fn roundtrip_ids_and_names() {
        for (i, l) in NationalLanguage::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(l.id()), i + 1);
            assert_eq!(NationalLanguage::from_id(l.id()), Some(l));
            assert_eq!(l.name().parse::<NationalLanguage>(), Ok(l));
            assert_eq!(
                l.name().to_ascii_uppercase().parse::<NationalLanguage>(),
                Ok(l)
            );
        }
        assert_eq!("13".parse::<NationalLanguage>(), Ok(NationalLanguage::Urdu));
    }

    #[test]
    fn rejects_unknown_languages() {
        assert_eq!(NationalLanguage::from_id(0), None);
        assert_eq!(NationalLanguage::from_id(14), None);
        assert!("klingon".parse::<NationalLanguage>().is_err());
        assert!("0".parse::<NationalLanguage>().is_err());
        assert!("".parse::<NationalLanguage>().is_err());
    }

    // A.3.2 is void: Spanish has a single shift table only.
    #[test]
    fn accepts_spanish_as_single_shift_only() {
        assert!(!NationalLanguage::Spanish.has_locking_shift());
        let t = Tables {
            locking: Some(NationalLanguage::Spanish),
            single: None,
        };
        assert!(t.is_default());
    }
}
