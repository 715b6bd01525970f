//! Delivery reports (DLRs) from every source, in one model, matched to what was sent.
//!
//! An SMS gateway learns a message's fate from three places: the receipt text of SMPP
//! Appendix B in a deliver_sm's `short_message` (`id:… sub:… dlvrd:… stat:DELIVRD …`), the
//! receipt TLVs (`receipted_message_id`, `message_state`, `network_error_code`), and, on the
//! GSM side, the SMS-STATUS-REPORT TPDU. This crate parses the text (strictly, or forgiving
//! the quirks its [`DecodeOptions`] allow, each one reported) and writes it
//! ([`ReceiptFields`]), reconciles it with the TLVs, maps all of them to one
//! [`DeliveryReport`] with a normalised [`State`], and matches reports to submissions in a
//! bounded [`CorrelationTable`], even when a report overtakes its submit_sm_resp, and across
//! all the parts of a long message.
//!
//! ```text
//!  short_message ──► Receipt::parse ──┐
//!                                     ├─► DeliveryReport::reconcile ──► CorrelationTable ──► Completion
//!  TLVs ─────────► ReceiptTlvs ───────┘        ▲                          ▲   (all parts final)
//!  SMS-STATUS-REPORT ──────────────────────────┘      submit_sm_resp ─────┘
//! ```
//!
//! To test an ESME against an SMSC that sends receipts and MO messages, start the
//! embeddable simulator of `dlr::simulator` (feature `tokio`) inside the test.
//!
//! Apart from the stores and the simulator: no I/O, no clock, time is passed in. `no_std` with `alloc`; the `smpp` and `gsm-pdu`
//! features add adapters for those crates' types.
//!
//! ```
//! use dlr::{CorrelationTable, DecodeOptions, DeliveryReport, IdFormat, IdNormalizer, Receipt, State};
//! use core::time::Duration;
//!
//! // Appendix B text as an SMSC sent it (cloudhopper-smpp DeliveryReceiptTest).
//! let text = "id:0059113978 sub:001 dlvrd:001 submit date:1002101730 done date:1002101731 \
//!             stat:DELIVRD err:000 text:@$#!%&/:";
//! let receipt = Receipt::parse_str(text, &DecodeOptions::strict())?;
//! let report = DeliveryReport::from_receipt(&receipt)?;
//! assert_eq!(report.state, State::Delivered);
//! assert!(report.is_final());
//!
//! // This SMSC answers submit_sm with a hex id and writes decimal ids in receipts.
//! let ids = IdNormalizer { submit_resp: IdFormat::Hex, receipt_text: IdFormat::Decimal, ..Default::default() };
//! let mut table = CorrelationTable::new(ids, Default::default());
//! let now = Duration::from_secs(1);
//! let msg = table.begin(now, "order-17", 1)?;
//! table.submitted(now, msg, 0, "38601fa")?;
//! let outcome = table.report(now, report);
//! let done = outcome.completion().expect("one part, final");
//! assert_eq!((done.user_data, done.state()), ("order-17", State::Delivered));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod codes;
mod correlate;
mod date;
mod error;
mod id;
mod receipt;
mod report;
mod state;

#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub mod messenger;
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub mod simulator;
#[cfg(feature = "smpp")]
mod smpp;
#[cfg(feature = "std")]
pub mod store;
#[cfg(feature = "gsm-pdu")]
mod tpdu;

pub use codes::{DeliveryFailureReason, NetworkType};
/// The string type of [`DeliveryReport`]'s text fields (re-exported from `compact_str`): it
/// dereferences to `str`, compares with `&str` and `String`, and holds up to 24 bytes inline.
pub use compact_str::CompactString;
pub use correlate::{
    Completion, CorrelationConfig, CorrelationError, CorrelationTable, Expired, MessageHandle,
    Outcome, PartOutcome,
};
pub use date::{DateFormat, ReceiptDate};
pub use error::{ParseError, ParseErrorKind};
pub use id::{IdFormat, IdNormalizer, IdOrigin, NormalizedId, same_number};
pub use receipt::{
    DecodeOptions, Field, FieldName, Quirk, Receipt, ReceiptFields, WriteError, receipt_text_head,
};
pub use report::{Conflict, DeliveryReport, NetworkErrorCode, ReceiptTlvs, ReportError, Source};
pub use state::{MessageState, StatSpelling, State};

#[cfg(feature = "smpp")]
pub use self::smpp::SmppReportError;

/// The README's examples are compiled and run as doctests, so the crates.io page never shows
/// code that does not build.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
