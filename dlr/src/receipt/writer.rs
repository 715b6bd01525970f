//! Writing receipt text: the inverse of [`Receipt::parse`](super::Receipt::parse), for SMSCs,
//! simulators and tests that send receipts.
//!
//! SMPP 3.4 Appendix B gives the layout every SMSC copies:
//!
//! ```text
//! id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E Text: . . .
//! ```
//!
//! [`ReceiptFields`] writes exactly that: the fields in that order, single spaces, `sub`,
//! `dlvrd` and `err` as three digits or more (`sub:001`, as Appendix B's `SSS`), the dates as
//! `YYMMDDhhmm` (or `YYMMDDhhmmss` when the seconds are known), `stat` as its Table B-2 word and
//! `text:` last. A value the layout cannot carry so that a strict parse gives it back is refused
//! with a [`WriteError`] instead of being written wrong.

use alloc::string::String;
use alloc::vec::Vec;

use compact_str::CompactString;

use super::{FieldName, Receipt};
use crate::date::ReceiptDate;
use crate::state::State;

/// The values of one Appendix B receipt, to be written as text with
/// [`write`](Self::write) / [`to_text`](Self::to_text) (or, with the `smpp` feature, as a
/// whole receipt deliver_sm with `DeliveryReport`'s inverse, `ReceiptFields::to_deliver_sm`).
///
/// An absent field (`None`) is left out of the text; [`ReceiptFields::new`] fills every field
/// Appendix B requires. Whatever is written, [`Receipt::parse`] reads back into the same
/// values ([`ReceiptFields::from_receipt`]); with every required field present, in strict mode.
///
/// ```
/// use dlr::{DecodeOptions, ReceiptDate, ReceiptFields, Receipt, State};
/// let submitted = ReceiptDate::new(2026, 11, 29, 3, 48, None).unwrap();
/// let done = ReceiptDate::new(2026, 11, 29, 3, 49, None).unwrap();
/// let mut fields = ReceiptFields::new("17", State::Delivered, submitted, done);
/// fields.text = Some("Hello world");
/// let text = fields.to_text()?;
/// assert_eq!(
///     text,
///     "id:17 sub:001 dlvrd:001 submit date:2611290348 done date:2611290349 \
///      stat:DELIVRD err:000 text:Hello world"
/// );
/// let parsed = Receipt::parse(text.as_bytes(), &DecodeOptions::strict())?;
/// assert_eq!(ReceiptFields::from_receipt(&parsed), Some(fields));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReceiptFields<'a> {
    /// `id`: the message id the SMSC gave in submit_sm_resp.
    pub id: Option<&'a str>,
    /// `sub`: the number of short messages originally submitted.
    pub submitted: Option<u32>,
    /// `dlvrd`: the number of short messages delivered.
    pub delivered: Option<u32>,
    /// `submit date`: when the message was submitted.
    pub submit_date: Option<ReceiptDate>,
    /// `done date`: when the message reached `state`.
    pub done_date: Option<ReceiptDate>,
    /// `stat`: the state, written as its Appendix B Table B-2 word ([`State::stat_word`]).
    pub state: Option<State>,
    /// `err`: the network or SMSC error code (0 for none).
    pub err: Option<u32>,
    /// `text`: the first characters of the message (Appendix B: the first 20; see
    /// [`receipt_text_head`]); `None` leaves `text:` out, as Nexmo and others do.
    pub text: Option<&'a str>,
}

