//! ESME and SMSC sessions driven together over a simulated clock and a scripted
//! transport (quinn-proto `tests/util.rs` `Pair` style): no sockets, no sleeps.
//!
//! Expected behaviour comes from SMPP 3.4 (Issue 1.2, 1999) and SMPP 5.0 (2003):
//! section numbers are quoted at each check. Hand-encoded PDUs follow the body
//! layouts of 3.4 §4 and are decoded by the crate's codec before use.
#![allow(missing_docs)]

use std::time::{Duration, Instant};

use smpp::session::{
    BindKind, CloseReason, Config, Event, InterfaceVersion, MessageIds, Outcome, ProtocolError,
    RateLimit, Session, SubmitErrorKind, UnbindPolicy,
};
use smpp::{Bind, CommandId, CommandStatus, DecodeOptions};

/// A submit_sm (SMPP 3.4 §4.4.1) whose source_addr carries `marker`:
/// service_type "", source TON 1 NPI 1 `marker`, dest TON 1 NPI 1 "447700900123",
/// esm_class 0, protocol_id 0, priority 0, schedule "", validity "", registered_delivery 1,
/// replace 0, data_coding 0, sm_default_msg_id 0, sm_length 2 "hi".
fn submit_sm_bytes(marker: &str) -> Vec<u8> {
    let mut body = vec![0u8, 1, 1];
    body.extend_from_slice(marker.as_bytes());
    body.extend_from_slice(&[0, 1, 1]);
    body.extend_from_slice(b"447700900123\0");
    body.extend_from_slice(&[0, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
    body.extend_from_slice(b"hi");
    pdu(CommandId::SUBMIT_SM, CommandStatus::ESME_ROK, 1, &body)
}

/// A delivery receipt deliver_sm (SMPP 3.4 §4.6.1, esm_class 0x04, Appendix B text).
fn deliver_sm_bytes(id: &str) -> Vec<u8> {
    let mut body = vec![0u8, 1, 1];
    body.extend_from_slice(b"447700900123\0");
    body.extend_from_slice(&[5, 0]);
    body.extend_from_slice(b"MyBrand\0");
    body.extend_from_slice(&[0x04, 0, 0, 0, 0, 0, 0, 0, 0]);
    let text = format!(
        "id:{id} sub:001 dlvrd:001 submit date:2511251200 done date:2511251201 stat:DELIVRD err:000 text:"
    );
    body.push(text.len() as u8);
    body.extend_from_slice(text.as_bytes());
    pdu(CommandId::DELIVER_SM, CommandStatus::ESME_ROK, 1, &body)
}

/// Header (SMPP 3.4 §3.2) + body.
fn pdu(id: CommandId, status: CommandStatus, seq: u32, body: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(16 + body.len());
    v.extend_from_slice(&((16 + body.len()) as u32).to_be_bytes());
    v.extend_from_slice(&id.0.to_be_bytes());
    v.extend_from_slice(&status.0.to_be_bytes());
    v.extend_from_slice(&seq.to_be_bytes());
    v.extend_from_slice(body);
    v
}

/// The source_addr of a request (submit_sm, broadcast_sm, data_sm), decoded once by the
/// session; empty for a request without one.
fn marker_of(r: &smpp::session::Incoming) -> String {
    match r.pdu() {
        smpp::Pdu::SubmitSm(sm) => sm.source_addr.to_string(),
        smpp::Pdu::BroadcastSm(b) => b.source_addr.to_string(),
        smpp::Pdu::DataSm(d) => d.source_addr.to_string(),
        _ => String::new(),
    }
}

/// Splits a byte stream into (command_id, status, seq) headers, with the codec's framing.
fn headers(bytes: &[u8]) -> Vec<(CommandId, CommandStatus, u32)> {
    let mut buf = bytes::BytesMut::from(bytes);
    let mut out = Vec::new();
    while let Ok(Some(frame)) = smpp::OwnedFrame::take(&mut buf, &DecodeOptions::lenient()) {
        let header = match frame {
            Ok(f) => Some(f.header()),
            Err(m) => m.header(),
        };
        if let Some(h) = header {
            out.push((h.command_id, h.command_status, h.sequence_number));
        }
    }
    out
}

struct Pair {
    now: Instant,
    esme: Session<u32>,
    smsc: Session<()>,
    esme_events: Vec<Event<u32>>,
    smsc_events: Vec<Event<()>>,
    /// Every byte the SMSC received / the ESME received, for inspection.
    smsc_seen: Vec<u8>,
    esme_seen: Vec<u8>,
    /// Drop everything the SMSC sends (a silent peer).
    smsc_silent: bool,
}

fn creds() -> Bind<'static> {
    Bind::new("esme1".try_into().unwrap(), "secret".try_into().unwrap())
}

/// The bind of [`creds`] offering `version`.
fn creds_v(version: InterfaceVersion) -> Bind<'static> {
    Bind {
        interface_version: version,
        ..creds()
    }
}

fn esme_config() -> Config {
    let mut c = Config::default();
    c.window = 4;
    c.response_timeout = Duration::from_secs(10);
    c.enquire_link_interval = Some(Duration::from_secs(30));
    c.dead_after = Some(Duration::from_secs(90));
    c
}

fn smsc_config(auto: bool) -> Config {
    let mut c = Config::default();
    c.auto_respond = auto;
    c.system_id = "SMSC".into();
    c
}

