//! The simulator's policy, without sockets or clocks: binds against the accounts, faults,
//! message ids, what each submission is answered and which receipt follows, the store of
//! messages for query_sm / cancel_sm / replace_sm, the deliver_sm held for a later bind, and
//! the counters. Every call that depends on time takes it as an argument.

use core::time::Duration;
use std::borrow::ToOwned;
use std::collections::VecDeque;
use std::string::{String, ToString};
use std::vec::Vec;

use smpp::bytes::Bytes;
use smpp::{CommandStatus, SmscReceipt};

use super::accounts::Accounts;
use super::faults::{FaultConfig, Faults};
use super::receipt::{Address, FinalState, Receipt};
use super::rng::Rng;
use super::store::{Held, HeldKind, MessageStore, StoredMessage};
use crate::State;
use crate::receipt_text_head;

/// How the simulator behaves.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// Who may bind.
    pub(crate) accounts: Accounts,
    /// Faults to inject.
    pub(crate) faults: FaultConfig,
    /// Delay between accepting a message and its receipt.
    pub(crate) receipt_delay: Duration,
    /// The final state receipts report.
    pub(crate) final_state: FinalState,
    /// Send a mobile-originated deliver_sm this often on every receiving bind.
    pub(crate) mo_every: Option<Duration>,
    /// Seed of the random choices (error statuses, random receipt states, duplicates).
    pub(crate) seed: u64,
    /// Decode what ESMEs send leniently (forgiving the quirks real peers send).
    pub(crate) lenient: bool,
    /// How receipts misbehave, as real SMSCs' do.
    pub(crate) receipt_faults: ReceiptFaults,
    /// How many accepted messages the store keeps (the oldest are forgotten).
    pub(crate) store_capacity: usize,
}

/// Receipt faults ESMEs must survive.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct ReceiptFaults {
    /// Fraction (0..=1) of receipts sent twice (an SMSC that resends what it thinks lost).
    pub(crate) duplicate_rate: f64,
    /// After each final receipt, an ENROUTE one for the same message: states out of order.
    pub(crate) late_enroute: bool,
    /// Receipts do not wait for a delayed submit_sm_resp: with a response delay above the
    /// receipt delay, the receipt arrives first (SMSCs that answer asynchronously).
    pub(crate) before_response: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            accounts: Accounts::default(),
            faults: FaultConfig::default(),
            receipt_delay: Duration::from_millis(100),
            final_state: FinalState::default(),
            mo_every: None,
            seed: 1,
            lenient: false,
            receipt_faults: ReceiptFaults::default(),
            // query_sm / cancel_sm / replace_sm reach back over the last 100 000 messages.
            store_capacity: 100_000,
        }
    }
}

/// What the simulator counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// TCP connections accepted (bound or not).
    pub connections: u64,
    /// Binds accepted.
    pub binds: u64,
    /// Binds refused (unknown system_id, wrong password).
    pub binds_refused: u64,
    /// submit_sm, data_sm and submit_multi received.
    pub submissions: u64,
    /// Whole messages among them (the parts of a concatenated message count once).
    pub messages: u64,
    /// Submissions accepted with a message id.
    pub accepted: u64,
    /// Submissions answered with an error status (other than throttling).
    pub rejected: u64,
    /// Submissions answered ESME_RTHROTTLED.
    pub throttled: u64,
    /// Receipts sent (duplicates and late ones included).
    pub receipts_sent: u64,
    /// Receipts the ESME acknowledged with ESME_ROK.
    pub receipts_acked: u64,
    /// Receipts the ESME answered with an error (then held for its next bind).
    pub receipts_failed: u64,
    /// Receipts that could not be written (fields too long for the PDU).
    pub receipts_unroutable: u64,
    /// Receipts held because no receiving bind of the system_id took them.
    pub receipts_held: u64,
    /// Held receipts sent to a later bind.
    pub receipts_redelivered: u64,
    /// Receipts sent twice on purpose (the duplicate fault).
    pub receipts_duplicated: u64,
    /// Mobile-originated messages sent (each part counts).
    pub mo_sent: u64,
    /// query_sm received.
    pub queries: u64,
    /// cancel_sm received.
    pub cancels: u64,
    /// replace_sm received.
    pub replaces: u64,
    /// broadcast_sm received.
    pub broadcasts: u64,
    /// Connections dropped on purpose (the drop-every fault).
    pub dropped_connections: u64,
}

