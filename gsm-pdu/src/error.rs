//! Errors: a small `Copy` decode error naming the field and the offset, an encode error for
//! values that do not fit the wire format, and the quirks a lenient decode forgave.

/// A TPDU could not be decoded: what was wrong and where.
///
/// `field` is the TS 23.040 parameter name (`"TP-OA"`, `"TP-UDL"`, …); `offset` is the octet
/// offset from the start of the decoded input (the SMSC prefix included when present).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input ended inside a field.
    #[error("{field} truncated at offset {offset}: {needed} more octet(s) needed")]
    Truncated {
        /// The parameter being read.
        field: &'static str,
        /// Where it starts (or where the input ended).
        offset: usize,
        /// How many octets were missing.
        needed: usize,
    },
    /// A length field is larger than the spec allows, or than what follows.
    #[error("{field} at offset {offset}: length {length} {reason}")]
    BadLength {
        /// The parameter whose length is wrong.
        field: &'static str,
        /// Offset of the length octet.
        offset: usize,
        /// The length as found.
        length: usize,
        /// Why it is refused.
        reason: &'static str,
    },
    /// A value the spec reserves, or a malformed value.
    #[error("{field} at offset {offset}: invalid value 0x{value:02X} ({reason})")]
    InvalidValue {
        /// The parameter.
        field: &'static str,
        /// Offset of the octet holding the value.
        offset: usize,
        /// The octet as found.
        value: u8,
        /// Why it is refused.
        reason: &'static str,
    },
    /// The user data is not text in the alphabet TP-DCS names (offsets count from the start
    /// of the text in TP-UD).
    #[error("TP-UD text: {source}")]
    Text {
        /// What gsm7 found.
        source: gsm7::DecodeError,
    },
    /// Octets left over after the last field of the TPDU.
    #[error("{count} trailing octet(s) after the TPDU at offset {offset}")]
    TrailingOctets {
        /// Offset of the first extra octet.
        offset: usize,
        /// How many.
        count: usize,
    },
}

impl DecodeError {
    /// The offset the error refers to.
    pub fn offset(&self) -> usize {
        match *self {
            Self::Truncated { offset, .. }
            | Self::BadLength { offset, .. }
            | Self::InvalidValue { offset, .. }
            | Self::TrailingOctets { offset, .. } => offset,
            Self::Text { .. } => 0,
        }
    }

    /// The TS 23.040 parameter the error refers to.
    pub fn field(&self) -> &'static str {
        match *self {
            Self::Truncated { field, .. }
            | Self::BadLength { field, .. }
            | Self::InvalidValue { field, .. } => field,
            Self::TrailingOctets { .. } => "TPDU",
            Self::Text { .. } => "TP-UD",
        }
    }
}

/// A value cannot be put on the wire (too long, out of range).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A field holds more than its length octet or the spec allows.
    #[error("{field}: {length} is more than the maximum {max}")]
    TooLong {
        /// The parameter.
        field: &'static str,
        /// Its length.
        length: usize,
        /// The maximum.
        max: usize,
    },
    /// A value is out of range or inconsistent with another field.
    #[error("{field}: {reason}")]
    Invalid {
        /// The parameter.
        field: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
}

/// Something a lenient decode forgave; [`Decoded::quirks`](crate::Decoded) lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Quirk {
    /// TP-UDL announced more user data than the TPDU holds (e.g. a UCS-2 UDL counting one
    /// octet too many); the user data is what is there.
    UdlOverrun {
        /// Offset of TP-UDL.
        offset: usize,
        /// Octets TP-UDL implies.
        declared: usize,
        /// Octets present.
        available: usize,
    },
    /// TP-UDL was above 160 septets / 140 octets (§9.2.3.16) and the octets were there.
    UdlAboveMaximum {
        /// Offset of TP-UDL.
        offset: usize,
        /// TP-UDL as received.
        udl: u8,
    },
    /// Octets after the end of the TPDU (e.g. SIM record padding) were ignored.
    TrailingOctets {
        /// Offset of the first extra octet.
        offset: usize,
        /// How many.
        count: usize,
    },
    /// The TP-PI extension bit (bit 7) was set; the further TP-PI octets it announces were
    /// not read (Wireshark and gammu do the same).
    ParameterIndicatorExtension {
        /// Offset of TP-PI.
        offset: usize,
    },
    /// A semi-octet above 9 in a BCD field (timestamp) was taken at its binary value.
    NonBcdDigit {
        /// The parameter.
        field: &'static str,
        /// Offset of the octet.
        offset: usize,
    },
    /// A time stamp field was out of range (month 13, hour 24, …) and kept as received.
    FieldOutOfRange {
        /// The parameter.
        field: &'static str,
        /// Offset of the octet.
        offset: usize,
    },
    /// The text of the user data was repaired while decoding it leniently (an escape to an
    /// undefined position shown per TS 23.038 §6.2.1.1, a lone escape or an odd UCS2 octet
    /// dropped, an unpaired surrogate replaced).
    TextRepaired {
        /// Position of the first repaired septet or octet in the text.
        index: usize,
    },
    /// A known information element had the wrong length and is kept raw.
    InformationElementLength {
        /// The IEI.
        iei: u8,
        /// Offset of the IE.
        offset: usize,
    },
}
