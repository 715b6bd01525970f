//! deliver_sm and deliver_sm_resp (SMPP v3.4 §4.6, v5.0 §4.3.1): a mobile-originated message
//! or a delivery receipt from the SMSC.

use crate::field::pdu_body;
use crate::tlv::Tlvs;
use crate::types::{COctetString, OctetString, SmppTime};
use crate::{DataCoding, EsmClass, Npi, PriorityFlag, RegisteredDelivery, Ton};

pdu_body! {
    /// The body of deliver_sm (v3.4 §4.6.1). Same layout as submit_sm;
    /// `schedule_delivery_time`, `validity_period` and `replace_if_present_flag` are unused
    /// ("set to NULL") but kept so the PDU round-trips as received.
    pub struct DeliverSm<'a> {
        /// The SMS application service (max 6).
        pub service_type: COctetString<'a, 6>,
        /// TON of the source address.
        pub source_addr_ton: Ton,
        /// NPI of the source address.
        pub source_addr_npi: Npi,
        /// The originator (max 21).
        pub source_addr: COctetString<'a, 21>,
        /// TON of the destination.
        pub dest_addr_ton: Ton,
        /// NPI of the destination.
        pub dest_addr_npi: Npi,
        /// The destination (max 21).
        pub destination_addr: COctetString<'a, 21>,
        /// Message type (0x04: delivery receipt), UDHI (0x40).
        pub esm_class: EsmClass,
        /// GSM TP-PID.
        pub protocol_id: u8,
        /// Priority.
        pub priority_flag: PriorityFlag,
        /// Unused (NULL).
        pub schedule_delivery_time: SmppTime<'a>,
        /// Unused (NULL).
        pub validity_period: SmppTime<'a>,
        /// Whether an acknowledgement is requested.
        pub registered_delivery: RegisteredDelivery,
        /// Unused (0).
        pub replace_if_present_flag: u8,
        /// Coding of short_message.
        pub data_coding: DataCoding,
        /// Unused (0).
        pub sm_default_msg_id: u8,
        /// The user data or the receipt text (`sm_length` on the wire).
        pub short_message: OctetString<'a>,
        /// TLVs (`receipted_message_id`, `message_state`, …).
        pub tlvs: Tlvs<'a>,
    }
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
