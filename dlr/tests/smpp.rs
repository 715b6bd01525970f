//! Receipts inside real deliver_sm PDUs, decoded by the `smpp` crate (feature `smpp`).
#![cfg(feature = "smpp")]

use dlr::{Conflict, DecodeOptions, DeliveryReport, Quirk, SmppReportError, Source, State};
use smpp::{EsmClass, Pdu, decode};

use test_support::hex;

fn deliver_report(pdu_hex: &str, mode: &DecodeOptions) -> Result<DeliveryReport, SmppReportError> {
    let bytes = hex(pdu_hex);
    let frame = decode(&bytes, &smpp::DecodeOptions::default()).expect("decodes");
    let Pdu::DeliverSm(sm) = &frame.pdu else {
        panic!("not a deliver_sm: {:?}", frame.pdu)
    };
    DeliveryReport::from_deliver_sm(sm, mode)
}

// /work/shared/oracles/samples/pdus.txt deliver_sm_receipt (the SMSC simulator's receipt
// shape, verified with tshark's SMPP dissector): Appendix B text, receipted_message_id
// "0123456789" and message_state 2.
const ORACLE_RECEIPT: &str = "000000b10000000500000000000000070001013434373730303930303132330001013132333435000400000000000000006b69643a30313233343536373839207375623a30303120646c7672643a303031207375626d697420646174653a3234303130313132303020646f6e6520646174653a3234303130313132303120737461743a44454c49565244206572723a30303020746578743a48656c6c6f001e000b30313233343536373839000427000102";

#[test]
fn accepts_oracle_deliver_sm_receipt() {
    let r = deliver_report(ORACLE_RECEIPT, &DecodeOptions::strict()).unwrap();
    assert_eq!(r.message_id, "0123456789");
    assert_eq!((r.state, r.source), (State::Delivered, Source::TlvsAndText));
    assert!(r.conflicts.is_empty());
    assert_eq!(r.submitted, Some(1));
    assert_eq!(r.recipient.as_deref(), Some("447700900123"));
}

// twitter-archive/cloudhopper-smpp DeliveryReceiptTest parseRealWorldReceipt0: a captured
// deliver_sm with text id 0059113978 and receipted_message_id 38601fa (the same number in hex).
#[test]
fn accepts_cloudhopper_real_world_receipt() {
    let r = deliver_report(
        "000000BA00000005000000000000000200010134343935313336313932300001013430343034000400000000000000006E69643A30303539313133393738207375623A30303120646C7672643A303031207375626D697420646174653A3130303231303137333020646F6E6520646174653A3130303231303137333120737461743A44454C49565244206572723A30303020746578743A4024232125262F3A000E0001010006000101001E000833383630316661000427000102",
        &DecodeOptions::strict(),
    )
    .unwrap();
    assert_eq!(r.message_id, "38601fa");
    assert_eq!(r.state, State::Delivered);
    assert_eq!(
        r.conflicts,
        [Conflict::MessageId {
            tlv: "38601fa".into(),
            text: "0059113978".into(),
            same_number: true
        }]
    );
}

// python-smpplib tests/test_command.py test_parse_deliver_sm: the receipt text is in
// message_payload (short_message empty), with receipted_message_id 1d305b4c.
#[test]
fn accepts_smpplib_message_payload_receipt() {
    let r = deliver_report(
        "000000CB000000050000000000000001000101333136303030303030303000050058585820595959590004000000000000000000000E0001010006000101001E000931643330356234630004270001020424007269643A30343839373038333634207375623A30303120646C7672643A303031207375626D697420646174653A3138313031353139303720646F6E6520646174653A3138313031353139303720737461743A44454C49565244206572723A30303020746578743A041F044004380432043504420426000101",
        &DecodeOptions::strict(),
    )
    .unwrap();
    assert_eq!(r.message_id, "1d305b4c");
    assert_eq!(r.source, Source::TlvsAndText);
    assert!(matches!(
        &r.conflicts[..],
        [Conflict::MessageId {
            same_number: true,
            ..
        }]
    ));
}

