//! Sans-IO SMPP sessions for both sides of the link: an ESME's and an SMSC's.
//!
//! A [`Session`] never touches a socket or a clock. Bytes go in with
//! [`handle_input`](Session::handle_input), time with [`handle_timeout`](Session::handle_timeout),
//! requests with [`submit`](Session::submit); bytes to send, events and the next
//! deadline come out of the `poll_*` methods.
//!
//! ```text
//!  transport bytes ──► handle_input(now, &[u8]) ─┐            ┌─► poll_transmit(&mut buf) ──► transport
//!  timer fired     ──► handle_timeout(now) ──────┤  Session   ├─► poll_event() ──► Bound, Outcome{token},
//!  caller          ──► bind / submit / respond ──┘ (window,   │                    Request, Ready, Closed…
//!                      / unbind                    timers)    └─► poll_timeout() ──► arm one timer
//! ```
//!
//! # The drain rule
//!
//! After **every** call of a `handle_*` method or of `bind`, `submit`, `respond`, `ack`,
//! `accept` or `unbind`: drain [`poll_transmit`](Session::poll_transmit) until it
//! returns `false` and [`poll_event`](Session::poll_event) until `None`, then (re)arm
//! the single timer from [`poll_timeout`](Session::poll_timeout). Once
//! [`Event::Closed`] comes, send what is left and close the transport.
//!
//! # Guarantees
//!
//! - Every request given to [`submit`](Session::submit) ends in exactly one
//!   [`Event::Outcome`]: accepted, rejected (error status or generic_nack), timeout,
//!   connection lost or unbound. Responses are matched by sequence number; a response
//!   nobody waits for is an [`Event::UnexpectedResponse`].
//! - The window bounds what is in flight: a full window (or throttling) makes `submit`
//!   return [`SubmitErrorKind::Busy`] with the token, and [`Event::Ready`] follows.
//! - ESME_RTHROTTLED / ESME_RMSGQFUL pause submission for
//!   [`Config::throttle_backoff`]; throttled requests are resent in their original
//!   order before anything newer.
//! - enquire_link is sent after [`Config::enquire_link_interval`] of silence and
//!   answered (echoing the sequence number) whenever received; after
//!   [`Config::dead_after`] of silence the link is dead.
//! - PDUs not allowed in the bind state are answered ESME_RINVBNDSTS; an unknown
//!   command_id (or a v5.0 broadcast PDU on an older bind) generic_nack ESME_RINVCMDID in
//!   every state; a body whose length does not fit its fields generic_nack
//!   ESME_RINVCMDLEN; other malformed requests their response with the mapped status.
//!   alert_notification, outbind and generic_nack are never answered.
//! - Rule violations ([`validate`](crate::validate())) are reported by an ESME
//!   ([`Event::Nonconformant`]) and answered by an SMSC with the prescribed status
//!   ([`Config::validation`]).
//!
//! # Example: an ESME and an SMSC wired back to back
//!
//! ```
//! use std::time::Instant;
//! use smpp::session::{BindKind, Config, Event, MessageIds, Outcome, Session};
//! use smpp::{Bind, CommandStatus, Pdu, SubmitSm};
//!
//! let now = Instant::now();
//! let mut esme: Session<&str> = Session::esme(Config::default(), now);
//! let mut smsc_config = Config::default();
//! smsc_config.auto_respond = true; // accept every submit_sm, issuing message ids
//! let mut smsc: Session<()> = Session::smsc(
//!     smsc_config,
//!     now,
//!     |_kind, _bind: &smpp::Bind<'_>| CommandStatus::ESME_ROK,
//!     MessageIds::default(),
//! );
//! let bind = Bind::new("esme".try_into()?, "pw".try_into()?);
//! esme.bind(now, BindKind::Transceiver, &bind).unwrap();
//!
//! // One round trip: ESME bytes → SMSC, SMSC bytes → ESME.
//! fn pump(now: Instant, a: &mut Session<&str>, b: &mut Session<()>) {
//!     let mut buf = Vec::new();
//!     while a.poll_transmit(&mut buf) {}
//!     b.handle_input(now, &buf);
//!     buf.clear();
//!     while b.poll_transmit(&mut buf) {}
//!     a.handle_input(now, &buf);
//! }
//! pump(now, &mut esme, &mut smsc);
//! assert!(matches!(esme.poll_event(), Some(Event::Bound { kind: BindKind::Transceiver, .. })));
//! assert!(matches!(smsc.poll_event(), Some(Event::Bound { .. })));
//!
//! // A submit_sm with a token of the caller's choice; its one outcome carries it back.
//! let submit = SubmitSm {
//!     source_addr: "12345".try_into()?,
//!     destination_addr: "447700900123".try_into()?,
//!     short_message: b"Hello"[..].try_into()?,
//!     ..SubmitSm::default()
//! };
//! esme.submit(now, &Pdu::SubmitSm(submit), "hello")?;
//! pump(now, &mut esme, &mut smsc);
//! match esme.poll_event() {
//!     Some(Event::Outcome { token: "hello", outcome: Outcome::Accepted(resp), .. }) => {
//!         assert_eq!(resp.message_id(), Some("1")); // issued by the SMSC session
//!     }
//!     other => panic!("{other:?}"),
//! }
//! // The SMSC saw the request (already answered: auto_respond).
//! match smsc.poll_event() {
//!     Some(Event::Request(r)) if r.answered() => {
//!         // The decoded frame, fields borrowing its bytes: nothing to decode again.
//!         let Pdu::SubmitSm(sm) = r.pdu() else { panic!() };
//!         assert_eq!(sm.short_message.as_bytes(), b"Hello");
//!     }
//!     other => panic!("{other:?}"),
//! }
//! // Next wake-up: the enquire_link timer.
//! assert!(esme.poll_timeout().is_some());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod config;
mod connection;
mod esme;
mod event;
mod inbound;
mod outbound;
mod sequence;
mod smsc;
mod state;
mod throttle;
mod timer;
mod window;

/// The codec's interface_version, the one type for it (re-exported for session users).
pub use crate::InterfaceVersion;
pub use config::{BindKind, Config, RateLimit, Role, UnbindPolicy, Validation};
pub use connection::{Session, SessionError, SubmitError, SubmitErrorKind};
pub use event::{CloseReason, Event, Incoming, Outcome, ProtocolError, Response};
#[cfg(feature = "tokio")]
pub(crate) use outbound::has_v50_tlvs;
pub use smsc::{Authenticator, MessageIds};
