//! `sms dlr`: parse a delivery receipt (SMPP Appendix B text) with the dlr crate.
//!
//! Contract (shared/CLI.md): `--json` prints the seven receipt fields exactly as the SMSC
//! wrote them (trimmed, `null` when absent), `state` and `final`. Added keys: `submit_time`
//! and `done_time` (ISO 8601, `null` when absent or invalid), `error_code` (numeric `err`),
//! `extra` (vendor fields in order) and `quirks` (what lenient parsing forgave). Text that is
//! not a receipt is bad input (exit 2) with what and where, never a guess.

use dlr::{DecodeOptions, FieldName, Receipt, State};
use serde_json::{Value, json};

use crate::common::{CliError, parse_hex, print_human, print_json, read_arg};

/// Arguments of `sms dlr`.
#[derive(Debug, clap::Args)]
pub(crate) struct DlrArgs {
    /// Print one JSON document.
    #[arg(long)]
    json: bool,
    /// Require SMPP 3.4 Appendix B exactly (default: forgive and report vendor quirks).
    #[arg(long)]
    strict: bool,
    /// TEXT is the short_message in hex (for receipts with binary text).
    #[arg(long)]
    hex: bool,
    /// The receipt text (`-` reads stdin).
    text: String,
}

const FIELDS: [(&str, FieldName); 8] = [
    ("id", FieldName::Id),
    ("sub", FieldName::Sub),
    ("dlvrd", FieldName::Dlvrd),
    ("submit_date", FieldName::SubmitDate),
    ("done_date", FieldName::DoneDate),
    ("stat", FieldName::Stat),
    ("err", FieldName::Err),
    ("text", FieldName::Text),
];

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub(crate) fn run(args: DlrArgs) -> Result<(), CliError> {
    let input = read_arg(&args.text)?;
    let bytes = if args.hex {
        parse_hex(&input, "TEXT")?
    } else {
        input.into_bytes()
    };
    let options = if args.strict {
        DecodeOptions::strict()
    } else {
        DecodeOptions::lenient()
    };
    let receipt =
        Receipt::parse(&bytes, &options).map_err(|e| CliError::bad_input(format!("TEXT: {e}")))?;
    // A receipt without `stat` says nothing about the outcome: unknown (which is final).
    let state = receipt.state().unwrap_or(State::Unknown);
    if args.json {
        print_json(&to_json(&receipt, state))
    } else {
        print_human(&to_human(&receipt, state))
    }
}

fn to_json(r: &Receipt<'_>, state: State) -> Value {
    let mut obj = serde_json::Map::new();
    for (key, name) in FIELDS {
        obj.insert(
            key.into(),
            r.raw(name).map_or(Value::Null, |v| Value::String(text(v))),
        );
    }
    obj.insert("state".into(), json!(state.as_str()));
    obj.insert("final".into(), json!(state.is_final()));
    obj.insert(
        "submit_time".into(),
        json!(r.submit_date().map(|d| d.to_string())),
    );
    obj.insert(
        "done_time".into(),
        json!(r.done_date().map(|d| d.to_string())),
    );
    obj.insert("error_code".into(), json!(r.err_code()));
    let extra: Vec<Value> = r
        .extra
        .iter()
        .map(|f| json!({"key": text(f.key), "value": text(f.value)}))
        .collect();
    obj.insert("extra".into(), Value::Array(extra));
    let quirks: Vec<Value> = r.quirks.iter().map(|q| json!(q.to_string())).collect();
    obj.insert("quirks".into(), Value::Array(quirks));
    Value::Object(obj)
}

fn to_human(r: &Receipt<'_>, state: State) -> String {
    let mut out = String::new();
    for (key, name) in FIELDS {
        let value = r.raw(name).map_or_else(|| "(absent)".to_owned(), text);
        out.push_str(&format!("{key:<12} {value}\n"));
    }
    for f in &r.extra {
        out.push_str(&format!("{:<12} {}\n", text(f.key), text(f.value)));
    }
    let finality = if state.is_final() {
        "final"
    } else {
        "not final"
    };
    out.push_str(&format!("{:<12} {state} ({finality})", "state"));
    for q in &r.quirks {
        out.push_str(&format!("\nquirk        {q}"));
    }
    out
}