impl Pair {
    fn new(esme: Config, smsc: Config) -> Self {
        let now = Instant::now();
        let auth = |_kind: BindKind, bind: &Bind<'_>| {
            let _ = bind;
            CommandStatus::ESME_ROK
        };
        Self {
            now,
            esme: Session::esme(esme, now),
            smsc: Session::smsc(smsc, now, auth, MessageIds::starting_at(1000)),
            esme_events: Vec::new(),
            smsc_events: Vec::new(),
            smsc_seen: Vec::new(),
            esme_seen: Vec::new(),
            smsc_silent: false,
        }
    }

    fn bound(kind: BindKind, esme: Config, smsc: Config) -> Self {
        Self::bound_with(kind, esme, smsc, &creds())
    }

    fn bound_with(kind: BindKind, esme: Config, smsc: Config, bind: &Bind<'_>) -> Self {
        let mut p = Self::new(esme, smsc);
        p.esme.bind(p.now, kind, bind).unwrap();
        p.drive();
        assert!(
            matches!(p.esme_events.remove(0), Event::Bound { kind: k, .. } if k == kind),
            "bind failed"
        );
        assert!(matches!(p.smsc_events.remove(0), Event::Bound { .. }));
        p
    }

    /// Exchanges bytes (and collects events) until both sides are quiet.
    fn drive(&mut self) {
        loop {
            let mut a = Vec::new();
            while self.esme.poll_transmit(&mut a) {}
            let mut b = Vec::new();
            while self.smsc.poll_transmit(&mut b) {}
            if !a.is_empty() {
                self.smsc_seen.extend_from_slice(&a);
                self.smsc.handle_input(self.now, &a);
            }
            if !b.is_empty() && !self.smsc_silent {
                self.esme_seen.extend_from_slice(&b);
                self.esme.handle_input(self.now, &b);
            }
            while let Some(e) = self.esme.poll_event() {
                self.esme_events.push(e);
            }
            while let Some(e) = self.smsc.poll_event() {
                self.smsc_events.push(e);
            }
            if a.is_empty() && b.is_empty() {
                break;
            }
        }
    }

    /// Moves the simulated clock forward by `d`, firing every deadline on the way in order.
    fn advance(&mut self, d: Duration) {
        let target = self.now + d;
        loop {
            let next = [self.esme.poll_timeout(), self.smsc.poll_timeout()]
                .into_iter()
                .flatten()
                .min();
            match next {
                Some(t) if t <= target => {
                    self.now = self.now.max(t);
                    self.esme.handle_timeout(self.now);
                    self.smsc.handle_timeout(self.now);
                    self.drive();
                }
                _ => break,
            }
        }
        self.now = target;
        self.drive();
    }

    /// Sends submit_sm `marker` with token `token` from the ESME.
    fn submit(&mut self, marker: &str, token: u32) -> Result<u32, SubmitErrorKind> {
        let bytes = submit_sm_bytes(marker);
        let frame = smpp::decode(&bytes, &DecodeOptions::default()).unwrap();
        self.esme.submit(self.now, &frame.pdu, token).map_err(|e| {
            assert_eq!(e.token, token, "the token comes back on refusal");
            e.kind
        })
    }

    fn outcomes(&mut self) -> Vec<(u32, Outcome)> {
        let mut out = Vec::new();
        self.esme_events.retain(|e| match e {
            Event::Outcome { token, outcome, .. } => {
                out.push((*token, outcome.clone()));
                false
            }
            _ => true,
        });
        out
    }

    /// Incoming requests the SMSC has not answered: (seq, marker).
    fn smsc_requests(&mut self) -> Vec<(u32, String)> {
        let mut out = Vec::new();
        self.smsc_events.retain(|e| match e {
            Event::Request(r) => {
                out.push((r.sequence_number(), marker_of(r)));
                false
            }
            _ => true,
        });
        out
    }
}

fn is_accepted(o: &Outcome) -> bool {
    matches!(o, Outcome::Accepted(_))
}

#[test]
fn accepts_bind_and_submit_round_trip() {
    let mut p = Pair::bound(BindKind::Transceiver, esme_config(), smsc_config(true));
    assert_eq!(p.esme.interface_version(), InterfaceVersion::V34);
    p.submit("a", 7).unwrap();
    p.drive();
    let o = p.outcomes();
    assert_eq!(o.len(), 1);
    assert_eq!(o[0].0, 7);
    let Outcome::Accepted(r) = &o[0].1 else {
        panic!("{o:?}")
    };
    // The SMSC's MessageIds started at 1000.
    assert_eq!(r.message_id(), Some("1000"));
    let reqs = p.smsc_requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].1, "a");
}

#[test]
fn accepts_full_window_then_back_pressure() {
    let mut p = Pair::bound(BindKind::Transmitter, esme_config(), smsc_config(false));
    for i in 0..4 {
        p.submit(&format!("m{i}"), i).unwrap();
    }
    // Window of 4 is full: the fifth is refused, not queued, and the token returned.
    assert!(!p.esme.can_submit(p.now));
    assert_eq!(p.submit("m4", 4), Err(SubmitErrorKind::Busy));
    p.drive();
    assert_eq!(p.esme.outstanding(), 4);
    assert!(!p.esme_events.iter().any(|e| matches!(e, Event::Ready)));
    let reqs = p.smsc_requests();
    assert_eq!(reqs.len(), 4);
    p.smsc.accept(reqs[2].0).unwrap();
    p.drive();
    // One slot freed: Ready, and exactly one more request fits.
    assert!(p.esme_events.iter().any(|e| matches!(e, Event::Ready)));
    assert_eq!(p.outcomes().iter().map(|o| o.0).collect::<Vec<_>>(), [2]);
    p.submit("m4", 4).unwrap();
    assert_eq!(p.submit("m5", 5), Err(SubmitErrorKind::Busy));
}

#[test]
fn accepts_out_of_order_responses() {
    let mut p = Pair::bound(BindKind::Transceiver, esme_config(), smsc_config(false));
    for i in 0..4 {
        p.submit(&format!("m{i}"), 100 + i).unwrap();
    }
    p.drive();
    let reqs = p.smsc_requests();
    let mut ids = Vec::new();
    for (seq, marker) in reqs.iter().rev() {
        ids.push((marker.clone(), p.smsc.accept(*seq).unwrap()));
    }
    p.drive();
    let outcomes = p.outcomes();
    assert_eq!(
        outcomes.iter().map(|o| o.0).collect::<Vec<_>>(),
        [103, 102, 101, 100]
    );
    // Each token got the message id issued for its own message.
    for (token, o) in &outcomes {
        let marker = format!("m{}", token - 100);
        let issued = &ids.iter().find(|(m, _)| *m == marker).unwrap().1;
        assert_eq!(o.response().unwrap().message_id(), Some(issued.as_str()));
    }
    // A second answer to the same request is refused: answered once.
    assert!(p.smsc.accept(reqs[0].0).is_err());
}

#[test]
fn accepts_timeout_when_response_never_comes() {
    let mut p = Pair::bound(BindKind::Transmitter, esme_config(), smsc_config(false));
    p.submit("lost", 1).unwrap();
    p.submit("ok", 2).unwrap();
    p.drive();
    let reqs = p.smsc_requests();
    p.smsc.accept(reqs[1].0).unwrap();
    p.advance(Duration::from_millis(9_999));
    assert_eq!(p.outcomes().iter().map(|o| o.0).collect::<Vec<_>>(), [2]);
    p.advance(Duration::from_millis(1));
    let o = p.outcomes();
    assert_eq!(o.len(), 1);
    assert_eq!(o[0].0, 1);
    assert!(matches!(o[0].1, Outcome::Timeout));
    // The late response matches nothing any more: reported, not answered twice.
    p.smsc.accept(reqs[0].0).unwrap();
    p.drive();
    assert!(p.outcomes().is_empty());
    assert!(
        p.esme_events
            .iter()
            .any(|e| matches!(e, Event::UnexpectedResponse(h) if h.sequence_number == reqs[0].0))
    );
}

#[test]
fn accepts_generic_nack_for_a_submit() {
    let mut p = Pair::bound(BindKind::Transmitter, esme_config(), smsc_config(false));
    p.submit("a", 1).unwrap();
    let seq = p.submit("b", 2).unwrap();
    p.drive();
    // SMPP 3.4 §4.3.1: generic_nack carries the sequence_number of the offending PDU.
    let nack = pdu(
        CommandId::GENERIC_NACK,
        CommandStatus::ESME_RINVCMDLEN,
        seq,
        &[],
    );
    p.esme.handle_input(p.now, &nack);
    p.drive();
    let o = p.outcomes();
    assert_eq!(o.len(), 1);
    assert_eq!(o[0].0, 2);
    let Outcome::Rejected(r) = &o[0].1 else {
        panic!("{o:?}")
    };
    assert!(r.is_generic_nack());
    assert_eq!(r.status(), CommandStatus::ESME_RINVCMDLEN);
    assert_eq!(p.esme.outstanding(), 1);
}

