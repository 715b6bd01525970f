//! An SMSC simulator to start inside integration tests (feature `tokio`), as cloudhopper's
//! server, rusmpps and SMPPSim are used: accounts with passwords, message ids, delivery
//! receipts (delay, final state, duplicates, late or early ones), mobile-originated
//! messages, faults (slow responses, error statuses at a rate, throttling, dropped
//! connections), a store of every accepted message, and store and forward of receipts and
//! MO messages to the next receiving bind of the same system_id.
//!
//! ```text
//!  ESME ──TCP──► smpp::tokio::SmscServer ──► a task per bind ──► Policy (sans-IO: accounts,
//!       ◄── deliver_sm (receipts, MO) ──────────┘  timers        faults, ids, store, held)
//! ```
//!
//! The decisions (who binds, what each submission is answered, which receipt follows and
//! when, what is held for a later bind) are made without I/O or clock, time passed in and
//! randomness drawn from a seed ([`SimulatorBuilder::seed`]); the tasks around them only move
//! PDUs and wake up.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use core::time::Duration;
//! use dlr::simulator::Simulator;
//!
//! let sim = Simulator::builder()
//!     .account("esme", "secret")
//!     .receipt_delay(Duration::from_millis(10))
//!     .start("127.0.0.1:0")
//!     .await?;
//! let addr = sim.local_addr(); // bind your ESME here
//! # let _ = addr;
//! assert_eq!(sim.stats().binds, 0);
//! assert!(sim.messages().is_empty());
//! let stats = sim.shutdown().await;
//! assert_eq!(stats.submissions, 0);
//! # Ok(()) }
//! ```

mod accounts;
mod answer;
mod bind;
mod count;
mod faults;
mod mo;
mod policy;
mod receipt;
mod rng;
mod server;
mod store;

use core::time::Duration;
use std::net::SocketAddr;
use std::string::String;
use std::sync::Arc;
use std::vec::Vec;

use smpp::CommandStatus;
use smpp::session::{BindKind, CloseReason};
use smpp::tokio::Tap;
use tokio::net::{TcpListener, ToSocketAddrs};

pub use mo::Mo;
pub use policy::Stats;
pub use receipt::{Address, FinalState};
pub use store::StoredMessage;

use policy::Config;
use server::Server;
use store::HeldKind;

/// Why a simulator did not start, or an MO message could not be sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimulatorError {
    /// An account that no ESME could bind with.
    #[error("account {system_id:?}: {reason}")]
    Account {
        /// Its system_id.
        system_id: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A rate that is not a fraction from 0 to 1 (or error rates adding up to more).
    #[error("{what} {value}: expected a fraction from 0 to 1")]
    Rate {
        /// Which rate.
        what: &'static str,
        /// Its value.
        value: f64,
    },
    /// The address could not be listened on.
    #[error("cannot listen: {0}")]
    Listen(#[from] std::io::Error),
    /// An MO address does not fit its field (SMPP 3.4 §5.2.8: at most 20 octets).
    #[error("MO {field} address: {error}")]
    MoAddress {
        /// `source` or `destination`.
        field: &'static str,
        /// What is wrong.
        error: smpp::FieldError,
    },
    /// An MO text that cannot be coded.
    #[error("MO text: {0}")]
    MoText(smpp::TextError),
}

/// What happened to a bind, for a host that logs it ([`SimulatorBuilder::on_event`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum SimulatorEvent {
    /// An ESME bound.
    Bound {
        /// Its connection's number (from 1, as a [`Tap`] is given it).
        connection: u64,
        /// Its system_id.
        system_id: String,
        /// How it bound.
        kind: BindKind,
    },
    /// A bound connection closed.
    Closed {
        /// Its connection's number.
        connection: u64,
        /// Why.
        reason: CloseReason,
    },
}

/// How a [`Simulator`] behaves; from [`Simulator::builder`]. Every setting has a default:
/// any bind is accepted, receipts follow after 100 ms and say DELIVRD, no MO messages, no
/// faults, seed 1, strict decoding.
#[derive(Clone, Default)]
#[must_use]
pub struct SimulatorBuilder {
    config: Config,
    accounts: Vec<(String, String)>,
    reject_rate: f64,
    tap: Option<Tap>,
    on_event: Option<server::EventHook>,
}

