//! Decode and encode of whole PDUs: spec and peer vectors.

use super::*;

use crate::test_vectors::hex;

// shared/vectors/bench-pdus.md: the 198-octet submit_sm.
const SUBMIT_SM_198: &str = "000000c60000000400000000000000010005004d794272616e64000101343437373030393030313233000800000000010000008c596f7572204d794272616e6420766572696669636174696f6e20636f6465206973203438323931332e204974206578706972657320696e203130206d696e757465732e204e65766572207368617265207468697320636f6465207769746820616e796f6e652c206f75722073746166662077696c6c206e657665722061736b20666f722069742e205468782e020400020001";

#[test]
fn roundtrip_bench_submit_sm() {
    let wire = hex(SUBMIT_SM_198);
    let f = decode(&wire, &DecodeOptions::default()).unwrap();
    let Pdu::SubmitSm(sm) = &f.pdu else {
        panic!("{:?}", f.pdu)
    };
    assert_eq!(sm.source_addr.as_bytes(), b"MyBrand");
    assert_eq!(sm.source_addr_ton, Ton::ALPHANUMERIC);
    assert_eq!(sm.destination_addr.as_bytes(), b"447700900123");
    assert_eq!(sm.short_message.len(), 140);
    assert_eq!(sm.registered_delivery, RegisteredDelivery(1));
    assert_eq!(sm.tlvs.user_message_reference(), Some(1));
    assert!(f.quirks.is_empty());
    let mut out = Vec::new();
    f.encode(&mut out);
    assert_eq!(out, wire);
    assert_eq!(f.pdu.command_length(CommandStatus::ESME_ROK), 198);
    let owned = f.clone().into_owned();
    assert_eq!(owned, f);
}

#[test]
fn rejects_bad_command_lengths_before_reading() {
    let opts = DecodeOptions::default();
    let e = decode(&hex("0000000f00000015000000000000000900"), &opts).unwrap_err();
    assert_eq!(
        e.kind(),
        DecodeErrorKind::CommandLengthTooShort { command_length: 15 }
    );
    assert_eq!(e.header().unwrap().sequence_number, 9);
    assert_eq!(e.command_status(), CommandStatus::ESME_RINVCMDLEN);
    assert_eq!(peek_command_length(&[0, 0, 0], &opts), Ok(None));
    assert_eq!(peek_command_length(&hex("00000010"), &opts), Ok(Some(16)));
    let e = peek_command_length(&hex("7fffffff"), &opts).unwrap_err();
    assert!(matches!(
        e.kind(),
        DecodeErrorKind::CommandLengthTooLong { .. }
    ));
    let e = decode(&hex("00000011000000150000000000000009"), &opts).unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::LengthMismatch { .. }));
}

// v3.4 §4.4.2: submit_sm_resp "body is not returned if the command_status field
// contains a non-zero value".
#[test]
fn accepts_error_response_without_body_and_encodes_it_so() {
    let wire = hex("00000010800000040000005800000002");
    let f = decode(&wire, &DecodeOptions::default()).unwrap();
    assert_eq!(f.pdu, Pdu::SubmitSmResp(SubmitSmResp::default()));
    assert_eq!(f.header.command_status, CommandStatus::ESME_RTHROTTLED);
    let mut out = Vec::new();
    f.encode(&mut out);
    assert_eq!(out, wire);
    // ESME_ROK without the body is a quirk.
    let ok = hex("00000010800000040000000000000002");
    assert!(decode(&ok, &DecodeOptions::default()).is_err());
    let f = decode(&ok, &DecodeOptions::lenient()).unwrap();
    assert!(f.quirks.contains(QuirkKind::MissingBody));
}

// Each quirk has its own switch: the submit_sm_resp above without its body, and
// enquire_link (v3.4 §4.11.1: header only) with two trailing octets.
#[test]
fn accepts_only_the_quirks_allowed() {
    let no_body = hex("00000010800000040000000000000002");
    let only_trailing = DecodeOptions::strict().allow_trailing_data(true);
    assert!(decode(&no_body, &only_trailing).is_err());
    let f = decode(&no_body, &DecodeOptions::strict().allow_missing_body(true)).unwrap();
    assert_eq!(f.quirks.len(), 1);
    let trailing = hex("000000120000001500000000000000070102");
    assert!(decode(&trailing, &DecodeOptions::strict()).is_err());
    assert!(decode(&trailing, &DecodeOptions::strict().allow_missing_nul(true)).is_err());
    let f = decode(&trailing, &only_trailing).unwrap();
    assert_eq!(f.pdu, Pdu::EnquireLink);
    assert!(f.quirks.contains(QuirkKind::TrailingData));
    assert!(!only_trailing.is_strict() && DecodeOptions::default().is_strict());
}

#[test]
fn accepts_default_responses() {
    assert_eq!(
        Pdu::EnquireLink.default_response(),
        Some(Pdu::EnquireLinkResp)
    );
    assert_eq!(
        Pdu::SubmitSm(SubmitSm::default()).default_response(),
        Some(Pdu::SubmitSmResp(SubmitSmResp::default()))
    );
    assert_eq!(Pdu::Outbind(Outbind::default()).default_response(), None);
    assert_eq!(Pdu::UnbindResp.default_response(), None);
}

// v3.4 §5.1.4 gives the range 0x00000001–0x7FFFFFFF, a value rule: the PDU decodes by
// default and the validation step reports it.
#[test]
fn accepts_sequence_number_zero_by_default() {
    let wire = hex("00000010000000150000000000000000");
    let f = decode(&wire, &DecodeOptions::default()).unwrap();
    assert_eq!(f.pdu, Pdu::EnquireLink);
    assert!(f.quirks.is_empty());
}

#[test]
fn roundtrip_unknown_command_id_and_status() {
    let wire = hex("000000140001020000000401000000070a0b0c0d");
    let f = decode(&wire, &DecodeOptions::default()).unwrap();
    assert_eq!(f.pdu.command_id(), CommandId(0x0001_0200));
    assert_eq!(f.header.command_status, CommandStatus(0x401));
    let mut out = Vec::new();
    f.encode(&mut out);
    assert_eq!(out, wire);
}
