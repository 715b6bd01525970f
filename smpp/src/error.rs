//! Decode errors (field and offset) and the quirks a lenient decode forgives.
//!
//! [`DecodeError`] is small and `Copy`: it names the field, the byte offset within the PDU
//! and, when the header was readable, the header itself, so a session can answer with a
//! `generic_nack` or the matching `*_resp` using the request's `sequence_number`. The
//! `command_status` to answer with is derived mechanically: `CommandStatus::from(&err)`.

use alloc::vec::Vec;

use crate::{CommandStatus, Header};

/// What was wrong with the bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// v3.4 §3.2: the header alone is 16 octets, so `command_length` below 16 is invalid.
    #[error("command_length {command_length} is below the 16-octet header")]
    CommandLengthTooShort {
        /// The value read.
        command_length: u32,
    },
    /// `command_length` above [`DecodeOptions::max_command_length`](crate::DecodeOptions).
    #[error("command_length {command_length} exceeds the maximum {max}")]
    CommandLengthTooLong {
        /// The value read.
        command_length: u32,
        /// The configured maximum.
        max: u32,
    },
    /// The buffer handed to [`decode`](crate::decode) is not exactly `command_length` long.
    #[error("command_length {command_length} but the buffer holds {actual} octets")]
    LengthMismatch {
        /// The value read.
        command_length: u32,
        /// Octets in the buffer.
        actual: usize,
    },
    /// A field runs past the end of the PDU (or of its TLV).
    #[error("field runs past the end ({needed} more octets needed)")]
    UnexpectedEnd {
        /// Octets missing.
        needed: usize,
    },
    /// A C-Octet string has no terminating NUL before the end of the PDU.
    #[error("C-Octet string is not NUL-terminated")]
    CStringUnterminated,
    /// A field's value is one the body cannot be read past (submit_multi's `dest_flag`,
    /// v3.4 §4.5.1.1: 1 or 2).
    #[error("value {value:#x} is not allowed")]
    ValueOutOfRange {
        /// The value read.
        value: u32,
    },
    /// Octets left over after the last field of a PDU without TLVs.
    #[error("{len} octets left over after the last field")]
    TrailingData {
        /// Octets left over.
        len: usize,
    },
    /// The TLV region ends inside a TLV's tag, length or value.
    #[error("TLV with tag {tag:#06x} runs past the end of the PDU")]
    TlvOverrun {
        /// The tag (0 when the tag itself is cut).
        tag: u16,
    },
}

/// A PDU that could not be decoded: what, in which field, at which offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    field: &'static str,
    offset: usize,
    header: Option<Header>,
}

impl DecodeError {
    pub(crate) const fn new(kind: DecodeErrorKind, field: &'static str, offset: usize) -> Self {
        Self {
            kind,
            field,
            offset,
            header: None,
        }
    }

    pub(crate) fn with_header(mut self, header: Header) -> Self {
        self.header = Some(header);
        self
    }

    /// What was wrong.
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }

    /// The spec's name of the field (`"command_length"`, `"source_addr"`, `"tlvs"`, …).
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// Byte offset from the start of the PDU where the field starts.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The header, when the 16 octets were there to read: answer with its sequence number.
    pub fn header(&self) -> Option<Header> {
        self.header
    }

    /// The `command_status` the spec prescribes for a response to this PDU
    /// (same as `CommandStatus::from(&err)`).
    pub fn command_status(&self) -> CommandStatus {
        CommandStatus::from(self)
    }
}

impl core::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} at offset {}: {}", self.field, self.offset, self.kind)
    }
}

impl core::error::Error for DecodeError {}

/// The status a field's invalid value earns (SMPP v3.4 §5.1.3 descriptions), `None` for a
/// field without one.
fn field_status(field: &str) -> Option<CommandStatus> {
    Some(crate::validate::field_status(field)).filter(|s| *s != CommandStatus::ESME_RSYSERR)
}

