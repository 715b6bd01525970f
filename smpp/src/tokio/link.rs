//! The connection driver shared by both roles (quinn's `ConnectionDriver`): it owns the
//! transport and the timer, feeds input to the [`Session`], then drains output.

use core::future::{Future, poll_fn};
use core::pin::Pin;
use core::time::Duration;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use futures_util::{Sink, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot};
use tokio_util::codec::{Decoder, FramedRead, FramedWrite};

use crate::session::{
    BindKind, CloseReason, Event, Incoming, Outcome, ProtocolError, Session, SubmitErrorKind,
};
use crate::{CommandStatus, DecodeOptions, Frame, Header, OwnedFrame, Pdu, SmppCodec};

/// Which way a frame went, for a [`Tap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Received from the peer.
    In,
    /// Sent to the peer.
    Out,
}

/// Sees every whole PDU a driver reads or writes, as its octets on the wire, with the
/// number of the connection (an [`SmscServer`](super::SmscServer) numbers its accepted
/// connections from 1; an [`EsmeClient`](super::EsmeClient) its connections, reconnects
/// included). For PDU logs and dissectors; it runs on the driver's task, so keep it short.
pub type Tap = Arc<dyn Fn(u64, Direction, &[u8]) + Send + Sync>;

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
    /// The peer sent something malformed or out of place (already answered). Boxed: the
    /// event channel of every idle link holds a block of these.
    ProtocolError(Box<ProtocolError>),
    /// The connection ended (a reconnect may follow).
    Closed(CloseReason),
}

/// Bytes waiting to be written beyond which the driver stops reading (back-pressure
/// on a peer that sends but does not read).
const MAX_OUTPUT: usize = 1 << 20;

/// The read and write buffers a connection starts with: none, so an idle bind holds only
/// what its bind exchange needed.
const INITIAL_BUFFER: usize = 0;

/// The read buffer of a link with traffic: a read takes a burst of PDUs in one system
/// call. Given once [`BUSY_AFTER`] PDUs came, given back when the link is idle (its
/// timer fires with nothing buffered).
const READ_BUFFER: usize = 64 * 1024;

