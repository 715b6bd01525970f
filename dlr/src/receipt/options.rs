//! How forgiving receipt parsing is: one switch per family of [`Quirk`]s, httparse's
//! `ParserConfig` shape.

use super::Quirk;

/// How forgiving [`Receipt::parse`](super::Receipt::parse) and the SMPP adapters
/// (`DeliveryReport::from_deliver_sm`) are: a switch per family of deviations from SMPP
/// Appendix B, each off in [`strict`](Self::strict) and on in [`lenient`](Self::lenient).
/// A deviation whose switch is on is forgiven and reported as a [`Quirk`]; one whose switch is
/// off fails the parse with the matching [`ParseErrorKind`](crate::ParseErrorKind).
///
/// The default is [`strict`](Self::strict), as in the `smpp` and `gsm-pdu` crates: a receipt
/// that breaks Appendix B is an error the caller sees, until they choose what to forgive.
/// Gateways that must accept what real SMSCs send start from [`lenient`](Self::lenient) (and
/// read [`Receipt::quirks`](super::Receipt::quirks)); one that trusts its SMSC on all but one
/// point turns that one switch on:
///
/// ```
/// use dlr::{DecodeOptions, Quirk, Receipt};
/// // jSMPP issue #62: no sub and dlvrd.
/// let text = b"id:1 submit date:1005232039 done date:1005242339 stat:DELIVRD err:000";
/// assert!(Receipt::parse(text, &DecodeOptions::strict()).is_err());
/// let opts = DecodeOptions::strict().allow_missing_fields(true);
/// let r = Receipt::parse(text, &opts)?;
/// assert_eq!(r.quirks.len(), 2);
/// assert!(matches!(r.quirks[0], Quirk::MissingField(_)));
/// # Ok::<(), dlr::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DecodeOptions {
    /// One bit per [`Family`], set when it is forgiven.
    allowed: u32,
}

/// The families of quirks, one bit each.
#[derive(Clone, Copy)]
#[repr(u32)]
enum Family {
    MissingFields = 1 << 0,
    DuplicateFields = 1 << 1,
    KeyCase = 1 << 2,
    Whitespace = 1 << 3,
    UnkeyedText = 1 << 4,
    EmptyValues = 1 << 5,
    SpacesInValues = 1 << 6,
    InvalidCounts = 1 << 7,
    DateFormats = 1 << 8,
    InvalidDates = 1 << 9,
    StatVariants = 1 << 10,
    UnknownStat = 1 << 11,
    NonNumericErr = 1 << 12,
    TrailingNul = 1 << 13,
    UnflaggedReceipts = 1 << 14,
    UnreadableText = 1 << 15,
}

const ALL: u32 = (1 << 16) - 1;

impl Family {
    const fn of(quirk: &Quirk) -> Self {
        match quirk {
            Quirk::MissingField(_) => Self::MissingFields,
            Quirk::DuplicateField { .. } => Self::DuplicateFields,
            Quirk::KeyCase { .. } => Self::KeyCase,
            Quirk::Whitespace { .. } => Self::Whitespace,
            Quirk::UnkeyedText { .. } => Self::UnkeyedText,
            Quirk::EmptyValue(_) => Self::EmptyValues,
            Quirk::SpaceInValue(_) => Self::SpacesInValues,
            Quirk::InvalidCount(_) => Self::InvalidCounts,
            Quirk::FourDigitYear(_) | Quirk::AbsoluteTimeDate(_) => Self::DateFormats,
            Quirk::ZeroDate(_) | Quirk::InvalidDate(_) => Self::InvalidDates,
            Quirk::StatVariant => Self::StatVariants,
            Quirk::UnknownStat => Self::UnknownStat,
            Quirk::NonNumericErr => Self::NonNumericErr,
            Quirk::TrailingNul { .. } => Self::TrailingNul,
            Quirk::NotFlaggedAsReceipt { .. } => Self::UnflaggedReceipts,
            Quirk::TextIgnored(_) => Self::UnreadableText,
        }
    }
}

impl Default for DecodeOptions {
    /// [`DecodeOptions::strict`]: see the type's docs for why.
    fn default() -> Self {
        Self::strict()
    }
}

