//! Received messages and status reports: decoding, de-duplication across paths and sweeps,
//! long-message reassembly, the host's acknowledgements, and matching status reports to the
//! parts that were sent.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use gsm_pdu::{DecodeOptions, Direction, SmsDeliver, SmsStatusReport, Tpdu};
use gsm7::{Pushed, Reassembler};

use super::parse::{Listed, has_smsc_prefix};
use super::{Capabilities, Config, Event, InboundId, Location, SendId};

/// TPDUs handed to the host, remembered to recognise the same message or report arriving
/// again: redelivered by the network after a lost `+CNMA`, or by another path (a `+CDS`
/// whose acknowledgement a restart swallowed comes back stored in `SR`).
const RECENT: usize = 1024;

/// A received message, reassembled when it came in parts.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceivedSms {
    /// Pass to [`Modem::ack`](super::Modem::ack) once the message is saved.
    pub id: InboundId,
    /// TP-OA (`+` and digits for an international number, the text of an alphanumeric one).
    pub from: String,
    /// TP-SCTS of the first part (RFC 3339), when decodable.
    pub scts: Option<String>,
    /// The text of all parts, joined; `None` for 8-bit data or an undecodable PDU.
    pub text: Option<String>,
    /// Number of parts.
    pub parts: usize,
    /// Each part's TPDU (SMSC address removed), in part order.
    pub pdus: Vec<Vec<u8>>,
    /// Why the PDU could not be decoded (it is still delivered, so it can be deleted).
    pub error: Option<String>,
}

/// A status report, with the sent part it belongs to.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct StatusReportEvent {
    /// Pass to [`Modem::ack`](super::Modem::ack) once the report is saved.
    pub id: InboundId,
    /// The message and part index this report is about, when one matched.
    pub sent: Option<(SendId, usize)>,
    /// TP-MR.
    pub mr: u8,
    /// TP-RA.
    pub recipient: String,
    /// The report in `dlr`'s model (state, dates, recipient).
    pub report: dlr::DeliveryReport,
}

#[derive(Debug)]
struct Part {
    location: Location,
    tpdu: Vec<u8>,
    text: Option<String>,
    scts: String,
}

#[derive(Debug)]
struct SentPart {
    send: SendId,
    part: usize,
    mr: u8,
    recipient: String,
    at: Instant,
    final_seen: bool,
}

/// The receive side's state.
#[derive(Debug)]
pub(crate) struct Inbound {
    next_id: u64,
    awaiting: HashMap<u64, Vec<Location>>,
    slots: HashMap<(String, u32), Vec<u8>>,
    reassembler: Reassembler<String, Part>,
    recent: VecDeque<(Vec<u8>, u64)>,
    /// Stored parts waiting in the reassembler for the rest of their message, and since when.
    waiting_parts: HashMap<(String, u32), Duration>,
    max_age: Duration,
    sent: VecDeque<SentPart>,
    report_window: Duration,
    decode: DecodeOptions,
    storage: String,
}

