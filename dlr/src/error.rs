//! The error a receipt parse returns: what was wrong, in which field, at which byte.

use crate::receipt::FieldName;

/// A receipt that could not be parsed: the [`ParseErrorKind`], the Appendix B field it
/// concerns (if any) and the byte offset into the receipt text where the problem starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind}{} at byte {offset}", FieldSuffix(*.field))]
pub struct ParseError {
    /// What was wrong.
    pub kind: ParseErrorKind,
    /// The field concerned, when the problem is in one.
    pub field: Option<FieldName>,
    /// Byte offset into the receipt text.
    pub offset: usize,
}

impl ParseError {
    pub(crate) const fn new(kind: ParseErrorKind, field: Option<FieldName>, offset: usize) -> Self {
        Self {
            kind,
            field,
            offset,
        }
    }
}

struct FieldSuffix(Option<FieldName>);

impl core::fmt::Display for FieldSuffix {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Some(name) => write!(f, " in `{}`", name.as_str()),
            None => Ok(()),
        }
    }
}

/// What was wrong with a receipt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The input is empty (or only whitespace).
    #[error("empty receipt")]
    Empty,
    /// The input does not start with a `key:value` field, or holds no Appendix B field at all.
    #[error("not a delivery receipt (expected `id:`, `stat:` or another Appendix B field)")]
    NotAReceipt,
    /// A field Appendix B requires is absent (strict mode).
    #[error("missing field")]
    MissingField,
    /// The same field appears twice (strict mode).
    #[error("duplicate field")]
    DuplicateField,
    /// A key is not written as Appendix B writes it, e.g. `STAT:` (strict mode).
    #[error("key not in the case Appendix B uses")]
    KeyCase,
    /// Whitespace other than one space between fields, or after a colon (strict mode).
    #[error("unexpected whitespace")]
    Whitespace,
    /// Text that belongs to no field (strict mode).
    #[error("text outside any field")]
    UnkeyedText,
    /// A field that must have a value is empty (strict mode).
    #[error("empty value")]
    EmptyValue,
    /// A space inside a value that Appendix B defines as one token (strict mode).
    #[error("space inside the value")]
    SpaceInValue,
    /// `sub` or `dlvrd` is not a decimal count that fits 32 bits.
    #[error("not a decimal count")]
    InvalidCount,
    /// A date that is not `YYMMDDhhmm[ss]` or has a field out of range (strict mode).
    #[error("invalid date")]
    InvalidDate,
    /// A `stat` value that names no known message state (strict mode).
    #[error("unknown message state")]
    UnknownStat,
    /// An `err` value that is not decimal digits (strict mode).
    #[error("non-numeric error code")]
    NonNumericErr,
    /// NUL octets after the receipt (strict mode).
    #[error("NUL terminator")]
    TrailingNul,
}
