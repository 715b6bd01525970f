//! Reassembly of received concatenated parts (TS 23.040 §9.2.3.24.1 and §9.2.3.24.8), with
//! bounded memory and expiry driven by a `now` the caller passes in (no clock inside).
//!
//! Parts are grouped by sender, reference number, reference width (8 or 16 bit) and total
//! part count: a part with the same reference but a different total belongs to a different
//! message (a new message reusing the reference), never to the pending one. A duplicate part
//! (same sequence number) is ignored, the first copy wins. When a cap is reached, the oldest
//! pending message is evicted and counted.

use alloc::vec::Vec;
use core::time::Duration;

/// Where a received part stands in its concatenated message: the one concatenation type of
/// the crate family. `gsm_pdu::UserDataHeader::concat` returns it from a TPDU's UDH, `smpp`'s
/// `concat()` on submit_sm, deliver_sm and data_sm from the UDH or the SAR TLVs, and
/// [`Reassembler::push`] takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Concat {
    /// The reference number (an 8-bit one widened).
    pub reference: u16,
    /// The width of the reference on the wire: `true` for the 16-bit IE (IEI 0x08) and
    /// SMPP's `sar_msg_ref_num`, `false` for the 8-bit IE (IEI 0x00).
    pub sixteen_bit: bool,
    /// "Maximum number of short messages in the concatenated short message" (1..=255).
    pub total: u8,
    /// "Sequence number of the current short message" (1..=total).
    pub seq: u8,
}

impl Concat {
    /// Parses the data of a concatenation IE: 3 octets for IEI 0x00, 4 for IEI 0x08. Returns
    /// `None` for another IEI, a wrong length, or values the spec says to ignore ("If the
    /// value is zero then the receiving entity shall ignore the whole Information Element";
    /// a sequence number above the total is treated the same way).
    pub fn from_ie(iei: u8, data: &[u8]) -> Option<Self> {
        match (iei, data) {
            (0x00, &[r, t, s]) => Self::new(u16::from(r), false, t, s),
            (0x08, &[hi, lo, t, s]) => Self::new(u16::from_be_bytes([hi, lo]), true, t, s),
            _ => None,
        }
    }

    /// The fields, or `None` when TS 23.040 §9.2.3.24.1 says to ignore them (total or
    /// sequence 0, sequence above the total). SMPP's SAR TLVs (v3.4 §5.3.2.22–24) follow the
    /// same rule: "sar_total_segments … 1 to 255", "sar_segment_seqnum … 1 to 255".
    pub const fn new(reference: u16, sixteen_bit: bool, total: u8, seq: u8) -> Option<Self> {
        if total == 0 || seq == 0 || seq > total {
            return None;
        }
        Some(Self {
            reference,
            sixteen_bit,
            total,
            seq,
        })
    }

    /// The concatenation among information elements `(IEI, data)` in wire order. TS 23.040
    /// §9.2.3.24: when a non-repeatable IE occurs more than once, "the last occurrence of
    /// the IE shall be used"; the 8-bit and 16-bit concatenation IEs are taken as one IE
    /// for this rule (a header carries one or the other), and an IE §9.2.3.24.1 says to
    /// ignore does not count.
    pub fn from_ies<'d>(ies: impl IntoIterator<Item = (u8, &'d [u8])>) -> Option<Self> {
        ies.into_iter()
            .filter_map(|(iei, data)| Self::from_ie(iei, data))
            .last()
    }

    /// The concatenation in a User Data Header given with its UDHL octet (as it starts the
    /// user data), by the rule of [`from_ies`](Self::from_ies). The walk stops at an IE
    /// that runs past the header; the IEs before it count.
    pub fn from_udh(udh: &[u8]) -> Option<Self> {
        let (&udhl, rest) = udh.split_first()?;
        let mut ies = rest.get(..usize::from(udhl)).unwrap_or(rest);
        Self::from_ies(core::iter::from_fn(move || {
            let [iei, len, tail @ ..] = ies else {
                return None;
            };
            let data = tail.get(..usize::from(*len))?;
            ies = &tail[data.len()..];
            Some((*iei, data))
        }))
    }
}

