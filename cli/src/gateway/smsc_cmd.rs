//! `sms smsc`: options, start-up line, and the summary on SIGINT/SIGTERM.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::json;

use super::accounts::Accounts;
use super::faults::FaultConfig;
use super::pdulog::print_line;
use super::receipts::DlrStat;
use super::simulator::{ReceiptFaults, SimConfig, Stats};
use super::smsc::{Log, Smsc};
use crate::common::{CliError, print_human};

/// Arguments of `sms smsc`.
#[derive(Debug, clap::Args)]
pub(crate) struct SmscArgs {
    /// Address to listen on, e.g. 127.0.0.1:2775 (port 0 picks a free one).
    #[arg(long)]
    listen: String,
    /// An account allowed to bind, ID:PASSWORD (repeatable; none: any bind is accepted).
    #[arg(long = "account", value_name = "ID:PASSWORD")]
    accounts: Vec<String>,
    /// Delay between accepting a message and sending its receipt.
    #[arg(long, default_value_t = 100, value_name = "N")]
    dlr_delay_ms: u64,
    /// Final state of receipts: DELIVRD, UNDELIV, EXPIRED, REJECTD, … or `random`.
    #[arg(long, default_value = "DELIVRD", value_name = "STAT")]
    dlr_stat: String,
    /// Fraction (0 to 1) of submissions answered ESME_RSUBMITFAIL.
    #[arg(long, default_value_t = 0.0, value_name = "F")]
    reject_rate: f64,
    /// Answer ESME_RTHROTTLED above this many submissions per second.
    #[arg(long, value_name = "N_PER_SEC")]
    throttle_above: Option<u32>,
    /// Send a mobile-originated deliver_sm this often on every receiver/transceiver bind.
    #[arg(long, value_name = "N")]
    mo_every_ms: Option<u64>,
    /// Delay every answer to a submission this long (slow SMSC).
    #[arg(long, default_value_t = 0, value_name = "N")]
    response_delay_ms: u64,
    /// Drop the connection abruptly after every N submissions on it.
    #[arg(long, value_name = "N")]
    drop_every: Option<u64>,
    /// Fraction (0 to 1) of receipts sent twice.
    #[arg(long, default_value_t = 0.0, value_name = "F")]
    dlr_duplicate_rate: f64,
    /// After each final receipt, send an ENROUTE one for the same message (out of order).
    #[arg(long)]
    dlr_late_enroute: bool,
    /// Send receipts after --dlr-delay-ms even when the submit_sm_resp is delayed longer
    /// (--response-delay-ms): the receipt overtakes the response.
    #[arg(long)]
    dlr_before_response: bool,
    /// Seed of the random choices (rejects, `--dlr-stat random`).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Forgive the quirks real ESMEs send (over-long fields, missing NULs…) instead of
    /// answering them with an error status.
    #[arg(long)]
    lenient: bool,
    /// One JSON line per PDU in and out, and the summary as JSON.
    #[arg(long)]
    json: bool,
}

impl SmscArgs {
    /// The simulator's configuration, or what is wrong with the arguments.
    fn config(&self) -> Result<(SocketAddr, SimConfig), CliError> {
        let listen: SocketAddr = self.listen.parse().map_err(|_| {
            CliError::bad_input(format!(
                "--listen {:?}: expected IP:PORT, e.g. 127.0.0.1:2775",
                self.listen
            ))
        })?;
        if !(0.0..=1.0).contains(&self.dlr_duplicate_rate) {
            return Err(CliError::bad_input(format!(
                "--dlr-duplicate-rate {}: expected a fraction from 0 to 1",
                self.dlr_duplicate_rate
            )));
        }
        if !(0.0..=1.0).contains(&self.reject_rate) {
            return Err(CliError::bad_input(format!(
                "--reject-rate {}: expected a fraction from 0 to 1",
                self.reject_rate
            )));
        }
        let config = SimConfig {
            accounts: Accounts::parse(&self.accounts).map_err(CliError::bad_input)?,
            faults: FaultConfig {
                reject_rate: self.reject_rate,
                throttle_above: self.throttle_above,
                response_delay: Duration::from_millis(self.response_delay_ms),
                drop_every: self.drop_every,
            },
            dlr_delay: Duration::from_millis(self.dlr_delay_ms),
            dlr_stat: DlrStat::parse(&self.dlr_stat).map_err(CliError::bad_input)?,
            mo_every: self
                .mo_every_ms
                .filter(|&n| n > 0)
                .map(Duration::from_millis),
            seed: self.seed,
            lenient: self.lenient,
            receipt_faults: ReceiptFaults {
                duplicate_rate: self.dlr_duplicate_rate,
                late_enroute: self.dlr_late_enroute,
                before_response: self.dlr_before_response,
            },
        };
        Ok((listen, config))
    }
}

/// Runs `sms smsc` until SIGINT or SIGTERM.
pub(crate) fn run(args: SmscArgs) -> Result<(), CliError> {
    let (listen, config) = args.config()?;
    let open = config.accounts.is_open();
    super::runtime()?.block_on(async move {
        let log = if args.json { Log::Json } else { Log::Human };
        let smsc = Smsc::start(listen, config, log)
            .await
            .map_err(|e| CliError::runtime(format!("cannot listen on {listen}: {e}")))?;
        let addr = smsc.local_addr;
        if args.json {
            print_line(&json!({"event": "listening", "addr": addr.to_string()}));
        } else {
            print_human(&format!(
                "sms smsc listening on {addr} ({}); Ctrl-C for the summary",
                if open {
                    "any system_id/password binds"
                } else {
                    "accounts checked"
                }
            ))?;
        }
        wait_for_signal().await?;
        smsc.stop();
        let stats = smsc.shared.sim().stats;
        let elapsed = smsc.shared.start.elapsed();
        if args.json {
            print_line(&stats.to_json(elapsed));
        } else {
            print_human(&human_summary(&stats, elapsed))?;
        }
        Ok(())
    })
}

async fn wait_for_signal() -> Result<(), CliError> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())
            .map_err(|e| CliError::runtime(format!("installing the SIGTERM handler: {e}")))?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.map_err(|e| CliError::runtime(format!("waiting for Ctrl-C: {e}"))),
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c()
            .await
            .map_err(|e| CliError::runtime(format!("waiting for Ctrl-C: {e}")))
    }
}

fn human_summary(s: &Stats, elapsed: Duration) -> String {
    format!(
        "summary after {:.1} s: {} connections, {} binds ({} refused); {} submissions = {} messages: \
         {} accepted, {} rejected, {} throttled; receipts {} sent, {} acknowledged, {} failed, \
         {} unroutable, {} held for a later bind, {} redelivered, {} duplicated; {} MO sent; {} query_sm, {} cancel_sm, {} replace_sm, {} broadcast_sm; \
         {} connections dropped",
        elapsed.as_secs_f64(),
        s.connections,
        s.binds,
        s.binds_refused,
        s.submissions,
        s.messages,
        s.accepted,
        s.rejected,
        s.throttled,
        s.receipts_sent,
        s.receipts_acked,
        s.receipts_failed,
        s.receipts_unroutable,
        s.receipts_held,
        s.receipts_redelivered,
        s.receipts_duplicated,
        s.mo_sent,
        s.queries,
        s.cancels,
        s.replaces,
        s.broadcasts,
        s.dropped_connections
    )
}
