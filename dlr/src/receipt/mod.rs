//! The SMPP delivery receipt text (SMPP 3.4 Appendix B, SMPP 5.0 Appendix B), parsed with
//! nom into a borrowed [`Receipt`] that keeps every value exactly as the SMSC wrote it.
//!
//! Appendix B gives "a typical example" and calls the format "SMSC vendor specific":
//!
//! ```text
//! id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E Text: . . .
//! ```
//!
//! Every [`DecodeOptions`] accepts the fields in any order, vendor fields (kept in order in
//! [`Receipt::extra`]), dates of 10 or 12 digits and `text`/`Text`. **Strict** options then
//! require the seven fields before `text`, each written once, in the key case of the spec,
//! separated by single spaces, with well-formed values. Each deviation has its switch
//! ([`DecodeOptions::lenient`] turns them all on); a deviation forgiven is recorded as a
//! [`Quirk`]. In all cases, `text` runs to the end of the
//! receipt, unless a required field not yet seen follows it (cloudhopper-smpp's
//! "fields out of order" receipt ends with `text: stat:DELIVRD`).

use alloc::vec::Vec;
use core::fmt;

mod canonical;
mod options;
mod parser;
mod quirk;
mod writer;

#[cfg(any(feature = "smpp", test))]
pub(crate) use self::canonical::{Canonical, ReadFacts};
// The fast path serves the SMPP adapter, the one caller that meets receipts at full rate.
#[cfg(feature = "smpp")]
pub(crate) use self::canonical::{by_field as canonical_by_field, fixed_layout};
pub use self::options::DecodeOptions;

pub use self::writer::{ReceiptFields, WriteError, receipt_text_head};

use self::parser::ReceiptParser;
pub use self::quirk::Quirk;
use crate::date::ReceiptDate;
use crate::error::ParseError;
use crate::state::State;

/// The fields of SMPP Appendix B Table B-1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FieldName {
    /// `id`: the message id allocated by the SMSC.
    Id,
    /// `sub`: the number of short messages originally submitted.
    Sub,
    /// `dlvrd`: the number of short messages delivered.
    Dlvrd,
    /// `submit date`: when the message was submitted.
    SubmitDate,
    /// `done date`: when the message reached its final state.
    DoneDate,
    /// `stat`: the final status of the message.
    Stat,
    /// `err`: a network or SMSC error code.
    Err,
    /// `text`: the first characters of the message.
    Text,
}

impl FieldName {
    /// Every field, in Appendix B order.
    pub const ALL: [Self; 8] = [
        Self::Id,
        Self::Sub,
        Self::Dlvrd,
        Self::SubmitDate,
        Self::DoneDate,
        Self::Stat,
        Self::Err,
        Self::Text,
    ];

    /// The key as Appendix B writes it, lower case (`submit date`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Sub => "sub",
            Self::Dlvrd => "dlvrd",
            Self::SubmitDate => "submit date",
            Self::DoneDate => "done date",
            Self::Stat => "stat",
            Self::Err => "err",
            Self::Text => "text",
        }
    }

    /// Whether strict mode requires the field: all but `text`, which many SMSCs leave out
    /// (Nexmo writes `text:none`, jSMPP issue #67 none at all).
    pub const fn is_required(self) -> bool {
        !matches!(self, Self::Text)
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for FieldName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `key:value` field, borrowed from the receipt text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field<'a> {
    /// The key exactly as written (e.g. `Text`, `submit date`).
    pub key: &'a [u8],
    /// The value as written, without surrounding whitespace.
    pub value: &'a [u8],
    /// Byte offset of the key.
    pub offset: usize,
}

impl<'a> Field<'a> {
    /// The value as UTF-8, `None` if it is not.
    pub fn value_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.value).ok()
    }
}

/// A parsed receipt: the raw fields plus their checked meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt<'a> {
    /// The receipt text as given (every field borrows from it).
    pub(crate) input: &'a [u8],
    pub(crate) fields: [Option<Field<'a>>; 8],
    /// Vendor fields that Appendix B does not define, in the order written.
    pub extra: Vec<Field<'a>>,
    /// What the [`DecodeOptions`] forgave (always empty with [`DecodeOptions::strict`]).
    pub quirks: Vec<Quirk>,
    pub(crate) state: Option<State>,
    pub(crate) submitted: Option<u32>,
    pub(crate) delivered: Option<u32>,
    pub(crate) submit_date: Option<ReceiptDate>,
    pub(crate) done_date: Option<ReceiptDate>,
    pub(crate) err_code: Option<u32>,
}

