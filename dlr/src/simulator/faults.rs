//! Fault injection: error statuses at given rates, throttling above a rate, slow
//! responses, dropped connections. Time comes in as an argument, randomness from a seed.

use core::time::Duration;
use std::vec::Vec;

use smpp::CommandStatus;

use super::rng::Rng;

/// What faults to inject.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FaultConfig {
    /// Fractions (0..=1, together at most 1) of submissions answered with each status.
    pub(crate) errors: Vec<(CommandStatus, f64)>,
    /// Submissions per second above which ESME_RTHROTTLED is answered.
    pub(crate) throttle_above: Option<u32>,
    /// Delay before each response to a submission.
    pub(crate) response_delay: Duration,
    /// Close the connection abruptly after every this many submissions received on it.
    pub(crate) drop_every: Option<u64>,
}

/// How to answer one submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// ESME_ROK, or the error status to answer with.
    pub(crate) status: CommandStatus,
    /// Wait this long before answering.
    pub(crate) delay: Duration,
}

/// The fault injector: a token bucket for throttling and a seeded random source.
#[derive(Debug, Clone)]
pub(crate) struct Faults {
    config: FaultConfig,
    rng: Rng,
    /// Tokens left and when they were last refilled.
    tokens: f64,
    refilled: Option<Duration>,
}

impl Faults {
    /// An injector for `config`, randomness from `seed`.
    pub(crate) fn new(config: FaultConfig, seed: u64) -> Self {
        Self {
            tokens: config.throttle_above.map_or(0.0, f64::from),
            config,
            rng: Rng::new(seed),
            refilled: None,
        }
    }

    /// Judges a submission arriving at `now` (time since any fixed origin).
    ///
    /// Throttling is a token bucket holding one second's worth of submissions: a burst of
    /// `N` passes, then `N` per second. SMPP 3.4 §5.1.3: ESME_RTHROTTLED (0x58)
    /// "Throttling error (ESME has exceeded allowed message limits)".
    pub(crate) fn judge(&mut self, now: Duration) -> Verdict {
        let delay = self.config.response_delay;
        if let Some(rate) = self.config.throttle_above {
            let rate = f64::from(rate.max(1));
            if let Some(last) = self.refilled {
                let elapsed = now.saturating_sub(last).as_secs_f64();
                self.tokens = (self.tokens + elapsed * rate).min(rate);
            }
            self.refilled = Some(now);
            if self.tokens < 1.0 {
                return Verdict {
                    status: CommandStatus::ESME_RTHROTTLED,
                    delay,
                };
            }
            self.tokens -= 1.0;
        }
        // One draw decides between the error statuses, each taking its share of [0, 1).
        let status = match self.config.errors.as_slice() {
            [] => CommandStatus::ESME_ROK,
            [(status, rate)] => match self.rng.chance(*rate) {
                true => *status,
                false => CommandStatus::ESME_ROK,
            },
            errors => {
                let draw = self.rng.next_f64();
                let mut upto = 0.0;
                errors
                    .iter()
                    .find(|(_, rate)| {
                        upto += rate;
                        draw < upto
                    })
                    .map_or(CommandStatus::ESME_ROK, |(status, _)| *status)
            }
        };
        Verdict { status, delay }
    }

    /// Whether the connection should be dropped after its `received`-th submission.
    pub(crate) fn drop_after(&self, received: u64) -> bool {
        self.config
            .drop_every
            .is_some_and(|n| n > 0 && received > 0 && received.is_multiple_of(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn accepts_everything_without_faults() {
        let mut f = Faults::new(FaultConfig::default(), 1);
        for i in 0..1000 {
            assert_eq!(f.judge(ms(i)).status, CommandStatus::ESME_ROK);
        }
    }

    #[test]
    fn rejects_everything_at_rate_one() {
        let mut f = Faults::new(
            FaultConfig {
                errors: vec![(CommandStatus::ESME_RSUBMITFAIL, 1.0)],
                ..Default::default()
            },
            1,
        );
        assert_eq!(f.judge(ms(0)).status, CommandStatus::ESME_RSUBMITFAIL);
    }

    #[test]
    fn rejects_about_the_configured_fraction() {
        let mut f = Faults::new(
            FaultConfig {
                errors: vec![(CommandStatus::ESME_RSUBMITFAIL, 0.1)],
                ..Default::default()
            },
            42,
        );
        let rejected = (0..10_000)
            .filter(|&i| f.judge(ms(i)).status != CommandStatus::ESME_ROK)
            .count();
        assert!((800..1200).contains(&rejected), "{rejected}");
    }

    // SMPP 3.4 §5.1.3: ESME_RMSGQFUL 0x14 "Message Queue Full", ESME_RSYSERR 0x08.
    #[test]
    fn rejects_with_each_status_at_its_rate() {
        let mut f = Faults::new(
            FaultConfig {
                errors: vec![
                    (CommandStatus::ESME_RMSGQFUL, 0.2),
                    (CommandStatus::ESME_RSYSERR, 0.3),
                ],
                ..Default::default()
            },
            9,
        );
        let mut counts = [0u32; 3];
        for i in 0..10_000 {
            match f.judge(ms(i)).status {
                CommandStatus::ESME_RMSGQFUL => counts[0] += 1,
                CommandStatus::ESME_RSYSERR => counts[1] += 1,
                _ => counts[2] += 1,
            }
        }
        assert!((1_800..2_200).contains(&counts[0]), "{counts:?}");
        assert!((2_700..3_300).contains(&counts[1]), "{counts:?}");
        assert!((4_600..5_400).contains(&counts[2]), "{counts:?}");
    }

    #[test]
    fn rejects_above_the_throttle_rate_and_recovers() {
        let mut f = Faults::new(
            FaultConfig {
                throttle_above: Some(10),
                ..Default::default()
            },
            1,
        );
        // A burst of 10 at t=0 passes, the 11th is throttled.
        for _ in 0..10 {
            assert_eq!(f.judge(ms(0)).status, CommandStatus::ESME_ROK);
        }
        assert_eq!(f.judge(ms(0)).status, CommandStatus::ESME_RTHROTTLED);
        // 100 ms later one token has come back (10 per second).
        assert_eq!(f.judge(ms(100)).status, CommandStatus::ESME_ROK);
        assert_eq!(f.judge(ms(100)).status, CommandStatus::ESME_RTHROTTLED);
        // Evenly spaced at the rate, nothing is throttled.
        for i in 1..=50 {
            assert_eq!(f.judge(ms(100 + i * 100)).status, CommandStatus::ESME_ROK);
        }
    }

    #[test]
    fn accepts_delay_and_drop_schedule() {
        let f = Faults::new(
            FaultConfig {
                response_delay: ms(250),
                drop_every: Some(3),
                ..Default::default()
            },
            1,
        );
        assert_eq!(f.clone().judge(ms(0)).delay, ms(250));
        assert!(!f.drop_after(1) && !f.drop_after(2) && f.drop_after(3) && f.drop_after(6));
    }
}