impl core::fmt::Debug for SimulatorBuilder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SimulatorBuilder")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl SimulatorBuilder {
    /// An account allowed to bind (repeatable). With none, any system_id and password
    /// bind; with some, an unknown system_id gets ESME_RINVSYSID and a wrong password
    /// ESME_RINVPASWD (SMPP 3.4 §5.1.3).
    pub fn account(mut self, system_id: impl Into<String>, password: impl Into<String>) -> Self {
        self.accounts.push((system_id.into(), password.into()));
        self
    }

    /// Delay between accepting a message and sending its receipt (default 100 ms).
    pub fn receipt_delay(mut self, delay: Duration) -> Self {
        self.config.receipt_delay = delay;
        self
    }

    /// The final state receipts report: a [`State`](crate::State) or
    /// [`FinalState::Random`] (default DELIVRD).
    pub fn receipt_state(mut self, state: impl Into<FinalState>) -> Self {
        self.config.final_state = state.into();
        self
    }

    /// Fraction (0 to 1) of receipts sent twice, as SMSCs resend what they think lost.
    pub fn duplicate_receipts(mut self, rate: f64) -> Self {
        self.config.receipt_faults.duplicate_rate = rate;
        self
    }

    /// After each final receipt, an ENROUTE one for the same message (states out of order).
    pub fn late_enroute_receipts(mut self, on: bool) -> Self {
        self.config.receipt_faults.late_enroute = on;
        self
    }

    /// Receipts do not wait for a delayed response: with a
    /// [`response_delay`](Self::response_delay) above the receipt delay, the receipt
    /// arrives before its submit_sm_resp (SMSCs that answer asynchronously).
    pub fn receipts_before_response(mut self, on: bool) -> Self {
        self.config.receipt_faults.before_response = on;
        self
    }

    /// Send a mobile-originated message this often on every receiver or transceiver bind
    /// ("MO n from sms smsc", to the last sender the bind submitted from).
    pub fn mo_every(mut self, every: Duration) -> Self {
        self.config.mo_every = (!every.is_zero()).then_some(every);
        self
    }

    /// Delay every answer to a submission this long (a slow SMSC).
    pub fn response_delay(mut self, delay: Duration) -> Self {
        self.config.faults.response_delay = delay;
        self
    }

    /// Fraction (0 to 1) of submissions answered ESME_RSUBMITFAIL (SMPP 3.4 §5.1.3 0x45).
    pub fn reject_rate(mut self, rate: f64) -> Self {
        self.reject_rate = rate;
        self
    }

    /// Fraction (0 to 1) of submissions answered `status` (repeatable; the fractions of
    /// all statuses, [`reject_rate`](Self::reject_rate) included, add up to at most 1).
    pub fn error_rate(mut self, status: CommandStatus, rate: f64) -> Self {
        self.config.faults.errors.push((status, rate));
        self
    }

    /// Answer ESME_RTHROTTLED above this many submissions per second (a token bucket
    /// holding one second's worth: a burst of `n` passes, then `n` per second).
    pub fn throttle_above(mut self, per_second: u32) -> Self {
        self.config.faults.throttle_above = Some(per_second);
        self
    }

    /// Drop the connection abruptly (no unbind) after every `n` submissions on it.
    pub fn drop_every(mut self, n: u64) -> Self {
        self.config.faults.drop_every = Some(n);
        self
    }

    /// Seed of the random choices (error statuses, random receipt states, duplicates).
    pub fn seed(mut self, seed: u64) -> Self {
        self.config.seed = seed;
        self
    }

    /// Forgive the quirks real ESMEs send (over-long fields, missing NULs…) instead of
    /// answering them with the error status SMPP prescribes.
    pub fn lenient(mut self, on: bool) -> Self {
        self.config.lenient = on;
        self
    }

    /// How many accepted messages the store keeps for query_sm and
    /// [`Simulator::messages`] (default 100 000; the oldest are forgotten).
    pub fn store_capacity(mut self, messages: usize) -> Self {
        self.config.store_capacity = messages;
        self
    }

    /// Shows `tap` every PDU in and out of every connection, as its octets on the wire (a
    /// PDU log).
    pub fn tap(mut self, tap: Tap) -> Self {
        self.tap = Some(tap);
        self
    }

    /// Calls `hook` when an ESME binds and when a bound connection closes.
    pub fn on_event(mut self, hook: impl Fn(&SimulatorEvent) + Send + Sync + 'static) -> Self {
        self.on_event = Some(Arc::new(hook));
        self
    }

    /// The configuration, checked.
    fn config(self) -> Result<(Config, Option<Tap>, Option<server::EventHook>), SimulatorError> {
        let mut config = self.config;
        for (id, password) in &self.accounts {
            config.accounts.add(id, password)?;
        }
        let fraction = |what, value: f64| match (0.0..=1.0).contains(&value) {
            true => Ok(()),
            false => Err(SimulatorError::Rate { what, value }),
        };
        fraction("reject rate", self.reject_rate)?;
        fraction(
            "duplicate receipt rate",
            config.receipt_faults.duplicate_rate,
        )?;
        if self.reject_rate > 0.0 {
            // SMPP 3.4 §5.1.3: ESME_RSUBMITFAIL (0x45) "submit_sm or submit_multi failed".
            (config.faults.errors).insert(0, (CommandStatus::ESME_RSUBMITFAIL, self.reject_rate));
        }
        let mut total = 0.0;
        for (_, rate) in &config.faults.errors {
            fraction("error rate", *rate)?;
            total += rate;
        }
        fraction("error rates together", total)?;
        Ok((config, self.tap, self.on_event))
    }

    /// Listens on `addr` (port 0 picks a free one) and serves every ESME that connects,
    /// until [`Simulator::shutdown`] or the [`Simulator`] is dropped. Needs a tokio runtime.
    pub async fn start(self, addr: impl ToSocketAddrs) -> Result<Simulator, SimulatorError> {
        let (config, tap, on_event) = self.config()?;
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        let server = Server::start(listener, config, tap, on_event)?;
        Ok(Simulator { local_addr, server })
    }
}

