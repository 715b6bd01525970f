//! `sms count`, `sms gsm7 pack`, `sms gsm7 unpack`: the gsm7 crate in a terminal.

use gsm7::{
    ConcatRef, Encoding, EncodingChoice, NationalLanguage, NationalPolicy, SplitOptions, Tables,
};
use serde_json::json;

use crate::common::{CliError, hex_upper, parse_hex, print_human, print_json, read_arg};

/// Arguments of `sms count`.
#[derive(Debug, clap::Args)]
pub(crate) struct CountArgs {
    /// Encodings to choose from.
    #[arg(long, value_name = "auto|gsm7|ucs2", default_value = "auto", value_parser = ["auto", "gsm7", "ucs2"])]
    encoding: String,
    /// National language shift tables GSM 7 bit may use: none, auto, or a comma-separated list
    /// of languages (names or ids 1-13).
    #[arg(long, value_name = "none|auto|LANG[,LANG…]", default_value = "none", value_parser = parse_national)]
    national: NationalPolicy,
    /// Concatenation reference width in bits.
    #[arg(long = "ref", value_name = "8|16", default_value = "8", value_parser = ["8", "16"])]
    reference: String,
    /// Print one JSON document.
    #[arg(long)]
    json: bool,
    /// The text (`-` reads stdin).
    text: String,
}

/// `sms gsm7 …` subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Gsm7Command {
    /// Encode text as GSM 7-bit septets and pack them (TS 23.038 §6.1.2.1.1).
    Pack {
        /// Zero bits before the first septet (after a UDH), 0-6.
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=6))]
        fill_bits: u8,
        /// National language locking shift table (name or id).
        #[arg(long, value_name = "LANG")]
        locking: Option<NationalLanguage>,
        /// National language single shift table (name or id).
        #[arg(long, value_name = "LANG")]
        single: Option<NationalLanguage>,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
        /// The text (`-` reads stdin).
        text: String,
    },
    /// Unpack GSM 7-bit septets and decode them as text.
    Unpack {
        /// Number of septets (the TP-UDL of a GSM 7-bit TPDU without its UDH part).
        #[arg(long)]
        septets: usize,
        /// Zero bits before the first septet (after a UDH), 0-6.
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=6))]
        fill_bits: u8,
        /// National language locking shift table (name or id).
        #[arg(long, value_name = "LANG")]
        locking: Option<NationalLanguage>,
        /// National language single shift table (name or id).
        #[arg(long, value_name = "LANG")]
        single: Option<NationalLanguage>,
        /// Apply the display rules of TS 23.038 §6.2.1.1 to undefined escapes instead of
        /// failing; what was forgiven is reported on stderr.
        #[arg(long)]
        lenient: bool,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
        /// The packed septets in hex (`-` reads stdin).
        hex: String,
    },
}

pub(crate) fn parse_national(s: &str) -> Result<NationalPolicy, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "none" => Ok(NationalPolicy::None),
        "auto" => Ok(NationalPolicy::Auto),
        list => list
            .split(',')
            .map(|name| {
                name.parse::<NationalLanguage>()
                    .map_err(|e| format!("{name:?}: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(NationalPolicy::Allowed),
    }
}

fn lang_json(l: Option<NationalLanguage>) -> serde_json::Value {
    l.map_or(serde_json::Value::Null, |l| json!(l.name()))
}

/// `sms count`.
pub(crate) fn count(args: CountArgs) -> Result<(), CliError> {
    let text = read_arg(&args.text)?;
    let opts = SplitOptions {
        encoding: match args.encoding.as_str() {
            "gsm7" => EncodingChoice::Gsm7,
            "ucs2" => EncodingChoice::Ucs2,
            _ => EncodingChoice::Auto,
        },
        national: args.national,
        reference: if args.reference == "16" {
            ConcatRef::Sixteen(0)
        } else {
            ConcatRef::Eight(0)
        },
    };
    let s = gsm7::split(&text, &opts).map_err(|e| CliError::bad_input(format!("TEXT: {e}")))?;
    let encoding = match s.encoding {
        Encoding::Gsm7 => "gsm7",
        Encoding::Ucs2 => "ucs2",
        Encoding::Binary => "binary",
    };
    let udh_octets = s.parts.first().map_or(0, |p| p.udh().len());
    if args.json {
        let parts: Vec<_> = s
            .parts
            .iter()
            .map(|p| json!({"units": p.units, "chars": p.chars(), "text": p.text}))
            .collect();
        return print_json(&json!({
            "encoding": encoding,
            "locking_shift": lang_json(s.tables.locking),
            "single_shift": lang_json(s.tables.single),
            "segments": s.parts.len(),
            "udh_octets": udh_octets,
            "parts": parts,
        }));
    }
    let mut out = format!(
        "{encoding}, {} segment{}, UDH {udh_octets} octets per part",
        s.parts.len(),
        if s.parts.len() == 1 { "" } else { "s" }
    );
    if let Some(l) = s.tables.locking {
        out.push_str(&format!(", locking shift {l}"));
    }
    if let Some(l) = s.tables.single {
        out.push_str(&format!(", single shift {l}"));
    }
    for (i, p) in s.parts.iter().enumerate() {
        out.push_str(&format!(
            "\n  part {}: {} units, {} chars: {:?}",
            i + 1,
            p.units,
            p.chars(),
            p.text
        ));
    }
    print_human(&out)
}

/// `sms gsm7 pack|unpack`.
pub(crate) fn gsm7(cmd: Gsm7Command) -> Result<(), CliError> {
    match cmd {
        Gsm7Command::Pack {
            fill_bits,
            locking,
            single,
            json,
            text,
        } => {
            let text = read_arg(&text)?;
            let tables = Tables { locking, single };
            let mut septets = Vec::new();
            gsm7::encode_septets(&text, tables, &mut septets)
                .map_err(|e| CliError::bad_input(format!("TEXT: {e}")))?;
            let mut packed = Vec::new();
            gsm7::pack(&septets, fill_bits, &mut packed);
            let hex = hex_upper(&packed);
            if json {
                print_json(&json!({"hex": hex, "septets": septets.len(), "fill_bits": fill_bits}))
            } else {
                print_human(&format!(
                    "{hex}\n({} septets, {fill_bits} fill bits)",
                    septets.len()
                ))
            }
        }
        Gsm7Command::Unpack {
            septets: count,
            fill_bits,
            locking,
            single,
            lenient,
            json,
            hex,
        } => {
            let packed = parse_hex(&read_arg(&hex)?, "HEX")?;
            let mut septets = Vec::new();
            gsm7::unpack(&packed, count, fill_bits, &mut septets)
                .map_err(|e| CliError::bad_input(format!("HEX with --septets {count}: {e}")))?;
            let tables = Tables { locking, single };
            let mut text = String::new();
            if lenient {
                let q = gsm7::decode_septets_with(
                    &septets,
                    tables,
                    &gsm7::DecodeOptions::lenient(),
                    &mut text,
                )
                .map_err(|e| CliError::bad_input(format!("HEX: {e}")))?;
                if !q.is_empty() {
                    eprintln!("sms: warning: forgave {q:?}");
                }
            } else {
                gsm7::decode_septets(&septets, tables, &mut text).map_err(|e| {
                    CliError::bad_input(format!("HEX: {e} (--lenient applies TS 23.038 §6.2.1.1)"))
                })?;
            }
            if json {
                print_json(&json!({"text": text, "septets": count}))
            } else {
                print_human(&text)
            }
        }
    }
}
