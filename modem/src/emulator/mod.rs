//! A GSM modem emulator that real AT clients accept: a sans-IO device that takes the bytes an
//! AT client writes and gives back the bytes a modem would answer, with the SMS side of a
//! network behind it (3GPP TS 27.005 in PDU mode, TS 27.007 basics, TS 23.040 TPDUs).
//!
//! The emulator does no I/O and never reads a clock: bytes come in through
//! [`Emulator::handle_input`], answers go out through [`Emulator::poll_output`], what
//! happened comes up through [`Emulator::poll_event`], and time is passed in (`now`) with
//! [`Emulator::poll_timeout`] / [`Emulator::handle_timeout`] telling when it next needs to
//! be woken. [`run`] (feature `tokio`) drives it over any `AsyncRead + AsyncWrite`, and
//! `sms modem-sim` puts it on a pseudo-terminal.
//!
//! What it does, and the rule each part follows:
//! * Command lines per ITU-T V.250 (echo `E`, result code format `V`, compound lines with `;`,
//!   `A/`), a lone `ESC` discarded, `ERROR` (or the profile's word) for unknown commands.
//! * `AT+CMGS=<length>` / `AT+CMGW=<length>`: the four characters `<CR><LF>> ` (TS 27.005
//!   §3.5.1), the PDU ended by Ctrl-Z or abandoned with ESC; `<length>` is the TPDU length
//!   without the SMSC address, checked; the SMS-SUBMIT is decoded with `gsm_pdu`, the device
//!   assigns TP-MR (TS 23.040 §9.2.3.6: incremented for each SMS-SUBMIT) and answers
//!   `+CMGS: <mr>`.
//! * Storage: the memories of the profile (`SM`, `ME`, `SR`), `+CPMS` with 1–3 memories (each
//!   given memory replaces `<mem1>`, `<mem2>`, `<mem3>` in order) and true counts; `+CMGR`,
//!   `+CMGL`, `+CMGD` with `<delflag>`; `+CMS ERROR: 321` for an empty index.
//! * Received messages and status reports follow `+CNMI=<mode>,<mt>,<bm>,<ds>,<bfr>` (TS 27.005
//!   §3.4.1): `<mt>` 0 stored silently, 1 stored and `+CMTI`, 2 routed as `+CMT` (to be
//!   acknowledged with `+CNMA` when `+CSMS` is 1; without it in time "ME/TA shall
//!   automatically disable routing to TE by setting both `<mt>` and `<ds>` values to zero");
//!   `<ds>` 0 stored, 1 `+CDS`, 2 stored and `+CDSI`. URCs are written one at a time, spaced
//!   by [`Config::urc_spacing`], never inside a command's reply (unless the fault asks for it),
//!   and held while `<mode>` is 0.
//! * A message arriving while the memory for received messages is full stays in the network
//!   and is delivered when a slot is freed (TS 24.011: RP-ERROR "memory capacity exceeded",
//!   then the memory-available notification).
//!
//! ```
//! use std::time::{Duration, Instant};
//! use modem::emulator::{Config, Emulator, Event};
//!
//! let t0 = Instant::now();
//! let mut emu = Emulator::new(Config::default(), t0);
//! emu.handle_input(t0, b"ATE0\r");
//! emu.handle_input(t0, b"AT+CMGS=18\r");
//! let mut out = Vec::new();
//! while let Some(chunk) = emu.poll_output() {
//!     out.extend(chunk);
//! }
//! assert!(out.ends_with(b"\r\n> "));
//! // SMS-SUBMIT to +447700900123, "Hello" (GSM 7 bit), SMSC address 00: Ctrl-Z ends it.
//! emu.handle_input(t0, b"0001000C91447700091032000005C8329BFD06\x1a");
//! let out: Vec<u8> = std::iter::from_fn(|| emu.poll_output()).flatten().collect();
//! assert_eq!(out, b"\r\n+CMGS: 1\r\n\r\nOK\r\n");
//! let submitted = std::iter::from_fn(|| emu.poll_event()).find_map(|e| match e {
//!     Event::Submitted(s) => Some(s),
//!     _ => None,
//! });
//! assert_eq!(submitted.unwrap().to, "+447700900123");
//! ```

mod at;
mod fault;
mod network;
mod profile;
#[cfg(feature = "tokio")]
mod runner;

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

use gsm_pdu::{Address, DecodeOptions, Direction, Status, Tpdu, decode_with_smsc};

use at::{Command, Form, int_arg, parse_line, split_args};
use network::{Pdu, deliver_parts, number, parse_hex, status_report, timestamp};

pub use fault::{Fault, Faults, UnknownFault};
pub use network::BuildError;
pub use profile::{Profile, ReportStorage};
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub use runner::{Control, run};

/// A message memory (TS 27.005 §3.1 `<mem1>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Memory {
    /// `"SM"`: the SIM.
    Sm,
    /// `"ME"`: the device's own memory.
    Me,
    /// `"SR"`: status reports.
    Sr,
}

impl Memory {
    /// The name in AT commands.
    pub fn name(self) -> &'static str {
        match self {
            Memory::Sm => "SM",
            Memory::Me => "ME",
            Memory::Sr => "SR",
        }
    }
}

impl fmt::Display for Memory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Memory {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s.to_ascii_uppercase().as_str() {
            "SM" => Ok(Memory::Sm),
            "ME" => Ok(Memory::Me),
            "SR" => Ok(Memory::Sr),
            _ => Err(()),
        }
    }
}

/// What a stored or routed TPDU is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// An SMS-DELIVER (a received message, or a part of one).
    Sms,
    /// An SMS-STATUS-REPORT.
    StatusReport,
    /// An SMS-SUBMIT the host wrote with `+CMGW`.
    Submit,
}

impl MessageKind {
    /// `"sms"`, `"report"` or `"submit"`.
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::Sms => "sms",
            MessageKind::StatusReport => "report",
            MessageKind::Submit => "submit",
        }
    }
}

/// Which status the automatic status reports carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReportStatus {
    /// TP-ST 0x00: received by the SME.
    #[default]
    Delivered,
    /// TP-ST 0x41: incompatible destination (permanent error).
    Failed,
    /// Either, chosen by a pseudo-random sequence from [`Config::seed`].
    Random,
}

impl FromStr for ReportStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "delivered" => Ok(ReportStatus::Delivered),
            "failed" => Ok(ReportStatus::Failed),
            "random" => Ok(ReportStatus::Random),
            _ => Err(format!(
                "unknown report status {s:?} (delivered, failed, random)"
            )),
        }
    }
}

/// How the emulator behaves.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// The device it pretends to be.
    pub profile: Profile,
    /// Faults switched on.
    pub faults: Faults,
    /// The SMSC address in `AT+CSCA?` and in the PDUs the network sends.
    pub smsc: String,
    /// The UNIX time (UTC seconds) at the `now` given to [`Emulator::new`]; time stamps
    /// (TP-SCTS, TP-DT) count on from it.
    pub unix_time: u64,
    /// `Some(d)`: a status report is sent `d` after each SMS-SUBMIT that asked for one;
    /// `None`: only on request ([`Emulator::deliver_report`]).
    pub report_delay: Option<Duration>,
    /// The status of automatic reports.
    pub report_status: ReportStatus,
    /// `Some(d)`: a message from [`Config::mo_sender`] arrives every `d`.
    pub mo_every: Option<Duration>,
    /// The sender of periodic messages.
    pub mo_sender: String,
    /// The TP-MR of the last SMS-SUBMIT before power-up; the first one gets the next value.
    pub last_mr: u8,
    /// The least time between two unsolicited result codes.
    pub urc_spacing: Duration,
    /// How long the line must be quiet before an unsolicited result code is written.
    pub urc_quiet: Duration,
    /// How long a `+CMT`/`+CDS` waits for `+CNMA` (TS 24.011's TR2M is 12–20 s).
    pub ack_timeout: Duration,
    /// Seed of [`ReportStatus::Random`].
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            profile: Profile::GENERIC,
            faults: Faults::NONE,
            smsc: "+447785016005".into(),
            unix_time: 1_796_600_000,
            report_delay: Some(Duration::from_millis(500)),
            report_status: ReportStatus::Delivered,
            mo_every: None,
            mo_sender: "+447700900999".into(),
            last_mr: 0,
            urc_spacing: Duration::from_millis(500),
            urc_quiet: Duration::from_millis(100),
            ack_timeout: Duration::from_secs(15),
            seed: 1,
        }
    }
}

/// Which way an AT line went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineDirection {
    /// From the AT client to the device.
    In,
    /// From the device to the AT client.
    Out,
}