/// A running SMSC simulator; see the [module docs](self). Dropping it closes every
/// connection at once; [`shutdown`](Self::shutdown) unbinds them first.
#[derive(Debug)]
pub struct Simulator {
    local_addr: SocketAddr,
    server: Server,
}

impl Simulator {
    /// A builder with the defaults (see [`SimulatorBuilder`]).
    pub fn builder() -> SimulatorBuilder {
        SimulatorBuilder::default()
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// What it counted so far.
    pub fn stats(&self) -> Stats {
        let mut stats = self.server.shared.policy().stats;
        stats.connections = self.server.connections();
        stats
    }

    /// Every accepted message it still keeps, oldest first.
    pub fn messages(&self) -> Vec<StoredMessage> {
        self.server.shared.policy().messages()
    }

    /// The accepted message with this id, if kept.
    pub fn message(&self, id: &str) -> Option<StoredMessage> {
        self.server.shared.policy().message(id)
    }

    /// Sends a mobile-originated message (in concatenated parts when long) to a receiver
    /// or transceiver bind of `mo.system_id`, or holds it until one binds. Returns the
    /// number of deliver_sm.
    pub fn send_mo(&self, mo: &Mo) -> Result<usize, SimulatorError> {
        let shared = &self.server.shared;
        // The parts of one MO share a reference; the next MO gets another.
        let reference = shared.policy().stats.mo_sent as u8;
        let parts = mo.encode(reference)?;
        let n = parts.len();
        for pdu in parts {
            shared.route_or_hold(&mo.system_id, 0, pdu, HeldKind::Mo);
            shared.policy().stats.mo_sent += 1;
        }
        Ok(n)
    }

    /// Waits until `done` holds for the statistics, checking every few milliseconds;
    /// `false` if `limit` passed first.
    pub async fn wait_for(&self, limit: Duration, done: impl Fn(&Stats) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if done(&self.stats()) {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Stops accepting, unbinds every ESME (waiting up to 2 s for them), and returns the
    /// final statistics.
    pub async fn shutdown(mut self) -> Stats {
        self.server.shutdown().await;
        self.stats()
    }
}
