//! `sms modem info|send|listen`: a GSM modem on a serial device (or a pty such as
//! `sms modem-sim`'s), driven by `modem::AsyncModem`.

use std::time::Duration;

use clap::{Args, Subcommand};
use gsm_pdu::SubmitOptions;
use gsm7::{NationalPolicy, SplitOptions};
use modem::{AsyncModem, Config, Event, Profile, SerialStream};
use serde_json::{Value, json};

use crate::common::{CliError, print_human, print_json, read_arg};

/// `sms modem …`.
#[derive(Debug, Subcommand)]
pub(crate) enum ModemCommand {
    /// What the modem says about itself: identity, SMSC, signal, storage.
    Info(InfoArgs),
    /// Send a message (several parts when long) and optionally wait for its status reports.
    Send(SendArgs),
    /// Print each received message and status report; delete each only after printing it.
    Listen(ListenArgs),
}

/// The device and how to talk to it.
#[derive(Debug, Args)]
pub(crate) struct DeviceArgs {
    /// The serial device (`/dev/ttyUSB2`, a pty).
    #[arg(long, value_name = "PATH")]
    device: String,
    /// Vendor profile: generic, huawei, zte, wavecom (sierra), quectel, simcom, telit, nokia.
    #[arg(long, value_name = "NAME", default_value = "generic")]
    profile: String,
    /// Line speed.
    #[arg(long, value_name = "BAUD", default_value_t = 115_200)]
    baud: u32,
    /// The SIM PIN, entered when the SIM asks for it.
    #[arg(long, value_name = "PIN")]
    pin: Option<String>,
    /// Seconds to wait for the modem to be ready.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    ready_timeout: u64,
}

/// `sms modem info`.
#[derive(Debug, Args)]
pub(crate) struct InfoArgs {
    #[command(flatten)]
    device: DeviceArgs,
    /// Print one JSON document.
    #[arg(long)]
    json: bool,
}

/// `sms modem send`.
#[derive(Debug, Args)]
pub(crate) struct SendArgs {
    #[command(flatten)]
    device: DeviceArgs,
    /// Destination number (`+` and digits for international).
    #[arg(long, value_name = "NUMBER")]
    to: String,
    /// Ask for status reports (TP-SRR).
    #[arg(long)]
    report: bool,
    /// Wait up to this many seconds for every part's final status report (implies --report).
    #[arg(long, value_name = "SECONDS")]
    wait_report: Option<u64>,
    /// National language tables GSM 7 bit may use: none, auto, or LANG[,LANG…].
    #[arg(long, value_name = "none|auto|LANG[,LANG…]", default_value = "none", value_parser = crate::text::parse_national)]
    national: NationalPolicy,
    /// Print one JSON document.
    #[arg(long)]
    json: bool,
    /// The text (`-` reads stdin).
    text: String,
}

/// `sms modem listen`.
#[derive(Debug, Args)]
pub(crate) struct ListenArgs {
    #[command(flatten)]
    device: DeviceArgs,
    /// Stop after this many seconds (default: run until interrupted).
    #[arg(long, value_name = "N")]
    seconds: Option<u64>,
    /// One JSON line per message and report.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(cmd: ModemCommand) -> Result<(), CliError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::runtime(format!("starting the async runtime: {e}")))?;
    rt.block_on(async move {
        match cmd {
            ModemCommand::Info(a) => info(a).await,
            ModemCommand::Send(a) => send(a).await,
            ModemCommand::Listen(a) => listen(a).await,
        }
    })
}

