//! TP-UDL and TP-UD (TS 23.040 §9.2.3.16, §9.2.3.24).
//!
//! ```text
//! GSM 7-bit:  UDL = septets, UDH included; UD = ceil(UDL*7/8) octets
//!             [UDHL UDH…][fill bits][packed septets…], fill = (7 - (UDHL+1)*8 % 7) % 7
//! 8-bit/UCS2: UDL = octets, UDH included;  UD = UDL octets  [UDHL UDH…][octets…]
//! ```

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{DecodeError, EncodeError, Quirk};
use crate::reader::Reader;
use crate::udh::UserDataHeader;
use gsm7::{Alphabet, DataCodingScheme};

/// §9.2.3.16: at most 160 septets or 140 octets of user data in one TPDU.
pub const MAX_SEPTETS: usize = 160;
/// §9.2.3.16: at most 140 octets of user data in one TPDU.
pub const MAX_OCTETS: usize = 140;

/// User data as on the wire: TP-UDL and the TP-UD octets (UDH included when TP-UDHI is set).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserData<'a> {
    udl: u8,
    udhi: bool,
    septets: bool,
    data: Cow<'a, [u8]>,
}

/// Septets a header of `header_octets` (UDHL included) takes, fill bits included.
pub fn header_septets(header_octets: usize) -> usize {
    (header_octets * 8).div_ceil(7)
}

/// Fill bits after a header of `header_octets` (UDHL included) so the text starts on a
/// septet boundary: `(7 - (UDHL+1)*8 % 7) % 7`.
pub fn fill_bits(header_octets: usize) -> u8 {
    ((7 - (header_octets * 8) % 7) % 7) as u8
}

