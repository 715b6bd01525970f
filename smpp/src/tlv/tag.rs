//! TLV tags (SMPP v3.4 §5.3.2, v5.0 §4.8.4): one table gives each tag's name, its index
//! (for duplicate detection without allocation) and the shape of its value.

use gsm7::wire_codes;

/// The shape of a known TLV's value, from the spec's "Size (octets)" column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TlvKind {
    /// Integer, 1 octet.
    U8,
    /// Integer, 2 octets.
    U16,
    /// Integer, 4 octets.
    U32,
    /// C-Octet string of at most this many octets, NUL included.
    CStr(u16),
    /// Octet string of `min..=max` octets.
    Octets(u16, u16),
}

pub(crate) use TlvKind::*;

macro_rules! tlv_tags {
    ($( $konst:ident = $val:literal, $spec:literal, $idx:literal, $kind:expr, $desc:literal; )*) => {
        wire_codes! {
            /// A TLV tag: an open newtype, so vendor tags (0x1400–0x3FFF) and tags of later
            /// versions round-trip unchanged.
            pub struct TlvTag(u16);
            $( $konst = $val, $spec, $desc; )*
        }

        impl TlvTag {
            /// Index in the table (below 64) and value shape of a known tag.
            #[inline(always)]
            pub(crate) const fn spec(self) -> Option<(u8, TlvKind)> {
                match self.0 {
                    $( $val => Some(($idx, $kind)), )*
                    _ => None,
                }
            }
        }
    };
}

