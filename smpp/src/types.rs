//! The field types of SMPP bodies (v3.4 §3.1): C-Octet strings with their spec maximum,
//! octet strings, and the fixed-size time strings. Each borrows from the frame when decoded
//! and can own its bytes (`into_owned`) when built or stored.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// A value that cannot be put in a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FieldError {
    /// Longer than the field allows.
    #[error("{len} octets, but the field holds at most {max}")]
    TooLong {
        /// Octets given.
        len: usize,
        /// Octets allowed (without the NUL of a C-Octet string).
        max: usize,
    },
    /// A C-Octet string cannot contain NUL.
    #[error("contains a NUL octet at index {index}")]
    ContainsNul {
        /// Where.
        index: usize,
    },
    /// Not an SMPP time (`YYMMDDhhmmsstnnp`, v3.4 §7.1.1).
    #[error("not an SMPP time (YYMMDDhhmmsstnnp)")]
    BadTime,
}

/// A C-Octet string (v3.4 §3.1): octets up to a terminating NUL, at most `MAX` octets on the
/// wire *including* the NUL. Holds the octets without the NUL.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct COctetString<'a, const MAX: usize>(Cow<'a, [u8]>);

impl<'a, const MAX: usize> COctetString<'a, MAX> {
    /// The spec maximum, NUL included.
    pub const MAX: usize = MAX;

    /// An empty string (encoded as a single NUL).
    pub const fn empty() -> Self {
        Self(Cow::Borrowed(&[]))
    }

    /// A string from octets without NUL, at most `MAX - 1` of them.
    pub fn new(bytes: impl Into<Cow<'a, [u8]>>) -> Result<Self, FieldError> {
        let bytes = bytes.into();
        if let Some(index) = bytes.iter().position(|&b| b == 0) {
            return Err(FieldError::ContainsNul { index });
        }
        if bytes.len() >= MAX {
            return Err(FieldError::TooLong {
                len: bytes.len(),
                max: MAX.saturating_sub(1),
            });
        }
        Ok(Self(bytes))
    }

    /// A string from text (checked like [`new`](Self::new)).
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &'a str) -> Result<Self, FieldError> {
        Self::new(text.as_bytes())
    }

    /// Decoded octets, already validated (or forgiven) by the reader.
    pub(crate) const fn from_wire(bytes: &'a [u8]) -> Self {
        Self(Cow::Borrowed(bytes))
    }

    /// The octets, without the NUL.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text, if the octets are UTF-8 (ASCII in practice).
    pub fn as_str(&self) -> Option<&str> {
        core::str::from_utf8(&self.0).ok()
    }

    /// The text with the lifetime of the frame it was decoded from, if it borrows one and
    /// is UTF-8.
    #[cfg(feature = "std")]
    pub(crate) fn borrowed_str(&self) -> Option<&'a str> {
        match &self.0 {
            Cow::Borrowed(b) => core::str::from_utf8(b).ok(),
            Cow::Owned(_) => None,
        }
    }

    /// Octets without the NUL.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the string is empty (a lone NUL on the wire).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Octets on the wire, NUL included.
    pub fn encoded_len(&self) -> usize {
        self.0.len() + 1
    }

    /// The same string owning its octets.
    pub fn into_owned(self) -> COctetString<'static, MAX> {
        COctetString(Cow::Owned(self.0.into_owned()))
    }
}

impl<const MAX: usize> fmt::Debug for COctetString<'_, MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(&self.0))
    }
}

impl<const MAX: usize> fmt::Display for COctetString<'_, MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.0))
    }
}

impl<'a, const MAX: usize> TryFrom<&'a str> for COctetString<'a, MAX> {
    type Error = FieldError;
    fn try_from(s: &'a str) -> Result<Self, FieldError> {
        Self::new(s.as_bytes())
    }
}

impl<'a, const MAX: usize> TryFrom<&'a [u8]> for COctetString<'a, MAX> {
    type Error = FieldError;
    fn try_from(s: &'a [u8]) -> Result<Self, FieldError> {
        Self::new(s)
    }
}

