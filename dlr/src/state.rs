//! The normalised delivery state, and the three vocabularies that map onto it: the `stat`
//! word of Appendix B receipts, the SMPP `message_state` values and the GSM TP-Status.

use core::fmt;

pub use smpp::MessageState;

/// The normalised outcome of a message, whatever reported it.
///
/// SMPP 3.4 §5.2.28 and SMPP 5.0 §4.8.4.37 define the message states; SMPP 5.0 adds
/// `SCHEDULED` (0) and `SKIPPED` (9). Only `ENROUTE` and `SCHEDULED` are intermediate: SMPP
/// 3.4 Appendix B Table B-2 lists every other state as a final message state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum State {
    /// Delivered to the destination (`DELIVRD`, message_state 2).
    Delivered,
    /// Accepted, e.g. read on behalf of the subscriber by customer service (`ACCEPTD`, 6).
    Accepted,
    /// In transit, still being retried (`ENROUTE`, 1). Not final.
    Enroute,
    /// The validity period expired (`EXPIRED`, 3).
    Expired,
    /// Deleted (`DELETED`, 4).
    Deleted,
    /// Undeliverable (`UNDELIV`, 5).
    Undeliverable,
    /// Rejected (`REJECTD`, 8).
    Rejected,
    /// In an invalid or unknown state (`UNKNOWN`, 7), or a state we do not know.
    Unknown,
    /// Accepted but not transmitted on the network (`SKIPPED`, 9; SMPP 5.0).
    Skipped,
    /// Scheduled for later delivery (`SCHEDULED`, 0; SMPP 5.0). Not final.
    Scheduled,
}

impl State {
    /// Every state, in the order of the `sms dlr` contract.
    pub const ALL: [Self; 10] = [
        Self::Delivered,
        Self::Accepted,
        Self::Enroute,
        Self::Expired,
        Self::Deleted,
        Self::Undeliverable,
        Self::Rejected,
        Self::Unknown,
        Self::Skipped,
        Self::Scheduled,
    ];

    /// Whether no further report is expected for the message: every state but `enroute` and
    /// `scheduled` (SMPP 3.4 Appendix B Table B-2 "final message states").
    pub const fn is_final(self) -> bool {
        !matches!(self, Self::Enroute | Self::Scheduled)
    }

    /// Whether the state is a success (`delivered` or `accepted`).
    pub const fn is_success(self) -> bool {
        matches!(self, Self::Delivered | Self::Accepted)
    }

