//! A bounded cursor over the PDU body (rustls `Reader`): every read is checked against the
//! end of the body (the reader cannot see past `command_length`), and offsets stay absolute
//! within the PDU so errors point at the right byte.

use crate::error::{DecodeError, DecodeErrorKind, Quirk, QuirkKind, Quirks};

/// A cursor over a borrowed slice.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Offset of `buf[0]` within the PDU.
    base: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8], base: usize) -> Self {
        Self { buf, pos: 0, base }
    }

    /// Absolute offset of the next octet.
    #[inline]
    pub(crate) fn offset(&self) -> usize {
        self.base + self.pos
    }

    #[inline]
    pub(crate) fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    /// The unread octets (not consumed).
    #[inline]
    pub(crate) fn rest(&self) -> &'a [u8] {
        &self.buf[self.pos..]
    }

    #[inline(always)]
    fn eof(&self, field: &'static str, needed: usize) -> DecodeError {
        eof(field, needed, self.remaining(), self.offset())
    }

    /// Takes `n` octets.
    #[inline(always)]
    pub(crate) fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], DecodeError> {
        match self.buf.get(self.pos..self.pos.wrapping_add(n)) {
            Some(s) if self.pos.checked_add(n).is_some() => {
                self.pos += n;
                Ok(s)
            }
            _ => Err(self.eof(field, n)),
        }
    }

    /// Consumes a NUL if it is the next octet (an empty C-Octet string).
    #[inline(always)]
    pub(crate) fn skip_nul(&mut self) -> bool {
        let nul = self.buf.get(self.pos) == Some(&0);
        self.pos += usize::from(nul);
        nul
    }

    /// Takes all unread octets.
    #[inline]
    pub(crate) fn take_rest(&mut self) -> &'a [u8] {
        let s = self.rest();
        self.pos = self.buf.len();
        s
    }

    #[inline(always)]
    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8, DecodeError> {
        match self.buf.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => Err(self.eof(field, 1)),
        }
    }

    #[inline(always)]
    pub(crate) fn u32(&mut self, field: &'static str) -> Result<u32, DecodeError> {
        let s = self.take(4, field)?;
        Ok(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
    }

    /// A C-Octet string of at most `max` octets including its NUL; returns the octets before
    /// the NUL. v3.4 §3.1: "A series of ASCII characters terminated with the NULL character";
    /// the field tables give the maximum size including the NULL.
    #[inline(always)]
    pub(crate) fn c_octet_string(
        &mut self,
        max: usize,
        field: &'static str,
        cx: &mut Ctx,
    ) -> Result<&'a [u8], DecodeError> {
        let rest = self.rest();
        let window = &rest[..rest.len().min(max)];
        if let Some(n) = find_nul(window) {
            self.pos += n + 1;
            return Ok(&rest[..n]);
        }
        // The slow path sees copies, never `self`: a reader whose address does not escape
        // stays in registers.
        let (s, used) = c_octet_string_slow(rest, self.offset(), max, field, cx)?;
        self.pos += used;
        Ok(s)
    }

    /// Fails (or, lenient, reports) if octets are left.
    #[inline(always)]
    pub(crate) fn expect_end(
        &mut self,
        field: &'static str,
        cx: &mut Ctx,
    ) -> Result<(), DecodeError> {
        if self.is_empty() {
            return Ok(());
        }
        trailing(self.remaining(), self.offset(), field, cx)?;
        self.pos = self.buf.len();
        Ok(())
    }
}

/// A C-Octet string without a NUL within its maximum. A NUL further on still ends it: the
/// structure holds, and the validation step reports the string as over its maximum (a
/// password one octet too long is a value problem, not a framing one). No NUL before the end
/// of the PDU breaks the structure: an error, or (lenient) the quirk recorded and the string
/// taken up to the end. Returns the string and the octets consumed.
#[cold]
#[inline(never)]
fn c_octet_string_slow<'a>(
    rest: &'a [u8],
    start: usize,
    _max: usize,
    field: &'static str,
    cx: &mut Ctx,
) -> Result<(&'a [u8], usize), DecodeError> {
    match find_nul(rest) {
        Some(n) => Ok((&rest[..n], n + 1)),
        None => {
            cx.forgive(
                QuirkKind::MissingNul,
                DecodeError::new(DecodeErrorKind::CStringUnterminated, field, start),
            )?;
            Ok((rest, rest.len()))
        }
    }
}

