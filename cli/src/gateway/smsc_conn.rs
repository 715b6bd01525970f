//! One ESME connection of the SMSC simulator: a driver over the sans-IO SMSC
//! [`Session`] (read, feed, drain transmit and events, arm the timer) that answers every
//! request as the [`Simulator`](super::simulator::Simulator) decides, and sends receipts
//! and MO messages when their time comes.
//!
//! It drives the session itself rather than through `smpp::tokio::SmscServer` because
//! the simulator must answer with bodies (submit_sm_resp with its own id, query_sm_resp,
//! submit_multi_resp, broadcast_sm_resp), delay answers, drop the transport abruptly and
//! log every PDU — none of which the server's `Link` offers yet.

use std::collections::{BinaryHeap, VecDeque};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use smpp::bytes::{Buf, Bytes, BytesMut};
use smpp::session::{BindKind, Config, Event, Incoming, InterfaceVersion, MessageIds, Session};
use smpp::{Bind, CommandStatus, DeliverSm, Npi, Pdu, Ton};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use super::pdulog::{self, Dir};
use super::reassembly::MessageCounter;
use super::receipts::{self, Address, Receipt};
use super::responses;
use super::simulator::HeldKind;
use super::smsc::{Log, Shared};

/// What a deliver_sm we sent was.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Out {
    Receipt,
    Mo,
}

impl Out {
    fn held(self) -> HeldKind {
        match self {
            Self::Receipt => HeldKind::Receipt,
            Self::Mo => HeldKind::Mo,
        }
    }
}

/// A deliver_sm in the session's window: what it is and its bytes, to hold it for the
/// next bind if it is not acknowledged.
type Sent = (Out, Bytes);

/// Something to do later on this connection.
#[derive(Debug)]
pub(crate) enum Job {
    /// A delayed answer to submission `seq`.
    Respond(responses::Deferred),
    /// A receipt's time has come (`send`: registered_delivery asked for it).
    Receipt { receipt: Box<Receipt>, send: bool },
    /// The next MO message.
    Mo,
    /// Close the transport abruptly (fault injection).
    Drop,
}

#[derive(Debug)]
struct Timed {
    at: Instant,
    n: u64,
    job: Job,
}