/// PDUs received before the link counts as busy (a bind and a few enquire_links do not).
const BUSY_AFTER: u32 = 8;

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
    /// Boxed, as below: the control channel of every idle link holds a block of these.
    Respond(Box<(u32, CommandStatus, Pdu<'static>)>),
    RespondAt(Box<(Instant, u32, CommandStatus, Pdu<'static>)>),
    Abort,
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
        let mut buf = BytesMut::with_capacity(pdu.command_length(CommandStatus::ESME_ROK));
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
            .send(Control::Respond(Box::new((
                sequence_number,
                status,
                pdu.into_owned(),
            ))))
            .map_err(|_| LinkError::Closed)
    }

    /// Like [`respond`](Self::respond), `delay` from now (a slow SMSC, a simulator's
    /// response-time fault). The request stays pending meanwhile; the timer is the
    /// driver's.
    pub fn respond_after(
        &self,
        delay: Duration,
        sequence_number: u32,
        status: CommandStatus,
        pdu: Pdu<'_>,
    ) -> Result<(), LinkError> {
        let at = now() + delay;
        self.control
            .send(Control::RespondAt(Box::new((
                at,
                sequence_number,
                status,
                pdu.into_owned(),
            ))))
            .map_err(|_| LinkError::Closed)
    }

    /// Drops the transport abruptly, without unbind (fault injection, or a peer to be
    /// cut off): what is already queued to send goes out first (for at most a second),
    /// then the connection closes; requests in flight end
    /// [`Outcome::ConnectionLost`].
    pub fn abort(&self) -> Result<(), LinkError> {
        self.control
            .send(Control::Abort)
            .map_err(|_| LinkError::Closed)
    }

    /// Whether the driver is gone (the connection closed and, for an ESME, will not be
    /// reconnected).
    pub fn is_closed(&self) -> bool {
        self.control.is_closed()
    }

    /// Starts a graceful unbind ([`Session::unbind`]); the driver closes the transport
    /// once the session is over.
    pub fn unbind(&self) -> Result<(), LinkError> {
        self.control
            .send(Control::Unbind)
            .map_err(|_| LinkError::Closed)
    }
}

/// The peer's requests of one link (submit_sm on an SMSC, deliver_sm on an ESME), in the
/// order received. Bounded: while nobody takes them the driver stops reading.
///
/// Each waits boxed: the queue of an idle link then holds a block of pointers, not of
/// frames (a bound session's memory is mostly its queues).
#[derive(Debug)]
pub struct IncomingRequests(mpsc::Receiver<Box<Incoming>>);

impl IncomingRequests {
    /// The next request; `None` once the connection is gone and all were taken.
    pub async fn recv(&mut self) -> Option<Incoming> {
        self.0.recv().await.map(|r| *r)
    }

    /// The next request if one is waiting.
    pub fn try_recv(&mut self) -> Option<Incoming> {
        self.0.try_recv().ok().map(|r| *r)
    }
}

/// The [`LinkEvent`]s of one link. Informational: when nobody reads them, the newest are
/// dropped (the driver never waits for this queue).
#[derive(Debug)]
pub struct LinkEvents(mpsc::Receiver<Box<LinkEvent>>);

impl LinkEvents {
    /// The next event; `None` once the link is gone and all were taken.
    pub async fn recv(&mut self) -> Option<LinkEvent> {
        self.0.recv().await.map(|e| *e)
    }

    /// The next event if one is waiting.
    pub fn try_recv(&mut self) -> Option<LinkEvent> {
        self.0.try_recv().ok().map(|e| *e)
    }
}

/// The receiving ends a driver works from; they outlive one connection.
#[derive(Debug)]
pub(crate) struct Inbox {
    pub(crate) requests: mpsc::Receiver<Request>,
    pub(crate) control: mpsc::UnboundedReceiver<Control>,
    pub(crate) incoming: mpsc::Sender<Box<Incoming>>,
    pub(crate) events: mpsc::Sender<Box<LinkEvent>>,
    pub(crate) control_open: bool,
    pub(crate) unbind_requested: bool,
}

/// Makes a handle, its inbox and the receiver of incoming requests.
pub(crate) fn channels(
    queue: usize,
    incoming: usize,
) -> (Link, Inbox, IncomingRequests, LinkEvents) {
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
        IncomingRequests(incoming_rx),
        LinkEvents(events_rx),
    )
}

pub(crate) fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// Runs `session` over `stream` until the session closes; returns why. Events other
/// than outcomes and requests go to `observe`, which may ask to close by returning
/// `true`. The stream is read through a `FramedRead` and written through a
/// `FramedWrite`, both with [`SmppCodec`]: each burst of PDUs the session produces is
/// encoded into the write buffer and flushed once.
pub(crate) async fn drive<S>(
    session: &mut Session<Reply>,
    stream: S,
    inbox: &mut Inbox,
    tap: Option<(&Tap, u64)>,
    mut observe: impl FnMut(&Event<Reply>) -> bool,
) -> CloseReason
where
    S: AsyncRead + AsyncWrite,
{
    let (rd, wr) = tokio::io::split(stream);
    let codec = SmppCodec::with_options(session.config().decode);
    let mut reader = FramedRead::with_capacity(rd, codec, INITIAL_BUFFER);
    let mut writer = FramedWrite::with_capacity(wr, codec, INITIAL_BUFFER);
    let mut pending: VecDeque<Incoming> = VecDeque::new();
    // Answers to send later (Link::respond_after), by due time then order of asking.
    let mut later: BTreeMap<(Instant, u64), (u32, CommandStatus, Pdu<'static>)> = BTreeMap::new();
    let mut later_n = 0u64;
    let mut closed = None;
    let mut abort = false;
    let mut received = 0u32;
    loop {
        // Drain rule: requests while the window has room, then transmit, events, timer.
        let t = now();
        while session.can_submit(t) {
            match inbox.requests.try_recv() {
                Ok(r) => submit(session, t, r),
                Err(_) => break,
            }
        }
        while let Some(entry) = later.first_entry() {
            if entry.key().0 > t {
                break;
            }
            let (seq, status, pdu) = entry.remove();
            let _ = session.respond(seq, status, &pdu);
        }
        let before = writer.write_buffer().len();
        session.poll_transmit(writer.write_buffer_mut());
        if let Some((tap, conn)) = tap
            && writer.write_buffer().len() > before
        {
            tap_out(tap, conn, &writer.write_buffer()[before..]);
        }
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
                    let _ = inbox.events.try_send(Box::new(LinkEvent::Closed(reason)));
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
                        Event::ProtocolError(e) => {
                            Some(LinkEvent::ProtocolError(Box::new(e.clone())))
                        }
                        _ => None,
                    };
                    if let Some(r) = report {
                        let _ = inbox.events.try_send(Box::new(r));
                    }
                    if observe(&other) {
                        session.handle_close(now());
                    }
                }
            }
        }
        if received <= BUSY_AFTER {
            // A link without traffic (its bind, a few enquire_links): it holds no empty
            // tables, so an idle bound session costs little more than its task.
            session.release_idle();
            if pending.is_empty() && pending.capacity() != 0 {
                pending = VecDeque::new();
            }
        }
        if abort || closed.is_some() {
            // Send what is left (unbind_resp, generic_nack, answers already due), then
            // close: with a shutdown after a session end, abruptly after an abort.
            let flush = async {
                flush(&mut writer).await?;
                if !abort {
                    writer.get_mut().shutdown().await?;
                }
                Ok::<(), crate::FramedError>(())
            };
            let _ = tokio::time::timeout(Duration::from_secs(1), flush).await;
            if abort && closed.is_none() {
                session.handle_close(now());
                while let Some(event) = session.poll_event() {
                    match event {
                        Event::Outcome { token, outcome, .. } => {
                            let _ = token.send(Ok(outcome));
                        }
                        Event::Closed(reason) => {
                            let _ = inbox.events.try_send(Box::new(LinkEvent::Closed(reason)));
                            closed = Some(reason);
                        }
                        _ => {}
                    }
                }
            }
            return closed.unwrap_or(CloseReason::TransportClosed);
        }
        let mut deadline = session.poll_timeout();
        // Requests waiting on the rate limit or a back-off: wake when it ends (the
        // session has no timer for the end of a rate-limit pause).
        if !inbox.requests.is_empty()
            && let Some(resume) = session.submit_blocked_until(now())
        {
            deadline = Some(deadline.map_or(resume, |d| d.min(resume)));
        }
        if let Some((&(at, _), _)) = later.first_key_value() {
            deadline = Some(deadline.map_or(at, |d| d.min(at)));
        }
        let deadline = deadline.map(tokio::time::Instant::from_std);
        let may_submit = session.can_submit(now());
        let writing = !writer.write_buffer().is_empty();
        let may_read = pending.is_empty() && writer.write_buffer().len() < MAX_OUTPUT;
        // Biased, writes last: everything ready is taken in before the next flush, so
        // writes (and syscalls) are batched under load.
        tokio::select! {
            biased;
            item = reader.next(), if may_read => match item {
                None => session.handle_close(now()),
                Some(Err(crate::FramedError::Decode(error))) => {
                    session.handle_framing_error(now(), error);
                }
                Some(Err(crate::FramedError::Io(_))) => session.handle_close(now()),
                Some(Ok(frame)) => {
                    let t = now();
                    feed(session, t, tap, frame);
                    received = received.saturating_add(1);
                    // The PDUs already in the read buffer go in now, through the same
                    // codec: one round of the loop (and one flush) per read, not per PDU.
                    let mut codec = *reader.decoder();
                    while !session.is_closed() {
                        match codec.decode(reader.read_buffer_mut()) {
                            Ok(Some(frame)) => {
                                feed(session, t, tap, frame);
                                received = received.saturating_add(1);
                            }
                            Ok(None) => break,
                            Err(crate::FramedError::Decode(error)) => {
                                session.handle_framing_error(t, error);
                            }
                            Err(crate::FramedError::Io(_)) => session.handle_close(t),
                        }
                    }
                    if received == BUSY_AFTER {
                        grow(reader.read_buffer_mut());
                    }
                }
            },
            Some(r) = inbox.requests.recv(), if may_submit => submit(session, now(), r),
            permit = inbox.incoming.reserve(), if !pending.is_empty() => match permit {
                Ok(p) => {
                    if let Some(r) = pending.pop_front() {
                        p.send(Box::new(r));
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
                Some(Control::Respond(answer)) => {
                    let (seq, status, pdu) = *answer;
                    let _ = session.respond(seq, status, &pdu);
                }
                Some(Control::RespondAt(answer)) => {
                    let (at, seq, status, pdu) = *answer;
                    later_n += 1;
                    later.insert((at, later_n), (seq, status, pdu));
                }
                Some(Control::Abort) => abort = true,
                Some(Control::Unbind) => {
                    inbox.unbind_requested = true;
                    if session.unbind(now()).is_err() {
                        session.handle_close(now());
                    }
                }
                None => inbox.control_open = false,
            },
            () = sleep_until(deadline) => {
                session.handle_timeout(now());
                // Idle: give the buffers back (they grow again with the next burst).
                if reader.read_buffer().is_empty() && writer.write_buffer().is_empty() {
                    *reader.read_buffer_mut() = BytesMut::new();
                    *writer.write_buffer_mut() = BytesMut::new();
                    received = 0;
                }
            }
            r = flush(&mut writer), if writing => {
                if r.is_err() {
                    session.handle_close(now());
                }
            }
        }
    }
}

