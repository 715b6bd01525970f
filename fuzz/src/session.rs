//! The sans-IO session fed arbitrary sequences of operations: bytes from the peer (raw, or
//! valid PDUs answering what we sent), time passing, and the caller's binds, submits,
//! responses, unbinds and closes.
//!
//! Shared by the `session` fuzz target and by `smpp/tests/fuzz_corpus.rs`, which replays the
//! committed corpus through the same function.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use smpp::session::{BindKind, Config, Event, InterfaceVersion, MessageIds, Session};
use smpp::{CommandId, CommandStatus, DecodeOptions, HEADER_LEN, Pdu, decode, encode};

use crate::input::Input;

/// At most this many operations per input, so one input stays fast.
const MAX_OPS: usize = 256;

/// Statuses worth trying in responses; anything else comes as a raw u32.
const STATUSES: [CommandStatus; 6] = [
    CommandStatus::ESME_ROK,
    CommandStatus::ESME_RTHROTTLED,
    CommandStatus::ESME_RMSGQFUL,
    CommandStatus::ESME_RINVBNDSTS,
    CommandStatus::ESME_RSYSERR,
    CommandStatus::ESME_RINVCMDID,
];

/// `[flags, op…]`, each op a selector octet and its arguments (see the match below).
///
/// Checks: nothing panics; everything the session transmits is a stream of whole PDUs that
/// decode; every request taken by `submit` gets exactly one `Outcome` (none twice, none
/// unknown), and none is left without one once the session has closed.
pub fn session(data: &[u8]) {
    let mut input = Input::new(data);
    let flags = input.u8();
    let mut config = Config::default();
    config.window = 1 + usize::from(flags >> 1 & 3);
    config.auto_respond = flags & 8 != 0;
    config.throttle_retries = flags >> 4 & 3;
    config.decode = if flags & 0x40 != 0 {
        DecodeOptions::lenient()
    } else {
        DecodeOptions::strict()
    };
    // The version an SMSC supports and the one an ESME offers in its bind.
    let version = if flags & 0x80 != 0 {
        InterfaceVersion::V50
    } else {
        InterfaceVersion::V34
    };
    config.interface_version = version;
    let start = Instant::now();
    let smsc = flags & 1 != 0;
    let bind_status = STATUSES[usize::from(flags >> 5 & 1) * 4];
    let mut s: Session<u32> = if smsc {
        Session::smsc(
            config,
            start,
            move |_: BindKind, _: &smpp::Bind<'_>| bind_status,
            MessageIds::default(),
        )
    } else {
        Session::esme(config, start)
    };
    let mut t = Tracker {
        now: start,
        tx: Vec::new(),
        sent: Vec::new(),
        incoming: Vec::new(),
        pending: BTreeSet::new(),
        next_token: 0,
        closed: false,
        last_sent: Vec::new(),
    };

    for _ in 0..MAX_OPS {
        if input.is_empty() {
            break;
        }
        match input.u8() % 13 {
            // Raw octets from the peer.
            0 => s.handle_input(t.now, input.slice()),
            // A valid PDU with an empty body from the peer, maybe split in two reads.
            1 | 2 => {
                let id = pick_id(&mut input);
                let seq = t.pick_seq(&mut input);
                let status = pick_status(&mut input);
                t.feed(&mut s, &mut input, id, seq, status);
            }
            // The peer answers one of our requests.
            3 | 4 => {
                if let Some(&(seq, id)) = t.sent.get(usize::from(input.u8())) {
                    let status = pick_status(&mut input);
                    t.feed(&mut s, &mut input, id.response(), seq, status);
                }
            }
            // Time passes.
            5 => {
                t.now += Duration::from_millis(u64::from(input.u16()) * 10);
                s.handle_timeout(t.now);
            }
            6 => {
                if let Some(deadline) = s.poll_timeout() {
                    t.now = t.now.max(deadline);
                    s.handle_timeout(t.now);
                }
            }
            // The caller binds (ESME) or sends outbind (SMSC).
            7 => {
                let kind = [
                    BindKind::Transmitter,
                    BindKind::Receiver,
                    BindKind::Transceiver,
                ][usize::from(input.u8() % 3)];
                let creds = smpp::Bind {
                    interface_version: version,
                    ..smpp::Bind::new(
                        smpp::COctetString::from_str("fuzz").unwrap_or_default(),
                        smpp::COctetString::from_str("pw").unwrap_or_default(),
                    )
                };
                let _ = if smsc {
                    s.outbind(t.now, "pw")
                } else {
                    s.bind(t.now, kind, &creds)
                };
            }
            // The caller submits a request.
            8 => {
                let id = pick_id(&mut input);
                if let Some(pdu) = Pdu::empty(id).filter(|p| !p.is_response()) {
                    let token = t.next_token;
                    t.next_token += 1;
                    match s.submit(t.now, &pdu, token) {
                        Ok(_) => assert!(t.pending.insert(token)),
                        Err(e) => assert_eq!(e.token, token, "the token comes back"),
                    }
                }
            }
            // The caller answers a request from the peer.
            9 => {
                if let Some(&(seq, id)) = t.incoming.get(usize::from(input.u8())) {
                    let status = pick_status(&mut input);
                    let _ = match input.u8() % 3 {
                        0 => s.ack(seq, status),
                        1 => s.accept(seq).map(drop),
                        _ => match Pdu::empty(id.response()) {
                            Some(pdu) => s.respond(seq, status, &pdu),
                            None => Ok(()),
                        },
                    };
                }
            }
            10 => {
                let _ = s.unbind(t.now);
            }
            // A reflecting peer: the last PDU we sent comes back to us.
            11 => {
                let echo = t.last_sent.clone();
                s.handle_input(t.now, &echo);
            }
            _ => {
                if smsc && input.u8() & 1 == 0 {
                    s.set_congestion(input.u8());
                } else {
                    s.handle_close(t.now);
                }
            }
        }
        t.drain(&mut s);
    }
    s.handle_close(t.now);
    t.drain(&mut s);
    assert!(t.closed, "handle_close ends the session");
    assert!(
        t.pending.is_empty(),
        "requests without an outcome: {:?}",
        t.pending
    );
}

