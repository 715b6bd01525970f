//! The ESME side shared by `sms send` and `sms demo`: the `--dlr-store` opened, the bind
//! configured (window, rate, reconnects) and its failures told apart for the exit code; the
//! sending, waiting and receipt matching are `dlr::messenger::send_batch`'s.

use std::time::{Duration, Instant};

use dlr::messenger::{
    BatchOptions, BatchResult, BatchSummary, BindConfig, Binds, Messenger, MessengerConfig,
    MessengerError, send_batch,
};
use dlr::store::{CorrelationStore, Settled, StoreSpec};
use dlr::{CorrelationConfig, IdNormalizer};
use smpp::bytes::Bytes;
use smpp::session::BindKind;
use smpp::tokio::{Backoff, ConnectError};
use smpp::{Bind, DecodeOptions};

use super::plan::MessagePlan;
use crate::common::CliError;

/// How to send.
#[derive(Debug, Clone)]
pub(crate) struct SendConfig {
    /// `HOST:PORT` of the SMSC.
    pub(crate) smsc: String,
    /// The bind sent (system_id, password).
    pub(crate) credentials: Bind<'static>,
    /// Transceiver (the default), transmitter (submit only: another process receives the
    /// receipts) or receiver (collect receipts for messages other processes sent).
    pub(crate) bind: BindKind,
    /// submit_sm awaiting their response at most.
    pub(crate) window: usize,
    /// submit_sm per second at most.
    pub(crate) rate: Option<u32>,
    /// How long to wait for receipts after the last response (`None`: do not wait).
    pub(crate) wait_dlr: Option<Duration>,
    /// Where submissions wait for their receipts.
    pub(crate) store: StoreSpec,
    /// This run's prefix of message keys in the store (`RUN:N` for message N; `None`:
    /// the messenger's default, unique across restarts and processes).
    pub(crate) run_id: Option<String>,
}

/// Opens the store, binds, sends every message of `plans` and waits as configured
/// (`dlr::messenger::send_batch`), unbinds. `on_result` sees each message once it is
/// settled; `on_elsewhere` each message of another run or process that settled here.
pub(crate) async fn run(
    config: &SendConfig,
    plans: &[MessagePlan],
    on_result: impl FnMut(&BatchResult, &BatchSummary),
    on_elsewhere: impl FnMut(&Settled),
) -> Result<BatchSummary, CliError> {
    let started = Instant::now();
    // The store first: a store that cannot open (or normalises ids differently from the
    // one other nodes use) refuses before anything is sent.
    let account = format!("{}@{}", config.credentials.system_id, config.smsc);
    // The SMSC simulator and the peers we know write ids alike in the submit_sm_resp
    // and the receipt: compared as written.
    let correlation = CorrelationConfig {
        max_messages: 10_000_000,
        max_pending_reports: 1_000_000,
        ..CorrelationConfig::default()
    };
    let store = (config.store)
        .open(&account, IdNormalizer::default(), correlation)
        .map_err(|e| CliError::runtime(format!("--dlr-store {}: {e}", config.store)))?;
    let messenger = connect(config, store).await?;
    let messages: Vec<Vec<Bytes>> = plans.iter().map(|p| p.parts.clone()).collect();
    let options = BatchOptions {
        bind: config.bind,
        wait_receipts: config.wait_dlr,
    };
    let mut summary = send_batch(messenger, &messages, &options, on_result, on_elsewhere)
        .await
        .map_err(|e| CliError::runtime(e.to_string()))?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Resolves the SMSC's address, connects and binds (reconnecting after a drop); errors
/// say what failed: a bad address (exit 2), a refused connection or a refused bind with
/// its status name (exit 1).
async fn connect(
    config: &SendConfig,
    store: Box<dyn CorrelationStore>,
) -> Result<Messenger, CliError> {
    let addr = resolve(&config.smsc).await?;
    let window = config.window.max(1);
    let mut binds = Binds::default().with(BindConfig::new(
        config.bind,
        config.credentials.clone(),
        window,
    ));
    if let Some(rate) = config.rate {
        binds = binds.with_rate(rate);
    }
    let binds = binds.configure(|esme| {
        // Real SMSCs send quirks; forgive and go on.
        esme.session.decode = DecodeOptions::lenient();
        esme.session.response_timeout = Duration::from_secs(30);
        // A dropped connection is bound again soon; what was not in flight goes out then.
        esme.reconnect = Some(Backoff {
            initial: Duration::from_millis(100),
            max: Duration::from_secs(2),
        });
    });
    let mut messenger_config = MessengerConfig::default();
    if let Some(run_id) = &config.run_id {
        messenger_config.key_prefix = format!("{run_id}:");
    }
    messenger_config.down_timeout = Some(Duration::from_secs(30));
    let connecting = Messenger::connect(addr, binds, store, messenger_config);
    match tokio::time::timeout(Duration::from_secs(30), connecting).await {
        Err(_) => Err(CliError::runtime(format!(
            "no bind response from {addr} within 30 s"
        ))),
        Ok(Ok(m)) => Ok(m),
        Ok(Err(MessengerError::Connect {
            error: ConnectError::Io(e),
            ..
        })) => Err(CliError::runtime(format!("cannot connect to {addr}: {e}"))),
        Ok(Err(MessengerError::Connect {
            error: ConnectError::BindFailed(Some(status)),
            ..
        })) => Err(CliError::runtime(format!(
            "bind refused by {addr}: {} ({}, 0x{:08X})",
            status.name().unwrap_or("unknown status"),
            status.description().unwrap_or("no description"),
            status.0
        ))),
        Ok(Err(e)) => Err(CliError::runtime(format!("bind failed at {addr}: {e}"))),
    }
}

/// `HOST:PORT` to a socket address; anything else is bad input.
pub(crate) async fn resolve(s: &str) -> Result<std::net::SocketAddr, CliError> {
    let bad = |why: &str| CliError::bad_input(format!("--smsc {s:?}: {why}"));
    let Some((host, port)) = s.rsplit_once(':') else {
        return Err(bad("expected HOST:PORT"));
    };
    if host.is_empty() || port.parse::<u16>().is_err() {
        return Err(bad("expected HOST:PORT with a port 0-65535"));
    }
    match tokio::net::lookup_host(s).await {
        Ok(mut addrs) => addrs.next().ok_or_else(|| bad("the host has no address")),
        Err(e) => Err(bad(&format!("cannot resolve: {e}"))),
    }
}
