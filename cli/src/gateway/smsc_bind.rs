//! One bound ESME of the SMSC simulator, on a [`Link`] of the library's
//! [`SmscServer`](smpp::tokio::SmscServer): it answers every request as the
//! [`Simulator`](super::simulator::Simulator) decides (with bodies, maybe later, maybe
//! dropping the transport after), and sends receipts and MO messages when their time comes.
//! The driver (framing, session, timers of the protocol, PDU log tap) is the library's.

use std::collections::BinaryHeap;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use smpp::bytes::Bytes;
use smpp::session::{BindKind, Outcome};
use smpp::tokio::{Incoming, Link, LinkEvent, Responder, SmscLink};
use smpp::{CommandStatus, DeliverSm, InterfaceVersion, Npi, Pdu, Ton};
use tokio::sync::mpsc;

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

/// Something to do later on this bind.
#[derive(Debug)]
pub(crate) enum Job {
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

/// The simulator's state of one bind besides the library's session.
pub(crate) struct Conn {
    pub(crate) id: u64,
    pub(crate) shared: Arc<Shared>,
    pub(crate) link: Link,
    kind: BindKind,
    system_id: String,
    version: InterfaceVersion,
    jobs: BinaryHeap<Timed>,
    job_n: u64,
    counter: MessageCounter,
    received: u64,
    mo_n: u64,
    last_originator: Option<Address>,
    closed: bool,
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

/// Serves one bound ESME until its link closes.
pub(crate) async fn serve(shared: Arc<Shared>, bound: SmscLink) {
    let SmscLink {
        link,
        mut incoming,
        mut events,
        kind,
        interface_version,
        system_id,
        connection,
        ..
    } = bound;
    let (tx, mut routed) = mpsc::unbounded_channel::<Bytes>();
    let mut c = Conn {
        id: connection,
        shared,
        link,
        kind,
        system_id,
        version: interface_version,
        jobs: BinaryHeap::new(),
        job_n: 0,
        counter: MessageCounter::default(),
        received: 0,
        mo_n: 0,
        last_originator: None,
        closed: false,
        drop_after_response: None,
    };
    c.on_bound(tx);
    let mut events_open = true;
    loop {
        let deadline = c.jobs.peek().map(|j| j.at);
        tokio::select! {
            biased;
            r = incoming.recv() => match r {
                Some(r) => c.on_request(r),
                // The driver is gone: the connection closed.
                None => break,
            },
            e = events.recv(), if events_open => match e {
                Some(LinkEvent::Closed(reason)) => {
                    c.closed = true;
                    if c.shared.log == Log::Human {
                        println!("conn {}: closed ({reason:?})", c.id);
                    }
                }
                Some(_) => {}
                None => events_open = false,
            },
            Some(pdu) = routed.recv() => c.send(pdu, Out::Receipt),
            () = sleep_until(deadline) => c.on_timer(),
        }
    }
    c.closed = true;
    c.shared.unregister(c.id);
    // Store and forward: what this bind did not deliver waits for the next bind (what
    // was in its window is held by the task awaiting its outcome).
    routed.close();
    while let Ok(pdu) = routed.try_recv() {
        c.hold(pdu, Out::Receipt);
    }
    // Receipts not yet due go now, to another receiving bind or held: the connection
    // that planned them is gone, the messages are not.
    while let Some(Timed { job, .. }) = c.jobs.pop() {
        if let Job::Receipt { receipt, send } = job {
            c.receipt_due(*receipt, send);
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d.into()).await,
        None => core::future::pending().await,
    }
}

impl Conn {
    fn on_bound(&mut self, routed: mpsc::UnboundedSender<Bytes>) {
        if self.kind.esme_receives() {
            // What waited for this system_id goes first, oldest first.
            let held = self.shared.sim().take_held(&self.system_id);
            for (pdu, kind) in held {
                let out = match kind {
                    HeldKind::Receipt => Out::Receipt,
                    HeldKind::Mo => Out::Mo,
                };
                self.send(pdu, out);
            }
            self.shared.register(&self.system_id, self.id, routed);
            let mo_every = self.shared.sim().config().mo_every;
            if let Some(every) = mo_every {
                self.schedule(every, Job::Mo);
            }
        }
        if self.shared.log == Log::Human {
            println!(
                "conn {}: {:?} bound as {:?}",
                self.id, self.system_id, self.kind
            );
        }
    }

