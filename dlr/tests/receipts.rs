//! Receipts published by SMSCs, aggregators, peers' test suites and issue threads. Each
//! test names where its receipt comes from; the expected values are those the source
//! states (or, for quirks, what SMPP 3.4 Appendix B says about them).

use dlr::{
    Conflict, DecodeOptions, DeliveryFailureReason, DeliveryReport, FieldName, MessageState,
    NetworkErrorCode, ParseError, ParseErrorKind, Quirk, Receipt, ReceiptDate, ReceiptFields,
    ReceiptTlvs, ReportError, Source, State, WriteError,
};

fn strict(s: &str) -> Receipt<'_> {
    let r = Receipt::parse_str(s, &DecodeOptions::strict())
        .unwrap_or_else(|e| panic!("strict: {e}: {s}"));
    rewrites_stably(&r, s);
    r
}

fn lenient(s: &str) -> Receipt<'_> {
    let r = Receipt::parse_str(s, &DecodeOptions::lenient())
        .unwrap_or_else(|e| panic!("lenient: {e}: {s}"));
    rewrites_stably(&r, s);
    r
}

/// Parse → write → parse is stable for every receipt these tests read: the values of the
/// parsed receipt, written back as Appendix B text ([`ReceiptFields`]), parse (leniently, and
/// strictly when every required field is there) into the same values. The only values the
/// writer may refuse are those Appendix B cannot carry: an id with spaces inside, a date with
/// a UTC offset or outside the two-digit-year window.
fn rewrites_stably(r: &Receipt<'_>, s: &str) {
    let Some(fields) = ReceiptFields::from_receipt(r) else {
        panic!("not UTF-8 in a UTF-8 receipt: {s:?}");
    };
    let text = match fields.to_text() {
        Ok(text) => text,
        Err(WriteError::SpaceInId | WriteError::Date(_)) => return,
        Err(e) => panic!("{e}: {fields:?} from {s:?}"),
    };
    let again = Receipt::parse_str(&text, &DecodeOptions::lenient()).unwrap();
    assert_eq!(
        ReceiptFields::from_receipt(&again),
        Some(fields),
        "{s:?} -> {text:?}"
    );
    let complete = FieldName::ALL
        .iter()
        .all(|&n| !n.is_required() || again.raw(n).is_some());
    if complete {
        let strict = Receipt::parse_str(&text, &DecodeOptions::strict())
            .unwrap_or_else(|e| panic!("{e}: {text:?}"));
        assert_eq!(
            ReceiptFields::from_receipt(&strict),
            Some(fields),
            "{s:?} -> {text:?}"
        );
    }
}

fn strict_err(s: &str) -> ParseError {
    match Receipt::parse_str(s, &DecodeOptions::strict()) {
        Ok(r) => panic!("strict accepted {s:?}: {r:?}"),
        Err(e) => e,
    }
}

fn raw<'a>(r: &Receipt<'a>, name: FieldName) -> Option<&'a str> {
    r.raw(name).map(|v| core::str::from_utf8(v).unwrap())
}

fn date(s: &str) -> Option<ReceiptDate> {
    Some(ReceiptDate::parse(s.as_bytes()).unwrap().0)
}

/// Strict and lenient agree on a well-formed receipt, and lenient reports nothing.
fn well_formed(s: &str) -> Receipt<'_> {
    let r = strict(s);
    assert_eq!(lenient(s), r);
    assert!(r.quirks.is_empty());
    r
}

// ---- well-formed receipts -------------------------------------------------------------------

// twitter-archive/cloudhopper-smpp src/test/java/com/cloudhopper/smpp/util/DeliveryReceiptTest.java
// parseShortMessage.
#[test]
fn accepts_cloudhopper_parse_short_message() {
    let r = well_formed(
        "id:0123456789 sub:002 dlvrd:001 submit date:1005232039 done date:1005242339 stat:DELIVRD err:012 text:This is a sample mes",
    );
    assert_eq!(raw(&r, FieldName::Id), Some("0123456789"));
    assert_eq!((r.submitted(), r.delivered()), (Some(2), Some(1)));
    assert_eq!(r.submit_date(), ReceiptDate::new(2010, 5, 23, 20, 39, None));
    assert_eq!(r.done_date(), ReceiptDate::new(2010, 5, 24, 23, 39, None));
    assert_eq!(r.state(), Some(State::Delivered));
    assert_eq!(r.err_code(), Some(12));
    assert_eq!(raw(&r, FieldName::Text), Some("This is a sample mes"));
}

// cloudhopper-smpp DeliveryReceiptTest parseShortMessage: "example receipt from smsc
// simulator (checks case sensitivity)", `Text:` capitalised as in SMPP 3.4 Appendix B.
#[test]
fn accepts_capitalised_text_key() {
    let r = well_formed(
        "id:4 sub:001 dlvrd:001 submit date:1006020051 done date:1006020051 stat:DELIVRD err:000 Text:Hello",
    );
    assert_eq!(raw(&r, FieldName::Id), Some("4"));
    assert_eq!(raw(&r, FieldName::Text), Some("Hello"));
    assert_eq!(r.field(FieldName::Text).unwrap().key, b"Text");
}

