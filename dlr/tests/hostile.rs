//! A hostile corpus as regular tests: receipt texts and report floods a broken or malicious
//! SMSC can send, each answered by the documented typed error (kind, field, byte offset) or,
//! leniently, the documented quirk; and bounded memory under floods. The well-formed base is
//! cloudhopper-smpp DeliveryReceiptTest.parseShortMessage (as in tests/receipts.rs), in the
//! format of SMPP v3.4 Appendix B.
#![allow(missing_docs)]

use core::time::Duration;

use dlr::{
    CorrelationConfig, CorrelationError, CorrelationTable, DecodeOptions, DeliveryReport,
    FieldName, IdNormalizer, Outcome, ParseError, ParseErrorKind, Quirk, Receipt, State,
};

const GOOD: &str = "id:0123456789 sub:002 dlvrd:001 submit date:1005232039 done date:1005242339 stat:DELIVRD err:012 text:This is a sample mes";

fn strict_err(s: &[u8]) -> ParseError {
    Receipt::parse(s, &DecodeOptions::strict()).expect_err("strict must refuse")
}

#[test]
fn accepts_the_base_receipt() {
    let r = Receipt::parse_str(GOOD, &DecodeOptions::strict()).unwrap();
    assert_eq!(r.state(), Some(State::Delivered));
}

#[test]
fn rejects_empty_and_blank() {
    for s in [&b""[..], b"   ", b"\0"] {
        let e = Receipt::parse(s, &DecodeOptions::lenient()).unwrap_err();
        assert!(
            matches!(e.kind, ParseErrorKind::Empty | ParseErrorKind::NotAReceipt),
            "{s:?}: {e:?}"
        );
    }
    assert_eq!(strict_err(b"").kind, ParseErrorKind::Empty);
}

#[test]
fn rejects_text_that_is_not_a_receipt() {
    // A plain deliver_sm text, and binary garbage, are not receipts in either mode.
    for s in [
        &b"Hello, see you at 10:30"[..],
        b"\xff\xfe\x00\x01:",
        b"::::",
    ] {
        let e = Receipt::parse(s, &DecodeOptions::lenient()).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::NotAReceipt, "{s:?}");
    }
}

#[test]
fn rejects_duplicate_field_and_lenient_keeps_the_first() {
    // (Before `text:`, which runs to the end of the receipt.)
    let s = GOOD.replace(" err:", " stat:UNDELIV err:");
    let at = GOOD.find(" err:").unwrap() + 1;
    let e = strict_err(s.as_bytes());
    assert_eq!(e.kind, ParseErrorKind::DuplicateField);
    assert_eq!(e.field, Some(FieldName::Stat));
    assert_eq!(e.offset, at);
    let r = Receipt::parse_str(&s, &DecodeOptions::lenient()).unwrap();
    assert_eq!(r.state(), Some(State::Delivered), "the first value is kept");
    assert!(r.quirks.contains(&Quirk::DuplicateField {
        field: FieldName::Stat,
        offset: at
    }));
}

#[test]
fn rejects_missing_required_field() {
    // No `stat:`.
    let s = GOOD.replace(" stat:DELIVRD", "");
    let e = strict_err(s.as_bytes());
    assert_eq!(
        (e.kind, e.field),
        (ParseErrorKind::MissingField, Some(FieldName::Stat))
    );
    let r = Receipt::parse_str(&s, &DecodeOptions::lenient()).unwrap();
    assert!(r.quirks.contains(&Quirk::MissingField(FieldName::Stat)));
}

#[test]
fn rejects_count_that_overflows() {
    // `sub` must be a decimal count that fits 32 bits: 2^32 does not. The offset is the
    // value's.
    let s = GOOD.replace("sub:002", "sub:4294967296");
    let e = strict_err(s.as_bytes());
    assert_eq!(
        (e.kind, e.field, e.offset),
        (ParseErrorKind::InvalidCount, Some(FieldName::Sub), 18)
    );
    // Leniently the count is dropped and reported.
    let r = Receipt::parse_str(&s, &DecodeOptions::lenient()).unwrap();
    assert_eq!(r.submitted(), None);
    assert!(
        r.quirks.contains(&Quirk::InvalidCount(FieldName::Sub)),
        "{:?}",
        r.quirks
    );
}

#[test]
fn rejects_invalid_dates() {
    // Month 13 in `submit date` (YYMMDDhhmm, Appendix B).
    let s = GOOD.replace("submit date:1005232039", "submit date:1013232039");
    let e = strict_err(s.as_bytes());
    assert_eq!(
        (e.kind, e.field),
        (ParseErrorKind::InvalidDate, Some(FieldName::SubmitDate))
    );
    assert_eq!(
        e.offset,
        GOOD.find("1005232039").unwrap(),
        "the value's offset"
    );
}

