//! The connection driver shared by both roles (quinn's `ConnectionDriver`): it owns the
//! transport and the timer, feeds input to the [`Session`], then drains output.

use core::future::{Future, poll_fn};
use core::pin::Pin;
use core::task::Poll;
use core::time::Duration;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::AtomicU8;
use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::{AcqRel, Acquire, Release};
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use futures_util::{Sink, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot};
use tokio_util::codec::{Decoder, FramedRead, FramedWrite};

use super::incoming::{Incoming, ReplyError, ReplyTo};
use super::metrics::{Counters, Metrics};
use crate::session::{
    BindKind, CloseReason, Event, Outcome, ProtocolError, Session, SubmitErrorKind,
};
use crate::{CommandId, CommandStatus, DecodeOptions, Frame, Header, OwnedFrame, Pdu, SmppCodec};

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
    /// The peer sent something malformed or out of place (already answered). Boxed: it
    /// keeps every event small.
    ProtocolError(Box<ProtocolError>),
    /// The connection ended (a reconnect may follow).
    Closed(CloseReason),
    /// A reply the link had checked and queued could not be sent after all: the
    /// connection changed before the driver took it, or the session no longer awaited
    /// it.
    ReplyRefused {
        /// The sequence number of the request answered.
        sequence_number: u32,
        /// Why.
        error: ReplyError,
    },
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

/// The fewest PDUs of one read handled before the callers they answered run (see
/// [`input_part`]).
const MIN_INPUT_PART: usize = 64;

/// How many PDUs of one read the driver handles before it lets the callers they answered
/// run and sends the requests those send next: a quarter of the window (at least
/// [`MIN_INPUT_PART`]). A full window answered in one burst then leaves again in four
/// parts, and the peer works on each while this side handles the next: both sides
/// busy at once, instead of the whole window bouncing between them as one batch, each side
/// waiting while the other works.
fn input_part(window: usize) -> usize {
    (window / 4).max(MIN_INPUT_PART)
}

/// What a request's caller is finally told.
pub(crate) type Reply = oneshot::Sender<Result<Outcome, SubmitErrorKind>>;

/// The token a driver's session carries for each request: whom to tell, and when it was
/// sent (for the response-time histogram).
#[derive(Debug)]
pub(crate) struct Token {
    reply: Reply,
    sent: Instant,
    /// Counted in the metrics (a caller's request, not an enquire_link probe).
    counted: bool,
}

/// A request's place in line, when its caller may give up waiting for a window slot:
/// the caller and the driver race to move it out of `QUEUED`, so it is either sent or
/// given up, never both.
type Place = Arc<AtomicU8>;
const QUEUED: u8 = 0;
const SENT: u8 = 1;
const GIVEN_UP: u8 = 2;

/// A request on its way to the driver, already encoded.
#[derive(Debug)]
pub(crate) struct Submission {
    pdu: Bytes,
    reply: Reply,
    /// Whether the PDU carries a TLV only v5.0 defines, when the link encoded it (the
    /// session checks bytes a caller encoded itself).
    v50_tlvs: Option<bool>,
    /// Per-request options, absent on the default path. Boxed so the queue's slots stay
    /// small: an idle link's request queue holds a block of 32 of them.
    extras: Option<Box<Extras>>,
}

/// What a request asks beyond the link's defaults.
#[derive(Debug)]
struct Extras {
    response_timeout: Option<Duration>,
    place: Option<Place>,
}

/// A reply to one of the peer's requests.
#[derive(Debug)]
pub(crate) enum Answer {
    Ack(CommandStatus),
    Respond(CommandStatus, Pdu<'static>),
}

/// Commands from handles to the driver.
#[derive(Debug)]
pub(crate) enum Control {
    /// Boxed, as below: the control channel of every idle link holds a block of these.
    Reply(Box<(u64, u32, Answer)>),
    ReplyAt(Box<(Instant, u64, u32, Answer)>),
    EnquireLink(Reply),
    /// The receiving end of the link's request queue, made with the first request
    /// ([`Link::requests`]).
    Requests(mpsc::Receiver<Submission>),
    Abort,
    Unbind,
}

/// Why a request through a [`Link`] got no [`Outcome`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LinkError {
    /// The driver is gone (shut down, or reconnecting was given up) before the request
    /// was sent.
    #[error("link closed")]
    Closed,
    /// The session refused the request (not allowed on this bind, not a whole PDU).
    #[error("request refused: {0}")]
    Refused(SubmitErrorKind),
    /// No window slot came free within the window-wait timeout
    /// ([`RequestOptions::window_wait`], [`Config::window_wait`](crate::session::Config::window_wait)):
    /// the request was not sent.
    #[error("no window slot within the window-wait timeout; not sent")]
    WindowTimeout,
}

/// How one request waits: for a window slot, and for its response. What is not set
/// here comes from the link's configuration.
///
/// ```
/// use std::time::Duration;
/// use smpp::tokio::RequestOptions;
///
/// let urgent = RequestOptions::new()
///     .response_timeout(Duration::from_secs(5))
///     .window_wait(Duration::from_millis(200));
/// assert_eq!(urgent.get_response_timeout(), Some(Duration::from_secs(5)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestOptions {
    response_timeout: Option<Duration>,
    window_wait: Option<Duration>,
}

impl RequestOptions {
    /// The link's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Waits this long for the response once sent (instead of
    /// [`Config::response_timeout`](crate::session::Config::response_timeout)), then ends
    /// [`Outcome::Timeout`].
    pub fn response_timeout(mut self, timeout: Duration) -> Self {
        self.response_timeout = Some(timeout);
        self
    }

    /// Waits at most this long for a window slot (instead of
    /// [`Config::window_wait`](crate::session::Config::window_wait)), then gives up
    /// without sending: [`LinkError::WindowTimeout`].
    pub fn window_wait(mut self, timeout: Duration) -> Self {
        self.window_wait = Some(timeout);
        self
    }

    /// The response timeout set, if any.
    pub fn get_response_timeout(&self) -> Option<Duration> {
        self.response_timeout
    }

    /// The window-wait timeout set, if any.
    pub fn get_window_wait(&self) -> Option<Duration> {
        self.window_wait
    }
}

/// What a link's handles and its driver share.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The number of the connection being driven (0 before the first).
    pub(crate) connection: AtomicU64,
    pub(crate) counters: Counters,
    window_wait: Option<Duration>,
    /// The sending end of the request queue, made with the first request: a link that
    /// never sends (most SMSC-side links between receipts) holds no queue.
    requests: std::sync::OnceLock<mpsc::Sender<Submission>>,
    /// The capacity of that queue.
    queue: usize,
    /// Requests that found the queue full, in call order.
    line: std::sync::Mutex<Line>,
    /// How many wait in the line (written under its lock): a call that finds none
    /// enters the queue without taking the lock.
    in_line: core::sync::atomic::AtomicUsize,
}

