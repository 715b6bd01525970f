//! How many SMS parts a text needs and in which encoding: [`gsm7::count`] with
//! [`SplitOptions`], as a sender shows it before sending, and the parts [`gsm7::split`] makes. Each result is asserted against the
//! segment vectors of `gsm7/tests/data/vectors.json` (copied from
//! /work/shared/vectors/gsm-vectors.json, id and source on each row), so running the example
//! is a test (`cargo run -p sms-gsm7 --example count`; `.ci/run` runs it).

use gsm7::{Encoding, NationalLanguage, NationalPolicy, SplitOptions, Tables, count, split};

struct Case {
    /// The vector id in gsm7/tests/data/vectors.json.
    id: &'static str,
    text: String,
    national: NationalPolicy,
    encoding: Encoding,
    /// Characters per part, as the source gives them.
    part_chars: &'static [usize],
    /// Units (septets or UTF-16 units) in the first part, where the source gives them.
    first_part_units: Option<usize>,
}

fn main() -> Result<(), gsm7::SplitError> {
    let turkish_single_shift = NationalPolicy::Custom {
        single: vec![NationalLanguage::Turkish],
        locking: vec![],
    };
    let cases = [
        // AOSP GsmSmsTest testFragmentText; ModemManager test-sms-part-3gpp.c; Twilio
        // message-segment-calculator: 161 GSM characters → 153 + 8.
        Case {
            id: "seg-gsm7-161",
            text: "1234567890".repeat(16) + "1",
            national: NationalPolicy::None,
            encoding: Encoding::Gsm7,
            part_chars: &[153, 8],
            first_part_units: Some(153),
        },
        // Twilio message-segment-calculator: "€" is an escape (2 septets), 159 characters are
        // 160 septets: still one part.
        Case {
            id: "seg-esc-20ac-1",
            text: "€".to_string() + &"1234567890".repeat(15) + "12345678",
            national: NationalPolicy::None,
            encoding: Encoding::Gsm7,
            part_chars: &[159],
            first_part_units: Some(160),
        },
        // ModemManager test-sms-part-3gpp.c text split tests: 71 CJK characters → 67 + 4 UCS-2.
        Case {
            id: "seg-ucs2-71",
            text: "你好".repeat(35) + "好",
            national: NationalPolicy::None,
            encoding: Encoding::Ucs2,
            part_chars: &[67, 4],
            first_part_units: Some(67),
        },
        // Twilio message-segment-calculator: an emoji is 2 UTF-16 units, 71 units need two
        // parts; 67 units in the first (the emoji and 65 digits: 66 characters).
        Case {
            id: "seg-emoji-71units",
            text: "😜".to_string() + &"1234567890".repeat(7)[1..],
            national: NationalPolicy::None,
            encoding: Encoding::Ucs2,
            part_chars: &[66, 4],
            first_part_units: Some(67),
        },
        // AOSP GsmSmsTest testFragmentTurkishText: with the Turkish single shift table, UDH
        // (concatenation + single shift IE) leaves 149 septets: 74 two-septet characters.
        Case {
            id: "seg-turkish-78",
            text: "ĞŞİğşı".repeat(13),
            national: turkish_single_shift,
            encoding: Encoding::Gsm7,
            part_chars: &[74, 4],
            first_part_units: None,
        },
    ];

    for case in cases {
        let opts = SplitOptions {
            national: case.national.clone(),
            ..SplitOptions::default()
        };
        let c = count(&case.text, &opts)?;
        let s = split(&case.text, &opts)?;
        let chars: Vec<usize> = s.parts.iter().map(|p| p.chars()).collect();
        println!(
            "{:<18} {:>3} chars, {:>3} units: {:?}, {} part(s) {:?}, tables {:?}",
            case.id,
            case.text.chars().count(),
            c.units,
            c.encoding,
            c.parts,
            chars,
            c.tables,
        );
        assert_eq!(c.encoding, case.encoding, "{}", case.id);
        assert_eq!(c.parts, case.part_chars.len(), "{}", case.id);
        assert_eq!(
            (s.encoding, s.tables),
            (c.encoding, c.tables),
            "{}",
            case.id
        );
        assert_eq!(chars, case.part_chars, "{}", case.id);
        if let Some(units) = case.first_part_units {
            assert_eq!(s.parts[0].units, units, "{}", case.id);
        }
        if case.id == "seg-turkish-78" {
            assert_eq!(s.tables.single, Some(NationalLanguage::Turkish));
        } else {
            assert_eq!(s.tables, Tables::DEFAULT, "{}", case.id);
        }
    }
    Ok(())
}
