//! The hasher of the in-process maps: a multiply-rotate hash of whole words (the FxHash
//! construction of rustc-hash 2.x), much cheaper than std's SipHash on the short keys and
//! ids a store holds, seeded per map from std's random keys so that the buckets one process
//! uses cannot be predicted from outside.

use core::hash::{BuildHasher, Hasher};
use std::hash::RandomState;

/// rustc-hash 2.x's multiplier (an odd constant with well-spread bits).
const K: u64 = 0xf135_7aea_2e62_a9c5;

/// Builds [`WordHasher`]s from one random seed.
#[derive(Clone, Debug)]
pub(crate) struct SeededState(u64);

impl Default for SeededState {
    fn default() -> Self {
        Self(RandomState::new().hash_one(0x5eed_u64))
    }
}

impl BuildHasher for SeededState {
    type Hasher = WordHasher;

    fn build_hasher(&self) -> WordHasher {
        WordHasher(self.0)
    }
}

/// Hashes a word at a time: `h = (h ^ word) * K`, rotated at the end so that the low bits
/// (the bucket index) depend on every input bit.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(K);
    }
}

impl Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" and "a\0" apart.
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// A `HashMap` with the [`WordHasher`].
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, SeededState>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_equal_hashes_for_keys_that_differ_in_one_byte_or_length() {
        let s = SeededState::default();
        let keys = [
            "",
            "a",
            "a\0",
            "ab",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefgi",
            "bbcdefgh",
        ];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(s.hash_one(a), s.hash_one(b), "{a:?} {b:?}");
            }
        }
    }
}