/// Why [`ReceiptFields`] refused to write a value: written, it would not read back as given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The value of this field is empty; Appendix B gives every field but `text` a value.
    #[error("`{0}` is empty")]
    EmptyValue(FieldName),
    /// The id holds whitespace, which would end it (Appendix B values are single tokens), or
    /// NUL (a C-Octet string cannot hold one; at the end of a receipt the parser drops it).
    #[error("`id` holds whitespace or NUL")]
    SpaceInId,
    /// The text starts or ends with whitespace or ends with NUL: the parser trims the
    /// first and drops the second.
    #[error("`text` starts or ends with whitespace or NUL")]
    TextEdge,
    /// The text holds ` <key>:` of a required field that this receipt leaves out: the
    /// parser would take it for that field.
    #[error("`text` holds the key of the absent field `{0}`")]
    TextHoldsKey(FieldName),
    /// The date cannot be written as `YYMMDDhhmm[ss]`: its year is outside 1990–2089 (the
    /// two-digit-year window) or it carries an offset from UTC, which Appendix B dates do not.
    #[error("`{0}` cannot be written as YYMMDDhhmm (year outside 1990-2089, or a UTC offset)")]
    Date(FieldName),
    /// The id is longer than the 64 octets of SMPP's `receipted_message_id` (§5.3.2.12).
    #[error("`id` is longer than receipted_message_id's 64 octets")]
    IdTooLong,
    /// The receipt is too long for a deliver_sm's `message_payload` (65,535 octets).
    #[error("the receipt text is longer than 65535 octets")]
    TooLong,
}

impl<'a> ReceiptFields<'a> {
    /// A receipt with every field Appendix B requires: one part submitted, delivered when
    /// `state` is [`State::Delivered`], `err:000` for a success and `err:001` otherwise, no
    /// `text`. Set the public fields to say more.
    pub const fn new(
        id: &'a str,
        state: State,
        submit_date: ReceiptDate,
        done_date: ReceiptDate,
    ) -> Self {
        Self {
            id: Some(id),
            submitted: Some(1),
            delivered: Some(matches!(state, State::Delivered) as u32),
            submit_date: Some(submit_date),
            done_date: Some(done_date),
            state: Some(state),
            err: Some(if state.is_success() { 0 } else { 1 }),
            text: None,
        }
    }

    /// The values of a parsed receipt; `None` when its `id` or `text` is not UTF-8. A field
    /// whose value lenient parsing forgave as unreadable (an empty id, a count or date it could
    /// not read, a non-numeric `err`) has no value, so it is absent here.
    pub fn from_receipt(receipt: &Receipt<'a>) -> Option<Self> {
        let str_of = |name| match receipt.raw(name) {
            Some(v) if name == FieldName::Text || !v.is_empty() => {
                core::str::from_utf8(v).map(Some).ok()
            }
            _ => Some(None),
        };
        Some(Self {
            id: str_of(FieldName::Id)?,
            submitted: receipt.submitted(),
            delivered: receipt.delivered(),
            submit_date: receipt.submit_date(),
            done_date: receipt.done_date(),
            state: receipt.state(),
            err: receipt.err_code(),
            text: str_of(FieldName::Text)?,
        })
    }

    /// Checks that the values can be written so that they read back unchanged.
    pub fn check(&self) -> Result<(), WriteError> {
        if let Some(id) = self.id {
            if id.is_empty() {
                return Err(WriteError::EmptyValue(FieldName::Id));
            }
            if id.bytes().any(|c| is_space(c) || c == 0) {
                return Err(WriteError::SpaceInId);
            }
        }
        for (name, date) in [
            (FieldName::SubmitDate, self.submit_date),
            (FieldName::DoneDate, self.done_date),
        ] {
            if let Some(d) = date
                && (!(1990..=2089).contains(&d.year) || d.utc_offset_minutes.is_some())
            {
                return Err(WriteError::Date(name));
            }
        }
        if let Some(text) = self.text {
            let b = text.as_bytes();
            if b.first().is_some_and(|&c| is_space(c))
                || b.last().is_some_and(|&c| is_space(c) || c == 0)
            {
                return Err(WriteError::TextEdge);
            }
            // The parser ends `text` at whitespace and the key of a required field it has not
            // seen: with every required field written before `text`, there is none.
            for name in FieldName::ALL {
                if name.is_required()
                    && !self.has(name)
                    && super::parser::holds_key_after_space(b, name)
                {
                    return Err(WriteError::TextHoldsKey(name));
                }
            }
        }
        Ok(())
    }

