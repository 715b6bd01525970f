//! Direct-to-mobile SMS: a SIM in a USB modem or cellular module, driven with AT commands
//! (3GPP TS 27.005 in PDU mode, TS 27.007 basics), with the TPDUs of [`gsm_pdu`], the text of
//! [`gsm7`] and the delivery reports of [`dlr`].
//!
//! The driver is sans-IO, like `smpp`'s session: bytes from the modem in, command bytes out,
//! events up, time passed in. It never reads the clock and never touches a port, so it runs
//! the same under tokio (`AsyncModem`, feature `tokio`; serial devices with feature
//! `serial`), in a thread of your own, or in a test with a simulated clock.
//!
//! ```text
//!            ┌───────────── Modem (sans-IO) ─────────────┐
//!  bytes ──► │ Framer: lines, `> `, finals, URCs anywhere │
//!            │   ├─ reply of the one command in flight    │ ──► poll_transmit(): AT…\r, PDU^Z, ESC
//!            │   └─ URCs: +CMTI +CMT +CDSI +CDS RDY …     │
//!  send ───► │ SMS-SUBMITs → AT+CMMS=1, AT+CMGS=<len> …   │ ──► poll_event(): Ready, Sent,
//!  ack  ───► │ AT+CMGD / AT+CNMA only after the host ack  │      Received, Report, Info, …
//!  time ───► │ deadlines: command, prompt, sweep, +CNMA   │ ──► poll_timeout()
//!            └────────────────────────────────────────────┘
//! ```
//!
//! What it takes care of:
//! - **Framing** ([`Framer`]): final results (`OK`, `ERROR`, `+CMS ERROR`, `+CME ERROR`,
//!   V0 digits, vendor words), the `> ` prompt without a line end, echo on or off, `\r\r\n`,
//!   and URCs by prefix even in the middle of another command's reply, including the two-line
//!   `+CMT` and `+CDS`.
//! - **Start-up with fallbacks**: echo off, `AT+CMEE=1` or `2`, PIN, PDU mode, `AT+CSMS=1`,
//!   SMSC, `AT+CPMS` with 3, 2 or 1 memories, the `AT+CNMI` ladder, then a sweep.
//! - **Sending**: one SMS-SUBMIT per part with `AT+CMMS=1` around multipart messages, the
//!   TPDU length `AT+CMGS` wants, `+CMGS: <mr>` per part, ESC when the prompt never comes,
//!   retries by [`RetryClass`], never a part sent twice after its PDU left.
//! - **Receiving by all three paths** (`+CMTI` then `AT+CMGR`, `+CMT` acknowledged with
//!   `+CNMA`, sweeps of `AT+CMGL=4` at start and every minute), each message delivered once
//!   (de-duplicated by storage slot and PDU across paths and sweeps), long messages
//!   reassembled with [`gsm7::Reassembler`] across storages and paths, deleted only after the
//!   host's [`Modem::ack`].
//! - **Status reports** (`+CDS`, `+CDSI`, the `SR` memory) matched to the sent part by TP-MR,
//!   recipient and time window (the most recent part waiting, so the 8-bit MR may wrap), as
//!   [`dlr::DeliveryReport`]s.
//! - **Recovery**: a restart line (`RDY`, `^BOOT`, `+CPIN: READY`, the profile's) or silence
//!   where an answer was due re-initialises the modem; what was in flight is retried.
//! - **Vendor profiles as data** ([`Profile`]) and a [`Trace`] format to record a session and
//!   replay it through the driver.
//!
//! The [`emulator`] module is the other side: a modem that real AT clients accept, used by
//! `sms modem-sim` and by this crate's tests. Here the driver sends a message through it:
//!
//! ```
//! use std::time::{Duration, Instant};
//! use modem::emulator::{self, Emulator};
//! use modem::{Config, Event, Modem};
//!
//! let t0 = Instant::now();
//! let mut emu = Emulator::new(emulator::Config::default(), t0);
//! let mut m = Modem::new(Config::default(), t0);
//! let id = m.send(t0, "+447700900123", "Hello", &Default::default())?;
//! let mut now = t0;
//! let outcome = loop {
//!     // The drain rule: write what the driver wants written, feed back what the modem
//!     // answers, take the events, then sleep until the next deadline.
//!     while let Some(bytes) = m.poll_transmit() {
//!         emu.handle_input(now, &bytes);
//!     }
//!     while let Some(bytes) = emu.poll_output() {
//!         m.handle_input(now, &bytes);
//!     }
//!     if let Some(Event::Sent { id: done, parts }) = m.poll_event() {
//!         assert_eq!(done, id);
//!         break parts;
//!     }
//!     now += Duration::from_millis(10);
//!     m.handle_timeout(now);
//!     emu.handle_timeout(now);
//! };
//! assert_eq!(outcome.len(), 1);
//! assert!(outcome[0].mr.is_some() && outcome[0].error.is_none());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod driver;
mod error;
mod framer;
mod profile;
#[cfg(feature = "tokio")]
mod tokio_driver;
mod trace;
mod urc;

pub mod emulator;

pub use driver::{
    Capabilities, Config, Event, InboundId, Modem, ModemInfo, PartOutcome, ReceivedSms, SendId,
    StatusReportEvent,
};
pub use error::{CmeError, CmsError, ModemError, RequestError, RetryClass};
pub use framer::{Expect, Final, Frame, Framer, MAX_LINE};
pub use profile::{CnmaForm, Profile};
pub use trace::{Replay, Trace, TraceDirection, TraceEntry, TraceError};
pub use urc::Urc;

#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub use tokio_driver::AsyncModem;
#[cfg(feature = "serial")]
#[cfg_attr(docsrs, doc(cfg(feature = "serial")))]
pub use tokio_driver::SerialStream;

/// The README's examples are compiled and run as doctests, so the crates.io page never shows
/// code that does not build.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
