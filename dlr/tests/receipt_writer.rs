//! Writing receipts: Appendix B text from [`ReceiptFields`] and the receipt deliver_sm,
//! checked against what independent peers write, and read back by the parser.

use dlr::{
    DecodeOptions, DeliveryReport, FieldName, NetworkErrorCode, NetworkType, Receipt, ReceiptDate,
    ReceiptFields, State, WriteError, receipt_text_head,
};
use proptest::prelude::*;

fn date(y: u16, mo: u8, d: u8, h: u8, mi: u8, s: Option<u8>) -> ReceiptDate {
    ReceiptDate::new(y, mo, d, h, mi, s).unwrap()
}

// twitter-archive/cloudhopper-smpp DeliveryReceiptTest toShortMessage: cloudhopper's writer
// turns these values (text cut to Appendix B's "first 20 characters") into exactly this text.
#[test]
fn accepts_cloudhopper_to_short_message() {
    let head = receipt_text_head(
        "This is a sample message that I want to have added to the delivery receipt",
    );
    let fields = ReceiptFields {
        err: Some(12),
        text: Some(&head),
        ..ReceiptFields::new(
            "0123456789",
            State::Delivered,
            date(2010, 5, 23, 20, 39, None),
            date(2010, 5, 24, 23, 39, None),
        )
    };
    assert_eq!(
        fields.to_text().unwrap(),
        "id:0123456789 sub:001 dlvrd:001 submit date:1005232039 done date:1005242339 stat:DELIVRD err:012 text:This is a sample mes"
    );
}

// cloudhopper-smpp DeliveryReceiptTest parseRealWorldReceipt0: a receipt captured from a real
// SMSC, parsed and written back, gives the same text (cloudhopper asserts the same).
#[test]
fn roundtrip_cloudhopper_real_world_receipt() {
    let text = "id:0059113978 sub:001 dlvrd:001 submit date:1002101730 done date:1002101731 stat:DELIVRD err:000 text:@$#!%&/:";
    let r = Receipt::parse_str(text, &DecodeOptions::strict()).unwrap();
    let fields = ReceiptFields::from_receipt(&r).unwrap();
    assert_eq!(fields.to_text().unwrap(), text);
}

// The CLI simulator's receipt (cli/src/gateway/receipts.rs, read back by the smsc-sim.js oracle
// as "submit date:2611290348" for a receipt of 2026-11-29 03:48 UTC, oracles/README.md): the
// same text from a Unix time.
#[test]
fn accepts_receipt_dates_from_unix_time() {
    let at = |s| ReceiptDate::from_unix_seconds(s).unwrap().to_minute();
    let head = receipt_text_head("Hello [world] ünïcode text that is long");
    let fields = ReceiptFields {
        text: Some(&head),
        ..ReceiptFields::new("17", State::Delivered, at(1_795_924_080), at(1_795_924_140))
    };
    assert_eq!(
        fields.to_text().unwrap(),
        "id:17 sub:001 dlvrd:001 submit date:2611290348 done date:2611290349 stat:DELIVRD err:000 text:Hello ?world? ?n?cod"
    );
}

// /work/shared/oracles/samples/pdus.txt deliver_sm_receipt (verified with tshark's SMPP
// dissector): the whole receipt deliver_sm, byte for byte, from its values.
#[test]
fn accepts_oracle_deliver_sm_receipt_bytes() {
    let oracle = "000000b10000000500000000000000070001013434373730303930303132330001013132333435000400000000000000006b69643a30313233343536373839207375623a30303120646c7672643a303031207375626d697420646174653a3234303130313132303020646f6e6520646174653a3234303130313132303120737461743a44454c49565244206572723a30303020746578743a48656c6c6f001e000b30313233343536373839000427000102";
    let fields = ReceiptFields {
        text: Some("Hello"),
        ..ReceiptFields::new(
            "0123456789",
            State::Delivered,
            date(2024, 1, 1, 12, 0, None),
            date(2024, 1, 1, 12, 1, None),
        )
    };
    let mut sm = fields.to_deliver_sm(None).unwrap();
    sm.source_addr_ton = smpp::Ton::INTERNATIONAL;
    sm.source_addr_npi = smpp::Npi::ISDN;
    sm.source_addr = "447700900123".try_into().unwrap();
    sm.dest_addr_ton = smpp::Ton::INTERNATIONAL;
    sm.dest_addr_npi = smpp::Npi::ISDN;
    sm.destination_addr = "12345".try_into().unwrap();
    let wire = smpp::Pdu::DeliverSm(sm).to_vec(7, smpp::CommandStatus::ESME_ROK);
    let hex: String = wire.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, oracle);
}

