//! SMPP v3.4 and v5.0 for gateways, SMSC simulators and test tools: a zero-copy PDU codec,
//! sans-IO ESME/SMSC sessions, and (feature `tokio`) tokio drivers and a `Framed` codec.
//!
//! ```text
//!  bytes from the socket ──► peek_command_length ──► decode(&frame) ──► Frame { header, pdu, quirks }
//!                             (length checked          (borrows: no        Pdu::SubmitSm(SubmitSm<'_>) …
//!                              before allocating)       allocation)              │ into_owned() to store
//!  bytes to the socket  ◄── encode(seq, status, &pdu, &mut BufMut) ◄─────────────┘
//!                            (command_length from encoded_len, computed once)
//! ```
//!
//! Decoding fails only on what breaks the structure (framing, lengths, NUL-terminated fields,
//! TLV layout, no trailing octets); [`DecodeOptions`] forgives, quirk by quirk (`allow_*`, or
//! all with `lenient()`), the structural quirks real SMSCs send and lists each forgiven
//! [`Quirk`] in [`Frame::quirks`]. What the spec
//! forbids in a structurally sound PDU (string maxima, TON/NPI tables, times, flags, TLVs not
//! allowed or out of range, sequence_number range, …) never fails a decode:
//! [`Frame::validate`] reports each [`Violation`] with its field, offset and the
//! `command_status` the spec prescribes, against the bind's [`InterfaceVersion`].
//! Unknown command ids, statuses and TLVs are open newtypes or raw TLVs and round-trip
//! unchanged. A [`DecodeError`] names the field and offset and maps to the `command_status`
//! to answer with: `CommandStatus::from(&err)`.
//!
//! Where each daily task starts:
//! - **send a text**: [`SubmitSm::new`] (TON/NPI by [`classify_address`]), then
//!   [`submit_sm_parts`] with a [`ConcatMethod`] for a long one; `registered_delivery`
//!   ([`RegisteredDelivery`]) asks for receipts; over TCP, `smpp::tokio::EsmeClient` (feature
//!   `tokio`); whole recipe with receipts matched: `dlr/examples/send_with_receipts.rs`;
//! - **receive**: `SubmitSm`/[`DeliverSm`]/[`DataSm`] `::text()` and `::concat()` (a
//!   [`Concat`] to reassemble with `gsm7::Reassembler`); a receipt has
//!   [`EsmClass::is_delivery_receipt`] and is read by the `dlr` crate;
//! - **be an SMSC** (a simulator, a test peer): [`session`] and `smpp::tokio::SmscServer`;
//!   whole recipe: `examples/smsc.rs`;
//! - **inspect or forge PDUs**: [`decode`] / [`encode`], [`DecodeOptions`] for what to
//!   forgive, [`Frame::validate`] for what the spec forbids; `examples/all_pdus.rs`;
//! - **times**: [`SmppTime::from_unix`], [`SmppTime::from_duration`], [`SmppTime::value`].
//!
//! What is where:
//! - every PDU of v3.4 and v5.0 is a variant of [`Pdu`] with a body struct named as the spec
//!   names it ([`SubmitSm`], [`BindResp`], [`BroadcastSm`], …); header-only PDUs are unit
//!   variants; an unknown `command_id` is [`Pdu::Unknown`] with its body kept;
//! - field limits live in the types: [`COctetString<MAX>`](COctetString) (the spec maximum,
//!   NUL included), [`SmppTime`] (NULL or 16 characters), [`OctetString`];
//! - TLVs: [`Tlvs`] is the validated wire region, iterated as typed [`Tlv`]s in wire order,
//!   with accessors (`message_payload()`, `sar()`, `receipted_message_id()`, …) and `push_*`
//!   to build;
//! - text: [`decode_text`] / `SubmitSm::text()` follow `data_coding` and UDHI;
//!   [`submit_sm_parts`] splits a text with UDH 8/16-bit, SAR TLVs or `message_payload`;
//! - storing: an [`OwnedFrame`] owns the octets the framing split off (`Bytes`, no copy)
//!   and gives the fields as views ([`OwnedFrame::pdu`]); [`OwnedFrame::take`] is the one
//!   framing of the crate; `Frame::into_owned()` / `Pdu::into_owned()` copy into `'static`
//!   values;
//! - feature `tokio`: `SmppCodec`, a `tokio_util::codec` Decoder/Encoder for `Framed`
//!   yielding [`OwnedFrame`]s.
//!
//! ```
//! use smpp::{decode, encode, CommandStatus, DecodeOptions, Pdu, RegisteredDelivery, SubmitSm, Ton, Npi};
//!
//! let mut submit = SubmitSm {
//!     source_addr_ton: Ton::ALPHANUMERIC,
//!     source_addr: "MyBrand".try_into()?,
//!     dest_addr_ton: Ton::INTERNATIONAL,
//!     dest_addr_npi: Npi::ISDN,
//!     destination_addr: "447700900123".try_into()?,
//!     registered_delivery: RegisteredDelivery::SUCCESS_OR_FAILURE,
//!     short_message: b"Hello"[..].try_into()?,
//!     ..SubmitSm::default()
//! };
//! submit.tlvs.push_u16(smpp::TlvTag::USER_MESSAGE_REFERENCE, 1)?;
//! let mut wire = Vec::new();
//! encode(7, CommandStatus::ESME_ROK, &Pdu::SubmitSm(submit), &mut wire);
//!
//! let frame = decode(&wire, &DecodeOptions::default())?;
//! assert_eq!(frame.header.sequence_number, 7);
//! let Pdu::SubmitSm(sm) = &frame.pdu else { panic!() };
//! assert_eq!(sm.short_message.as_bytes(), b"Hello");
//! assert_eq!(sm.tlvs.user_message_reference(), Some(1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![cfg_attr(not(feature = "std"), no_std)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;