#[test]
fn accepts_throttled_storm_with_order_preserved() {
    let mut cfg = esme_config();
    cfg.window = 8;
    cfg.throttle_backoff = Duration::from_secs(2);
    cfg.throttle_retries = 5;
    let mut p = Pair::bound(BindKind::Transmitter, cfg, smsc_config(false));
    for i in 0..8 {
        p.submit(&format!("m{i}"), i).unwrap();
    }
    p.drive();
    let reqs = p.smsc_requests();
    // The SMSC accepts m0 and m1 and throttles the rest, answering out of order.
    p.smsc.accept(reqs[0].0).unwrap();
    p.smsc.accept(reqs[1].0).unwrap();
    for (seq, _) in reqs[2..].iter().rev() {
        p.smsc.ack(*seq, CommandStatus::ESME_RTHROTTLED).unwrap();
    }
    p.drive();
    assert_eq!(p.outcomes().iter().map(|o| o.0).collect::<Vec<_>>(), [0, 1]);
    assert!(
        p.esme_events
            .iter()
            .any(|e| matches!(e, Event::Throttled { .. }))
    );
    // Paused: new requests wait behind the throttled ones.
    assert_eq!(p.submit("late", 99), Err(SubmitErrorKind::Busy));
    p.advance(Duration::from_millis(1_999));
    assert!(p.smsc_requests().is_empty());
    // A second storm: throttle everything again, twice over.
    p.advance(Duration::from_millis(1));
    let again = p.smsc_requests();
    assert_eq!(
        again.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        ["m2", "m3", "m4", "m5", "m6", "m7"]
    );
    for (seq, _) in &again {
        p.smsc.ack(*seq, CommandStatus::ESME_RMSGQFUL).unwrap();
    }
    p.drive();
    p.advance(Duration::from_secs(2));
    let third = p.smsc_requests();
    assert_eq!(
        third.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        ["m2", "m3", "m4", "m5", "m6", "m7"]
    );
    for (seq, _) in &third {
        p.smsc.accept(*seq).unwrap();
    }
    p.drive();
    let o = p.outcomes();
    assert_eq!(
        o.iter().map(|o| o.0).collect::<Vec<_>>(),
        [2, 3, 4, 5, 6, 7]
    );
    assert!(o.iter().all(|o| is_accepted(&o.1)));
    assert!(p.esme_events.iter().any(|e| matches!(e, Event::Ready)));
    p.submit("late", 99).unwrap();
}

#[test]
fn accepts_throttled_outcome_when_retries_exhausted() {
    let mut cfg = esme_config();
    cfg.throttle_retries = 0;
    let mut p = Pair::bound(BindKind::Transmitter, cfg, smsc_config(false));
    p.submit("a", 1).unwrap();
    p.drive();
    let reqs = p.smsc_requests();
    p.smsc
        .ack(reqs[0].0, CommandStatus::ESME_RTHROTTLED)
        .unwrap();
    p.drive();
    let o = p.outcomes();
    assert!(
        matches!(&o[0].1, Outcome::Rejected(r) if r.status() == CommandStatus::ESME_RTHROTTLED)
    );
    assert_eq!(p.submit("b", 2), Err(SubmitErrorKind::Busy));
    p.advance(Duration::from_secs(1));
    assert!(p.esme_events.iter().any(|e| matches!(e, Event::Ready)));
    p.submit("b", 2).unwrap();
}

#[test]
fn accepts_rate_limit_per_pdu() {
    let mut cfg = esme_config();
    cfg.window = 100;
    cfg.rate_limit = Some(RateLimit {
        pdus: 5,
        per: Duration::from_secs(1),
    });
    let mut p = Pair::bound(BindKind::Transmitter, cfg, smsc_config(true));
    let mut sent = 0;
    while p.submit("x", sent).is_ok() {
        sent += 1;
    }
    assert_eq!(sent, 5);
    p.drive();
    // The next slot opens 1/5 s later.
    p.advance(Duration::from_millis(199));
    assert!(!p.esme_events.iter().any(|e| matches!(e, Event::Ready)));
    p.advance(Duration::from_millis(1));
    assert!(p.esme_events.iter().any(|e| matches!(e, Event::Ready)));
    p.submit("y", 50).unwrap();
    assert_eq!(p.submit("z", 51), Err(SubmitErrorKind::Busy));
}

#[test]
fn accepts_enquire_link_then_dead_when_peer_silent() {
    let mut p = Pair::bound(BindKind::Transceiver, esme_config(), smsc_config(false));
    p.submit("a", 1).unwrap();
    p.drive();
    p.smsc_silent = true;
    let before = p.smsc_seen.len();
    p.advance(Duration::from_secs(30));
    // 5.0 §2.10 enquire_link_timer: after 30 s of silence an enquire_link goes out.
    let sent = headers(&p.smsc_seen[before..]);
    assert_eq!(
        sent.iter()
            .filter(|h| h.0 == CommandId::ENQUIRE_LINK)
            .count(),
        1
    );
    p.advance(Duration::from_secs(59));
    assert!(!p.esme.is_closed());
    p.advance(Duration::from_secs(1));
    assert!(p.esme.is_closed());
    assert!(
        p.esme_events
            .iter()
            .any(|e| matches!(e, Event::Closed(CloseReason::LinkDead(_))))
    );
    // The submit timed out long before (10 s); nothing is reported twice.
    let o = p.outcomes();
    assert_eq!(o.len(), 1);
    assert!(matches!(o[0].1, Outcome::Timeout));
}

#[test]
fn accepts_enquire_link_answered_with_same_sequence() {
    let mut p = Pair::bound(BindKind::Transceiver, esme_config(), smsc_config(false));
    // SMPP 3.4 §4.11.2: enquire_link_resp echoes the request's sequence_number.
    p.esme.handle_input(
        p.now,
        &pdu(
            CommandId::ENQUIRE_LINK,
            CommandStatus::ESME_ROK,
            0x1234,
            &[],
        ),
    );
    let mut out = Vec::new();
    while p.esme.poll_transmit(&mut out) {}
    assert_eq!(
        headers(&out),
        [(
            CommandId::ENQUIRE_LINK_RESP,
            CommandStatus::ESME_ROK,
            0x1234
        )]
    );
}

