//! Correlation stores: where submissions wait for their delivery reports, so that a report
//! is matched whichever bind, process or restart of the gateway receives it.
//!
//! ```text
//!  begin(key, parts) ─► submitted(key, part, message_id) ─► report(id, state) … ─► Completed
//!                        (one per submit_sm_resp)             (until every part is final)
//!  a report before its submit_sm_resp is buffered and applied by that `submitted`;
//!  expire(now) gives up messages older than the TTL, with an event for each.
//! ```
//!
//! Three implementations behave alike (one conformance suite runs against all of them):
//!
//! | store | survives | shared by | feature |
//! |---|---|---|---|
//! | [`MemoryStore`] | nothing | one process | `std` |
//! | `SqliteStore` | a crash (`kill -9`) | one process at a time | `sqlite` |
//! | `RedisStore` | what Redis persists | every node of the gateway | `redis` |
//!
//! Messages are named by the caller's own key (unique across its restarts and nodes), ids
//! are compared after [`IdNormalizer`](crate::IdNormalizer) normalisation, and both are scoped to one SMSC
//! account, so two accounts of the same SMSC never match each other's receipts.
//!
//! # Sync API, batches, and tokio
//!
//! The trait is synchronous and takes **batches**: [`CorrelationStore::apply`] runs a slice
//! of operations and returns once all of them are durable (one SQLite transaction, one
//! Redis pipeline of atomic scripts). That is the group commit: a gateway runs the store on
//! one dedicated thread, which takes every operation queued since its last batch, applies
//! them together and answers each; its tokio tasks never block on disk or network, and a
//! busy gateway gets big batches, so it keeps up at 100 000 messages per second. A
//! deliver_sm carrying a receipt is acknowledged only when the batch holding its report
//! has returned, so a crash before that makes the SMSC resend it.
//!
//! No clock is read here: every call takes `now`, which for a durable or shared store must
//! be a wall-clock time (the gateway passes the time since the Unix epoch), since it is
//! compared with times written by other processes and earlier runs.
//!
//! ```
//! use core::time::Duration;
//! use dlr::{CorrelationConfig, IdNormalizer, IdOrigin, State};
//! use dlr::store::{CorrelationStore, MemoryStore, StoreEvent, StoreOp};
//!
//! let mut store = MemoryStore::new("smsc-a", IdNormalizer::default(), CorrelationConfig::default());
//! let now = Duration::from_secs(1_800_000_000);
//! // The receipt overtakes the submit_sm_resp: it waits.
//! let early = store.report(now, "4711", IdOrigin::ReceiptText, State::Delivered)?;
//! assert_eq!(early, StoreEvent::Buffered { evicted: false });
//! store.begin(now, "run1:0", 1)?;
//! match store.submitted(now, "run1:0", 0, "4711")? {
//!     StoreEvent::Completed(done) => assert_eq!((done.message.as_str(), done.state()), ("run1:0", State::Delivered)),
//!     other => panic!("{other:?}"),
//! }
//! // The SMSC resends the receipt: recognised, not reported again.
//! let again = store.report(now, "4711", IdOrigin::ReceiptText, State::Delivered)?;
//! assert!(matches!(again, StoreEvent::Duplicate { .. }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::time::Duration;

use crate::correlate::CorrelationError;
use crate::id::IdOrigin;
use crate::report::DeliveryReport;
use crate::state::State;

mod memory;
#[cfg(feature = "redis")]
mod redis;
#[cfg(feature = "sqlite")]
mod sqlite;

#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use self::redis::RedisStore;
#[cfg(feature = "sqlite")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlite")))]
pub use self::sqlite::{SqliteStore, Synchronous};
pub use memory::MemoryStore;

/// One operation on a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreOp<'a> {
    /// Start tracking message `message` (the caller's unique key) of `parts` parts, before
    /// submitting it.
    Begin {
        /// The caller's key.
        message: &'a str,
        /// How many submit_sm it is sent as.
        parts: u16,
    },
    /// A part's submit_sm_resp carried `message_id`.
    Submitted {
        /// The caller's key.
        message: &'a str,
        /// The part, from 0.
        part: u16,
        /// The id, as the SMSC wrote it.
        message_id: &'a str,
    },
    /// A part's submit failed (error status, timeout): it counts as `rejected`.
    SubmitFailed {
        /// The caller's key.
        message: &'a str,
        /// The part, from 0.
        part: u16,
    },
    /// A delivery report.
    Report {
        /// The id, as the report wrote it.
        message_id: &'a str,
        /// Where the id was read (selects its [`IdNormalizer`](crate::IdNormalizer) format).
        origin: IdOrigin,
        /// The state reported.
        state: State,
    },
}

