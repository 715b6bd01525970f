//! Septet packing (TS 23.038 §6.1.2.1.1) with fill bits (TS 23.040 §9.2.3.24), and the
//! `<CR>` padding rule of §6.1.2.3.1.
//!
//! "Characters are packed … with the least significant bit of the first septet in bit 1 of
//! the first octet": septet `i` occupies bits `fill + 7i .. fill + 7i + 7`, counted from the
//! least significant bit of the first octet. The fill bits (zero) sit before the first
//! septet, where a UDH ends on an octet boundary but the septets must start on a septet one.

use alloc::vec::Vec;

use crate::error::UnpackError;

/// Octets that `septet_count` septets after `fill_bits` fill bits occupy (none for none).
pub fn packed_len(septet_count: usize, fill_bits: u8) -> usize {
    if septet_count == 0 {
        return 0;
    }
    septet_count
        .saturating_mul(7)
        .saturating_add(usize::from(fill_bits))
        .div_ceil(8)
}

/// Packs septets (one per octet; the high bit of each is ignored) after `fill_bits` zero bits,
/// appending [`packed_len`] octets to `out`. Bits after the last septet are zero.
///
/// `fill_bits` is 0..=6 in practice (after a UDH); larger values are honoured the same way.
///
/// ```
/// let mut packed = Vec::new();
/// gsm7::pack(b"hellohello", 0, &mut packed);
/// assert_eq!(packed, [0xE8, 0x32, 0x9B, 0xFD, 0x46, 0x97, 0xD9, 0xEC, 0x37]);
/// ```
pub fn pack(septets: &[u8], fill_bits: u8, out: &mut Vec<u8>) {
    if septets.is_empty() {
        return;
    }
    let start = out.len();
    let len = packed_len(septets.len(), fill_bits);
    out.resize(start + len, 0);
    let dst = &mut out[start..];
    let mut o = usize::from(fill_bits / 8);
    let shift = u32::from(fill_bits % 8);
    // Eight septets make 56 bits and sixteen 112; with fewer than 8 carried bits that fits a
    // u128, and fourteen octets come out. The octets after them (the carried bits) are written
    // too where there is room: the next block writes them again with its own septets added.
    let mut carry: u64 = 0;
    let mut rest = septets;
    if shift == 0 {
        // No fill bits within the octet (the usual case): nothing is carried from one block to
        // the next, so four blocks are compressed independently (their operations overlap)
        // and each block's 56 bits are written as eight octets, the eighth (zero) overwritten
        // by the next block's first.
        let mut quads = septets.chunks_exact(32);
        for c in quads.by_ref() {
            let mut x = [0u64; 4];
            for (k, x) in x.iter_mut().enumerate() {
                let mut b = [0u8; 8];
                b.copy_from_slice(&c[8 * k..8 * k + 8]);
                *x = u64::from_le_bytes(b);
            }
            let y = x.map(compress);
            if let Some(d) = dst.get_mut(o..o + 29) {
                for (k, y) in y.iter().enumerate() {
                    d[7 * k..7 * k + 8].copy_from_slice(&y.to_le_bytes());
                }
            } else if let Some(d) = dst.get_mut(o..o + 28) {
                for (k, y) in y.iter().enumerate() {
                    d[7 * k..7 * k + 7].copy_from_slice(&y.to_le_bytes()[..7]);
                }
            }
            o += 28;
        }
        rest = quads.remainder();
    }
    let mut pairs = rest.chunks_exact(16);
    for c in pairs.by_ref() {
        let mut lo = [0u8; 8];
        let mut hi = [0u8; 8];
        lo.copy_from_slice(&c[..8]);
        hi.copy_from_slice(&c[8..]);
        let v = (u128::from(compress8(lo)) | u128::from(compress8(hi)) << 56) << shift
            | u128::from(carry);
        let bytes = v.to_le_bytes();
        if let Some(d) = dst.get_mut(o..o + 16) {
            d.copy_from_slice(&bytes);
        } else if let Some(d) = dst.get_mut(o..o + 14) {
            d.copy_from_slice(&bytes[..14]);
        }
        carry = (v >> 112) as u64;
        o += 14;
    }
    // Then eight at a time, the same way.
    let mut chunks = pairs.remainder().chunks_exact(8);
    for c in chunks.by_ref() {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        let v = (compress8(b) << shift) | carry;
        put_block(dst, o, v);
        carry = v >> 56;
        o += 7;
    }
    let mut acc = carry;
    let mut nbits = shift;
    for &s in chunks.remainder() {
        acc |= u64::from(s & 0x7F) << nbits;
        nbits += 7;
        while nbits >= 8 {
            if let Some(d) = dst.get_mut(o) {
                *d = acc as u8;
            }
            o += 1;
            acc >>= 8;
            nbits -= 8;
        }
    }
    if nbits > 0
        && let Some(d) = dst.get_mut(o)
    {
        *d = acc as u8;
    }
}