impl From<&DecodeError> for CommandStatus {
    /// The mechanical mapping: length problems → `ESME_RINVCMDLEN`, a TLV overrun →
    /// `ESME_RINVOPTPARSTREAM`, a field cut short or unreadable → that field's status
    /// (`ESME_RINVSRCADR`, `ESME_RINVPASWD`, …), anything else → `ESME_RSYSERR`.
    fn from(err: &DecodeError) -> Self {
        use DecodeErrorKind as K;
        match err.kind {
            K::CommandLengthTooShort { .. }
            | K::CommandLengthTooLong { .. }
            | K::LengthMismatch { .. }
            | K::TrailingData { .. } => CommandStatus::ESME_RINVCMDLEN,
            K::TlvOverrun { .. } => CommandStatus::ESME_RINVOPTPARSTREAM,
            K::UnexpectedEnd { .. } | K::CStringUnterminated | K::ValueOutOfRange { .. } => {
                match field_status(err.field) {
                    Some(status) => status,
                    None if matches!(err.kind, K::UnexpectedEnd { .. }) => {
                        CommandStatus::ESME_RINVCMDLEN
                    }
                    None => CommandStatus::ESME_RSYSERR,
                }
            }
        }
    }
}

impl From<DecodeError> for CommandStatus {
    fn from(err: DecodeError) -> Self {
        CommandStatus::from(&err)
    }
}

/// A structural deviation that a lenient decode forgave (value rules are not quirks: see
/// [`validate`](crate::validate())).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum QuirkKind {
    /// The last C-Octet string of the PDU lacked its terminating NUL.
    MissingNul,
    /// A TLV ran past the end of the PDU; it and everything after it were dropped.
    TlvOverrun,
    /// Octets left over after the last field (ignored).
    TrailingData,
    /// An `ESME_ROK` response whose body was missing (decoded as empty fields).
    MissingBody,
}

/// One forgiven quirk: what, in which field, at which offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quirk {
    /// What was forgiven.
    pub kind: QuirkKind,
    /// The spec's name of the field.
    pub field: &'static str,
    /// Byte offset from the start of the PDU.
    pub offset: usize,
}

/// The quirks a lenient decode forgave, in the order met (the first
/// [`Quirks::CAPACITY`] are kept; [`overflow`](Quirks::overflow) counts the rest). Empty, and
/// without allocation, for a PDU that followed the spec.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quirks {
    items: Vec<Quirk>,
    overflow: u32,
}

impl Quirks {
    /// No quirk.
    pub const fn new() -> Self {
        Self {
            items: Vec::new(),
            overflow: 0,
        }
    }

    /// How many quirks are kept.
    pub const CAPACITY: usize = 32;

    pub(crate) fn push(&mut self, quirk: Quirk) {
        if self.items.len() < Self::CAPACITY {
            self.items.push(quirk);
        } else {
            self.overflow = self.overflow.saturating_add(1);
        }
    }

    /// Whether nothing was forgiven.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many quirks are kept (at most [`CAPACITY`](Self::CAPACITY)).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Quirks met beyond [`CAPACITY`](Self::CAPACITY).
    pub fn overflow(&self) -> u32 {
        self.overflow
    }

    /// The kept quirks in the order met.
    pub fn iter(&self) -> core::slice::Iter<'_, Quirk> {
        self.items.iter()
    }

    /// Whether a quirk of this kind was met.
    pub fn contains(&self, kind: QuirkKind) -> bool {
        self.iter().any(|q| q.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // SMPP v3.4 §5.1.3: ESME_RINVCMDLEN 0x02 "Command Length is invalid",
    // ESME_RINVSRCADR 0x0A "Invalid Source Address".
    #[test]
    fn accepts_mechanical_status_mapping() {
        let e = DecodeError::new(
            DecodeErrorKind::CommandLengthTooShort { command_length: 8 },
            "command_length",
            0,
        );
        assert_eq!(CommandStatus::from(&e), CommandStatus::ESME_RINVCMDLEN);
        let e = DecodeError::new(DecodeErrorKind::CStringUnterminated, "source_addr", 20);
        assert_eq!(e.command_status(), CommandStatus::ESME_RINVSRCADR);
        let e = DecodeError::new(DecodeErrorKind::TlvOverrun { tag: 0x204 }, "tlvs", 60);
        assert_eq!(e.command_status(), CommandStatus::ESME_RINVOPTPARSTREAM);
        assert_eq!(
            e.to_string(),
            "tlvs at offset 60: TLV with tag 0x0204 runs past the end of the PDU"
        );
    }

    #[test]
    fn accepts_more_quirks_than_capacity() {
        let mut q = Quirks::default();
        for _ in 0..34 {
            q.push(Quirk {
                kind: QuirkKind::MissingNul,
                field: "x",
                offset: 0,
            });
        }
        assert_eq!(q.len(), 32);
        assert_eq!(q.overflow(), 2);
        assert!(q.contains(QuirkKind::MissingNul));
    }
}