/// Opens the device and waits for start-up to finish.
async fn open(d: &DeviceArgs) -> Result<AsyncModem<SerialStream>, CliError> {
    let profile = Profile::by_name(&d.profile).ok_or_else(|| {
        CliError::bad_input(format!("--profile: unknown profile {:?}", d.profile))
    })?;
    let mut config = Config::default();
    config.profile = profile;
    config.pin = d.pin.clone();
    let mut m = AsyncModem::open_serial(&d.device, d.baud, config)
        .map_err(|e| CliError::runtime(format!("opening {}: {e}", d.device)))?;
    let wait = async {
        loop {
            match m.next_event().await {
                Ok(Event::Ready(_)) => return Ok(()),
                Ok(Event::Unusable(why)) => {
                    return Err(CliError::runtime(format!("the modem is not usable: {why}")));
                }
                Ok(_) => {}
                Err(e) => return Err(CliError::runtime(format!("{}: {e}", d.device))),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(d.ready_timeout), wait)
        .await
        .map_err(|_| {
            CliError::runtime(format!(
                "{}: no answer to start-up within {} s",
                d.device, d.ready_timeout
            ))
        })??;
    Ok(m)
}

/// Next event, or `None` at `deadline`.
async fn event_until(
    m: &mut AsyncModem<SerialStream>,
    deadline: Option<tokio::time::Instant>,
) -> Result<Option<Event>, CliError> {
    let next = m.next_event();
    let r = match deadline {
        Some(d) => match tokio::time::timeout_at(d, next).await {
            Ok(r) => r,
            Err(_) => return Ok(None),
        },
        None => next.await,
    };
    r.map(Some)
        .map_err(|e| CliError::runtime(format!("modem: {e}")))
}

/// How long a command keeps reading the modem after its work is done and its
/// acknowledgements (deletes, `+CNMA`) have reached the modem.
const GRACE: Duration = Duration::from_millis(500);

/// How long one acknowledgement may take to reach the modem while a command settles.
const ACK_WAIT: Duration = Duration::from_secs(10);

/// The modem's last events before a command exits: it waits for its acknowledgements
/// (deletes, `+CNMA`) to reach the modem, then reads for [`GRACE`]. An event that arrives
/// meanwhile (a `+CMTI` or `+CDS` indication, a read message) is handed to the caller like
/// any other, never dropped: every received message reaches the host exactly once.
#[derive(Debug, Default)]
struct Settle {
    grace_end: Option<tokio::time::Instant>,
}

impl Settle {
    /// The next event while the modem settles, `None` once it has.
    async fn next(&mut self, m: &mut AsyncModem<SerialStream>) -> Option<Event> {
        let now = tokio::time::Instant::now();
        let deadline = if m.modem().pending_acks() > 0 || !m.modem().is_ready() {
            now + ACK_WAIT
        } else {
            *self.grace_end.get_or_insert(now + GRACE)
        };
        // An I/O error now ends the command as a timeout would: its work is done, and what
        // the modem has not been told to delete stays in its storage.
        event_until(m, Some(deadline)).await.ok().flatten()
    }
}

async fn info(a: InfoArgs) -> Result<(), CliError> {
    let mut m = open(&a.device).await?;
    m.request_info();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let info = loop {
        match event_until(&mut m, Some(deadline)).await? {
            Some(Event::Info(i)) => break i,
            Some(_) => {}
            None => return Err(CliError::runtime("no answer to the identity commands")),
        }
    };
    let (used, total) = info
        .storage
        .map_or((None, None), |(u, t)| (Some(u), Some(t)));
    let doc = json!({
        "manufacturer": info.manufacturer,
        "model": info.model,
        "revision": info.revision,
        "imei": info.imei,
        "imsi": info.imsi,
        "smsc": info.smsc,
        "signal": info.signal,
        "storage": {"used": used, "total": total},
    });
    if a.json {
        return print_json(&doc);
    }
    let mut out = String::new();
    for k in [
        "manufacturer",
        "model",
        "revision",
        "imei",
        "imsi",
        "smsc",
        "signal",
    ] {
        out += &format!("{k}: {}\n", plain(&doc[k]));
    }
    out += &format!(
        "storage: {} of {}\n",
        plain(&doc["storage"]["used"]),
        plain(&doc["storage"]["total"])
    );
    print_human(out.trim_end())
}

fn plain(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

async fn send(a: SendArgs) -> Result<(), CliError> {
    let text = read_arg(&a.text)?;
    let opts = SubmitOptions {
        srr: a.report || a.wait_report.is_some(),
        split: SplitOptions {
            national: a.national.clone(),
            ..SplitOptions::default()
        },
        ..SubmitOptions::default()
    };
    // Refuse a bad number or text before touching the device.
    let da = gsm_pdu::Address::parse_number(&a.to)
        .map_err(|e| CliError::bad_input(format!("--to {:?}: {e}", a.to)))?;
    gsm_pdu::submit_text(&da, &text, &opts)
        .map_err(|e| CliError::bad_input(format!("TEXT: {e}")))?;
    let mut m = open(&a.device).await?;
    let id = m.send(&a.to, &text, &opts).map_err(CliError::bad_input)?;
    let mut parts = None;
    let mut reports: Vec<Value> = Vec::new();
    let mut finals = std::collections::BTreeSet::new();
    let mut deadline = None;
    loop {
        if let Some(p) = &parts {
            let p: &Vec<modem::PartOutcome> = p;
            let accepted = p.iter().filter(|o| o.mr.is_some()).count();
            if a.wait_report.is_none() || finals.len() >= accepted {
                break;
            }
        }
        let Some(e) = event_until(&mut m, deadline).await? else {
            break;
        };
        match e {
            Event::Sent { id: done, parts: p } if done == id => {
                parts = Some(p);
                deadline = a
                    .wait_report
                    .map(|s| tokio::time::Instant::now() + Duration::from_secs(s));
            }
            Event::Report(r) => on_report(&mut m, id, r, &mut reports, &mut finals)?,
            // A message arriving meanwhile stays on the modem for `sms modem listen`.
            Event::Unusable(why) => {
                return Err(CliError::runtime(format!("the modem is not usable: {why}")));
            }
            _ => {}
        }
    }
    let mut settle = Settle::default();
    while let Some(e) = settle.next(&mut m).await {
        // A report that comes after the last part was sent is this send's all the same.
        if let Event::Report(r) = e {
            on_report(&mut m, id, r, &mut reports, &mut finals)?;
        }
    }
    let parts = parts.unwrap_or_default();
    let all_sent = parts.iter().all(|p| p.mr.is_some());
    let doc = json!({
        "parts": parts.iter().map(|p| json!({
            "mr": p.mr,
            "state": if p.mr.is_some() { "sent" } else { "failed" },
            "error": p.error.as_ref().map(ToString::to_string),
        })).collect::<Vec<_>>(),
        "reports": reports,
    });
    if a.json {
        print_json(&doc)?;
    } else {
        let mut out = String::new();
        for (i, p) in parts.iter().enumerate() {
            match (&p.mr, &p.error) {
                (Some(mr), _) => out += &format!("part {}: sent, mr {mr}\n", i + 1),
                (None, e) => {
                    out += &format!(
                        "part {}: failed: {}\n",
                        i + 1,
                        e.as_ref().map_or("-".into(), ToString::to_string)
                    );
                }
            }
        }
        for r in &reports {
            out += &format!(
                "report: mr {} {}{}\n",
                r["mr"],
                plain(&r["state"]),
                if r["final"] == true {
                    ""
                } else {
                    " (not final)"
                }
            );
        }
        print_human(out.trim_end())?;
    }
    if !all_sent {
        return Err(CliError::runtime("not every part was accepted"));
    }
    if a.wait_report.is_some() && finals.len() < parts.len() {
        return Err(CliError::runtime(
            "not every part's final status report arrived in time",
        ));
    }
    Ok(())
}

/// Records a status report of the message `id` (any other is only acknowledged).
fn on_report(
    m: &mut AsyncModem<SerialStream>,
    id: modem::SendId,
    r: modem::StatusReportEvent,
    reports: &mut Vec<Value>,
    finals: &mut std::collections::BTreeSet<usize>,
) -> Result<(), CliError> {
    if let Some((sid, part)) = r.sent
        && sid == id
    {
        let fin = r.report.is_final();
        if fin {
            finals.insert(part);
        }
        reports.push(json!({
            "mr": r.mr,
            "state": r.report.state.as_str(),
            "final": fin,
        }));
    }
    m.ack(r.id).map_err(CliError::runtime)
}

async fn listen(a: ListenArgs) -> Result<(), CliError> {
    let mut m = open(&a.device).await?;
    let deadline = a
        .seconds
        .map(|s| tokio::time::Instant::now() + Duration::from_secs(s));
    loop {
        let e = tokio::select! {
            e = event_until(&mut m, deadline) => e?,
            _ = tokio::signal::ctrl_c() => None,
        };
        let Some(e) = e else {
            break;
        };
        on_listen_event(&mut m, a.json, e)?;
    }
    let mut settle = Settle::default();
    while let Some(e) = settle.next(&mut m).await {
        on_listen_event(&mut m, a.json, e)?;
    }
    Ok(())
}

/// Prints a received message or status report, then lets it leave the modem's storage.
fn on_listen_event(m: &mut AsyncModem<SerialStream>, json: bool, e: Event) -> Result<(), CliError> {
    match e {
        Event::Received(sms) => {
            let line = json!({
                "type": "sms",
                "from": sms.from,
                "scts": sms.scts,
                "text": sms.text,
                "parts": sms.parts,
            });
            emit(json, &line, || {
                format!(
                    "{} {}: {}",
                    sms.scts.clone().unwrap_or_default(),
                    sms.from,
                    sms.text.clone().unwrap_or_else(|| "(not text)".into())
                )
            })?;
            // Printed: only now may it leave the modem's storage.
            m.ack(sms.id).map_err(CliError::runtime)?;
        }
        Event::Report(r) => {
            let line = json!({
                "type": "report",
                "mr": r.mr,
                "recipient": r.recipient,
                "state": r.report.state.as_str(),
                "final": r.report.is_final(),
            });
            emit(json, &line, || {
                format!(
                    "report mr {} to {}: {}",
                    r.mr,
                    r.recipient,
                    r.report.state.as_str()
                )
            })?;
            m.ack(r.id).map_err(CliError::runtime)?;
        }
        Event::Unusable(why) => {
            return Err(CliError::runtime(format!("the modem is not usable: {why}")));
        }
        _ => {}
    }
    Ok(())
}

fn emit(json: bool, line: &Value, human: impl FnOnce() -> String) -> Result<(), CliError> {
    use std::io::Write;
    let text = if json { line.to_string() } else { human() };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(|e| CliError::runtime(format!("writing stdout: {e}")))
}
