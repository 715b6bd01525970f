//! The [`Session`] type: its state, framing of the input, timers and the outputs.
//! What the peer sends is handled in `inbound.rs`, what the caller sends in
//! `outbound.rs`, role-specific policy in `esme.rs` and `smsc.rs`.

use std::collections::VecDeque;
use std::time::Instant;

use alloc::borrow::Cow;

use bytes::{BufMut, BytesMut};

use super::config::{Config, Role};
use super::event::{CloseReason, Event, Outcome, ProtocolError};
use super::sequence::Sequence;
use super::smsc::SmscPolicy;
use super::state::State;
use super::throttle::Throttle;
use super::timer::{Timer, TimerTable};
use super::window::{Owner, Pending, SequenceMap, Window};
use crate::{
    CommandId, CommandStatus, DecodeError, Header, MalformedPdu, OwnedFrame, Pdu, TlvTag, Tlvs,
};

/// Why [`Session::submit`] did not take a request; the token comes back.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct SubmitError<T> {
    /// Why.
    pub kind: SubmitErrorKind,
    /// The caller's token, unused.
    pub token: T,
}

/// Why a request was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SubmitErrorKind {
    /// The window is full, submission is paused by throttling or the rate limit, or
    /// throttled requests are waiting to be resent. Not an error: wait for
    /// [`Event::Ready`] (or a response) and try again.
    #[error("window full or throttled; wait for Event::Ready")]
    Busy,
    /// Not bound (yet, or any more).
    #[error("session not bound")]
    NotBound,
    /// This command may not be sent by this side on this bind (the status the peer
    /// would answer is given).
    #[error("command not allowed on this bind: {0}")]
    NotAllowed(CommandStatus),
    /// [`Session::submit_encoded`] was given bytes that are not one whole PDU.
    #[error("not one whole encoded PDU")]
    InvalidPdu,
}

/// A caller misusing the session API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// The operation needs another bind state (e.g. bind while bound, unbind while open).
    #[error("operation not allowed in the current bind state")]
    InvalidState,
    /// The operation belongs to the other role (e.g. outbind on an ESME).
    #[error("operation not available for this role")]
    WrongRole,
    /// No request from the peer with this sequence number awaits a response (never
    /// received, or already answered).
    #[error("no incoming request {0} awaits a response")]
    NotPending(u32),
    /// The response does not match the request's command_id.
    #[error("response does not match the request")]
    WrongResponse,
    /// [`Session::ack`] cannot build an ESME_ROK body for this command; use
    /// [`Session::respond`].
    #[error("ack cannot build a successful response for this command")]
    NeedsBody,
    /// A field is longer than SMPP 3.4 §4.1 allows, or contains NUL.
    #[error("{0} too long or contains NUL")]
    FieldTooLong(&'static str),
}

/// A sans-IO SMPP session for either side of the link. See the [module docs](super)
/// for the drain rule.
#[derive(Debug)]
pub struct Session<T> {
    pub(crate) role: Role,
    pub(crate) config: Config,
    pub(crate) state: State,
    pub(crate) version: crate::InterfaceVersion,
    pub(crate) sequence: Sequence,
    pub(crate) window: Window<T>,
    /// Peer requests awaiting our response: sequence_number → command_id.
    pub(crate) incoming: SequenceMap<CommandId>,
    pub(crate) timers: TimerTable,
    pub(crate) throttle: Throttle,
    /// The cap on the peer's requests ([`Config::inbound_rate_limit`]).
    pub(crate) inbound: Throttle,
    /// Throttled requests to resend, oldest submission first.
    pub(crate) retry: VecDeque<Pending<T>>,
    pub(crate) rx: BytesMut,
    pub(crate) tx: BytesMut,
    pub(crate) events: VecDeque<Event<T>>,
    pub(crate) want_ready: bool,
    pub(crate) order: u64,
    pub(crate) peer_congestion: Option<u8>,
    pub(crate) smsc: Option<SmscPolicy>,
}

