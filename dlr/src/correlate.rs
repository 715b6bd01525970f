//! A bounded table that matches delivery reports to the messages that were sent.
//!
//! The life of a message, as the table sees it:
//!
//! ```text
//!  begin(parts) ──► submitted(part, message_id) ──► report(..) … ──► Completion
//!                    (one per submit_sm_resp)        (until every part is final)
//! ```
//!
//! A report whose id is not known yet (it overtook its submit_sm_resp, as SMSCs that answer
//! asynchronously do) is buffered, bounded in number and age, and applied the moment the
//! matching `submitted` arrives. Ids are compared after [`IdNormalizer`] normalisation, so a
//! hex submit_sm_resp id matches a decimal receipt id when the SMSC is configured so.
//! The first final state of a part sticks: a late intermediate report or a repeated final
//! one is answered [`Outcome::Duplicate`] and changes nothing. Nothing here reads a clock:
//! every call that can age an entry takes `now`, a monotonic time since any origin the
//! caller chooses. The [`store`](crate::store) module puts this table behind the
//! correlation store interface, with durable and shared implementations beside it.
//!
//! Parts are numbered from **0**: a message begun with 3 parts has parts 0, 1 and 2, in the
//! order they are sent (not the 1-based sequence number of the concatenation header, which
//! is `part + 1`). Every method that takes a `part` uses that index, and
//! [`CorrelationError::PartOutOfRange`] answers one that is not below the part count.
//!
//! ```
//! use core::time::Duration;
//! use dlr::{CorrelationConfig, CorrelationTable, IdNormalizer};
//!
//! let mut table: CorrelationTable<&str> =
//!     CorrelationTable::new(IdNormalizer::default(), CorrelationConfig::default());
//! let t = Duration::ZERO;
//! let msg = table.begin(t, "my-key", 2).unwrap();
//! table.submitted(t, msg, 0, "id-of-part-1").unwrap(); // the first part is index 0
//! table.submitted(t, msg, 1, "id-of-part-2").unwrap();
//! assert!(table.submitted(t, msg, 2, "no-such-part").is_err()); // 2 parts: indexes 0 and 1
//! ```

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use crate::id::{IdNormalizer, IdOrigin, NormalizedId};
use crate::report::DeliveryReport;
use crate::state::State;

/// Limits of a [`CorrelationTable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CorrelationConfig {
    /// Messages tracked at once; [`CorrelationTable::begin`] fails beyond.
    pub max_messages: usize,
    /// Early reports buffered at once; the oldest is dropped beyond.
    pub max_pending_reports: usize,
    /// Parts per message (a concatenated SMS has at most 255).
    pub max_parts: u16,
    /// How long a message waits for its final reports before [`CorrelationTable::expire`]
    /// gives it up.
    pub message_ttl: Duration,
    /// How long an early report waits for its submit_sm_resp.
    pub pending_ttl: Duration,
}

impl Default for CorrelationConfig {
    /// 100 000 messages, 10 000 early reports, 255 parts, 72 h for a message (validity
    /// periods of 48 h are common), 10 min for an early report.
    fn default() -> Self {
        Self {
            max_messages: 100_000,
            max_pending_reports: 10_000,
            max_parts: 255,
            message_ttl: Duration::from_secs(72 * 3600),
            pending_ttl: Duration::from_secs(600),
        }
    }
}

/// A message registered with [`CorrelationTable::begin`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageHandle(u64);

/// A misuse of the table.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CorrelationError {
    /// `max_messages` are tracked; call [`CorrelationTable::expire`] or raise the limit.
    #[error("correlation table full ({0} messages)")]
    Full(usize),
    /// A message must have between 1 and `max_parts` parts.
    #[error("invalid number of parts {parts} (1..={max})")]
    InvalidParts {
        /// Requested.
        parts: u16,
        /// Allowed maximum.
        max: u16,
    },
    /// The handle names no tracked message (completed, expired or cancelled).
    #[error("unknown message handle")]
    UnknownHandle,
    /// The part index is not below the message's part count.
    #[error("part {part} out of range (message has {parts})")]
    PartOutOfRange {
        /// Given index.
        part: u16,
        /// Part count.
        parts: u16,
    },
    /// The part already has a message id.
    #[error("part {0} already submitted")]
    AlreadySubmitted(u16),
    /// A store already tracks (or recently settled) a message with this key.
    #[error("message {0:?} is already tracked")]
    DuplicateMessage(String),
    /// Another tracked part already has this (normalised) id.
    #[error("message id {0} is already tracked")]
    DuplicateId(String),
}

