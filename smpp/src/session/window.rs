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

/// The window: each request in the slot its sequence number picks (`sequence_number &
/// (slots - 1)`), so a response finds its request without hashing or probing. Our
/// sequence numbers are allocated in turn, skipping any whose slot is taken
/// ([`is_free`](Self::is_free)), and the table is kept at most three quarters full, so a
/// number is found at once or a few further on.
///
/// Deadlines mostly come from one response timeout and a non-decreasing `now`, so a FIFO
/// of (deadline, sequence) stays sorted by appending; a request with a shorter timeout of
/// its own is inserted in order. Entries whose request was answered are skipped lazily
/// and compacted when they pile up.
#[derive(Debug)]
pub(crate) struct Window<T> {
    slots: Vec<Option<(u32, Pending<T>)>>,
    /// Requests in the slots.
    len: usize,
    deadlines: VecDeque<(Instant, u32)>,
    user: usize,
}

/// The fewest slots a table has once it has any.
const MIN_SLOTS: usize = 8;

impl<T> Window<T> {
    pub(crate) fn new() -> Self {
        Self {
            slots: Vec::new(),
            len: 0,
            deadlines: VecDeque::new(),
            user: 0,
        }
    }

    /// Frees the tables when nothing is outstanding (see `Session::release_idle`).
    #[cfg(feature = "tokio")]
    pub(crate) fn release_idle(&mut self) {
        if self.len == 0 && self.slots.capacity() != 0 {
            self.slots = Vec::new();
        }
        if self.deadlines.is_empty() && self.deadlines.capacity() != 0 {
            self.deadlines = VecDeque::new();
        }
    }

    /// Requests of the caller's in flight (internal ones excluded).
    pub(crate) fn user_len(&self) -> usize {
        self.user
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    fn slot(&self, sequence_number: u32) -> usize {
        sequence_number as usize & (self.slots.len().wrapping_sub(1))
    }

    fn get(&self, sequence_number: u32) -> Option<&Pending<T>> {
        match self.slots.get(self.slot(sequence_number))? {
            Some((s, p)) if *s == sequence_number => Some(p),
            _ => None,
        }
    }

    /// Whether `sequence_number` may be given to a new request: its slot is empty. Makes
    /// room first, so that one more request leaves the table at most three quarters full.
    pub(crate) fn is_free(&mut self, sequence_number: u32) -> bool {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let at = self.slot(sequence_number);
        self.slots[at].is_none()
    }

    /// Doubles the table (from [`MIN_SLOTS`]). Two numbers in different slots of the old
    /// table differ in the bits of its mask, so they stay apart in the new one.
    #[cold]
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(MIN_SLOTS);
        let old = core::mem::replace(&mut self.slots, Vec::with_capacity(size));
        self.slots.resize_with(size, || None);
        for (s, p) in old.into_iter().flatten() {
            let at = self.slot(s);
            self.slots[at] = Some((s, p));
        }
    }

    pub(crate) fn has_enquire_link(&self) -> bool {
        self.slots
            .iter()
            .flatten()
            .any(|(_, p)| matches!(p.owner, Owner::EnquireLink))
    }

    /// Puts a request in its slot, which [`is_free`](Self::is_free) found empty when its
    /// sequence number was allocated.
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
        self.put(sequence_number, pending);
        if self.deadlines.len() > 2 * self.len + 1024 {
            let slots = &self.slots;
            let mask = slots.len().wrapping_sub(1);
            self.deadlines.retain(|&(d, s)| {
                matches!(slots.get(s as usize & mask), Some(Some((n, p))) if *n == s && p.deadline == d)
            });
        }
    }

    /// Stores a request in its slot. Every number comes from the allocator, which skips the
    /// numbers in use (`is_free`), or is a drained request's own number going back into the
    /// emptied window, so the slot is empty or holds a request of another number; the table
    /// then grows until the two part. A request of the same number cannot be there (two
    /// requests under one number could not both be answered); were one there, it would be
    /// replaced, which debug builds refuse.
    fn put(&mut self, sequence_number: u32, pending: Pending<T>) {
        while !self.is_free(sequence_number) {
            if self.get(sequence_number).is_some() {
                debug_assert!(false, "sequence number {sequence_number} is in use");
                // Keep the count honest.
                if let Some(old) = self.take(sequence_number)
                    && matches!(old.owner, Owner::User(_))
                {
                    self.user -= 1;
                }
            } else {
                self.grow();
            }
        }
        let at = self.slot(sequence_number);
        self.slots[at] = Some((sequence_number, pending));
        self.len += 1;
    }

    /// Empties the slot of `sequence_number` if that request is in it.
    fn take(&mut self, sequence_number: u32) -> Option<Pending<T>> {
        let at = self.slot(sequence_number);
        let slot = self.slots.get_mut(at)?;
        if !matches!(slot, Some((s, _)) if *s == sequence_number) {
            return None;
        }
        self.len -= 1;
        slot.take().map(|(_, p)| p)
    }

    /// Takes our pending bind out of the window (a generic_nack with sequence_number 0
    /// answers it: the peer could not read its header).
    pub(crate) fn remove_bind(&mut self) -> Option<(u32, Pending<T>)> {
        let seq = self
            .slots
            .iter()
            .flatten()
            .find(|(_, p)| matches!(p.owner, Owner::Bind(_)))
            .map(|(s, _)| *s)?;
        self.remove(seq).map(|p| (seq, p))
    }

    /// Takes the request `sequence_number` out of the window.
    pub(crate) fn remove(&mut self, sequence_number: u32) -> Option<Pending<T>> {
        let p = self.take(sequence_number)?;
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
        self.put(sequence_number, pending);
        // Its deadline entry may have been skipped as stale: re-add it in order.
        let at = self.deadlines.partition_point(|(d, _)| *d <= deadline);
        self.deadlines.insert(at, (deadline, sequence_number));
    }

    fn skip_stale(&mut self) {
        while let Some(&(d, s)) = self.deadlines.front() {
            if self.get(s).is_some_and(|p| p.deadline == d) {
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
        let mut all: Vec<_> = self.slots.iter_mut().filter_map(Option::take).collect();
        all.sort_by_key(|(_, p)| p.order);
        self.deadlines.clear();
        self.len = 0;
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
    fn accepts_a_stuck_request_in_a_table_that_stays_small() {
        // Numbers from the session's allocator skip the stuck request's slot: the table
        // neither grows nor loses it, whatever the traffic behind it.
        let t = Instant::now();
        let mut seq = super::super::sequence::Sequence::new(1);
        let mut w = Window::new();
        let stuck = seq.allocate(|n| !w.is_free(n));
        w.insert(stuck, pending(t, 0));
        for order in 1..10_000 {
            let s = seq.allocate(|n| !w.is_free(n));
            assert_ne!(s, stuck);
            w.insert(s, pending(t + Duration::from_millis(order), order));
            assert!(w.remove(s).is_some());
        }
        assert_eq!(w.slots.len(), MIN_SLOTS);
        assert_eq!(w.pop_expired(t).map(|(s, _)| s), Some(stuck));
        assert_eq!(w.len(), 0);
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