    /// The `stat:` word an SMSC writes for this state in a receipt: SMPP 3.4 Appendix B
    /// Table B-2 (`DELIVRD ACCEPTD ENROUTE EXPIRED DELETED UNDELIV REJECTD UNKNOWN`) plus
    /// SMPP 5.0's `SKIPPED` and `SCHEDULED`. [`State::from_stat`] reads it back.
    pub const fn stat_word(self) -> &'static str {
        match self {
            Self::Delivered => "DELIVRD",
            Self::Accepted => "ACCEPTD",
            Self::Enroute => "ENROUTE",
            Self::Expired => "EXPIRED",
            Self::Deleted => "DELETED",
            Self::Undeliverable => "UNDELIV",
            Self::Rejected => "REJECTD",
            Self::Unknown => "UNKNOWN",
            Self::Skipped => "SKIPPED",
            Self::Scheduled => "SCHEDULED",
        }
    }

    /// The lower-case name of the `sms dlr` contract (`delivered`, `undeliverable`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Delivered => "delivered",
            Self::Accepted => "accepted",
            Self::Enroute => "enroute",
            Self::Expired => "expired",
            Self::Deleted => "deleted",
            Self::Undeliverable => "undeliverable",
            Self::Rejected => "rejected",
            Self::Unknown => "unknown",
            Self::Skipped => "skipped",
            Self::Scheduled => "scheduled",
        }
    }

    /// The state an SMPP `message_state` value (v3.4 §5.2.28, v5.0 §4.8.4.37) stands for;
    /// values the specs do not define (vendor values) are [`State::Unknown`].
    pub const fn from_message_state(value: MessageState) -> Self {
        match value {
            MessageState::SCHEDULED => Self::Scheduled,
            MessageState::ENROUTE => Self::Enroute,
            MessageState::DELIVERED => Self::Delivered,
            MessageState::EXPIRED => Self::Expired,
            MessageState::DELETED => Self::Deleted,
            MessageState::UNDELIVERABLE => Self::Undeliverable,
            MessageState::ACCEPTED => Self::Accepted,
            MessageState::REJECTED => Self::Rejected,
            MessageState::SKIPPED => Self::Skipped,
            _ => Self::Unknown,
        }
    }

    /// The SMPP `message_state` value of this state.
    pub const fn message_state(self) -> MessageState {
        match self {
            Self::Scheduled => MessageState::SCHEDULED,
            Self::Enroute => MessageState::ENROUTE,
            Self::Delivered => MessageState::DELIVERED,
            Self::Expired => MessageState::EXPIRED,
            Self::Deleted => MessageState::DELETED,
            Self::Undeliverable => MessageState::UNDELIVERABLE,
            Self::Accepted => MessageState::ACCEPTED,
            Self::Unknown => MessageState::UNKNOWN,
            Self::Rejected => MessageState::REJECTED,
            Self::Skipped => MessageState::SKIPPED,
        }
    }

    /// Maps the `stat` word of a receipt. `Spec` for the spellings of SMPP 3.4 Appendix B
    /// Table B-2 (`DELIVRD EXPIRED DELETED UNDELIV ACCEPTD UNKNOWN REJECTD`) and the
    /// `ENROUTE SKIPPED SCHEDULED` states of SMPP 5.0; `Variant` for vendor spellings (full
    /// words such as `DELIVERED`, `UNDELIVERABLE`, other case); `None` for anything else.
    pub fn from_stat(stat: &[u8]) -> Option<(Self, StatSpelling)> {
        // Vendor spellings seen in the wild: the message_state names of §5.2.28 written out
        // (DELIVERED, UNDELIVERABLE, ACCEPTED, REJECTED), and common truncations.
        const VARIANT: [(&[u8], State); 10] = [
            (b"DELIVERED", State::Delivered),
            (b"DELIVRED", State::Delivered),
            (b"UNDELIVERABLE", State::Undeliverable),
            (b"UNDELIVERED", State::Undeliverable),
            (b"UNDELIVRD", State::Undeliverable),
            (b"ACCEPTED", State::Accepted),
            (b"REJECTED", State::Rejected),
            (b"REJECT", State::Rejected),
            (b"SCHEDULD", State::Scheduled),
            (b"EXPIRD", State::Expired),
        ];
        if let Some(state) = Self::from_spec_stat(stat) {
            return Some((state, StatSpelling::Spec));
        }
        let spec = Self::ALL.map(|s| (s.stat_word().as_bytes(), s));
        for (word, state) in spec.iter().chain(VARIANT.iter()) {
            if stat.eq_ignore_ascii_case(word) {
                return Some((*state, StatSpelling::Variant));
            }
        }
        None
    }

    /// The state whose [`stat_word`](Self::stat_word) `stat` is, exactly: a seven-letter word
    /// through [`from_stat_word`](Self::from_stat_word), else `SCHEDULED`.
    #[inline]
    pub(crate) fn from_spec_stat(stat: &[u8]) -> Option<Self> {
        match *stat {
            [a, b, c, d, e, f, g] => {
                Self::from_stat_word(u64::from_le_bytes([a, b, c, d, e, f, g, 0]))
            }
            _ => (stat == Self::Scheduled.stat_word().as_bytes()).then_some(Self::Scheduled),
        }
    }

    /// The state of a seven-letter `stat` word (every word of Table B-2 and SMPP 5.0 but
    /// `SCHEDULED`), given as a little-endian number whose eighth byte is zero: one multiply
    /// picks the one slot of [`STAT_SLOTS`] the word can be in, one compare confirms it.
    #[inline(always)]
    pub(crate) fn from_stat_word(word: u64) -> Option<Self> {
        let (known, state) = STAT_SLOTS[stat_slot(word, STAT_HASH)];
        (known == word).then_some(state)
    }
    /// The state of a GSM TP-Status value (3GPP TS 23.040 §9.2.3.15).
    ///
    /// "Short message transaction completed" (0x00–0x1F) is `delivered` for 0x00 ("received
    /// by the SME"), `deleted` for 0x02 ("replaced by the SC") and `unknown` otherwise
    /// (0x01 "forwarded … unable to confirm delivery", reserved and SC-specific values).
    /// "Temporary error, SC still trying" (0x20–0x3F) is `enroute`. "Permanent error"
    /// (0x40–0x5F) and "temporary error, SC not making any more transfer attempts"
    /// (0x60–0x7F) are final: 0x46 "SM Validity Period Expired" is `expired`, 0x47/0x48
    /// "SM deleted" are `deleted`, 0x42 "Connection rejected by SME" and 0x63 "Service
    /// rejected" are `rejected`, the rest `undeliverable`. Values with bit 7 set are
    /// reserved; the spec says to treat them like 0x63 (service rejected).
    pub const fn from_tp_status(st: u8) -> Self {
        match st {
            0x00 => Self::Delivered,
            0x02 => Self::Deleted,
            0x01..=0x1F => Self::Unknown,
            0x20..=0x3F => Self::Enroute,
            0x46 => Self::Expired,
            0x47 | 0x48 => Self::Deleted,
            0x42 | 0x63 => Self::Rejected,
            0x40..=0x7F => Self::Undeliverable,
            _ => Self::Rejected,
        }
    }
}