/// One part of an SMS-SUBMIT the host sent (`AT+CMGS`, `AT+CMSS`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Submitted {
    /// TP-DA (`+` for an international number).
    pub to: String,
    /// This part's text (`None` for 8-bit data).
    pub text: Option<String>,
    /// The TP-MR the device assigned.
    pub mr: u8,
    /// Sequence number of this part (1 when not concatenated).
    pub part: u8,
    /// Parts of the message (1 when not concatenated).
    pub parts: u8,
    /// The concatenation reference, when concatenated.
    pub reference: Option<u16>,
    /// Whether TP-SRR asked for a status report.
    pub report_requested: bool,
    /// TP-DCS.
    pub dcs: u8,
    /// The text of the whole message when this part completed it (all parts seen).
    pub message: Option<String>,
}

/// What happened in the emulator.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A whole AT line (a command line, a PDU, a reply line or a URC; echo not included).
    Line {
        /// Its direction.
        dir: LineDirection,
        /// The line without its line end.
        line: String,
    },
    /// An SMS-SUBMIT part was accepted and "sent".
    Submitted(Submitted),
    /// An SMS-SUBMIT was refused with `+CMS ERROR: <code>`.
    SubmitFailed {
        /// The `+CMS ERROR` code.
        code: u16,
        /// Why.
        reason: String,
    },
    /// A message arrived from the network (before storage or routing).
    Mo {
        /// Its number in this run (from 1).
        id: u64,
        /// TP-OA.
        from: String,
        /// The text.
        text: String,
        /// How many SMS-DELIVER parts carry it.
        parts: usize,
    },
    /// A status report was generated.
    Report {
        /// TP-MR of the SMS-SUBMIT it reports on.
        mr: u8,
        /// TP-RA.
        recipient: String,
        /// TP-ST.
        status: u8,
    },
    /// A TPDU was stored.
    Stored {
        /// Memory.
        mem: Memory,
        /// Index.
        index: u16,
        /// What it is.
        kind: MessageKind,
    },
    /// A stored TPDU was read by the host (`+CMGR`, `+CMGL`).
    Read {
        /// Memory.
        mem: Memory,
        /// Index.
        index: u16,
        /// What it is.
        kind: MessageKind,
    },
    /// A stored TPDU was deleted.
    Deleted {
        /// Memory.
        mem: Memory,
        /// Index.
        index: u16,
        /// What it is.
        kind: MessageKind,
    },
    /// A `+CMT` or `+CDS` was written to the host.
    Routed {
        /// What it carried.
        kind: MessageKind,
    },
    /// The host acknowledged a routed TPDU with `+CNMA`.
    Acknowledged {
        /// What it carried.
        kind: MessageKind,
    },
    /// A routed TPDU was not acknowledged in time: routing is off (`<mt>`, `<ds>` = 0) and
    /// the network will send it again.
    AckTimeout {
        /// What it carried.
        kind: MessageKind,
    },
    /// A message could not be stored: the memory is full.
    StorageFull {
        /// The full memory.
        mem: Memory,
    },
    /// The device restarted.
    Rebooted,
    /// A message given to [`Emulator::deliver_mo`] could not be built.
    InjectFailed {
        /// Why.
        reason: String,
    },
}

/// Counters of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Command lines handled.
    pub commands: u64,
    /// SMS-SUBMIT parts accepted.
    pub submitted: u64,
    /// SMS-SUBMITs refused.
    pub submit_failed: u64,
    /// Messages that arrived from the network.
    pub mo: u64,
    /// SMS-DELIVER parts those messages took.
    pub mo_parts: u64,
    /// Status reports generated.
    pub reports: u64,
    /// Stored TPDUs the host read.
    pub read: u64,
    /// Stored TPDUs deleted.
    pub deleted: u64,
    /// Restarts.
    pub reboots: u64,
}

/// Why an injected message or report was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InjectError {
    /// The message cannot be built.
    #[error(transparent)]
    Build(#[from] BuildError),
}

/// SMS-SUBMITs remembered for a status report; the oldest is dropped beyond this.
const MAX_AWAITING_REPORTS: usize = 4096;

// TS 27.005 §3.2.5 <err> values.
const CMS_ME_FAILURE: u16 = 300;
const CMS_NOT_ALLOWED: u16 = 302;
const CMS_NOT_SUPPORTED: u16 = 303;
const CMS_INVALID_PDU_PARAM: u16 = 304;
const CMS_INVALID_INDEX: u16 = 321;
const CMS_MEMORY_FULL: u16 = 322;
const CMS_NETWORK_TIMEOUT: u16 = 332;
const CMS_NO_CNMA_EXPECTED: u16 = 340;
// TS 27.007 §9.2 <err> values.
const CME_NOT_ALLOWED: u16 = 3;
const CME_INCORRECT_PARAMETERS: u16 = 50;

fn cms_text(code: u16) -> &'static str {
    match code {
        CMS_ME_FAILURE => "ME failure",
        CMS_NOT_ALLOWED => "operation not allowed",
        CMS_NOT_SUPPORTED => "operation not supported",
        CMS_INVALID_PDU_PARAM => "invalid PDU mode parameter",
        CMS_INVALID_INDEX => "invalid memory index",
        CMS_MEMORY_FULL => "memory full",
        CMS_NETWORK_TIMEOUT => "network timeout",
        CMS_NO_CNMA_EXPECTED => "no +CNMA acknowledgement expected",
        _ => "unknown error",
    }
}

fn cme_text(code: u16) -> &'static str {
    match code {
        CME_NOT_ALLOWED => "operation not allowed",
        4 => "operation not supported",
        CME_INCORRECT_PARAMETERS => "incorrect parameters",
        _ => "unknown",
    }
}

/// How a command failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Failure {
    /// Plain `ERROR`.
    Error,
    /// A command the device does not know.
    Unknown,
    /// `+CME ERROR`.
    Cme(u16),
    /// `+CMS ERROR`.
    Cms(u16),
}

/// What the host is typing after a `> ` prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PromptFor {
    Send {
        len: usize,
    },
    Write {
        len: usize,
        stat: u8,
    },
    /// `AT+CNMA=<n>,<length>`: an SMS-DELIVER-REPORT for RP-ACK (n 1) or RP-ERROR (n 2).
    Ack {
        n: u32,
        len: usize,
    },
}

#[derive(Debug)]
struct Prompt {
    purpose: PromptFor,
    pdu: Vec<u8>,
    /// When the `> ` is due (late-prompt fault); `None` once written.
    due: Option<Instant>,
}

/// What a command answers when it succeeds.
enum Reply {
    Lines(Vec<String>),
    /// Information lines and no final result code (a device quirk).
    Unterminated(Vec<String>),
    Prompt(PromptFor),
    /// The device restarts instead of answering.
    Restart,
}

/// Settings a power cycle (and `ATZ`) resets.
#[derive(Clone, Debug)]
struct Settings {
    echo: bool,
    verbose: bool,
    cmee: u8,
    pdu_mode: bool,
    csms: u8,
    cmms: u8,
    cnmi: [u8; 5],
    mems: [Memory; 3],
    cops_format: u8,
    creg: u8,
    cgreg: u8,
    cscs: String,
    /// Huawei `^CURC`: periodic vendor URCs on.
    vendor_urcs: bool,
}

impl Settings {
    fn power_up(p: &Profile) -> Self {
        let first = p.memories.first().map_or(Memory::Sm, |m| m.0);
        Self {
            echo: true,
            verbose: true,
            cmee: 0,
            pdu_mode: true,
            csms: 0,
            cmms: 0,
            cnmi: p.cnmi_at_boot,
            mems: [first; 3],
            cops_format: 0,
            creg: 0,
            cgreg: 0,
            cscs: "GSM".into(),
            vendor_urcs: true,
        }
    }
}

#[derive(Clone, Debug)]
struct Slot {
    /// TS 27.005 `<stat>` in PDU mode: 0 received unread, 1 received read, 2 stored unsent,
    /// 3 stored sent.
    stat: u8,
    pdu: Pdu,
    kind: MessageKind,
}

/// Something the network holds for the device.
#[derive(Clone, Debug)]
struct Incoming {
    kind: MessageKind,
    pdu: Pdu,
}

#[derive(Clone, Debug)]
enum Urc {
    /// A one-line URC (`+CMTI`, `+CDSI`).
    Line(String),
    /// `+CMT`/`+CDS`: header line and PDU, and what to keep until `+CNMA`.
    Routed { head: String, incoming: Incoming },
}

