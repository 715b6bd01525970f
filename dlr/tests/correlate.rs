//! The correlation table: reports matched to submissions across id encodings, early
//! reports, multi-part messages, bounds and expiry (time passed in, never read).

use core::time::Duration;
use dlr::{
    CorrelationConfig, CorrelationError, CorrelationTable, DecodeOptions, DeliveryReport, IdFormat,
    IdNormalizer, MessageState, Outcome, Receipt, ReceiptTlvs, State,
};

fn t(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn text_report(id: &str, stat: &str) -> DeliveryReport {
    let s = format!(
        "id:{id} sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:{stat} err:000 text:"
    );
    DeliveryReport::from_receipt(&Receipt::parse_str(&s, &DecodeOptions::strict()).unwrap())
        .unwrap()
}

fn table<T>() -> CorrelationTable<T> {
    CorrelationTable::new(IdNormalizer::default(), CorrelationConfig::default())
}

// cloudhopper-smpp DeliveryReceiptTest parseRealWorldReceipt0: the SMSC's submit_sm_resp id is
// hex (`38601fa`, as its receipted_message_id), the receipt text id decimal (`0059113978`).
#[test]
fn accepts_hex_submit_resp_with_decimal_receipt() {
    let ids = IdNormalizer {
        submit_resp: IdFormat::Hex,
        receipt_text: IdFormat::Decimal,
        ..IdNormalizer::default()
    };
    let mut tab = CorrelationTable::new(ids, CorrelationConfig::default());
    let h = tab.begin(t(0), "m1", 1).unwrap();
    assert_eq!(
        tab.submitted(t(0), h, 0, "38601fa").unwrap(),
        Outcome::NothingPending
    );
    let c = tab
        .report(t(5), text_report("0059113978", "DELIVRD"))
        .completion()
        .unwrap();
    assert_eq!(
        (c.user_data, c.state(), c.expired),
        ("m1", State::Delivered, false)
    );
    assert_eq!(c.parts[0].message_id.as_deref(), Some("38601fa"));
    assert!(tab.is_empty());
}

// python-smpplib test_parse_deliver_sm: receipted_message_id hex `1d305b4c` while the
// submit_sm_resp id was decimal; the TLV id is normalised with the TLV's format.
#[test]
fn accepts_tlv_id_in_its_own_format() {
    let ids = IdNormalizer {
        submit_resp: IdFormat::Decimal,
        receipt_tlv: IdFormat::Hex,
        ..IdNormalizer::default()
    };
    let mut tab = CorrelationTable::new(ids, CorrelationConfig::default());
    let h = tab.begin(t(0), (), 1).unwrap();
    tab.submitted(t(0), h, 0, "0489708364").unwrap();
    let tlvs = ReceiptTlvs {
        receipted_message_id: Some(b"1d305b4c"),
        message_state: Some(MessageState::DELIVERED),
        ..Default::default()
    };
    let report = DeliveryReport::from_tlvs(&tlvs).unwrap();
    assert!(tab.report(t(1), report).completion().is_some());
}

// The issue: "receipts for each part of a long message arriving before the submit_sm_resp".
// Three parts; part 1's and part 0's receipts overtake their responses.
#[test]
fn accepts_reports_before_submit_resp_for_each_part() {
    let mut tab = table();
    let h = tab.begin(t(0), "long", 3).unwrap();
    assert!(matches!(
        tab.report(t(1), text_report("B", "DELIVRD")),
        Outcome::Buffered { evicted: None }
    ));
    assert!(matches!(
        tab.report(t(1), text_report("A", "DELIVRD")),
        Outcome::Buffered { evicted: None }
    ));
    assert_eq!(tab.pending_reports(), 2);
    let o = tab.submitted(t(2), h, 1, "B").unwrap();
    assert!(matches!(
        o,
        Outcome::Updated {
            part: 1,
            state: State::Delivered,
            ..
        }
    ));
    tab.submitted(t(2), h, 0, "A").unwrap();
    assert_eq!(
        tab.submitted(t(2), h, 2, "C").unwrap(),
        Outcome::NothingPending
    );
    assert_eq!(tab.pending_reports(), 0);
    let o = tab.report(t(3), text_report("C", "ENROUTE"));
    assert!(matches!(
        o,
        Outcome::Updated {
            part: 2,
            state: State::Enroute,
            ..
        }
    ));
    let c = tab
        .report(t(4), text_report("C", "DELIVRD"))
        .completion()
        .unwrap();
    assert_eq!(c.state(), State::Delivered);
    assert!(c.parts.iter().all(|p| p.state == Some(State::Delivered)));
}

// A part that fails makes the message fail; a late ENROUTE never overwrites a final state
// (SMPP 3.4 Appendix B Table B-2: final states are final).
#[test]
fn accepts_partial_failure_and_ignores_late_intermediate() {
    let mut tab = table();
    let h = tab.begin(t(0), 7u32, 2).unwrap();
    tab.submitted(t(0), h, 0, "p0").unwrap();
    tab.submitted(t(0), h, 1, "p1").unwrap();
    tab.report(t(1), text_report("p0", "UNDELIV"));
    tab.report(t(1), text_report("p0", "ENROUTE"));
    let c = tab
        .report(t(2), text_report("p1", "DELIVRD"))
        .completion()
        .unwrap();
    assert_eq!(c.parts[0].state, Some(State::Undeliverable));
    assert_eq!(c.state(), State::Undeliverable);
}

// A submit_sm_resp with an error status: that part gets no receipt and counts as rejected.
#[test]
fn accepts_submit_failure_as_final_part() {
    let mut tab = table();
    let h = tab.begin(t(0), (), 2).unwrap();
    tab.submitted(t(0), h, 0, "x").unwrap();
    assert!(matches!(
        tab.submit_failed(h, 1).unwrap(),
        Outcome::Updated { .. }
    ));
    let c = tab
        .report(t(1), text_report("x", "DELIVRD"))
        .completion()
        .unwrap();
    assert_eq!(c.state(), State::Rejected);
}

#[test]
fn rejects_misuse() {
    let mut tab = CorrelationTable::new(
        IdNormalizer::default(),
        CorrelationConfig {
            max_messages: 1,
            ..CorrelationConfig::default()
        },
    );
    assert!(matches!(
        tab.begin(t(0), (), 0),
        Err(CorrelationError::InvalidParts { .. })
    ));
    assert!(matches!(
        tab.begin(t(0), (), 256),
        Err(CorrelationError::InvalidParts { .. })
    ));
    let h = tab.begin(t(0), (), 1).unwrap();
    assert_eq!(tab.begin(t(0), (), 1), Err(CorrelationError::Full(1)));
    assert_eq!(
        tab.submitted(t(0), h, 1, "a"),
        Err(CorrelationError::PartOutOfRange { part: 1, parts: 1 })
    );
    tab.submitted(t(0), h, 0, "a").unwrap();
    assert_eq!(
        tab.submitted(t(0), h, 0, "b"),
        Err(CorrelationError::AlreadySubmitted(0))
    );
    tab.cancel(h).unwrap();
    assert_eq!(
        tab.submitted(t(0), h, 0, "a"),
        Err(CorrelationError::UnknownHandle)
    );
    let h2 = tab.begin(t(0), (), 1).unwrap();
    tab.submitted(t(0), h2, 0, "a").unwrap();
    let h3 = {
        tab.cancel(h2);
        tab.begin(t(0), (), 1).unwrap()
    };
    tab.submitted(t(0), h3, 0, "dup").unwrap();
    tab.cancel(h3);
    assert!(tab.is_empty());
}

#[test]
fn rejects_duplicate_tracked_id() {
    let mut tab = table();
    let a = tab.begin(t(0), (), 1).unwrap();
    let b = tab.begin(t(0), (), 1).unwrap();
    tab.submitted(t(0), a, 0, "same").unwrap();
    assert_eq!(
        tab.submitted(t(0), b, 0, "same"),
        Err(CorrelationError::DuplicateId("same".into()))
    );
}

// Pitfall 3 of shared/STYLE.md: bounded buffers with injected time.
#[test]
fn accepts_bounded_pending_buffer_evicting_oldest() {
    let mut tab: CorrelationTable<()> = CorrelationTable::new(
        IdNormalizer::default(),
        CorrelationConfig {
            max_pending_reports: 2,
            ..CorrelationConfig::default()
        },
    );
    tab.report(t(0), text_report("a", "DELIVRD"));
    tab.report(t(1), text_report("b", "DELIVRD"));
    match tab.report(t(2), text_report("c", "DELIVRD")) {
        Outcome::Buffered { evicted: Some(r) } => assert_eq!(r.message_id, "a"),
        other => panic!("{other:?}"),
    }
    assert_eq!(tab.pending_reports(), 2);
}

#[test]
fn accepts_expiry_with_time_passed_in() {
    let cfg = CorrelationConfig {
        message_ttl: t(100),
        pending_ttl: t(10),
        ..CorrelationConfig::default()
    };
    let mut tab = CorrelationTable::new(IdNormalizer::default(), cfg);
    let h = tab.begin(t(0), "old", 2).unwrap();
    tab.submitted(t(0), h, 0, "x").unwrap();
    tab.report(t(1), text_report("x", "DELIVRD"));
    tab.report(t(5), text_report("orphan", "DELIVRD"));
    assert_eq!(tab.poll_timeout(), Some(t(15)));
    let e = tab.expire(t(14));
    assert!(e.messages.is_empty() && e.orphan_reports.is_empty());
    let e = tab.expire(t(15));
    assert_eq!(e.orphan_reports.len(), 1);
    assert_eq!(tab.poll_timeout(), Some(t(100)));
    let e = tab.expire(t(100));
    let c = &e.messages[0];
    assert!(c.expired);
    assert_eq!(c.parts[1].state, None);
    assert_eq!(c.state(), State::Unknown);
    assert!(tab.is_empty());
    assert_eq!(tab.poll_timeout(), None);
}

// SMPP 3.4 Appendix B Table B-2: final states are final. An SMSC that resends a receipt,
// or sends a contradicting one later, changes nothing: the first final state sticks.
#[test]
fn accepts_first_final_state_and_reports_duplicates() {
    let mut tab = table();
    let h = tab.begin(t(0), 1u32, 2).unwrap();
    tab.submitted(t(0), h, 0, "a").unwrap();
    tab.submitted(t(0), h, 1, "b").unwrap();
    tab.report(t(1), text_report("a", "UNDELIV"));
    for stat in ["UNDELIV", "DELIVRD", "ENROUTE"] {
        assert_eq!(
            tab.report(t(2), text_report("a", stat)),
            Outcome::Duplicate {
                handle: h,
                part: 0,
                state: text_report("a", stat).state
            }
        );
    }
    let c = tab
        .report(t(3), text_report("b", "DELIVRD"))
        .completion()
        .unwrap();
    assert_eq!(c.state(), State::Undeliverable);
}