/// Limits of a [`Reassembler`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReassemblyConfig {
    /// Messages pending at once; the oldest is evicted to make room.
    pub max_pending_messages: usize,
    /// Parts held across all pending messages; the oldest messages are evicted to make room.
    pub max_parts: usize,
    /// A message whose first part arrived longer ago than this is dropped by
    /// [`Reassembler::expire`] (and before each push).
    pub max_age: Duration,
}

impl Default for ReassemblyConfig {
    fn default() -> Self {
        Self {
            max_pending_messages: 1024,
            max_parts: 16 * 1024,
            max_age: Duration::from_secs(24 * 3600),
        }
    }
}

/// What happened to a pushed part.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pushed<P> {
    /// The message is complete: its parts' payloads in sequence order.
    Complete(Vec<P>),
    /// Stored; the message still misses parts.
    Pending {
        /// Parts received so far.
        received: usize,
        /// Parts expected.
        total: usize,
    },
    /// A second copy of a part already held: ignored (the first copy wins).
    Duplicate,
    /// A sequence number of zero or above the total: ignored, as TS 23.040 §9.2.3.24.1 asks.
    Invalid,
}

#[derive(Debug)]
struct Pending<K, P> {
    sender: K,
    reference: u16,
    sixteen_bit: bool,
    first_seen: Duration,
    parts: Vec<Option<P>>,
    received: usize,
}

/// Collects concatenated parts until each message is complete.
///
/// `K` identifies the sender (an address, or address and SMSC, as the caller sees fit); `P`
/// is whatever the caller keeps per part (the user data, decoded text, a PDU).
///
/// ```
/// use core::time::Duration;
/// use gsm7::{Concat, Pushed, Reassembler, ReassemblyConfig};
/// let mut r = Reassembler::new(ReassemblyConfig::default());
/// let now = Duration::from_secs(100);
/// let c = |seq| Concat { reference: 7, sixteen_bit: false, total: 2, seq };
/// assert!(matches!(r.push(now, "+4477", c(2), "world"), Pushed::Pending { received: 1, total: 2 }));
/// assert_eq!(r.push(now, "+4477", c(1), "hello "), Pushed::Complete(vec!["hello ", "world"]));
/// ```
#[derive(Debug)]
pub struct Reassembler<K, P> {
    config: ReassemblyConfig,
    pending: Vec<Pending<K, P>>,
    held_parts: usize,
    evictions: u64,
    expirations: u64,
}

impl<K: Eq, P> Reassembler<K, P> {
    /// An empty reassembler with these limits.
    pub fn new(config: ReassemblyConfig) -> Self {
        Self {
            config,
            pending: Vec::new(),
            held_parts: 0,
            evictions: 0,
            expirations: 0,
        }
    }

    /// Adds a received part at time `now` (any monotonic clock the caller keeps, as a
    /// duration since its epoch). Expired messages are dropped first.
    pub fn push(&mut self, now: Duration, sender: K, concat: Concat, payload: P) -> Pushed<P> {
        self.expire(now);
        let total = usize::from(concat.total);
        let seq = usize::from(concat.seq);
        if seq == 0 || seq > total {
            // "If the value is zero then the receiving entity shall ignore the whole
            // Information Element" (§9.2.3.24.1); a number above the total likewise.
            return Pushed::Invalid;
        }
        if total == 1 {
            return Pushed::Complete(alloc::vec![payload]);
        }
        let find = |pending: &[Pending<K, P>], sender: &K| {
            pending.iter().position(|m| {
                m.sender == *sender
                    && m.reference == concat.reference
                    && m.sixteen_bit == concat.sixteen_bit
                    && m.parts.len() == total
            })
        };
        let existing = find(&self.pending, &sender);
        if let Some(i) = existing
            && self.pending[i]
                .parts
                .get(seq - 1)
                .is_some_and(Option::is_some)
        {
            return Pushed::Duplicate;
        }
        self.make_room(usize::from(existing.is_none()), 1);
        let idx = match find(&self.pending, &sender) {
            Some(i) => i,
            None => {
                let mut parts = Vec::new();
                parts.resize_with(total, || None);
                self.pending.push(Pending {
                    sender,
                    reference: concat.reference,
                    sixteen_bit: concat.sixteen_bit,
                    first_seen: now,
                    parts,
                    received: 0,
                });
                self.pending.len() - 1
            }
        };
        let m = &mut self.pending[idx];
        if let Some(slot) = m.parts.get_mut(seq - 1) {
            *slot = Some(payload);
        }
        m.received += 1;
        self.held_parts += 1;
        if m.received < total {
            return Pushed::Pending {
                received: m.received,
                total,
            };
        }
        let m = self.pending.remove(idx);
        self.held_parts -= m.received;
        Pushed::Complete(m.parts.into_iter().flatten().collect())
    }

