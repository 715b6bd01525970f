//! dlr target: SMPP Appendix B receipt text, strict and lenient.
//!
//! Shared by the `receipt_text` fuzz target and by `dlr/tests/fuzz_corpus.rs`, which replays
//! the committed corpus through the same function.

use dlr::{DecodeOptions, DeliveryReport, FieldName, Receipt, ReceiptFields, WriteError};

/// Receipt text as found in `short_message`.
///
/// Checks: errors point inside the text; what strict parsing accepts, lenient parsing
/// accepts identically with no quirk; every field lies inside the text; a parsed receipt's
/// accessors and its mapping to a [`DeliveryReport`] do not panic; parse → write → parse is
/// stable (the writer refuses only what Appendix B cannot carry).
pub fn receipt_text(data: &[u8]) {
    let strict = Receipt::parse(data, &DecodeOptions::strict());
    let lenient = Receipt::parse(data, &DecodeOptions::lenient());
    if let Ok(s) = &strict {
        assert!(s.quirks.is_empty(), "strict parsing forgives nothing");
        assert_eq!(
            lenient.as_ref(),
            Ok(s),
            "lenient accepts what strict accepts, unchanged"
        );
    }
    for parsed in [strict, lenient] {
        let r = match parsed {
            Ok(r) => r,
            Err(e) => {
                assert!(e.offset <= data.len(), "{e:?} points past the text");
                let _ = e.to_string();
                continue;
            }
        };
        for name in FieldName::ALL {
            if let Some(f) = r.field(name) {
                assert!(f.offset + f.key.len() <= data.len());
                let _ = f.value_str();
            }
        }
        for f in &r.extra {
            assert!(f.offset + f.key.len() <= data.len());
        }
        let _ = (
            r.id(),
            r.state(),
            r.submitted(),
            r.delivered(),
            r.err_code(),
        );
        let _ = (r.submit_date(), r.done_date());
        if let Ok(report) = DeliveryReport::from_receipt(&r) {
            let _ = report.is_final();
        }
        rewrites_stably(&r);
    }
}

/// The values of a parsed receipt, written back as Appendix B text, parse into the same values.
fn rewrites_stably(r: &Receipt<'_>) {
    let Some(fields) = ReceiptFields::from_receipt(r) else {
        return; // an id or text that is not UTF-8
    };
    let text = match fields.to_text() {
        Ok(text) => text,
        // An id with spaces, a date outside the two-digit years or with a UTC offset, a text
        // holding the key of a field whose value was unreadable or ending in NUL (kept when
        // whitespace followed it): Appendix B cannot carry them.
        Err(
            WriteError::SpaceInId
            | WriteError::Date(_)
            | WriteError::TextHoldsKey(_)
            | WriteError::TextEdge,
        ) => return,
        Err(e) => panic!("writer refused {fields:?}: {e}"),
    };
    match Receipt::parse_str(&text, &DecodeOptions::lenient()) {
        Ok(again) => assert_eq!(
            ReceiptFields::from_receipt(&again),
            Some(fields),
            "{text:?} reads back"
        ),
        // Only a receipt of nothing at all (vendor fields alone) is not one.
        Err(e) => assert_eq!(text, "", "{fields:?} written as {text:?}: {e}"),
    }
}