/// A word of up to eight letters as a little-endian number, the rest zero.
const fn stat_number(w: &str) -> u64 {
    let b = w.as_bytes();
    let mut out = [0u8; 8];
    let mut i = 0;
    while i < b.len() && i < 8 {
        out[i] = b[i];
        i += 1;
    }
    u64::from_le_bytes(out)
}

/// The states whose `stat` word has seven letters, and those words as numbers.
const SEVEN_LETTER: [(u64, State); 9] = {
    let mut out = [(0, State::Unknown); 9];
    let mut i = 0;
    let mut n = 0;
    while i < State::ALL.len() {
        let state = State::ALL[i];
        if state.stat_word().len() == 7 {
            out[n] = (stat_number(state.stat_word()), state);
            n += 1;
        }
        i += 1;
    }
    assert!(n == 9);
    out
};

/// The slot of `word` under the multiplier `k`: the top four bits of the product.
const fn stat_slot(word: u64, k: u64) -> usize {
    (word.wrapping_mul(k) >> 60) as usize
}

/// A multiplier that gives each seven-letter word its own slot, found when compiling: the
/// first odd number of a Weyl sequence under which the nine slots differ.
const STAT_HASH: u64 = {
    let mut k: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut tries = 0;
    loop {
        let mut used = 0u16;
        let mut i = 0;
        while i < SEVEN_LETTER.len() {
            used |= 1 << stat_slot(SEVEN_LETTER[i].0, k);
            i += 1;
        }
        if used.count_ones() as usize == SEVEN_LETTER.len() {
            break k;
        }
        k = k.wrapping_add(0x6A09_E667_F3BC_C909) | 1;
        tries += 1;
        assert!(tries < 100_000, "no multiplier separates the stat words");
    }
};