impl Shared {
    /// The line, locked. Nothing panics while holding it; should that change, the line
    /// stays usable (a poisoned lock is taken over: every change to it is whole).
    fn line(&self) -> LineGuard<'_> {
        LineGuard {
            line: self
                .line
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
            in_line: &self.in_line,
        }
    }
}

/// The locked line; unlocking publishes how many wait in it ([`Shared::in_line`]).
struct LineGuard<'a> {
    line: std::sync::MutexGuard<'a, Line>,
    in_line: &'a core::sync::atomic::AtomicUsize,
}

impl core::ops::Deref for LineGuard<'_> {
    type Target = Line;
    fn deref(&self) -> &Line {
        &self.line
    }
}

impl core::ops::DerefMut for LineGuard<'_> {
    fn deref_mut(&mut self) -> &mut Line {
        &mut self.line
    }
}

impl Drop for LineGuard<'_> {
    fn drop(&mut self) {
        self.in_line.store(self.line.waiting.len(), Release);
    }
}

/// The requests waiting for room in a link's request queue, in call order, each with its
/// ticket (increasing, so the line is sorted by ticket).
///
/// Whoever finds room moves the line forward from its front: a new call, or any waiting
/// request's future when polled (for the requests ahead of it too). So requests enter
/// the queue in call order, and a future that is never polled holds up nobody: its
/// request goes out in its turn, carried by the others.
#[derive(Debug, Default)]
struct Line {
    next: u64,
    waiting: VecDeque<(u64, Submission)>,
}

impl Line {
    /// Moves requests from the front of the line to the queue while it has room.
    fn forward(&mut self, requests: &mpsc::Sender<Submission>) {
        while !self.waiting.is_empty() {
            let Ok(permit) = requests.try_reserve() else {
                return;
            };
            self.send_front(permit);
        }
    }

    /// Sends the front of the line (if any) with a slot reserved in the queue.
    fn send_front(&mut self, permit: mpsc::Permit<'_, Submission>) {
        if let Some((_, submission)) = self.waiting.pop_front() {
            permit.send(submission);
        }
    }

    /// Takes the request `ticket` out of the line, if it is still there.
    fn remove(&mut self, ticket: u64) -> Option<Submission> {
        let at = self
            .waiting
            .binary_search_by_key(&ticket, |(t, _)| *t)
            .ok()?;
        self.waiting.remove(at).map(|(_, s)| s)
    }

    fn contains(&self, ticket: u64) -> bool {
        self.waiting
            .binary_search_by_key(&ticket, |(t, _)| *t)
            .is_ok()
    }
}

/// A request's place in its link's [`Line`], held by its future. Dropping it takes the
/// request out of line (a future dropped before its request was queued cancels it).
struct InLine {
    shared: Arc<Shared>,
    requests: mpsc::Sender<Submission>,
    ticket: u64,
}

/// How a request's wait in line ended.
enum Turn {
    /// It is in the queue.
    Queued,
    /// It was carried to the queue by others and has already settled.
    Settled(Result<Result<Outcome, SubmitErrorKind>, oneshot::error::RecvError>),
    /// The driver is gone; it was not sent.
    Closed,
}

impl InLine {
    /// Waits until the request has left the line for the queue, moving the line forward
    /// (in call order) whenever a slot in the queue comes free.
    async fn turn(&self, rx: &mut oneshot::Receiver<Result<Outcome, SubmitErrorKind>>) -> Turn {
        loop {
            {
                let mut line = self.shared.line();
                line.forward(&self.requests);
                if !line.contains(self.ticket) {
                    return Turn::Queued;
                }
            }
            tokio::select! {
                biased;
                // Only once carried to the queue by another future.
                r = &mut *rx => return Turn::Settled(r),
                permit = self.requests.reserve() => match permit {
                    Ok(permit) => self.shared.line().send_front(permit),
                    Err(_) => {
                        return if self.leave() { Turn::Closed } else { Turn::Queued };
                    }
                },
            }
        }
    }

    /// Takes the request out of line; false if it had already left for the queue.
    fn leave(&self) -> bool {
        self.shared.line().remove(self.ticket).is_some()
    }
}

impl Drop for InLine {
    fn drop(&mut self) {
        if self.leave() {
            #[cfg(feature = "tracing")]
            tracing::debug!("request dropped by its caller before it was sent");
            self.shared.counters.cancelled();
        }
    }
}

/// A cloneable handle to a running driver: send requests and answer the peer's.
#[derive(Clone, Debug)]
pub struct Link {
    pub(crate) control: mpsc::UnboundedSender<Control>,
    pub(crate) shared: Arc<Shared>,
}