impl<'a> StoreOp<'a> {
    /// The [`StoreOp::Report`] of a parsed report.
    pub fn report(report: &'a DeliveryReport) -> Self {
        Self::Report {
            message_id: &report.message_id,
            origin: report.id_origin,
            state: report.state,
        }
    }
}

/// One part of a settled message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettledPart {
    /// The id of its submit_sm_resp, if one came.
    pub message_id: Option<String>,
    /// The last state reported (the first final one sticks), if any.
    pub state: Option<State>,
}

/// A message that left the store's open set: every part final, or given up by `expire`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settled {
    /// The caller's key.
    pub message: String,
    /// One entry per part, in part order.
    pub parts: Vec<SettledPart>,
    /// `true` when `expire` gave it up before every part was final.
    pub expired: bool,
}

impl Settled {
    /// The message's overall state, by the rule of
    /// [`Completion::state`](crate::Completion::state).
    pub fn state(&self) -> State {
        crate::correlate::overall_state(self.parts.iter().map(|p| p.state))
    }
}

/// What an operation did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreEvent {
    /// `Begin`: tracked.
    Begun,
    /// `Submitted`: recorded; no early report was waiting for the id.
    Recorded,
    /// A part took a new state; the message still has parts that are not final.
    Updated {
        /// The caller's key.
        message: String,
        /// The part.
        part: u16,
        /// Its new state.
        state: State,
    },
    /// The last open part became final: the message is settled, reported this once.
    Completed(Settled),
    /// No submission has the report's id yet: kept until its `Submitted`. `evicted`: the
    /// oldest early report was dropped to keep the buffer bounded.
    Buffered {
        /// Whether an older early report was dropped.
        evicted: bool,
    },
    /// The part was already final or the message already settled: a resent receipt or a
    /// late one. Nothing changed and nothing is reported.
    Duplicate {
        /// The message the id belongs to.
        message: String,
    },
}

/// What [`CorrelationStore::expire`] gave up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Messages whose TTL ran out before every part was final, with what they reached.
    pub expired: Vec<Settled>,
    /// Early reports whose submission never came within the pending TTL.
    pub orphan_reports: u64,
}

/// A store that cannot do its job: I/O, the backend's own errors, a configuration
/// that does not match the stored one. The batch it happened in is not applied.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The backend failed (disk, network, a corrupt file, a script error).
    #[error("{backend} store: {detail}")]
    Backend {
        /// `sqlite`, `redis`.
        backend: &'static str,
        /// What it said.
        detail: String,
    },
    /// The store was created with different id normalisation: ids written by another node
    /// would not compare equal to ours, so matching would silently fail.
    #[error(
        "id normalisation mismatch for account {account:?}: the store has {stored:?}, this node {ours:?}"
    )]
    NormalizerMismatch {
        /// The account.
        account: String,
        /// What the store holds.
        stored: String,
        /// What this node uses.
        ours: String,
    },
    /// The store holds data in another key layout (written by an older or newer release):
    /// this node would misread its keys, so it refuses to open it. Drain or move that data
    /// (or point this node at another account or server) before upgrading.
    #[error(
        "key layout mismatch for account {account:?}: the store has {stored:?}, this node writes {ours:?}"
    )]
    LayoutMismatch {
        /// The account.
        account: String,
        /// The layout the store holds (`layout=N`, or the whole stored marker if it has none).
        stored: String,
        /// The layout this node writes (`layout=N`).
        ours: String,
    },
    /// An address or path the store cannot use.
    #[error("invalid store location {0:?}")]
    InvalidLocation(String),
}

/// The result of each operation of a batch, in order.
pub type OpResult = Result<StoreEvent, CorrelationError>;

/// A correlation store (see the [module docs](self)).
pub trait CorrelationStore: Send + fmt::Debug {
    /// `memory`, `sqlite` or `redis`.
    fn kind(&self) -> &'static str;

