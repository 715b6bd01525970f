//! Session timers in a fixed table indexed by [`Timer`] (per-request response
//! deadlines live in the window).

use std::time::Instant;

/// The session's timers (SMPP 5.0 §2.10 names them session_init_timer,
/// enquire_link_timer, inactivity_timer; response_timer is per request).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Timer {
    /// Send an enquire_link when it fires.
    EnquireLink = 0,
    /// Nothing received for too long: the link is dead.
    Dead = 1,
    /// An SMSC that has not seen a bind by then closes.
    SessionInit = 2,
    /// Throttling back-off ends.
    Throttle = 3,
    /// The rate limit lets the next request out.
    Rate = 4,
}

const COUNT: usize = 5;
const ALL: [Timer; COUNT] = [
    Timer::EnquireLink,
    Timer::Dead,
    Timer::SessionInit,
    Timer::Throttle,
    Timer::Rate,
];

/// One optional deadline per [`Timer`].
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TimerTable {
    at: [Option<Instant>; COUNT],
}

impl TimerTable {
    pub(crate) fn set(&mut self, timer: Timer, at: Instant) {
        self.at[timer as usize] = Some(at);
    }

    pub(crate) fn stop(&mut self, timer: Timer) {
        self.at[timer as usize] = None;
    }

    pub(crate) fn get(&self, timer: Timer) -> Option<Instant> {
        self.at[timer as usize]
    }

    pub(crate) fn stop_all(&mut self) {
        self.at = [None; COUNT];
    }

    /// The earliest armed deadline.
    pub(crate) fn next(&self) -> Option<Instant> {
        self.at.iter().flatten().min().copied()
    }

    /// Disarms and returns a timer that has fired by `now`, earliest first.
    pub(crate) fn take_expired(&mut self, now: Instant) -> Option<Timer> {
        let t = ALL
            .into_iter()
            .filter(|&t| self.get(t).is_some_and(|at| at <= now))
            .min_by_key(|&t| self.get(t))?;
        self.stop(t);
        Some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::time::Duration;

    #[test]
    fn accepts_earliest_first() {
        let t = Instant::now();
        let mut table = TimerTable::default();
        table.set(Timer::Dead, t + Duration::from_secs(2));
        table.set(Timer::EnquireLink, t + Duration::from_secs(1));
        assert_eq!(table.next(), Some(t + Duration::from_secs(1)));
        assert_eq!(table.take_expired(t), None);
        let later = t + Duration::from_secs(5);
        assert_eq!(table.take_expired(later), Some(Timer::EnquireLink));
        assert_eq!(table.take_expired(later), Some(Timer::Dead));
        assert_eq!(table.take_expired(later), None);
        assert_eq!(table.next(), None);
    }
}
