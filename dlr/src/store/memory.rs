//! The in-process store: the [`CorrelationTable`] keyed by the caller's message keys, plus
//! the memory of settled messages that recognises late and repeated receipts.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::time::Duration;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};

use super::{
    CorrelationStore, OpResult, Settled, SettledPart, StoreError, StoreEvent, StoreOp, Swept,
};
use crate::correlate::{
    Completion, CorrelationConfig, CorrelationError, CorrelationTable, MessageHandle, Outcome,
};
use crate::id::{IdNormalizer, IdOrigin, NormalizedId};
use crate::report::{DeliveryReport, Source};
use crate::state::State;

/// Correlation in this process's memory: fast, lost on exit. Bounded by
/// [`CorrelationConfig`]: `max_messages` open messages, `max_pending_reports` early
/// reports, and settled messages remembered for `message_ttl` (at most `max_messages`).
#[derive(Debug)]
pub struct MemoryStore {
    account: String,
    ids: IdNormalizer,
    config: CorrelationConfig,
    /// Keys are shared (`Arc<str>`) by every map that names the message: one allocation
    /// per message. The maps hash with std's `RandomState` (SipHash keyed at random per
    /// map), so keys and ids chosen by a peer cannot be made to collide; a word hasher
    /// measured no faster here, where cache misses and allocation dominate.
    table: CorrelationTable<Arc<str>>,
    /// The open messages' handles by key (the table names each handle's key).
    handles: HashMap<Arc<str>, MessageHandle>,
    /// Settled messages: their ids, and when they settled (oldest first).
    settled_ids: HashMap<NormalizedId, Arc<str>>,
    settled_keys: HashMap<Arc<str>, Vec<NormalizedId>>,
    settled_order: VecDeque<(Duration, Arc<str>)>,
}

impl MemoryStore {
    /// An empty store for SMSC account `account`, comparing ids with `ids`.
    pub fn new(account: &str, ids: IdNormalizer, config: CorrelationConfig) -> Self {
        Self {
            account: account.into(),
            ids,
            config,
            table: CorrelationTable::new(ids, config),
            handles: HashMap::default(),
            settled_ids: HashMap::default(),
            settled_keys: HashMap::default(),
            settled_order: VecDeque::new(),
        }
    }

    /// The SMSC account.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The id normalisation.
    pub fn ids(&self) -> IdNormalizer {
        self.ids
    }

    /// Applies one operation.
    pub(crate) fn apply_one(&mut self, now: Duration, op: &StoreOp<'_>) -> OpResult {
        match *op {
            StoreOp::Begin { message, parts } => {
                if self.settled_keys.contains_key(message) {
                    return Err(CorrelationError::DuplicateMessage(message.into()));
                }
                let key: Arc<str> = Arc::from(message);
                let Entry::Vacant(slot) = self.handles.entry(key) else {
                    return Err(CorrelationError::DuplicateMessage(message.into()));
                };
                let h = self.table.begin(now, slot.key().clone(), parts)?;
                slot.insert(h);
                Ok(StoreEvent::Begun)
            }
            StoreOp::Submitted {
                message,
                part,
                message_id,
            } => {
                let h = *self
                    .handles
                    .get(message)
                    .ok_or(CorrelationError::UnknownHandle)?;
                let nid = self.ids.normalize(message_id, IdOrigin::SubmitResp);
                if self.settled_ids.contains_key(&nid) {
                    return Err(CorrelationError::DuplicateId(message_id.into()));
                }
                let outcome = self.table.submitted_normalized(h, part, nid, message_id)?;
                Ok(self.event(now, outcome))
            }
            StoreOp::SubmitFailed { message, part } => {
                let h = *self
                    .handles
                    .get(message)
                    .ok_or(CorrelationError::UnknownHandle)?;
                let outcome = self.table.submit_failed(h, part)?;
                Ok(self.event(now, outcome))
            }
            StoreOp::Report {
                message_id,
                origin,
                state,
            } => {
                let nid = self.ids.normalize(message_id, origin);
                if let Some(key) = self.settled_ids.get(&nid) {
                    return Ok(StoreEvent::Duplicate {
                        message: String::from(&**key),
                    });
                }
                let outcome = self.table.report_normalized(
                    now,
                    nid,
                    minimal_report(message_id, origin, state),
                );
                Ok(self.event(now, outcome))
            }
        }
    }

