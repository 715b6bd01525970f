//! `command_id`: which PDU a frame carries (SMPP v3.4 §5.1.2.1, v5.0 §4.7.5).

use gsm7::wire_codes;

wire_codes! {
    /// The `command_id` of a PDU: an open newtype, so vendor and future ids round-trip.
    ///
    /// SMPP v3.4 §5.1.2.1: "bit 31 of the command_id is set for response PDUs"; the
    /// request and its response differ only in that bit ([`response`](Self::response)).
    pub struct CommandId(u32);
    GENERIC_NACK = 0x8000_0000, "generic_nack", "negative acknowledgement of an unreadable PDU";
    BIND_RECEIVER = 0x0000_0001, "bind_receiver", "bind as a receiver (SMSC to ESME messages)";
    BIND_RECEIVER_RESP = 0x8000_0001, "bind_receiver_resp", "response to bind_receiver";
    BIND_TRANSMITTER = 0x0000_0002, "bind_transmitter", "bind as a transmitter (ESME to SMSC messages)";
    BIND_TRANSMITTER_RESP = 0x8000_0002, "bind_transmitter_resp", "response to bind_transmitter";
    QUERY_SM = 0x0000_0003, "query_sm", "query the state of a submitted message";
    QUERY_SM_RESP = 0x8000_0003, "query_sm_resp", "response to query_sm";
    SUBMIT_SM = 0x0000_0004, "submit_sm", "submit a short message";
    SUBMIT_SM_RESP = 0x8000_0004, "submit_sm_resp", "response to submit_sm";
    DELIVER_SM = 0x0000_0005, "deliver_sm", "deliver a short message or receipt to the ESME";
    DELIVER_SM_RESP = 0x8000_0005, "deliver_sm_resp", "response to deliver_sm";
    UNBIND = 0x0000_0006, "unbind", "close the session";
    UNBIND_RESP = 0x8000_0006, "unbind_resp", "response to unbind";
    REPLACE_SM = 0x0000_0007, "replace_sm", "replace a submitted message";
    REPLACE_SM_RESP = 0x8000_0007, "replace_sm_resp", "response to replace_sm";
    CANCEL_SM = 0x0000_0008, "cancel_sm", "cancel a submitted message";
    CANCEL_SM_RESP = 0x8000_0008, "cancel_sm_resp", "response to cancel_sm";
    BIND_TRANSCEIVER = 0x0000_0009, "bind_transceiver", "bind as a transceiver (both directions)";
    BIND_TRANSCEIVER_RESP = 0x8000_0009, "bind_transceiver_resp", "response to bind_transceiver";
    OUTBIND = 0x0000_000B, "outbind", "SMSC asks the ESME to bind as a receiver";
    ENQUIRE_LINK = 0x0000_0015, "enquire_link", "link keep-alive probe";
    ENQUIRE_LINK_RESP = 0x8000_0015, "enquire_link_resp", "response to enquire_link";
    SUBMIT_MULTI = 0x0000_0021, "submit_multi", "submit a message to several destinations";
    SUBMIT_MULTI_RESP = 0x8000_0021, "submit_multi_resp", "response to submit_multi";
    ALERT_NOTIFICATION = 0x0000_0102, "alert_notification", "a mobile subscriber became available";
    DATA_SM = 0x0000_0103, "data_sm", "transfer data (either direction)";
    DATA_SM_RESP = 0x8000_0103, "data_sm_resp", "response to data_sm";
    BROADCAST_SM = 0x0000_0111, "broadcast_sm", "submit a cell broadcast message (v5.0)";
    BROADCAST_SM_RESP = 0x8000_0111, "broadcast_sm_resp", "response to broadcast_sm (v5.0)";
    QUERY_BROADCAST_SM = 0x0000_0112, "query_broadcast_sm", "query a broadcast message (v5.0)";
    QUERY_BROADCAST_SM_RESP = 0x8000_0112, "query_broadcast_sm_resp", "response to query_broadcast_sm (v5.0)";
    CANCEL_BROADCAST_SM = 0x0000_0113, "cancel_broadcast_sm", "cancel a broadcast message (v5.0)";
    CANCEL_BROADCAST_SM_RESP = 0x8000_0113, "cancel_broadcast_sm_resp", "response to cancel_broadcast_sm (v5.0)";
}

impl CommandId {
    /// Bit 31: set on every response (SMPP v3.4 §5.1.2.1).
    pub const RESPONSE_BIT: u32 = 0x8000_0000;

    /// Whether this id is a response (bit 31 set; `generic_nack` included).
    pub const fn is_response(self) -> bool {
        self.0 & Self::RESPONSE_BIT != 0
    }

    /// The id of the response to this request (bit 31 set). For a response it is itself.
    pub const fn response(self) -> CommandId {
        CommandId(self.0 | Self::RESPONSE_BIT)
    }

    /// The id of the request this response answers (bit 31 cleared).
    pub const fn request(self) -> CommandId {
        CommandId(self.0 & !Self::RESPONSE_BIT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // SMPP v3.4 §5.1.2.1 table: submit_sm 0x00000004, submit_sm_resp 0x80000004.
    #[test]
    fn accepts_spec_ids_and_response_bit() {
        assert_eq!(CommandId::SUBMIT_SM.0, 4);
        assert_eq!(CommandId::SUBMIT_SM.response(), CommandId::SUBMIT_SM_RESP);
        assert!(CommandId::GENERIC_NACK.is_response());
        assert!(!CommandId::OUTBIND.is_response());
        assert_eq!(CommandId::BROADCAST_SM.name(), Some("broadcast_sm"));
        assert_eq!(
            CommandId::from_name("data_sm_resp"),
            Some(CommandId(0x8000_0103))
        );
    }

    #[test]
    fn roundtrip_unknown_id() {
        let id = CommandId(0x0001_0200);
        assert_eq!(id.name(), None);
        assert_eq!(id.to_string(), "0x10200");
        assert_eq!(u32::from(id), 0x0001_0200);
    }
}
