//! `sms decode tpdu`, `sms encode tpdu` (gsm-pdu crate): GSM 03.40 TPDUs from and to hex, as
//! AT+CMGR prints them and AT+CMGS takes them in PDU mode.

use std::time::{SystemTime, UNIX_EPOCH};

use gsm_pdu::{
    Address, Alphabet, DataCodingScheme, DecodeOptions, Direction, Ie, MessageClass,
    OptionalParameters, Quirk, SubmitOptions, Timestamp, Tpdu, UserData, ValidityPeriod,
};
use serde_json::{Map, Value, json};

use crate::common::{CliError, hex_upper, parse_hex, print_human, print_json, read_arg};

/// Arguments of `sms decode tpdu`.
#[derive(Debug, clap::Args)]
pub(crate) struct DecodeArgs {
    /// HEX starts with the SMSC address (AT+CMGL/CMGR/CMGS PDU mode).
    #[arg(long)]
    smsc: bool,
    /// Network to phone: DELIVER, STATUS-REPORT, SUBMIT-REPORT (the default).
    #[arg(long, conflicts_with = "mo")]
    mt: bool,
    /// Phone to network: SUBMIT, COMMAND, DELIVER-REPORT.
    #[arg(long)]
    mo: bool,
    /// Forgive the quirks real modems produce (reported under `quirks`).
    #[arg(long)]
    lenient: bool,
    /// Print one JSON document.
    #[arg(long)]
    json: bool,
    /// The TPDU as hex (`-` reads stdin).
    hex: String,
}

/// Arguments of `sms encode tpdu`.
#[derive(Debug, clap::Args)]
pub(crate) struct EncodeArgs {
    /// Destination number: `+` and digits for international, digits otherwise.
    #[arg(long)]
    to: String,
    /// SMSC number to put before each TPDU.
    #[arg(long, conflicts_with = "no_smsc")]
    smsc: Option<String>,
    /// No SMSC address: the prefix is `00` (the modem uses its stored SMSC). The default.
    #[arg(long)]
    no_smsc: bool,
    /// TP-MR of the first part (the next parts count on).
    #[arg(long, default_value_t = 0)]
    mr: u8,
    /// Request a status report (TP-SRR).
    #[arg(long)]
    srr: bool,
    /// Validity period in seconds (relative format, rounded up to what it can express).
    #[arg(long)]
    vp: Option<u32>,
    /// Message class 0-3 in TP-DCS.
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=3))]
    class: Option<u8>,
    /// Concatenation reference size: 8 or 16 bits.
    #[arg(long = "ref", default_value = "8", value_parser = ["8", "16"])]
    ref_bits: String,
    /// Concatenation reference number (default: from the clock).
    #[arg(long)]
    ref_id: Option<u16>,
    /// Encoding: auto, gsm7 or ucs2.
    #[arg(long, default_value = "auto")]
    encoding: String,
    /// National language shift tables: none, auto, or LANG[,LANG…].
    #[arg(long, default_value = "none")]
    national: String,
    /// Print one JSON document.
    #[arg(long)]
    json: bool,
    /// The text (`-` reads stdin).
    text: String,
}

pub(crate) fn decode(args: DecodeArgs) -> Result<(), CliError> {
    let bytes = parse_hex(&read_arg(&args.hex)?, "HEX")?;
    let dir = if args.mo {
        Direction::MobileOriginated
    } else {
        Direction::MobileTerminated
    };
    let opts = if args.lenient {
        DecodeOptions::lenient()
    } else {
        DecodeOptions::strict()
    };
    let decoded = if args.smsc {
        gsm_pdu::decode_with_smsc(&bytes, dir, opts)
    } else {
        gsm_pdu::decode(&bytes, dir, opts)
    }
    .map_err(|e| CliError::bad_input(format!("TPDU: {e}")))?;
    let mut m = Map::new();
    m.insert("type".into(), decoded.tpdu.type_name().into());
    address(&mut m, "smsc", decoded.smsc.as_ref());
    m.insert("mti".into(), decoded.tpdu.mti().into());
    tpdu_fields(&mut m, &decoded.tpdu);
    let mut quirks = decoded.quirks.clone();
    if args.lenient && m.contains_key("text") {
        // Lenient: show what TS 23.038 says a display shows, and report the repair.
        match decoded.tpdu.text_with(&opts, &mut quirks) {
            Ok(t) => {
                m.insert("text".into(), t.into());
                m.remove("text_error");
            }
            Err(e) => {
                m.insert("text_error".into(), e.to_string().into());
            }
        }
    }
    m.insert("quirks".into(), quirks.iter().map(quirk).collect());
    let v = Value::Object(m);
    if args.json {
        print_json(&v)
    } else {
        print_human(&human(&v))
    }
}