    /// Drops the messages whose first part is older than `max_age` at `now`; returns how many.
    pub fn expire(&mut self, now: Duration) -> usize {
        let max_age = self.config.max_age;
        let before = self.pending.len();
        let mut freed = 0;
        self.pending.retain(|m| {
            let keep = now.saturating_sub(m.first_seen) <= max_age;
            if !keep {
                freed += m.received;
            }
            keep
        });
        self.held_parts -= freed;
        let n = before - self.pending.len();
        self.expirations += n as u64;
        n
    }

    /// The earliest time at which [`expire`](Self::expire) will drop something.
    pub fn next_expiry(&self) -> Option<Duration> {
        self.pending
            .iter()
            .map(|m| m.first_seen.saturating_add(self.config.max_age))
            .min()
    }

    /// Evicts oldest messages until there is room for `new_messages` more messages and
    /// `new_parts` more parts.
    fn make_room(&mut self, new_messages: usize, new_parts: usize) {
        while !self.pending.is_empty()
            && (self.pending.len() + new_messages > self.config.max_pending_messages
                || self.held_parts + new_parts > self.config.max_parts)
        {
            let oldest = self
                .pending
                .iter()
                .enumerate()
                .min_by_key(|(_, m)| m.first_seen)
                .map_or(0, |(i, _)| i);
            let m = self.pending.remove(oldest);
            self.held_parts -= m.received;
            self.evictions += 1;
        }
    }

    /// Messages pending.
    pub fn pending_messages(&self) -> usize {
        self.pending.len()
    }

    /// Parts held across pending messages.
    pub fn held_parts(&self) -> usize {
        self.held_parts
    }

    /// Messages evicted so far to respect the caps.
    pub fn evictions(&self) -> u64 {
        self.evictions
    }

