//! Addresses (TS 23.040 §9.1.2.5): TP-OA, TP-DA, TP-RA and the SMSC address of AT PDU mode.
//!
//! ```text
//! octet 1   Address-Length: useful semi-octets of the Address-Value (TP addresses), or
//!           octets of TOA + value (the SMSC address, TS 24.011 RP address element)
//! octet 2   Type-of-Address: 1 TON(3) NPI(4)
//! octet 3.. Address-Value: BCD semi-octets, low nibble first, 0xF fills an odd count;
//!           or GSM 7-bit packed text when TON = 101 (alphanumeric)
//! ```

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::error::{DecodeError, EncodeError};
use crate::reader::Reader;
use gsm7::wire_codes;

wire_codes!(
    @octet
    /// Type of number (TON, bits 6–4 of the Type-of-Address, §9.1.2.5). Open newtype: all 8
    /// values round-trip.
    pub struct TypeOfNumber(u8);
    UNKNOWN = 0, "unknown", "000 unknown";
    INTERNATIONAL = 1, "international", "001 international number (shown with a leading `+`)";
    NATIONAL = 2, "national", "010 national number";
    NETWORK_SPECIFIC = 3, "network-specific", "011 network specific number";
    SUBSCRIBER = 4, "subscriber", "100 subscriber number";
    ALPHANUMERIC = 5, "alphanumeric", "101 alphanumeric (GSM 7-bit default alphabet, packed)";
    ABBREVIATED = 6, "abbreviated", "110 abbreviated number";
    RESERVED = 7, "reserved", "111 reserved for extension";
);

wire_codes!(
    @octet
    /// Numbering plan identification (NPI, bits 3–0 of the Type-of-Address, §9.1.2.5). Open
    /// newtype: all 16 values round-trip.
    pub struct NumberingPlan(u8);
    UNKNOWN = 0, "unknown", "0000 unknown";
    ISDN = 1, "isdn", "0001 ISDN/telephone numbering plan (E.164/E.163)";
    DATA = 3, "data", "0011 data numbering plan (X.121)";
    TELEX = 4, "telex", "0100 telex numbering plan";
    SC_SPECIFIC_1 = 5, "sc-specific-1", "0101 service centre specific plan 1";
    SC_SPECIFIC_2 = 6, "sc-specific-2", "0110 service centre specific plan 2";
    NATIONAL = 8, "national", "1000 national numbering plan";
    PRIVATE = 9, "private", "1001 private numbering plan";
    ERMES = 10, "ermes", "1010 ERMES numbering plan (ETSI DE/PS 3 01-3)";
    RESERVED = 15, "reserved", "1111 reserved for extension";
);

/// An address as on the wire; the value is borrowed from the input when decoded.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Address<'a> {
    toa: u8,
    /// Useful semi-octets of the value.
    length: u8,
    value: Cow<'a, [u8]>,
}

/// "The maximum length of the full address field (Address-Length, Type-of-Address and
/// Address-Value) is 12 octets" (§9.1.2.5): at most 10 value octets, 20 semi-octets.
const MAX_VALUE_OCTETS: usize = 10;

/// BCD semi-octet meanings (TS 24.008 Table 10.5.118 as used by §9.1.2.3): 0-9, `*`, `#`,
/// `a`, `b`, `c`; 0xF is the filler.
const BCD: &[u8; 15] = b"0123456789*#abc";

