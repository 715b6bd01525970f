//! `sms decode smpp` and `sms encode smpp submit_sm` (smpp crate), as shared/CLI.md says.

use serde_json::{Map, Value, json};
use smpp::{
    CodingChoice, CommandId, CommandStatus, ConcatMethod, DecodeOptions, DestAddress,
    DestAddresses, Frame, InterfaceVersion, Npi, Pdu, SubmitSm, TextOptions, Tlvs, Ton,
    UnsuccessSmes, Violation, Visitor,
};

use crate::common::{CliError, hex_upper, parse_hex, print_human, print_json, read_arg};

/// Arguments of `sms decode smpp`.
#[derive(Debug, clap::Args)]
pub(crate) struct DecodeArgs {
    /// Forgive the structural quirks real SMSCs send (each one is reported in `quirks`).
    #[arg(long)]
    lenient: bool,
    /// Exit 2 on any violation or quirk (the PDU is still printed).
    #[arg(long)]
    strict: bool,
    /// Interface version to validate against: 3.4 or 5.0 (default: 3.4 for v3.4 command
    /// ids, 5.0 for the v5.0 broadcast family).
    #[arg(long, value_parser = ["3.4", "5.0"])]
    version: Option<String>,
    /// One JSON object per PDU, one per line.
    #[arg(long)]
    json: bool,
    /// One or more concatenated PDUs as hex (`-` reads stdin).
    hex: String,
}

/// How long texts are carried.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum ConcatArg {
    /// UDH with an 8-bit reference (IEI 0x00).
    Udh8,
    /// UDH with a 16-bit reference (IEI 0x08).
    Udh16,
    /// sar_* TLVs.
    Sar,
    /// One PDU with a message_payload TLV.
    Payload,
}

impl From<ConcatArg> for ConcatMethod {
    /// The smpp crate's concatenation, reference 0 (set it with
    /// [`ConcatMethod::with_reference`]).
    fn from(c: ConcatArg) -> Self {
        match c {
            ConcatArg::Udh8 => Self::Udh8(0),
            ConcatArg::Udh16 => Self::Udh16(0),
            ConcatArg::Sar => Self::SarTlv(0),
            ConcatArg::Payload => Self::MessagePayload,
        }
    }
}

/// `sms encode smpp …` subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum EncodeCommand {
    /// Build submit_sm PDUs for a text, one per part.
    #[command(name = "submit_sm", alias = "submit-sm")]
    SubmitSm {
        /// Source address: `+` and digits (international), digits, or alphanumeric.
        #[arg(long)]
        from: String,
        /// Destination address: `+` and digits (international) or digits.
        #[arg(long)]
        to: String,
        /// Sequence number of the first PDU (the next parts count up).
        #[arg(long, default_value_t = 1)]
        seq: u32,
        /// registered_delivery (1: receipt on final outcome).
        #[arg(long, default_value_t = 0)]
        registered_delivery: u8,
        /// `auto` (GSM 7 bit, else UCS-2) or a data_coding value (decimal or 0x hex).
        #[arg(long, default_value = "auto")]
        data_coding: String,
        /// How a text longer than one SMS is carried.
        #[arg(long, value_enum, default_value = "udh8")]
        concat: ConcatArg,
        /// Print `{"pdus": [HEX, …]}`.
        #[arg(long)]
        json: bool,
        /// The text (`-` reads stdin).
        text: String,
    },
}

pub(crate) fn decode(args: DecodeArgs) -> Result<(), CliError> {
    let input = read_arg(&args.hex)?;
    let bytes = parse_hex(&input, "HEX")?;
    if bytes.is_empty() {
        return Err(CliError::bad_input("HEX: no PDU given"));
    }
    let opts = if args.lenient {
        DecodeOptions::lenient()
    } else {
        DecodeOptions::strict()
    };
    let version = args.version.as_deref().map(|v| match v {
        "5.0" => InterfaceVersion::V50,
        _ => InterfaceVersion::V34,
    });
    let mut nonconformant = 0usize;
    // The codec's framing cuts the PDUs one after the other.
    let mut buf = smpp::bytes::BytesMut::from(&bytes[..]);
    while !buf.is_empty() {
        let at = bytes.len() - buf.len();
        let owned = match smpp::OwnedFrame::take(&mut buf, &opts) {
            Ok(Some(Ok(owned))) => owned,
            Ok(Some(Err(malformed))) => {
                let e = malformed.error;
                return Err(CliError::bad_input(format!(
                    "PDU at octet {at}: {e} (a response would carry {})",
                    e.command_status()
                )));
            }
            Ok(None) => {
                return Err(CliError::bad_input(
                    match smpp::peek_command_length(&buf, &opts) {
                        Ok(Some(len)) => format!(
                            "PDU at octet {at}: command_length {len} but only {} octets remain",
                            buf.len()
                        ),
                        _ => format!(
                            "PDU at octet {at}: only {} octets, too short for a command_length",
                            buf.len()
                        ),
                    },
                ));
            }
            Err(e) => return Err(CliError::bad_input(format!("PDU at octet {at}: {e}"))),
        };
        let frame = owned.frame();
        let violations = frame.validate(version.unwrap_or_else(|| default_version(&frame)));
        nonconformant += violations.len() + frame.quirks.len();
        if args.json {
            print_json(&frame_json(&frame, &violations))?;
        } else {
            print_human(&frame_human(&frame, &violations))?;
        }
    }
    if args.strict && nonconformant > 0 {
        return Err(CliError::bad_input(format!(
            "--strict: {nonconformant} violation(s) or quirk(s)"
        )));
    }
    Ok(())
}

