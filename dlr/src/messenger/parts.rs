//! A message's submit_sm PDUs, encoded once up front (sequence number 0: the session numbers
//! them), for [`Messenger::send_encoded`](super::Messenger::send_encoded) and
//! [`send_batch`](super::send_batch): from a text through smpp's splitter, or in GSM 7 bit
//! with a national language's shift tables.

use alloc::vec::Vec;

use gsm7::NationalLanguage;
use smpp::bytes::{Bytes, BytesMut};
use smpp::{CommandStatus, Pdu, SubmitSm, TextError, TextOptions};

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

/// `text` in GSM 7 bit with `language`'s shift tables as encoded submit_sm PDUs built on
/// `template` ([`smpp::submit_sm_national_parts`]: data_coding 0, UDHI when there is a UDH,
/// concatenation reference `reference` when the text needs several parts).
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
    Ok(
        smpp::submit_sm_national_parts(template, text, language, reference)?
            .into_iter()
            .map(|p| encode(&Pdu::SubmitSm(p)))
            .collect(),
    )
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
    use smpp::{CodingChoice, ConcatMethod, DataCoding, DecodeOptions, decode};

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
            concat: ConcatMethod::Udh8(0).with_reference(5),
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
}
