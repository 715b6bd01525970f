//! Tokio drivers for [`Session`](crate::session::Session)s: an ESME client and an SMSC
//! server (feature `tokio`).
//!
//! Each driver task owns one transport (a `TcpStream`, or any `AsyncRead + AsyncWrite`
//! such as a TLS stream) and one timer, and follows the session's drain rule: handle
//! input, then drain transmit, events and the next deadline. Everything protocol is in
//! the session; this module only moves bytes and wakes up.
//!
//! ```text
//!  EsmeClient::submit(&pdu) ─► bounded queue ─► driver ─► Session ─► TcpStream ─► SMSC
//!        ▲ Outcome (oneshot)                      │ ◄── deliver_sm ── next_incoming()
//! ```
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use smpp::session::{BindKind, Credentials};
//! use smpp::tokio::{EsmeClient, EsmeConfig};
//!
//! let creds = Credentials { system_id: "esme".into(), password: "pw".into(), ..Default::default() };
//! let mut client = EsmeClient::connect("127.0.0.1:2775", EsmeConfig::new(BindKind::Transceiver, creds)).await?;
//! # let pdu = smpp::Pdu::EnquireLink;
//! let outcome = client.submit(&pdu).await?;
//! println!("{outcome:?}");
//! client.unbind().await;
//! # Ok(()) }
//! ```

mod esme;
mod link;
mod smsc;

/// The `tokio` crate these drivers run on, for building a runtime without naming a
/// second, possibly different, version.
#[doc(no_inline)]
pub use ::tokio;

pub use esme::{Backoff, ConnectError, EsmeClient, EsmeConfig};
pub use link::{Link, LinkError, LinkEvent};
pub use smsc::{SmscLink, SmscServer};
