//! What an ESME sends: addresses from the command line and texts split into submit_sm
//! PDUs (encoded once, up front), with the concatenation chosen, or with national language
//! shift tables (TS 23.038 Annex A) for the demo's national-language messages.

use dlr::messenger::{national_parts, text_parts};
use dlr::simulator::Address;
use gsm7::NationalLanguage;
use smpp::bytes::Bytes;
use smpp::{Concat, DataCoding, Npi, SubmitSm, TextOptions, Ton};

/// One message to send: its kind (for the demo's table) and its submit_sm PDUs.
#[derive(Debug, Clone)]
pub(crate) struct MessagePlan {
    /// What kind of message this is (`short`, `long`, `unicode`, `national`, or `text`).
    pub(crate) kind: &'static str,
    /// The parts, encoded with sequence number 0 (the session numbers them).
    pub(crate) parts: Vec<Bytes>,
}

/// TON, NPI and address of an argument: `+digits` international/ISDN, digits ISDN
/// (international when longer than 8 digits, else unknown TON: a short code), anything else
/// alphanumeric (SMPP 3.4 §5.2.5, §5.2.6).
pub(crate) fn parse_address(arg: &str, what: &str) -> Result<Address, String> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (ton, npi, addr) = match arg.strip_prefix('+') {
        Some(d) if digits(d) => (Ton::INTERNATIONAL, Npi::ISDN, d),
        _ if digits(arg) && arg.len() > 8 => (Ton::INTERNATIONAL, Npi::ISDN, arg),
        _ if digits(arg) => (Ton::UNKNOWN, Npi::ISDN, arg),
        // SMPP 3.4 §5.2.8: alphanumeric source_addr; 11 characters is what handsets show.
        _ => (Ton::ALPHANUMERIC, Npi::UNKNOWN, arg),
    };
    // SMPP 3.4 §5.2.8 source_addr / §5.2.9 destination_addr: at most 20 octets.
    if addr.is_empty() || addr.len() > 20 || addr.contains('\0') {
        return Err(format!("{what}: {arg:?} must be 1 to 20 characters"));
    }
    Ok(Address {
        ton,
        npi,
        addr: addr.to_owned(),
    })
}

fn template<'a>(
    from: &'a Address,
    to: &'a Address,
    registered_delivery: u8,
) -> Result<SubmitSm<'a>, String> {
    Ok(SubmitSm {
        source_addr_ton: from.ton,
        source_addr_npi: from.npi,
        source_addr: from
            .addr
            .as_str()
            .try_into()
            .map_err(|e| format!("--from: {e}"))?,
        dest_addr_ton: to.ton,
        dest_addr_npi: to.npi,
        destination_addr: to
            .addr
            .as_str()
            .try_into()
            .map_err(|e| format!("--to: {e}"))?,
        registered_delivery,
        ..SubmitSm::default()
    })
}

/// A text as submit_sm PDUs: GSM 7 bit when it can be, else UCS-2, split with `concat`.
pub(crate) fn plan_text(
    kind: &'static str,
    from: &Address,
    to: &Address,
    text: &str,
    concat: Concat,
    registered_delivery: u8,
) -> Result<MessagePlan, String> {
    let opts = TextOptions {
        data_coding: DataCoding::Auto,
        concat,
    };
    let template = template(from, to, registered_delivery)?;
    let parts = text_parts(&template, text, &opts).map_err(|e| format!("TEXT: {e}"))?;
    Ok(MessagePlan { kind, parts })
}

/// A text in GSM 7 bit with `language`'s shift tables (TS 23.038 Annex A).
pub(crate) fn plan_national(
    from: &Address,
    to: &Address,
    text: &str,
    language: NationalLanguage,
    reference: u8,
    registered_delivery: u8,
) -> Result<MessagePlan, String> {
    let template = template(from, to, registered_delivery)?;
    let parts = national_parts(&template, text, language, reference)
        .map_err(|e| format!("national text: {e}"))?;
    Ok(MessagePlan {
        kind: "national",
        parts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_address_forms() {
        let a = parse_address("+447700900123", "--to").unwrap();
        assert_eq!(
            (a.ton, a.npi, a.addr.as_str()),
            (Ton::INTERNATIONAL, Npi::ISDN, "447700900123")
        );
        assert_eq!(parse_address("12345", "--to").unwrap().ton, Ton::UNKNOWN);
        assert_eq!(
            parse_address("MyBrand", "--from").unwrap().ton,
            Ton::ALPHANUMERIC
        );
        assert!(parse_address("", "--to").is_err());
        assert!(parse_address(&"1".repeat(21), "--to").is_err());
    }
}