#[test]
fn accepts_peer_close_mid_window_reporting_every_request() {
    let mut p = Pair::bound(BindKind::Transmitter, esme_config(), smsc_config(false));
    for i in 0..4 {
        p.submit("m", i).unwrap();
    }
    p.drive();
    let reqs = p.smsc_requests();
    p.smsc.accept(reqs[1].0).unwrap();
    p.drive();
    p.esme.handle_close(p.now);
    p.drive();
    let o = p.outcomes();
    assert_eq!(o.iter().map(|o| o.0).collect::<Vec<_>>(), [1, 0, 2, 3]);
    assert!(
        o[1..]
            .iter()
            .all(|o| matches!(o.1, Outcome::ConnectionLost))
    );
    assert!(
        p.esme_events
            .iter()
            .any(|e| matches!(e, Event::Closed(CloseReason::TransportClosed)))
    );
    assert_eq!(p.esme.poll_timeout(), None);
}

#[test]
fn rejects_unknown_command_mid_stream_and_continues() {
    let mut p = Pair::bound(BindKind::Transceiver, esme_config(), smsc_config(true));
    // command_id 0x00000077 is reserved (3.4 §5.1.2): generic_nack ESME_RINVCMDID.
    let mut stream = pdu(CommandId(0x77), CommandStatus::ESME_ROK, 55, b"garbage!");
    stream.extend_from_slice(&submit_sm_bytes("after"));
    p.smsc.handle_input(p.now, &stream);
    let mut out = Vec::new();
    while p.smsc.poll_transmit(&mut out) {}
    let h = headers(&out);
    assert_eq!(
        h[0],
        (CommandId::GENERIC_NACK, CommandStatus::ESME_RINVCMDID, 55)
    );
    assert_eq!(
        (h[1].0, h[1].1, h[1].2),
        (CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 1)
    );
    assert!(!p.smsc.is_closed());
}

#[test]
fn rejects_garbage_length_mid_stream_and_closes() {
    let mut p = Pair::bound(BindKind::Transmitter, esme_config(), smsc_config(false));
    p.submit("a", 1).unwrap();
    p.submit("b", 2).unwrap();
    p.drive();
    // command_length 0xFFFFFFFF: more than any PDU (3.4 §3.2); framing is lost.
    p.esme.handle_input(p.now, &[0xFF; 20]);
    p.drive();
    let mut out = Vec::new();
    assert!(!p.esme.poll_transmit(&mut out) || headers(&out)[0].0 == CommandId::GENERIC_NACK);
    assert!(
        headers(&p.smsc_seen)
            .iter()
            .any(|h| h.0 == CommandId::GENERIC_NACK && h.1 == CommandStatus::ESME_RINVCMDLEN)
    );
    assert!(p.esme.is_closed());
    let o = p.outcomes();
    assert_eq!(o.len(), 2);
    assert!(o.iter().all(|o| matches!(o.1, Outcome::ConnectionLost)));
    assert!(
        p.esme_events
            .iter()
            .any(|e| matches!(e, Event::Closed(CloseReason::FramingLost)))
    );
}

#[test]
fn accepts_input_split_at_every_byte() {
    let mut p = Pair::bound(BindKind::Transceiver, esme_config(), smsc_config(false));
    let receipt = deliver_sm_bytes("1234567890");
    let mut stream = receipt.clone();
    let mut second = receipt;
    second[12..16].copy_from_slice(&2u32.to_be_bytes());
    stream.extend_from_slice(&second);
    for b in &stream {
        p.esme.handle_input(p.now, std::slice::from_ref(b));
    }
    let mut seqs = Vec::new();
    while let Some(e) = p.esme.poll_event() {
        if let Event::Request(r) = e {
            assert_eq!(r.command_id(), CommandId::DELIVER_SM);
            assert!(!r.answered());
            seqs.push(r.sequence_number());
        }
    }
    assert_eq!(seqs, [1, 2]);
    p.esme.ack(2, CommandStatus::ESME_ROK).unwrap();
    p.esme.ack(1, CommandStatus::ESME_ROK).unwrap();
    assert!(p.esme.ack(1, CommandStatus::ESME_ROK).is_err());
    let mut out = Vec::new();
    while p.esme.poll_transmit(&mut out) {}
    let h = headers(&out);
    assert_eq!(
        h.iter().map(|h| (h.0, h.2)).collect::<Vec<_>>(),
        [
            (CommandId::DELIVER_SM_RESP, 2),
            (CommandId::DELIVER_SM_RESP, 1)
        ]
    );
}

#[test]
fn accepts_unbind_draining_requests_outstanding() {
    let mut p = Pair::bound(BindKind::Transmitter, esme_config(), smsc_config(false));
    p.submit("a", 1).unwrap();
    p.submit("b", 2).unwrap();
    p.drive();
    p.esme.unbind(p.now).unwrap();
    assert_eq!(p.submit("c", 3), Err(SubmitErrorKind::NotBound));
    p.drive();
    // Drain: no unbind while requests are in flight.
    assert!(
        !headers(&p.smsc_seen)
            .iter()
            .any(|h| h.0 == CommandId::UNBIND)
    );
    let reqs = p.smsc_requests();
    for (seq, _) in &reqs {
        p.smsc.accept(*seq).unwrap();
    }
    p.drive();
    let o = p.outcomes();
    assert_eq!(o.len(), 2);
    assert!(o.iter().all(|o| is_accepted(&o.1)));
    // SMPP 3.4 §4.2: unbind, answered by unbind_resp; both sides close.
    assert!(
        headers(&p.smsc_seen)
            .iter()
            .any(|h| h.0 == CommandId::UNBIND)
    );
    assert!(p.esme.is_closed() && p.smsc.is_closed());
    assert!(
        p.esme_events
            .iter()
            .any(|e| matches!(e, Event::Closed(CloseReason::Unbound)))
    );
    assert!(
        p.smsc_events
            .iter()
            .any(|e| matches!(e, Event::Closed(CloseReason::PeerUnbound)))
    );
}

#[test]
fn accepts_unbind_failing_requests_outstanding() {
    let mut cfg = esme_config();
    cfg.unbind_policy = UnbindPolicy::Fail;
    let mut p = Pair::bound(BindKind::Transmitter, cfg, smsc_config(false));
    p.submit("a", 1).unwrap();
    p.submit("b", 2).unwrap();
    p.drive();
    p.esme.unbind(p.now).unwrap();
    p.drive();
    let o = p.outcomes();
    assert_eq!(o.iter().map(|o| o.0).collect::<Vec<_>>(), [1, 2]);
    assert!(o.iter().all(|o| matches!(o.1, Outcome::Unbound)));
    assert!(p.esme.is_closed());
}