// SMPP 3.4 §5.3.2.31 network_error_code (3 octets: type, code) when asked, §5.3.2.32
// message_payload for a text longer than short_message's 254 octets (§5.2.21); read back by
// the parser of the same crate and the smpp decoder.
#[test]
fn roundtrip_receipt_deliver_sm_through_smpp() {
    let long = "x".repeat(300);
    for (text, nec) in [
        (
            "Hello",
            Some(NetworkErrorCode {
                network_type: NetworkType::GSM,
                error_code: 11,
            }),
        ),
        (long.as_str(), None),
    ] {
        let fields = ReceiptFields {
            err: Some(11),
            text: Some(text),
            ..ReceiptFields::new(
                "a1b2",
                State::Undeliverable,
                date(2024, 1, 1, 12, 0, Some(5)),
                date(2024, 1, 1, 12, 1, Some(59)),
            )
        };
        let sm = fields.to_deliver_sm(nec).unwrap();
        let wire = smpp::Pdu::DeliverSm(sm).to_vec(1, smpp::CommandStatus::ESME_ROK);
        let frame = smpp::decode(&wire, &smpp::DecodeOptions::default()).unwrap();
        let smpp::Pdu::DeliverSm(sm) = &frame.pdu else {
            panic!("not a deliver_sm")
        };
        assert_eq!(sm.esm_class, 0x04);
        assert_eq!(sm.tlvs.network_error_code(), nec.map(|n| (3, n.error_code)));
        assert_eq!(sm.short_message.is_empty(), text.len() > 200);
        let report = DeliveryReport::from_deliver_sm(sm, &DecodeOptions::strict()).unwrap();
        assert_eq!(report.message_id, "a1b2");
        assert_eq!(report.state, State::Undeliverable);
        assert_eq!(report.error_code, Some(11));
        assert_eq!(report.done_date, fields.done_date);
        assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    }
}

