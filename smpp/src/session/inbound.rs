//! Everything the peer sends: responses matched to the window, requests checked
//! against the bind state and answered or handed to the caller, malformed PDUs answered
//! with the mapped status.

use std::time::Instant;

use super::config::Role;
use super::connection::{Session, known_request};
use super::event::{CloseReason, Event, Incoming, Outcome, ProtocolError, Response};
use super::state;
use super::timer::Timer;
use super::window::{Owner, Pending};
use crate::{CommandId, CommandStatus, Header, MalformedPdu, OwnedFrame, Pdu};

impl<T> Session<T> {
    pub(super) fn handle_frame_inner(
        &mut self,
        now: Instant,
        frame: Result<OwnedFrame, MalformedPdu>,
    ) {
        // Anything received proves the peer alive.
        if let Some(d) = self.config.enquire_link_interval {
            self.timers.set(Timer::EnquireLink, now + d);
        }
        if let Some(d) = self.config.dead_after {
            self.timers.set(Timer::Dead, now + d);
        }
        match frame {
            Ok(frame) if frame.command_id().is_response() => {
                self.on_response(now, frame.header(), Ok(frame));
            }
            Ok(frame) => self.on_request(now, frame),
            Err(malformed) => self.on_malformed(now, malformed),
        }
    }

    pub(super) fn on_malformed(&mut self, now: Instant, malformed: MalformedPdu) {
        let error = malformed.error;
        let status = CommandStatus::from(&error);
        let header = malformed.header();
        let answered = match header {
            // A response we cannot read fully still ends its request: the header says
            // how the peer answered.
            Some(h) if h.command_id.is_response() => {
                self.on_response(now, h, Err(malformed));
                None
            }
            Some(h) if status == CommandStatus::ESME_RINVCMDID || h.command_id.0 == 0 => {
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

    pub(super) fn on_request(&mut self, now: Instant, frame: OwnedFrame) {
        let header = frame.header();
        let id = header.command_id;
        let seq = header.sequence_number;
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
            let answer = if status == CommandStatus::ESME_RINVCMDID && !known_request(id) {
                CommandId::GENERIC_NACK
            } else {
                id.response()
            };
            self.write_header_only(answer, status, seq);
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
                    self.write_response(id, CommandStatus::ESME_ROK, seq, "");
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
        if self.state.bound().is_none() {
            // 3.4 §4.2: unbind is only valid once bound.
            self.write_header_only(CommandId::UNBIND_RESP, CommandStatus::ESME_RINVBNDSTS, seq);
            self.events
                .push_back(Event::ProtocolError(ProtocolError::NotAllowed {
                    header,
                    status: CommandStatus::ESME_RINVBNDSTS,
                }));
            return;
        }
        self.write_header_only(CommandId::UNBIND_RESP, CommandStatus::ESME_ROK, seq);
        self.fail_all(Outcome::Unbound);
        self.close(CloseReason::PeerUnbound);
    }

    pub(super) fn on_response(
        &mut self,
        now: Instant,
        header: Header,
        frame: Result<OwnedFrame, MalformedPdu>,
    ) {
        let seq = header.sequence_number;
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
            Owner::Bind(kind) => self.on_bind_resp(kind, header, frame.ok().as_ref()),
            Owner::EnquireLink => {}
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
        let congestion = match frame.as_ref().map(OwnedFrame::pdu) {
            Ok(Pdu::SubmitSmResp(r)) => r.tlvs.congestion_state(),
            Ok(Pdu::DeliverSmResp(r)) => r.tlvs.congestion_state(),
            Ok(Pdu::DataSmResp(r)) => r.tlvs.congestion_state(),
            _ => None,
        };
        if self.version >= crate::InterfaceVersion::V50
            && let Some(value) = congestion
            && self.peer_congestion != Some(value)
        {
            self.peer_congestion = Some(value);
            self.events.push_back(Event::Congestion(value));
        }
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
        let response = Response { header, frame };
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
}