impl Stats {
    /// Every counter with its name (the field's), in the order declared: for a summary
    /// line or metrics.
    ///
    /// ```
    /// let stats = dlr::simulator::Stats::default();
    /// assert_eq!(stats.counters()[1], ("binds", 0));
    /// ```
    pub fn counters(&self) -> [(&'static str, u64); 21] {
        [
            ("connections", self.connections),
            ("binds", self.binds),
            ("binds_refused", self.binds_refused),
            ("submissions", self.submissions),
            ("messages", self.messages),
            ("accepted", self.accepted),
            ("rejected", self.rejected),
            ("throttled", self.throttled),
            ("receipts_sent", self.receipts_sent),
            ("receipts_acked", self.receipts_acked),
            ("receipts_failed", self.receipts_failed),
            ("receipts_unroutable", self.receipts_unroutable),
            ("receipts_held", self.receipts_held),
            ("receipts_redelivered", self.receipts_redelivered),
            ("receipts_duplicated", self.receipts_duplicated),
            ("mo_sent", self.mo_sent),
            ("queries", self.queries),
            ("cancels", self.cancels),
            ("replaces", self.replaces),
            ("broadcasts", self.broadcasts),
            ("dropped_connections", self.dropped_connections),
        ]
    }
}

/// One submission (submit_sm, data_sm, submit_multi) as the policy sees it.
#[derive(Debug, Clone)]
pub(crate) struct Submission<'a> {
    pub(crate) system_id: &'a str,
    pub(crate) originator: Address,
    pub(crate) recipient: Address,
    pub(crate) esm_class: smpp::EsmClass,
    pub(crate) data_coding: smpp::DataCoding,
    pub(crate) registered_delivery: smpp::RegisteredDelivery,
    pub(crate) message: &'a [u8],
    pub(crate) text: String,
}

/// A receipt to send later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Planned {
    /// After this delay.
    pub(crate) after: Duration,
    /// Whether registered_delivery asked for it (otherwise only the state is recorded).
    pub(crate) send: bool,
    /// The receipt.
    pub(crate) receipt: Receipt,
}

/// The receipts [`Policy::receipt_copies`] sends for one message, in order: its state
/// `times` times (twice with the duplicate fault), then one ENROUTE with `late_enroute`.
/// Copies of one state are one PDU sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReceiptCopies {
    pub(crate) state: State,
    pub(crate) times: u8,
    pub(crate) late_enroute: bool,
}

impl ReceiptCopies {
    /// Each state to send, with how many times.
    pub(crate) fn sends(self) -> [(State, u8); 2] {
        [
            (self.state, self.times),
            (State::Enroute, u8::from(self.late_enroute)),
        ]
    }
}

/// How to answer a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    pub(crate) status: CommandStatus,
    pub(crate) delay: Duration,
    pub(crate) message_id: Option<String>,
    pub(crate) receipt: Option<Planned>,
}

/// The simulator's shared state.
#[derive(Debug)]
pub(crate) struct Policy {
    config: Config,
    faults: Faults,
    rng: Rng,
    next_id: u64,
    store: MessageStore,
    held: Held,
    /// The counters.
    pub(crate) stats: Stats,
}

impl Policy {
    /// A policy with `config`.
    pub(crate) fn new(config: Config) -> Self {
        Self {
            faults: Faults::new(config.faults.clone(), config.seed),
            rng: Rng::new(config.seed ^ 0x5EED),
            store: MessageStore::new(config.store_capacity),
            config,
            next_id: 1,
            held: Held::default(),
            stats: Stats::default(),
        }
    }

    /// The configuration.
    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    /// Judges a bind.
    pub(crate) fn bind(&mut self, system_id: &[u8], password: &[u8]) -> CommandStatus {
        let status = self.config.accounts.check(system_id, password);
        if status == CommandStatus::ESME_ROK {
            self.stats.binds += 1;
        } else {
            self.stats.binds_refused += 1;
        }
        status
    }

    /// Issues the next message id (decimal, as Appendix B receipts write ids).
    pub(crate) fn next_id(&mut self) -> String {
        self.issue_id().1
    }

    /// The next message id, as its number and as written.
    fn issue_id(&mut self) -> (u64, String) {
        let number = self.next_id;
        self.next_id += 1;
        (number, number.to_string())
    }

