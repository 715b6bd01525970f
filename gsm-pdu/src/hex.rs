//! Hex as modems print it: `AT+CMGR`, `AT+CMGL` and `+CMT`/`+CDS` give the PDU as hex digits
//! (TS 27.005 §3.3, "ME/TA converts each octet of TP data unit into two IRA character long
//! hexadecimal number"), and `AT+CMGS` takes it the same way.

use alloc::string::String;
use alloc::vec::Vec;

/// Hex text could not be turned into octets: what was wrong and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HexError {
    /// A character that is not a hex digit.
    #[error("not a hex digit at offset {offset}: {found:?}")]
    BadDigit {
        /// Byte offset of the character in the input string.
        offset: usize,
        /// The character found.
        found: char,
    },
    /// An odd number of digits: the last octet is missing its low nibble.
    #[error("odd number of hex digits ({digits}): the last octet is incomplete")]
    OddLength {
        /// How many digits there were.
        digits: usize,
    },
}

/// Decodes hex as a modem prints it: upper or lower case digits, two per octet, no
/// separators. Surrounding whitespace (the `\r\n` of the line) is ignored; an error names the
/// byte offset in `hex` of the first character that is not a digit.
///
/// ```
/// use gsm_pdu::{DecodeOptions, Direction, HexError, Tpdu, decode_with_smsc, from_hex};
/// // The PDU line of AOSP GsmSmsTest.testAddressing, as AT+CMGR prints it.
/// let line = "07914151551512F2040B916105551511F100006060605130308A04D4F29C0E\r\n";
/// let pdu = from_hex(line)?;
/// let d = decode_with_smsc(&pdu, Direction::MobileTerminated, DecodeOptions::strict())?;
/// assert_eq!(d.tpdu.text()?.as_deref(), Some("Test"));
///
/// assert_eq!(from_hex("0791G1"), Err(HexError::BadDigit { offset: 4, found: 'G' }));
/// assert_eq!(from_hex("079"), Err(HexError::OddLength { digits: 3 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_hex(hex: &str) -> Result<Vec<u8>, HexError> {
    let start = hex.len() - hex.trim_start().len();
    let digits = hex.trim();
    let mut out = Vec::with_capacity(digits.len() / 2);
    let mut high: Option<u8> = None;
    for (i, c) in digits.char_indices() {
        let Some(v) = c.to_digit(16) else {
            return Err(HexError::BadDigit {
                offset: start + i,
                found: c,
            });
        };
        let v = v as u8;
        match high.take() {
            Some(h) => out.push(h << 4 | v),
            None => high = Some(v),
        }
    }
    if high.is_some() {
        return Err(HexError::OddLength {
            digits: digits.len(),
        });
    }
    Ok(out)
}

/// Encodes octets as upper-case hex, as `AT+CMGS` takes a PDU in PDU mode.
///
/// ```
/// assert_eq!(gsm_pdu::to_hex(&[0x00, 0x11, 0xAB]), "0011AB");
/// ```
pub fn to_hex(octets: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(octets.len() * 2);
    for &o in octets {
        s.push(char::from(DIGITS[usize::from(o >> 4)]));
        s.push(char::from(DIGITS[usize::from(o & 0x0F)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    // TS 27.005 §3.3: two IRA hex characters per octet; modems differ in case (Huawei prints
    // upper case, some Quectel firmware lower case).
    #[test]
    fn accepts_both_cases_and_the_line_ending() {
        assert_eq!(from_hex(" 00aBcD\r\n"), Ok(alloc::vec![0x00, 0xAB, 0xCD]));
        assert_eq!(from_hex(""), Ok(Vec::new()));
        assert_eq!(to_hex(&from_hex("00ABCD").unwrap()), "00ABCD");
    }

    #[test]
    fn rejects_a_bad_digit_with_its_offset() {
        assert_eq!(
            from_hex("\r\n00A Z"),
            Err(HexError::BadDigit {
                offset: 5,
                found: ' '
            })
        );
        assert_eq!(
            from_hex("0é"),
            Err(HexError::BadDigit {
                offset: 1,
                found: 'é'
            })
        );
        assert_eq!(from_hex("00A"), Err(HexError::OddLength { digits: 3 }));
    }
}