/// An SMS-SUBMIT that asked for a status report, not yet reported on.
#[derive(Clone, Debug)]
struct AwaitingReport {
    mr: u8,
    recipient: Address<'static>,
    submitted_unix: u64,
    due: Option<Instant>,
}

/// The emulated device. See the [module documentation](self).
#[derive(Debug)]
pub struct Emulator {
    cfg: Config,
    start: Instant,
    settings: Settings,
    smsc: String,
    memories: BTreeMap<Memory, (u16, BTreeMap<u16, Slot>)>,
    input: Vec<u8>,
    last_line: String,
    prompt: Option<Prompt>,
    booting_until: Option<Instant>,
    out: VecDeque<Vec<u8>>,
    /// Whether the last chunk of `out` is an echo still being added to.
    echo_open: bool,
    events: VecDeque<Event>,
    urcs: VecDeque<Urc>,
    network: VecDeque<Incoming>,
    /// A routed `+CMT`/`+CDS` waiting for `+CNMA`, and its deadline once written.
    awaiting_ack: Option<(Incoming, Option<Instant>)>,
    awaiting_report: Vec<AwaitingReport>,
    last_io: Instant,
    last_command: Instant,
    last_urc: Option<Instant>,
    last_mr: u8,
    mo_reference: u8,
    mo_count: u64,
    next_mo: Option<Instant>,
    next_vendor_urc: Option<Instant>,
    vendor_urc: Option<String>,
    cmgs_count: u64,
    full_reported: bool,
    rng: u64,
    concat: gsm7::Reassembler<(String, u16), String>,
    stats: Stats,
}

