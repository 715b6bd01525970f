//! Everything the peer sends: responses matched to the window, requests checked
//! against the bind state and answered or handed to the caller, malformed PDUs answered
//! with the mapped status.

use std::time::Instant;

use super::config::Role;
use super::config::Validation;
use super::connection::{Session, has_no_response, is_broadcast, known_request};
use super::event::{CloseReason, Event, Incoming, Outcome, ProtocolError, Response};
use super::smsc::IssuedId;
use super::state::{self, State};
use super::timer::Timer;
use super::window::{Owner, Pending};
use crate::InterfaceVersion;
use crate::{
    CommandId, CommandStatus, DecodeErrorKind, DecodeOptions, Header, MalformedPdu, OwnedFrame,
    Quirks, Violation,
};

impl<T> Session<T> {
    pub(super) fn handle_frame_inner(
        &mut self,
        now: Instant,
        frame: Result<OwnedFrame, MalformedPdu>,
    ) {
        let frame = match frame {
            Ok(frame) => frame,
            Err(malformed) => return self.on_malformed(now, malformed),
        };
        let header = frame.header();
        let unknown = frame.is_unknown();
        let violations = match self.validation() {
            Validation::Off => Vec::new(),
            _ => frame.validate(self.version),
        };
        let quirks = frame.quirks().clone();
        if unknown || (is_broadcast(header.command_id) && self.version < InterfaceVersion::V50) {
            return self.on_unknown_command(header);
        }
        if header.command_id.is_response() {
            self.report(header, violations, quirks);
            self.on_response(now, header, Ok(frame));
        } else {
            self.on_request(now, frame, violations, quirks);
        }
    }

    /// Anything received proves the peer alive: the enquire_link and dead-link timers
    /// start again from `now` (once per burst of PDUs received at `now`).
    pub(super) fn heard_from_peer(&mut self, now: Instant) {
        if let Some(d) = self.config.enquire_link_interval {
            self.timers.set(Timer::EnquireLink, now + d);
        }
        if let Some(d) = self.config.dead_after {
            self.timers.set(Timer::Dead, now + d);
        }
    }

    /// Reports a PDU that needed forgiveness or breaks rules (nothing when it is clean).
    fn report(&mut self, header: Header, violations: Vec<Violation>, quirks: Quirks) {
        if !violations.is_empty() || !quirks.is_empty() {
            self.events.push_back(Event::Nonconformant {
                header,
                violations,
                quirks,
            });
        }
    }

    /// v3.4 §4.3.1: a command_id the receiver does not know (here: one the codec does not
    /// define, or a v5.0 broadcast PDU on an older bind) is answered generic_nack
    /// ESME_RINVCMDID, in every state, whether the id has bit 31 set or not.
    fn on_unknown_command(&mut self, header: Header) {
        let status = CommandStatus::ESME_RINVCMDID;
        self.write_header_only(CommandId::GENERIC_NACK, status, header.sequence_number);
        self.events
            .push_back(Event::ProtocolError(ProtocolError::NotAllowed {
                header,
                status,
            }));
    }

    pub(super) fn on_malformed(&mut self, now: Instant, malformed: MalformedPdu) {
        let error = malformed.error;
        let status = CommandStatus::from(&error);
        let header = malformed.header();
        // A body shorter or longer than its fields (v3.4 §2.9, §4.3: generic_nack answers
        // "an invalid command_length").
        let length_fault = matches!(
            error.kind(),
            DecodeErrorKind::UnexpectedEnd { .. }
                | DecodeErrorKind::TrailingData { .. }
                | DecodeErrorKind::LengthMismatch { .. }
                | DecodeErrorKind::CStringUnterminated
        );
        let answered = match header {
            // A response we cannot read fully still ends its request: the header says
            // how the peer answered.
            Some(h) if h.command_id.is_response() => {
                self.on_response(now, h, Err(malformed));
                None
            }
            // alert_notification and outbind have no response to carry an error.
            Some(h) if has_no_response(h.command_id) && !length_fault => None,
            Some(h) if length_fault || h.command_id.0 == 0 => {
                let status = CommandStatus::ESME_RINVCMDLEN;
                self.write_header_only(CommandId::GENERIC_NACK, status, h.sequence_number);
                Some(status)
            }
            Some(h) => {
                // 3.4 §2.9: a PDU that is recognised but malformed gets its own response
                // with the error status.
                self.write_header_only(h.command_id.response(), status, h.sequence_number);
                Some(status)
            }
            None => {
                self.write_header_only(CommandId::GENERIC_NACK, status, 0);
                Some(status)
            }
        };
        self.events
            .push_back(Event::ProtocolError(ProtocolError::Malformed {
                error,
                answered,
            }));
    }

