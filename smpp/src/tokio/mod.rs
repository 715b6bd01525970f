//! Tokio drivers for [`Session`](crate::session::Session)s: an ESME client and an SMSC
//! server (feature `tokio`).
//!
//! Each driver task owns one transport (a `TcpStream`, or any `AsyncRead + AsyncWrite`
//! such as a TLS stream) and one timer, and follows the session's drain rule: handle
//! input, then drain transmit, events and the next deadline. Everything protocol is in
//! the session; this module only moves frames and wakes up: it reads through a
//! `FramedRead` and writes through a `FramedWrite` with [`SmppCodec`](crate::SmppCodec),
//! one flush per burst of PDUs.
//!
//! ```text
//!  EsmeClient::submit(&pdu) ─► bounded queue ─► driver ─► Session ─► TcpStream ─► SMSC
//!        ▲ Outcome (oneshot)                      │ ◄── deliver_sm ── next_incoming()
//! ```
//!
//! - Requests ([`Link::submit`], [`Link::submit_with`]) end in exactly one [`Outcome`](crate::session::Outcome)
//!   once sent; a per-request response timeout and a window-wait timeout come from
//!   [`RequestOptions`] or the [`Config`](crate::session::Config); dropping the future of
//!   a request not yet sent takes it out of line. [`Link::enquire_link`] probes the link.
//! - The peer's requests arrive typed ([`Incoming`], [`IncomingKind`]: MO message,
//!   receipt, data_sm, alert_notification, …) with the number of their connection;
//!   [`Link::ack`], [`Link::accept`] and [`Link::respond`] either send the answer or say
//!   why not ([`ReplyError`]), and never answer a request of an earlier connection.
//! - Outbind in both drivers ([`SmscLink::outbind`], [`EsmeClient::accept_outbind`]),
//!   TLS behind the feature `tls` (module `tls`), counters ([`Link::metrics`]) and, behind
//!   the feature `tracing`, a span per connection with events.
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use smpp::Bind;
//! use smpp::session::BindKind;
//! use smpp::tokio::{EsmeClient, EsmeConfig};
//!
//! let bind = Bind::new("esme".try_into()?, "pw".try_into()?);
//! let mut client = EsmeClient::connect("127.0.0.1:2775", EsmeConfig::new(BindKind::Transceiver, bind)).await?;
//! # let pdu = smpp::Pdu::EnquireLink;
//! let outcome = client.submit(&pdu).await?;
//! println!("{outcome:?}");
//! client.unbind().await;
//! # Ok(()) }
//! ```

mod esme;
mod incoming;
mod link;
mod metrics;
mod smsc;
#[cfg(feature = "tls")]
#[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
pub mod tls;

/// The `tokio` crate these drivers run on, for building a runtime without naming a
/// second, possibly different, version.
#[doc(no_inline)]
pub use ::tokio;

pub use esme::{Backoff, ConnectError, EsmeClient, EsmeConfig};
pub use incoming::{Incoming, IncomingKind, ReplyError, ReplyTo, Responder};
pub use link::{
    Direction, IncomingRequests, Link, LinkError, LinkEvent, LinkEvents, RequestOptions, Tap,
};
pub use metrics::{Metrics, ResponseTimes};
pub use smsc::{ConnectionCount, OutbindError, SmscLink, SmscServer};
