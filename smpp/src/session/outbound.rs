//! Everything the caller sends: requests into the window (with back-pressure,
//! throttling and the rate limit), responses to the peer's requests, unbind.

use core::time::Duration;
use std::time::Instant;

use bytes::{Bytes, BytesMut};

use super::connection::{Session, SessionError, SubmitError, SubmitErrorKind};
use super::event::{Event, Outcome};
use super::state::{self, State};
use super::timer::Timer;
use super::window::{Owner, Pending};
use crate::{CommandId, CommandStatus, Header, Pdu, TlvTag, Tlvs};

impl<T> Session<T> {
    /// Whether [`submit`](Self::submit) would take a request now.
    pub fn can_submit(&self, now: Instant) -> bool {
        matches!(self.state, State::Bound(_))
            && self.retry.is_empty()
            && self.window.user_len() < self.config.window
            && self.throttle.blocked_until(now).is_none()
    }

    /// How many requests [`submit`](Self::submit) takes now one after another: the free
    /// window slots (1 under a rate limit, which each request spends), 0 when
    /// [`can_submit`](Self::can_submit) is false.
    #[cfg(feature = "tokio")]
    pub(crate) fn submit_room(&self, now: Instant) -> usize {
        if !self.can_submit(now) {
            0
        } else if self.throttle.is_rate_limited() {
            1
        } else {
            self.config.window - self.window.user_len()
        }
    }

    /// While submission is paused by the rate limit or a throttling back-off
    /// (ESME_RTHROTTLED / ESME_RMSGQFUL): the instant it may resume. `None` when it is
    /// not paused. A driver with queued requests wakes at that instant and retries
    /// [`can_submit`](Self::can_submit); no [`Event`] announces the end of a rate-limit
    /// pause.
    pub fn submit_blocked_until(&self, now: Instant) -> Option<Instant> {
        self.throttle.blocked_until(now)
    }

    /// Sends a request (submit_sm, data_sm, … on an ESME; deliver_sm, data_sm,
    /// alert_notification on an SMSC). Its one [`Event::Outcome`] carries `token`.
    /// Returns the sequence number used.
    ///
    /// When the window is full or submission is paused this returns
    /// [`SubmitErrorKind::Busy`] with the token; [`Event::Ready`] follows once a slot
    /// is free.
    pub fn submit(&mut self, now: Instant, pdu: &Pdu<'_>, token: T) -> Result<u32, SubmitError<T>> {
        let command_id = pdu.command_id();
        if let Err(kind) = self
            .check_version(command_id, pdu.tlvs())
            .and_then(|()| self.check_submit(now, command_id))
        {
            return Err(SubmitError { kind, token });
        }
        if command_id == CommandId::ALERT_NOTIFICATION {
            // v3.4 §4.12: no response, so nothing to wait for: it never occupies the window.
            let sequence_number = self.allocate_sequence();
            crate::encode(sequence_number, CommandStatus::ESME_ROK, pdu, &mut self.tx);
            self.throttle.consume(now);
            self.events.push_back(Event::Outcome {
                token,
                sequence_number,
                outcome: Outcome::Sent,
            });
            return Ok(sequence_number);
        }
        let sequence_number = self.allocate_sequence();
        let retained = if self.config.throttle_retries > 0 {
            let mut buf = BytesMut::with_capacity(pdu.command_length(CommandStatus::ESME_ROK));
            crate::encode(sequence_number, CommandStatus::ESME_ROK, pdu, &mut buf);
            self.tx.extend_from_slice(&buf);
            Some(buf.freeze())
        } else {
            crate::encode(sequence_number, CommandStatus::ESME_ROK, pdu, &mut self.tx);
            None
        };
        let timeout = self.config.response_timeout;
        self.enqueue(now, sequence_number, command_id, retained, token, timeout);
        Ok(sequence_number)
    }

    /// Like [`submit`](Self::submit), for a request already encoded (by
    /// [`encode`](crate::encode) with any sequence number, perhaps on another task):
    /// the session writes its own sequence number into the copy it sends.
    pub fn submit_encoded(
        &mut self,
        now: Instant,
        pdu: Bytes,
        token: T,
    ) -> Result<u32, SubmitError<T>> {
        let timeout = self.config.response_timeout;
        self.submit_encoded_timeout(now, pdu, token, timeout)
    }

