//! What the SMSC simulator remembers of each accepted message, for query_sm, cancel_sm and
//! replace_sm: its state and when it became final. Bounded: the oldest are forgotten.

use std::collections::{HashMap, VecDeque};

use dlr::State;

/// One message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stored {
    /// ENROUTE until its receipt time, then the final state.
    pub(crate) state: State,
    /// When it became final (Unix seconds).
    pub(crate) final_at: Option<u64>,
}

/// Messages by id, oldest evicted beyond the capacity.
#[derive(Debug)]
pub(crate) struct Store {
    by_id: HashMap<String, Stored>,
    order: VecDeque<String>,
    capacity: usize,
}

impl Store {
    /// A store of at most `capacity` messages.
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            by_id: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Remembers a newly accepted message (ENROUTE).
    pub(crate) fn insert(&mut self, id: &str) {
        while self.order.len() >= self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.by_id.remove(&old);
            }
        }
        self.order.push_back(id.to_owned());
        self.by_id.insert(
            id.to_owned(),
            Stored {
                state: State::Enroute,
                final_at: None,
            },
        );
    }

    /// The message, if remembered.
    pub(crate) fn get(&self, id: &str) -> Option<Stored> {
        self.by_id.get(id).copied()
    }

    /// Records the final state reached at `at`; the first final state sticks.
    pub(crate) fn finish(&mut self, id: &str, state: State, at: u64) -> Option<Stored> {
        let s = self.by_id.get_mut(id)?;
        if !s.state.is_final() {
            s.state = state;
            s.final_at = Some(at);
        }
        Some(*s)
    }

    /// Whether the message is still pending (so cancel_sm / replace_sm may act on it).
    pub(crate) fn is_pending(&self, id: &str) -> bool {
        self.get(id).is_some_and(|s| !s.state.is_final())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lifecycle_and_first_final_state_sticks() {
        let mut s = Store::new(10);
        s.insert("1");
        assert!(s.is_pending("1"));
        s.finish("1", State::Deleted, 5);
        s.finish("1", State::Delivered, 9);
        assert_eq!(
            s.get("1"),
            Some(Stored {
                state: State::Deleted,
                final_at: Some(5)
            })
        );
        assert!(!s.is_pending("1") && !s.is_pending("2"));
    }

    #[test]
    fn accepts_eviction_of_the_oldest() {
        let mut s = Store::new(2);
        s.insert("1");
        s.insert("2");
        s.insert("3");
        assert_eq!(s.get("1"), None);
        assert!(s.get("2").is_some() && s.get("3").is_some());
    }
}
