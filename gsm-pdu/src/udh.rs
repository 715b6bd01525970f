//! The user data header (TS 23.040 §9.2.3.24): information elements in wire order, typed
//! where known, raw otherwise. Reusable outside TPDUs (e.g. SMPP `short_message` with the
//! UDHI flag in esm_class): [`UserDataHeader::parse`].
//!
//! ```text
//! UDHL | IEI_a IEDL_a IED_a… | IEI_b IEDL_b IED_b… | …     UDHL counts the octets after it
//! ```

use alloc::vec::Vec;

use gsm7::Concat;

use crate::error::{DecodeError, EncodeError, Quirk};
use gsm7::wire_codes;

wire_codes!(
    @octet
    /// An information element identifier (§9.2.3.24). Open newtype: unknown IEIs round-trip.
    pub struct Iei(u8);
    CONCAT_8 = 0x00, "concat-8", "concatenated short messages, 8-bit reference number";
    SPECIAL_SMS = 0x01, "special-sms", "special SMS message indication";
    PORTS_8 = 0x04, "ports-8", "application port addressing scheme, 8-bit address";
    PORTS_16 = 0x05, "ports-16", "application port addressing scheme, 16-bit address";
    SMSC_CONTROL = 0x06, "smsc-control", "SMSC control parameters";
    UDH_SOURCE = 0x07, "udh-source", "UDH source indicator";
    CONCAT_16 = 0x08, "concat-16", "concatenated short messages, 16-bit reference number";
    WCMP = 0x09, "wcmp", "wireless control message protocol";
    TEXT_FORMATTING = 0x0A, "text-formatting", "EMS text formatting";
    PREDEFINED_SOUND = 0x0B, "predefined-sound", "EMS predefined sound";
    USER_DEFINED_SOUND = 0x0C, "user-defined-sound", "EMS user defined sound (iMelody max 128 bytes)";
    PREDEFINED_ANIMATION = 0x0D, "predefined-animation", "EMS predefined animation";
    LARGE_ANIMATION = 0x0E, "large-animation", "EMS large animation (16*16 times 4)";
    SMALL_ANIMATION = 0x0F, "small-animation", "EMS small animation (8*8 times 4)";
    LARGE_PICTURE = 0x10, "large-picture", "EMS large picture (32*32)";
    SMALL_PICTURE = 0x11, "small-picture", "EMS small picture (16*16)";
    VARIABLE_PICTURE = 0x12, "variable-picture", "EMS variable picture";
    USER_PROMPT = 0x13, "user-prompt", "EMS user prompt indicator";
    EXTENDED_OBJECT = 0x14, "extended-object", "EMS extended object";
    REUSED_EXTENDED_OBJECT = 0x15, "reused-extended-object", "EMS reused extended object";
    COMPRESSION_CONTROL = 0x16, "compression-control", "EMS compression control";
    OBJECT_DISTRIBUTION = 0x17, "object-distribution", "EMS object distribution indicator";
    STANDARD_WVG_OBJECT = 0x18, "standard-wvg-object", "EMS standard WVG object";
    CHARACTER_SIZE_WVG_OBJECT = 0x19, "character-size-wvg-object", "EMS character size WVG object";
    EXTENDED_OBJECT_DATA_REQUEST = 0x1A, "extended-object-data-request", "EMS extended object data request command";
    RFC822_EMAIL_HEADER = 0x20, "rfc822-email-header", "RFC 822 E-Mail header";
    HYPERLINK_FORMAT = 0x21, "hyperlink-format", "hyperlink format element";
    REPLY_ADDRESS = 0x22, "reply-address", "reply address element";
    ENHANCED_VOICE_MAIL = 0x23, "enhanced-voice-mail", "enhanced voice mail information";
    NATIONAL_SINGLE_SHIFT = 0x24, "national-single-shift", "national language single shift";
    NATIONAL_LOCKING_SHIFT = 0x25, "national-locking-shift", "national language locking shift";
);

impl Iei {
    /// The length of the IE data this IEI requires, when it is fixed (or a range).
    fn expected_len(self) -> Option<(usize, usize)> {
        Some(match self.0 {
            0x00 => (3, 3),
            0x01 => (2, 2),
            0x04 => (2, 2),
            0x05 => (4, 4),
            0x08 => (4, 4),
            0x0A => (3, 4),
            0x0B | 0x0D => (2, 2),
            0x13 => (1, 1),
            0x24 | 0x25 => (1, 1),
            // EMS objects: a position octet and data.
            0x0C | 0x0E | 0x0F | 0x10 | 0x11 | 0x12 => (1, usize::MAX),
            _ => return None,
        })
    }
}