impl Link {
    /// Sends a request and resolves to its one [`Outcome`]: the response, or
    /// [`Outcome::Timeout`], [`Outcome::ConnectionLost`] or [`Outcome::Unbound`]. The PDU
    /// is encoded now, so the future borrows nothing (neither the link nor the PDU); it
    /// waits while the window is full (back-pressure: a bounded queue, never an
    /// unbounded one).
    ///
    /// Dropping the future before the request was sent takes it out of line (it is never
    /// sent); a request already sent still ends in its one outcome (counted in
    /// [`metrics`](Self::metrics)), only nobody awaits it.
    ///
    /// Since the future borrows nothing, the parts of a long message map to futures in a
    /// closure:
    ///
    /// ```
    /// # async fn example(link: smpp::tokio::Link, parts: Vec<smpp::Pdu<'_>>) {
    /// let outcomes = futures_util::future::join_all(parts.iter().map(|p| link.submit(p))).await;
    /// # }
    /// ```
    pub fn submit(
        &self,
        pdu: &Pdu<'_>,
    ) -> impl Future<Output = Result<Outcome, LinkError>> + Send + 'static + use<> {
        self.submit_with(pdu, RequestOptions::default())
    }

    /// [`submit`](Self::submit) with a response timeout or window-wait timeout of its own.
    ///
    /// ```no_run
    /// # async fn example(link: smpp::tokio::Link, pdu: smpp::Pdu<'_>) {
    /// use std::time::Duration;
    /// use smpp::session::Outcome;
    /// use smpp::tokio::{LinkError, RequestOptions};
    ///
    /// // An OTP: not worth sending after 2 s in line, not worth waiting 30 s for.
    /// let otp = RequestOptions::new()
    ///     .window_wait(Duration::from_secs(2))
    ///     .response_timeout(Duration::from_secs(5));
    /// match link.submit_with(&pdu, otp).await {
    ///     Ok(Outcome::Accepted(resp)) => println!("accepted as {:?}", resp.message_id()),
    ///     Ok(other) => println!("sent, but {other:?}"),
    ///     Err(LinkError::WindowTimeout) => println!("not sent: the window stayed full"),
    ///     Err(e) => println!("not sent: {e}"),
    /// }
    /// # }
    /// ```
    pub fn submit_with(
        &self,
        pdu: &Pdu<'_>,
        options: RequestOptions,
    ) -> impl Future<Output = Result<Outcome, LinkError>> + Send + 'static + use<> {
        let v50_tlvs = crate::session::has_v50_tlvs(pdu.tlvs());
        self.send(encode_request(pdu), options, Some(v50_tlvs))
    }

    /// [`submit`](Self::submit) for a PDU already encoded (any sequence number).
    ///
    /// The request takes its place when this is called, not when the future is first
    /// polled, so requests go out in the order of the calls, always (the parts of a long
    /// message, a receipt and a later one for the same message, stay in order even when
    /// each future is spawned as its own task or polled in any order). While the queue
    /// ([`EsmeConfig::queue`](super::EsmeConfig::queue)) has room and nobody waits, the
    /// request enters it at once; otherwise it waits in line behind the earlier calls,
    /// without blocking the caller. Whoever finds room moves the line forward from its
    /// front (a later call, or any waiting future when polled), so a future that is
    /// never polled holds up no later request: its own request is sent in its turn, and
    /// ends in its outcome (counted in [`metrics`](Self::metrics)) like one whose future
    /// was dropped after sending. Dropping the future while its request is still in line
    /// takes it out (it is never sent, and counts as cancelled). The line holds only the
    /// requests whose futures are alive: no more memory than the futures themselves.
    pub fn submit_encoded(
        &self,
        pdu: Bytes,
    ) -> impl Future<Output = Result<Outcome, LinkError>> + Send + 'static + use<> {
        self.submit_encoded_with(pdu, RequestOptions::default())
    }

    /// [`submit_encoded`](Self::submit_encoded) with options of its own.
    pub fn submit_encoded_with(
        &self,
        pdu: Bytes,
        options: RequestOptions,
    ) -> impl Future<Output = Result<Outcome, LinkError>> + Send + 'static + use<> {
        self.send(pdu, options, None)
    }

    /// Queues an encoded request (see [`submit_encoded`](Self::submit_encoded)); its
    /// future is small on the common path (queued at once, no window-wait timeout): the
    /// receiver of its outcome.
    fn send(&self, pdu: Bytes, options: RequestOptions, v50_tlvs: Option<bool>) -> Request {
        let window_wait = options.window_wait.or(self.shared.window_wait);
        let deadline = window_wait.map(|d| tokio::time::Instant::now() + d);
        let place = window_wait.map(|_| Arc::new(AtomicU8::new(QUEUED)));
        let (reply, mut rx) = oneshot::channel();
        let extras = (options.response_timeout.is_some() || place.is_some()).then(|| {
            Box::new(Extras {
                response_timeout: options.response_timeout,
                place: place.clone(),
            })
        });
        let submission = Submission {
            pdu,
            reply,
            v50_tlvs,
            extras,
        };
        let in_line = match self.queue(submission) {
            Err(e) => return Request::Failed(Some(e)),
            Ok(None) if deadline.is_none() => return Request::Queued(rx),
            Ok(in_line) => in_line,
        };
        // Only a request that may give up on its window wait counts that in the metrics.
        let shared = window_wait.map(|_| self.shared.clone());
        Request::Waiting(Box::pin(async move {
            if let Some(in_line) = in_line {
                let turn = in_line.turn(&mut rx);
                let turn = match deadline {
                    Some(at) => match tokio::time::timeout_at(at, turn).await {
                        Ok(turn) => turn,
                        Err(_) if in_line.leave() => {
                            in_line.shared.counters.window_timeout();
                            return Err(LinkError::WindowTimeout);
                        }
                        // Moved to the queue meanwhile: the race on its place decides.
                        Err(_) => Turn::Queued,
                    },
                    None => turn.await,
                };
                match turn {
                    Turn::Queued => {}
                    Turn::Settled(r) => return outcome(r),
                    Turn::Closed => return Err(LinkError::Closed),
                }
            }
            if let (Some(at), Some(place)) = (deadline, &place) {
                tokio::select! {
                    biased;
                    r = &mut rx => return outcome(r),
                    () = tokio::time::sleep_until(at) => {
                        if place.compare_exchange(QUEUED, GIVEN_UP, AcqRel, Acquire).is_ok() {
                            if let Some(shared) = &shared {
                                shared.counters.window_timeout();
                            }
                            return Err(LinkError::WindowTimeout);
                        }
                        // Sent meanwhile: it ends in its outcome.
                    }
                }
            }
            outcome(rx.await)
        }))
    }

    /// Puts a request in the queue, or, when the queue is full or others already wait,
    /// at the back of the line: requests enter the queue in the order of the calls.
    /// Requests waiting in line move up first, as far as the queue has room now.
    fn queue(&self, mut submission: Submission) -> Result<Option<InLine>, LinkError> {
        let requests = self.requests();
        if self.shared.in_line.load(Acquire) == 0 {
            // Nobody waits (every call that returned before this one is in the queue or
            // out of line): straight into the queue while it has room.
            match requests.try_send(submission) {
                Ok(()) => return Ok(None),
                Err(mpsc::error::TrySendError::Full(s)) => submission = s,
                Err(mpsc::error::TrySendError::Closed(_)) => return Err(LinkError::Closed),
            }
        }
        let mut line = self.shared.line();
        line.forward(requests);
        let submission = if line.waiting.is_empty() {
            match requests.try_send(submission) {
                Ok(()) => return Ok(None),
                Err(mpsc::error::TrySendError::Full(s)) => s,
                Err(mpsc::error::TrySendError::Closed(_)) => return Err(LinkError::Closed),
            }
        } else {
            submission
        };
        let ticket = line.next;
        line.next += 1;
        line.waiting.push_back((ticket, submission));
        Ok(Some(InLine {
            shared: self.shared.clone(),
            requests: requests.clone(),
            ticket,
        }))
    }

    /// Sends an enquire_link now, ahead of queued requests and outside the window, and
    /// resolves to its outcome: `Accepted` with the enquire_link_resp, `Timeout`, or
    /// `ConnectionLost` (SMPP 3.4 §4.11). The driver also sends enquire_link on its own
    /// after [`Config::enquire_link_interval`](crate::session::Config::enquire_link_interval)
    /// of silence; this is a probe on demand (a health check).
    ///
    /// ```no_run
    /// # async fn example(link: smpp::tokio::Link) -> Result<(), smpp::tokio::LinkError> {
    /// use smpp::session::Outcome;
    /// let alive = matches!(link.enquire_link().await?, Outcome::Accepted(_));
    /// # Ok(()) }
    /// ```
    pub fn enquire_link(
        &self,
    ) -> impl Future<Output = Result<Outcome, LinkError>> + Send + 'static + use<> {
        let (reply, rx) = oneshot::channel();
        let sent = self.control.send(Control::EnquireLink(reply));
        async move {
            sent.map_err(|_| LinkError::Closed)?;
            outcome(rx.await)
        }
    }

    /// The request queue, made on first use: its receiving end goes to the driver
    /// through the control channel, ahead of any request (a driver already gone drops
    /// it, and the queue reports closed).
    fn requests(&self) -> &mpsc::Sender<Submission> {
        self.shared.requests.get_or_init(|| {
            let (tx, rx) = mpsc::channel(self.shared.queue.max(1));
            let _ = self.control.send(Control::Requests(rx));
            tx
        })
    }

    /// The counters of this link's requests (all its connections), as a snapshot
    /// (see [`Metrics`] for a whole example).
    ///
    /// ```no_run
    /// # fn example(link: &smpp::tokio::Link) {
    /// let m = link.metrics();
    /// println!("{} in flight, p99 ≤ {:?}", m.in_flight, m.response_times.quantile(0.99));
    /// # }
    /// ```
    pub fn metrics(&self) -> Metrics {
        self.shared.counters.snapshot()
    }

    /// The number of the connection the link drives now (see [`Incoming::connection`]);
    /// 0 before the first.
    ///
    /// ```no_run
    /// # async fn example(mut client: smpp::tokio::EsmeClient) {
    /// let incoming = client.next_incoming().await.unwrap();
    /// if incoming.connection() != client.link().connection() {
    ///     println!("reconnected since: this request can no longer be answered");
    /// }
    /// # }
    /// ```
    pub fn connection(&self) -> u64 {
        self.shared.connection.load(Acquire)
    }

    /// Queues a reply to the driver after checking it may go out on this link now.
    fn send_reply(
        &self,
        to: impl ReplyTo,
        at: Option<Instant>,
        answer: Answer,
    ) -> Result<(), ReplyError> {
        if self.control.is_closed() {
            return Err(ReplyError::Closed);
        }
        let to = to.take()?;
        let current = self.connection();
        if to.connection != current {
            return Err(ReplyError::StaleConnection {
                incoming: to.connection,
                current,
            });
        }
        let (conn, seq) = (to.connection, to.sequence_number);
        let control = match at {
            None => Control::Reply(Box::new((conn, seq, answer))),
            Some(at) => Control::ReplyAt(Box::new((at, conn, seq, answer))),
        };
        self.control.send(control).map_err(|_| ReplyError::Closed)
    }

    /// Answers the peer's request `to` (an `&mut` [`Incoming`] or its [`Responder`](super::Responder))
    /// with the minimal response: for an error `status` the header alone ("the body is
    /// not returned if the command_status field contains a non-zero value", SMPP 3.4
    /// §4.4.2); for ESME_ROK a deliver_sm_resp / data_sm_resp with an empty message_id,
    /// or a header-only cancel_sm_resp / replace_sm_resp / cancel_broadcast_sm_resp. A
    /// successful answer with a body (submit_sm_resp's message_id, query_sm_resp) is
    /// refused with [`ReplyError::NeedsBody`]: use [`accept`](Self::accept) or
    /// [`respond`](Self::respond).
    ///
    /// Returns once the answer is queued to the driver; the reasons it could not go out
    /// are checked first ([`ReplyError`]): not answered twice, not on another
    /// connection. Should the connection drop between this check and the driver, the
    /// answer is not sent (the peer's request died with its connection) and
    /// [`LinkEvent::ReplyRefused`] says so.
    ///
    /// ```no_run
    /// # async fn example(mut link: smpp::tokio::SmscLink) {
    /// use smpp::CommandStatus;
    /// use smpp::tokio::ReplyError;
    ///
    /// let mut submit = link.incoming.recv().await.unwrap();
    /// // A submit_sm_resp needs its message_id: ack refuses, accept sends it.
    /// assert!(matches!(
    ///     link.link.ack(&mut submit, CommandStatus::ESME_ROK),
    ///     Err(ReplyError::NeedsBody(_))
    /// ));
    /// link.link.accept(&mut submit, "4711").unwrap();
    /// // Once is enough.
    /// assert_eq!(link.link.accept(&mut submit, "4712"), Err(ReplyError::AlreadyAnswered));
    /// # }
    /// ```
    pub fn ack(&self, to: impl ReplyTo, status: CommandStatus) -> Result<(), ReplyError> {
        if to.answered() {
            return Err(ReplyError::AlreadyAnswered);
        }
        if status == CommandStatus::ESME_ROK && !acks_without_body(to.request()) {
            return Err(ReplyError::NeedsBody(to.request()));
        }
        self.send_reply(to, None, Answer::Ack(status))
    }

    /// Accepts the peer's submit_sm, data_sm, submit_multi or deliver_sm `to` with
    /// `message_id`: the matching response, ESME_ROK, the id in its body (an SMSC
    /// returns the id its receipts will name, SMPP 3.4 §4.4.2).
    ///
    /// ```no_run
    /// # async fn example(mut bound: smpp::tokio::SmscLink) {
    /// let mut ids = 1u64..;
    /// while let Some(mut request) = bound.incoming.recv().await {
    ///     if !request.answered() {
    ///         let id = ids.next().unwrap().to_string();
    ///         bound.link.accept(&mut request, &id).unwrap();
    ///     }
    /// }
    /// # }
    /// ```
    pub fn accept(&self, to: impl ReplyTo, message_id: &str) -> Result<(), ReplyError> {
        if to.answered() {
            return Err(ReplyError::AlreadyAnswered);
        }
        let id: crate::COctetString<'_, 65> = message_id
            .try_into()
            .map_err(|_| ReplyError::InvalidMessageId)?;
        let request = to.request();
        let Some(pdu) = Pdu::message_response(request, id, crate::Tlvs::default()) else {
            return Err(ReplyError::NeedsBody(request));
        };
        let answer = Answer::Respond(CommandStatus::ESME_ROK, pdu.into_owned());
        self.send_reply(to, None, answer)
    }

    /// Answers the peer's request `to` with a full response PDU: e.g. a query_sm_resp
    /// with its body. The PDU must be the response of the request
    /// ([`ReplyError::WrongResponse`] otherwise).
    ///
    /// ```no_run
    /// # async fn example(mut bound: smpp::tokio::SmscLink) {
    /// use smpp::{CommandStatus, Pdu, QuerySmResp};
    ///
    /// let mut request = bound.incoming.recv().await.unwrap();
    /// let resp = match request.pdu() {
    ///     Pdu::QuerySm(q) => Pdu::QuerySmResp(QuerySmResp {
    ///         message_id: q.message_id.clone(),
    ///         ..QuerySmResp::default()
    ///     })
    ///     .into_owned(),
    ///     _ => return,
    /// };
    /// bound.link.respond(&mut request, CommandStatus::ESME_ROK, resp).unwrap();
    /// # }
    /// ```
    pub fn respond(
        &self,
        to: impl ReplyTo,
        status: CommandStatus,
        pdu: Pdu<'_>,
    ) -> Result<(), ReplyError> {
        if to.answered() {
            return Err(ReplyError::AlreadyAnswered);
        }
        check_response(to.request(), &pdu)?;
        self.send_reply(to, None, Answer::Respond(status, pdu.into_owned()))
    }

    /// Like [`respond`](Self::respond), `delay` from now (a slow SMSC, a simulator's
    /// response-time fault). The request stays pending meanwhile; the timer is the
    /// driver's.
    pub fn respond_after(
        &self,
        delay: Duration,
        to: impl ReplyTo,
        status: CommandStatus,
        pdu: Pdu<'_>,
    ) -> Result<(), ReplyError> {
        if to.answered() {
            return Err(ReplyError::AlreadyAnswered);
        }
        check_response(to.request(), &pdu)?;
        let at = now() + delay;
        self.send_reply(to, Some(at), Answer::Respond(status, pdu.into_owned()))
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

/// The chunk a thread's requests are encoded into ([`encode_request`]).
const ENCODE_CHUNK: usize = 8 * 1024;

std::thread_local! {
    /// What is left of the thread's current encode chunk.
    static ENCODE_ARENA: core::cell::RefCell<BytesMut> =
        core::cell::RefCell::new(BytesMut::new());
}

/// Encodes a request (sequence number 0: the session writes its own into the copy it
/// sends) into bytes of its own, cut from the thread's current chunk: a burst of requests
/// costs one allocation per chunk rather than one each, and dropping them (once answered:
/// the session keeps each for a throttled resend) frees nothing but the chunk's last. A
/// chunk whose requests are all gone is reused in place. The chunk always has room for
/// an eighth of [`ENCODE_CHUNK`]; a longer request grows it as it is written (into a new
/// chunk: the cuts already made keep the old one).
#[inline]
fn encode_request(pdu: &Pdu<'_>) -> Bytes {
    ENCODE_ARENA.with_borrow_mut(|arena| {
        if arena.capacity() < ENCODE_CHUNK / 8 {
            // Empty (split off whole): reclaims the chunk if nothing holds a cut of it
            // any more, else starts a new one.
            arena.reserve(ENCODE_CHUNK);
        }
        crate::encode(0, CommandStatus::ESME_ROK, pdu, arena);
        arena.split().freeze()
    })
}

/// The future of one request.
enum Request {
    /// In the request queue: its outcome comes through this.
    Queued(oneshot::Receiver<Result<Outcome, SubmitErrorKind>>),
    /// Waiting in line for the queue, or with a window-wait timeout.
    Waiting(Pin<Box<dyn Future<Output = Result<Outcome, LinkError>> + Send>>),
    /// Not sent (taken once).
    Failed(Option<LinkError>),
}

impl Future for Request {
    type Output = Result<Outcome, LinkError>;

    fn poll(self: Pin<&mut Self>, cx: &mut core::task::Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            Self::Queued(rx) => Pin::new(rx).poll(cx).map(outcome),
            Self::Waiting(f) => f.as_mut().poll(cx),
            Self::Failed(e) => Poll::Ready(Err(e.take().unwrap_or(LinkError::Closed))),
        }
    }
}

