//! Counting messages, not parts: the simulator groups the parts of concatenated
//! submissions (a UDH concatenation IE, or the SAR TLVs) with the `gsm7` reassembler, so
//! its statistics say how many whole messages arrived.

use core::time::Duration;
use std::borrow::ToOwned;
use std::string::String;

use gsm7::{Concat, Pushed, Reassembler, ReassemblyConfig};
use smpp::{Tlvs, split_udh};

/// What one received part meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counted {
    /// A message in one part.
    Whole,
    /// A part of a message still missing others.
    Part,
    /// The last missing part: a message of `parts` parts is complete.
    Completed { parts: usize },
    /// A part received before (same reference and sequence number).
    Duplicate,
}

/// The concatenation a submission carries: the first concatenation IE of its UDH (TS
/// 23.040 §9.2.3.24.1 IEI 0x00, §9.2.3.24.8 IEI 0x08) when esm_class has UDHI, else the
/// SAR TLVs (SMPP 3.4 §5.3.2.22–24). `None` for a message in one part or a malformed UDH.
pub(crate) fn concat_of(esm_class: u8, message: &[u8], tlvs: &Tlvs<'_>) -> Option<Concat> {
    if let Ok((udh, _)) = split_udh(esm_class, message)
        && let Some(ies) = udh.get(1..)
    {
        let mut rest = ies;
        while let [iei, len, tail @ ..] = rest {
            let data = tail.get(..usize::from(*len))?;
            if let Some(c) = Concat::from_ie(*iei, data) {
                return Some(c);
            }
            rest = &tail[data.len()..];
        }
    }
    let (reference, total, seq) = tlvs.sar()?;
    (total != 0 && seq != 0 && seq <= total).then_some(Concat {
        reference,
        sixteen_bit: true,
        total,
        seq,
    })
}

/// Groups parts per sender and destination.
#[derive(Debug)]
pub(crate) struct MessageCounter {
    pending: Reassembler<(String, String), ()>,
}

impl Default for MessageCounter {
    fn default() -> Self {
        Self {
            // A simulator keeps little: 10 minutes, 4096 messages in progress.
            pending: Reassembler::new(ReassemblyConfig {
                max_pending_messages: 4096,
                max_parts: 64 * 1024,
                max_age: Duration::from_secs(600),
            }),
        }
    }
}

impl MessageCounter {
    /// Counts one part from `source` to `destination` received at `now`.
    pub(crate) fn push(
        &mut self,
        now: Duration,
        source: &str,
        destination: &str,
        concat: Option<Concat>,
    ) -> Counted {
        let Some(concat) = concat.filter(|c| c.total > 1) else {
            return Counted::Whole;
        };
        let key = (source.to_owned(), destination.to_owned());
        match self.pending.push(now, key, concat, ()) {
            Pushed::Complete(parts) => Counted::Completed { parts: parts.len() },
            Pushed::Pending { .. } => Counted::Part,
            Pushed::Duplicate => Counted::Duplicate,
            // Invalid numbering was filtered by `concat_of`; count it as its own message.
            _ => Counted::Whole,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use smpp::TlvTag;

    // shared/oracles/samples/pdus.txt submit_sm_udh: UDH 05 00 03 a5 02 01, then "Hello"
    // (tshark: msg_id 165, msg_parts 2, msg_part 1).
    #[test]
    fn accepts_udh8_concat() {
        let m = [0x05, 0x00, 0x03, 0xa5, 0x02, 0x01, b'H', b'i'];
        let c = concat_of(0x40, &m, &Tlvs::new()).unwrap();
        assert_eq!(
            (c.reference, c.total, c.seq, c.sixteen_bit),
            (0xa5, 2, 1, false)
        );
        // Without UDHI the same octets are text.
        assert_eq!(concat_of(0x00, &m, &Tlvs::new()), None);
    }

    // TS 23.040 §9.2.3.24.8: IEI 08, length 4, 16-bit reference; after a national
    // language single shift IE (IEI 0x24, §9.2.3.24.15) that comes first.
    #[test]
    fn accepts_udh16_concat_after_other_ies() {
        let m = [
            0x09, 0x24, 0x01, 0x01, 0x08, 0x04, 0x12, 0x34, 0x03, 0x02, b'x',
        ];
        let c = concat_of(0x40, &m, &Tlvs::new()).unwrap();
        assert_eq!(
            (c.reference, c.total, c.seq, c.sixteen_bit),
            (0x1234, 3, 2, true)
        );
    }

    #[test]
    fn rejects_truncated_udh() {
        assert_eq!(
            concat_of(0x40, &[0x05, 0x00, 0x03, 0xa5], &Tlvs::new()),
            None
        );
        assert_eq!(
            concat_of(0x40, &[0x03, 0x00, 0x05, 0xa5], &Tlvs::new()),
            None
        );
    }

    // SMPP 3.4 §5.3.2.22–24: sar_msg_ref_num, sar_total_segments, sar_segment_seqnum.
    #[test]
    fn accepts_sar_tlvs() {
        let mut t = Tlvs::new();
        t.push_u16(TlvTag::SAR_MSG_REF_NUM, 7).unwrap();
        t.push_u8(TlvTag::SAR_TOTAL_SEGMENTS, 2).unwrap();
        t.push_u8(TlvTag::SAR_SEGMENT_SEQNUM, 2).unwrap();
        let c = concat_of(0, b"part two", &t).unwrap();
        assert_eq!((c.reference, c.total, c.seq), (7, 2, 2));
    }

    #[test]
    fn accepts_counting_whole_messages() {
        let mut counter = MessageCounter::default();
        let now = Duration::from_secs(1);
        let part = |seq| {
            Some(Concat {
                reference: 9,
                sixteen_bit: false,
                total: 3,
                seq,
            })
        };
        assert_eq!(counter.push(now, "a", "b", None), Counted::Whole);
        assert_eq!(counter.push(now, "a", "b", part(2)), Counted::Part);
        assert_eq!(counter.push(now, "a", "b", part(2)), Counted::Duplicate);
        assert_eq!(counter.push(now, "a", "b", part(1)), Counted::Part);
        // The same reference from another sender is another message.
        assert_eq!(counter.push(now, "z", "b", part(3)), Counted::Part);
        assert_eq!(
            counter.push(now, "a", "b", part(3)),
            Counted::Completed { parts: 3 }
        );
    }
}