// cloudhopper-smpp DeliveryReceiptTest parseRealWorldReceipt0: text with punctuation and a
// colon, which runs to the end.
#[test]
fn accepts_text_with_colon_running_to_end() {
    let r = well_formed(
        "id:0059113978 sub:001 dlvrd:001 submit date:1002101730 done date:1002101731 stat:DELIVRD err:000 text:@$#!%&/:",
    );
    assert_eq!(raw(&r, FieldName::Text), Some("@$#!%&/:"));
    assert!(r.extra.is_empty());
}

// cloudhopper-smpp DeliveryReceiptTest parseReceiptWithTimestampIncludingSeconds: UUID id,
// 12-digit dates, empty text.
#[test]
fn accepts_uuid_id_and_twelve_digit_dates() {
    let r = well_formed(
        "id:74e02ee1-4e2f-4a6e-a78b-4b247d756a22 sub:001 dlvrd:001 submit date:110206193041 done date:110206193110 stat:DELIVRD err:000 text:",
    );
    assert_eq!(
        raw(&r, FieldName::Id),
        Some("74e02ee1-4e2f-4a6e-a78b-4b247d756a22")
    );
    assert_eq!(
        r.submit_date(),
        ReceiptDate::new(2011, 2, 6, 19, 30, Some(41))
    );
    assert_eq!(
        r.done_date(),
        ReceiptDate::new(2011, 2, 6, 19, 31, Some(10))
    );
    assert_eq!(raw(&r, FieldName::Text), Some(""));
}

// cloudhopper-smpp DeliveryReceiptTest parseReceiptWithFieldsOutOfOrder: every field out of
// order and `text:` followed by `stat:`; the source expects stat DELIVRD and no text.
#[test]
fn accepts_fields_out_of_order_with_text_before_stat() {
    let r = well_formed(
        "sub:001 id:74e02ee1-4e2f-4a6e-a78b-4b247d756a22 err:000 dlvrd:001 done date:110206193110 submit date:110206193041 text: stat:DELIVRD",
    );
    assert_eq!(r.state(), Some(State::Delivered));
    assert_eq!(raw(&r, FieldName::Text), Some(""));
    assert_eq!(
        r.submit_date(),
        ReceiptDate::new(2011, 2, 6, 19, 30, Some(41))
    );
}

// cloudhopper-smpp DeliveryReceiptTest parseShortMessageWith11DigitLongMessageId: ENROUTE.
#[test]
fn accepts_enroute_as_intermediate() {
    let r = well_formed(
        "id:98765432101 sub:000 dlvrd:000 submit date:1001010000 done date:1001010000 stat:ENROUTE err:000 text:",
    );
    let report = DeliveryReport::from_receipt(&r).unwrap();
    assert_eq!(report.state, State::Enroute);
    assert!(!report.is_final());
    assert_eq!(report.message_id, "98765432101");
}

// opentelecoms-org/jsmpp DeliveryReceiptParserTest parseTextWithLowerCase.
#[test]
fn accepts_jsmpp_lower_case_text() {
    let r = well_formed(
        "id:0123456789 sub:001 dlvrd:001 submit date:0809011130 done date:0809011131 stat:DELIVRD err:000 text:testing jSMPP bow",
    );
    assert_eq!(raw(&r, FieldName::Text), Some("testing jSMPP bow"));
    assert_eq!(r.submit_date(), ReceiptDate::new(2008, 9, 1, 11, 30, None));
}

// opentelecoms-org/jsmpp DeliveryReceiptParserTest parsingTextWithUpperCase.
#[test]
fn accepts_jsmpp_upper_case_text() {
    let r = well_formed(
        "id:0123456789 sub:001 dlvrd:001 submit date:0809011130 done date:0809011131 stat:DELIVRD err:000 Text:testing jSMPP bow",
    );
    assert_eq!(raw(&r, FieldName::Text), Some("testing jSMPP bow"));
}

// RestComm/smscgateway ParseDeliveryReceiptTest msg: ENROUTE with err 054.
#[test]
fn accepts_restcomm_enroute_with_error() {
    let r = well_formed(
        "id:0512249005 sub:001 dlvrd:000 submit date:1609051327 done date:1609051337 stat:ENROUTE err:054 text:xxssxx",
    );
    assert_eq!(r.err_code(), Some(54));
    assert_eq!(raw(&r, FieldName::Err), Some("054"));
    assert_eq!((r.submitted(), r.delivered()), (Some(1), Some(0)));
    assert_eq!(r.done_date(), ReceiptDate::new(2016, 9, 5, 13, 37, None));
}

// RestComm/smscgateway ParseDeliveryReceiptTest msg3: 12-digit submit date, 10-digit done
// date in one receipt, UNDELIV err 004.
#[test]
fn accepts_restcomm_mixed_date_lengths() {
    let r = well_formed(
        "id:1010d937-8f43-4754-9dd8-6e987cda32fa sub:001 dlvrd:000 submit date:161008120127 done date:1610081500 stat:UNDELIV err:004 text:exampleMessage02",
    );
    assert_eq!(
        r.submit_date(),
        ReceiptDate::new(2016, 10, 8, 12, 1, Some(27))
    );
    assert_eq!(r.done_date(), ReceiptDate::new(2016, 10, 8, 15, 0, None));
    assert_eq!(r.state(), Some(State::Undeliverable));
    assert_eq!(r.err_code(), Some(4));
}

