//! `sms modem-sim`: the modem emulator (`modem::emulator`) on a pseudo-terminal that real AT
//! clients open.
//!
//! The pty is made with `openpty(3)` (through `nix`); its slave end is put in raw mode (no echo,
//! no CR/LF translation by the line discipline: the emulator echoes as a modem does) and `LINK`
//! becomes a symlink to it. The emulator keeps the slave open itself, so clients may open and
//! close the device one after another (gammu runs once per command) without the master seeing
//! a hang-up; what the emulator writes while no client is there waits in the pty.
//!
//! Requests on stdin, one per line (for tests and scripts):
//! `mo FROM TEXT…` a message arrives from FROM; `report [MR|all] [delivered|failed|0xST]`
//! sends status reports now; `reboot` restarts the device.

use std::fs::File;
use std::io::{self, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Args;
use gsm_pdu::Status;
use modem::emulator::{
    Config, Control, Emulator, Event, Faults, LineDirection, Profile, ReportStatus, Stats,
};
use nix::fcntl::{FcntlArg, OFlag, fcntl};
use nix::sys::termios::{SetArg, cfmakeraw, tcgetattr, tcsetattr};
use serde_json::{Value, json};
use tokio::io::AsyncBufReadExt;
use tokio::net::unix::pipe;
use tokio::sync::mpsc;

use crate::common::CliError;

/// Options of `sms modem-sim`.
#[derive(Debug, Args)]
pub(crate) struct ModemSimArgs {
    /// Path of the symlink to the pty device that clients open.
    #[arg(long, value_name = "LINK")]
    pty: PathBuf,
    /// Device profile: generic, huawei, wavecom, zte, quectel, simcom, nokia.
    #[arg(long, default_value = "generic")]
    profile: String,
    /// A message from --mo-from arrives every N ms.
    #[arg(long, value_name = "N")]
    mo_every_ms: Option<u64>,
    /// Sender of the periodic messages.
    #[arg(long, value_name = "NUMBER", default_value = "+447700900999")]
    mo_from: String,
    /// Delay of the status report of a submit that asked for one.
    #[arg(long, value_name = "N", default_value_t = 500)]
    report_delay_ms: u64,
    /// Status reports only when asked on stdin (`report …`), never automatically.
    #[arg(long)]
    reports_on_request: bool,
    /// Status of automatic reports.
    #[arg(long, value_name = "STAT", default_value = "delivered")]
    report_stat: String,
    /// Faults: urc-in-reply, late-prompt, lost-ok, cms-error, storage-full, reboot, echo-on.
    #[arg(long, value_name = "NAME[,NAME…]")]
    fault: Vec<String>,
    /// SMSC address the device reports and the network's PDUs carry.
    #[arg(long, value_name = "NUMBER", default_value = "+447785016005")]
    smsc: String,
    /// One JSON line per AT line in and out and per event; a summary on SIGINT/SIGTERM.
    #[arg(long)]
    json: bool,
}

/// Runs `sms modem-sim`.
pub(crate) fn run(args: ModemSimArgs) -> Result<(), CliError> {
    let profile = Profile::by_name(&args.profile).ok_or_else(|| {
        let names: Vec<&str> = Profile::ALL.iter().map(|p| p.name).collect();
        CliError::bad_input(format!(
            "--profile: unknown profile {:?} (known: {})",
            args.profile,
            names.join(", ")
        ))
    })?;
    let mut faults = Faults::NONE;
    for f in &args.fault {
        let more =
            Faults::parse_list(f).map_err(|e| CliError::bad_input(format!("--fault: {e}")))?;
        for x in more.iter() {
            faults = faults.with(x);
        }
    }
    if args.mo_every_ms == Some(0) {
        return Err(CliError::bad_input("--mo-every-ms: must be at least 1"));
    }
    let report_status: ReportStatus = args
        .report_stat
        .parse()
        .map_err(|e| CliError::bad_input(format!("--report-stat: {e}")))?;
    for (flag, number) in [("--smsc", &args.smsc), ("--mo-from", &args.mo_from)] {
        gsm_pdu::Address::parse_number(number)
            .map_err(|e| CliError::bad_input(format!("{flag}: {number:?}: {e}")))?;
    }
    let unix_time = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut cfg = Config::default();
    cfg.profile = profile;
    cfg.faults = faults;
    cfg.smsc = args.smsc.clone();
    cfg.unix_time = unix_time;
    cfg.report_delay =
        (!args.reports_on_request).then(|| Duration::from_millis(args.report_delay_ms));
    cfg.report_status = report_status;
    cfg.mo_every = args.mo_every_ms.map(Duration::from_millis);
    cfg.mo_sender = args.mo_from.clone();
    cfg.seed = unix_time;

    let (master, slave) = open_pty()?;
    let device = std::fs::read_link(format!("/proc/self/fd/{}", slave.as_raw_fd()))
        .map_err(|e| CliError::runtime(format!("finding the pty's name: {e}")))?;
    link(&device, &args.pty)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::runtime(format!("starting the runtime: {e}")))?;
    let result = rt.block_on(serve(args, cfg, master, &device));
    // The stdin reader blocks in a thread of its own; do not wait for it.
    rt.shutdown_background();
    let _ = std::fs::remove_file(&result.1);
    drop(slave);
    result.0
}

