//! Which bind sends which part next: least-loaded dispatch over the binds that are up,
//! each with its own window and rate, the parts of one message kept on one bind.
//!
//! No I/O and no clock: the messenger's task tells it what happened (a part answered, a
//! bind dropped or came back) and asks it what to send at `now`.

use alloc::vec::Vec;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// A message waiting for (or being sent on) a bind: its id and the parts left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Queued {
    pub(crate) id: u64,
    pub(crate) next_part: u16,
    pub(crate) parts: u16,
}

/// One bind as the dispatcher sees it.
#[derive(Debug)]
struct Slot {
    /// Bound and able to submit.
    up: bool,
    /// A transmitter or transceiver (a receiver never submits).
    submits: bool,
    window: usize,
    in_flight: usize,
    /// Parts leave at least this far apart (the bind's rate).
    gap: Option<Duration>,
    next_at: Option<Instant>,
    /// The message whose parts this bind is sending.
    current: Option<Queued>,
}

/// The dispatcher (see the module docs).
#[derive(Debug, Default)]
pub(crate) struct Dispatcher {
    slots: Vec<Slot>,
    ready: VecDeque<Queued>,
}

impl Dispatcher {
    /// Adds a bind (down until [`up`](Self::up)); returns its index.
    pub(crate) fn add_bind(&mut self, submits: bool, window: usize, rate: Option<u32>) -> usize {
        self.slots.push(Slot {
            up: false,
            submits,
            window: window.max(1),
            in_flight: 0,
            gap: rate.map(|n| Duration::from_secs(1) / n.max(1)),
            next_at: None,
            current: None,
        });
        self.slots.len() - 1
    }

    /// Queues a message of `parts` parts behind the others.
    pub(crate) fn push(&mut self, id: u64, parts: u16) {
        self.ready.push_back(Queued {
            id,
            next_part: 0,
            parts,
        });
    }

    /// Messages and partly sent messages not on any bind yet.
    pub(crate) fn queued(&self) -> usize {
        self.ready.len()
    }

    /// Whether any bind can submit.
    pub(crate) fn any_up(&self) -> bool {
        self.slots.iter().any(|s| s.up && s.submits)
    }

    /// Whether nothing is queued and no bind has parts of a message left to send.
    pub(crate) fn is_idle(&self) -> bool {
        self.ready.is_empty() && self.slots.iter().all(|s| s.current.is_none())
    }

    /// Whether bind `bind` is up.
    pub(crate) fn is_up(&self, bind: usize) -> bool {
        self.slots.get(bind).is_some_and(|s| s.up)
    }

    /// Bind `bind` is bound (again).
    pub(crate) fn up(&mut self, bind: usize) {
        if let Some(s) = self.slots.get_mut(bind) {
            s.up = true;
        }
    }

    /// Bind `bind` dropped: the parts of its message not yet handed to it go first, on
    /// another bind. Its requests in flight end by themselves (as lost);
    /// [`answered`](Self::answered) is still called for each.
    pub(crate) fn down(&mut self, bind: usize) {
        if let Some(s) = self.slots.get_mut(bind) {
            s.up = false;
            if let Some(q) = s.current.take() {
                self.ready.push_front(q);
            }
        }
    }

    /// A part handed to `bind` has its outcome: a window slot is free.
    pub(crate) fn answered(&mut self, bind: usize) {
        if let Some(s) = self.slots.get_mut(bind) {
            s.in_flight = s.in_flight.saturating_sub(1);
        }
    }

    /// Takes every message still queued (closing: they will not be sent).
    pub(crate) fn drain(&mut self) -> Vec<Queued> {
        let mut all: Vec<Queued> = self.ready.drain(..).collect();
        all.extend(self.slots.iter_mut().filter_map(|s| s.current.take()));
        all
    }

