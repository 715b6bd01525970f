//! One bound ESME, on a [`Link`] of smpp's [`SmscServer`](smpp::tokio::SmscServer): it
//! answers every request as the [`Policy`](super::policy::Policy) decides (with bodies,
//! maybe later, maybe dropping the transport after), and sends receipts and MO messages
//! when their time comes. The driver (framing, session, protocol timers, tap) is smpp's.

use core::future::Future;
use core::pin::Pin;
use core::time::Duration;
use std::boxed::Box;
use std::collections::BinaryHeap;
use std::format;
use std::string::String;
use std::sync::Arc;
use std::time::Instant;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use smpp::bytes::Bytes;
use smpp::session::{BindKind, Outcome};
use smpp::tokio::{Link, LinkError, LinkEvent, Responder, SmscLink};
use smpp::{CommandStatus, InterfaceVersion, Npi, Pdu, Ton};
use tokio::sync::mpsc;

use super::count::{Counted, MessageCounter};
use super::mo::Mo;
use super::policy::Planned;
use super::receipt::{Address, Receipt};
use super::server::{Shared, unix_now};
use super::store::HeldKind;
use super::{SimulatorEvent, answer};

/// Something to do later on this bind.
#[derive(Debug)]
enum Job {
    /// A receipt's time has come (`send`: registered_delivery asked for it).
    Receipt { receipt: Box<Receipt>, send: bool },
    /// The next periodic MO message.
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

/// The simulator's state of one bind besides smpp's session.
pub(crate) struct Conn {
    id: u64,
    pub(crate) shared: Arc<Shared>,
    pub(crate) link: Link,
    kind: BindKind,
    pub(crate) system_id: String,
    version: InterfaceVersion,
    jobs: BinaryHeap<Timed>,
    job_n: u64,
    counter: MessageCounter,
    received: u64,
    mo_n: u64,
    last_originator: Option<Address>,
    closed: bool,
    /// Drop the transport once the current submission is answered (after this delay).
    drop_after_response: Option<Duration>,
    /// The deliver_sm sent on this bind, awaiting their outcomes (in this task: no task
    /// per receipt).
    sending: FuturesUnordered<Sending>,
}

/// A deliver_sm on its way: it resolves to the PDU, what it carries and its outcome.
type Sending = Pin<Box<dyn Future<Output = (Bytes, HeldKind, Result<Outcome, LinkError>)> + Send>>;

impl core::fmt::Debug for Conn {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Conn")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
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
    let (tx, mut routed) = mpsc::unbounded_channel();
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
        sending: FuturesUnordered::new(),
    };
    c.on_bound(tx);
    let mut events_open = true;
    loop {
        let deadline = c.jobs.peek().map(|j| j.at);
        tokio::select! {
            biased;
            r = incoming.recv() => match r {
                Some(mut r) => {
                    if let Some(reply) = r.responder() {
                        // Decoded once, by the session: the fields are views of the frame.
                        answer::answer(&mut c, reply, &r.pdu());
                    }
                }
                // The driver is gone: the connection closed.
                None => break,
            },
            e = events.recv(), if events_open => match e {
                Some(LinkEvent::Closed(reason)) => {
                    c.closed = true;
                    c.shared.event(SimulatorEvent::Closed { connection: c.id, reason });
                }
                Some(_) => {}
                None => events_open = false,
            },
            Some((pdu, kind)) = routed.recv() => c.send(pdu, kind),
            Some((pdu, kind, result)) = c.sending.next(), if !c.sending.is_empty() => {
                c.sent(pdu, kind, result);
            }
            () = sleep_until(deadline) => c.on_timer(),
        }
    }
    c.closed = true;
    c.shared.unregister(c.id);
    // What was in its window ends now (the driver is gone): lost ones go to another
    // bind or wait for the next.
    while let Some((pdu, kind, result)) = c.sending.next().await {
        c.sent(pdu, kind, result);
    }
    // Store and forward: what this bind did not deliver waits for the next bind (what
    // was in its window is held by the task awaiting its outcome).
    routed.close();
    while let Ok((pdu, kind)) = routed.try_recv() {
        c.shared.route_or_hold(&c.system_id, c.id, pdu, kind);
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
    fn on_bound(&mut self, routed: mpsc::UnboundedSender<(Bytes, HeldKind)>) {
        if self.kind.esme_receives() {
            // What waited for this system_id goes first, oldest first.
            for (pdu, kind) in self.shared.attach(&self.system_id, self.id, routed) {
                self.send(pdu, kind);
            }
            let mo_every = self.shared.policy().config().mo_every;
            if let Some(every) = mo_every {
                self.schedule(every, Job::Mo);
            }
        }
        self.shared.event(SimulatorEvent::Bound {
            connection: self.id,
            system_id: self.system_id.clone(),
            kind: self.kind,
        });
    }

    /// Sends a deliver_sm (a receipt or an MO message) on this bind; its outcome is
    /// counted when it comes, and what is not acknowledged is held for the next bind of
    /// the system_id.
    fn send(&mut self, pdu: Bytes, kind: HeldKind) {
        let outcome = self.link.submit_encoded(pdu.clone());
        self.sending
            .push(Box::pin(async move { (pdu, kind, outcome.await) }));
    }

    /// Counts the outcome of a deliver_sm sent on this bind; what was not acknowledged
    /// goes to another receiving bind of the system_id, or waits for the next one.
    fn sent(&self, pdu: Bytes, kind: HeldKind, result: Result<Outcome, LinkError>) {
        let receipt = kind == HeldKind::Receipt;
        match result {
            Ok(Outcome::Accepted(_)) => {
                if receipt {
                    self.shared.policy().stats.receipts_acked += 1;
                }
                return;
            }
            // Answered with an error, or lost with the connection.
            Ok(_) if receipt => self.shared.policy().stats.receipts_failed += 1,
            // Not bound for it any more (closing).
            Ok(_) | Err(_) => {}
        }
        self.shared
            .route_or_hold(&self.system_id, self.id, pdu, kind);
    }

    /// Sends a deliver_sm to this ESME: on this bind if it receives, else on another
    /// receiving bind of the same system_id (an ESME with separate transmitter and
    /// receiver binds), else held until one binds.
    fn deliver(&mut self, pdu: Bytes, kind: HeldKind) {
        if self.kind.esme_receives() && !self.closed {
            self.send(pdu, kind);
        } else {
            self.shared
                .route_or_hold(&self.system_id, self.id, pdu, kind);
        }
    }

    fn schedule(&mut self, after: Duration, job: Job) {
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
                Job::Mo => self.send_periodic_mo(),
                Job::Drop => self.drop_transport(),
            }
        }
    }

    fn drop_transport(&mut self) {
        // The answers already due go out, then the transport closes without unbind.
        if self.link.abort().is_ok() {
            self.shared.policy().stats.dropped_connections += 1;
        }
    }

    fn receipt_due(&mut self, mut receipt: Receipt, send: bool) {
        let unix = unix_now();
        receipt.state = self.shared.policy().finish(&receipt, unix);
        if !send {
            return;
        }
        let copies = self.shared.policy().receipt_copies(&receipt);
        for (state, times) in copies.sends() {
            if times == 0 {
                continue;
            }
            receipt.state = state;
            let Some(pdu) = receipt.encode(unix) else {
                self.shared.policy().stats.receipts_unroutable += u64::from(times);
                continue;
            };
            self.shared.policy().stats.receipts_sent += u64::from(times);
            for _ in 1..times {
                self.deliver(pdu.clone(), HeldKind::Receipt);
            }
            self.deliver(pdu, HeldKind::Receipt);
        }
    }

    /// The periodic MO: "MO n from sms smsc" from a handset to the last sender this bind
    /// submitted from (else the short code 12345).
    fn send_periodic_mo(&mut self) {
        let mo_every = self.shared.policy().config().mo_every;
        let Some(every) = mo_every else {
            return;
        };
        self.mo_n += 1;
        let to = (self.last_originator.clone())
            .unwrap_or_else(|| Address::new(Ton::UNKNOWN, Npi::ISDN, "12345"));
        let mo = Mo::new(
            self.system_id.clone(),
            Address::international("447700900999"),
            to,
            format!("MO {} from sms smsc", self.mo_n),
        );
        for pdu in mo.encode(self.mo_n as u8).unwrap_or_default() {
            self.deliver(pdu, HeldKind::Mo);
            self.shared.policy().stats.mo_sent += 1;
        }
        self.schedule(every, Job::Mo);
    }

    /// Counts a submission (whole messages, once their last part arrived) and plans the
    /// connection drop it may trigger.
    pub(crate) fn after_submission(
        &mut self,
        originator: &Address,
        recipient: &Address,
        concat: Option<gsm7::Concat>,
    ) {
        self.received += 1;
        self.last_originator = Some(originator.clone());
        let now = self.shared.start.elapsed();
        let counted = (self.counter).push(now, &originator.addr, &recipient.addr, concat);
        let mut policy = self.shared.policy();
        if matches!(counted, Counted::Whole | Counted::Completed { .. }) {
            policy.stats.messages += 1;
        }
        if policy.drop_after(self.received) {
            // Right after the response.
            self.drop_after_response = Some(policy.config().faults.response_delay);
        }
    }

    /// Plans the receipt of an accepted submission.
    pub(crate) fn plan_receipt(&mut self, planned: Planned) {
        let job = Job::Receipt {
            receipt: Box::new(planned.receipt),
            send: planned.send,
        };
        self.schedule(planned.after, job);
    }

    /// Answers the request `reply` goes to with `status` and `pdu` now or, by smpp's
    /// driver, after `delay`; then drops the transport if the fault asks for it.
    pub(crate) fn answer_after(
        &mut self,
        delay: Duration,
        reply: Responder,
        status: CommandStatus,
        pdu: Pdu<'_>,
    ) {
        // Fails only when the link is gone meanwhile: nobody is left to answer.
        let _ = if delay.is_zero() {
            self.link.respond(reply, status, pdu)
        } else {
            self.link.respond_after(delay, reply, status, pdu)
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