/// shared/CLI.md: 3.4 for the command ids of v3.4, 5.0 for the broadcast family (v5.0 §4.4,
/// §4.6) that only v5.0 defines.
fn default_version(frame: &Frame<'_>) -> InterfaceVersion {
    let id = frame.header.command_id.request();
    if matches!(
        id,
        CommandId::BROADCAST_SM | CommandId::QUERY_BROADCAST_SM | CommandId::CANCEL_BROADCAST_SM
    ) {
        InterfaceVersion::V50
    } else {
        InterfaceVersion::V34
    }
}

fn violation_json(v: &Violation) -> Value {
    json!({
        "field": v.field,
        "offset": v.offset,
        "status": v.status.name().map_or_else(|| format!("0x{:08X}", v.status.0), str::to_owned),
        "reason": format!("{} ({})", v.rule.reason(), v.rule.section()),
    })
}

fn command_id_string(frame: &Frame<'_>) -> String {
    match frame.header.command_id.name() {
        Some(n) => n.to_owned(),
        None => format!("0x{:08X}", frame.header.command_id.0),
    }
}

fn frame_text(pdu: &Pdu<'_>) -> Option<String> {
    match pdu {
        Pdu::SubmitSm(b) => b.text().ok(),
        Pdu::DeliverSm(b) => b.text().ok(),
        Pdu::DataSm(b) => b.text().ok(),
        _ => None,
    }
}

/// Collects body fields and TLVs as JSON.
#[derive(Default)]
struct JsonVisitor {
    /// Body fields in wire order.
    body: Vec<(&'static str, Value)>,
    tlvs: Vec<Value>,
}

fn lossy(b: &[u8]) -> Value {
    Value::String(String::from_utf8_lossy(b).into_owned())
}

impl Visitor for JsonVisitor {
    fn integer(&mut self, name: &'static str, value: u32) {
        self.body.push((name, json!(value)));
    }
    fn c_octet_string(&mut self, name: &'static str, value: &[u8]) {
        self.body.push((name, lossy(value)));
    }
    fn octet_string(&mut self, name: &'static str, value: &[u8]) {
        self.body.push((name, json!(hex_upper(value))));
    }
    fn dest_addresses(&mut self, name: &'static str, value: &DestAddresses<'_>) {
        self.body.push(("number_of_dests", json!(value.len())));
        let list: Vec<Value> = value
            .iter()
            .map(|d| match d {
                DestAddress::SmeAddress {
                    dest_addr_ton,
                    dest_addr_npi,
                    destination_addr,
                } => json!({"dest_flag": 1, "dest_addr_ton": dest_addr_ton.0,
                            "dest_addr_npi": dest_addr_npi.0,
                            "destination_addr": lossy(destination_addr.as_bytes())}),
                DestAddress::DistributionList { dl_name } => {
                    json!({"dest_flag": 2, "dl_name": lossy(dl_name.as_bytes())})
                }
            })
            .collect();
        self.body.push((name, Value::Array(list)));
    }
    fn unsuccess_smes(&mut self, name: &'static str, value: &UnsuccessSmes<'_>) {
        self.body.push(("no_unsuccess", json!(value.len())));
        let list: Vec<Value> = value
            .iter()
            .map(|u| {
                json!({"dest_addr_ton": u.dest_addr_ton.0, "dest_addr_npi": u.dest_addr_npi.0,
                       "destination_addr": lossy(u.destination_addr.as_bytes()),
                       "error_status_code": u.error_status_code})
            })
            .collect();
        self.body.push((name, Value::Array(list)));
    }
    fn tlvs(&mut self, value: &Tlvs<'_>) {
        for t in value.iter() {
            self.tlvs.push(json!({
                "tag": t.tag.0,
                "name": t.name(),
                "value": hex_upper(t.raw()),
            }));
        }
    }
}

fn frame_json(frame: &Frame<'_>, violations: &[Violation]) -> Value {
    let mut v = JsonVisitor::default();
    frame.pdu.visit(&mut v);
    let quirks: Vec<Value> = frame
        .quirks
        .iter()
        .map(|q| json!({"kind": format!("{:?}", q.kind), "field": q.field, "offset": q.offset}))
        .collect();
    json!({
        "command_length": frame.header.command_length,
        "command_id": command_id_string(frame),
        "command_status": frame.header.command_status.0,
        "command_status_name": frame.header.command_status.name(),
        "sequence_number": frame.header.sequence_number,
        "body": Value::Object(v.body.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<_, _>>()),
        "tlvs": v.tlvs,
        "text": frame_text(&frame.pdu),
        "quirks": quirks,
        "violations": violations.iter().map(violation_json).collect::<Vec<_>>(),
    })
}

fn frame_human(frame: &Frame<'_>, violations: &[Violation]) -> String {
    let mut v = JsonVisitor::default();
    frame.pdu.visit(&mut v);
    let h = &frame.header;
    let mut s = format!(
        "{} (0x{:08X}) seq {} status {} (0x{:08X}) length {}",
        command_id_string(frame),
        h.command_id.0,
        h.sequence_number,
        h.command_status,
        h.command_status.0,
        h.command_length
    );
    for (k, val) in &v.body {
        s.push_str(&format!("\n  {k}: {val}"));
    }
    for t in &v.tlvs {
        s.push_str(&format!(
            "\n  tlv {} (0x{:04X}): {}",
            t["name"].as_str().unwrap_or("unknown"),
            t["tag"].as_u64().unwrap_or(0),
            t["value"].as_str().unwrap_or("")
        ));
    }
    if let Some(text) = frame_text(&frame.pdu) {
        s.push_str(&format!("\n  text: {text:?}"));
    }
    for q in frame.quirks.iter() {
        s.push_str(&format!(
            "\n  quirk forgiven: {:?} in {} at octet {}",
            q.kind, q.field, q.offset
        ));
    }
    for v in violations {
        s.push_str(&format!("\n  violation: {v}"));
    }
    s
}

/// TON, NPI and digits of an address, by [`smpp::classify_address`].
pub(crate) fn address(arg: &str, what: &str) -> Result<(Ton, Npi, String), CliError> {
    let smpp::ClassifiedAddress {
        ton,
        npi,
        address: addr,
        ..
    } = smpp::classify_address(arg);
    if addr.is_empty() || addr.len() > 20 || addr.contains('\0') {
        return Err(CliError::bad_input(format!(
            "{what}: {arg:?} must be 1 to 20 characters"
        )));
    }
    Ok((ton, npi, addr.to_owned()))
}

fn parse_data_coding(s: &str) -> Result<CodingChoice, CliError> {
    if s == "auto" {
        return Ok(CodingChoice::Auto);
    }
    let v = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u8::from_str_radix(h, 16),
        None => s.parse::<u8>(),
    };
    v.map(|v| CodingChoice::Fixed(smpp::DataCoding(v)))
        .map_err(|_| {
            CliError::bad_input(format!(
                "--data-coding: {s:?} is neither `auto` nor a value 0-255"
            ))
        })
}