    /// Applies `ops` in order at `now`, pushing one result per operation to `out`, and
    /// returns once every change is durable. A misuse (unknown message, a part submitted
    /// twice) fails that operation only; a backend failure fails the whole batch and
    /// nothing of it is applied.
    fn apply(
        &mut self,
        now: Duration,
        ops: &[StoreOp<'_>],
        out: &mut Vec<OpResult>,
    ) -> Result<(), StoreError>;

    /// Gives up messages older than the message TTL (each reported once, `expired`) and
    /// early reports older than the pending TTL; forgets settled messages a message TTL
    /// after they settled, so the store stays bounded.
    fn expire(&mut self, now: Duration) -> Result<Swept, StoreError>;

    /// Messages begun and not yet settled.
    fn open_messages(&mut self) -> Result<u64, StoreError>;

    /// [`StoreOp::Begin`] alone.
    fn begin(
        &mut self,
        now: Duration,
        message: &str,
        parts: u16,
    ) -> Result<StoreEvent, StoreOpError> {
        self.one(now, StoreOp::Begin { message, parts })
    }

    /// [`StoreOp::Submitted`] alone.
    fn submitted(
        &mut self,
        now: Duration,
        message: &str,
        part: u16,
        message_id: &str,
    ) -> Result<StoreEvent, StoreOpError> {
        self.one(
            now,
            StoreOp::Submitted {
                message,
                part,
                message_id,
            },
        )
    }

    /// [`StoreOp::Report`] alone.
    fn report(
        &mut self,
        now: Duration,
        message_id: &str,
        origin: IdOrigin,
        state: State,
    ) -> Result<StoreEvent, StoreOpError> {
        self.one(
            now,
            StoreOp::Report {
                message_id,
                origin,
                state,
            },
        )
    }

    /// One operation as a batch of one.
    fn one(&mut self, now: Duration, op: StoreOp<'_>) -> Result<StoreEvent, StoreOpError> {
        let mut out = Vec::with_capacity(1);
        self.apply(now, &[op], &mut out)?;
        match out.pop() {
            Some(r) => Ok(r?),
            None => Err(StoreOpError::Store(StoreError::Backend {
                backend: "store",
                detail: "no result for the operation".into(),
            })),
        }
    }
}

/// The error of a single-operation call: the store failed, or the operation was a misuse.
#[derive(Debug, thiserror::Error)]
pub enum StoreOpError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The operation was refused.
    #[error(transparent)]
    Op(#[from] CorrelationError),
}

/// Which store, written as one string: what a gateway's configuration file or command line
/// names (`memory`, `sqlite:PATH`, `sqlite-full:PATH`, `redis://HOST:PORT[/DB]`). Parsed
/// with [`str::parse`], written back by `Display`, opened for an account with
/// [`StoreSpec::open`].
///
/// ```
/// use dlr::store::StoreSpec;
/// use dlr::{CorrelationConfig, IdNormalizer};
///
/// let spec: StoreSpec = "memory".parse()?;
/// let _store = spec.open("smsc-account", IdNormalizer::default(), CorrelationConfig::default())?;
/// assert_eq!(
///     "sqlite:/var/lib/gw/dlr.db".parse::<StoreSpec>()?,
///     StoreSpec::Sqlite("/var/lib/gw/dlr.db".into())
/// );
/// assert!("mysql://db".parse::<StoreSpec>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreSpec {
    /// `memory`: this process only ([`MemoryStore`]).
    Memory,
    /// `sqlite:PATH`: a file that survives the process being killed (SQLite WAL with
    /// `synchronous=NORMAL`: a committed batch is in the WAL file, which the kernel keeps
    /// whatever happens to the process; only a power cut or a kernel crash can lose the
    /// last batches, since the WAL is fsynced at checkpoints only). Feature `sqlite`.
    Sqlite(std::path::PathBuf),
    /// `sqlite-full:PATH`: the same, fsynced at every batch (`synchronous=FULL`): a
    /// committed batch also survives a power cut, at the cost of one fsync per batch.
    SqliteFull(std::path::PathBuf),
    /// `redis://HOST:PORT[/DB]`: shared by several processes. Feature `redis`.
    Redis(String),
}

/// A store string [`StoreSpec`] does not accept; it says which form was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("store {spec:?}: {why}")]
pub struct StoreSpecError {
    /// The string as given.
    pub spec: String,
    /// What was expected.
    pub why: &'static str,
}

impl core::str::FromStr for StoreSpec {
    type Err = StoreSpecError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |why| StoreSpecError {
            spec: String::from(s),
            why,
        };
        let path = |p: &str, why| {
            if p.is_empty() {
                Err(err(why))
            } else {
                Ok(std::path::PathBuf::from(p))
            }
        };
        if s == "memory" {
            Ok(Self::Memory)
        } else if let Some(p) = s.strip_prefix("sqlite:") {
            Ok(Self::Sqlite(path(p, "sqlite:PATH needs a path")?))
        } else if let Some(p) = s.strip_prefix("sqlite-full:") {
            Ok(Self::SqliteFull(path(p, "sqlite-full:PATH needs a path")?))
        } else if s.starts_with("redis://") {
            Ok(Self::Redis(String::from(s)))
        } else {
            Err(err(
                "expected memory, sqlite:PATH, sqlite-full:PATH or redis://HOST:PORT",
            ))
        }
    }
}

impl fmt::Display for StoreSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Memory => f.write_str("memory"),
            Self::Sqlite(p) => write!(f, "sqlite:{}", p.display()),
            Self::SqliteFull(p) => write!(f, "sqlite-full:{}", p.display()),
            Self::Redis(u) => f.write_str(u),
        }
    }
}

