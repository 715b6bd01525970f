//! A message's submit_sm PDUs, encoded once up front (sequence number 0: the session numbers
//! them), for [`Messenger::send_encoded`](super::Messenger::send_encoded) and
//! [`send_batch`](super::send_batch): from a text through smpp's splitter, or in GSM 7 bit
//! with a national language's shift tables.

use alloc::vec::Vec;

use gsm7::{ConcatRef, EncodingChoice, NationalLanguage, NationalPolicy, SplitOptions};
use smpp::bytes::{Bytes, BytesMut};
use smpp::{CommandStatus, ConcatMethod, DataCoding, Pdu, SubmitSm, TextError, TextOptions};

/// `concat` with its reference replaced by the low bits of `n` (a message's running number),
/// so the parts of different messages are told apart by the handset.
///
/// ```
/// use smpp::ConcatMethod;
/// assert_eq!(dlr::messenger::with_reference(ConcatMethod::Udh8(0), 258), ConcatMethod::Udh8(2));
/// assert_eq!(dlr::messenger::with_reference(ConcatMethod::SarTlv(0), 258), ConcatMethod::SarTlv(258));
/// ```
pub fn with_reference(concat: ConcatMethod, n: u64) -> ConcatMethod {
    match concat {
        ConcatMethod::Udh8(_) => ConcatMethod::Udh8(n as u8),
        ConcatMethod::Udh16(_) => ConcatMethod::Udh16(n as u16),
        ConcatMethod::SarTlv(_) => ConcatMethod::SarTlv(n as u16),
        ConcatMethod::MessagePayload => ConcatMethod::MessagePayload,
    }
}

/// `text` as encoded submit_sm PDUs built on `template` (addresses, registered_delivery,
/// …), coded and split as `options` ask ([`smpp::submit_sm_parts`]).
///
/// ```
/// use smpp::{CodingChoice, ConcatMethod, SubmitSm, TextOptions};
/// let template = SubmitSm { destination_addr: "447700900123".try_into()?, ..SubmitSm::default() };
/// let options = TextOptions { data_coding: CodingChoice::Auto, concat: ConcatMethod::Udh8(7) };
/// // TS 23.038 §6.1.2.1 / TS 23.040 §9.2.3.24.1: 200 GSM characters need 2 parts of at
/// // most 153 septets after a 6-octet UDH.
/// let parts = dlr::messenger::text_parts(&template, &"x".repeat(200), &options)?;
/// assert_eq!(parts.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn text_parts(
    template: &SubmitSm<'_>,
    text: &str,
    options: &TextOptions,
) -> Result<Vec<Bytes>, TextError> {
    Ok(smpp::submit_sm_parts(template, text, options)?
        .into_iter()
        .map(|p| encode(&Pdu::SubmitSm(p)))
        .collect())
}

/// `text` in GSM 7 bit with `language`'s shift tables (TS 23.038 Annex A, signalled in the
/// UDH by the TS 23.040 §9.2.3.24.15/16 IEs), as encoded submit_sm PDUs built on
/// `template`, with data_coding 0, UDHI when there is a UDH, and concatenation reference
/// `reference` when the text needs several parts.
///
/// ```
/// use gsm7::NationalLanguage;
/// let template = smpp::SubmitSm { destination_addr: "905321234567".try_into()?, ..Default::default() };
/// let parts = dlr::messenger::national_parts(&template, "Günaydın, ğüşıöç", NationalLanguage::Turkish, 1)?;
/// assert_eq!(parts.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn national_parts(
    template: &SubmitSm<'_>,
    text: &str,
    language: NationalLanguage,
    reference: u8,
) -> Result<Vec<Bytes>, TextError> {
    let split = gsm7::split(
        text,
        &SplitOptions {
            encoding: EncodingChoice::Gsm7,
            national: NationalPolicy::Allowed(alloc::vec![language]),
            reference: ConcatRef::Eight(reference),
        },
    )?;
    let base = SubmitSm {
        data_coding: DataCoding(0),
        ..template.clone()
    };
    (split.parts.into_iter())
        .map(|p| {
            let mut sm = base.clone();
            if !p.udh.is_empty() {
                sm.esm_class = sm.esm_class.with_udhi(true);
            }
            let mut m = p.udh;
            m.extend_from_slice(&p.payload);
            // A part of an SMS holds at most 140 octets: within short_message's 254.
            let len = m.len();
            sm.short_message = m.try_into().map_err(|_| TextError::TooLong { len })?;
            Ok(encode(&Pdu::SubmitSm(sm)))
        })
        .collect()
}

