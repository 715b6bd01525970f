//! Direct-to-mobile SMS over AT commands (3GPP TS 27.005 PDU mode, TS 27.007).
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod driver;
mod error;
mod framer;
mod profile;
mod trace;
#[cfg(feature = "tokio")]
mod tokio_driver;
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
