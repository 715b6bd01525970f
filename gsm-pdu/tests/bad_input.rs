//! Hostile and quirky input: typed errors with field and offset, never a panic; lenient mode
//! reports what it forgave. Vectors derived from tests/data/tpdu-vectors.json (sources there)
//! by the edits each test names.

use gsm_pdu::{
    DecodeError, DecodeOptions, Direction, Ie, Quirk, Tpdu, UserDataHeader, decode,
    decode_with_smsc,
};
use proptest::prelude::*;

use test_support::hex;

const MT: Direction = Direction::MobileTerminated;
const MO: Direction = Direction::MobileOriginated;

fn all_vectors() -> Vec<(Vec<u8>, bool, Direction)> {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("data/tpdu-vectors.json")).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                hex(e["hex"].as_str().unwrap()),
                e["smsc_prefix"].as_bool().unwrap(),
                if e["direction"] == "mo" { MO } else { MT },
            )
        })
        .collect()
}

fn run(b: &[u8], smsc: bool, dir: Direction, opts: DecodeOptions) -> Result<Tpdu<'_>, DecodeError> {
    if smsc {
        decode_with_smsc(b, dir, opts).map(|d| d.tpdu)
    } else {
        decode(b, dir, opts).map(|d| d.tpdu)
    }
}

// Every strict prefix of every vector is refused with an offset inside the input.
#[test]
fn rejects_every_truncated_vector() {
    for (b, smsc, dir) in all_vectors() {
        for n in 0..b.len() {
            match run(&b[..n], smsc, dir, DecodeOptions::strict()) {
                Err(e) => assert!(e.offset() <= n, "{e} beyond {n}"),
                // A status report may end after TP-ST: its TP-PI is optional.
                Ok(Tpdu::StatusReport(_)) => {}
                Ok(t) => panic!("prefix {n} of {b:02X?} decoded as {}", t.type_name()),
            }
        }
    }
}

// AOSP testAddressing with TP-UDL 04 → 05: UD overruns the TPDU.
#[test]
fn rejects_udl_overrun_and_lenient_reports_it() {
    let b = hex("07914151551512F2040B916105551511F100006060605130308A05D4F29C0E");
    let e = decode_with_smsc(&b, MT, DecodeOptions::strict()).unwrap_err();
    assert_eq!(
        e,
        DecodeError::BadLength {
            field: "TP-UDL",
            offset: 26,
            length: 5,
            reason: "is more than the TPDU holds"
        }
    );
    let d = decode_with_smsc(&b, MT, DecodeOptions::lenient()).unwrap();
    assert_eq!(
        d.quirks,
        [Quirk::UdlOverrun {
            offset: 26,
            declared: 5,
            available: 4
        }]
    );
}

// python-gsmmodem UCS-2 SUBMIT (TP-UDL 06) with TP-UDL 07: the UCS-2 UDL counting one octet
// too many that some modems send. Lenient decodes the three characters and reports it.
#[test]
fn accepts_ucs2_udl_one_too_many_when_lenient() {
    let b = hex("07914346466554F601000B914316565811F9000807304253F68449");
    assert!(decode_with_smsc(&b, MO, DecodeOptions::strict()).is_err());
    let d = decode_with_smsc(&b, MO, DecodeOptions::lenient()).unwrap();
    let Tpdu::Submit(s) = &d.tpdu else { panic!() };
    assert_eq!(s.text().unwrap().as_deref(), Some("あ叶葉"));
    assert!(matches!(
        d.quirks[..],
        [Quirk::UdlOverrun {
            declared: 7,
            available: 6,
            ..
        }]
    ));
    // The quirk round-trips: TP-UDL is kept as received.
    let mut out = Vec::new();
    gsm_pdu::encode_with_smsc(d.smsc.as_ref(), &d.tpdu, &mut out).unwrap();
    assert_eq!(out, b);
}

// ModemManager multipart vector with UDHL 05 → 0A: larger than the UD left for it.
#[test]
fn rejects_udhl_larger_than_ud() {
    let b = hex("07912160130320F6440B916171056429F50000214052916515690B0A00034C0202E9E83010");
    let e = decode_with_smsc(&b, MT, DecodeOptions::strict()).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::BadLength {
                field: "TP-UDHL",
                ..
            }
        ),
        "{e}"
    );
    assert!(decode_with_smsc(&b, MT, DecodeOptions::lenient()).is_err());
}

// §9.1.2.5: 21 semi-octets is more than an address holds.
#[test]
fn rejects_illegal_address_length() {
    let b = hex("0415910000000000000000000000");
    let e = decode(&b, MT, DecodeOptions::strict()).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::BadLength {
                field: "TP-OA",
                offset: 1,
                length: 21,
                ..
            }
        ),
        "{e}"
    );
    let e = decode_with_smsc(&hex("0C91"), MT, DecodeOptions::strict()).unwrap_err();
    assert!(matches!(
        e,
        DecodeError::BadLength {
            field: "SMSC address",
            offset: 0,
            ..
        }
    ));
}