    /// Judges a submission arriving at `now` (monotonic) / `unix` (wall clock, seconds).
    pub(crate) fn submit(&mut self, now: Duration, unix: u64, sub: Submission<'_>) -> Answer {
        self.stats.submissions += 1;
        let verdict = self.faults.judge(now);
        if verdict.status != CommandStatus::ESME_ROK {
            if verdict.status == CommandStatus::ESME_RTHROTTLED {
                self.stats.throttled += 1;
            } else {
                self.stats.rejected += 1;
            }
            return Answer {
                status: verdict.status,
                delay: verdict.delay,
                message_id: None,
                receipt: None,
            };
        }
        self.stats.accepted += 1;
        let (number, id) = self.issue_id();
        let state = self.config.final_state.choose(&mut self.rng);
        // SMPP 3.4 §5.2.17 registered_delivery bits 1-0: 01 receipt on final outcome
        // (success or failure), 10 receipt on failure only; v5.0 §4.7.21 adds 11, receipt
        // on success only.
        let send = match sub.registered_delivery.smsc_receipt() {
            SmscReceipt::SUCCESS_OR_FAILURE => true,
            SmscReceipt::FAILURE => !state.is_success(),
            SmscReceipt::SUCCESS => state.is_success(),
            _ => false,
        };
        let receipt = Receipt {
            message_id: id.as_str().into(),
            originator: (&sub.originator).into(),
            recipient: (&sub.recipient).into(),
            submitted: unix,
            state,
            text: receipt_text_head(&sub.text),
        };
        self.store.insert(
            number,
            StoredMessage {
                id: id.clone(),
                system_id: sub.system_id.to_owned(),
                source: sub.originator,
                destination: sub.recipient,
                esm_class: sub.esm_class,
                data_coding: sub.data_coding,
                registered_delivery: sub.registered_delivery,
                short_message: sub.message.to_vec(),
                text: sub.text,
                submitted_at: unix,
                state: State::Enroute,
                final_at: None,
            },
        );
        let after = match self.config.receipt_faults.before_response {
            true => self.config.receipt_delay,
            false => self.config.receipt_delay + verdict.delay,
        };
        Answer {
            status: CommandStatus::ESME_ROK,
            delay: verdict.delay,
            message_id: Some(id),
            receipt: Some(Planned {
                after,
                send,
                receipt,
            }),
        }
    }

    /// A planned receipt's time has come at `unix`: records the final state and returns
    /// it (DELETED if the message was cancelled meanwhile).
    pub(crate) fn finish(&mut self, receipt: &Receipt, unix: u64) -> State {
        self.store
            .finish(&receipt.message_id, receipt.state, unix)
            .unwrap_or(receipt.state)
    }

    /// The receipts to send for a message that reached its final state: the receipt;
    /// again at `duplicate_rate`; then, with `late_enroute`, an ENROUTE one (an
    /// intermediate state arriving after the final one).
    pub(crate) fn receipt_copies(&mut self, receipt: &Receipt) -> ReceiptCopies {
        let faults = self.config.receipt_faults;
        let mut copies = ReceiptCopies {
            state: receipt.state,
            times: 1,
            late_enroute: faults.late_enroute && receipt.state.is_final(),
        };
        if faults.duplicate_rate > 0.0 && self.rng.chance(faults.duplicate_rate) {
            copies.times += 1;
            self.stats.receipts_duplicated += 1;
        }
        copies
    }

    /// Keeps a deliver_sm for `system_id`'s next receiving bind.
    pub(crate) fn hold(&mut self, system_id: &str, pdu: Bytes, kind: HeldKind) {
        self.held.push(system_id, pdu, kind);
        if kind == HeldKind::Receipt {
            self.stats.receipts_held += 1;
        }
    }

    /// Everything held for `system_id`, oldest first, for a bind that receives.
    pub(crate) fn take_held(&mut self, system_id: &str) -> VecDeque<(Bytes, HeldKind)> {
        let q = self.held.take(system_id);
        self.stats.receipts_redelivered +=
            q.iter().filter(|(_, k)| *k == HeldKind::Receipt).count() as u64;
        q
    }