fn outcome(
    r: Result<Result<Outcome, SubmitErrorKind>, oneshot::error::RecvError>,
) -> Result<Outcome, LinkError> {
    match r {
        Ok(Ok(outcome)) => Ok(outcome),
        Ok(Err(kind)) => Err(LinkError::Refused(kind)),
        Err(_) => Err(LinkError::Closed),
    }
}

/// Requests whose ESME_ROK response has no body to make up (SMPP 3.4 §4.6.2
/// deliver_sm_resp and §4.7.2 data_sm_resp: message_id unused, NULL; §4.9.2
/// cancel_sm_resp, §4.10.2 replace_sm_resp: header only; v5.0 §4.6.3.2).
fn acks_without_body(request: CommandId) -> bool {
    matches!(
        request,
        CommandId::DELIVER_SM
            | CommandId::DATA_SM
            | CommandId::CANCEL_SM
            | CommandId::REPLACE_SM
            | CommandId::CANCEL_BROADCAST_SM
    )
}

fn check_response(request: CommandId, pdu: &Pdu<'_>) -> Result<(), ReplyError> {
    let expected = request.response();
    if pdu.command_id() != expected {
        return Err(ReplyError::WrongResponse {
            expected,
            given: pdu.command_id(),
        });
    }
    Ok(())
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

/// Events waiting beyond which the newest are dropped (nobody reads them).
const EVENTS_KEPT: usize = 256;

/// The queue of a link's [`LinkEvent`]s, from its driver to its [`LinkEvents`]. A
/// `VecDeque` that allocates with the first event, not a channel with its block of slots
/// made up front: most links report a handful of events in their life, and an idle bound
/// session's memory is mostly its queues.
#[derive(Debug, Default)]
struct EventQueue {
    state: std::sync::Mutex<EventState>,
    ready: tokio::sync::Notify,
}

#[derive(Debug, Default)]
struct EventState {
    events: VecDeque<LinkEvent>,
    /// The driver is gone: once the events are read, the end.
    driver_gone: bool,
    /// Nobody reads: events are no longer kept.
    reader_gone: bool,
}

/// The driver's end of a link's event queue.
#[derive(Debug)]
pub(crate) struct EventSender(Arc<EventQueue>);

impl EventSender {
    /// Queues `event` unless nobody reads or [`EVENTS_KEPT`] are waiting (then it is
    /// dropped: events are informational, the driver never waits for them).
    fn send(&self, event: LinkEvent) {
        let Ok(mut state) = self.0.state.lock() else {
            return;
        };
        if state.reader_gone || state.events.len() >= EVENTS_KEPT {
            return;
        }
        state.events.push_back(event);
        drop(state);
        self.0.ready.notify_one();
    }
}

impl Drop for EventSender {
    fn drop(&mut self) {
        if let Ok(mut state) = self.0.state.lock() {
            state.driver_gone = true;
        }
        self.0.ready.notify_one();
    }
}

/// The [`LinkEvent`]s of one link. Informational: when nobody reads them, the newest are
/// dropped (the driver never waits for this queue).
#[derive(Debug)]
pub struct LinkEvents(Arc<EventQueue>);

impl LinkEvents {
    /// The next event; `None` once the link is gone and all were taken.
    pub async fn recv(&mut self) -> Option<LinkEvent> {
        loop {
            match self.take() {
                Ok(event) => return event,
                // One reader: a notification given while it was not waiting is kept
                // for its next wait (Notify's permit), so none is missed.
                Err(()) => self.0.ready.notified().await,
            }
        }
    }

    /// The next event if one is waiting.
    pub fn try_recv(&mut self) -> Option<LinkEvent> {
        self.take().ok().flatten()
    }

    /// `Ok(Some)`: an event; `Ok(None)`: the end; `Err`: nothing yet.
    fn take(&self) -> Result<Option<LinkEvent>, ()> {
        let Ok(mut state) = self.0.state.lock() else {
            return Ok(None);
        };
        match state.events.pop_front() {
            Some(event) => {
                if state.events.is_empty() {
                    // Read up: give the queue's memory back.
                    state.events = VecDeque::new();
                }
                Ok(Some(event))
            }
            None if state.driver_gone => Ok(None),
            None => Err(()),
        }
    }
}

impl Drop for LinkEvents {
    fn drop(&mut self) {
        if let Ok(mut state) = self.0.state.lock() {
            state.reader_gone = true;
            state.events = VecDeque::new();
        }
    }
}

/// The receiving ends a driver works from; they outlive one connection.
#[derive(Debug)]
pub(crate) struct Inbox {
    /// The request queue, once the first request made it.
    pub(crate) requests: Option<mpsc::Receiver<Submission>>,
    pub(crate) control: mpsc::UnboundedReceiver<Control>,
    pub(crate) incoming: mpsc::Sender<Box<Incoming>>,
    pub(crate) events: EventSender,
    pub(crate) shared: Arc<Shared>,
    pub(crate) control_open: bool,
    pub(crate) unbind_requested: bool,
}

/// Makes a handle, its inbox and the receiver of incoming requests.
pub(crate) fn channels(
    queue: usize,
    incoming: usize,
    window_wait: Option<Duration>,
) -> (Link, Inbox, IncomingRequests, LinkEvents) {
    let events = Arc::new(EventQueue::default());
    let (control_tx, control) = mpsc::unbounded_channel();
    let (incoming_tx, incoming_rx) = mpsc::channel(incoming.max(1));
    let shared = Arc::new(Shared {
        connection: AtomicU64::new(0),
        counters: Counters::default(),
        window_wait,
        requests: std::sync::OnceLock::new(),
        queue,
        line: std::sync::Mutex::default(),
        in_line: core::sync::atomic::AtomicUsize::new(0),
    });
    (
        Link {
            control: control_tx,
            shared: shared.clone(),
        },
        Inbox {
            requests: None,
            control,
            incoming: incoming_tx,
            events: EventSender(events.clone()),
            shared,
            control_open: true,
            unbind_requested: false,
        },
        IncomingRequests(incoming_rx),
        LinkEvents(events),
    )
}

pub(crate) fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// What a driver's session does after an event its owner observed.
#[derive(Debug)]
pub(crate) enum Action {
    Continue,
    Close,
    /// Bind now (an ESME answering outbind).
    Bind(BindKind, Box<crate::Bind<'static>>),
}

/// The connection a driver runs, besides its transport.
pub(crate) struct Connection<'a> {
    /// Its number (from 1): the generation of the [`Incoming`] it receives.
    pub(crate) number: u64,
    pub(crate) tap: Option<&'a Tap>,
}

/// Runs `session` over `stream` until the session closes; returns why. Events other
/// than outcomes and requests go to `observe`, which says what the session does next
/// ([`Action`]). The stream is read through a `FramedRead` and written through a
/// `FramedWrite`, both with [`SmppCodec`]: each burst of PDUs the session produces is
/// encoded into the write buffer and flushed once.
pub(crate) async fn drive<S>(
    session: &mut Session<Token>,
    stream: S,
    inbox: &mut Inbox,
    connection: Connection<'_>,
    observe: impl FnMut(&Event<Token>) -> Action,
) -> CloseReason
where
    S: AsyncRead + AsyncWrite,
{
    #[cfg(feature = "tracing")]
    {
        use tracing::Instrument;
        let span = tracing::info_span!(
            "smpp_link",
            role = ?session.role(),
            connection = connection.number
        );
        run(session, stream, inbox, connection, observe)
            .instrument(span)
            .await
    }
    #[cfg(not(feature = "tracing"))]
    run(session, stream, inbox, connection, observe).await
}

async fn run<S>(
    session: &mut Session<Token>,
    stream: S,
    inbox: &mut Inbox,
    connection: Connection<'_>,
    mut observe: impl FnMut(&Event<Token>) -> Action,
) -> CloseReason
where
    S: AsyncRead + AsyncWrite,
{
    let conn = connection.number;
    inbox.shared.connection.store(conn, Release);
    let tap = connection.tap.map(|t| (t, conn));
    let counters = &inbox.shared.counters;
    let (rd, wr) = tokio::io::split(stream);
    let codec = SmppCodec::with_options(session.config().decode);
    let mut reader = FramedRead::with_capacity(rd, codec, INITIAL_BUFFER);
    let mut writer = FramedWrite::with_capacity(wr, codec, INITIAL_BUFFER);
    let mut pending: VecDeque<Incoming> = VecDeque::new();
    // Answers to send later (Link::respond_after), by due time then order of asking.
    let mut later: BTreeMap<(Instant, u64), (u64, u32, Answer)> = BTreeMap::new();
    let mut later_n = 0u64;
    let mut closed = None;
    let mut abort = false;
    let mut received = 0u32;
    // Requests taken from the queue at once (kept empty between takes).
    let mut taken_requests: Vec<Submission> = Vec::new();
    let part = input_part(session.config().window);
    // Whole PDUs of the last read wait in the read buffer (its burst was cut after
    // `part`) and the callers the part answered have not run yet.
    let mut rest_of_burst = false;
    // They have run: send their requests before the rest of the burst.
    let mut callers_ran = false;
    loop {
        // Drain rule: requests while the window has room, then transmit, events, timer.
        let t = now();
        if let Some(requests) = &mut inbox.requests {
            // As many as the window takes, in one take from the queue.
            loop {
                let room = session.submit_room(t);
                if room == 0 {
                    break;
                }
                let taken = poll_fn(|cx| {
                    Poll::Ready(requests.poll_recv_many(cx, &mut taken_requests, room))
                })
                .await;
                if !matches!(taken, Poll::Ready(1..)) {
                    break;
                }
                for r in taken_requests.drain(..) {
                    submit(session, t, r, counters);
                }
            }
        }
        while let Some(entry) = later.first_entry() {
            if entry.key().0 > t {
                break;
            }
            let (c, seq, answer) = entry.remove();
            reply(session, inbox, conn, (c, seq, answer));
        }
        let before = writer.write_buffer().len();
        session.poll_transmit_bytes(writer.write_buffer_mut());
        if let Some((tap, conn)) = tap
            && writer.write_buffer().len() > before
        {
            tap_out(tap, conn, &writer.write_buffer()[before..]);
        }
        let mut settled = false;
        while let Some(event) = session.poll_event() {
            match event {
                Event::Outcome { token, outcome, .. } => {
                    settle(counters, t, token, outcome);
                    settled = true;
                }
                Event::Request(r) => {
                    #[cfg(feature = "tracing")]
                    tracing::trace!(
                        command_id = ?r.command_id(),
                        sequence_number = r.sequence_number(),
                        answered = r.answered(),
                        "request from the peer"
                    );
                    if !inbox.incoming.is_closed() {
                        pending.push_back(Incoming::new(r, conn));
                    } else if !r.answered() {
                        // Nobody listens for requests: refuse rather than leave the
                        // peer waiting for a response that never comes.
                        let _ = session.ack(r.sequence_number(), CommandStatus::ESME_RSYSERR);
                    }
                }
                Event::Closed(reason) => {
                    report(&inbox.events, LinkEvent::Closed(reason));
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
                        Event::Throttled { status, until } => {
                            counters.throttled();
                            Some(LinkEvent::Throttled {
                                status: *status,
                                until: *until,
                            })
                        }
                        Event::Congestion(c) => Some(LinkEvent::Congestion(*c)),
                        Event::UnexpectedResponse(h) => Some(LinkEvent::UnexpectedResponse(*h)),
                        Event::ProtocolError(e) => {
                            Some(LinkEvent::ProtocolError(Box::new(e.clone())))
                        }
                        _ => None,
                    };
                    if let Some(r) = report {
                        self::report(&inbox.events, r);
                    }
                    match observe(&other) {
                        Action::Continue => {}
                        Action::Close => session.handle_close(now()),
                        Action::Bind(kind, bind) => {
                            if session.bind(now(), kind, &bind).is_err() {
                                session.handle_close(now());
                            }
                        }
                    }
                }
            }
        }
        counters.set_in_flight(session.outstanding());
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
                            settle(counters, now(), token, outcome);
                        }
                        Event::Closed(reason) => {
                            report(&inbox.events, LinkEvent::Closed(reason));
                            closed = Some(reason);
                        }
                        _ => {}
                    }
                }
            }
            counters.set_in_flight(0);
            return closed.unwrap_or(CloseReason::TransportClosed);
        }
        if !session.pending_transmit().is_empty() {
            // Handling the events wrote something (a bind answering outbind, a refusal):
            // take it into this round's write.
            continue;
        }
        if rest_of_burst && settled {
            // Let the callers just answered run before the rest of the burst: their next
            // requests come in with the next round. Once per part: outcomes that need no
            // input (alert_notification's `Sent`) never hold the rest of the burst up.
            rest_of_burst = false;
            tokio::task::yield_now().await;
            callers_ran = true;
            continue;
        }
        // Their requests leave before the rest of the burst is handled, so the peer works
        // on them meanwhile (a socket that takes nothing now is flushed by the select
        // below).
        if core::mem::take(&mut callers_ran)
            && !writer.write_buffer().is_empty()
            && let Poll::Ready(Err(_)) = poll_fn(|cx| {
                Poll::Ready(Sink::<Frame<'static>>::poll_flush(
                    Pin::new(&mut writer),
                    cx,
                ))
            })
            .await
        {
            session.handle_close(now());
            continue;
        }
        let mut deadline = session.poll_timeout();
        // Requests waiting on the rate limit or a back-off: wake when it ends (the
        // session has no timer for the end of a rate-limit pause).
        if inbox.requests.as_ref().is_some_and(|r| !r.is_empty())
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
                    // A burst: what follows input runs once at its end.
                    let t = now();
                    feed(session, t, tap, frame);
                    received = received.saturating_add(1);
                    // The PDUs already in the read buffer go in now, through the same
                    // codec, up to `part` of them: one round of the loop (and one flush)
                    // per part of a read, not per PDU.
                    let mut codec = *reader.decoder();
                    let mut fed = 1;
                    rest_of_burst = false;
                    while !session.is_closed() {
                        if fed == part {
                            rest_of_burst = !reader.read_buffer().is_empty();
                            break;
                        }
                        match codec.decode(reader.read_buffer_mut()) {
                            Ok(Some(frame)) => {
                                feed(session, t, tap, frame);
                                received = received.saturating_add(1);
                                fed += 1;
                            }
                            Ok(None) => break,
                            Err(crate::FramedError::Decode(error)) => {
                                session.handle_framing_error(t, error);
                            }
                            Err(crate::FramedError::Io(_)) => session.handle_close(t),
                        }
                    }
                    session.end_of_burst(t);
                    if received == BUSY_AFTER {
                        grow(reader.read_buffer_mut());
                    }
                }
            },
            Some(r) = next_request(&mut inbox.requests), if may_submit => {
                submit(session, now(), r, counters);
            }
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
                Some(Control::Reply(answer)) => reply(session, inbox, conn, *answer),
                Some(Control::ReplyAt(answer)) => {
                    let (at, c, seq, answer) = *answer;
                    later_n += 1;
                    later.insert((at, later_n), (c, seq, answer));
                }
                Some(Control::EnquireLink(r)) => {
                    let token = Token {
                        reply: r,
                        sent: now(),
                        counted: false,
                    };
                    if let Err(e) = session.enquire_link(now(), token) {
                        let _ = e.token.reply.send(Err(e.kind));
                    }
                }
                Some(Control::Requests(requests)) => inbox.requests = Some(requests),
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
                    taken_requests = Vec::new();
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

