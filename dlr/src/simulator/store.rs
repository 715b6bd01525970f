//! What the simulator keeps: every accepted message (for query_sm, cancel_sm, replace_sm
//! and the host's [`Simulator::messages`](super::Simulator::messages)), bounded, the oldest
//! forgotten; and the deliver_sm no receiving bind took, per system_id, until its next
//! receiver or transceiver bind (store and forward, as SMSCs do).

use std::borrow::ToOwned;
use std::collections::{HashMap, VecDeque};
use std::string::String;
use std::vec::Vec;

use smpp::bytes::Bytes;

use super::receipt::Address;
use crate::State;

/// One accepted message, as the simulator stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoredMessage {
    /// The message id the response carried.
    pub id: String,
    /// The system_id of the bind that submitted it.
    pub system_id: String,
    /// Its source address.
    pub source: Address,
    /// Its destination (for submit_multi, the first SME destination).
    pub destination: Address,
    /// `esm_class` as submitted (UDHI tells whether `short_message` starts with a UDH).
    pub esm_class: smpp::EsmClass,
    /// `data_coding` as submitted.
    pub data_coding: smpp::DataCoding,
    /// `registered_delivery` as submitted.
    pub registered_delivery: smpp::RegisteredDelivery,
    /// The message octets: `short_message`, or `message_payload` when that carried them.
    pub short_message: Vec<u8>,
    /// The text, decoded by `data_coding` (empty when it does not decode).
    pub text: String,
    /// When it was accepted (Unix seconds).
    pub submitted_at: u64,
    /// ENROUTE until its receipt is due, then the final state (DELETED once cancelled).
    pub state: State,
    /// When it became final (Unix seconds).
    pub final_at: Option<u64>,
}

/// Accepted messages by id, oldest evicted beyond the capacity. The simulator issues
/// decimal ids, so the maps are keyed by the id's number (no string per key).
#[derive(Debug)]
pub(crate) struct MessageStore {
    by_id: HashMap<u64, StoredMessage>,
    order: VecDeque<u64>,
    capacity: usize,
}

impl MessageStore {
    /// A store of at most `capacity` messages.
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            by_id: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Remembers a newly accepted message, whose id is `number` written in decimal.
    pub(crate) fn insert(&mut self, number: u64, message: StoredMessage) {
        while self.order.len() >= self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.by_id.remove(&old);
            }
        }
        self.order.push_back(number);
        self.by_id.insert(number, message);
    }

    /// The message, if remembered: `id` as issued ("012" or "+12" name no message).
    pub(crate) fn get(&self, id: &str) -> Option<&StoredMessage> {
        let number = id.parse::<u64>().ok()?;
        self.by_id.get(&number).filter(|m| m.id == id)
    }

    /// Every remembered message, oldest first.
    pub(crate) fn all(&self) -> Vec<StoredMessage> {
        self.order
            .iter()
            .filter_map(|id| self.by_id.get(id).cloned())
            .collect()
    }

    /// Records the final state reached at `at`; the first final state sticks.
    pub(crate) fn finish(&mut self, id: &str, state: State, at: u64) -> Option<State> {
        let number = id.parse::<u64>().ok()?;
        let s = self.by_id.get_mut(&number).filter(|m| m.id == id)?;
        if !s.state.is_final() {
            s.state = state;
            s.final_at = Some(at);
        }
        Some(s.state)
    }

    /// Whether the message is still pending (so cancel_sm / replace_sm may act on it).
    pub(crate) fn is_pending(&self, id: &str) -> bool {
        self.get(id).is_some_and(|s| !s.state.is_final())
    }
}

/// What a held deliver_sm is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeldKind {
    /// A delivery receipt.
    Receipt,
    /// A mobile-originated message.
    Mo,
}

/// deliver_sm no receiving bind took (none was bound, the connection was lost with them in
/// flight, the ESME did not acknowledge them), per system_id, oldest first.
#[derive(Debug, Default)]
pub(crate) struct Held {
    by_system_id: HashMap<String, VecDeque<(Bytes, HeldKind)>>,
    len: usize,
}

/// At most this many deliver_sm are held over all system_ids; beyond, the oldest of the
/// fullest queue goes.
const MAX_HELD: usize = 1_000_000;

impl Held {
    /// Keeps a deliver_sm for `system_id`'s next receiving bind.
    pub(crate) fn push(&mut self, system_id: &str, pdu: Bytes, kind: HeldKind) {
        if self.len >= MAX_HELD
            && let Some(q) = self.by_system_id.values_mut().max_by_key(|q| q.len())
            && q.pop_front().is_some()
        {
            self.len -= 1;
        }
        self.by_system_id
            .entry(system_id.to_owned())
            .or_default()
            .push_back((pdu, kind));
        self.len += 1;
    }

    /// Everything held for `system_id`, oldest first.
    pub(crate) fn take(&mut self, system_id: &str) -> VecDeque<(Bytes, HeldKind)> {
        let q = self.by_system_id.remove(system_id).unwrap_or_default();
        self.len -= q.len();
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use smpp::{Npi, Ton};

    fn message(id: &str) -> StoredMessage {
        let a = |s: &str| Address::new(Ton::INTERNATIONAL, Npi::ISDN, s);
        StoredMessage {
            id: id.into(),
            system_id: "esme".into(),
            source: a("4411"),
            destination: a("4422"),
            esm_class: smpp::EsmClass::DEFAULT,
            data_coding: smpp::DataCoding::SMSC_DEFAULT,
            registered_delivery: smpp::RegisteredDelivery(1),
            short_message: b"Hi".to_vec(),
            text: "Hi".into(),
            submitted_at: 1,
            state: State::Enroute,
            final_at: None,
        }
    }

    #[test]
    fn accepts_lifecycle_and_first_final_state_sticks() {
        let mut s = MessageStore::new(10);
        s.insert(1, message("1"));
        assert_eq!(s.get("01"), None);
        assert_eq!(s.get("+1"), None);
        assert!(s.is_pending("1"));
        assert_eq!(s.finish("1", State::Deleted, 5), Some(State::Deleted));
        assert_eq!(s.finish("1", State::Delivered, 9), Some(State::Deleted));
        let m = s.get("1").unwrap();
        assert_eq!((m.state, m.final_at), (State::Deleted, Some(5)));
        assert!(!s.is_pending("1") && !s.is_pending("2"));
    }

    #[test]
    fn accepts_eviction_of_the_oldest() {
        let mut s = MessageStore::new(2);
        for (number, id) in [(1, "1"), (2, "2"), (3, "3")] {
            s.insert(number, message(id));
        }
        assert_eq!(s.get("1"), None);
        let ids: Vec<_> = s.all().into_iter().map(|m| m.id).collect();
        assert_eq!(ids, ["2", "3"]);
    }

    #[test]
    fn accepts_held_deliver_sm_in_order_per_system_id() {
        let mut h = Held::default();
        h.push("a", Bytes::from_static(b"1"), HeldKind::Receipt);
        h.push("b", Bytes::from_static(b"x"), HeldKind::Mo);
        h.push("a", Bytes::from_static(b"2"), HeldKind::Receipt);
        let a: Vec<_> = h.take("a").into_iter().map(|(b, _)| b).collect();
        assert_eq!(a, [Bytes::from_static(b"1"), Bytes::from_static(b"2")]);
        assert!(h.take("a").is_empty());
        assert_eq!(h.take("b").len(), 1);
        assert_eq!(h.len, 0);
    }
}
