//! The flag octets of the message PDUs as open newtypes: `esm_class` (v3.4 §5.2.12),
//! `registered_delivery` (§5.2.17), `priority_flag` (§5.2.14) and `data_coding` (§5.2.19).
//!
//! Every octet decodes and round-trips unchanged (the inner `u8` is public); the named
//! constants and accessors read the sub-fields the spec defines. What the spec forbids (a
//! reserved bit, a message type the PDU does not allow) is reported by
//! [`validate`](crate::validate), never by the decoder.
//!
//! ```
//! use smpp::{DataCoding, EsmClass, MessageType, RegisteredDelivery, SmscReceipt};
//!
//! // A delivery receipt with a UDH: esm_class 0x44.
//! let esm = EsmClass::SMSC_DELIVERY_RECEIPT.with_udhi(true);
//! assert_eq!(esm.0, 0x44);
//! assert_eq!(esm.message_type(), MessageType::SMSC_DELIVERY_RECEIPT);
//! assert!(esm.is_delivery_receipt() && esm.udhi());
//! assert_eq!(esm.to_string(), "default_mode+smsc_delivery_receipt+udhi");
//!
//! let rd = RegisteredDelivery::SUCCESS_OR_FAILURE;
//! assert_eq!(rd.smsc_receipt(), SmscReceipt::SUCCESS_OR_FAILURE);
//! assert_eq!(DataCoding::UCS2.name(), Some("ucs2"));
//! ```

use core::fmt;

use gsm7::{Charset, CodingGroup, DataCodingScheme, MessageClass, Tables};

use crate::codes::wire_codes;

wire_codes! {
    /// `esm_class` bits 1-0, the messaging mode (v3.4 §5.2.12).
    pub struct MessagingMode(u8);
    DEFAULT = 0, "default_mode", "Default SMSC mode (e.g. store and forward)";
    DATAGRAM = 1, "datagram", "Datagram mode";
    FORWARD = 2, "forward", "Forward (i.e. transaction) mode";
    STORE_AND_FORWARD = 3, "store_and_forward", "Store and forward mode";
}

wire_codes! {
    /// `esm_class` bits 5-2, the message type, as the octet's value with the other bits
    /// clear (v3.4 §5.2.12). ESME to SMSC: default, ESME delivery ack (0x08), ESME
    /// manual/user ack (0x10); SMSC to ESME also the SMSC delivery receipt (0x04),
    /// conversation abort (0x18) and intermediate delivery notification (0x20).
    pub struct MessageType(u8);
    DEFAULT = 0x00, "default_type", "Default message type (a normal message)";
    SMSC_DELIVERY_RECEIPT = 0x04, "smsc_delivery_receipt", "Short message contains an SMSC delivery receipt";
    DELIVERY_ACK = 0x08, "delivery_ack", "Short message contains a delivery acknowledgement";
    MANUAL_ACK = 0x10, "manual_ack", "Short message contains a manual/user acknowledgement";
    CONVERSATION_ABORT = 0x18, "conversation_abort", "Short message contains a conversation abort (Korean CDMA)";
    INTERMEDIATE_NOTIFICATION = 0x20, "intermediate_notification", "Short message contains an intermediate delivery notification";
}

wire_codes! {
    @bits
    /// `esm_class` (v3.4 §5.2.12): the messaging mode (bits 1-0), the message type
    /// (bits 5-2) and the GSM network features UDHI (bit 6) and reply path (bit 7).
    ///
    /// `Display` names each part (`store_and_forward+smsc_delivery_receipt+udhi`).
    pub struct EsmClass(u8);
    DEFAULT = 0x00, "default", "Default mode, default message type, no GSM features";
    DATAGRAM = 0x01, "datagram", "Datagram mode";
    FORWARD = 0x02, "forward", "Forward (transaction) mode";
    STORE_AND_FORWARD = 0x03, "store_and_forward", "Store and forward mode";
    SMSC_DELIVERY_RECEIPT = 0x04, "smsc_delivery_receipt", "An SMSC delivery receipt";
    DELIVERY_ACK = 0x08, "delivery_ack", "A delivery acknowledgement";
    MANUAL_ACK = 0x10, "manual_ack", "A manual/user acknowledgement";
    CONVERSATION_ABORT = 0x18, "conversation_abort", "A conversation abort (Korean CDMA)";
    INTERMEDIATE_NOTIFICATION = 0x20, "intermediate_notification", "An intermediate delivery notification";
    UDHI = 0x40, "udhi", "UDHI: the message starts with a User Data Header";
    REPLY_PATH = 0x80, "reply_path", "Set reply path (GSM)";
}

