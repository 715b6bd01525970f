//! bind_transmitter, bind_receiver, bind_transceiver, their responses, and outbind
//! (SMPP v3.4 §4.1, v5.0 §4.1.1).

use crate::field::pdu_body;
use crate::tlv::Tlvs;
use crate::types::COctetString;
use crate::{Npi, Ton};

/// An SMPP `interface_version` (v3.4 §5.2.4, v5.0 §4.7.13): in a bind, the version the
/// ESME speaks; in `sc_interface_version`, the SMSC's; what [`validate`](crate::validate)
/// judges against. Ordered, so the version of a session
/// is the lower of the two. Any value round-trips.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InterfaceVersion(pub u8);

impl InterfaceVersion {
    /// SMPP 3.3 or earlier (v3.4 §5.2.4: "values 0x00-0x33": no TLVs).
    pub const V33: Self = Self(0x33);
    /// SMPP 3.4.
    pub const V34: Self = Self(0x34);
    /// SMPP 5.0.
    pub const V50: Self = Self(0x50);
}

pdu_body! {
    /// The body of bind_transmitter, bind_receiver and bind_transceiver (v3.4 §4.1.1).
    pub struct Bind<'a> {
        /// Identifies the ESME (max 16 octets with the NUL).
        pub system_id: COctetString<'a, 16>,
        /// Authenticates the ESME (max 9).
        pub password: COctetString<'a, 9>,
        /// The type of ESME (max 13).
        pub system_type: COctetString<'a, 13>,
        /// The SMPP version the ESME supports (0x34, 0x50).
        pub interface_version: InterfaceVersion,
        /// TON of the addresses served.
        pub addr_ton: Ton,
        /// NPI of the addresses served.
        pub addr_npi: Npi,
        /// The addresses served, a regular expression (max 41).
        pub address_range: COctetString<'a, 41>,
    }
}

pdu_body! {
    /// The body of bind_*_resp (v3.4 §4.1.2): the SMSC's id and, optionally,
    /// `sc_interface_version`.
    pub struct BindResp<'a> {
        /// Identifies the SMSC (max 16).
        pub system_id: COctetString<'a, 16>,
        /// TLVs (`sc_interface_version`).
        pub tlvs: Tlvs<'a>,
    }
}

pdu_body! {
    /// The body of outbind (v3.4 §4.1.7): the SMSC asks the ESME to bind as a receiver.
    pub struct Outbind<'a> {
        /// Identifies the SMSC (max 16).
        pub system_id: COctetString<'a, 16>,
        /// Password (max 9).
        pub password: COctetString<'a, 9>,
    }
}

impl<'a> Bind<'a> {
    /// A v3.4 bind with the given credentials, no system_type and no address range.
    pub fn new(system_id: COctetString<'a, 16>, password: COctetString<'a, 9>) -> Self {
        Bind {
            system_id,
            password,
            interface_version: InterfaceVersion::V34,
            ..Bind::default()
        }
    }
}
