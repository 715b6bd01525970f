//! Our driver against the crate's modem emulator, with every device profile and every fault,
//! on a simulated clock: every message is sent once (each part accepted exactly once by the
//! device), every message the network delivers reaches the host exactly once (reassembled),
//! and every status report is matched to the part it reports on.
#![allow(missing_docs)]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use gsm_pdu::SubmitOptions;
use modem::emulator::{self, Emulator, Fault, Faults};
use modem::{Config, Event, Modem, Profile};

const TO: &str = "+447700900123";

/// The texts each run sends and receives: short, long (3 parts), UCS-2.
fn texts() -> [String; 3] {
    [
        "Hello from the driver".to_owned(),
        "A long message that needs several parts to carry it. ".repeat(7),
        "Привет, мир! Καλημέρα κόσμε ✓".to_owned(),
    ]
}

/// The driver's profile for an emulator profile.
fn driver_profile(name: &str) -> Profile {
    Profile::by_name(name).unwrap_or_else(Profile::generic)
}

struct Run {
    emu: Emulator,
    modem: Modem,
    now: Instant,
    host_events: Vec<Event>,
    emu_events: Vec<emulator::Event>,
}

impl Run {
    fn new(
        profile: &emulator::Profile,
        faults: Faults,
        direct: bool,
        reports: emulator::ReportStatus,
    ) -> Self {
        let now = Instant::now();
        let mut cfg = emulator::Config::default();
        cfg.profile = profile.clone();
        cfg.faults = faults;
        cfg.report_delay = Some(Duration::from_millis(500));
        cfg.report_status = reports;
        // TP-MR wraps (255 → 0) within the first messages.
        cfg.last_mr = 250;
        let mut dc = Config::default();
        dc.profile = driver_profile(profile.name);
        dc.prefer_direct = direct;
        Self {
            emu: Emulator::new(cfg, now),
            modem: Modem::new(dc, now),
            now,
            host_events: Vec::new(),
            emu_events: Vec::new(),
        }
    }

    /// Runs until `span` of simulated time has passed.
    fn run(&mut self, span: Duration) {
        let end = self.now + span;
        loop {
            let mut moved = false;
            while let Some(b) = self.modem.poll_transmit() {
                self.emu.handle_input(self.now, &b);
                moved = true;
            }
            while let Some(b) = self.emu.poll_output() {
                self.modem.handle_input(self.now, &b);
                moved = true;
            }
            while let Some(e) = self.emu.poll_event() {
                self.emu_events.push(e);
            }
            while let Some(e) = self.modem.poll_event() {
                // The host saves each message and report at once, then acknowledges it.
                let id = match &e {
                    Event::Received(r) => Some(r.id),
                    Event::Report(r) => Some(r.id),
                    _ => None,
                };
                if let Some(id) = id {
                    self.modem.ack(self.now, id).unwrap();
                }
                self.host_events.push(e);
                moved = true;
            }
            if moved {
                continue;
            }
            let next = [self.modem.poll_timeout(), self.emu.poll_timeout()]
                .into_iter()
                .flatten()
                .min();
            match next {
                Some(t) if t <= end => {
                    // Each wake-up costs a millisecond, so time always moves on.
                    self.now = t.max(self.now) + Duration::from_millis(1);
                    self.modem.handle_timeout(self.now);
                    self.emu.handle_timeout(self.now);
                }
                _ => {
                    self.now = end;
                    self.modem.handle_timeout(self.now);
                    self.emu.handle_timeout(self.now);
                    return;
                }
            }
        }
    }

    fn ready(&self) -> bool {
        self.host_events
            .iter()
            .any(|e| matches!(e, Event::Ready(_)))
    }
}

/// One profile with one set of faults: the three laws. `direct`: the driver asks for `+CMT`
/// and `+CDS` (acknowledged with `+CNMA`) rather than `+CMTI` and `+CDSI`.
fn check(profile: &emulator::Profile, faults: Faults, direct: bool) {
    check_with(
        profile,
        faults,
        direct,
        emulator::ReportStatus::Delivered,
        1,
    );
}

