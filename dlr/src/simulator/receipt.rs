//! The simulator's receipts: which final state they report, and the receipt deliver_sm
//! written by [`ReceiptFields::to_deliver_sm`] (Appendix B text, `receipted_message_id` and
//! `message_state` TLVs, esm_class "SMSC Delivery Receipt") with the addresses swapped back.

use compact_str::CompactString;
use smpp::bytes::{Bytes, BytesMut};
use smpp::{CommandStatus, Npi, Pdu, Ton};
use std::string::String;

use super::rng::Rng;
use crate::{ReceiptDate, ReceiptFields, State};

/// Which final state the simulator's receipts report.
///
/// ```
/// use dlr::State;
/// use dlr::simulator::FinalState;
///
/// assert_eq!(FinalState::parse("undeliv"), Some(FinalState::Always(State::Undeliverable)));
/// assert_eq!(FinalState::parse("random"), Some(FinalState::Random));
/// assert_eq!(FinalState::from(State::Delivered), FinalState::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinalState {
    /// Always this state (default: DELIVRD).
    Always(State),
    /// Mostly delivered, sometimes not, drawn from the seed: 94% DELIVRD, 3% UNDELIV, 2%
    /// EXPIRED, 1% REJECTD.
    Random,
}

impl Default for FinalState {
    fn default() -> Self {
        Self::Always(State::Delivered)
    }
}

impl From<State> for FinalState {
    fn from(state: State) -> Self {
        Self::Always(state)
    }
}

impl FinalState {
    /// An Appendix B Table B-2 `stat` word (`DELIVRD`, `UNDELIV`, …, any case) or
    /// `random`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        if s.eq_ignore_ascii_case("random") {
            return Some(Self::Random);
        }
        State::from_stat(s.to_ascii_uppercase().as_bytes()).map(|(state, _)| Self::Always(state))
    }

    /// The state of the next receipt.
    pub(crate) fn choose(self, rng: &mut Rng) -> State {
        match self {
            Self::Always(s) => s,
            Self::Random => match rng.below(100) {
                0..=93 => State::Delivered,
                94..=96 => State::Undeliverable,
                97..=98 => State::Expired,
                _ => State::Rejected,
            },
        }
    }
}

/// An SMPP address: TON, NPI, and the digits or text (SMPP 3.4 §5.2.5, §5.2.6, §5.2.8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// Type of number.
    pub ton: Ton,
    /// Numbering plan indicator.
    pub npi: Npi,
    /// The address itself.
    pub addr: String,
}

impl Address {
    /// An address of `ton`, `npi` and `addr`.
    pub fn new(ton: Ton, npi: Npi, addr: impl Into<String>) -> Self {
        Self {
            ton,
            npi,
            addr: addr.into(),
        }
    }

    /// An international ISDN number (`447700900123`).
    pub fn international(digits: impl Into<String>) -> Self {
        Self::new(Ton::INTERNATIONAL, Npi::ISDN, digits)
    }

    /// Of the raw fields of a PDU.
    pub(crate) fn of(ton: Ton, npi: Npi, addr: &[u8]) -> Self {
        Self::new(ton, npi, String::from_utf8_lossy(addr))
    }
}

/// Everything a receipt says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Receipt {
    /// The id the submit_sm_resp carried.
    pub(crate) message_id: CompactString,
    /// The submission's source (the receipt's destination).
    pub(crate) originator: Party,
    /// The submission's destination (the receipt's source: the handset reports).
    pub(crate) recipient: Party,
    /// When the submission arrived (Unix seconds).
    pub(crate) submitted: u64,
    /// The final state.
    pub(crate) state: State,
    /// The start of the message text ([`receipt_text_head`](crate::receipt_text_head)).
    pub(crate) text: CompactString,
}

/// An [`Address`] as a planned receipt keeps it: SMPP addresses (at most 20 octets,
/// SMPP 3.4 §5.2.8) fit a `CompactString` inline, so planning a receipt allocates nothing
/// for its ids and addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Party {
    pub(crate) ton: Ton,
    pub(crate) npi: Npi,
    pub(crate) addr: CompactString,
}

impl From<&Address> for Party {
    fn from(a: &Address) -> Self {
        Self {
            ton: a.ton,
            npi: a.npi,
            addr: CompactString::from(a.addr.as_str()),
        }
    }
}

impl Receipt {
    /// The receipt deliver_sm, `done` being when the final state was reached (Unix
    /// seconds), encoded with sequence number 0 (the session numbers it); `None` when a
    /// field does not fit (an address over 20 octets, an id over 64).
    pub(crate) fn encode(&self, done: u64) -> Option<Bytes> {
        let minute = |t| ReceiptDate::from_unix_seconds(t).map(ReceiptDate::to_minute);
        let mut fields = ReceiptFields::new(
            &self.message_id,
            self.state,
            minute(self.submitted)?,
            minute(done)?,
        );
        fields.text = Some(&self.text);
        let mut sm = fields.to_deliver_sm(None).ok()?;
        // SMPP 3.4 §4.6.1: the receipt goes from the submission's destination (the handset
        // reports) to its source.
        sm.source_addr_ton = self.recipient.ton;
        sm.source_addr_npi = self.recipient.npi;
        sm.source_addr = self.recipient.addr.as_str().try_into().ok()?;
        sm.dest_addr_ton = self.originator.ton;
        sm.dest_addr_npi = self.originator.npi;
        sm.destination_addr = self.originator.addr.as_str().try_into().ok()?;
        Some(encode(&Pdu::DeliverSm(sm)))
    }
}

