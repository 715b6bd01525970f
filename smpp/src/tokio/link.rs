//! The connection driver shared by both roles (quinn's `ConnectionDriver`): it owns the
//! transport and the timer, feeds input to the [`Session`], then drains output.

use core::future::Future;
use std::collections::VecDeque;
use std::time::Instant;

use bytes::{Buf, Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot};

use crate::session::{
    BindKind, CloseReason, Event, Incoming, Outcome, ProtocolError, Session, SubmitErrorKind,
};
use crate::{CommandStatus, Header, Pdu};

/// What a driver reports besides outcomes and requests. Informational: when nobody
/// reads them, the newest are dropped (never the driver blocked).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum LinkEvent {
    /// The session bound (again, after a reconnect).
    Bound {
        /// How.
        kind: BindKind,
        /// The peer's system_id.
        system_id: String,
    },
    /// The peer throttled us; new requests wait until `until`.
    Throttled {
        /// ESME_RTHROTTLED or ESME_RMSGQFUL.
        status: CommandStatus,
        /// End of the back-off.
        until: Instant,
    },
    /// The peer's congestion_state changed (SMPP 5.0 §4.8.4.17).
    Congestion(u8),
    /// A response matching no outstanding request.
    UnexpectedResponse(Header),
    /// The peer sent something malformed or out of place (already answered).
    ProtocolError(ProtocolError),
    /// The connection ended (a reconnect may follow).
    Closed(CloseReason),
}

/// Bytes waiting to be written beyond which the driver stops reading (back-pressure
/// on a peer that sends but does not read).
const MAX_OUTPUT: usize = 1 << 20;

/// What a request's caller is finally told.
pub(crate) type Reply = oneshot::Sender<Result<Outcome, SubmitErrorKind>>;

/// A request on its way to the driver, already encoded.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) pdu: Bytes,
    pub(crate) reply: Reply,
}

/// Commands from handles to the driver.
#[derive(Debug)]
pub(crate) enum Control {
    Ack(u32, CommandStatus),
    Respond(u32, CommandStatus, Pdu<'static>),
    Unbind,
}

/// Why a request through a [`Link`] got no [`Outcome`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LinkError {
    /// The driver is gone (shut down, or reconnecting was given up).
    #[error("link closed")]
    Closed,
    /// The session refused the request (not allowed on this bind, not a whole PDU).
    #[error("request refused: {0}")]
    Refused(SubmitErrorKind),
}

/// A cloneable handle to a running driver: send requests and answer the peer's.
#[derive(Clone, Debug)]
pub struct Link {
    pub(crate) requests: mpsc::Sender<Request>,
    pub(crate) control: mpsc::UnboundedSender<Control>,
}