async fn serve(
    args: ModemSimArgs,
    cfg: Config,
    master: OwnedFd,
    device: &Path,
) -> (Result<(), CliError>, PathBuf) {
    let link = args.pty.clone();
    let r = serve_inner(args, cfg, master, device).await;
    (r, link)
}

async fn serve_inner(
    args: ModemSimArgs,
    cfg: Config,
    master: OwnedFd,
    device: &Path,
) -> Result<(), CliError> {
    let master = pty_stream(master)?;
    let json = args.json;
    let profile = cfg.profile.name;
    let mut emu = Emulator::new(cfg, Instant::now());
    if json {
        print(&json!({
            "event": "ready",
            "pty": args.pty.display().to_string(),
            "device": device.display().to_string(),
            "profile": profile,
            "faults": emu.config().faults.iter().map(|f| f.name()).collect::<Vec<_>>(),
        }));
    } else {
        println!(
            "modem-sim: {profile} on {} -> {} (Ctrl-C to stop)",
            args.pty.display(),
            device.display()
        );
    }
    let (tx, mut rx) = mpsc::unbounded_channel();
    tokio::spawn(read_requests(tx, json));
    let outcome = tokio::select! {
        r = modem::emulator::run(&mut emu, master, &mut rx, |e| report_event(&e, json)) => {
            r.map_err(|e| CliError::runtime(format!("pty: {e}")))
        }
        r = wait_for_signal() => r,
    };
    let stats = emu.stats();
    if json {
        print(&summary(&stats));
    } else {
        println!("{}", summary(&stats));
    }
    outcome
}

fn open_pty() -> Result<(OwnedFd, OwnedFd), CliError> {
    let pty =
        nix::pty::openpty(None, None).map_err(|e| CliError::runtime(format!("openpty: {e}")))?;
    // Raw: the line discipline must not echo, turn CR into LF or eat Ctrl-Z; the emulator
    // does what a modem does.
    let mut t = tcgetattr(&pty.slave).map_err(|e| CliError::runtime(format!("tcgetattr: {e}")))?;
    cfmakeraw(&mut t);
    tcsetattr(&pty.slave, SetArg::TCSANOW, &t)
        .map_err(|e| CliError::runtime(format!("tcsetattr: {e}")))?;
    let flags = fcntl(&pty.master, FcntlArg::F_GETFL)
        .map_err(|e| CliError::runtime(format!("fcntl: {e}")))?;
    fcntl(
        &pty.master,
        FcntlArg::F_SETFL(OFlag::from_bits_truncate(flags) | OFlag::O_NONBLOCK),
    )
    .map_err(|e| CliError::runtime(format!("fcntl: {e}")))?;
    Ok((pty.master, pty.slave))
}