/// The error for a read of `needed` octets with only `remaining` left, at `offset`.
#[cold]
#[inline(never)]
fn eof(field: &'static str, needed: usize, remaining: usize, offset: usize) -> DecodeError {
    DecodeError::new(
        DecodeErrorKind::UnexpectedEnd {
            needed: needed - remaining,
        },
        field,
        offset,
    )
}

/// Octets left after the last field: an error, or (lenient) the quirk recorded.
#[cold]
#[inline(never)]
fn trailing(
    len: usize,
    offset: usize,
    field: &'static str,
    cx: &mut Ctx,
) -> Result<(), DecodeError> {
    cx.forgive(
        QuirkKind::TrailingData,
        DecodeError::new(DecodeErrorKind::TrailingData { len }, field, offset),
    )
}

/// Splits a C-Octet string of at most `max` octets, NUL included, off the front of `b`: the
/// octets before the NUL, and what follows the NUL. `None` when there is no NUL within `max`
/// (the straight-line decoders of `message_fast.rs` then hand over to [`Reader`], which says
/// what is wrong).
#[inline(always)]
pub(crate) fn split_c_octet_string(b: &[u8], max: usize) -> Option<(&[u8], &[u8])> {
    let n = nul_within(b, max)?;
    let (s, rest) = b.split_at_checked(n)?;
    Some((s, rest.get(1..)?))
}

/// Index of the first NUL of `b` if it lies within the first `max` octets: what
/// [`find_nul`] answers on `&b[..max]`, for the short maxima of the message fields (a
/// constant once inlined, so the walk unrolls). The string's octets are read eight at a time
/// from its start while the window lasts (a NUL found past `max` is past the first NUL of
/// the window too: no NUL within it); the last octets before the end of `b` one by one. An
/// empty string (the common service_type and times) is one octet compared.
#[inline(always)]
fn nul_within(b: &[u8], max: usize) -> Option<usize> {
    if let [0, ..] = b {
        return Some(0);
    }
    let mut base = 0;
    while base < max {
        let Some(word) = b.get(base..).and_then(<[u8]>::first_chunk::<8>) else {
            let window = b.get(base..b.len().min(max))?;
            return window.iter().position(|&c| c == 0).map(|i| base + i);
        };
        if let Some(i) = first_zero(word) {
            let n = base + i;
            return (n < max).then_some(n);
        }
        base += 8;
    }
    None
}

/// Index of the first zero octet of `w` (the "has zero byte" word trick: the lowest flagged
/// byte of `(v - 0x01…) & !v & 0x80…` is the first zero byte; flags above it may be false).
#[inline(always)]
pub(crate) fn first_zero(w: &[u8; 8]) -> Option<usize> {
    let v = u64::from_le_bytes(*w);
    let z = v.wrapping_sub(0x0101_0101_0101_0101) & !v & 0x8080_8080_8080_8080;
    (z != 0).then_some((z.trailing_zeros() / 8) as usize)
}

/// Index of the first NUL, eight octets at a time ([`first_zero`]). The last one to seven
/// octets of an `s` of eight or more are read as the last eight (overlapping octets already
/// known to hold no NUL), so only a string shorter than eight is read octet by octet.
#[inline(always)]
pub(crate) fn find_nul(s: &[u8]) -> Option<usize> {
    let Some(last) = s.last_chunk::<8>() else {
        return s.iter().position(|&b| b == 0);
    };
    let mut rest = s;
    let mut base = 0;
    while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
        if let Some(i) = first_zero(chunk) {
            return Some(base + i);
        }
        base += 8;
        rest = tail;
    }
    if rest.is_empty() {
        return None;
    }
    first_zero(last).map(|i| s.len() - 8 + i)
}

