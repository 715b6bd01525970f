//! One-octet TP parameters as open newtypes: TP-PID, TP-ST, TP-FCS, TP-CT.

macro_rules! octet_newtype {
    ($(#[$m:meta])* $name:ident { $($(#[$cm:meta])* $c:ident = $v:expr),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name(pub u8);
        impl $name {
            $($(#[$cm])* pub const $c: Self = Self($v);)*
        }
    };
}

octet_newtype!(
    /// TP-Protocol-Identifier (§9.2.3.9).
    ProtocolIdentifier {
        /// 0x00: plain SME-to-SME.
        DEFAULT = 0x00,
        /// 0x40: Short Message Type 0 (acknowledge, discard).
        TYPE_0 = 0x40,
        /// 0x41: Replace Short Message Type 1.
        REPLACE_TYPE_1 = 0x41,
        /// 0x7F: (U)SIM data download.
        SIM_DATA_DOWNLOAD = 0x7F,
    }
);

octet_newtype!(
    /// TP-Status of an SMS-STATUS-REPORT (§9.2.3.15).
    Status {
        /// 0x00: short message received by the SME.
        RECEIVED = 0x00,
        /// 0x01: forwarded by the SC to the SME, delivery not confirmed.
        FORWARDED_UNCONFIRMED = 0x01,
        /// 0x02: replaced by the SC.
        REPLACED = 0x02,
        /// 0x20: congestion (temporary, SC still trying).
        CONGESTION = 0x20,
        /// 0x41: incompatible destination (permanent).
        INCOMPATIBLE_DESTINATION = 0x41,
        /// 0x46: validity period expired (permanent).
        VALIDITY_PERIOD_EXPIRED = 0x46,
    }
);

/// What a TP-Status says (§9.2.3.15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatusCategory {
    /// 0x00–0x1F: short message transaction completed.
    Completed,
    /// 0x20–0x3F: temporary error, SC still trying to transfer the message.
    TemporaryTrying,
    /// 0x40–0x5F: permanent error, SC is not making any more transfer attempts.
    Permanent,
    /// 0x60–0x7F: temporary error, SC is not making any more transfer attempts.
    TemporaryNotTrying,
    /// 0x80–0xFF: reserved (bit 7 is reserved).
    Reserved,
}

impl Status {
    /// The category of the value.
    pub fn category(self) -> StatusCategory {
        match self.0 {
            0x00..=0x1F => StatusCategory::Completed,
            0x20..=0x3F => StatusCategory::TemporaryTrying,
            0x40..=0x5F => StatusCategory::Permanent,
            0x60..=0x7F => StatusCategory::TemporaryNotTrying,
            _ => StatusCategory::Reserved,
        }
    }

    /// Whether the value is specific to the SC (0x10–0x1F, 0x30–0x3F, 0x50–0x5F, 0x70–0x7F).
    pub fn is_sc_specific(self) -> bool {
        self.0 < 0x80 && self.0 & 0x10 != 0
    }

    /// Whether no further status report is to be expected for the message.
    pub fn is_final(self) -> bool {
        !matches!(self.category(), StatusCategory::TemporaryTrying)
    }

    /// The category's name: `completed`, `temporary`, `permanent`, `temporary-final`,
    /// `reserved`.
    pub fn meaning(self) -> &'static str {
        match self.category() {
            StatusCategory::Completed => "completed",
            StatusCategory::TemporaryTrying => "temporary",
            StatusCategory::Permanent => "permanent",
            StatusCategory::TemporaryNotTrying => "temporary-final",
            StatusCategory::Reserved => "reserved",
        }
    }
}

octet_newtype!(
    /// TP-Failure-Cause of the RP-ERROR reports (§9.2.3.22); values 0x80–0xFF.
    FailureCause {
        /// 0x80: telematic interworking not supported.
        TELEMATIC_INTERWORKING_NOT_SUPPORTED = 0x80,
        /// 0x8F: TP-PID error, unspecified.
        PID_UNSPECIFIED = 0x8F,
        /// 0x9F: TP-DCS error, unspecified.
        DCS_UNSPECIFIED = 0x9F,
        /// 0xC0: SC busy.
        SC_BUSY = 0xC0,
        /// 0xD0: (U)SIM SMS storage full.
        SIM_STORAGE_FULL = 0xD0,
        /// 0xD2: error in MS.
        ERROR_IN_MS = 0xD2,
        /// 0xD3: memory capacity exceeded.
        MEMORY_CAPACITY_EXCEEDED = 0xD3,
        /// 0xFF: unspecified error cause.
        UNSPECIFIED = 0xFF,
    }
);

octet_newtype!(
    /// TP-Command-Type of an SMS-COMMAND (§9.2.3.19).
    CommandType {
        /// 0x00: enquiry relating to a previously submitted short message.
        ENQUIRY = 0x00,
        /// 0x01: cancel status report request.
        CANCEL_STATUS_REPORT = 0x01,
        /// 0x02: delete previously submitted short message.
        DELETE = 0x02,
        /// 0x03: enable status report request.
        ENABLE_STATUS_REPORT = 0x03,
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    // §9.2.3.15 ranges; mmcli status-report vector with TP-ST 0x30 (SC specific, temporary).
    #[test]
    fn accepts_status_categories() {
        assert_eq!(Status(0x00).category(), StatusCategory::Completed);
        assert_eq!(Status(0x30).category(), StatusCategory::TemporaryTrying);
        assert!(Status(0x30).is_sc_specific());
        assert!(!Status(0x30).is_final());
        assert_eq!(Status(0x46).meaning(), "permanent");
        assert_eq!(Status(0x62).category(), StatusCategory::TemporaryNotTrying);
        assert_eq!(Status(0x80).category(), StatusCategory::Reserved);
    }
}
