//! Errors, small and `Copy`, each saying what was wrong and where.

/// Text that cannot be coded in the chosen character set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A character has no mapping in the tables in use (neither the locking/default table nor,
    /// after an escape, the single shift/extension table).
    #[error("character {ch:?} (U+{:04X}) at byte {index} of the text has no mapping in the character set", u32::from(*ch))]
    UnmappableChar {
        /// The character.
        ch: char,
        /// Its byte offset in the text.
        index: usize,
    },
}

/// Bytes or septets that do not decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// A septet value above 0x7F (one septet per octet, as SMPP carries GSM 7 bit).
    #[error("septet {index}: value 0x{value:02X} is not a 7-bit septet")]
    InvalidSeptet {
        /// Position of the septet.
        index: usize,
        /// Its value.
        value: u8,
    },
    /// The escape septet 0x1B is the last septet: the character it announces is missing.
    #[error("septet {index}: escape (0x1B) with no septet after it")]
    TruncatedEscape {
        /// Position of the escape septet.
        index: usize,
    },
    /// An escape to a position the single shift (extension) table leaves empty.
    ///
    /// TS 23.038 §6.2.1.1 tells a displaying MS what to show instead; the strict decoder
    /// reports it, [`decode_septets_with`](crate::decode_septets_with) with
    /// [`DecodeOptions::allow_undefined_escape`](crate::DecodeOptions::allow_undefined_escape) applies the rule.
    #[error(
        "septet {index}: escape to 0x{code:02X}, which the single shift table leaves undefined"
    )]
    UndefinedEscape {
        /// Position of the escape septet.
        index: usize,
        /// The septet after the escape.
        code: u8,
    },
    /// A septet at a position the locking shift table leaves empty.
    #[error("septet {index}: 0x{code:02X} is undefined in the locking shift table")]
    UndefinedSeptet {
        /// Position of the septet.
        index: usize,
        /// Its value.
        code: u8,
    },
    /// UTF-16 data of odd length.
    #[error("UTF-16 data has odd length {len}; the last octet (offset {}) is half a code unit", len - 1)]
    OddLength {
        /// The length in octets.
        len: usize,
    },
    /// A high surrogate without a low one after it, or a low surrogate alone.
    #[error("octet {index}: unpaired UTF-16 surrogate 0x{unit:04X}")]
    UnpairedSurrogate {
        /// Octet offset of the code unit.
        index: usize,
        /// The code unit.
        unit: u16,
    },
    /// Bytes that are malformed in a multi-byte charset (Shift_JIS, EUC-KR, …).
    #[error("octet {index}: malformed {charset} sequence")]
    Malformed {
        /// Octet offset of the first malformed byte (approximate for stateful charsets).
        index: usize,
        /// The charset name.
        charset: &'static str,
    },
}

/// Packed septets that do not hold what was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UnpackError {
    /// The septet count (with the fill bits) needs more octets than there are.
    #[error(
        "{septets} septets after {fill_bits} fill bits need {needed} octets, but only {available} are present"
    )]
    TooShort {
        /// The septet count asked for.
        septets: usize,
        /// The fill bits before the first septet.
        fill_bits: u8,
        /// Octets needed.
        needed: usize,
        /// Octets present.
        available: usize,
    },
}

/// A text that cannot be split into SMS parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SplitError {
    /// More than 255 parts would be needed (TS 23.040 §9.2.3.24.1: the maximum number of
    /// short messages is one octet).
    #[error("the text needs {needed} parts; a concatenated message has at most 255")]
    TooManyParts {
        /// Parts the text would need (at least this many: counting stops past the limit).
        needed: usize,
    },
    /// GSM 7 bit was required but a character has no mapping in any allowed table.
    #[error(transparent)]
    Unmappable(#[from] EncodeError),
}
