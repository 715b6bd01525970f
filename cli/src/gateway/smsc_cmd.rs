//! `sms smsc`: a shell over [`dlr::simulator`]: options, the start-up line, a log line per
//! bind (or per PDU with `--json`), and the summary on SIGINT/SIGTERM.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dlr::simulator::{FinalState, Simulator, SimulatorBuilder, SimulatorEvent, Stats};
use serde_json::{Value, json};
use smpp::tokio::Tap;

use super::pdulog::{pdu_line, print_line};
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
    /// The simulator's settings, or what is wrong with the arguments.
    fn builder(&self) -> Result<(SocketAddr, SimulatorBuilder), CliError> {
        let listen: SocketAddr = self.listen.parse().map_err(|_| {
            CliError::bad_input(format!(
                "--listen {:?}: expected IP:PORT, e.g. 127.0.0.1:2775",
                self.listen
            ))
        })?;
        let state = FinalState::parse(&self.dlr_stat).ok_or_else(|| {
            CliError::bad_input(format!(
                "--dlr-stat {:?}: expected DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, \
                 REJECTD, ENROUTE, SKIPPED or random",
                self.dlr_stat
            ))
        })?;
        let fraction = |flag: &str, f: f64| match (0.0..=1.0).contains(&f) {
            true => Ok(()),
            false => Err(CliError::bad_input(format!(
                "{flag} {f}: expected a fraction from 0 to 1"
            ))),
        };
        fraction("--dlr-duplicate-rate", self.dlr_duplicate_rate)?;
        fraction("--reject-rate", self.reject_rate)?;
        let mut b = Simulator::builder()
            .receipt_delay(Duration::from_millis(self.dlr_delay_ms))
            .receipt_state(state)
            .reject_rate(self.reject_rate)
            .response_delay(Duration::from_millis(self.response_delay_ms))
            .duplicate_receipts(self.dlr_duplicate_rate)
            .late_enroute_receipts(self.dlr_late_enroute)
            .receipts_before_response(self.dlr_before_response)
            .seed(self.seed)
            .lenient(self.lenient);
        for account in &self.accounts {
            let (id, password) = account.split_once(':').ok_or_else(|| {
                CliError::bad_input(format!("--account {account:?}: expected ID:PASSWORD"))
            })?;
            b = b.account(id, password);
        }
        if let Some(n) = self.throttle_above {
            b = b.throttle_above(n);
        }
        if let Some(ms) = self.mo_every_ms {
            b = b.mo_every(Duration::from_millis(ms));
        }
        if let Some(n) = self.drop_every {
            b = b.drop_every(n);
        }
        Ok((listen, b))
    }
}

/// Runs `sms smsc` until SIGINT or SIGTERM.
pub(crate) fn run(args: SmscArgs) -> Result<(), CliError> {
    let (listen, builder) = args.builder()?;
    let builder = if args.json {
        // One line per PDU in and out, as the driver reads and writes it.
        let tap: Tap = Arc::new(|conn, dir, pdu: &[u8]| print_line(&pdu_line(dir, conn, pdu)));
        builder.tap(tap)
    } else {
        builder.on_event(|e| match e {
            SimulatorEvent::Bound {
                connection,
                system_id,
                kind,
            } => println!("conn {connection}: {system_id:?} bound as {kind:?}"),
            SimulatorEvent::Closed { connection, reason } => {
                println!("conn {connection}: closed ({reason:?})");
            }
            _ => {}
        })
    };
    let open = args.accounts.is_empty();
    super::runtime()?.block_on(async move {
        let started = Instant::now();
        let sim = builder.start(listen).await.map_err(|e| match e {
            dlr::simulator::SimulatorError::Listen(e) => {
                CliError::runtime(format!("cannot listen on {listen}: {e}"))
            }
            e => CliError::bad_input(format!("--account: {e}")),
        })?;
        let addr = sim.local_addr();
        if args.json {
            print_line(&json!({"event": "listening", "addr": addr.to_string()}));
        } else {
            let binds = match open {
                true => "any system_id/password binds",
                false => "accounts checked",
            };
            print_human(&format!(
                "sms smsc listening on {addr} ({binds}); Ctrl-C for the summary"
            ))?;
        }
        wait_for_signal().await?;
        let stats = sim.shutdown().await;
        let elapsed = started.elapsed();
        match args.json {
            true => print_line(&summary_json(&stats, elapsed)),
            false => print_human(&human_summary(&stats, elapsed))?,
        }
        Ok(())
    })
}

async fn wait_for_signal() -> Result<(), CliError> {
    let failed = |what: &str, e: std::io::Error| CliError::runtime(format!("{what}: {e}"));
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())
            .map_err(|e| failed("installing the SIGTERM handler", e))?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.map_err(|e| failed("waiting for Ctrl-C", e)),
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        (tokio::signal::ctrl_c().await).map_err(|e| failed("waiting for Ctrl-C", e))
    }
}

/// The summary line of `--json`: every counter by its name (shared/CLI.md), and the time.
fn summary_json(s: &Stats, elapsed: Duration) -> Value {
    let mut line = serde_json::Map::new();
    line.insert("event".into(), "summary".into());
    for (name, n) in s.counters() {
        line.insert(name.into(), n.into());
    }
    line.insert("elapsed_ms".into(), (elapsed.as_millis() as u64).into());
    Value::Object(line)
}

fn human_summary(s: &Stats, elapsed: Duration) -> String {
    let counters: Vec<String> = (s.counters().iter())
        .map(|(name, n)| format!("{} {n}", name.replace('_', " ")))
        .collect();
    format!(
        "summary after {:.1} s: {}",
        elapsed.as_secs_f64(),
        counters.join(", ")
    )
}
