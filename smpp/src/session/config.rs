//! Session configuration: windows, timers, throttling and the bind parameters.

use core::time::Duration;

use crate::{DecodeOptions, InterfaceVersion};

/// Which side of the link a [`Session`](super::Session) plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// External Short Message Entity: binds, submits, receives deliver_sm.
    Esme,
    /// Message Centre (SMSC): authenticates binds, answers submit_sm, sends deliver_sm.
    Smsc,
}

/// The three ways to bind (SMPP 3.4 §2.2, 5.0 §2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BindKind {
    /// `bind_transmitter`: the ESME may submit messages.
    Transmitter,
    /// `bind_receiver`: the ESME receives deliver_sm.
    Receiver,
    /// `bind_transceiver`: both directions on one link.
    Transceiver,
}

impl BindKind {
    /// The command_id of the bind request.
    pub fn command_id(self) -> crate::CommandId {
        match self {
            Self::Transmitter => crate::CommandId::BIND_TRANSMITTER,
            Self::Receiver => crate::CommandId::BIND_RECEIVER,
            Self::Transceiver => crate::CommandId::BIND_TRANSCEIVER,
        }
    }

    /// The bind kind of a bind request command_id, if it is one.
    pub fn from_command_id(id: crate::CommandId) -> Option<Self> {
        match id {
            crate::CommandId::BIND_TRANSMITTER => Some(Self::Transmitter),
            crate::CommandId::BIND_RECEIVER => Some(Self::Receiver),
            crate::CommandId::BIND_TRANSCEIVER => Some(Self::Transceiver),
            _ => None,
        }
    }

    /// Whether the ESME may send requests on this bind (transmitter, transceiver).
    pub fn esme_transmits(self) -> bool {
        matches!(self, Self::Transmitter | Self::Transceiver)
    }

    /// Whether the SMSC may send requests on this bind (receiver, transceiver).
    pub fn esme_receives(self) -> bool {
        matches!(self, Self::Receiver | Self::Transceiver)
    }
}

/// What happens to requests in flight when *we* unbind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum UnbindPolicy {
    /// Stop accepting new requests, wait until every outstanding request has its
    /// outcome (response or timeout), then send `unbind`.
    #[default]
    Drain,
    /// Report every outstanding request as [`Outcome::Unbound`](super::Outcome::Unbound)
    /// at once and send `unbind` immediately.
    Fail,
}

/// A rate limit counted per PDU: at most `pdus` requests in any `per` interval (a
/// generic cell rate: bursts up to `pdus`, then evenly spaced). A long message in
/// three parts costs three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// PDUs allowed per interval (0 is treated as 1).
    pub pdus: u32,
    /// The interval.
    pub per: Duration,
}

/// What a session does with what the spec forbids in a PDU that decoded
/// ([`validate`](crate::validate())).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Validation {
    /// The role's default: an ESME reports ([`Report`](Self::Report)): it accepts what
    /// carriers send; an SMSC enforces ([`Enforce`](Self::Enforce)).
    #[default]
    RoleDefault,
    /// Handle the PDU as usual and report each violation (and each forgiven quirk) in an
    /// [`Event::Nonconformant`](super::Event::Nonconformant).
    Report,
    /// Answer a request that breaks a rule with the status the spec prescribes for the first
    /// violation ([`ProtocolError::Invalid`](super::ProtocolError::Invalid)); the request
    /// does not reach the caller. Responses and PDUs without a response are reported.
    Enforce,
    /// Do not validate.
    Off,
}

