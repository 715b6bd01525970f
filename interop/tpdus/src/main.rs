//! Prints `name<TAB>mo|mt<TAB>HEX<TAB>{fields as JSON}` for every TPDU type `gsm-pdu` encodes
//! (3GPP TS 23.040 §9.2.2): the interop suite feeds the hex to tshark's gsm_sms dissector and
//! to python-gammu, and compares what they decode with the values put in here.
//! `mo` = MS → SC (SUBMIT, DELIVER-REPORT, COMMAND), `mt` = SC → MS (DELIVER,
//! SUBMIT-REPORT, STATUS-REPORT).

use gsm_pdu::{
    Address, CommandType, DataCodingScheme, DateTime, FailureCause, NumberingPlan,
    OptionalParameters, ProtocolIdentifier, SmsCommand, SmsDeliver, SmsDeliverReport,
    SmsStatusReport, SmsSubmit, SmsSubmitReport, Status, Timestamp, Tpdu, TypeOfNumber, UserData,
    ValidityPeriod,
};
use serde_json::{Value, json};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

fn ts(
    year: u8,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    tz_quarters: i8,
) -> Res<Timestamp> {
    Ok(Timestamp::new(DateTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
        tz_quarters,
    })?)
}

fn ts_json(t: &Timestamp) -> Value {
    let d = t.fields();
    json!({"year": 2000 + u16::from(d.year), "month": d.month, "day": d.day, "hour": d.hour,
        "minute": d.minute, "second": d.second, "tz_quarters": d.tz_quarters})
}

fn addr_json(text: &str, a: &Address<'_>) -> Value {
    json!({"text": text, "ton": a.ton().0, "npi": a.npi().0})
}

fn gsm7_ud(header: &[u8], text: &str) -> Res<UserData<'static>> {
    let mut septets = Vec::new();
    gsm7::encode_septets(text, gsm7::Tables::default(), &mut septets)?;
    Ok(UserData::gsm7(header, &septets)?)
}

fn ucs2_ud(header: &[u8], text: &str) -> Res<UserData<'static>> {
    let b: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    Ok(UserData::octets(header, &b)?)
}

fn line(name: &str, dir: &str, tpdu: &Tpdu<'_>, mut fields: Value) -> Res<()> {
    let wire = tpdu.to_vec()?;
    fields["mti"] = json!(wire[0] & 3);
    println!("{name}\t{dir}\t{}\t{fields}", hex(&wire));
    Ok(())
}

