//! A scripted modem and a simulated-clock harness for the driver tests.
//!
//! The scripted modem answers from a table (command → reply, as python-gsmmodem's
//! `test/fakemodems.py` describes real devices) and otherwise plays a TS 27.005 modem with one
//! storage: `AT+CMGS` prompt and `+CMGS: <mr>`, `AT+CMGL=4`, `AT+CMGR`, `AT+CMGD`,
//! `AT+CPMS?`. Faults are switches: drop the next prompts, errors for the next `AT+CMGS`,
//! lose the next `OK`, echo.
#![allow(dead_code, unreachable_pub, missing_docs)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant};

use modem::{Config, Event, Modem, Trace, TraceDirection};

pub use test_support::hex;

pub use test_support::to_hex;

#[derive(Debug, Default)]
pub struct Fake {
    /// Replies by command line (without `\r`), as raw text.
    pub responses: HashMap<String, String>,
    /// Reply to anything else (python-gsmmodem's `defaultResponse`).
    pub default: String,
    pub echo: bool,
    /// Every command line received, and `PDU <hex>` for each PDU after a prompt.
    pub log: Vec<String>,
    pub next_mr: u8,
    /// Stored messages: index → (stat, PDU hex with SMSC, TPDU length).
    pub storage: BTreeMap<u32, (u8, String, usize)>,
    pub capacity: u32,
    /// TPDUs accepted by `AT+CMGS`.
    pub submits: Vec<Vec<u8>>,
    pub drop_prompts: u32,
    pub cmgs_errors: VecDeque<String>,
    pub lose_ok: u32,
    pub pin: Option<String>,
    /// Status reports held in the "SR" memory: index → (stat, PDU hex, TPDU length).
    pub sr_storage: BTreeMap<u32, (u8, String, usize)>,
    /// Messages in the "ME" memory.
    pub me_storage: BTreeMap<u32, (u8, String, usize)>,
    /// `<mem1>` as `AT+CPMS="…"` last set it.
    pub mem1: String,
    out: Vec<u8>,
    line: Vec<u8>,
    in_pdu: bool,
}

impl Fake {
    pub fn new() -> Self {
        Self {
            default: "\r\nOK\r\n".into(),
            capacity: 30,
            mem1: "SM".into(),
            next_mr: 0,
            ..Self::default()
        }
    }

    /// A device from python-gsmmodem's fakemodems.py: `(command, reply)` pairs.
    pub fn with_responses(pairs: &[(&str, &str)]) -> Self {
        let mut f = Self::new();
        for (c, r) in pairs {
            f.responses.insert((*c).into(), (*r).into());
        }
        f
    }

    pub fn store(&mut self, index: u32, stat: u8, pdu_hex: &str) {
        let smsc = usize::from(hex(&pdu_hex[..2])[0]) + 1;
        let len = pdu_hex.len() / 2 - smsc;
        self.storage.insert(index, (stat, pdu_hex.into(), len));
    }

    /// Queues unsolicited output.
    pub fn emit(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
    }

    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    pub fn commands(&self) -> Vec<&str> {
        self.log.iter().map(String::as_str).collect()
    }

    fn current(&self) -> &BTreeMap<u32, (u8, String, usize)> {
        match self.mem1.as_str() {
            "SR" => &self.sr_storage,
            "ME" => &self.me_storage,
            _ => &self.storage,
        }
    }

    fn store_mut(&mut self) -> &mut BTreeMap<u32, (u8, String, usize)> {
        match self.mem1.as_str() {
            "SR" => &mut self.sr_storage,
            "ME" => &mut self.me_storage,
            _ => &mut self.storage,
        }
    }

    fn ok(&mut self) {
        if self.lose_ok > 0 {
            self.lose_ok -= 1;
        } else {
            self.emit("\r\nOK\r\n");
        }
    }

