//! What every TPDU decoder shares: the decoding state (leniency and the quirks forgiven so
//! far) and the field readers more than one TPDU uses.

use alloc::vec::Vec;

use crate::error::{DecodeError, Quirk};
use crate::reader::Reader;
use crate::timestamp::Timestamp;

/// Decoding state handed to each TPDU decoder.
#[derive(Debug)]
pub(crate) struct Ctx {
    pub(crate) options: crate::DecodeOptions,
    pub(crate) quirks: Vec<Quirk>,
}

/// Bit `n` of an octet.
pub(crate) fn bit(octet: u8, n: u8) -> bool {
    octet >> n & 1 != 0
}

/// Reads a 7-octet time stamp (§9.2.3.11: TP-SCTS, TP-DT, absolute TP-VP).
pub(crate) fn read_timestamp(
    r: &mut Reader<'_>,
    field: &'static str,
    cx: &mut Ctx,
) -> Result<Timestamp, DecodeError> {
    let offset = r.offset();
    let raw = r.array::<7>(field)?;
    let lenient = cx.options.bad_timestamp;
    Timestamp::from_wire(raw, field, offset, lenient, &mut |q| cx.quirks.push(q))
}