// somleng/sms-gateway test/lib/gateways/smpp_delivery_receipt.test.js "parses delivery
// receipt from Kannel".
#[test]
fn accepts_kannel_receipt_from_somleng() {
    let r = well_formed(
        "id:5516a151-4970-45b6-b73e-95aefdb11cbf sub:001 dlvrd:001 submit date:2302231414 done date:230223194211 stat:DELIVRD err:000 text:Hello",
    );
    assert_eq!(
        raw(&r, FieldName::Id),
        Some("5516a151-4970-45b6-b73e-95aefdb11cbf")
    );
    assert_eq!(
        r.done_date(),
        ReceiptDate::new(2023, 2, 23, 19, 42, Some(11))
    );
}

// somleng/sms-gateway smpp_delivery_receipt.test.js "parses sent delivery receipt from
// GoIP": one-digit counts, `err:0`, `Text:` with spaces.
#[test]
fn accepts_goip_enroute() {
    let r = well_formed(
        "id:4791967 sub:0 dlvrd:1 submit date:2302281329 done date:2302281329 stat:ENROUTE err:0 Text:Hello World from out",
    );
    assert_eq!((r.submitted(), r.delivered()), (Some(0), Some(1)));
    assert_eq!(raw(&r, FieldName::Text), Some("Hello World from out"));
    assert_eq!(r.state(), Some(State::Enroute));
}

// somleng/sms-gateway smpp_delivery_receipt.test.js "parses failed delivery receipt from GoIP".
#[test]
fn accepts_goip_undeliv() {
    let r = well_formed(
        "id:88316820 sub:0 dlvrd:0 submit date:2302281324 done date:2302281325 stat:UNDELIV err:500 Text:Hello World from out",
    );
    let report = DeliveryReport::from_receipt(&r).unwrap();
    assert_eq!(
        (report.state, report.error_code),
        (State::Undeliverable, Some(500))
    );
    assert!(report.is_final());
}

// onlinecity/php-smpp issue #70: 18-digit id, 4-digit err, an ESC (GSM 7-bit escape) in text.
#[test]
fn accepts_php_smpp_issue_70() {
    let r = well_formed(
        "id:117062714244798261 sub:001 dlvrd:001 submit date:1706271624 done date:1706271624 stat:DELIVRD err:0000 text:H\x1bello world",
    );
    assert_eq!(raw(&r, FieldName::Id), Some("117062714244798261"));
    assert_eq!(raw(&r, FieldName::Err), Some("0000"));
    assert_eq!(raw(&r, FieldName::Text), Some("H\x1bello world"));
}

// farhadi/node-smpp issue #77 (USSD): dlvrd larger than sub, `err:21`, `Text:*100#`.
#[test]
fn accepts_node_smpp_issue_77() {
    let r = well_formed(
        "id:45013692 sub:0 dlvrd:28 submit date:1908121157 done date:1908121158 stat:UNDELIV err:21 Text:*100#",
    );
    assert_eq!((r.submitted(), r.delivered()), (Some(0), Some(28)));
    assert_eq!(raw(&r, FieldName::Text), Some("*100#"));
}

// farhadi/node-smpp issue #215: REJECTD with err 954.
#[test]
fn accepts_node_smpp_issue_215_rejectd() {
    let r = well_formed(
        "id:8XXXXXXXXXXXXX sub:001 dlvrd:000 submit date:220704105916 done date:220704105941 stat:REJECTD err:954 text:",
    );
    assert_eq!(r.state(), Some(State::Rejected));
    assert_eq!(r.err_code(), Some(954));
}

// Nexmo help centre, "How to read a Nexmo SMPP Delivery Receipt": zero-padded id, `text:none`.
#[test]
fn accepts_nexmo_receipt() {
    let r = well_formed(
        "id:0000000012345678 sub:001 dlvrd:001 submit date:1601010100 done date:1601010101 stat:DELIVRD err:000 text:none",
    );
    assert_eq!(raw(&r, FieldName::Id), Some("0000000012345678"));
    assert_eq!(raw(&r, FieldName::Text), Some("none"));
}

// smppcenter.com KB "How to read SMPP delivery receipt": 20-digit id, 12-digit dates.
#[test]
fn accepts_smppcenter_receipt() {
    let r = well_formed(
        "id:64567564356765435676 sub:001 dlvrd:001 submit date:190608165232 done date:190608165237 stat:DELIVRD err:000 text:Hello World",
    );
    assert_eq!(
        r.done_date(),
        ReceiptDate::new(2019, 6, 8, 16, 52, Some(37))
    );
}

// e-com-net.com article 2299106 (receipt from an SMSC): UNDELIV err 075, text `-PROFILE`.
#[test]
fn accepts_e_com_net_undeliv() {
    let r = well_formed(
        "id:0911897980 sub:001 dlvrd:000 submit date:1201121551 done date:1201121551 stat:UNDELIV err:075 text:-PROFILE",
    );
    assert_eq!(r.err_code(), Some(75));
    assert_eq!(raw(&r, FieldName::Text), Some("-PROFILE"));
}

// stackoverflow.com question 8754853 "SMPP delivery report": no text field at all.
#[test]
fn accepts_receipt_without_text() {
    let r = well_formed(
        "id:40072910491427628 sub:001 dlvrd:001 submit date:1007291049 done date:1007291049 stat:DELIVRD err:000",
    );
    assert_eq!(r.field(FieldName::Text), None);
}