    fn has(&self, name: FieldName) -> bool {
        match name {
            FieldName::Id => self.id.is_some(),
            FieldName::Sub => self.submitted.is_some(),
            FieldName::Dlvrd => self.delivered.is_some(),
            FieldName::SubmitDate => self.submit_date.is_some(),
            FieldName::DoneDate => self.done_date.is_some(),
            FieldName::Stat => self.state.is_some(),
            FieldName::Err => self.err.is_some(),
            FieldName::Text => self.text.is_some(),
        }
    }

    /// Appends the receipt text to `out` (nothing on error).
    pub fn write(&self, out: &mut Vec<u8>) -> Result<(), WriteError> {
        self.check()?;
        let mut sep = "";
        let mut key = |out: &mut Vec<u8>, name: FieldName| {
            out.extend_from_slice(sep.as_bytes());
            out.extend_from_slice(name.as_str().as_bytes());
            out.push(b':');
            sep = " ";
        };
        if let Some(id) = self.id {
            key(out, FieldName::Id);
            out.extend_from_slice(id.as_bytes());
        }
        for (name, n) in [
            (FieldName::Sub, self.submitted),
            (FieldName::Dlvrd, self.delivered),
        ] {
            if let Some(n) = n {
                key(out, name);
                write_padded(out, n);
            }
        }
        for (name, d) in [
            (FieldName::SubmitDate, self.submit_date),
            (FieldName::DoneDate, self.done_date),
        ] {
            if let Some(d) = d {
                key(out, name);
                d.write_appendix_b(out);
            }
        }
        if let Some(state) = self.state {
            key(out, FieldName::Stat);
            out.extend_from_slice(state.stat_word().as_bytes());
        }
        if let Some(err) = self.err {
            key(out, FieldName::Err);
            write_padded(out, err);
        }
        if let Some(text) = self.text {
            key(out, FieldName::Text);
            out.extend_from_slice(text.as_bytes());
        }
        Ok(())
    }

    /// The receipt text as a string.
    pub fn to_text(&self) -> Result<String, WriteError> {
        let mut out = Vec::with_capacity(160);
        self.write(&mut out)?;
        // Every piece written is ASCII or a `&str`.
        String::from_utf8(out).map_err(|_| WriteError::TextEdge)
    }
}

/// The start of a message for a receipt's `text:` field. Appendix B: "the first 20 characters
/// of the short message". Kept to the characters that GSM 7-bit (TS 23.038 default alphabet)
/// and ASCII code alike, so the receipt reads the same whatever an ESME takes data_coding 0
/// to be; any other character becomes `?`. Whitespace at the ends is dropped (the parser
/// trims it), so the head always satisfies [`ReceiptFields::check`] when the other fields do.
pub fn receipt_text_head(message: &str) -> CompactString {
    let head: CompactString = message
        .chars()
        .take(20)
        .map(|c| match c {
            // ASCII = GSM 7-bit default alphabet here: space to '#', '%' to '?', letters.
            // Not '$' (GSM 0x02 vs 0x24), '@' (0x00), '[', '\\', ']', '^', '_', '`', '{',
            // '|', '}', '~' (extension table or other positions).
            ' '..='#' | '%'..='?' | 'A'..='Z' | 'a'..='z' => c,
            _ => '?',
        })
        .collect();
    CompactString::from(head.trim())
}

/// Space, tab, CR, LF: the whitespace the parser splits on.
const fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// `n` in decimal, at least three digits (`001`, as Appendix B's `SSS`, `DDD`).
fn write_padded(out: &mut Vec<u8>, n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    let mut v = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let digits = buf.len() - i;
    out.extend(core::iter::repeat_n(b'0', 3usize.saturating_sub(digits)));
    out.extend_from_slice(&buf[i..]);
}