/// What became of one part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartOutcome {
    /// The id from its submit_sm_resp, as written.
    pub message_id: Option<String>,
    /// The last state reported (`rejected` when the submit itself failed).
    pub state: Option<State>,
    /// The last report received.
    pub report: Option<DeliveryReport>,
}

/// A message that left the table: every part final, or given up by `expire`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion<T> {
    /// Its handle.
    pub handle: MessageHandle,
    /// What the caller attached in `begin`.
    pub user_data: T,
    /// One entry per part, in part order.
    pub parts: Vec<PartOutcome>,
    /// `true` when `expire` gave it up before every part was final.
    pub expired: bool,
}

impl<T> Completion<T> {
    /// The message's overall state: `delivered` when every part was delivered, `accepted`
    /// when every part succeeded otherwise; else the first part's failure state, or
    /// `unknown` (or the last intermediate state) for a part that never became final.
    pub fn state(&self) -> State {
        overall_state(self.parts.iter().map(|p| p.state))
    }
}

/// The overall state of a message from its parts' states (the rule of
/// [`Completion::state`]).
pub(crate) fn overall_state(mut parts: impl Iterator<Item = Option<State>> + Clone) -> State {
    if let Some(fail) = parts
        .clone()
        .flatten()
        .find(|s| s.is_final() && !s.is_success())
    {
        return fail;
    }
    if let Some(open) = parts.clone().find(|p| !p.is_some_and(State::is_final)) {
        return open.unwrap_or(State::Unknown);
    }
    if parts.all(|p| p == Some(State::Delivered)) {
        State::Delivered
    } else {
        State::Accepted
    }
}

/// What [`CorrelationTable::report`] (or `submitted`, applying buffered reports) did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome<T> {
    /// Matched a part; the message still has parts that are not final.
    Updated {
        /// The message.
        handle: MessageHandle,
        /// The part.
        part: u16,
        /// Its new state.
        state: State,
    },
    /// Matched the last part that was not final: the message left the table.
    Completed(Completion<T>),
    /// No submission has this id yet: kept until its `submitted`. `evicted` is the oldest
    /// early report, dropped to make room.
    Buffered {
        /// The report dropped to keep the buffer bounded.
        evicted: Option<DeliveryReport>,
    },
    /// `submitted` found no early report for the id.
    NothingPending,
    /// The part was already final: a duplicate receipt, or a contradicting one after the
    /// first final state (which sticks: SMPP 3.4 Appendix B Table B-2, final states are
    /// final). Nothing changed.
    Duplicate {
        /// The message.
        handle: MessageHandle,
        /// The part.
        part: u16,
        /// The state the report carried (not applied).
        state: State,
    },
}

impl<T> Outcome<T> {
    /// The completion, if the message completed.
    pub fn completion(self) -> Option<Completion<T>> {
        match self {
            Self::Completed(c) => Some(c),
            _ => None,
        }
    }
}

/// What [`CorrelationTable::expire`] removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expired<T> {
    /// Messages given up, with whatever their parts reached.
    pub messages: Vec<Completion<T>>,
    /// Early reports that never found their submission.
    pub orphan_reports: Vec<DeliveryReport>,
}

/// A normalised id as the table's indexes order it: by a fingerprint of the id first, so a
/// lookup compares words on its way down the tree and the id itself (a string compare, for
/// text ids) only where the fingerprints are equal. A B-tree has no worst case a peer could
/// choose ids to reach: ids with equal fingerprints only cost their string compares.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct IdKey {
    fingerprint: u64,
    id: NormalizedId,
}