// Issue #14 session rule: requests in flight when the peer unbinds still take their late
// responses while the unbind drains (v3.4 §2.3: unbind_resp is answered at once; the
// connection closes only once nothing of ours is outstanding).
#[test]
fn accepts_peer_unbind_with_requests_outstanding_taking_late_responses() {
    let mut p = Pair::bound(BindKind::Transmitter, esme_config(), smsc_config(false));
    let seq_a = p.submit("a", 1).unwrap();
    p.submit("b", 2).unwrap();
    p.drive();
    p.smsc.unbind(p.now).unwrap();
    p.drive();
    assert!(
        headers(&p.smsc_seen)
            .iter()
            .any(|h| h.0 == CommandId::UNBIND_RESP && h.1 == CommandStatus::ESME_ROK)
    );
    assert!(p.outcomes().is_empty(), "nothing failed yet");
    assert!(!p.esme.is_closed());
    // The late submit_sm_resp for "a" (v3.4 §4.4.2: message_id "77").
    p.esme.handle_input(
        p.now,
        &pdu(
            CommandId::SUBMIT_SM_RESP,
            CommandStatus::ESME_ROK,
            seq_a,
            b"77\0",
        ),
    );
    p.drive();
    let o = p.outcomes();
    assert_eq!(o.len(), 1);
    assert!(matches!(&o[0], (1, Outcome::Accepted(r)) if r.message_id() == Some("77")));
    // No new request while draining.
    assert!(p.submit("c", 3).is_err());
    // "b" never gets its answer: it times out, and the session closes.
    p.advance(Duration::from_secs(11));
    let o = p.outcomes();
    assert!(matches!(o[..], [(2, Outcome::Timeout)]), "{o:?}");
    assert!(
        p.esme_events
            .iter()
            .any(|e| matches!(e, Event::Closed(CloseReason::PeerUnbound)))
    );
}

#[test]
fn accepts_sequence_wrap() {
    let mut cfg = esme_config();
    cfg.initial_sequence_number = 0x7FFF_FFFE;
    let mut p = Pair::new(cfg, smsc_config(true));
    p.esme.bind(p.now, BindKind::Transmitter, &creds()).unwrap(); // takes 0x7FFFFFFE
    p.drive();
    let mut seqs = Vec::new();
    for i in 0..3 {
        seqs.push(p.submit("w", i).unwrap());
    }
    // SMPP 5.0 §3.2: 0x00000001..=0x7FFFFFFF, then wrap to 1.
    assert_eq!(seqs, [0x7FFF_FFFF, 1, 2]);
    p.drive();
    let o = p.outcomes();
    assert_eq!(o.iter().map(|o| o.0).collect::<Vec<_>>(), [0, 1, 2]);
    assert!(o.iter().all(|o| is_accepted(&o.1)));
}

#[test]
fn rejects_submit_on_receiver_bind() {
    let mut p = Pair::bound(BindKind::Receiver, esme_config(), smsc_config(true));
    assert!(matches!(
        p.submit("a", 1),
        Err(SubmitErrorKind::NotAllowed(s)) if s == CommandStatus::ESME_RINVBNDSTS
    ));
    // A peer that sends it anyway gets ESME_RINVBNDSTS (3.4 §5.1.3).
    p.smsc.handle_input(p.now, &submit_sm_bytes("x"));
    let mut out = Vec::new();
    while p.smsc.poll_transmit(&mut out) {}
    assert_eq!(
        headers(&out),
        [(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_RINVBNDSTS, 1)]
    );
}

#[test]
fn rejects_submit_before_bind() {
    let mut p = Pair::new(esme_config(), smsc_config(true));
    assert_eq!(p.submit("a", 1), Err(SubmitErrorKind::NotBound));
    p.smsc.handle_input(p.now, &submit_sm_bytes("x"));
    let mut out = Vec::new();
    while p.smsc.poll_transmit(&mut out) {}
    assert_eq!(
        headers(&out),
        [(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_RINVBNDSTS, 1)]
    );
}

#[test]
fn rejects_second_bind_with_already_bound() {
    let mut p = Pair::bound(BindKind::Transmitter, esme_config(), smsc_config(true));
    // A bind_transmitter (3.4 §4.1.1) on a bound link: ESME_RALYBND (3.4 §5.1.3).
    let bind = pdu(
        CommandId::BIND_TRANSMITTER,
        CommandStatus::ESME_ROK,
        9,
        b"a\0b\0\0\x34\0\0\0",
    );
    p.smsc.handle_input(p.now, &bind);
    let mut out = Vec::new();
    while p.smsc.poll_transmit(&mut out) {}
    assert_eq!(
        headers(&out),
        [(
            CommandId::BIND_TRANSMITTER_RESP,
            CommandStatus::ESME_RALYBND,
            9
        )]
    );
}

#[test]
fn rejects_bind_with_bad_password() {
    let now = Instant::now();
    let mut esme: Session<u32> = Session::esme(esme_config(), now);
    let mut smsc: Session<()> = Session::smsc(
        smsc_config(true),
        now,
        |_k: BindKind, _b: &Bind<'_>| CommandStatus::ESME_RINVPASWD,
        MessageIds::default(),
    );
    esme.bind(now, BindKind::Transceiver, &creds()).unwrap();
    let mut buf = Vec::new();
    esme.poll_transmit(&mut buf);
    smsc.handle_input(now, &buf);
    buf.clear();
    smsc.poll_transmit(&mut buf);
    // 3.4 §4.1.2: no body on an error bind response.
    assert_eq!(buf.len(), 16);
    esme.handle_input(now, &buf);
    assert!(matches!(
        esme.poll_event(),
        Some(Event::BindFailed { status: Some(s) }) if s == CommandStatus::ESME_RINVPASWD
    ));
    // Open again: another bind may be tried.
    esme.bind(now, BindKind::Transceiver, &creds()).unwrap();
}

#[test]
fn accepts_bind_timeout() {
    let mut p = Pair::new(esme_config(), smsc_config(true));
    p.smsc_silent = true;
    p.esme.bind(p.now, BindKind::Transmitter, &creds()).unwrap();
    p.advance(Duration::from_secs(10));
    assert!(
        p.esme_events
            .iter()
            .any(|e| matches!(e, Event::BindFailed { status: None }))
    );
}

#[test]
fn accepts_session_init_timeout_on_smsc() {
    let mut p = Pair::new(esme_config(), smsc_config(true));
    p.advance(Duration::from_secs(30));
    assert!(p.smsc.is_closed());
    assert!(
        p.smsc_events
            .iter()
            .any(|e| matches!(e, Event::Closed(CloseReason::SessionInitTimeout)))
    );
}

fn negotiate(esme_v: u8, smsc_v: u8) -> (InterfaceVersion, InterfaceVersion, bool) {
    let e = esme_config();
    let mut s = smsc_config(true);
    s.interface_version = InterfaceVersion(smsc_v);
    let mut p = Pair::new(e, s);
    let bind = creds_v(InterfaceVersion(esme_v));
    p.esme.bind(p.now, BindKind::Transceiver, &bind).unwrap();
    p.drive();
    // The bind_resp body: system_id "SMSC\0" then TLVs (3.4 §4.1.2).
    let tlv = p.esme_seen.len() > 16 + 5;
    (p.esme.interface_version(), p.smsc.interface_version(), tlv)
}