// farhadi/node-smpp issue #140: an SMSC sending a receipt with esm_class 0. Strict refuses,
// lenient accepts and reports it. (The oracle PDU with esm_class patched to 0.)
#[test]
fn accepts_unflagged_receipt_leniently() {
    let patched = ORACLE_RECEIPT
        .replace(' ', "")
        .replacen("0004000000", "0000000000", 1);
    assert_eq!(
        deliver_report(&patched, &DecodeOptions::strict()),
        Err(SmppReportError::NotAReceipt(EsmClass(0)))
    );
    let r = deliver_report(&patched, &DecodeOptions::lenient()).unwrap();
    assert_eq!(
        r.quirks,
        [Quirk::NotFlaggedAsReceipt {
            esm_class: EsmClass(0)
        }]
    );
}

// An SMSC putting free text (not Appendix B) in a receipt's short_message, the report in the
// TLVs (receipted_message_id §5.3.2.12, message_state §5.3.2.35), as cloudhopper-smpp issue
// #105's maintainers advise relying on. (The oracle PDU with its short_message replaced.)
// Lenient uses the TLVs and reports the ignored text.
#[test]
fn accepts_tlv_receipt_with_free_text_leniently() {
    use smpp::OctetString;
    let bytes = hex(ORACLE_RECEIPT);
    let frame = decode(&bytes, &smpp::DecodeOptions::default()).unwrap();
    let Pdu::DeliverSm(mut sm) = frame.pdu else {
        panic!()
    };
    sm.short_message = OctetString::new(&b"Your message was delivered"[..]).unwrap();
    assert!(matches!(
        DeliveryReport::from_deliver_sm(&sm, &DecodeOptions::strict()),
        Err(SmppReportError::Text(_))
    ));
    let r = DeliveryReport::from_deliver_sm(&sm, &DecodeOptions::lenient()).unwrap();
    assert_eq!(
        (r.message_id.as_str(), r.state, r.source),
        ("0123456789", State::Delivered, Source::Tlvs)
    );
    assert!(matches!(r.quirks[..], [Quirk::TextIgnored(_)]));
}

// The receipt TLVs are read in one walk over the TLV octets: the same values as the smpp
// crate's own accessors give (SMPP 3.4 §5.3.2: the first TLV of each tag counts), for any list
// of receipt TLVs, well-formed or not (wrong lengths, NULs inside the id, repeats).
mod tlv_walk {
    use dlr::{DeliveryFailureReason, NetworkErrorCode, ReceiptTlvs};
    use proptest::prelude::*;
    use smpp::{TlvTag, Tlvs};

    proptest! {
        #[test]
        fn accepts_what_smpp_accessors_read(
            tlvs in prop::collection::vec(
                (
                    prop::sample::select(vec![0x001Eu16, 0x0427, 0x0423, 0x0425, 0x0424, 0x0005, 0x1403]),
                    prop::collection::vec(prop::sample::select(vec![0u8, 1, 2, b'7', b'a', 0xFF]), 0..6),
                ),
                0..6,
            )
        ) {
            let mut raw = Vec::new();
            for (tag, value) in &tlvs {
                raw.extend_from_slice(&tag.to_be_bytes());
                raw.extend_from_slice(&(value.len() as u16).to_be_bytes());
                raw.extend_from_slice(value);
            }
            let Ok(list) = Tlvs::from_wire(&raw) else {
                return Ok(());
            };
            let walked = ReceiptTlvs::from_smpp(&list);
            prop_assert_eq!(walked.receipted_message_id, list.receipted_message_id());
            prop_assert_eq!(walked.message_state, list.message_state());
            prop_assert_eq!(
                walked.network_error_code,
                list.get_bytes(TlvTag::NETWORK_ERROR_CODE).and_then(NetworkErrorCode::from_bytes)
            );
            prop_assert_eq!(
                walked.delivery_failure_reason,
                list.get_int(TlvTag::DELIVERY_FAILURE_REASON).map(|v| DeliveryFailureReason(v as u8))
            );
        }
    }
}
