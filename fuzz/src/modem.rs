//! The modem framer and the sans-IO modem driver fed arbitrary input.
//!
//! Shared by the `modem_framer` and `modem_driver` targets and by `modem/tests/fuzz_corpus.rs`,
//! which replays the committed corpus through the same functions.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use modem::{Config, Event, Expect, Frame, Framer, MAX_LINE, Modem, Profile};

use crate::input::Input;

/// Commands the framer may be told are in flight.
const COMMANDS: [&str; 6] = [
    "AT",
    "AT+CMGS=23",
    "AT+CPIN?",
    "AT+CMGL=4",
    "AT+CSQ",
    "AT+CMGR=1",
];

/// `[flags, chunk, stream…]`: flags pick the profile (bits 0–2), V0 results (bit 3) and the
/// command in flight (bits 4–6, 6–7 none); `chunk` sets the read size.
///
/// Checks: nothing panics; no line longer than [`MAX_LINE`] comes out; feeding the stream in
/// reads of any size gives the same frames as feeding it whole (split invariance).
pub fn framer(data: &[u8]) {
    let mut input = Input::new(data);
    let flags = input.u8();
    let chunk = 1 + usize::from(input.u8() % 64);
    let stream = input.rest();
    let make = || {
        let profiles = Profile::all();
        let mut f = Framer::new(profiles[usize::from(flags & 7)].clone());
        f.set_numeric(flags & 8 != 0);
        if let Some(cmd) = COMMANDS.get(usize::from(flags >> 4 & 7)) {
            f.begin(Expect::command(cmd));
        }
        f
    };
    let mut whole = make();
    whole.push(stream);
    let a: Vec<Frame> = std::iter::from_fn(|| whole.next_frame()).collect();
    let mut split = make();
    let mut b = Vec::new();
    for piece in stream.chunks(chunk) {
        split.push(piece);
        b.extend(std::iter::from_fn(|| split.next_frame()));
    }
    assert_eq!(a, b, "split invariance (chunk {chunk})");
    for f in &a {
        if let Frame::Info(l) | Frame::Echo(l) = f {
            assert!(l.len() <= MAX_LINE * 3, "line of {} bytes", l.len());
        }
    }
}

/// Canned modem output the driver fuzzer picks from.
const REPLIES: [&str; 16] = [
    "\r\nOK\r\n",
    "\r\nERROR\r\n",
    "\r\n> ",
    "\r\n+CMGS: 12\r\n\r\nOK\r\n",
    "\r\n+CMTI: \"SM\",1\r\n",
    "\r\n+CDSI: \"SR\",2\r\n",
    // gsm-vectors.json aosp-addressing-1 as a +CMT.
    "\r\n+CMT: ,23\r\n07914151551512F2040B916105551511F100006060605130308A04D4F29C0E\r\n",
    // gsm-vectors.json ofono-sr-1 as a +CDS (SMSC 00 prefixed).
    "\r\n+CDS: 26\r\n0006040D91945152991136F00160124130340A0160124130940A00\r\n",
    // python-gsmmodem test_modem.py +CMGR of a status report.
    "\r\n+CMGR: 0,,24\r\n07917248014000F506B70AA18092020000317071518590803170715185418000\r\n\r\nOK\r\n",
    // gsm-vectors.json npdu-concat-1 and -2 in a +CMGL listing.
    "\r\n+CMGL: 1,0,,39\r\n07919730071111F1400B919746121611F10000811170021222230E06080412340201C8329BFD6601\r\n+CMGL: 2,0,,40\r\n07919730071111F1400B919746121611F10000811170021232230F06080412340202A0FB5BCE268700\r\n\r\nOK\r\n",
    "\r\n+CMS ERROR: 500\r\n",
    "\r\n+CME ERROR: 14\r\n",
    "\r\nRDY\r\n",
    "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n",
    "\r\n+CPMS: 3,3,3,3,3,3\r\n\r\nOK\r\n",
    "\r\n^SMMEMFULL: \"SM\"\r\n",
];

/// At most this many operations per input.
const MAX_OPS: usize = 200;