/// One information element as on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InformationElement<'a> {
    /// The identifier.
    pub iei: Iei,
    /// The data (IED), without IEI and length.
    pub data: &'a [u8],
}

/// An information element, typed where the IEI is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Ie<'a> {
    /// 0x00 / 0x08 (§9.2.3.24.1, .8): one part of a concatenated message, as
    /// [`gsm7::Reassembler`] takes it.
    Concat(Concat),
    /// 0x04 / 0x05 (§9.2.3.24.3, .4): application port addressing.
    Ports {
        /// Destination port.
        destination: u16,
        /// Originator port.
        source: u16,
        /// 16-bit ports (IEI 0x05) or 8-bit (0x04).
        sixteen_bit: bool,
    },
    /// 0x01 (§9.2.3.24.2): special SMS message indication.
    SpecialSms {
        /// Bit 7 of octet 1: store the message.
        store: bool,
        /// Bits 6-0 of octet 1: the indication type (voice, fax, email, other, extended).
        indication: u8,
        /// Octet 2: message count.
        count: u8,
    },
    /// 0x24 (§9.2.3.24.15): national language single shift table; the id of TS 23.038.
    NationalSingleShift(u8),
    /// 0x25 (§9.2.3.24.16): national language locking shift table.
    NationalLockingShift(u8),
    /// 0x0A (§9.2.3.24.10.1.1): EMS text formatting.
    TextFormatting {
        /// Start position (in characters of the text).
        start: u8,
        /// Length in characters.
        length: u8,
        /// Formatting mode (alignment, font size, bold, italic, underline, strikethrough).
        mode: u8,
        /// Optional text colour octet.
        colour: Option<u8>,
    },
    /// 0x0B / 0x0D: EMS predefined sound or animation at a position.
    EmsPredefined {
        /// 0x0B sound or 0x0D animation.
        iei: Iei,
        /// Position in the text.
        position: u8,
        /// Sound or animation number.
        number: u8,
    },
    /// 0x0C, 0x0E–0x12: EMS user-defined sound, animation or picture at a position.
    EmsObject {
        /// Which object.
        iei: Iei,
        /// Position in the text.
        position: u8,
        /// The object data.
        data: &'a [u8],
    },
    /// 0x13: EMS user prompt indicator, number of objects.
    UserPrompt(u8),
    /// An unknown IEI, a known one with the wrong length, or a concatenation IE the spec
    /// says to ignore (total or sequence zero, sequence above total).
    Raw(InformationElement<'a>),
}

impl<'a> InformationElement<'a> {
    /// The element typed where known.
    pub fn typed(&self) -> Ie<'a> {
        let d = self.data;
        let raw = Ie::Raw(*self);
        if let Some((lo, hi)) = self.iei.expected_len()
            && !(lo..=hi).contains(&d.len())
        {
            return raw;
        }
        match (self.iei.0, d) {
            // §9.2.3.24.1: total 0, sequence 0 or above total: ignore the whole IE (kept raw).
            (0x00 | 0x08, _) => match Concat::from_ie(self.iei.0, d) {
                Some(c) => Ie::Concat(c),
                None => raw,
            },
            (0x04, &[dst, src]) => Ie::Ports {
                destination: dst.into(),
                source: src.into(),
                sixteen_bit: false,
            },
            (0x05, &[d0, d1, s0, s1]) => Ie::Ports {
                destination: u16::from_be_bytes([d0, d1]),
                source: u16::from_be_bytes([s0, s1]),
                sixteen_bit: true,
            },
            (0x01, &[a, count]) => Ie::SpecialSms {
                store: a & 0x80 != 0,
                indication: a & 0x7F,
                count,
            },
            (0x24, &[id]) => Ie::NationalSingleShift(id),
            (0x25, &[id]) => Ie::NationalLockingShift(id),
            (0x0A, &[start, length, mode]) => Ie::TextFormatting {
                start,
                length,
                mode,
                colour: None,
            },
            (0x0A, &[start, length, mode, c]) => Ie::TextFormatting {
                start,
                length,
                mode,
                colour: Some(c),
            },
            (0x0B | 0x0D, &[position, number]) => Ie::EmsPredefined {
                iei: self.iei,
                position,
                number,
            },
            (0x0C | 0x0E..=0x12, &[position, ref data @ ..]) => Ie::EmsObject {
                iei: self.iei,
                position,
                data,
            },
            (0x13, &[n]) => Ie::UserPrompt(n),
            _ => raw,
        }
    }
}

