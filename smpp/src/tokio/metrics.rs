//! Counters of a link's requests, kept by its driver and read as a snapshot
//! ([`Link::metrics`](super::Link::metrics)).

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};
use core::time::Duration;
use std::sync::Mutex;

use crate::CommandStatus;
use crate::session::Outcome;

/// Upper bounds of the response-time buckets: 100 µs doubling up to about 52 s; a last
/// bucket takes everything slower.
const BUCKETS: usize = 20;

fn bucket_bound(i: usize) -> Duration {
    Duration::from_micros(100u64 << i)
}

/// The first bucket whose bound is at least `rtt`: ⌈log2(⌈rtt / 100 µs⌉)⌉, capped.
fn bucket_of(rtt: Duration) -> usize {
    // ⌈nanoseconds / 100 µs⌉ without 128-bit division: a second is 10 000 units exactly.
    let units = rtt
        .as_secs()
        .saturating_mul(10_000)
        .saturating_add(u64::from(rtt.subsec_nanos().div_ceil(100_000)));
    if units <= 1 {
        return 0;
    }
    ((64 - (units - 1).leading_zeros()) as usize).min(BUCKETS)
}

/// The live counters, shared by a link's handles and its driver (relaxed atomics: a
/// snapshot is consistent per counter, not across counters).
#[derive(Debug, Default)]
pub(crate) struct Counters {
    submitted: AtomicU64,
    accepted: AtomicU64,
    rejected: AtomicU64,
    timed_out: AtomicU64,
    connection_lost: AtomicU64,
    unbound: AtomicU64,
    cancelled: AtomicU64,
    window_timeouts: AtomicU64,
    throttled: AtomicU64,
    in_flight: AtomicU64,
    response_times: [AtomicU64; BUCKETS + 1],
    by_status: Mutex<Vec<(CommandStatus, u64)>>,
}

/// Adds one to a counter only the link's driver writes (one driver runs a link at a
/// time, and handles read snapshots): a plain load and store, no locked instruction per
/// message.
fn bump(counter: &AtomicU64) {
    counter.store(counter.load(Relaxed).wrapping_add(1), Relaxed);
}

impl Counters {
    pub(crate) fn sent(&self) {
        bump(&self.submitted);
    }

    pub(crate) fn cancelled(&self) {
        self.cancelled.fetch_add(1, Relaxed);
    }

    pub(crate) fn window_timeout(&self) {
        self.window_timeouts.fetch_add(1, Relaxed);
    }

    pub(crate) fn throttled(&self) {
        self.throttled.fetch_add(1, Relaxed);
    }

    pub(crate) fn set_in_flight(&self, n: usize) {
        self.in_flight.store(n as u64, Relaxed);
    }

    /// Counts the outcome of a request sent `rtt` ago.
    #[inline]
    pub(crate) fn outcome(&self, outcome: &Outcome, rtt: Duration) {
        let counter = match outcome {
            Outcome::Accepted(_) | Outcome::Sent => &self.accepted,
            Outcome::Rejected(r) => {
                if let Ok(mut by) = self.by_status.lock() {
                    match by.iter_mut().find(|(s, _)| *s == r.status()) {
                        Some((_, n)) => *n += 1,
                        None => by.push((r.status(), 1)),
                    }
                }
                &self.rejected
            }
            Outcome::Timeout => &self.timed_out,
            Outcome::ConnectionLost => &self.connection_lost,
            _ => &self.unbound,
        };
        bump(counter);
        if outcome.response().is_some() {
            bump(&self.response_times[bucket_of(rtt)]);
        }
    }

    pub(crate) fn snapshot(&self) -> Metrics {
        let mut failed_by_status = self.by_status.lock().map(|v| v.clone()).unwrap_or_default();
        failed_by_status.sort_by_key(|(s, _)| s.0);
        Metrics {
            submitted: self.submitted.load(Relaxed),
            accepted: self.accepted.load(Relaxed),
            rejected: self.rejected.load(Relaxed),
            failed_by_status,
            timed_out: self.timed_out.load(Relaxed),
            connection_lost: self.connection_lost.load(Relaxed),
            unbound: self.unbound.load(Relaxed),
            cancelled: self.cancelled.load(Relaxed),
            window_timeouts: self.window_timeouts.load(Relaxed),
            throttled: self.throttled.load(Relaxed),
            in_flight: self.in_flight.load(Relaxed),
            response_times: ResponseTimes {
                counts: core::array::from_fn(|i| self.response_times[i].load(Relaxed)),
            },
        }
    }
}

