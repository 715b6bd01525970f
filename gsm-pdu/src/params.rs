//! One-octet TP parameters as open newtypes: TP-PID, TP-ST, TP-FCS, TP-CT.

use gsm7::wire_codes;

wire_codes!(
    @octet
    /// TP-Protocol-Identifier (§9.2.3.9). Open newtype: every value round-trips.
    pub struct ProtocolIdentifier(u8);
    DEFAULT = 0x00, "default", "no telematic interworking, plain SME-to-SME protocol";
    TELEX = 0x21, "telex", "telematic interworking: telex (or teletex reduced to telex format)";
    GROUP_3_TELEFAX = 0x22, "group-3-telefax", "telematic interworking: group 3 telefax";
    INTERNET_EMAIL = 0x32, "internet-email", "telematic interworking: Internet Electronic Mail";
    TYPE_0 = 0x40, "type-0", "Short Message Type 0 (acknowledge, then discard)";
    REPLACE_TYPE_1 = 0x41, "replace-type-1", "Replace Short Message Type 1";
    REPLACE_TYPE_2 = 0x42, "replace-type-2", "Replace Short Message Type 2";
    REPLACE_TYPE_3 = 0x43, "replace-type-3", "Replace Short Message Type 3";
    REPLACE_TYPE_4 = 0x44, "replace-type-4", "Replace Short Message Type 4";
    REPLACE_TYPE_5 = 0x45, "replace-type-5", "Replace Short Message Type 5";
    REPLACE_TYPE_6 = 0x46, "replace-type-6", "Replace Short Message Type 6";
    REPLACE_TYPE_7 = 0x47, "replace-type-7", "Replace Short Message Type 7";
    DEVICE_TRIGGERING = 0x5D, "device-triggering", "Device Triggering Short Message";
    RETURN_CALL = 0x5F, "return-call", "Return Call Message";
    ANSI_136_R_DATA = 0x7C, "ansi-136-r-data", "ANSI-136 R-DATA";
    ME_DATA_DOWNLOAD = 0x7D, "me-data-download", "ME Data download";
    ME_DEPERSONALIZATION = 0x7E, "me-depersonalization", "ME De-personalization Short Message";
    SIM_DATA_DOWNLOAD = 0x7F, "sim-data-download", "(U)SIM Data download";
);

