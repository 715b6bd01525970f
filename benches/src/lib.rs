//! Shared fixtures for the benches.

/// shared/vectors/bench-pdus.md: the deliver_sm carrying a delivery receipt, 194 octets
/// (esm_class 0x04, Appendix B text in short_message, receipted_message_id and message_state
/// TLVs), as hex.
pub const DELIVER_SM_RECEIPT: &str = "000000c20000000500000000000000010001013434373730303930303132330005004d794272616e64000400000000000000007a69643a31323334353637383930207375623a30303120646c7672643a303031207375626d697420646174653a3235313132353132303020646f6e6520646174653a3235313132353132303120737461743a44454c49565244206572723a30303020746578743a596f7572204d794272616e642076657269666963001e000b31323334353637383930000427000102";

/// Octets of a hex string.
///
/// # Panics
/// On a character that is not a hex digit (the fixtures are constants).
pub fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// `line` repeated to at least 1 KiB.
fn kib(line: &str) -> String {
    let mut s = String::new();
    while s.len() < 1024 {
        s.push_str(line);
    }
    s
}

/// About 1 KB of a typical default-alphabet message: mostly ASCII, with an 'é', a '£', an '@',
/// an '€' (an escape pair) and a '_' per line of about 140 characters.
pub fn typical_text() -> String {
    kib(
        "Hi René, your order #48213 has shipped and should arrive on Tuesday. \
         Total: £42.50 (incl. €3 fee). Questions? Mail help_desk@shop.example or reply STOP.\n",
    )
}

/// About 1 KB of the default alphabet at its worst: Latin-1 letters, Greek capitals, '@' and
/// characters of the extension table (escape pairs) every few characters.
pub fn mixed_text() -> String {
    kib(
        "Hello World! Your code is 123456 @ 12:30. Café à Paris, Ørsted & Æsir; \
         price €5 {promo} [x] ~ | ^ ΔΦΓΛΩ. Thanks.\n",
    )
}

/// About 1 KB of text that needs UCS-2: Latin and CJK with emoji, a ZWJ family and a flag
/// (grapheme clusters of several characters).
pub fn emoji_text() -> String {
    kib("Merci 😀! 你好，世界 👩‍👩‍👧 rendez-vous à 18h 🇮🇹 ok? 🎉🎉 ")
}