    /// Like [`submit_encoded`](Self::submit_encoded), waiting `response_timeout` for
    /// this request's response instead of [`Config::response_timeout`](super::Config::response_timeout)
    /// (each time it is sent, throttled resends included).
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// use smpp::session::{Config, Session, SubmitErrorKind};
    ///
    /// let mut esme: Session<u32> = Session::esme(Config::default(), Instant::now());
    /// let mut pdu = bytes::BytesMut::new();
    /// smpp::encode(0, smpp::CommandStatus::ESME_ROK, &smpp::Pdu::EnquireLink, &mut pdu);
    /// let pdu = pdu.freeze();
    /// // Not bound yet: refused, the token comes back.
    /// let refused = esme.submit_encoded_timeout(Instant::now(), pdu, 7, Duration::from_secs(5));
    /// assert_eq!(refused.unwrap_err().kind, SubmitErrorKind::NotBound);
    /// ```
    pub fn submit_encoded_timeout(
        &mut self,
        now: Instant,
        pdu: Bytes,
        token: T,
        response_timeout: Duration,
    ) -> Result<u32, SubmitError<T>> {
        self.submit_encoded_as(now, pdu, token, response_timeout, None)
    }

    /// [`submit_encoded_timeout`](Self::submit_encoded_timeout) for bytes whose TLVs are
    /// known: `v50_tlvs` is `Some` when they were encoded here from a [`Pdu`] (so they
    /// decode) and says whether it carries a TLV only v5.0 defines; `None` has the bytes
    /// checked.
    pub(crate) fn submit_encoded_as(
        &mut self,
        now: Instant,
        pdu: Bytes,
        token: T,
        response_timeout: Duration,
        v50_tlvs: Option<bool>,
    ) -> Result<u32, SubmitError<T>> {
        let Some(header) = Header::peek(&pdu).filter(|h| h.command_length as usize == pdu.len())
        else {
            return Err(SubmitError {
                kind: SubmitErrorKind::InvalidPdu,
                token,
            });
        };
        let command_id = header.command_id;
        let version = match v50_tlvs {
            Some(v50_tlvs) => self.check_version_with(command_id, v50_tlvs),
            // The bytes must decode (leniently); only their TLVs matter here.
            None => match crate::pdu::encoded_tlvs(&pdu) {
                Ok(tlvs) => self.check_version(command_id, tlvs.as_ref()),
                Err(_) => Err(SubmitErrorKind::InvalidPdu),
            },
        };
        if let Err(kind) = version.and_then(|()| self.check_submit(now, command_id)) {
            return Err(SubmitError { kind, token });
        }
        if command_id == CommandId::ALERT_NOTIFICATION {
            let sequence_number = self.allocate_sequence();
            let start = self.tx.len();
            self.tx.extend_from_slice(&pdu);
            Header::set_sequence_number(&mut self.tx[start..], sequence_number);
            self.throttle.consume(now);
            self.events.push_back(Event::Outcome {
                token,
                sequence_number,
                outcome: Outcome::Sent,
            });
            return Ok(sequence_number);
        }
        let sequence_number = self.allocate_sequence();
        let start = self.tx.len();
        self.tx.extend_from_slice(&pdu);
        Header::set_sequence_number(&mut self.tx[start..], sequence_number);
        let retained = (self.config.throttle_retries > 0).then_some(pdu);
        self.enqueue(
            now,
            sequence_number,
            command_id,
            retained,
            token,
            response_timeout,
        );
        Ok(sequence_number)
    }

    /// Sends an enquire_link now (SMPP 3.4 §4.11: either side, any time the session is
    /// open) and reports its response, or its absence, as the one [`Event::Outcome`]
    /// of `token`: `Accepted` with the enquire_link_resp, `Timeout` after
    /// [`Config::response_timeout`](super::Config::response_timeout), or
    /// `ConnectionLost`. It takes no window slot and waits for no throttle: it probes
    /// the link. Returns the sequence number used.
    ///
    /// ```
    /// use std::time::Instant;
    /// use smpp::session::{Config, Session};
    ///
    /// let now = Instant::now();
    /// let mut esme: Session<&str> = Session::esme(Config::default(), now);
    /// let seq = esme.enquire_link(now, "probe").unwrap();
    /// let mut wire = Vec::new();
    /// esme.poll_transmit(&mut wire);
    /// // 3.4 §4.11.1: a header-only PDU, command_id 0x00000015.
    /// assert_eq!(wire.len(), 16);
    /// assert_eq!(wire[4..8], [0, 0, 0, 0x15]);
    /// assert_eq!(u32::from_be_bytes(wire[12..16].try_into().unwrap()), seq);
    /// ```
    pub fn enquire_link(&mut self, now: Instant, token: T) -> Result<u32, SubmitError<T>> {
        if matches!(self.state, State::Closed) {
            return Err(SubmitError {
                kind: SubmitErrorKind::NotBound,
                token,
            });
        }
        let sequence_number = self.allocate_sequence();
        crate::encode(
            sequence_number,
            CommandStatus::ESME_ROK,
            &Pdu::EnquireLink,
            &mut self.tx,
        );
        let timeout = self.config.response_timeout;
        self.window.insert(
            sequence_number,
            Pending {
                owner: Owner::Probe(token),
                command_id: CommandId::ENQUIRE_LINK,
                deadline: now + timeout,
                order: 0,
                retained: None,
                attempts: 0,
                timeout,
            },
        );
        Ok(sequence_number)
    }

