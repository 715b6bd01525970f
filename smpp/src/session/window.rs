//! Outstanding requests keyed by sequence number, each with its response deadline.

use core::hash::{BuildHasherDefault, Hasher};
use core::time::Duration;
use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use bytes::Bytes;

use super::config::BindKind;
use crate::CommandId;

/// Who is waiting for a response.
#[derive(Debug)]
pub(crate) enum Owner<T> {
    /// A request of the caller's, with its token.
    User(T),
    /// Our bind request.
    Bind(BindKind),
    /// Our enquire_link.
    EnquireLink,
    /// Our unbind.
    Unbind,
    /// An enquire_link the caller asked for ([`Session::enquire_link`](super::Session::enquire_link)),
    /// with its token: it has an outcome but takes no window slot.
    Probe(T),
}

/// A request waiting for its response.
#[derive(Debug)]
pub(crate) struct Pending<T> {
    pub(crate) owner: Owner<T>,
    pub(crate) command_id: CommandId,
    pub(crate) deadline: Instant,
    /// Submission order, kept across throttle retries.
    pub(crate) order: u64,
    /// The encoded request, kept when it may be resent after throttling.
    pub(crate) retained: Option<Bytes>,
    /// How many times it has been throttled so far.
    pub(crate) attempts: u8,
    /// How long it waits for its response each time it is sent.
    pub(crate) timeout: Duration,
}

/// Fibonacci hashing for sequence numbers: the keys are our own, mostly consecutive,
/// so no HashDoS concern, and SipHash would dominate the per-PDU cost.
#[derive(Default, Debug, Clone, Copy)]
pub(crate) struct SequenceHasher(u64);

impl Hasher for SequenceHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub(crate) type SequenceMap<V> = HashMap<u32, V, BuildHasherDefault<SequenceHasher>>;

/// The window. Deadlines mostly come from one response timeout and a non-decreasing
/// `now`, so a FIFO of (deadline, sequence) stays sorted by appending; a request with a
/// shorter timeout of its own is inserted in order. Entries whose request was answered
/// are skipped lazily and compacted when they pile up.
#[derive(Debug)]
pub(crate) struct Window<T> {
    pending: SequenceMap<Pending<T>>,
    deadlines: VecDeque<(Instant, u32)>,
    user: usize,
}

impl<T> Window<T> {
    pub(crate) fn new() -> Self {
        Self {
            pending: SequenceMap::default(),
            deadlines: VecDeque::new(),
            user: 0,
        }
    }

    /// Requests of the caller's in flight (internal ones excluded).
    /// Frees the tables when nothing is outstanding (see `Session::release_idle`).
    pub(crate) fn release_idle(&mut self) {
        if self.pending.is_empty() && self.pending.capacity() != 0 {
            self.pending = SequenceMap::default();
        }
        if self.deadlines.is_empty() && self.deadlines.capacity() != 0 {
            self.deadlines = VecDeque::new();
        }
    }

    pub(crate) fn user_len(&self) -> usize {
        self.user
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.pending.len()
    }

    pub(crate) fn contains(&self, sequence_number: u32) -> bool {
        self.pending.contains_key(&sequence_number)
    }

    pub(crate) fn has_enquire_link(&self) -> bool {
        self.pending
            .values()
            .any(|p| matches!(p.owner, Owner::EnquireLink))
    }

    pub(crate) fn insert(&mut self, sequence_number: u32, pending: Pending<T>) {
        if matches!(pending.owner, Owner::User(_)) {
            self.user += 1;
        }
        let deadline = pending.deadline;
        if self.deadlines.back().is_none_or(|&(d, _)| d <= deadline) {
            self.deadlines.push_back((deadline, sequence_number));
        } else {
            let at = self.deadlines.partition_point(|(d, _)| *d <= deadline);
            self.deadlines.insert(at, (deadline, sequence_number));
        }
        if let Some(old) = self.pending.insert(sequence_number, pending) {
            // The allocator never hands out a number in use; keep the count honest anyway.
            if matches!(old.owner, Owner::User(_)) {
                self.user -= 1;
            }
        }
        if self.deadlines.len() > 2 * self.pending.len() + 1024 {
            let pending = &self.pending;
            self.deadlines
                .retain(|(d, s)| pending.get(s).is_some_and(|p| p.deadline == *d));
        }
    }

    /// Takes our pending bind out of the window (a generic_nack with sequence_number 0
    /// answers it: the peer could not read its header).
    pub(crate) fn remove_bind(&mut self) -> Option<(u32, Pending<T>)> {
        let seq = self
            .pending
            .iter()
            .find(|(_, p)| matches!(p.owner, Owner::Bind(_)))
            .map(|(s, _)| *s)?;
        self.remove(seq).map(|p| (seq, p))
    }