/// Gives a request's caller its outcome, counting it (its response time up to `now`).
fn settle(counters: &Counters, now: Instant, token: Token, outcome: Outcome) {
    let rtt = now.saturating_duration_since(token.sent);
    if token.counted {
        counters.outcome(&outcome, rtt);
    }
    #[cfg(feature = "tracing")]
    tracing::trace!(
        status = ?outcome.response().map(|r| r.status()),
        outcome = outcome_name(&outcome),
        rtt_us = rtt.as_micros() as u64,
        "outcome"
    );
    let _ = token.reply.send(Ok(outcome));
}

#[cfg(feature = "tracing")]
fn outcome_name(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Accepted(_) => "accepted",
        Outcome::Rejected(_) => "rejected",
        Outcome::Timeout => "timeout",
        Outcome::ConnectionLost => "connection_lost",
        Outcome::Unbound => "unbound",
        Outcome::Sent => "sent",
    }
}

/// Reports a [`LinkEvent`] (dropped when nobody reads them and the queue is full) and,
/// with the feature `tracing`, traces it.
fn report(events: &EventSender, event: LinkEvent) {
    #[cfg(feature = "tracing")]
    match &event {
        LinkEvent::Bound { kind, system_id } => {
            tracing::info!(?kind, system_id = system_id.as_str(), "bound");
        }
        LinkEvent::Throttled { status, .. } => tracing::warn!(?status, "throttled by the peer"),
        LinkEvent::Congestion(c) => tracing::info!(congestion_state = *c, "peer congestion"),
        LinkEvent::UnexpectedResponse(h) => {
            tracing::debug!(header = ?h, "response matching no request");
        }
        LinkEvent::ProtocolError(e) => tracing::warn!(error = ?e, "protocol error"),
        LinkEvent::Closed(reason) => tracing::info!(?reason, "closed"),
        LinkEvent::ReplyRefused {
            sequence_number,
            error,
        } => tracing::warn!(sequence_number, %error, "reply refused"),
    }
    events.send(event);
}