#[test]
fn accepts_interface_version_negotiation() {
    // 3.4 ESME, 3.4 SMSC: sc_interface_version returned (3.4 §5.3.2.25).
    assert_eq!(
        negotiate(0x34, 0x34),
        (InterfaceVersion::V34, InterfaceVersion::V34, true)
    );
    // 5.0 ESME against a 3.4-only SMSC: 3.4.
    assert_eq!(
        negotiate(0x50, 0x34),
        (InterfaceVersion::V34, InterfaceVersion::V34, true)
    );
    // 3.4 ESME against a 5.0 SMSC: 3.4.
    assert_eq!(
        negotiate(0x34, 0x50),
        (InterfaceVersion::V34, InterfaceVersion::V34, true)
    );
    assert_eq!(
        negotiate(0x50, 0x50),
        (InterfaceVersion::V50, InterfaceVersion::V50, true)
    );
    // 3.3 ESME: no TLV in the response; the ESME then assumes 3.3.
    assert_eq!(
        negotiate(0x33, 0x50),
        (InterfaceVersion::V33, InterfaceVersion::V33, false)
    );
}

#[test]
fn accepts_congestion_state_on_5_0_binds() {
    let e = esme_config();
    let mut s = smsc_config(true);
    s.interface_version = InterfaceVersion::V50;
    let bind = creds_v(InterfaceVersion::V50);
    let mut p = Pair::bound_with(BindKind::Transceiver, e, s, &bind);
    p.smsc.set_congestion(80);
    p.submit("a", 1).unwrap();
    p.drive();
    // SMPP 5.0 §4.8.4.17 congestion_state, reported once per change.
    assert!(
        p.esme_events
            .iter()
            .any(|e| matches!(e, Event::Congestion(80)))
    );
    p.submit("b", 2).unwrap();
    p.drive();
    // The bind_resp carried 0 (v5.0: in every response layout with TLVs), then 80, once.
    assert_eq!(
        p.esme_events
            .iter()
            .filter(|e| matches!(e, Event::Congestion(80)))
            .count(),
        1
    );
}

#[test]
fn accepts_smsc_deliver_sm_window_and_receipt_ack() {
    let mut e = esme_config();
    e.auto_respond = true;
    let mut s = smsc_config(true);
    s.window = 2;
    let mut p = Pair::bound(BindKind::Transceiver, e, s);
    let r1 = deliver_sm_bytes("1");
    let f1 = smpp::decode(&r1, &DecodeOptions::default()).unwrap();
    p.smsc.submit(p.now, &f1.pdu, ()).unwrap();
    p.smsc.submit(p.now, &f1.pdu, ()).unwrap();
    assert!(matches!(p.smsc.submit(p.now, &f1.pdu, ()), Err(e) if e.kind == SubmitErrorKind::Busy));
    p.drive();
    let accepted = p
        .smsc_events
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::Outcome {
                    outcome: Outcome::Accepted(_),
                    ..
                }
            )
        })
        .count();
    assert_eq!(accepted, 2);
    assert!(p.smsc_events.iter().any(|e| matches!(e, Event::Ready)));
    let delivered = p
        .esme_events
        .iter()
        .filter(|e| matches!(e, Event::Request(r) if r.answered()))
        .count();
    assert_eq!(delivered, 2);
}

#[test]
fn accepts_outbind_then_bind() {
    let mut p = Pair::new(esme_config(), smsc_config(true));
    p.smsc.outbind(p.now, "pw").unwrap();
    p.drive();
    // v3.4 §4.1.7: outbind carries the SMSC's system_id and password to the ESME.
    assert!(matches!(
        &p.esme_events[0],
        Event::Outbind { system_id, password } if system_id == "SMSC" && password == "pw"
    ));
    p.esme.bind(p.now, BindKind::Receiver, &creds()).unwrap();
    p.drive();
    assert!(matches!(
        p.esme_events[1],
        Event::Bound {
            kind: BindKind::Receiver,
            ..
        }
    ));
}

#[test]
fn rejects_unexpected_response() {
    let mut p = Pair::bound(BindKind::Transmitter, esme_config(), smsc_config(true));
    p.esme.handle_input(
        p.now,
        &pdu(
            CommandId::SUBMIT_SM_RESP,
            CommandStatus::ESME_ROK,
            4242,
            b"x\0",
        ),
    );
    assert!(
        matches!(p.esme.poll_event(), Some(Event::UnexpectedResponse(h)) if h.sequence_number == 4242)
    );
    let _ = ProtocolError::DuplicateSequence;
}

// ----- issue #14 session rules (vectors: tests/common/pdus.rs, docs/conformance.md) -----

#[path = "common/pdus.rs"]
mod pdus;

/// Feeds `hex` to `session` and returns the headers it sends back.
fn answer_to<T>(
    now: Instant,
    session: &mut Session<T>,
    hex: &str,
) -> Vec<(CommandId, CommandStatus, u32)> {
    session.handle_input(now, &pdus::bytes(hex));
    let mut out = Vec::new();
    while session.poll_transmit(&mut out) {}
    headers(&out)
}

fn events<T>(session: &mut Session<T>) -> Vec<Event<T>> {
    std::iter::from_fn(|| session.poll_event()).collect()
}

fn smsc_alone(config: Config, now: Instant) -> Session<()> {
    Session::smsc(
        config,
        now,
        |_k: BindKind, _b: &Bind<'_>| CommandStatus::ESME_ROK,
        MessageIds::default(),
    )
}

// v3.4 §4.3.1, §5.1.3: an unknown command_id is answered generic_nack ESME_RINVCMDID, with
// its sequence number, before a bind, once bound and while unbinding, request or response.
#[test]
fn rejects_unknown_command_id_in_every_state() {
    let now = Instant::now();
    let nack = |seq| (CommandId::GENERIC_NACK, CommandStatus::ESME_RINVCMDID, seq);
    let mut open = smsc_alone(smsc_config(false), now);
    assert_eq!(answer_to(now, &mut open, pdus::UNKNOWN_COMMAND), [nack(55)]);
    assert_eq!(
        answer_to(now, &mut open, pdus::UNKNOWN_RESPONSE),
        [nack(56)]
    );
    let mut p = Pair::bound(BindKind::Transceiver, esme_config(), smsc_config(false));
    assert_eq!(
        answer_to(p.now, &mut p.smsc, pdus::UNKNOWN_COMMAND),
        [nack(55)]
    );
    assert_eq!(
        answer_to(p.now, &mut p.esme, pdus::UNKNOWN_COMMAND),
        [nack(55)]
    );
    p.submit("a", 1).unwrap();
    p.drive();
    p.esme.unbind(p.now).unwrap(); // draining: "a" is unanswered
    assert_eq!(
        answer_to(p.now, &mut p.esme, pdus::UNKNOWN_RESPONSE),
        [nack(56)]
    );
    assert!(!p.esme.is_closed());
}

