//! query_sm, cancel_sm, replace_sm and their responses (SMPP v3.4 §4.8–4.10, v5.0 §4.5).
//! cancel_sm_resp and replace_sm_resp are header-only.

use crate::field::pdu_body;
use crate::tlv::Tlvs;
use crate::types::{COctetString, OctetString, SmppTime};
use crate::{Npi, Ton};

pdu_body! {
    /// The body of query_sm (v3.4 §4.8.1).
    pub struct QuerySm<'a> {
        /// The SMSC's id of the message (max 65).
        pub message_id: COctetString<'a, 65>,
        /// TON of the original source address.
        pub source_addr_ton: Ton,
        /// NPI of the original source address.
        pub source_addr_npi: Npi,
        /// The original source address (max 21).
        pub source_addr: COctetString<'a, 21>,
    }
}

pdu_body! {
    /// The body of query_sm_resp (v3.4 §4.8.2).
    pub struct QuerySmResp<'a> {
        /// The SMSC's id of the message (max 65).
        pub message_id: COctetString<'a, 65>,
        /// When the message reached its final state (NULL if not final).
        pub final_date: SmppTime<'a>,
        /// The state (v3.4 §5.2.28, [`MessageState`](crate::MessageState)).
        pub message_state: crate::MessageState,
        /// Network error code (v3.4 §5.2.31).
        pub error_code: u8,
    }
}

pdu_body! {
    /// The body of cancel_sm (v3.4 §4.9.1).
    pub struct CancelSm<'a> {
        /// Service type of the messages to cancel (max 6).
        pub service_type: COctetString<'a, 6>,
        /// The SMSC's id of the message, or NULL to cancel by addresses (max 65).
        pub message_id: COctetString<'a, 65>,
        /// TON of the source address.
        pub source_addr_ton: Ton,
        /// NPI of the source address.
        pub source_addr_npi: Npi,
        /// The source address (max 21).
        pub source_addr: COctetString<'a, 21>,
        /// TON of the destination.
        pub dest_addr_ton: Ton,
        /// NPI of the destination.
        pub dest_addr_npi: Npi,
        /// The destination (max 21).
        pub destination_addr: COctetString<'a, 21>,
    }
}

pdu_body! {
    /// The body of replace_sm (v3.4 §4.10.1).
    pub struct ReplaceSm<'a> {
        /// The SMSC's id of the message to replace (max 65).
        pub message_id: COctetString<'a, 65>,
        /// TON of the source address.
        pub source_addr_ton: Ton,
        /// NPI of the source address.
        pub source_addr_npi: Npi,
        /// The source address (max 21).
        pub source_addr: COctetString<'a, 21>,
        /// New delivery time.
        pub schedule_delivery_time: SmppTime<'a>,
        /// New validity period.
        pub validity_period: SmppTime<'a>,
        /// New receipt request.
        pub registered_delivery: crate::RegisteredDelivery,
        /// New canned message id.
        pub sm_default_msg_id: u8,
        /// New user data (`sm_length` on the wire).
        pub short_message: OctetString<'a>,
        /// TLVs (v5.0 `message_payload`).
        pub tlvs: Tlvs<'a>,
    }
}