    /// query_sm: the state and final date of `id`, or ESME_RQUERYFAIL (SMPP 3.4 §5.1.3
    /// 0x67 "query_sm request failed") for an id never issued or forgotten.
    pub(crate) fn query(&mut self, id: &str) -> Result<(State, Option<u64>), CommandStatus> {
        self.stats.queries += 1;
        self.store
            .get(id)
            .map(|s| (s.state, s.final_at))
            .ok_or(CommandStatus::ESME_RQUERYFAIL)
    }

    /// cancel_sm of a pending message (SMPP 3.4 §4.9): it becomes DELETED; otherwise
    /// ESME_RCANCELFAIL (0x11).
    pub(crate) fn cancel(&mut self, id: &str, unix: u64) -> CommandStatus {
        self.stats.cancels += 1;
        if self.store.is_pending(id) {
            self.store.finish(id, State::Deleted, unix);
            CommandStatus::ESME_ROK
        } else {
            CommandStatus::ESME_RCANCELFAIL
        }
    }

    /// replace_sm of a pending message (SMPP 3.4 §4.10); otherwise ESME_RREPLACEFAIL (0x13).
    pub(crate) fn replace(&mut self, id: &str) -> CommandStatus {
        self.stats.replaces += 1;
        if self.store.is_pending(id) {
            CommandStatus::ESME_ROK
        } else {
            CommandStatus::ESME_RREPLACEFAIL
        }
    }

    /// Whether the connection should drop after its `received`-th submission.
    pub(crate) fn drop_after(&self, received: u64) -> bool {
        self.faults.drop_after(received)
    }

    /// The stored messages, oldest first.
    pub(crate) fn messages(&self) -> Vec<StoredMessage> {
        self.store.all()
    }

    /// One stored message.
    pub(crate) fn message(&self, id: &str) -> Option<StoredMessage> {
        self.store.get(id).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use smpp::{Npi, Ton};
    use std::vec;

    fn sub(registered_delivery: u8) -> Submission<'static> {
        let a = |s: &str| Address::new(Ton::INTERNATIONAL, Npi::ISDN, s);
        Submission {
            system_id: "esme",
            originator: a("4411"),
            recipient: a("4422"),
            esm_class: smpp::EsmClass::DEFAULT,
            data_coding: smpp::DataCoding::SMSC_DEFAULT,
            registered_delivery: smpp::RegisteredDelivery(registered_delivery),
            message: b"Hello",
            text: "Hello".into(),
        }
    }

    #[test]
    fn accepts_submissions_with_increasing_ids_and_receipts() {
        let mut sim = Policy::new(Config::default());
        let a = sim.submit(Duration::ZERO, 100, sub(1));
        let b = sim.submit(Duration::ZERO, 100, sub(1));
        assert_eq!(a.status, CommandStatus::ESME_ROK);
        assert_eq!(
            (a.message_id.as_deref(), b.message_id.as_deref()),
            (Some("1"), Some("2"))
        );
        let planned = a.receipt.unwrap();
        assert!(planned.send);
        assert_eq!(planned.after, Duration::from_millis(100));
        assert_eq!(planned.receipt.state, State::Delivered);
        assert_eq!(sim.stats.accepted, 2);
        // The store keeps what was submitted, ENROUTE until the receipt is due.
        let stored = sim.message("1").unwrap();
        assert_eq!(
            (stored.system_id.as_str(), stored.text.as_str()),
            ("esme", "Hello")
        );
        assert_eq!((stored.state, stored.submitted_at), (State::Enroute, 100));
        assert_eq!(sim.messages().len(), 2);
    }

    // SMPP 3.4 §5.2.17: registered_delivery 0 asks for no receipt, 2 only on failure.
    #[test]
    fn accepts_registered_delivery_choices() {
        let mut sim = Policy::new(Config::default());
        assert!(!sim.submit(Duration::ZERO, 0, sub(0)).receipt.unwrap().send);
        assert!(!sim.submit(Duration::ZERO, 0, sub(2)).receipt.unwrap().send);
        let mut failing = Policy::new(Config {
            final_state: FinalState::Always(State::Undeliverable),
            ..Config::default()
        });
        assert!(
            failing
                .submit(Duration::ZERO, 0, sub(2))
                .receipt
                .unwrap()
                .send
        );
    }