impl Emulator {
    /// A device that has just booted at `now` (echo on, its profile's settings).
    pub fn new(cfg: Config, now: Instant) -> Self {
        let full = cfg.faults.has(Fault::StorageFull);
        let memories = cfg
            .profile
            .memories
            .iter()
            .map(|&(m, cap)| (m, (if full { cap.min(3) } else { cap }, BTreeMap::new())))
            .collect();
        Self {
            settings: Settings::power_up(&cfg.profile),
            smsc: cfg.smsc.clone(),
            memories,
            start: now,
            input: Vec::new(),
            last_line: String::new(),
            prompt: None,
            booting_until: None,
            out: VecDeque::new(),
            echo_open: false,
            events: VecDeque::new(),
            urcs: VecDeque::new(),
            network: VecDeque::new(),
            awaiting_ack: None,
            awaiting_report: Vec::new(),
            last_io: now,
            last_command: now,
            last_urc: None,
            last_mr: cfg.last_mr,
            mo_reference: 0,
            mo_count: 0,
            next_mo: cfg.mo_every.map(|d| now + d),
            next_vendor_urc: cfg
                .profile
                .periodic_urc
                .map(|(_, ms)| now + Duration::from_millis(ms)),
            vendor_urc: None,
            cmgs_count: 0,
            full_reported: false,
            rng: cfg.seed | 1,
            concat: gsm7::Reassembler::new(gsm7::ReassemblyConfig::default()),
            stats: Stats::default(),
            cfg,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Counters so far.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Takes bytes the AT client wrote.
    pub fn handle_input(&mut self, now: Instant, bytes: &[u8]) {
        self.handle_timeout(now);
        if self.booting_until.is_some() {
            return; // A booting device hears nothing.
        }
        if !bytes.is_empty() {
            self.last_io = now;
        }
        for &b in bytes {
            if self.booting_until.is_some() {
                break;
            }
            if self.prompt.is_some() {
                self.prompt_byte(now, b);
            } else {
                self.command_byte(now, b);
            }
        }
        self.pump(now);
    }

    /// The next chunk of bytes to write to the AT client.
    pub fn poll_output(&mut self) -> Option<Vec<u8>> {
        let chunk = self.out.pop_front();
        if self.out.is_empty() {
            self.echo_open = false;
        }
        chunk
    }

    /// The next event.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When [`handle_timeout`](Self::handle_timeout) must next be called.
    pub fn poll_timeout(&self) -> Option<Instant> {
        let mut t: Option<Instant> = None;
        let mut at = |x: Option<Instant>| {
            if let Some(x) = x {
                t = Some(t.map_or(x, |t| t.min(x)));
            }
        };
        at(self.booting_until);
        at(self.next_mo);
        at(self.prompt.as_ref().and_then(|p| p.due));
        at(self.awaiting_ack.as_ref().and_then(|a| a.1));
        for r in &self.awaiting_report {
            at(r.due);
        }
        at(self.urc_ready_at());
        at(self.vendor_urc_ready_at());
        at(self.next_vendor_urc);
        t
    }

    /// Lets time pass to `now`: status reports and periodic messages fall due, a late prompt
    /// is shown, an unacknowledged `+CMT` times out, a reboot ends, URCs are written.
    pub fn handle_timeout(&mut self, now: Instant) {
        if let Some(t) = self.booting_until
            && now >= t
        {
            self.booting_until = None;
            self.last_io = now;
            for line in self.cfg.profile.boot_urcs {
                self.write_line(now, line);
            }
        }
        if let Some(p) = &mut self.prompt
            && p.due.is_some_and(|t| now >= t)
        {
            p.due = None;
            self.write_raw(now, b"\r\n> ".to_vec(), Some("> "));
        }
        if let Some((_, Some(deadline))) = &self.awaiting_ack
            && now >= *deadline
            && let Some((incoming, _)) = self.awaiting_ack.take()
        {
            // TS 27.005 §3.4.1: no acknowledgement in time → <mt> and <ds> set to 0; the
            // network keeps the message and sends it again.
            self.settings.cnmi[1] = 0;
            self.settings.cnmi[3] = 0;
            self.events.push_back(Event::AckTimeout {
                kind: incoming.kind,
            });
            self.network.push_front(incoming);
        }
        if let Some(t) = self.next_vendor_urc
            && now >= t
            && let Some((line, period)) = self.cfg.profile.periodic_urc
        {
            self.next_vendor_urc = Some(now + Duration::from_millis(period));
            if self.settings.vendor_urcs {
                self.vendor_urc = Some(line.into());
            }
        }
        if let Some(t) = self.next_mo
            && now >= t
        {
            self.next_mo = self.cfg.mo_every.map(|d| now + d);
            let n = self.mo_count + 1;
            let text = format!("Message {n} from the emulated network");
            let from = self.cfg.mo_sender.clone();
            // The configured sender was checked when the emulator was made; a bad one
            // shows up as no message.
            let _ = self.deliver_mo(now, &from, &text);
        }
        let due: Vec<AwaitingReport> = {
            let (due, keep) = self
                .awaiting_report
                .drain(..)
                .partition(|r| r.due.is_some_and(|t| now >= t));
            self.awaiting_report = keep;
            due
        };
        for r in due {
            let status = self.auto_status();
            self.send_report(now, &r, status);
        }
        self.pump(now);
    }

    /// A message from `from` arrives from the network at `now` (split into parts as needed,
    /// GSM 7 bit or UCS-2): stored or routed as `+CNMI` says once the device can take it.
    pub fn deliver_mo(&mut self, now: Instant, from: &str, text: &str) -> Result<(), InjectError> {
        let reference = self.mo_reference;
        let scts = timestamp(self.unix(now));
        let parts = match deliver_parts(&self.cfg.smsc, from, text, reference, scts) {
            Ok(p) => p,
            Err(e) => {
                self.events.push_back(Event::InjectFailed {
                    reason: e.to_string(),
                });
                return Err(e.into());
            }
        };
        self.mo_reference = self.mo_reference.wrapping_add(1);
        self.mo_count += 1;
        self.stats.mo += 1;
        self.stats.mo_parts += parts.len() as u64;
        self.events.push_back(Event::Mo {
            id: self.mo_count,
            from: from.into(),
            text: text.into(),
            parts: parts.len(),
        });
        for pdu in parts {
            self.network.push_back(Incoming {
                kind: MessageKind::Sms,
                pdu,
            });
        }
        self.pump(now);
        Ok(())
    }

    /// Sends now the status reports of the SMS-SUBMITs still waiting for one (all of them, or
    /// the one with TP-MR `mr`), with TP-ST `status`; returns how many.
    pub fn deliver_report(&mut self, now: Instant, mr: Option<u8>, status: Status) -> usize {
        let (due, keep): (Vec<_>, Vec<_>) = self
            .awaiting_report
            .drain(..)
            .partition(|r| mr.is_none_or(|m| m == r.mr));
        self.awaiting_report = keep;
        let n = due.len();
        for r in &due {
            self.send_report(now, r, status);
        }
        self.pump(now);
        n
    }

    /// How many SMS-SUBMITs wait for their status report.
    pub fn reports_pending(&self) -> usize {
        self.awaiting_report.len()
    }

    /// Restarts the device at `now` (what the `reboot` fault does): settings back to their
    /// power-up values, a pending prompt and unsent URCs dropped, an unacknowledged `+CMT`
    /// back to the network, stored messages kept; input is ignored for 1 s, then the
    /// profile's boot URCs are written.
    pub fn reboot(&mut self, now: Instant) {
        self.settings = Settings::power_up(&self.cfg.profile);
        self.prompt = None;
        self.input.clear();
        self.urcs.clear();
        self.vendor_urc = None;
        if let Some((incoming, _)) = self.awaiting_ack.take() {
            self.network.push_front(incoming);
        }
        self.booting_until = Some(now + Duration::from_secs(1));
        self.stats.reboots += 1;
        self.events.push_back(Event::Rebooted);
    }

    fn unix(&self, now: Instant) -> u64 {
        self.cfg.unix_time + now.saturating_duration_since(self.start).as_secs()
    }

    fn auto_status(&mut self) -> Status {
        match self.cfg.report_status {
            ReportStatus::Delivered => Status::RECEIVED,
            ReportStatus::Failed => Status::INCOMPATIBLE_DESTINATION,
            ReportStatus::Random => {
                // xorshift64
                self.rng ^= self.rng << 13;
                self.rng ^= self.rng >> 7;
                self.rng ^= self.rng << 17;
                if self.rng & 1 == 0 {
                    Status::RECEIVED
                } else {
                    Status::INCOMPATIBLE_DESTINATION
                }
            }
        }
    }

    fn send_report(&mut self, now: Instant, r: &AwaitingReport, status: Status) {
        let scts = timestamp(r.submitted_unix);
        let dt = timestamp(self.unix(now));
        // The SMSC address was checked when the emulator was configured; a failure here
        // leaves the report unsent and is visible as a missing report event.
        let Ok(pdu) = status_report(&self.cfg.smsc, r.mr, &r.recipient, scts, dt, status) else {
            return;
        };
        self.stats.reports += 1;
        self.events.push_back(Event::Report {
            mr: r.mr,
            recipient: number(&r.recipient),
            status: status.0,
        });
        self.network.push_back(Incoming {
            kind: MessageKind::StatusReport,
            pdu,
        });
    }

    // ---- output -------------------------------------------------------------------------

    fn write_raw(&mut self, now: Instant, bytes: Vec<u8>, logged: Option<&str>) {
        if let Some(l) = logged {
            self.events.push_back(Event::Line {
                dir: LineDirection::Out,
                line: l.into(),
            });
        }
        self.last_io = now;
        self.out.push_back(bytes);
        self.echo_open = false;
    }

    /// Echoes one input character (V.250 `E1`), added to the echo chunk being built.
    fn echo(&mut self, b: u8) {
        match self.out.back_mut() {
            Some(chunk) if self.echo_open => chunk.push(b),
            _ => {
                self.out.push_back(vec![b]);
                self.echo_open = true;
            }
        }
    }

    /// An information line or URC in the current result code format (V.250 §5.7.1).
    fn write_line(&mut self, now: Instant, line: &str) {
        let bytes = if self.settings.verbose {
            format!("\r\n{line}\r\n")
        } else {
            format!("{line}\r\n")
        };
        self.write_raw(now, bytes.into_bytes(), Some(line));
    }

    fn write_final(&mut self, now: Instant, result: Result<(), Failure>) {
        let s = &self.settings;
        let text = match result {
            Ok(()) => "OK".to_string(),
            Err(Failure::Error) => "ERROR".into(),
            Err(Failure::Unknown) => self.cfg.profile.unknown_command.into(),
            Err(Failure::Cme(c)) => match s.cmee {
                0 => "ERROR".into(),
                1 => format!("+CME ERROR: {c}"),
                _ => format!("+CME ERROR: {}", cme_text(c)),
            },
            Err(Failure::Cms(c)) => match s.cmee {
                0 => "ERROR".into(),
                1 => format!("+CMS ERROR: {c}"),
                _ => format!("+CMS ERROR: {}", cms_text(c)),
            },
        };
        if s.verbose {
            self.write_line(now, &text);
        } else {
            // V0: numeric result codes "0" OK, "4" ERROR (V.250 Table 1); +CME/+CMS
            // errors keep their text.
            let code = match text.as_str() {
                "OK" => "0",
                "ERROR" => "4",
                t => t,
            };
            let bytes = format!("{code}\r").into_bytes();
            self.write_raw(now, bytes, Some(code));
        }
    }

    // ---- input --------------------------------------------------------------------------

    fn command_byte(&mut self, now: Instant, b: u8) {
        match b {
            0x1B => self.input.clear(), // ESC: gammu opens every session with ESC CR.
            b'\r' => {
                if self.settings.echo {
                    self.echo(b);
                }
                let line = String::from_utf8_lossy(&self.input).into_owned();
                self.input.clear();
                self.handle_line(now, line);
            }
            b'\n' | 0 | 0x1A => {}
            0x08 => {
                self.input.pop();
                if self.settings.echo {
                    self.echo(b);
                }
            }
            _ => {
                if self.settings.echo {
                    self.echo(b);
                }
                // V.250 §5.2.1: a line of at least 40 characters must be accepted; longer
                // ones are cut (bounded buffer).
                if self.input.len() < 1024 {
                    self.input.push(b);
                }
                // V.250 §5.2.4: "A/" repeats the last command line, without a CR.
                if self.input.eq_ignore_ascii_case(b"A/") {
                    self.input.clear();
                    let line = self.last_line.clone();
                    self.handle_line(now, line);
                }
            }
        }
    }

    fn prompt_byte(&mut self, now: Instant, b: u8) {
        match b {
            0x1A => {
                let Some(p) = self.prompt.take() else { return };
                let text = String::from_utf8_lossy(&p.pdu).into_owned();
                self.events.push_back(Event::Line {
                    dir: LineDirection::In,
                    line: text.clone(),
                });
                self.finish_prompt(now, p.purpose, &text);
            }
            0x1B => {
                // TS 27.005 §3.5.1: "sending can be cancelled by giving <ESC> character".
                self.prompt = None;
                self.events.push_back(Event::Line {
                    dir: LineDirection::In,
                    line: "<ESC>".into(),
                });
                self.write_final(now, Ok(()));
            }
            b'\r' | b'\n' | b' ' => {}
            _ => {
                if self.settings.echo {
                    self.echo(b);
                }
                if let Some(p) = &mut self.prompt
                    && p.pdu.len() < 2 * 200
                {
                    p.pdu.push(b);
                }
            }
        }
    }

    fn handle_line(&mut self, now: Instant, line: String) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            return;
        }
        self.events.push_back(Event::Line {
            dir: LineDirection::In,
            line: trimmed.into(),
        });
        // V.250 §5.2.1: a command line starts with "AT" or "at"; anything else is ignored.
        let Some(body) = trimmed
            .get(..2)
            .filter(|p| p.eq_ignore_ascii_case("AT"))
            .map(|_| &trimmed[2..])
        else {
            return;
        };
        self.last_line = trimmed.into();
        self.last_command = now;
        self.stats.commands += 1;
        let n = self.stats.commands;
        if self.cfg.faults.has(Fault::Reboot) && n.is_multiple_of(40) {
            self.reboot(now);
            return;
        }
        let Ok(cmds) = parse_line(body) else {
            return self.finish_reply(now, Err(Failure::Error));
        };
        let mut result = Ok(());
        for cmd in cmds {
            match self.execute(now, &cmd) {
                Ok(Reply::Lines(lines)) => {
                    for l in lines {
                        self.write_line(now, &l);
                    }
                }
                Ok(Reply::Unterminated(lines)) => {
                    for l in lines {
                        self.write_line(now, &l);
                    }
                    return;
                }
                Ok(Reply::Prompt(purpose)) => {
                    let due = if self.cfg.faults.has(Fault::LatePrompt) {
                        Some(now + Duration::from_secs(2))
                    } else {
                        self.write_raw(now, b"\r\n> ".to_vec(), Some("> "));
                        None
                    };
                    self.prompt = Some(Prompt {
                        purpose,
                        pdu: Vec::new(),
                        due,
                    });
                    return;
                }
                Ok(Reply::Restart) => {
                    self.write_final(now, Ok(()));
                    self.reboot(now);
                    return;
                }
                Err(f) => {
                    result = Err(f);
                    break;
                }
            }
        }
        self.finish_reply(now, result);
    }