impl IdKey {
    fn new(id: NormalizedId) -> Self {
        let fingerprint = match &id {
            NormalizedId::Number(n) => mix(*n as u64 ^ (*n >> 64) as u64 ^ 0x5555_5555),
            NormalizedId::Text(t) => t.as_bytes().chunks(8).fold(t.len() as u64, |h, c| {
                let mut word = [0u8; 8];
                word[..c.len()].copy_from_slice(c);
                mix(h.rotate_left(29) ^ u64::from_le_bytes(word))
            }),
        };
        Self { fingerprint, id }
    }
}

/// One multiply-and-fold round (2^64 / φ spreads consecutive numbers over the whole range).
fn mix(x: u64) -> u64 {
    let m = u128::from(x) * 0x9E37_79B9_7F4A_7C15;
    (m as u64) ^ (m >> 64) as u64
}

#[derive(Debug)]
struct Part {
    id: Option<(IdKey, String)>,
    state: Option<State>,
    report: Option<DeliveryReport>,
}

#[derive(Debug)]
struct Message<T> {
    user_data: T,
    created: Duration,
    parts: Vec<Part>,
}

impl<T> Message<T> {
    fn all_final(&self) -> bool {
        self.parts
            .iter()
            .all(|p| p.state.is_some_and(State::is_final))
    }
}

#[derive(Debug)]
struct Pending {
    id: IdKey,
    report: DeliveryReport,
}

/// The table. `T` is what the caller attaches to a message (its own id, a callback key).
#[derive(Debug)]
pub struct CorrelationTable<T> {
    ids: IdNormalizer,
    config: CorrelationConfig,
    next_handle: u64,
    messages: BTreeMap<u64, Message<T>>,
    by_created: BTreeSet<(Duration, u64)>,
    by_id: BTreeMap<IdKey, (u64, u16)>,
    /// Early reports by arrival (time, sequence), and the sequences per id.
    pending: BTreeMap<(Duration, u64), Pending>,
    pending_by_id: BTreeMap<IdKey, Vec<(Duration, u64)>>,
    next_pending: u64,
}

impl<T> CorrelationTable<T> {
    /// An empty table comparing ids with `ids`.
    pub fn new(ids: IdNormalizer, config: CorrelationConfig) -> Self {
        Self {
            ids,
            config,
            next_handle: 0,
            messages: BTreeMap::new(),
            by_created: BTreeSet::new(),
            by_id: BTreeMap::new(),
            pending: BTreeMap::new(),
            pending_by_id: BTreeMap::new(),
            next_pending: 0,
        }
    }

    /// Messages tracked.
    pub fn len(&self) -> usize {
        self.messages.len()
    }

    /// Whether no message is tracked.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// Early reports buffered.
    pub fn pending_reports(&self) -> usize {
        self.pending.len()
    }

    /// Starts tracking a message of `parts` parts (before or after submitting them); they
    /// are then addressed by index `0..parts`.
    pub fn begin(
        &mut self,
        now: Duration,
        user_data: T,
        parts: u16,
    ) -> Result<MessageHandle, CorrelationError> {
        if parts == 0 || parts > self.config.max_parts {
            return Err(CorrelationError::InvalidParts {
                parts,
                max: self.config.max_parts,
            });
        }
        if self.messages.len() >= self.config.max_messages {
            return Err(CorrelationError::Full(self.config.max_messages));
        }
        let handle = self.next_handle;
        self.next_handle += 1;
        let parts = (0..parts)
            .map(|_| Part {
                id: None,
                state: None,
                report: None,
            })
            .collect();
        self.messages.insert(
            handle,
            Message {
                user_data,
                created: now,
                parts,
            },
        );
        self.by_created.insert((now, handle));
        Ok(MessageHandle(handle))
    }

    /// What the caller attached to a tracked message in `begin`.
    #[cfg(feature = "std")]
    pub(crate) fn user_data(&self, handle: MessageHandle) -> Option<&T> {
        self.messages.get(&handle.0).map(|m| &m.user_data)
    }