/// Makes `link` a symlink to `device`, replacing an older symlink (never a regular file).
fn link(device: &Path, link: &Path) -> Result<(), CliError> {
    if let Ok(meta) = std::fs::symlink_metadata(link) {
        if !meta.file_type().is_symlink() {
            return Err(CliError::bad_input(format!(
                "--pty: {} exists and is not a symlink",
                link.display()
            )));
        }
        let _ = std::fs::remove_file(link);
    }
    std::os::unix::fs::symlink(device, link)
        .map_err(|e| CliError::runtime(format!("--pty: linking {}: {e}", link.display())))
}

/// The pty master as a tokio stream: two descriptors of it (one to read, one to write),
/// non-blocking, registered with tokio's reactor as pipe ends (`from_file_unchecked` takes
/// any non-blocking descriptor, a character device included).
fn pty_stream(master: OwnedFd) -> Result<tokio::io::Join<pipe::Receiver, pipe::Sender>, CliError> {
    let err = |e: io::Error| CliError::runtime(format!("pty: {e}"));
    let reader = File::from(master);
    let writer = reader.try_clone().map_err(err)?;
    Ok(tokio::io::join(
        pipe::Receiver::from_file_unchecked(reader).map_err(err)?,
        pipe::Sender::from_file_unchecked(writer).map_err(err)?,
    ))
}

/// Reads requests from stdin until it ends.
async fn read_requests(tx: mpsc::UnboundedSender<Control>, json: bool) {
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        match parse_request(&line) {
            Ok(Some(c)) => {
                if tx.send(c).is_err() {
                    break;
                }
            }
            Ok(None) => {}
            Err(e) if json => print(&json!({"event": "request_error", "line": line, "error": e})),
            Err(e) => eprintln!("sms modem-sim: {e}"),
        }
    }
}

/// One stdin request: `mo FROM TEXT…`, `report [MR|all] [delivered|failed|0xST]`, `reboot`.
fn parse_request(line: &str) -> Result<Option<Control>, String> {
    let line = line.trim();
    let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
    match word {
        "" => Ok(None),
        "mo" => {
            let (from, text) = rest
                .trim_start()
                .split_once(' ')
                .ok_or("usage: mo FROM TEXT")?;
            Ok(Some(Control::Mo {
                from: from.into(),
                text: text.into(),
            }))
        }
        "report" => {
            let mut it = rest.split_whitespace();
            let mr = match it.next() {
                None | Some("all") => None,
                Some(m) => Some(m.parse::<u8>().map_err(|_| format!("bad TP-MR {m:?}"))?),
            };
            let status = match it.next() {
                None | Some("delivered") => Status::RECEIVED,
                Some("failed") => Status::INCOMPATIBLE_DESTINATION,
                Some(s) => Status(
                    u8::from_str_radix(s.trim_start_matches("0x"), 16)
                        .map_err(|_| format!("bad TP-ST {s:?}"))?,
                ),
            };
            Ok(Some(Control::Report { mr, status }))
        }
        "reboot" => Ok(Some(Control::Reboot)),
        _ => Err(format!(
            "unknown request {word:?} (mo FROM TEXT | report [MR|all] [delivered|failed|0xST] | reboot)"
        )),
    }
}

fn print(v: &Value) {
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "{v}");
    let _ = out.flush();
}

fn report_event(e: &Event, json: bool) {
    let v = event_json(e);
    if json {
        print(&v);
    } else if let Some(text) = human(e) {
        println!("{text}");
    }
}

/// One line for a person, for the events that matter to one.
fn human(e: &Event) -> Option<String> {
    Some(match e {
        Event::Submitted(s) => format!(
            "submitted  TP-MR {:>3}  to {}  part {}/{}{}: {}",
            s.mr,
            s.to,
            s.part,
            s.parts,
            if s.report_requested {
                " (report requested)"
            } else {
                ""
            },
            s.text.as_deref().unwrap_or("<8-bit data>")
        ),
        Event::SubmitFailed { code, reason } => format!("refused    +CMS ERROR: {code} ({reason})"),
        Event::Mo {
            from, text, parts, ..
        } => format!("mo         from {from} in {parts} part(s): {text}"),
        Event::Report {
            mr,
            recipient,
            status,
        } => {
            format!("report     TP-MR {mr:>3}  to {recipient}  TP-ST 0x{status:02X}")
        }
        Event::StorageFull { mem } => format!("storage    {mem} is full"),
        Event::AckTimeout { kind } => {
            format!("+CNMA      none in time for a routed {}", kind.name())
        }
        Event::Rebooted => "reboot".into(),
        Event::InjectFailed { reason } => format!("refused    {reason}"),
        _ => return None,
    })
}

