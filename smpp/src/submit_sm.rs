//! submit_sm and submit_sm_resp (SMPP v3.4 §4.4, v5.0 §4.2.1).

use crate::field::{pdu_body, short_message_body};
use crate::tlv::Tlvs;
use crate::types::COctetString;

short_message_body! {
    /// The body of submit_sm (v3.4 §4.4.1): one short message for one destination.
    pub struct SubmitSm<'a> for one destination;
    /// A submit_sm from `source_addr` to `destination_addr` carrying `short_message`
    /// (at most 254 octets; longer texts go through [`submit_sm_parts`](crate::submit_sm_parts)),
    /// with TON/NPI from [`classify_address`](crate::classify_address).
    pub fn new;
}

pdu_body! {
    /// The body of submit_sm_resp (v3.4 §4.4.2): the SMSC's message id.
    pub struct SubmitSmResp<'a> {
        /// The SMSC's id for the message (max 65).
        pub message_id: COctetString<'a, 65>,
        /// TLVs (v5.0).
        pub tlvs: Tlvs<'a>,
    }
}

impl<'a> SubmitSmResp<'a> {
    /// A submit_sm_resp carrying the SMSC's message id (at most 64 octets).
    pub fn new(message_id: &'a str) -> Result<Self, crate::FieldError> {
        Ok(SubmitSmResp {
            message_id: COctetString::from_str(message_id)?,
            tlvs: Tlvs::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ton;

    #[test]
    fn accepts_common_submit_sm_and_rejects_invalid() {
        let sm = SubmitSm::new("MyBrand", "+447700900123", b"Hello").unwrap();
        assert_eq!(sm.source_addr_ton, Ton::ALPHANUMERIC);
        assert_eq!(sm.dest_addr_ton, Ton::INTERNATIONAL);
        assert_eq!(sm.destination_addr.as_bytes(), b"447700900123");
        // v3.4 §4.4.1: destination_addr max 21 octets including the NULL.
        assert!(SubmitSm::new("a", "1234567890123456789012", b"").is_err());
        assert!(SubmitSm::new("a", "1", &[0; 255]).is_err());
        assert!(SubmitSmResp::new("abc").is_ok());
    }
}