impl EsmClass {
    const MODE_MASK: u8 = 0x03;
    const TYPE_MASK: u8 = 0x3C;

    /// Bits 1-0.
    pub const fn messaging_mode(self) -> MessagingMode {
        MessagingMode(self.0 & Self::MODE_MASK)
    }

    /// Bits 5-2 (the other bits clear).
    pub const fn message_type(self) -> MessageType {
        MessageType(self.0 & Self::TYPE_MASK)
    }

    /// Bit 6, UDHI: the message starts with a User Data Header.
    pub const fn udhi(self) -> bool {
        self.0 & Self::UDHI.0 != 0
    }

    /// Bit 7: set reply path.
    pub const fn reply_path(self) -> bool {
        self.0 & Self::REPLY_PATH.0 != 0
    }

    /// The message is an SMSC delivery receipt (message type 0x04).
    pub const fn is_delivery_receipt(self) -> bool {
        self.0 & Self::TYPE_MASK == MessageType::SMSC_DELIVERY_RECEIPT.0
    }

    /// The message is an intermediate delivery notification (message type 0x20).
    pub const fn is_intermediate_notification(self) -> bool {
        self.0 & Self::TYPE_MASK == MessageType::INTERMEDIATE_NOTIFICATION.0
    }

    /// The message reports on an earlier one: an SMSC delivery receipt (0x04) or an
    /// intermediate delivery notification (0x20), the two message types a receipt comes as
    /// (SMPP 3.4 §5.2.12). UDHI and the other bits do not matter.
    ///
    /// ```
    /// use smpp::EsmClass;
    /// assert!(EsmClass(0x04).is_receipt());
    /// assert!(EsmClass(0x44).is_receipt()); // UDHI + receipt
    /// assert!(EsmClass(0x20).is_receipt());
    /// assert!(!EsmClass(0x08).is_receipt()); // SME delivery acknowledgement
    /// assert!(!EsmClass(0x00).is_receipt());
    /// ```
    pub const fn is_receipt(self) -> bool {
        self.is_delivery_receipt() || self.is_intermediate_notification()
    }

    /// The message is an SME delivery or manual/user acknowledgement (0x08, 0x10).
    pub const fn is_ack(self) -> bool {
        matches!(
            MessageType(self.0 & Self::TYPE_MASK),
            MessageType::DELIVERY_ACK | MessageType::MANUAL_ACK
        )
    }

    /// The same octet with this messaging mode.
    pub const fn with_messaging_mode(self, mode: MessagingMode) -> Self {
        Self((self.0 & !Self::MODE_MASK) | (mode.0 & Self::MODE_MASK))
    }

    /// The same octet with this message type.
    pub const fn with_message_type(self, t: MessageType) -> Self {
        Self((self.0 & !Self::TYPE_MASK) | (t.0 & Self::TYPE_MASK))
    }

    /// The same octet with UDHI set or clear.
    pub const fn with_udhi(self, on: bool) -> Self {
        if on {
            Self(self.0 | Self::UDHI.0)
        } else {
            Self(self.0 & !Self::UDHI.0)
        }
    }

    /// The same octet with reply path set or clear.
    pub const fn with_reply_path(self, on: bool) -> Self {
        if on {
            Self(self.0 | Self::REPLY_PATH.0)
        } else {
            Self(self.0 & !Self::REPLY_PATH.0)
        }
    }
}

impl fmt::Display for EsmClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}+{}", self.messaging_mode(), self.message_type())?;
        if self.udhi() {
            f.write_str("+udhi")?;
        }
        if self.reply_path() {
            f.write_str("+reply_path")?;
        }
        Ok(())
    }
}

impl fmt::Debug for EsmClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EsmClass({:#04x}: {self})", self.0)
    }
}

wire_codes! {
    /// `registered_delivery` bits 1-0, the SMSC delivery receipt asked for (v3.4 §5.2.17;
    /// v5.0 adds 3, a receipt on success only).
    pub struct SmscReceipt(u8);
    NONE = 0, "no_receipt", "No SMSC delivery receipt requested";
    SUCCESS_OR_FAILURE = 1, "receipt_on_success_or_failure", "SMSC delivery receipt requested on final delivery outcome, success or failure";
    FAILURE = 2, "receipt_on_failure", "SMSC delivery receipt requested on delivery failure";
    SUCCESS = 3, "receipt_on_success", "SMSC delivery receipt requested on delivery success (v5.0)";
}