/// `[flags, op…]`: ops feed canned or raw modem output, pass time, send, acknowledge, ask
/// for info (see the match below).
///
/// Checks: nothing panics; what the driver writes is command lines ended by CR, PDUs ended by
/// Ctrl-Z, or ESC; no message gets two outcomes; an acknowledgement of an unknown id is an
/// error, not a panic; and once a well-behaved modem answers, every message gets its one
/// outcome.
pub fn driver(data: &[u8]) {
    let mut input = Input::new(data);
    let flags = input.u8();
    let mut config = Config::default();
    config.profile = Profile::all()[usize::from(flags & 7)].clone();
    config.prefer_direct = flags & 8 != 0;
    if flags & 16 != 0 {
        config.pin = Some("1234".into());
    }
    let start = Instant::now();
    let mut now = start;
    let mut m = Modem::new(config, start);
    let mut issued = BTreeSet::new();
    let mut outcomes = BTreeSet::new();
    let mut inbound = Vec::new();
    let mut check = |m: &mut Modem, inbound: &mut Vec<modem::InboundId>| {
        while let Some(bytes) = m.poll_transmit() {
            let ok = bytes == [0x1B]
                || bytes.ends_with(b"\r") && bytes.starts_with(b"AT")
                || bytes.ends_with(&[0x1A])
                    && bytes[..bytes.len() - 1].iter().all(u8::is_ascii_hexdigit);
            assert!(ok, "written: {:?}", String::from_utf8_lossy(&bytes));
        }
        while let Some(e) = m.poll_event() {
            match e {
                Event::Sent { id, .. } => assert!(outcomes.insert(id), "two outcomes for {id:?}"),
                Event::Received(r) => inbound.push(r.id),
                Event::Report(r) => inbound.push(r.id),
                _ => {}
            }
        }
    };
    for _ in 0..MAX_OPS {
        if input.is_empty() {
            break;
        }
        match input.u8() % 8 {
            0 | 1 => {
                let r = REPLIES[usize::from(input.u8()) % REPLIES.len()];
                m.handle_input(now, r.as_bytes());
            }
            2 => m.handle_input(now, input.slice()),
            3 => {
                now += Duration::from_millis(u64::from(input.u16()) * 10);
                m.handle_timeout(now);
            }
            4 => {
                if let Some(t) = m.poll_timeout() {
                    now = now.max(t);
                    m.handle_timeout(now);
                }
            }
            5 => {
                let text = String::from_utf8_lossy(input.slice()).into_owned();
                let opts = gsm_pdu::SubmitOptions {
                    srr: true,
                    ..Default::default()
                };
                if let Ok(id) = m.send(now, "+447700900123", &text, &opts) {
                    issued.insert(id);
                }
            }
            6 => {
                if inbound.is_empty() {
                    assert!(
                        m.ack(now, modem::InboundId(u64::from(input.u8()) + 1000))
                            .is_err()
                    );
                } else {
                    let id = inbound.remove(usize::from(input.u8()) % inbound.len());
                    m.ack(now, id).expect("an id from an event");
                }
            }
            _ => m.request_info(now),
        }
        check(&mut m, &mut inbound);
    }
    // A well-behaved modem from here on: every message ends in exactly one outcome.
    let mut line = Vec::new();
    for _ in 0..20_000 {
        if issued.iter().all(|id| outcomes.contains(id)) {
            break;
        }
        let mut reply = Vec::new();
        while let Some(bytes) = m.poll_transmit() {
            for b in bytes {
                match b {
                    b'\r' => {
                        if line.starts_with(b"AT+CMGS=") {
                            reply.extend_from_slice(b"\r\n> ");
                        } else {
                            reply.extend_from_slice(b"\r\nOK\r\n");
                        }
                        line.clear();
                    }
                    0x1A => {
                        reply.extend_from_slice(b"\r\n+CMGS: 7\r\n\r\nOK\r\n");
                        line.clear();
                    }
                    0x1B => line.clear(),
                    _ => line.push(b),
                }
            }
        }
        while let Some(e) = m.poll_event() {
            match e {
                Event::Sent { id, .. } => assert!(outcomes.insert(id), "two outcomes for {id:?}"),
                Event::Received(r) => {
                    let _ = m.ack(now, r.id);
                }
                Event::Report(r) => {
                    let _ = m.ack(now, r.id);
                }
                _ => {}
            }
        }
        if !reply.is_empty() {
            now += Duration::from_millis(1);
            m.handle_input(now, &reply);
        } else if let Some(t) = m.poll_timeout() {
            now = now.max(t);
            m.handle_timeout(now);
        } else {
            break;
        }
    }
    let missing: Vec<_> = issued.difference(&outcomes).collect();
    assert!(
        missing.is_empty(),
        "messages without an outcome: {missing:?}"
    );
}