impl<'a> Address<'a> {
    /// A numeric address from digits (`0-9 * # a b c`), with TON and NPI.
    pub fn from_digits(
        ton: TypeOfNumber,
        npi: NumberingPlan,
        digits: &str,
    ) -> Result<Address<'static>, EncodeError> {
        let mut value = Vec::with_capacity(digits.len().div_ceil(2));
        let mut n = 0usize;
        for c in digits.bytes() {
            let Some(v) = BCD.iter().position(|&d| d == c.to_ascii_lowercase()) else {
                return Err(EncodeError::Invalid {
                    field: "Address-Value",
                    reason: "a digit is not one of 0-9 * # a b c",
                });
            };
            if n.is_multiple_of(2) {
                value.push(0xF0 | v as u8);
            } else if let Some(last) = value.last_mut() {
                *last = (*last & 0x0F) | ((v as u8) << 4);
            }
            n += 1;
        }
        if value.len() > MAX_VALUE_OCTETS {
            return Err(EncodeError::TooLong {
                field: "Address-Value",
                length: n,
                max: 2 * MAX_VALUE_OCTETS,
            });
        }
        Ok(Address {
            toa: toa(ton, npi),
            length: n as u8,
            value: Cow::Owned(value),
        })
    }

    /// Parses a number as users write it: `+` then digits is international (TON 1, NPI 1),
    /// anything else unknown TON with the ISDN plan (TOA 0x81).
    pub fn parse_number(s: &str) -> Result<Address<'static>, EncodeError> {
        match s.strip_prefix('+') {
            Some(d) => Self::from_digits(TypeOfNumber::INTERNATIONAL, NumberingPlan::ISDN, d),
            None => Self::from_digits(TypeOfNumber::UNKNOWN, NumberingPlan::ISDN, s),
        }
    }

    /// An alphanumeric address (TON 101): the text in the GSM 7-bit default alphabet, packed;
    /// at most 11 characters fit.
    pub fn alphanumeric(text: &str) -> Result<Address<'static>, EncodeError> {
        let mut septets = Vec::new();
        gsm7::encode_septets(text, gsm7::Tables::default(), &mut septets).map_err(|_| {
            EncodeError::Invalid {
                field: "Address-Value",
                reason: "the text is not in the GSM 7-bit default alphabet",
            }
        })?;
        let mut value = Vec::new();
        gsm7::pack(&septets, 0, &mut value);
        if value.len() > MAX_VALUE_OCTETS {
            return Err(EncodeError::TooLong {
                field: "Address-Value",
                length: value.len(),
                max: MAX_VALUE_OCTETS,
            });
        }
        Ok(Address {
            toa: toa(TypeOfNumber::ALPHANUMERIC, NumberingPlan::UNKNOWN),
            length: (septets.len() * 7).div_ceil(4) as u8,
            value: Cow::Owned(value),
        })
    }

    /// Reads a TP address (TP-OA, TP-DA, TP-RA): Address-Length counts semi-octets.
    pub(crate) fn read_tp(r: &mut Reader<'a>, field: &'static str) -> Result<Self, DecodeError> {
        let offset = r.offset();
        let length = r.u8(field)?;
        if usize::from(length) > 2 * MAX_VALUE_OCTETS {
            return Err(DecodeError::BadLength {
                field,
                offset,
                length: length.into(),
                reason: "is more than 20 semi-octets (§9.1.2.5: at most 12 octets in all)",
            });
        }
        let toa = r.u8(field)?;
        let value = r.take(usize::from(length).div_ceil(2), field)?;
        let addr = Self {
            toa,
            length,
            value: Cow::Borrowed(value),
        };
        addr.check_digits(field, offset)?;
        Ok(addr)
    }

    /// Reads the SMSC address of AT PDU mode: the length counts octets (TOA + value);
    /// `00` means no SMSC address (`None`).
    pub(crate) fn read_smsc(r: &mut Reader<'a>) -> Result<Option<Self>, DecodeError> {
        const FIELD: &str = "SMSC address";
        let offset = r.offset();
        let len = r.u8(FIELD)?;
        if len == 0 {
            return Ok(None);
        }
        if usize::from(len) > MAX_VALUE_OCTETS + 1 {
            return Err(DecodeError::BadLength {
                field: FIELD,
                offset,
                length: len.into(),
                reason: "is more than 11 octets (TOA and 10 value octets)",
            });
        }
        let toa = r.u8(FIELD)?;
        let value = r.take(usize::from(len) - 1, FIELD)?;
        let mut length = value.len() * 2;
        if value.last().is_some_and(|b| b >> 4 == 0xF) {
            length -= 1;
        }
        let addr = Self {
            toa,
            length: length as u8,
            value: Cow::Borrowed(value),
        };
        addr.check_digits(FIELD, offset)?;
        Ok(Some(addr))
    }

    fn check_digits(&self, field: &'static str, offset: usize) -> Result<(), DecodeError> {
        if self.is_alphanumeric() {
            return Ok(());
        }
        if let Some(i) = self.nibbles().position(|n| n == 0xF) {
            return Err(DecodeError::InvalidValue {
                field,
                offset: offset + 2 + i / 2,
                value: self.value[i / 2],
                reason: "filler 0xF inside the digits",
            });
        }
        Ok(())
    }

    fn nibbles(&self) -> impl Iterator<Item = u8> + '_ {
        (0..usize::from(self.length)).map(|i| {
            let b = self.value.get(i / 2).copied().unwrap_or(0xFF);
            if i % 2 == 0 { b & 0x0F } else { b >> 4 }
        })
    }

    /// Writes a TP address.
    pub(crate) fn write_tp(&self, out: &mut Vec<u8>) {
        out.push(self.length);
        out.push(self.toa);
        out.extend_from_slice(&self.value);
    }

    /// Writes an SMSC address (length in octets).
    pub(crate) fn write_smsc(&self, out: &mut Vec<u8>) {
        out.push(self.value.len() as u8 + 1);
        out.push(self.toa);
        out.extend_from_slice(&self.value);
    }

    /// The Type-of-Address octet as on the wire.
    pub fn type_of_address(&self) -> u8 {
        self.toa
    }

    /// Type of number.
    pub fn ton(&self) -> TypeOfNumber {
        TypeOfNumber((self.toa >> 4) & 0x07)
    }

    /// Numbering plan identification.
    pub fn npi(&self) -> NumberingPlan {
        NumberingPlan(self.toa & 0x0F)
    }

    /// The useful semi-octets (the TP Address-Length).
    pub fn length(&self) -> u8 {
        self.length
    }

    /// The Address-Value octets as on the wire.
    pub fn value(&self) -> &[u8] {
        &self.value
    }

    /// Whether TON is alphanumeric (the value is packed GSM 7-bit text).
    pub fn is_alphanumeric(&self) -> bool {
        self.ton() == TypeOfNumber::ALPHANUMERIC
    }

    /// The digits (`0-9 * # a b c`) of a numeric address, without `+`; for an alphanumeric
    /// address the decoded text.
    pub fn digits(&self) -> String {
        if self.is_alphanumeric() {
            // Septets in the useful semi-octets: 4 bits each, 7 bits per character.
            let count = usize::from(self.length) * 4 / 7;
            let mut septets = Vec::with_capacity(count);
            let mut s = String::new();
            if gsm7::unpack(&self.value, count, 0, &mut septets).is_ok() {
                // Display what can be shown (TS 23.038 §6.2.1.1 rules for stray escapes).
                let _quirks = gsm7::decode_septets_with(
                    &septets,
                    gsm7::Tables::default(),
                    &gsm7::DecodeOptions::lenient(),
                    &mut s,
                );
            }
            return s;
        }
        self.nibbles()
            .map(|n| BCD.get(usize::from(n)).map_or('?', |&c| c as char))
            .collect()
    }

    /// Converts borrowed data into owned data.
    pub fn into_owned(self) -> Address<'static> {
        Address {
            toa: self.toa,
            length: self.length,
            value: Cow::Owned(self.value.into_owned()),
        }
    }
}

