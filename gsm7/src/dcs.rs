//! The data coding scheme (TS 23.038 §4): TP-DCS of TS 23.040 §9.2.3.10, and SMPP's
//! `data_coding` where an SMSC passes the GSM value through.
//!
//! ```text
//! 00xx xxxx  general data coding          bit 5 compressed, bit 4 class meaningful,
//! 01xx xxxx  same, marked for automatic deletion   bits 3-2 alphabet, bits 1-0 class
//! 1000..1011 reserved coding groups
//! 1100 xxxx  message waiting, discard message, GSM 7-bit   bit 3 active, bits 1-0 type
//! 1101 xxxx  message waiting, store message, GSM 7-bit
//! 1110 xxxx  message waiting, store message, UCS2
//! 1111 xxxx  data coding / message class:  bit 2 alphabet (0 GSM 7-bit, 1 8-bit), bits 1-0 class
//! ```

/// The data coding scheme octet. Open newtype: every value decodes and round-trips.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DataCodingScheme(pub u8);

/// The alphabet bits as coded (the reserved value is reported, not guessed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Alphabet {
    /// GSM 7-bit default alphabet.
    Gsm7,
    /// 8-bit data.
    EightBit,
    /// UCS2 (UTF-16BE).
    Ucs2,
    /// The reserved alphabet value 11 of the general data coding groups.
    Reserved,
}

/// Message class (TS 23.038 §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageClass {
    /// Class 0: immediate display ("flash").
    Class0,
    /// Class 1: ME specific.
    Class1,
    /// Class 2: (U)SIM specific.
    Class2,
    /// Class 3: TE specific.
    Class3,
}

impl MessageClass {
    /// From the two class bits.
    pub fn from_bits(bits: u8) -> Self {
        match bits & 3 {
            0 => Self::Class0,
            1 => Self::Class1,
            2 => Self::Class2,
            _ => Self::Class3,
        }
    }

    /// The class number 0–3.
    pub fn number(self) -> u8 {
        self as u8
    }
}

/// Indication type of the message waiting groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IndicationType {
    /// 00 voicemail message waiting.
    Voicemail,
    /// 01 fax message waiting.
    Fax,
    /// 10 electronic mail message waiting.
    Email,
    /// 11 other message waiting.
    Other,
}

/// What a DCS octet says, by coding group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CodingGroup {
    /// 00xx (and 01xx with `auto_delete`): general data coding indication.
    General {
        /// Bit 6 set: the message is marked for automatic deletion (group 01xx).
        auto_delete: bool,
        /// Bit 5: the text is compressed (TS 23.042).
        compressed: bool,
        /// Bits 1-0 when bit 4 says they have a meaning.
        class: Option<MessageClass>,
        /// Bits 3-2.
        alphabet: Alphabet,
    },
    /// 1100, 1101, 1110: message waiting indication.
    MessageWaiting {
        /// 1101 and 1110: store the message; 1100: discard it.
        store: bool,
        /// GSM 7-bit (1100, 1101) or UCS2 (1110).
        alphabet: Alphabet,
        /// Bit 3: set indication active.
        active: bool,
        /// Bits 1-0.
        indication: IndicationType,
    },
    /// 1111: data coding / message class.
    DataCodingMessageClass {
        /// Bit 2: GSM 7-bit or 8-bit data.
        alphabet: Alphabet,
        /// Bits 1-0.
        class: MessageClass,
    },
    /// 1000–1011: reserved coding groups (the octet is kept).
    Reserved(u8),
}

impl DataCodingScheme {
    /// GSM 7-bit default alphabet, no class (0x00).
    pub const GSM7: Self = Self(0x00);
    /// 8-bit data, no class (0x04).
    pub const EIGHT_BIT: Self = Self(0x04);
    /// UCS2, no class (0x08).
    pub const UCS2: Self = Self(0x08);

    /// A general-data-coding DCS for an alphabet and an optional class.
    pub fn general(alphabet: Alphabet, class: Option<MessageClass>) -> Self {
        let a = match alphabet {
            Alphabet::Gsm7 => 0,
            Alphabet::EightBit => 1,
            Alphabet::Ucs2 => 2,
            Alphabet::Reserved => 3,
        };
        let c = class.map_or(0, |c| 0x10 | c.number());
        Self((a << 2) | c)
    }