/// Decode-wide state: the quirks to forgive and those forgiven so far.
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    pub(crate) options: crate::DecodeOptions,
    pub(crate) quirks: Quirks,
    /// The first error met by a sticky decode.
    pub(crate) error: Option<DecodeError>,
}

impl Ctx {
    /// Records `err` unless an earlier error is already recorded.
    #[cold]
    #[inline(never)]
    pub(crate) fn fail(&mut self, err: DecodeError) {
        if self.error.is_none() {
            self.error = Some(err);
        }
    }

    /// Not allowed by the options: returns `err`. Allowed: records the quirk and carries on.
    #[cold]
    pub(crate) fn forgive(&mut self, kind: QuirkKind, err: DecodeError) -> Result<(), DecodeError> {
        if !self.options.allows(kind) {
            return Err(err);
        }
        self.quirks.push(Quirk {
            kind,
            field: err.field(),
            offset: err.offset(),
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_reads_past_the_end_with_offset() {
        let mut s = Reader::new(&[1, 2, 3], 16);
        assert_eq!(s.u8("a").unwrap(), 1);
        let e = s.u32("b").unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::UnexpectedEnd { needed: 2 });
        assert_eq!(e.offset(), 17);
        let mut r = Reader::new(&[1, 2, 3], 16);
        assert_eq!(r.take(2, "a").unwrap(), &[1, 2]);
        let e = r.take(2, "b").unwrap_err();
        assert_eq!(e.offset(), 18);
        assert_eq!(e.field(), "b");
        assert_eq!(e.kind(), DecodeErrorKind::UnexpectedEnd { needed: 1 });
        let e = r.take(usize::MAX, "c").unwrap_err();
        assert_eq!(e.field(), "c");
    }

    // v3.4 §3.1: a C-Octet string's maximum size includes its NULL terminator; over the
    // maximum but terminated is a value for validation, no NUL at all breaks the structure.
    #[test]
    fn rejects_c_octet_string_without_nul() {
        let mut cx = Ctx::default();
        let mut r = Reader::new(b"abc\0", 0);
        assert_eq!(r.c_octet_string(3, "f", &mut cx).unwrap(), b"abc");
        assert!(cx.quirks.is_empty());
        let mut r = Reader::new(b"abc\0", 0);
        assert_eq!(r.c_octet_string(4, "f", &mut cx).unwrap(), b"abc");
        assert!(r.is_empty());
        let mut r = Reader::new(b"abc", 0);
        let e = r.c_octet_string(9, "f", &mut cx).unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::CStringUnterminated);
    }

    #[test]
    fn accepts_nul_found_at_every_position() {
        for len in 0..40 {
            for at in 0..len {
                let mut v = vec![0x80u8; len];
                v[at] = 0;
                if at + 1 < len {
                    v[at + 1] = 0;
                }
                assert_eq!(find_nul(&v), Some(at), "{len} {at}");
            }
            assert_eq!(find_nul(&vec![1u8; len]), None);
            assert_eq!(find_nul(&vec![0x01u8; len]), None);
        }
        assert_eq!(find_nul(b"\x01\x01\x00\x01\x01\x01\x01\x01\x01"), Some(2));
        assert_eq!(
            find_nul(&[0x01, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01]),
            Some(1)
        );
    }

    #[test]
    fn accepts_quirky_strings_when_lenient() {
        let mut cx = Ctx {
            options: crate::DecodeOptions::lenient(),
            ..Ctx::default()
        };
        let mut r = Reader::new(b"abcdef\0xy", 0);
        assert_eq!(r.c_octet_string(3, "f", &mut cx).unwrap(), b"abcdef");
        assert!(cx.quirks.is_empty());
        assert_eq!(r.c_octet_string(9, "g", &mut cx).unwrap(), b"xy");
        assert!(cx.quirks.contains(QuirkKind::MissingNul));
    }
}