/// Everything a [`Session`](super::Session) can be tuned with. `Config::default()`
/// works against SMPP 3.4 peers.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// Maximum outstanding requests sent by the user (submit_sm on an ESME, deliver_sm
    /// on an SMSC). Internal enquire_link/unbind do not count. Default 64.
    pub window: usize,
    /// How long a request waits for its response before [`Outcome::Timeout`](super::Outcome::Timeout).
    /// SMPP 5.0 §2.10 `response_timer`. Default 30 s. The tokio drivers take a
    /// per-request override (`RequestOptions::response_timeout`).
    pub response_timeout: Duration,
    /// For drivers (the session itself answers [`SubmitErrorKind::Busy`](super::SubmitErrorKind::Busy)
    /// at once): how long a request may wait for a window slot before it is given up
    /// unsent. `None` (the default) waits as long as the window stays full: back-pressure.
    pub window_wait: Option<Duration>,
    /// Send enquire_link after this long without receiving anything
    /// (5.0 §2.10 `enquire_link_timer`). `None` never sends one. Default 30 s.
    pub enquire_link_interval: Option<Duration>,
    /// Declare the link dead after this long without receiving anything, closing the
    /// session with [`CloseReason::LinkDead`](super::CloseReason::LinkDead). Default 90 s.
    pub dead_after: Option<Duration>,
    /// An SMSC closes a connection that has not bound within this time
    /// (5.0 §2.10 `session_init_timer`). Default 30 s.
    pub session_init_timeout: Option<Duration>,
    /// What unbind does with requests in flight.
    pub unbind_policy: UnbindPolicy,
    /// Pause new submissions this long after ESME_RTHROTTLED or ESME_RMSGQFUL. Default 1 s.
    pub throttle_backoff: Duration,
    /// Resend a throttled request (with a new sequence number, before any newer
    /// request) up to this many times; 0 reports the throttled response as the
    /// outcome. Default 3.
    pub throttle_retries: u8,
    /// Optional rate limit on user requests.
    pub rate_limit: Option<RateLimit>,
    /// Answer incoming requests automatically: an ESME acks deliver_sm/data_sm with
    /// ESME_ROK, an SMSC accepts submit_sm/data_sm and issues a message id.
    /// The [`Event::Request`](super::Event::Request) is still emitted. Default false.
    pub auto_respond: bool,
    /// Maximum incoming requests waiting for our response; beyond it requests are
    /// answered ESME_RTHROTTLED (SMSC) / ESME_RMSGQFUL (ESME). Default 1024.
    pub max_incoming: usize,
    /// The interface_version an SMSC supports, returned in `sc_interface_version`
    /// (SMPP 3.4 §5.3.2.25). An ESME offers the `interface_version` of the [`Bind`](crate::Bind)
    /// it sends. Default 3.4.
    pub interface_version: InterfaceVersion,
    /// The system_id an SMSC returns in bind responses and sends in outbind.
    pub system_id: String,
    /// The first sequence number allocated (1..=0x7FFFFFFF). Default 1.
    pub initial_sequence_number: u32,
    /// Options for decoding incoming PDUs.
    pub decode: DecodeOptions,
    /// What to do with rule violations in PDUs that decoded. Default: the role's.
    pub validation: Validation,
    /// A cap on the peer's requests: beyond it a request is answered ESME_RTHROTTLED
    /// (v3.4 §5.1.3 "Throttling error (ESME has exceeded allowed message limits)") and
    /// [`Event::InboundThrottled`](super::Event::InboundThrottled) reports it. Default none.
    pub inbound_rate_limit: Option<RateLimit>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            window: 64,
            response_timeout: Duration::from_secs(30),
            window_wait: None,
            enquire_link_interval: Some(Duration::from_secs(30)),
            dead_after: Some(Duration::from_secs(90)),
            session_init_timeout: Some(Duration::from_secs(30)),
            unbind_policy: UnbindPolicy::Drain,
            throttle_backoff: Duration::from_secs(1),
            throttle_retries: 3,
            rate_limit: None,
            auto_respond: false,
            max_incoming: 1024,
            interface_version: InterfaceVersion::V34,
            system_id: String::from("smsc"),
            initial_sequence_number: 1,
            decode: DecodeOptions::default(),
            validation: Validation::RoleDefault,
            inbound_rate_limit: None,
        }
    }
}
