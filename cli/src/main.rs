//! `sms`: every capability of the sms crates in a terminal.
//!
//! The options and the JSON output are a contract (shared/CLI.md): keys may be added, never
//! renamed. Exit codes: 0 success, 2 bad input (with what and where), 1 failure at run time.

mod common;
mod dlr_cmd;
mod gateway;
mod modem_cmd;
mod modem_sim;
mod smpp_cmd;
mod text;
mod tpdu;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// SMS protocols in a terminal: GSM 03.38 text, GSM 03.40 TPDUs, SMPP 3.4/5.0, delivery reports.
#[derive(Debug, Parser)]
#[command(name = "sms", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Count the segments (SMS parts) a text needs, and choose its encoding.
    Count(text::CountArgs),
    /// GSM 7-bit septet packing and unpacking.
    #[command(subcommand)]
    Gsm7(text::Gsm7Command),
    /// Decode a GSM 03.40 TPDU or SMPP PDUs from hex.
    #[command(subcommand)]
    Decode(DecodeCommand),
    /// Encode GSM 03.40 TPDUs or SMPP PDUs to hex.
    #[command(subcommand)]
    Encode(EncodeCommand),
    /// Parse a delivery receipt (SMPP Appendix B text).
    Dlr(dlr_cmd::DlrArgs),
    /// An SMSC simulator: binds, responses, receipts, MO, fault injection.
    Smsc(gateway::SmscArgs),
    /// Bind as a transceiver and send messages through an SMSC.
    Send(gateway::SendArgs),
    /// The whole gateway on loopback: SMSC simulator and ESME in one process.
    Demo(gateway::DemoArgs),
    /// An emulated GSM modem on a pseudo-terminal, for AT clients.
    ModemSim(modem_sim::ModemSimArgs),
    /// Drive a GSM modem on a serial device: info, send, listen.
    #[command(subcommand)]
    Modem(modem_cmd::ModemCommand),
}

#[derive(Debug, Subcommand)]
enum DecodeCommand {
    /// Decode a GSM 03.40 TPDU (AT+CMGL/CMGR PDU mode with --smsc).
    Tpdu(tpdu::DecodeArgs),
    /// Decode one or more concatenated SMPP PDUs.
    // `--version` here is the SMPP interface version (shared/CLI.md), not the program's.
    #[command(disable_version_flag = true)]
    Smpp(smpp_cmd::DecodeArgs),
}

#[derive(Debug, Subcommand)]
enum EncodeCommand {
    /// Build SMS-SUBMIT TPDUs for a text, ready for AT+CMGS.
    Tpdu(tpdu::EncodeArgs),
    /// Build SMPP PDUs.
    #[command(subcommand)]
    Smpp(smpp_cmd::EncodeCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Count(args) => text::count(args),
        Command::Gsm7(cmd) => text::gsm7(cmd),
        Command::Decode(DecodeCommand::Tpdu(args)) => tpdu::decode(args),
        Command::Decode(DecodeCommand::Smpp(args)) => smpp_cmd::decode(args),
        Command::Encode(EncodeCommand::Tpdu(args)) => tpdu::encode(args),
        Command::Encode(EncodeCommand::Smpp(cmd)) => smpp_cmd::encode(cmd),
        Command::Dlr(args) => dlr_cmd::run(args),
        Command::Smsc(args) => gateway::smsc(args),
        Command::Send(args) => gateway::send(args),
        Command::Demo(args) => gateway::demo(args),
        Command::ModemSim(args) => modem_sim::run(args),
        Command::Modem(cmd) => modem_cmd::run(cmd),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("sms: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