    fn part_mut(
        &mut self,
        handle: MessageHandle,
        part: u16,
    ) -> Result<&mut Part, CorrelationError> {
        let msg = self
            .messages
            .get_mut(&handle.0)
            .ok_or(CorrelationError::UnknownHandle)?;
        let parts = msg.parts.len() as u16;
        msg.parts
            .get_mut(usize::from(part))
            .ok_or(CorrelationError::PartOutOfRange { part, parts })
    }

    /// Records the `message_id` of a part's submit_sm_resp, and applies any report that
    /// arrived for it before. `part` is the 0-based index of the part in sending order.
    pub fn submitted(
        &mut self,
        _now: Duration,
        handle: MessageHandle,
        part: u16,
        message_id: &str,
    ) -> Result<Outcome<T>, CorrelationError> {
        let key = self.ids.normalize(message_id, IdOrigin::SubmitResp);
        self.submitted_normalized(handle, part, key, message_id)
    }

    /// [`submitted`](Self::submitted) with the id already normalised as `key` (the stores
    /// normalise it once for their own checks).
    pub(crate) fn submitted_normalized(
        &mut self,
        handle: MessageHandle,
        part: u16,
        key: NormalizedId,
        message_id: &str,
    ) -> Result<Outcome<T>, CorrelationError> {
        let key = IdKey::new(key);
        let alloc::collections::btree_map::Entry::Vacant(slot) = self.by_id.entry(key) else {
            return Err(CorrelationError::DuplicateId(message_id.into()));
        };
        let msg = self
            .messages
            .get_mut(&handle.0)
            .ok_or(CorrelationError::UnknownHandle)?;
        let parts = msg.parts.len() as u16;
        let p = msg
            .parts
            .get_mut(usize::from(part))
            .ok_or(CorrelationError::PartOutOfRange { part, parts })?;
        if p.id.is_some() || p.state.is_some() {
            return Err(CorrelationError::AlreadySubmitted(part));
        }
        let pending = (!self.pending_by_id.is_empty())
            .then(|| self.pending_by_id.remove(slot.key()))
            .flatten();
        p.id = Some((slot.key().clone(), message_id.into()));
        slot.insert((handle.0, part));
        let Some(keys) = pending else {
            return Ok(Outcome::NothingPending);
        };
        // Several early reports (an intermediate, a final, a duplicate) apply in arrival
        // order; a completion among them is what the caller must see.
        let mut outcome = Outcome::NothingPending;
        for k in keys {
            if let Some(pending) = self.pending.remove(&k) {
                let next = if self.messages.contains_key(&handle.0) {
                    self.apply(handle.0, part, pending.report)
                } else {
                    Outcome::Duplicate {
                        handle,
                        part,
                        state: pending.report.state,
                    }
                };
                if !matches!(outcome, Outcome::Completed(_)) {
                    outcome = next;
                }
            }
        }
        Ok(outcome)
    }

    /// Records that a part's submit failed (an error submit_sm_resp, a timeout): no report
    /// will come, and the part counts as `rejected`.
    pub fn submit_failed(
        &mut self,
        handle: MessageHandle,
        part: u16,
    ) -> Result<Outcome<T>, CorrelationError> {
        let p = self.part_mut(handle, part)?;
        if p.id.is_some() || p.state.is_some() {
            return Err(CorrelationError::AlreadySubmitted(part));
        }
        p.state = Some(State::Rejected);
        Ok(self.settle(handle.0, part, State::Rejected))
    }

    /// Matches a report to its part, or buffers it until the part's `submitted`.
    pub fn report(&mut self, now: Duration, report: DeliveryReport) -> Outcome<T> {
        let key = self.ids.normalize(&report.message_id, report.id_origin);
        self.report_normalized(now, key, report)
    }