    /// Sends a deliver_sm (a receipt or an MO message) on this bind; its outcome is
    /// counted when it comes, and what is not acknowledged is held for the next bind of
    /// the system_id.
    fn send(&self, pdu: Bytes, out: Out) {
        let outcome = self.link.submit_encoded(pdu.clone());
        let shared = self.shared.clone();
        let system_id = self.system_id.clone();
        tokio::spawn(async move {
            let result = outcome.await;
            let mut sim = shared.sim();
            match (out, result) {
                (Out::Receipt, Ok(Outcome::Accepted(_))) => sim.stats.receipts_acked += 1,
                (Out::Mo, Ok(Outcome::Accepted(_))) => {}
                (_, Ok(_)) => {
                    if matches!(out, Out::Receipt) {
                        sim.stats.receipts_failed += 1;
                    }
                    sim.hold(&system_id, pdu, out.held());
                }
                // Not bound for it any more (closing): held for the next bind.
                (_, Err(_)) => sim.hold(&system_id, pdu, out.held()),
            }
        });
    }

    /// Sends a deliver_sm to this ESME: on this bind if it receives, else on another
    /// receiving bind of the same system_id (an ESME with separate transmitter and
    /// receiver binds), else held until one binds.
    fn deliver(&mut self, pdu: Bytes, out: Out) {
        if self.kind.esme_receives() && !self.closed {
            self.send(pdu, out);
        } else if !self.shared.route(&self.system_id, self.id, pdu.clone()) {
            self.hold(pdu, out);
        }
    }

    /// Keeps a deliver_sm this bind could not deliver for the next receiving bind of its
    /// system_id.
    fn hold(&mut self, pdu: Bytes, out: Out) {
        self.shared.sim().hold(&self.system_id, pdu, out.held());
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
        while self.jobs.peek().is_some_and(|j| j.at <= now) {
            let Some(Timed { job, .. }) = self.jobs.pop() else {
                break;
            };
            match job {
                Job::Receipt { receipt, send } => self.receipt_due(*receipt, send),
                Job::Mo => self.send_mo(),
                Job::Drop => self.drop_transport(),
            }
        }
    }

    fn drop_transport(&mut self) {
        // The answers already due go out, then the transport closes without unbind.
        if self.link.abort().is_ok() {
            self.shared.sim().stats.dropped_connections += 1;
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
        self.deliver(receipts::encode(&Pdu::DeliverSm(sm)), Out::Mo);
        self.shared.sim().stats.mo_sent += 1;
        self.schedule(every, Job::Mo);
    }

    fn on_request(&mut self, mut r: Incoming) {
        let Some(to) = r.responder() else {
            return;
        };
        // Decoded once, by the session: the fields are views of the frame.
        responses::answer(self, to, &r.pdu());
    }

    /// Counts a submission and plans the connection drop it may trigger.
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
            // Right after the response.
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

    /// Answers request `to` with `status` and `pdu` now or, by the library's driver,
    /// after `delay`; then drops the transport if the fault asks for it.
    pub(crate) fn answer_after(
        &mut self,
        delay: core::time::Duration,
        to: Responder,
        status: CommandStatus,
        pdu: Pdu<'_>,
    ) {
        // Fails only when the link is gone meanwhile: nobody is left to answer.
        let _ = if delay.is_zero() {
            self.link.respond(to, status, pdu)
        } else {
            self.link.respond_after(delay, to, status, pdu)
        };
        match self.drop_after_response.take() {
            Some(d) if d.is_zero() => self.drop_transport(),
            Some(d) => self.schedule(d, Job::Drop),
            None => {}
        }
    }

    /// Whether the bind negotiated SMPP 5.0.
    pub(crate) fn is_v50(&self) -> bool {
        self.version >= InterfaceVersion::V50
    }
}
