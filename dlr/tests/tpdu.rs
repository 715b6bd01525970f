//! SMS-STATUS-REPORTs decoded by the `gsm-pdu` crate, mapped to the delivery-report model
//! (feature `gsm-pdu`). Vectors from shared/vectors/gsm-vectors.json (their sources named
//! there, verified with python-gammu, python-gsmmodem and tshark) and
//! shared/oracles/samples/tpdus.txt.
#![cfg(feature = "gsm-pdu")]

use dlr::{DeliveryReport, IdOrigin, Source, State};
use gsm_pdu::{DecodeOptions, Direction, Tpdu, decode, decode_with_smsc};

use test_support::hex;

fn report(tpdu: &Tpdu<'_>) -> DeliveryReport {
    let Tpdu::StatusReport(sr) = tpdu else {
        panic!("not a status report: {tpdu:?}")
    };
    DeliveryReport::from_status_report(sr)
}

// gsm-vectors.json mm-status-report-st30 (ModemManager src/tests/test-sms-part-3gpp.c
// test_pdu_not_stored): MR 90, RA 639337937, TP-ST 0x30 (temporary error, SC still trying).
#[test]
fn accepts_modemmanager_status_report_st30() {
    let bytes = hex("07914356060013F1065A098136397339F7219011700463802190117004638030");
    let d = decode_with_smsc(&bytes, Direction::MobileTerminated, DecodeOptions::strict()).unwrap();
    let r = report(&d.tpdu);
    assert_eq!(
        (r.message_id.as_str(), r.id_origin),
        ("90", IdOrigin::MessageReference)
    );
    assert_eq!((r.state, r.is_final()), (State::Enroute, false));
    assert_eq!(r.error_code, Some(0x30));
    assert_eq!(r.recipient.as_deref(), Some("639337937"));
    assert_eq!(
        r.submit_date.unwrap().to_string(),
        "2012-09-11T07:40:36+02:00"
    );
    assert_eq!(r.source, Source::StatusReport);
}

// gsm-vectors.json gammu-at-sms-30 (gammu tests/at-sms/30.dump): MR 232, TP-ST 0 delivered,
// SCTS 2009-09-07 16:48:22, DT 16:48:26, +02:00.
#[test]
fn accepts_gammu_status_report_delivered() {
    let bytes = hex("079124603050020006E80C91666666666666909070618422809090706184628000");
    let d = decode_with_smsc(&bytes, Direction::MobileTerminated, DecodeOptions::strict()).unwrap();
    let r = report(&d.tpdu);
    assert_eq!((r.message_id.as_str(), r.state), ("232", State::Delivered));
    assert!(r.is_final());
    assert_eq!(r.error_code, None);
    assert_eq!(
        r.done_date.unwrap().to_string(),
        "2009-09-07T16:48:26+02:00"
    );
}

// shared/oracles/samples/tpdus.txt status_report_delivered (no SCA; verified with tshark).
#[test]
fn accepts_oracle_status_report() {
    let bytes = hex("062a0c91447700091032421010210000004210102101000000");
    let tpdu = decode(&bytes, Direction::MobileTerminated, DecodeOptions::strict()).unwrap();
    let r = report(&tpdu.tpdu);
    assert_eq!((r.message_id.as_str(), r.state), ("42", State::Delivered));
}
