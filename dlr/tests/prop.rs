//! Properties: parsing never panics on hostile input, strict acceptance implies lenient
//! acceptance without quirks, and any well-formed receipt we can write parses back.

use dlr::{DecodeOptions, FieldName, Receipt, State};
use proptest::prelude::*;

proptest! {
    #[test]
    fn accepts_any_bytes_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        for mode in [&DecodeOptions::strict(), &DecodeOptions::lenient()] {
            if let Err(e) = Receipt::parse(&bytes, mode) {
                prop_assert!(e.offset <= bytes.len());
            }
        }
    }

    // Receipt-shaped noise: keys and separators shuffled with arbitrary values.
    #[test]
    fn accepts_receipt_shaped_noise_without_panic(
        parts in proptest::collection::vec(
            (prop::sample::select(vec!["id:", "sub:", "dlvrd:", "submit date:", "done date:", "stat:", "err:", "text:", "Text:", "x:", " ", "  ", ":", "\0"]),
             "[ -~]{0,12}"),
            0..12)
    ) {
        let s: String = parts.iter().map(|(k, v)| format!("{k}{v}")).collect();
        let strict = Receipt::parse_str(&s, &DecodeOptions::strict());
        let lenient = Receipt::parse_str(&s, &DecodeOptions::lenient());
        if let Ok(r) = &strict {
            let l = lenient.as_ref().expect("strict ok implies lenient ok");
            prop_assert!(l.quirks.is_empty());
            prop_assert_eq!(r, l);
        }
    }

    // roundtrip: an Appendix B receipt written from values parses back to them (SMPP 3.4
    // Appendix B field layout).
    #[test]
    fn roundtrip_appendix_b_fields(
        id in "[0-9A-Za-z-]{1,40}",
        sub in 0u32..1000, dlvrd in 0u32..1000,
        y in 0u8..100, mo in 1u8..13, d in 1u8..29, h in 0u8..24, mi in 0u8..60,
        stat in prop::sample::select(vec!["DELIVRD", "EXPIRED", "DELETED", "UNDELIV", "ACCEPTD", "UNKNOWN", "REJECTD", "ENROUTE"]),
        err in 0u32..1000,
        text in "[ -~]{0,20}",
    ) {
        let date = format!("{y:02}{mo:02}{d:02}{h:02}{mi:02}");
        let s = format!("id:{id} sub:{sub:03} dlvrd:{dlvrd:03} submit date:{date} done date:{date} stat:{stat} err:{err:03} text:{text}");
        let r = Receipt::parse_str(&s, &DecodeOptions::strict()).unwrap();
        prop_assert_eq!(r.id(), Some(id.as_bytes()));
        prop_assert_eq!((r.submitted(), r.delivered(), r.err_code()), (Some(sub), Some(dlvrd), Some(err)));
        let parsed = r.submit_date().unwrap();
        prop_assert_eq!((parsed.month, parsed.day, parsed.hour, parsed.minute), (mo, d, h, mi));
        prop_assert_eq!(r.state(), State::from_stat(stat.as_bytes()).map(|s| s.0));
        prop_assert_eq!(r.raw(FieldName::Text), Some(text.trim().as_bytes()));
    }
}

mod table {
    use core::time::Duration;
    use dlr::{
        CorrelationConfig, CorrelationTable, DeliveryReport, IdNormalizer, MessageState,
        ReceiptTlvs,
    };
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        Begin(u16),
        Submit(usize, u16, u8),
        Report(u8, u8),
        Expire(u64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u16..5).prop_map(Op::Begin),
            (0usize..8, 0u16..5, 0u8..16).prop_map(|(h, p, id)| Op::Submit(h, p, id)),
            (0u8..16, 0u8..10).prop_map(|(id, st)| Op::Report(id, st)),
            (0u64..50).prop_map(Op::Expire),
        ]
    }

    proptest! {
        // Bounds hold under any interleaving (shared/STYLE.md pitfall 3), and nothing panics.
        #[test]
        fn accepts_any_operation_sequence_within_bounds(ops in proptest::collection::vec(op(), 0..80)) {
            let cfg = CorrelationConfig {
                max_messages: 4,
                max_pending_reports: 3,
                max_parts: 4,
                message_ttl: Duration::from_secs(20),
                pending_ttl: Duration::from_secs(5),
            };
            let mut table = CorrelationTable::new(IdNormalizer::default(), cfg);
            let mut handles = Vec::new();
            let mut now = Duration::ZERO;
            for op in ops {
                now += Duration::from_secs(1);
                match op {
                    Op::Begin(parts) => {
                        if let Ok(h) = table.begin(now, (), parts) {
                            handles.push(h);
                        }
                    }
                    Op::Submit(h, part, id) => {
                        if let Some(&h) = handles.get(h) {
                            let _ = table.submitted(now, h, part, &id.to_string());
                        }
                    }
                    Op::Report(id, st) => {
                        let id = id.to_string();
                        let tlvs = ReceiptTlvs {
                            receipted_message_id: Some(id.as_bytes()),
                            message_state: Some(MessageState(st)),
                            ..ReceiptTlvs::default()
                        };
                        let _ = table.report(now, DeliveryReport::from_tlvs(&tlvs).unwrap());
                    }
                    Op::Expire(dt) => {
                        let _ = table.expire(now + Duration::from_secs(dt));
                    }
                }
                prop_assert!(table.len() <= 4);
                prop_assert!(table.pending_reports() <= 3);
            }
        }
    }
}