impl Link {
    /// Sends a request and resolves to its one [`Outcome`]. The PDU is encoded now, so
    /// the future borrows nothing; it waits while the window is full (back-pressure:
    /// a bounded queue, never an unbounded one).
    pub fn submit(
        &self,
        pdu: &Pdu<'_>,
    ) -> impl Future<Output = Result<Outcome, LinkError>> + Send + 'static {
        let mut buf = BytesMut::with_capacity(pdu.encoded_len());
        crate::encode(0, CommandStatus::ESME_ROK, pdu, &mut buf);
        self.submit_encoded(buf.freeze())
    }

    /// [`submit`](Self::submit) for a PDU already encoded (any sequence number).
    ///
    /// The request is queued when this is called, not when the future is first polled,
    /// so requests go out in the order of the calls (the parts of a long message stay
    /// in order even when each future is spawned as its own task) as long as the queue
    /// ([`EsmeConfig::queue`](super::EsmeConfig::queue)) has room; past that, the
    /// future waits for room when polled.
    pub fn submit_encoded(
        &self,
        pdu: Bytes,
    ) -> impl Future<Output = Result<Outcome, LinkError>> + Send + 'static {
        let requests = self.requests.clone();
        let (reply, rx) = oneshot::channel();
        let waiting = match self.requests.try_send(Request { pdu, reply }) {
            Ok(()) => Ok(None),
            Err(mpsc::error::TrySendError::Full(r)) => Ok(Some(r)),
            Err(mpsc::error::TrySendError::Closed(_)) => Err(LinkError::Closed),
        };
        async move {
            if let Some(r) = waiting? {
                requests.send(r).await.map_err(|_| LinkError::Closed)?;
            }
            match rx.await {
                Ok(Ok(outcome)) => Ok(outcome),
                Ok(Err(kind)) => Err(LinkError::Refused(kind)),
                Err(_) => Err(LinkError::Closed),
            }
        }
    }

    /// Answers the peer's request `sequence_number` with the minimal response
    /// ([`Session::ack`]).
    pub fn ack(&self, sequence_number: u32, status: CommandStatus) -> Result<(), LinkError> {
        self.control
            .send(Control::Ack(sequence_number, status))
            .map_err(|_| LinkError::Closed)
    }

    /// Answers the peer's request `sequence_number` with a full response PDU
    /// ([`Session::respond`]): e.g. a query_sm_resp with its body. The PDU must be the
    /// response type of the request; one that is not is dropped by the session (and the
    /// request stays pending until answered).
    pub fn respond(
        &self,
        sequence_number: u32,
        status: CommandStatus,
        pdu: Pdu<'_>,
    ) -> Result<(), LinkError> {
        self.control
            .send(Control::Respond(sequence_number, status, pdu.into_owned()))
            .map_err(|_| LinkError::Closed)
    }

    /// Starts a graceful unbind ([`Session::unbind`]); the driver closes the transport
    /// once the session is over.
    pub fn unbind(&self) -> Result<(), LinkError> {
        self.control
            .send(Control::Unbind)
            .map_err(|_| LinkError::Closed)
    }
}

/// The receiving ends a driver works from; they outlive one connection.
#[derive(Debug)]
pub(crate) struct Inbox {
    pub(crate) requests: mpsc::Receiver<Request>,
    pub(crate) control: mpsc::UnboundedReceiver<Control>,
    pub(crate) incoming: mpsc::Sender<Incoming>,
    pub(crate) events: mpsc::Sender<LinkEvent>,
    pub(crate) control_open: bool,
    pub(crate) unbind_requested: bool,
}

/// Makes a handle, its inbox and the receiver of incoming requests.
pub(crate) fn channels(
    queue: usize,
    incoming: usize,
) -> (
    Link,
    Inbox,
    mpsc::Receiver<Incoming>,
    mpsc::Receiver<LinkEvent>,
) {
    let (events_tx, events_rx) = mpsc::channel(256);
    let (requests_tx, requests) = mpsc::channel(queue.max(1));
    let (control_tx, control) = mpsc::unbounded_channel();
    let (incoming_tx, incoming_rx) = mpsc::channel(incoming.max(1));
    (
        Link {
            requests: requests_tx,
            control: control_tx,
        },
        Inbox {
            requests,
            control,
            incoming: incoming_tx,
            events: events_tx,
            control_open: true,
            unbind_requested: false,
        },
        incoming_rx,
        events_rx,
    )
}