fn pick_id(input: &mut Input<'_>) -> CommandId {
    let i = usize::from(input.u8());
    match CommandId::ALL.get(i % (CommandId::ALL.len() + 1)) {
        Some(&id) => id,
        None => CommandId(input.u32()),
    }
}

fn pick_status(input: &mut Input<'_>) -> CommandStatus {
    let i = usize::from(input.u8());
    match STATUSES.get(i % (STATUSES.len() + 1)) {
        Some(&s) => s,
        None => CommandStatus(input.u32()),
    }
}

/// What the harness knows about the session.
struct Tracker {
    now: Instant,
    /// Octets transmitted and not yet parsed into whole PDUs.
    tx: Vec<u8>,
    /// Requests the session sent: (sequence_number, command_id), the last 32.
    sent: Vec<(u32, CommandId)>,
    /// Requests from the peer awaiting our answer: (sequence_number, command_id), the last 32.
    incoming: Vec<(u32, CommandId)>,
    /// Tokens of submitted requests without an outcome yet.
    pending: BTreeSet<u32>,
    next_token: u32,
    closed: bool,
    /// The last whole PDU the session sent.
    last_sent: Vec<u8>,
}

impl Tracker {
    fn pick_seq(&self, input: &mut Input<'_>) -> u32 {
        let i = usize::from(input.u8());
        match self
            .sent
            .get(i)
            .or_else(|| self.incoming.get(i.wrapping_sub(128)))
        {
            Some(&(seq, _)) => seq,
            None if i & 1 == 0 => u32::from(input.u8()),
            None => input.u32(),
        }
    }

    /// Sends the session one PDU with an empty body (or none, for unknown ids).
    fn feed(
        &mut self,
        s: &mut Session<u32>,
        input: &mut Input<'_>,
        id: CommandId,
        seq: u32,
        status: CommandStatus,
    ) {
        let pdu = Pdu::empty(id).unwrap_or(Pdu::Unknown {
            command_id: id,
            body: Default::default(),
        });
        let mut wire = Vec::new();
        encode(seq, status, &pdu, &mut wire);
        let split = usize::from(input.u8()).min(wire.len());
        s.handle_input(self.now, &wire[..split]);
        s.handle_input(self.now, &wire[split..]);
    }

    /// Follows the drain rule, checking what comes out.
    fn drain(&mut self, s: &mut Session<u32>) {
        while s.poll_transmit(&mut self.tx) {}
        // Everything sent is whole PDUs that decode (leniently: a generic_nack may echo a
        // peer's out-of-range sequence number).
        while let Some(len) = self
            .tx
            .get(..4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
        {
            assert!(len >= HEADER_LEN, "the session sent command_length {len}");
            if self.tx.len() < len {
                break;
            }
            let pdu: Vec<u8> = self.tx.drain(..len).collect();
            let frame = decode(&pdu, &DecodeOptions::lenient())
                .unwrap_or_else(|e| panic!("the session sent a PDU that does not decode: {e:?}"));
            let is_request = !frame.header.command_id.is_response();
            let header = frame.header;
            self.last_sent = pdu;
            if is_request {
                remember(&mut self.sent, (header.sequence_number, header.command_id));
            }
        }
        while let Some(event) = s.poll_event() {
            match event {
                Event::Outcome { token, .. } => {
                    assert!(
                        self.pending.remove(&token),
                        "outcome for token {token} twice or unknown"
                    );
                }
                Event::Request(incoming) if !incoming.answered() => {
                    remember(
                        &mut self.incoming,
                        (incoming.sequence_number(), incoming.command_id()),
                    );
                }
                Event::Closed(_) => self.closed = true,
                _ => {}
            }
        }
        if self.closed {
            assert!(
                self.pending.is_empty(),
                "closed with requests pending: {:?}",
                self.pending
            );
        }
        let _ = s.poll_timeout();
    }
}

fn remember(list: &mut Vec<(u32, CommandId)>, item: (u32, CommandId)) {
    if list.len() == 32 {
        list.remove(0);
    }
    list.push(item);
}