    /// Writes the final result code, with the faults that touch it.
    fn finish_reply(&mut self, now: Instant, result: Result<(), Failure>) {
        if self.cfg.faults.has(Fault::UrcInReply) {
            while let Some(urc) = self.urcs.pop_front() {
                self.write_urc(now, urc);
            }
        }
        if result.is_ok()
            && self.cfg.faults.has(Fault::LostOk)
            && self.stats.commands.is_multiple_of(5)
        {
            return;
        }
        self.write_final(now, result);
    }

    // ---- commands -----------------------------------------------------------------------

    fn execute(&mut self, now: Instant, cmd: &Command) -> Result<Reply, Failure> {
        let p = &self.cfg.profile;
        let lines = |v: &[&str]| Ok(Reply::Lines(v.iter().map(|s| s.to_string()).collect()));
        match cmd {
            Command::Basic { name, value } => match name.as_str() {
                "E" => {
                    let on = value.unwrap_or(0) != 0;
                    self.settings.echo = on || self.cfg.faults.has(Fault::EchoOn);
                    lines(&[])
                }
                "V" => {
                    self.settings.verbose = value.unwrap_or(0) != 0;
                    lines(&[])
                }
                "Z" | "&F" => {
                    self.settings = Settings::power_up(&self.cfg.profile);
                    lines(&[])
                }
                "I" => match value.unwrap_or(0) {
                    0 => lines(p.ati),
                    _ => lines(&[]),
                },
                "Q" | "X" | "&C" | "&D" | "&K" | "&W" | "S" | "L" | "M" => lines(&[]),
                _ => Err(Failure::Unknown),
            },
            Command::Extended { name, form } => self.extended(now, name, form),
        }
    }

    fn extended(&mut self, now: Instant, name: &str, form: &Form) -> Result<Reply, Failure> {
        let p = self.cfg.profile.clone();
        let one = |s: String| Ok(Reply::Lines(vec![s]));
        let ok = || Ok(Reply::Lines(Vec::new()));
        let args = match form {
            Form::Set(a) => split_args(a),
            _ => Vec::new(),
        };
        let sms_storage = p.sms_storage_commands;
        match (name, form) {
            ("+CGMI" | "+GMI", Form::Action) => Ok(Reply::Lines(own(p.manufacturer))),
            ("+CGMM" | "+GMM", Form::Action) => Ok(Reply::Lines(own(p.model))),
            ("+CGMR" | "+GMR", Form::Action) => p
                .revision
                .map(|r| Reply::Lines(own(r)))
                .ok_or(Failure::Error),
            ("+CGSN" | "+GSN", Form::Action) => one(p.imei.into()),
            ("+CIMI", Form::Action) => one(p.imsi.into()),
            ("+CGMI" | "+CGMM" | "+CGMR" | "+CGSN" | "+CIMI", Form::Test) => ok(),
            ("+GCAP", Form::Action) => one("+GCAP: +CGSM".into()),
            ("+CLAC", Form::Action) => p.clac.map(|c| Reply::Lines(own(c))).ok_or(Failure::Error),
            ("+CMEE", Form::Set(_)) => {
                self.settings.cmee = int_arg(&args, 0)
                    .filter(|v| *v <= 2)
                    .ok_or(Failure::Error)? as u8;
                ok()
            }
            ("+CMEE", Form::Read) => one(format!("+CMEE: {}", self.settings.cmee)),
            ("+CMEE", Form::Test) => one("+CMEE: (0-2)".into()),
            ("+CPIN", Form::Read) => {
                if p.cpin_ends_with_ok {
                    one("+CPIN: READY".into())
                } else {
                    // Old Wavecom: "+CPIN: READY" is the whole answer, no final result.
                    Ok(Reply::Unterminated(vec!["+CPIN: READY".into()]))
                }
            }
            ("+CFUN", Form::Read) => one("+CFUN: 1".into()),
            ("+CFUN", Form::Set(_)) => match (int_arg(&args, 0), int_arg(&args, 1)) {
                (Some(_), Some(1)) => Ok(Reply::Restart),
                (Some(0 | 1 | 4), _) => ok(),
                _ => Err(Failure::Cme(CME_INCORRECT_PARAMETERS)),
            },
            ("+CFUN", Form::Test) => one("+CFUN: (0,1,4),(0,1)".into()),
            ("+CSQ", Form::Action) => one("+CSQ: 21,99".into()),
            ("+CSQ", Form::Test) => one("+CSQ: (0-31,99),(0-7,99)".into()),
            ("+CBC", Form::Action) => one("+CBC: 0,100".into()),
            ("+CPAS", Form::Action) => one("+CPAS: 0".into()),
            ("+CREG", Form::Set(_)) => {
                self.settings.creg = int_arg(&args, 0)
                    .filter(|v| *v <= 2)
                    .ok_or(Failure::Error)? as u8;
                ok()
            }
            ("+CREG", Form::Read) => one(registration("+CREG", self.settings.creg)),
            ("+CGREG", Form::Set(_)) => {
                self.settings.cgreg = int_arg(&args, 0)
                    .filter(|v| *v <= 2)
                    .ok_or(Failure::Error)? as u8;
                ok()
            }
            ("+CGREG", Form::Read) => one(registration("+CGREG", self.settings.cgreg)),
            ("+CGATT", Form::Read) => one("+CGATT: 1".into()),
            ("+COPS", Form::Set(_)) => {
                // TS 27.007 §7.3: mode 3 sets only the <format> of the read command.
                match int_arg(&args, 0) {
                    Some(3) => {
                        self.settings.cops_format = int_arg(&args, 1)
                            .filter(|v| *v <= 2)
                            .ok_or(Failure::Error)?
                            as u8;
                    }
                    Some(0..=4) => {}
                    _ => return Err(Failure::Cme(CME_INCORRECT_PARAMETERS)),
                }
                ok()
            }
            ("+COPS", Form::Read) => {
                // gammu-smsd 1.42 overflows a buffer if the format is not the one asked
                // for (shared/oracles/README.md §9).
                let oper = match self.settings.cops_format {
                    0 => "Emulated Network",
                    1 => "EmuNet",
                    _ => "00101",
                };
                one(format!(
                    "+COPS: 0,{},\"{oper}\",2",
                    self.settings.cops_format
                ))
            }
            ("+COPS", Form::Test) => {
                one("+COPS: (2,\"Emulated Network\",\"EmuNet\",\"00101\",2),,(0-4),(0-2)".into())
            }
            ("+CSCS", Form::Read) => one(format!("+CSCS: \"{}\"", self.settings.cscs)),
            ("+CSCS", Form::Test) => one("+CSCS: (\"GSM\",\"UCS2\",\"IRA\")".into()),
            ("+CSCS", Form::Set(_)) => match args[0].to_ascii_uppercase().as_str() {
                cs @ ("GSM" | "UCS2" | "IRA") => {
                    self.settings.cscs = cs.into();
                    ok()
                }
                _ => Err(Failure::Cme(CME_INCORRECT_PARAMETERS)),
            },
            ("+CMGF", Form::Read) => one(format!("+CMGF: {}", u8::from(!self.settings.pdu_mode))),
            ("+CMGF", Form::Test) => one("+CMGF: (0)".into()),
            ("+CMGF", Form::Set(_)) => match int_arg(&args, 0) {
                Some(0) => {
                    self.settings.pdu_mode = true;
                    ok()
                }
                // Text mode is not emulated: the answer of devices without it.
                _ => Err(Failure::Cms(CMS_NOT_SUPPORTED)),
            },
            ("+CSCA", Form::Read) => one(format!(
                "+CSCA: \"{}\",{}",
                self.smsc,
                if self.smsc.starts_with('+') { 145 } else { 129 }
            )),
            ("+CSCA", Form::Set(_)) => {
                if args[0].is_empty() {
                    return Err(Failure::Cms(CMS_INVALID_PDU_PARAM));
                }
                self.smsc = args[0].clone();
                ok()
            }
            ("+CSMP", Form::Set(_)) => ok(),
            ("+CSMP", Form::Read) => one("+CSMP: 17,167,0,0".into()),
            ("+CSMS", Form::Set(_)) => {
                self.settings.csms = int_arg(&args, 0)
                    .filter(|v| *v <= 1)
                    .ok_or(Failure::Cms(CMS_NOT_SUPPORTED))?
                    as u8;
                one("+CSMS: 1,1,1".into())
            }
            ("+CSMS", Form::Read) => one(format!("+CSMS: {},1,1,1", self.settings.csms)),
            ("+CSMS", Form::Test) => one("+CSMS: (0,1)".into()),
            ("+CMMS", Form::Set(_)) => {
                self.settings.cmms = int_arg(&args, 0)
                    .filter(|v| *v <= 2)
                    .ok_or(Failure::Cms(CMS_INVALID_PDU_PARAM))?
                    as u8;
                ok()
            }
            ("+CMMS", Form::Read) => one(format!("+CMMS: {}", self.settings.cmms)),
            ("+CMMS", Form::Test) => one("+CMMS: (0-2)".into()),
            ("+CNMI", Form::Test) if sms_storage => one(p.cnmi_test.into()),
            ("+CNMI", Form::Read) if sms_storage => {
                let c = self.settings.cnmi;
                one(format!(
                    "+CNMI: {},{},{},{},{}",
                    c[0], c[1], c[2], c[3], c[4]
                ))
            }
            ("+CNMI", Form::Set(_)) if sms_storage => self.set_cnmi(&args),
            ("+CPMS", Form::Test) => one(p.cpms_test.into()),
            ("+CPMS", Form::Read) if sms_storage => {
                let mut s = String::from("+CPMS: ");
                for (i, m) in self.settings.mems.into_iter().enumerate() {
                    let (used, total) = self.counts(m);
                    if i > 0 {
                        s.push(',');
                    }
                    s.push_str(&format!("\"{m}\",{used},{total}"));
                }
                one(s)
            }
            ("+CPMS", Form::Set(_)) if sms_storage => self.set_cpms(&args),
            ("+CMGL", Form::Action | Form::Set(_)) if sms_storage => self.list(now, &args),
            ("+CMGL", Form::Test) => one("+CMGL: (0-4)".into()),
            ("+CMGR", Form::Set(_)) if sms_storage => self.read(now, &args),
            ("+CMGD", Form::Set(_)) => self.delete(now, &args),
            ("+CMGD", Form::Test) => one(format!(
                "+CMGD: ({}),(0-4)",
                self.indexes(self.settings.mems[0])
            )),
            ("+CMGS", Form::Set(_)) => {
                if !self.settings.pdu_mode {
                    return Err(Failure::Cms(CMS_NOT_SUPPORTED));
                }
                let len = tpdu_length(&args)?;
                Ok(Reply::Prompt(PromptFor::Send { len }))
            }
            ("+CMGW", Form::Set(_)) => {
                let len = tpdu_length(&args)?;
                let stat = int_arg(&args, 1).unwrap_or(2);
                if stat > 3 {
                    return Err(Failure::Cms(CMS_INVALID_PDU_PARAM));
                }
                Ok(Reply::Prompt(PromptFor::Write {
                    len,
                    stat: stat as u8,
                }))
            }
            ("+CMSS", Form::Set(_)) => self.send_stored(now, &args),
            ("+CNMA", Form::Action | Form::Set(_)) => self.acknowledge(now, &args),
            // Huawei: ^CURC=0 stops the periodic URCs (^RSSI, ^BOOT, …), ^CURC=1 restarts them.
            ("^CURC", Form::Set(_)) if p.periodic_urc.is_some() => match int_arg(&args, 0) {
                Some(v @ 0..=1) => {
                    self.settings.vendor_urcs = v == 1;
                    if v == 0 {
                        self.vendor_urc = None;
                    }
                    ok()
                }
                _ => Err(Failure::Cme(CME_INCORRECT_PARAMETERS)),
            },
            ("^CURC", Form::Read) if p.periodic_urc.is_some() => {
                one(format!("^CURC: {}", u8::from(self.settings.vendor_urcs)))
            }
            ("+CUSD", Form::Set(_)) => ok(),
            ("+CUSD", Form::Read) => one("+CUSD: 0".into()),
            ("+CLIP" | "+CRC" | "+CVHU" | "+CMER" | "+CLIR" | "+CSDH", Form::Set(_)) => ok(),
            ("+CNUM", Form::Action) => ok(),
            ("+CCLK", Form::Read) => {
                let t = timestamp(self.unix(now)).fields();
                one(format!(
                    "+CCLK: \"{:02}/{:02}/{:02},{:02}:{:02}:{:02}+00\"",
                    t.year, t.month, t.day, t.hour, t.minute, t.second
                ))
            }
            _ => Err(Failure::Unknown),
        }
    }

