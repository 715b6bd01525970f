//! data_sm and data_sm_resp (SMPP v3.4 §4.7, v5.0 §4.2.2).

use crate::field::pdu_body;
use crate::tlv::Tlvs;
use crate::types::COctetString;
use crate::{DataCoding, EsmClass, Npi, RegisteredDelivery, Ton};

pdu_body! {
    /// The body of data_sm (v3.4 §4.7.1): data in either direction, payload in TLVs.
    pub struct DataSm<'a> {
        /// The SMS application service (max 6).
        pub service_type: COctetString<'a, 6>,
        /// TON of the source address.
        pub source_addr_ton: Ton,
        /// NPI of the source address.
        pub source_addr_npi: Npi,
        /// The originator (max 65).
        pub source_addr: COctetString<'a, 65>,
        /// TON of the destination.
        pub dest_addr_ton: Ton,
        /// NPI of the destination.
        pub dest_addr_npi: Npi,
        /// The destination (max 65).
        pub destination_addr: COctetString<'a, 65>,
        /// Message mode and type.
        pub esm_class: EsmClass,
        /// Receipts requested.
        pub registered_delivery: RegisteredDelivery,
        /// Coding of the payload.
        pub data_coding: DataCoding,
        /// TLVs (`message_payload`, …).
        pub tlvs: Tlvs<'a>,
    }
}

pdu_body! {
    /// The body of data_sm_resp (v3.4 §4.7.2).
    pub struct DataSmResp<'a> {
        /// The SMSC's id for the message (max 65).
        pub message_id: COctetString<'a, 65>,
        /// TLVs (`delivery_failure_reason`, `network_error_code`, …).
        pub tlvs: Tlvs<'a>,
    }
}
