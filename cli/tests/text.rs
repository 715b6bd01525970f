//! `sms count`, `sms gsm7 pack`, `sms gsm7 unpack` against the contract in shared/CLI.md, run
//! as the built binary.

use std::process::{Command, Output};

use serde_json::Value;

fn sms(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sms"))
        .args(args)
        .output()
        .expect("sms runs")
}

fn json(args: &[&str]) -> Value {
    let out = sms(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(stdout.lines().count(), 1, "exactly one JSON document");
    serde_json::from_str(&stdout).expect("JSON")
}

fn bad_input(args: &[&str], what: &str) {
    let out = sms(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(what), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty());
}

// CLI.md: `sms gsm7 pack` → {"hex": "E8329BFD4697D9EC37", "septets": 10, "fill_bits": 0}.
#[test]
fn accepts_pack_json_as_the_contract_shows() {
    let v = json(&["gsm7", "pack", "--json", "hellohello"]);
    assert_eq!(
        v,
        serde_json::json!({"hex": "E8329BFD4697D9EC37", "septets": 10, "fill_bits": 0})
    );
}

// CLI.md: `sms gsm7 unpack` → {"text": "hellohello", "septets": 10}; lowercase hex with
// spaces is accepted.
#[test]
fn accepts_unpack_json_as_the_contract_shows() {
    let v = json(&[
        "gsm7",
        "unpack",
        "--septets",
        "10",
        "--json",
        "e8 32 9b fd 46 97 d9 ec 37",
    ]);
    assert_eq!(v, serde_json::json!({"text": "hellohello", "septets": 10}));
}

// node-pdu tests/tests/7BitDecoding/data.ts: "abc" after 3 fill bits = 088BC7.
#[test]
fn roundtrip_fill_bits() {
    let v = json(&["gsm7", "pack", "--fill-bits", "3", "--json", "abc"]);
    assert_eq!(v["hex"], "088BC7");
    let v = json(&[
        "gsm7",
        "unpack",
        "--septets",
        "3",
        "--fill-bits",
        "3",
        "--json",
        "088BC7",
    ]);
    assert_eq!(v["text"], "abc");
}

// oFono unit/test-sms.c sms_charset_*: Spanish single shift table, ç = ESC 0x09.
#[test]
fn accepts_national_tables_by_name_and_id() {
    let by_name = json(&["gsm7", "pack", "--single", "spanish", "--json", "ç"]);
    let by_id = json(&["gsm7", "pack", "--single", "2", "--json", "ç"]);
    assert_eq!(by_name, by_id);
    assert_eq!(by_name["septets"], 2);
    assert_eq!(by_name["hex"], "9B04");
    let v = json(&[
        "gsm7",
        "unpack",
        "--septets",
        "2",
        "--single",
        "Spanish",
        "--json",
        "9B04",
    ]);
    assert_eq!(v["text"], "ç");
}

// Twilio message-segment-calculator / AOSP testFragmentText: 161 default-alphabet characters
// are two parts of 153 and 8 behind a 6-octet UDH.
#[test]
fn accepts_count_json_as_the_contract_shows() {
    let text = "1234567890".repeat(16) + "1";
    let v = json(&["count", "--json", &text]);
    assert_eq!(v["encoding"], "gsm7");
    assert_eq!(v["locking_shift"], Value::Null);
    assert_eq!(v["single_shift"], Value::Null);
    assert_eq!(v["segments"], 2);
    assert_eq!(v["udh_octets"], 6);
    assert_eq!(v["parts"][0]["units"], 153);
    assert_eq!(v["parts"][0]["chars"], 153);
    assert_eq!(v["parts"][1]["text"], "45678901");
    let v = json(&["count", "--ref", "16", "--json", &text]);
    assert_eq!(
        (v["udh_octets"].clone(), v["parts"][0]["units"].clone()),
        (7.into(), 152.into())
    );
}

// Twilio message-segment-calculator (seg-emoji-70units/71units): an emoji is 2 UTF-16 units;
// 70 units are 1 part, 71 are 2.
#[test]
fn accepts_count_of_ucs2_and_escapes() {
    let digits = "2345678901".repeat(7);
    let text = format!("😜{}", &digits[..69]);
    let v = json(&["count", "--json", &text[..text.len() - 1]]);
    assert_eq!(
        (v["encoding"].clone(), v["segments"].clone()),
        ("ucs2".into(), 1.into())
    );
    let v = json(&["count", "--json", &text]);
    assert_eq!(
        (v["encoding"].clone(), v["segments"].clone()),
        ("ucs2".into(), 2.into())
    );
    // An escaped character counts 2 units (TS 23.038 §6.2.1.1).
    let v = json(&["count", "--json", "a€"]);
    assert_eq!(
        (
            v["parts"][0]["units"].clone(),
            v["parts"][0]["chars"].clone()
        ),
        (3.into(), 2.into())
    );
}

// AOSP GsmSmsTest testFragmentTurkishText: Turkish letters fit GSM 7 bit only with a Turkish
// table; without national tables they need UCS-2 (the contract's default is --national none).
#[test]
fn accepts_national_choice_in_count() {
    let text = "ĞŞİğşı".repeat(13);
    let v = json(&["count", "--json", &text]);
    assert_eq!(v["encoding"], "ucs2");
    let v = json(&["count", "--national", "turkish", "--json", &text]);
    assert_eq!(v["encoding"], "gsm7");
    assert_eq!(v["segments"], 1);
    let v = json(&[
        "count",
        "--national",
        "auto",
        "--encoding",
        "gsm7",
        "--json",
        &text,
    ]);
    assert_eq!(v["encoding"], "gsm7");
}

#[test]
fn accepts_human_output_without_json() {
    let out = sms(&["gsm7", "unpack", "--septets", "10", "E8329BFD4697D9EC37"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        "hellohello"
    );
    let out = sms(&["count", "hi"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("gsm7, 1 segment"));
}

#[test]
fn rejects_bad_input_with_exit_2_and_where() {
    bad_input(&["gsm7", "unpack", "--septets", "2", "61Z1"], "position 2");
    bad_input(&["gsm7", "unpack", "--septets", "3", "6131"], "3 septets");
    bad_input(&["gsm7", "pack", "--locking", "klingon", "x"], "klingon");
    bad_input(&["count", "--national", "turkish,elvish", "x"], "elvish");
    bad_input(&["gsm7", "pack", "a你"], "byte 1");
    bad_input(&["count", "--encoding", "gsm7", "你"], "U+4F60");
    bad_input(&["gsm7", "pack", "--fill-bits", "7", "x"], "fill-bits");
    // An escape at the end of the septets (TS 23.038 §6.2.1: the escape announces a second
    // septet).
    bad_input(&["gsm7", "unpack", "--septets", "1", "1B"], "septet 0");
}
