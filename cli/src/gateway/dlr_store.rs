//! `--dlr-store`: where the ESME's submissions wait for their receipts. The store is run
//! by `dlr::messenger` (on a thread of its own, in batches: the group commit).

use std::path::PathBuf;

use dlr::store::{CorrelationStore, MemoryStore, RedisStore, SqliteStore, StoreError, Synchronous};
use dlr::{CorrelationConfig, IdNormalizer};

use crate::common::CliError;

/// Which store, as `--dlr-store` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StoreSpec {
    /// `memory`: this process only.
    Memory,
    /// `sqlite:PATH`: a file that survives the process being killed (SQLite WAL with
    /// `synchronous=NORMAL`: a committed batch is in the WAL file, which the kernel keeps
    /// whatever happens to the process; only a power cut or a kernel crash can lose the
    /// last batches, since the WAL is fsynced at checkpoints only).
    Sqlite(PathBuf),
    /// `sqlite-full:PATH`: the same, fsynced at every batch (`synchronous=FULL`): a
    /// committed batch also survives a power cut, at the cost of one fsync per batch.
    SqliteFull(PathBuf),
    /// `redis://HOST:PORT[/DB]`: shared by several processes.
    Redis(String),
}

impl StoreSpec {
    /// Parses `--dlr-store`.
    pub(crate) fn parse(s: &str) -> Result<Self, CliError> {
        if s == "memory" {
            Ok(Self::Memory)
        } else if let Some(path) = s.strip_prefix("sqlite:") {
            if path.is_empty() {
                return Err(CliError::bad_input("--dlr-store sqlite:PATH needs a path"));
            }
            Ok(Self::Sqlite(PathBuf::from(path)))
        } else if let Some(path) = s.strip_prefix("sqlite-full:") {
            if path.is_empty() {
                return Err(CliError::bad_input(
                    "--dlr-store sqlite-full:PATH needs a path",
                ));
            }
            Ok(Self::SqliteFull(PathBuf::from(path)))
        } else if s.starts_with("redis://") {
            Ok(Self::Redis(s.to_owned()))
        } else {
            Err(CliError::bad_input(format!(
                "--dlr-store {s:?}: expected memory, sqlite:PATH, sqlite-full:PATH or redis://HOST:PORT"
            )))
        }
    }

    /// What the summaries print: `memory`, `sqlite:PATH`, `redis://…`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Memory => "memory".into(),
            Self::Sqlite(p) => format!("sqlite:{}", p.display()),
            Self::SqliteFull(p) => format!("sqlite-full:{}", p.display()),
            Self::Redis(u) => u.clone(),
        }
    }

    /// Opens the store for SMSC account `account`.
    pub(crate) fn open(&self, account: &str) -> Result<Box<dyn CorrelationStore>, CliError> {
        // The SMSC simulator and the peers we know write ids alike in the submit_sm_resp
        // and the receipt: compared as written.
        let ids = IdNormalizer::default();
        let config = CorrelationConfig {
            max_messages: 10_000_000,
            max_pending_reports: 1_000_000,
            ..CorrelationConfig::default()
        };
        let failed =
            |e: StoreError| CliError::runtime(format!("--dlr-store {}: {e}", self.describe()));
        Ok(match self {
            Self::Memory => Box::new(MemoryStore::new(account, ids, config)),
            Self::Sqlite(path) => Box::new(
                SqliteStore::open(path, account, ids, config, Synchronous::Normal)
                    .map_err(failed)?,
            ),
            Self::SqliteFull(path) => Box::new(
                SqliteStore::open(path, account, ids, config, Synchronous::Full).map_err(failed)?,
            ),
            Self::Redis(url) => {
                Box::new(RedisStore::open(url, account, ids, config).map_err(failed)?)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_store_forms() {
        assert_eq!(StoreSpec::parse("memory").unwrap(), StoreSpec::Memory);
        assert_eq!(
            StoreSpec::parse("sqlite:/tmp/x.db").unwrap(),
            StoreSpec::Sqlite("/tmp/x.db".into())
        );
        assert_eq!(
            StoreSpec::parse("sqlite-full:/tmp/x.db").unwrap(),
            StoreSpec::SqliteFull("/tmp/x.db".into())
        );
        assert_eq!(
            StoreSpec::parse("redis://127.0.0.1:6379").unwrap(),
            StoreSpec::Redis("redis://127.0.0.1:6379".into())
        );
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
            assert!(StoreSpec::parse(bad).is_err(), "{bad}");
        }
    }
}