#[test]
fn rejects_unknown_stat() {
    let s = GOOD.replace("DELIVRD", "BADSTAT");
    let e = strict_err(s.as_bytes());
    assert_eq!(
        (e.kind, e.field),
        (ParseErrorKind::UnknownStat, Some(FieldName::Stat))
    );
}

#[test]
fn rejects_key_case_and_whitespace_strictly() {
    let e = strict_err(GOOD.replace("stat:", "STAT:").as_bytes());
    assert_eq!(
        (e.kind, e.field),
        (ParseErrorKind::KeyCase, Some(FieldName::Stat))
    );
    let e = strict_err(GOOD.replace(" sub:", "\t sub:").as_bytes());
    assert_eq!(e.kind, ParseErrorKind::Whitespace);
    assert_eq!(e.offset, GOOD.find(" sub:").unwrap());
}

#[test]
fn rejects_trailing_nul_strictly() {
    // A C-string NUL left on the short_message.
    let s = format!("{GOOD}\0");
    let e = strict_err(s.as_bytes());
    assert_eq!(
        (e.kind, e.offset),
        (ParseErrorKind::TrailingNul, GOOD.len())
    );
    assert!(Receipt::parse_str(&s, &DecodeOptions::lenient()).is_ok());
}

#[test]
fn rejects_overlong_receipts_without_panic() {
    // A megabyte of fields and a megabyte-long id: parsing returns, offsets stay inside.
    let many = "id:1 ".repeat(200_000);
    for mode in [&DecodeOptions::strict(), &DecodeOptions::lenient()] {
        match Receipt::parse(many.as_bytes(), mode) {
            Ok(r) => assert!(r.extra.len() < 200_000 || mode == &DecodeOptions::lenient()),
            Err(e) => assert!(e.offset <= many.len()),
        }
    }
    let long_id = format!("id:{} stat:DELIVRD", "9".repeat(1 << 20));
    let r = Receipt::parse_str(&long_id, &DecodeOptions::lenient()).unwrap();
    assert_eq!(r.id().map(<[u8]>::len), Some(1 << 20));
    // Such an id is kept as written; correlation normalises what it can.
    let report = DeliveryReport::from_receipt(&r).unwrap();
    assert_eq!(report.message_id.len(), 1 << 20);
}

#[test]
fn rejects_every_truncation_with_an_offset_inside() {
    for n in 0..GOOD.len() {
        for mode in [&DecodeOptions::strict(), &DecodeOptions::lenient()] {
            if let Err(e) = Receipt::parse(&GOOD.as_bytes()[..n], mode) {
                assert!(e.offset <= n, "cut at {n}: {e:?}");
            }
        }
    }
}

#[test]
fn accepts_report_flood_with_bounded_memory() {
    // Reports for ids nobody submitted (or whose submit_sm_resp is late) are buffered up to
    // the cap; beyond it the oldest is dropped and handed back.
    let config = CorrelationConfig {
        max_pending_reports: 32,
        ..Default::default()
    };
    let mut t: CorrelationTable<u32> = CorrelationTable::new(IdNormalizer::default(), config);
    let mut evicted = 0;
    for i in 0..10_000u32 {
        let text = format!(
            "id:{i} sub:001 dlvrd:001 submit date:1005232039 done date:1005242339 stat:DELIVRD err:000 text:x"
        );
        let r = Receipt::parse_str(&text, &DecodeOptions::strict()).unwrap();
        let report = DeliveryReport::from_receipt(&r).unwrap();
        match t.report(Duration::from_millis(u64::from(i)), report) {
            Outcome::Buffered { evicted: Some(_) } => evicted += 1,
            Outcome::Buffered { evicted: None } | Outcome::NothingPending => {}
            _ => panic!("nothing was submitted"),
        }
        assert!(t.pending_reports() <= 32);
    }
    assert!(evicted > 0);
}

#[test]
fn rejects_message_flood_beyond_the_table() {
    let config = CorrelationConfig {
        max_messages: 100,
        ..Default::default()
    };
    let mut t: CorrelationTable<u32> = CorrelationTable::new(IdNormalizer::default(), config);
    for i in 0..100 {
        t.begin(Duration::ZERO, i, 1).unwrap();
    }
    assert_eq!(
        t.begin(Duration::ZERO, 100, 1).unwrap_err(),
        CorrelationError::Full(100)
    );
    assert_eq!(t.len(), 100);
    // 256-part messages do not exist (§9.2.3.24.1: one octet counts the parts).
    let e = t.begin(Duration::ZERO, 0, 256).unwrap_err();
    assert_eq!(
        e,
        CorrelationError::InvalidParts {
            parts: 256,
            max: 255
        }
    );
}
