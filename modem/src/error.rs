//! Errors a modem reports (`+CMS ERROR`, `+CME ERROR`, `ERROR`), their retry classes, and the
//! errors of this crate's API.
//!
//! `+CMS ERROR: <err>` codes are listed in 3GPP TS 27.005 §3.2.5, `+CME ERROR: <err>` codes in
//! TS 27.007 §9.2. With `AT+CMEE=1` modems send the number, with `AT+CMEE=2` the verbose text;
//! both are mapped to the same open newtype, so a vendor code or an unknown text survives.

use core::fmt;

/// What a caller should do after a failed command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryClass {
    /// A passing condition (SIM busy, network timeout, memory busy): retry the same command
    /// after a short pause.
    Transient,
    /// The modem lost its state (SIM not inserted, PIN needed, phone failure): re-initialise,
    /// then retry.
    Reinitialise,
    /// The request itself is wrong or refused (unknown number, barred, invalid PDU): retrying
    /// the same request gives the same answer.
    Permanent,
}

macro_rules! error_codes {
    ($(#[$meta:meta])* $name:ident, $($code:literal $konst:ident $class:ident $text:literal;)*) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u16);

        impl $name {
            $(
                #[doc = $text]
                pub const $konst: Self = Self($code);
            )*

            /// The spec's text for a known code.
            pub fn description(self) -> Option<&'static str> {
                match self.0 {
                    $($code => Some($text),)*
                    _ => None,
                }
            }

            /// The code of a verbose (`AT+CMEE=2`) text, compared without case.
            pub fn from_text(text: &str) -> Option<Self> {
                let text = text.trim();
                $(
                    if text.eq_ignore_ascii_case($text) {
                        return Some(Self($code));
                    }
                )*
                None
            }

            /// What to do after this error.
            pub fn retry_class(self) -> RetryClass {
                match self.0 {
                    $($code => RetryClass::$class,)*
                    _ => Self::unknown_class(self.0),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.description() {
                    Some(text) => write!(f, "{} ({text})", self.0),
                    None => write!(f, "{}", self.0),
                }
            }
        }
    };
}

error_codes! {
    /// A `+CMS ERROR` code (TS 27.005 §3.2.5; 1–127 from TS 24.011 RP-cause, 128–255 from TS
    /// 23.040 TP-FCS, 300–511 from the ME).
    CmsError,
    1 UNASSIGNED_NUMBER Permanent "Unassigned (unallocated) number";
    8 OPERATOR_BARRING Permanent "Operator determined barring";
    10 CALL_BARRED Permanent "Call barred";
    21 SM_TRANSFER_REJECTED Permanent "Short message transfer rejected";
    27 DESTINATION_OUT_OF_SERVICE Transient "Destination out of service";
    28 UNIDENTIFIED_SUBSCRIBER Permanent "Unidentified subscriber";
    29 FACILITY_REJECTED Permanent "Facility rejected";
    30 UNKNOWN_SUBSCRIBER Permanent "Unknown subscriber";
    38 NETWORK_OUT_OF_ORDER Transient "Network out of order";
    41 TEMPORARY_FAILURE Transient "Temporary failure";
    42 CONGESTION Transient "Congestion";
    47 RESOURCES_UNAVAILABLE Transient "Resources unavailable, unspecified";
    50 FACILITY_NOT_SUBSCRIBED Permanent "Requested facility not subscribed";
    69 FACILITY_NOT_IMPLEMENTED Permanent "Requested facility not implemented";
    81 INVALID_REFERENCE Permanent "Invalid short message transfer reference value";
    95 INVALID_MESSAGE Permanent "Invalid message, unspecified";
    96 INVALID_MANDATORY_INFORMATION Permanent "Invalid mandatory information";
    97 MESSAGE_TYPE_NONEXISTENT Permanent "Message type non-existent or not implemented";
    98 MESSAGE_NOT_COMPATIBLE Permanent "Message not compatible with short message protocol state";
    99 IE_NONEXISTENT Permanent "Information element non-existent or not implemented";
    111 PROTOCOL_ERROR Permanent "Protocol error, unspecified";
    127 INTERWORKING Permanent "Interworking, unspecified";
    128 TELEMATIC_INTERWORKING_NOT_SUPPORTED Permanent "Telematic interworking not supported";
    129 SM_TYPE_0_NOT_SUPPORTED Permanent "Short message Type 0 not supported";
    130 CANNOT_REPLACE Permanent "Cannot replace short message";
    143 UNSPECIFIED_TP_PID Permanent "Unspecified TP-PID error";
    144 DCS_NOT_SUPPORTED Permanent "Data coding scheme (alphabet) not supported";
    145 MESSAGE_CLASS_NOT_SUPPORTED Permanent "Message class not supported";
    159 UNSPECIFIED_TP_DCS Permanent "Unspecified TP-DCS error";
    160 COMMAND_CANNOT_BE_ACTIONED Permanent "Command cannot be actioned";
    161 COMMAND_UNSUPPORTED Permanent "Command unsupported";
    175 UNSPECIFIED_TP_COMMAND Permanent "Unspecified TP-Command error";
    176 TPDU_NOT_SUPPORTED Permanent "TPDU not supported";
    192 SC_BUSY Transient "SC busy";
    193 NO_SC_SUBSCRIPTION Permanent "No SC subscription";
    194 SC_SYSTEM_FAILURE Transient "SC system failure";
    195 INVALID_SME_ADDRESS Permanent "Invalid SME address";
    196 DESTINATION_SME_BARRED Permanent "Destination SME barred";
    197 SM_REJECTED_DUPLICATE Permanent "SM Rejected-Duplicate SM";
    198 TP_VPF_NOT_SUPPORTED Permanent "TP-VPF not supported";
    199 TP_VP_NOT_SUPPORTED Permanent "TP-VP not supported";
    208 SIM_SMS_STORAGE_FULL Transient "(U)SIM SMS storage full";
    209 NO_SMS_STORAGE_IN_SIM Permanent "No SMS storage capability in (U)SIM";
    210 ERROR_IN_MS Transient "Error in MS";
    211 MEMORY_CAPACITY_EXCEEDED Transient "Memory Capacity Exceeded";
    212 SIM_APPLICATION_TOOLKIT_BUSY Transient "(U)SIM Application Toolkit Busy";
    213 SIM_DATA_DOWNLOAD_ERROR Transient "(U)SIM data download error";
    255 UNSPECIFIED_ERROR_CAUSE Transient "Unspecified error cause";
    300 ME_FAILURE Reinitialise "ME failure";
    301 SMS_SERVICE_RESERVED Transient "SMS service of ME reserved";
    302 OPERATION_NOT_ALLOWED Permanent "operation not allowed";
    303 OPERATION_NOT_SUPPORTED Permanent "operation not supported";
    304 INVALID_PDU_MODE_PARAMETER Permanent "invalid PDU mode parameter";
    305 INVALID_TEXT_MODE_PARAMETER Permanent "invalid text mode parameter";
    310 SIM_NOT_INSERTED Reinitialise "(U)SIM not inserted";
    311 SIM_PIN_REQUIRED Reinitialise "(U)SIM PIN required";
    312 PH_SIM_PIN_REQUIRED Reinitialise "PH-(U)SIM PIN required";
    313 SIM_FAILURE Reinitialise "(U)SIM failure";
    314 SIM_BUSY Transient "(U)SIM busy";
    315 SIM_WRONG Reinitialise "(U)SIM wrong";
    316 SIM_PUK_REQUIRED Reinitialise "(U)SIM PUK required";
    317 SIM_PIN2_REQUIRED Reinitialise "(U)SIM PIN2 required";
    318 SIM_PUK2_REQUIRED Reinitialise "(U)SIM PUK2 required";
    320 MEMORY_FAILURE Transient "memory failure";
    321 INVALID_MEMORY_INDEX Permanent "invalid memory index";
    322 MEMORY_FULL Transient "memory full";
    330 SMSC_ADDRESS_UNKNOWN Permanent "SMSC address unknown";
    331 NO_NETWORK_SERVICE Transient "no network service";
    332 NETWORK_TIMEOUT Transient "network timeout";
    340 NO_CNMA_EXPECTED Permanent "no +CNMA acknowledgement expected";
    500 UNKNOWN_ERROR Transient "unknown error";
}

impl CmsError {
    fn unknown_class(code: u16) -> RetryClass {
        // 512..: manufacturer specific. Treat an unknown code as passing so a message is not
        // given up on the first try; the caller's retry budget bounds the attempts.
        if code < 128 {
            RetryClass::Permanent
        } else {
            RetryClass::Transient
        }
    }
}

error_codes! {
    /// A `+CME ERROR` code (TS 27.007 §9.2.1 and §9.2.2).
    CmeError,
    0 PHONE_FAILURE Reinitialise "phone failure";
    1 NO_CONNECTION Transient "no connection to phone";
    3 OPERATION_NOT_ALLOWED Permanent "operation not allowed";
    4 OPERATION_NOT_SUPPORTED Permanent "operation not supported";
    5 PH_SIM_PIN_REQUIRED Reinitialise "PH-SIM PIN required";
    10 SIM_NOT_INSERTED Reinitialise "SIM not inserted";
    11 SIM_PIN_REQUIRED Reinitialise "SIM PIN required";
    12 SIM_PUK_REQUIRED Reinitialise "SIM PUK required";
    13 SIM_FAILURE Reinitialise "SIM failure";
    14 SIM_BUSY Transient "SIM busy";
    15 SIM_WRONG Reinitialise "SIM wrong";
    16 INCORRECT_PASSWORD Permanent "incorrect password";
    17 SIM_PIN2_REQUIRED Reinitialise "SIM PIN2 required";
    18 SIM_PUK2_REQUIRED Reinitialise "SIM PUK2 required";
    20 MEMORY_FULL Transient "memory full";
    21 INVALID_INDEX Permanent "invalid index";
    22 NOT_FOUND Permanent "not found";
    23 MEMORY_FAILURE Transient "memory failure";
    24 TEXT_TOO_LONG Permanent "text string too long";
    25 INVALID_CHARACTERS Permanent "invalid characters in text string";
    26 DIAL_STRING_TOO_LONG Permanent "dial string too long";
    27 INVALID_DIAL_STRING Permanent "invalid characters in dial string";
    30 NO_NETWORK_SERVICE Transient "no network service";
    31 NETWORK_TIMEOUT Transient "network timeout";
    32 EMERGENCY_ONLY Transient "network not allowed - emergency calls only";
    100 UNKNOWN Transient "unknown";
    515 DEVICE_BUSY Transient "device busy";
}

impl CmeError {
    fn unknown_class(_code: u16) -> RetryClass {
        RetryClass::Transient
    }
}

/// The error a final result code reports.
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ModemError {
    /// `ERROR` (or numeric `4`): the command was not accepted, no reason given.
    #[error("ERROR")]
    Error,
    /// `+CMS ERROR: <err>`, a message service failure (TS 27.005 §3.2.5).
    #[error("+CMS ERROR: {0}")]
    Cms(CmsError),
    /// `+CME ERROR: <err>`, an equipment failure (TS 27.007 §9.2).
    #[error("+CME ERROR: {0}")]
    Cme(CmeError),
    /// A `+CMS ERROR` or `+CME ERROR` whose verbose text is not in the tables; kept as sent.
    #[error("{prefix} ERROR: {text}")]
    Unrecognised {
        /// `+CMS` or `+CME`.
        prefix: &'static str,
        /// The text after the colon.
        text: String,
    },
    /// A call-related final result (`NO CARRIER`, `BUSY`, `NO ANSWER`, `NO DIALTONE`) or a
    /// vendor's own error word (`COMMAND NOT SUPPORT`).
    #[error("{0}")]
    Other(String),
    /// No final result code came within the command's timeout.
    #[error("no answer within {0:?}")]
    Timeout(core::time::Duration),
    /// The modem restarted while the command was in flight.
    #[error("the modem restarted during the command")]
    Restarted,
}

impl ModemError {
    /// What to do after this error.
    pub fn retry_class(&self) -> RetryClass {
        match self {
            Self::Cms(c) => c.retry_class(),
            Self::Cme(c) => c.retry_class(),
            Self::Timeout(_) | Self::Restarted => RetryClass::Transient,
            Self::Error | Self::Unrecognised { .. } | Self::Other(_) => RetryClass::Permanent,
        }
    }
}

/// A request the driver refused at the call.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The destination is not a phone number `gsm-pdu` can encode.
    #[error("bad destination number: {0}")]
    Destination(gsm_pdu::EncodeError),
    /// The text cannot be built into SMS-SUBMITs.
    #[error("cannot build the message: {0}")]
    Build(#[from] gsm_pdu::BuildError),
    /// No message with this id awaits an acknowledgement.
    #[error("no received message {0} awaits an acknowledgement")]
    UnknownInbound(u64),
    /// The driver gave up on the modem (PIN needed, PDU mode unsupported).
    #[error("the modem is not usable: {0}")]
    Unusable(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbose_and_numeric_forms_meet() {
        assert_eq!(
            CmsError::from_text("memory full"),
            Some(CmsError::MEMORY_FULL)
        );
        assert_eq!(CmeError::from_text("SIM busy"), Some(CmeError::SIM_BUSY));
        assert_eq!(CmsError(330).to_string(), "330 (SMSC address unknown)");
        assert_eq!(CmsError(999).to_string(), "999");
        assert_eq!(CmsError(999).retry_class(), RetryClass::Transient);
        assert_eq!(CmsError(1).retry_class(), RetryClass::Permanent);
        assert_eq!(CmeError(11).retry_class(), RetryClass::Reinitialise);
    }
}