    pub(super) fn on_request(
        &mut self,
        now: Instant,
        frame: OwnedFrame,
        violations: Vec<Violation>,
        quirks: Quirks,
    ) {
        let header = frame.header();
        let id = header.command_id;
        let seq = header.sequence_number;
        if !violations.is_empty() && self.validation() == Validation::Enforce {
            if has_no_response(id) {
                // Nothing to answer with: report it.
                return self.report(header, violations, quirks);
            }
            let status = violations[0].status;
            let answer = if status == CommandStatus::ESME_RINVCMDID {
                CommandId::GENERIC_NACK
            } else {
                id.response()
            };
            self.write_header_only(answer, status, seq);
            self.events
                .push_back(Event::ProtocolError(ProtocolError::Invalid {
                    header,
                    violations,
                    status,
                }));
            return;
        }
        self.report(header, violations, quirks);
        match id {
            // 3.4 §4.11.1: enquire_link may be sent by either side at any time.
            CommandId::ENQUIRE_LINK => {
                return self.write_header_only(
                    CommandId::ENQUIRE_LINK_RESP,
                    CommandStatus::ESME_ROK,
                    seq,
                );
            }
            CommandId::UNBIND => return self.on_peer_unbind(header),
            CommandId::BIND_TRANSMITTER
            | CommandId::BIND_RECEIVER
            | CommandId::BIND_TRANSCEIVER => {
                return self.on_bind(now, &frame);
            }
            CommandId::OUTBIND => return self.on_outbind(&frame),
            _ => {}
        }
        if let Err(status) = state::may_receive(self.role, self.state, id) {
            if !has_no_response(id) {
                let answer = if status == CommandStatus::ESME_RINVCMDID && !known_request(id) {
                    CommandId::GENERIC_NACK
                } else {
                    id.response()
                };
                self.write_header_only(answer, status, seq);
            }
            self.events
                .push_back(Event::ProtocolError(ProtocolError::NotAllowed {
                    header,
                    status,
                }));
            return;
        }
        // alert_notification has no response (3.4 §4.12).
        if id == CommandId::ALERT_NOTIFICATION {
            self.events.push_back(Event::Request(Incoming {
                frame,
                answered: true,
                message_id: None,
            }));
            return;
        }
        if self.inbound.blocked_until(now).is_some() {
            // Above the cap: v3.4 §5.1.3 ESME_RTHROTTLED.
            self.write_header_only(id.response(), CommandStatus::ESME_RTHROTTLED, seq);
            self.events.push_back(Event::InboundThrottled(header));
            return;
        }
        self.inbound.consume(now);
        if self.incoming.contains_key(&seq) {
            self.write_header_only(id.response(), CommandStatus::ESME_RSYSERR, seq);
            self.events
                .push_back(Event::ProtocolError(ProtocolError::DuplicateSequence(
                    header,
                )));
            return;
        }
        if self.incoming.len() >= self.config.max_incoming {
            let status = match self.role {
                Role::Smsc => CommandStatus::ESME_RTHROTTLED,
                Role::Esme => CommandStatus::ESME_RMSGQFUL,
            };
            return self.write_header_only(id.response(), status, seq);
        }
        let mut incoming = Incoming {
            frame,
            answered: false,
            message_id: None,
        };
        if self.config.auto_respond {
            match (self.role, id) {
                (Role::Smsc, CommandId::SUBMIT_SM | CommandId::DATA_SM) => {
                    let message_id = self.issue_message_id();
                    self.write_response(id, CommandStatus::ESME_ROK, seq, &message_id);
                    incoming.message_id = Some(message_id);
                    incoming.answered = true;
                }
                (Role::Esme, CommandId::DELIVER_SM | CommandId::DATA_SM) => {
                    self.write_response(id, CommandStatus::ESME_ROK, seq, &IssuedId::EMPTY);
                    incoming.answered = true;
                }
                _ => {}
            }
        }
        if !incoming.answered {
            self.incoming.insert(seq, id);
        }
        self.events.push_back(Event::Request(incoming));
    }

    pub(super) fn on_peer_unbind(&mut self, header: Header) {
        let seq = header.sequence_number;
        let Some(kind) = self.state.bound() else {
            // 3.4 §4.2: unbind is only valid once bound.
            self.write_header_only(CommandId::UNBIND_RESP, CommandStatus::ESME_RINVBNDSTS, seq);
            self.events
                .push_back(Event::ProtocolError(ProtocolError::NotAllowed {
                    header,
                    status: CommandStatus::ESME_RINVBNDSTS,
                }));
            return;
        };
        self.write_header_only(CommandId::UNBIND_RESP, CommandStatus::ESME_ROK, seq);
        // Throttled requests waiting to be resent can no longer go out.
        let mut waiting: Vec<_> = self.retry.drain(..).collect();
        waiting.sort_by_key(|p| p.order);
        for p in waiting {
            if let Owner::User(token) = p.owner {
                self.events.push_back(Event::Outcome {
                    token,
                    sequence_number: 0,
                    outcome: Outcome::Unbound,
                });
            }
        }
        if self.window.user_len() == 0 {
            self.close(CloseReason::PeerUnbound);
        } else {
            // Requests in flight keep their slots: their responses may still come before
            // the peer closes (or they time out); the last one to end closes the session.
            self.state = State::PeerUnbinding(kind);
        }
    }

