//! Start-up: capability probing with fallbacks.
//!
//! ```text
//!  AT (V0 or V1, retried) ─► ATE0V1 (ATE0) ─► vendor commands ─► AT+CMEE=1 (=2, none)
//!   ─► AT+CPIN? (AT+CPIN="…" when asked; busy: pause, ask again) ─► AT+CMGF=0
//!   ─► AT+CSMS=1 ─► AT+CSCA? ─► AT+CPMS=? ─► AT+CPMS="M","M","M" ("M","M"; "M"; none)
//!   ─► AT+CNMI ladder (none: sweeps only) ─► Ready, then an AT+CMGL=4 sweep per memory
//! ```

use std::collections::VecDeque;
use std::time::Instant;

use super::{Capabilities, Cmd, Event, Modem, Purpose, Reply};
use crate::error::{CmeError, ModemError, RetryClass};

/// Probes without an answer before the driver gives up.
const MAX_PROBES: u8 = 30;
/// Unanswered tries of one step before its fallback is taken.
const MAX_TIMEOUTS: u8 = 2;
/// Busy answers to one step before the driver gives up.
const MAX_BUSY: u8 = 30;

/// A start-up step; the command it sent is in [`Cmd::line`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InitStep {
    Probe,
    EchoOff { combined: bool },
    Vendor,
    Cmee(u8),
    Cpin,
    CpinEnter,
    Cmgf,
    Csms,
    Csca,
    CpmsList,
    Cpms(usize),
    Cnmi(usize),
}

/// Start-up progress.
#[derive(Debug, Default)]
pub(crate) struct Init {
    /// Commands of start-up, sent before anything queued by the host.
    pub(crate) pending: VecDeque<Cmd>,
    probes: u8,
    busy: u8,
    timeouts: u8,
}

impl Modem {
    pub(super) fn start_init(&mut self, _now: Instant) {
        let cmms = self.caps.cmms;
        self.caps = Capabilities {
            cmms,
            ..Capabilities::default()
        };
        self.mem1 = None;
        self.paused_until = None;
        self.framer.set_numeric(true);
        let mut init = Init::default();
        init.pending.push_back(self.init_cmd("AT", InitStep::Probe));
        self.init = Some(init);
    }

    fn init_cmd(&self, line: impl Into<String>, step: InitStep) -> Cmd {
        Cmd::new(line, Purpose::Init(step), self.config.command_timeout)
    }

    fn next(&mut self, line: impl Into<String>, step: InitStep) {
        let cmd = self.init_cmd(line, step);
        if let Some(init) = &mut self.init {
            init.pending.push_back(cmd);
        }
    }

    /// Retries `step` after a pause, or gives up after too many busy answers.
    fn retry_busy(&mut self, now: Instant, line: &str, step: InitStep) {
        let busy = self.init.as_mut().map_or(u8::MAX, |i| {
            i.busy += 1;
            i.busy
        });
        if busy > MAX_BUSY {
            return self.give_up(format!("{line}: still busy after {MAX_BUSY} tries"));
        }
        self.paused_until = Some(now + self.config.busy_pause);
        self.next(line, step);
    }