impl StoreSpec {
    /// Opens the store for SMSC account `account`. A form whose feature (`sqlite`,
    /// `redis`) this build lacks is a [`StoreError::Backend`] saying so.
    pub fn open(
        &self,
        account: &str,
        ids: crate::IdNormalizer,
        config: crate::CorrelationConfig,
    ) -> Result<alloc::boxed::Box<dyn CorrelationStore>, StoreError> {
        use alloc::boxed::Box;
        #[allow(unused_variables)] // without the features, only the memory store uses them
        let missing = |backend: &'static str| StoreError::Backend {
            backend,
            detail: alloc::format!("sms-dlr was built without its `{backend}` feature"),
        };
        Ok(match self {
            Self::Memory => Box::new(MemoryStore::new(account, ids, config)),
            #[cfg(feature = "sqlite")]
            Self::Sqlite(path) => Box::new(SqliteStore::open(
                path,
                account,
                ids,
                config,
                Synchronous::Normal,
            )?),
            #[cfg(feature = "sqlite")]
            Self::SqliteFull(path) => Box::new(SqliteStore::open(
                path,
                account,
                ids,
                config,
                Synchronous::Full,
            )?),
            #[cfg(not(feature = "sqlite"))]
            Self::Sqlite(_) | Self::SqliteFull(_) => return Err(missing("sqlite")),
            #[cfg(feature = "redis")]
            Self::Redis(url) => Box::new(RedisStore::open(url, account, ids, config)?),
            #[cfg(not(feature = "redis"))]
            Self::Redis(_) => return Err(missing("redis")),
        })
    }
}

#[cfg(feature = "redis")]
/// Writes into `buf` the text form of a normalised id used as a key by the shared store:
/// `n:` and a decimal number, or `t:` and the normalised text, so the number 12 and the
/// text `12` (different normalisations) never collide.
pub(crate) fn id_key(buf: &mut String, id: &crate::id::NormalizedId) {
    use core::fmt::Write;
    buf.clear();
    // Writing to a String cannot fail.
    let _ = match id {
        crate::id::NormalizedId::Number(n) => write!(buf, "n:{n}"),
        crate::id::NormalizedId::Text(t) => write!(buf, "t:{t}"),
    };
}

#[cfg(any(feature = "sqlite", feature = "redis"))]
/// A state as its SMPP `message_state` value (the stores' column form).
pub(crate) fn state_code(state: State) -> u8 {
    state.message_state().0
}

#[cfg(any(feature = "sqlite", feature = "redis"))]
/// The state of a stored `message_state` value.
pub(crate) fn code_state(code: i64) -> State {
    State::from_message_state(crate::state::MessageState(
        u8::try_from(code).unwrap_or(u8::MAX),
    ))
}

#[cfg(all(test, feature = "redis"))]
mod tests {
    use super::*;
    use crate::id::NormalizedId;

    #[test]
    fn accepts_every_state_through_its_code() {
        for s in State::ALL {
            assert_eq!(code_state(i64::from(state_code(s))), s);
        }
        assert_eq!(code_state(-1), State::Unknown);
    }

    #[test]
    fn accepts_distinct_keys_for_number_and_text() {
        let (mut a, mut b) = (String::new(), String::new());
        id_key(&mut a, &NormalizedId::Number(12));
        id_key(&mut b, &NormalizedId::Text("12".into()));
        assert_ne!(a, b);
    }
}

#[cfg(test)]
mod spec_tests {
    use super::StoreSpec;
    use alloc::string::ToString;

    #[test]
    fn accepts_the_store_forms() {
        for (s, spec) in [
            ("memory", StoreSpec::Memory),
            ("sqlite:/tmp/x.db", StoreSpec::Sqlite("/tmp/x.db".into())),
            (
                "sqlite-full:/tmp/x.db",
                StoreSpec::SqliteFull("/tmp/x.db".into()),
            ),
            (
                "redis://127.0.0.1:6379",
                StoreSpec::Redis("redis://127.0.0.1:6379".into()),
            ),
        ] {
            assert_eq!(s.parse::<StoreSpec>().unwrap(), spec);
            assert_eq!(spec.to_string(), s);
        }
    }

    // The spec opens the store it names: a SQLite file created at the path.
    #[cfg(feature = "sqlite")]
    #[test]
    fn accepts_opening_a_sqlite_spec() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dlr.sqlite");
        let spec = StoreSpec::SqliteFull(path.clone());
        let config = crate::CorrelationConfig::default();
        spec.open("acct", crate::IdNormalizer::default(), config)
            .unwrap();
        assert!(path.exists());
    }

    #[test]
    fn rejects_other_store_forms() {
        for bad in [
            "",
            "sqlite:",
            "sqlite-full:",
            "mysql://x",
            "Memory",
            "redis:x",
        ] {
            let e = bad.parse::<StoreSpec>().unwrap_err();
            assert_eq!(e.spec, bad);
        }
    }
}
