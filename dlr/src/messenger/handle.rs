//! What a caller holds for one message it sent: [`MessageHandle`], and what it resolves
//! to.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::time::Duration;

use smpp::CommandStatus;
use tokio::sync::oneshot;

use crate::correlate::overall_state;
use crate::state::State;

/// Why a part was never handed to an SMSC.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotSentReason {
    /// The messenger was closed (or its task ended) before the part left.
    Closed,
    /// No bind could submit for [`MessengerConfig::down_timeout`](super::MessengerConfig::down_timeout).
    NoBind,
    /// The correlation store refused or failed to begin the message, so its receipts
    /// could never be matched: it was not sent.
    Store(String),
    /// The bind's session refused the request (not allowed on this bind).
    Refused(String),
}

impl fmt::Display for NotSentReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Closed => f.write_str("not sent: messenger closed"),
            Self::NoBind => f.write_str("not sent: no bind up"),
            Self::Store(e) => write!(f, "not sent: dlr store: {e}"),
            Self::Refused(e) => write!(f, "not sent: refused: {e}"),
        }
    }
}

/// What became of one part's submit_sm: exactly one of these per part.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PartSubmit {
    /// submit_sm_resp with ESME_ROK and the id the SMSC gave (empty if it gave none).
    Accepted {
        /// The submit_sm_resp's message_id, as written.
        message_id: String,
    },
    /// The SMSC answered with an error status (or generic_nack).
    Rejected {
        /// The command_status.
        status: CommandStatus,
        /// Whether the answer was a generic_nack.
        generic_nack: bool,
    },
    /// The bind dropped while the part was in flight: the SMSC may or may not have it.
    /// Never resent by the messenger (a resend could deliver the text twice); the caller
    /// decides.
    Lost,
    /// No response within the session's response timeout.
    Timeout,
    /// Never handed to an SMSC.
    NotSent(NotSentReason),
}

impl PartSubmit {
    /// Whether the SMSC accepted the part.
    pub fn is_accepted(&self) -> bool {
        matches!(self, Self::Accepted { .. })
    }

    /// The message id, if accepted.
    pub fn message_id(&self) -> Option<&str> {
        match self {
            Self::Accepted { message_id } => Some(message_id),
            _ => None,
        }
    }
}

impl fmt::Display for PartSubmit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Accepted { message_id } => write!(f, "accepted ({message_id})"),
            Self::Rejected {
                status,
                generic_nack,
            } => {
                if *generic_nack {
                    f.write_str("generic_nack ")?;
                }
                match status.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "0x{:08X}", status.0),
                }
            }
            Self::Lost => f.write_str("connection lost"),
            Self::Timeout => f.write_str("timeout"),
            Self::NotSent(r) => write!(f, "{r}"),
        }
    }
}

/// Every part's submit outcome, in part order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submitted {
    /// One per part.
    pub parts: Vec<PartSubmit>,
    /// From the first part's leaving to the last part's outcome.
    pub response_time: Duration,
    /// The index of the bind that sent the first part (in the order the binds were given).
    pub bind: Option<usize>,
}

impl Submitted {
    /// Whether every part was accepted.
    pub fn all_accepted(&self) -> bool {
        self.parts.iter().all(PartSubmit::is_accepted)
    }

    /// The first part that was not accepted.
    pub fn first_failure(&self) -> Option<&PartSubmit> {
        self.parts.iter().find(|p| !p.is_accepted())
    }
}

/// What a message came to: every part's submit outcome and, when receipts were asked
/// for and received, every part's delivery state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageOutcome {
    /// The message's key in the correlation store.
    pub key: String,
    /// The submit outcomes.
    pub submitted: Submitted,
    /// One per part: the final state its receipt reported (the store's rule: the first
    /// final state sticks), `None` when none came (or none was asked for). A part that
    /// was not accepted is `Some(State::Rejected)` once the store settled the message.
    pub states: Vec<Option<State>>,
    /// The store gave the message up (its TTL ran out) before every part was final.
    pub expired: bool,
}