/// Writes a packed block at `o`: eight octets where there is room, else the seven it holds.
#[inline(always)]
fn put_block(dst: &mut [u8], o: usize, v: u64) {
    let bytes = v.to_le_bytes();
    if let Some(d) = dst.get_mut(o..o + 8) {
        d.copy_from_slice(&bytes);
    } else if let Some(d) = dst.get_mut(o..o + 7) {
        d.copy_from_slice(&bytes[..7]);
    }
}

/// Eight septets (one per octet) → 56 bits, septet 0 in the low bits.
#[inline]
fn compress8(septets: [u8; 8]) -> u64 {
    compress(u64::from_le_bytes(septets))
}

/// [`compress8`] of eight septets read as a little-endian `u64`: pairs of septets, then pairs
/// of those, then the two halves joined.
#[inline(always)]
fn compress(x: u64) -> u64 {
    let x = x & 0x7F7F_7F7F_7F7F_7F7F;
    let x = (x & 0x007F_007F_007F_007F) | ((x & 0x7F00_7F00_7F00_7F00) >> 1);
    let x = (x & 0x0000_3FFF_0000_3FFF) | ((x & 0x3FFF_0000_3FFF_0000) >> 2);
    (x & 0x0000_0000_0FFF_FFFF) | ((x & 0x0FFF_FFFF_0000_0000) >> 4)
}

/// 56 bits → eight septets (one per octet): the inverse of [`compress8`].
#[inline]
fn expand8(x: u64) -> [u8; 8] {
    expand(x).to_le_bytes()
}

/// [`expand8`] as a little-endian `u64` of eight septets: the two halves apart, then pairs of
/// septets, then single septets.
#[inline(always)]
fn expand(x: u64) -> u64 {
    let x = x & 0x00FF_FFFF_FFFF_FFFF;
    let x = (x & 0x0FFF_FFFF) | ((x & 0x00FF_FFFF_F000_0000) << 4);
    let x = (x & 0x0000_3FFF_0000_3FFF) | ((x & 0x0FFF_C000_0FFF_C000) << 2);
    // The odd septets up by 1 bit: adding a field to itself doubles it.
    x + (x & 0x3F80_3F80_3F80_3F80)
}

/// [`expand`] on two blocks, lane by lane, so that it vectorises.
#[inline]
fn expand8x2(x: [u64; 2]) -> [u64; 2] {
    x.map(expand)
}