// TS 23.038 A.2.1 (Turkish single shift): 0x1B 0x73 = ş, 0x1B 0x67 = ğ, 0x1B 0x69 = ı.
// An SMS-DELIVER with UDH 03 24 01 01 (single shift, Turkish): the IE drives the decoding.
#[test]
fn accepts_national_single_shift_from_udh() {
    // UDHL 3 → 4 header octets = 5 septets (3 fill bits); then 6 septets 1B 73 1B 67 1B 69.
    let header = [0x03, 0x24, 0x01, 0x01];
    let ud = gsm_pdu::UserData::gsm7(&header, &[0x1B, 0x73, 0x1B, 0x67, 0x1B, 0x69]).unwrap();
    assert_eq!(ud.udl(), 11);
    assert_eq!(ud.fill_bits(), 3);
    let mut pdu = hex("440B916105551511F100006060605130308A");
    pdu.push(ud.udl());
    pdu.extend_from_slice(ud.raw());
    let d = decode(&pdu, MT, DecodeOptions::strict()).unwrap();
    let Tpdu::Deliver(m) = &d.tpdu else { panic!() };
    assert_eq!(m.text().unwrap().as_deref(), Some("şğı"));
    let h = m.ud.header().unwrap();
    assert_eq!(h.iter().next().unwrap().typed(), Ie::NationalSingleShift(1));
    // Without the IE the same septets are the default extension table's: not all defined.
    let plain = gsm_pdu::UserData::gsm7(&[], &[0x1B, 0x65]).unwrap();
    assert_eq!(plain.text(m.dcs).unwrap().as_deref(), Some("€"));
}

// §9.2.2.3 with TP-PI: oFono status report + PI 07, PID 00, DCS 08 (UCS2), UDL 4 "ok".
#[test]
fn roundtrip_status_report_with_user_data() {
    let b = hex("06040D91945152991136F00160124130340A0160124130940A0007000804006F006B");
    let d = decode(&b, MT, DecodeOptions::strict()).unwrap();
    let Tpdu::StatusReport(r) = &d.tpdu else {
        panic!()
    };
    let p = r.params.as_ref().unwrap();
    assert_eq!(p.text().unwrap().as_deref(), Some("ok"));
    assert_eq!(d.tpdu.to_vec().unwrap(), b);
}

#[test]
fn rejects_udh_parse_of_garbage() {
    assert!(UserDataHeader::parse(&[0x02, 0x00]).is_err());
    assert!(UserDataHeader::parse(&[0x02, 0x00, 0x05]).is_err());
    assert!(UserDataHeader::parse(&[0x00]).unwrap().is_empty());
}

proptest! {
    // No input panics, in either direction, strict or lenient, with or without prefix; what
    // decodes re-encodes to something that decodes to the same value.
    #[test]
    fn roundtrip_arbitrary_bytes(b in proptest::collection::vec(any::<u8>(), 0..200),
                                 smsc in any::<bool>(), mo in any::<bool>(),
                                 lenient in any::<bool>()) {
        let dir = if mo { MO } else { MT };
        let opts = if lenient { DecodeOptions::lenient() } else { DecodeOptions::strict() };
        if let Ok(t) = run(&b, smsc, dir, opts) {
            let _ = t.type_name();
            if let Tpdu::Deliver(m) = &t { let _ = m.text(); }
            let enc = t.to_vec().unwrap();
            let again = run(&enc, false, dir, DecodeOptions::lenient()).unwrap();
            prop_assert_eq!(again, t);
        }
    }

    // Mutating one octet of a real vector never panics, and strict errors point inside.
    #[test]
    fn rejects_or_accepts_mutated_vectors(i in 0usize..65, pos in any::<prop::sample::Index>(),
                                         val in any::<u8>()) {
        let vs = all_vectors();
        let (mut b, smsc, dir) = vs[i].clone();
        let p = pos.index(b.len());
        b[p] = val;
        match run(&b, smsc, dir, DecodeOptions::strict()) {
            Err(e) => prop_assert!(e.offset() <= b.len()),
            Ok(t) => { let _ = t.to_vec().unwrap(); }
        }
        let _ = run(&b, smsc, dir, DecodeOptions::lenient());
    }

    // submit_text ∘ decode = id on the text, for any text the default policy accepts.
    #[test]
    fn roundtrip_submit_text(text in "\\PC{0,400}", mr in any::<u8>()) {
        let da = gsm_pdu::Address::parse_number("+15125551234").unwrap();
        let opts = gsm_pdu::SubmitOptions { mr, ..Default::default() };
        let Ok(parts) = gsm_pdu::submit_text(&da, &text, &opts) else { return Ok(()) };
        let mut joined = String::new();
        for (i, p) in parts.iter().enumerate() {
            let bytes = Tpdu::Submit(p.clone()).to_vec().unwrap();
            prop_assert!(bytes.len() <= 164);
            let d = decode(&bytes, MO, DecodeOptions::strict()).unwrap();
            let Tpdu::Submit(s) = d.tpdu else { panic!() };
            prop_assert_eq!(s.mr, mr.wrapping_add(i as u8));
            joined.push_str(&s.text().unwrap().unwrap());
        }
        prop_assert_eq!(joined, text);
    }
}