impl Ie<'_> {
    /// Appends IEI, IEDL and IED.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        let mut put = |iei: u8, data: &[u8]| {
            if data.len() > 255 {
                return Err(EncodeError::TooLong {
                    field: "UDH IE",
                    length: data.len(),
                    max: 255,
                });
            }
            out.push(iei);
            out.push(data.len() as u8);
            out.extend_from_slice(data);
            Ok(())
        };
        match *self {
            Ie::Concat(Concat {
                reference,
                sixteen_bit: true,
                total,
                seq,
            }) => {
                let [a, b] = reference.to_be_bytes();
                put(0x08, &[a, b, total, seq])
            }
            Ie::Concat(Concat {
                reference,
                sixteen_bit: false,
                total,
                seq,
            }) => {
                let r = u8::try_from(reference).map_err(|_| EncodeError::Invalid {
                    field: "UDH IE 00",
                    reason: "an 8-bit reference above 255",
                })?;
                put(0x00, &[r, total, seq])
            }
            Ie::Ports {
                destination,
                source,
                sixteen_bit: true,
            } => {
                let [a, b] = destination.to_be_bytes();
                let [c, d] = source.to_be_bytes();
                put(0x05, &[a, b, c, d])
            }
            Ie::Ports {
                destination,
                source,
                sixteen_bit: false,
            } => match (u8::try_from(destination), u8::try_from(source)) {
                (Ok(d), Ok(s)) => put(0x04, &[d, s]),
                _ => Err(EncodeError::Invalid {
                    field: "UDH IE 04",
                    reason: "an 8-bit port above 255",
                }),
            },
            Ie::SpecialSms {
                store,
                indication,
                count,
            } => put(0x01, &[(u8::from(store) << 7) | (indication & 0x7F), count]),
            Ie::NationalSingleShift(id) => put(0x24, &[id]),
            Ie::NationalLockingShift(id) => put(0x25, &[id]),
            Ie::TextFormatting {
                start,
                length,
                mode,
                colour: None,
            } => put(0x0A, &[start, length, mode]),
            Ie::TextFormatting {
                start,
                length,
                mode,
                colour: Some(c),
            } => put(0x0A, &[start, length, mode, c]),
            Ie::EmsPredefined {
                iei,
                position,
                number,
            } => put(iei.0, &[position, number]),
            Ie::EmsObject {
                iei,
                position,
                data,
            } => {
                let mut v = Vec::with_capacity(data.len() + 1);
                v.push(position);
                v.extend_from_slice(data);
                put(iei.0, &v)
            }
            Ie::UserPrompt(n) => put(0x13, &[n]),
            Ie::Raw(e) => put(e.iei.0, e.data),
        }
    }
}

/// A parsed user data header, borrowing the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UserDataHeader<'a> {
    /// The IE octets (after UDHL).
    ies: &'a [u8],
}