impl<'a> Receipt<'a> {
    /// Parses receipt text from a `short_message` or `message_payload`.
    ///
    /// A receipt in exactly the layout of Appendix B (the seven fields in order, single
    /// spaces, no quirk) is read by a one-pass fast path without allocating; any other goes
    /// through the nom parser, which gives the same result for the canonical ones.
    ///
    /// ```
    /// use dlr::{DecodeOptions, Receipt, State};
    /// // SMPP 3.4 Appendix B layout (cloudhopper-smpp DeliveryReceiptTest).
    /// let text = b"id:0123456789 sub:002 dlvrd:001 submit date:1005232039 \
    ///              done date:1005242339 stat:DELIVRD err:012 text:This is a sample mes";
    /// let r = Receipt::parse(text, &DecodeOptions::strict())?;
    /// assert_eq!((r.id(), r.state(), r.err_code()), (Some(&b"0123456789"[..]), Some(State::Delivered), Some(12)));
    /// # Ok::<(), dlr::ParseError>(())
    /// ```
    pub fn parse(input: &'a [u8], options: &DecodeOptions) -> Result<Self, ParseError> {
        if let Some(r) = canonical::parse(input) {
            return Ok(r.receipt());
        }
        ReceiptParser::new(input, options).run()
    }

    /// Parses receipt text given as a string.
    pub fn parse_str(input: &'a str, options: &DecodeOptions) -> Result<Self, ParseError> {
        Self::parse(input.as_bytes(), options)
    }

    /// The field with this name, if present.
    pub fn field(&self, name: FieldName) -> Option<&Field<'a>> {
        self.fields[name.index()].as_ref()
    }

    /// The raw value of a field, if present.
    pub fn raw(&self, name: FieldName) -> Option<&'a [u8]> {
        self.field(name).map(|f| f.value)
    }

    /// The raw `id` value.
    pub fn id(&self) -> Option<&'a [u8]> {
        self.raw(FieldName::Id)
    }

    /// The normalised state of `stat`; `None` when there is no `stat` field.
    pub fn state(&self) -> Option<State> {
        self.state
    }

    /// `sub` as a number.
    pub fn submitted(&self) -> Option<u32> {
        self.submitted
    }

    /// `dlvrd` as a number.
    pub fn delivered(&self) -> Option<u32> {
        self.delivered
    }

    /// `submit date`, validated.
    pub fn submit_date(&self) -> Option<ReceiptDate> {
        self.submit_date
    }

    /// `done date`, validated.
    pub fn done_date(&self) -> Option<ReceiptDate> {
        self.done_date
    }

    /// `err` as a number when it is decimal digits.
    pub fn err_code(&self) -> Option<u32> {
        self.err_code
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ParseErrorKind;

    // SMPP 3.4 Appendix B example shape, with values from cloudhopper-smpp DeliveryReceiptTest.
    #[test]
    fn accepts_appendix_b_receipt_strict() {
        let r = Receipt::parse(
            b"id:0123456789 sub:002 dlvrd:001 submit date:1005232039 done date:1005242339 stat:DELIVRD err:012 text:This is a sample mes",
            &DecodeOptions::strict(),
        )
        .unwrap();
        assert_eq!(r.id(), Some(&b"0123456789"[..]));
        assert_eq!(r.submitted(), Some(2));
        assert_eq!(r.delivered(), Some(1));
        assert_eq!(r.state(), Some(State::Delivered));
        assert_eq!(r.err_code(), Some(12));
        assert_eq!(r.raw(FieldName::Text), Some(&b"This is a sample mes"[..]));
        assert!(r.quirks.is_empty());
    }

    #[test]
    fn rejects_garbage_with_offset() {
        let e = Receipt::parse(b"hello world", &DecodeOptions::lenient()).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::NotAReceipt);
        assert_eq!(e.offset, 0);
        let e = Receipt::parse(b"   ", &DecodeOptions::lenient()).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::Empty);
        let e = Receipt::parse(b"foo:bar", &DecodeOptions::lenient()).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::NotAReceipt);
    }
}
