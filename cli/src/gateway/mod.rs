//! The gateway in a terminal (shared/CLI.md "Gateway"): `sms smsc` (the SMSC simulator of
//! [`dlr::simulator`]), `sms send` (an ESME pushing traffic through any SMSC) and `sms demo`
//! (both on loopback).
//!
//! ```text
//!  sms send ─► plan (texts → submit_sm parts) ─► sender (dlr::messenger: window, rate) ──TCP──┐
//!       ▲ results, receipts matched through a dlr correlation store                           │
//!       └───────────────── deliver_sm receipts ◄──────────────┐                               ▼
//!  sms smsc ─► smsc_cmd (flags, log lines, summary) ─► dlr::simulator::Simulator
//! ```

mod demo;
mod dlr_store;
mod pdulog;
mod plan;
mod progress;
mod send_cmd;
mod sender;
mod smsc_cmd;

pub(crate) use demo::{DemoArgs, run as demo};
pub(crate) use send_cmd::{SendArgs, run as send};
pub(crate) use smsc_cmd::{SmscArgs, run as smsc};

use crate::common::CliError;

/// A tokio runtime for one command.
fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::runtime(format!("starting the async runtime: {e}")))
}