tlv_tags! {
    DEST_ADDR_SUBUNIT = 0x0005, "dest_addr_subunit", 0, U8, "Subcomponent in the destination device";
    DEST_NETWORK_TYPE = 0x0006, "dest_network_type", 1, U8, "Network type of the destination";
    DEST_BEARER_TYPE = 0x0007, "dest_bearer_type", 2, U8, "Bearer type of the destination";
    DEST_TELEMATICS_ID = 0x0008, "dest_telematics_id", 3, U16, "Telematics id of the destination";
    SOURCE_ADDR_SUBUNIT = 0x000D, "source_addr_subunit", 4, U8, "Subcomponent in the source device";
    SOURCE_NETWORK_TYPE = 0x000E, "source_network_type", 5, U8, "Network type of the source";
    SOURCE_BEARER_TYPE = 0x000F, "source_bearer_type", 6, U8, "Bearer type of the source";
    SOURCE_TELEMATICS_ID = 0x0010, "source_telematics_id", 7, U8, "Telematics id of the source";
    QOS_TIME_TO_LIVE = 0x0017, "qos_time_to_live", 8, U32, "Time to live in seconds";
    PAYLOAD_TYPE = 0x0019, "payload_type", 9, U8, "PDU type in the message payload";
    ADDITIONAL_STATUS_INFO_TEXT = 0x001D, "additional_status_info_text", 10, CStr(256), "ASCII text giving a description of the status";
    RECEIPTED_MESSAGE_ID = 0x001E, "receipted_message_id", 11, CStr(65), "SMSC message id of the message a receipt is for";
    MS_MSG_WAIT_FACILITIES = 0x0030, "ms_msg_wait_facilities", 12, U8, "Message waiting indicator control";
    PRIVACY_INDICATOR = 0x0201, "privacy_indicator", 13, U8, "Privacy level of the message";
    SOURCE_SUBADDRESS = 0x0202, "source_subaddress", 14, Octets(2, 23), "Subaddress of the message originator";
    DEST_SUBADDRESS = 0x0203, "dest_subaddress", 15, Octets(2, 23), "Subaddress of the message destination";
    USER_MESSAGE_REFERENCE = 0x0204, "user_message_reference", 16, U16, "ESME-assigned message reference";
    USER_RESPONSE_CODE = 0x0205, "user_response_code", 17, U8, "Response code set by the user";
    SOURCE_PORT = 0x020A, "source_port", 18, U16, "Application port of the originator";
    DESTINATION_PORT = 0x020B, "destination_port", 19, U16, "Application port of the destination";
    SAR_MSG_REF_NUM = 0x020C, "sar_msg_ref_num", 20, U16, "Reference number of a concatenated message";
    LANGUAGE_INDICATOR = 0x020D, "language_indicator", 21, U8, "Language of the short message";
    SAR_TOTAL_SEGMENTS = 0x020E, "sar_total_segments", 22, U8, "Number of segments of a concatenated message";
    SAR_SEGMENT_SEQNUM = 0x020F, "sar_segment_seqnum", 23, U8, "Sequence number of this segment";
    SC_INTERFACE_VERSION = 0x0210, "sc_interface_version", 24, U8, "SMPP version supported by the SMSC";
    CALLBACK_NUM_PRES_IND = 0x0302, "callback_num_pres_ind", 25, U8, "Presentation and screening of the callback number";
    CALLBACK_NUM_ATAG = 0x0303, "callback_num_atag", 26, Octets(0, 65), "Alphanumeric display tag of the callback number";
    NUMBER_OF_MESSAGES = 0x0304, "number_of_messages", 27, U8, "Number of messages in the mailbox";
    CALLBACK_NUM = 0x0381, "callback_num", 28, Octets(4, 19), "Callback number of the message";
    DPF_RESULT = 0x0420, "dpf_result", 29, U8, "Whether a delivery pending flag was set";
    SET_DPF = 0x0421, "set_dpf", 30, U8, "Request to set the delivery pending flag";
    MS_AVAILABILITY_STATUS = 0x0422, "ms_availability_status", 31, U8, "Status of the mobile station";
    NETWORK_ERROR_CODE = 0x0423, "network_error_code", 32, Octets(3, 3), "Network type and error code of a failure";
    MESSAGE_PAYLOAD = 0x0424, "message_payload", 33, Octets(0, 65535), "Message data, instead of short_message";
    DELIVERY_FAILURE_REASON = 0x0425, "delivery_failure_reason", 34, U8, "Why a data_sm delivery failed";
    MORE_MESSAGES_TO_SEND = 0x0426, "more_messages_to_send", 35, U8, "More messages follow for the destination";
    MESSAGE_STATE = 0x0427, "message_state", 36, U8, "State of the message";
    CONGESTION_STATE = 0x0428, "congestion_state", 37, U8, "Load of the sender, 0-100 (v5.0)";
    USSD_SERVICE_OP = 0x0501, "ussd_service_op", 38, U8, "USSD service operation";
    BROADCAST_CHANNEL_INDICATOR = 0x0600, "broadcast_channel_indicator", 39, U8, "Broadcast channel, basic or extended (v5.0)";
    BROADCAST_CONTENT_TYPE = 0x0601, "broadcast_content_type", 40, Octets(3, 3), "Broadcast content type (v5.0)";
    BROADCAST_CONTENT_TYPE_INFO = 0x0602, "broadcast_content_type_info", 41, Octets(0, 255), "Broadcast content type information (v5.0)";
    BROADCAST_MESSAGE_CLASS = 0x0603, "broadcast_message_class", 42, U8, "Broadcast message class (v5.0)";
    BROADCAST_REP_NUM = 0x0604, "broadcast_rep_num", 43, U16, "Number of broadcast repetitions (v5.0)";
    BROADCAST_FREQUENCY_INTERVAL = 0x0605, "broadcast_frequency_interval", 44, Octets(3, 3), "Broadcast frequency interval (v5.0)";
    BROADCAST_AREA_IDENTIFIER = 0x0606, "broadcast_area_identifier", 45, Octets(1, 255), "Broadcast area identifier (v5.0)";
    BROADCAST_ERROR_STATUS = 0x0607, "broadcast_error_status", 46, U32, "Error status of a failed broadcast area (v5.0)";
    BROADCAST_AREA_SUCCESS = 0x0608, "broadcast_area_success", 47, U8, "Success rate of a broadcast area, percent (v5.0)";
    BROADCAST_END_TIME = 0x0609, "broadcast_end_time", 48, CStr(17), "When the broadcast ended (v5.0)";
    BROADCAST_SERVICE_GROUP = 0x060A, "broadcast_service_group", 49, Octets(0, 255), "Broadcast service group (v5.0)";
    BILLING_IDENTIFICATION = 0x060B, "billing_identification", 50, Octets(0, 1024), "Billing information (v5.0)";
    SOURCE_NETWORK_ID = 0x060D, "source_network_id", 51, CStr(65), "Network id of the originator (v5.0)";
    DEST_NETWORK_ID = 0x060E, "dest_network_id", 52, CStr(65), "Network id of the destination (v5.0)";
    SOURCE_NODE_ID = 0x060F, "source_node_id", 53, Octets(6, 6), "Node id of the originator (v5.0)";
    DEST_NODE_ID = 0x0610, "dest_node_id", 54, Octets(6, 6), "Node id of the destination (v5.0)";
    DEST_ADDR_NP_RESOLUTION = 0x0611, "dest_addr_np_resolution", 55, U8, "Number portability query result (v5.0)";
    DEST_ADDR_NP_INFORMATION = 0x0612, "dest_addr_np_information", 56, Octets(10, 10), "Number portability information (v5.0)";
    DEST_ADDR_NP_COUNTRY = 0x0613, "dest_addr_np_country", 57, Octets(1, 5), "Country code of the number portability (v5.0)";
    DISPLAY_TIME = 0x1201, "display_time", 58, U8, "How the message is displayed";
    SMS_SIGNAL = 0x1203, "sms_signal", 59, U16, "Alerting tone of the message";
    MS_VALIDITY = 0x1204, "ms_validity", 60, Octets(1, 4), "Validity of the message in the mobile station";
    ALERT_ON_MESSAGE_DELIVERY = 0x130C, "alert_on_message_delivery", 61, Octets(0, 1), "Alert the user on delivery";
    ITS_REPLY_TYPE = 0x1380, "its_reply_type", 62, U8, "Reply method (CDMA ITS)";
    ITS_SESSION_INFO = 0x1383, "its_session_info", 63, Octets(2, 2), "Session information (CDMA ITS)";
}