/// A PDU encoded with sequence number 0 and ESME_ROK.
pub(crate) fn encode(pdu: &Pdu<'_>) -> Bytes {
    let mut buf = BytesMut::with_capacity(16 + pdu.encoded_len());
    smpp::encode(0, CommandStatus::ESME_ROK, pdu, &mut buf);
    buf.freeze()
}

#[cfg(test)]
mod tests {
    use super::*;
    use smpp::{DecodeOptions, decode};

    fn receipt(state: State) -> Receipt {
        Receipt {
            message_id: "17".into(),
            originator: Party {
                ton: Ton::ALPHANUMERIC,
                npi: Npi::UNKNOWN,
                addr: "MyBrand".into(),
            },
            recipient: Party {
                ton: Ton::INTERNATIONAL,
                npi: Npi::ISDN,
                addr: "447700900123".into(),
            },
            submitted: 1_795_924_080,
            state,
            text: crate::receipt_text_head("Hello [world] ünïcode text that is long"),
        }
    }

    // SMPP 3.4 Appendix B: "id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done
    // date:YYMMDDhhmm stat:DDDDDDD err:E Text: ..."; parsed back by the dlr crate.
    // 1795924080 is 2026-11-29 03:48:00 UTC (`date -u -d @1795924080`); the oracle
    // smsc-sim.js wrote "submit date:2611290348" for a receipt sent at that minute.
    #[test]
    fn roundtrip_receipt_text_through_dlr() {
        let wire = receipt(State::Delivered).encode(1_795_924_140).unwrap();
        let frame = decode(&wire, &DecodeOptions::lenient()).unwrap();
        let Pdu::DeliverSm(sm) = &frame.pdu else {
            panic!("not a deliver_sm")
        };
        let text = core::str::from_utf8(sm.short_message.as_bytes()).unwrap();
        assert_eq!(
            text,
            "id:17 sub:001 dlvrd:001 submit date:2611290348 done date:2611290349 \
             stat:DELIVRD err:000 text:Hello ?world? ?n?cod"
        );
        // From the handset (the submission's destination) to the submission's source.
        assert_eq!(sm.source_addr.as_bytes(), b"447700900123");
        assert_eq!(
            (sm.dest_addr_ton, sm.destination_addr.as_bytes()),
            (Ton::ALPHANUMERIC, &b"MyBrand"[..])
        );
        let parsed = crate::Receipt::parse_str(text, &crate::DecodeOptions::strict()).unwrap();
        assert_eq!(parsed.state(), Some(State::Delivered));
        assert_eq!(parsed.id(), Some(&b"17"[..]));
    }

    // SMPP 3.4 §5.3.2.12 receipted_message_id, §5.3.2.35 message_state (5 = UNDELIVERABLE).
    #[test]
    fn roundtrip_receipt_deliver_sm_through_dlr() {
        let wire = receipt(State::Undeliverable).encode(1_795_924_140).unwrap();
        // Sequence number 0 until a session numbers it: lenient.
        let frame = decode(&wire, &DecodeOptions::lenient()).unwrap();
        let Pdu::DeliverSm(sm) = &frame.pdu else {
            panic!("not a deliver_sm")
        };
        // SMPP 3.4 §5.2.12: esm_class xx0001xx, SMSC Delivery Receipt.
        assert_eq!(sm.esm_class, smpp::EsmClass(0x04));
        assert_eq!(sm.tlvs.receipted_message_id(), Some(&b"17"[..]));
        assert_eq!(sm.tlvs.message_state().map(|s| s.0), Some(5));
        let report =
            crate::DeliveryReport::from_deliver_sm(sm, &crate::DecodeOptions::strict()).unwrap();
        assert_eq!(report.state, State::Undeliverable);
        assert_eq!(report.message_id, "17");
        assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    }

    #[test]
    fn accepts_dlr_stat_words_and_random() {
        assert_eq!(
            FinalState::parse("DELIVRD"),
            Some(FinalState::Always(State::Delivered))
        );
        assert_eq!(FinalState::parse("random"), Some(FinalState::Random));
        assert_eq!(FinalState::parse("LOST"), None);
        let mut rng = Rng::new(3);
        let delivered = (0..1000)
            .filter(|_| FinalState::Random.choose(&mut rng) == State::Delivered)
            .count();
        assert!((900..980).contains(&delivered), "{delivered}");
    }
}