impl<'a> UserDataHeader<'a> {
    /// Parses the header at the start of `bytes` (the UDHL octet first), strictly: every IE
    /// must fit in UDHL and a known IEI must have its length. The octets after the header
    /// are not looked at; [`len`](Self::len) says where they start.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        Self::parse_at(bytes, 0, false, &mut |_| {})
    }

    pub(crate) fn parse_at(
        bytes: &'a [u8],
        base: usize,
        lenient: bool,
        quirks: &mut dyn FnMut(Quirk),
    ) -> Result<Self, DecodeError> {
        let Some((&udhl, rest)) = bytes.split_first() else {
            return Err(DecodeError::Truncated {
                field: "TP-UDHL",
                offset: base,
                needed: 1,
            });
        };
        let Some(ies) = rest.get(..usize::from(udhl)) else {
            return Err(DecodeError::BadLength {
                field: "TP-UDHL",
                offset: base,
                length: udhl.into(),
                reason: "is more than the user data holds",
            });
        };
        let mut pos = 0;
        while pos < ies.len() {
            let off = base + 1 + pos;
            let iei = ies[pos];
            let Some(&len) = ies.get(pos + 1) else {
                return Err(DecodeError::Truncated {
                    field: "UDH IE length",
                    offset: off + 1,
                    needed: 1,
                });
            };
            let end = pos + 2 + usize::from(len);
            if end > ies.len() {
                return Err(DecodeError::BadLength {
                    field: "UDH IE length",
                    offset: off + 1,
                    length: len.into(),
                    reason: "overruns TP-UDHL",
                });
            }
            if let Some((lo, hi)) = Iei(iei).expected_len()
                && !(lo..=hi).contains(&usize::from(len))
            {
                if !lenient {
                    return Err(DecodeError::BadLength {
                        field: "UDH IE length",
                        offset: off + 1,
                        length: len.into(),
                        reason: "is not the length this IEI has (§9.2.3.24)",
                    });
                }
                quirks(Quirk::InformationElementLength { iei, offset: off });
            }
            pos = end;
        }
        Ok(Self { ies })
    }

    /// The header length in octets, UDHL included.
    pub fn len(&self) -> usize {
        self.ies.len() + 1
    }

    /// Whether there are no information elements (UDHL 0).
    pub fn is_empty(&self) -> bool {
        self.ies.is_empty()
    }

    /// The information elements in wire order.
    pub fn iter(&self) -> IeIter<'a> {
        IeIter { rest: self.ies }
    }

    /// The concatenation IE, if any: reference, its width, total and sequence, what
    /// [`gsm7::Reassembler::push`] takes. The last one when repeated (§9.2.3.24: for a
    /// non-repeatable IE "the last occurrence of the IE shall be used"); an IE that
    /// §9.2.3.24.1 says to ignore (total or sequence 0, sequence above total) is skipped.
    pub fn concat(&self) -> Option<Concat> {
        Concat::from_ies(self.iter().map(|e| (e.iei.0, e.data)))
    }

    /// The national language tables the header selects for GSM 7-bit text (IEs 0x24, 0x25;
    /// an unknown language id selects the default table, TS 23.038 §6.2.1.2.4).
    pub fn tables(&self) -> gsm7::Tables {
        let mut t = gsm7::Tables::default();
        for e in self.iter() {
            match e.typed() {
                Ie::NationalSingleShift(id) => t.single = gsm7::NationalLanguage::from_id(id),
                Ie::NationalLockingShift(id) => t.locking = gsm7::NationalLanguage::from_id(id),
                _ => {}
            }
        }
        t
    }

    /// Builds a header, UDHL first, from elements.
    pub fn build(ies: &[Ie<'_>]) -> Result<Vec<u8>, EncodeError> {
        let mut out = alloc::vec![0u8];
        for ie in ies {
            ie.encode(&mut out)?;
        }
        let udhl = out.len() - 1;
        out[0] = u8::try_from(udhl).map_err(|_| EncodeError::TooLong {
            field: "TP-UDHL",
            length: udhl,
            max: 255,
        })?;
        Ok(out)
    }
}

impl<'a> IntoIterator for UserDataHeader<'a> {
    type Item = InformationElement<'a>;
    type IntoIter = IeIter<'a>;
    fn into_iter(self) -> IeIter<'a> {
        self.iter()
    }
}