/// A snapshot of a link's counters since it was made (all its connections), from
/// [`Link::metrics`](super::Link::metrics).
///
/// Every request sent ([`submitted`](Self::submitted)) ends in exactly one of
/// `accepted`, `rejected`, `timed_out`, `connection_lost`, `unbound`, or is still
/// [`in_flight`](Self::in_flight); requests that never went out are `cancelled` (their
/// future dropped) or `window_timeouts`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use smpp::session::{BindKind, Config};
/// use smpp::tokio::{EsmeClient, EsmeConfig, SmscServer};
/// use smpp::{Bind, CommandStatus, Pdu, SubmitSm};
///
/// let mut config = Config::default();
/// config.auto_respond = true;
/// let server = SmscServer::bind("127.0.0.1:0", config, |_, _: &Bind<'_>| CommandStatus::ESME_ROK).await?;
/// let bind = Bind::new("esme".try_into()?, "pw".try_into()?);
/// let esme = EsmeConfig::new(BindKind::Transmitter, bind);
/// let client = EsmeClient::connect(server.local_addr(), esme).await?;
/// let sm = SubmitSm { short_message: b"hi"[..].try_into()?, ..SubmitSm::default() };
/// client.submit(&Pdu::SubmitSm(sm)).await?;
/// let m = client.link().metrics();
/// assert_eq!((m.submitted, m.accepted, m.in_flight), (1, 1, 0));
/// assert_eq!(m.response_times.count(), 1);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Metrics {
    /// Requests sent to the peer (each once, however often throttling resent it).
    pub submitted: u64,
    /// Answered with ESME_ROK (or, for alert_notification, written).
    pub accepted: u64,
    /// Answered with an error status or generic_nack.
    pub rejected: u64,
    /// `rejected` by status, in command_status order.
    pub failed_by_status: Vec<(CommandStatus, u64)>,
    /// Not answered within their response timeout.
    pub timed_out: u64,
    /// In flight when a connection was lost.
    pub connection_lost: u64,
    /// In flight when the session unbound.
    pub unbound: u64,
    /// Dropped by their caller before they were sent: never sent.
    pub cancelled: u64,
    /// Waited longer than their window-wait timeout for a slot: never sent.
    pub window_timeouts: u64,
    /// Times the peer throttled us (ESME_RTHROTTLED, ESME_RMSGQFUL).
    pub throttled: u64,
    /// Sent and waiting for their outcome, as of the driver's last round.
    pub in_flight: u64,
    /// Response times of the requests answered.
    pub response_times: ResponseTimes,
}

/// A histogram of response times: buckets with upper bounds from 100 µs doubling to
/// about 52 s, and one for anything slower.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseTimes {
    counts: [u64; BUCKETS + 1],
}

impl ResponseTimes {
    /// Each bucket's upper bound (`None` for the last, unbounded one) and count.
    ///
    /// ```
    /// # fn show(times: &smpp::tokio::ResponseTimes) {
    /// for (upper, n) in times.buckets().filter(|(_, n)| *n > 0) {
    ///     println!("≤ {upper:?}: {n}");
    /// }
    /// # }
    /// ```
    pub fn buckets(&self) -> impl Iterator<Item = (Option<Duration>, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .map(|(i, &n)| ((i < BUCKETS).then(|| bucket_bound(i)), n))
    }

    /// Responses counted.
    pub fn count(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The upper bound of the bucket holding the `q` quantile (0.0..=1.0) of the
    /// response times; `None` when none was counted or it lies in the last bucket.
    pub fn quantile(&self, q: f64) -> Option<Duration> {
        let total = self.count();
        if total == 0 {
            return None;
        }
        let rank = ((q.clamp(0.0, 1.0) * total as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (upper, n) in self.buckets() {
            seen += n;
            if seen >= rank {
                return upper;
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_double_from_100us() {
        assert_eq!(bucket_of(Duration::ZERO), 0);
        assert_eq!(bucket_of(Duration::from_micros(100)), 0);
        assert_eq!(bucket_of(Duration::from_micros(101)), 1);
        assert_eq!(bucket_of(Duration::from_millis(1)), 4); // 800 µs < 1 ms ≤ 1.6 ms
        assert_eq!(bucket_of(Duration::from_micros(200)), 1);
        assert_eq!(bucket_of(Duration::from_micros(201)), 2);
        assert_eq!(bucket_of(Duration::from_secs(3600)), BUCKETS);
        for us in [
            1u64, 99, 100, 101, 399, 400, 401, 6_400, 52_428_800, 52_428_801,
        ] {
            let d = Duration::from_micros(us);
            let slow = (0..BUCKETS)
                .find(|&i| d <= bucket_bound(i))
                .unwrap_or(BUCKETS);
            assert_eq!(bucket_of(d), slow, "{us} µs");
        }
        let c = Counters::default();
        c.outcome(&Outcome::Timeout, Duration::from_secs(30));
        let m = c.snapshot();
        assert_eq!((m.timed_out, m.response_times.count()), (1, 0));
        assert_eq!(m.response_times.quantile(0.5), None);
    }
}