// v3.4 §4.12 alert_notification, §4.1.7 outbind and §4.3 generic_nack have no response:
// nothing goes back, whether in place, out of place or breaking a rule.
#[test]
fn accepts_response_less_pdus_without_answering() {
    let mut p = Pair::bound(BindKind::Transmitter, esme_config(), smsc_config(false));
    // alert_notification on a transmitter bind (table 2-1: RX/TRX only).
    assert_eq!(answer_to(p.now, &mut p.esme, pdus::ALERT_NOTIFICATION), []);
    assert!(
        events(&mut p.esme)
            .iter()
            .any(|e| matches!(e, Event::ProtocolError(ProtocolError::NotAllowed { .. })))
    );
    // outbind to an SMSC, and to a bound ESME.
    assert_eq!(answer_to(p.now, &mut p.smsc, pdus::OUTBIND), []);
    assert_eq!(answer_to(p.now, &mut p.esme, pdus::OUTBIND), []);
    // an unsolicited generic_nack.
    assert_eq!(
        answer_to(p.now, &mut p.esme, pdus::GENERIC_NACK_UNSOLICITED),
        []
    );
    // alert_notification breaking a rule (TON 9) on a receiver bind: reported, not answered.
    let mut p = Pair::bound(BindKind::Receiver, esme_config(), smsc_config(false));
    assert_eq!(
        answer_to(p.now, &mut p.esme, pdus::ALERT_NOTIFICATION_BAD_TON),
        []
    );
    let ev = events(&mut p.esme);
    assert!(ev.iter().any(|e| matches!(e, Event::Nonconformant { violations, .. } if violations[0].field == "source_addr_ton")));
    assert!(
        ev.iter()
            .any(|e| matches!(e, Event::Request(r) if r.answered()))
    );
    // The SMSC enforcing: still no answer to a response-less PDU.
    let mut smsc = smsc_alone(smsc_config(false), p.now);
    assert_eq!(
        answer_to(p.now, &mut smsc, pdus::ALERT_NOTIFICATION_BAD_TON),
        []
    );
}

// v3.4 §4.12: alert_notification has no response, so it ends at once (Outcome::Sent) and
// never takes a window slot, even with the window full; nothing times out.
#[test]
fn accepts_sent_alert_notification_outside_the_window() {
    let mut p = Pair::bound(BindKind::Transceiver, esme_config(), smsc_config(false));
    let mut c = smsc_config(false);
    c.window = 1;
    let mut smsc: Session<u32> = Session::smsc(
        c,
        p.now,
        |_k: BindKind, _b: &Bind<'_>| CommandStatus::ESME_ROK,
        MessageIds::default(),
    );
    // Bind it by hand: a bind_transceiver from a fresh ESME.
    let mut esme: Session<u32> = Session::esme(esme_config(), p.now);
    esme.bind(p.now, BindKind::Transceiver, &creds()).unwrap();
    let mut b = Vec::new();
    esme.poll_transmit(&mut b);
    smsc.handle_input(p.now, &b);
    let _ = events(&mut smsc);
    let deliver = deliver_sm_bytes("1");
    let deliver = smpp::decode(&deliver, &DecodeOptions::default()).unwrap();
    smsc.submit(p.now, &deliver.pdu, 1).unwrap();
    assert!(
        smsc.submit(p.now, &deliver.pdu, 2).is_err(),
        "window of one is full"
    );
    let alert = pdus::bytes(pdus::ALERT_NOTIFICATION);
    let alert = smpp::decode(&alert, &DecodeOptions::default()).unwrap();
    let seq = smsc.submit(p.now, &alert.pdu, 3).unwrap();
    assert_eq!(smsc.outstanding(), 1);
    let ev = events(&mut smsc);
    assert!(ev.iter().any(|e| matches!(e, Event::Outcome { token: 3, outcome: Outcome::Sent, sequence_number } if *sequence_number == seq)));
    // Past the response timeout: only the deliver_sm times out.
    p.now += Duration::from_secs(31);
    smsc.handle_timeout(p.now);
    let timeouts: Vec<u32> = events(&mut smsc)
        .into_iter()
        .filter_map(|e| match e {
            Event::Outcome {
                token,
                outcome: Outcome::Timeout,
                ..
            } => Some(token),
            _ => None,
        })
        .collect();
    assert_eq!(timeouts, [1]);
}

// v3.4 §4.3.1: generic_nack answers a PDU whose command_length does not fit its body: a
// body shorter than its fields, or a header-only PDU with a body.
#[test]
fn rejects_body_length_faults_with_generic_nack() {
    let mut p = Pair::bound(BindKind::Transceiver, esme_config(), smsc_config(true));
    let nack = |seq| (CommandId::GENERIC_NACK, CommandStatus::ESME_RINVCMDLEN, seq);
    assert_eq!(
        answer_to(p.now, &mut p.smsc, pdus::SUBMIT_SM_TRUNCATED_BODY),
        [nack(31)]
    );
    assert_eq!(
        answer_to(p.now, &mut p.smsc, pdus::ENQUIRE_LINK_WITH_BODY),
        [nack(32)]
    );
    assert_eq!(
        answer_to(p.now, &mut p.esme, pdus::ENQUIRE_LINK_WITH_BODY),
        [nack(32)]
    );
    assert!(!p.smsc.is_closed());
}

// v3.4 §4.3.1: a peer that cannot read our bind answers generic_nack, possibly with
// sequence_number 0; it fails the pending bind with its status, and the ESME may bind again.
#[test]
fn rejects_pending_bind_on_generic_nack_with_sequence_zero() {
    let now = Instant::now();
    let mut esme: Session<u32> = Session::esme(esme_config(), now);
    esme.bind(now, BindKind::Transmitter, &creds()).unwrap();
    let mut sink = Vec::new();
    esme.poll_transmit(&mut sink);
    assert_eq!(answer_to(now, &mut esme, pdus::GENERIC_NACK_SEQ_0), []);
    let ev = events(&mut esme);
    assert!(
        matches!(
            ev[..],
            [Event::BindFailed {
                status: Some(CommandStatus::ESME_RINVCMDLEN)
            }]
        ),
        "{ev:?}"
    );
    assert!(esme.bind(now, BindKind::Transmitter, &creds()).is_ok());
    // Nothing left waiting: no bind timeout later.
    esme.poll_transmit(&mut sink);
    esme.handle_timeout(now + Duration::from_secs(11));
    assert!(matches!(
        events(&mut esme)[..],
        [Event::BindFailed { status: None }]
    ));
}

