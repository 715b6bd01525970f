//! `sms send`: bind (a transceiver by default), submit N copies of a text, report per
//! message and in a summary (shared/CLI.md "Gateway"). With `--bind receiver` it submits
//! nothing and collects receipts for messages other processes (or an earlier run) sent,
//! through a shared or durable `--dlr-store`.

use std::time::Duration;

use dlr::messenger::{BatchResult, BatchSummary};
use dlr::store::{Settled, StoreSpec};
use serde_json::{Value, json};
use smpp::session::BindKind;

use super::plan::{MessagePlan, plan_text, template};
use super::progress::Progress;
use super::sender::{SendConfig, run as run_sender};
use crate::common::{CliError, print_human, print_json, read_arg};
use crate::smpp_cmd::ConcatArg;

/// Arguments of `sms send`.
#[derive(Debug, clap::Args)]
pub(crate) struct SendArgs {
    /// The SMSC, HOST:PORT.
    #[arg(long, value_name = "HOST:PORT")]
    smsc: String,
    /// system_id to bind with (at most 15 characters).
    #[arg(long)]
    system_id: String,
    /// password to bind with (at most 8 characters).
    #[arg(long)]
    password: String,
    /// Destination: `+` and digits (international) or digits (not with `--bind receiver`).
    #[arg(long, value_name = "NUMBER")]
    to: Option<String>,
    /// Source: `+` and digits, digits, or alphanumeric.
    #[arg(long, value_name = "ADDR", default_value = "sms-rs")]
    from: String,
    /// How many copies of the text to send.
    #[arg(long, default_value_t = 1, value_name = "N")]
    count: usize,
    /// submit_sm awaiting their response at most.
    #[arg(long, default_value_t = 10, value_name = "N")]
    window: usize,
    /// submit_sm per second at most (every part counts).
    #[arg(long, value_name = "N_PER_SEC")]
    rate: Option<u32>,
    /// How a text longer than one SMS is carried.
    #[arg(long, value_enum, default_value = "udh8")]
    concat: ConcatArg,
    /// Ask for receipts and wait this long after the last response for them.
    #[arg(long, value_name = "SECONDS")]
    wait_dlr: Option<f64>,
    /// How to bind: `transceiver` (submit and receive), `transmitter` (submit only; another
    /// process receives the receipts through a shared `--dlr-store`) or `receiver` (submit
    /// nothing; match receipts until, once some have come, no message is open in the
    /// store, or until `--wait-dlr` runs out).
    #[arg(long, value_enum, default_value = "transceiver")]
    bind: BindArg,
    /// Where submissions wait for their receipts: `memory`, `sqlite:PATH` (survives the
    /// process being killed), `sqlite-full:PATH` (also a power cut: an fsync per batch) or
    /// `redis://HOST:PORT` (shared by several processes).
    #[arg(long, default_value = "memory", value_name = "STORE")]
    dlr_store: String,
    /// This run's name in the store: message N is `RUN:N` (default: time and process id).
    #[arg(long, value_name = "RUN")]
    run_id: Option<String>,
    /// One JSON line per message, then the summary.
    #[arg(long)]
    json: bool,
    /// The text (`-` reads stdin; not with `--bind receiver`).
    text: Option<String>,
}

/// `--bind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum BindArg {
    /// bind_transceiver.
    Transceiver,
    /// bind_transmitter.
    Transmitter,
    /// bind_receiver.
    Receiver,
}

/// Checks the arguments and builds the run.
fn prepare(args: &SendArgs) -> Result<(SendConfig, Vec<MessagePlan>), CliError> {
    let bind = match args.bind {
        BindArg::Transceiver => BindKind::Transceiver,
        BindArg::Transmitter => BindKind::Transmitter,
        BindArg::Receiver => BindKind::Receiver,
    };
    let receiver = bind == BindKind::Receiver;
    if receiver && args.wait_dlr.is_none() {
        return Err(CliError::bad_input(
            "--bind receiver needs --wait-dlr SECONDS: how long to wait for receipts at most",
        ));
    }
    let store: StoreSpec =
        (args.dlr_store.parse()).map_err(|e| CliError::bad_input(format!("--dlr-store: {e}")))?;
    if receiver && store == StoreSpec::Memory {
        return Err(CliError::bad_input(
            "--bind receiver matches messages other processes sent: it needs a shared or durable \
             --dlr-store (sqlite:PATH or redis://HOST:PORT)",
        ));
    }
    if (args.run_id.as_ref()).is_some_and(|r| r.is_empty() || r.contains(':')) {
        return Err(CliError::bad_input(
            "--run-id must be non-empty, without ':'",
        ));
    }
    let text = match (&args.text, receiver) {
        (_, true) => String::new(),
        (Some(t), false) => read_arg(t)?,
        (None, false) => return Err(CliError::bad_input("the text to send is missing")),
    };
    if args.count == 0 || args.window == 0 {
        return Err(CliError::bad_input(
            "--count and --window must be at least 1",
        ));
    }
    if args.rate == Some(0) {
        return Err(CliError::bad_input("--rate must be at least 1"));
    }
    let wait_dlr = match args.wait_dlr {
        None => None,
        Some(s) if s.is_finite() && (0.0..=86_400.0).contains(&s) => {
            Some(Duration::from_secs_f64(s))
        }
        Some(s) => {
            return Err(CliError::bad_input(format!(
                "--wait-dlr {s}: expected 0 to 86400 seconds"
            )));
        }
    };
    // SMPP 3.4 §4.1.1: system_id at most 15 octets, password at most 8.
    if args.system_id.len() > 15 || args.password.len() > 8 {
        return Err(CliError::bad_input(
            "--system-id is at most 15 characters and --password at most 8 (SMPP 3.4 §4.1.1)",
        ));
    }
    // A transmitter asks for receipts for the receiver process to match.
    let registered_delivery = u8::from(wait_dlr.is_some() || bind == BindKind::Transmitter);
    let to = match (&args.to, receiver) {
        (_, true) => "0",
        (Some(to), false) => to.as_str(),
        (None, false) => return Err(CliError::bad_input("--to NUMBER is missing")),
    };
    let template = template(&args.from, to, registered_delivery)?;
    let count = if receiver { 0 } else { args.count };
    let mut plans = Vec::with_capacity(count);
    for i in 0..count {
        let c = smpp::ConcatMethod::from(args.concat).with_reference(i as u64);
        plans.push(plan_text("text", &template, &text, c).map_err(CliError::bad_input)?);
    }
    let config = SendConfig {
        smsc: args.smsc.clone(),
        credentials: smpp::Bind::new(
            args.system_id.clone().try_into().map_err(|e| {
                CliError::bad_input(format!("--system-id {:?}: {e}", args.system_id))
            })?,
            args.password
                .clone()
                .try_into()
                .map_err(|e| CliError::bad_input(format!("--password: {e}")))?,
        ),
        bind,
        window: args.window,
        rate: args.rate,
        wait_dlr,
        store,
        run_id: args.run_id.clone(),
    };
    Ok((config, plans))
}