    pub(super) fn on_response(
        &mut self,
        now: Instant,
        header: Header,
        frame: Result<OwnedFrame, MalformedPdu>,
    ) {
        let seq = header.sequence_number;
        if header.command_id == CommandId::GENERIC_NACK
            && seq == 0
            && matches!(self.state, State::Binding(_))
            && let Some((_, p)) = self.window.remove_bind()
            && let Owner::Bind(kind) = p.owner
        {
            // The peer could not read our bind's header, so it could not echo its
            // sequence number: the nack answers the bind (v3.4 §4.3).
            return self.on_bind_resp(kind, header, &frame);
        }
        let Some(p) = self.window.remove(seq) else {
            let e = if header.command_id == CommandId::GENERIC_NACK && seq == 0 {
                Event::ProtocolError(ProtocolError::UncorrelatedNack(header))
            } else {
                Event::UnexpectedResponse(header)
            };
            self.events.push_back(e);
            return;
        };
        let nack = header.command_id == CommandId::GENERIC_NACK;
        if !nack && header.command_id != p.command_id.response() {
            // Right number, wrong command: not the answer to this request.
            self.window.restore(seq, p);
            self.events.push_back(Event::UnexpectedResponse(header));
            return;
        }
        match p.owner {
            Owner::User(_) => self.on_user_response(now, header, frame, p),
            Owner::Bind(kind) => self.on_bind_resp(kind, header, &frame),
            Owner::EnquireLink => self.read_congestion(&frame),
            Owner::Probe(token) => {
                self.read_congestion(&frame);
                let response = Response::new(header, frame);
                let outcome = if header.command_status == CommandStatus::ESME_ROK
                    && header.command_id != CommandId::GENERIC_NACK
                {
                    Outcome::Accepted(response)
                } else {
                    Outcome::Rejected(response)
                };
                self.events.push_back(Event::Outcome {
                    token,
                    sequence_number: seq,
                    outcome,
                });
            }
            // Whatever the status, the unbind was answered: the session is over.
            Owner::Unbind => self.close(CloseReason::Unbound),
        }
    }

    pub(super) fn on_user_response(
        &mut self,
        now: Instant,
        header: Header,
        frame: Result<OwnedFrame, MalformedPdu>,
        mut p: Pending<T>,
    ) {
        let status = header.command_status;
        self.read_congestion(&frame);
        if status == CommandStatus::ESME_RTHROTTLED || status == CommandStatus::ESME_RMSGQFUL {
            // Pause new requests; resend this one later, ahead of anything newer.
            let until = now + self.config.throttle_backoff;
            self.throttle.pause(until);
            self.timers.set(Timer::Throttle, until);
            self.events.push_back(Event::Throttled { status, until });
            if p.retained.is_some() && p.attempts < self.config.throttle_retries {
                p.attempts += 1;
                let at = self.retry.partition_point(|r| r.order < p.order);
                self.retry.insert(at, p);
                return;
            }
        }
        let Owner::User(token) = p.owner else { return };
        let response = Response::new(header, frame);
        let outcome =
            if status == CommandStatus::ESME_ROK && header.command_id != CommandId::GENERIC_NACK {
                Outcome::Accepted(response)
            } else {
                Outcome::Rejected(response)
            };
        self.events.push_back(Event::Outcome {
            token,
            sequence_number: header.sequence_number,
            outcome,
        });
    }

    /// v5.0 §4.8.4 congestion_state: congestion_state, read from the TLVs of any response layout that has
    /// them (bind_*_resp, submit_sm_resp, submit_multi_resp, data_sm_resp, deliver_sm_resp,
    /// broadcast_sm_resp, query_broadcast_sm_resp) on a v5.0 bind.
    pub(super) fn read_congestion(&mut self, frame: &Result<OwnedFrame, MalformedPdu>) {
        if self.version < InterfaceVersion::V50 {
            return;
        }
        let value = match frame {
            Ok(f) => f.pdu().tlvs().and_then(|t| t.congestion_state()),
            // A response the session could not read strictly may still say it, leniently.
            Err(m) => crate::decode(&m.bytes, &DecodeOptions::lenient())
                .ok()
                .and_then(|f| f.pdu.tlvs().and_then(|t| t.congestion_state())),
        };
        let Some(value) = value else {
            return;
        };
        if self.peer_congestion != Some(value) {
            self.peer_congestion = Some(value);
            self.events.push_back(Event::Congestion(value));
        }
    }
}