fn main() -> Res<()> {
    // SMS-DELIVER, GSM 7-bit with an escape (€), international OA, SCTS at UTC+1.
    let oa = Address::parse_number("+447700900123")?;
    let scts = ts(24, 1, 1, 12, 0, 0, 4)?;
    let text = "Hello world €";
    let d = SmsDeliver {
        mms: true,
        lp: false,
        sri: false,
        rp: false,
        oa: oa.clone(),
        pid: ProtocolIdentifier::DEFAULT,
        dcs: DataCodingScheme(0x00),
        scts,
        ud: gsm7_ud(&[], text)?,
    };
    line(
        "sms_deliver",
        "mt",
        &Tpdu::Deliver(d),
        json!({"type": "SMS-DELIVER", "mms": true, "sri": false,
        "rp": false, "udhi": false, "addr": addr_json("+447700900123", &oa), "pid": 0, "dcs": 0,
        "scts": ts_json(&scts), "udl": 14, "text": text, "concat": null}),
    )?;

    // SMS-DELIVER, UCS-2 with a 16-bit concatenation IE, alphanumeric OA, status report
    // indication, negative time zone.
    let oa = Address::alphanumeric("Sender")?;
    let scts = ts(25, 11, 30, 23, 59, 58, -20)?;
    let text = "Привет €";
    let udh = [0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01];
    let d = SmsDeliver {
        mms: false,
        lp: false,
        sri: true,
        rp: false,
        oa: oa.clone(),
        pid: ProtocolIdentifier::DEFAULT,
        dcs: DataCodingScheme(0x08),
        scts,
        ud: ucs2_ud(&udh, text)?,
    };
    line(
        "sms_deliver.ucs2_concat16",
        "mt",
        &Tpdu::Deliver(d),
        json!({"type": "SMS-DELIVER", "mms": false,
        "sri": true, "rp": false, "udhi": true, "addr": addr_json("Sender", &oa), "pid": 0, "dcs": 8,
        "scts": ts_json(&scts), "udl": 7 + 16, "text": text,
        "concat": {"ref": 0x1234, "total": 2, "seq": 1, "bits": 16}}),
    )?;

    // SMS-SUBMIT, GSM 7-bit after an 8-bit concatenation IE (fill bit), SRR, relative VP.
    let da = Address::parse_number("+447700900123")?;
    let text = "Part one of two [ok]";
    let udh = [0x05, 0x00, 0x03, 0xA5, 0x02, 0x01];
    let s = SmsSubmit {
        rd: false,
        srr: true,
        rp: false,
        mr: 42,
        da: da.clone(),
        pid: ProtocolIdentifier::DEFAULT,
        dcs: DataCodingScheme(0x00),
        vp: Some(ValidityPeriod::Relative(167)),
        ud: gsm7_ud(&udh, text)?,
    };
    line(
        "sms_submit.concat8_vp_relative",
        "mo",
        &Tpdu::Submit(s),
        json!({"type": "SMS-SUBMIT", "rd": false,
        "srr": true, "rp": false, "udhi": true, "mr": 42, "addr": addr_json("+447700900123", &da),
        "pid": 0, "dcs": 0, "vpf": 2, "vp_relative": 167, "udl": 7 + 22, "text": text,
        "concat": {"ref": 0xA5, "total": 2, "seq": 1, "bits": 8}}),
    )?;

    // SMS-SUBMIT, 8-bit data, national number, absolute VP, reject duplicates, class 1.
    let da = Address::from_digits(TypeOfNumber::NATIONAL, NumberingPlan::ISDN, "07700900456")?;
    let vp = ts(24, 12, 31, 23, 0, 0, 0)?;
    let s = SmsSubmit {
        rd: true,
        srr: false,
        rp: false,
        mr: 7,
        da: da.clone(),
        pid: ProtocolIdentifier::DEFAULT,
        dcs: DataCodingScheme(0xF5),
        vp: Some(ValidityPeriod::Absolute(vp)),
        ud: UserData::octets(&[], &[0x01, 0x02, 0x03, 0xFF])?,
    };
    line(
        "sms_submit.8bit_vp_absolute",
        "mo",
        &Tpdu::Submit(s),
        json!({"type": "SMS-SUBMIT", "rd": true,
        "srr": false, "rp": false, "udhi": false, "mr": 7, "addr": addr_json("07700900456", &da),
        "pid": 0, "dcs": 0xF5, "vpf": 3, "vp_absolute": ts_json(&vp), "udl": 4, "ud": "010203FF",
        "concat": null}),
    )?;

    // SMS-STATUS-REPORT: delivered, with the recipient address, SCTS and discharge time.
    let ra = Address::parse_number("+447700900123")?;
    let scts = ts(24, 1, 1, 12, 0, 0, 0)?;
    let dt = ts(24, 1, 1, 12, 1, 30, 0)?;
    let r = SmsStatusReport {
        mms: true,
        lp: false,
        srq: false,
        mr: 42,
        ra: ra.clone(),
        scts,
        dt,
        st: Status::RECEIVED,
        params: None,
    };
    line(
        "sms_status_report",
        "mt",
        &Tpdu::StatusReport(r),
        json!({"type": "SMS-STATUS-REPORT", "mms": true,
        "srq": false, "mr": 42, "addr": addr_json("+447700900123", &ra), "scts": ts_json(&scts),
        "dt": ts_json(&dt), "st": 0}),
    )?;

    // SMS-STATUS-REPORT: permanent failure (validity period expired).
    let r = SmsStatusReport {
        mms: false,
        lp: false,
        srq: false,
        mr: 43,
        ra: ra.clone(),
        scts,
        dt,
        st: Status::VALIDITY_PERIOD_EXPIRED,
        params: None,
    };
    line(
        "sms_status_report.expired",
        "mt",
        &Tpdu::StatusReport(r),
        json!({"type": "SMS-STATUS-REPORT",
        "mms": false, "srq": false, "mr": 43, "addr": addr_json("+447700900123", &ra),
        "scts": ts_json(&scts), "dt": ts_json(&dt), "st": 0x46}),
    )?;

    // SMS-DELIVER-REPORT for RP-ACK (no TP-FCS), with TP-PID and TP-DCS announced.
    let dr = SmsDeliverReport {
        fcs: None,
        params: OptionalParameters {
            pi: 0,
            pid: Some(ProtocolIdentifier::DEFAULT),
            dcs: Some(DataCodingScheme(0x00)),
            ud: None,
        },
    };
    line(
        "sms_deliver_report.ack",
        "mo",
        &Tpdu::DeliverReport(dr),
        json!({"type": "SMS-DELIVER-REPORT",
        "fcs": null, "pi": 3, "pid": 0, "dcs": 0}),
    )?;

    // SMS-DELIVER-REPORT for RP-ERROR: TP-FCS 0xD3 (memory capacity exceeded).
    let dr = SmsDeliverReport {
        fcs: Some(FailureCause(0xD3)),
        params: OptionalParameters::default(),
    };
    line(
        "sms_deliver_report.error",
        "mo",
        &Tpdu::DeliverReport(dr),
        json!({"type": "SMS-DELIVER-REPORT",
        "fcs": 0xD3, "pi": 0}),
    )?;

    // SMS-SUBMIT-REPORT for RP-ACK with the SCTS.
    let scts = ts(24, 1, 1, 12, 0, 5, 8)?;
    let sr = SmsSubmitReport {
        fcs: None,
        scts,
        params: OptionalParameters::default(),
    };
    line(
        "sms_submit_report.ack",
        "mt",
        &Tpdu::SubmitReport(sr),
        json!({"type": "SMS-SUBMIT-REPORT",
        "fcs": null, "pi": 0, "scts": ts_json(&scts)}),
    )?;

    // SMS-SUBMIT-REPORT for RP-ERROR: TP-FCS 0xC5 (SC busy).
    let sr = SmsSubmitReport {
        fcs: Some(FailureCause(0xC5)),
        scts,
        params: OptionalParameters::default(),
    };
    line(
        "sms_submit_report.error",
        "mt",
        &Tpdu::SubmitReport(sr),
        json!({"type": "SMS-SUBMIT-REPORT",
        "fcs": 0xC5, "pi": 0, "scts": ts_json(&scts)}),
    )?;

    // SMS-COMMAND: delete the previously submitted message 42 (TP-CT 0x02), SRR.
    let da = Address::parse_number("+447700900123")?;
    let c = SmsCommand {
        srr: true,
        udhi: false,
        mr: 44,
        pid: ProtocolIdentifier::DEFAULT,
        ct: CommandType(0x02),
        mn: 42,
        da: da.clone(),
        cd: Vec::new().into(),
    };
    line(
        "sms_command.delete",
        "mo",
        &Tpdu::Command(c),
        json!({"type": "SMS-COMMAND", "srr": true,
        "mr": 44, "pid": 0, "ct": 2, "mn": 42, "addr": addr_json("+447700900123", &da), "cdl": 0}),
    )?;
    Ok(())
}