    fn set_cnmi(&mut self, args: &[String]) -> Result<Reply, Failure> {
        let mut c = self.settings.cnmi;
        // TS 27.005 §3.4.1 ranges: <mode> 0-3, <mt> 0-3, <bm> 0-3, <ds> 0-2, <bfr> 0-1.
        let max = [3, 3, 3, 2, 1];
        for (i, a) in args.iter().enumerate().take(5) {
            if a.is_empty() {
                continue;
            }
            let v: u8 = a.parse().map_err(|_| Failure::Cms(CMS_NOT_SUPPORTED))?;
            if v > max[i] {
                return Err(Failure::Cms(CMS_NOT_SUPPORTED));
            }
            c[i] = v;
        }
        let was_buffering = self.settings.cnmi[0] == 0;
        self.settings.cnmi = c;
        // <bfr> 1: "TA buffer of unsolicited result codes defined within this command is
        // cleared when <mode> 1...3 is entered".
        if was_buffering && c[0] != 0 && c[4] == 1 {
            self.urcs.retain(|u| matches!(u, Urc::Routed { .. }));
        }
        Ok(Reply::Lines(Vec::new()))
    }

    fn set_cpms(&mut self, args: &[String]) -> Result<Reply, Failure> {
        let mut mems = self.settings.mems;
        for (i, a) in args.iter().enumerate().take(3) {
            if a.is_empty() {
                continue;
            }
            let m: Memory = a.parse().map_err(|()| Failure::Cms(CMS_NOT_ALLOWED))?;
            // <mem2> (write/send) and <mem3> (receive) cannot be the report memory.
            if !self.memories.contains_key(&m) || (i > 0 && m == Memory::Sr) {
                return Err(Failure::Cms(CMS_NOT_ALLOWED));
            }
            mems[i] = m;
        }
        self.settings.mems = mems;
        let mut s = String::from("+CPMS: ");
        for (i, m) in mems.into_iter().enumerate() {
            let (used, total) = self.counts(m);
            if i > 0 {
                s.push(',');
            }
            s.push_str(&format!("{used},{total}"));
        }
        Ok(Reply::Lines(vec![s]))
    }

    fn counts(&self, m: Memory) -> (usize, u16) {
        self.memories
            .get(&m)
            .map_or((0, 0), |(cap, slots)| (slots.len(), *cap))
    }

    fn indexes(&self, m: Memory) -> String {
        let v: Vec<String> = self
            .memories
            .get(&m)
            .map(|(_, s)| s.keys().map(u16::to_string).collect())
            .unwrap_or_default();
        v.join(",")
    }

    fn list(&mut self, _now: Instant, args: &[String]) -> Result<Reply, Failure> {
        // PDU mode <stat>: 0 REC UNREAD (the default), 1 REC READ, 2 STO UNSENT, 3 STO
        // SENT, 4 ALL; the text-mode words are taken too.
        let stat = match args.first().map(|s| s.to_ascii_uppercase()) {
            None => 0,
            Some(s) => match s.as_str() {
                "" | "0" | "REC UNREAD" => 0,
                "1" | "REC READ" => 1,
                "2" | "STO UNSENT" => 2,
                "3" | "STO SENT" => 3,
                "4" | "ALL" => 4,
                _ => return Err(Failure::Cms(CMS_INVALID_PDU_PARAM)),
            },
        };
        let mem = self.settings.mems[0];
        let mut lines = Vec::new();
        let mut read = Vec::new();
        if let Some((_, slots)) = self.memories.get_mut(&mem) {
            for (&i, slot) in slots.iter_mut() {
                if stat != 4 && slot.stat != stat {
                    continue;
                }
                lines.push(format!("+CMGL: {i},{},,{}", slot.stat, slot.pdu.tpdu_len));
                lines.push(slot.pdu.hex());
                if slot.stat == 0 {
                    slot.stat = 1;
                }
                read.push((i, slot.kind));
            }
        }
        for (index, kind) in read {
            self.note_read(mem, index, kind);
        }
        Ok(Reply::Lines(lines))
    }

    fn note_read(&mut self, mem: Memory, index: u16, kind: MessageKind) {
        self.stats.read += 1;
        self.events.push_back(Event::Read { mem, index, kind });
    }

