//! Type of number and numbering plan indicator (SMPP v3.4 §5.2.5, §5.2.6).

use gsm7::wire_codes;

wire_codes! {
    /// An address's type of number (`*_ton`), SMPP v3.4 §5.2.5.
    pub struct Ton(u8);
    UNKNOWN = 0, "unknown", "Unknown";
    INTERNATIONAL = 1, "international", "International";
    NATIONAL = 2, "national", "National";
    NETWORK_SPECIFIC = 3, "network_specific", "Network Specific";
    SUBSCRIBER_NUMBER = 4, "subscriber_number", "Subscriber Number";
    ALPHANUMERIC = 5, "alphanumeric", "Alphanumeric";
    ABBREVIATED = 6, "abbreviated", "Abbreviated";
}

wire_codes! {
    /// An address's numbering plan indicator (`*_npi`), SMPP v3.4 §5.2.6.
    pub struct Npi(u8);
    UNKNOWN = 0, "unknown", "Unknown";
    ISDN = 1, "isdn", "ISDN (E163/E164)";
    DATA = 3, "data", "Data (X.121)";
    TELEX = 4, "telex", "Telex (F.69)";
    LAND_MOBILE = 6, "land_mobile", "Land Mobile (E.212)";
    NATIONAL = 8, "national", "National";
    PRIVATE = 9, "private", "Private";
    ERMES = 10, "ermes", "ERMES";
    INTERNET = 14, "internet", "Internet (IP)";
    WAP_CLIENT_ID = 18, "wap_client_id", "WAP Client Id (to be defined by WAP Forum)";
}

/// What an address string is, as [`classify_address`] reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AddressKind {
    /// `+` and digits, or more than 8 digits not starting with `0`: an E.164 number.
    International,
    /// More than 8 digits starting with `0` (a trunk prefix): a number in national format.
    National,
    /// At most 8 digits: a short code of the network.
    ShortCode,
    /// Anything else: an alphanumeric sender (TS 23.040 §9.1.2.5 allows 11 GSM characters).
    Alphanumeric,
}

/// An address string with the TON and NPI to send it with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClassifiedAddress<'a> {
    /// What the string is.
    pub kind: AddressKind,
    /// Its type of number (v3.4 §5.2.5).
    pub ton: Ton,
    /// Its numbering plan (v3.4 §5.2.6).
    pub npi: Npi,
    /// The octets to put in the address field: the string without a leading `+`.
    pub address: &'a str,
}

/// The TON and NPI a gateway sends an address string with (the one classifier of the
/// crate family; `SubmitSm::new` and `DeliverSm::new` use it):
///
/// | string | kind | TON | NPI |
/// |---|---|---|---|
/// | `+447700900123` | international (the `+` dropped) | 1 international | 1 ISDN |
/// | `447700900123` (more than 8 digits) | international | 1 international | 1 ISDN |
/// | `07700900123` (more than 8 digits, leading 0) | national | 2 national | 1 ISDN |
/// | `12345` (at most 8 digits) | short code | 0 unknown | 1 ISDN |
/// | `MyBrand` (anything else) | alphanumeric | 5 alphanumeric | 0 unknown |
///
/// v3.4 §5.2.5 and §5.2.6 give the values; which strings get which is gateway practice
/// (E.164 numbers have more than 8 digits, short codes fewer). The length of the field is
/// checked where the address is put in a PDU.
///
/// ```
/// use smpp::{classify_address, AddressKind, Npi, Ton};
///
/// let a = classify_address("+447700900123");
/// assert_eq!((a.kind, a.ton, a.npi, a.address), (AddressKind::International, Ton::INTERNATIONAL, Npi::ISDN, "447700900123"));
/// assert_eq!(classify_address("07700900123").ton, Ton::NATIONAL);
/// assert_eq!(classify_address("8888").kind, AddressKind::ShortCode);
/// assert_eq!(classify_address("MyBrand").ton, Ton::ALPHANUMERIC);
/// ```
pub fn classify_address(text: &str) -> ClassifiedAddress<'_> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (kind, address) = match text.strip_prefix('+') {
        Some(d) if digits(d) => (AddressKind::International, d),
        _ if digits(text) && text.len() <= 8 => (AddressKind::ShortCode, text),
        _ if digits(text) && text.starts_with('0') => (AddressKind::National, text),
        _ if digits(text) => (AddressKind::International, text),
        _ => (AddressKind::Alphanumeric, text),
    };
    let (ton, npi) = match kind {
        AddressKind::International => (Ton::INTERNATIONAL, Npi::ISDN),
        AddressKind::National => (Ton::NATIONAL, Npi::ISDN),
        AddressKind::ShortCode => (Ton::UNKNOWN, Npi::ISDN),
        AddressKind::Alphanumeric => (Ton::ALPHANUMERIC, Npi::UNKNOWN),
    };
    ClassifiedAddress {
        kind,
        ton,
        npi,
        address,
    }
}