impl<const MAX: usize> TryFrom<String> for COctetString<'static, MAX> {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, FieldError> {
        Self::new(s.into_bytes())
    }
}

/// The user data of a message (v3.4 §3.1 octet string, §5.2.21–22): raw octets whose length
/// is carried in `sm_length`, one octet.
///
/// v3.4 §5.2.21: "sm_length … 0 to 254". A value built here holds at most
/// [`MAX`](Self::MAX) = 254 octets ([`new`](Self::new) and `TryFrom` refuse more), so encoding
/// never truncates nor writes a wrong `command_length`; a longer text goes through
/// [`submit_sm_parts`](crate::submit_sm_parts) or the `message_payload` TLV. A decoded value
/// holds what `sm_length` said, 255 included (the validation step reports it), and encodes
/// back unchanged.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct OctetString<'a>(Cow<'a, [u8]>);

impl<'a> OctetString<'a> {
    /// Octets a built `short_message` may hold (v3.4 §5.2.21: `sm_length` 0 to 254).
    pub const MAX: usize = 254;

    /// An empty octet string.
    pub const fn empty() -> Self {
        Self(Cow::Borrowed(&[]))
    }

    /// Wraps at most [`MAX`](Self::MAX) octets.
    ///
    /// ```
    /// use smpp::{FieldError, OctetString};
    /// assert_eq!(OctetString::new(&b"Hello"[..])?.len(), 5);
    /// assert_eq!(
    ///     OctetString::new(vec![0u8; 255]),
    ///     Err(FieldError::TooLong { len: 255, max: 254 })
    /// );
    /// # Ok::<(), FieldError>(())
    /// ```
    pub fn new(bytes: impl Into<Cow<'a, [u8]>>) -> Result<Self, FieldError> {
        let bytes = bytes.into();
        if bytes.len() > Self::MAX {
            return Err(FieldError::TooLong {
                len: bytes.len(),
                max: Self::MAX,
            });
        }
        Ok(Self(bytes))
    }

    /// Octets read after a one-octet `sm_length` (so at most 255).
    pub(crate) fn from_wire(bytes: &'a [u8]) -> Self {
        debug_assert!(bytes.len() <= 255);
        Self(Cow::Borrowed(bytes))
    }

    /// Octets the crate built itself within [`MAX`](Self::MAX) (message parts).
    pub(crate) fn from_part(bytes: Vec<u8>) -> Self {
        debug_assert!(bytes.len() <= Self::MAX);
        Self(Cow::Owned(bytes))
    }

    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Octets.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The same octets, owned.
    pub fn into_owned(self) -> OctetString<'static> {
        OctetString(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Debug for OctetString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("0x")?;
        for b in self.0.iter() {
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

impl<'a> TryFrom<&'a [u8]> for OctetString<'a> {
    type Error = FieldError;
    fn try_from(s: &'a [u8]) -> Result<Self, FieldError> {
        Self::new(s)
    }
}

impl<'a, const N: usize> TryFrom<&'a [u8; N]> for OctetString<'a> {
    type Error = FieldError;
    fn try_from(s: &'a [u8; N]) -> Result<Self, FieldError> {
        Self::new(&s[..])
    }
}

impl TryFrom<Vec<u8>> for OctetString<'static> {
    type Error = FieldError;
    fn try_from(s: Vec<u8>) -> Result<Self, FieldError> {
        Self::new(s)
    }
}

/// An SMPP time (v3.4 §7.1.1), `schedule_delivery_time`, `validity_period`, `final_date`:
/// a C-Octet string that is either empty (NULL: "immediate" / "SMSC default") or exactly 16
/// characters `YYMMDDhhmmsstnnp`, where `p` is `+`/`-` (absolute, offset from UTC in quarter
/// hours `nn`) or `R` (relative).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct SmppTime<'a>(COctetString<'a, 17>);