// python-smpplib tests/test_command.py test_parse_deliver_sm: UCS-2 bytes in the text
// (control characters and '@'), which are kept as raw bytes.
#[test]
fn accepts_binary_text_bytes() {
    let sm: &[u8] = b"id:0489708364 sub:001 dlvrd:001 submit date:1810151907 done date:1810151907 stat:DELIVRD err:000 text:\x04\x1f\x04@\x048\x042\x045\x04B";
    let r = Receipt::parse(sm, &DecodeOptions::strict()).unwrap();
    assert_eq!(
        r.raw(FieldName::Text),
        Some(&b"\x04\x1f\x04@\x048\x042\x045\x04B"[..])
    );
    assert_eq!(r.id(), Some(&b"0489708364"[..]));
}

// /work/shared/oracles/smsc-sim.js sendReceipt (node-smpp SMSC simulator) and its sample
// samples/pdus.txt deliver_sm_receipt (verified with tshark).
#[test]
fn accepts_smsc_simulator_receipt() {
    let r = well_formed(
        "id:0123456789 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD err:000 text:Hello",
    );
    assert_eq!(r.done_date(), ReceiptDate::new(2024, 1, 1, 12, 1, None));
}

// Vendor fields (Appendix B: "the format … is SMSC vendor specific"). The receipt is the one
// a public SMPP test suite sends (`id:1 … stat:DELIVRD err:000 text:Test Message`, found
// with the code search); the two vendor fields are inserted by us. Kept in order.
#[test]
fn accepts_extra_vendor_fields_in_order() {
    let r = well_formed(
        "id:1 sub:001 dlvrd:001 submit date:2101010000 done date:2101010000 stat:DELIVRD err:000 mcc_mnc:26201 price:0.01 text:Test Message",
    );
    let extra: Vec<_> = r.extra.iter().map(|f| (f.key, f.value)).collect();
    assert_eq!(
        extra,
        [
            (&b"mcc_mnc"[..], &b"26201"[..]),
            (&b"price"[..], &b"0.01"[..])
        ]
    );
    assert_eq!(raw(&r, FieldName::Text), Some("Test Message"));
}

// ---- quirks: strict rejects, lenient forgives and reports -----------------------------------

// opentelecoms-org/jsmpp issue #62 and DeliveryReceiptParserTest parseWithoutSubAndDelivered:
// `sub` and `dlvrd` omitted.
#[test]
fn accepts_missing_sub_and_dlvrd_leniently() {
    let s = "id:1526758174 submit date:1701240904 done date:1701250907 stat:DELIVRD err:000 text:testing jSMPP bow";
    let e = strict_err(s);
    assert_eq!(
        (e.kind, e.field),
        (ParseErrorKind::MissingField, Some(FieldName::Sub))
    );
    let r = lenient(s);
    assert_eq!(
        r.quirks,
        [
            Quirk::MissingField(FieldName::Sub),
            Quirk::MissingField(FieldName::Dlvrd)
        ]
    );
    assert_eq!((r.submitted(), r.delivered()), (None, None));
    assert_eq!(r.done_date(), ReceiptDate::new(2017, 1, 25, 9, 7, None));
}

// uudashr/jsmpp issue #67: no sub, dlvrd or text.
#[test]
fn accepts_jsmpp_issue_67_leniently() {
    let s = "id:0654354026 submit date:2302101454 done date:2302101454 stat:DELIVRD err:000";
    assert_eq!(strict_err(s).kind, ParseErrorKind::MissingField);
    let report = DeliveryReport::from_receipt(&lenient(s)).unwrap();
    assert_eq!(
        (report.message_id.as_str(), report.state),
        ("0654354026", State::Delivered)
    );
}

// jSMPP DeliveryReceiptParserTest parseWithNoTextAttribute: message text without `text:`
// after `err`; jSMPP reports no text.
#[test]
fn accepts_unkeyed_text_leniently() {
    let s = "id:0123456789 sub:001 dlvrd:001 submit date:0809011130 done date:0809011131 stat:DELIVRD err:000 testing jSMPP bow";
    let e = strict_err(s);
    assert_eq!(
        (e.kind, e.field, e.offset),
        (ParseErrorKind::UnkeyedText, Some(FieldName::Err), 97)
    );
    let r = lenient(s);
    assert_eq!(r.err_code(), Some(0));
    assert_eq!(r.field(FieldName::Text), None);
    assert_eq!(
        r.quirks,
        [Quirk::UnkeyedText {
            offset: 97,
            len: 17
        }]
    );
}

// jSMPP DeliveryReceiptParserTest parseWithSecondInDate: 12-digit dates plus unkeyed text.
#[test]
fn accepts_seconds_with_unkeyed_text_leniently() {
    let r = lenient(
        "id:0123456789 sub:001 dlvrd:001 submit date:080901113012 done date:080901113147 stat:DELIVRD err:000 testing jSMPP bow",
    );
    assert_eq!(
        r.submit_date(),
        ReceiptDate::new(2008, 9, 1, 11, 30, Some(12))
    );
    assert_eq!(
        r.done_date(),
        ReceiptDate::new(2008, 9, 1, 11, 31, Some(47))
    );
}

