//! Type of number and numbering plan indicator (SMPP v3.4 §5.2.5, §5.2.6).

use crate::codes::wire_codes;

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