// v5.0 §4.4, §4.8.4: broadcast_* and the TLVs v5.0 introduced only on v5.0 binds. Sending:
// refused with the status a v3.4 peer would answer; receiving: generic_nack ESME_RINVCMDID /
// ESME_ROPTPARNOTALLWD from the SMSC; on a v5.0 bind both go through.
#[test]
fn rejects_v50_commands_and_tlvs_on_v34_binds() {
    let mut p = Pair::bound(BindKind::Transceiver, esme_config(), smsc_config(false));
    let broadcast = pdus::bytes(pdus::BROADCAST_SM);
    let broadcast = smpp::decode(&broadcast, &DecodeOptions::default()).unwrap();
    assert_eq!(
        p.esme.submit(p.now, &broadcast.pdu, 1).unwrap_err().kind,
        SubmitErrorKind::NotAllowed(CommandStatus::ESME_RINVCMDID)
    );
    let v50_tlv = pdus::bytes(pdus::SUBMIT_SM_V50_TLV);
    let v50_tlv = smpp::decode(&v50_tlv, &DecodeOptions::default()).unwrap();
    assert_eq!(
        p.esme.submit(p.now, &v50_tlv.pdu, 2).unwrap_err().kind,
        SubmitErrorKind::NotAllowed(CommandStatus::ESME_ROPTPARNOTALLWD)
    );
    assert_eq!(
        answer_to(p.now, &mut p.smsc, pdus::BROADCAST_SM),
        [(CommandId::GENERIC_NACK, CommandStatus::ESME_RINVCMDID, 1)]
    );
    assert_eq!(
        answer_to(p.now, &mut p.smsc, pdus::SUBMIT_SM_V50_TLV),
        [(
            CommandId::SUBMIT_SM_RESP,
            CommandStatus::ESME_ROPTPARNOTALLWD,
            1
        )]
    );
    let e = esme_config();
    let mut s = smsc_config(true);
    s.interface_version = InterfaceVersion::V50;
    let bind = creds_v(InterfaceVersion::V50);
    let mut p = Pair::bound_with(BindKind::Transceiver, e, s, &bind);
    p.esme.submit(p.now, &broadcast.pdu, 1).unwrap();
    p.esme.submit(p.now, &v50_tlv.pdu, 2).unwrap();
    p.drive();
    let r = p.smsc_requests();
    assert_eq!(r.len(), 2, "both reach the SMSC's caller");
}

// v5.0 §4.8.4.19: congestion_state in every response layout with TLVs: the SMSC writes it
// in bind_resp and in a submit_multi_resp its caller builds; the ESME reads both.
#[test]
fn accepts_congestion_state_in_every_response_layout() {
    let e = esme_config();
    let mut s = smsc_config(false);
    s.interface_version = InterfaceVersion::V50;
    let mut p = Pair::new(e, s);
    p.smsc.set_congestion(40);
    let bind = creds_v(InterfaceVersion::V50);
    p.esme.bind(p.now, BindKind::Transceiver, &bind).unwrap();
    p.drive();
    assert!(
        p.esme_events
            .iter()
            .any(|e| matches!(e, Event::Congestion(40)))
    );
    let bind_resp = smpp::decode(&p.esme_seen, &DecodeOptions::default()).unwrap();
    assert_eq!(bind_resp.pdu.tlvs().unwrap().congestion_state(), Some(40));
    p.smsc.set_congestion(70);
    let multi = pdus::bytes(pdus::SUBMIT_MULTI);
    let multi = smpp::decode(&multi, &DecodeOptions::default()).unwrap();
    p.esme.submit(p.now, &multi.pdu, 1).unwrap();
    p.drive();
    let seq = p
        .smsc_events
        .iter()
        .find_map(|e| match e {
            Event::Request(r) => Some(r.sequence_number()),
            _ => None,
        })
        .expect("the submit_multi reached the SMSC's caller");
    let resp = smpp::Pdu::SubmitMultiResp(smpp::SubmitMultiResp {
        message_id: "m1".try_into().unwrap(),
        ..Default::default()
    });
    p.smsc.respond(seq, CommandStatus::ESME_ROK, &resp).unwrap();
    p.drive();
    assert!(
        p.esme_events
            .iter()
            .any(|e| matches!(e, Event::Congestion(70)))
    );
    assert!(matches!(&p.outcomes()[..], [(1, Outcome::Accepted(_))]));
}

// v3.4 §5.1.3 ESME_RTHROTTLED "ESME has exceeded allowed message limits": an SMSC with an
// inbound cap answers requests above it so, with an event; the ESME backs off and resends.
#[test]
fn rejects_requests_above_inbound_rate_cap_with_throttled() {
    let mut s = smsc_config(true);
    s.inbound_rate_limit = Some(RateLimit {
        pdus: 2,
        per: Duration::from_secs(1),
    });
    let mut p = Pair::bound(BindKind::Transmitter, esme_config(), s);
    for (i, m) in ["a", "b", "c"].into_iter().enumerate() {
        p.submit(m, i as u32).unwrap();
    }
    p.drive();
    assert!(
        headers(&p.esme_seen)
            .iter()
            .any(|h| h.0 == CommandId::SUBMIT_SM_RESP && h.1 == CommandStatus::ESME_RTHROTTLED)
    );
    assert_eq!(
        p.smsc_events
            .iter()
            .filter(
                |e| matches!(e, Event::InboundThrottled(h) if h.command_id == CommandId::SUBMIT_SM)
            )
            .count(),
        1
    );
    p.advance(Duration::from_secs(2));
    let o = p.outcomes();
    assert_eq!(o.len(), 3);
    assert!(o.iter().all(|(_, o)| is_accepted(o)), "{o:?}");
}

// Issue #14 defaults: the ESME takes what carriers send (a deliver_sm with sequence_number
// bit 31 set and TON 7) and reports it; the SMSC answers a request breaking a rule with the
// prescribed status and does not hand it on.
#[test]
fn accepts_carrier_mo_on_esme_and_enforces_rules_on_smsc() {
    let mut p = Pair::bound(BindKind::Receiver, esme_config(), smsc_config(false));
    assert_eq!(
        answer_to(p.now, &mut p.esme, pdus::DELIVER_SM_CARRIER_MO),
        []
    );
    let ev = events(&mut p.esme);
    let Some(Event::Nonconformant { violations, .. }) =
        ev.iter().find(|e| matches!(e, Event::Nonconformant { .. }))
    else {
        panic!("{ev:?}")
    };
    assert_eq!(violations.len(), 2);
    assert!(
        ev.iter()
            .any(|e| matches!(e, Event::Request(r) if r.sequence_number() == 0x8000_0001))
    );
    p.esme.ack(0x8000_0001, CommandStatus::ESME_ROK).unwrap();
    let mut out = Vec::new();
    while p.esme.poll_transmit(&mut out) {}
    assert_eq!(
        headers(&out),
        [(
            CommandId::DELIVER_SM_RESP,
            CommandStatus::ESME_ROK,
            0x8000_0001
        )]
    );

    let mut p = Pair::bound(BindKind::Transmitter, esme_config(), smsc_config(true));
    assert_eq!(
        answer_to(p.now, &mut p.smsc, pdus::SUBMIT_SM_PRIORITY_5),
        [(
            CommandId::SUBMIT_SM_RESP,
            CommandStatus::ESME_RINVPRTFLG,
            21
        )]
    );
    let ev = events(&mut p.smsc);
    assert!(matches!(
        &ev[..],
        [Event::ProtocolError(ProtocolError::Invalid {
            status: CommandStatus::ESME_RINVPRTFLG,
            ..
        })]
    ));
}