pub(crate) fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// Runs `session` over `stream` until the session closes; returns why. Events other
/// than outcomes and requests go to `observe`, which may ask to close by returning
/// `true`.
pub(crate) async fn drive<S>(
    session: &mut Session<Reply>,
    stream: S,
    inbox: &mut Inbox,
    mut observe: impl FnMut(&Event<Reply>) -> bool,
) -> CloseReason
where
    S: AsyncRead + AsyncWrite,
{
    let (mut rd, mut wr) = tokio::io::split(stream);
    let mut input = BytesMut::with_capacity(64 * 1024);
    let mut output = BytesMut::with_capacity(64 * 1024);
    let mut pending: VecDeque<Incoming> = VecDeque::new();
    let mut closed = None;
    loop {
        // Drain rule: requests while the window has room, then transmit, events, timer.
        let t = now();
        while session.can_submit(t) {
            match inbox.requests.try_recv() {
                Ok(r) => submit(session, t, r),
                Err(_) => break,
            }
        }
        session.poll_transmit(&mut output);
        while let Some(event) = session.poll_event() {
            match event {
                Event::Outcome { token, outcome, .. } => {
                    let _ = token.send(Ok(outcome));
                }
                Event::Request(r) => {
                    if !inbox.incoming.is_closed() {
                        pending.push_back(r);
                    } else if !r.answered() {
                        // Nobody listens for requests: refuse rather than leave the
                        // peer waiting for a response that never comes.
                        let _ = session.ack(r.sequence_number(), CommandStatus::ESME_RSYSERR);
                    }
                }
                Event::Closed(reason) => {
                    let _ = inbox.events.try_send(LinkEvent::Closed(reason));
                    closed = Some(reason);
                }
                other => {
                    let report = match &other {
                        Event::Bound {
                            kind, system_id, ..
                        } => Some(LinkEvent::Bound {
                            kind: *kind,
                            system_id: system_id.clone(),
                        }),
                        Event::Throttled { status, until } => Some(LinkEvent::Throttled {
                            status: *status,
                            until: *until,
                        }),
                        Event::Congestion(c) => Some(LinkEvent::Congestion(*c)),
                        Event::UnexpectedResponse(h) => Some(LinkEvent::UnexpectedResponse(*h)),
                        Event::ProtocolError(e) => Some(LinkEvent::ProtocolError(e.clone())),
                        _ => None,
                    };
                    if let Some(r) = report {
                        let _ = inbox.events.try_send(r);
                    }
                    if observe(&other) {
                        session.handle_close(now());
                    }
                }
            }
        }
        if let Some(reason) = closed {
            // Send what is left (unbind_resp, generic_nack…), then close.
            let flush = async {
                wr.write_all(&output).await?;
                wr.shutdown().await
            };
            let _ = tokio::time::timeout(core::time::Duration::from_secs(1), flush).await;
            return reason;
        }
        let mut deadline = session.poll_timeout();
        // Requests waiting on the rate limit or a back-off: wake when it ends (the
        // session has no timer for the end of a rate-limit pause).
        if !inbox.requests.is_empty()
            && let Some(resume) = session.submit_blocked_until(now())
        {
            deadline = Some(deadline.map_or(resume, |d| d.min(resume)));
        }
        let deadline = deadline.map(tokio::time::Instant::from_std);
        let may_submit = session.can_submit(now());
        // Biased, writes last: everything ready is taken in before the next write, so
        // writes (and syscalls) are batched under load.
        tokio::select! {
            biased;
            r = rd.read_buf(&mut input), if pending.is_empty() && output.len() < MAX_OUTPUT => match r {
                Ok(0) | Err(_) => session.handle_close(now()),
                Ok(_) => {
                    session.handle_input(now(), &input);
                    input.clear();
                }
            },
            Some(r) = inbox.requests.recv(), if may_submit => submit(session, now(), r),
            permit = inbox.incoming.reserve(), if !pending.is_empty() => match permit {
                Ok(p) => {
                    if let Some(r) = pending.pop_front() {
                        p.send(r);
                    }
                }
                Err(_) => {
                    for r in pending.drain(..) {
                        if !r.answered() {
                            let _ = session.ack(r.sequence_number(), CommandStatus::ESME_RSYSERR);
                        }
                    }
                }
            },
            c = inbox.control.recv(), if inbox.control_open => match c {
                Some(Control::Ack(seq, status)) => {
                    let _ = session.ack(seq, status);
                }
                Some(Control::Respond(seq, status, pdu)) => {
                    let _ = session.respond(seq, status, &pdu);
                }
                Some(Control::Unbind) => {
                    inbox.unbind_requested = true;
                    if session.unbind(now()).is_err() {
                        session.handle_close(now());
                    }
                }
                None => inbox.control_open = false,
            },
            () = sleep_until(deadline) => session.handle_timeout(now()),
            w = wr.write(&output), if !output.is_empty() => match w {
                Ok(0) | Err(_) => session.handle_close(now()),
                Ok(n) => output.advance(n),
            },
        }
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => core::future::pending().await,
    }
}

fn submit(session: &mut Session<Reply>, now: Instant, r: Request) {
    if let Err(e) = session.submit_encoded(now, r.pdu, r.reply) {
        let _ = e.token.send(Err(e.kind));
    }
}
