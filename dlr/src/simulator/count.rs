//! Counting messages, not parts: the simulator groups the parts of concatenated
//! submissions (a UDH concatenation IE, or the SAR TLVs) with the `gsm7` reassembler, so
//! its statistics say how many whole messages arrived.

use core::time::Duration;
use std::borrow::ToOwned;
use std::string::String;

use gsm7::{Concat, Pushed, Reassembler, ReassemblyConfig};

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