impl<T> Session<T> {
    pub(crate) fn new(role: Role, config: Config, now: Instant, smsc: Option<SmscPolicy>) -> Self {
        let mut timers = TimerTable::default();
        if role == Role::Smsc
            && let Some(d) = config.session_init_timeout
        {
            timers.set(Timer::SessionInit, now + d);
        }
        if let Some(d) = config.dead_after {
            timers.set(Timer::Dead, now + d);
        }
        Self {
            role,
            version: config.interface_version,
            sequence: Sequence::new(config.initial_sequence_number),
            throttle: Throttle::new(config.rate_limit),
            inbound: Throttle::new(config.inbound_rate_limit),
            config,
            state: State::Open,
            window: Window::new(),
            incoming: SequenceMap::default(),
            timers,
            retry: VecDeque::new(),
            rx: BytesMut::new(),
            tx: BytesMut::new(),
            events: VecDeque::new(),
            want_ready: false,
            order: 0,
            peer_congestion: None,
            smsc,
        }
    }

    /// Which side this session plays.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The bind in force, if bound (also while unbinding).
    pub fn bound(&self) -> Option<super::BindKind> {
        self.state.bound()
    }

    /// The negotiated interface version (before binding: the configured one).
    pub fn interface_version(&self) -> crate::InterfaceVersion {
        self.version
    }

    /// Whether the session has ended ([`Event::Closed`] was queued).
    pub fn is_closed(&self) -> bool {
        self.state == State::Closed
    }