impl MessageOutcome {
    /// The message's overall state once every part has one (the rule of
    /// [`Completion::state`](crate::Completion::state)); `None` while any part has none.
    pub fn state(&self) -> Option<State> {
        if self.states.iter().all(Option::is_some) && !self.states.is_empty() {
            Some(overall_state(self.states.iter().copied()))
        } else {
            None
        }
    }
}

/// A message sent through a [`Messenger`](super::Messenger): resolves to its parts'
/// submit outcomes ([`submitted`](Self::submitted)) and then, if it asked for receipts
/// (registered_delivery), to every part's final delivery state
/// ([`outcome`](Self::outcome)). Dropping it does not cancel the message.
#[derive(Debug)]
pub struct MessageHandle {
    pub(crate) key: String,
    pub(crate) parts: usize,
    pub(crate) submitted_rx: Option<oneshot::Receiver<Submitted>>,
    pub(crate) submitted: Option<Submitted>,
    pub(crate) outcome_rx: Option<oneshot::Receiver<MessageOutcome>>,
    pub(crate) outcome: Option<MessageOutcome>,
}

impl MessageHandle {
    /// The message's key in the correlation store (the messenger's prefix and a number).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// How many submit_sm the text became.
    pub fn parts(&self) -> usize {
        self.parts
    }

    /// Waits until every part has its submit outcome. Cancel-safe.
    pub async fn submitted(&mut self) -> &Submitted {
        if self.submitted.is_none() {
            let got = match self.submitted_rx.as_mut() {
                Some(rx) => rx.await.ok(),
                None => None,
            };
            self.submitted_rx = None;
            let s = match got {
                Some(s) => s,
                // The messenger's task is gone: nothing left.
                None => Submitted {
                    parts: vec_of(self.parts, PartSubmit::NotSent(NotSentReason::Closed)),
                    response_time: Duration::ZERO,
                    bind: None,
                },
            };
            self.submitted = Some(s);
        }
        self.submitted.get_or_insert_with(unreachable_submitted)
    }

    /// Waits until the message is settled: every part final by its receipt (or failed at
    /// submission), or given up by the store's expiry, or the messenger closed. Without
    /// registered_delivery, or on a messenger with no receiving bind, it resolves with
    /// the submit outcomes (and whatever states the store already had).
    ///
    /// Cancel-safe: wrap it in a timeout and call it again later.
    pub async fn outcome(&mut self) -> &MessageOutcome {
        if self.outcome.is_none() {
            let got = match self.outcome_rx.as_mut() {
                Some(rx) => rx.await.ok(),
                None => None,
            };
            self.outcome_rx = None;
            let o = match got {
                Some(o) => o,
                None => {
                    let submitted = self.submitted().await.clone();
                    MessageOutcome {
                        key: self.key.clone(),
                        states: vec_of(self.parts, None),
                        submitted,
                        expired: false,
                    }
                }
            };
            self.submitted.get_or_insert_with(|| o.submitted.clone());
            self.outcome = Some(o);
        }
        self.outcome.get_or_insert_with(unreachable_outcome)
    }

    /// The outcome if it has come (without waiting).
    pub fn try_outcome(&mut self) -> Option<&MessageOutcome> {
        if self.outcome.is_none()
            && let Some(rx) = self.outcome_rx.as_mut()
            && let Ok(o) = rx.try_recv()
        {
            self.outcome_rx = None;
            self.submitted.get_or_insert_with(|| o.submitted.clone());
            self.outcome = Some(o);
        }
        self.outcome.as_ref()
    }
}

fn vec_of<T: Clone>(n: usize, v: T) -> Vec<T> {
    alloc::vec![v; n]
}

// Only reached if a field set just above were unset: keeps the methods free of panics.
fn unreachable_submitted() -> Submitted {
    Submitted {
        parts: Vec::new(),
        response_time: Duration::ZERO,
        bind: None,
    }
}

fn unreachable_outcome() -> MessageOutcome {
    MessageOutcome {
        key: String::new(),
        submitted: unreachable_submitted(),
        states: Vec::new(),
        expired: false,
    }
}
