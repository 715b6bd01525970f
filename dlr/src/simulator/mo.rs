//! Mobile-originated messages: what a handset sends to an ESME, as deliver_sm (SMPP 3.4
//! §4.6) with esm_class "default message type"; a long text is split into concatenated
//! parts with a UDH (TS 23.040 §9.2.3.24.1), coded GSM 7 bit when it can be, else UCS-2.

use smpp::bytes::Bytes;
use smpp::{ConcatMethod, DeliverSm, Pdu, SubmitSm, TextOptions, submit_sm_parts};
use std::string::String;
use std::vec::Vec;

use super::SimulatorError;
use super::receipt::{Address, encode};

/// A mobile-originated message for the ESMEs bound with one system_id; see
/// [`Simulator::send_mo`](super::Simulator::send_mo).
///
/// ```
/// use dlr::simulator::{Address, Mo};
///
/// let mo = Mo::new("esme", Address::international("447700900123"), Address::international("4412345"), "STOP");
/// assert_eq!(mo.text, "STOP");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Mo {
    /// The system_id whose receiver or transceiver bind gets it (held until one binds).
    pub system_id: String,
    /// The handset that sent it.
    pub source: Address,
    /// The number it was sent to (the ESME's short code or long number).
    pub destination: Address,
    /// The text.
    pub text: String,
}

impl Mo {
    /// An MO message from `source` to `destination` for `system_id`'s binds.
    pub fn new(
        system_id: impl Into<String>,
        source: Address,
        destination: Address,
        text: impl Into<String>,
    ) -> Self {
        Self {
            system_id: system_id.into(),
            source,
            destination,
            text: text.into(),
        }
    }

    /// The deliver_sm PDUs carrying it, encoded with sequence number 0 (the session numbers
    /// them); `reference` tells the parts of a long message apart from another's.
    pub(crate) fn encode(&self, reference: u8) -> Result<Vec<Bytes>, SimulatorError> {
        let field = |field: &'static str| move |error| SimulatorError::MoAddress { field, error };
        let template = SubmitSm {
            source_addr_ton: self.source.ton,
            source_addr_npi: self.source.npi,
            source_addr: self
                .source
                .addr
                .as_str()
                .try_into()
                .map_err(field("source"))?,
            dest_addr_ton: self.destination.ton,
            dest_addr_npi: self.destination.npi,
            destination_addr: (self.destination.addr.as_str().try_into())
                .map_err(field("destination"))?,
            ..SubmitSm::default()
        };
        let options = TextOptions {
            concat: ConcatMethod::Udh8(reference),
            ..TextOptions::default()
        };
        let parts =
            submit_sm_parts(&template, &self.text, &options).map_err(SimulatorError::MoText)?;
        Ok(parts
            .into_iter()
            .map(|p| {
                encode(&Pdu::DeliverSm(DeliverSm {
                    source_addr_ton: p.source_addr_ton,
                    source_addr_npi: p.source_addr_npi,
                    source_addr: p.source_addr,
                    dest_addr_ton: p.dest_addr_ton,
                    dest_addr_npi: p.dest_addr_npi,
                    destination_addr: p.destination_addr,
                    esm_class: p.esm_class,
                    data_coding: p.data_coding,
                    short_message: p.short_message,
                    tlvs: p.tlvs,
                    ..DeliverSm::default()
                }))
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use smpp::{DecodeOptions, decode};

    fn deliver(wire: &[u8]) -> (u8, u8, Vec<u8>) {
        let frame = decode(wire, &DecodeOptions::lenient()).unwrap();
        let Pdu::DeliverSm(sm) = frame.pdu else {
            panic!("not a deliver_sm")
        };
        (
            sm.esm_class.0,
            sm.data_coding.0,
            sm.short_message.as_bytes().to_vec(),
        )
    }

    fn mo(text: &str) -> Mo {
        Mo::new(
            "esme",
            Address::international("447700900999"),
            Address::international("4412345"),
            text,
        )
    }

    // SMPP 3.4 §5.2.19: data_coding 0 is the SMSC default alphabet (GSM 03.38 here, one
    // character per octet); "Hi" is 0x48 0x69 in it as in ASCII.
    #[test]
    fn accepts_short_mo_in_one_deliver_sm() {
        let parts = mo("Hi").encode(1).unwrap();
        assert_eq!(parts.len(), 1);
        assert_eq!(deliver(&parts[0]), (0, 0, b"Hi".to_vec()));
    }

    // TS 23.040 §9.2.3.24.1: a 161-character GSM text needs two parts, each with the UDH
    // 05 00 03 <ref> 02 <seq>; UDHI is esm_class 0x40 (SMPP 3.4 §5.2.12).
    #[test]
    fn accepts_long_mo_in_concatenated_parts() {
        let parts = mo(&"x".repeat(161)).encode(7).unwrap();
        assert_eq!(parts.len(), 2);
        let (esm_class, _, message) = deliver(&parts[1]);
        assert_eq!(esm_class, 0x40);
        assert_eq!(&message[..6], &[5, 0, 3, 7, 2, 2]);
    }

    // SMPP 3.4 §5.2.8: source_addr is at most 20 octets.
    #[test]
    fn rejects_overlong_address() {
        let mut m = mo("x");
        m.source.addr = "1".repeat(21);
        assert!(matches!(
            m.encode(0),
            Err(SimulatorError::MoAddress {
                field: "source",
                ..
            })
        ));
    }
}
