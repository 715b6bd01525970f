//! Every `gsm7-pack` and `segment` vector of the shared GSM vector set
//! (tests/data/vectors.json, copied from shared/vectors/gsm-vectors.json; each vector names its
//! source: smspdudecoder, node-pdu, python-gsmmodem, oFono, AOSP, Twilio's
//! message-segment-calculator, ModemManager).

use gsm7::{
    ConcatRef, DecodeOptions, Encoding, NationalLanguage, NationalPolicy, SplitError, SplitOptions,
    Tables, cr_pad, decode_septets, decode_septets_with, encode_septets, pack, split, strip_cr_pad,
    unpack,
};
use serde_json::Value;

fn vectors(kind: &str) -> Vec<Value> {
    let data = include_str!("data/vectors.json");
    let v: Value = serde_json::from_str(data).expect("vectors.json parses");
    v["vectors"]
        .as_array()
        .expect("vectors array")
        .iter()
        .filter(|x| x["kind"] == kind)
        .cloned()
        .collect()
}

use test_support::hex;

fn lang(v: &Value) -> Option<NationalLanguage> {
    v.as_u64()
        .filter(|&id| id != 0)
        .and_then(|id| NationalLanguage::from_id(id as u8))
}

#[test]
fn accepts_every_gsm7_pack_vector() {
    let all = vectors("gsm7-pack");
    assert_eq!(all.len(), 25);
    for v in all {
        let id = v["id"].as_str().unwrap();
        let e = &v["expected"];
        let packed = hex(v["hex"].as_str().unwrap());
        let septets = e["septets"].as_u64().unwrap() as usize;
        let fill = e["fill_bits"].as_u64().unwrap() as u8;
        let text = e["text"].as_str().unwrap();
        let tables = Tables {
            locking: lang(&e["locking_shift"]),
            single: lang(&e["single_shift"]),
        };

        // Unpack by septet count, then pack back: the same octets.
        let mut sep = Vec::new();
        unpack(&packed, septets, fill, &mut sep).unwrap_or_else(|err| panic!("{id}: {err}"));
        assert_eq!(sep.len(), septets, "{id}");
        let mut repacked = Vec::new();
        pack(&sep, fill, &mut repacked);
        assert_eq!(repacked, packed, "{id}: pack(unpack(x)) = x");

        // Decode.
        let mut got = String::new();
        let quirks = decode_septets_with(&sep, tables, &DecodeOptions::lenient(), &mut got)
            .unwrap_or_else(|err| panic!("{id}: {err}"));
        if id.starts_with("ofono-charset-") && quirks.undefined_escapes == 1 {
            // The 128-septet oFono tables put septet 0x1B (escape) before 0x1C, a position
            // the extension table leaves empty. oFono shows a space for the escape and then
            // the 0x1C character; TS 23.038 §6.2.1.1 says "the MS shall display either the
            // character shown in the main GSM 7 bit default alphabet table … or the character
            // from the National Language Locking Shift table", i.e. the escape pair shows the
            // locking/default character alone (AOSP does the same). Our strict decoder
            // rejects it, the lenient one applies the spec and reports the position.
            assert_eq!(quirks.first_index, Some(27), "{id}");
            let mut want: Vec<char> = text.chars().collect();
            assert_eq!(want[27], ' ', "{id}");
            want.remove(27);
            assert_eq!(got, want.into_iter().collect::<String>(), "{id}");
            let mut strict = String::new();
            assert!(decode_septets(&sep, tables, &mut strict).is_err(), "{id}");
            continue;
        }
        assert!(quirks.is_empty(), "{id}: {quirks:?}");
        let mut decoded = sep.clone();
        if got != text {
            // §6.1.2.3.1 <CR> padding: the last septet is a pad, not text.
            assert!(
                strip_cr_pad(&mut decoded, fill),
                "{id}: {got:?} != {text:?}"
            );
            got.clear();
            decode_septets(&decoded, tables, &mut got).unwrap();
        }
        assert_eq!(got, text, "{id}");

        // Encode and pack the text: the vector's octets (with the <CR> pad where the vector
        // applies §6.1.2.3.1).
        let mut enc = Vec::new();
        encode_septets(text, tables, &mut enc).unwrap_or_else(|err| panic!("{id}: {err}"));
        if enc.len() + 1 == septets {
            assert!(cr_pad(&mut enc, fill), "{id}");
        }
        if enc != sep {
            // A character both in the locking table and (escaped) in the single shift table
            // has two codings; ours prefers the one-septet locking code. Both must decode to
            // the same text.
            assert!(enc.len() < sep.len(), "{id}: {enc:02X?} vs {sep:02X?}");
            let mut again = String::new();
            decode_septets(&enc, tables, &mut again).unwrap();
            assert_eq!(again, text, "{id}");
            continue;
        }
        let mut p = Vec::new();
        pack(&enc, fill, &mut p);
        assert_eq!(p, packed, "{id}");
    }
}