    /// Requests of the caller's still waiting for an outcome (in flight or waiting to
    /// be resent after throttling).
    pub fn outstanding(&self) -> usize {
        self.window.user_len() + self.retry.len()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    // ----- inputs -------------------------------------------------------------------

    /// Feeds bytes received from the transport. Whole PDUs are cut off with the codec's
    /// framing ([`OwnedFrame::take`]) and processed at once; a partial one waits for more
    /// bytes. Drivers that frame the stream themselves (a `Framed` with
    /// [`SmppCodec`](crate::SmppCodec)) call [`handle_frame`](Self::handle_frame) instead.
    pub fn handle_input(&mut self, now: Instant, data: &[u8]) {
        if self.state == State::Closed {
            return;
        }
        self.rx.extend_from_slice(data);
        let mut heard = false;
        while self.state != State::Closed {
            match OwnedFrame::take(&mut self.rx, &self.config.decode) {
                Ok(None) => break,
                Ok(Some(frame)) => {
                    if !heard {
                        heard = true;
                        self.heard_from_peer(now);
                    }
                    self.handle_frame_inner(now, frame);
                }
                Err(error) => {
                    self.handle_framing_error_inner(error, Header::peek(&self.rx));
                    break;
                }
            }
        }
        if self.rx.is_empty() {
            // Give the buffer back once a burst is consumed: an idle session holds none.
            self.rx = BytesMut::new();
        }
        self.after_progress(now);
    }

    /// Feeds one PDU the transport's framing cut off (an item of
    /// [`SmppCodec`](crate::SmppCodec)): a decoded frame, or a PDU whose body did not
    /// decode (answered with the status the error maps to).
    pub fn handle_frame(&mut self, now: Instant, frame: Result<OwnedFrame, MalformedPdu>) {
        if self.state == State::Closed {
            return;
        }
        self.heard_from_peer(now);
        self.handle_frame_inner(now, frame);
        self.after_progress(now);
    }

    /// [`handle_frame`](Self::handle_frame) for one PDU of a burst the driver read at
    /// once: what follows input (resending throttled requests, unbind draining,
    /// [`Event::Ready`]) waits for [`end_of_burst`](Self::end_of_burst), as after a
    /// [`handle_input`](Self::handle_input) of many PDUs.
    #[cfg(feature = "tokio")]
    pub(crate) fn handle_frame_in_burst(
        &mut self,
        now: Instant,
        frame: Result<OwnedFrame, MalformedPdu>,
    ) {
        if self.state != State::Closed {
            self.handle_frame_inner(now, frame);
        }
    }

    /// Ends a burst of [`handle_frame_in_burst`](Self::handle_frame_in_burst) (at least
    /// one PDU, all received at `now`).
    #[cfg(feature = "tokio")]
    pub(crate) fn end_of_burst(&mut self, now: Instant) {
        if self.state != State::Closed {
            self.heard_from_peer(now);
        }
        self.after_progress(now);
    }

    /// Tells the session the stream could not be framed (`command_length` out of bounds,
    /// the framing error of [`SmppCodec`](crate::SmppCodec)): it answers generic_nack and
    /// closes with [`CloseReason::FramingLost`].
    pub fn handle_framing_error(&mut self, now: Instant, error: DecodeError) {
        if self.state == State::Closed {
            return;
        }
        self.handle_framing_error_inner(error, error.header());
        self.after_progress(now);
    }

    fn handle_framing_error_inner(&mut self, error: DecodeError, header: Option<Header>) {
        // 3.4 §3.2: command_length is the only framing; once it is wrong the stream
        // cannot be resynchronised. Say so and close.
        let sequence = header.map_or(0, |h| h.sequence_number);
        let status = CommandStatus::from(&error);
        self.write_header_only(CommandId::GENERIC_NACK, status, sequence);
        self.events
            .push_back(Event::ProtocolError(ProtocolError::Malformed {
                error,
                answered: Some(status),
            }));
        self.close(CloseReason::FramingLost);
    }

    /// Tells the session the transport is gone: every request in flight is reported
    /// [`Outcome::ConnectionLost`] and the session closes.
    pub fn handle_close(&mut self, _now: Instant) {
        if self.state != State::Closed {
            self.close(CloseReason::TransportClosed);
        }
    }

    /// Runs the timers due at `now`. Call it when [`poll_timeout`](Self::poll_timeout)'s
    /// deadline passes (calling it early does nothing harmful).
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.state == State::Closed {
            return;
        }
        while let Some((sequence_number, p)) = self.window.pop_expired(now) {
            match p.owner {
                Owner::User(token) => self.events.push_back(Event::Outcome {
                    token,
                    sequence_number,
                    outcome: Outcome::Timeout,
                }),
                Owner::Bind(_) => {
                    self.state = State::Open;
                    self.events.push_back(Event::BindFailed { status: None });
                }
                Owner::Probe(token) => self.events.push_back(Event::Outcome {
                    token,
                    sequence_number,
                    outcome: Outcome::Timeout,
                }),
                // A late enquire_link_resp is harmless; the dead timer decides.
                Owner::EnquireLink => {}
                Owner::Unbind => {
                    self.close(CloseReason::Unbound);
                    return;
                }
            }
        }
        while let Some(timer) = self.timers.take_expired(now) {
            match timer {
                Timer::EnquireLink => self.send_enquire_link(now),
                Timer::Dead => {
                    let silence = self.config.dead_after.unwrap_or_default();
                    self.close(CloseReason::LinkDead(silence));
                    return;
                }
                Timer::SessionInit => {
                    if self.state.bound().is_none() {
                        self.close(CloseReason::SessionInitTimeout);
                        return;
                    }
                }
                Timer::Throttle => self.throttle.resume(now),
                Timer::Rate => {}
            }
        }
        self.after_progress(now);
    }

    // ----- outputs ------------------------------------------------------------------

    /// Moves every byte waiting to be sent into `out`; `false` if there was none.
    pub fn poll_transmit(&mut self, out: &mut impl BufMut) -> bool {
        if self.tx.is_empty() {
            return false;
        }
        out.put_slice(&self.tx);
        self.tx.clear();
        true
    }

    /// As [`poll_transmit`](Self::poll_transmit) into a `BytesMut` (a `FramedWrite`'s
    /// buffer): when `out` is empty the two buffers trade places instead of the bytes
    /// being copied, so a driver that drains its write buffer between bursts copies
    /// nothing.
    pub fn poll_transmit_bytes(&mut self, out: &mut BytesMut) -> bool {
        if self.tx.is_empty() {
            return false;
        }
        if out.is_empty() {
            core::mem::swap(out, &mut self.tx);
        } else {
            out.extend_from_slice(&self.tx);
            self.tx.clear();
        }
        true
    }

