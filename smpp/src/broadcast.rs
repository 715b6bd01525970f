//! broadcast_sm, query_broadcast_sm, cancel_broadcast_sm and their responses (SMPP v5.0
//! §4.4). cancel_broadcast_sm_resp is header-only.

use crate::field::pdu_body;
use crate::tlv::{TlvTag, Tlvs};
use crate::types::{COctetString, SmppTime};
use crate::{Npi, Ton};

pdu_body! {
    /// The body of broadcast_sm (v5.0 §4.4.1.1). The TLVs `broadcast_area_identifier`,
    /// `broadcast_content_type`, `broadcast_rep_num` and `broadcast_frequency_interval` are
    /// mandatory.
    pub struct BroadcastSm<'a> {
        /// The SMS application service (max 6).
        pub service_type: COctetString<'a, 6>,
        /// TON of the source address.
        pub source_addr_ton: Ton,
        /// NPI of the source address.
        pub source_addr_npi: Npi,
        /// The originator (max 21).
        pub source_addr: COctetString<'a, 21>,
        /// ESME-assigned id of the broadcast to replace, or NULL (max 65).
        pub message_id: COctetString<'a, 65>,
        /// Priority.
        pub priority_flag: crate::PriorityFlag,
        /// When to start broadcasting.
        pub schedule_delivery_time: SmppTime<'a>,
        /// When to stop.
        pub validity_period: SmppTime<'a>,
        /// Replace a queued broadcast.
        pub replace_if_present_flag: u8,
        /// Coding of the payload.
        pub data_coding: crate::DataCoding,
        /// A canned message's id.
        pub sm_default_msg_id: u8,
        /// TLVs.
        pub tlvs: Tlvs<'a>,
    }
}

pdu_body! {
    /// The body of broadcast_sm_resp (v5.0 §4.4.1.2).
    pub struct BroadcastSmResp<'a> {
        /// The SMSC's id for the broadcast (max 65).
        pub message_id: COctetString<'a, 65>,
        /// TLVs (`broadcast_error_status`, `broadcast_area_identifier`).
        pub tlvs: Tlvs<'a>,
    }
}

pdu_body! {
    /// The body of query_broadcast_sm (v5.0 §4.6.1.1).
    pub struct QueryBroadcastSm<'a> {
        /// The SMSC's id of the broadcast (max 65).
        pub message_id: COctetString<'a, 65>,
        /// TON of the source address.
        pub source_addr_ton: Ton,
        /// NPI of the source address.
        pub source_addr_npi: Npi,
        /// The source address (max 21).
        pub source_addr: COctetString<'a, 21>,
        /// TLVs (`user_message_reference`).
        pub tlvs: Tlvs<'a>,
    }
}

pdu_body! {
    /// The body of query_broadcast_sm_resp (v5.0 §4.6.1.3). The TLVs `message_state`,
    /// `broadcast_area_identifier` and `broadcast_area_success` are mandatory.
    pub struct QueryBroadcastSmResp<'a> {
        /// The SMSC's id of the broadcast (max 65).
        pub message_id: COctetString<'a, 65>,
        /// TLVs.
        pub tlvs: Tlvs<'a>,
    }
}

pdu_body! {
    /// The body of cancel_broadcast_sm (v5.0 §4.6.2.1).
    pub struct CancelBroadcastSm<'a> {
        /// Service type of the broadcasts to cancel (max 6).
        pub service_type: COctetString<'a, 6>,
        /// The SMSC's id of the broadcast, or NULL (max 65).
        pub message_id: COctetString<'a, 65>,
        /// TON of the source address.
        pub source_addr_ton: Ton,
        /// NPI of the source address.
        pub source_addr_npi: Npi,
        /// The source address (max 21).
        pub source_addr: COctetString<'a, 21>,
        /// TLVs.
        pub tlvs: Tlvs<'a>,
    }
}

/// v5.0 §4.4.1.1 "broadcast_sm … Mandatory TLVs".
pub(crate) const BROADCAST_SM_MANDATORY: [TlvTag; 4] = [
    TlvTag::BROADCAST_AREA_IDENTIFIER,
    TlvTag::BROADCAST_CONTENT_TYPE,
    TlvTag::BROADCAST_REP_NUM,
    TlvTag::BROADCAST_FREQUENCY_INTERVAL,
];

/// v5.0 §4.6.1.3 "query_broadcast_sm_resp … Mandatory TLVs".
pub(crate) const QUERY_BROADCAST_SM_RESP_MANDATORY: [TlvTag; 3] = [
    TlvTag::MESSAGE_STATE,
    TlvTag::BROADCAST_AREA_IDENTIFIER,
    TlvTag::BROADCAST_AREA_SUCCESS,
];
