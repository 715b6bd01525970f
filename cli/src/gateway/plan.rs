//! What an ESME sends: addresses from the command line and texts split into submit_sm
//! PDUs (encoded once, up front), with the concatenation chosen, or with national language
//! shift tables (TS 23.038 Annex A) for the demo's national-language messages.

use dlr::simulator::Address;
use gsm7::{ConcatRef, EncodingChoice, NationalLanguage, NationalPolicy, SplitOptions};
use smpp::bytes::{Bytes, BytesMut};
use smpp::{
    CommandStatus, Concat, DataCoding, ESM_CLASS_UDHI, Npi, Pdu, SubmitSm, TextOptions, Ton,
    submit_sm_parts,
};

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
    let t = template(from, to, registered_delivery)?;
    let opts = TextOptions {
        data_coding: DataCoding::Auto,
        concat,
    };
    let parts = submit_sm_parts(&t, text, &opts).map_err(|e| format!("TEXT: {e}"))?;
    Ok(MessagePlan {
        kind,
        parts: parts
            .into_iter()
            .map(|p| encode(&Pdu::SubmitSm(p)))
            .collect(),
    })
}

/// A text in GSM 7 bit with `language`'s shift tables (TS 23.038 Annex A, signalled in
/// the UDH by the TS 23.040 §9.2.3.24.15/16 IEs), data_coding 0 and UDHI.
pub(crate) fn plan_national(
    from: &Address,
    to: &Address,
    text: &str,
    language: NationalLanguage,
    reference: u8,
    registered_delivery: u8,
) -> Result<MessagePlan, String> {
    let split = gsm7::split(
        text,
        &SplitOptions {
            encoding: EncodingChoice::Gsm7,
            national: NationalPolicy::Allowed(vec![language]),
            reference: ConcatRef::Eight(reference),
        },
    )
    .map_err(|e| format!("national text: {e}"))?;
    let base = template(from, to, registered_delivery)?;
    let parts = split
        .parts
        .into_iter()
        .map(|p| {
            let mut sm = base.clone();
            if !p.udh.is_empty() {
                sm.esm_class |= ESM_CLASS_UDHI;
            }
            let mut m = p.udh;
            m.extend_from_slice(&p.payload);
            // A part of an SMS holds at most 140 octets: within short_message's 254.
            sm.short_message = m.try_into().map_err(|e| format!("national text: {e}"))?;
            Ok(encode(&Pdu::SubmitSm(sm)))
        })
        .collect::<Result<_, String>>()?;
    Ok(MessagePlan {
        kind: "national",
        parts,
    })
}

/// A PDU encoded with sequence number 0 (the session numbers it) and ESME_ROK.
fn encode(pdu: &Pdu<'_>) -> Bytes {
    let mut buf = BytesMut::with_capacity(16 + pdu.encoded_len());
    smpp::encode(0, CommandStatus::ESME_ROK, pdu, &mut buf);
    buf.freeze()
}

/// A concatenation reference per message, so the parts of copies are told apart.
pub(crate) fn concat_for(kind: Concat, index: usize) -> Concat {
    match kind {
        Concat::Udh8(_) => Concat::Udh8(index as u8),
        Concat::Udh16(_) => Concat::Udh16(index as u16),
        Concat::Sar(_) => Concat::Sar(index as u16),
        Concat::Payload => Concat::Payload,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use smpp::{DecodeOptions, decode};

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

    // TS 23.038 §6.1.2.1 / TS 23.040 §9.2.3.24.1: 200 GSM characters need 2 parts of at
    // most 153 septets after a 6-octet UDH.
    #[test]
    fn accepts_long_text_in_udh_parts() {
        let from = parse_address("Sender", "").unwrap();
        let to = parse_address("+447700900123", "").unwrap();
        let p = plan_text("long", &from, &to, &"x".repeat(200), Concat::Udh8(5), 1).unwrap();
        assert_eq!(p.parts.len(), 2);
        let f = decode(&p.parts[1], &DecodeOptions::lenient()).unwrap();
        let Pdu::SubmitSm(sm) = f.pdu else { panic!() };
        assert_eq!(&sm.short_message.as_bytes()[..6], &[5, 0, 3, 5, 2, 2]);
        assert_eq!(sm.registered_delivery, 1);
    }

    // TS 23.040 §9.2.3.24.15: national language single shift IE, IEI 0x24, length 1,
    // language id (Turkish = 1, TS 23.038 §6.2.1.2.4).
    #[test]
    fn accepts_national_text_with_shift_ie() {
        let from = parse_address("Sender", "").unwrap();
        let to = parse_address("+905321234567", "").unwrap();
        let p = plan_national(
            &from,
            &to,
            "Günaydın, İstanbul! Şimdi ğ",
            NationalLanguage::Turkish,
            1,
            1,
        )
        .unwrap();
        assert_eq!(p.parts.len(), 1);
        let f = decode(&p.parts[0], &DecodeOptions::lenient()).unwrap();
        let Pdu::SubmitSm(sm) = f.pdu else { panic!() };
        assert_eq!(sm.data_coding, 0);
        assert_eq!(sm.esm_class & ESM_CLASS_UDHI, ESM_CLASS_UDHI);
        let udh = sm.short_message.as_bytes();
        let ies = &udh[1..=usize::from(udh[0])];
        assert!(
            ies.windows(3)
                .any(|w| w == [0x24, 0x01, 0x01] || w == [0x25, 0x01, 0x01]),
            "{ies:?}"
        );
    }
}