wire_codes! {
    /// `registered_delivery` bits 3-2, the SME originated acknowledgement asked for, as
    /// the octet's value with the other bits clear (v3.4 §5.2.17).
    pub struct SmeAck(u8);
    NONE = 0x00, "no_sme_ack", "No recipient SME acknowledgement requested";
    DELIVERY = 0x04, "sme_delivery_ack", "SME delivery acknowledgement requested";
    MANUAL = 0x08, "sme_manual_ack", "SME manual/user acknowledgement requested";
    BOTH = 0x0C, "sme_delivery_and_manual_ack", "Both delivery and manual/user acknowledgements requested";
}

wire_codes! {
    @bits
    /// `registered_delivery` (v3.4 §5.2.17): the SMSC delivery receipt (bits 1-0), SME
    /// acknowledgements (bits 3-2) and the intermediate notification (bit 4) asked for.
    /// Bits 7-5 are reserved ([`validate`](crate::validate) reports them).
    ///
    /// `Display` names each part (`receipt_on_success_or_failure+no_sme_ack`).
    pub struct RegisteredDelivery(u8);
    NONE = 0x00, "none", "Nothing requested";
    SUCCESS_OR_FAILURE = 0x01, "receipt_on_success_or_failure", "SMSC delivery receipt on success or failure";
    FAILURE = 0x02, "receipt_on_failure", "SMSC delivery receipt on failure";
    SUCCESS = 0x03, "receipt_on_success", "SMSC delivery receipt on success (v5.0)";
    SME_DELIVERY_ACK = 0x04, "sme_delivery_ack", "SME delivery acknowledgement";
    SME_MANUAL_ACK = 0x08, "sme_manual_ack", "SME manual/user acknowledgement";
    INTERMEDIATE_NOTIFICATION = 0x10, "intermediate_notification", "Intermediate notification";
}

impl RegisteredDelivery {
    /// Bits 1-0.
    pub const fn smsc_receipt(self) -> SmscReceipt {
        SmscReceipt(self.0 & 0x03)
    }

    /// Bits 3-2 (the other bits clear).
    pub const fn sme_ack(self) -> SmeAck {
        SmeAck(self.0 & 0x0C)
    }

    /// Bit 4: an intermediate notification is requested.
    pub const fn intermediate_notification(self) -> bool {
        self.0 & 0x10 != 0
    }

    /// Whether any SMSC delivery receipt is requested (bits 1-0 not 0).
    pub const fn wants_receipt(self) -> bool {
        self.0 & 0x03 != 0
    }

    /// The same octet with this SMSC receipt request.
    pub const fn with_smsc_receipt(self, r: SmscReceipt) -> Self {
        Self((self.0 & !0x03) | (r.0 & 0x03))
    }

    /// The same octet with this SME acknowledgement request.
    pub const fn with_sme_ack(self, a: SmeAck) -> Self {
        Self((self.0 & !0x0C) | (a.0 & 0x0C))
    }

    /// The same octet with the intermediate notification bit set or clear.
    pub const fn with_intermediate_notification(self, on: bool) -> Self {
        if on {
            Self(self.0 | 0x10)
        } else {
            Self(self.0 & !0x10)
        }
    }
}

impl fmt::Display for RegisteredDelivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}+{}", self.smsc_receipt(), self.sme_ack())?;
        if self.intermediate_notification() {
            f.write_str("+intermediate_notification")?;
        }
        if self.0 & 0xE0 != 0 {
            write!(f, "+reserved({:#04x})", self.0 & 0xE0)?;
        }
        Ok(())
    }
}

impl fmt::Debug for RegisteredDelivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RegisteredDelivery({:#04x}: {self})", self.0)
    }
}

wire_codes! {
    /// `priority_flag` (v3.4 §5.2.14: 0–3; v5.0 §4.7.19: 0–4). What a level means is the
    /// network's: GSM has 0 non-priority and 1–3 priority; ANSI-136 and IS-95 name them bulk,
    /// normal, urgent, very urgent (and v5.0's 4, emergency, for IS-95).
    pub struct PriorityFlag(u8);
    LEVEL_0 = 0, "level_0", "Level 0 (lowest priority)";
    LEVEL_1 = 1, "level_1", "Level 1";
    LEVEL_2 = 2, "level_2", "Level 2";
    LEVEL_3 = 3, "level_3", "Level 3 (highest priority in v3.4)";
    LEVEL_4 = 4, "level_4", "Level 4 (v5.0; IS-95 emergency)";
}

