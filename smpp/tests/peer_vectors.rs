//! Real-world PDUs published in the test suites of other SMPP implementations, decoded
//! strictly and re-encoded byte for byte; the assertions are the ones those projects make.

use smpp::{DecodeOptions, MessageState, Pdu, TlvTag, Ton, decode};

use test_support::hex;

fn roundtrip(wire: &[u8]) -> Pdu<'_> {
    let frame = decode(wire, &DecodeOptions::default()).unwrap();
    assert!(frame.quirks.is_empty());
    let mut out = Vec::new();
    frame.encode(&mut out);
    assert_eq!(out, wire);
    frame.pdu
}

// Source: python-smpplib/python-smpplib, tests/test_command.py, test_parse_deliver_sm (the
// bytes literal, hex-encoded): a receipt carried in message_payload, UCS-2 text after "text:".
#[test]
fn accepts_smpplib_deliver_sm_with_payload_receipt() {
    let wire = hex(
        "000000cb000000050000000000000001000101333136303030303030303000050058585820595959590004000000000000000000000e0001010006000101001e000931643330356234630004270001020424007269643a30343839373038333634207375623a30303120646c7672643a303031207375626d697420646174653a3138313031353139303720646f6e6520646174653a3138313031353139303720737461743a44454c49565244206572723a30303020746578743a041f044004380432043504420426000101",
    );
    let Pdu::DeliverSm(d) = roundtrip(&wire) else {
        panic!()
    };
    assert_eq!(d.source_addr_ton, Ton::INTERNATIONAL);
    assert_eq!(d.source_addr.as_bytes(), b"31600000000");
    assert_eq!(d.destination_addr.as_bytes(), b"XXX YYYY");
    assert_eq!(d.tlvs.receipted_message_id(), Some(&b"1d305b4c"[..]));
    assert_eq!(d.tlvs.get_int(TlvTag::SOURCE_NETWORK_TYPE), Some(1));
    assert_eq!(d.tlvs.message_state(), Some(MessageState::DELIVERED));
    assert_eq!(d.tlvs.user_message_reference(), None);
    assert!(d.message().starts_with(b"id:0489708364 sub:001"));
}

// Source: jookies/smpp.pdu (also vendored in jasmin), tests/test_pdu_encoding.py,
// test_deliver_sm_unknown_param_network_error_code: network_error_code sent as ASCII "000".
#[test]
fn accepts_smpp_pdu_deliver_sm_with_ascii_network_error_code() {
    let wire = hex(
        "000000e40000000500000000542e0f21312e303030000101323434393335353535300005005a4150000400000000000000008069643a3661336564393861363634343465386162616333616364396262613836353666207375623a30303120646c7672643a303030207375626d697420646174653a31343130313630303336353020646f6e6520646174653a31343130313630303338303020737461743a554e44454c4956206572723a30303020746578743a042300033030300427000105001e0021366133656439386136363434346538616261633361636439626261383635366600",
    );
    let Pdu::DeliverSm(d) = roundtrip(&wire) else {
        panic!()
    };
    assert_eq!(
        d.tlvs.get_bytes(TlvTag::NETWORK_ERROR_CODE),
        Some(&b"000"[..])
    );
    assert_eq!(d.tlvs.message_state(), Some(MessageState::UNDELIVERABLE));
    assert_eq!(
        d.tlvs.receipted_message_id(),
        Some(&b"6a3ed98a66444e8abac3acd9bba8656f"[..])
    );
    assert_eq!(d.service_type.as_bytes(), b"1.000");
}

// Source: jookies/smpp.pdu, tests/test_pdu_encoding.py, test_any_network_type ("Related to
// #120"): source_network_type / dest_network_type TLVs and a message_payload "Hi fikry".
#[test]
fn accepts_smpp_pdu_deliver_sm_with_network_types() {
    let wire = hex(
        "0000004500000005000000000000000100020135393232393631383600040933373435320000000000000000000000000e00010100060001010424000848692066696b7279",
    );
    let Pdu::DeliverSm(d) = roundtrip(&wire) else {
        panic!()
    };
    assert_eq!(d.tlvs.get_int(TlvTag::SOURCE_NETWORK_TYPE), Some(1));
    assert_eq!(d.tlvs.get_int(TlvTag::DEST_NETWORK_TYPE), Some(1));
    assert_eq!(d.text().unwrap(), "Hi fikry");
}

// Source: pruiz/AberrantSMPP, AberrantSMPP.Tests/PacketTest.cs, CanDecodeDeliverSm_01:
// a receipt whose text has GSM-7 escapes (1B3C, 1B3E) and a 3-octet network_error_code.
#[test]
fn accepts_aberrantsmpp_deliver_sm_receipt() {
    let wire = hex(
        "000000dd0000000500000000019182410001013334363439323836383039000501657669636572746961000400000000000000008569643a323533303932393134353232363637333732207375623a30303120646c7672643a303031207375626d697420646174653a3133303932393136353220646f6e6520646174653a3133303932393136353220737461743a44454c49565244206572723a3030303020746578743a1b3c657669534d531b3e0a534d532064652050727565042300030300000427000102001e001332353330393239313435323236363733373200",
    );
    let Pdu::DeliverSm(d) = roundtrip(&wire) else {
        panic!()
    };
    assert_eq!(
        d.tlvs.receipted_message_id(),
        Some(&b"253092914522667372"[..])
    );
    assert_eq!(d.tlvs.network_error_code(), Some((3, 0)));
    assert!(d.text().unwrap().contains("[eviSMS]"));
}