/// The JSON line of a message of another run or process settled here.
pub(crate) fn settled_json(s: &Settled) -> Value {
    json!({
        "key": s.message,
        "parts": s.parts.len(),
        "message_ids": s.parts.iter().map(|p| p.message_id.clone()).collect::<Vec<_>>(),
        "state": s.state().as_str(),
        "expired": s.expired,
    })
}

/// The per-message JSON line.
pub(crate) fn result_json(r: &BatchResult, kind: &str) -> Value {
    json!({
        "message": r.index + 1,
        "key": r.key,
        "kind": kind,
        "parts": r.parts,
        "accepted": r.accepted,
        "error": r.error,
        "message_ids": r.message_ids,
        "state": r.state.map(|s| s.as_str()),
        "response_ms": r.response_time.as_millis() as u64,
    })
}

/// The summary JSON (the contract's keys, then more).
pub(crate) fn summary_json(s: &BatchSummary) -> Value {
    json!({
        "submitted": s.submitted, "accepted": s.accepted, "failed": s.failed,
        "delivered": s.delivered, "undelivered": s.undelivered, "dlr_missing": s.dlr_missing,
        "elapsed_ms": s.elapsed.as_millis() as u64,
        "msgs_per_sec": (s.msgs_per_sec() * 10.0).round() / 10.0,
        "parts": s.parts, "mo_received": s.mo_received,
        "receipts": s.receipts, "receipts_early": s.receipts_early,
        "receipts_duplicate": s.receipts_duplicate, "settled_elsewhere": s.settled_elsewhere,
        "store_open": s.store_open,
        "lost": s.lost_parts, "reconnects": s.reconnects,
    })
}

fn result_human(r: &BatchResult) -> String {
    let ids: Vec<&str> = r
        .message_ids
        .iter()
        .map(|i| i.as_deref().unwrap_or("-"))
        .collect();
    let outcome = match (&r.error, r.state) {
        (Some(e), _) => format!("FAILED ({e})"),
        (None, Some(s)) => format!("accepted, {s}"),
        (None, None) => "accepted".to_owned(),
    };
    format!(
        "message {}: {} part(s), {outcome}, id {} ({} ms)",
        r.index + 1,
        r.parts,
        ids.join(","),
        r.response_time.as_millis()
    )
}

/// Runs `sms send`.
pub(crate) fn run(args: SendArgs) -> Result<(), CliError> {
    let (config, plans) = prepare(&args)?;
    let json = args.json;
    let progress = Progress::new(plans.len() as u64, true);
    // Human output lists every message of short runs, and the failures of long ones.
    let verbose = plans.len() <= 100;
    let summary = super::runtime()?.block_on(run_sender(
        &config,
        &plans,
        |r, s| {
            if json {
                let _ = print_json(&result_json(r, plans[r.index].kind));
            } else if verbose || r.error.is_some() {
                progress.println(&result_human(r));
            }
            progress.settled(|| format!("{} ok, {} failed", s.accepted, s.failed));
        },
        |settled| {
            if json {
                let _ = print_json(&settled_json(settled));
            } else {
                progress.println(&format!(
                    "message {}: {} part(s), {}{}",
                    settled.message,
                    settled.parts.len(),
                    settled.state(),
                    if settled.expired { " (expired)" } else { "" }
                ));
            }
        },
    ));
    progress.finish();
    let summary = summary?;
    if json {
        print_json(&summary_json(&summary))?;
    } else {
        print_human(&format!(
            "{} submitted ({} parts): {} accepted, {} failed; receipts: {} delivered, {} undelivered, \
             {} missing; {} settled for other runs, {} duplicate receipts; dlr store {}; {:.2} s, \
             {:.1} msg/s",
            summary.submitted,
            summary.parts,
            summary.accepted,
            summary.failed,
            summary.delivered,
            summary.undelivered,
            summary.dlr_missing,
            summary.settled_elsewhere,
            summary.receipts_duplicate,
            config.store,
            summary.elapsed.as_secs_f64(),
            summary.msgs_per_sec()
        ))?;
    }
    if summary.success() {
        Ok(())
    } else {
        Err(CliError::runtime(format!(
            "{} of {} messages failed, {} receipts missing, {} messages still open in the store",
            summary.failed,
            summary.submitted,
            summary.dlr_missing,
            summary.store_open.unwrap_or(0)
        )))
    }
}