wire_codes! {
    /// `data_coding` (v3.4 §5.2.19): the SMPP table for 0x00–0x0E, and above it the GSM
    /// data coding scheme of TS 23.038 §4 the SMSC passes through (message class, message
    /// waiting groups). Read it with [`charset`](Self::charset) (the character set to
    /// decode with) and [`gsm_dcs`](Self::gsm_dcs) (the TS 23.038 coding group, class and
    /// compression).
    pub struct DataCoding(u8);
    SMSC_DEFAULT = 0x00, "smsc_default", "SMSC default alphabet (GSM 7 bit on most SMSCs)";
    IA5 = 0x01, "ia5", "IA5 (CCITT T.50)/ASCII (ANSI X3.4)";
    OCTET_UNSPECIFIED = 0x02, "octet_unspecified", "Octet unspecified (8-bit binary)";
    LATIN1 = 0x03, "latin1", "Latin 1 (ISO-8859-1)";
    BINARY = 0x04, "binary", "Octet unspecified (8-bit binary), the GSM 8-bit data coding";
    JIS = 0x05, "jis", "JIS (X 0208-1990)";
    CYRILLIC = 0x06, "cyrillic", "Cyrillic (ISO-8859-5)";
    LATIN_HEBREW = 0x07, "latin_hebrew", "Latin/Hebrew (ISO-8859-8)";
    UCS2 = 0x08, "ucs2", "UCS2 (ISO/IEC-10646)";
    PICTOGRAM = 0x09, "pictogram", "Pictogram Encoding";
    ISO_2022_JP = 0x0A, "iso_2022_jp", "ISO-2022-JP (Music Codes)";
    EXTENDED_KANJI_JIS = 0x0D, "extended_kanji_jis", "Extended Kanji JIS (X 0212-1990)";
    KS_C_5601 = 0x0E, "ks_c_5601", "KS C 5601";
}

impl DataCoding {
    /// The octet read as the GSM data coding scheme (TS 23.038 §4). It means what the SMPP
    /// table says only where the two agree (0x00 GSM 7 bit, 0x04 8-bit, 0x08 UCS2) and for
    /// the GSM values at and above 0x10 that SMSCs pass through; `None` for 0x01–0x0F but
    /// those three, whose SMPP meaning differs.
    pub const fn gsm_dcs(self) -> Option<DataCodingScheme> {
        match self.0 {
            0x00 | 0x04 | 0x08 | 0x10.. => Some(DataCodingScheme(self.0)),
            _ => None,
        }
    }

    /// The message class (TS 23.038 §4), when the GSM reading gives one.
    pub fn message_class(self) -> Option<MessageClass> {
        self.gsm_dcs().and_then(DataCodingScheme::class)
    }

    /// Whether the GSM reading says the text is compressed (TS 23.042).
    pub fn is_compressed(self) -> bool {
        self.gsm_dcs().is_some_and(DataCodingScheme::is_compressed)
    }

