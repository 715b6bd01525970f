//! Sequence numbers: SMPP 3.4 §5.1.4 / 5.0 §3.2: "The allowed sequence_number range
//! is from 0x00000001 to 0x7FFFFFFF."

/// The largest sequence number a request may carry.
pub(crate) const MAX: u32 = 0x7FFF_FFFF;

/// Allocates sequence numbers in 1..=0x7FFFFFFF, wrapping back to 1.
#[derive(Clone, Debug)]
pub(crate) struct Sequence {
    next: u32,
}

impl Sequence {
    /// Starts at `first` (clamped into the allowed range).
    pub(crate) fn new(first: u32) -> Self {
        Self {
            next: if (1..=MAX).contains(&first) { first } else { 1 },
        }
    }

    /// The next number for which `in_use` is false. The window is far smaller than
    /// the range, so this ends.
    #[inline]
    pub(crate) fn allocate(&mut self, mut in_use: impl FnMut(u32) -> bool) -> u32 {
        loop {
            let n = self.next;
            self.next = if n >= MAX { 1 } else { n + 1 };
            if !in_use(n) {
                return n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_wrap_to_one() {
        // SMPP 5.0 §3.2: range 0x00000001..=0x7FFFFFFF.
        let mut s = Sequence::new(MAX - 1);
        assert_eq!(s.allocate(|_| false), MAX - 1);
        assert_eq!(s.allocate(|_| false), MAX);
        assert_eq!(s.allocate(|_| false), 1);
    }

    #[test]
    fn rejects_numbers_still_in_use() {
        let mut s = Sequence::new(MAX);
        assert_eq!(s.allocate(|n| n == MAX || n == 1), 2);
    }

    #[test]
    fn rejects_zero_and_high_start() {
        assert_eq!(Sequence::new(0).allocate(|_| false), 1);
        assert_eq!(Sequence::new(0x8000_0000).allocate(|_| false), 1);
    }
}