    /// broadcast_* and the TLVs v5.0 introduced go only on v5.0 binds (v5.0 §4.4, §4.8.4):
    /// an older peer would answer ESME_RINVCMDID / ESME_ROPTPARNOTALLWD.
    pub(super) fn check_version(
        &self,
        command_id: CommandId,
        tlvs: Option<&Tlvs<'_>>,
    ) -> Result<(), SubmitErrorKind> {
        if self.version >= super::InterfaceVersion::V50 {
            return Ok(());
        }
        self.check_version_with(command_id, has_v50_tlvs(tlvs))
    }

    /// [`check_version`](Self::check_version) of a request whose TLVs are known to
    /// include one only v5.0 defines (`v50_tlvs`) or not.
    fn check_version_with(
        &self,
        command_id: CommandId,
        v50_tlvs: bool,
    ) -> Result<(), SubmitErrorKind> {
        if self.version >= super::InterfaceVersion::V50 {
            return Ok(());
        }
        if super::connection::is_broadcast(command_id) {
            return Err(SubmitErrorKind::NotAllowed(CommandStatus::ESME_RINVCMDID));
        }
        if v50_tlvs {
            return Err(SubmitErrorKind::NotAllowed(
                CommandStatus::ESME_ROPTPARNOTALLWD,
            ));
        }
        Ok(())
    }

    pub(super) fn check_submit(
        &mut self,
        now: Instant,
        command_id: CommandId,
    ) -> Result<(), SubmitErrorKind> {
        if self.state.bound().is_none() {
            return Err(SubmitErrorKind::NotBound);
        }
        if let Err(status) = state::may_send(self.role, self.state, command_id) {
            return Err(SubmitErrorKind::NotAllowed(status));
        }
        if !matches!(self.state, State::Bound(_)) {
            return Err(SubmitErrorKind::NotBound);
        }
        let window_free = command_id == CommandId::ALERT_NOTIFICATION
            || (self.retry.is_empty() && self.window.user_len() < self.config.window);
        let may_go = if command_id == CommandId::ALERT_NOTIFICATION {
            self.throttle.blocked_until(now).is_none()
        } else {
            self.can_submit(now)
        };
        if !(window_free && may_go) {
            self.want_ready = true;
            self.arm_rate_timer(now);
            return Err(SubmitErrorKind::Busy);
        }
        Ok(())
    }

    pub(super) fn enqueue(
        &mut self,
        now: Instant,
        sequence_number: u32,
        command_id: CommandId,
        retained: Option<Bytes>,
        token: T,
        timeout: Duration,
    ) {
        self.throttle.consume(now);
        self.order += 1;
        self.window.insert(
            sequence_number,
            Pending {
                owner: Owner::User(token),
                command_id,
                deadline: now + timeout,
                order: self.order,
                retained,
                attempts: 0,
                timeout,
            },
        );
    }

    /// Answers the peer's request `sequence_number` with `pdu` (its matching response)
    /// and `status`. Each request is answered once. An SMSC on a 5.0 bind adds its
    /// congestion_state (v5.0 §4.8.4 congestion_state) to a response layout with TLVs that lacks one;
    /// otherwise the PDU goes out as given.
    pub fn respond(
        &mut self,
        sequence_number: u32,
        status: CommandStatus,
        pdu: &Pdu<'_>,
    ) -> Result<(), SessionError> {
        let Some(&request) = self.incoming.get(&sequence_number) else {
            return Err(SessionError::NotPending(sequence_number));
        };
        if pdu.command_id() != request.response() {
            return Err(SessionError::WrongResponse);
        }
        self.incoming.remove(&sequence_number);
        if let Some(state) = self.congestion_state()
            && status.is_ok()
            && pdu.tlvs().is_some_and(|t| t.congestion_state().is_none())
        {
            let mut with = pdu.clone();
            if let Some(t) = with.tlvs_mut() {
                // A u8 TLV of a tag the region lacks: push cannot fail.
                let _ = t.push_u8(TlvTag::CONGESTION_STATE, state);
            }
            crate::encode(sequence_number, status, &with, &mut self.tx);
        } else {
            crate::encode(sequence_number, status, pdu, &mut self.tx);
        }
        Ok(())
    }