/// `+` and digits for an international number, digits otherwise, the text when alphanumeric.
impl fmt::Display for Address<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ton() == TypeOfNumber::INTERNATIONAL {
            f.write_str("+")?;
        }
        f.write_str(&self.digits())
    }
}

fn toa(ton: TypeOfNumber, npi: NumberingPlan) -> u8 {
    // Bit 8 of the Type-of-Address is always 1 (§9.1.2.5).
    0x80 | ((ton.0 & 0x07) << 4) | (npi.0 & 0x0F)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn tp(hex: &[u8]) -> Result<Address<'_>, DecodeError> {
        Address::read_tp(&mut Reader::new(hex), "TP-OA")
    }

    // AOSP GsmSmsTest.testAddressing: OA 0B916105551511F1 = +16505551111.
    #[test]
    fn accepts_international_number() {
        let a = tp(&[0x0B, 0x91, 0x61, 0x05, 0x55, 0x15, 0x11, 0xF1]).unwrap();
        assert_eq!(a.to_string(), "+16505551111");
        assert_eq!((a.ton(), a.npi()), (TypeOfNumber(1), NumberingPlan(1)));
        let mut out = Vec::new();
        a.write_tp(&mut out);
        assert_eq!(out, [0x0B, 0x91, 0x61, 0x05, 0x55, 0x15, 0x11, 0xF1]);
    }

    // AOSP GsmSmsTest.testAddressing: TOA E1, BADCBE5AF1 = "*#abc#*51".
    #[test]
    fn accepts_bcd_specials() {
        let a = tp(&[0x09, 0xE1, 0xBA, 0xDC, 0xBE, 0x5A, 0xF1]).unwrap();
        assert_eq!(a.to_string(), "*#abc#*51");
        assert_eq!(a.ton(), TypeOfNumber::ABBREVIATED);
        let b = Address::from_digits(a.ton(), a.npi(), "*#abc#*51").unwrap();
        assert_eq!(a, b);
    }

    // oFono test_alnum_sender: 0D D0 F334FC1CA69701 = "sipgate" (13 semi-octets, odd);
    // mmcli pdu2: 14 D0 4937BD2C7797E9D3E614 = "InternetSMS" (20 semi-octets).
    #[test]
    fn roundtrip_alphanumeric() {
        for (wire, text) in [
            (
                &[0x0D, 0xD0, 0xF3, 0x34, 0xFC, 0x1C, 0xA6, 0x97, 0x01][..],
                "sipgate",
            ),
            (
                &[
                    0x14, 0xD0, 0x49, 0x37, 0xBD, 0x2C, 0x77, 0x97, 0xE9, 0xD3, 0xE6, 0x14,
                ][..],
                "InternetSMS",
            ),
        ] {
            let a = tp(wire).unwrap();
            assert_eq!(a.to_string(), text);
            assert_eq!(a.ton(), TypeOfNumber::ALPHANUMERIC);
            let b = Address::alphanumeric(text).unwrap();
            let mut out = Vec::new();
            b.write_tp(&mut out);
            assert_eq!(out, wire);
        }
        assert!(Address::alphanumeric("TwelveChars!").is_err());
    }

    #[test]
    fn rejects_address_length_over_20() {
        let err = tp(&[0x15, 0x91, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).unwrap_err();
        assert!(matches!(
            err,
            DecodeError::BadLength {
                offset: 0,
                length: 21,
                ..
            }
        ));
    }

    #[test]
    fn rejects_truncated_address() {
        let err = tp(&[0x0B, 0x91, 0x61]).unwrap_err();
        assert!(matches!(
            err,
            DecodeError::Truncated {
                offset: 2,
                needed: 5,
                ..
            }
        ));
    }

    #[test]
    fn roundtrip_parse_number() {
        let a = Address::parse_number("+4915259911630").unwrap();
        assert_eq!(a.type_of_address(), 0x91);
        assert_eq!(a.to_string(), "+4915259911630");
        let b = Address::parse_number("0126541234").unwrap();
        assert_eq!(b.type_of_address(), 0x81);
        assert_eq!(b.to_string(), "0126541234");
        assert!(Address::parse_number("12x").is_err());
        assert!(Address::parse_number("123456789012345678901").is_err());
    }
}
