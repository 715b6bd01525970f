//! Shared fixtures for the benches.

/// shared/vectors/bench-pdus.md: the deliver_sm carrying a delivery receipt, 194 octets
/// (esm_class 0x04, Appendix B text in short_message, receipted_message_id and message_state
/// TLVs), as hex.
pub const DELIVER_SM_RECEIPT: &str = "000000c20000000500000000000000010001013434373730303930303132330005004d794272616e64000400000000000000007a69643a31323334353637383930207375623a30303120646c7672643a303031207375626d697420646174653a3235313132353132303020646f6e6520646174653a3235313132353132303120737461743a44454c49565244206572723a30303020746578743a596f7572204d794272616e642076657269666963001e000b31323334353637383930000427000102";

/// Octets of a hex string.
///
/// # Panics
/// On a character that is not a hex digit (the fixtures are constants).
pub use test_support::hex;

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

/// A natural Turkish sentence (mostly ASCII, a Turkish letter every few characters), about
/// 1 KB, for the Turkish locking and single shift tables.
pub fn turkish_natural_text() -> String {
    "Günaydın! Şu an İstanbul'da çok güzel bir gün. ".repeat(22)
}

/// The tables a text in `lang` is coded with: the language's locking shift table (the default
/// alphabet for Spanish, which has none) and its single shift table.
pub fn national_tables(lang: gsm7::NationalLanguage) -> gsm7::Tables {
    gsm7::Tables {
        locking: lang.has_locking_shift().then_some(lang),
        single: Some(lang),
    }
}

/// About 1 KB of text in the characters of `lang`'s tables (TS 23.038 Annex A): words of five
/// characters of the locking table (the default alphabet for Spanish) in table order, a space
/// between words, and a character of the single shift table (an escape pair) after every
/// fourth word. The controls (LF, FF, CR) and the space are left out of the words.
pub fn national_text(lang: gsm7::NationalLanguage) -> String {
    let tables = national_tables(lang);
    let decoded = |septets: &[u8]| {
        let mut s = String::new();
        gsm7::decode_septets(septets, tables, &mut s)
            .ok()
            .and_then(|()| s.chars().next())
    };
    let locking: Vec<char> = (0u8..0x80)
        .filter_map(|s| decoded(&[s]))
        .filter(|c| !c.is_control() && *c != ' ')
        .collect();
    let shift: Vec<char> = (0u8..0x80)
        .filter_map(|s| decoded(&[gsm7::ESCAPE, s]))
        .filter(|c| !c.is_control())
        .collect();
    let mut text = String::new();
    let (mut l, mut s, mut word) = (0, 0, 0);
    while text.len() < 1024 {
        for _ in 0..5 {
            text.push(locking[l % locking.len()]);
            l += 1;
        }
        word += 1;
        if word % 4 == 0 {
            text.push(shift[s % shift.len()]);
            s += 1;
        }
        text.push(' ');
    }
    text
}

/// The texts the gsm7 benches and `instructions` know by name, with the tables each is coded
/// with: `ascii`, `typical`, `mixed` (the worst mix of the default alphabet), `turkish_natural`,
/// `emoji` (UCS-2 only) and each national language by its name (`turkish`, …, `urdu`).
pub fn named_text(name: &str) -> Option<(String, gsm7::Tables)> {
    let default = gsm7::Tables::DEFAULT;
    Some(match name {
        "ascii" => (ascii_text(), default),
        "typical" => (typical_text(), default),
        "mixed" => (mixed_text(), default),
        "emoji" => (emoji_text(), default),
        "turkish_natural" => (
            turkish_natural_text(),
            national_tables(gsm7::NationalLanguage::Turkish),
        ),
        lang => {
            let lang: gsm7::NationalLanguage = lang.parse().ok()?;
            (national_text(lang), national_tables(lang))
        }
    })
}

/// About 1 KB of ASCII that the default alphabet codes one septet each.
pub fn ascii_text() -> String {
    "Your verification code is 482913. It expires in 10 minutes; do not share it. ".repeat(13)
}