#[test]
fn accepts_every_segment_vector() {
    let all = vectors("segment");
    assert_eq!(all.len(), 30);
    for v in all {
        let id = v["id"].as_str().unwrap();
        let e = &v["expected"];
        let want_segments = e["segments"].as_u64().unwrap() as usize;
        let want_encoding = match e["encoding"].as_str().unwrap() {
            "UCS-2" => Encoding::Ucs2,
            _ => Encoding::Gsm7,
        };
        let mut opts = SplitOptions::default();
        if let Some(single) = lang(&e["national"]["single_shift"]) {
            // AOSP testFragmentTurkishText enables the Turkish single shift table only.
            opts.national = NationalPolicy::Custom {
                single: vec![single],
                locking: vec![],
            };
        }
        let Some(text) = v["text"].as_str() else {
            // oFono test_prepare_limits: 255 parts is the most; 255 × 153 septets (8-bit
            // reference) or 255 × 67 UCS-2 units fit exactly, one more does not.
            let (unit, per_part) = match want_encoding {
                Encoding::Gsm7 => ("a", 153),
                _ => ("\u{4f60}", 67),
            };
            let limit = unit.repeat(255 * per_part);
            let s = split(&limit, &opts).unwrap();
            assert_eq!(
                (s.encoding, s.parts.len()),
                (want_encoding, want_segments),
                "{id}"
            );
            assert_eq!(
                split(&unit.repeat(255 * per_part + 1), &opts),
                Err(SplitError::TooManyParts { needed: 256 }),
                "{id}"
            );
            // 16-bit reference: one unit less per part.
            opts.reference = ConcatRef::Sixteen(1);
            assert!(
                split(&unit.repeat(255 * (per_part - 1)), &opts).is_ok(),
                "{id}"
            );
            assert!(
                split(&unit.repeat(255 * (per_part - 1) + 1), &opts).is_err(),
                "{id}"
            );
            continue;
        };
        let s = split(text, &opts).unwrap_or_else(|err| panic!("{id}: {err}"));
        assert_eq!(s.encoding, want_encoding, "{id}");
        assert_eq!(s.parts.len(), want_segments, "{id}");
        if let Some(lengths) = e["part_lengths_chars"].as_array() {
            let got: Vec<usize> = s.parts.iter().map(|p| p.chars()).collect();
            let want: Vec<usize> = lengths
                .iter()
                .map(|x| x.as_u64().unwrap() as usize)
                .collect();
            assert_eq!(got, want, "{id}");
        }
        if let Some(first) = v["twilio_first_part_chars"].as_u64() {
            // message-segment-calculator counts a GSM-7 character once however many septets
            // it takes, but a UCS-2 "character" per UTF-16 code unit.
            let got = match s.encoding {
                Encoding::Ucs2 => s.parts[0].units,
                _ => s.parts[0].chars(),
            };
            assert_eq!(got, first as usize, "{id}");
        }
        if let Some(single) = lang(&e["national"]["single_shift"]) {
            assert_eq!(s.tables.single, Some(single), "{id}");
            assert!(
                s.parts[0]
                    .udh()
                    .windows(3)
                    .any(|w| w == [0x24, 0x01, single.id()]),
                "{id}: single shift IE in the UDH"
            );
        }
        let joined: String = s.parts.iter().map(|p| p.text).collect();
        assert_eq!(joined, text, "{id}");
    }
}