// jSMPP DeliveryReceiptParserTest parseWithOnlyStatus: `stat:DELIVRD` alone. A receipt, but
// not a report: nothing says which message it is about.
#[test]
fn accepts_only_status_but_report_needs_id() {
    let r = lenient("stat:DELIVRD");
    assert_eq!(r.state(), Some(State::Delivered));
    assert_eq!(r.quirks.len(), 6); // id sub dlvrd submit date done date err
    assert_eq!(
        DeliveryReport::from_receipt(&r),
        Err(ReportError::NoMessageId)
    );
}

// opentelecoms-org/jsmpp ExampleDeliveryReceiptStripperTest: no `err` and no text; sub 234.
#[test]
fn accepts_jsmpp_stripper_example_leniently() {
    let s = "id:123456 sub:234 dlvrd:000 submit date:1604052345 done date:1605021145 stat:DELIVRD";
    assert_eq!(strict_err(s).field, Some(FieldName::Err));
    let r = lenient(s);
    assert_eq!(r.submitted(), Some(234));
    assert_eq!(r.quirks, [Quirk::MissingField(FieldName::Err)]);
}

// somleng/sms-gateway smpp_delivery_receipt.test.js "handles unsupported message": no stat.
// somleng throws; we reject it strictly, and leniently report state unknown.
#[test]
fn accepts_missing_stat_as_unknown_leniently() {
    let s = "id:88316820 sub:0 dlvrd:0 submit date:2302281324 done date:2302281325 err:500 Text:Hello World from out";
    assert_eq!(strict_err(s).field, Some(FieldName::Stat));
    let report = DeliveryReport::from_receipt(&lenient(s)).unwrap();
    assert_eq!(report.state, State::Unknown);
    assert_eq!(report.quirks, [Quirk::MissingField(FieldName::Stat)]);
}

// cloudhopper-smpp DeliveryReceiptTest parseReceiptWithMissingSubAndDlvrdFields: 32-hex-digit
// id, 14-digit dates, `err:0`.
#[test]
fn accepts_fourteen_digit_dates_leniently() {
    let s = "id:2E179B310EDE971B2760C72B7F026E1B submit date:20110314181534 done date:20110314181741 stat:DELIVRD err:0";
    let e = strict_err(s);
    assert_eq!(
        (e.kind, e.field),
        (ParseErrorKind::InvalidDate, Some(FieldName::SubmitDate))
    );
    let r = lenient(s);
    assert_eq!(
        r.submit_date(),
        ReceiptDate::new(2011, 3, 14, 18, 15, Some(34))
    );
    assert_eq!(
        r.done_date(),
        ReceiptDate::new(2011, 3, 14, 18, 17, Some(41))
    );
    assert!(
        r.quirks
            .contains(&Quirk::FourDigitYear(FieldName::SubmitDate))
    );
    assert!(r.quirks.contains(&Quirk::MissingField(FieldName::Dlvrd)));
}

// funbox/smppex issue #46: dates in SMPP absolute-time format (YYMMDDhhmmsstnnp).
#[test]
fn accepts_absolute_time_dates_leniently() {
    let s = "id:rdwjwxns18krxr9936ey96ymcw sub:000 dlvrd:000 submit date:180711070003912+ done date:180711070000012+ stat:UNDELIV err:000";
    assert_eq!(strict_err(s).kind, ParseErrorKind::InvalidDate);
    let r = lenient(s);
    let d = r.submit_date().unwrap();
    assert_eq!(
        (d.year, d.month, d.day, d.hour, d.minute, d.second),
        (2018, 7, 11, 7, 0, Some(3))
    );
    assert_eq!(d.utc_offset_minutes, Some(180));
    assert_eq!(raw(&r, FieldName::SubmitDate), Some("180711070003912+"));
}

// cloudhopper-smpp DeliveryReceiptTest toShortMessageWith1DigitLongMessageId: what
// cloudhopper writes for an unset receipt: zero dates and `stat:BADSTAT`.
#[test]
fn accepts_zero_dates_and_unknown_stat_leniently() {
    let s = "id:0000000001 sub:000 dlvrd:000 submit date:0000000000 done date:0000000000 stat:BADSTAT err:000 text:";
    assert_eq!(strict_err(s).kind, ParseErrorKind::InvalidDate);
    let r = lenient(s);
    assert_eq!((r.submit_date(), r.done_date()), (None, None));
    assert_eq!(r.state(), Some(State::Unknown));
    assert_eq!(
        r.quirks,
        [
            Quirk::ZeroDate(FieldName::SubmitDate),
            Quirk::ZeroDate(FieldName::DoneDate),
            Quirk::UnknownStat
        ]
    );
}

// cloudhopper-smpp pull request #42 / issue #40: `err` is a C-Octet fixed-length string and
// SMSCs send values like `21b` ("000 => 0, 21b => noop"). Receipt of DeliveryReceiptTest with
// that err.
#[test]
fn accepts_non_numeric_err_leniently() {
    let s = "id:0123456789 sub:001 dlvrd:000 submit date:1005232039 done date:1005242339 stat:UNDELIV err:21b text:This is a sample mes";
    let e = strict_err(s);
    assert_eq!(
        (e.kind, e.field, e.offset),
        (ParseErrorKind::NonNumericErr, Some(FieldName::Err), 93)
    );
    let r = lenient(s);
    assert_eq!((raw(&r, FieldName::Err), r.err_code()), (Some("21b"), None));
    let report = DeliveryReport::from_receipt(&r).unwrap();
    assert_eq!(
        (report.err.as_deref(), report.error_code),
        (Some("21b"), None)
    );
}