impl<'a> UserData<'a> {
    /// No user data (TP-UDL 0).
    pub fn empty() -> UserData<'static> {
        UserData {
            udl: 0,
            udhi: false,
            septets: true,
            data: Cow::Borrowed(&[]),
        }
    }

    /// GSM 7-bit user data from a header (UDHL included, or empty) and unpacked septets.
    pub fn gsm7(header: &[u8], septets: &[u8]) -> Result<UserData<'static>, EncodeError> {
        let hs = if header.is_empty() {
            0
        } else {
            header_septets(header.len())
        };
        let udl = hs + septets.len();
        if udl > MAX_SEPTETS {
            return Err(EncodeError::TooLong {
                field: "TP-UD",
                length: udl,
                max: MAX_SEPTETS,
            });
        }
        Self::check_header(header)?;
        let mut data = Vec::with_capacity(udl * 7 / 8 + 1);
        data.extend_from_slice(header);
        gsm7::pack(septets, fill_bits(header.len()), &mut data);
        // §9.2.3.16: TP-UD is ⌈TP-UDL × 7 / 8⌉ octets. A header alone (no septet after it)
        // still counts its fill bits, which can need an octet of their own.
        data.resize((udl * 7).div_ceil(8), 0);
        Ok(UserData {
            udl: udl as u8,
            udhi: !header.is_empty(),
            septets: true,
            data: Cow::Owned(data),
        })
    }

    /// 8-bit or UCS2 user data from a header (UDHL included, or empty) and octets.
    pub fn octets(header: &[u8], payload: &[u8]) -> Result<UserData<'static>, EncodeError> {
        let udl = header.len() + payload.len();
        if udl > MAX_OCTETS {
            return Err(EncodeError::TooLong {
                field: "TP-UD",
                length: udl,
                max: MAX_OCTETS,
            });
        }
        Self::check_header(header)?;
        let mut data = Vec::with_capacity(udl);
        data.extend_from_slice(header);
        data.extend_from_slice(payload);
        Ok(UserData {
            udl: udl as u8,
            udhi: !header.is_empty(),
            septets: false,
            data: Cow::Owned(data),
        })
    }

    fn check_header(header: &[u8]) -> Result<(), EncodeError> {
        if header.is_empty() {
            return Ok(());
        }
        match UserDataHeader::parse(header) {
            Ok(h) if h.len() == header.len() => Ok(()),
            _ => Err(EncodeError::Invalid {
                field: "TP-UDH",
                reason: "not a well-formed header (UDHL, then whole IEs)",
            }),
        }
    }

    /// Reads TP-UDL and TP-UD; `dcs` says whether TP-UDL counts septets.
    pub(crate) fn read(
        r: &mut Reader<'a>,
        dcs: DataCodingScheme,
        udhi: bool,
        options: crate::DecodeOptions,
        quirks: &mut dyn FnMut(Quirk),
    ) -> Result<Self, DecodeError> {
        let lenient = options.udl_mismatch;
        let offset = r.offset();
        let udl = r.u8("TP-UDL")?;
        let septets = dcs.udl_in_septets();
        let (octets, max) = if septets {
            ((usize::from(udl) * 7).div_ceil(8), MAX_SEPTETS)
        } else {
            (usize::from(udl), MAX_OCTETS)
        };
        let available = r.remaining();
        if usize::from(udl) > max {
            if !lenient {
                return Err(DecodeError::BadLength {
                    field: "TP-UDL",
                    offset,
                    length: udl.into(),
                    reason: if septets {
                        "is more than 160 septets"
                    } else {
                        "is more than 140 octets"
                    },
                });
            }
            if octets <= available {
                quirks(Quirk::UdlAboveMaximum { offset, udl });
            }
        }
        let data = if octets > available {
            if !lenient {
                return Err(DecodeError::BadLength {
                    field: "TP-UDL",
                    offset,
                    length: udl.into(),
                    reason: "is more than the TPDU holds",
                });
            }
            quirks(Quirk::UdlOverrun {
                offset,
                declared: octets,
                available,
            });
            r.rest()
        } else {
            r.take(octets, "TP-UD")?
        };
        if udhi {
            let h = UserDataHeader::parse_at(data, offset + 1, options.ie_length_mismatch, quirks)?;
            if septets && header_septets(h.len()) > usize::from(udl) {
                return Err(DecodeError::BadLength {
                    field: "TP-UDHL",
                    offset: offset + 1,
                    length: h.len() - 1,
                    reason: "is more than TP-UDL",
                });
            }
        }
        Ok(Self {
            udl,
            udhi,
            septets,
            data: Cow::Borrowed(data),
        })
    }

    /// Writes TP-UDL and TP-UD.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.push(self.udl);
        out.extend_from_slice(&self.data);
    }

    /// TP-UDL as on the wire (septets for GSM 7-bit, else octets; the UDH included).
    pub fn udl(&self) -> u8 {
        self.udl
    }

    /// Whether a UDH leads the user data (TP-UDHI).
    pub fn has_header(&self) -> bool {
        self.udhi
    }

    /// Whether TP-UDL counts septets.
    pub fn is_septets(&self) -> bool {
        self.septets
    }

    /// All TP-UD octets as on the wire, the UDH included.
    pub fn raw(&self) -> &[u8] {
        &self.data
    }

    /// The user data header, when TP-UDHI is set.
    pub fn header(&self) -> Option<UserDataHeader<'_>> {
        if !self.udhi {
            return None;
        }
        UserDataHeader::parse_at(&self.data, 0, true, &mut |_| {}).ok()
    }

    fn header_len(&self) -> usize {
        self.header().map_or(0, |h| h.len())
    }

    /// The octets after the UDH (for GSM 7-bit: still packed, fill bits first).
    pub fn payload(&self) -> &[u8] {
        self.data.get(self.header_len()..).unwrap_or(&[])
    }

    /// Fill bits between the UDH and the first septet (0 without a header or for octets).
    pub fn fill_bits(&self) -> u8 {
        match self.header_len() {
            0 => 0,
            n if self.septets => fill_bits(n),
            _ => 0,
        }
    }

    /// The number of text septets (GSM 7-bit: TP-UDL minus the header's septets, bounded by
    /// what the octets hold) or payload octets.
    pub fn units(&self) -> usize {
        let hl = self.header_len();
        if !self.septets {
            return self
                .payload()
                .len()
                .min(usize::from(self.udl).saturating_sub(hl));
        }
        let hs = if hl == 0 { 0 } else { header_septets(hl) };
        let declared = usize::from(self.udl).saturating_sub(hs);
        let bits =
            self.payload().len() * 8 - usize::from(self.fill_bits()).min(self.payload().len() * 8);
        declared.min(bits / 7)
    }

    /// The unpacked septets of a GSM 7-bit text (after the header).
    pub fn septets(&self) -> Result<Vec<u8>, DecodeError> {
        let mut out = Vec::with_capacity(self.units());
        gsm7::unpack(self.payload(), self.units(), self.fill_bits(), &mut out).map_err(|_| {
            DecodeError::BadLength {
                field: "TP-UD",
                offset: 0,
                length: self.payload().len(),
                reason: "does not hold the septets TP-UDL announces",
            }
        })?;
        Ok(out)
    }

    /// The text for a GSM 7-bit or UCS2 `dcs` (national shift tables from the UDH), `None`
    /// for 8-bit data and compressed text. Strict: [`text_with`](Self::text_with) with
    /// [`DecodeOptions::strict()`](crate::DecodeOptions::strict).
    pub fn text(&self, dcs: DataCodingScheme) -> Result<Option<String>, DecodeError> {
        self.text_with(dcs, &crate::DecodeOptions::strict(), &mut Vec::new())
    }

    /// The text, like [`text`](Self::text); with
    /// [`allow_text_repair`](crate::DecodeOptions::allow_text_repair) it repairs what TS
    /// 23.038 tells a display how to show (and drops an odd trailing UCS2 octet, replaces
    /// unpaired surrogates), pushing a [`Quirk::TextRepaired`] when it did.
    pub fn text_with(
        &self,
        dcs: DataCodingScheme,
        options: &crate::DecodeOptions,
        quirks: &mut Vec<Quirk>,
    ) -> Result<Option<String>, DecodeError> {
        if dcs.is_compressed() {
            return Ok(None);
        }
        let repair = options.text_repair;
        let mut s = String::new();
        match dcs.alphabet() {
            // TS 23.038 §4: reserved codings are taken as the GSM 7 bit default alphabet.
            Alphabet::Gsm7 | Alphabet::Reserved => {
                let tables = self.header().map(|h| h.tables()).unwrap_or_default();
                let septets = self.septets()?;
                let text_options = match repair {
                    true => gsm7::DecodeOptions::lenient(),
                    false => gsm7::DecodeOptions::strict(),
                };
                let q = gsm7::decode_septets_with(&septets, tables, &text_options, &mut s)
                    .map_err(|source| DecodeError::Text { source })?;
                if let Some(index) = q.first_index {
                    quirks.push(Quirk::TextRepaired { index });
                }
            }
            Alphabet::Ucs2 => {
                let p = self.payload();
                let p = &p[..self.units().min(p.len())];
                let p = if repair {
                    let even = &p[..p.len() & !1];
                    if even.len() != p.len() {
                        quirks.push(Quirk::TextRepaired { index: even.len() });
                    }
                    if gsm7::decode_ucs2(even, &mut String::new()).is_err() {
                        quirks.push(Quirk::TextRepaired { index: 0 });
                    }
                    even
                } else {
                    p
                };
                let ucs2 = gsm7::DecodeOptions::strict().allow_lone_surrogates(repair);
                gsm7::decode_ucs2_with(p, &ucs2, &mut s)
                    .map_err(|source| DecodeError::Text { source })?;
            }
            Alphabet::EightBit => return Ok(None),
        }
        Ok(Some(s))
    }

    /// Converts borrowed data into owned data.
    pub fn into_owned(self) -> UserData<'static> {
        UserData {
            udl: self.udl,
            udhi: self.udhi,
            septets: self.septets,
            data: Cow::Owned(self.data.into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // §9.2.3.24 fill bits: 6-octet UDH (8-bit concat) → 1 fill bit, 7-octet (16-bit) → 0.
    #[test]
    fn accepts_fill_bit_rule() {
        assert_eq!(fill_bits(6), 1);
        assert_eq!(header_septets(6), 7);
        assert_eq!(fill_bits(7), 0);
        assert_eq!(header_septets(7), 8);
        // oFono ems_udh_test_1: UDHL 26, 27 header octets → 1 fill bit.
        assert_eq!(fill_bits(27), 1);
    }

    fn read(b: &[u8], dcs: u8, udhi: bool, lenient: bool) -> Result<UserData<'_>, DecodeError> {
        let options = match lenient {
            true => crate::DecodeOptions::lenient(),
            false => crate::DecodeOptions::strict(),
        };
        UserData::read(
            &mut Reader::new(b),
            DataCodingScheme(dcs),
            udhi,
            options,
            &mut |_| {},
        )
    }

    #[test]
    fn rejects_udl_over_160_septets_and_overrun() {
        assert!(read(&[161], 0, false, false).is_err());
        assert!(matches!(
            read(&[4, 0xD4, 0xF2], 0, false, false),
            Err(DecodeError::BadLength {
                field: "TP-UDL",
                ..
            })
        ));
        assert!(read(&[4, 0xD4, 0xF2], 0, false, true).is_ok());
    }

    // TS 23.038 §6.2.1.1: escape to an undefined position (0x1B 0x41) shows the default
    // table's character; a lone trailing escape is dropped; an odd UCS2 octet too.
    #[test]
    fn accepts_repairable_text_only_leniently() {
        let ud = UserData::gsm7(&[], &[0x48, 0x1B, 0x41, 0x1B]).unwrap();
        assert!(ud.text(DataCodingScheme::GSM7).is_err());
        let mut q = Vec::new();
        let lenient = crate::DecodeOptions::lenient();
        let t = ud
            .text_with(DataCodingScheme::GSM7, &lenient, &mut q)
            .unwrap();
        assert_eq!(t.as_deref(), Some("HA"));
        assert_eq!(q, [Quirk::TextRepaired { index: 1 }]);
        let ud = UserData::octets(&[], &[0x00, 0x41, 0x00]).unwrap();
        assert!(ud.text(DataCodingScheme::UCS2).is_err());
        q.clear();
        let t = ud
            .text_with(DataCodingScheme::UCS2, &lenient, &mut q)
            .unwrap();
        assert_eq!(t.as_deref(), Some("A"));
        assert_eq!(q, [Quirk::TextRepaired { index: 2 }]);
    }

    // UDHI with a UDHL larger than the user data.
    #[test]
    fn rejects_udhl_larger_than_ud() {
        assert!(read(&[3, 0x09, 0x00, 0x03], 4, true, false).is_err());
        assert!(read(&[3, 0x09, 0x00, 0x03], 4, true, true).is_err());
    }
}