/// Iterator over the information elements of a header, in wire order.
#[derive(Clone, Debug)]
pub struct IeIter<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for IeIter<'a> {
    type Item = InformationElement<'a>;
    fn next(&mut self) -> Option<Self::Item> {
        // The header was validated by `parse`; stop quietly on anything short anyway.
        let (&iei, rest) = self.rest.split_first()?;
        let (&len, rest) = rest.split_first()?;
        let data = rest.get(..usize::from(len))?;
        self.rest = &rest[usize::from(len)..];
        Some(InformationElement {
            iei: Iei(iei),
            data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // AOSP GsmSmsTest.testUdh: 0B 05040B8423F0 0003 2A0201 = ports 2948/9200, concat 42 2/1.
    #[test]
    fn accepts_ports_and_concat_in_wire_order() {
        let b = [
            0x0B, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 0x00, 0x03, 0x2A, 0x02, 0x01, 0xFF,
        ];
        let h = UserDataHeader::parse(&b).unwrap();
        assert_eq!(h.len(), 12);
        let ies: Vec<_> = h.iter().map(|e| e.typed()).collect();
        assert_eq!(
            ies,
            [
                Ie::Ports {
                    destination: 2948,
                    source: 9200,
                    sixteen_bit: true
                },
                Ie::Concat(Concat {
                    reference: 42,
                    sixteen_bit: false,
                    total: 2,
                    seq: 1,
                }),
            ]
        );
        assert_eq!(UserDataHeader::build(&ies).unwrap(), b[..12]);
    }

    // node-pdu concat vector: 06 08041234 0201 = 16-bit reference 0x1234, 2 parts, part 1.
    #[test]
    fn accepts_concat_16() {
        let h = UserDataHeader::parse(&[0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01]).unwrap();
        assert_eq!(
            h.concat(),
            Some(Concat {
                reference: 0x1234,
                sixteen_bit: true,
                total: 2,
                seq: 1
            })
        );
    }

    #[test]
    fn rejects_udhl_beyond_data_and_ie_overrun() {
        assert!(matches!(
            UserDataHeader::parse(&[0x05, 0x00, 0x03]),
            Err(DecodeError::BadLength {
                field: "TP-UDHL",
                ..
            })
        ));
        assert!(matches!(
            UserDataHeader::parse(&[0x03, 0x00, 0x03, 0x01]),
            Err(DecodeError::BadLength { offset: 2, .. })
        ));
        assert!(UserDataHeader::parse(&[]).is_err());
    }

    // §9.2.3.24.1: a known IEI with the wrong length is an error when strict, raw when lenient.
    #[test]
    fn accepts_wrong_length_only_when_lenient() {
        let b = [0x04, 0x00, 0x02, 0x01, 0x02];
        assert!(UserDataHeader::parse(&b).is_err());
        let mut q = Vec::new();
        let h = UserDataHeader::parse_at(&b, 0, true, &mut |x| q.push(x)).unwrap();
        assert_eq!(q.len(), 1);
        assert!(matches!(h.iter().next().unwrap().typed(), Ie::Raw(_)));
    }

    // §9.2.3.24.1: sequence number 0 or above the total: the IE is ignored (kept raw).
    #[test]
    fn accepts_bad_concat_as_raw() {
        let h = UserDataHeader::parse(&[0x05, 0x00, 0x03, 0x01, 0x02, 0x03]).unwrap();
        assert!(matches!(h.iter().next().unwrap().typed(), Ie::Raw(_)));
        assert_eq!(h.concat(), None);
    }

    #[test]
    fn roundtrip_unknown_and_ems() {
        let b = [
            0x0A, 0x70, 0x02, 0xAB, 0xCD, 0x0A, 0x04, 0x00, 0x04, 0x10, 0x22,
        ];
        let h = UserDataHeader::parse(&b).unwrap();
        let ies: Vec<_> = h.iter().map(|e| e.typed()).collect();
        assert!(matches!(ies[0], Ie::Raw(_)));
        assert!(matches!(
            ies[1],
            Ie::TextFormatting {
                colour: Some(0x22),
                ..
            }
        ));
        assert_eq!(UserDataHeader::build(&ies).unwrap(), b);
    }

    proptest::proptest! {
        // build ∘ parse = id over any IEs that fit (raw ones with any IEI and data), in order;
        // typed IEs re-encode to the same octets.
        #[test]
        fn roundtrip_build_parse(ies in proptest::collection::vec(
            (proptest::prelude::any::<u8>(), proptest::collection::vec(proptest::prelude::any::<u8>(), 0..8)),
            0..12,
        )) {
            let elems: Vec<InformationElement<'_>> = ies
                .iter()
                .map(|(iei, data)| InformationElement { iei: Iei(*iei), data })
                .collect();
            let raw: Vec<Ie<'_>> = elems.iter().map(|e| Ie::Raw(*e)).collect();
            let bytes = UserDataHeader::build(&raw).unwrap();
            let mut q = Vec::new();
            let h = UserDataHeader::parse_at(&bytes, 0, true, &mut |x| q.push(x)).unwrap();
            proptest::prop_assert_eq!(h.len(), bytes.len());
            let back: Vec<_> = h.iter().collect();
            proptest::prop_assert_eq!(&back, &elems);
            let typed: Vec<Ie<'_>> = back.iter().map(InformationElement::typed).collect();
            proptest::prop_assert_eq!(UserDataHeader::build(&typed).unwrap(), bytes);
        }
    }
}