    /// The coding group and what it says.
    pub fn coding_group(self) -> CodingGroup {
        let b = self.0;
        let alphabet = |bits: u8| match bits & 3 {
            0 => Alphabet::Gsm7,
            1 => Alphabet::EightBit,
            2 => Alphabet::Ucs2,
            _ => Alphabet::Reserved,
        };
        let indication = match b & 3 {
            0 => IndicationType::Voicemail,
            1 => IndicationType::Fax,
            2 => IndicationType::Email,
            _ => IndicationType::Other,
        };
        match b >> 4 {
            0x0..=0x7 => CodingGroup::General {
                auto_delete: b & 0x40 != 0,
                compressed: b & 0x20 != 0,
                class: (b & 0x10 != 0).then(|| MessageClass::from_bits(b)),
                alphabet: alphabet(b >> 2),
            },
            0xC..=0xE => CodingGroup::MessageWaiting {
                store: b >> 4 != 0xC,
                alphabet: if b >> 4 == 0xE {
                    Alphabet::Ucs2
                } else {
                    Alphabet::Gsm7
                },
                active: b & 0x08 != 0,
                indication,
            },
            0xF => CodingGroup::DataCodingMessageClass {
                alphabet: if b & 0x04 != 0 {
                    Alphabet::EightBit
                } else {
                    Alphabet::Gsm7
                },
                class: MessageClass::from_bits(b),
            },
            _ => CodingGroup::Reserved(b),
        }
    }

    /// The alphabet as coded; `Reserved` for the reserved alphabet bits and the reserved
    /// coding groups.
    pub fn alphabet(self) -> Alphabet {
        match self.coding_group() {
            CodingGroup::General { alphabet, .. }
            | CodingGroup::MessageWaiting { alphabet, .. }
            | CodingGroup::DataCodingMessageClass { alphabet, .. } => alphabet,
            CodingGroup::Reserved(_) => Alphabet::Reserved,
        }
    }

    /// The message class, when the DCS gives one.
    pub fn class(self) -> Option<MessageClass> {
        match self.coding_group() {
            CodingGroup::General { class, .. } => class,
            CodingGroup::DataCodingMessageClass { class, .. } => Some(class),
            _ => None,
        }
    }

    /// Whether the user data is compressed (TS 23.042).
    pub fn is_compressed(self) -> bool {
        matches!(
            self.coding_group(),
            CodingGroup::General {
                compressed: true,
                ..
            }
        )
    }

    /// Whether TP-UDL counts septets: uncompressed GSM 7-bit. TS 23.038 §4: "Any reserved
    /// codings shall be assumed to be the GSM 7 bit default alphabet", so the reserved
    /// alphabet and reserved groups count septets too (§9.2.3.16).
    pub fn udl_in_septets(self) -> bool {
        !self.is_compressed() && matches!(self.alphabet(), Alphabet::Gsm7 | Alphabet::Reserved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // TS 23.038 §4 examples; vectors: AOSP testCingularVoiceMail (C8, C0), oFono (19),
    // python-gsmmodem (F6 via 9cbs.com), mmcli (F1, F4).
    #[test]
    fn accepts_every_group() {
        assert_eq!(
            DataCodingScheme(0xC8).coding_group(),
            CodingGroup::MessageWaiting {
                store: false,
                alphabet: Alphabet::Gsm7,
                active: true,
                indication: IndicationType::Voicemail
            }
        );
        assert_eq!(
            DataCodingScheme(0x19).coding_group(),
            CodingGroup::General {
                auto_delete: false,
                compressed: false,
                class: Some(MessageClass::Class1),
                alphabet: Alphabet::Ucs2
            }
        );
        assert_eq!(DataCodingScheme(0xF6).alphabet(), Alphabet::EightBit);
        assert_eq!(DataCodingScheme(0xF6).class(), Some(MessageClass::Class2));
        assert_eq!(DataCodingScheme(0xF1).class(), Some(MessageClass::Class1));
        assert_eq!(DataCodingScheme(0xE2).alphabet(), Alphabet::Ucs2);
        assert!(matches!(
            DataCodingScheme(0x44).coding_group(),
            CodingGroup::General {
                auto_delete: true,
                alphabet: Alphabet::EightBit,
                ..
            }
        ));
        assert_eq!(
            DataCodingScheme(0x8A).coding_group(),
            CodingGroup::Reserved(0x8A)
        );
        assert_eq!(DataCodingScheme(0x0C).alphabet(), Alphabet::Reserved);
        assert!(DataCodingScheme(0x0C).udl_in_septets());
        assert!(!DataCodingScheme(0x20).udl_in_septets());
        assert!(!DataCodingScheme(0x08).udl_in_septets());
    }

    #[test]
    fn roundtrip_general() {
        for a in [Alphabet::Gsm7, Alphabet::EightBit, Alphabet::Ucs2] {
            for c in [None, Some(MessageClass::Class0), Some(MessageClass::Class3)] {
                let d = DataCodingScheme::general(a, c);
                assert_eq!((d.alphabet(), d.class()), (a, c));
            }
        }
    }
}