    fn read(&mut self, _now: Instant, args: &[String]) -> Result<Reply, Failure> {
        let index = int_arg(args, 0).ok_or(Failure::Cms(CMS_INVALID_INDEX))?;
        let mem = self.settings.mems[0];
        let slot = self
            .memories
            .get_mut(&mem)
            .and_then(|(_, s)| s.get_mut(&(index as u16)))
            .filter(|_| index <= u32::from(u16::MAX))
            .ok_or(Failure::Cms(CMS_INVALID_INDEX))?;
        let lines = vec![
            format!("+CMGR: {},,{}", slot.stat, slot.pdu.tpdu_len),
            slot.pdu.hex(),
        ];
        if slot.stat == 0 {
            slot.stat = 1;
        }
        let kind = slot.kind;
        self.note_read(mem, index as u16, kind);
        Ok(Reply::Lines(lines))
    }

    fn delete(&mut self, _now: Instant, args: &[String]) -> Result<Reply, Failure> {
        let index = int_arg(args, 0).ok_or(Failure::Cms(CMS_INVALID_INDEX))?;
        let flag = int_arg(args, 1).unwrap_or(0);
        let mem = self.settings.mems[0];
        let Some((_, slots)) = self.memories.get_mut(&mem) else {
            return Err(Failure::Cms(CMS_NOT_ALLOWED));
        };
        // TS 27.005 §3.5.4 <delflag>: 0 the index; 1 all read; 2 read and sent; 3 read,
        // sent and unsent; 4 all.
        let doomed: Vec<u16> = slots
            .iter()
            .filter(|(i, s)| match flag {
                0 => u32::from(**i) == index,
                1 => s.stat == 1,
                2 => s.stat == 1 || s.stat == 3,
                3 => s.stat != 0,
                _ => true,
            })
            .map(|(i, _)| *i)
            .collect();
        if flag > 4 {
            return Err(Failure::Cms(CMS_INVALID_PDU_PARAM));
        }
        let mut gone = Vec::new();
        for i in doomed {
            if let Some(s) = slots.remove(&i) {
                gone.push((i, s.kind));
            }
        }
        for (index, kind) in gone {
            self.stats.deleted += 1;
            self.events.push_back(Event::Deleted { mem, index, kind });
        }
        // A freed slot lets waiting messages in (memory available).
        self.full_reported = false;
        Ok(Reply::Lines(Vec::new()))
    }

    fn acknowledge(&mut self, _now: Instant, args: &[String]) -> Result<Reply, Failure> {
        // TS 27.005 §3.4.4: +CNMA only when +CSMS <service> is 1 and a +CMT/+CDS waits.
        let Some((incoming, Some(_))) = &self.awaiting_ack else {
            return Err(Failure::Cms(CMS_NO_CNMA_EXPECTED));
        };
        let kind = incoming.kind;
        let n = int_arg(args, 0).unwrap_or(0);
        // "+CNMA[=<n>[,<length>[<CR>PDU is given<ctrl-Z/ESC>]]]": with a <length> the
        // SMS-DELIVER-REPORT TPDU follows after the prompt.
        if let Some(len) = int_arg(args, 1).filter(|l| *l > 0) {
            if !(1..=2).contains(&n) || len > 164 {
                return Err(Failure::Cms(CMS_INVALID_PDU_PARAM));
            }
            return Ok(Reply::Prompt(PromptFor::Ack {
                n,
                len: len as usize,
            }));
        }
        self.settle_ack(n, kind)
    }

    /// Carries out `+CNMA=<n>`: 0 or 1 RP-ACK, 2 RP-ERROR (the network sends it again).
    fn settle_ack(&mut self, n: u32, kind: MessageKind) -> Result<Reply, Failure> {
        match n {
            0 | 1 => {
                self.awaiting_ack = None;
                self.events.push_back(Event::Acknowledged { kind });
            }
            2 => {
                // RP-ERROR: the network keeps it and tries again.
                if let Some((incoming, _)) = self.awaiting_ack.take() {
                    self.network.push_back(incoming);
                }
            }
            _ => return Err(Failure::Cms(CMS_INVALID_PDU_PARAM)),
        }
        Ok(Reply::Lines(Vec::new()))
    }

    fn send_stored(&mut self, now: Instant, args: &[String]) -> Result<Reply, Failure> {
        let index = int_arg(args, 0).ok_or(Failure::Cms(CMS_INVALID_INDEX))?;
        let mem = self.settings.mems[1];
        let pdu = self
            .memories
            .get(&mem)
            .and_then(|(_, s)| s.get(&(index as u16)))
            .filter(|s| s.kind == MessageKind::Submit)
            .map(|s| s.pdu.clone())
            .ok_or(Failure::Cms(CMS_INVALID_INDEX))?;
        let mr = self.submit(now, &pdu.bytes, pdu.tpdu_len)?;
        if let Some(slot) = self
            .memories
            .get_mut(&mem)
            .and_then(|(_, s)| s.get_mut(&(index as u16)))
        {
            slot.stat = 3;
        }
        Ok(Reply::Lines(vec![format!("+CMSS: {mr}")]))
    }

    fn finish_prompt(&mut self, now: Instant, purpose: PromptFor, hex: &str) {
        let result = (|| {
            let bytes = parse_hex(hex).ok_or(Failure::Cms(CMS_INVALID_PDU_PARAM))?;
            match purpose {
                PromptFor::Send { len } => {
                    let mr = self.submit(now, &bytes, len)?;
                    Ok(Some(format!("+CMGS: {mr}")))
                }
                PromptFor::Write { len, stat } => {
                    let tpdu_len = checked_tpdu_len(&bytes, len)?;
                    decode_with_smsc(
                        &bytes,
                        Direction::MobileOriginated,
                        DecodeOptions::lenient(),
                    )
                    .map_err(|_| Failure::Cms(CMS_INVALID_PDU_PARAM))?;
                    let mem = self.settings.mems[1];
                    let index = self.store(
                        mem,
                        Slot {
                            stat,
                            pdu: Pdu { bytes, tpdu_len },
                            kind: MessageKind::Submit,
                        },
                    )?;
                    Ok(Some(format!("+CMGW: {index}")))
                }
                PromptFor::Ack { n, len } => {
                    if bytes.len() != len {
                        return Err(Failure::Cms(CMS_INVALID_PDU_PARAM));
                    }
                    // TS 27.005 §3.4.4: the PDU is the TPDU alone, no SMSC address.
                    match gsm_pdu::decode(
                        &bytes,
                        Direction::MobileOriginated,
                        DecodeOptions::lenient(),
                    ) {
                        Ok(d) if matches!(d.tpdu, Tpdu::DeliverReport(_)) => {}
                        _ => return Err(Failure::Cms(CMS_INVALID_PDU_PARAM)),
                    }
                    let Some((incoming, Some(_))) = &self.awaiting_ack else {
                        return Err(Failure::Cms(CMS_NO_CNMA_EXPECTED));
                    };
                    let kind = incoming.kind;
                    self.settle_ack(n, kind)?;
                    Ok(None)
                }
            }
        })();
        match result {
            Ok(line) => {
                if let Some(line) = line {
                    self.write_line(now, &line);
                }
                self.finish_reply(now, Ok(()));
            }
            Err(f) => self.finish_reply(now, Err(f)),
        }
    }

