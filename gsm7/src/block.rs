//! The ASCII fast path of the default alphabet (TS 23.038 §6.2.1): sixteen characters at a time
//! between ASCII text and septets, written as branch-free comparisons that the compiler turns
//! into SIMD instructions (no table lookups, which it cannot vectorise).
//!
//! Most default alphabet positions that hold an ASCII character hold it at its ASCII code
//! (space to '#', '%' to '?', 'A'–'Z', 'a'–'z', LF, CR); three do not: '@' is 0x00, '$' is 0x02
//! and '_' is 0x11. Every other ASCII character is escaped (`[` `\` `]` `^` `{` `|` `}` `~`, FF)
//! or has no coding ('`', other controls, DEL); those, anything above 0x7F and the escape septet
//! leave the fast path. The unit tests check both directions against the tables of `charsets`.

/// Characters (or septets) per block.
pub(crate) const BLOCK: usize = 16;

/// Whether ASCII byte or septet `x` is a letter ('A'–'Z', 'a'–'z', folded to lower case) or in
/// ' '..='?' (`x & 0xE0 == 0x20`), LF or CR: the positions coded as themselves, and '$'.
#[inline(always)]
fn is_identity_or_dollar(x: u8) -> bool {
    let letter = (x | 0x20).wrapping_sub(b'a') < 26;
    let symbol = x & 0xE0 == 0x20;
    letter | symbol | (x == b'\n') | (x == b'\r')
}

/// Sixteen text bytes → their septets, and a mask with bit `k` set where byte `k` is not an
/// ASCII character of the default alphabet proper (its septet is then meaningless).
#[inline(always)]
#[allow(dead_code)] // split_fast (branch s4-split) measures text with it
pub(crate) fn ascii_to_septets(block: [u8; BLOCK]) -> ([u8; BLOCK], u32) {
    let (septets, flags) = ascii_to_septets_flagged(block);
    (septets, flags.mask())
}

/// [`ascii_to_septets`] with the flags not yet gathered into a mask: a block without any is
/// told by one vector comparison.
#[inline(always)]
pub(crate) fn ascii_to_septets_flagged(block: [u8; BLOCK]) -> ([u8; BLOCK], Flags) {
    let mut septets = [0u8; BLOCK];
    let mut flags = [0u8; BLOCK];
    for k in 0..BLOCK {
        let b = block[k];
        let (at, dollar, under) = (b == b'@', b == b'$', b == b'_');
        // '@' → 0x00, '$' → 0x02, '_' → 0x11: the difference masked in and subtracted.
        let minus = (u8::from(at) * b'@')
            | (u8::from(dollar) * (b'$' - 0x02))
            | (u8::from(under) * (b'_' - 0x11));
        septets[k] = b.wrapping_sub(minus);
        flags[k] = u8::from(!(is_identity_or_dollar(b) | at | under));
    }
    (septets, Flags(flags))
}

/// Sixteen septets → their ASCII characters, and flags (see [`Flags::mask`]) set where a
/// septet is not one of the ASCII positions (its byte is then meaningless).
#[inline(always)]
pub(crate) fn septets_to_ascii(block: [u8; BLOCK]) -> ([u8; BLOCK], Flags) {
    let mut text = [0u8; BLOCK];
    let mut flags = [0u8; BLOCK];
    for k in 0..BLOCK {
        let s = block[k];
        let (at, dollar, under) = (s == 0x00, s == 0x02, s == 0x11);
        // 0x00 → '@', 0x02 → '$', 0x11 → '_': the difference masked in and added.
        let plus = (u8::from(at) * b'@')
            | (u8::from(dollar) * (b'$' - 0x02))
            | (u8::from(under) * (b'_' - 0x11));
        text[k] = s.wrapping_add(plus);
        // Septet 0x24 is '¤', not '$'.
        let identity = is_identity_or_dollar(s) & (s != b'$');
        flags[k] = u8::from(!(identity | at | dollar | under));
    }
    (text, Flags(flags))
}

/// One flag (0 or 1) per position of a block.
#[derive(Clone, Copy)]
pub(crate) struct Flags([u8; BLOCK]);

impl Flags {
    /// Whether no position is flagged.
    #[inline(always)]
    pub(crate) fn is_clear(self) -> bool {
        u128::from_le_bytes(self.0) == 0
    }

    /// A mask with bit `k` for flag `k`.
    #[inline(always)]
    pub(crate) fn mask(self) -> u32 {
        mask(self.0)
    }

    /// How many positions are flagged: a multiplication sums eight flags at a time into the
    /// top octet (cheaper than counting the mask's bits without `popcnt`).
    #[inline(always)]
    pub(crate) fn count(self) -> u32 {
        const SUM: u64 = 0x0101_0101_0101_0101;
        let mut lo = [0u8; 8];
        let mut hi = [0u8; 8];
        lo.copy_from_slice(&self.0[..8]);
        hi.copy_from_slice(&self.0[8..]);
        // Each octet of the sum is at most 2, so the total (at most 16) fits the top octet.
        let sum = u64::from_le_bytes(lo) + u64::from_le_bytes(hi);
        (sum.wrapping_mul(SUM) >> 56) as u32
    }
}