macro_rules! switches {
    ($( $(#[$doc:meta])* $method:ident => $family:ident; )*) => {
        impl DecodeOptions {
            $(
                $(#[$doc])*
                #[must_use]
                pub const fn $method(self, allow: bool) -> Self {
                    self.with(Family::$family, allow)
                }
            )*
        }
    };
}

switches! {
    /// Forgive a field Appendix B lists but the receipt leaves out ([`Quirk::MissingField`];
    /// jSMPP issue #62 has no `sub`/`dlvrd`).
    allow_missing_fields => MissingFields;
    /// Forgive a field written twice, keeping the first ([`Quirk::DuplicateField`]).
    allow_duplicate_fields => DuplicateFields;
    /// Forgive keys in another case than Appendix B's (`STAT:`, `Id:`; [`Quirk::KeyCase`]).
    allow_key_case => KeyCase;
    /// Forgive more than one space, tabs and line breaks between fields and around values
    /// ([`Quirk::Whitespace`]).
    allow_whitespace => Whitespace;
    /// Forgive text outside any field, ignoring it ([`Quirk::UnkeyedText`]).
    allow_unkeyed_text => UnkeyedText;
    /// Forgive an empty value ([`Quirk::EmptyValue`]).
    allow_empty_values => EmptyValues;
    /// Forgive spaces inside an id ([`Quirk::SpaceInValue`]).
    allow_spaces_in_values => SpacesInValues;
    /// Forgive a `sub`/`dlvrd` that is not a decimal count, taking it as absent
    /// ([`Quirk::InvalidCount`]).
    allow_invalid_counts => InvalidCounts;
    /// Accept the date formats Appendix B does not show: `YYYYMMDDhhmmss` and SMPP absolute
    /// time ([`Quirk::FourDigitYear`], [`Quirk::AbsoluteTimeDate`]).
    allow_date_formats => DateFormats;
    /// Forgive an all-zero or unreadable date, taking it as absent ([`Quirk::ZeroDate`],
    /// [`Quirk::InvalidDate`]).
    allow_invalid_dates => InvalidDates;
    /// Accept vendor spellings of a state (`DELIVERED`, lower case; [`Quirk::StatVariant`]).
    allow_stat_variants => StatVariants;
    /// Forgive a `stat` naming no known state, taking it as `unknown` ([`Quirk::UnknownStat`]).
    allow_unknown_stat => UnknownStat;
    /// Forgive a non-numeric `err` ([`Quirk::NonNumericErr`]; cloudhopper-smpp issue #40).
    allow_non_numeric_err => NonNumericErr;
    /// Forgive NUL octets after the receipt ([`Quirk::TrailingNul`]).
    allow_trailing_nul => TrailingNul;
    /// Accept a deliver_sm or data_sm whose esm_class does not flag a receipt
    /// ([`Quirk::NotFlaggedAsReceipt`]; farhadi/node-smpp issue #140).
    allow_unflagged_receipts => UnflaggedReceipts;
    /// When the receipt TLVs identify the message, ignore receipt text that does not parse
    /// ([`Quirk::TextIgnored`]: many SMSCs put free text there).
    allow_unreadable_text => UnreadableText;
}

impl DecodeOptions {
    /// Appendix B as written: every deviation is an error.
    pub const fn strict() -> Self {
        Self { allowed: 0 }
    }

    /// Every deviation real SMSCs send is forgiven and reported as a [`Quirk`].
    pub const fn lenient() -> Self {
        Self { allowed: ALL }
    }

    /// Whether these options forgive `quirk`.
    pub const fn allows(&self, quirk: &Quirk) -> bool {
        self.allowed & Family::of(quirk) as u32 != 0
    }

    /// Whether every switch is off ([`strict`](Self::strict)).
    pub const fn is_strict(&self) -> bool {
        self.allowed == 0
    }

    const fn with(self, family: Family, allow: bool) -> Self {
        let bit = family as u32;
        Self {
            allowed: if allow {
                self.allowed | bit
            } else {
                self.allowed & !bit
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receipt::FieldName;

    // Each switch governs its own quirks and no other.
    #[test]
    fn accepts_each_switch_alone() {
        let quirks = [
            Quirk::MissingField(FieldName::Sub),
            Quirk::DuplicateField {
                field: FieldName::Id,
                offset: 0,
            },
            Quirk::KeyCase {
                field: FieldName::Id,
                offset: 0,
            },
            Quirk::Whitespace { offset: 0 },
            Quirk::UnkeyedText { offset: 0, len: 1 },
            Quirk::EmptyValue(FieldName::Id),
            Quirk::SpaceInValue(FieldName::Id),
            Quirk::InvalidCount(FieldName::Sub),
            Quirk::FourDigitYear(FieldName::DoneDate),
            Quirk::ZeroDate(FieldName::DoneDate),
            Quirk::StatVariant,
            Quirk::UnknownStat,
            Quirk::NonNumericErr,
            Quirk::TrailingNul { offset: 0 },
            Quirk::NotFlaggedAsReceipt {
                esm_class: smpp::EsmClass(0),
            },
            Quirk::TextIgnored(crate::ParseError::new(
                crate::ParseErrorKind::Empty,
                None,
                0,
            )),
        ];
        let s = DecodeOptions::strict();
        let switches: [fn(DecodeOptions, bool) -> DecodeOptions; 16] = [
            DecodeOptions::allow_missing_fields,
            DecodeOptions::allow_duplicate_fields,
            DecodeOptions::allow_key_case,
            DecodeOptions::allow_whitespace,
            DecodeOptions::allow_unkeyed_text,
            DecodeOptions::allow_empty_values,
            DecodeOptions::allow_spaces_in_values,
            DecodeOptions::allow_invalid_counts,
            DecodeOptions::allow_date_formats,
            DecodeOptions::allow_invalid_dates,
            DecodeOptions::allow_stat_variants,
            DecodeOptions::allow_unknown_stat,
            DecodeOptions::allow_non_numeric_err,
            DecodeOptions::allow_trailing_nul,
            DecodeOptions::allow_unflagged_receipts,
            DecodeOptions::allow_unreadable_text,
        ];
        for (i, switch) in switches.iter().enumerate() {
            let on = switch(s, true);
            for (j, q) in quirks.iter().enumerate() {
                assert_eq!(on.allows(q), i == j, "switch {i}, quirk {q:?}");
                assert!(DecodeOptions::lenient().allows(q));
                assert!(!s.allows(q));
            }
            assert_eq!(switch(on, false), s);
            assert!(!switch(DecodeOptions::lenient(), false).allows(&quirks[i]));
        }
        assert_eq!(DecodeOptions::default(), s);
        assert!(s.is_strict() && !DecodeOptions::lenient().is_strict());
    }
}