// SMPP 3.4 Appendix B's template itself (also DeathHand/smpp report_test.go's fixture):
// placeholders instead of values. Strict rejects it; lenient keeps every raw value.
#[test]
fn accepts_appendix_b_template_only_leniently() {
    let s = "id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E Text: . . . . . . . . .";
    let e = strict_err(s);
    assert_eq!(
        (e.kind, e.field, e.offset),
        (ParseErrorKind::InvalidCount, Some(FieldName::Sub), 18)
    );
    let r = lenient(s);
    assert_eq!(raw(&r, FieldName::Id), Some("IIIIIIIIII"));
    assert_eq!(raw(&r, FieldName::Text), Some(". . . . . . . . ."));
    assert_eq!(r.state(), Some(State::Unknown));
    assert_eq!(
        r.quirks,
        [
            Quirk::InvalidCount(FieldName::Sub),
            Quirk::InvalidCount(FieldName::Dlvrd),
            Quirk::InvalidDate(FieldName::SubmitDate),
            Quirk::InvalidDate(FieldName::DoneDate),
            Quirk::UnknownStat,
            Quirk::NonNumericErr,
        ]
    );
}

// cloudhopper-smpp DeliveryReceiptTest parseShortMessageMissingFields: each key misspelt
// (`i:`, `su:`, `dlvr:`, `submit dat:`, `one date:`, `sat:`, `rr:`). cloudhopper rejects all;
// so does strict mode. (`txt:` is a vendor field to us: Appendix B's text is optional.)
#[test]
fn rejects_cloudhopper_misspelt_keys() {
    let good = "id:0123456789 sub:002 dlvrd:001 submit date:1005232039 done date:1005242339 stat:DELIVRD err:012 text:This is a sample mes";
    for (from, to) in [
        ("id:", "i:"),
        ("sub:", "su:"),
        ("dlvrd:", "dlvr:"),
        ("submit date:", "submit dat:"),
        ("done date:", "one date:"),
        ("stat:", "sat:"),
        ("err:", "rr:"),
    ] {
        let bad = good.replacen(from, to, 1);
        let e = Receipt::parse_str(&bad, &DecodeOptions::strict());
        assert!(e.is_err(), "{bad}");
    }
    let txt = good.replacen("text:", "txt:", 1);
    let r = strict(&txt);
    assert_eq!(r.extra[0].key, b"txt");
}

// Capitalised and upper-case keys, extra spaces: Appendix B writes lower-case keys (and
// `Text:`). Constructed by us from the cloudhopper DeliveryReceiptTest receipt to exercise
// the case and whitespace quirks the issue lists.
#[test]
fn accepts_key_case_and_spacing_leniently() {
    let s = "ID:0123456789 Sub:002 DLVRD:001 Submit Date:1005232039 DONE DATE:1005242339  stat: DELIVRD err:012 TEXT:This is a sample mes";
    let e = strict_err(s);
    assert_eq!((e.kind, e.offset), (ParseErrorKind::KeyCase, 0));
    let r = lenient(s);
    assert_eq!(raw(&r, FieldName::Stat), Some("DELIVRD"));
    assert_eq!(raw(&r, FieldName::Text), Some("This is a sample mes"));
    assert_eq!(r.submitted(), Some(2));
    assert!(r.quirks.contains(&Quirk::KeyCase {
        field: FieldName::Id,
        offset: 0
    }));
    assert!(r.quirks.contains(&Quirk::Whitespace { offset: 75 }));
    assert!(r.quirks.contains(&Quirk::Whitespace { offset: 82 }));
}

// The SMPP 3.4 PDF prints Appendix B's example with a line break inside "done date"; receipts
// copied from it (as quoted in opentelecoms-org/jsmpp issue #62 and cardboardfish's "What is
// the format of SMPP delivery receipts?") keep it. Here with the cloudhopper receipt's values.
#[test]
fn accepts_line_break_inside_date_key_leniently() {
    let s = "id:0123456789 sub:002 dlvrd:001 submit date:1005232039 done\ndate:1005242339 stat:DELIVRD err:012 Text:This is a sample mes";
    let e = strict_err(s);
    assert_eq!(
        (e.kind, e.field, e.offset),
        (ParseErrorKind::Whitespace, Some(FieldName::DoneDate), 55)
    );
    let r = lenient(s);
    assert_eq!(r.done_date(), ReceiptDate::new(2010, 5, 24, 23, 39, None));
    assert_eq!(r.quirks, [Quirk::Whitespace { offset: 55 }]);
    assert_eq!(r.field(FieldName::DoneDate).unwrap().key, b"done\ndate");
}

// Vendor spellings of stat: the SMPP 3.4 §5.2.28 message_state names written out, as some
// SMSCs do (Kannel's smsc_smpp.c recognises DELIVRD/UNDELIV/… only; jSMPP
// CustomDeliveryReceiptStripperTest shows vendor states such as DND_REJECTED).
#[test]
fn accepts_stat_variants_leniently() {
    for (stat, state) in [
        ("DELIVERED", State::Delivered),
        ("UNDELIVERABLE", State::Undeliverable),
        ("ACCEPTED", State::Accepted),
        ("REJECTED", State::Rejected),
        ("delivrd", State::Delivered),
    ] {
        let s = format!(
            "id:1 sub:001 dlvrd:001 submit date:2101010000 done date:2101010000 stat:{stat} err:000"
        );
        assert_eq!(strict_err(&s).kind, ParseErrorKind::UnknownStat);
        let r = lenient(&s);
        assert_eq!(r.state(), Some(state), "{stat}");
        assert_eq!(r.quirks, [Quirk::StatVariant]);
    }
    let r = lenient(
        "id:1 sub:001 dlvrd:000 submit date:2101010000 done date:2101010000 stat:DND_REJECTED err:000",
    );
    assert_eq!(r.state(), Some(State::Unknown));
}