/// A forgiven quirk as `{"quirk": NAME, "offset": N, …}`.
fn quirk(q: &Quirk) -> Value {
    match *q {
        Quirk::UdlOverrun {
            offset,
            declared,
            available,
        } => json!({"quirk": "udl_overrun", "offset": offset, "declared": declared,
                    "available": available}),
        Quirk::UdlAboveMaximum { offset, udl } => {
            json!({"quirk": "udl_above_maximum", "offset": offset, "udl": udl})
        }
        Quirk::TrailingOctets { offset, count } => {
            json!({"quirk": "trailing_octets", "offset": offset, "count": count})
        }
        Quirk::ParameterIndicatorExtension { offset } => {
            json!({"quirk": "pi_extension", "offset": offset})
        }
        Quirk::NonBcdDigit { field, offset } => {
            json!({"quirk": "non_bcd_digit", "field": field, "offset": offset})
        }
        Quirk::FieldOutOfRange { field, offset } => {
            json!({"quirk": "out_of_range", "field": field, "offset": offset})
        }
        Quirk::TextRepaired { index } => json!({"quirk": "text_repaired", "index": index}),
        Quirk::InformationElementLength { iei, offset } => {
            json!({"quirk": "ie_length", "iei": iei, "offset": offset})
        }
        _ => json!({"quirk": format!("{q:?}")}),
    }
}

/// The keys shown first by the human-readable output, in wire order; the rest follow.
const HUMAN_ORDER: &[&str] = &[
    "type",
    "smsc",
    "mti",
    "mms",
    "rd",
    "lp",
    "vpf",
    "srr",
    "sri",
    "srq",
    "udhi",
    "rp",
    "fcs",
    "pi",
    "mr",
    "ct",
    "mn",
    "oa",
    "da",
    "ra",
    "pid",
    "dcs",
    "alphabet",
    "class",
    "scts",
    "vp",
    "dt",
    "st",
    "st_meaning",
    "udl",
    "udh",
    "text",
    "ud",
    "cdl",
    "cd",
];

fn human(v: &Value) -> String {
    let Value::Object(m) = v else {
        return v.to_string();
    };
    let mut keys: Vec<&str> = HUMAN_ORDER
        .iter()
        .copied()
        .filter(|k| m.contains_key(*k))
        .collect();
    keys.extend(
        m.keys()
            .map(String::as_str)
            .filter(|k| !HUMAN_ORDER.contains(k)),
    );
    let mut lines = Vec::new();
    for k in keys {
        let shown = match &m[k] {
            Value::String(x) => x.clone(),
            Value::Null => continue,
            other => other.to_string(),
        };
        lines.push(format!("{k:>12}: {shown}"));
    }
    lines.join("\n")
}

fn address(m: &mut Map<String, Value>, key: &str, a: Option<&Address<'_>>) {
    m.insert(key.into(), a.map(|a| a.to_string()).into());
    m.insert(format!("{key}_ton"), a.map(|a| a.ton().0).into());
    m.insert(format!("{key}_npi"), a.map(|a| a.npi().0).into());
}

fn ts(t: &Timestamp) -> Value {
    t.to_string().into()
}

fn vp(vp: Option<&ValidityPeriod>) -> Value {
    let Some(vp) = vp else {
        return Value::Null;
    };
    let (raw, n) = vp.raw();
    json!({
        "format": vp.format_name(),
        "raw": hex_upper(&raw[..n]),
        "seconds": vp.seconds(),
        "time": match vp { ValidityPeriod::Absolute(t) => ts(t), _ => Value::Null },
    })
}