impl PartialEq for Timed {
    fn eq(&self, o: &Self) -> bool {
        (self.at, self.n) == (o.at, o.n)
    }
}
impl Eq for Timed {}
impl PartialOrd for Timed {
    fn partial_cmp(&self, o: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Timed {
    // Reversed: BinaryHeap is a max-heap and the earliest job must come first.
    fn cmp(&self, o: &Self) -> core::cmp::Ordering {
        (o.at, o.n).cmp(&(self.at, self.n))
    }
}

/// The state of one connection besides its session.
pub(crate) struct Conn {
    pub(crate) id: u64,
    pub(crate) shared: Arc<Shared>,
    pub(crate) session: Session<Sent>,
    jobs: BinaryHeap<Timed>,
    job_n: u64,
    /// deliver_sm waiting for a window slot.
    queue: VecDeque<(Bytes, Out)>,
    counter: MessageCounter,
    bound: Option<(BindKind, String)>,
    received: u64,
    mo_n: u64,
    last_originator: Option<Address>,
    drop_now: bool,
    /// Drop the transport once the current submission is answered (after this delay).
    drop_after_response: Option<core::time::Duration>,
}

impl core::fmt::Debug for Conn {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Conn")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Seconds since the Unix epoch (receipt dates).
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The session configuration of the simulator's binds.
fn session_config(lenient: bool) -> Config {
    let mut c = Config::default();
    if lenient {
        // Forgive the structure's quirks, and report rule violations instead of answering
        // them with the prescribed status (an SMSC enforces by default).
        c.decode = smpp::DecodeOptions::lenient();
        c.validation = smpp::session::Validation::Report;
    }
    // Receipts in flight per bind.
    c.window = 512;
    c.max_incoming = 4096;
    // Answer 3.4 ESMEs as 3.4, 5.0 ones as 5.0 (broadcast_sm needs it).
    c.interface_version = InterfaceVersion::V50;
    c.system_id = "sms-smsc".into();
    c
}

/// Serves one accepted connection until it closes.
pub(crate) async fn serve(shared: Arc<Shared>, stream: TcpStream, id: u64) {
    let _ = stream.set_nodelay(true);
    let (tx, mut routed) = mpsc::unbounded_channel::<Bytes>();
    let lenient = shared.sim().config().lenient;
    let auth_shared = shared.clone();
    let auth = move |_kind: BindKind, bind: &Bind<'_>| {
        auth_shared
            .sim()
            .bind(bind.system_id.as_bytes(), bind.password.as_bytes())
    };
    let session = Session::smsc(
        session_config(lenient),
        Instant::now(),
        auth,
        MessageIds::default(),
    );
    let mut c = Conn {
        id,
        shared,
        session,
        jobs: BinaryHeap::new(),
        job_n: 0,
        queue: VecDeque::new(),
        counter: MessageCounter::default(),
        bound: None,
        received: 0,
        mo_n: 0,
        last_originator: None,
        drop_now: false,
        drop_after_response: None,
    };
    let (mut rd, mut wr) = stream.into_split();
    let mut input = BytesMut::with_capacity(64 * 1024);
    let mut log_in = BytesMut::new();
    let mut output = BytesMut::with_capacity(64 * 1024);
    let logging = c.shared.log == Log::Json;
    loop {
        let closed = c.drain(&mut output, &tx);
        if c.drop_now {
            // The answers already due go out, then the transport closes without unbind.
            let _ = tokio::time::timeout(core::time::Duration::from_secs(1), wr.write_all(&output))
                .await;
            c.shared.sim().stats.dropped_connections += 1;
            break;
        }
        if closed {
            let _ = tokio::time::timeout(core::time::Duration::from_secs(1), async {
                wr.write_all(&output).await?;
                wr.shutdown().await
            })
            .await;
            break;
        }
        let deadline = match (c.session.poll_timeout(), c.jobs.peek().map(|j| j.at)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        tokio::select! {
            biased;
            // Back-pressure: an ESME that sends but does not read is not read either
            // once a megabyte of answers waits for it.
            r = rd.read_buf(&mut input), if output.len() < 1 << 20 => match r {
                Ok(0) | Err(_) => c.session.handle_close(Instant::now()),
                Ok(_) => {
                    if logging {
                        log_in.extend_from_slice(&input);
                        pdulog::log_frames(Dir::In, id, &mut log_in);
                    }
                    c.session.handle_input(Instant::now(), &input);
                    input.clear();
                }
            },
            Some(pdu) = routed.recv() => c.queue.push_back((pdu, Out::Receipt)),
            () = sleep_until(deadline) => c.on_timer(),
            w = wr.write(&output), if !output.is_empty() => match w {
                Ok(0) | Err(_) => c.session.handle_close(Instant::now()),
                Ok(n) => output.advance(n),
            },
        }
    }
    c.shared.unregister(id);
    // Store and forward: what this connection did not deliver waits for the next bind.
    routed.close();
    while let Ok(pdu) = routed.try_recv() {
        c.queue.push_back((pdu, Out::Receipt));
    }
    c.hold_undelivered();
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d.into()).await,
        None => core::future::pending().await,
    }
}

impl Conn {
    /// The drain rule: queued deliver_sm into the window, then transmit and events until
    /// nothing is left. Returns whether the session closed.
    fn drain(&mut self, output: &mut BytesMut, routed: &mpsc::UnboundedSender<Bytes>) -> bool {
        let mut closed = false;
        loop {
            self.flush_queue();
            let before = output.len();
            let sent = self.session.poll_transmit(output);
            if sent && self.shared.log == Log::Json {
                let mut fresh = BytesMut::from(&output[before..]);
                pdulog::log_frames(Dir::Out, self.id, &mut fresh);
            }
            let mut any = sent;
            while let Some(event) = self.session.poll_event() {
                any = true;
                match event {
                    Event::Bound {
                        kind, system_id, ..
                    } => self.on_bound(kind, system_id, routed),
                    Event::Request(r) => self.on_request(&r),
                    Event::Outcome {
                        token: (out, pdu),
                        outcome,
                        ..
                    } => {
                        let ok = matches!(outcome, smpp::session::Outcome::Accepted(_));
                        match (out, ok) {
                            (Out::Receipt, true) => self.shared.sim().stats.receipts_acked += 1,
                            (Out::Receipt, false) => {
                                self.shared.sim().stats.receipts_failed += 1;
                                self.hold(pdu, out);
                            }
                            (Out::Mo, true) => {}
                            (Out::Mo, false) => self.hold(pdu, out),
                        }
                    }
                    Event::Closed(reason) => {
                        if self.shared.log == Log::Human {
                            println!("conn {}: closed ({reason:?})", self.id);
                        }
                        closed = true;
                    }
                    _ => {}
                }
            }
            if !any {
                return closed;
            }
        }
    }