    /// Answers the peer's request `sequence_number` with the minimal response: for a
    /// non-zero `status` the header alone ("the body is not returned if the
    /// command_status field contains a non-zero value", SMPP 3.4 §4.4.2, §4.1.2);
    /// for ESME_ROK a deliver_sm_resp / data_sm_resp with an empty message_id, or a
    /// header-only cancel_sm_resp / replace_sm_resp / cancel_broadcast_sm_resp.
    /// An SMSC accepting a submit_sm should use [`accept`](Self::accept).
    pub fn ack(&mut self, sequence_number: u32, status: CommandStatus) -> Result<(), SessionError> {
        let Some(&request) = self.incoming.get(&sequence_number) else {
            return Err(SessionError::NotPending(sequence_number));
        };
        if status == CommandStatus::ESME_ROK {
            match request {
                CommandId::DELIVER_SM | CommandId::DATA_SM => {}
                CommandId::CANCEL_SM | CommandId::REPLACE_SM | CommandId::CANCEL_BROADCAST_SM => {}
                _ => return Err(SessionError::NeedsBody),
            }
        }
        self.incoming.remove(&sequence_number);
        self.write_response(
            request,
            status,
            sequence_number,
            &super::smsc::IssuedId::EMPTY,
        );
        Ok(())
    }

    /// Resends throttled requests while allowed, then handles unbind draining and
    /// [`Event::Ready`].
    pub(super) fn after_progress(&mut self, now: Instant) {
        if self.state == State::Closed {
            return;
        }
        while !self.retry.is_empty()
            && self.window.user_len() < self.config.window
            && self.throttle.blocked_until(now).is_none()
            && self.state.bound().is_some()
        {
            let Some(mut p) = self.retry.pop_front() else {
                break;
            };
            let seq = self.allocate_sequence();
            if let Some(bytes) = &p.retained {
                let start = self.tx.len();
                self.tx.extend_from_slice(bytes);
                // The retained PDU is ours and whole; only its sequence_number changes.
                Header::set_sequence_number(&mut self.tx[start..], seq);
            }
            self.throttle.consume(now);
            p.deadline = now + p.timeout;
            self.window.insert(seq, p);
        }
        if let State::PeerUnbinding(_) = self.state
            && self.window.user_len() == 0
        {
            // The peer unbound and the last of our requests has ended.
            self.close(super::event::CloseReason::PeerUnbound);
            return;
        }
        if let State::Unbinding { kind, sent: false } = self.state
            && self.window.user_len() == 0
            && self.retry.is_empty()
        {
            self.state = State::Unbinding { kind, sent: true };
            self.send_internal(now, Owner::Unbind, &Pdu::Unbind);
        }
        if self.want_ready {
            if self.can_submit(now) {
                self.want_ready = false;
                self.events.push_back(Event::Ready);
            } else {
                self.arm_rate_timer(now);
            }
        }
    }

    pub(super) fn arm_rate_timer(&mut self, now: Instant) {
        if let Some(at) = self.throttle.blocked_until(now)
            && self.throttle.paused_until() != Some(at)
        {
            self.timers.set(Timer::Rate, at);
        }
    }

    /// Starts unbinding (SMPP 3.4 §4.2). With [`UnbindPolicy::Drain`](super::UnbindPolicy::Drain)
    /// the unbind goes out once every request has its outcome; with
    /// [`UnbindPolicy::Fail`](super::UnbindPolicy::Fail) at once. The session closes
    /// when unbind_resp arrives or its response timeout passes.
    pub fn unbind(&mut self, now: Instant) -> Result<(), SessionError> {
        let State::Bound(kind) = self.state else {
            return Err(SessionError::InvalidState);
        };
        if self.config.unbind_policy == super::UnbindPolicy::Fail {
            let mut waiting = self.window.drain();
            // Keep internal requests (enquire_link) in the window; fail the caller's.
            let mut users = Vec::new();
            for (s, p) in waiting.drain(..) {
                if matches!(p.owner, Owner::User(_)) {
                    users.push((s, p));
                } else {
                    self.window.insert(s, p);
                }
            }
            users.extend(self.retry.drain(..).map(|p| (0, p)));
            users.sort_by_key(|(_, p)| p.order);
            for (sequence_number, p) in users {
                if let Owner::User(token) = p.owner {
                    self.events.push_back(Event::Outcome {
                        token,
                        sequence_number,
                        outcome: Outcome::Unbound,
                    });
                }
            }
        }
        self.state = State::Unbinding { kind, sent: false };
        self.after_progress(now);
        Ok(())
    }
}

/// Whether `tlvs` include one that only v5.0 defines (v5.0 §4.8.4).
pub(crate) fn has_v50_tlvs(tlvs: Option<&Tlvs<'_>>) -> bool {
    tlvs.is_some_and(|t| t.tags().any(TlvTag::is_v50))
}