/// `pid`, `dcs`, `udl`, `udh`, `text`, `ud` (null when absent).
fn user_data(
    m: &mut Map<String, Value>,
    pid: Option<u8>,
    dcs: Option<DataCodingScheme>,
    ud: Option<&UserData<'_>>,
) {
    m.insert("pid".into(), pid.into());
    m.insert("dcs".into(), dcs.map(|d| d.0).into());
    let eff = dcs.unwrap_or_default();
    m.insert(
        "alphabet".into(),
        dcs.map(|d| match d.alphabet() {
            Alphabet::Gsm7 => "gsm7",
            Alphabet::EightBit => "8bit",
            Alphabet::Ucs2 => "ucs2",
            Alphabet::Reserved => "reserved",
        })
        .into(),
    );
    m.insert(
        "class".into(),
        dcs.and_then(|d| d.class()).map(MessageClass::number).into(),
    );
    m.insert("udhi".into(), ud.is_some_and(UserData::has_header).into());
    m.insert("udl".into(), ud.map(UserData::udl).into());
    let udh: Vec<Value> = ud
        .and_then(UserData::header)
        .map(|h| {
            h.iter()
                .map(|e| {
                    let mut o = json!({"iei": e.iei.0, "data": hex_upper(e.data)});
                    if let Some(t) = typed_ie(e.typed()) {
                        o["typed"] = t;
                    }
                    o
                })
                .collect()
        })
        .unwrap_or_default();
    m.insert("udh".into(), udh.into());
    let (text, err) = match ud.map(|u| u.text(eff)) {
        Some(Ok(t)) => (t, None),
        Some(Err(e)) => (None, Some(e.to_string())),
        None => (None, None),
    };
    m.insert("text".into(), text.into());
    if let Some(e) = err {
        m.insert("text_error".into(), e.into());
    }
    m.insert("ud".into(), ud.map(|u| hex_upper(u.raw())).into());
}

fn typed_ie(ie: Ie<'_>) -> Option<Value> {
    Some(match ie {
        Ie::Concat(c) => json!({"concat": {"ref": c.reference, "total": c.total, "seq": c.seq,
                    "bits": if c.sixteen_bit { 16 } else { 8 }}}),
        Ie::Ports {
            destination,
            source,
            sixteen_bit,
        } => json!({"ports": {"dst": destination, "src": source,
                    "bits": if sixteen_bit { 16 } else { 8 }}}),
        Ie::SpecialSms {
            store,
            indication,
            count,
        } => json!({"special_sms": {"store": store, "indication": indication, "count": count}}),
        Ie::NationalSingleShift(id) => json!({"single_shift": language(id)}),
        Ie::NationalLockingShift(id) => json!({"locking_shift": language(id)}),
        Ie::TextFormatting {
            start,
            length,
            mode,
            colour,
        } => json!({"text_formatting": {"start": start, "length": length, "mode": mode,
                    "colour": colour}}),
        _ => return None,
    })
}

fn language(id: u8) -> Value {
    gsm7::NationalLanguage::from_id(id).map_or_else(|| Value::from(id), |l| l.name().into())
}

fn params(m: &mut Map<String, Value>, p: Option<&OptionalParameters<'_>>) {
    m.insert("pi".into(), p.map(|p| p.pi).into());
    user_data(
        m,
        p.and_then(|p| p.pid).map(|x| x.0),
        p.and_then(|p| p.dcs),
        p.and_then(|p| p.ud.as_ref()),
    );
}