    pub fn input(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.echo {
                self.out.push(b);
            }
            if self.in_pdu {
                match b {
                    0x1A => {
                        self.in_pdu = false;
                        let text = String::from_utf8_lossy(&self.line).trim().to_owned();
                        self.line.clear();
                        self.pdu(&text);
                    }
                    0x1B => {
                        self.in_pdu = false;
                        self.line.clear();
                        self.log.push("ESC".into());
                    }
                    _ => self.line.push(b),
                }
                continue;
            }
            if b == 0x1B {
                self.log.push("ESC".into());
                self.line.clear();
                continue;
            }
            if b == b'\r' {
                let text = String::from_utf8_lossy(&self.line).trim().to_owned();
                self.line.clear();
                if !text.is_empty() {
                    self.command(&text);
                }
            } else if b != b'\n' {
                self.line.push(b);
            }
        }
    }

    fn pdu(&mut self, text: &str) {
        self.log.push(format!("PDU {text}"));
        let bytes = hex(text);
        let smsc = usize::from(bytes[0]) + 1;
        self.submits.push(bytes[smsc..].to_vec());
        if let Some(e) = self.cmgs_errors.pop_front() {
            self.emit(&e);
            return;
        }
        let mr = self.next_mr;
        self.next_mr = self.next_mr.wrapping_add(1);
        self.emit(&format!("\r\n+CMGS: {mr}\r\n"));
        self.ok();
    }

    fn command(&mut self, cmd: &str) {
        self.log.push(cmd.to_owned());
        if let Some(pin) = self.pin.clone() {
            if cmd == "AT+CPIN?" {
                return self.emit("\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n");
            }
            if cmd == format!("AT+CPIN=\"{pin}\"") {
                self.pin = None;
                return self.emit("\r\nOK\r\n");
            }
            return self.emit("\r\n+CME ERROR: 11\r\n");
        }
        let own = format!("{}:{cmd}", self.mem1);
        if let Some(r) = self
            .responses
            .get(&own)
            .or_else(|| self.responses.get(cmd))
            .cloned()
        {
            return self.emit(&r);
        }
        if let Some(m) = cmd.strip_prefix("AT+CPMS=\"") {
            if !m.contains(',') {
                self.mem1 = m.trim_end_matches('"').to_owned();
            }
            let used = self.storage.len();
            let cap = self.capacity;
            return self.emit(&format!(
                "\r\n+CPMS: {used},{cap},{used},{cap},{used},{cap}\r\n\r\nOK\r\n"
            ));
        }
        if let Some(n) = cmd.strip_prefix("AT+CMGS=") {
            let _: usize = n.parse().unwrap();
            if self.drop_prompts > 0 {
                self.drop_prompts -= 1;
                return;
            }
            self.in_pdu = true;
            return self.emit("\r\n> ");
        }
        if cmd == "AT+CMGL=4" {
            let mut s = String::new();
            let store = self.current();
            for (i, (stat, pdu, len)) in store {
                s += &format!("\r\n+CMGL: {i},{stat},,{len}\r\n{pdu}");
            }
            s += "\r\n";
            self.emit(&s);
            return self.ok();
        }
        if let Some(i) = cmd.strip_prefix("AT+CMGR=") {
            let i: u32 = i.parse().unwrap();
            let store = self.store_mut();
            if let Some((stat, pdu, len)) = store.get(&i).cloned() {
                if stat == 0 {
                    store.get_mut(&i).unwrap().0 = 1;
                }
                self.emit(&format!("\r\n+CMGR: {stat},,{len}\r\n{pdu}\r\n"));
            }
            return self.ok();
        }
        if let Some(i) = cmd.strip_prefix("AT+CMGD=") {
            let i: u32 = i.split(',').next().unwrap().parse().unwrap();
            self.store_mut().remove(&i);
            return self.ok();
        }
        if cmd == "AT+CPMS?" {
            let used = self.storage.len();
            let cap = self.capacity;
            return self.emit(&format!(
                "\r\n+CPMS: \"SM\",{used},{cap},\"SM\",{used},{cap},\"SM\",{used},{cap}\r\n\r\nOK\r\n"
            ));
        }
        let d = self.default.clone();
        if d == "\r\nOK\r\n" {
            self.ok();
        } else {
            self.emit(&d);
        }
    }
}

