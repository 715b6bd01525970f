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