    /// Messages dropped so far for age.
    pub fn expirations(&self) -> u64 {
        self.expirations
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn c(reference: u16, total: u8, seq: u8) -> Concat {
        Concat {
            reference,
            sixteen_bit: false,
            total,
            seq,
        }
    }
    const T0: Duration = Duration::from_secs(0);

    #[test]
    fn accepts_out_of_order_and_ignores_duplicates() {
        let mut r = Reassembler::new(ReassemblyConfig::default());
        assert_eq!(
            r.push(T0, 1, c(9, 3, 3), 'c'),
            Pushed::Pending {
                received: 1,
                total: 3
            }
        );
        assert_eq!(
            r.push(T0, 1, c(9, 3, 1), 'a'),
            Pushed::Pending {
                received: 2,
                total: 3
            }
        );
        assert_eq!(r.push(T0, 1, c(9, 3, 1), 'x'), Pushed::Duplicate);
        assert_eq!(
            r.push(T0, 1, c(9, 3, 2), 'b'),
            Pushed::Complete(vec!['a', 'b', 'c'])
        );
        assert_eq!(r.pending_messages(), 0);
        assert_eq!(r.held_parts(), 0);
    }

    #[test]
    fn accepts_senders_references_and_totals_apart() {
        let mut r = Reassembler::new(ReassemblyConfig::default());
        r.push(T0, 1, c(9, 2, 1), "1a");
        r.push(T0, 2, c(9, 2, 1), "2a");
        r.push(T0, 1, c(10, 2, 1), "1x");
        r.push(T0, 1, c(9, 3, 1), "other total");
        let mut sixteen = c(9, 2, 1);
        sixteen.sixteen_bit = true;
        r.push(T0, 1, sixteen, "16");
        assert_eq!(r.pending_messages(), 5);
        assert_eq!(
            r.push(T0, 2, c(9, 2, 2), "2b"),
            Pushed::Complete(vec!["2a", "2b"])
        );
        assert_eq!(
            r.push(T0, 1, c(9, 2, 2), "1b"),
            Pushed::Complete(vec!["1a", "1b"])
        );
    }

    #[test]
    fn rejects_growth_beyond_caps() {
        let cfg = ReassemblyConfig {
            max_pending_messages: 2,
            max_parts: 3,
            max_age: Duration::from_secs(60),
        };
        let mut r = Reassembler::new(cfg);
        for reference in 0..10u16 {
            let now = Duration::from_secs(u64::from(reference));
            r.push(now, 0, c(reference, 5, 1), ());
            r.push(now, 0, c(reference, 5, 2), ());
            assert!(r.pending_messages() <= 2);
            assert!(r.held_parts() <= 3);
        }
        assert!(r.evictions() >= 8);
    }

    #[test]
    fn accepts_expiry_with_injected_time() {
        let cfg = ReassemblyConfig {
            max_age: Duration::from_secs(60),
            ..ReassemblyConfig::default()
        };
        let mut r = Reassembler::new(cfg);
        r.push(T0, 0, c(1, 2, 1), ());
        assert_eq!(r.next_expiry(), Some(Duration::from_secs(60)));
        assert_eq!(r.expire(Duration::from_secs(60)), 0);
        assert_eq!(r.expire(Duration::from_secs(61)), 1);
        assert_eq!(r.expirations(), 1);
        // A late part starts a new message rather than completing the expired one.
        assert_eq!(
            r.push(Duration::from_secs(62), 0, c(1, 2, 2), ()),
            Pushed::Pending {
                received: 1,
                total: 2
            }
        );
    }

    // TS 23.040 §9.2.3.24.1: zero values mean "ignore the whole Information Element".
    #[test]
    fn rejects_invalid_concat_ies() {
        assert_eq!(Concat::from_ie(0x00, &[1, 2, 1]), Some(c(1, 2, 1)));
        let mut r = Reassembler::new(ReassemblyConfig::default());
        assert_eq!(r.push(T0, 0, c(1, 2, 0), ()), Pushed::Invalid);
        assert_eq!(r.push(T0, 0, c(1, 2, 3), ()), Pushed::Invalid);
        assert_eq!(r.push(T0, 0, c(1, 0, 1), ()), Pushed::Invalid);
        assert_eq!(r.pending_messages(), 0);
        assert_eq!(Concat::from_ie(0x00, &[1, 0, 1]), None);
        assert_eq!(Concat::from_ie(0x00, &[1, 2, 0]), None);
        assert_eq!(Concat::from_ie(0x00, &[1, 2, 3]), None);
        assert_eq!(Concat::from_ie(0x00, &[1, 2]), None);
        let mut want = c(0x0102, 3, 3);
        want.sixteen_bit = true;
        assert_eq!(Concat::from_ie(0x08, &[1, 2, 3, 3]), Some(want));
    }

    // TS 23.040 §9.2.3.24: a repeated IE, the last occurrence is used; an ignorable one
    // (§9.2.3.24.1, sequence 0) does not count; a truncated IE ends the walk.
    #[test]
    fn accepts_last_concat_ie_of_a_udh() {
        let udh = [
            0x0A, 0x00, 0x03, 0x01, 0x02, 0x01, 0x00, 0x03, 0x07, 0x02, 0x02,
        ];
        assert_eq!(Concat::from_udh(&udh), Concat::new(7, false, 2, 2));
        let ignorable = [
            0x0A, 0x00, 0x03, 0x01, 0x02, 0x01, 0x00, 0x03, 0x07, 0x02, 0x00,
        ];
        assert_eq!(Concat::from_udh(&ignorable), Concat::new(1, false, 2, 1));
        let truncated = [0x08, 0x00, 0x03, 0x01, 0x02, 0x01, 0x00, 0x03, 0x07];
        assert_eq!(Concat::from_udh(&truncated), Concat::new(1, false, 2, 1));
        assert_eq!(Concat::from_udh(&[]), None);
    }
}