/// Gives the read buffer room for a burst. Allocated whole, not grown: a buffer shared
/// with the frames split off it regrows only to the capacity it was created with.
fn grow(buf: &mut BytesMut) {
    if buf.capacity() < READ_BUFFER {
        let mut bigger = BytesMut::with_capacity(READ_BUFFER);
        bigger.extend_from_slice(buf);
        *buf = bigger;
    }
}

/// Hands one framed PDU to the session, showing it to the tap first.
fn feed(
    session: &mut Session<Reply>,
    now: Instant,
    tap: Option<(&Tap, u64)>,
    frame: Result<OwnedFrame, crate::MalformedPdu>,
) {
    if let Some((tap, conn)) = tap {
        let bytes = match &frame {
            Ok(f) => f.bytes(),
            Err(m) => &m.bytes,
        };
        tap(conn, Direction::In, bytes);
    }
    session.handle_frame(now, frame);
}

/// Writes the whole write buffer out (one flush for the burst in it).
async fn flush<W: AsyncWrite + Unpin>(
    writer: &mut FramedWrite<W, SmppCodec>,
) -> Result<(), crate::FramedError> {
    poll_fn(|cx| Sink::<Frame<'static>>::poll_flush(Pin::new(&mut *writer), cx)).await
}

/// Shows the tap each whole PDU of `written`, cut with the codec's framing.
fn tap_out(tap: &Tap, conn: u64, written: &[u8]) {
    let mut buf = BytesMut::from(written);
    let opts = DecodeOptions::lenient();
    while let Ok(Some(frame)) = OwnedFrame::take(&mut buf, &opts) {
        let bytes = match &frame {
            Ok(f) => f.bytes(),
            Err(m) => &m.bytes,
        };
        tap(conn, Direction::Out, bytes);
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