/// Unpacks exactly `septet_count` septets that follow `fill_bits` fill bits in `packed`,
/// appending them (one per octet) to `out`.
///
/// The count drives the unpacking, as the TP-UDL does: bits after the last septet are never
/// read, so zero padding does not turn into a trailing '@'. A count that needs more octets
/// than `packed` has is an error; extra octets after the septets are ignored.
///
/// ```
/// let mut septets = Vec::new();
/// gsm7::unpack(&[0xE8, 0x32, 0x9B, 0xFD, 0x06], 5, 0, &mut septets)?;
/// assert_eq!(septets, b"hello");
/// # Ok::<(), gsm7::UnpackError>(())
/// ```
pub fn unpack(
    packed: &[u8],
    septet_count: usize,
    fill_bits: u8,
    out: &mut Vec<u8>,
) -> Result<(), UnpackError> {
    let needed = packed_len(septet_count, fill_bits);
    if needed > packed.len() || septet_count > usize::MAX / 8 {
        return Err(UnpackError::TooShort {
            septets: septet_count,
            fill_bits,
            needed,
            available: packed.len(),
        });
    }
    if septet_count == 0 {
        return Ok(());
    }
    let skip = usize::from(fill_bits / 8);
    let shift = u32::from(fill_bits % 8);
    let data = &packed[skip..needed];
    let start = out.len();
    out.resize(start + septet_count, 0);
    let dst = &mut out[start..];
    let mut done = 0;
    // Fast path: each 7-octet block (read as 8 octets, so the fill shift has its bits) holds
    // eight septets; two blocks at a time (the compiler keeps them in one vector register).
    let mut at = 0;
    for d in dst.chunks_exact_mut(16) {
        let Some(block) = data.get(at..at + 15) else {
            break;
        };
        let mut lo = [0u8; 8];
        let mut hi = [0u8; 8];
        lo.copy_from_slice(&block[..8]);
        hi.copy_from_slice(&block[7..]);
        let x = expand8x2([
            u64::from_le_bytes(lo) >> shift,
            u64::from_le_bytes(hi) >> shift,
        ]);
        d[..8].copy_from_slice(&x[0].to_le_bytes());
        d[8..].copy_from_slice(&x[1].to_le_bytes());
        at += 14;
        done += 16;
    }
    if let (Some(block), Some(d)) = (data.get(at..at + 8), dst.get_mut(done..done + 8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(block);
        d.copy_from_slice(&expand8(u64::from_le_bytes(b) >> shift));
        done += 8;
    }
    while done < septet_count {
        let bit = done * 7 + shift as usize;
        let lo = u16::from(data.get(bit / 8).copied().unwrap_or(0));
        let hi = u16::from(data.get(bit / 8 + 1).copied().unwrap_or(0));
        if let Some(d) = dst.get_mut(done) {
            *d = ((lo | hi << 8) >> (bit % 8) & 0x7F) as u8;
        }
        done += 1;
    }
    Ok(())
}

/// The septet count of `octets` packed octets after `fill_bits`, when nothing else says it
/// (USSD, Cell Broadcast): every whole septet the bits hold.
pub fn septets_in(octets: usize, fill_bits: u8) -> usize {
    octets
        .saturating_mul(8)
        .saturating_sub(usize::from(fill_bits))
        / 7
}

/// The `<CR>` padding rule of TS 23.038 §6.1.2.3.1, for packing without a septet count (USSD,
/// Cell Broadcast). Appends `<CR>` (0x0D) to `septets` when needed and returns whether it did:
///
/// "If the total number of characters to be sent equals (8n-1) where n=1,2,3 etc. then there
/// are 7 spare bits at the end of the message. To avoid the situation where the receiving
/// entity confuses 7 binary zero pad bits as the @ character, the carriage return or `<CR>`
/// character … shall be used for padding in this situation", and "If `<CR>` is intended to be
/// the last character and the message (including the wanted `<CR>`) ends on an octet boundary,
/// then another `<CR>` must be added together with a padding bit 0."
pub fn cr_pad(septets: &mut Vec<u8>, fill_bits: u8) -> bool {
    const CR: u8 = 0x0D;
    let bits = septets.len() * 7 + usize::from(fill_bits);
    let spare = (8 - bits % 8) % 8;
    let ends_on_boundary_with_cr = spare == 0 && septets.last() == Some(&CR);
    if spare == 7 || ends_on_boundary_with_cr {
        septets.push(CR);
        true
    } else {
        false
    }
}

/// The receiving side of [`cr_pad`]: when the septets (all those the octets hold, see
/// [`septets_in`]) end on an octet boundary with `<CR>`, that `<CR>` is padding and is removed.
/// Returns whether it was.
pub fn strip_cr_pad(septets: &mut Vec<u8>, fill_bits: u8) -> bool {
    let bits = septets.len() * 7 + usize::from(fill_bits);
    if bits.is_multiple_of(8) && septets.last() == Some(&0x0D) {
        septets.pop();
        true
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    // TS 23.038 §6.1.2.1.1 example sequence via CLI.md's "hellohello" (E8329BFD4697D9EC37, also
    // in the 3GPP/AOSP vectors).
    #[test]
    fn roundtrip_hellohello() {
        let mut p = Vec::new();
        pack(b"hellohello", 0, &mut p);
        assert_eq!(p, [0xE8, 0x32, 0x9B, 0xFD, 0x46, 0x97, 0xD9, 0xEC, 0x37]);
        let mut s = Vec::new();
        unpack(&p, 10, 0, &mut s).unwrap();
        assert_eq!(s, b"hellohello");
    }

    /// The octets §6.1.2.1.1 packs `septets` into after `fill` bits, bit by bit: septet `i`
    /// occupies bits `fill + 7i ..` from the least significant bit of the first octet (its
    /// eighth bit ignored).
    fn packed_bit_by_bit(septets: &[u8], fill: u8) -> Vec<u8> {
        let mut want = vec![0u8; packed_len(septets.len(), fill)];
        for (i, &s) in septets.iter().enumerate() {
            for b in 0..7 {
                let bit = usize::from(fill) + 7 * i + b;
                want[bit / 8] |= (s >> b & 1) << (bit % 8);
            }
        }
        want
    }

    // §6.1.2.1.1 bit by bit ([`packed_bit_by_bit`]). Every length across the 8- and 16-septet
    // blocks, every fill (including whole octets of it), and unpack gives the septets back.
    #[test]
    fn roundtrip_every_length_and_fill_against_bitwise_rule() {
        for fill in 0u8..=15 {
            for n in 0usize..70 {
                let septets: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8 | 0x80).collect();
                let want = packed_bit_by_bit(&septets, fill);
                let mut got = vec![0xAA];
                pack(&septets, fill, &mut got);
                assert_eq!(got[0], 0xAA);
                assert_eq!(&got[1..], &want[..], "n {n} fill {fill}");
                let mut back = Vec::new();
                unpack(&want, n, fill, &mut back).unwrap();
                let low: Vec<u8> = septets.iter().map(|s| s & 0x7F).collect();
                assert_eq!(back, low, "n {n} fill {fill}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        // §6.1.2.1.1 bit by bit for septet strings of up to 300 (the 32-septet blocks and what
        // follows them) after any fill: pack gives the rule's octets and unpack the septets.
        #[test]
        fn roundtrip_any_septets_against_bitwise_rule(
            septets in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
            fill in 0u8..=15,
        ) {
            let n = septets.len();
            let want = packed_bit_by_bit(&septets, fill);
            let mut got = vec![0xAA];
            pack(&septets, fill, &mut got);
            proptest::prop_assert_eq!(got[0], 0xAA);
            proptest::prop_assert_eq!(&got[1..], &want[..]);
            let mut back = Vec::new();
            unpack(&want, n, fill, &mut back).unwrap();
            let low: Vec<u8> = septets.iter().map(|s| s & 0x7F).collect();
            proptest::prop_assert_eq!(back, low);
        }
    }

    #[test]
    fn rejects_count_beyond_data() {
        let mut s = Vec::new();
        assert_eq!(
            unpack(&[0x61, 0x31], 3, 0, &mut s),
            Err(UnpackError::TooShort {
                septets: 3,
                fill_bits: 0,
                needed: 3,
                available: 2
            })
        );
        assert!(unpack(&[], usize::MAX, 6, &mut s).is_err());
        assert!(s.is_empty());
    }

    // node-pdu tests/tests/7BitDecoding/data.ts ("abcdefg" = 61F1985C369F01, 8th septet '@'
    // indistinguishable from padding): the count decides.
    #[test]
    fn accepts_trailing_zero_bits_without_inventing_at() {
        let mut s = Vec::new();
        unpack(&[0x61, 0xF1, 0x98, 0x5C, 0x36, 0x9F, 0x01], 7, 0, &mut s).unwrap();
        assert_eq!(s, b"abcdefg");
        s.clear();
        unpack(&[0x61, 0xF1, 0x98, 0x5C, 0x36, 0x9F, 0x01], 8, 0, &mut s).unwrap();
        assert_eq!(s, b"abcdefg\0");
    }

    // smspdudecoder codecs.py docstring: "1234567" → 31D98C56B3DD1A (CR pad, §6.1.2.3.1).
    #[test]
    fn accepts_cr_padding_rule() {
        let mut s = b"1234567".to_vec();
        assert!(cr_pad(&mut s, 0));
        let mut p = Vec::new();
        pack(&s, 0, &mut p);
        assert_eq!(p, [0x31, 0xD9, 0x8C, 0x56, 0xB3, 0xDD, 0x1A]);
        let mut back = Vec::new();
        unpack(&p, septets_in(p.len(), 0), 0, &mut back).unwrap();
        assert!(strip_cr_pad(&mut back, 0));
        assert_eq!(back, b"1234567");
        let mut s = b"123456".to_vec();
        assert!(!cr_pad(&mut s, 0));
        // Wanted CR ending on an octet boundary: another CR is added.
        let mut s = b"1234567\r".to_vec();
        assert!(cr_pad(&mut s, 0));
        assert_eq!(s.len(), 9);
        let _ = vec![0u8];
    }
}
