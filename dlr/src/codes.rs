//! The wire codes a receipt carries besides its state (which is `smpp`'s `MessageState`):
//! open newtypes over the octet, each from one table of the family's one wire-code macro
//! (`gsm7::wire_codes!`, as `smpp`'s and `gsm-pdu`'s codes). SMSCs send values no spec
//! lists, so none is a closed enum: an unknown value keeps its octet, `name()` says `None`
//! and `Display` prints it in hex.

use gsm7::wire_codes;

wire_codes! {
    @octet
    /// The network type octet of the `network_error_code` TLV (SMPP 3.4 §5.3.2.31): which
    /// network's error table the 2-octet code is from.
    pub struct NetworkType(u8);
    ANSI_136_ACCESS_DENIED = 1, "ANSI 136 Access Denied Reason";
    IS_95_ACCESS_DENIED = 2, "IS 95 Access Denied Reason";
    GSM = 3, "GSM";
    ANSI_136_CAUSE = 4, "ANSI 136 Cause Code";
    IS_95_CAUSE = 5, "IS 95 Cause Code";
    ANSI_41 = 6, "ANSI-41 Error";
    SMPP = 7, "SMPP Error";
    MESSAGE_CENTER = 8, "Message Center Specific";
}

wire_codes! {
    @octet
    /// The `delivery_failure_reason` TLV (SMPP 3.4 §5.3.2.33): why a delivery failed.
    pub struct DeliveryFailureReason(u8);
    DESTINATION_UNAVAILABLE = 0, "Destination unavailable";
    DESTINATION_ADDRESS_INVALID = 1, "Destination Address Invalid";
    PERMANENT_NETWORK_ERROR = 2, "Permanent network error";
    TEMPORARY_NETWORK_ERROR = 3, "Temporary network error";
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    // SMPP 3.4 §5.3.2.31 network types 1–8 and §5.3.2.33 reasons 0–3: each named, read back
    // by name; an unknown value keeps its octet and prints in hex.
    #[test]
    fn roundtrip_names_and_unknown_values() {
        for code in NetworkType::ALL {
            assert_eq!(NetworkType::from_name(code.name().unwrap()), Some(*code));
        }
        for code in DeliveryFailureReason::ALL {
            assert_eq!(
                DeliveryFailureReason::from_name(code.name().unwrap()),
                Some(*code)
            );
        }
        assert_eq!(NetworkType::ALL.len(), 8);
        assert_eq!(NetworkType(3).to_string(), "GSM");
        assert_eq!(NetworkType(0x42).to_string(), "0x42");
        assert_eq!(format!("{:?}", NetworkType(0x42)), "NetworkType(0x42)");
        assert_eq!(
            DeliveryFailureReason(2).name(),
            Some("Permanent network error")
        );
        assert_eq!(u8::from(DeliveryFailureReason(9)), 9);
    }
}