/// The driver and the scripted modem on a simulated clock.
pub struct Pair {
    pub modem: Modem,
    pub fake: Fake,
    pub start: Instant,
    pub now: Instant,
    pub events: Vec<Event>,
    pub auto_ack: bool,
    /// Bytes the driver wrote, for trace assertions.
    pub written: Vec<u8>,
    /// The session, recorded.
    pub trace: Trace,
}

impl Pair {
    pub fn new(config: Config, fake: Fake) -> Self {
        let start = Instant::now();
        Self {
            modem: Modem::new(config, start),
            fake,
            start,
            now: start,
            events: Vec::new(),
            auto_ack: true,
            written: Vec::new(),
            trace: Trace::new(),
        }
    }

    /// Sends "Test message" to +27820000000 with the default options and runs 5 s of
    /// simulated time for it to go out.
    pub fn send_test_message(&mut self) -> modem::SendId {
        let id = self
            .modem
            .send(
                self.now,
                "+27820000000",
                "Test message",
                &gsm_pdu::SubmitOptions::default(),
            )
            .unwrap();
        self.run(Duration::from_secs(5));
        id
    }

    /// Moves bytes both ways and time forward until `span` of simulated time has passed or
    /// nothing is left to do before then.
    pub fn run(&mut self, span: Duration) {
        let end = self.now + span;
        loop {
            let mut moved = false;
            while let Some(bytes) = self.modem.poll_transmit() {
                self.written.extend_from_slice(&bytes);
                self.trace
                    .record(self.now - self.start, TraceDirection::ToModem, &bytes);
                self.fake.input(&bytes);
                moved = true;
            }
            let out = self.fake.take_output();
            if !out.is_empty() {
                self.now += Duration::from_millis(1);
                self.trace
                    .record(self.now - self.start, TraceDirection::FromModem, &out);
                self.modem.handle_input(self.now, &out);
                moved = true;
            }
            while let Some(e) = self.modem.poll_event() {
                if self.auto_ack {
                    let id = match &e {
                        Event::Received(r) => Some(r.id),
                        Event::Report(r) => Some(r.id),
                        _ => None,
                    };
                    if let Some(id) = id {
                        self.modem.ack(self.now, id).unwrap();
                    }
                }
                self.events.push(e);
                moved = true;
            }
            if moved {
                continue;
            }
            match self.modem.poll_timeout() {
                Some(t) if t <= end => {
                    self.now = self.now.max(t);
                    self.modem.handle_timeout(self.now);
                }
                _ => {
                    self.now = end;
                    return;
                }
            }
        }
    }

    /// Unsolicited output from the modem, then a run.
    pub fn inject(&mut self, s: &str, span: Duration) {
        self.fake.emit(s);
        self.run(span);
    }

    pub fn ready(&self) -> Option<&modem::Capabilities> {
        self.events.iter().rev().find_map(|e| match e {
            Event::Ready(c) => Some(c),
            _ => None,
        })
    }

    pub fn received(&self) -> Vec<&modem::ReceivedSms> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Received(r) => Some(r),
                _ => None,
            })
            .collect()
    }

    pub fn reports(&self) -> Vec<&modem::StatusReportEvent> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Report(r) => Some(r),
                _ => None,
            })
            .collect()
    }

    pub fn sent(&self) -> Vec<(&modem::SendId, &Vec<modem::PartOutcome>)> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Sent { id, parts } => Some((id, parts)),
                _ => None,
            })
            .collect()
    }
}

pub const SECOND: Duration = Duration::from_secs(1);

impl Fake {
    /// Locks the device behind `pin`: every command but `AT+CPIN…` answers `+CME ERROR: 11`
    /// (python-gsmmodem fakemodems.py `pinRequiredErrorResponse`).
    pub fn lock(&mut self, pin: &str) {
        self.pin = Some(pin.to_owned());
    }
}