/// [`check`] with the status the network's reports carry, and `rounds` of three messages
/// each way (each round's messages from the network arrive while the previous ones are
/// still being sent).
fn check_with(
    profile: &emulator::Profile,
    faults: Faults,
    direct: bool,
    reports: emulator::ReportStatus,
    rounds: usize,
) {
    let label = format!(
        "{}{} with {:?}, {reports:?} reports",
        profile.name,
        if direct { " (direct)" } else { "" },
        faults.iter().map(Fault::name).collect::<Vec<_>>()
    );
    let mut r = Run::new(profile, faults, direct, reports);
    r.run(Duration::from_secs(60));
    assert!(r.ready(), "{label}: not ready");
    let receives = profile.sms_storage_commands;

    // Sending: each text once, with status reports.
    let opts = SubmitOptions {
        srr: true,
        ..SubmitOptions::default()
    };
    let mut ids = Vec::new();
    for round in 0..rounds {
        for t in texts() {
            ids.push(r.modem.send(r.now, TO, &t, &opts).unwrap());
        }
        // Receiving: the network delivers the same three texts (numbered by round).
        if receives {
            for t in texts() {
                let t = format!("{round} {t}");
                r.emu.deliver_mo(r.now, "+447700900777", &t).unwrap();
            }
        }
        r.run(Duration::from_secs(20));
    }
    r.run(Duration::from_secs(900));

    // Every message sent once: one outcome per message, every part accepted, and the device
    // saw each part exactly once.
    let sent: BTreeMap<u64, Vec<modem::PartOutcome>> = r
        .host_events
        .iter()
        .filter_map(|e| match e {
            Event::Sent { id, parts } => Some((id.0, parts.clone())),
            _ => None,
        })
        .collect();
    let sent_count = r
        .host_events
        .iter()
        .filter(|e| matches!(e, Event::Sent { .. }))
        .count();
    assert_eq!(sent_count, ids.len(), "{label}: one outcome per message");
    for id in &ids {
        let parts = &sent[&id.0];
        assert!(
            parts.iter().all(|p| p.error.is_none() && p.mr.is_some()),
            "{label}: {parts:?}"
        );
    }
    let submitted: Vec<&emulator::Submitted> = r
        .emu_events
        .iter()
        .filter_map(|e| match e {
            emulator::Event::Submitted(s) => Some(s),
            _ => None,
        })
        .collect();
    let total_parts: usize = sent.values().map(Vec::len).sum();
    assert_eq!(
        submitted.len(),
        total_parts,
        "{label}: each part accepted exactly once"
    );
    let whole: Vec<&str> = submitted
        .iter()
        .filter_map(|s| s.message.as_deref())
        .collect();
    let mut want: Vec<String> = (0..rounds).flat_map(|_| texts()).collect();
    want.sort();
    let mut got: Vec<String> = whole.iter().map(|s| s.to_string()).collect();
    got.sort();
    assert_eq!(got, want, "{label}: the device reassembles what was sent");

    // Every received message delivered exactly once.
    let mut got: Vec<(String, String)> = r
        .host_events
        .iter()
        .filter_map(|e| match e {
            Event::Received(m) => Some((m.from.clone(), m.text.clone().unwrap_or_default())),
            _ => None,
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, String)> = r
        .emu_events
        .iter()
        .filter_map(|e| match e {
            emulator::Event::Mo { from, text, .. } => Some((from.clone(), text.clone())),
            _ => None,
        })
        .collect();
    want.sort();
    if receives {
        assert_eq!(want.len(), 3 * rounds, "{label}");
    }
    assert_eq!(got, want, "{label}: each received message exactly once");

    // Every status report matched to its part.
    let made: Vec<(u8, String, u8)> = r
        .emu_events
        .iter()
        .filter_map(|e| match e {
            emulator::Event::Report {
                mr,
                recipient,
                status,
            } => Some((*mr, recipient.clone(), *status)),
            _ => None,
        })
        .collect();
    let reports: Vec<&modem::StatusReportEvent> = r
        .host_events
        .iter()
        .filter_map(|e| match e {
            Event::Report(x) => Some(x),
            _ => None,
        })
        .collect();
    if receives {
        assert_eq!(made.len(), total_parts, "{label}: a report per part");
        assert_eq!(
            reports.len(),
            made.len(),
            "{label}: each report delivered once"
        );
        let mut matched: Vec<(u64, usize)> = Vec::new();
        for rep in &reports {
            let (id, part) = rep
                .sent
                .unwrap_or_else(|| panic!("{label}: unmatched {rep:?}"));
            let outcome = &sent[&id.0][part];
            assert_eq!(outcome.mr, Some(rep.mr), "{label}");
            let status = made
                .iter()
                .rev()
                .find(|(mr, _, _)| *mr == rep.mr)
                .map(|m| m.2)
                .unwrap();
            assert_eq!(
                rep.report.state,
                dlr::State::from_tp_status(status),
                "{label}"
            );
            matched.push((id.0, part));
        }
        matched.sort();
        matched.dedup();
        assert_eq!(
            matched.len(),
            total_parts,
            "{label}: every part has its report"
        );
    }
    assert_eq!(r.modem.pending_acks(), 0, "{label}");
    assert_eq!(r.modem.pending_sends(), 0, "{label}");
}

fn all_faults() -> Faults {
    Fault::ALL.iter().fold(Faults::NONE, |s, f| s.with(*f))
}

#[test]
fn every_profile_without_faults() {
    for p in emulator::Profile::ALL {
        check(p, Faults::NONE, false);
        check(p, Faults::NONE, true);
    }
}

#[test]
fn every_profile_with_each_fault() {
    for p in emulator::Profile::ALL {
        for f in Fault::ALL {
            check(p, Faults::NONE.with(f), false);
        }
    }
}

#[test]
fn every_profile_with_each_fault_routed_directly() {
    for p in emulator::Profile::ALL {
        for f in Fault::ALL {
            check(p, Faults::NONE.with(f), true);
        }
    }
}

#[test]
fn every_profile_with_all_faults() {
    for p in emulator::Profile::ALL {
        check(p, all_faults(), false);
        check(p, all_faults(), true);
    }
}

#[test]
fn every_profile_with_all_faults_random_reports_and_rounds() {
    for p in emulator::Profile::ALL {
        for direct in [false, true] {
            check_with(p, all_faults(), direct, emulator::ReportStatus::Random, 3);
        }
    }
}