    fn key(&self, h: MessageHandle) -> String {
        self.table
            .user_data(h)
            .map(|k| String::from(&**k))
            .unwrap_or_default()
    }

    fn event(&mut self, now: Duration, outcome: Outcome<Arc<str>>) -> StoreEvent {
        match outcome {
            Outcome::Updated {
                handle,
                part,
                state,
            } => StoreEvent::Updated {
                message: self.key(handle),
                part,
                state,
            },
            Outcome::Completed(c) => StoreEvent::Completed(self.settle(now, c, false)),
            Outcome::Buffered { evicted } => StoreEvent::Buffered {
                evicted: evicted.is_some(),
            },
            Outcome::Duplicate { handle, .. } => StoreEvent::Duplicate {
                message: self.key(handle),
            },
            _ => StoreEvent::Recorded,
        }
    }

    /// Moves a message from the open set to the settled memory.
    fn settle(&mut self, now: Duration, c: Completion<Arc<str>>, expired: bool) -> Settled {
        self.handles.remove(&c.user_data);
        let mut nids = Vec::with_capacity(c.parts.len());
        let parts = c
            .parts
            .into_iter()
            .map(|p| {
                if let Some(id) = &p.message_id {
                    let nid = self.ids.normalize(id, IdOrigin::SubmitResp);
                    self.settled_ids.insert(nid.clone(), c.user_data.clone());
                    nids.push(nid);
                }
                SettledPart {
                    message_id: p.message_id,
                    state: p.state,
                }
            })
            .collect();
        self.settled_keys.insert(c.user_data.clone(), nids);
        self.settled_order.push_back((now, c.user_data.clone()));
        let message = String::from(&*c.user_data);
        // Bounded: the oldest settled messages are forgotten beyond max_messages.
        while self.settled_order.len() > self.config.max_messages.max(1) {
            if let Some((_, k)) = self.settled_order.pop_front() {
                self.forget(&k);
            }
        }
        Settled {
            message,
            parts,
            expired,
        }
    }

    fn forget(&mut self, key: &str) {
        for nid in self.settled_keys.remove(key).unwrap_or_default() {
            self.settled_ids.remove(&nid);
        }
    }

    /// [`CorrelationStore::expire`].
    pub(crate) fn sweep(&mut self, now: Duration) -> Swept {
        let expired = self.table.expire(now);
        let mut out = Swept {
            orphan_reports: expired.orphan_reports.len() as u64,
            ..Swept::default()
        };
        for c in expired.messages {
            let s = self.settle(now, c, true);
            out.expired.push(s);
        }
        while let Some((at, _)) = self.settled_order.front() {
            if now.saturating_sub(*at) < self.config.message_ttl {
                break;
            }
            if let Some((_, k)) = self.settled_order.pop_front() {
                self.forget(&k);
            }
        }
        out
    }

    /// The limits.
    pub fn config(&self) -> CorrelationConfig {
        self.config
    }

    /// Messages open.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether no message is open.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

/// A report carrying only what correlation uses: its id, where it was read, its state.
pub(crate) fn minimal_report(message_id: &str, origin: IdOrigin, state: State) -> DeliveryReport {
    DeliveryReport {
        message_id: message_id.into(),
        id_origin: origin,
        recipient: None,
        state,
        error_code: None,
        err: None,
        network_error: None,
        delivery_failure_reason: None,
        message_state: Some(state.message_state()),
        stat: None,
        submit_date: None,
        done_date: None,
        submitted: None,
        delivered: None,
        source: Source::Tlvs,
        conflicts: Vec::new(),
        quirks: Vec::new(),
    }
}

impl CorrelationStore for MemoryStore {
    fn kind(&self) -> &'static str {
        "memory"
    }

    fn apply(
        &mut self,
        now: Duration,
        ops: &[StoreOp<'_>],
        out: &mut Vec<OpResult>,
    ) -> Result<(), StoreError> {
        out.extend(ops.iter().map(|op| self.apply_one(now, op)));
        Ok(())
    }

    fn expire(&mut self, now: Duration) -> Result<Swept, StoreError> {
        Ok(self.sweep(now))
    }

    fn open_messages(&mut self) -> Result<u64, StoreError> {
        Ok(self.table.len() as u64)
    }
}
