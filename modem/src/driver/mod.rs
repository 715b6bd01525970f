//! The sans-IO modem driver: bytes from the modem in, command bytes out, events up, time
//! passed in.
//!
//! ```text
//!  handle_input(now, bytes) ──► Framer ──► frames ──► reply of the command in flight
//!                                              └────► URCs (+CMTI, +CMT, +CDS, +CDSI, RDY…)
//!  send(now, to, text) ──► SMS-SUBMITs ──► command queue ──► poll_transmit() ──► modem
//!  ack(now, id) ──► AT+CMGD / AT+CNMA ──┘                 one command in flight, each
//!  handle_timeout(now) ◄── poll_timeout()                   with its own deadline
//!                                        poll_event() ──► Ready, Sent, Received, Report…
//! ```
//!
//! After every `handle_*` call and every request, drain [`Modem::poll_transmit`] (write the
//! bytes to the modem), then [`Modem::poll_event`], then ask [`Modem::poll_timeout`] when to
//! call [`Modem::handle_timeout`].

mod inbound;
mod init;
mod parse;
mod send;

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use gsm_pdu::DecodeOptions;

use crate::error::{ModemError, RequestError};
use crate::framer::{Expect, Final, Frame, Framer, command_prefix};
use crate::profile::Profile;
use crate::urc::{Urc, to_hex};

use inbound::Inbound;
pub use inbound::{ReceivedSms, StatusReportEvent};
use init::InitStep;

/// The driver's settings.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// The device family's quirks.
    pub profile: Profile,
    /// The SIM PIN, entered when `AT+CPIN?` asks for it.
    pub pin: Option<String>,
    /// The storage for received messages (`<mem1>`…`<mem3>` of `AT+CPMS`), `"SM"` by default.
    pub storage: String,
    /// Timeout of an ordinary command.
    pub command_timeout: Duration,
    /// How long to wait for the `> ` prompt before sending ESC.
    pub prompt_timeout: Duration,
    /// Timeout of `AT+CMGS` once the PDU is sent (the network round trip).
    pub send_timeout: Duration,
    /// Attempts per part for errors of [`RetryClass::Transient`](crate::RetryClass::Transient)
    /// before giving up.
    pub send_attempts: u8,
    /// Interval of the `AT+CMGL=4` sweeps that catch what URCs missed.
    pub sweep_interval: Duration,
    /// How long after a part was sent a status report may still be matched to it.
    pub report_window: Duration,
    /// How long a `+CMT`/`+CDS` waits for the host's [`Modem::ack`] before the driver stops
    /// waiting (the network then redelivers it; `AT+CNMI` is set again).
    pub direct_ack_timeout: Duration,
    /// Pause before retrying when the SIM or device is busy.
    pub busy_pause: Duration,
    /// Prefer `+CMT` (routed directly) over `+CMTI` (stored, survives a host crash).
    pub prefer_direct: bool,
    /// How received PDUs are decoded (lenient by default: real SIMs pad and bend).
    pub decode: DecodeOptions,
    /// Limits of the long-message reassembly.
    pub reassembly: gsm7::ReassemblyConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            profile: Profile::generic(),
            pin: None,
            storage: "SM".into(),
            command_timeout: Duration::from_secs(5),
            prompt_timeout: Duration::from_secs(10),
            send_timeout: Duration::from_secs(60),
            send_attempts: 3,
            sweep_interval: Duration::from_secs(60),
            report_window: Duration::from_secs(3 * 24 * 3600),
            direct_ack_timeout: Duration::from_secs(10),
            busy_pause: Duration::from_secs(1),
            prefer_direct: false,
            decode: DecodeOptions::lenient(),
            reassembly: gsm7::ReassemblyConfig::default(),
        }
    }
}

/// Identifies a message passed to [`Modem::send`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SendId(pub u64);

/// Identifies a received message or status report until the host acknowledges it with
/// [`Modem::ack`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InboundId(pub u64);

/// What happened to one part of a sent message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartOutcome {
    /// The TP-MR from `+CMGS: <mr>`, when the part was accepted.
    pub mr: Option<u8>,
    /// Why the part failed, when it did.
    pub error: Option<ModemError>,
}