    /// The next part to send at `now`: `(bind, message id, part)`. The least-loaded bind
    /// with room and within its rate goes first; a bind finishes its message before it
    /// takes the next from the queue.
    pub(crate) fn next(&mut self, now: Instant) -> Option<(usize, u64, u16)> {
        let mut skip = 0u64; // binds with nothing to do this round (at most 64 considered)
        loop {
            let (i, _) = self
                .slots
                .iter()
                .enumerate()
                .filter(|(i, s)| {
                    *i < 64
                        && skip & (1 << i) == 0
                        && s.up
                        && s.submits
                        && s.in_flight < s.window
                        && s.next_at.is_none_or(|t| t <= now)
                })
                .min_by_key(|(_, s)| s.in_flight)?;
            let slot = &mut self.slots[i];
            if slot.current.is_none() {
                match self.ready.pop_front() {
                    Some(q) => slot.current = Some(q),
                    None => {
                        skip |= 1 << i;
                        continue;
                    }
                }
            }
            let q = slot.current.as_mut()?;
            let part = q.next_part;
            q.next_part += 1;
            let id = q.id;
            if q.next_part >= q.parts {
                slot.current = None;
            }
            slot.in_flight += 1;
            if let Some(gap) = slot.gap {
                slot.next_at = Some(slot.next_at.map_or(now, |t| t.max(now)) + gap);
            }
            return Some((i, id, part));
        }
    }

    /// When a bind paused by its rate may send again, if any is waiting only for that.
    pub(crate) fn wake_at(&self, now: Instant) -> Option<Instant> {
        if self.is_idle() {
            return None;
        }
        self.slots
            .iter()
            .filter(|s| s.up && s.submits && s.in_flight < s.window)
            .filter_map(|s| s.next_at.filter(|&t| t > now))
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_binds(window: usize) -> Dispatcher {
        let mut d = Dispatcher::default();
        for _ in 0..2 {
            let b = d.add_bind(true, window, None);
            d.up(b);
        }
        d
    }

    #[test]
    fn accepts_least_loaded_bind_first() {
        let mut d = two_binds(4);
        for id in 0..4 {
            d.push(id, 1);
        }
        let now = Instant::now();
        let binds: Vec<usize> = (0..4).map(|_| d.next(now).unwrap().0).collect();
        // Alternates: each send makes the other bind the less loaded.
        assert_eq!(binds, [0, 1, 0, 1]);
        assert_eq!(d.next(now), None);
    }

    #[test]
    fn accepts_parts_of_one_message_on_one_bind() {
        let mut d = two_binds(8);
        d.push(7, 3);
        d.push(8, 1);
        let now = Instant::now();
        let mut sent = Vec::new();
        while let Some(x) = d.next(now) {
            sent.push(x);
        }
        let on: Vec<usize> = sent.iter().filter(|x| x.1 == 7).map(|x| x.0).collect();
        assert_eq!(on.len(), 3);
        assert!(on.iter().all(|&b| b == on[0]), "{sent:?}");
        assert_eq!(sent.iter().filter(|x| x.1 == 8).count(), 1);
    }

    #[test]
    fn accepts_window_limit_and_release() {
        let mut d = two_binds(1);
        for id in 0..3 {
            d.push(id, 1);
        }
        let now = Instant::now();
        assert!(d.next(now).is_some());
        assert!(d.next(now).is_some());
        assert_eq!(d.next(now), None, "both windows full");
        d.answered(1);
        assert_eq!(d.next(now).map(|x| (x.0, x.1)), Some((1, 2)));
    }

    #[test]
    fn accepts_failover_of_unsent_parts() {
        let mut d = two_binds(8);
        d.down(1);
        d.push(1, 3);
        let now = Instant::now();
        assert_eq!(d.next(now), Some((0, 1, 0)));
        // Bind 0 drops after part 0: parts 1 and 2 go on bind 1 once it is up.
        d.down(0);
        assert_eq!(d.next(now), None);
        assert!(!d.any_up());
        d.up(1);
        assert_eq!(d.next(now), Some((1, 1, 1)));
        assert_eq!(d.next(now), Some((1, 1, 2)));
        assert!(d.is_idle());
    }

    #[test]
    fn accepts_rate_spacing() {
        let mut d = Dispatcher::default();
        let b = d.add_bind(true, 10, Some(10));
        d.up(b);
        for id in 0..3 {
            d.push(id, 1);
        }
        let t0 = Instant::now();
        assert!(d.next(t0).is_some());
        assert_eq!(d.next(t0), None, "paced: 100 ms apart");
        assert_eq!(d.wake_at(t0), Some(t0 + Duration::from_millis(100)));
        assert!(d.next(t0 + Duration::from_millis(100)).is_some());
    }

    #[test]
    fn rejects_receiver_binds_for_submission() {
        let mut d = Dispatcher::default();
        let rx = d.add_bind(false, 10, None);
        d.up(rx);
        d.push(1, 1);
        assert_eq!(d.next(Instant::now()), None);
        let tx = d.add_bind(true, 10, None);
        d.up(tx);
        assert_eq!(d.next(Instant::now()), Some((tx, 1, 0)));
    }
}
