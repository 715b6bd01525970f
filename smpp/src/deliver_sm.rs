//! deliver_sm and deliver_sm_resp (SMPP v3.4 §4.6, v5.0 §4.3.1): a mobile-originated message
//! or a delivery receipt from the SMSC.

use crate::field::{pdu_body, short_message_body};
use crate::tlv::Tlvs;
use crate::types::COctetString;

short_message_body! {
    /// The body of deliver_sm (v3.4 §4.6.1). Same layout as submit_sm;
    /// `schedule_delivery_time`, `validity_period` and `replace_if_present_flag` are unused
    /// ("set to NULL") but kept so the PDU round-trips as received.
    pub struct DeliverSm<'a> for one destination;
    /// A deliver_sm (a mobile-originated message) from `source_addr` to `destination_addr`
    /// carrying `short_message` (at most 254 octets), with TON/NPI from
    /// [`classify_address`](crate::classify_address), as [`SubmitSm::new`](crate::SubmitSm::new)
    /// builds a submit_sm. Set `esm_class` to
    /// [`EsmClass::SMSC_DELIVERY_RECEIPT`](crate::EsmClass::SMSC_DELIVERY_RECEIPT) for a
    /// receipt (the `dlr` crate writes whole receipts).
    pub fn new;
}

pdu_body! {
    /// The body of deliver_sm_resp (v3.4 §4.6.2).
    pub struct DeliverSmResp<'a> {
        /// Unused, NULL (max 65).
        pub message_id: COctetString<'a, 65>,
        /// TLVs (v5.0).
        pub tlvs: Tlvs<'a>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Npi, Ton};

    #[test]
    fn accepts_common_deliver_sm_and_rejects_invalid() {
        let sm = DeliverSm::new("+447700900123", "8888", b"STOP").unwrap();
        assert_eq!(
            (sm.source_addr_ton, sm.source_addr.as_bytes()),
            (Ton::INTERNATIONAL, &b"447700900123"[..])
        );
        assert_eq!(
            (sm.dest_addr_ton, sm.dest_addr_npi),
            (Ton::UNKNOWN, Npi::ISDN)
        );
        assert_eq!(sm.esm_class, crate::EsmClass::DEFAULT);
        // v3.4 §4.6.1: source_addr max 21 octets including the NULL; sm_length 0 to 254.
        assert!(DeliverSm::new("1234567890123456789012", "1", b"").is_err());
        assert!(DeliverSm::new("1", "1", &[0; 255]).is_err());
    }
}