// What Appendix B cannot carry so that it reads back is refused, not written wrong.
#[test]
fn rejects_values_that_would_not_read_back() {
    let d = date(2024, 1, 1, 12, 0, None);
    let ok = ReceiptFields::new("1", State::Delivered, d, d);
    let cases: [(ReceiptFields<'_>, WriteError); 7] = [
        (
            ReceiptFields { id: Some(""), ..ok },
            WriteError::EmptyValue(FieldName::Id),
        ),
        (
            ReceiptFields {
                id: Some("12 34"),
                ..ok
            },
            WriteError::SpaceInId,
        ),
        (
            ReceiptFields {
                text: Some(" hi"),
                ..ok
            },
            WriteError::TextEdge,
        ),
        (
            ReceiptFields {
                text: Some("hi\0"),
                ..ok
            },
            WriteError::TextEdge,
        ),
        (
            ReceiptFields {
                err: None,
                text: Some("a ERR:1"),
                ..ok
            },
            WriteError::TextHoldsKey(FieldName::Err),
        ),
        (
            ReceiptFields {
                submit_date: Some(date(2090, 1, 1, 0, 0, None)),
                ..ok
            },
            WriteError::Date(FieldName::SubmitDate),
        ),
        (
            ReceiptFields {
                done_date: ReceiptDate::parse(b"180711070003912+").map(|d| d.0),
                ..ok
            },
            WriteError::Date(FieldName::DoneDate),
        ),
    ];
    for (fields, want) in cases {
        assert_eq!(fields.to_text(), Err(want), "{fields:?}");
        let mut out = b"kept".to_vec();
        assert_eq!(fields.write(&mut out), Err(want));
        assert_eq!(out, b"kept");
    }
    // With every required field there, the text may hold any key.
    let fine = ReceiptFields {
        text: Some("a err:1 stat:X"),
        ..ok
    };
    assert!(fine.to_text().is_ok());
    assert_eq!(
        ReceiptFields {
            id: Some(&"1".repeat(65)),
            ..ok
        }
        .to_deliver_sm(None)
        .err(),
        Some(WriteError::IdTooLong)
    );
}

fn any_date() -> impl Strategy<Value = ReceiptDate> {
    (
        1990u16..2090,
        1u8..13,
        1u8..32,
        0u8..24,
        0u8..60,
        prop::option::of(0u8..60),
    )
        .prop_filter_map("a day of that month", |(y, mo, d, h, mi, s)| {
            ReceiptDate::new(y, mo, d, h, mi, s)
        })
}

fn any_state() -> impl Strategy<Value = State> {
    prop::sample::select(State::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    // Write → parse gives back the value, strictly: any complete receipt Appendix B can carry
    // (SMPP 3.4 Appendix B Table B-1 fields, Table B-2 and SMPP 5.0 states).
    #[test]
    fn roundtrip_complete_receipt_strictly(
        id in "[!-~]{1,40}",
        sub in any::<u32>(), dlvrd in any::<u32>(), err in any::<u32>(),
        submit in any_date(), done in any_date(), state in any_state(),
        text in prop::option::of("[^\\s\0]([^\0]{0,30}[^\\s\0])?|"),
    ) {
        let fields = ReceiptFields {
            id: Some(&id), submitted: Some(sub), delivered: Some(dlvrd),
            submit_date: Some(submit), done_date: Some(done), state: Some(state),
            err: Some(err), text: text.as_deref(),
        };
        let written = fields.to_text().unwrap();
        let r = Receipt::parse_str(&written, &DecodeOptions::strict()).unwrap();
        prop_assert!(r.quirks.is_empty());
        prop_assert_eq!(ReceiptFields::from_receipt(&r), Some(fields));
    }

    // Any fields, some absent: written when the writer accepts them, read back leniently into
    // the same values (the absent ones reported missing).
    #[test]
    fn roundtrip_partial_receipt_leniently(
        id in prop::option::of("[!-~]{1,12}|[ -~]{0,6}"),
        sub in prop::option::of(any::<u32>()), dlvrd in prop::option::of(0u32..1000),
        err in prop::option::of(0u32..1000),
        submit in prop::option::of(any_date()), done in prop::option::of(any_date()),
        state in prop::option::of(any_state()),
        text in prop::option::of("[ -~\t]{0,30}"),
    ) {
        let fields = ReceiptFields {
            id: id.as_deref(), submitted: sub, delivered: dlvrd, submit_date: submit,
            done_date: done, state, err, text: text.as_deref(),
        };
        match fields.to_text() {
            Ok(written) => {
                match Receipt::parse_str(&written, &DecodeOptions::lenient()) {
                    Ok(r) => prop_assert_eq!(ReceiptFields::from_receipt(&r), Some(fields)),
                    // Nothing written at all, or only a text: not a receipt.
                    Err(_) => prop_assert!(fields.id.is_none() && fields.state.is_none()
                        && fields.err.is_none() && sub.is_none() && dlvrd.is_none()
                        && submit.is_none() && done.is_none()),
                }
            }
            Err(e) => prop_assert_eq!(Err(e), fields.check()),
        }
    }
}