    /// Takes an SMS-SUBMIT (SMSC address + TPDU): checks it, assigns TP-MR, reports it.
    fn submit(&mut self, now: Instant, bytes: &[u8], len: usize) -> Result<u8, Failure> {
        let fail = |this: &mut Self, code: u16, reason: String| {
            this.stats.submit_failed += 1;
            this.events.push_back(Event::SubmitFailed { code, reason });
            Failure::Cms(code)
        };
        if let Err(f) = checked_tpdu_len(bytes, len) {
            let reason = format!(
                "AT+CMGS={len} but the PDU holds {} octets after its SMSC address",
                bytes
                    .len()
                    .saturating_sub(1 + usize::from(bytes.first().copied().unwrap_or(0)))
            );
            let Failure::Cms(code) = f else { return Err(f) };
            return Err(fail(self, code, reason));
        }
        let decoded =
            match decode_with_smsc(bytes, Direction::MobileOriginated, DecodeOptions::lenient()) {
                Ok(d) => d,
                Err(e) => return Err(fail(self, CMS_INVALID_PDU_PARAM, e.to_string())),
            };
        let Tpdu::Submit(s) = decoded.tpdu else {
            let name = decoded.tpdu.type_name();
            return Err(fail(
                self,
                CMS_NOT_SUPPORTED,
                format!("{name} is not emulated"),
            ));
        };
        self.cmgs_count += 1;
        if self.cfg.faults.has(Fault::CmsError) && self.cmgs_count.is_multiple_of(3) {
            return Err(fail(
                self,
                CMS_NETWORK_TIMEOUT,
                "fault cms-error: network timeout".into(),
            ));
        }
        self.last_mr = self.last_mr.wrapping_add(1);
        let mr = self.last_mr;
        let to = number(&s.da);
        let text = s.text().ok().flatten();
        let concat = s.ud.header().and_then(|h| h.concat());
        let (reference, parts, part) = match concat {
            Some(c) => (Some(c.reference), c.total, c.seq),
            None => (None, 1, 1),
        };
        let message = match (concat, &text) {
            (None, t) => t.clone(),
            (Some(c), Some(t)) => {
                let at = now.saturating_duration_since(self.start);
                match self
                    .concat
                    .push(at, (to.clone(), c.reference), c, t.clone())
                {
                    gsm7::Pushed::Complete(p) => Some(p.concat()),
                    _ => None,
                }
            }
            (Some(_), None) => None,
        };
        self.stats.submitted += 1;
        self.events.push_back(Event::Submitted(Submitted {
            to,
            text,
            mr,
            part,
            parts,
            reference,
            report_requested: s.srr,
            dcs: s.dcs.0,
            message,
        }));
        if s.srr {
            if self.awaiting_report.len() >= MAX_AWAITING_REPORTS {
                // Bounded: the oldest request is forgotten (its report never comes, as when
                // an SMSC drops one).
                self.awaiting_report.remove(0);
            }
            self.awaiting_report.push(AwaitingReport {
                mr,
                recipient: s.da.into_owned(),
                submitted_unix: self.unix(now),
                due: self.cfg.report_delay.map(|d| now + d),
            });
        }
        Ok(mr)
    }

    // ---- storage and routing ------------------------------------------------------------

    fn store(&mut self, mem: Memory, slot: Slot) -> Result<u16, Failure> {
        let (cap, slots) = self
            .memories
            .get_mut(&mem)
            .ok_or(Failure::Cms(CMS_NOT_ALLOWED))?;
        let index = (1..=*cap)
            .find(|i| !slots.contains_key(i))
            .ok_or(Failure::Cms(CMS_MEMORY_FULL))?;
        let kind = slot.kind;
        slots.insert(index, slot);
        self.events.push_back(Event::Stored { mem, index, kind });
        Ok(index)
    }

    /// Moves what the network holds into the device, and writes URCs when the line allows.
    fn pump(&mut self, now: Instant) {
        if self.booting_until.is_none() {
            while let Some(incoming) = self.network.pop_front() {
                if let Err(incoming) = self.accept(incoming) {
                    self.network.push_front(incoming);
                    break;
                }
            }
        }
        if self.urc_ready_at().is_some_and(|t| now >= t)
            && let Some(urc) = self.urcs.pop_front()
        {
            self.write_urc(now, urc);
        } else if self.vendor_urc_ready_at().is_some_and(|t| now >= t)
            && let Some(line) = self.vendor_urc.take()
        {
            self.write_urc(now, Urc::Line(line));
        }
    }

    /// The device takes one TPDU from the network, or gives it back.
    fn accept(&mut self, incoming: Incoming) -> Result<(), Incoming> {
        let c = self.settings.cnmi;
        let (route, indicate) = match incoming.kind {
            MessageKind::StatusReport => (c[3] == 1, c[3] == 2),
            _ => (c[1] == 2, c[1] == 1 || c[1] == 3),
        };
        if route {
            // "ME/TA shall not send another +CMT unsolicited result code to TE before
            // previous one is acknowledged" (TS 27.005 §3.4.1).
            let needs_ack = self.settings.csms == 1;
            if needs_ack && self.awaiting_ack.is_some() {
                return Err(incoming);
            }
            let head = match incoming.kind {
                MessageKind::StatusReport => format!("+CDS: {}", incoming.pdu.tpdu_len),
                _ => format!("+CMT: ,{}", incoming.pdu.tpdu_len),
            };
            if needs_ack {
                self.awaiting_ack = Some((incoming.clone(), None));
            }
            self.urcs.push_back(Urc::Routed { head, incoming });
            return Ok(());
        }
        let mem = match (incoming.kind, self.cfg.profile.report_storage) {
            (MessageKind::StatusReport, ReportStorage::StatusReportMemory)
                if self.memories.contains_key(&Memory::Sr) =>
            {
                Memory::Sr
            }
            _ => self.settings.mems[2],
        };
        let kind = incoming.kind;
        let slot = Slot {
            stat: 0,
            pdu: incoming.pdu,
            kind,
        };
        match self.store(mem, slot.clone()) {
            Ok(index) => {
                if indicate {
                    let urc = match kind {
                        MessageKind::StatusReport => format!("+CDSI: \"{mem}\",{index}"),
                        _ => format!("+CMTI: \"{mem}\",{index}"),
                    };
                    self.urcs.push_back(Urc::Line(urc));
                }
                Ok(())
            }
            Err(_) => {
                if !self.full_reported {
                    self.full_reported = true;
                    self.events.push_back(Event::StorageFull { mem });
                }
                Err(Incoming {
                    kind,
                    pdu: slot.pdu,
                })
            }
        }
    }

    /// When the next URC may be written, if one waits.
    fn urc_ready_at(&self) -> Option<Instant> {
        if self.urcs.is_empty() || self.settings.cnmi[0] == 0 {
            return None;
        }
        self.line_free_at()
    }

    /// When the pending vendor URC may be written (`+CNMI` does not hold those).
    fn vendor_urc_ready_at(&self) -> Option<Instant> {
        self.vendor_urc.as_ref()?;
        self.line_free_at()
    }

    /// When the line is free for a URC: no prompt, no half-typed command, quiet for
    /// [`Config::urc_quiet`], [`Config::urc_spacing`] after the last URC.
    fn line_free_at(&self) -> Option<Instant> {
        if self.prompt.is_some() || self.booting_until.is_some() || !self.input.is_empty() {
            return None;
        }
        let mut t = self.last_io + self.cfg.urc_quiet;
        if let Some(last) = self.last_urc {
            t = t.max(last + self.cfg.urc_spacing);
        }
        if self.cfg.faults.has(Fault::UrcInReply) {
            // Held for the next reply; written alone only after 5 s without a command.
            t = t.max(self.last_command + Duration::from_secs(5));
        }
        Some(t)
    }

    fn write_urc(&mut self, now: Instant, urc: Urc) {
        self.last_urc = Some(now);
        match urc {
            Urc::Line(l) => self.write_line(now, &l),
            Urc::Routed { head, incoming } => {
                // TS 27.005 §3.4.1: "+CMT: [<alpha>],<length><CR><LF><pdu>".
                let pdu = incoming.pdu.hex();
                let bytes = format!("\r\n{head}\r\n{pdu}\r\n").into_bytes();
                self.events.push_back(Event::Line {
                    dir: LineDirection::Out,
                    line: head,
                });
                self.write_raw(now, bytes, Some(&pdu));
                self.events.push_back(Event::Routed {
                    kind: incoming.kind,
                });
                if let Some((_, deadline)) = &mut self.awaiting_ack
                    && deadline.is_none()
                {
                    *deadline = Some(now + self.cfg.ack_timeout);
                }
            }
        }
    }
}

fn own(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|s| s.to_string()).collect()
}

fn registration(name: &str, n: u8) -> String {
    match n {
        2 => format!("{name}: 2,1,\"00C3\",\"0010A5B3\",2"),
        n => format!("{name}: {n},1"),
    }
}

/// `<length>` of `AT+CMGS` / `AT+CMGW` (1..=164 octets, TS 27.005 §3.5.1 / TS 23.040).
fn tpdu_length(args: &[String]) -> Result<usize, Failure> {
    int_arg(args, 0)
        .filter(|l| (7..=164).contains(l))
        .map(|l| l as usize)
        .ok_or(Failure::Cms(CMS_INVALID_PDU_PARAM))
}

/// TS 27.005 §3.5.1: "<length> must indicate the number of octets coded in the TP layer data
/// unit to be given (i.e. SMSC address octets are excluded)".
fn checked_tpdu_len(bytes: &[u8], len: usize) -> Result<usize, Failure> {
    let sca = 1 + usize::from(*bytes.first().ok_or(Failure::Cms(CMS_INVALID_PDU_PARAM))?);
    if bytes.len() != sca + len {
        return Err(Failure::Cms(CMS_INVALID_PDU_PARAM));
    }
    Ok(len)
}

#[cfg(test)]
mod tests;
