//! What a session tells its caller: [`Event`]s, and the one [`Outcome`] of every request.

use core::time::Duration;
use std::time::Instant;

use bytes::Bytes;

use super::config::BindKind;
use crate::{
    CommandId, CommandStatus, DecodeError, Header, InterfaceVersion, MalformedPdu, OwnedFrame, Pdu,
    Quirks, Violation,
};

/// Something the caller must know about, returned by [`Session::poll_event`](super::Session::poll_event).
///
/// `T` is the caller's token given to [`Session::submit`](super::Session::submit); it comes
/// back in exactly one [`Event::Outcome`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<T> {
    /// The bind completed (ESME: bind_resp ESME_ROK received; SMSC: bind accepted).
    Bound {
        /// How the link is bound.
        kind: BindKind,
        /// The negotiated interface version: the lower of ours and the peer's.
        interface_version: InterfaceVersion,
        /// The peer's system_id (SMSC's from bind_resp, ESME's from the bind).
        system_id: String,
    },
    /// Our bind was refused (`status`) or not answered in time (`None`). The session
    /// is open again: bind once more or close.
    BindFailed {
        /// The bind_resp or generic_nack status, `None` on timeout.
        status: Option<CommandStatus>,
    },
    /// The SMSC sent outbind (SMPP 3.4 §4.1.7): the ESME should now bind a receiver or
    /// transceiver.
    Outbind {
        /// The SMSC's system_id.
        system_id: String,
        /// The password the SMSC gave (v3.4 §4.1.7), for the ESME to check.
        password: String,
    },
    /// The one outcome of a request sent with [`Session::submit`](super::Session::submit).
    Outcome {
        /// The caller's token.
        token: T,
        /// The sequence number the request (last) went out with.
        sequence_number: u32,
        /// What happened.
        outcome: Outcome,
    },
    /// A request from the peer (submit_sm on an SMSC, deliver_sm on an ESME, …).
    /// Unless [`Incoming::answered`] is set, answer it with
    /// [`Session::respond`](super::Session::respond) or [`Session::ack`](super::Session::ack).
    Request(Incoming),
    /// [`Session::submit`](super::Session::submit) refused with
    /// [`SubmitErrorKind::Busy`](super::SubmitErrorKind::Busy); it may be called again now.
    Ready,
    /// The peer answered ESME_RTHROTTLED or ESME_RMSGQFUL: new requests wait until `until`.
    Throttled {
        /// The status that paused us.
        status: CommandStatus,
        /// When submission resumes.
        until: Instant,
    },
    /// The peer's congestion_state TLV (SMPP 5.0 §4.8.4.17) changed: 0 idle … 100 congested.
    Congestion(u8),
    /// A response matching no outstanding request (late after a timeout, or bogus).
    UnexpectedResponse(Header),
    /// The peer sent something malformed or out of place; what the session answered
    /// is already queued for transmission.
    ProtocolError(ProtocolError),
    /// A PDU that decoded but breaks rules of the spec, or needed lenient forgiveness;
    /// handled as usual ([`Validation::Report`](super::Validation::Report), an ESME's default).
    Nonconformant {
        /// The PDU's header.
        header: Header,
        /// What the spec forbids in it, each with the status an SMSC would answer.
        violations: Vec<Violation>,
        /// What the lenient decode forgave in its structure.
        quirks: Quirks,
    },
    /// A request from the peer above [`Config::inbound_rate_limit`](super::Config::inbound_rate_limit),
    /// answered ESME_RTHROTTLED.
    InboundThrottled(Header),
    /// The session is over: send what [`Session::poll_transmit`](super::Session::poll_transmit)
    /// still yields, then close the transport. Every request has had its outcome.
    Closed(CloseReason),
}

/// How a request ended. Exactly one per request.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// The response came with ESME_ROK.
    Accepted(Response),
    /// The response came with an error status, or the peer sent generic_nack.
    Rejected(Response),
    /// No response within [`Config::response_timeout`](super::Config::response_timeout).
    /// A response arriving later is reported as [`Event::UnexpectedResponse`].
    Timeout,
    /// The transport closed or the link was declared dead before a response came.
    ConnectionLost,
    /// The session was unbound (by us with [`UnbindPolicy::Fail`](super::UnbindPolicy::Fail),
    /// or by the peer) before a response came.
    Unbound,
    /// The request has no response (alert_notification, v3.4 §4.12): it was queued for
    /// transmission and never occupied the window.
    Sent,
}

impl Outcome {
    /// The response, if one came.
    pub fn response(&self) -> Option<&Response> {
        match self {
            Self::Accepted(r) | Self::Rejected(r) => Some(r),
            _ => None,
        }
    }
}

/// A response PDU as received: the decoded frame (or, for a response whose body did not
/// decode, its octets and the error; its header still ended the request).
///
/// Small (the frame, or a box for the rare malformed one): every outcome is moved
/// through the event queue and the caller's channel.
#[derive(Clone, Debug)]
pub struct Response {
    frame: Result<OwnedFrame, Box<(Header, MalformedPdu)>>,
}

impl Response {
    /// The response `header` read, as `frame`.
    pub(crate) fn new(header: Header, frame: Result<OwnedFrame, MalformedPdu>) -> Self {
        Self {
            frame: frame.map_err(|m| Box::new((header, m))),
        }
    }

