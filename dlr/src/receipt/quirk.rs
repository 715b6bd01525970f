//! Deviations from SMPP Appendix B that lenient parsing forgives, each one reported.

use crate::receipt::FieldName;

/// One deviation from the Appendix B receipt format that lenient mode forgave. Strict mode
/// rejects each of these with the matching [`ParseErrorKind`](crate::ParseErrorKind).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Quirk {
    /// A field Appendix B lists was absent (jSMPP issue #62: no `sub`/`dlvrd`).
    MissingField(FieldName),
    /// The field appeared again at `offset`; the first value was kept.
    DuplicateField {
        /// The repeated field.
        field: FieldName,
        /// Byte offset of the repetition.
        offset: usize,
    },
    /// The key at `offset` was not in Appendix B's case (e.g. `STAT:`, `Id:`).
    KeyCase {
        /// The field.
        field: FieldName,
        /// Byte offset of the key.
        offset: usize,
    },
    /// More than one space, a tab or a line break between fields or after a colon.
    Whitespace {
        /// Byte offset of the whitespace.
        offset: usize,
    },
    /// Text that belongs to no field, ignored (`err:000 some text` without `text:`).
    UnkeyedText {
        /// Byte offset where the ignored text starts.
        offset: usize,
        /// Its length in bytes.
        len: usize,
    },
    /// The field is empty.
    EmptyValue(FieldName),
    /// The value holds spaces (an id like `12 34 56`).
    SpaceInValue(FieldName),
    /// `sub` or `dlvrd` is not a decimal count; the count is taken as absent.
    InvalidCount(FieldName),
    /// A 14-digit date, YYYYMMDDhhmmss.
    FourDigitYear(FieldName),
    /// A date in SMPP absolute-time format YYMMDDhhmmsstnnp (§7.1.1).
    AbsoluteTimeDate(FieldName),
    /// A date of all zeros, meaning "not set"; taken as absent.
    ZeroDate(FieldName),
    /// A date that could not be read or has a field out of range; taken as absent.
    InvalidDate(FieldName),
    /// A vendor spelling of a state, e.g. `DELIVERED` for `DELIVRD`, or lower case.
    StatVariant,
    /// A `stat` value naming no known state; the state is taken as `unknown`.
    UnknownStat,
    /// A non-numeric `err`, e.g. `err:21b` (cloudhopper-smpp issue #40).
    NonNumericErr,
    /// NUL octets after the receipt (a C-string terminator copied into short_message).
    TrailingNul {
        /// Byte offset of the first one.
        offset: usize,
    },
    /// A deliver_sm or data_sm carrying a receipt without the esm_class message type of
    /// one (SMPP 3.4 §5.2.12: xx0001xx SMSC delivery receipt, xx1000xx intermediate
    /// notification); farhadi/node-smpp issue #140 shows SMSCs sending esm_class 0.
    NotFlaggedAsReceipt {
        /// The esm_class received.
        esm_class: smpp::EsmClass,
    },
    /// The receipt text could not be parsed and was ignored: the TLVs carried the report.
    TextIgnored(crate::ParseError),
}

impl core::fmt::Display for Quirk {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match *self {
            Self::MissingField(n) => write!(f, "missing field `{n}`"),
            Self::DuplicateField { field, offset } => {
                write!(f, "duplicate field `{field}` at byte {offset} (first kept)")
            }
            Self::KeyCase { field, offset } => {
                write!(f, "key `{field}` at byte {offset} not in Appendix B case")
            }
            Self::Whitespace { offset } => write!(f, "unexpected whitespace at byte {offset}"),
            Self::UnkeyedText { offset, len } => {
                write!(
                    f,
                    "{len} bytes outside any field at byte {offset} (ignored)"
                )
            }
            Self::EmptyValue(n) => write!(f, "empty `{n}`"),
            Self::SpaceInValue(n) => write!(f, "space inside `{n}`"),
            Self::InvalidCount(n) => write!(f, "`{n}` is not a decimal count"),
            Self::FourDigitYear(n) => write!(f, "`{n}` has a four-digit year"),
            Self::AbsoluteTimeDate(n) => write!(f, "`{n}` is in SMPP absolute-time format"),
            Self::ZeroDate(n) => write!(f, "`{n}` is all zeros (not set)"),
            Self::InvalidDate(n) => write!(f, "`{n}` is not a valid date"),
            Self::StatVariant => f.write_str("`stat` is a vendor spelling"),
            Self::UnknownStat => f.write_str("`stat` names no known state"),
            Self::NonNumericErr => f.write_str("`err` is not numeric"),
            Self::TrailingNul { offset } => {
                write!(f, "NUL terminator at byte {offset} (ignored)")
            }
            Self::NotFlaggedAsReceipt { esm_class } => {
                write!(f, "esm_class 0x{:02X} does not flag a receipt", esm_class.0)
            }
            Self::TextIgnored(e) => write!(f, "receipt text ignored ({e}); TLVs used"),
        }
    }
}
