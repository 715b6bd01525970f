//! 3GPP TS 23.040 transfer-layer PDUs (TPDUs) for SMS: all six types, decoded and encoded,
//! with addresses, time stamps, validity periods, data coding schemes, user data headers and
//! status reports. For direct-to-mobile gateways (a modem in AT+CMGF=0 PDU mode), SMSC
//! simulators and test tools. Text is coded by the [`gsm7`] crate.
//!
//! ```text
//!   hex from AT+CMGR ──► from_hex ──► decode_with_smsc(bytes, Direction, DecodeOptions)
//!                              │  borrowed: addresses and user data point into the input
//!                              ▼
//!        Decoded { smsc, tpdu: Tpdu::{Deliver, DeliverReport, Submit, SubmitReport,
//!                                     StatusReport, Command}, quirks }
//!                              │  .text() ── UDH national shift IEs ──► gsm7 tables
//!                              ▼
//!   text ──► submit_text(da, text, SubmitOptions) ──► [SmsSubmit] ──► encode_with_smsc
//!                                                         ──► bytes ──► to_hex ──► AT+CMGS
//! ```
//!
//! Decoding is strict by default: a truncated PDU, a length that overruns, a UDHL larger than
//! the user data, an illegal address length or a reserved value is a [`DecodeError`] naming
//! the TP parameter and the offset. [`DecodeOptions`] forgives what real modems send, per
//! quirk family (`allow_*`) or all of it ([`DecodeOptions::lenient`]), and lists each forgiven
//! [`Quirk`]; text repair applies when the text is read ([`Tpdu::text_with`]). A part of a
//! long message says where it stands with [`UserDataHeader::concat`], the [`Concat`] that
//! `gsm7::Reassembler` and `smpp` use too.
//!
//! ```
//! use gsm_pdu::{decode_with_smsc, DecodeOptions, Direction, Tpdu};
//! // AOSP GsmSmsTest.testAddressing: an SMS-DELIVER as AT+CMGR prints it.
//! let pdu = [
//!     0x07, 0x91, 0x41, 0x51, 0x55, 0x15, 0x12, 0xF2, 0x04, 0x0B, 0x91, 0x61, 0x05, 0x55,
//!     0x15, 0x11, 0xF1, 0x00, 0x00, 0x60, 0x60, 0x60, 0x51, 0x30, 0x30, 0x8A, 0x04, 0xD4,
//!     0xF2, 0x9C, 0x0E,
//! ];
//! let d = decode_with_smsc(&pdu, Direction::MobileTerminated, DecodeOptions::strict())?;
//! assert_eq!(d.smsc.unwrap().to_string(), "+14155551212");
//! let Tpdu::Deliver(m) = &d.tpdu else { unreachable!() };
//! assert_eq!(m.oa.to_string(), "+16505551111");
//! assert_eq!(m.scts.to_string(), "2006-06-06T15:03:03-07:00");
//! assert_eq!(m.text()?.as_deref(), Some("Test"));
//! assert_eq!(d.tpdu.to_vec()?, pdu[8..]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A whole inbox, `AT+CMGL=4` output to messages with long ones reassembled by
//! [`gsm7::Reassembler`]: `examples/modem_inbox.rs` (`cargo run -p sms-gsm-pdu --example
//! modem_inbox`).
//!
//! Sending a long text through a modem: one SMS-SUBMIT per part, each with the length
//! `AT+CMGS=<length>` wants (the SMSC address not counted).
//!
//! ```
//! use gsm_pdu::{Address, SubmitOptions, Tpdu, encode_with_smsc, submit_text};
//! let da = Address::parse_number("+15125551234")?;
//! let opts = SubmitOptions { mr: 7, srr: true, ..SubmitOptions::default() };
//! for submit in submit_text(&da, &"Long text. ".repeat(20), &opts)? {
//!     let mut pdu = Vec::new();
//!     let length = encode_with_smsc(None, &Tpdu::Submit(submit), &mut pdu)?;
//!     assert_eq!(length, pdu.len() - 1); // "00": use the SMSC stored in the modem
//!     // write "AT+CMGS={length}\r", then the hex of `pdu` and Ctrl-Z
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

mod address;
mod build;
#[cfg(test)]
mod codes;
mod command;
mod decode_ctx;
mod deliver;
mod entry;
mod error;
mod hex;
mod params;
mod reader;
mod reports;
mod status_report;
mod submit;
mod timestamp;
mod tpdu;
mod udh;
mod user_data;
mod validity;

pub use address::{Address, NumberingPlan, TypeOfNumber};
pub use build::{BuildError, SubmitOptions, submit_text};
pub use command::{MAX_COMMAND_DATA, SmsCommand};
pub use deliver::SmsDeliver;
pub use entry::{DecodeOptions, Decoded, Direction, decode, decode_with_smsc, encode_with_smsc};
pub use error::{DecodeError, EncodeError, Quirk};
/// The concatenation fields of a received part: [`UserDataHeader::concat`], [`Ie::Concat`].
pub use gsm7::Concat;
/// TP-DCS is TS 23.038 §4's data coding scheme, read by `gsm7` (SMPP's `data_coding` too).
pub use gsm7::{Alphabet, CodingGroup, DataCodingScheme, IndicationType, MessageClass};
pub use hex::{HexError, from_hex, to_hex};
pub use params::{CommandType, FailureCause, ProtocolIdentifier, Status, StatusCategory};
pub use reports::{OptionalParameters, SmsDeliverReport, SmsSubmitReport};
pub use status_report::SmsStatusReport;
pub use submit::SmsSubmit;
pub use timestamp::{DateTime, Timestamp};
pub use tpdu::Tpdu;
pub use udh::{Ie, IeIter, Iei, InformationElement, UserDataHeader};
pub use user_data::{MAX_OCTETS, MAX_SEPTETS, UserData, fill_bits, header_septets};
pub use validity::{ValidityPeriod, relative_seconds};

/// The README's examples are compiled and run as doctests, so the crates.io page never shows
/// code that does not build.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
