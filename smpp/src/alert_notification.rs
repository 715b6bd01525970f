//! alert_notification (SMPP v3.4 §4.12, v5.0 §4.1.3.1): a mobile station became available.

use crate::field::pdu_body;
use crate::tlv::Tlvs;
use crate::types::COctetString;
use crate::{Npi, Ton};

pdu_body! {
    /// The body of alert_notification (v3.4 §4.12.1). It has no response.
    pub struct AlertNotification<'a> {
        /// TON of the mobile station.
        pub source_addr_ton: Ton,
        /// NPI of the mobile station.
        pub source_addr_npi: Npi,
        /// The mobile station's address (max 65).
        pub source_addr: COctetString<'a, 65>,
        /// TON of the ESME that asked for the alert.
        pub esme_addr_ton: Ton,
        /// NPI of the ESME.
        pub esme_addr_npi: Npi,
        /// The ESME's address (max 65).
        pub esme_addr: COctetString<'a, 65>,
        /// TLVs (`ms_availability_status`).
        pub tlvs: Tlvs<'a>,
    }
}