/// What the modem said about itself (`AT+CGMI`, `AT+CGMM`, `AT+CGMR`, `AT+CGSN`, `AT+CIMI`,
/// `AT+CSCA?`, `AT+CSQ`, `AT+CPMS?`); `None` for what it did not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ModemInfo {
    /// `AT+CGMI`.
    pub manufacturer: Option<String>,
    /// `AT+CGMM`.
    pub model: Option<String>,
    /// `AT+CGMR`.
    pub revision: Option<String>,
    /// `AT+CGSN`.
    pub imei: Option<String>,
    /// `AT+CIMI`.
    pub imsi: Option<String>,
    /// `AT+CSCA?`.
    pub smsc: Option<String>,
    /// `<rssi>` of `AT+CSQ` (0–31).
    pub signal: Option<u8>,
    /// Used and total slots of the receive storage.
    pub storage: Option<(u32, u32)>,
}

/// What start-up found out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Capabilities {
    /// The modem answered in V0 (numeric) form before `ATV1`.
    pub numeric_results: bool,
    /// `AT+CMEE` level in force (0 when refused).
    pub cmee: u8,
    /// `AT+CSMS=1` accepted: `+CMT`/`+CDS` need `+CNMA`.
    pub csms_phase2_plus: bool,
    /// The SMSC from `AT+CSCA?`.
    pub smsc: Option<String>,
    /// Memories `AT+CPMS` took (1–3 of them); empty when it refused all.
    pub storage: Vec<String>,
    /// Used and total slots of `<mem3>` (where new messages go).
    pub storage_usage: Option<(u32, u32)>,
    /// Memories that can be listed (`<mem1>` choices from `AT+CPMS=?`).
    pub readable_memories: Vec<String>,
    /// The `AT+CNMI=` parameters accepted, if any.
    pub cnmi: Option<String>,
    /// `AT+CMMS` accepted (`None`: not tried yet).
    pub cmms: Option<bool>,
}

/// What the driver tells its host.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// Start-up (or re-initialisation) finished.
    Ready(Capabilities),
    /// Every part of a message has an outcome.
    Sent {
        /// The id [`Modem::send`] returned.
        id: SendId,
        /// One outcome per part, in order.
        parts: Vec<PartOutcome>,
    },
    /// A message arrived (long messages reassembled). Acknowledge it with [`Modem::ack`]
    /// once saved: only then is it deleted from the modem.
    Received(ReceivedSms),
    /// A status report arrived. Acknowledge it like a message.
    Report(StatusReportEvent),
    /// The answer to [`Modem::request_info`].
    Info(ModemInfo),
    /// The modem restarted; the driver re-initialises it.
    Restarted,
    /// The modem says its message storage is full; the driver sweeps it.
    StorageFull {
        /// Used and total slots, when known.
        usage: Option<(u32, u32)>,
    },
    /// The modem cannot be used (PIN needed and none given, PDU mode refused…). Nothing
    /// further is sent; messages queued fail.
    Unusable(String),
}

/// Where a received PDU is held until the host acknowledges it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Location {
    /// In the modem's storage.
    Stored { mem: String, index: u32 },
    /// Routed with `+CMT`/`+CDS`, awaiting `+CNMA` until the deadline.
    Direct { deadline: Instant },
    /// Held in the driver's memory only (acknowledged already, or too late to).
    Held,
}

#[derive(Clone, Debug)]
enum Purpose {
    Init(InitStep),
    Info(InfoField),
    SelectMem(String),
    Cmms,
    Part { send: u64, part: usize },
    Read { mem: String, index: u32 },
    List { mem: String },
    Delete { mem: String, index: u32 },
    Cnma,
    StorageQuery,
    Cnmi,
    Health,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InfoField {
    Manufacturer,
    Model,
    Revision,
    Imei,
    Imsi,
    Smsc,
    Signal,
    Storage,
}

#[derive(Clone, Debug)]
struct Cmd {
    line: String,
    /// SMSC octet(s) and TPDU, sent as hex after the prompt.
    pdu: Option<Vec<u8>>,
    timeout: Duration,
    purpose: Purpose,
}

impl Cmd {
    fn new(line: impl Into<String>, purpose: Purpose, timeout: Duration) -> Self {
        Self {
            line: line.into(),
            pdu: None,
            timeout,
            purpose,
        }
    }