    /// Its header.
    pub fn header(&self) -> Header {
        match &self.frame {
            Ok(f) => f.header(),
            Err(m) => m.0,
        }
    }

    /// Its command_status.
    pub fn status(&self) -> CommandStatus {
        self.header().command_status
    }

    /// Whether the peer answered with generic_nack rather than the matching response.
    pub fn is_generic_nack(&self) -> bool {
        self.header().command_id == CommandId::GENERIC_NACK
    }

    /// The decoded frame; `None` when the body did not decode.
    pub fn frame(&self) -> Option<&OwnedFrame> {
        self.frame.as_ref().ok()
    }

    /// The body, its fields borrowing from the frame; `None` when it did not decode.
    pub fn pdu(&self) -> Option<Pdu<'_>> {
        self.frame().map(OwnedFrame::pdu)
    }

    /// The message_id of a submit_sm_resp, data_sm_resp, deliver_sm_resp,
    /// submit_multi_resp or broadcast_sm_resp, if present and UTF-8.
    pub fn message_id(&self) -> Option<&str> {
        match self.pdu()? {
            Pdu::SubmitSmResp(r) => r.message_id.borrowed_str(),
            Pdu::DataSmResp(r) => r.message_id.borrowed_str(),
            Pdu::DeliverSmResp(r) => r.message_id.borrowed_str(),
            Pdu::SubmitMultiResp(r) => r.message_id.borrowed_str(),
            Pdu::BroadcastSmResp(r) => r.message_id.borrowed_str(),
            _ => None,
        }
        .filter(|id| !id.is_empty())
    }

    /// The whole PDU as received.
    pub fn bytes(&self) -> &Bytes {
        match &self.frame {
            Ok(f) => f.bytes(),
            Err(m) => &m.1.bytes,
        }
    }
}

/// A request from the peer: the frame as decoded once by the session.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub(crate) frame: OwnedFrame,
    pub(crate) answered: bool,
    pub(crate) message_id: Option<super::smsc::IssuedId>,
}

impl Incoming {
    /// Its header (sequence_number identifies it in [`Session::respond`](super::Session::respond)).
    pub fn header(&self) -> Header {
        self.frame.header()
    }

    /// Its command_id.
    pub fn command_id(&self) -> CommandId {
        self.frame.command_id()
    }

    /// Its sequence_number.
    pub fn sequence_number(&self) -> u32 {
        self.frame.sequence_number()
    }

    /// Whether the session already answered it ([`Config::auto_respond`](super::Config::auto_respond),
    /// or alert_notification which has no response).
    pub fn answered(&self) -> bool {
        self.answered
    }

    /// The message id an SMSC issued when it answered a submit_sm/data_sm itself.
    pub fn message_id(&self) -> Option<&str> {
        self.message_id.as_ref().map(super::smsc::IssuedId::as_str)
    }

    /// The decoded frame.
    pub fn frame(&self) -> &OwnedFrame {
        &self.frame
    }

    /// The body, its fields borrowing from the frame (decoded once, by the session).
    pub fn pdu(&self) -> Pdu<'_> {
        self.frame.pdu()
    }

    /// The whole PDU as received.
    pub fn bytes(&self) -> &Bytes {
        self.frame.bytes()
    }

    /// The frame, given back.
    pub fn into_frame(self) -> OwnedFrame {
        self.frame
    }
}

/// Something the peer did wrong.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum ProtocolError {
    /// A PDU failed to decode; `answered` is the status sent back (if any).
    Malformed {
        /// The decode error.
        error: DecodeError,
        /// The status sent back in the response or generic_nack.
        answered: Option<CommandStatus>,
    },
    /// A request not allowed in the current bind state (or from this side); it was
    /// answered with `status`.
    NotAllowed {
        /// The request.
        header: Header,
        /// ESME_RINVBNDSTS, ESME_RINVCMDID or ESME_RALYBND.
        status: CommandStatus,
    },
    /// A request reused a sequence number that still awaits our response.
    DuplicateSequence(Header),
    /// A generic_nack with sequence_number 0: the peer could not read something we
    /// sent but could not say what.
    UncorrelatedNack(Header),
    /// A request breaking a rule of the spec, answered with `status`
    /// ([`Validation::Enforce`](super::Validation::Enforce), an SMSC's default).
    Invalid {
        /// The request.
        header: Header,
        /// What the spec forbids in it.
        violations: Vec<Violation>,
        /// The status answered (the first violation's).
        status: CommandStatus,
    },
}

/// Why a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CloseReason {
    /// We unbound and the peer answered (or did not in time).
    Unbound,
    /// The peer sent unbind; we answered unbind_resp.
    PeerUnbound,
    /// Nothing received for [`Config::dead_after`](super::Config::dead_after).
    LinkDead(Duration),
    /// The caller reported the transport closed ([`Session::handle_close`](super::Session::handle_close)).
    TransportClosed,
    /// An SMSC saw no bind within [`Config::session_init_timeout`](super::Config::session_init_timeout).
    SessionInitTimeout,
    /// The byte stream can no longer be split into PDUs (invalid command_length).
    FramingLost,
}