/// The contract's JSON for an event (shared/CLI.md "Modem").
fn event_json(e: &Event) -> Value {
    match e {
        Event::Line { dir, line } => json!({
            "dir": match dir { LineDirection::In => "in", LineDirection::Out => "out" },
            "line": line,
        }),
        Event::Submitted(s) => json!({
            "event": "submitted", "to": s.to, "text": s.text, "mr": s.mr, "part": s.part,
            "parts": s.parts, "reference": s.reference, "report_requested": s.report_requested,
            "dcs": s.dcs, "message": s.message,
        }),
        Event::SubmitFailed { code, reason } => {
            json!({"event": "submit_failed", "code": code, "reason": reason})
        }
        Event::Mo {
            id,
            from,
            text,
            parts,
        } => json!({"event": "mo", "id": id, "from": from, "text": text, "parts": parts}),
        Event::Report {
            mr,
            recipient,
            status,
        } => json!({"event": "report", "mr": mr, "recipient": recipient, "status": status}),
        Event::Stored { mem, index, kind } => {
            json!({"event": "stored", "mem": mem.name(), "index": index, "kind": kind.name()})
        }
        Event::Read { mem, index, kind } => {
            json!({"event": "read", "mem": mem.name(), "index": index, "kind": kind.name()})
        }
        Event::Deleted { mem, index, kind } => {
            json!({"event": "deleted", "mem": mem.name(), "index": index, "kind": kind.name()})
        }
        Event::Routed { kind } => json!({"event": "routed", "kind": kind.name()}),
        Event::Acknowledged { kind } => json!({"event": "acknowledged", "kind": kind.name()}),
        Event::AckTimeout { kind } => json!({"event": "ack_timeout", "kind": kind.name()}),
        Event::StorageFull { mem } => json!({"event": "storage_full", "mem": mem.name()}),
        Event::Rebooted => json!({"event": "rebooted"}),
        Event::InjectFailed { reason } => json!({"event": "inject_failed", "reason": reason}),
        other => json!({"event": "other", "debug": format!("{other:?}")}),
    }
}

fn summary(s: &Stats) -> Value {
    json!({
        "event": "summary", "commands": s.commands, "submitted": s.submitted,
        "submit_failed": s.submit_failed, "mo": s.mo, "mo_parts": s.mo_parts,
        "reports": s.reports, "read": s.read, "deleted": s.deleted, "reboots": s.reboots,
    })
}

async fn wait_for_signal() -> Result<(), CliError> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())
        .map_err(|e| CliError::runtime(format!("installing the SIGTERM handler: {e}")))?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r.map_err(|e| CliError::runtime(format!("waiting for Ctrl-C: {e}"))),
        _ = term.recv() => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_parse() {
        assert_eq!(
            parse_request("mo +447700900999 Hello there").unwrap(),
            Some(Control::Mo {
                from: "+447700900999".into(),
                text: "Hello there".into()
            })
        );
        assert_eq!(
            parse_request("report 3 failed").unwrap(),
            Some(Control::Report {
                mr: Some(3),
                status: Status(0x41)
            })
        );
        assert_eq!(
            parse_request("report").unwrap(),
            Some(Control::Report {
                mr: None,
                status: Status(0)
            })
        );
        assert_eq!(parse_request("reboot").unwrap(), Some(Control::Reboot));
        assert!(parse_request("report 300").is_err());
        assert!(parse_request("mo +4477").is_err());
        assert!(parse_request("fly").is_err());
    }
}