// SMPP 3.4 Appendix B Table B-2 and SMPP 5.0 (ENROUTE, SKIPPED, SCHEDULED): every spec stat.
#[test]
fn accepts_every_spec_stat() {
    for (stat, state) in [
        ("DELIVRD", State::Delivered),
        ("EXPIRED", State::Expired),
        ("DELETED", State::Deleted),
        ("UNDELIV", State::Undeliverable),
        ("ACCEPTD", State::Accepted),
        ("UNKNOWN", State::Unknown),
        ("REJECTD", State::Rejected),
        ("ENROUTE", State::Enroute),
        ("SKIPPED", State::Skipped),
        ("SCHEDULED", State::Scheduled),
    ] {
        let s = format!(
            "id:1 sub:001 dlvrd:000 submit date:2101010000 done date:2101010000 stat:{stat} err:000"
        );
        assert_eq!(strict(&s).state(), Some(state));
    }
}

// Ids with spaces: the Nexmo help-article receipt with its id written in groups (constructed
// by us to exercise the quirk the issue lists). Strict rejects the space.
#[test]
fn accepts_id_with_spaces_leniently() {
    let s = "id:0000 0000 1234 5678 sub:001 dlvrd:001 submit date:1601010100 done date:1601010101 stat:DELIVRD err:000 text:none";
    let e = strict_err(s);
    assert_eq!((e.kind, e.offset), (ParseErrorKind::SpaceInValue, 3));
    let r = lenient(s);
    assert_eq!(raw(&r, FieldName::Id), Some("0000 0000 1234 5678"));
    assert_eq!(r.quirks, [Quirk::SpaceInValue(FieldName::Id)]);
}

// A C-string terminator copied into short_message (farhadi/node-smpp issue #199's receipt
// with the NUL its sender appended).
#[test]
fn accepts_trailing_nul_leniently() {
    let s = "id:0000029095 sub:001 dlvrd:001 submit date:211125034959 done date:211125035001 stat:DELIVRD err:000 text:\0";
    assert_eq!(strict_err(s).kind, ParseErrorKind::TrailingNul);
    let r = lenient(s);
    assert_eq!(raw(&r, FieldName::Text), Some(""));
    assert_eq!(r.quirks, [Quirk::TrailingNul { offset: 106 }]);
}

// Duplicate fields: first kept, the repetition reported. Built from the RestComm receipt.
#[test]
fn rejects_duplicate_field_strictly() {
    let s = "id:0512249005 sub:001 dlvrd:000 submit date:1609051327 done date:1609051337 stat:ENROUTE stat:DELIVRD err:054 text:x";
    let e = strict_err(s);
    assert_eq!(
        (e.kind, e.field, e.offset),
        (ParseErrorKind::DuplicateField, Some(FieldName::Stat), 89)
    );
    let r = lenient(s);
    assert_eq!(r.state(), Some(State::Enroute));
}

// An empty `id:` (jSMPP issue #67's receipt with its id blanked): strict rejects it, lenient
// parses it, and no report can be made from it.
#[test]
fn rejects_empty_id_for_report() {
    let s = "id: submit date:2302101454 done date:2302101454 stat:DELIVRD err:000";
    assert_eq!(strict_err(s).kind, ParseErrorKind::EmptyValue);
    let r = lenient(s);
    assert!(r.quirks.contains(&Quirk::EmptyValue(FieldName::Id)));
    assert_eq!(
        DeliveryReport::from_receipt(&r),
        Err(ReportError::NoMessageId)
    );
}

#[test]
fn rejects_garbage_in_both_modes() {
    for (s, kind, offset) in [
        ("", ParseErrorKind::Empty, 0),
        ("Hello, how are you?", ParseErrorKind::NotAReceipt, 0),
        ("  ?id:1", ParseErrorKind::NotAReceipt, 2),
        ("foo:bar baz:qux", ParseErrorKind::NotAReceipt, 0),
    ] {
        for mode in [&DecodeOptions::strict(), &DecodeOptions::lenient()] {
            let e = Receipt::parse_str(s, mode).unwrap_err();
            assert_eq!((e.kind, e.offset), (kind, offset), "{s:?}");
        }
    }
    let e = Receipt::parse_str("hello", &DecodeOptions::lenient()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "not a delivery receipt (expected `id:`, `stat:` or another Appendix B field) at byte 0"
    );
}

// ---- TLVs first, text second ------------------------------------------------------------------