    pub(super) fn init_step_done(
        &mut self,
        now: Instant,
        step: InitStep,
        line: &str,
        reply: Reply,
    ) {
        let Some(init) = &mut self.init else {
            return;
        };
        if step != InitStep::Probe && matches!(reply.result, Err(ModemError::Timeout(_))) {
            // No answer is not a refusal (a lost final result, a device busy booting): ask
            // again before taking the fallback.
            init.timeouts += 1;
            if init.timeouts <= MAX_TIMEOUTS {
                return self.next(line, step);
            }
        }
        init.timeouts = 0;
        if step != InitStep::Cpin
            && step != InitStep::Cmgf
            && let Some(i) = &mut self.init
        {
            i.busy = 0;
        }
        let ok = reply.result.is_ok();
        match step {
            InitStep::Probe => {
                // Any final result, even an error (a PIN-locked device answers everything
                // with +CME ERROR: 11), says the device is there.
                if !matches!(reply.result, Err(ModemError::Timeout(_))) {
                    self.caps.numeric_results = self.framer.last_numeric();
                    self.next("ATE0V1", InitStep::EchoOff { combined: true });
                } else {
                    let probes = self.init.as_mut().map_or(u8::MAX, |i| {
                        i.probes += 1;
                        i.probes
                    });
                    if probes >= MAX_PROBES {
                        return self.give_up("no answer to AT".into());
                    }
                    self.paused_until = Some(now + self.config.busy_pause);
                    self.next("AT", InitStep::Probe);
                }
            }
            InitStep::EchoOff { combined } => {
                if !ok && combined {
                    return self.next("ATE0", InitStep::EchoOff { combined: false });
                }
                self.framer.set_numeric(false);
                for c in self.config.profile.init_commands {
                    self.next(*c, InitStep::Vendor);
                }
                self.next("AT+CMEE=1", InitStep::Cmee(1));
            }
            InitStep::Vendor => {}
            InitStep::Cmee(level) => {
                if ok {
                    self.caps.cmee = level;
                } else if level == 1 {
                    return self.next("AT+CMEE=2", InitStep::Cmee(2));
                }
                self.next("AT+CPIN?", InitStep::Cpin);
            }
            InitStep::Cpin => {
                let state = reply
                    .lines
                    .iter()
                    .find(|l| l.to_ascii_uppercase().starts_with("+CPIN"))
                    .map(|l| {
                        l.split_once(':')
                            .map_or("", |(_, v)| v)
                            .trim()
                            .to_ascii_uppercase()
                    });
                match (&reply.result, state.as_deref()) {
                    (_, Some("READY")) => self.next("AT+CMGF=0", InitStep::Cmgf),
                    (_, Some("SIM PIN")) => match self.config.pin.clone() {
                        Some(pin) => self.next(format!("AT+CPIN=\"{pin}\""), InitStep::CpinEnter),
                        None => self.give_up("the SIM asks for its PIN and none was given".into()),
                    },
                    (_, Some(other)) => self.give_up(format!("the SIM asks for {other}")),
                    (Err(ModemError::Cme(c)), None) if *c == CmeError::SIM_NOT_INSERTED => {
                        self.give_up("no SIM inserted".into());
                    }
                    (Err(e), None) if e.retry_class() == RetryClass::Transient => {
                        self.retry_busy(now, "AT+CPIN?", InitStep::Cpin);
                    }
                    // A device without AT+CPIN? (or one saying nothing): go on.
                    _ => self.next("AT+CMGF=0", InitStep::Cmgf),
                }
            }
            InitStep::CpinEnter => {
                if ok {
                    self.paused_until = Some(now + self.config.busy_pause);
                    self.next("AT+CPIN?", InitStep::Cpin);
                } else {
                    self.give_up("the SIM refused the PIN".into());
                }
            }
            InitStep::Cmgf => match &reply.result {
                Ok(()) => self.next("AT+CSMS=1", InitStep::Csms),
                Err(e) if e.retry_class() == RetryClass::Transient => {
                    self.retry_busy(now, "AT+CMGF=0", InitStep::Cmgf);
                }
                Err(e) => self.give_up(format!("PDU mode (AT+CMGF=0) refused: {e}")),
            },
            InitStep::Csms => {
                // TS 27.005 §3.2.1: service 1 makes +CNMA mandatory for +CMT and +CDS.
                self.caps.csms_phase2_plus = ok;
                self.next("AT+CSCA?", InitStep::Csca);
            }
            InitStep::Csca => {
                self.caps.smsc = reply
                    .lines
                    .iter()
                    .find(|l| l.starts_with("+CSCA"))
                    .and_then(|l| super::parse::csca(l));
                self.next("AT+CPMS=?", InitStep::CpmsList);
            }
            InitStep::CpmsList => {
                if let Some(l) = reply.lines.iter().find(|l| l.starts_with("+CPMS")) {
                    self.caps.readable_memories = super::parse::cpms_memories(l);
                }
                let line = self.cpms_line(3);
                self.next(line, InitStep::Cpms(3));
            }
            InitStep::Cpms(n) => {
                if ok {
                    let mem = self.config.storage.clone();
                    self.caps.storage = vec![mem.clone(); n];
                    self.mem1 = Some(mem);
                    if let Some(l) = reply.lines.iter().find(|l| l.starts_with("+CPMS")) {
                        self.caps.storage_usage = super::parse::cpms_usage(l)
                            .last()
                            .map(|&(_, used, total)| (used, total));
                    }
                } else if n > 1 {
                    let line = self.cpms_line(n - 1);
                    return self.next(line, InitStep::Cpms(n - 1));
                }
                self.next_cnmi(now, 0);
            }
            InitStep::Cnmi(i) => {
                if ok {
                    self.caps.cnmi = self.cnmi_ladder().get(i).map(|s| (*s).to_owned());
                    self.init_done(now);
                } else {
                    self.next_cnmi(now, i + 1);
                }
            }
        }
    }

    fn cpms_line(&self, n: usize) -> String {
        let m = format!("\"{}\"", self.config.storage);
        format!("AT+CPMS={}", vec![m; n].join(","))
    }

    /// The profile's ladder, direct routing first when the host prefers it.
    fn cnmi_ladder(&self) -> Vec<&'static str> {
        let mut ladder: Vec<&'static str> = self.config.profile.cnmi_ladder.to_vec();
        if self.config.prefer_direct {
            ladder.sort_by_key(|p| !p.starts_with("2,2") && !p.starts_with("1,2"));
        }
        ladder
    }

    fn next_cnmi(&mut self, now: Instant, i: usize) {
        match self.cnmi_ladder().get(i) {
            Some(p) => self.next(format!("AT+CNMI={p}"), InitStep::Cnmi(i)),
            None => self.init_done(now),
        }
    }

    fn init_done(&mut self, now: Instant) {
        let Some(init) = self.init.take() else {
            return;
        };
        // Commands start-up did not get to (none normally) go first.
        for c in init.pending.into_iter().rev() {
            self.queue.push_front(c);
        }
        // After what was queued before (deletes of saved messages first: a sweep of a full
        // storage must not starve them).
        self.queue_sweep();
        self.next_sweep = Some(now + self.config.sweep_interval);
        self.events.push_back(Event::Ready(self.caps.clone()));
    }
}