    fn flush_queue(&mut self) {
        let now = Instant::now();
        while let Some((pdu, out)) = self.queue.pop_front() {
            if let Err(e) = self
                .session
                .submit_encoded(now, pdu.clone(), (out, pdu.clone()))
            {
                if e.kind == smpp::session::SubmitErrorKind::Busy {
                    self.queue.push_front((pdu, out));
                } else {
                    // Not bound for it any more (closing): held for the next bind.
                    self.hold(pdu, out);
                    continue;
                }
                return;
            }
        }
    }

    fn on_bound(
        &mut self,
        kind: BindKind,
        system_id: String,
        routed: &mpsc::UnboundedSender<Bytes>,
    ) {
        if kind.esme_receives() {
            // What waited for this system_id goes first, oldest first.
            let held = self.shared.sim().take_held(&system_id);
            for (pdu, kind) in held {
                let out = match kind {
                    HeldKind::Receipt => Out::Receipt,
                    HeldKind::Mo => Out::Mo,
                };
                self.queue.push_back((pdu, out));
            }
            self.shared.register(&system_id, self.id, routed.clone());
            let mo_every = self.shared.sim().config().mo_every;
            if let Some(every) = mo_every {
                self.schedule(every, Job::Mo);
            }
        }
        if self.shared.log == Log::Human {
            println!("conn {}: {system_id:?} bound as {kind:?}", self.id);
        }
        self.bound = Some((kind, system_id));
    }

    pub(crate) fn schedule(&mut self, after: core::time::Duration, job: Job) {
        self.job_n += 1;
        self.jobs.push(Timed {
            at: Instant::now() + after,
            n: self.job_n,
            job,
        });
    }

    fn on_timer(&mut self) {
        let now = Instant::now();
        self.session.handle_timeout(now);
        while self.jobs.peek().is_some_and(|j| j.at <= now) {
            let Some(Timed { job, .. }) = self.jobs.pop() else {
                break;
            };
            match job {
                Job::Respond(d) => responses::answer_deferred(self, d),
                Job::Receipt { receipt, send } => self.receipt_due(*receipt, send),
                Job::Mo => self.send_mo(),
                Job::Drop => self.drop_now = true,
            }
        }
    }

    fn receipt_due(&mut self, mut receipt: Receipt, send: bool) {
        let unix = unix_now();
        receipt.state = self.shared.sim().finish(&receipt, unix);
        if !send {
            return;
        }
        let copies = self.shared.sim().receipt_copies(&receipt);
        for copy in copies {
            let Ok(pdu) = copy.encode(unix) else {
                self.shared.sim().stats.receipts_unroutable += 1;
                continue;
            };
            self.shared.sim().stats.receipts_sent += 1;
            self.deliver(pdu, Out::Receipt);
        }
    }

    /// Sends a deliver_sm to this ESME: on this bind if it receives, else on another
    /// receiving bind of the same system_id (an ESME with separate transmitter and
    /// receiver binds), else held until one binds.
    fn deliver(&mut self, pdu: Bytes, out: Out) {
        let (receives, system_id) = match &self.bound {
            Some((kind, id)) => (kind.esme_receives(), id.clone()),
            None => (false, String::new()),
        };
        if receives && !self.session.is_closed() {
            self.queue.push_back((pdu, out));
        } else if !self.shared.route(&system_id, self.id, pdu.clone()) {
            self.hold(pdu, out);
        }
    }

    /// Keeps a deliver_sm this connection could not deliver for the next receiving bind of
    /// its system_id.
    fn hold(&mut self, pdu: Bytes, out: Out) {
        match &self.bound {
            Some((_, system_id)) => self.shared.sim().hold(system_id, pdu, out.held()),
            None => self.shared.sim().stats.receipts_unroutable += 1,
        }
    }