    /// The storage this command works on through `<mem1>`.
    fn memory(&self) -> Option<&str> {
        match &self.purpose {
            Purpose::Read { mem, .. } | Purpose::List { mem } | Purpose::Delete { mem, .. } => {
                Some(mem)
            }
            _ => None,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Prompt {
    None,
    Waiting,
    Sent,
}

#[derive(Debug)]
struct InFlight {
    cmd: Cmd,
    deadline: Instant,
    lines: Vec<String>,
    prompt: Prompt,
}

#[derive(Debug)]
struct SendState {
    recipient: String,
    parts: Vec<Option<PartOutcome>>,
    attempts: Vec<u8>,
}

/// A reply, complete.
#[derive(Debug)]
struct Reply {
    lines: Vec<String>,
    result: Result<(), ModemError>,
    /// The PDU was written after the prompt.
    pdu_sent: bool,
}

/// The sans-IO AT-command modem driver. See the module docs for the drain rule.
///
/// ```
/// use std::time::Instant;
/// use modem::{Config, Event, Modem};
/// let now = Instant::now();
/// let mut m = Modem::new(Config::default(), now);
/// // The first thing it writes is a probe.
/// assert_eq!(m.poll_transmit().as_deref(), Some(&b"AT\r"[..]));
/// m.handle_input(now, b"\r\nOK\r\n");
/// assert_eq!(m.poll_transmit().as_deref(), Some(&b"ATE0V1\r"[..]));
/// ```
#[derive(Debug)]
pub struct Modem {
    config: Config,
    framer: Framer,
    epoch: Instant,
    queue: VecDeque<Cmd>,
    inflight: Option<InFlight>,
    init: Option<init::Init>,
    unusable: Option<String>,
    paused_until: Option<Instant>,
    tx: VecDeque<Vec<u8>>,
    events: VecDeque<Event>,
    caps: Capabilities,
    mem1: Option<String>,
    next_sweep: Option<Instant>,
    /// A sweep is wanted before the periodic one (a delete failed).
    sweep_soon: bool,
    next_send: u64,
    sends: HashMap<u64, SendState>,
    info: Option<ModemInfo>,
    inbound: Inbound,
}

impl Modem {
    /// A driver that starts initialising the modem at `now`.
    pub fn new(config: Config, now: Instant) -> Self {
        let framer = Framer::new(config.profile.clone());
        let inbound = Inbound::new(&config);
        let mut m = Self {
            config,
            framer,
            epoch: now,
            queue: VecDeque::new(),
            inflight: None,
            init: None,
            unusable: None,
            paused_until: None,
            tx: VecDeque::new(),
            events: VecDeque::new(),
            caps: Capabilities::default(),
            mem1: None,
            next_sweep: None,
            sweep_soon: false,
            next_send: 0,
            sends: HashMap::new(),
            info: None,
            inbound,
        };
        m.start_init(now);
        m.pump(now);
        m
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// What start-up found out so far.
    pub fn capabilities(&self) -> &Capabilities {
        &self.caps
    }

    /// Whether start-up has finished and the modem is usable.
    pub fn is_ready(&self) -> bool {
        self.init.is_none() && self.unusable.is_none()
    }

    /// Messages sent or queued whose outcome is not yet known.
    pub fn pending_sends(&self) -> usize {
        self.sends.len()
    }

    /// Received messages and reports the host has not acknowledged yet.
    pub fn pending_acks(&self) -> usize {
        self.inbound.pending_acks()
    }

    /// The host has saved the message or report `id`: it is deleted from the modem's storage
    /// (`AT+CMGD`) or acknowledged to the network (`AT+CNMA`).
    pub fn ack(&mut self, now: Instant, id: InboundId) -> Result<(), RequestError> {
        let locations = self
            .inbound
            .take_ack(id)
            .ok_or(RequestError::UnknownInbound(id.0))?;
        self.release(now, locations);
        self.pump(now);
        Ok(())
    }

    /// Deletes stored PDUs and acknowledges direct ones.
    fn release(&mut self, now: Instant, locations: Vec<Location>) {
        for loc in locations {
            match loc {
                Location::Stored { mem, index } => self.queue.push_back(Cmd::new(
                    format!("AT+CMGD={index}"),
                    Purpose::Delete { mem, index },
                    self.config.command_timeout,
                )),
                Location::Direct { deadline } => {
                    if now < deadline && self.caps.csms_phase2_plus {
                        self.queue_cnma_front();
                    }
                }
                Location::Held => {}
            }
        }
    }

    /// Asks the modem for its identity, SMSC, signal and storage; answered with
    /// [`Event::Info`].
    pub fn request_info(&mut self, now: Instant) {
        let t = self.config.command_timeout;
        for (line, field) in [
            ("AT+CGMI", InfoField::Manufacturer),
            ("AT+CGMM", InfoField::Model),
            ("AT+CGMR", InfoField::Revision),
            ("AT+CGSN", InfoField::Imei),
            ("AT+CIMI", InfoField::Imsi),
            ("AT+CSCA?", InfoField::Smsc),
            ("AT+CSQ", InfoField::Signal),
            ("AT+CPMS?", InfoField::Storage),
        ] {
            self.queue
                .push_back(Cmd::new(line, Purpose::Info(field), t));
        }
        self.info = Some(ModemInfo::default());
        self.pump(now);
    }

    /// Bytes to write to the modem, in order.
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        self.tx.pop_front()
    }

    /// The next event for the host.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When [`Modem::handle_timeout`] wants to be called.
    pub fn poll_timeout(&self) -> Option<Instant> {
        let mut t: Option<Instant> = None;
        let mut consider = |x: Option<Instant>| {
            if let Some(x) = x {
                t = Some(t.map_or(x, |t| t.min(x)));
            }
        };
        consider(self.inflight.as_ref().map(|f| f.deadline));
        if self.inflight.is_none() {
            consider(self.paused_until);
            if self.init.is_none() && self.unusable.is_none() {
                consider(self.next_sweep);
            }
        }
        consider(self.inbound.next_deadline());
        t
    }

    /// Bytes read from the modem at `now`.
    pub fn handle_input(&mut self, now: Instant, bytes: &[u8]) {
        self.framer.push(bytes);
        while let Some(frame) = self.framer.next_frame() {
            self.handle_frame(now, frame);
        }
        self.pump(now);
    }

    /// Time passed: deadlines due at `now` fire.
    pub fn handle_timeout(&mut self, now: Instant) {
        if let Some(f) = &self.inflight
            && now >= f.deadline
        {
            self.command_timed_out(now);
        }
        if self.paused_until.is_some_and(|p| now >= p) {
            self.paused_until = None;
        }
        if self.inflight.is_none()
            && self.init.is_none()
            && self.unusable.is_none()
            && self.next_sweep.is_some_and(|s| now >= s)
        {
            self.queue_sweep();
            self.next_sweep = Some(now + self.config.sweep_interval);
        }
        if self.inbound.expire_direct(now) && self.caps.cnmi.is_some() {
            // TS 27.005 §3.4.4: without +CNMA in time the ME "shall automatically disable
            // routing to TE by setting both <mt> and <ds> values of +CNMI to zero".
            let line = format!("AT+CNMI={}", self.caps.cnmi.clone().unwrap_or_default());
            self.queue
                .push_front(Cmd::new(line, Purpose::Cnmi, self.config.command_timeout));
        }
        self.pump(now);
    }

    fn elapsed(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.epoch)
    }

    fn queue_cnma_front(&mut self) {
        let line = self.config.profile.cnma_command();
        let cmd = Cmd::new(line, Purpose::Cnma, self.config.command_timeout);
        if self.init.is_some() {
            self.queue.push_back(cmd);
        } else {
            self.queue.push_front(cmd);
        }
    }

    fn queue_sweep(&mut self) {
        for mem in self.inbound.sweep_memories(&self.caps) {
            self.queue.push_back(Cmd::new(
                "AT+CMGL=4",
                Purpose::List { mem },
                self.config.command_timeout,
            ));
        }
        if !self.caps.storage.is_empty() {
            self.queue.push_back(Cmd::new(
                "AT+CPMS?",
                Purpose::StorageQuery,
                self.config.command_timeout,
            ));
        }
    }

    /// Sends the next command when none is in flight.
    fn pump(&mut self, now: Instant) {
        if self.inflight.is_some() || self.unusable.is_some() {
            return;
        }
        if self.paused_until.is_some_and(|p| now < p) {
            return;
        }
        self.paused_until = None;
        if self.init.is_none() && self.queue.is_empty() && self.sweep_soon {
            self.sweep_soon = false;
            self.queue_sweep();
        }
        let next = match &mut self.init {
            Some(init) => init.pending.pop_front(),
            None => self.queue.pop_front(),
        };
        let Some(cmd) = next else {
            return;
        };
        if let Some(mem) = cmd.memory()
            && self.mem1.as_deref() != Some(mem)
            && !self.caps.storage.is_empty()
        {
            let select = Cmd::new(
                format!("AT+CPMS=\"{mem}\""),
                Purpose::SelectMem(mem.to_owned()),
                self.config.command_timeout,
            );
            match &mut self.init {
                Some(init) => {
                    init.pending.push_front(cmd);
                    init.pending.push_front(select);
                }
                None => {
                    self.queue.push_front(cmd);
                    self.queue.push_front(select);
                }
            }
            return self.pump(now);
        }
        self.dispatch(now, cmd);
    }

    fn dispatch(&mut self, now: Instant, cmd: Cmd) {
        let prompt = cmd.pdu.is_some();
        self.framer.begin(Expect {
            echo: cmd.line.clone(),
            pdu: cmd.pdu.as_deref().map(to_hex),
            prefix: command_prefix(&cmd.line),
            prompt,
        });
        let mut bytes = cmd.line.clone().into_bytes();
        bytes.push(b'\r');
        self.tx.push_back(bytes);
        self.inflight = Some(InFlight {
            deadline: now + cmd.timeout,
            cmd,
            lines: Vec::new(),
            prompt: if prompt {
                Prompt::Waiting
            } else {
                Prompt::None
            },
        });
    }

    fn handle_frame(&mut self, now: Instant, frame: Frame) {
        match frame {
            Frame::Echo(_) | Frame::Discarded(_) => {}
            Frame::Prompt => {
                if let Some(f) = &mut self.inflight
                    && f.prompt == Prompt::Waiting
                    && let Some(pdu) = &f.cmd.pdu
                {
                    // TS 27.005 §3.5.1: "the PDU shall be given ... ended with <ctrl-Z>".
                    let mut bytes = to_hex(pdu).into_bytes();
                    bytes.push(0x1A);
                    self.tx.push_back(bytes);
                    f.prompt = Prompt::Sent;
                    f.deadline = now + self.config.send_timeout;
                }
            }
            Frame::Info(line) => match &mut self.inflight {
                Some(f) => f.lines.push(line),
                None => {
                    let u = self.framer.urc(line);
                    self.handle_urc(now, u);
                }
            },
            Frame::Final(result) => {
                if self.inflight.is_some() {
                    let result = match result {
                        Final::Ok | Final::Connect => Ok(()),
                        Final::Error(e) => Err(e),
                    };
                    self.complete(now, result);
                }
            }
            Frame::Urc(u) => self.handle_urc(now, u),
        }
    }

    fn handle_urc(&mut self, now: Instant, urc: Urc) {
        match urc {
            Urc::Restart(_) => {
                // During start-up the device's own start-up lines are expected.
                if self.init.is_none() && self.unusable.is_none() {
                    self.restarted(now);
                }
            }
            Urc::StorageFull(_) => {
                self.events.push_back(Event::StorageFull {
                    usage: self.caps.storage_usage,
                });
                if self.init.is_none() {
                    self.queue_sweep();
                }
            }
            Urc::Cmti { mem, index } | Urc::Cdsi { mem, index } => {
                let mem = mem
                    .or_else(|| self.caps.storage.last().cloned())
                    .unwrap_or_else(|| self.config.storage.clone());
                self.queue.push_back(Cmd::new(
                    format!("AT+CMGR={index}"),
                    Purpose::Read { mem, index },
                    self.config.command_timeout,
                ));
            }
            Urc::Cmt { length, pdu } | Urc::Cds { length, pdu } => {
                let deadline = now + self.config.direct_ack_timeout;
                let elapsed = self.elapsed(now);
                let release =
                    self.inbound
                        .direct(now, elapsed, length, pdu, deadline, &mut self.events);
                self.release(now, release);
            }
            Urc::Truncated(_) | Urc::Other(_) => {}
        }
    }

    /// The modem restarted: what was in flight is retried after re-initialisation.
    fn restarted(&mut self, now: Instant) {
        self.events.push_back(Event::Restarted);
        if let Some(f) = self.inflight.take() {
            self.framer.end();
            match &f.cmd.purpose {
                Purpose::Part { send, part } if f.prompt == Prompt::Sent => {
                    // The PDU may have left; without `+CMGS` the outcome is unknown. Retry
                    // (at least once) rather than lose it.
                    let (send, part) = (*send, *part);
                    match parse::cmgs_mr(&f.lines) {
                        Some(mr) => self.part_accepted(now, send, part, Some(mr)),
                        None => self.queue.push_front(f.cmd),
                    }
                }
                Purpose::Cnma | Purpose::Init(_) | Purpose::SelectMem(_) | Purpose::Health => {}
                _ => self.queue.push_front(f.cmd),
            }
        }
        self.framer.reset();
        self.start_init(now);
    }

    fn command_timed_out(&mut self, now: Instant) {
        let Some(f) = self.inflight.as_mut() else {
            return;
        };
        if f.prompt != Prompt::Waiting
            && let Some(prefix) = command_prefix(&f.cmd.line)
            && f.lines.iter().any(|l| {
                l.get(..prefix.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(&prefix))
            })
        {
            // The information came and only the final result code was lost (Wavecom's
            // `AT+CPIN?`, a lost `OK` after `+CMGS: <mr>`).
            return self.complete(now, Ok(()));
        }
        if f.prompt == Prompt::Waiting {
            // No prompt: ESC aborts the half-entered command (TS 27.005 §3.5.1: "sending can
            // be cancelled by giving <ESC> character").
            self.tx.push_back(vec![0x1B]);
        }
        let timeout = f.cmd.timeout;
        let in_init = self.init.is_some();
        self.complete(now, Err(ModemError::Timeout(timeout)));
        if !in_init && self.init.is_none() && self.unusable.is_none() {
            // Silence where an answer was due: a lost final result, or a device that
            // restarted without a line the profile knows and lost its settings.
            self.queue_health_check();
        }
    }

    /// Asks for a setting a restart loses (`AT+CMEE?`, else `AT+CNMI?`, else `AT+CMGF?`):
    /// no answer, or not ours, means start-up again. After a timeout, a late final result
    /// of the timed-out command is taken by this check, not by a real command.
    pub(super) fn queue_health_check(&mut self) {
        let line = if self.caps.cmee > 0 {
            "AT+CMEE?"
        } else if self.caps.cnmi.is_some() {
            "AT+CNMI?"
        } else {
            "AT+CMGF?"
        };
        let check = Cmd::new(line, Purpose::Health, self.config.command_timeout);
        self.queue.push_front(check);
    }

    fn health_checked(&mut self, now: Instant, reply: &Reply) {
        let first_two = |l: &str| {
            crate::urc::fields(l)
                .into_iter()
                .take(2)
                .map(str::to_owned)
                .collect::<Vec<_>>()
                .join(",")
        };
        let (prefix, ours) = match self.caps.cnmi.as_deref() {
            _ if self.caps.cmee > 0 => ("+CMEE", self.caps.cmee.to_string()),
            Some(c) => ("+CNMI", first_two(&format!("+CNMI: {c}"))),
            None => ("+CMGF", "0".to_owned()),
        };
        let theirs = reply
            .lines
            .iter()
            .find(|l| l.to_ascii_uppercase().starts_with(prefix))
            .map(|l| first_two(l));
        if reply.result.is_err() || theirs.as_deref() != Some(ours.as_str()) {
            self.restarted(now);
        }
    }

    fn complete(&mut self, now: Instant, result: Result<(), ModemError>) {
        let Some(f) = self.inflight.take() else {
            return;
        };
        self.framer.end();
        let reply = Reply {
            lines: f.lines,
            result,
            pdu_sent: f.prompt == Prompt::Sent,
        };
        let cmd = f.cmd;
        match cmd.purpose.clone() {
            Purpose::Init(step) => self.init_step_done(now, step, &cmd.line, reply),
            Purpose::Info(field) => self.info_done(field, reply),
            Purpose::SelectMem(mem) => {
                if reply.result.is_ok() {
                    self.mem1 = Some(mem);
                } else {
                    // Drop the command that needed this memory; the next sweep retries.
                    let q = match &mut self.init {
                        Some(init) => &mut init.pending,
                        None => &mut self.queue,
                    };
                    if q.front().and_then(Cmd::memory) == Some(mem.as_str()) {
                        let dropped = q.pop_front();
                        if let Some(Cmd {
                            purpose: Purpose::Delete { mem, index },
                            ..
                        }) = dropped
                        {
                            self.inbound.forget_slot(&mem, index);
                        }
                    }
                }
            }
            Purpose::Cmms => {
                self.caps.cmms = Some(reply.result.is_ok());
            }
            Purpose::Part { send, part } => self.part_reply(now, cmd, send, part, reply),
            Purpose::Read { mem, index } => {
                if reply.result.is_ok() {
                    let elapsed = self.elapsed(now);
                    for l in parse::listed(&reply.lines, "+CMGR") {
                        let release =
                            self.inbound
                                .stored(now, elapsed, &mem, index, l, &mut self.events);
                        self.release(now, release);
                    }
                }
            }
            Purpose::List { mem } => {
                if reply.result.is_ok() {
                    let elapsed = self.elapsed(now);
                    for l in parse::listed(&reply.lines, "+CMGL") {
                        if let Some(index) = l.index {
                            let release =
                                self.inbound
                                    .stored(now, elapsed, &mem, index, l, &mut self.events);
                            self.release(now, release);
                        }
                    }
                }
            }
            Purpose::Delete { mem, index } => {
                // Done or not, the slot is forgotten. When the delete did not happen, the next
                // sweep reads the slot again and, finding a message the host already saved,
                // deletes it then. Never repeat `AT+CMGD` blindly: a delete whose `OK` was
                // lost did happen, and a new message may have taken the index since.
                self.inbound.forget_slot(&mem, index);
                if reply.result.is_err() {
                    self.sweep_soon = true;
                }
            }
            Purpose::Cnma | Purpose::Cnmi => {}
            Purpose::Health => self.health_checked(now, &reply),
            Purpose::StorageQuery => {
                if let Some(line) = reply.lines.iter().find(|l| l.starts_with("+CPMS")) {
                    let usage = parse::cpms_usage(line);
                    if let Some(&(_, used, total)) = usage.last() {
                        self.caps.storage_usage = Some((used, total));
                        if total > 0 && used >= total {
                            self.events.push_back(Event::StorageFull {
                                usage: Some((used, total)),
                            });
                        }
                    }
                }
            }
        }
        self.inbound.expire(self.elapsed(now));
    }

    fn info_done(&mut self, field: InfoField, reply: Reply) {
        let Some(info) = &mut self.info else {
            return;
        };
        if reply.result.is_ok() {
            let lines = &reply.lines;
            match field {
                InfoField::Manufacturer => info.manufacturer = parse::identity(lines),
                InfoField::Model => info.model = parse::identity(lines),
                InfoField::Revision => info.revision = parse::identity(lines),
                InfoField::Imei => info.imei = parse::identity(lines),
                InfoField::Imsi => info.imsi = parse::identity(lines),
                InfoField::Smsc => {
                    info.smsc = lines
                        .iter()
                        .find(|l| l.starts_with("+CSCA"))
                        .and_then(|l| parse::csca(l));
                }
                InfoField::Signal => {
                    info.signal = lines
                        .iter()
                        .find(|l| l.starts_with("+CSQ"))
                        .and_then(|l| parse::csq(l));
                }
                InfoField::Storage => {
                    info.storage = lines
                        .iter()
                        .find(|l| l.starts_with("+CPMS"))
                        .and_then(|l| parse::cpms_usage(l).last().map(|&(_, u, t)| (u, t)));
                }
            }
        }
        if field == InfoField::Storage
            && let Some(info) = self.info.take()
        {
            self.events.push_back(Event::Info(info));
        }
    }

    /// Gives up on the modem: queued sends fail, nothing more is sent.
    fn give_up(&mut self, why: String) {
        self.unusable = Some(why.clone());
        self.init = None;
        self.queue.clear();
        let ids: Vec<u64> = self.sends.keys().copied().collect();
        for id in ids {
            if let Some(s) = self.sends.get_mut(&id) {
                for p in s.parts.iter_mut().filter(|p| p.is_none()) {
                    *p = Some(PartOutcome {
                        mr: None,
                        error: Some(ModemError::Other(why.clone())),
                    });
                }
            }
            self.finish_send(id);
        }
        self.events.push_back(Event::Unusable(why));
    }
}