/// A PDU encoded with sequence number 0 (the session numbers it) and ESME_ROK.
pub(super) fn encode(pdu: &Pdu<'_>) -> Bytes {
    let mut buf = BytesMut::with_capacity(pdu.command_length(CommandStatus::ESME_ROK));
    smpp::encode(0, CommandStatus::ESME_ROK, pdu, &mut buf);
    buf.freeze()
}

#[cfg(test)]
mod tests {
    use super::*;
    use smpp::{CodingChoice, DecodeOptions, decode};

    fn template() -> SubmitSm<'static> {
        SubmitSm {
            destination_addr: "447700900123".try_into().unwrap(),
            registered_delivery: smpp::RegisteredDelivery(1),
            ..SubmitSm::default()
        }
    }

    // TS 23.038 §6.1.2.1 / TS 23.040 §9.2.3.24.1: 200 GSM characters need 2 parts of at
    // most 153 septets after a 6-octet UDH (IEI 0, length 3, reference, total, sequence).
    #[test]
    fn accepts_long_text_in_udh_parts() {
        let options = TextOptions {
            data_coding: CodingChoice::Auto,
            concat: with_reference(ConcatMethod::Udh8(0), 5),
        };
        let parts = text_parts(&template(), &"x".repeat(200), &options).unwrap();
        assert_eq!(parts.len(), 2);
        let f = decode(&parts[1], &DecodeOptions::lenient()).unwrap();
        let Pdu::SubmitSm(sm) = f.pdu else { panic!() };
        assert_eq!(&sm.short_message.as_bytes()[..6], &[5, 0, 3, 5, 2, 2]);
        assert_eq!(sm.registered_delivery, smpp::RegisteredDelivery(1));
        assert_eq!(f.header.sequence_number, 0);
    }

    // TS 23.040 §9.2.3.24.15/16: national language single/locking shift IE, IEI 0x24/0x25,
    // length 1, language id (Turkish = 1, TS 23.038 §6.2.1.2.4).
    #[test]
    fn accepts_national_text_with_shift_ie() {
        let text = "Günaydın, İstanbul! Şimdi ğ";
        let parts = national_parts(&template(), text, NationalLanguage::Turkish, 1).unwrap();
        assert_eq!(parts.len(), 1);
        let f = decode(&parts[0], &DecodeOptions::lenient()).unwrap();
        let Pdu::SubmitSm(sm) = f.pdu else { panic!() };
        assert_eq!(sm.data_coding, DataCoding(0));
        assert!(sm.esm_class.udhi());
        let udh = sm.short_message.as_bytes();
        let ies = &udh[1..=usize::from(udh[0])];
        assert!(
            ies.windows(3)
                .any(|w| w == [0x24, 0x01, 0x01] || w == [0x25, 0x01, 0x01]),
            "{ies:?}"
        );
    }

    // TS 23.040 §9.2.3.24.1: a long national text is split with the 8-bit reference given.
    #[test]
    fn accepts_long_national_text_with_reference() {
        let text = "Günaydın! Şifreniz: 4821. ".repeat(8);
        let parts = national_parts(&template(), &text, NationalLanguage::Turkish, 9).unwrap();
        assert!(parts.len() > 1);
        let f = decode(&parts[0], &DecodeOptions::lenient()).unwrap();
        let Pdu::SubmitSm(sm) = f.pdu else { panic!() };
        let udh = sm.short_message.as_bytes();
        let ies = &udh[1..=usize::from(udh[0])];
        assert!(
            ies.windows(3).any(|w| w[0] == 0 && w[1] == 3 && w[2] == 9),
            "{ies:?}"
        );
    }
}