    /// The connection is over: what is in the window (unacknowledged) and in the queue is
    /// held for the next bind, and receipts not yet due are sent early.
    fn hold_undelivered(&mut self) {
        self.session.handle_close(Instant::now());
        while let Some(event) = self.session.poll_event() {
            if let Event::Outcome {
                token: (out, pdu),
                outcome,
                ..
            } = event
            {
                if matches!(outcome, smpp::session::Outcome::Accepted(_)) {
                    if matches!(out, Out::Receipt) {
                        self.shared.sim().stats.receipts_acked += 1;
                    }
                } else {
                    self.hold(pdu, out);
                }
            }
        }
        while let Some((pdu, out)) = self.queue.pop_front() {
            self.hold(pdu, out);
        }
        // Receipts not yet due go now, to another receiving bind or held: the connection
        // that planned them is gone, the messages are not.
        while let Some(Timed { job, .. }) = self.jobs.pop() {
            if let Job::Receipt { receipt, send } = job {
                self.receipt_due(*receipt, send);
            }
        }
    }

    fn send_mo(&mut self) {
        let mo_every = self.shared.sim().config().mo_every;
        let Some(every) = mo_every else {
            return;
        };
        self.mo_n += 1;
        let text = format!("MO {} from sms smsc", self.mo_n);
        let to = self.last_originator.clone().unwrap_or(Address {
            ton: Ton::UNKNOWN,
            npi: Npi::ISDN,
            addr: "12345".into(),
        });
        let sm = DeliverSm {
            source_addr_ton: Ton::INTERNATIONAL,
            source_addr_npi: Npi::ISDN,
            source_addr: "447700900999".try_into().unwrap_or_default(),
            dest_addr_ton: to.ton,
            dest_addr_npi: to.npi,
            destination_addr: to.addr.as_str().try_into().unwrap_or_default(),
            short_message: text.as_bytes().try_into().unwrap_or_default(),
            ..DeliverSm::default()
        };
        self.queue
            .push_back((receipts::encode(&Pdu::DeliverSm(sm)), Out::Mo));
        self.shared.sim().stats.mo_sent += 1;
        self.schedule(every, Job::Mo);
    }

    fn on_request(&mut self, r: &Incoming) {
        if r.answered() {
            return;
        }
        let seq = r.sequence_number();
        let frame = match r.decode(&self.session.config().decode) {
            Ok(f) => f,
            Err(e) => {
                let _ = self.session.ack(seq, CommandStatus::from(&e));
                return;
            }
        };
        responses::answer(self, seq, &frame.pdu);
    }

    /// Counts a submission and plans its receipt, the connection drop it may trigger.
    pub(crate) fn after_submission(
        &mut self,
        originator: &Address,
        recipient: &Address,
        concat: Option<gsm7::Concat>,
    ) {
        self.received += 1;
        self.last_originator = Some(originator.clone());
        let now = self.shared.start.elapsed();
        let counted = self
            .counter
            .push(now, &originator.addr, &recipient.addr, concat);
        if matches!(
            counted,
            super::reassembly::Counted::Whole | super::reassembly::Counted::Completed { .. }
        ) {
            self.shared.sim().stats.messages += 1;
        }
        if self.shared.sim().drop_after(self.received) {
            // Right after the response (scheduled first, so it runs first).
            let delay = self.shared.sim().config().faults.response_delay;
            self.drop_after_response = Some(delay);
        }
    }

    /// Plans the receipt of an accepted submission.
    pub(crate) fn plan_receipt(&mut self, planned: super::simulator::Planned) {
        self.schedule(
            planned.after,
            Job::Receipt {
                receipt: Box::new(planned.receipt),
                send: planned.send,
            },
        );
    }

    /// Answers now or after `delay`.
    pub(crate) fn answer_after(&mut self, delay: core::time::Duration, d: responses::Deferred) {
        if delay.is_zero() {
            responses::answer_deferred(self, d);
        } else {
            self.schedule(delay, Job::Respond(d));
        }
        match self.drop_after_response.take() {
            Some(d) if d.is_zero() => self.drop_now = true,
            Some(d) => self.schedule(d, Job::Drop),
            None => {}
        }
    }

    /// Whether the bind negotiated SMPP 5.0.
    pub(crate) fn is_v50(&self) -> bool {
        self.session.interface_version() >= InterfaceVersion::V50
    }
}