    /// The character set to decode the message with: the SMPP table (0x00 taken as GSM 7
    /// bit unpacked, as most SMSCs do), then the GSM groups SMSCs pass through: general
    /// data coding with the GSM 7 bit or UCS2 alphabet, message waiting (0xC0–0xDF GSM 7
    /// bit, 0xE0–0xEF UCS2) and 0xF0–0xFF with bit 2 clear (GSM 7 bit). `None` for binary,
    /// compressed and unsupported values.
    pub fn charset(self) -> Option<Charset> {
        if self.0 < 0x10 {
            return Charset::from_data_coding(self.0).ok();
        }
        let dcs = self.gsm_dcs()?;
        if dcs.is_compressed() {
            return None;
        }
        match dcs.coding_group() {
            CodingGroup::General { alphabet, .. }
            | CodingGroup::MessageWaiting { alphabet, .. }
            | CodingGroup::DataCodingMessageClass { alphabet, .. } => match alphabet {
                gsm7::Alphabet::Gsm7 => Some(Charset::Gsm7Unpacked(Tables::DEFAULT)),
                gsm7::Alphabet::Ucs2 => Some(Charset::Ucs2),
                _ => None,
            },
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    // v3.4 §5.2.12 table: xxxxxx11 store and forward, xx0001xx SMSC delivery receipt,
    // 01xxxxxx UDHI, 10xxxxxx reply path.
    #[test]
    fn accepts_esm_class_parts() {
        let e = EsmClass(0xC7);
        assert_eq!(e.messaging_mode(), MessagingMode::STORE_AND_FORWARD);
        assert_eq!(e.message_type(), MessageType::SMSC_DELIVERY_RECEIPT);
        assert!(e.udhi() && e.reply_path() && e.is_delivery_receipt());
        assert_eq!(
            e.to_string(),
            "store_and_forward+smsc_delivery_receipt+udhi+reply_path"
        );
        assert_eq!(
            EsmClass::DEFAULT
                .with_messaging_mode(MessagingMode::STORE_AND_FORWARD)
                .with_message_type(MessageType::SMSC_DELIVERY_RECEIPT)
                .with_udhi(true)
                .with_reply_path(true),
            e
        );
        assert_eq!(e.with_udhi(false).0, 0x87);
        // xx1000xx: intermediate delivery notification; xx0010xx / xx0100xx: acks.
        assert!(EsmClass(0x20).is_intermediate_notification());
        assert!(EsmClass(0x08).is_ack() && EsmClass(0x10).is_ack());
        // Unknown message type 0x3C still round-trips and prints its value.
        assert_eq!(EsmClass(0x3C).message_type().name(), None);
        assert_eq!(EsmClass(0x3C).to_string(), "default_mode+0x3c");
    }

    // v3.4 §5.2.17: xxxxxx01 receipt on success or failure, xxxx01xx SME delivery ack,
    // xxx1xxxx intermediate notification; v5.0 §4.7.21: xxxxxx11 receipt on success.
    #[test]
    fn accepts_registered_delivery_parts() {
        let r = RegisteredDelivery(0x15);
        assert_eq!(r.smsc_receipt(), SmscReceipt::SUCCESS_OR_FAILURE);
        assert_eq!(r.sme_ack(), SmeAck::DELIVERY);
        assert!(r.intermediate_notification() && r.wants_receipt());
        assert_eq!(
            r.to_string(),
            "receipt_on_success_or_failure+sme_delivery_ack+intermediate_notification"
        );
        assert_eq!(
            RegisteredDelivery::NONE
                .with_smsc_receipt(SmscReceipt::SUCCESS_OR_FAILURE)
                .with_sme_ack(SmeAck::DELIVERY)
                .with_intermediate_notification(true),
            r
        );
        assert_eq!(RegisteredDelivery(3).smsc_receipt(), SmscReceipt::SUCCESS);
        assert!(!RegisteredDelivery(0x0C).wants_receipt());
        assert_eq!(
            RegisteredDelivery(0x20).to_string(),
            "no_receipt+no_sme_ack+reserved(0x20)"
        );
    }

    // v3.4 §5.2.19 table and TS 23.038 §4 coding groups.
    #[test]
    fn accepts_data_coding_readings() {
        assert_eq!(DataCoding(0x03).name(), Some("latin1"));
        assert_eq!(DataCoding(0x03).to_string(), "latin1");
        assert_eq!(DataCoding(0xF5).to_string(), "0xf5");
        assert_eq!(
            DataCoding::SMSC_DEFAULT.charset(),
            Some(Charset::Gsm7Unpacked(Tables::DEFAULT))
        );
        assert_eq!(DataCoding::UCS2.charset(), Some(Charset::Ucs2));
        assert_eq!(DataCoding::BINARY.charset(), None);
        // 0x01 is IA5 in SMPP, not a GSM class: no GSM reading.
        assert_eq!(DataCoding::IA5.gsm_dcs(), None);
        // 0x11: general data coding, GSM 7 bit, class 1; 0x18: UCS2 class 0.
        assert_eq!(DataCoding(0x11).message_class(), Some(MessageClass::Class1));
        assert_eq!(DataCoding(0x18).charset(), Some(Charset::Ucs2));
        // 0xF0: class 0 ("flash") GSM 7 bit; 0xF4 8-bit data.
        assert_eq!(DataCoding(0xF0).message_class(), Some(MessageClass::Class0));
        assert!(DataCoding(0xF0).charset().is_some());
        assert_eq!(DataCoding(0xF4).charset(), None);
        // 0xC8: message waiting, discard, GSM 7 bit; 0xE0: store, UCS2.
        assert!(DataCoding(0xC8).charset().is_some());
        assert_eq!(DataCoding(0xE0).charset(), Some(Charset::Ucs2));
        // 0x20: compressed.
        assert!(DataCoding(0x20).is_compressed());
        assert_eq!(DataCoding(0x20).charset(), None);
        assert_eq!(PriorityFlag(2).name(), Some("level_2"));
    }
}