/// Hands a reply of the caller's to the session. The link checked it; what the session
/// still refuses (the connection changed between the check and now, a sequence number
/// no longer pending) is reported as [`LinkEvent::ReplyRefused`], never dropped unseen.
fn reply(
    session: &mut Session<Token>,
    inbox: &Inbox,
    conn: u64,
    (c, seq, answer): (u64, u32, Answer),
) {
    let result = if c != conn {
        Err(ReplyError::StaleConnection {
            incoming: c,
            current: conn,
        })
    } else {
        match answer {
            Answer::Ack(status) => session.ack(seq, status),
            Answer::Respond(status, pdu) => session.respond(seq, status, &pdu),
        }
        .map_err(ReplyError::Session)
    };
    if let Err(error) = result {
        report(
            &inbox.events,
            LinkEvent::ReplyRefused {
                sequence_number: seq,
                error,
            },
        );
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
    session: &mut Session<Token>,
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
    session.handle_frame_in_burst(now, frame);
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

/// The next request of the queue, once there is one.
async fn next_request(requests: &mut Option<mpsc::Receiver<Submission>>) -> Option<Submission> {
    match requests {
        Some(r) => r.recv().await,
        None => core::future::pending().await,
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => core::future::pending().await,
    }
}

/// Hands a queued request to the session, unless its caller gave up on it (dropped its
/// future, or its window wait ran out).
fn submit(session: &mut Session<Token>, now: Instant, r: Submission, counters: &Counters) {
    if r.reply.is_closed() {
        #[cfg(feature = "tracing")]
        tracing::debug!("request dropped by its caller before it was sent");
        counters.cancelled();
        return;
    }
    if let Some(place) = r.extras.as_ref().and_then(|e| e.place.as_ref())
        && place
            .compare_exchange(QUEUED, SENT, AcqRel, Acquire)
            .is_err()
    {
        // Its window wait ran out; the caller was told (and counted it).
        return;
    }
    let timeout = r
        .extras
        .as_ref()
        .and_then(|e| e.response_timeout)
        .unwrap_or(session.config().response_timeout);
    let token = Token {
        reply: r.reply,
        sent: now,
        counted: true,
    };
    match session.submit_encoded_as(now, r.pdu, token, timeout, r.v50_tlvs) {
        Ok(_) => counters.sent(),
        Err(e) => {
            let _ = e.token.reply.send(Err(e.kind));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A submit_sm (v3.4 §4.4.1) with `payload` octets of message_payload (§5.3.2.32,
    /// up to 64 K) and the short_message empty, as §5.3.2.32 asks.
    fn submit_sm(payload: &[u8]) -> Pdu<'_> {
        let mut sm = crate::SubmitSm {
            destination_addr: crate::COctetString::from_str("447700900123").unwrap(),
            ..crate::SubmitSm::default()
        };
        sm.tlvs
            .push(crate::TlvTag::MESSAGE_PAYLOAD, payload)
            .unwrap();
        Pdu::SubmitSm(sm)
    }

    /// Requests cut from the thread's chunk, short and longer than the chunk, each stay
    /// exactly what `encode` writes, whatever is cut after them (chunks filled, a request
    /// longer than the room left, chunks reclaimed once their cuts are dropped).
    #[test]
    fn accepts_requests_cut_from_the_encode_chunk() {
        let payloads: Vec<Vec<u8>> = (0..400usize)
            .map(|i| {
                let len = match i % 50 {
                    0 => ENCODE_CHUNK * 2,
                    7 => ENCODE_CHUNK / 8 + 1,
                    n => n * 13,
                };
                (0..len).map(|j| (i * 31 + j) as u8).collect()
            })
            .collect();
        let expected: Vec<Vec<u8>> = payloads
            .iter()
            .map(|p| {
                let mut out = Vec::new();
                crate::encode(0, CommandStatus::ESME_ROK, &submit_sm(p), &mut out);
                out
            })
            .collect();
        let mut kept = Vec::new();
        for (i, p) in payloads.iter().enumerate() {
            let bytes = encode_request(&submit_sm(p));
            assert_eq!(bytes, expected[i], "request {i}");
            // Keep every third: the others drop, so some chunks are reclaimed.
            if i % 3 == 0 {
                kept.push((i, bytes));
            }
        }
        for (i, bytes) in kept {
            assert_eq!(bytes, expected[i], "request {i} after the later ones");
        }
    }
}
