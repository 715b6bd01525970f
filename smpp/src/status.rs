//! `command_status`: the outcome a response reports (SMPP v3.4 §5.1.3, v5.0 §4.7.6).

use gsm7::wire_codes;

wire_codes! {
    /// The `command_status` of a PDU: an open newtype, so vendor statuses (v3.4 reserves
    /// 0x400–0x4FF for SMSC vendors) round-trip unchanged.
    pub struct CommandStatus(u32);
    ESME_ROK = 0x0000_0000, "ESME_ROK", "No Error";
    ESME_RINVMSGLEN = 0x0000_0001, "ESME_RINVMSGLEN", "Message Length is invalid";
    ESME_RINVCMDLEN = 0x0000_0002, "ESME_RINVCMDLEN", "Command Length is invalid";
    ESME_RINVCMDID = 0x0000_0003, "ESME_RINVCMDID", "Invalid Command ID";
    ESME_RINVBNDSTS = 0x0000_0004, "ESME_RINVBNDSTS", "Incorrect BIND Status for given command";
    ESME_RALYBND = 0x0000_0005, "ESME_RALYBND", "ESME Already in Bound State";
    ESME_RINVPRTFLG = 0x0000_0006, "ESME_RINVPRTFLG", "Invalid Priority Flag";
    ESME_RINVREGDLVFLG = 0x0000_0007, "ESME_RINVREGDLVFLG", "Invalid Registered Delivery Flag";
    ESME_RSYSERR = 0x0000_0008, "ESME_RSYSERR", "System Error";
    ESME_RINVSRCADR = 0x0000_000A, "ESME_RINVSRCADR", "Invalid Source Address";
    ESME_RINVDSTADR = 0x0000_000B, "ESME_RINVDSTADR", "Invalid Dest Addr";
    ESME_RINVMSGID = 0x0000_000C, "ESME_RINVMSGID", "Message ID is invalid";
    ESME_RBINDFAIL = 0x0000_000D, "ESME_RBINDFAIL", "Bind Failed";
    ESME_RINVPASWD = 0x0000_000E, "ESME_RINVPASWD", "Invalid Password";
    ESME_RINVSYSID = 0x0000_000F, "ESME_RINVSYSID", "Invalid System ID";
    ESME_RCANCELFAIL = 0x0000_0011, "ESME_RCANCELFAIL", "Cancel SM Failed";
    ESME_RREPLACEFAIL = 0x0000_0013, "ESME_RREPLACEFAIL", "Replace SM Failed";
    ESME_RMSGQFUL = 0x0000_0014, "ESME_RMSGQFUL", "Message Queue Full";
    ESME_RINVSERTYP = 0x0000_0015, "ESME_RINVSERTYP", "Invalid Service Type";
    ESME_RINVNUMDESTS = 0x0000_0033, "ESME_RINVNUMDESTS", "Invalid number of destinations";
    ESME_RINVDLNAME = 0x0000_0034, "ESME_RINVDLNAME", "Invalid Distribution List name";
    ESME_RINVDESTFLAG = 0x0000_0040, "ESME_RINVDESTFLAG", "Destination flag is invalid (submit_multi)";
    ESME_RINVSUBREP = 0x0000_0042, "ESME_RINVSUBREP", "Invalid 'submit with replace' request";
    ESME_RINVESMCLASS = 0x0000_0043, "ESME_RINVESMCLASS", "Invalid esm_class field data";
    ESME_RCNTSUBDL = 0x0000_0044, "ESME_RCNTSUBDL", "Cannot Submit to Distribution List";
    ESME_RSUBMITFAIL = 0x0000_0045, "ESME_RSUBMITFAIL", "submit_sm or submit_multi failed";
    ESME_RINVSRCTON = 0x0000_0048, "ESME_RINVSRCTON", "Invalid Source address TON";
    ESME_RINVSRCNPI = 0x0000_0049, "ESME_RINVSRCNPI", "Invalid Source address NPI";
    ESME_RINVDSTTON = 0x0000_0050, "ESME_RINVDSTTON", "Invalid Destination address TON";
    ESME_RINVDSTNPI = 0x0000_0051, "ESME_RINVDSTNPI", "Invalid Destination address NPI";
    ESME_RINVSYSTYP = 0x0000_0053, "ESME_RINVSYSTYP", "Invalid system_type field";
    ESME_RINVREPFLAG = 0x0000_0054, "ESME_RINVREPFLAG", "Invalid replace_if_present flag";
    ESME_RINVNUMMSGS = 0x0000_0055, "ESME_RINVNUMMSGS", "Invalid number of messages";
    ESME_RTHROTTLED = 0x0000_0058, "ESME_RTHROTTLED", "Throttling error (ESME has exceeded allowed message limits)";
    ESME_RINVSCHED = 0x0000_0061, "ESME_RINVSCHED", "Invalid Scheduled Delivery Time";
    ESME_RINVEXPIRY = 0x0000_0062, "ESME_RINVEXPIRY", "Invalid message validity period (Expiry time)";
    ESME_RINVDFTMSGID = 0x0000_0063, "ESME_RINVDFTMSGID", "Predefined Message Invalid or Not Found";
    ESME_RX_T_APPN = 0x0000_0064, "ESME_RX_T_APPN", "ESME Receiver Temporary App Error Code";
    ESME_RX_P_APPN = 0x0000_0065, "ESME_RX_P_APPN", "ESME Receiver Permanent App Error Code";
    ESME_RX_R_APPN = 0x0000_0066, "ESME_RX_R_APPN", "ESME Receiver Reject Message Error Code";
    ESME_RQUERYFAIL = 0x0000_0067, "ESME_RQUERYFAIL", "query_sm request failed";
    ESME_RINVOPTPARSTREAM = 0x0000_00C0, "ESME_RINVOPTPARSTREAM", "Error in the optional part of the PDU Body (v5.0 ESME_RINVTLVSTREAM)";
    ESME_ROPTPARNOTALLWD = 0x0000_00C1, "ESME_ROPTPARNOTALLWD", "Optional Parameter not allowed (v5.0 ESME_RTLVNOTALLWD)";
    ESME_RINVPARLEN = 0x0000_00C2, "ESME_RINVPARLEN", "Invalid Parameter Length (v5.0 ESME_RINVTLVLEN)";
    ESME_RMISSINGOPTPARAM = 0x0000_00C3, "ESME_RMISSINGOPTPARAM", "Expected Optional Parameter missing (v5.0 ESME_RMISSINGTLV)";
    ESME_RINVOPTPARAMVAL = 0x0000_00C4, "ESME_RINVOPTPARAMVAL", "Invalid Optional Parameter Value (v5.0 ESME_RINVTLVVAL)";
    ESME_RDELIVERYFAILURE = 0x0000_00FE, "ESME_RDELIVERYFAILURE", "Delivery Failure (used for data_sm_resp)";
    ESME_RUNKNOWNERR = 0x0000_00FF, "ESME_RUNKNOWNERR", "Unknown Error";
    ESME_RSERTYPUNAUTH = 0x0000_0100, "ESME_RSERTYPUNAUTH", "ESME Not authorised to use specified service_type (v5.0)";
    ESME_RPROHIBITED = 0x0000_0101, "ESME_RPROHIBITED", "ESME Prohibited from using specified operation (v5.0)";
    ESME_RSERTYPUNAVAIL = 0x0000_0102, "ESME_RSERTYPUNAVAIL", "Specified service_type is unavailable (v5.0)";
    ESME_RSERTYPDENIED = 0x0000_0103, "ESME_RSERTYPDENIED", "Specified service_type is denied (v5.0)";
    ESME_RINVDCS = 0x0000_0104, "ESME_RINVDCS", "Invalid Data Coding Scheme (v5.0)";
    ESME_RINVSRCADDRSUBUNIT = 0x0000_0105, "ESME_RINVSRCADDRSUBUNIT", "Source Address Sub unit is Invalid (v5.0)";
    ESME_RINVDSTADDRSUBUNIT = 0x0000_0106, "ESME_RINVDSTADDRSUBUNIT", "Destination Address Sub unit is Invalid (v5.0)";
    ESME_RINVBCASTFREQINT = 0x0000_0107, "ESME_RINVBCASTFREQINT", "Broadcast Frequency Interval is invalid (v5.0)";
    ESME_RINVBCASTALIAS_NAME = 0x0000_0108, "ESME_RINVBCASTALIAS_NAME", "Broadcast Alias Name is invalid (v5.0)";
    ESME_RINVBCASTAREAFMT = 0x0000_0109, "ESME_RINVBCASTAREAFMT", "Broadcast Area Format is invalid (v5.0)";
    ESME_RINVNUMBCAST_AREAS = 0x0000_010A, "ESME_RINVNUMBCAST_AREAS", "Number of Broadcast Areas is invalid (v5.0)";
    ESME_RINVBCASTCNTTYPE = 0x0000_010B, "ESME_RINVBCASTCNTTYPE", "Broadcast Content Type is invalid (v5.0)";
    ESME_RINVBCASTMSGCLASS = 0x0000_010C, "ESME_RINVBCASTMSGCLASS", "Broadcast Message Class is invalid (v5.0)";
    ESME_RBCASTFAIL = 0x0000_010D, "ESME_RBCASTFAIL", "broadcast_sm operation failed (v5.0)";
    ESME_RBCASTQUERYFAIL = 0x0000_010E, "ESME_RBCASTQUERYFAIL", "query_broadcast_sm operation failed (v5.0)";
    ESME_RBCASTCANCELFAIL = 0x0000_010F, "ESME_RBCASTCANCELFAIL", "cancel_broadcast_sm operation failed (v5.0)";
    ESME_RINVBCAST_REP = 0x0000_0110, "ESME_RINVBCAST_REP", "Number of Repeated Broadcasts is invalid (v5.0)";
    ESME_RINVBCASTSRVGRP = 0x0000_0111, "ESME_RINVBCASTSRVGRP", "Broadcast Service Group is invalid (v5.0)";
    ESME_RINVBCASTCHANIND = 0x0000_0112, "ESME_RINVBCASTCHANIND", "Broadcast Channel Indicator is invalid (v5.0)";
}

