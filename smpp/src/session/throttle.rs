//! Back-off after ESME_RTHROTTLED / ESME_RMSGQFUL, and the optional per-PDU rate limit.

use core::time::Duration;
use std::time::Instant;

use super::config::RateLimit;

/// Pause and rate state for outgoing user requests.
#[derive(Clone, Debug, Default)]
pub(crate) struct Throttle {
    paused_until: Option<Instant>,
    rate: Option<Gcra>,
}

/// Generic cell rate algorithm: one theoretical arrival time.
#[derive(Clone, Copy, Debug)]
struct Gcra {
    interval: Duration,
    burst: Duration,
    tat: Option<Instant>,
}

impl Throttle {
    pub(crate) fn new(limit: Option<RateLimit>) -> Self {
        Self {
            paused_until: None,
            rate: limit.map(|l| {
                let pdus = l.pdus.max(1);
                Gcra {
                    interval: l.per / pdus,
                    burst: l.per,
                    tat: None,
                }
            }),
        }
    }

    /// Pauses until `until` (never shortening a longer pause).
    pub(crate) fn pause(&mut self, until: Instant) {
        if self.paused_until.is_none_or(|p| p < until) {
            self.paused_until = Some(until);
        }
    }

    pub(crate) fn paused_until(&self) -> Option<Instant> {
        self.paused_until
    }

    /// Ends a pause that has run out.
    pub(crate) fn resume(&mut self, now: Instant) {
        if self.paused_until.is_some_and(|p| p <= now) {
            self.paused_until = None;
        }
    }

    /// When the next PDU may go, or `None` if it may go at `now`.
    pub(crate) fn blocked_until(&self, now: Instant) -> Option<Instant> {
        if let Some(p) = self.paused_until
            && p > now
        {
            return Some(p);
        }
        let g = self.rate.as_ref()?;
        let tat = g.tat?.max(now);
        // Allowed when tat + interval <= now + burst.
        let ready = (tat + g.interval).checked_sub(g.burst)?;
        (ready > now).then_some(ready)
    }

    /// Counts one PDU sent at `now`.
    /// Whether a rate limit is set (each PDU sent spends some of it).
    #[cfg(feature = "tokio")]
    pub(crate) fn is_rate_limited(&self) -> bool {
        self.rate.is_some()
    }

    pub(crate) fn consume(&mut self, now: Instant) {
        if let Some(g) = self.rate.as_mut() {
            g.tat = Some(g.tat.map_or(now, |t| t.max(now)) + g.interval);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_burst_then_spacing() {
        let t = Instant::now() + Duration::from_secs(10);
        let mut th = Throttle::new(Some(RateLimit {
            pdus: 10,
            per: Duration::from_secs(1),
        }));
        for _ in 0..10 {
            assert_eq!(th.blocked_until(t), None);
            th.consume(t);
        }
        let next = th.blocked_until(t).unwrap();
        assert_eq!(next, t + Duration::from_millis(100));
        assert_eq!(th.blocked_until(next), None);
    }

    #[test]
    fn accepts_pause_and_resume() {
        let t = Instant::now();
        let mut th = Throttle::new(None);
        th.pause(t + Duration::from_secs(1));
        th.pause(t + Duration::from_millis(500));
        assert_eq!(th.blocked_until(t), Some(t + Duration::from_secs(1)));
        th.resume(t + Duration::from_secs(1));
        assert_eq!(th.blocked_until(t + Duration::from_secs(1)), None);
    }
}