fn tpdu_fields(m: &mut Map<String, Value>, t: &Tpdu<'_>) {
    match t {
        Tpdu::Deliver(d) => {
            m.insert("mms".into(), d.mms.into());
            m.insert("lp".into(), d.lp.into());
            m.insert("rp".into(), d.rp.into());
            m.insert("sri".into(), d.sri.into());
            address(m, "oa", Some(&d.oa));
            m.insert("scts".into(), ts(&d.scts));
            user_data(m, Some(d.pid.0), Some(d.dcs), Some(&d.ud));
        }
        Tpdu::Submit(s) => {
            m.insert("rd".into(), s.rd.into());
            m.insert(
                "vpf".into(),
                s.vp.as_ref().map_or(0, ValidityPeriod::vpf).into(),
            );
            m.insert("srr".into(), s.srr.into());
            m.insert("rp".into(), s.rp.into());
            m.insert("mr".into(), s.mr.into());
            address(m, "da", Some(&s.da));
            m.insert("vp".into(), vp(s.vp.as_ref()));
            user_data(m, Some(s.pid.0), Some(s.dcs), Some(&s.ud));
        }
        Tpdu::StatusReport(r) => {
            m.insert("mms".into(), r.mms.into());
            m.insert("lp".into(), r.lp.into());
            m.insert("srq".into(), r.srq.into());
            m.insert("mr".into(), r.mr.into());
            address(m, "ra", Some(&r.ra));
            m.insert("scts".into(), ts(&r.scts));
            m.insert("dt".into(), ts(&r.dt));
            m.insert("st".into(), r.st.0.into());
            m.insert("st_meaning".into(), r.st.meaning().into());
            m.insert("st_final".into(), r.st.is_final().into());
            params(m, r.params.as_ref());
        }
        Tpdu::SubmitReport(r) => {
            m.insert("fcs".into(), r.fcs.map(|f| f.0).into());
            m.insert("scts".into(), ts(&r.scts));
            params(m, Some(&r.params));
        }
        Tpdu::DeliverReport(r) => {
            m.insert("fcs".into(), r.fcs.map(|f| f.0).into());
            params(m, Some(&r.params));
        }
        Tpdu::Command(c) => {
            m.insert("udhi".into(), c.udhi.into());
            m.insert("srr".into(), c.srr.into());
            m.insert("mr".into(), c.mr.into());
            m.insert("pid".into(), c.pid.0.into());
            m.insert("ct".into(), c.ct.0.into());
            m.insert("mn".into(), c.mn.into());
            address(m, "da", Some(&c.da));
            m.insert("cdl".into(), c.cd.len().into());
            m.insert("cd".into(), hex_upper(&c.cd).into());
        }
    }
}

fn national_policy(s: &str) -> Result<gsm7::NationalPolicy, CliError> {
    Ok(match s {
        "none" => gsm7::NationalPolicy::None,
        "auto" => gsm7::NationalPolicy::Auto,
        list => gsm7::NationalPolicy::Allowed(
            list.split(',')
                .map(|l| {
                    l.trim().parse::<gsm7::NationalLanguage>().map_err(|_| {
                        CliError::bad_input(format!("--national: unknown language {l:?}"))
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
    })
}

pub(crate) fn encode(args: EncodeArgs) -> Result<(), CliError> {
    let text = read_arg(&args.text)?;
    let da =
        Address::parse_number(&args.to).map_err(|e| CliError::bad_input(format!("--to: {e}")))?;
    let smsc = match (&args.smsc, args.no_smsc) {
        (Some(n), false) => Some(
            Address::parse_number(n).map_err(|e| CliError::bad_input(format!("--smsc: {e}")))?,
        ),
        _ => None,
    };
    let encoding = match args.encoding.as_str() {
        "auto" => gsm7::EncodingChoice::Auto,
        "gsm7" => gsm7::EncodingChoice::Gsm7,
        "ucs2" => gsm7::EncodingChoice::Ucs2,
        other => {
            return Err(CliError::bad_input(format!(
                "--encoding: {other:?} is not auto, gsm7 or ucs2"
            )));
        }
    };
    let ref_id = args.ref_id.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos() as u16)
    });
    let reference = if args.ref_bits == "16" {
        gsm7::ConcatRef::Sixteen(ref_id)
    } else {
        gsm7::ConcatRef::Eight(ref_id as u8)
    };
    let opts = SubmitOptions {
        mr: args.mr,
        vp: args.vp.map(ValidityPeriod::relative_for_seconds),
        srr: args.srr,
        class: args.class.map(MessageClass::from_bits),
        split: gsm7::SplitOptions {
            encoding,
            national: national_policy(&args.national)?,
            reference,
        },
        ..SubmitOptions::default()
    };
    let parts = gsm_pdu::submit_text(&da, &text, &opts)
        .map_err(|e| CliError::bad_input(format!("TEXT: {e}")))?;
    let mut out = Vec::new();
    for p in parts {
        let mut bytes = Vec::new();
        let len = gsm_pdu::encode_with_smsc(smsc.as_ref(), &Tpdu::Submit(p), &mut bytes)
            .map_err(|e| CliError::bad_input(format!("TPDU: {e}")))?;
        out.push(json!({"hex": hex_upper(&bytes), "tpdu_length": len}));
    }
    if args.json {
        print_json(&json!({ "parts": out }))
    } else {
        let lines: Vec<String> = out
            .iter()
            .map(|p| {
                format!(
                    "AT+CMGS={}\n{}",
                    p["tpdu_length"],
                    p["hex"].as_str().unwrap_or("")
                )
            })
            .collect();
        print_human(&lines.join("\n"))
    }
}
