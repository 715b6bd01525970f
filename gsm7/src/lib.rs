//! 3GPP TS 23.038 text for SMS: the GSM 7 bit default alphabet and the national language
//! tables, septet packing, UCS-2 and the other SMPP character sets, the choice of encoding,
//! segmentation into concatenated parts and their reassembly.
//!
//! Protocol crates (`gsm-pdu` for TS 23.040 TPDUs, `smpp` for SMPP PDUs) call this one for the
//! text inside their user data. Nothing here does I/O or reads a clock; it is `no_std` +
//! `alloc` (the `std` feature, on by default, only adds `std::error::Error` impls).
//!
//! ```text
//!  sending                                             receiving
//!  &str ──split()──► Split { encoding, tables,         UD octets ──unpack(septet count)──►
//!                     parts: [Part { udh(), fill_bits, septets ──decode_septets(tables)──► &str
//!                                    payload(), … }] } UTF-16BE ──decode_ucs2()──────────► &str
//!  Part::payload (septets) ──pack(fill_bits)──► TP-UD   parts ──Reassembler::push(now, …)──►
//!  or SMPP short_message (unpacked, as is)             Pushed::Complete(payloads in order)
//! ```
//!
//! ```
//! use gsm7::{split, pack, unpack, decode_septets, SplitOptions, Encoding};
//!
//! // Choose the encoding and split: 161 default-alphabet characters need two parts.
//! let text = "a".repeat(160) + "€";
//! let s = split(&text, &SplitOptions::default())?;
//! assert_eq!(s.encoding, Encoding::Gsm7);
//! assert_eq!(s.parts.len(), 2);
//!
//! // Each part: UDH, then the septets packed after the fill bits.
//! let part = &s.parts[1];
//! let mut ud = part.udh().to_vec();
//! pack(part.payload(), part.fill_bits, &mut ud);
//!
//! // The receiver unpacks by septet count and decodes with the same tables.
//! let mut septets = Vec::new();
//! unpack(&ud[part.udh().len()..], part.units, part.fill_bits, &mut septets)?;
//! let mut back = String::new();
//! decode_septets(&septets, s.tables, &mut back)?;
//! assert_eq!(back, part.text);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Where each daily task starts:
//! - **how many SMS will this text cost**: [`count`] (no parts built); `examples/count.rs`;
//! - **send**: [`split`] with [`SplitOptions`] (encoding, national tables, concatenation
//!   reference; each default documented), then [`pack`] for a TPDU or the septets as they
//!   are for SMPP;
//! - **receive**: [`unpack`], [`decode_septets`] (or [`decode_septets_with`] and its
//!   [`DecodeOptions`]), [`decode_ucs2`]; the data coding scheme: [`DataCodingScheme`];
//! - **reassemble a long message**: [`Reassembler::push`] with the [`Concat`] that
//!   `gsm_pdu::UserDataHeader::concat` and `smpp`'s `concat()` give.
//!
//! Strict by default: unmappable characters, undefined table positions, lone surrogates and
//! short data are errors that say what and where. Leniency is explicit and reported
//! ([`encode_septets_lossy`]; [`decode_septets_with`] and [`decode_ucs2_with`] with their
//! [`DecodeOptions`], reporting [`DecodeQuirks`]).
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

mod block;
mod charset;
mod charsets;
mod dcs;
mod decode;
mod encode;
mod error;
mod language;
mod lookup;
mod packing;
mod reassembly;
mod segment;
mod split_fast;
mod ucs2;
mod wire_codes;

pub use charset::{Charset, UnsupportedDataCoding};
pub use dcs::{Alphabet, CodingGroup, DataCodingScheme, IndicationType, MessageClass};
pub use decode::{DecodeOptions, DecodeQuirks, decode_septets, decode_septets_with};
pub use encode::{encode_septets, encode_septets_lossy, septet_count};
pub use error::{DecodeError, EncodeError, SplitError, UnpackError};
pub use language::{NationalLanguage, Tables, UnknownLanguage};
pub use lookup::ESCAPE;
pub use packing::{cr_pad, pack, packed_len, septets_in, strip_cr_pad, unpack};
pub use reassembly::{Concat, Pushed, Reassembler, ReassemblyConfig};
pub use segment::{
    ConcatRef, Count, Encoding, EncodingChoice, MAX_PARTS, NationalPolicy, Part, Split,
    SplitOptions, USER_DATA_OCTETS, count, fill_bits_after, part_capacity, split, split_binary,
};
pub use ucs2::{decode_ucs2, decode_ucs2_with, encode_ucs2, ucs2_units};

/// The README's examples are compiled and run as doctests, so the crates.io page never shows
/// code that does not build.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