// cloudhopper-smpp DeliveryReceiptTest parseRealWorldReceipt0: receipted_message_id `38601fa`
// (hex) and message_state 2 with text `id:0059113978` (the same number in decimal).
#[test]
fn accepts_tlv_hex_id_matching_text_decimal_id() {
    let r = strict(
        "id:0059113978 sub:001 dlvrd:001 submit date:1002101730 done date:1002101731 stat:DELIVRD err:000 text:@$#!%&/:",
    );
    let tlvs = ReceiptTlvs {
        receipted_message_id: Some(b"38601fa"),
        message_state: Some(MessageState::DELIVERED),
        ..Default::default()
    };
    let report = DeliveryReport::reconcile(Some(&tlvs), Some(&r)).unwrap();
    assert_eq!(report.message_id, "38601fa");
    assert_eq!(report.source, Source::TlvsAndText);
    assert_eq!(
        report.conflicts,
        [Conflict::MessageId {
            tlv: "38601fa".into(),
            text: "0059113978".into(),
            same_number: true
        }]
    );
    assert_eq!(report.submit_date, date("1002101730"));
}

// python-smpplib tests/test_command.py test_parse_deliver_sm: TLV `1d305b4c`, message_state
// DELIVERED, text `id:0489708364`.
#[test]
fn accepts_smpplib_tlv_and_text() {
    let r = strict(
        "id:0489708364 sub:001 dlvrd:001 submit date:1810151907 done date:1810151907 stat:DELIVRD err:000 text:x",
    );
    let tlvs = ReceiptTlvs {
        receipted_message_id: Some(b"1d305b4c"),
        message_state: Some(MessageState(2)),
        ..Default::default()
    };
    let report = DeliveryReport::reconcile(Some(&tlvs), Some(&r)).unwrap();
    assert!(matches!(
        &report.conflicts[..],
        [Conflict::MessageId {
            same_number: true,
            ..
        }]
    ));
    assert_eq!(report.state, State::Delivered);
}

// farhadi/node-smpp issue #199: receipted_message_id equal to the text id: no conflict.
#[test]
fn accepts_agreeing_tlvs_and_text() {
    let r = strict(
        "id:0000029095 sub:001 dlvrd:001 submit date:211125034959 done date:211125035001 stat:DELIVRD err:000 text:",
    );
    let tlvs = ReceiptTlvs {
        receipted_message_id: Some(b"0000029095"),
        ..Default::default()
    };
    let report = DeliveryReport::reconcile(Some(&tlvs), Some(&r)).unwrap();
    assert!(report.conflicts.is_empty());
    assert_eq!(report.message_id, "0000029095");
}

// SMPP 3.4 §5.3.2.35 / §5.2.28: message_state UNDELIVERABLE (5) with network_error_code
// (§5.3.2.31, GSM type 3, code 0x0001) against text saying DELIVRD err:000: the TLVs win and
// both disagreements are listed.
#[test]
fn accepts_conflicting_tlvs_and_text_tlv_wins() {
    let r = strict(
        "id:0123456789 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD err:000 text:Hello",
    );
    let tlvs = ReceiptTlvs {
        receipted_message_id: Some(b"0123456789"),
        message_state: Some(MessageState::UNDELIVERABLE),
        network_error_code: NetworkErrorCode::from_bytes(&[3, 0, 1]),
        delivery_failure_reason: Some(DeliveryFailureReason::PERMANENT_NETWORK_ERROR),
    };
    let report = DeliveryReport::reconcile(Some(&tlvs), Some(&r)).unwrap();
    assert_eq!(report.state, State::Undeliverable);
    assert_eq!(report.error_code, Some(1));
    assert_eq!(
        report.delivery_failure_reason,
        Some(DeliveryFailureReason(2))
    );
    assert_eq!(
        report.conflicts,
        [
            Conflict::State {
                tlv: MessageState::UNDELIVERABLE,
                text: State::Delivered
            },
            Conflict::ErrorCode { tlv: 1, text: 0 },
        ]
    );
}

// /work/shared/oracles/smsc-sim.js: receipts carry receipted_message_id and message_state;
// a report from TLVs only (empty short_message).
#[test]
fn accepts_tlvs_only() {
    let tlvs = ReceiptTlvs {
        receipted_message_id: Some(b"0000000001"),
        message_state: Some(MessageState::REJECTED),
        ..Default::default()
    };
    let report = DeliveryReport::from_tlvs(&tlvs).unwrap();
    assert_eq!(
        (report.state, report.source),
        (State::Rejected, Source::Tlvs)
    );
    assert!(report.is_final());
    assert_eq!(
        DeliveryReport::from_tlvs(&ReceiptTlvs::default()),
        Err(ReportError::NoReceipt)
    );
}

// ---- GSM SMS-STATUS-REPORT fields -------------------------------------------------------------

// shared/vectors/gsm-vectors.json mm-status-report-st30 (ModemManager test_pdu_not_stored):
// MR 90, TP-ST 0x30 "temporary error, SC still trying"; gammu-at-sms-30: MR 232, ST 0.
#[test]
fn accepts_status_report_fields() {
    let r = DeliveryReport::from_status_report_fields(90, 0x30, None, None);
    assert_eq!(
        (r.message_id.as_str(), r.state, r.is_final()),
        ("90", State::Enroute, false)
    );
    let scts = ReceiptDate::new(2009, 9, 7, 16, 48, Some(22));
    let dt = ReceiptDate::new(2009, 9, 7, 16, 48, Some(26));
    let r = DeliveryReport::from_status_report_fields(232, 0, scts, dt);
    assert_eq!(
        (r.state, r.error_code, r.source),
        (State::Delivered, None, Source::StatusReport)
    );
    assert_eq!(r.done_date, dt);
}