    #[test]
    fn accepts_query_cancel_replace_lifecycle() {
        let mut sim = Policy::new(Config::default());
        let a = sim.submit(Duration::ZERO, 100, sub(1));
        let id = a.message_id.unwrap();
        assert_eq!(sim.query(&id), Ok((State::Enroute, None)));
        assert_eq!(sim.replace(&id), CommandStatus::ESME_ROK);
        assert_eq!(sim.cancel(&id, 101), CommandStatus::ESME_ROK);
        // The receipt then reports DELETED, and nothing can be cancelled twice.
        assert_eq!(sim.finish(&a.receipt.unwrap().receipt, 102), State::Deleted);
        assert_eq!(sim.cancel(&id, 103), CommandStatus::ESME_RCANCELFAIL);
        assert_eq!(sim.replace(&id), CommandStatus::ESME_RREPLACEFAIL);
        assert_eq!(sim.query(&id), Ok((State::Deleted, Some(101))));
        assert_eq!(sim.query("999"), Err(CommandStatus::ESME_RQUERYFAIL));
    }

    #[test]
    fn rejects_and_counts_faults() {
        let mut sim = Policy::new(Config {
            faults: FaultConfig {
                errors: vec![(CommandStatus::ESME_RSUBMITFAIL, 1.0)],
                ..Default::default()
            },
            ..Config::default()
        });
        let a = sim.submit(Duration::ZERO, 0, sub(1));
        assert_eq!(a.status, CommandStatus::ESME_RSUBMITFAIL);
        assert_eq!((a.message_id, a.receipt), (None, None));
        assert_eq!((sim.stats.rejected, sim.stats.accepted), (1, 0));
    }

    #[test]
    fn accepts_held_deliver_sm_forwarded_in_order_to_the_next_bind() {
        let mut sim = Policy::new(Config::default());
        sim.hold("a", Bytes::from_static(b"1"), HeldKind::Receipt);
        sim.hold("b", Bytes::from_static(b"x"), HeldKind::Mo);
        sim.hold("a", Bytes::from_static(b"2"), HeldKind::Receipt);
        assert_eq!(sim.take_held("a").len(), 2);
        assert_eq!(sim.take_held("b").len(), 1);
        assert_eq!(
            (sim.stats.receipts_held, sim.stats.receipts_redelivered),
            (2, 2)
        );
    }

    // Receipt faults: every receipt twice, then a late ENROUTE (SMPP 3.4 Appendix B Table
    // B-2: ENROUTE is the one intermediate state of 3.4).
    #[test]
    fn accepts_duplicate_and_late_enroute_receipt_faults() {
        let mut sim = Policy::new(Config {
            receipt_faults: ReceiptFaults {
                duplicate_rate: 1.0,
                late_enroute: true,
                before_response: false,
            },
            ..Config::default()
        });
        let r = sim
            .submit(Duration::ZERO, 0, sub(1))
            .receipt
            .unwrap()
            .receipt;
        let copies = sim.receipt_copies(&r).sends();
        let states: Vec<_> = (copies.iter())
            .flat_map(|&(state, times)| core::iter::repeat_n(state, times.into()))
            .collect();
        assert_eq!(states, [State::Delivered, State::Delivered, State::Enroute]);
    }

    #[test]
    fn accepts_receipts_before_delayed_responses() {
        let config = |before_response| Config {
            faults: FaultConfig {
                response_delay: Duration::from_millis(500),
                ..FaultConfig::default()
            },
            receipt_delay: Duration::from_millis(50),
            receipt_faults: ReceiptFaults {
                before_response,
                ..ReceiptFaults::default()
            },
            ..Config::default()
        };
        let after = |c| {
            Policy::new(c)
                .submit(Duration::ZERO, 0, sub(1))
                .receipt
                .unwrap()
                .after
        };
        assert_eq!(after(config(false)), Duration::from_millis(550));
        assert_eq!(after(config(true)), Duration::from_millis(50));
    }

    #[test]
    fn rejects_binds_not_in_the_accounts() {
        let mut accounts = Accounts::default();
        accounts.add("a", "b").unwrap();
        let mut sim = Policy::new(Config {
            accounts,
            ..Config::default()
        });
        assert_eq!(sim.bind(b"a", b"x"), CommandStatus::ESME_RINVPASWD);
        assert_eq!(sim.bind(b"a", b"b"), CommandStatus::ESME_ROK);
        assert_eq!((sim.stats.binds, sim.stats.binds_refused), (1, 1));
    }
}