impl TlvTag {
    /// Whether the tag may appear more than once in a PDU: `callback_num` and its two
    /// companions (v3.4 §5.3.2.36–38), `broadcast_area_identifier` (v5.0 §4.8.4) and the
    /// values paired with it in broadcast_sm_resp and query_broadcast_sm_resp
    /// (`broadcast_error_status`, `broadcast_area_success`, v5.0 §4.4.1.2, §4.6.1.3).
    pub const fn is_repeatable(self) -> bool {
        matches!(
            self,
            Self::CALLBACK_NUM
                | Self::CALLBACK_NUM_PRES_IND
                | Self::CALLBACK_NUM_ATAG
                | Self::BROADCAST_AREA_IDENTIFIER
                | Self::BROADCAST_ERROR_STATUS
                | Self::BROADCAST_AREA_SUCCESS
        )
    }

    /// Whether the tag was introduced by SMPP v5.0 (v5.0 §4.8.4; absent from v3.4 §5.3.2).
    pub const fn is_v50(self) -> bool {
        matches!(self.0, 0x0428 | 0x0600..=0x0613)
    }

    /// Whether the tag lies in the range v3.4 §5.3.2 reserves for SMSC vendors
    /// (0x1400–0x3FFF).
    pub const fn is_vendor_specific(self) -> bool {
        self.0 >= 0x1400 && self.0 <= 0x3FFF
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_table_indices_unique_and_small() {
        let mut seen = 0u64;
        for tag in TlvTag::ALL {
            let (idx, _) = tag.spec().unwrap();
            assert!(idx < 64);
            assert_eq!(seen & (1 << idx), 0, "{tag:?}");
            seen |= 1 << idx;
        }
        // v3.4 §5.3.2.12 message_payload tag 0x0424; §5.3.2.35 message_state 0x0427.
        assert_eq!(TlvTag::MESSAGE_PAYLOAD.0, 0x0424);
        assert_eq!(TlvTag(0x0427).name(), Some("message_state"));
    }
}