/// A decoded inbound PDU.
enum Decoded {
    Deliver(SmsDeliver<'static>, Vec<u8>),
    Report(SmsStatusReport<'static>, Vec<u8>),
    /// Not for the host (a stored SMS-SUBMIT), or not decodable.
    Other(String, Vec<u8>),
}

impl Inbound {
    pub(crate) fn new(config: &Config) -> Self {
        Self {
            next_id: 0,
            awaiting: HashMap::new(),
            slots: HashMap::new(),
            reassembler: Reassembler::new(config.reassembly),
            recent: VecDeque::new(),
            waiting_parts: HashMap::new(),
            max_age: config.reassembly.max_age,
            sent: VecDeque::new(),
            report_window: config.report_window,
            decode: config.decode,
            storage: config.storage.clone(),
        }
    }

    pub(crate) fn pending_acks(&self) -> usize {
        self.awaiting.len()
    }

    /// The memories a sweep lists: the receive storage, and every other memory the device
    /// lists that can hold received messages or reports (`SM`, `ME`, `SR`): after a restart
    /// a device stores into its power-up memories until start-up sets ours again. `MT` (`SM`
    /// and `ME` together) and `BM` (cell broadcast) are left out.
    pub(crate) fn sweep_memories(&self, caps: &Capabilities) -> Vec<String> {
        if caps.storage.is_empty() {
            return Vec::new();
        }
        let mut mems = vec![self.storage.clone()];
        for m in &caps.readable_memories {
            let listed = ["SM", "ME", "SR"].iter().any(|k| m.eq_ignore_ascii_case(k));
            if listed && !mems.iter().any(|x| x.eq_ignore_ascii_case(m)) {
                mems.push(m.to_ascii_uppercase());
            }
        }
        mems
    }

    /// The locations to release once the host has saved `id`.
    pub(crate) fn take_ack(&mut self, id: InboundId) -> Option<Vec<Location>> {
        self.awaiting.remove(&id.0)
    }

    /// A slot was deleted (or vanished): a new message may take it.
    pub(crate) fn forget_slot(&mut self, mem: &str, index: u32) {
        self.waiting_parts.remove(&(mem.to_owned(), index));
        self.slots.remove(&(mem.to_owned(), index));
    }

    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        self.awaiting
            .values()
            .flatten()
            .filter_map(|l| match l {
                Location::Direct { deadline } => Some(*deadline),
                _ => None,
            })
            .min()
    }

    /// Direct messages whose acknowledgement time passed can no longer be acknowledged:
    /// true when there were any.
    pub(crate) fn expire_direct(&mut self, now: Instant) -> bool {
        let mut any = false;
        for loc in self.awaiting.values_mut().flatten() {
            if let Location::Direct { deadline } = loc
                && now >= *deadline
            {
                *loc = Location::Held;
                any = true;
            }
        }
        any
    }

    pub(crate) fn expire(&mut self, elapsed: Duration) {
        self.reassembler.expire(elapsed);
    }

    pub(crate) fn sent_part(
        &mut self,
        now: Instant,
        send: SendId,
        part: usize,
        mr: u8,
        recipient: String,
    ) {
        while self
            .sent
            .front()
            .is_some_and(|s| now.saturating_duration_since(s.at) > self.report_window)
        {
            self.sent.pop_front();
        }
        self.sent.push_back(SentPart {
            send,
            part,
            mr,
            recipient,
            at: now,
            final_seen: false,
        });
    }

    /// A message read from storage (`AT+CMGR` or `AT+CMGL`). Returns locations to release at
    /// once (a second copy of a part already held).
    pub(crate) fn stored(
        &mut self,
        now: Instant,
        elapsed: Duration,
        mem: &str,
        index: u32,
        listed: Listed,
        events: &mut VecDeque<Event>,
    ) -> Vec<Location> {
        let key = (mem.to_owned(), index);
        let location = Location::Stored {
            mem: mem.to_owned(),
            index,
        };
        if self.slots.get(&key) == Some(&listed.pdu) {
            // Seen before (a sweep after +CMTI, or a second sweep): with the host, or a part
            // waiting for the rest of its message. One that waited longer than the
            // reassembly's limit (the reassembler has dropped it) is handed over alone, so
            // it can leave the storage.
            return match self.waiting_parts.get(&key) {
                Some(&since) if elapsed.saturating_sub(since) > self.max_age => {
                    self.waiting_parts.remove(&key);
                    match self.decode(listed.length, &listed.pdu) {
                        Decoded::Deliver(m, tpdu) => {
                            let part = self.part(&m, tpdu, location.clone());
                            self.emit(m.oa.to_string(), vec![part], Some(location), events);
                            Vec::new()
                        }
                        _ => Vec::new(),
                    }
                }
                _ => Vec::new(),
            };
        }
        self.slots.insert(key.clone(), listed.pdu.clone());
        if matches!(listed.stat, Some(2 | 3)) {
            // A stored SMS-SUBMIT (TS 27.005 <stat> 2 "STO UNSENT", 3 "STO SENT"): not ours.
            return Vec::new();
        }
        let before = self.reassembler.held_parts();
        let release = self.accept(now, elapsed, listed.length, &listed.pdu, location, events);
        if self.reassembler.held_parts() > before {
            self.waiting_parts.insert(key, elapsed);
        }
        release
    }

    /// A `+CMT`/`+CDS` PDU. Returns locations to release at once (acknowledge with +CNMA).
    pub(crate) fn direct(
        &mut self,
        now: Instant,
        elapsed: Duration,
        length: Option<usize>,
        pdu: Vec<u8>,
        deadline: Instant,
        events: &mut VecDeque<Event>,
    ) -> Vec<Location> {
        self.accept(
            now,
            elapsed,
            length,
            &pdu,
            Location::Direct { deadline },
            events,
        )
    }

    fn decode(&self, length: Option<usize>, pdu: &[u8]) -> Decoded {
        let tpdu = if has_smsc_prefix(pdu, length) {
            let n = usize::from(pdu.first().copied().unwrap_or(0)) + 1;
            pdu.get(n..).unwrap_or_default()
        } else {
            pdu
        };
        match gsm_pdu::decode(tpdu, Direction::MobileTerminated, self.decode) {
            Ok(d) => match d.tpdu.into_owned() {
                Tpdu::Deliver(m) => Decoded::Deliver(m, tpdu.to_vec()),
                Tpdu::StatusReport(r) => Decoded::Report(r, tpdu.to_vec()),
                other => Decoded::Other(
                    format!("unexpected {} in the receive storage", other.type_name()),
                    tpdu.to_vec(),
                ),
            },
            Err(e) => Decoded::Other(e.to_string(), tpdu.to_vec()),
        }
    }

    fn remember(&mut self, tpdu: Vec<u8>, id: InboundId) {
        if self.recent.len() == RECENT {
            self.recent.pop_front();
        }
        self.recent.push_back((tpdu, id.0));
    }

    fn new_id(&mut self, locations: Vec<Location>) -> InboundId {
        let id = self.next_id;
        self.next_id += 1;
        self.awaiting.insert(id, locations);
        InboundId(id)
    }

    fn accept(
        &mut self,
        now: Instant,
        elapsed: Duration,
        length: Option<usize>,
        pdu: &[u8],
        location: Location,
        events: &mut VecDeque<Event>,
    ) -> Vec<Location> {
        let decoded = self.decode(length, pdu);
        let tpdu = match &decoded {
            Decoded::Deliver(_, t) | Decoded::Report(_, t) | Decoded::Other(_, t) => t,
        };
        if let Some(&(_, id)) = self.recent.iter().find(|(p, _)| p == tpdu) {
            // Already with the host: this copy goes when the host's acknowledgement of the
            // first comes, or now if that came already.
            return match self.awaiting.get_mut(&id) {
                Some(locs) => {
                    if matches!(location, Location::Direct { .. })
                        && let Some(held) = locs.iter_mut().find(|l| **l == Location::Held)
                    {
                        *held = location;
                    } else {
                        locs.push(location);
                    }
                    Vec::new()
                }
                None => vec![location],
            };
        }
        match decoded {
            Decoded::Deliver(m, tpdu) => self.deliver(elapsed, m, tpdu, location, events),
            Decoded::Report(r, tpdu) => {
                let id = self.new_id(vec![location]);
                self.remember(tpdu, id);
                let report = dlr::DeliveryReport::from_status_report(&r);
                let recipient = r.ra.to_string();
                let sent = self.match_report(now, r.mr, &recipient, report.is_final());
                events.push_back(Event::Report(StatusReportEvent {
                    id,
                    sent,
                    mr: r.mr,
                    recipient,
                    report,
                }));
                Vec::new()
            }
            Decoded::Other(error, tpdu) => {
                let id = self.new_id(vec![location]);
                self.remember(tpdu.clone(), id);
                events.push_back(Event::Received(ReceivedSms {
                    id,
                    from: String::new(),
                    scts: None,
                    text: None,
                    parts: 1,
                    pdus: vec![tpdu],
                    error: Some(error),
                }));
                Vec::new()
            }
        }
    }

    fn deliver(
        &mut self,
        elapsed: Duration,
        m: SmsDeliver<'static>,
        tpdu: Vec<u8>,
        location: Location,
        events: &mut VecDeque<Event>,
    ) -> Vec<Location> {
        let from = m.oa.to_string();
        let concat = m.ud.header().and_then(|h| h.concat());
        let direct = matches!(location, Location::Direct { .. });
        let part = self.part(&m, tpdu, location.clone());
        let Some(concat) = concat else {
            self.emit(from, vec![part], Some(location), events);
            return Vec::new();
        };
        match self.reassembler.push(elapsed, from.clone(), concat, part) {
            Pushed::Complete(parts) => {
                self.emit(from, parts, Some(location), events);
                Vec::new()
            }
            // Stored: stays in storage until the message is complete and saved. Direct: the
            // network cannot wait for the other parts, so it is acknowledged now.
            Pushed::Pending { .. } if !direct => Vec::new(),
            // A second copy of a part already held is released; the first copy stays.
            _ => vec![location],
        }
    }

    /// A part for the reassembler. A direct part is held in memory once it is there; only the
    /// part that completes a message waits for the host's acknowledgement.
    fn part(&self, m: &SmsDeliver<'_>, tpdu: Vec<u8>, location: Location) -> Part {
        Part {
            location: match location {
                Location::Direct { .. } => Location::Held,
                l => l,
            },
            tpdu,
            text: m.text().ok().flatten(),
            scts: m.scts.to_string(),
        }
    }

    fn emit(
        &mut self,
        from: String,
        parts: Vec<Part>,
        completing: Option<Location>,
        events: &mut VecDeque<Event>,
    ) {
        let n = parts.len();
        let text = parts
            .iter()
            .map(|p| p.text.clone())
            .collect::<Option<Vec<String>>>()
            .map(|t| t.concat());
        let scts = parts.first().map(|p| p.scts.clone());
        let mut locations = Vec::new();
        let mut pdus = Vec::new();
        for p in parts {
            pdus.push(p.tpdu);
            if let Location::Stored { mem, index } = &p.location {
                self.waiting_parts.remove(&(mem.clone(), *index));
            }
            if p.location != Location::Held && Some(&p.location) != completing.as_ref() {
                locations.push(p.location);
            }
        }
        locations.extend(completing);
        let id = self.new_id(locations);
        for p in &pdus {
            self.remember(p.clone(), id);
        }
        events.push_back(Event::Received(ReceivedSms {
            id,
            from,
            scts,
            text,
            parts: n,
            pdus,
            error: None,
        }));
    }

    fn match_report(
        &mut self,
        now: Instant,
        mr: u8,
        recipient: &str,
        is_final: bool,
    ) -> Option<(SendId, usize)> {
        let window = self.report_window;
        // TP-MR is 8 bits: after 256 parts it repeats. The most recent part with this MR and
        // recipient, within the window and without a final report yet, is the one.
        let s = self.sent.iter_mut().rev().find(|s| {
            s.mr == mr
                && !s.final_seen
                && now.saturating_duration_since(s.at) <= window
                && same_recipient(&s.recipient, recipient)
        })?;
        if is_final {
            s.final_seen = true;
        }
        Some((s.send, s.part))
    }
}

/// Whether two phone numbers are the same subscriber: equal digits, or a national form
/// (`0829200000`) that ends the international one (`+27829200000`). TP-RA comes back in the
/// form the SMSC chose, not necessarily the one submitted.
pub(crate) fn same_recipient(a: &str, b: &str) -> bool {
    let digits = |s: &str| -> String {
        let d: String = s.chars().filter(char::is_ascii_digit).collect();
        d.trim_start_matches('0').to_owned()
    };
    let (a, b) = (digits(a), digits(b));
    if a.is_empty() || b.is_empty() {
        return a == b;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    short == long || (short.len() >= 7 && long.ends_with(short.as_str()))
}

#[cfg(test)]
mod tests {
    use super::same_recipient;

    #[test]
    fn accepts_national_and_international_forms() {
        assert!(same_recipient("0829200000", "0829200000"));
        assert!(same_recipient("+27829200000", "0829200000"));
        assert!(same_recipient("+4915259911630", "4915259911630"));
        assert!(!same_recipient("+4915259911630", "+4915259911631"));
        assert!(!same_recipient("12345", "912345"));
    }
}