impl<'a> SmppTime<'a> {
    /// Characters of a non-empty time.
    pub const LEN: usize = 16;

    /// The NULL time.
    pub const fn empty() -> Self {
        Self(COctetString::empty())
    }

    /// A time from its 16 characters (or none), checked against the format.
    pub fn new(text: &'a str) -> Result<Self, FieldError> {
        if !text.is_empty() && !Self::is_well_formed(text.as_bytes()) {
            return Err(FieldError::BadTime);
        }
        Ok(Self(COctetString::from_str(text)?))
    }

    /// A relative time (`…R`) of the given parts, e.g. `relative(0, 0, 1, 0, 0, 0)` = one day.
    pub fn relative(
        years: u8,
        months: u8,
        days: u8,
        hours: u8,
        minutes: u8,
        seconds: u8,
    ) -> Option<SmppTime<'static>> {
        let parts = [years, months, days, hours, minutes, seconds];
        if parts.iter().any(|&p| p > 99) {
            return None;
        }
        let mut v = Vec::with_capacity(16);
        for p in parts {
            v.push(b'0' + p / 10);
            v.push(b'0' + p % 10);
        }
        v.extend_from_slice(b"000R");
        Some(SmppTime::from_digits(v))
    }

    /// A time from 16 characters built here.
    pub(crate) fn from_digits(v: Vec<u8>) -> SmppTime<'static> {
        SmppTime(COctetString(Cow::Owned(v)))
    }

    /// `YYMMDDhhmmsst` digits, `nn` digits 00–48, `p` one of `+ - R`.
    pub(crate) fn is_well_formed(b: &[u8]) -> bool {
        let Ok(b) = <&[u8; 16]>::try_from(b) else {
            return false;
        };
        b[..15].iter().all(u8::is_ascii_digit)
            && matches!(b[15], b'+' | b'-' | b'R')
            && (b[13] - b'0') * 10 + (b[14] - b'0') <= 48
    }

    pub(crate) const fn from_wire(bytes: &'a [u8]) -> Self {
        Self(COctetString::from_wire(bytes))
    }

    /// The characters (empty for NULL).
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// The characters as text.
    pub fn as_str(&self) -> Option<&str> {
        self.0.as_str()
    }

    /// Whether this is the NULL time.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether this is a relative time (`p` = `R`).
    pub fn is_relative(&self) -> bool {
        self.as_bytes().last() == Some(&b'R')
    }

    /// Octets on the wire, NUL included.
    pub fn encoded_len(&self) -> usize {
        self.0.encoded_len()
    }

    /// The same time owning its characters.
    pub fn into_owned(self) -> SmppTime<'static> {
        SmppTime(self.0.into_owned())
    }
}

impl fmt::Debug for SmppTime<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // v3.4 §5.2.1: system_id is a C-Octet string of max 16 including the NULL.
    #[test]
    fn rejects_c_octet_string_over_max_or_with_nul() {
        assert!(COctetString::<16>::new(&b"123456789012345"[..]).is_ok());
        assert_eq!(
            COctetString::<16>::new(&b"1234567890123456"[..]),
            Err(FieldError::TooLong { len: 16, max: 15 })
        );
        assert_eq!(
            COctetString::<16>::new(&b"a\0"[..]),
            Err(FieldError::ContainsNul { index: 1 })
        );
    }

    // v3.4 §7.1.1 examples: "000001000000000R" (one day relative).
    #[test]
    fn accepts_spec_times() {
        assert!(SmppTime::new("000001000000000R").is_ok());
        assert!(SmppTime::new("251125120000004+").is_ok());
        assert!(SmppTime::new("").is_ok());
        assert_eq!(SmppTime::new("2511251200"), Err(FieldError::BadTime));
        assert_eq!(SmppTime::new("251125120000049+"), Err(FieldError::BadTime));
        assert_eq!(
            SmppTime::relative(0, 0, 1, 0, 0, 0).unwrap().as_str(),
            Some("000001000000000R")
        );
    }
}