impl CommandStatus {
    /// v5.0 name of [`ESME_RINVOPTPARSTREAM`](Self::ESME_RINVOPTPARSTREAM).
    pub const ESME_RINVTLVSTREAM: Self = Self::ESME_RINVOPTPARSTREAM;
    /// v5.0 name of [`ESME_ROPTPARNOTALLWD`](Self::ESME_ROPTPARNOTALLWD).
    pub const ESME_RTLVNOTALLWD: Self = Self::ESME_ROPTPARNOTALLWD;
    /// v5.0 name of [`ESME_RINVPARLEN`](Self::ESME_RINVPARLEN).
    pub const ESME_RINVTLVLEN: Self = Self::ESME_RINVPARLEN;
    /// v5.0 name of [`ESME_RMISSINGOPTPARAM`](Self::ESME_RMISSINGOPTPARAM).
    pub const ESME_RMISSINGTLV: Self = Self::ESME_RMISSINGOPTPARAM;
    /// v5.0 name of [`ESME_RINVOPTPARAMVAL`](Self::ESME_RINVOPTPARAMVAL).
    pub const ESME_RINVTLVVAL: Self = Self::ESME_RINVOPTPARAMVAL;

    /// Whether this is `ESME_ROK`.
    pub const fn is_ok(self) -> bool {
        self.0 == 0
    }

    /// Whether the value lies in the range v3.4 §5.1.3 reserves for SMSC vendors
    /// (0x00000400–0x000004FF).
    pub const fn is_vendor_specific(self) -> bool {
        self.0 >= 0x400 && self.0 <= 0x4FF
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // SMPP v3.4 §5.1.3 table: ESME_RTHROTTLED = 0x00000058, ESME_RINVPASWD = 0x0000000E.
    #[test]
    fn accepts_spec_statuses() {
        assert_eq!(CommandStatus::ESME_RTHROTTLED.0, 0x58);
        assert_eq!(CommandStatus(0x0E).name(), Some("ESME_RINVPASWD"));
        assert_eq!(CommandStatus::ESME_RINVTLVLEN.0, 0xC2);
        assert!(CommandStatus(0x401).is_vendor_specific());
        assert_eq!(CommandStatus(0x401).to_string(), "0x401");
    }
}
