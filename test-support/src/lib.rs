//! What the tests and benches of the sms-rs crates share: the octets of the hex strings their
//! vectors are written in. A dev-dependency only (`publish = false`): no library depends on it.

/// The octets of a hex string (either case; ASCII white space between digit pairs is
/// skipped, so vectors can be grouped by field).
///
/// # Panics
/// On a character that is not a hex digit or an odd number of digits: the vectors are
/// constants of the test, and a typo in one must fail it.
///
/// ```
/// assert_eq!(test_support::hex("0A ff"), [0x0A, 0xFF]);
/// ```
pub fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert!(
        digits.len().is_multiple_of(2),
        "odd number of hex digits in {s:?}"
    );
    digits
        .chunks(2)
        .map(|pair| {
            let pair = core::str::from_utf8(pair).expect("ASCII");
            u8::from_str_radix(pair, 16)
                .unwrap_or_else(|_| panic!("{pair:?} is not a hex octet in {s:?}"))
        })
        .collect()
}

/// Octets as upper-case hex (as modems print PDUs).
///
/// ```
/// assert_eq!(test_support::to_hex(&[0x0A, 0xFF]), "0AFF");
/// ```
pub fn to_hex(octets: &[u8]) -> String {
    octets.iter().map(|b| format!("{b:02X}")).collect()
}