/// A concatenation reference that differs between texts yet is reproducible.
fn reference(text: &str, to: &str) -> u16 {
    let mut h: u32 = 0x811C_9DC5;
    for b in text.bytes().chain(to.bytes()) {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    (h ^ (h >> 16)) as u16
}

pub(crate) fn encode(cmd: EncodeCommand) -> Result<(), CliError> {
    let EncodeCommand::SubmitSm {
        from,
        to,
        seq,
        registered_delivery,
        data_coding,
        concat,
        json,
        text,
    } = cmd;
    let text = read_arg(&text)?;
    if seq == 0 || seq > 0x7FFF_FFFF {
        return Err(CliError::bad_input(
            "--seq: the sequence number must be 1..=2147483647 (SMPP v3.4 §5.1.4)",
        ));
    }
    let (src_ton, src_npi, src) = address(&from, "--from")?;
    let (dst_ton, dst_npi, dst) = address(&to, "--to")?;
    let template = SubmitSm {
        source_addr_ton: src_ton,
        source_addr_npi: src_npi,
        source_addr: src
            .try_into()
            .map_err(|e| CliError::bad_input(format!("--from: {e}")))?,
        dest_addr_ton: dst_ton,
        dest_addr_npi: dst_npi,
        destination_addr: dst
            .clone()
            .try_into()
            .map_err(|e| CliError::bad_input(format!("--to: {e}")))?,
        registered_delivery: smpp::RegisteredDelivery(registered_delivery),
        ..SubmitSm::default()
    };
    let r = reference(&text, &dst);
    let opts = TextOptions {
        data_coding: parse_data_coding(&data_coding)?,
        concat: ConcatMethod::from(concat).with_reference(u64::from(r)),
    };
    let parts = smpp::submit_sm_parts(&template, &text, &opts)
        .map_err(|e| CliError::bad_input(format!("TEXT: {e}")))?;
    let mut pdus = Vec::with_capacity(parts.len());
    for (i, part) in parts.into_iter().enumerate() {
        let seq = seq
            .checked_add(i as u32)
            .filter(|s| *s <= 0x7FFF_FFFF)
            .ok_or_else(|| CliError::bad_input("--seq: the parts run past 0x7FFFFFFF"))?;
        pdus.push(hex_upper(
            &Pdu::SubmitSm(part).to_vec(seq, CommandStatus::ESME_ROK),
        ));
    }
    if json {
        print_json(&json!({ "pdus": pdus }))
    } else {
        print_human(&pdus.join("\n"))
    }
}