/// The seven-letter words by slot; a free slot holds `u64::MAX`, which no word of seven
/// bytes and a zero eighth can equal.
const STAT_SLOTS: [(u64, State); 16] = {
    let mut slots = [(u64::MAX, State::Unknown); 16];
    let mut i = 0;
    while i < SEVEN_LETTER.len() {
        slots[stat_slot(SEVEN_LETTER[i].0, STAT_HASH)] = SEVEN_LETTER[i];
        i += 1;
    }
    slots
};

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a `stat` word was spelt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatSpelling {
    /// As SMPP 3.4 Appendix B / SMPP 5.0 write it.
    Spec,
    /// A vendor variant (lenient mode reports it as a quirk).
    Variant,
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        // The word-at-a-time reader of the spec words gives what comparing with every
        // `stat_word` gives: words of Table B-2 and SMPP 5.0, one letter changed, cut short or
        // lengthened, other case.
        #[test]
        fn accepts_spec_stat_as_the_word_table_does(
            base in proptest::sample::select(State::ALL.to_vec()),
            edit in proptest::option::of((0usize..10, proptest::sample::select(b"ADEIKLNOPRSTUVdx \0\xff".to_vec()))),
            cut in 0usize..3,
            extra in proptest::option::of(proptest::sample::select(b"DX ".to_vec())),
        ) {
            let mut word = base.stat_word().as_bytes().to_vec();
            if let Some((at, c)) = edit
                && at < word.len()
            {
                word[at] = c;
            }
            word.truncate(word.len() - cut);
            word.extend(extra);
            let table = State::ALL.into_iter().find(|s| s.stat_word().as_bytes() == word);
            proptest::prop_assert_eq!(State::from_spec_stat(&word), table);
        }
    }

    // SMPP 3.4 Appendix B Table B-2 and SMPP 5.0 (SKIPPED, SCHEDULED): the word written
    // for each state is read back as that state, in its spec spelling.
    #[test]
    fn roundtrip_stat_word() {
        for state in State::ALL {
            assert_eq!(
                State::from_stat(state.stat_word().as_bytes()),
                Some((state, StatSpelling::Spec)),
                "{state:?}"
            );
        }
        assert_eq!(State::Undeliverable.stat_word(), "UNDELIV");
    }

    // SMPP 3.4 §5.2.28 values 1–8, SMPP 5.0 §4.8.4.37 adds 0 and 9.
    #[test]
    fn accepts_every_message_state_value() {
        for (v, s) in [
            (0, State::Scheduled),
            (1, State::Enroute),
            (2, State::Delivered),
            (3, State::Expired),
            (4, State::Deleted),
            (5, State::Undeliverable),
            (6, State::Accepted),
            (7, State::Unknown),
            (8, State::Rejected),
            (9, State::Skipped),
        ] {
            assert_eq!(State::from_message_state(MessageState(v)), s);
            assert_eq!(s.message_state(), MessageState(v));
        }
        assert_eq!(
            State::from_message_state(MessageState(0x42)),
            State::Unknown
        );
        assert_eq!(MessageState(0x42).name(), None);
    }

    // SMPP 3.4 Appendix B Table B-2: all listed states are final; ENROUTE/SCHEDULED are not.
    #[test]
    fn accepts_final_states_per_table_b2() {
        let not_final: alloc::vec::Vec<_> = State::ALL.iter().filter(|s| !s.is_final()).collect();
        assert_eq!(not_final, [&State::Enroute, &State::Scheduled]);
    }

    // Appendix B Table B-2 spellings are Spec; full words are vendor variants.
    #[test]
    fn accepts_stat_spellings() {
        assert_eq!(
            State::from_stat(b"UNDELIV"),
            Some((State::Undeliverable, StatSpelling::Spec))
        );
        assert_eq!(
            State::from_stat(b"delivrd"),
            Some((State::Delivered, StatSpelling::Variant))
        );
        assert_eq!(
            State::from_stat(b"UNDELIVERABLE"),
            Some((State::Undeliverable, StatSpelling::Variant))
        );
        assert_eq!(State::from_stat(b"BADSTAT"), None);
    }

    // 3GPP TS 23.040 §9.2.3.15 TP-Status ranges.
    #[test]
    fn accepts_tp_status_ranges() {
        assert_eq!(State::from_tp_status(0x00), State::Delivered);
        assert_eq!(State::from_tp_status(0x01), State::Unknown);
        assert_eq!(State::from_tp_status(0x20), State::Enroute);
        assert_eq!(State::from_tp_status(0x3F), State::Enroute);
        assert_eq!(State::from_tp_status(0x46), State::Expired);
        assert_eq!(State::from_tp_status(0x41), State::Undeliverable);
        assert_eq!(State::from_tp_status(0x62), State::Undeliverable);
        assert_eq!(State::from_tp_status(0x63), State::Rejected);
        assert_eq!(State::from_tp_status(0xFF), State::Rejected);
    }
}