    /// [`report`](Self::report) with the id already normalised as `key`.
    pub(crate) fn report_normalized(
        &mut self,
        now: Duration,
        key: NormalizedId,
        report: DeliveryReport,
    ) -> Outcome<T> {
        let key = IdKey::new(key);
        if let Some(&(handle, part)) = self.by_id.get(&key) {
            return self.apply(handle, part, report);
        }
        let mut evicted = None;
        if self.pending.len() >= self.config.max_pending_reports {
            evicted = self.pop_oldest_pending();
            if self.config.max_pending_reports == 0 {
                return Outcome::Buffered {
                    evicted: Some(report),
                };
            }
        }
        let k = (now, self.next_pending);
        self.next_pending += 1;
        self.pending_by_id.entry(key.clone()).or_default().push(k);
        self.pending.insert(k, Pending { id: key, report });
        Outcome::Buffered { evicted }
    }

    fn pop_oldest_pending(&mut self) -> Option<DeliveryReport> {
        let (k, pending) = self.pending.pop_first()?;
        if let Some(list) = self.pending_by_id.get_mut(&pending.id) {
            list.retain(|x| *x != k);
            if list.is_empty() {
                self.pending_by_id.remove(&pending.id);
            }
        }
        Some(pending.report)
    }

    fn apply(&mut self, handle: u64, part: u16, report: DeliveryReport) -> Outcome<T> {
        let state = report.state;
        if let Some(msg) = self.messages.get_mut(&handle)
            && let Some(p) = msg.parts.get_mut(usize::from(part))
        {
            // The first final state sticks: a late intermediate one (reports arrive out of
            // order) or a repeated final one (SMSCs resend unacknowledged receipts) changes
            // nothing.
            if p.state.is_some_and(State::is_final) {
                return Outcome::Duplicate {
                    handle: MessageHandle(handle),
                    part,
                    state,
                };
            }
            p.state = Some(state);
            p.report = Some(report);
        }
        self.settle(handle, part, state)
    }

    fn settle(&mut self, handle: u64, part: u16, state: State) -> Outcome<T> {
        let complete = self.messages.get(&handle).is_some_and(Message::all_final);
        if complete && let Some(c) = self.remove(handle, false) {
            return Outcome::Completed(c);
        }
        Outcome::Updated {
            handle: MessageHandle(handle),
            part,
            state,
        }
    }

    fn remove(&mut self, handle: u64, expired: bool) -> Option<Completion<T>> {
        let msg = self.messages.remove(&handle)?;
        self.by_created.remove(&(msg.created, handle));
        let parts = msg
            .parts
            .into_iter()
            .map(|p| {
                let message_id = p.id.map(|(key, raw)| {
                    self.by_id.remove(&key);
                    raw
                });
                PartOutcome {
                    message_id,
                    state: p.state,
                    report: p.report,
                }
            })
            .collect();
        Some(Completion {
            handle: MessageHandle(handle),
            user_data: msg.user_data,
            parts,
            expired,
        })
    }

    /// Stops tracking a message, returning what its parts reached.
    pub fn cancel(&mut self, handle: MessageHandle) -> Option<Completion<T>> {
        self.remove(handle.0, false)
    }

    /// Gives up messages older than `message_ttl` and early reports older than
    /// `pending_ttl` at `now`.
    pub fn expire(&mut self, now: Duration) -> Expired<T> {
        let mut out = Expired {
            messages: Vec::new(),
            orphan_reports: Vec::new(),
        };
        while let Some(&(created, handle)) = self.by_created.first() {
            if now.saturating_sub(created) < self.config.message_ttl {
                break;
            }
            match self.remove(handle, true) {
                Some(c) => out.messages.push(c),
                None => {
                    self.by_created.pop_first();
                }
            }
        }
        while let Some((&(at, _), _)) = self.pending.first_key_value() {
            if now.saturating_sub(at) < self.config.pending_ttl {
                break;
            }
            if let Some(r) = self.pop_oldest_pending() {
                out.orphan_reports.push(r);
            }
        }
        out
    }

    /// When the next entry would expire, for the caller's timer.
    pub fn poll_timeout(&self) -> Option<Duration> {
        let m = self
            .by_created
            .first()
            .map(|(t, _)| *t + self.config.message_ttl);
        let p = self
            .pending
            .keys()
            .next()
            .map(|(t, _)| *t + self.config.pending_ttl);
        match (m, p) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}
