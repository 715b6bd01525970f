//! What an ESME sends: texts split into submit_sm PDUs (encoded once, up front, by
//! `dlr::messenger::text_parts`), with the concatenation chosen, or with national language
//! shift tables (TS 23.038 Annex A) for the demo's national-language messages.

use dlr::messenger::{national_parts, text_parts};
use gsm7::NationalLanguage;
use smpp::bytes::Bytes;
use smpp::{CodingChoice, ConcatMethod, RegisteredDelivery, SubmitSm, TextOptions};

use crate::common::CliError;
use crate::smpp_cmd::address;

/// One message to send: its kind (for the demo's table) and its submit_sm PDUs.
#[derive(Debug, Clone)]
pub(crate) struct MessagePlan {
    /// What kind of message this is (`short`, `long`, `unicode`, `national`, or `text`).
    pub(crate) kind: &'static str,
    /// The parts, encoded with sequence number 0 (the session numbers them).
    pub(crate) parts: Vec<Bytes>,
}

/// The submit_sm every part is built on: `from` and `to` with TON/NPI by
/// `smpp::classify_address`, receipts asked for as `registered_delivery` says.
pub(crate) fn template<'a>(
    from: &'a str,
    to: &'a str,
    registered_delivery: u8,
) -> Result<SubmitSm<'a>, CliError> {
    // The one address check of the CLI (at most 20 octets, SMPP 3.4 §5.2.8/§5.2.9).
    address(from, "--from")?;
    address(to, "--to")?;
    let mut sm = SubmitSm::new(from, to, b"").map_err(|e| CliError::bad_input(e.to_string()))?;
    sm.registered_delivery = RegisteredDelivery(registered_delivery);
    Ok(sm)
}

/// A text as submit_sm PDUs: GSM 7 bit when it can be, else UCS-2, split with `concat`.
pub(crate) fn plan_text(
    kind: &'static str,
    template: &SubmitSm<'_>,
    text: &str,
    concat: ConcatMethod,
) -> Result<MessagePlan, String> {
    let opts = TextOptions {
        data_coding: CodingChoice::Auto,
        concat,
    };
    let parts = text_parts(template, text, &opts).map_err(|e| format!("TEXT: {e}"))?;
    Ok(MessagePlan { kind, parts })
}

/// A text in GSM 7 bit with `language`'s shift tables (TS 23.038 Annex A).
pub(crate) fn plan_national(
    template: &SubmitSm<'_>,
    text: &str,
    language: NationalLanguage,
    reference: u8,
) -> Result<MessagePlan, String> {
    let parts = national_parts(template, text, language, reference)
        .map_err(|e| format!("national text: {e}"))?;
    Ok(MessagePlan {
        kind: "national",
        parts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use smpp::{Npi, Ton};

    // SMPP 3.4 §5.2.5/§5.2.6 TON/NPI; §5.2.8/§5.2.9: addresses of 1 to 20 octets.
    #[test]
    fn accepts_address_forms() {
        let t = template("MyBrand", "+447700900123", 1).unwrap();
        assert_eq!(t.source_addr_ton, Ton::ALPHANUMERIC);
        assert_eq!(
            (t.dest_addr_ton, t.dest_addr_npi),
            (Ton::INTERNATIONAL, Npi::ISDN)
        );
        assert_eq!(t.destination_addr.as_bytes(), b"447700900123");
        assert_eq!(t.registered_delivery, RegisteredDelivery(1));
        assert_eq!(
            template("a", "12345", 0).unwrap().dest_addr_ton,
            Ton::UNKNOWN
        );
        assert!(template("a", "", 0).is_err());
        assert!(template("a", &"1".repeat(21), 0).is_err());
    }
}