wire_codes!(
    @octet
    /// TP-Status of an SMS-STATUS-REPORT (§9.2.3.15). Open newtype: reserved and
    /// SC-specific values round-trip; [`category`](Self::category) classifies any value.
    pub struct Status(u8);
    RECEIVED = 0x00, "received", "short message received by the SME";
    FORWARDED_UNCONFIRMED = 0x01, "forwarded-unconfirmed", "short message forwarded by the SC to the SME but the SC is unable to confirm delivery";
    REPLACED = 0x02, "replaced", "short message replaced by the SC";
    CONGESTION = 0x20, "congestion", "temporary error, SC still trying: congestion";
    SME_BUSY = 0x21, "sme-busy", "temporary error, SC still trying: SME busy";
    NO_RESPONSE = 0x22, "no-response", "temporary error, SC still trying: no response from SME";
    SERVICE_REJECTED = 0x23, "service-rejected", "temporary error, SC still trying: service rejected";
    QOS_NOT_AVAILABLE = 0x24, "qos-not-available", "temporary error, SC still trying: quality of service not available";
    ERROR_IN_SME = 0x25, "error-in-sme", "temporary error, SC still trying: error in SME";
    REMOTE_PROCEDURE_ERROR = 0x40, "remote-procedure-error", "permanent error: remote procedure error";
    INCOMPATIBLE_DESTINATION = 0x41, "incompatible-destination", "permanent error: incompatible destination";
    CONNECTION_REJECTED = 0x42, "connection-rejected", "permanent error: connection rejected by SME";
    NOT_OBTAINABLE = 0x43, "not-obtainable", "permanent error: not obtainable";
    QOS_NOT_AVAILABLE_PERMANENT = 0x44, "qos-not-available-permanent", "permanent error: quality of service not available";
    NO_INTERWORKING = 0x45, "no-interworking", "permanent error: no interworking available";
    VALIDITY_PERIOD_EXPIRED = 0x46, "validity-period-expired", "permanent error: SM validity period expired";
    DELETED_BY_ORIGINATOR = 0x47, "deleted-by-originator", "permanent error: SM deleted by originating SME";
    DELETED_BY_SC = 0x48, "deleted-by-sc", "permanent error: SM deleted by SC administration";
    DOES_NOT_EXIST = 0x49, "does-not-exist", "permanent error: SM does not exist";
    CONGESTION_FINAL = 0x60, "congestion-final", "temporary error, SC not making more attempts: congestion";
    SME_BUSY_FINAL = 0x61, "sme-busy-final", "temporary error, SC not making more attempts: SME busy";
    NO_RESPONSE_FINAL = 0x62, "no-response-final", "temporary error, SC not making more attempts: no response from SME";
    SERVICE_REJECTED_FINAL = 0x63, "service-rejected-final", "temporary error, SC not making more attempts: service rejected";
    QOS_NOT_AVAILABLE_FINAL = 0x64, "qos-not-available-final", "temporary error, SC not making more attempts: quality of service not available";
    ERROR_IN_SME_FINAL = 0x65, "error-in-sme-final", "temporary error, SC not making more attempts: error in SME";
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

wire_codes!(
    @octet
    /// TP-Failure-Cause of the RP-ERROR reports (§9.2.3.22); values 0x80–0xFF.
    pub struct FailureCause(u8);
    TELEMATIC_INTERWORKING_NOT_SUPPORTED = 0x80, "telematic-interworking-not-supported", "telematic interworking not supported";
    TYPE_0_NOT_SUPPORTED = 0x81, "type-0-not-supported", "short message Type 0 not supported";
    CANNOT_REPLACE = 0x82, "cannot-replace", "cannot replace short message";
    PID_UNSPECIFIED = 0x8F, "pid-unspecified", "unspecified TP-PID error";
    DCS_NOT_SUPPORTED = 0x90, "dcs-not-supported", "data coding scheme (alphabet) not supported";
    CLASS_NOT_SUPPORTED = 0x91, "class-not-supported", "message class not supported";
    DCS_UNSPECIFIED = 0x9F, "dcs-unspecified", "unspecified TP-DCS error";
    COMMAND_CANNOT_BE_ACTIONED = 0xA0, "command-cannot-be-actioned", "command cannot be actioned";
    COMMAND_UNSUPPORTED = 0xA1, "command-unsupported", "command unsupported";
    COMMAND_UNSPECIFIED = 0xAF, "command-unspecified", "unspecified TP-Command error";
    TPDU_NOT_SUPPORTED = 0xB0, "tpdu-not-supported", "TPDU not supported";
    SC_BUSY = 0xC0, "sc-busy", "SC busy";
    NO_SC_SUBSCRIPTION = 0xC1, "no-sc-subscription", "no SC subscription";
    SC_SYSTEM_FAILURE = 0xC2, "sc-system-failure", "SC system failure";
    INVALID_SME_ADDRESS = 0xC3, "invalid-sme-address", "invalid SME address";
    DESTINATION_SME_BARRED = 0xC4, "destination-sme-barred", "destination SME barred";
    DUPLICATE_REJECTED = 0xC5, "duplicate-rejected", "SM rejected: duplicate SM";
    VPF_NOT_SUPPORTED = 0xC6, "vpf-not-supported", "TP-VPF not supported";
    VP_NOT_SUPPORTED = 0xC7, "vp-not-supported", "TP-VP not supported";
    SIM_STORAGE_FULL = 0xD0, "sim-storage-full", "(U)SIM SMS storage full";
    NO_SIM_STORAGE = 0xD1, "no-sim-storage", "no SMS storage capability in (U)SIM";
    ERROR_IN_MS = 0xD2, "error-in-ms", "error in MS";
    MEMORY_CAPACITY_EXCEEDED = 0xD3, "memory-capacity-exceeded", "memory capacity exceeded";
    SIM_TOOLKIT_BUSY = 0xD4, "sim-toolkit-busy", "(U)SIM Application Toolkit busy";
    SIM_DATA_DOWNLOAD_ERROR = 0xD5, "sim-data-download-error", "(U)SIM data download error";
    UNSPECIFIED = 0xFF, "unspecified", "unspecified error cause";
);

wire_codes!(
    @octet
    /// TP-Command-Type of an SMS-COMMAND (§9.2.3.19).
    pub struct CommandType(u8);
    ENQUIRY = 0x00, "enquiry", "enquiry relating to a previously submitted short message";
    CANCEL_STATUS_REPORT = 0x01, "cancel-status-report", "cancel status report request relating to a previously submitted short message";
    DELETE = 0x02, "delete", "delete previously submitted short message";
    ENABLE_STATUS_REPORT = 0x03, "enable-status-report", "enable status report request relating to a previously submitted short message";
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
