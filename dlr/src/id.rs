//! Message ids as each SMSC writes them, normalised so that a submit_sm_resp and its
//! receipts compare equal: hex ↔ decimal, letter case, leading zeros.
//!
//! Peers disagree on the id's form even within one message: python-smpplib's
//! `test_parse_deliver_sm` has `receipted_message_id` `1d305b4c` (hex) and receipt text
//! `id:0489708364` (the same number in decimal, zero-padded); cloudhopper-smpp's
//! `parseRealWorldReceipt0` has `38601fa` and `id:0059113978`. Which form each place uses
//! is a property of the SMSC, so it is configured, not guessed.

use alloc::string::String;
use core::fmt;

/// How an SMSC writes message ids in one place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IdFormat {
    /// Opaque text (UUIDs, alphanumeric ids): compared as text.
    #[default]
    Text,
    /// A decimal number, maybe zero-padded.
    Decimal,
    /// A hexadecimal number, any case, maybe zero-padded.
    Hex,
}

/// Where an id was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdOrigin {
    /// The `message_id` of a submit_sm_resp (or data_sm_resp).
    SubmitResp,
    /// The `id:` of the receipt text.
    ReceiptText,
    /// The `receipted_message_id` TLV.
    ReceiptTlv,
    /// A GSM TP-Message-Reference (decimal 0–255).
    MessageReference,
}

/// A normalised message id: the key of the correlation table.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NormalizedId {
    /// An id read as a number (decimal or hex as configured).
    Number(u128),
    /// Any other id, after the configured text normalisation.
    Text(String),
}

impl fmt::Display for NormalizedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Text(t) => f.write_str(t),
        }
    }
}

/// The per-SMSC rules for comparing ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdNormalizer {
    /// Form of the submit_sm_resp `message_id`.
    pub submit_resp: IdFormat,
    /// Form of the receipt text `id:`.
    pub receipt_text: IdFormat,
    /// Form of the `receipted_message_id` TLV.
    pub receipt_tlv: IdFormat,
    /// Compare text ids without regard to ASCII case.
    pub ignore_case: bool,
    /// Drop leading zeros of text ids (numbers never keep them).
    pub strip_leading_zeros: bool,
}

impl Default for IdNormalizer {
    /// Ids compared as written, except surrounding whitespace.
    fn default() -> Self {
        Self {
            submit_resp: IdFormat::Text,
            receipt_text: IdFormat::Text,
            receipt_tlv: IdFormat::Text,
            ignore_case: false,
            strip_leading_zeros: false,
        }
    }
}

impl IdNormalizer {
    /// The same format everywhere.
    pub fn uniform(format: IdFormat) -> Self {
        Self {
            submit_resp: format,
            receipt_text: format,
            receipt_tlv: format,
            ..Self::default()
        }
    }

    /// The format configured for `origin`.
    pub fn format(&self, origin: IdOrigin) -> IdFormat {
        match origin {
            IdOrigin::SubmitResp => self.submit_resp,
            IdOrigin::ReceiptText => self.receipt_text,
            IdOrigin::ReceiptTlv => self.receipt_tlv,
            IdOrigin::MessageReference => IdFormat::Decimal,
        }
    }

    /// A stable text form of these rules, stored beside shared and durable correlation
    /// state so that every node (and every restart) is checked to normalise ids alike.
    pub fn fingerprint(&self) -> String {
        let f = |f: IdFormat| match f {
            IdFormat::Text => "text",
            IdFormat::Decimal => "decimal",
            IdFormat::Hex => "hex",
        };
        alloc::format!(
            "v1 submit_resp={} receipt_text={} receipt_tlv={} ignore_case={} strip_leading_zeros={}",
            f(self.submit_resp),
            f(self.receipt_text),
            f(self.receipt_tlv),
            u8::from(self.ignore_case),
            u8::from(self.strip_leading_zeros)
        )
    }

