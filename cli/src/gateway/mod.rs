//! The gateway in a terminal (shared/CLI.md "Gateway"): `sms smsc` (an SMSC simulator),
//! `sms send` (an ESME pushing traffic through any SMSC) and `sms demo` (both on loopback).
//!
//! ```text
//!  sms send ─► plan (texts → submit_sm parts) ─► sender (dlr::messenger: window, rate) ──TCP──┐
//!       ▲ results, receipts matched through a dlr correlation store                           │
//!       └───────────────── deliver_sm receipts ◄──────────────┐                               ▼
//!  sms smsc ─► Smsc (smpp::tokio::SmscServer) ─► smsc_bind (a Link per bind) ─► responses ─► Simulator
//!                                                   (accounts, faults, ids, receipts, reassembly)
//! ```
//! The simulator's policy ([`simulator`], [`faults`], [`receipts`], [`reassembly`],
//! [`store`], [`accounts`]) does no I/O and takes time as an argument.

mod accounts;
mod demo;
mod dlr_store;
mod faults;
mod pdulog;
mod plan;
mod progress;
mod reassembly;
mod receipts;
mod responses;
mod rng;
mod send_cmd;
mod sender;
mod simulator;
mod smsc;
mod smsc_bind;
mod smsc_cmd;
mod store;

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