    /// Bytes waiting to be sent, for drivers that write straight from the session's
    /// buffer; call [`consume_transmit`](Self::consume_transmit) with what was written.
    pub fn pending_transmit(&self) -> &[u8] {
        &self.tx
    }

    /// Drops the first `n` bytes of [`pending_transmit`](Self::pending_transmit).
    pub fn consume_transmit(&mut self, n: usize) {
        let n = n.min(self.tx.len());
        let _ = self.tx.split_to(n);
    }

    /// The next event.
    pub fn poll_event(&mut self) -> Option<Event<T>> {
        self.events.pop_front()
    }

    /// When [`handle_timeout`](Self::handle_timeout) must next be called.
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.state == State::Closed {
            return None;
        }
        match (self.timers.next(), self.window.next_deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    // ----- internals ----------------------------------------------------------------

    /// Gives back the memory of the queues that are empty, so an idle bound session holds
    /// none (a bind leaves its event and window tables allocated otherwise). Drivers call it
    /// on links without traffic; a busy link keeps its tables.
    #[cfg(feature = "tokio")]
    pub(crate) fn release_idle(&mut self) {
        if self.events.is_empty() && self.events.capacity() != 0 {
            self.events = VecDeque::new();
        }
        if self.retry.is_empty() && self.retry.capacity() != 0 {
            self.retry = VecDeque::new();
        }
        if self.incoming.is_empty() && self.incoming.capacity() != 0 {
            self.incoming = SequenceMap::default();
        }
        if self.tx.is_empty() && self.tx.capacity() != 0 {
            self.tx = BytesMut::new();
        }
        self.window.release_idle();
    }

    /// The validation in force: the configured one, or the role's default (an ESME reports,
    /// an SMSC enforces).
    pub(crate) fn validation(&self) -> super::Validation {
        match (self.config.validation, self.role) {
            (super::Validation::RoleDefault, Role::Esme) => super::Validation::Report,
            (super::Validation::RoleDefault, Role::Smsc) => super::Validation::Enforce,
            (v, _) => v,
        }
    }

    pub(crate) fn allocate_sequence(&mut self) -> u32 {
        let window = &mut self.window;
        self.sequence.allocate(|n| !window.is_free(n))
    }

    /// Queues an internal request (bind, enquire_link, unbind).
    pub(crate) fn send_internal(&mut self, now: Instant, owner: Owner<T>, pdu: &Pdu<'_>) {
        let sequence_number = self.allocate_sequence();
        let command_id = pdu.command_id();
        crate::encode(sequence_number, CommandStatus::ESME_ROK, pdu, &mut self.tx);
        self.window.insert(
            sequence_number,
            Pending {
                owner,
                command_id,
                deadline: now + self.config.response_timeout,
                order: 0,
                retained: None,
                attempts: 0,
                timeout: self.config.response_timeout,
            },
        );
    }

    /// Writes a PDU without body: a request or response that has none (enquire_link,
    /// unbind_resp, generic_nack, …), or a response with a non-zero status ("the body is
    /// not returned if the command_status field contains a non-zero value", SMPP 3.4
    /// §4.4.2; the codec leaves an empty body out then).
    pub(crate) fn write_header_only(
        &mut self,
        command_id: CommandId,
        status: CommandStatus,
        seq: u32,
    ) {
        let pdu = Pdu::empty(command_id).unwrap_or(Pdu::Unknown {
            command_id,
            body: Cow::Borrowed(&[]),
        });
        crate::encode(seq, status, &pdu, &mut self.tx);
    }

    /// Writes the response to request `request`: header only on error; otherwise
    /// `message_id` as the body of message responses, and congestion_state on an
    /// SMSC's 5.0 binds.
    pub(crate) fn write_response(
        &mut self,
        request: CommandId,
        status: CommandStatus,
        sequence_number: u32,
        message_id: &super::smsc::IssuedId,
    ) {
        let response = request.response();
        if status != CommandStatus::ESME_ROK {
            return self.write_header_only(response, status, sequence_number);
        }
        let mut tlvs = Tlvs::default();
        if let Some(state) = self.congestion_state() {
            // One octet under a tag of the codec's table: cannot overflow a TLV.
            let _ = tlvs.push_u8(TlvTag::CONGESTION_STATE, state);
        }
        // At most 20 decimal digits: within message_id's 65 octets, no NUL.
        let message_id = crate::COctetString::from_wire(message_id.digits());
        let Some(pdu) = Pdu::message_response(request, message_id, tlvs) else {
            return self.write_header_only(response, status, sequence_number);
        };
        crate::encode(sequence_number, status, &pdu, &mut self.tx);
    }

    /// The congestion_state an SMSC reports on a 5.0 bind (v5.0 §4.8.4 congestion_state):
    /// at least its own incoming queue occupancy.
    pub(super) fn congestion_state(&self) -> Option<u8> {
        let smsc = self.smsc.as_ref()?;
        if self.version < crate::InterfaceVersion::V50 {
            return None;
        }
        let occupancy = self.incoming.len() * 100 / self.config.max_incoming.max(1);
        Some((occupancy.min(100) as u8).max(smsc.congestion))
    }

    pub(super) fn send_enquire_link(&mut self, now: Instant) {
        if let Some(d) = self.config.enquire_link_interval {
            self.timers.set(Timer::EnquireLink, now + d);
        }
        // 5.0 §4.2.6: enquire_link may be sent in any state but CLOSED; before a bind
        // an idle link is the session-init timer's business.
        let live = matches!(self.state, State::Bound(_) | State::Unbinding { .. });
        if live && !self.window.has_enquire_link() {
            self.send_internal(now, Owner::EnquireLink, &Pdu::EnquireLink);
        }
    }

    /// Reports `outcome` for every request of the caller's still waiting.
    pub(crate) fn fail_all(&mut self, outcome: Outcome) {
        let mut waiting: Vec<(u32, Pending<T>)> = self.window.drain();
        waiting.extend(self.retry.drain(..).map(|p| (0, p)));
        waiting.sort_by_key(|(_, p)| p.order);
        for (sequence_number, p) in waiting {
            match p.owner {
                Owner::User(token) | Owner::Probe(token) => self.events.push_back(Event::Outcome {
                    token,
                    sequence_number,
                    outcome: outcome.clone(),
                }),
                Owner::Bind(_) => self.events.push_back(Event::BindFailed { status: None }),
                Owner::EnquireLink | Owner::Unbind => {}
            }
        }
    }

    /// Ends the session: outstanding requests get [`Outcome::ConnectionLost`].
    pub(crate) fn close(&mut self, reason: CloseReason) {
        if self.state == State::Closed {
            return;
        }
        self.fail_all(Outcome::ConnectionLost);
        self.incoming.clear();
        self.timers.stop_all();
        self.state = State::Closed;
        self.events.push_back(Event::Closed(reason));
    }
}

/// Requests the codec knows (anything else gets generic_nack, 3.4 §4.3).
pub(super) fn known_request(id: CommandId) -> bool {
    matches!(
        id,
        CommandId::SUBMIT_SM
            | CommandId::SUBMIT_MULTI
            | CommandId::DELIVER_SM
            | CommandId::DATA_SM
            | CommandId::QUERY_SM
            | CommandId::CANCEL_SM
            | CommandId::REPLACE_SM
            | CommandId::ALERT_NOTIFICATION
            | CommandId::BROADCAST_SM
            | CommandId::QUERY_BROADCAST_SM
            | CommandId::CANCEL_BROADCAST_SM
    )
}

/// PDUs that have no response (v3.4 §4.12 alert_notification, §4.1.7 outbind, §4.3
/// generic_nack): never answered, whatever is wrong with them.
pub(super) fn has_no_response(id: CommandId) -> bool {
    matches!(
        id,
        CommandId::ALERT_NOTIFICATION | CommandId::OUTBIND | CommandId::GENERIC_NACK
    )
}

/// The broadcast family, defined by v5.0 only (v5.0 §4.4, §4.6).
pub(super) fn is_broadcast(id: CommandId) -> bool {
    matches!(
        id.request(),
        CommandId::BROADCAST_SM | CommandId::QUERY_BROADCAST_SM | CommandId::CANCEL_BROADCAST_SM
    )
}