    /// Normalises an id read at `origin`. A numeric format that does not parse (or does not
    /// fit 128 bits) falls back to text normalisation, so nothing is lost.
    pub fn normalize(&self, id: &str, origin: IdOrigin) -> NormalizedId {
        let id = id.trim();
        let number = match self.format(origin) {
            IdFormat::Text => None,
            IdFormat::Decimal => parse_radix(id, 10),
            IdFormat::Hex => parse_radix(id, 16),
        };
        if let Some(n) = number {
            return NormalizedId::Number(n);
        }
        let mut text = id;
        if self.strip_leading_zeros {
            let trimmed = text.trim_start_matches('0');
            text = if trimmed.is_empty() && !text.is_empty() {
                "0"
            } else {
                trimmed
            };
        }
        let mut out = String::from(text);
        if self.ignore_case {
            out.make_ascii_lowercase();
        }
        NormalizedId::Text(out)
    }
}

/// Digits of `radix` that fit a `u128`; `None` otherwise (empty, sign, other characters).
fn parse_radix(s: &str, radix: u32) -> Option<u128> {
    if s.is_empty() || !s.bytes().all(|c| (c as char).is_digit(radix)) {
        return None;
    }
    u128::from_str_radix(s, radix).ok()
}

/// Whether two ids name the same number in some pair of bases (decimal or hex), ignoring
/// case and leading zeros. Used to tell an encoding difference from a real disagreement
/// between the receipt text and the TLVs.
pub fn same_number(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    let radices = [10, 16];
    radices.iter().any(|&ra| {
        radices
            .iter()
            .any(|&rb| match (parse_radix(a, ra), parse_radix(b, rb)) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // python-smpplib tests/test_command.py test_parse_deliver_sm: TLV 1d305b4c, text 0489708364.
    #[test]
    fn accepts_hex_tlv_and_decimal_text_as_same_id() {
        let n = IdNormalizer {
            receipt_tlv: IdFormat::Hex,
            receipt_text: IdFormat::Decimal,
            ..IdNormalizer::default()
        };
        assert_eq!(
            n.normalize("1d305b4c", IdOrigin::ReceiptTlv),
            n.normalize("0489708364", IdOrigin::ReceiptText)
        );
        assert!(same_number("1d305b4c", "0489708364"));
    }

    // cloudhopper-smpp DeliveryReceiptTest parseRealWorldReceipt0: 38601fa vs 0059113978;
    // toMessageIdAsHexString: 98765432101 ↔ 16fee0e525.
    #[test]
    fn accepts_cloudhopper_hex_decimal_pairs() {
        assert!(same_number("38601fa", "0059113978"));
        assert!(same_number("16fee0e525", "98765432101"));
        assert!(same_number("16FEE0E525", "98765432101"));
        assert!(!same_number("16fee0e525", "98765432102"));
    }

    #[test]
    fn accepts_text_rules() {
        let n = IdNormalizer {
            ignore_case: true,
            strip_leading_zeros: true,
            ..IdNormalizer::default()
        };
        assert_eq!(
            n.normalize("00ABC", IdOrigin::SubmitResp),
            NormalizedId::Text("abc".into())
        );
        assert_eq!(
            n.normalize("000", IdOrigin::SubmitResp),
            NormalizedId::Text("0".into())
        );
        // Default: as written.
        let d = IdNormalizer::default();
        assert_ne!(
            d.normalize("0012", IdOrigin::SubmitResp),
            d.normalize("12", IdOrigin::ReceiptText)
        );
    }

    #[test]
    fn rejects_numeric_format_for_non_numbers_by_falling_back_to_text() {
        let n = IdNormalizer::uniform(IdFormat::Decimal);
        assert_eq!(
            n.normalize("74e02ee1-4e2f", IdOrigin::ReceiptText),
            NormalizedId::Text("74e02ee1-4e2f".into())
        );
        // 40 digits do not fit u128: kept as text, no overflow.
        let long = "9999999999999999999999999999999999999999";
        assert_eq!(
            n.normalize(long, IdOrigin::ReceiptText),
            NormalizedId::Text(long.into())
        );
    }
}