mod alert_notification;
mod bind;
mod broadcast;
mod command_id;
mod data_sm;
mod deliver_sm;
mod error;
mod field;
mod flags;
#[cfg(feature = "tokio")]
mod framed;
mod header;
mod message_fast;
mod owned;
mod pdu;
mod query_cancel_replace;
mod reader;
mod status;
mod submit_multi;
mod submit_sm;
mod text;
mod time;
mod tlv;
mod ton_npi;
mod types;
mod validate;

/// Where a received part stands in its concatenated message (the type `gsm7` reassembles
/// with), as `concat()` on [`SubmitSm`], [`DeliverSm`] and [`DataSm`] returns it.
pub use gsm7::Concat;

/// The `bytes` crate the codec writes into (`BufMut`) and the framed codec reads from.
pub use bytes;

pub use alert_notification::AlertNotification;
pub use bind::{Bind, BindResp, InterfaceVersion, Outbind};
pub use broadcast::{
    BroadcastSm, BroadcastSmResp, CancelBroadcastSm, QueryBroadcastSm, QueryBroadcastSmResp,
};
pub use command_id::CommandId;
pub use data_sm::{DataSm, DataSmResp};
pub use deliver_sm::{DeliverSm, DeliverSmResp};
pub use error::{DecodeError, DecodeErrorKind, Quirk, QuirkKind, Quirks};
pub use field::Visitor;
pub use flags::{
    DataCoding, EsmClass, MessageType, MessagingMode, PriorityFlag, RegisteredDelivery, SmeAck,
    SmscReceipt,
};
#[cfg(feature = "tokio")]
pub use framed::{FramedError, SmppCodec};
pub use header::{HEADER_LEN, Header};
pub use owned::{MalformedPdu, OwnedFrame};
pub use pdu::{
    DEFAULT_MAX_COMMAND_LENGTH, DecodeOptions, Frame, Pdu, decode, encode, peek_command_length,
};
pub use query_cancel_replace::{CancelSm, QuerySm, QuerySmResp, ReplaceSm};
pub use status::CommandStatus;
pub use submit_multi::{
    DestAddress, DestAddresses, SubmitMulti, SubmitMultiResp, UnsuccessSme, UnsuccessSmes,
};
pub use submit_sm::{SubmitSm, SubmitSmResp};
pub use text::{
    CodingChoice, ConcatMethod, TextError, TextOptions, concat_of, decode_text, split_udh,
    submit_sm_national_parts, submit_sm_parts,
};
pub use time::{AbsoluteTime, RelativeTime, TimeValue};
pub use tlv::{MessageState, Tlv, TlvError, TlvIter, TlvTag, TlvValue, Tlvs};
pub use ton_npi::{AddressKind, ClassifiedAddress, Npi, Ton, classify_address};
pub use types::{COctetString, FieldError, OctetString, SmppTime};
pub use validate::{Rule, Violation, validate};

#[cfg(feature = "std")]
pub mod session;
#[cfg(feature = "tokio")]
pub mod tokio;

/// Octets shared by the unit tests of several modules.
#[cfg(test)]
mod test_vectors {
    pub(crate) use test_support::hex;

    // shared/vectors/bench-pdus.md: the 198-octet submit_sm and the 194-octet deliver_sm
    // receipt (both decoded by rusmpp 0.4, rusmppz 0.4 and smpp34 1.5.1 in the bench).
    pub(crate) const SUBMIT_SM: &str = "000000c60000000400000000000000010005004d794272616e64000101343437373030393030313233000800000000010000008c596f7572204d794272616e6420766572696669636174696f6e20636f6465206973203438323931332e204974206578706972657320696e203130206d696e757465732e204e65766572207368617265207468697320636f6465207769746820616e796f6e652c206f75722073746166662077696c6c206e657665722061736b20666f722069742e205468782e020400020001";
    pub(crate) const DELIVER_SM: &str = "000000c20000000500000000000000010001013434373730303930303132330005004d794272616e64000400000000000000007a69643a31323334353637383930207375623a30303120646c7672643a303031207375626d697420646174653a3235313132353132303020646f6e6520646174653a3235313132353132303120737461743a44454c49565244206572723a30303020746578743a596f7572204d794272616e642076657269666963001e000b31323334353637383930000427000102";
}

/// The README's examples are compiled and run as doctests, so the crates.io page never shows
/// code that does not build.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