/// Sixteen flags (each 0 or 1) → a mask with bit `k` for flag `k`: a multiplication gathers
/// eight flags at a time into the top octet (`pmovmskb` without SIMD intrinsics).
#[inline(always)]
fn mask(flags: [u8; BLOCK]) -> u32 {
    const GATHER: u64 = 0x0102_0408_1020_4080;
    let mut lo = [0u8; 8];
    let mut hi = [0u8; 8];
    lo.copy_from_slice(&flags[..8]);
    hi.copy_from_slice(&flags[8..]);
    let lo = u64::from_le_bytes(lo).wrapping_mul(GATHER) >> 56;
    let hi = u64::from_le_bytes(hi).wrapping_mul(GATHER) >> 56;
    (lo | hi << 8) as u32
}

/// The last, short block of a text: its bytes (at most [`BLOCK`]) then `pad`, and how many
/// there are. Out of line so that the compiler does not merge its copy with the full blocks'
/// into one call to `memcpy`.
#[cold]
#[inline(never)]
#[allow(dead_code)] // split_fast (branch s4-split) pads its last block with it
pub(crate) fn padded_tail(tail: &[u8], pad: u8) -> ([u8; BLOCK], usize) {
    let mut block = [pad; BLOCK];
    let n = tail.len().min(BLOCK);
    block[..n].copy_from_slice(&tail[..n]);
    (block, n)
}

/// How many positions from `p` on are good, of the `avail` a block has, given its mask.
#[inline(always)]
pub(crate) fn good_run(bad: u32, p: usize, avail: usize) -> usize {
    (bad.checked_shr(p as u32).unwrap_or(0).trailing_zeros() as usize).min(avail.saturating_sub(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charsets::{DEFAULT_LOCKING, NA};
    use crate::lookup::{LATIN1_TO_DEFAULT, NONE};

    // §6.2.1: a byte takes the fast path exactly when it is ASCII and the default alphabet
    // codes it as one septet, and the septet is the table's.
    #[test]
    fn accepts_exactly_the_one_septet_ascii_characters() {
        for b in 0u8..=255 {
            let (s, bad) = ascii_to_septets([b; BLOCK]);
            let v = LATIN1_TO_DEFAULT[usize::from(b)];
            let one_septet = b < 0x80 && v != NONE && v < 0x80;
            assert_eq!(bad == 0, one_septet, "byte {b:#04X}");
            assert!(bad == 0 || bad == 0xFFFF);
            if one_septet {
                assert_eq!(s, [v; BLOCK], "byte {b:#04X}");
            }
        }
    }

    // §6.2.1: a septet takes the fast path exactly when its default alphabet character is
    // ASCII (the escape 0x1B is not a character), and the byte is that character.
    #[test]
    fn accepts_exactly_the_ascii_positions() {
        for s in 0u8..=255 {
            let (t, flags) = septets_to_ascii([s; BLOCK]);
            let bad = flags.mask();
            assert_eq!(flags.is_clear(), bad == 0);
            let ascii = DEFAULT_LOCKING
                .get(usize::from(s))
                .filter(|&&c| c != NA && c.is_ascii());
            assert_eq!(bad == 0, ascii.is_some(), "septet {s:#04X}");
            if let Some(&c) = ascii {
                assert_eq!(t, [c as u8; BLOCK], "septet {s:#04X}");
            }
        }
    }

    #[test]
    fn accepts_every_mask() {
        for m in 0u32..1 << 16 {
            let mut flags = [0u8; BLOCK];
            for (k, f) in flags.iter_mut().enumerate() {
                *f = (m >> k & 1) as u8;
            }
            assert_eq!(mask(flags), m);
            assert_eq!(Flags(flags).count(), m.count_ones());
        }
    }

    #[test]
    fn rejects_only_the_positions_that_need_more() {
        let mut block = *b"Hi @all_ $5 ok!\n";
        block[3] = b'{';
        block[10] = 0xC3;
        let (_, bad) = ascii_to_septets(block);
        assert_eq!(bad, 1 << 3 | 1 << 10);
        assert_eq!(good_run(bad, 0, BLOCK), 3);
        assert_eq!(good_run(bad, 4, BLOCK), 10 - 4);
        assert_eq!(good_run(bad, 11, BLOCK), 16 - 11);
        assert_eq!(good_run(bad, 11, 13), 13 - 11);
        let mut septets = *b"Hi all, $ ok!\n\r.";
        septets[2] = 0x1B;
        let bad = septets_to_ascii(septets).1.mask();
        assert_eq!(bad, 1 << 2 | 1 << 8, "0x1B and 0x24 ('¤')");
    }
}
