//! Every position of every table (TS 23.038 §6.2.1, §6.2.1.1, Annex A), both ways, against the
//! independent tables of PyPI `gsmcodecs` 1.0.0 (generated from TS 23.038 V18.0.0), dumped by
//! tests/data/gen_gsmcodecs_tables.py into tests/data/gsmcodecs_tables.json.
//!
//! Our tables come from AOSP GsmAlphabet.java. Where the two sources differ, the difference is
//! listed in `DEVIATIONS` with the reason we follow AOSP; anything else that differs fails.

use gsm7::{
    DecodeError, DecodeOptions, NationalLanguage, Tables, decode_septets, decode_septets_with,
    encode_septets,
};
use serde_json::Value;

/// (table kind, language id, septet, our char, gsmcodecs char, why).
const DEVIATIONS: &[(&str, u8, u8, char, char, &str)] = &[
    // A.3.4–A.3.13 print ',' at 0x2C (as AOSP has it); gsmcodecs has an apostrophe there,
    // which would leave these tables without a comma.
    ("locking", 4, 0x2C, ',', '\'', "comma per Annex A / AOSP"),
    ("locking", 5, 0x2C, ',', '\'', "comma per Annex A / AOSP"),
    ("locking", 6, 0x2C, ',', '\'', "comma per Annex A / AOSP"),
    ("locking", 7, 0x2C, ',', '\'', "comma per Annex A / AOSP"),
    ("locking", 8, 0x2C, ',', '\'', "comma per Annex A / AOSP"),
    ("locking", 9, 0x2C, ',', '\'', "comma per Annex A / AOSP"),
    ("locking", 10, 0x2C, ',', '\'', "comma per Annex A / AOSP"),
    ("locking", 11, 0x2C, ',', '\'', "comma per Annex A / AOSP"),
    ("locking", 12, 0x2C, ',', '\'', "comma per Annex A / AOSP"),
    ("locking", 13, 0x2C, ',', '\'', "comma per Annex A / AOSP"),
    // A.3.7 prints U+0CAA at 0x24 and again at 0x3D; 0x24 sits between U+0CA0 and U+0CA2, so
    // AOSP corrects it to U+0CA1 (KANNADA LETTER DDA).
    (
        "locking",
        7,
        0x24,
        '\u{CA1}',
        '\u{CAA}',
        "spec typo corrected as AOSP",
    ),
    // A.2.12: every Indic single shift table has '€' at 0x65; AOSP has it for Telugu too,
    // gsmcodecs leaves it empty.
    (
        "single",
        12,
        0x65,
        '€',
        '\0',
        "euro sign as in A.2.4-A.2.13 / AOSP",
    ),
];

fn fixture() -> Value {
    serde_json::from_str(include_str!("data/gsmcodecs_tables.json")).expect("fixture parses")
}

fn tables(kind: &str, id: u8) -> Tables {
    let lang = NationalLanguage::from_id(id);
    match kind {
        "locking" => Tables {
            locking: lang,
            single: None,
        },
        _ => Tables {
            locking: None,
            single: lang,
        },
    }
}

fn deviation(kind: &str, id: u8, code: u8) -> Option<(char, char)> {
    DEVIATIONS
        .iter()
        .find(|d| d.0 == kind && d.1 == id && d.2 == code)
        .map(|d| (d.3, d.4))
}

/// Our character at a position, `None` where the table leaves it empty.
fn ours(kind: &str, id: u8, code: u8) -> Option<char> {
    let t = tables(kind, id);
    let septets = if kind == "locking" {
        vec![code]
    } else {
        vec![0x1B, code]
    };
    let mut s = String::new();
    match decode_septets(&septets, t, &mut s) {
        Ok(()) => {
            assert_eq!(s.chars().count(), 1);
            s.chars().next()
        }
        Err(DecodeError::UndefinedSeptet { .. } | DecodeError::UndefinedEscape { .. }) => None,
        Err(e) => panic!("{kind} {id} 0x{code:02X}: {e}"),
    }
}

#[test]
fn accepts_every_position_as_gsmcodecs_decodes_it() {
    let f = fixture();
    let mut checked = 0;
    for kind in ["locking", "single"] {
        let by_lang = f[kind].as_object().unwrap();
        // gsmcodecs has no Spanish locking table either (A.3.2 is void).
        assert_eq!(by_lang.len(), if kind == "locking" { 13 } else { 14 });
        for (id, maps) in by_lang {
            let id: u8 = id.parse().unwrap();
            for code in 0u8..128 {
                let theirs = maps["decode"][code.to_string()]
                    .as_u64()
                    .and_then(|c| char::from_u32(c as u32));
                if code == 0x1B {
                    // gsmcodecs shows a space for 0x1B. In a locking table it is the escape
                    // itself; in a shift table "a receiving entity shall display a space"
                    // (§6.2.1.1), which our lenient decoder does (strict reports it).
                    assert_eq!(theirs, Some(' '), "{kind} {id}");
                    if kind == "single" {
                        let mut s = String::new();
                        let lenient = DecodeOptions::lenient();
                        let q =
                            decode_septets_with(&[0x1B, 0x1B], tables(kind, id), &lenient, &mut s)
                                .unwrap();
                        assert_eq!((s.as_str(), q.undefined_escapes), (" ", 1));
                    }
                    continue;
                }
                let mine = ours(kind, id, code);
                match deviation(kind, id, code) {
                    Some((m, t)) => {
                        assert_eq!(mine, Some(m), "{kind} {id} 0x{code:02X}");
                        assert_eq!(theirs.unwrap_or('\0'), t, "{kind} {id} 0x{code:02X}");
                    }
                    None => assert_eq!(mine, theirs, "{kind} {id} 0x{code:02X}"),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, (13 + 14) * 127);
}

#[test]
fn accepts_every_character_as_gsmcodecs_encodes_it() {
    let f = fixture();
    let default_encode = f["locking"]["0"]["encode"].as_object().unwrap().clone();
    let mut checked = 0;
    for kind in ["locking", "single"] {
        for (id, maps) in f[kind].as_object().unwrap() {
            let id: u8 = id.parse().unwrap();
            for (cp, code) in maps["encode"].as_object().unwrap() {
                let ch = char::from_u32(cp.parse().unwrap()).unwrap();
                let code = code.as_u64().unwrap() as u8;
                if deviation(kind, id, code).is_some() || (code == 0x1B) {
                    continue;
                }
                let mut got = Vec::new();
                let r = encode_septets(&ch.to_string(), tables(kind, id), &mut got);
                let want = if kind == "locking" {
                    vec![code]
                } else if let Some(d) = default_encode.get(cp) {
                    // In the default alphabet too: one septet beats an escape pair. (This also
                    // covers the characters A.2.4-A.2.13 list twice, '*' at 0x0B and 0x18 and
                    // '¡' at 0x13 and 0x15, where gsmcodecs picks 0x18 for '*' and we the lower
                    // position: both are in the default alphabet.)
                    vec![d.as_u64().unwrap() as u8]
                } else {
                    vec![0x1B, code]
                };
                assert_eq!(r.map(|_| got), Ok(want), "{kind} {id} {ch:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 2300, "{checked}");
}