    /// Takes the request `sequence_number` out of the window.
    pub(crate) fn remove(&mut self, sequence_number: u32) -> Option<Pending<T>> {
        let p = self.pending.remove(&sequence_number)?;
        if matches!(p.owner, Owner::User(_)) {
            self.user -= 1;
        }
        self.skip_stale();
        Some(p)
    }

    /// Puts back a request taken out by [`remove`](Self::remove) without touching its deadline.
    pub(crate) fn restore(&mut self, sequence_number: u32, pending: Pending<T>) {
        if matches!(pending.owner, Owner::User(_)) {
            self.user += 1;
        }
        let deadline = pending.deadline;
        self.pending.insert(sequence_number, pending);
        // Its deadline entry may have been skipped as stale: re-add it in order.
        let at = self.deadlines.partition_point(|(d, _)| *d <= deadline);
        self.deadlines.insert(at, (deadline, sequence_number));
    }

    fn skip_stale(&mut self) {
        while let Some(&(d, s)) = self.deadlines.front() {
            if self.pending.get(&s).is_some_and(|p| p.deadline == d) {
                break;
            }
            self.deadlines.pop_front();
        }
    }

    /// The earliest response deadline.
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        self.deadlines.front().map(|&(d, _)| d)
    }

    /// The next request whose deadline is at or before `now`.
    pub(crate) fn pop_expired(&mut self, now: Instant) -> Option<(u32, Pending<T>)> {
        self.skip_stale();
        let &(d, s) = self.deadlines.front()?;
        if d > now {
            return None;
        }
        self.deadlines.pop_front();
        let p = self.remove(s)?;
        Some((s, p))
    }

    /// Empties the window, oldest submission first.
    pub(crate) fn drain(&mut self) -> Vec<(u32, Pending<T>)> {
        let mut all: Vec<_> = self.pending.drain().collect();
        all.sort_by_key(|(_, p)| p.order);
        self.deadlines.clear();
        self.user = 0;
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::time::Duration;

    fn pending(deadline: Instant, order: u64) -> Pending<u64> {
        Pending {
            owner: Owner::User(order),
            command_id: CommandId::SUBMIT_SM,
            deadline,
            order,
            retained: None,
            attempts: 0,
            timeout: Duration::from_secs(30),
        }
    }

    #[test]
    fn accepts_out_of_order_removal() {
        let t = Instant::now();
        let mut w = Window::new();
        for s in 1..=3 {
            w.insert(
                s,
                pending(t + Duration::from_secs(u64::from(s)), u64::from(s)),
            );
        }
        assert!(w.remove(2).is_some());
        assert!(w.remove(2).is_none());
        assert_eq!(w.user_len(), 2);
        assert_eq!(w.next_deadline(), Some(t + Duration::from_secs(1)));
        assert!(w.remove(1).is_some());
        assert_eq!(w.next_deadline(), Some(t + Duration::from_secs(3)));
        assert!(w.pop_expired(t + Duration::from_secs(2)).is_none());
        assert_eq!(
            w.pop_expired(t + Duration::from_secs(3)).map(|(s, _)| s),
            Some(3)
        );
        assert_eq!(w.len(), 0);
    }

    #[test]
    fn accepts_compaction_under_one_stuck_request() {
        let t = Instant::now();
        let mut w = Window::new();
        w.insert(1, pending(t, 0));
        for s in 2..10_000 {
            w.insert(
                s,
                pending(t + Duration::from_millis(u64::from(s)), u64::from(s)),
            );
            w.remove(s);
        }
        assert!(w.deadlines.len() <= 2 * w.len() + 1025);
        assert_eq!(w.pop_expired(t).map(|(s, _)| s), Some(1));
    }

    #[test]
    fn expires_a_shorter_timeout_first() {
        // A request with its own, shorter timeout inserted after longer ones expires first.
        let t = Instant::now();
        let mut w = Window::new();
        w.insert(1, pending(t + Duration::from_secs(30), 1));
        w.insert(2, pending(t + Duration::from_secs(30), 2));
        w.insert(3, pending(t + Duration::from_secs(1), 3));
        assert_eq!(w.next_deadline(), Some(t + Duration::from_secs(1)));
        assert_eq!(
            w.pop_expired(t + Duration::from_secs(1)).map(|(s, _)| s),
            Some(3)
        );
        assert!(w.pop_expired(t + Duration::from_secs(2)).is_none());
    }
}
